"""Receiving a child-protection file from another school: the bundle checked (its key pinned, every entry
checked as if typed here), landed as transferred in one transaction, or nothing written; a receipt signed back.

See `school_log.outward.transfer` for the whole journey and what another school's file is never taken on.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

from pydantic import PlainValidator

from school_log.clock import parse_instant
from school_log.codec import KIND_OF, KINDS, pupil_payload, to_payload
from school_log.errors import AuthError, InputError, IntegrityError
from school_log.forms.fields import (
    MAX_SHORT,
    NOT_GIVEN,
    InputForm,
    Instant,
    RequiredShortText,
    ShortText,
    has_control,
    one_of,
    problem,
)
from school_log.forms.inputs import LINKS, checked, parse_stored
from school_log.identity import Held, SchoolKey, keyring, own_key, read_key_file
from school_log.local_time import local_day
from school_log.model import Entry, Origin, Pupil
from school_log.output_file import output_file
from school_log.outward.sealing import (
    BUNDLE_KIND,
    RECEIPT_KIND,
    manifest,
    read_transfer_file,
    require_dsl,
    sealed_contents,
    transfer_records,
)
from school_log.roster_files.rows import check_pupil
from school_log.school import School
from school_log.transfer_log import SUBJECT
from storage import bundle
from storage.bundle import PublicIdentity
from storage.records import Draft, canonical

PIN = "transfer.pin"
_LINKED = {
    "covers": frozenset({"concern", "notification"}),
    "supersedes": frozenset({"decision"}),
    "refers_to": frozenset(KINDS),
    "decision_id": frozenset({"decision"}),
    "task_id": frozenset({"task", "decision"}),
}


@dataclass(frozen=True)
class Vouch:
    """How the receiving DSL vouches for a sending school's key, the first time it sends (or when its key
    changed): its key file, its fingerprint as read out on the phone, or a yes to `ask(question)`, a question
    that shows the fingerprint. None of them: only a key already pinned here is accepted."""

    key_file: Path | None = None
    fingerprint: str | None = None
    ask: Callable[[str], bool] | None = None


@dataclass(frozen=True)
class Imported:
    """A bundle landed: `entries` new here, `already` held from an earlier bundle of the same school."""

    bundle: str
    pupil: Pupil
    entries: int
    already: int
    from_school: str
    from_fingerprint: str
    receipt: Path


def receive(school: School, bundle_file: Path, receipt_file: Path, vouch: Vouch | None = None) -> Imported:
    """Check a bundle, land its entries as transferred, and write the signed receipt — or write nothing.

    Refused, with one line: a bundle that does not open for this school, one sealed to a key
    this school replaced before it was sealed, one from a key not pinned here that `vouch`
    does not vouch for, one whose manifest or any entry is not what school-log writes, one
    whose entries refer outside it, and a replay.
    """
    require_dsl(school)
    vouch = vouch or Vouch()
    where = str(bundle_file)
    expected = read_key_file(vouch.key_file) if vouch.key_file else None
    ring = keyring(school)  # a school receives only once it has published its key
    blob = read_transfer_file(bundle_file)
    opened = bundle.open_envelope([held.keys for held in ring], blob, BUNDLE_KIND, where)
    _refuse_after_retired(next(h for h in ring if h.public == opened.recipient), opened, where)
    if expected is not None and opened.sender != expected.public:
        raise IntegrityError(
            f"{where}: signed by key {opened.sender.fingerprint}, not {expected.school}'s; nothing was written"
        )
    claimed, incoming, entries, head = _contents(
        sealed_contents(opened.payload, bundle_file), where, school.clock.now()
    )
    log = transfer_records(school)
    origin, pin = _pinned(log, opened.sender, claimed, expected, vouch, where)
    sender = opened.sender.fingerprint
    for earlier in log:
        if earlier.kind != "transfer.in":
            continue
        if earlier.data["bundle"] == opened.id:
            raise IntegrityError(f"{where}: this bundle was already imported on {earlier.created_at[:10]}")
        if earlier.data["from"] == sender and earlier.data["upn"] == incoming.upn:
            if earlier.data["sent_at"] > opened.created_at:
                raise IntegrityError(f"{where}: an older bundle than one already imported for this pupil")
    existing = _on_roll(school, incoming.upn)
    pupil = existing or replace(incoming, id=str(uuid.uuid4()), household=f"T-{uuid.uuid4()}")
    held = _held_before(school, log, existing, sender, where, entries)
    me = school.me
    receipt = {
        "bundle": opened.id,
        "digest": hashlib.sha256(blob).hexdigest(),
        "entries": len(entries),
        "received_at": school.clock.now().isoformat(),
        "received_by": f"{me.name} ({me.role.upper()}), {school.name}",
    }
    # Signed with the key the bundle was sealed to: the one the sender knows this school by.
    answering = next(h.keys for h in ring if h.public == opened.recipient)
    sealed_receipt = bundle.seal(answering, opened.sender, RECEIPT_KIND, canonical(receipt), school.clock.now())
    record = {
        "bundle": opened.id,
        "from": sender,
        "from_school": origin,
        "upn": pupil.upn,
        "pupil": pupil.id,
        "sent_at": opened.created_at,
        "entries": len(entries),
        "landed": len(entries) - len(held),
        "digests": {item.entry.id: item.digest for item in entries},
        "sender_head": head,
    }
    drafts = [Draft("audit", subject=SUBJECT, kind=PIN, data=pin)] if pin else []
    if existing is None:
        drafts.append(Draft("roster", subject=pupil.id, kind="pupil", data=pupil_payload(pupil)))
    with output_file(receipt_file) as out:  # the receipt's path is taken before anything is written
        _land(school, pupil, entries, held, record, drafts)
        out.write(sealed_receipt)
    school.forget_reads()
    return Imported(opened.id, pupil, len(entries) - len(held), len(held), origin, sender, receipt_file)


def _held_before(
    school: School, log: Sequence[Any], pupil: Pupil | None, sender: str, where: str, entries: list[_Incoming]
) -> dict[str, str]:
    """The entries of this bundle an earlier bundle from the same key already landed here, as their id in the
    bundle -> their id here: a file sent again lands only what is new. An entry with the id of one landed
    before but other contents is refused (IntegrityError): a school's entries never change once written."""
    if pupil is None:
        return {}
    here = {
        entry.transferred.id: entry.id
        for entry in school.log.entries([pupil.id], purpose="transfer")
        if entry.transferred is not None and entry.transferred.fingerprint == sender
    }
    digests: dict[str, str] = {}
    for earlier in log:
        if earlier.kind == "transfer.in" and earlier.data["from"] == sender and earlier.data["upn"] == pupil.upn:
            digests |= earlier.data.get("digests", {})
    held = {}
    for n, item in enumerate(entries, 1):
        sent_id = item.entry.id
        if sent_id not in here:
            continue
        if digests.get(sent_id, item.digest) != item.digest:
            raise IntegrityError(
                f"{where}: entry {n} has the id of an entry this school sent before, with other contents; "
                "nothing was written"
            )
        held[sent_id] = here[sent_id]
    return held


