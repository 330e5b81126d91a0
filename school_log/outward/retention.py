"""How long a child-protection file is kept, and how a reviewed file is destroyed.

The floor is date of birth + 25 years, then review: the period the IRMS Information
Management Toolkit for Schools sets for child-protection files, which school
policies adopt. The school's own period is a setting a DSL signs into the log (a
`retention.period` record: a change is a chained record like any other), never
below the floor; a record below it counts as the floor. A file's due date rests on
every date of birth the roster ever recorded for the pupil, the first recorded
included, whichever makes it latest: re-importing the roster with an older date of
birth does not bring a file forward.

A file that may matter to a public inquiry (IICSA and its successors) is never
destroyed: a DSL puts a legal hold on it, and lifts it, with a reason. Destroying a
reviewed file takes two DSLs where the school has two or more: one proposes
(`retention.proposed`), another confirms, and the tombstone names both; where the
school has one DSL the tombstone says so. Every record about the pupil is erased
(`storage.erasure`): entries, roster records, exports, transfers, the receipts
sent about their concerns, holds. What stays — the proposal and the tombstone — is
checked not to name the child.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from dataclasses import dataclass
from datetime import date

from school_log import receipts
from school_log.errors import AuthError, InputError
from school_log.local_time import day_of, local_today
from school_log.model import Pupil
from school_log.outward import transfer
from school_log.school import School
from storage import erasure
from storage.crypto import KdfParams, derive_kek
from storage.erasure import Purged
from storage.records import Draft, Opened

SUBJECT = "retention"
MINIMUM_YEARS = 25
MAXIMUM_YEARS = 150
#: The tombstone keeps a slow, salted check of the UPN, never the UPN: someone who holds the UPN can find the
#: destruction (`tombstone`), but trying every possible UPN against it costs years.
UPN_CHECK = KdfParams(memory_kib=16 * 1024, iterations=2, lanes=1)


@dataclass(frozen=True)
class Period:
    """The school's retention period; `set_by` None while no DSL has set one (the floor applies)."""

    years: int
    set_by: str | None = None
    at: str | None = None
    reason: str = ""


@dataclass(frozen=True)
class Hold:
    held: bool
    reason: str
    at: str


@dataclass(frozen=True)
class Proposal:
    """A DSL's proposal to destroy a reviewed file, waiting for another DSL to confirm it."""

    id: str
    by: str  # account id
    at: str
    reason: str


@dataclass(frozen=True)
class FileDue:
    """A pupil's file on the retention list."""

    pupil: Pupil
    due: date
    entries: int
    hold: Hold | None
    proposal: Proposal | None = None

    @property
    def held(self) -> bool:
        return self.hold is not None and self.hold.held


@dataclass(frozen=True)
class _Log:
    """The retention records, read once: the period, and per pupil the latest hold and proposal."""

    period: Period
    holds: dict[str, tuple[int, Hold]]  # pupil id -> (place in the chain, hold)
    proposals: dict[str, tuple[int, Proposal]]
    records: list[Opened]


def _read(school: School) -> _Log:
    _require_dsl(school)
    period = Period(MINIMUM_YEARS)
    holds: dict[str, tuple[int, Hold]] = {}
    proposals: dict[str, tuple[int, Proposal]] = {}
    records = school.session.read(("audit",), subjects=[SUBJECT], purpose="retention")
    for record in records:
        data = record.data
        if record.kind == "retention.period":
            years = max(MINIMUM_YEARS, int(data["years"]))  # never below the floor, whatever was signed
            period = Period(years, record.author, record.created_at, data["reason"])
        elif record.kind == "retention.hold":
            holds[data["pupil"]] = (record.seq, Hold(data["held"], data["reason"], record.created_at))
        elif record.kind == "retention.proposed":
            proposal = Proposal(record.id, record.author, record.created_at, data["reason"])
            proposals[data["pupil"]] = (record.seq, proposal)
    return _Log(period, holds, proposals, records)


