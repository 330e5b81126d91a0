"""Moving a child-protection file to the pupil's new school, with a signed receipt coming back.

The sending DSL seals every entry about the pupil (decrypted, with its author,
role and time) to the receiving school's identity key, signed with this
school's, with a manifest (count and digest of the entries) and this chain's
head. The receiving DSL's import checks the envelope and the manifest and that
the bundle was not imported before, then writes the pupil (if new), every entry
marked as transferred and a `transfer.in` record in one transaction, and writes
a receipt sealed and signed back to the sender. The sender imports the receipt,
which confirms the transfer. Every step is a record in the chained log.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from school_log.clock import parse_instant
from school_log.codec import KINDS, TRANSFERRED, pupil_from_payload, pupil_payload
from school_log.errors import AuthError, InputError, IntegrityError
from school_log.identity import SchoolKey, identity, own_key, read_key_file
from school_log.model import Pupil
from school_log.output_file import output_file
from school_log.school import School
from school_log.workdays import add_working_days
from storage import bundle
from storage.bundle import PublicIdentity
from storage.records import Draft, canonical

SUBJECT = "transfers"
BUNDLE_KIND, RECEIPT_KIND = "cp-file", "cp-receipt"
DUE_SCHOOL_DAYS = 5
_REFERENCES = ("refers_to", "decision_id", "task_id", "supersedes")  # every link but `covers` (a list)


@dataclass(frozen=True)
class Transfer:
    """An outgoing transfer as the sending school's log shows it."""

    bundle: str
    pupil_id: str
    upn: str
    to_school: str
    to_fingerprint: str
    sent_at: str
    entries: int
    confirmed_at: str | None
    overdue: bool  # no receipt yet, and past `due` on the day it was read

    @property
    def due(self) -> date:
        """Receipt expected within five school days of sending."""
        return due_after(self.sent_at)


def due_after(sent_at: str) -> date:
    """When a receipt is expected for a transfer sent at `sent_at`: within five school days."""
    return add_working_days(parse_instant(sent_at).date(), DUE_SCHOOL_DAYS)


@dataclass(frozen=True)
class Imported:
    bundle: str
    pupil: Pupil
    entries: int
    from_school: str
    from_fingerprint: str
    receipt: Path


# --- sending ------------------------------------------------------------------------


def send(school: School, pupil_ref: str, key_file: Path, out: Path) -> Transfer:
    """Seal every entry about one pupil to another school's key; audited as `transfer.out`."""
    _require_dsl(school)
    recipient = read_key_file(key_file)
    keys = identity(school, create=True)
    if recipient.public == PublicIdentity.of(keys):
        raise InputError(f"{key_file}: that is this school's own key; give the receiving school's")
    pupil = school.roster.pupil(pupil_ref)
    staff = school.staff.by_id()
    records = school.session.read(("entry",), subjects=[pupil.id], purpose="transfer")
    entries = [
        {
            "id": r.id,
            "kind": r.kind,
            "data": r.data,
            "author": staff[r.author].name if r.author in staff else "unknown",
            "role": staff[r.author].role if r.author in staff else "",
            "recorded_at": r.created_at,
        }
        for r in records
        if r.kind in KINDS
    ]
    seq, head = bundle.chain_head(school.session.vault)
    me = school.me
    payload = {
        "school": school.name,
        "sent_by": {"name": me.name, "role": me.role},
        "pupil": pupil_payload(pupil),
        "chain_head": {"seq": seq, "hash": head.hex()},
        "entries": entries,
        "manifest": _manifest(entries),
    }
    blob = bundle.seal(keys, recipient.public, BUNDLE_KIND, canonical(payload), school.clock.now())
    bundle_id = json.loads(blob)["header"]["id"]
    record = {
        "bundle": bundle_id,
        "pupil": pupil.id,
        "upn": pupil.upn,
        "to_school": recipient.school,
        "to": recipient.fingerprint,
        "sent_at": school.clock.now().isoformat(),
        "entries": len(entries),
        "digest": hashlib.sha256(blob).hexdigest(),
    }
    with output_file(out) as file:  # kept only once the log shows it was sent
        file.write(blob)
        school.session.append(Draft("audit", subject=SUBJECT, kind="transfer.out", data=record))
    return _transfer(record, None, school.clock.today())


