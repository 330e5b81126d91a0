"""Moving a child-protection file to the pupil's new school, with a signed receipt coming back.

The sending DSL seals every entry about the pupil (with its author, role and time) to
the receiving school's identity key, signed with this school's, with a manifest (count
and digest of the entries) and this chain's head. The receiving DSL's import checks the
envelope, the manifest, the sender's key and every entry, then writes the pupil (if
new), every entry marked as transferred and a `transfer.in` record in one transaction,
and writes a receipt sealed and signed back to the sender. The sender imports the
receipt, which confirms the transfer. Every step is a record in the chained log.

What another school sends is never taken on its word:

* its key is a pinned fact: the first bundle from a school (or from a new key of a known
  school) lands only once a DSL vouches for the key — its key file, its fingerprint read
  out on the phone, or a yes at a prompt that shows it — and that is a chained
  `transfer.pin` record; a key nobody vouched for is refused;
* every entry is checked exactly as if it were typed here (`forms.parse_stored`), and may
  refer only to an earlier entry of the same bundle: nothing in a bundle can name, cover
  or settle this school's own entries;
* entries land as transferred (`model.Origin`: the school, the author and their role
  there, the bundle), and the review weighs them as that school's, not the importing DSL's.

This module sends, lists, confirms and withdraws; `receiving` lands what comes in; `sealing` holds what both
sides share (the files' kinds, the manifest, the transfers' records). `receive` and its types are named here too.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

from school_log.clock import parse_instant
from school_log.codec import KIND_OF, pupil_payload, to_payload
from school_log.errors import InputError, IntegrityError
from school_log.forms.fields import MAX_SHORT, has_control
from school_log.identity import identity, keyring, read_key_file
from school_log.local_time import local_day, local_today
from school_log.model import Entry
from school_log.output_file import output_file
from school_log.outward.receiving import Imported, Vouch, public_key, receive
from school_log.outward.sealing import (
    BUNDLE_KIND,
    RECEIPT_KIND,
    manifest,
    read_transfer_file,
    require_dsl,
    sealed_contents,
    transfer_records,
)
from school_log.school import School
from school_log.transfer_log import SUBJECT
from school_log.workdays import calendar
from storage import bundle
from storage.bundle import PublicIdentity
from storage.records import Draft, canonical

WITHDRAWN = "transfer.withdrawn"
DUE_SCHOOL_DAYS = 5

__all__ = [
    "SUBJECT",
    "Imported",
    "Transfer",
    "Vouch",
    "confirm",
    "identity",
    "public_key",
    "receive",
    "send",
    "transfers",
    "withdraw",
]


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
    overdue: bool  # no receipt yet, not withdrawn, and past `due` on the day it was read
    withdrawn_at: str | None = None
    withdrawn_reason: str = ""

    @property
    def due(self) -> date:
        """Receipt expected within five school days of sending."""
        return due_after(self.sent_at)


def due_after(sent_at: str) -> date:
    """When a receipt is expected for a transfer sent at `sent_at`: within five school days."""
    return calendar().add(local_day(parse_instant(sent_at)), DUE_SCHOOL_DAYS)


# --- sending ------------------------------------------------------------------------


def send(school: School, pupil_ref: str, key_file: Path, out: Path) -> Transfer:
    """Seal every entry about one pupil to another school's key; audited as `transfer.out`."""
    require_dsl(school)
    recipient = read_key_file(key_file)
    keys = identity(school, create=True)
    if recipient.public == PublicIdentity.of(keys):
        raise InputError(f"{key_file}: that is this school's own key; give the receiving school's")
    pupil = school.roster.pupil(pupil_ref)
    entries = [_as_sent(entry, school) for entry in school.log.entries([pupil.id], purpose="transfer")]
    seq, head = bundle.chain_head(school.session.vault)
    me = school.me
    payload = {
        "school": school.name,
        "sent_by": {"name": me.name, "role": me.role},
        "pupil": pupil_payload(pupil),
        "chain_head": {"seq": seq, "hash": head.hex()},
        "entries": entries,
        "manifest": manifest(entries),
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
    return _transfer(record, None, local_today(school.clock))


def _as_sent(entry: Entry, school: School) -> dict[str, Any]:
    """One entry as a bundle carries it: its fields, and who wrote it when (for one that came from another
    school, as that school said, with its name)."""
    origin = entry.transferred
    sent = {"id": entry.id, "kind": KIND_OF[type(entry)], "data": to_payload(replace(entry, transferred=None))}
    if origin is not None:
        return sent | {
            "author": origin.author,
            "role": origin.role,
            "recorded_at": origin.recorded_at.isoformat(),
            "school": origin.school,
        }
    author = school.staff.by_id().get(entry.author_id)
    return sent | {
        "author": author.name if author else "unknown",
        "role": author.role if author else "",
        "recorded_at": entry.recorded_at.isoformat(),
    }


def confirm(school: School, receipt_file: Path) -> Transfer:
    """Import the receiving school's signed receipt: the transfer is confirmed (audited). A receipt may be
    sealed to an identity key this school has since replaced: it answers a file sent before."""
    require_dsl(school)
    keys = [held.keys for held in keyring(school)]
    opened = bundle.open_envelope(keys, read_transfer_file(receipt_file), RECEIPT_KIND, str(receipt_file))
    receipt = sealed_contents(opened.payload, receipt_file)
    log = transfer_records(school)
    sent = next((r for r in log if r.kind == "transfer.out" and r.data["bundle"] == receipt.get("bundle")), None)
    if sent is None:
        raise IntegrityError(f"{receipt_file}: no transfer with that bundle was sent from this school")
    if opened.sender.fingerprint != sent.data["to"] or receipt.get("digest") != sent.data["digest"]:
        raise IntegrityError(f"{receipt_file}: not signed by the school the file was sent to, or for another file")
    if any(r.kind == "transfer.confirmed" and r.data["bundle"] == sent.data["bundle"] for r in log):
        raise InputError(f"{receipt_file}: this transfer is already confirmed")
    data = {"bundle": sent.data["bundle"], "received_at": receipt["received_at"], "by": receipt.get("received_by")}
    school.session.append(Draft("audit", subject=SUBJECT, kind="transfer.confirmed", data=data))
    return _transfer(sent.data, data["received_at"], local_today(school.clock))


def transfers(school: School) -> list[Transfer]:
    """Every outgoing transfer, newest first, with its confirmation if one came back, or its withdrawal."""
    require_dsl(school)
    log = transfer_records(school)
    confirmed = {r.data["bundle"]: r.data["received_at"] for r in log if r.kind == "transfer.confirmed"}
    withdrawn = {r.data["bundle"]: r for r in log if r.kind == WITHDRAWN}
    today = local_today(school.clock)
    sent = []
    for record in (r for r in log if r.kind == "transfer.out"):
        bundle_id = record.data["bundle"]
        row = _transfer(record.data, confirmed.get(bundle_id), today)
        if bundle_id in withdrawn and row.confirmed_at is None:
            gone = withdrawn[bundle_id]
            row = replace(row, overdue=False, withdrawn_at=gone.created_at, withdrawn_reason=gone.data["reason"])
        sent.append(row)
    return sorted(sent, key=lambda t: t.sent_at, reverse=True)


def withdraw(school: School, ref: str, reason: str) -> Transfer:
    """Withdraw a transfer no receipt came back for (sealed to a key the school no longer has, sent to the
    wrong school, the pupil did not go): a chained record with the reason; it is no longer overdue. `ref`
    is the pupil's UPN, or the bundle's id where more than one transfer of the pupil awaits a receipt. A
    receipt that comes later still confirms it."""
    require_dsl(school)
    reason = reason.strip()
    if not reason or len(reason) > MAX_SHORT or has_control(reason):
        raise InputError(
            "transfer withdraw: give the reason in a line (e.g. 'their key was replaced; sent again'), "
            f"at most {MAX_SHORT} characters"
        )
    ref = ref.strip()
    waiting = [
        t
        for t in transfers(school)
        if (ref.upper() == t.upn or ref == t.bundle) and t.confirmed_at is None and t.withdrawn_at is None
    ]
    if not waiting:
        raise InputError(
            f"transfer withdraw: no transfer of {ref!r} is awaiting a receipt ('transfer list' shows them)"
        )
    if len(waiting) > 1:
        raise InputError(
            f"transfer withdraw: {len(waiting)} transfers of {ref} await a receipt; name one by its bundle id "
            f"({', '.join(t.bundle for t in waiting)})"
        )
    data = {"bundle": waiting[0].bundle, "reason": reason}
    record = school.session.append(Draft("audit", subject=SUBJECT, kind=WITHDRAWN, data=data))[0]
    return replace(waiting[0], overdue=False, withdrawn_at=record.created_at, withdrawn_reason=reason)


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