def _refuse_after_retired(held: Held, opened: bundle.Opened, where: str) -> None:
    """A bundle sealed to one of this school's earlier identity keys after it was replaced: the sender has an
    old key file (a DSL who left may hold that key), and must send again to the key in use."""
    if held.retired_at is not None and parse_instant(opened.created_at) > parse_instant(held.retired_at):
        raise IntegrityError(
            f"{where}: sealed on {opened.created_at[:10]} to this school's old key, replaced on {held.retired_at[:10]} "
            "when the safeguarding team changed; ask the school that sent it to fetch this school's new key "
            "(a DSL here runs 'school-log school-key -o FILE') and send the file again; nothing was written"
        )


@dataclass(frozen=True)
class _Incoming:
    """One entry of a bundle, checked as if typed here; its id and links still name entries of the bundle."""

    entry: Entry
    author: str
    role: str
    school: str  # where it was written, when the sender had it from a third school
    digest: str  # of the entry as the bundle carries it: the same entry sent again has the same digest


def _object(value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise problem("must be a JSON object")
    return value


class _Sent(InputForm):
    """One entry as a bundle carries it (see `transfer._as_sent`)."""

    id: RequiredShortText = ""
    kind: Annotated[str, one_of(tuple(KINDS))] = NOT_GIVEN
    data: Annotated[dict[str, Any], PlainValidator(_object)] = NOT_GIVEN
    author: ShortText = ""
    role: Annotated[str, one_of(("staff", "dsl", ""))] = ""
    recorded_at: Instant = NOT_GIVEN
    school: ShortText = ""


def _contents(
    payload: dict[str, Any], where: str, now: datetime
) -> tuple[str, Pupil, list[_Incoming], dict[str, Any] | None]:
    """The sending school's name for itself, the pupil and every entry, each checked as if typed here;
    IntegrityError (one line, nothing written) for anything school-log could not have written."""
    try:
        entries, claimed, described = payload["entries"], payload["school"], payload["pupil"]
        if manifest(entries) != payload["manifest"]:
            raise IntegrityError(f"{where}: an entry is missing or was changed (the manifest does not match)")
        if not isinstance(entries, list) or not isinstance(claimed, str) or not isinstance(described, dict):
            raise TypeError("contents")
    except (KeyError, TypeError, ValueError):
        raise IntegrityError(f"{where}: the bundle's contents are not a child-protection file") from None
    if not claimed.strip() or len(claimed) > MAX_SHORT or has_control(claimed, one_line=True):
        raise IntegrityError(f"{where}: the sending school's name is empty, too long or holds control characters")
    try:
        row = check_pupil("the pupil", described, local_day(now))
    except InputError as error:
        raise IntegrityError(f"{where}: {error} (in the bundle); nothing was written") from None
    head = payload.get("chain_head")
    if not (isinstance(head, dict) and isinstance(head.get("seq"), int) and isinstance(head.get("hash"), str)):
        head = None
    return claimed.strip(), row.as_pupil(""), _checked_entries(entries, where, now), head


def _checked_entries(raw_entries: Sequence[Any], where: str, now: datetime) -> list[_Incoming]:
    """Each entry checked as if typed here, its links pointing only at earlier entries of the bundle."""
    kinds: dict[str, str] = {}  # id in the bundle -> kind, for the entries before this one
    incoming = []
    for n, raw in enumerate(raw_entries, 1):
        try:
            sent = checked(_Sent, raw, f"entry {n}", now)
            values = parse_stored(sent.kind, sent.data, now)
        except InputError as error:
            raise IntegrityError(
                f"{where}: entry {n} of the bundle is not what school-log writes ({error}); nothing was written"
            ) from None
        for name in LINKS.get(sent.kind, ()):
            targets = values[name] if isinstance(values[name], tuple) else (values[name],) * bool(values[name])
            for target in targets:
                if target not in kinds:
                    raise IntegrityError(
                        f"{where}: entry {n} (a {sent.kind}) refers to an entry that is not in the bundle before "
                        f"it (its {name}); nothing was written"
                    )
                if kinds[target] not in _LINKED[name]:
                    raise IntegrityError(
                        f"{where}: entry {n} (a {sent.kind}) names a {kinds[target]} as its {name}; nothing was written"
                    )
        if sent.id in kinds:
            raise IntegrityError(f"{where}: entry {n} repeats the id of an earlier entry; nothing was written")
        kinds[sent.id] = sent.kind
        entry = KINDS[sent.kind](id=sent.id, pupil_id="", author_id="", recorded_at=sent.recorded_at, **values)
        digest = hashlib.sha256(canonical(raw)).hexdigest()
        incoming.append(_Incoming(entry, sent.author or "unknown", sent.role, sent.school, digest))
    return incoming


def _pinned(
    log: Sequence[Any], sender: PublicIdentity, claimed: str, expected: SchoolKey | None, vouch: Vouch, where: str
) -> tuple[str, dict[str, Any] | None]:
    """The sending school's name as its key was pinned here, and the pin to record with this import (None
    when the key was pinned before). A key no DSL vouched for is refused (AuthError), naming its fingerprint.

    A school has one pinned key at a time: vouching for a new key of a school replaces its earlier one, whose
    bundles are then refused too (a DSL who left that school may hold it).
    """
    pinned: dict[str, tuple[str, str]] = {}  # fingerprint -> (school, when pinned)
    for record in (r for r in log if r.kind == PIN):
        for replaced in record.data["replaces"]:
            pinned.pop(replaced, None)
        pinned[record.data["fingerprint"]] = (record.data["school"], record.created_at)
    fingerprint = sender.fingerprint
    if fingerprint in pinned:
        return pinned[fingerprint][0], None
    name = expected.school if expected else claimed
    before = {fp: at for fp, (school, at) in pinned.items() if school in (name, claimed)}
    if before:
        old, since = next(iter(before.items()))
        situation = f"{name}'s key changed: this school pinned {old} on {since[:10]}, this bundle is signed by"
        advice = f"if {name} changed its key (a DSL left), check the new fingerprint with their DSL on the phone"
    else:
        situation = f"a first bundle from {claimed!r}, signed by"
        advice = "check the fingerprint with that school's DSL on the phone"
    how = None
    if expected is not None:
        how = "key file"
    elif vouch.fingerprint is not None:
        if _plain(vouch.fingerprint) != _plain(fingerprint):
            raise IntegrityError(
                f"{where}: signed by key {fingerprint}, not the fingerprint given ({vouch.fingerprint}); "
                "nothing was written"
            )
        how = "fingerprint given"
    elif vouch.ask is not None and vouch.ask(f"{situation} key {fingerprint}: {advice}. Trust this key?"):
        how = "confirmed at the prompt"
    if how is None:
        raise AuthError(
            f"{where}: {situation} key {fingerprint}, which no DSL here has vouched for: {advice}, then import "
            f"again with --trust {fingerprint} (or --from THEIR_KEY_FILE); nothing was written"
        )
    pin = {"school": name, "fingerprint": fingerprint, "key": sender.to_data(), "how": how, "replaces": list(before)}
    return name, pin


def _plain(fingerprint: str) -> str:
    """A fingerprint as typed, read or pasted: case, spaces and dashes do not matter."""
    return "".join(fingerprint.split()).replace("-", "").upper()


def public_key(school: School) -> SchoolKey:
    """This school's published identity (made on first use)."""
    require_dsl(school)
    return own_key(school, create=True)


def _land(
    school: School,
    pupil: Pupil,
    entries: list[_Incoming],
    held: dict[str, str],
    record: dict[str, Any],
    first: list[Draft],
) -> None:
    """One transaction: `first` (the pin, the pupil if new), each entry not `held` already marked as
    transferred with its links re-pointed at the ids here of the entries of its bundle, and `transfer.in`."""
    me = school.session.account_id
    with school.session.transaction() as conn:
        if first:
            school.session.append_in(conn, *first)
        new_ids: dict[str, str] = {"": ""} | held  # bundle id -> id here ("" stays "": no decision superseded)
        for item in entries:
            entry = item.entry
            if entry.id in held:
                continue
            links: dict[str, Any] = {
                name: tuple(new_ids[v] for v in value) if isinstance(value, tuple) else new_ids[value]
                for name in LINKS.get(KIND_OF[type(entry)], ())
                for value in [getattr(entry, name)]
            }
            origin = Origin(
                school=item.school or record["from_school"],
                fingerprint=record["from"],
                author=item.author,
                role=item.role,
                recorded_at=entry.recorded_at,
                id=entry.id,
                bundle=record["bundle"],
            )
            landed = replace(entry, pupil_id=pupil.id, author_id=me, transferred=origin, **links)
            draft = Draft("entry", subject=pupil.id, kind=KIND_OF[type(entry)], data=to_payload(landed))
            new_ids[entry.id] = school.session.append_in(conn, draft)[0].id
        school.session.append_in(conn, Draft("audit", subject=SUBJECT, kind="transfer.in", data=record))


def _on_roll(school: School, upn: str) -> Pupil | None:
    try:
        return school.roster.pupil(upn)
    except InputError:
        return None
