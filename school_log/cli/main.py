"""`school-log`: the scriptable command line (JSON in and out) and the way into the app.

Exit codes: 0 ok, 1 integrity failure, 2 bad usage or input, 3 authentication
or permission refused. Errors are one line on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import os
import sys
import time
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from school_log import forms, oplog
from school_log.authority import open_vault
from school_log.body_regions import REGIONS
from school_log.cli import output
from school_log.cli.passphrases import current_passphrase, new_passphrase
from school_log.clock import confirm_date
from school_log.errors import InputError, SchoolLogError
from school_log.input_file import read_capped
from school_log.model import REFERRING_OUTCOMES, Decision
from school_log.output_file import output_file
from school_log.school import School
from school_log.staff import earlier_to_dispute, notice, one_line_name
from school_log.version import program_version
from storage import checkpoint, strict_json
from storage.accounts import create_vault
from storage.engine import one_shot
from storage.errors import AuthError
from storage.settings import settings
from storage.vault import Vault
from storage.verify import MAX_FAULTS, verify

log = logging.getLogger("school_log.cli")  # the operational log (school_log/oplog.py): no pupil data
EXIT_UNEXPECTED = 70
FAILURE_DELAY = 1.0  # seconds after a wrong passphrase, doubling with each one tried in a row
MAX_FAILURE_DELAY = 16.0
MAX_INPUT_BYTES = 512 * 1024  # one entry's JSON; see school_log.forms for the caps on each field
MAX_CHECKPOINT_BYTES = 4096  # a checkpoint is one line of about 250 characters


class Parser(argparse.ArgumentParser):
    """argparse, but a usage error is our one clear line and exit 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise InputError(f"{message} (see 'school-log --help')")


def _read_json(source: str) -> Any:
    """The JSON object of a write command, from a file or '-' for standard input."""
    try:
        if source == "-":
            text = sys.stdin.read(MAX_INPUT_BYTES + 1)
        else:
            with open(source, encoding="utf-8") as file:
                text = file.read(MAX_INPUT_BYTES + 1)
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"{source}: cannot read ({error.__class__.__name__})") from None
    if len(text) > MAX_INPUT_BYTES:
        raise InputError(f"{source}: larger than {MAX_INPUT_BYTES // 1024} KiB; one entry is never that long")
    try:
        return strict_json.loads(text)
    except RecursionError:
        raise InputError(f"{source}: nested too deeply to be an entry") from None
    except strict_json.DuplicateKey as error:
        raise InputError(f"{source}: {error}; nothing was written") from None
    except ValueError as error:
        raise InputError(f"{source}: not valid JSON (line {getattr(error, 'lineno', '?')})") from None


def acting_user(args: argparse.Namespace) -> str | None:
    """Who is acting: --user, else `SCHOOL_LOG_USER` (None: nobody said)."""
    return args.user or settings().user


def _user(args: argparse.Namespace) -> str:
    user = acting_user(args)
    if not user:
        raise InputError("who is acting? give --user USER or set SCHOOL_LOG_USER")
    return user


def _unlock(vault: Vault, user: str, passphrase: str) -> School:
    """Unlock, or refuse; wrong passphrases tried in a row are answered ever more slowly, as in the app."""
    try:
        school = School(vault.unlock(user, passphrase))
    except AuthError as error:
        if "wrong passphrase" in str(error):
            time.sleep(min(FAILURE_DELAY * 2 ** (vault.failed_unlocks(user) - 1), MAX_FAILURE_DELAY))
        raise
    uses = school.staff.codes_to_answer()
    if uses:
        dispute = "dispute [--earlier]" if earlier_to_dispute(uses) else "dispute"
        answer = f"'school-log account confirm' or 'school-log account {dispute}'"
        print(f"school-log: note: {notice(uses)} ({answer})".replace("\n", " "), file=sys.stderr)
    if school.failed_unlocks:
        print(
            f"school-log: note: {school.failed_unlocks} wrong passphrase(s) were tried on {user!r} since it last "
            "unlocked; if that was not you, tell your DSL",
            file=sys.stderr,
        )
    return school