def confirm(school: School, receipt_file: Path) -> Transfer:
    """Import the receiving school's signed receipt: the transfer is confirmed (audited)."""
    _require_dsl(school)
    opened = bundle.open_envelope(identity(school), _read(receipt_file), RECEIPT_KIND, str(receipt_file))
    receipt = _payload(opened.payload, receipt_file)
    log = _log(school)
    sent = next((r for r in log if r.kind == "transfer.out" and r.data["bundle"] == receipt.get("bundle")), None)
    if sent is None:
        raise IntegrityError(f"{receipt_file}: no transfer with that bundle was sent from this school")
    if opened.sender.fingerprint != sent.data["to"] or receipt.get("digest") != sent.data["digest"]:
        raise IntegrityError(f"{receipt_file}: not signed by the school the file was sent to, or for another file")
    if any(r.kind == "transfer.confirmed" and r.data["bundle"] == sent.data["bundle"] for r in log):
        raise InputError(f"{receipt_file}: this transfer is already confirmed")
    data = {"bundle": sent.data["bundle"], "received_at": receipt["received_at"], "by": receipt.get("received_by")}
    school.session.append(Draft("audit", subject=SUBJECT, kind="transfer.confirmed", data=data))
    return _transfer(sent.data, data["received_at"], school.clock.today())


def transfers(school: School) -> list[Transfer]:
    """Every outgoing transfer, newest first, with its confirmation if one came back."""
    _require_dsl(school)
    log = _log(school)
    confirmed = {r.data["bundle"]: r.data["received_at"] for r in log if r.kind == "transfer.confirmed"}
    today = school.clock.today()
    sent = [_transfer(r.data, confirmed.get(r.data["bundle"]), today) for r in log if r.kind == "transfer.out"]
    return sorted(sent, key=lambda t: t.sent_at, reverse=True)


# --- receiving ----------------------------------------------------------------------


def receive(school: School, bundle_file: Path, receipt_file: Path, sender_key: Path | None = None) -> Imported:
    """Check a bundle, land its entries as transferred, and write the signed receipt — or write nothing.

    With `sender_key` (the sending school's key file, its fingerprint checked on the phone), a bundle
    signed by any other key is refused; without it, the sender's fingerprint is reported to check.
    """
    _require_dsl(school)
    expected = read_key_file(sender_key) if sender_key else None
    keys = identity(school)  # a school receives only once it has published its key
    blob = _read(bundle_file)
    opened = bundle.open_envelope(keys, blob, BUNDLE_KIND, str(bundle_file))
    if expected is not None and opened.sender != expected.public:
        raise IntegrityError(
            f"{bundle_file}: signed by key {opened.sender.fingerprint}, not {expected.school}'s; nothing was written"
        )
    payload = _payload(opened.payload, bundle_file)
    try:
        entries, origin, incoming = payload["entries"], payload["school"], pupil_from_payload("", payload["pupil"])
        if _manifest(entries) != payload["manifest"]:
            raise IntegrityError(f"{bundle_file}: an entry is missing or was changed (the manifest does not match)")
        if any(e["kind"] not in KINDS for e in entries):
            raise ValueError("kind")
    except (KeyError, TypeError, ValueError):
        raise IntegrityError(f"{bundle_file}: the bundle's contents are not a child-protection file") from None
    sender = opened.sender.fingerprint
    for earlier in _log(school):
        if earlier.kind != "transfer.in":
            continue
        if earlier.data["bundle"] == opened.id:
            raise IntegrityError(f"{bundle_file}: this bundle was already imported on {earlier.created_at[:10]}")
        if earlier.data["from"] == sender and earlier.data["upn"] == incoming.upn:
            if earlier.data["sent_at"] > opened.created_at:
                raise IntegrityError(f"{bundle_file}: an older bundle than one already imported for this pupil")
    existing = _on_roll(school, incoming.upn)
    pupil = existing or Pupil(**{**incoming.__dict__, "id": str(uuid.uuid4()), "household": f"T-{uuid.uuid4()}"})
    me = school.me
    receipt = {
        "bundle": opened.id,
        "digest": hashlib.sha256(blob).hexdigest(),
        "entries": len(entries),
        "received_at": school.clock.now().isoformat(),
        "received_by": f"{me.name} ({me.role.upper()}), {school.name}",
    }
    sealed_receipt = bundle.seal(keys, opened.sender, RECEIPT_KIND, canonical(receipt), school.clock.now())
    record = {
        "bundle": opened.id,
        "from": sender,
        "from_school": origin,
        "upn": pupil.upn,
        "pupil": pupil.id,
        "sent_at": opened.created_at,
        "entries": len(entries),
        "sender_head": payload.get("chain_head"),
    }
    with output_file(receipt_file) as out:  # the receipt's path is taken before anything is written
        _land(school, pupil, existing is None, entries, record)
        out.write(sealed_receipt)
    school.forget_reads()
    return Imported(opened.id, pupil, len(entries), origin, sender, receipt_file)


