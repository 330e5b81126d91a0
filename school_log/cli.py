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

from school_log import output, retention, transfer
from school_log.body_regions import REGIONS
from school_log.clock import parse_instant
from school_log.errors import InputError, SchoolLogError
from school_log.passphrases import current_passphrase, new_passphrase
from school_log.school import School
from storage.accounts import create_vault
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


def cmd_export(args: argparse.Namespace) -> int:
    from school_log.exports import export  # fpdf2 loads only when a document is made

    since = parse_instant(args.since, "--from").date() if args.since else None
    path = Path(args.output)
    fmt = args.format or ("csv" if path.suffix.lower() == ".csv" else "pdf")
    done = export(_school(args), args.document, args.pupil, path, fmt, since)
    _emit(
        args,
        {"written": str(done.path), "document": done.document, "format": done.format, "entries": done.entries},
        f"Wrote the {done.document} ({done.format}, {done.entries} entries) to {done.path}; the export is logged.",
    )
    return 0


def cmd_school_key(args: argparse.Namespace) -> int:
    key = transfer.public_key(_school(args))
    if args.output:
        transfer.write_new(Path(args.output), (json.dumps(key.to_data(), indent=2) + "\n").encode())
    _emit(args, key.to_data(), f"{key.school}\nfingerprint {key.fingerprint}")
    return 0


def _transfer_row(t: transfer.Transfer) -> dict[str, Any]:
    state = f"confirmed {t.confirmed_at[:10]}" if t.confirmed_at else "OVERDUE" if t.overdue else "awaiting receipt"
    return {
        "bundle": t.bundle,
        "upn": t.upn,
        "to_school": t.to_school,
        "to_fingerprint": t.to_fingerprint,
        "sent_at": t.sent_at,
        "entries": t.entries,
        "due": t.due.isoformat(),
        "confirmed_at": t.confirmed_at,
        "state": state,
    }


def cmd_transfer(args: argparse.Namespace) -> int:
    school = _school(args)
    if args.transfer_command == "export":
        row = _transfer_row(transfer.send(school, args.pupil, Path(args.to), Path(args.output)))
        _emit(args, row, f"Sealed {row['entries']} entries for {row['to_school']} to {args.output}; due {row['due']}.")
    elif args.transfer_command == "import":
        receipt = Path(args.receipt or f"{args.bundle}.receipt")
        got = transfer.receive(school, Path(args.bundle), receipt)
        _emit(
            args,
            {
                "bundle": got.bundle,
                "upn": got.pupil.upn,
                "entries": got.entries,
                "from_school": got.from_school,
                "from_fingerprint": got.from_fingerprint,
                "receipt": str(got.receipt),
            },
            f"Imported {got.entries} entries about {got.pupil.name} from {got.from_school} "
            f"(key {got.from_fingerprint}); send {got.receipt} back to them.",
        )
    elif args.transfer_command == "receipt":
        row = _transfer_row(transfer.confirm(school, Path(args.file)))
        _emit(args, row, f"Transfer of {row['upn']} to {row['to_school']} confirmed on {row['confirmed_at'][:10]}.")
    else:
        rows = [_transfer_row(t) for t in transfer.transfers(school)]
        _emit(
            args,
            rows,
            "\n".join(f"{r['sent_at'][:10]}  {r['upn']}  {r['to_school']:<28} {r['state']}" for r in rows)
            or "No transfers sent.",
        )
    return 0