def period(school: School) -> Period:
    """The school's retention period (DSL only)."""
    return _read(school).period


def set_period(school: School, years: int, reason: str) -> Period:
    """A DSL sets the school's retention period, with a reason: a chained record, never below the floor."""
    _require_dsl(school)
    if isinstance(years, bool) or not MINIMUM_YEARS <= years <= MAXIMUM_YEARS:
        raise InputError(
            f"retention period: {years} years is not allowed: a child-protection file is kept at least "
            f"{MINIMUM_YEARS} years from the date of birth (the IRMS toolkit's period), and at most {MAXIMUM_YEARS}"
        )
    reason = _reason(reason, "retention period", "e.g. the trust's policy")
    data = {"years": years, "reason": reason}
    appended = school.session.append(Draft("audit", subject=SUBJECT, kind="retention.period", data=data))[0]
    return Period(years, school.session.account_id, appended.created_at, reason)


def review_date(born: date, years: int) -> date:
    """Date of birth + `years`; someone born on 29 February is due on 28 February of a common year."""
    try:
        return born.replace(year=born.year + years)
    except ValueError:
        return born.replace(year=born.year + years, day=28)


def due_date(school: School, pupil: Pupil, years: int) -> date:
    """When the file is due for review: the latest that any date of birth ever recorded for the pupil gives."""
    return max(review_date(born, years) for born in school.roster.dates_of_birth(pupil))


def due_files(school: School, within_days: int = 0) -> list[FileDue]:
    """Every file due for review by today (+ `within_days`), soonest first; held files are listed, marked."""
    _require_dsl(school)
    if within_days < 0:
        raise InputError("retention: --within must be zero or more days")
    today = local_today(school.clock)
    log = _read(school)
    dsls = {a.id for a in school.staff.dsls()}
    due: dict[str, tuple[Pupil, date]] = {}
    # Whose files there are, from the subject index; only the files due are opened (and the read audited): the
    # dashboard asks this after every unlock, and opening every file took seconds.
    subjects = school.session.subjects("entry")
    pupils = school.roster.with_leavers(subjects)  # the roster read once, not again for each pupil not on roll
    for pupil_id in sorted(subjects):
        pupil = pupils.get(pupil_id)
        if pupil is None:
            continue  # no roster record left: nothing to review by date of birth
        when = due_date(school, pupil, log.period.years)
        if (when - today).days <= within_days:
            due[pupil_id] = (pupil, when)
    out = []
    for pupil_id, count in school.review.files("retention", sorted(due)).items():
        pupil, when = due[pupil_id]
        hold = log.holds.get(pupil.id)
        out.append(FileDue(pupil, when, count, hold[1] if hold else None, _pending(log, pupil.id, dsls)))
    return sorted(out, key=lambda f: (f.due, f.pupil.family_name, f.pupil.given_name))


def set_hold(school: School, pupil_ref: str, held: bool, reason: str) -> Hold:
    """Put a legal hold on a pupil's file, or lift it; either needs a reason. A hold also withdraws any
    proposal to destroy the file: after it is lifted, destroying needs a new proposal."""
    _require_dsl(school)
    reason = _reason(reason, "retention hold", "e.g. the inquiry's name")
    pupil = school.roster.pupil(pupil_ref)
    current = _read(school).holds.get(pupil.id)
    if held == (current is not None and current[1].held):
        raise InputError(f"retention: the file of {pupil.upn} is {'already' if held else 'not'} on legal hold")
    data = {"pupil": pupil.id, "held": held, "reason": reason}
    appended = school.session.append(Draft("audit", subject=SUBJECT, kind="retention.hold", data=data))[0]
    return Hold(held, reason, appended.created_at)


@dataclass(frozen=True)
class Proposed:
    """Destruction proposed; another DSL must confirm it."""

    upn: str
    proposal: str
    confirmers: tuple[str, ...]  # the names of the DSLs who may confirm


