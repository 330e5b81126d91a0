"""`school-log`: the scriptable command line (JSON in and out) and the way into the app.

Exit codes: 0 ok, 1 integrity failure, 2 bad usage or input, 3 authentication
or permission refused. Errors are one line on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from school_log import output
from school_log.body_regions import REGIONS
from school_log.errors import InputError, SchoolLogError
from school_log.passphrases import current_passphrase, new_passphrase
from school_log.school import School
from storage.accounts import create_vault
from storage.engine import one_shot
from storage.vault import Vault
from storage.verify import verify

EXIT_UNEXPECTED = 70


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is our one clear line and exit 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise InputError(f"{message} (see 'school-log --help')")


def _read_json(source: str) -> Any:
    """The JSON object of a write command, from a file or '-' for standard input."""
    try:
        text = sys.stdin.read() if source == "-" else Path(source).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"{source}: cannot read ({error.__class__.__name__})") from None
    try:
        return json.loads(text)
    except ValueError as error:
        raise InputError(f"{source}: not valid JSON (line {getattr(error, 'lineno', '?')})") from None


def _user(args: argparse.Namespace) -> str:
    user = args.user or os.environ.get("SCHOOL_LOG_USER")
    if not user:
        raise InputError("who is acting? give --user USER or set SCHOOL_LOG_USER")
    return user


def _school(args: argparse.Namespace) -> School:
    vault = Vault(args.db)
    vault.require()  # a missing vault is reported before asking for a passphrase
    user = _user(args)
    return School(vault.unlock(user, current_passphrase(user)))


def _emit(args: argparse.Namespace, data: Any, text: str | None = None) -> None:
    if getattr(args, "as_json", True) or text is None:
        print(json.dumps(data, indent=2, ensure_ascii=False, default=str))
    else:
        print(text)


# --- commands ---------------------------------------------------------------


def cmd_init(args: argparse.Namespace) -> int:
    vault = Vault(args.db)
    if vault.exists():
        raise InputError(f"a vault already exists at {vault.safe_url}; refusing to overwrite it")
    create_vault(args.db, args.school, args.dsl, args.name or args.dsl, new_passphrase(args.dsl))
    _emit(
        args,
        {"created": Vault(args.db).safe_url, "dsl": args.dsl},
        f"Created the vault for {args.school}; {args.dsl} is its first DSL.",
    )
    return 0


def cmd_staff(args: argparse.Namespace) -> int:
    school = _school(args)
    if args.staff_command == "list":
        rows = [output.account(a) for a in school.staff()]
        _emit(
            args,
            rows,
            "\n".join(
                f"{r['username']:<20} {r['role']:<6} {'active' if r['active'] else 'deactivated':<12} {r['name']}"
                for r in rows
            ),
        )
    elif args.staff_command == "add":
        school.add_staff(args.username, args.name or args.username, args.role, new_passphrase(args.username))
        _emit(args, {"added": args.username, "role": args.role}, f"Added {args.username} ({args.role}).")
    elif args.staff_command == "reset":
        school.reset_staff(args.username, new_passphrase(args.username))
        _emit(args, {"reset": args.username}, f"{args.username} has new keys and the new passphrase.")
    else:
        school.deactivate_staff(args.username)
        _emit(args, {"deactivated": args.username}, f"{args.username} can no longer unlock.")
    return 0


def cmd_passphrase(args: argparse.Namespace) -> int:
    vault, user = Vault(args.db), _user(args)
    vault.require()  # a missing vault is reported before asking for a passphrase
    old = current_passphrase(user)  # asked once: it unlocks and proves who is changing it
    school = School(vault.unlock(user, old))
    school.change_passphrase(old, new_passphrase(user))
    _emit(args, {"changed": school.me.username}, "Passphrase changed.")
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    vault = Vault(args.db)
    user = args.user or os.environ.get("SCHOOL_LOG_USER")
    report = School(vault.unlock(user, current_passphrase(user))).verify() if user else verify(vault)
    data = {
        "ok": report.ok,
        "records": report.records,
        "seals_opened": report.opened,
        "fault": str(report.fault) if report.fault else None,
    }
    text = (
        f"OK: {report.records} records, chain and signatures intact ({report.opened} seals opened)."
        if report.ok
        else f"FAULT: {report.fault}"
    )
    _emit(args, data, text)
    if not report.ok:
        print(f"school-log: verify failed: {report.fault}", file=sys.stderr)
    return 0 if report.ok else 1


def cmd_upgrade(args: argparse.Namespace) -> int:
    vault = Vault(args.db)
    before, after = vault.upgrade()
    _emit(
        args,
        {"upgraded": vault.safe_url, "from": before, "to": after},
        f"The store is at schema {after}" + (f" (was {before})." if before != after else " already."),
    )
    return 0


def cmd_roster(args: argparse.Namespace) -> int:
    school = _school(args)
    if args.roster_command == "import":
        result = school.import_roster(Path(args.file))
        _emit(
            args,
            result.__dict__,
            f"Roster imported: {result.added} added, {result.updated} updated, {result.unchanged} unchanged.",
        )
    else:
        rows = [output.pupil(p, full=True) for p in school.pupils()]
        _emit(args, rows, "\n".join(f"{r['upn']}  Y{r['year_group']:<3} {r['name']}" for r in rows))
    return 0


def cmd_body_regions(args: argparse.Namespace) -> int:
    rows = [{"id": r.id, "view": r.view, "side": r.side, "label": r.label} for r in REGIONS]
    _emit(args, rows, "\n".join(f"{r['id']:<28} {r['view']:<6} {r['label']}" for r in rows))
    return 0


def _writer(method: str) -> Callable[[argparse.Namespace], int]:
    def run(args: argparse.Namespace) -> int:
        school = _school(args)
        data = _read_json(args.json_input)
        call = getattr(school, method)
        entry = call(args.target, data) if hasattr(args, "target") else call(data)
        _emit(args, {"id": entry.id})
        return 0

    return run


def cmd_entries(args: argparse.Namespace) -> int:
    school = _school(args)
    rows = [output.entry(e, school) for e in school.my_entries()]
    _emit(args, rows, "\n".join(output.entry_line(r) for r in rows) or "You have no entries yet.")
    return 0


def cmd_chronology(args: argparse.Namespace) -> int:
    school = _school(args)
    chronology = school.chronology(args.pupil, household=args.household)
    data = output.chronology(chronology, school)
    _emit(args, data, "\n".join(output.entry_line(r) for r in data["entries"]) or "No entries.")
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    school = _school(args)
    rows = [output.entry(e, school) for e in school.search(" ".join(args.words))]
    _emit(args, rows, "\n".join(output.entry_line(r) for r in rows) or "No entry matches.")
    return 0


def cmd_review(args: argparse.Namespace) -> int:
    school = _school(args)
    rows = [output.review_item(item) for item in school.review()]
    _emit(args, rows, "\n".join(output.review_line(r) for r in rows) or "Nobody needs a decision now.")
    return 0


# --- the parser ------------------------------------------------------------


def _options(top: bool) -> tuple[argparse.ArgumentParser, argparse.ArgumentParser]:
    """--db/--user (base) and --json (common). Below the top level their defaults are
    SUPPRESS, so `school-log --db X verify` keeps X (a subparser default would overwrite it)."""

    def default(value: Any) -> Any:
        return value if top else argparse.SUPPRESS

    base = argparse.ArgumentParser(add_help=False)
    base.add_argument(
        "--db", default=default(None), help="SQLAlchemy URL of the store (default: $SCHOOL_LOG_DB or the user data dir)"
    )
    base.add_argument("--user", default=default(None), help="the account acting (default: $SCHOOL_LOG_USER)")
    common = argparse.ArgumentParser(add_help=False, parents=[base])
    common.add_argument("--json", dest="as_json", action="store_true", default=default(False), help="JSON on stdout")
    return base, common


def build_parser() -> argparse.ArgumentParser:
    _, top = _options(top=True)
    base, common = _options(top=False)
    parser = _Parser(prog="school-log", parents=[top], description="An encrypted safeguarding log for schools.")
    parser.set_defaults(run=None)  # no command: the app (started by tui.main, the layer above)
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)

    def command(
        name: str, run: Callable[[argparse.Namespace], int], help_: str, json_output: bool = True
    ) -> argparse.ArgumentParser:
        p = sub.add_parser(name, parents=[common if json_output else base], help=help_)
        p.set_defaults(run=run)
        return p

    init = command("init", cmd_init, "create a vault and its first DSL")
    init.add_argument("--school", required=True)
    init.add_argument("--dsl", required=True, help="username of the first DSL")
    init.add_argument("--name", help="the first DSL's full name")

    staff = command("staff", cmd_staff, "manage staff accounts (DSL)")
    staff_sub = staff.add_subparsers(dest="staff_command", required=True, parser_class=_Parser)
    add = staff_sub.add_parser("add", parents=[common])
    add.add_argument("username")
    add.add_argument("--role", choices=("staff", "dsl"), default="staff")
    add.add_argument("--name")
    staff_sub.add_parser("list", parents=[common])
    staff_sub.add_parser("reset", parents=[common]).add_argument("username")
    staff_sub.add_parser("deactivate", parents=[common]).add_argument("username")

    command("passphrase", cmd_passphrase, "change your own passphrase")
    command("verify", cmd_verify, "check every record's signature and the chain")
    command("upgrade", cmd_upgrade, "bring the store's schema up to this version of school-log")

    roster = command("roster", cmd_roster, "the pupil roster")
    roster_sub = roster.add_subparsers(dest="roster_command", required=True, parser_class=_Parser)
    roster_sub.add_parser("import", parents=[common]).add_argument("file")
    roster_sub.add_parser("list", parents=[common])

    command("body-regions", cmd_body_regions, "the body-map vocabulary")
    for name, method, target, help_ in (
        ("record", "record_concern", None, "record a concern (JSON)"),
        ("notify", "notify", None, "record an agency notification (DSL, JSON)"),
        ("addendum", "addendum", "ENTRY_ID", "add a correction or follow-up to an entry (JSON)"),
        ("decide", "decide", "PUPIL", "record a referral decision (DSL, JSON)"),
        ("referral-outcome", "referral_outcome", None, "record what the agency decided (DSL, JSON)"),
    ):
        p = command(name, _writer(method), help_, json_output=False)
        if target:
            p.add_argument("target", metavar=target)
        p.add_argument(
            "--json", dest="json_input", required=True, metavar="FILE", help="the JSON object, or - for stdin"
        )

    command("entries", cmd_entries, "your own entries")
    chronology = command("chronology", cmd_chronology, "a pupil's chronology (DSL; audited)")
    chronology.add_argument("pupil")
    chronology.add_argument("--household", action="store_true", help="interleave siblings' entries")
    command("review", cmd_review, "who needs a DSL decision now, and why (DSL; audited)")
    command("search", cmd_search, "every entry containing all these words (DSL; audited)").add_argument(
        "words", nargs="+"
    )
    sub.add_parser("demo", parents=[base], help="open the app on a ready demo school").set_defaults(run=None)
    return parser


def parse(argv: Sequence[str] | None) -> argparse.Namespace:
    """The parsed command line; `run` is None for the app and the demo (see tui.main)."""
    return build_parser().parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    """Run one CLI command (the entry point `tui.main` hands every command to)."""

    def run() -> int:
        args = parse(argv)
        with one_shot():  # one command, then exit: keep no idle connection to a server
            return args.run(args)

    return guarded(run)


def guarded(action: Callable[[], int]) -> int:
    """Run `action`, turning every failure into one line on stderr and its exit code."""
    try:
        return action()
    except SchoolLogError as error:
        print(f"school-log: {error}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        print("school-log: interrupted; nothing more was written", file=sys.stderr)
        return 130
    except Exception as error:  # the last line of defence: no traceback, no plaintext
        print(
            f"school-log: unexpected error ({error.__class__.__name__}); every write is all-or-nothing", file=sys.stderr
        )
        return EXIT_UNEXPECTED