def cmd_retention(args: argparse.Namespace) -> int:
    school = _school(args)
    if args.retention_command in ("hold", "release"):
        hold = retention.set_hold(school, args.pupil, args.retention_command == "hold", args.reason)
        state = "on legal hold" if hold.held else "no longer on legal hold"
        _emit(args, {"upn": args.pupil, "held": hold.held, "reason": hold.reason}, f"{args.pupil} is {state}.")
        return 0
    if args.retention_command == "destroy":
        gone = retention.destroy(school, args.pupil, args.reason)
        _emit(
            args,
            {"destroyed": gone.upn, "entries": gone.entries, "records": gone.records, "tombstone": gone.tombstone},
            f"Destroyed the file of {gone.upn}: {gone.entries} entries; a signed tombstone keeps the counts.",
        )
        return 0
    rows = [
        {
            "upn": f.pupil.upn,
            "name": f.pupil.name,
            "date_of_birth": f.pupil.date_of_birth.isoformat(),
            "review_due": f.due.isoformat(),
            "entries": f.entries,
            "legal_hold": f.held,
            "hold_reason": f.hold.reason if f.held and f.hold else None,
        }
        for f in retention.due_files(school, args.within)
    ]
    text = "\n".join(
        f"{r['review_due']}  {r['upn']}  {r['name']:<24} {r['entries']} entries"
        + ("  LEGAL HOLD" if r["legal_hold"] else "")
        for r in rows
    )
    _emit(args, rows, text or "No file is due for review.")
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
    _outward_commands(command, common)
    sub.add_parser("demo", parents=[base], help="open the app on a ready demo school").set_defaults(run=None)
    return parser


def _outward_commands(command: Callable[..., argparse.ArgumentParser], common: argparse.ArgumentParser) -> None:
    """export, school-key, transfer and retention: what the DSL sends out of the log, and keeps."""
    exp = command("export", cmd_export, "a referral pack or chronology as a file (DSL; audited)")
    exp.add_argument("document", choices=("referral", "chronology"))
    exp.add_argument("pupil", metavar="UPN")
    exp.add_argument("--from", dest="since", metavar="DATE", help="only entries from this date")
    exp.add_argument("--format", choices=("pdf", "csv"), help="default: from the file name (.csv, else PDF)")
    exp.add_argument("-o", "--output", required=True, metavar="FILE")
    key = command("school-key", cmd_school_key, "this school's public identity key and fingerprint (DSL)")
    key.add_argument("-o", "--output", metavar="FILE", help="also write the key file to send to another school")

    moves = command("transfer", cmd_transfer, "move a child-protection file to another school (DSL; audited)")
    moves_sub = moves.add_subparsers(dest="transfer_command", required=True, parser_class=_Parser)
    out = moves_sub.add_parser("export", parents=[common], help="seal a pupil's file to another school's key")
    out.add_argument("pupil", metavar="UPN")
    out.add_argument("--to", required=True, metavar="SCHOOL_KEY_FILE")
    out.add_argument("-o", "--output", required=True, metavar="BUNDLE")
    incoming = moves_sub.add_parser("import", parents=[common], help="import a bundle and write its receipt")
    incoming.add_argument("bundle")
    incoming.add_argument("--receipt", metavar="FILE", help="where the signed receipt goes (default: BUNDLE.receipt)")
    moves_sub.add_parser("receipt", parents=[common], help="confirm a transfer with its receipt").add_argument("file")
    moves_sub.add_parser("list", parents=[common], help="transfers sent, confirmed or awaiting a receipt")

    keep = command("retention", cmd_retention, "files due for review at date of birth + 25 years (DSL)")
    keep.add_argument("--within", type=int, default=0, metavar="DAYS", help="also files due in the next DAYS days")
    keep_sub = keep.add_subparsers(dest="retention_command", parser_class=_Parser)
    for name, help_ in (
        ("hold", "put a file on legal hold"),
        ("release", "lift a legal hold"),
        ("destroy", "destroy a file after its review (not while on hold)"),
    ):
        p = keep_sub.add_parser(name, parents=[common], help=help_)
        p.add_argument("pupil", metavar="UPN")
        p.add_argument("--reason", required=True)


def parse(argv: Sequence[str] | None) -> argparse.Namespace:
    """The parsed command line; `run` is None for the app and the demo (see tui.main)."""
    return build_parser().parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    """Run one CLI command (the entry point `tui.main` hands every command to)."""

    def run() -> int:
        args = parse(argv)
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