@dataclass(frozen=True)
class Destroyed:
    upn: str
    entries: int
    records: int
    tombstone: str
    proposed_by: str | None  # the name of the DSL who proposed it; None where the school has one DSL
    purged: Purged


def destroy(school: School, pupil_ref: str, reason: str) -> Proposed | Destroyed:
    """Propose destroying a reviewed file, or confirm another DSL's proposal and destroy it; a school
    with one DSL destroys at once, and the tombstone says so. Only when due and not on legal hold.

    Every record about the pupil is emptied in place (see `storage.erasure`), so `verify` still passes and
    shows that records were erased, when and by whom, and how many of each kind — nothing else.
    """
    _require_dsl(school)
    reason = _reason(reason, "retention destroy", "the review's outcome")
    pupil = school.roster.pupil(pupil_ref)
    _refuse_naming(reason, school, pupil)
    log = _read(school)
    due = due_date(school, pupil, log.period.years)
    if local_today(school.clock) < due:
        raise InputError(f"retention: the file of {pupil.upn} is not due for review until {due.isoformat()}")
    hold = log.holds.get(pupil.id)
    if hold is not None and hold[1].held:
        raise InputError(
            f"retention: the file of {pupil.upn} is on legal hold ({hold[1].reason}); nothing was destroyed"
        )
    me, names = school.session.account_id, {a.id: a.name for a in school.staff.members()}
    dsls = {a.id: a.name for a in school.staff.dsls()}
    if set(dsls) == {me}:
        return _erase(school, pupil, reason, log, None, names)
    proposal = _pending(log, pupil.id, set(dsls))
    if proposal is None:
        data = {"pupil": pupil.id, "reason": reason}
        appended = school.session.append(Draft("audit", subject=SUBJECT, kind="retention.proposed", data=data))[0]
        return Proposed(pupil.upn, appended.id, tuple(name for id_, name in dsls.items() if id_ != me))
    if proposal.by == me:
        raise InputError(
            f"retention: you proposed destroying the file of {pupil.upn} on {day_of(proposal.at)}: "
            "another DSL must confirm it"
        )
    return _erase(school, pupil, reason, log, proposal, names)


def _erase(
    school: School, pupil: Pupil, reason: str, log: _Log, proposal: Proposal | None, names: dict[str, str]
) -> Destroyed:
    entries = school.session.read(("entry",), subjects=[pupil.id], purpose="retention review")
    kinds = Counter(r.kind for r in entries)
    data = {
        "pupil": pupil.id,
        "reason": reason,
        "retention_years": log.period.years,
        "entries": dict(kinds),
        "proposal": None if proposal is None else {"id": proposal.id, "by": proposal.by, "reason": proposal.reason},
        "sole_dsl": proposal is None,  # the school had no second DSL to confirm it
        "upn_check": _upn_check(pupil.upn, os.urandom(16)),
    }
    about = _filed_elsewhere(school, pupil, log, {r.id for r in entries})
    erased = erasure.erase(school.session, pupil.id, about, "retention.destroyed", data)
    school.forget_reads()
    by = None if proposal is None else names.get(proposal.by, "a former DSL")
    return Destroyed(pupil.upn, sum(kinds.values()), erased.records, erased.tombstone, by, erased.purged)


def _upn_check(upn: str, salt: bytes) -> dict[str, str]:
    return {"salt": salt.hex(), "digest": derive_kek(upn.strip().upper(), salt, UPN_CHECK).hex()}


@dataclass(frozen=True)
class Tombstone:
    """What is left of a destroyed file: when, who confirmed it and who proposed it (or that the school had
    one DSL), the reasons, the retention period and how many entries of each kind — never what they said."""

    upn: str
    at: str
    confirmed_by: str
    proposed_by: str | None
    proposal_reason: str
    reason: str
    retention_years: int
    entries: dict[str, int]


