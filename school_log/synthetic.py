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

Shape of the log (tuned so a DSL's review list looks like a real school's):

* about a third of pupils never cause a concern; the rest follow a heavy tail;
* categories are mostly emotional, attendance, mental health, neglect and
  physical; FGM and radicalisation are rare;
* about one concern in five carries body marks (real region ids), mostly the
  accidental sites (knees, shins, elbows, forehead) with the child's explanation;
* about 3% of pupils have a genuinely concerning episode: recurrent injuries to
  one region, neglect with injury, police Operation Encompass calls, several
  staff worried at once; recent episodes are left for the DSL to decide now;
* the DSLs decide almost every concern within a few school days (so the review
  list is the last few days plus the real patterns, not the whole school);
* one long-running "focus" pupil has about 200 entries (a benchmark chronology).
"""

from __future__ import annotations

import os
import random
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from school_log import forms
from school_log.clock import now as clock_now
from school_log.codec import KIND_OF, to_payload
from school_log.model import (
    Addendum,
    Concern,
    Decision,
    Entry,
    Notification,
    ReferralOutcome,
)
from school_log.roster_files import RosterRow
from school_log.school import School
from school_log.synthetic_text import (
    ACCIDENT_EXPLANATIONS,
    ACCIDENT_REGIONS,
    ACTIONS,
    CATEGORY_WEIGHTS,
    CHILD_WORDS,
    CONCERNING_REGIONS,
    DECISION_WEIGHTS,
    DECISIONS,
    FIRST_NAMES,
    LOCATIONS,
    PASSPHRASE_WORDS,
    REFERRAL_AGENCIES,
    SURNAME_HEADS,
    SURNAMES,
    TEXTS,
)
from storage.accounts import create_vault
from storage.records import Draft
from storage.vault import Session, Vault


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


# --- The plan: pure and deterministic -------------------------------------------------------


@dataclass
class Planned:
    """One entry to write: `key` is local; covers/refers_to name other keys."""

    key: int
    kind: str  # concern | notification | decision | addendum | referral-outcome
    author: str  # username
    pupil: str  # UPN
    day: date
    minute: int  # minutes after midnight UTC when it is recorded
    data: dict[str, Any]
    covers: tuple[int, ...] = ()
    refers_to: int | None = None


@dataclass
class Plan:
    school_name: str
    phase: str
    rows: list[RosterRow]
    staff: list[tuple[str, str, str]]  # username, name, role
    entries: list[Planned] = field(default_factory=list)
    focus_upn: str = ""
    concerning: list[str] = field(default_factory=list)


def school_days(start: date, end: date) -> list[date]:
    """Weekdays in term time (no August, no Christmas/Easter fortnights, no half-term weeks)."""
    days, d = [], start
    while d <= end:
        holiday = (
            d.weekday() >= 5
            or d.month == 8
            or (d.month == 7 and d.day > 22)
            or (d.month == 12 and d.day > 19)
            or (d.month == 1 and d.day < 4)
            or (d.month == 4 and d.day < 15)
            or (d.month in (2, 10) and 14 <= d.day <= 20)
            or (d.month == 5 and d.day > 25)
        )
        if not holiday:
            days.append(d)
        d += timedelta(days=1)
    return days


def _academic_start(d: date) -> int:
    return d.year if d.month >= 9 else d.year - 1


def year_group(born: date, on: date) -> int:
    """National curriculum year on `on` (0 = Reception, -1 = Nursery) from the date of birth."""
    aug31 = date(_academic_start(on), 8, 31)
    age = aug31.year - born.year - ((aug31.month, aug31.day) < (born.month, born.day))
    return age - 4


def _year_label(y: int) -> str:
    return {-1: "N", 0: "R"}.get(y, str(y))


def _upn(rng: random.Random, used: set[str]) -> str:
    while True:
        upn = rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ") + "".join(rng.choice("0123456789") for _ in range(12))
        if upn not in used:
            used.add(upn)
            return upn


def plan_school(
    *,
    pupils: int = 2000,
    staff: int = 80,
    years: int = 5,
    entries: int = 50_000,
    seed: int = 1,
    now: datetime,
    phase: str = "auto",
) -> Plan:
    """Everything to write, decided up front from the seed (no vault, no crypto)."""
    rng = random.Random(seed)
    phase = phase if phase != "auto" else ("primary" if pupils <= 800 else "secondary")
    lowest, highest = (-1, 6) if phase == "primary" else (7, 13)
    today = now.date()
    start_year = _academic_start(today)
    name = f"{rng.choice(SURNAME_HEADS)}field {'Primary School' if phase == 'primary' else 'Academy'}"

    # Households and pupils.
    rows: list[RosterRow] = []
    used: set[str] = set()
    household_no = 0
    while len(rows) < pupils:
        household_no += 1
        size = min(pupils - len(rows), rng.choices((1, 2, 3, 4), (70, 22, 6, 2))[0])
        family = rng.choice(SURNAMES)
        years_in = rng.sample(range(lowest, highest + 1), min(size, highest - lowest + 1))
        for y in years_in:
            first = date(start_year - y - 5, 9, 1)
            born = first + timedelta(days=rng.randrange(365))
            assert year_group(born, today) == y
            flags = tuple(
                f
                for f, p in (("sen", 0.12), ("eal", 0.15), ("cin", 0.015), ("cp-plan", 0.006), ("looked-after", 0.008))
                if rng.random() < p
            )
            given = rng.choice(FIRST_NAMES)
            preferred = rng.choice(FIRST_NAMES[:10]) if rng.random() < 0.03 else ""
            rows.append(
                RosterRow(
                    _upn(rng, used),
                    given,
                    family if rng.random() < 0.9 else rng.choice(SURNAMES),
                    born,
                    _year_label(y),
                    f"H{seed % 1000:03d}-{household_no:05d}",
                    preferred,
                    rng.choice("FM"),
                    flags,
                )
            )

    # Staff: t001 is the demo teacher; the last few are DSLs (the very last is the demo DSL).
    n_dsl = max(2, min(4, staff // 20))
    staff_list = []
    for i in range(1, staff + 1):
        role = "dsl" if i > staff - n_dsl else "staff"
        staff_list.append((f"t{i:03d}", f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}", role))
    teachers = [u for u, _, r in staff_list if r == "staff"]
    dsls = [u for u, _, r in staff_list if r == "dsl"]

    days = school_days(today - timedelta(days=365 * years), today - timedelta(days=1))
    plan = Plan(name, phase, rows, staff_list)
    out = plan.entries
    key_counter = iter(range(1, 10**9))

    def on_roll_from(row: RosterRow) -> date:
        y = -1 if row.year_group == "N" else 0 if row.year_group == "R" else int(row.year_group)
        return date(start_year - (y - lowest), 9, 1)

    usual: dict[str, list[str]] = {row.upn: rng.sample(teachers, min(3, len(teachers))) for row in rows}

    def author_for(upn: str) -> str:
        r = rng.random()
        if r < 0.75:
            return rng.choice(usual[upn])
        return rng.choice(dsls) if r < 0.8 else rng.choice(teachers)

    def concern(
        row: RosterRow,
        day: date,
        author: str,
        cats: tuple[str, ...],
        marks: list[dict] | None = None,
        text: str | None = None,
        urgent: bool = False,
    ) -> Planned:
        minute = rng.randint(15 * 60 + 20, 17 * 60 + 50)
        occurred = rng.randint(8 * 60 + 40, 15 * 60)
        data = {
            "pupil": row.upn,
            "occurred_at": datetime.combine(day, time(occurred // 60, occurred % 60), UTC).isoformat(),
            "location": rng.choice(LOCATIONS),
            "categories": list(cats),
            "what_happened": text or rng.choice(TEXTS[cats[0]]).format(n=row.preferred_name or row.given_name),
            "child_words": rng.choice(CHILD_WORDS),
            "action_taken": rng.choice(ACTIONS),
            "urgent": urgent,
            "body_marks": marks or [],
        }
        if rng.random() < 0.3:
            data["opinion"] = "In my view this is out of character and worth watching."
        return Planned(next(key_counter), "concern", author, row.upn, day, minute, data)

    def mark(view: str, region: str, kind: str = "", explained: bool = True, shape: str = "") -> dict:
        m = {
            "view": view,
            "region": region,
            "type": kind or rng.choice(("bruise", "graze", "cut", "scratch", "bruise")),
            "x": round(rng.random(), 3),
            "y": round(rng.random(), 3),
            "size_mm": rng.randint(5, 60),
            "colour": rng.choice(("red", "blue", "purple", "yellow-green")),
            "shape": shape,
        }
        if explained:
            m |= {
                "explanation": rng.choice(ACCIDENT_EXPLANATIONS),
                "explained_by": rng.choice(("child", "child", "parent")),
            }
        return m

    # Concerning pupils (about 3%), at least two of them recent enough to be on today's list.
    eligible = [r for r in rows if on_roll_from(r) <= days[0] + timedelta(days=200)] or rows
    n_concerning = max(2, round(pupils * 0.03))
    concerning = rng.sample(
        eligible if len(eligible) >= n_concerning + 1 else rows, min(len(rows) - 1, n_concerning + 1)
    )
    focus, concerning = concerning[0], concerning[1:]
    plan.focus_upn, plan.concerning = focus.upn, [r.upn for r in concerning]
    special = {focus.upn} | set(plan.concerning)
    scenarios = ("injury", "neglect", "police", "reporters")
    open_episode: set[int] = set()  # concern keys the DSL has not yet decided (recent patterns)

    for n, row in enumerate(concerning):
        scenario = scenarios[n % len(scenarios)]
        recent = n < max(2, len(concerning) // 2)
        valid = [d for d in days if d >= on_roll_from(row)] or days
        end = (
            len(valid) - 1 - rng.randint(0, 4)
            if recent
            else rng.randrange(len(valid) // 4, max(len(valid) // 4 + 1, len(valid) - 60))
        )
        span = [valid[max(0, end - k)] for k in sorted(rng.sample(range(40), 5), reverse=True)]
        keys: list[int] = []
        region = rng.choice(CONCERNING_REGIONS)
        for i, day in enumerate(span):
            author = rng.choice(teachers)
            if scenario == "injury" or (scenario == "neglect" and i % 2):
                shape = "fingertip" if i == 2 else ""
                explained = rng.random() < 0.3
                m = mark(region[0], region[1], "bruise", explained, shape)
                if explained and i == 1:
                    m["explanation"], m["explained_by"] = "dad grabbed my arm", "child"
                p = concern(
                    row,
                    day,
                    author,
                    ("physical",),
                    [m],
                    text=f"Bruising seen on {region[1].replace('-', ' ')}; {row.given_name} went quiet when asked.",
                )
            elif scenario == "neglect":
                p = concern(row, day, author, ("neglect",))
            elif scenario == "police":
                dsl = rng.choice(dsls)
                note = {
                    "pupil": row.upn,
                    "agency": "police",
                    "kind": "operation-encompass",
                    "occurred_at": datetime.combine(day - timedelta(days=1), time(22, 40), UTC).isoformat(),
                    "reference": f"OE-{rng.randint(10000, 99999)}",
                    "summary": "Police attended a domestic incident at the home overnight.",
                    "child_present": True,
                }
                out.append(
                    Planned(next(key_counter), "notification", dsl, row.upn, day, 8 * 60 + rng.randint(0, 30), note)
                )
                keys.append(out[-1].key)
                p = concern(row, day, author, ("emotional", "domestic-abuse"))
            else:
                p = concern(row, day, author, (rng.choice(("emotional", "mental-health", "neglect")),))
            out.append(p)
            keys.append(p.key)
        if recent:
            open_episode.update(keys)

    # Ordinary concerns: a heavy tail over the rest of the roll.
    n_concerns = max(len(rows), int(entries * 0.49))
    weights = []
    for row in rows:
        w = 0.0 if rng.random() < 0.35 or row.upn in special else min(rng.paretovariate(1.4), 12.0)
        weights.append(w)
    total_w = sum(weights) or 1.0
    cats, cat_w = tuple(CATEGORY_WEIGHTS), tuple(CATEGORY_WEIGHTS.values())
    for row, w in zip(rows, weights, strict=True):
        k = round(n_concerns * w / total_w)
        valid = [d for d in days if d >= on_roll_from(row)]
        if not k or not valid:
            continue
        for day in sorted(rng.choice(valid) for _ in range(k)):
            chosen = tuple(dict.fromkeys(rng.choices(cats, cat_w, k=rng.choice((1, 1, 1, 2)))))
            marks = None
            if "physical" in chosen or "self-harm" in chosen or rng.random() < 0.08:
                view, region = rng.choice(ACCIDENT_REGIONS)
                marks = [mark(view, region, explained=rng.random() < 0.85)]
            out.append(concern(row, day, author_for(row.upn), chosen, marks))
        for day in sorted(rng.choice(valid) for _ in range(rng.choice((1, 2, 3)) if rng.random() < 0.06 else 0)):
            note = {
                "pupil": row.upn,
                "agency": rng.choice(("police", "health", "social-care")),
                "kind": "other",
                "occurred_at": datetime.combine(day - timedelta(days=1), time(16, 0), UTC).isoformat(),
                "summary": "Agency shared information about the family for the school's awareness.",
            }
            if note["agency"] == "police":
                note["kind"] = "operation-encompass"
            out.append(
                Planned(
                    next(key_counter), "notification", rng.choice(dsls), row.upn, day, 8 * 60 + rng.randint(0, 40), note
                )
            )

    # The focus pupil: a long-running case, about 200 entries in all over the years.
    valid = [d for d in days if d >= on_roll_from(focus)] or days
    for day in sorted(rng.sample(valid, min(len(valid), 90, max(5, entries // 12)))):
        chosen = (rng.choice(("emotional", "neglect", "attendance", "physical", "domestic-abuse")),)
        marks = [mark(*rng.choice(ACCIDENT_REGIONS + CONCERNING_REGIONS))] if chosen[0] == "physical" else None
        out.append(concern(focus, day, author_for(focus.upn), chosen, marks))
    for day in sorted(rng.sample(valid, min(len(valid), 12, 1 + entries // 200))):
        note = {
            "pupil": focus.upn,
            "agency": "police",
            "kind": "operation-encompass",
            "occurred_at": datetime.combine(day - timedelta(days=1), time(23, 5), UTC).isoformat(),
            "reference": f"OE-{rng.randint(10000, 99999)}",
            "summary": "Police called to the home; verbal argument.",
            "child_present": rng.random() < 0.5,
        }
        out.append(Planned(next(key_counter), "notification", rng.choice(dsls), focus.upn, day, 8 * 60 + 5, note))

    # The DSLs decide: every concern and notification gets a decision a few school days
    # later (several about one pupil together), except the last few days, the open
    # concerning episodes and a rare miss. Then some addenda and referral outcomes.
    index = {d: i for i, d in enumerate(days)}
    reviewable = sorted(
        (p for p in out if p.kind in ("concern", "notification")), key=lambda p: (p.day, p.minute, p.key)
    )
    pending: dict[str, list[Planned]] = defaultdict(list)
    due: dict[int, list[str]] = defaultdict(list)
    for p in reviewable:
        if p.key in open_episode or rng.random() < 0.002:
            continue
        if not pending[p.pupil]:
            due[index[p.day] + rng.choice((1, 1, 2, 3))].append(p.pupil)
        pending[p.pupil].append(p)
    decided_refer: list[Planned] = []
    for i, day in enumerate(days):
        for upn in due.pop(i, []):
            waiting = pending.pop(upn, [])
            batch = [p for p in waiting if index[p.day] < i]
            rest = [p for p in waiting if index[p.day] >= i]
            if rest:
                pending[upn] = rest
                due[max(i + 1, index[rest[0].day] + rng.choice((1, 1, 2, 3)))].append(upn)
            if not batch:
                continue
            if upn in special and rng.random() < 0.5:
                outcome, level = rng.choice((("refer-social-care", 3), ("early-help", 3), ("consult", 2)))
            else:
                outcome, level = rng.choices(DECISIONS, DECISION_WEIGHTS)[0]
            data: dict[str, Any] = {
                "outcome": outcome,
                "level": level,
                "rationale": f"Read the record and spoke to staff; {outcome.replace('-', ' ')} is proportionate now.",
            }
            if outcome in REFERRAL_AGENCIES:  # a referral names the agency (forms.parse_decision insists)
                data["agency"] = REFERRAL_AGENCIES[outcome]
            if outcome == "refer-social-care":
                data["reference"] = f"MASH-{rng.randint(1000, 9999)}"
            if outcome in ("monitor", "early-help") and (today - day).days < 45:
                data["review_by"] = (day + timedelta(days=28)).isoformat()
            p = Planned(
                next(key_counter),
                "decision",
                rng.choice(dsls),
                upn,
                day,
                8 * 60 + rng.randint(30, 110),
                data,
                covers=tuple(b.key for b in batch),
            )
            out.append(p)
            if outcome == "refer-social-care":
                decided_refer.append(p)
    for p in decided_refer:
        j = index[p.day] + rng.randint(5, 15)
        if j < len(days):
            result = rng.choice(("accepted", "s17", "s47", "no-further-action", "stepped-down"))
            out.append(
                Planned(
                    next(key_counter),
                    "referral-outcome",
                    p.author,
                    p.pupil,
                    days[j],
                    12 * 60 + rng.randint(0, 60),
                    {"outcome": result, "notes": "Outcome phoned through by the duty social worker."},
                    refers_to=p.key,
                )
            )
    concerns_all = [p for p in out if p.kind == "concern"]
    for p in rng.sample(concerns_all, min(len(concerns_all), int(entries * 0.04))):
        j = index[p.day] + rng.choice((0, 0, 1, 2))
        if j < len(days):
            when = p.minute + 20 if j == index[p.day] else rng.randint(12 * 60, 16 * 60)
            out.append(
                Planned(
                    next(key_counter),
                    "addendum",
                    p.author,
                    p.pupil,
                    days[j],
                    min(when, 23 * 60),
                    {"text": "Update: spoke to the parent at pick-up; they gave the same account."},
                    refers_to=p.key,
                )
            )
    out.sort(key=lambda p: (p.day, p.minute, p.key))
    return plan


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
        create_vault(url, plan.school_name, head.username, head.name, head.passphrase)
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
