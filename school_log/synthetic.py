"""A synthetic school for demos and benchmarks: invented people, a realistic log, one seed.

Everything comes from `random.Random(seed)`, so the same parameters give the same
pupils, staff, households, dates and texts every time (record ids and ciphertexts
are random, as in any vault). Names combine common first names with invented
surnames; no real child or member of staff is described.

The log is written the way the school would have written it, day by day, each
record sealed and signed by its own author's unlocked account. To stay fast it
unlocks every author once and writes each school day in ONE transaction: the
vault's own `Session.append_in` seals and chains every record, and the record
time comes from the official clock override `SCHOOL_LOG_NOW`, set per batch and
restored afterwards.

What the log holds, and why it looks like a real school's, is `synthetic_plan`'s story;
the roll (calendar, pupils, households, staff) is `synthetic_roll`'s.
"""

from __future__ import annotations

import os
import random
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from school_log import forms
from school_log.clock import now as clock_now
from school_log.codec import KIND_OF, to_payload
from school_log.model import Addendum, Concern, Decision, Entry, Notification, ReferralOutcome
from school_log.school import School
from school_log.synthetic_plan import Planned, plan_school
from school_log.synthetic_text import PASSPHRASE_WORDS
from storage.accounts import create_vault
from storage.records import Draft
from storage.session import Session
from storage.vault import Vault


@dataclass(frozen=True)
class Account:
    username: str
    name: str
    role: str
    passphrase: str


@dataclass(frozen=True)
class SyntheticSchool:
    """What was built: where, who can log in, and the pupils worth looking at."""

    url: str
    name: str
    teacher: Account
    dsl: Account
    staff: tuple[Account, ...]
    pupils: int
    entries: int
    counts: dict[str, int]
    focus_upn: str  # the longest chronology
    concerning_upns: tuple[str, ...]
    seed: int
    now: datetime


def default_passphrases(seed: int) -> Callable[[str], str]:
    """Deterministic passphrases for synthetic accounts only (never for real ones)."""

    def passphrase_for(username: str) -> str:
        rng = random.Random(f"passphrase/{seed}/{username}")
        return " ".join(rng.sample(PASSPHRASE_WORDS, 3)) + f" {rng.randint(100, 999)}"

    return passphrase_for


# --- Writing the plan into a vault ------------------------------------------------------------


@contextmanager
def _frozen_clock() -> Iterator[Callable[[datetime], None]]:
    """Set `SCHOOL_LOG_NOW` while writing; restore whatever was there afterwards."""
    before = os.environ.get("SCHOOL_LOG_NOW")

    def set_now(moment: datetime) -> None:
        os.environ["SCHOOL_LOG_NOW"] = moment.isoformat()

    try:
        yield set_now
    finally:
        if before is None:
            os.environ.pop("SCHOOL_LOG_NOW", None)
        else:
            os.environ["SCHOOL_LOG_NOW"] = before


def _entry(p: Planned, pupil_id: str, author_id: str, ids: dict[int, str], at: datetime) -> Entry:
    """The domain object for a planned entry, checked by the same forms as the screens."""
    base = {"id": "", "pupil_id": pupil_id, "author_id": author_id, "recorded_at": at}
    if p.kind == "concern":
        values = forms.parse_concern(p.data)
        values.pop("pupil")
        return Concern(**base, **values)
    if p.kind == "notification":
        values = forms.parse_notification(p.data)
        values.pop("pupil")
        return Notification(**base, **values)
    if p.kind == "decision":
        values = forms.parse_decision(p.data | {"covers": [ids[k] for k in p.covers]})
        return Decision(**base, **values)
    if p.kind == "addendum":
        return Addendum(**base, refers_to=ids[p.refers_to], **forms.parse_addendum(p.data))  # type: ignore[index]
    values = forms.parse_referral_outcome(p.data | {"decision": ids[p.refers_to]})  # type: ignore[index]
    values.pop("decision")
    return ReferralOutcome(**base, decision_id=ids[p.refers_to], **values)  # type: ignore[index]


def _part_of_day(minute: int) -> int:
    """0 before noon (decisions, notifications), 1 midday, 2 after the 15:15 bell (concerns)."""
    return 0 if minute < 12 * 60 else 1 if minute < 15 * 60 + 15 else 2


