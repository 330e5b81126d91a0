"""The `school-log` entry point: the app with no command, the demo, else the CLI.

It lives in `tui` because it is the one place that may start the screen; every
command is handed to `school_log.cli` below it.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

from school_log import cli


def main(argv: Sequence[str] | None = None) -> int:
    def run() -> int:
        args = cli.parse(argv)
        if args.run is not None:
            return args.run(args)
        from tui.app import run_app

        if args.command == "demo":
            from school_log.demo import prepare_demo

            return run_app(prepare_demo(args.db), None, hint=demo_hint())
        return run_app(args.db, args.user or os.environ.get("SCHOOL_LOG_USER"))

    return cli.guarded(run)


def demo_hint() -> str:
    """The demo's logins for the unlock screen: what `prepare_demo` printed is hidden once the app starts."""
    from school_log.demo import demo_logins

    return "Demo: " + ", ".join(f"{role} {username} / '{passphrase}'" for role, username, passphrase in demo_logins())


if __name__ == "__main__":
    sys.exit(main())
