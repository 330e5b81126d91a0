"""The CLI's outward commands: export, school-key, transfer and retention (all for DSLs, all audited)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from school_log.cli.main import emit, unlocked_school, warn_set_aside
from school_log.cli.passphrases import export_password, has_terminal
from school_log.cli.spec import FORCE
from school_log.errors import InputError, IntegrityError
from school_log.local_time import day_of, local_today, parse_day
from school_log.output_file import output_file
from school_log.outward import retention, transfer
from school_log.school import School


def cmd_export(args: argparse.Namespace) -> int:
    from school_log.outward.exports import export, school_year_start  # fpdf2 loads only when a document is made

    if args.since and args.whole_file:
        raise InputError("give --from or --whole-file, not both")
    since = parse_day(args.since, "--from") if args.since else None
    path = Path(args.output)
    fmt = args.format or ("csv" if path.suffix.lower() == ".csv" else "pdf")
    if args.encrypt and fmt != "pdf":
        raise InputError("--encrypt: only a PDF can be protected with a password; nothing was written")
    school = unlocked_school(args)
    if args.document == "referral" and since is None and not args.whole_file:
        since = school_year_start(local_today(school.clock))
    password = export_password() if args.encrypt else None
    done = export(
        school, args.document, args.pupil, path, fmt, since, password=password, replace=args.force, how_to_replace=FORCE
    )
    protected = ", protected by the password" if done.encrypted else ""
    emit(
        args,
        {
            "written": str(done.path),
            "document": done.document,
            "format": done.format,
            "entries": done.entries,
            "encrypted": done.encrypted,
        },
        f"Wrote the {done.document} ({done.format}, {done.entries} entries{protected}) to {done.path}; "
        "the export is logged.",
    )
    return 0


def cmd_school_key(args: argparse.Namespace) -> int:
    key = transfer.public_key(unlocked_school(args))
    if args.output:
        with output_file(Path(args.output)) as out:
            out.write((json.dumps(key.to_data(), indent=2) + "\n").encode())
    emit(args, key.to_data(), f"{key.school}\nfingerprint {key.fingerprint}")
    return 0


def _transfer_row(t: transfer.Transfer) -> dict[str, Any]:
    state = (
        f"confirmed {day_of(t.confirmed_at)}"
        if t.confirmed_at
        else f"withdrawn {day_of(t.withdrawn_at)}: {t.withdrawn_reason}"
        if t.withdrawn_at
        else "OVERDUE"
        if t.overdue
        else "awaiting receipt"
    )
    return {
        "bundle": t.bundle,
        "upn": t.upn,
        "to_school": t.to_school,
        "to_fingerprint": t.to_fingerprint,
        "sent_at": t.sent_at,
        "entries": t.entries,
        "due": t.due.isoformat(),
        "confirmed_at": t.confirmed_at,
        "withdrawn_at": t.withdrawn_at,
        "withdrawn_reason": t.withdrawn_reason or None,
        "state": state,
    }


def ask_on_terminal(question: str) -> str:
    """The line a person types at the terminal in answer to `question` ("" with no terminal: a script is
    never asked, it must say what it trusts)."""
    if not has_terminal():
        return ""
    with open("/dev/tty", "r+", encoding="utf-8") as tty:
        tty.write(f"{question} Type yes to trust it: ")
        tty.flush()
        return tty.readline()


def _vouch(args: argparse.Namespace) -> transfer.Vouch:
    """What the DSL said of the sender's key: its key file, its fingerprint, or (neither) a yes at the prompt."""
    if args.sender and args.trust:
        raise InputError("give --from or --trust, not both")
    return transfer.Vouch(
        key_file=Path(args.sender) if args.sender else None,
        fingerprint=args.trust,
        ask=lambda question: ask_on_terminal(question).strip().lower() == "yes",
    )


def cmd_transfer(args: argparse.Namespace) -> int:
    school = unlocked_school(args)
    if args.transfer_command == "export":
        row = _transfer_row(transfer.send(school, args.pupil, Path(args.to), Path(args.output)))
        emit(args, row, f"Sealed {row['entries']} entries for {row['to_school']} to {args.output}; due {row['due']}.")
        warn_set_aside(school)
    elif args.transfer_command == "import":
        receipt = Path(args.receipt or f"{args.bundle}.receipt")
        got = transfer.receive(school, Path(args.bundle), receipt, _vouch(args))
        emit(
            args,
            {
                "bundle": got.bundle,
                "upn": got.pupil.upn,
                "entries": got.entries,
                "already_here": got.already,
                "from_school": got.from_school,
                "from_fingerprint": got.from_fingerprint,
                "receipt": str(got.receipt),
            },
            f"Imported {got.entries} entries about {got.pupil.name} from {got.from_school} "
            + (f"({got.already} already here from an earlier bundle) " if got.already else "")
            + f"(key {got.from_fingerprint}); send {got.receipt} back to them.",
        )
    elif args.transfer_command == "withdraw":
        row = _transfer_row(transfer.withdraw(school, args.pupil, args.reason))
        emit(args, row, f"Withdrew the transfer of {row['upn']} to {row['to_school']} sent {row['sent_at'][:10]}.")
    elif args.transfer_command == "receipt":
        row = _transfer_row(transfer.confirm(school, Path(args.file)))
        emit(args, row, f"Transfer of {row['upn']} to {row['to_school']} confirmed on {day_of(row['confirmed_at'])}.")
    else:
        rows = [_transfer_row(t) for t in transfer.transfers(school)]
        emit(
            args,
            rows,
            "\n".join(f"{day_of(r['sent_at'])}  {r['upn']}  {r['to_school']:<28} {r['state']}" for r in rows)
            or "No transfers sent.",
        )
    return 0


