"""The command line's grammar: every command, option and help text, and the function that runs each.

It imports nothing heavy (argparse and the error types), so `school-log --help` and `school-log COMMAND --help`
answer without loading SQLAlchemy, pydantic or the app: each command names its handler in `COMMANDS` as
'module:function', imported only when that command runs. import-linter holds this module to that.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable, Sequence
from typing import Any

from school_log.errors import InputError

MAIN, OUTWARD = "school_log.cli.main", "school_log.cli.outward"
COMMANDS = {
    "init": f"{MAIN}:cmd_init",
    "staff": f"{MAIN}:cmd_staff",
    "passphrase": f"{MAIN}:cmd_passphrase",
    "account": f"{MAIN}:cmd_account",
    "verify": f"{MAIN}:cmd_verify",
    "checkpoint": f"{MAIN}:cmd_checkpoint",
    "upgrade": f"{MAIN}:cmd_upgrade",
    "roster": f"{MAIN}:cmd_roster",
    "body-regions": f"{MAIN}:cmd_body_regions",
    "record": f"{MAIN}:cmd_write",
    "notify": f"{MAIN}:cmd_write",
    "health": f"{MAIN}:cmd_write",
    "addendum": f"{MAIN}:cmd_write",
    "decide": f"{MAIN}:cmd_write",
    "referral-outcome": f"{MAIN}:cmd_write",
    "schema": f"{MAIN}:cmd_schema",
    "clock": f"{MAIN}:cmd_clock",
    "entries": f"{MAIN}:cmd_entries",
    "chronology": f"{MAIN}:cmd_chronology",
    "review": f"{MAIN}:cmd_review",
    "search": f"{MAIN}:cmd_search",
    "export": f"{OUTWARD}:cmd_export",
    "school-key": f"{OUTWARD}:cmd_school_key",
    "transfer": f"{OUTWARD}:cmd_transfer",
    "retention": f"{OUTWARD}:cmd_retention",
}
"""Every command and the function that runs it ('module:function'): the one table the parser and the
handler modules share, so neither imports the other. `demo`, `serve` and no command are the app's (tui.main)."""

SCHEMA_KINDS = (
    "addendum",
    "body-mark",
    "concern",
    "decision",
    "health-condition",
    "notification",
    "referral-outcome",
    "task",
    "task-done",
)
"""What `school-log schema` takes: the names of `school_log.forms.inputs.SCHEMAS` (a test holds them equal), written
out so that `--help` need not load pydantic."""


class Handler:
    """A command's function, named 'module:function' and imported only when the command runs."""

    def __init__(self, target: str) -> None:
        self.target = target

    def __call__(self, args: argparse.Namespace) -> int:
        module, _, name = self.target.partition(":")
        run: Callable[[argparse.Namespace], int] = getattr(importlib.import_module(module), name)
        return run(args)


class Version(argparse.Action):
    """`--version` among other options (alone, tui.main answers it sooner): the installed version, read
    only when asked, as reading it costs more than building the whole parser."""

    def __init__(self, option_strings: Sequence[str], dest: str = argparse.SUPPRESS, **_: Any) -> None:
        super().__init__(
            option_strings, dest, default=argparse.SUPPRESS, nargs=0, help="show program's version number and exit"
        )

    def __call__(self, parser: argparse.ArgumentParser, *_: Any) -> None:
        from school_log.version import program_version

        print(f"school-log {program_version()}", file=sys.stdout)
        parser.exit()


FORCE = "--force"
"""The option that lets a command replace an existing output file (named when one is refused)."""


