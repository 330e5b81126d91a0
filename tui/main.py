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

            return run_app(prepare_demo(args.db), None)
        return run_app(args.db, args.user or os.environ.get("SCHOOL_LOG_USER"))

    return cli.guarded(run)


if __name__ == "__main__":
    sys.exit(main())
