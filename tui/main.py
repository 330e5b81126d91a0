# PYTHON_ARGCOMPLETE_OK  (shell completion: see the README, "Using it")
"""The `school-log` entry point: the app with no command, the demo, else the CLI.

It lives in `tui` because it is the one place that may start the screen; every
command is handed to `school_log.cli` below it.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    given = sys.argv[1:] if argv is None else list(argv)
    if given == ["--version"]:  # answered before the program loads (a tenth of a second, not a second)
        from school_log.version import program_version

        print(f"school-log {program_version()}")
        return 0
    from school_log import oplog  # these three load no database, no models: `--help` answers from them
    from school_log.cli import guard, spec

    oplog.configure()

    def run() -> int:
        if "_ARGCOMPLETE" in os.environ:  # the shell asks for completions: answer and exit
            import argcomplete

            argcomplete.autocomplete(spec.build_parser())
        args = spec.parse(argv)
        oplog.started(args.command or "app", verbose=args.verbose)
        if args.run is not None:
            return args.run(args)
        if args.command == "serve":
            return serve_app(args)
        from tui.app import run_app

        if args.command == "demo":
            from school_log.demo import is_built, prepare_demo

            reused = is_built(args.db)
            url = prepare_demo(args.db)
            return run_app(url, None, hint=demo_hint(url, reused))
        from school_log.cli.main import acting_user

        return run_app(args.db, acting_user(args))

    return guard.guarded(run)


def serve_app(args: argparse.Namespace) -> int:
    """`school-log serve`: the listening address from the command line, else the config file."""
    from school_log.config import load_config
    from tui.serve import Listen, serve

    conf = load_config().serve
    listen = Listen(
        host=args.host or conf.host,
        port=args.port or conf.port,
        certificate=conf.certificate,
        key=conf.key,
        public_url=conf.public_url,
    )
    return serve(args.db, listen)


def demo_hint(url: str, reused: bool = False) -> str:
    """The demo's logins for the unlock screen (what `prepare_demo` printed is hidden once the app
    starts), where the demo school is, and whether it was built earlier, with what was recorded in it since."""
    from school_log.authority import open_vault
    from school_log.demo import demo_logins

    logins = "\n".join(f"  {role}: {username} / {passphrase}" for role, username, passphrase in demo_logins())
    where = open_vault(url).location
    state = f"reused from {where} as it was left" if reused else f"new, in {where}"
    return f"Demo school ({state}). Logins:\n{logins}"


if __name__ == "__main__":
    sys.exit(main())