def public_key(school: School) -> SchoolKey:
    """This school's published identity (made on first use)."""
    _require_dsl(school)
    return own_key(school, create=True)


def _land(school: School, pupil: Pupil, new_pupil: bool, entries: list[dict[str, Any]], record: dict[str, Any]) -> None:
    """One transaction: the pupil if new, each entry marked as transferred (links re-pointed), `transfer.in`."""
    with school.session.transaction() as conn:
        if new_pupil:
            school.session.append_in(conn, Draft("roster", subject=pupil.id, kind="pupil", data=pupil_payload(pupil)))
        new_ids: dict[str, str] = {}
        for entry in entries:
            data = _remap(entry["data"], new_ids)
            data[TRANSFERRED] = data.get(TRANSFERRED) or {  # kept as it was if it came from a third school
                "school": record["from_school"],
                "fingerprint": record["from"],
                "author": entry["author"],
                "role": entry["role"],
                "recorded_at": entry["recorded_at"],
                "id": entry["id"],
            }
            draft = Draft("entry", subject=pupil.id, kind=entry["kind"], data=data)
            new_ids[entry["id"]] = school.session.append_in(conn, draft)[0].id
        school.session.append_in(conn, Draft("audit", subject=SUBJECT, kind="transfer.in", data=record))


# --- helpers ------------------------------------------------------------------------


def _manifest(entries: list[dict[str, Any]]) -> dict[str, Any]:
    return {"count": len(entries), "digest": hashlib.sha256(canonical(entries)).hexdigest()}


def _remap(data: dict[str, Any], new_ids: dict[str, str]) -> dict[str, Any]:
    """The entry's links to earlier entries, pointed at their new ids in this log."""
    out = dict(data)
    for name in _REFERENCES:
        if isinstance(out.get(name), str):
            out[name] = new_ids.get(out[name], out[name])
    if isinstance(out.get("covers"), list):
        out["covers"] = [new_ids.get(c, c) for c in out["covers"]]
    return out


def _on_roll(school: School, upn: str) -> Pupil | None:
    try:
        return school.roster.pupil(upn)
    except InputError:
        return None


def _log(school: School):  # type: ignore[no-untyped-def]
    return school.session.read(("audit",), subjects=[SUBJECT], purpose="transfers")


def _transfer(data: dict[str, Any], confirmed_at: str | None, today: date) -> Transfer:
    return Transfer(
        data["bundle"],
        data["pupil"],
        data["upn"],
        data["to_school"],
        data["to"],
        data["sent_at"],
        data["entries"],
        confirmed_at,
        confirmed_at is None and today > due_after(data["sent_at"]),
    )


def _payload(raw: bytes, where: Path) -> dict[str, Any]:
    try:
        data = json.loads(raw)
    except ValueError:
        data = None
    if not isinstance(data, dict):
        raise IntegrityError(f"{where}: the sealed contents are not what school-log writes")
    return data


def _require_dsl(school: School) -> None:
    if not school.is_dsl:
        raise AuthError("only a DSL can transfer child-protection files")


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except OSError as error:
        raise InputError(f"{path}: cannot read ({error.strerror or error.__class__.__name__})") from None