def cmd_retention(args: argparse.Namespace) -> int:
    school = unlocked_school(args)
    if args.retention_command in ("hold", "release"):
        hold = retention.set_hold(school, args.pupil, args.retention_command == "hold", args.reason)
        state = "on legal hold" if hold.held else "no longer on legal hold"
        emit(args, {"upn": args.pupil, "held": hold.held, "reason": hold.reason}, f"{args.pupil} is {state}.")
    elif args.retention_command == "period":
        _retention_period(args, school)
    elif args.retention_command == "destroy":
        _destroy(args, retention.destroy(school, args.pupil, args.reason))
    elif args.retention_command == "show":
        _tombstone(args, retention.tombstone(school, args.pupil))
    elif args.retention_command == "purge":
        purged = retention.purge(school)
        if not purged.done:
            raise IntegrityError(f"the store could not be wiped: {purged.note}")
        emit(args, {"purged": True, "note": purged.note}, f"Done: {purged.note}.")
    else:
        _due(args, school)
    return 0


def _retention_period(args: argparse.Namespace, school: School) -> None:
    if args.years is None:
        if args.reason:
            raise InputError("retention period: --reason goes with --years (the new period)")
        period = retention.period(school)
    else:
        period = retention.set_period(school, args.years, args.reason or "")
    by = school.staff.by_id().get(period.set_by or "")
    row = {"years": period.years, "set_by": by.name if by else None, "at": period.at, "reason": period.reason}
    said = f", set by {row['set_by']} on {str(period.at)[:10]} ({period.reason})" if by else " (the minimum)"
    emit(args, row, f"Files are due for review at date of birth + {period.years} years{said}.")


def _destroy(args: argparse.Namespace, done: retention.Proposed | retention.Destroyed) -> None:
    if isinstance(done, retention.Proposed):
        emit(
            args,
            {"proposed": done.upn, "proposal": done.proposal, "confirm_by": list(done.confirmers)},
            f"Proposed destroying the file of {done.upn}: another DSL ({', '.join(done.confirmers)}) must "
            f"confirm with 'school-log retention destroy {done.upn} --reason ...'. Nothing is destroyed yet.",
        )
        return
    confirmed = f"proposed by {done.proposed_by}" if done.proposed_by else "the school's only DSL: nobody to confirm"
    emit(
        args,
        {
            "destroyed": done.upn,
            "entries": done.entries,
            "records": done.records,
            "tombstone": done.tombstone,
            "proposed_by": done.proposed_by,
            "wiped": done.purged.done,
        },
        f"Destroyed the file of {done.upn} ({confirmed}): {done.entries} entries; a signed tombstone keeps "
        f"the counts. Store: {done.purged.note}.",
    )
    if not done.purged.done:
        raise IntegrityError(
            f"the file of {done.upn} is destroyed, but {done.purged.note}; then run 'school-log retention purge'"
        )


def _tombstone(args: argparse.Namespace, gone: retention.Tombstone) -> None:
    by = (
        f"proposed by {gone.proposed_by} ({gone.proposal_reason}), confirmed by {gone.confirmed_by}"
        if gone.proposed_by
        else f"by {gone.confirmed_by}, the school's only DSL (nobody to confirm)"
    )
    kinds = ", ".join(f"{n} {kind}" for kind, n in sorted(gone.entries.items())) or "no entries"
    emit(
        args,
        {
            "upn": gone.upn,
            "destroyed_at": gone.at,
            "confirmed_by": gone.confirmed_by,
            "proposed_by": gone.proposed_by,
            "proposal_reason": gone.proposal_reason or None,
            "reason": gone.reason,
            "retention_years": gone.retention_years,
            "entries": gone.entries,
        },
        f"The file of {gone.upn} was destroyed on {gone.at[:10]}, {by}: {gone.reason}.\n"
        f"Kept {gone.retention_years} years from the date of birth; it held {kinds}. Nothing it said is kept.",
    )


def _due(args: argparse.Namespace, school: School) -> None:
    rows = [
        {
            "upn": f.pupil.upn,
            "name": f.pupil.name,
            "date_of_birth": f.pupil.date_of_birth.isoformat(),
            "review_due": f.due.isoformat(),
            "entries": f.entries,
            "legal_hold": f.held,
            "hold_reason": f.hold.reason if f.held and f.hold else None,
            "proposed": f.proposal is not None,
        }
        for f in retention.due_files(school, args.within)
    ]
    text = "\n".join(
        f"{r['review_due']}  {r['upn']}  {r['name']:<24} {r['entries']} entries"
        + ("  LEGAL HOLD" if r["legal_hold"] else "")
        + ("  DESTRUCTION PROPOSED" if r["proposed"] else "")
        for r in rows
    )
    emit(args, rows, text or "No file is due for review.")