def build_school(
    url: str,
    *,
    pupils: int = 2000,
    staff: int = 80,
    years: int = 5,
    entries: int = 50_000,
    seed: int = 1,
    passphrase_for: Callable[[str], str] | None = None,
    now: datetime | None = None,
    phase: str = "auto",
    progress: Callable[[str], None] | None = None,
) -> SyntheticSchool:
    """Create a vault at `url` holding a synthetic school; returns who can log in.

    `now` defaults to the clock (`SCHOOL_LOG_NOW` if set, else the real time); the log
    ends on the last school day before it. Refuses to touch an existing vault.
    """
    moment = now or clock_now()
    passphrase_for = passphrase_for or default_passphrases(seed)
    say = progress or (lambda _msg: None)
    plan = plan_school(pupils=pupils, staff=staff, years=years, entries=entries, seed=seed, now=moment, phase=phase)
    accounts = [Account(u, n, r, passphrase_for(u)) for u, n, r in plan.staff]
    head = next(a for a in reversed(accounts) if a.role == "dsl")
    first_day = min((p.day for p in plan.entries), default=moment.date())
    counts: dict[str, int] = defaultdict(int)
    with _frozen_clock() as set_now:
        set_now(datetime.combine(first_day - timedelta(days=7), time(8, 0), UTC))
        create_vault(url, plan.school_name, head.username, head.name, head.passphrase, simulated_clock=True)
        vault = Vault(url)
        admin = School(vault.unlock(head.username, head.passphrase))
        say(f"adding {len(accounts) - 1} staff accounts")
        for account in accounts:
            if account is not head:
                admin.add_staff(account.username, account.name, account.role, account.passphrase)
        admin.import_rows(plan.rows)
        pupil_ids = {p.upn: p.id for p in admin.pupils()}
        say("unlocking every author once")
        sessions: dict[str, Session] = {
            a.username: admin.session if a is head else vault.unlock(a.username, a.passphrase) for a in accounts
        }
        ids: dict[int, str] = {}
        by_day: dict[date, list[Planned]] = defaultdict(list)
        for p in plan.entries:
            by_day[p.day].append(p)
        say(f"writing {len(plan.entries)} entries over {len(by_day)} school days")
        for day in sorted(by_day):
            batch = by_day[day]
            with admin.session.transaction() as conn:
                # One run per author and part of the day (morning decisions, midday, after-school
                # write-ups), stamped with the time of its first entry: fewer, larger appends.
                # An entry pointing at one in its own run starts a new run (ids come from the append).
                runs: list[list[Planned]] = []
                current: dict[tuple[str, int], list[Planned]] = {}
                for p in batch:
                    slot = (p.author, _part_of_day(p.minute))
                    run = current.get(slot)
                    if run is None or any(q.key in (p.refers_to, *p.covers) for q in run):
                        run = current[slot] = []
                        runs.append(run)
                    run.append(p)
                for run in sorted(runs, key=lambda r: (r[0].minute, r[0].key)):
                    at = datetime.combine(day, time(run[0].minute // 60, run[0].minute % 60), UTC)
                    set_now(at)
                    session = sessions[run[0].author]
                    entries_ = [_entry(p, pupil_ids[p.pupil], session.account_id, ids, at) for p in run]
                    drafts = [
                        Draft("entry", subject=e.pupil_id, kind=KIND_OF[type(e)], data=to_payload(e)) for e in entries_
                    ]
                    appended = session.append_in(conn, *drafts)
                    for p, record in zip(run, appended, strict=True):
                        ids[p.key] = record.id
                        counts[p.kind] += 1
        for session in sessions.values():
            session.lock()
    teacher = next(a for a in accounts if a.role == "staff")
    return SyntheticSchool(
        url=url,
        name=plan.school_name,
        teacher=teacher,
        dsl=head,
        staff=tuple(accounts),
        pupils=len(plan.rows),
        entries=sum(counts.values()),
        counts=dict(counts),
        focus_upn=plan.focus_upn,
        concerning_upns=tuple(plan.concerning),
        seed=seed,
        now=moment,
    )