def unlocked_school(args: argparse.Namespace) -> School:
    vault = open_vault(args.db)
    vault.require()  # a missing vault is reported before asking for a passphrase
    user = _user(args)
    school = _unlock(vault, user, current_passphrase(user))
    if school.must_set_passphrase:
        raise AuthError(f"{user!r} was reset: set a new passphrase first with 'school-log passphrase'")
    return school


def read_exit(school: School) -> int:
    """A read of a store behind what this machine saw of it (rolled back, cut off) is shown — it is all there
    is — but says what verify says and fails (1). A read recorded at the newest record's time (this clock is
    out of bounds) says so."""
    if school.session.clock_note:
        print(f"school-log: note: {school.session.clock_note}", file=sys.stderr)
    if not school.behind:
        return 0
    print(f"school-log: {school.behind}; run 'school-log verify'", file=sys.stderr)
    return 1


def emit(args: argparse.Namespace, data: Any, text: str | None = None) -> None:
    if getattr(args, "as_json", True) or text is None:
        print(json.dumps(data, indent=2, ensure_ascii=False, default=str))
    else:
        print(text)


# --- commands ---------------------------------------------------------------


FORCE = "--force"
"""The option that lets a command replace an existing output file (named when one is refused)."""


def add_force(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(FORCE, action="store_true", help="replace an existing file (a symbolic link: never)")


def cmd_init(args: argparse.Namespace) -> int:
    vault = Vault(args.db)
    if vault.exists():
        raise InputError(f"a vault already exists at {vault.safe_url}; refusing to overwrite it")
    vault.refuse_foreign()  # before asking for a passphrase
    one_line_name(args.school, "the school's name")
    one_line_name(args.name or args.dsl, "the DSL's name")
    passphrase = new_passphrase(args.dsl)
    create_vault(
        args.db, args.school, args.dsl, args.name or args.dsl, passphrase, simulated_clock=args.simulated_clock
    )
    emit(
        args,
        {"created": vault.safe_url, "dsl": args.dsl, "clock": "simulated" if args.simulated_clock else "real"},
        f"Created the vault for {args.school}; {args.dsl} is its first DSL.",
    )
    return 0


def cmd_staff(args: argparse.Namespace) -> int:
    school = unlocked_school(args)
    if args.staff_command == "list":
        rows = [output.account(a) for a in school.staff.members()]
        emit(
            args,
            rows,
            "\n".join(
                f"{r['username']:<20} {r['role']:<6} {'active' if r['active'] else 'deactivated':<12} {r['name']}"
                for r in rows
            ),
        )
    elif args.staff_command == "add":
        code = school.staff.add(args.username, args.name or args.username, args.role)
        emit(
            args,
            {"added": args.username, "role": args.role, "one_time_code": code},
            f"Added {args.username} ({args.role}). One-time code: {code}\nGive it to them in person; their first "
            "unlock with it must set a passphrase of their own. It is shown only now.",
        )
    elif args.staff_command == "reset":
        code = school.staff.reset(args.username)
        emit(
            args,
            {"reset": args.username, "one_time_code": code},
            f"One-time code for {args.username}: {code}\nGive it to them in person; their first unlock with it "
            "must set a new passphrase. It is shown only now.",
        )
    else:
        school.staff.deactivate(args.username)
        emit(args, {"deactivated": args.username}, f"{args.username} can no longer unlock.")
    if school.staff.identity_replaced:
        print(
            "school-log: note: the school's identity key was replaced (a DSL left the team): send the new one "
            "('school-log school-key -o FILE') to the schools that send you files",
            file=sys.stderr,
        )
    return 0


def cmd_passphrase(args: argparse.Namespace) -> int:
    vault, user = open_vault(args.db), _user(args)
    vault.require()  # a missing vault is reported before asking for a passphrase
    old = current_passphrase(user)  # asked once (or the one-time code): it unlocks and proves who is changing it
    school = _unlock(vault, user, old)
    school.staff.change_passphrase(old, new_passphrase(user))
    emit(args, {"changed": school.me.username}, "Passphrase changed.")
    return 0


def cmd_clock(args: argparse.Namespace) -> int:
    try:
        today = date.fromisoformat(args.confirm)
    except ValueError:
        raise InputError(f"--confirm {args.confirm!r}: give today's date as YYYY-MM-DD") from None
    school = unlocked_school(args)
    now = confirm_date(school.session, today)
    emit(
        args,
        {"confirmed": now.isoformat()},
        f"Confirmed: the school's records are dated from {now:%Y-%m-%d %H:%M} UTC.",
    )

    return 0


def cmd_account(args: argparse.Namespace) -> int:
    school = unlocked_school(args)
    count = school.staff.answer_codes(args.verdict, earlier=args.earlier)
    if args.verdict == "confirm":
        text = f"Confirmed: you used the one-time code ({count}); your entries are no longer marked."
    else:
        text = (
            f"Disputed ({count}): the entries written under those codes stay marked as disputed, and your DSL team "
            "sees it. Set a new passphrase now: 'school-log passphrase'."
        )
    emit(args, {args.verdict: count}, text)
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    vault = open_vault(args.db)
    vault.require()
    checkpoints = [_read_checkpoint(path) for path in args.checkpoint or ()]
    user = acting_user(args)
    if user:
        report = unlocked_school(args).verify(checkpoints, full=args.full)
    else:
        report = verify(vault, checkpoints=checkpoints, resume=not args.full)
    faults = [str(fault) for fault in report.faults]
    data = {
        "ok": report.ok,
        "records": report.records,
        "seals_opened": report.opened,
        "clock": report.clock,
        "faults": faults,
        "more_faults": report.more,
        "fault": faults[0] if faults else None,
        "checked_after": report.since.seq if report.since else 0,
    }
    clock = " The vault keeps simulated time (a demo, training or replay vault)." if report.clock == "simulated" else ""
    if report.ok and report.since is not None:
        text = (
            f"OK: {report.records} records; the {report.records - report.since.seq} after record {report.since.seq} "
            f"(found intact by the verify of {report.since.at}) checked, chain and signatures intact "
            f"({report.opened} seals opened); 'verify --full' checks every record.{clock}"
        )
    elif report.ok:
        text = f"OK: {report.records} records, chain and signatures intact ({report.opened} seals opened).{clock}"
    else:
        more = f"\n… and {report.more} more (only the first {MAX_FAULTS} are listed)" if report.more else ""
        text = "\n".join(f"FAULT: {fault}" for fault in faults) + more
    emit(args, data, text)
    if not report.ok:
        count = len(faults) + report.more
        print(f"school-log: verify failed: {count} fault(s), the first: {faults[0]}", file=sys.stderr)
    return 0 if report.ok else 1


def _read_checkpoint(path: str) -> checkpoint.Checkpoint:
    try:
        text = read_capped(Path(path), MAX_CHECKPOINT_BYTES, "a checkpoint line").decode("utf-8")
    except UnicodeDecodeError:
        raise InputError(f"{path}: not a school-log checkpoint line") from None
    return checkpoint.Checkpoint.parse(text, path)


def cmd_checkpoint(args: argparse.Namespace) -> int:
    school = unlocked_school(args)
    line = checkpoint.take(school.session).line()
    if args.output:
        with output_file(Path(args.output), replace=args.force, how_to_replace=FORCE) as out:
            out.write(f"{line}\n".encode())
    emit(args, {"checkpoint": line}, line)
    return 0


def cmd_upgrade(args: argparse.Namespace) -> int:
    vault = Vault(args.db)
    before, after = vault.upgrade()
    emit(
        args,
        {"upgraded": vault.safe_url, "from": before, "to": after},
        f"The store is at schema {after}" + (f" (was {before})." if before != after else " already."),
    )
    return 0


def cmd_roster(args: argparse.Namespace) -> int:
    school = unlocked_school(args)
    if args.roster_command == "import":
        result = school.roster.import_file(Path(args.file))
        emit(
            args,
            result.__dict__,
            f"Roster imported: {result.added} added, {result.updated} updated, {result.unchanged} unchanged.",
        )
    else:
        rows = [output.pupil(p, full=True) for p in school.roster.pupils()]
        emit(args, rows, "\n".join(f"{r['upn']}  Y{r['year_group']:<3} {r['name']}" for r in rows))
    return 0


def cmd_body_regions(args: argparse.Namespace) -> int:
    rows = [{"id": r.id, "view": r.view, "side": r.side, "label": r.label} for r in REGIONS]
    emit(args, rows, "\n".join(f"{r['id']:<28} {r['view']:<6} {r['label']}" for r in rows))
    return 0


SCHEMA_OF = {
    "record": "concern",
    "notify": "notification",
    "health": "health-condition",
    "addendum": "addendum",
    "decide": "decision",
    "referral-outcome": "referral-outcome",
}
"""Each writing command and the `schema` of the JSON it takes."""


def cmd_schema(args: argparse.Namespace) -> int:
    """The JSON Schema of an input, from the same pydantic model that checks it, so it cannot drift."""
    print(json.dumps(forms.SCHEMAS[args.kind].model_json_schema(), indent=2, ensure_ascii=False))
    return 0


def _writer(method: str) -> Callable[[argparse.Namespace], int]:
    def run(args: argparse.Namespace) -> int:
        if args.old_json_input is not None:
            print(
                "school-log: note: '--json FILE' is now '--input FILE' (the old name goes next release)",
                file=sys.stderr,
            )
            args.json_input = args.old_json_input
        school = unlocked_school(args)
        data = _read_json(args.json_input)
        call = getattr(school.log, method)
        entry = call(args.target, data) if hasattr(args, "target") else call(data)
        emit(args, {"id": entry.id})
        if isinstance(entry, Decision) and entry.outcome in REFERRING_OUTCOMES:
            unsaid = [name for name in ("why_now", "immediate_risk") if not getattr(entry, name)]
            if unsaid:
                print(
                    f"school-log: note: the referral pack will say {' and '.join(unsaid)} was not recorded "
                    "(give them in the decision's JSON: the agency reads them first)",
                    file=sys.stderr,
                )
        return 0

    return run


def cmd_entries(args: argparse.Namespace) -> int:
    school = unlocked_school(args)
    rows = [output.entry(e, school) for e in school.log.my_entries()]
    emit(args, rows, "\n".join(output.entry_line(r) for r in rows) or "You have no entries yet.")
    return 0


def cmd_chronology(args: argparse.Namespace) -> int:
    school = unlocked_school(args)
    chronology = school.review.chronology(args.pupil, household=args.household)
    data = output.chronology(chronology, school)
    emit(args, data, "\n".join(output.entry_line(r) for r in data["entries"]) or "No entries.")
    warn_set_aside(school)
    return read_exit(school)


def cmd_search(args: argparse.Namespace) -> int:
    school = unlocked_school(args)
    rows = [output.entry(e, school) for e in school.review.search(" ".join(args.words))]
    emit(args, rows, "\n".join(output.entry_line(r) for r in rows) or "No entry matches.")
    warn_set_aside(school)
    return read_exit(school)


def cmd_review(args: argparse.Namespace) -> int:
    school = unlocked_school(args)
    board = school.review.dashboard()
    rows = [output.review_item(item) for item in board.review]
    emit(args, rows, "\n".join(output.review_line(r) for r in rows) or "Nobody needs a decision now.")
    if board.clock_warning:
        print(f"school-log: note: {board.clock_warning}", file=sys.stderr)
    warn_set_aside(school)
    return read_exit(school)


def warn_set_aside(school: School) -> None:
    """Records left out of what was read (their author may not write them, or they are not the shape of their
    kind): say so, naming the first."""
    if school.set_aside:
        print(
            f"school-log: note: {len(school.set_aside)} record(s) left out (the first: {school.set_aside[0]}); "
            "run 'school-log verify --user' and tell the DSL team",
            file=sys.stderr,
        )


# --- the parser ------------------------------------------------------------


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
    parser.add_argument("--version", action="version", version=f"school-log {program_version()}")
    parser.set_defaults(run=None)  # no command: the app (started by tui.main, the layer above)
    sub = parser.add_subparsers(dest="command", parser_class=Parser)

    def command(
        name: str, run: Callable[[argparse.Namespace], int], help_: str, json_output: bool = True
    ) -> argparse.ArgumentParser:
        p = sub.add_parser(name, parents=[common if json_output else base], help=help_)
        p.set_defaults(run=run)
        return p

    init = command("init", cmd_init, "create a vault and its first DSL")
    init.add_argument("--school", required=True, help="the school's name, as every document shows it")
    init.add_argument("--dsl", required=True, help="username of the first DSL")
    init.add_argument("--name", help="the first DSL's full name")
    init.add_argument(
        "--simulated-clock",
        action="store_true",
        help="a demo, training or replay vault that follows SCHOOL_LOG_NOW (noted in the vault for ever)",
    )

    staff = command("staff", cmd_staff, "manage staff accounts (DSL)")
    staff_sub = staff.add_subparsers(dest="staff_command", required=True, parser_class=Parser)
    add = staff_sub.add_parser("add", parents=[common])
    add.add_argument("username")
    add.add_argument("--role", choices=("staff", "dsl"), default="staff", help="dsl: the safeguarding team")
    add.add_argument("--name", help="their full name as entries show it (default: the username)")
    staff_sub.add_parser("list", parents=[common])
    staff_sub.add_parser("reset", parents=[common]).add_argument("username")
    staff_sub.add_parser("deactivate", parents=[common]).add_argument("username")

    command("passphrase", cmd_passphrase, "change your own passphrase")
    account = command("account", cmd_account, "confirm or dispute that you used your account's one-time code")
    account.add_argument("verdict", choices=("confirm", "dispute"))
    account.add_argument(
        "--earlier", action="store_true", help="dispute: the code confirmed before the open ones too (shown at unlock)"
    )
    verify_ = command("verify", cmd_verify, "check every record's signature and the chain")
    verify_.add_argument(
        "--checkpoint", action="append", metavar="FILE", help="also check against a signed checkpoint (repeatable)"
    )
    verify_.add_argument(
        "--full", action="store_true", help="check every record, not only those after the last verify found intact"
    )
    checkpoint_ = command("checkpoint", cmd_checkpoint, "print a signed checkpoint of the chain head")
    checkpoint_.add_argument("action", choices=("export",))
    checkpoint_.add_argument("-o", "--output", metavar="FILE", help="also write it to FILE (a new file, 0600)")
    add_force(checkpoint_)
    command("upgrade", cmd_upgrade, "bring the store's schema up to this version of school-log")

    roster = command("roster", cmd_roster, "the pupil roster")
    roster_sub = roster.add_subparsers(dest="roster_command", required=True, parser_class=Parser)
    roster_sub.add_parser("import", parents=[common]).add_argument("file")
    roster_sub.add_parser("list", parents=[common])

    command("body-regions", cmd_body_regions, "the body-map vocabulary")
    for name, method, target, help_ in (
        ("record", "record_concern", None, "record a concern (JSON)"),
        ("notify", "notify", None, "record an agency notification (DSL, JSON)"),
        ("health", "record_condition", None, "record a known health condition or birthmark on a pupil (DSL, JSON)"),
        ("addendum", "addendum", "ENTRY_ID", "add a correction or follow-up to an entry (JSON)"),
        ("decide", "decide", "PUPIL", "record a referral decision (DSL, JSON)"),
        ("referral-outcome", "referral_outcome", None, "record what the agency decided (DSL, JSON)"),
    ):
        p = command(name, _writer(method), help_ + f"; its fields: 'school-log schema {SCHEMA_OF[name]}'", False)
        if target:
            p.add_argument("target", metavar=target)
        given = p.add_mutually_exclusive_group(required=True)
        given.add_argument("--input", dest="json_input", metavar="FILE", help="the JSON object, or - for stdin")
        given.add_argument("--json", dest="old_json_input", metavar="FILE", help=argparse.SUPPRESS)  # the old name
    schema = command("schema", cmd_schema, "the JSON Schema of what record, decide, notify ... take", False)
    schema.add_argument("kind", choices=sorted(forms.SCHEMAS), help="which input")

    clock = command("clock", cmd_clock, "confirm today's date after a fast clock or a long silence (DSL)")
    clock.add_argument("--confirm", required=True, metavar="YYYY-MM-DD", help="today's date, as you know it")
    command("entries", cmd_entries, "your own entries")
    chronology = command("chronology", cmd_chronology, "a pupil's chronology (DSL; audited)")
    chronology.add_argument("pupil")
    chronology.add_argument("--household", action="store_true", help="interleave siblings' entries")
    command("review", cmd_review, "who needs a DSL decision now, and why (DSL; audited)")
    command("search", cmd_search, "every entry containing all these words (DSL; audited)").add_argument(
        "words", nargs="+"
    )
    from school_log.cli import outward  # here: that module uses this one's helpers

    outward.add_commands(command, common)
    sub.add_parser("demo", parents=[base], help="open the app on a ready demo school").set_defaults(run=None)
    serve = sub.add_parser("serve", parents=[base], help="serve the app to browsers (textual-serve; see README)")
    serve.add_argument("--host", help="address to listen on (default: [serve] host, else 127.0.0.1)")
    serve.add_argument("--port", type=int, help="port to listen on (default: [serve] port, else 8000)")
    serve.set_defaults(run=None)
    return parser


def parse(argv: Sequence[str] | None) -> argparse.Namespace:
    """The parsed command line; `run` is None for the app and the demo (see tui.main)."""
    return build_parser().parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    """Run one CLI command (the entry point `tui.main` hands every command to)."""

    def run() -> int:
        args = parse(argv)
        with one_shot():  # one command, then exit: keep no idle connection to a server
            command: Callable[[argparse.Namespace], int] = args.run
            return command(args)

    return guarded(run)


def guarded(action: Callable[[], int]) -> int:
    """Run `action`, turning every failure into one line on stderr and its exit code."""
    try:
        return action()
    except BrokenPipeError:  # the reader went away (`| head`): stop quietly, as other tools do
        with contextlib.suppress(OSError, ValueError):  # a stdout with no file behind it has nothing to close
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no second error at exit
        return 141
    except SchoolLogError as error:
        print(f"school-log: {_printable(str(error))}", file=sys.stderr)
        log.warning("refused exit=%d kind=%s %s", error.exit_code, type(error).__name__, _about(error))
        return error.exit_code
    except KeyboardInterrupt:
        print("school-log: interrupted; nothing more was written", file=sys.stderr)
        return 130
    except Exception as error:  # the last line of defence: no traceback, no plaintext
        log.error("unexpected error kind=%s place=%s", type(error).__name__, oplog.place(error))
        print(
            f"school-log: unexpected error ({error.__class__.__name__}); every write is all-or-nothing", file=sys.stderr
        )
        return EXIT_UNEXPECTED


def _about(error: SchoolLogError) -> str:
    """What a refusal was about, by the names of the form and field only (its words may quote a pupil)."""
    return " ".join(f"{name}={value}" for name in ("form", "field") if (value := getattr(error, name, None)))


def _printable(text: str) -> str:
    """One line that any terminal can print, even if it quotes broken Unicode it was given."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8").replace("\n", " ")
