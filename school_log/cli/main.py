"""`school-log`: the scriptable command line (JSON in and out) and the way into the app; its commands' handlers
(the outward ones are in `outward`, the grammar in `spec`).

Exit codes: 0 ok, 1 integrity failure, 2 bad usage or input, 3 authentication
or permission refused. Errors are one line on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from school_log import local_time, workdays
from school_log.authority import open_vault
from school_log.body_regions import REGIONS
from school_log.cli import output
from school_log.cli.guard import guarded
from school_log.cli.passphrases import current_passphrase, new_passphrase
from school_log.cli.spec import FORCE, parse
from school_log.clock import confirm_date
from school_log.errors import InputError
from school_log.forms import inputs as forms
from school_log.founding import found_school, founding_problems
from school_log.input_file import read_capped
from school_log.local_time import local_today, parse_day
from school_log.model import REFERRING_OUTCOMES, Decision, Pupil
from school_log.output_file import output_file
from school_log.school import School
from school_log.staff import earlier_to_dispute, notice
from storage import checkpoint, strict_json
from storage.engine import one_shot
from storage.errors import AuthError
from storage.settings import settings
from storage.vault import Vault
from storage.verify import MAX_FAULTS, verify

FAILURE_DELAY = 1.0  # seconds after a wrong passphrase, doubling with each one tried in a row
MAX_FAILURE_DELAY = 16.0
MAX_INPUT_BYTES = 512 * 1024  # one entry's JSON; see school_log.forms.inputs for the caps on each field
MAX_CHECKPOINT_BYTES = 4096  # a checkpoint is one line of about 250 characters


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
    workdays.load_in_background()  # while the passphrase is stretched, as `School.unlock` does
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


def cmd_init(args: argparse.Namespace) -> int:
    vault = Vault(args.db)
    if vault.exists():  # before asking for a passphrase
        raise InputError(f"a vault already exists at {vault.safe_url}; refusing to overwrite it")
    vault.refuse_foreign()
    name = args.name or args.dsl
    wrong = founding_problems(args.school, args.dsl, name, None, urn=args.urn or "", timezone=args.timezone)
    if wrong:  # before asking for the passphrase
        raise wrong[0]
    config = found_school(
        args.db,
        args.school,
        args.dsl,
        name,
        new_passphrase(args.dsl),
        urn=args.urn or "",
        timezone=args.timezone,
        simulated_clock=args.simulated_clock,
    )
    emit(
        args,
        {"created": vault.safe_url, "dsl": args.dsl, "clock": "simulated" if args.simulated_clock else "real"}
        | ({"config": str(config)} if config else {}),
        f"Created the vault for {args.school}; {args.dsl} is its first DSL."
        + (f" The URN and time zone are in {config}." if config else ""),
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
        f"Confirmed: the school's records are dated from {local_time.stamp(now)}.",
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
    session = school.session
    line = checkpoint.take(session.vault.signer(session)).line()
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
    left_on = parse_day(args.date, "--date") if getattr(args, "date", None) else None
    school = unlocked_school(args)
    if args.roster_command == "leave":
        left = school.roster.leave(args.pupil, left_on or local_today(school.clock))
        emit(args, output.pupil(left, full=True), f"{left.upn} {left.name}: left on {left_on_text(left)}.")
    elif args.roster_command == "import":
        result = school.roster.import_file(Path(args.file))
        emit(
            args,
            result.__dict__,
            f"Roster imported: {result.added} added, {result.updated} updated, {result.unchanged} unchanged.",
        )
    elif args.left:
        leavers = school.roster.leavers()
        rows = [output.pupil(p, full=True) for p in leavers]
        emit(args, rows, "\n".join(f"{p.upn}  left {left_on_text(p)}  {p.name}" for p in leavers) or "Nobody has left.")
    else:
        rows = [output.pupil(p, full=True) for p in school.roster.pupils()]
        emit(args, rows, "\n".join(f"{r['upn']}  Y{r['year_group']:<3} {r['name']}" for r in rows))
    return 0


def left_on_text(pupil: Pupil) -> str:
    return pupil.left_on.isoformat() if pupil.left_on else "-"


def cmd_body_regions(args: argparse.Namespace) -> int:
    rows = [{"id": r.id, "view": r.view, "side": r.side, "label": r.label} for r in REGIONS]
    emit(args, rows, "\n".join(f"{r['id']:<28} {r['view']:<6} {r['label']}" for r in rows))
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    """The JSON Schema of an input, from the same pydantic model that checks it, so it cannot drift."""
    print(json.dumps(forms.SCHEMAS[args.kind].model_json_schema(), indent=2, ensure_ascii=False))
    return 0


def cmd_write(args: argparse.Namespace) -> int:
    """record, notify, health, addendum, decide, referral-outcome: the JSON given, through `school.log`'s
    method of that name (`args.write`, set by the parser)."""
    if args.old_json_input is not None:
        print(
            "school-log: note: '--json FILE' is now '--input FILE' (the old name goes next release)",
            file=sys.stderr,
        )
        args.json_input = args.old_json_input
    school = unlocked_school(args)
    data = _read_json(args.json_input)
    call = getattr(school.log, args.write)
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


def main(argv: Sequence[str] | None = None) -> int:
    """Run one CLI command (the entry point `tui.main` hands every command to)."""

    def run() -> int:
        args = parse(argv)
        with one_shot():  # one command, then exit: keep no idle connection to a server
            command: Callable[[argparse.Namespace], int] = args.run
            return command(args)

    return guarded(run)