def add_force(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(FORCE, action="store_true", help="replace an existing file (a symbolic link: never)")


class Parser(argparse.ArgumentParser):
    """argparse, but a usage error is our one clear line and exit 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise InputError(f"{message} (see 'school-log --help')")


SCHEMA_OF = {
    "record": "concern",
    "notify": "notification",
    "health": "health-condition",
    "addendum": "addendum",
    "decide": "decision",
    "referral-outcome": "referral-outcome",
}
"""Each writing command and the `schema` of the JSON it takes."""


def _options(top: bool) -> tuple[Parser, Parser]:
    """--db/--user (base) and --json (common). Below the top level their defaults are
    SUPPRESS, so `school-log --db X verify` keeps X (a subparser default would overwrite it)."""

    def default(value: Any) -> Any:
        return value if top else argparse.SUPPRESS

    base = Parser(add_help=False)
    base.add_argument(
        "--db", default=default(None), help="SQLAlchemy URL of the store (default: $SCHOOL_LOG_DB or the user data dir)"
    )
    base.add_argument("--user", default=default(None), help="the account acting (default: $SCHOOL_LOG_USER)")
    base.add_argument(
        "--verbose", action="store_true", default=default(False), help="also print the operational log to stderr"
    )
    common = Parser(add_help=False, parents=[base])
    common.add_argument("--json", dest="as_json", action="store_true", default=default(False), help="JSON on stdout")
    return base, common


def build_parser() -> argparse.ArgumentParser:
    _, top = _options(top=True)
    base, common = _options(top=False)
    parser = Parser(prog="school-log", parents=[top], description="An encrypted safeguarding log for schools.")
    parser.add_argument("--version", action=Version)
    parser.set_defaults(run=None)  # no command: the app (started by tui.main, the layer above)
    sub = parser.add_subparsers(dest="command", parser_class=Parser)

    def command(name: str, help_: str, json_output: bool = True) -> argparse.ArgumentParser:
        p = sub.add_parser(name, parents=[common if json_output else base], help=help_)
        p.set_defaults(run=Handler(COMMANDS[name]))
        return p

    init = command("init", "create a vault and its first DSL")
    init.add_argument("--school", required=True, help="the school's name, as every document shows it")
    init.add_argument("--dsl", required=True, help="username of the first DSL")
    init.add_argument("--name", help="the first DSL's full name")
    init.add_argument("--urn", help="the school's six-digit URN, for referral packs (written to the config file)")
    init.add_argument(
        "--timezone", help="the school's time zone, e.g. Europe/London (written to the config file if it differs)"
    )
    init.add_argument(
        "--simulated-clock",
        action="store_true",
        help="a demo, training or replay vault that follows SCHOOL_LOG_NOW (noted in the vault for ever)",
    )

    staff = command("staff", "manage staff accounts (DSL)")
    staff_sub = staff.add_subparsers(dest="staff_command", required=True, parser_class=Parser)
    add = staff_sub.add_parser("add", parents=[common])
    add.add_argument("username")
    add.add_argument("--role", choices=("staff", "dsl"), default="staff", help="dsl: the safeguarding team")
    add.add_argument("--name", help="their full name as entries show it (default: the username)")
    staff_sub.add_parser("list", parents=[common])
    staff_sub.add_parser("reset", parents=[common]).add_argument("username")
    staff_sub.add_parser("deactivate", parents=[common]).add_argument("username")

    command("passphrase", "change your own passphrase")
    account = command("account", "confirm or dispute that you used your account's one-time code")
    account.add_argument("verdict", choices=("confirm", "dispute"))
    account.add_argument(
        "--earlier", action="store_true", help="dispute: the code confirmed before the open ones too (shown at unlock)"
    )
    verify_ = command("verify", "check every record's signature and the chain")
    verify_.add_argument(
        "--checkpoint", action="append", metavar="FILE", help="also check against a signed checkpoint (repeatable)"
    )
    verify_.add_argument(
        "--full", action="store_true", help="check every record, not only those after the last verify found intact"
    )
    checkpoint_ = command("checkpoint", "print a signed checkpoint of the chain head")
    checkpoint_.add_argument("action", choices=("export",))
    checkpoint_.add_argument("-o", "--output", metavar="FILE", help="also write it to FILE (a new file, 0600)")
    add_force(checkpoint_)
    command("upgrade", "bring the store's schema up to this version of school-log")

    roster = command("roster", "the pupil roster")
    roster_sub = roster.add_subparsers(dest="roster_command", required=True, parser_class=Parser)
    roster_sub.add_parser("import", parents=[common]).add_argument("file")
    roster_sub.add_parser("list", parents=[common]).add_argument(
        "--left", action="store_true", help="the pupils who have left instead, most recently left first"
    )
    leave = roster_sub.add_parser("leave", parents=[common], help="record that a pupil has left the school (DSL)")
    leave.add_argument("pupil", metavar="UPN", help="the pupil's UPN (or id)")
    leave.add_argument("--date", metavar="YYYY-MM-DD", help="the day they left (default: today)")

    command("body-regions", "the body-map vocabulary")
    for name, method, target, help_ in (
        ("record", "record_concern", None, "record a concern (JSON)"),
        ("notify", "notify", None, "record an agency notification (DSL, JSON)"),
        ("health", "record_condition", None, "record a known health condition or birthmark on a pupil (DSL, JSON)"),
        ("addendum", "addendum", "ENTRY_ID", "add a correction or follow-up to an entry (JSON)"),
        ("decide", "decide", "PUPIL", "record a referral decision (DSL, JSON)"),
        ("referral-outcome", "referral_outcome", None, "record what the agency decided (DSL, JSON)"),
    ):
        p = command(name, help_ + f"; its fields: 'school-log schema {SCHEMA_OF[name]}'", False)
        p.set_defaults(write=method)
        if target:
            p.add_argument("target", metavar=target)
        given = p.add_mutually_exclusive_group(required=True)
        given.add_argument("--input", dest="json_input", metavar="FILE", help="the JSON object, or - for stdin")
        given.add_argument("--json", dest="old_json_input", metavar="FILE", help=argparse.SUPPRESS)  # the old name
    schema = command("schema", "the JSON Schema of what record, decide, notify ... take", False)
    schema.add_argument("kind", choices=SCHEMA_KINDS, help="which input")

    clock = command("clock", "confirm today's date after a fast clock or a long silence (DSL)")
    clock.add_argument("--confirm", required=True, metavar="YYYY-MM-DD", help="today's date, as you know it")
    command("entries", "your own entries")
    chronology = command("chronology", "a pupil's chronology (DSL; audited)")
    chronology.add_argument("pupil")
    chronology.add_argument("--household", action="store_true", help="interleave siblings' entries")
    command("review", "who needs a DSL decision now, and why (DSL; audited)")
    command("search", "every entry containing all these words (DSL; audited)").add_argument("words", nargs="+")
    _outward(command, common)
    sub.add_parser("demo", parents=[base], help="open the app on a ready demo school").set_defaults(run=None)
    serve = sub.add_parser("serve", parents=[base], help="serve the app to browsers (textual-serve; see README)")
    serve.add_argument("--host", help="address to listen on (default: [serve] host, else 127.0.0.1)")
    serve.add_argument("--port", type=int, help="port to listen on (default: [serve] port, else 8000)")
    serve.set_defaults(run=None)
    return parser


def _outward(command: Callable[..., argparse.ArgumentParser], common: Parser) -> None:
    """export, school-key, transfer and retention: what the DSL sends out of the log, and keeps."""
    exp = command("export", "a referral pack or chronology as a file (DSL; audited)")
    exp.add_argument("document", choices=("referral", "chronology"))
    exp.add_argument("pupil", metavar="UPN")
    exp.add_argument(
        "--from", dest="since", metavar="DATE", help="only entries from this date (a referral: 1 September by default)"
    )
    exp.add_argument(
        "--whole-file", action="store_true", help="a referral pack with every entry, not only this school year's"
    )
    exp.add_argument("--format", choices=("pdf", "csv"), help="default: from the file name (.csv, else PDF)")
    exp.add_argument("-o", "--output", required=True, metavar="FILE", help="a new file (0600)")
    add_force(exp)
    exp.add_argument(
        "--encrypt",
        action="store_true",
        help="protect the PDF with a password (AES-256), asked twice or from SCHOOL_LOG_EXPORT_PASSWORD",
    )
    key = command("school-key", "this school's public identity key and fingerprint (DSL)")
    key.add_argument("-o", "--output", metavar="FILE", help="also write the key file to send to another school")

    moves = command("transfer", "move a child-protection file to another school (DSL; audited)")
    moves_sub = moves.add_subparsers(dest="transfer_command", required=True, parser_class=Parser)
    out = moves_sub.add_parser("export", parents=[common], help="seal a pupil's file to another school's key")
    out.add_argument("pupil", metavar="UPN")
    out.add_argument(
        "--to", required=True, metavar="SCHOOL_KEY_FILE", help="the receiving school's key file (their school-key -o)"
    )
    out.add_argument("-o", "--output", required=True, metavar="BUNDLE", help="the sealed bundle to write (a new file)")
    incoming = moves_sub.add_parser("import", parents=[common], help="import a bundle and write its receipt")
    incoming.add_argument("bundle")
    incoming.add_argument("--receipt", metavar="FILE", help="where the signed receipt goes (default: BUNDLE.receipt)")
    incoming.add_argument(
        "--from",
        dest="sender",
        metavar="SCHOOL_KEY_FILE",
        help="the sender's key file: refuse a bundle signed by any other",
    )
    incoming.add_argument(
        "--trust",
        metavar="FINGERPRINT",
        help="vouch for the sender's key by its fingerprint, checked with their DSL on the phone "
        "(needed, or --from, the first time a school sends, and when its key changed; at a terminal you are asked)",
    )
    moves_sub.add_parser("receipt", parents=[common], help="confirm a transfer with its receipt").add_argument("file")
    moves_sub.add_parser("list", parents=[common], help="transfers sent, confirmed or awaiting a receipt")
    back = moves_sub.add_parser(
        "withdraw", parents=[common], help="withdraw a transfer no receipt came back for, with the reason"
    )
    back.add_argument("pupil", metavar="UPN", help="the pupil's UPN, or the bundle id ('transfer list --json')")
    back.add_argument("--reason", required=True, help="why (kept in the log)")

    keep = command("retention", "files due for review at date of birth + 25 years or more (DSL)")
    keep.add_argument("--within", type=int, default=0, metavar="DAYS", help="also files due in the next DAYS days")
    keep_sub = keep.add_subparsers(dest="retention_command", parser_class=Parser)
    for name, help_ in (
        ("hold", "put a file on legal hold"),
        ("release", "lift a legal hold"),
        ("destroy", "propose destroying a reviewed file, or confirm another DSL's proposal (not while on hold)"),
    ):
        p = keep_sub.add_parser(name, parents=[common], help=help_)
        p.add_argument("pupil", metavar="UPN")
        p.add_argument("--reason", required=True, help="why (kept in the log)")
    show = keep_sub.add_parser(
        "show", parents=[common], help="what is left of a destroyed file: when, which two DSLs, why (no content)"
    )
    show.add_argument("pupil", metavar="UPN")
    period = keep_sub.add_parser("period", parents=[common], help="the school's retention period, or set it")
    period.add_argument("--years", type=int, help="date of birth + this many years (25 at least)")
    period.add_argument("--reason", help="why (required with --years)")
    keep_sub.add_parser(
        "purge", parents=[common], help="wipe destroyed files from the store's files now (after 'destroy' says to)"
    )


def parse(argv: Sequence[str] | None) -> argparse.Namespace:
    """The parsed command line; `run` is None for the app and the demo (see tui.main)."""
    return build_parser().parse_args(argv)