def tombstone(school: School, upn: str) -> Tombstone:
    """The destruction of the file of the pupil with this UPN (DSL only; the reading is audited), found by
    the tombstone's check of the UPN; InputError when no destroyed file matches it."""
    _require_dsl(school)
    names = {a.id: a.name for a in school.staff.members()}
    ids = erasure.tombstone_ids(school.session.vault)
    found = school.session.read(("audit",), ids=ids, purpose="retention show") if ids else []
    for record in reversed(found):
        check = record.data.get("upn_check") if record.kind == "retention.destroyed" else None
        if not isinstance(check, dict) or _upn_check(upn, bytes.fromhex(check["salt"])) != check:
            continue
        data = record.data
        proposal = data.get("proposal") or {}
        return Tombstone(
            upn.strip().upper(),
            record.created_at,
            names.get(record.author, "a former DSL"),
            None if data.get("sole_dsl") else names.get(proposal.get("by", ""), "a former DSL"),
            proposal.get("reason", ""),
            data["reason"],
            int(data["retention_years"]),
            dict(data["entries"]),
        )
    raise InputError(f"retention show: no destroyed file matches {upn.strip()!r} (a file still kept is in 'retention')")


def purge(school: School) -> Purged:
    """Wipe what destroyed files left in the store's files now (a destroy does it too, when it can)."""
    _require_dsl(school)
    return erasure.purge(school.session.vault)


def _filed_elsewhere(school: School, pupil: Pupil, log: _Log, entry_ids: set[str]) -> list[str]:
    """Records about the pupil filed under another subject: their transfers (out, in, the receipt
    confirming one and a withdrawal), legal holds, and the receipts teachers were sent about their concerns."""
    transfers = school.session.read(("audit",), subjects=[transfer.SUBJECT], purpose="retention")
    moved = [r for r in transfers if r.kind in ("transfer.out", "transfer.in") and r.data.get("pupil") == pupil.id]
    bundles = {r.data["bundle"] for r in moved}
    answered = ("transfer.confirmed", transfer.WITHDRAWN)
    confirmed = [r for r in transfers if r.kind in answered and r.data.get("bundle") in bundles]
    holds = [r for r in log.records if r.kind == "retention.hold" and r.data.get("pupil") == pupil.id]
    return [r.id for r in (*moved, *confirmed, *holds)] + receipts.sent_about(school, entry_ids)


def _pending(log: _Log, pupil_id: str, dsls: set[str]) -> Proposal | None:
    """The proposal to destroy the file by a DSL still in post, unless a hold was put on or lifted since
    (that withdraws it)."""
    proposed = log.proposals.get(pupil_id)
    held = log.holds.get(pupil_id)
    if proposed is None or proposed[1].by not in dsls or (held is not None and held[0] > proposed[0]):
        return None
    return proposed[1]


def _reason(reason: str, what: str, example: str) -> str:
    reason = reason.strip()
    if not reason:
        raise InputError(f"{what}: give the reason ({example})")
    return reason


def _refuse_naming(reason: str, school: School, pupil: Pupil) -> None:
    """The reason outlives the file, so it must not name the child: name, UPN or a date of birth."""
    words = {pupil.given_name, pupil.family_name, pupil.preferred_name, pupil.preferred_surname, pupil.upn}
    words |= {n for n in pupil.middle_names.split()}
    for born in school.roster.dates_of_birth(pupil):
        words |= {born.isoformat(), f"{born:%d/%m/%Y}", f"{born.day}/{born.month}/{born.year}"}
    for word in (w for w in words if len(w) >= 2):
        if re.search(rf"(?<!\w){re.escape(word)}(?!\w)", reason, re.IGNORECASE):
            raise InputError(
                "retention destroy: the reason stays in the log after the file is gone, so it must not name "
                "the pupil (their name, UPN or date of birth)"
            )


def _require_dsl(school: School) -> None:
    if not school.is_dsl:
        raise AuthError("only a DSL can see or change the retention of files")
