"""The plan of a synthetic school's log: every entry decided up front from one seed.

Pure and deterministic (no vault, no crypto): `synthetic.build.build_school` writes it.
Everything comes from one `random.Random(seed)`, so the phases, and the draws in
them, run in a fixed order. Shape of the log (tuned so a DSL's review list looks
like a real school's):

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
* one long-running "focus" pupil has about 200 entries (a benchmark chronology);
* asked for, pupils who left over the years (`leavers`): their files were written while they were on
  roll, and they are recorded as left (a 25-year history: `synthetic.history`).
"""

from __future__ import annotations

import itertools
import random
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from school_log.roster_files.rows import RosterRow
from school_log.synthetic.history import days_on_roll, on_roll_from, past_pupils
from school_log.synthetic.marks import Mark, mark
from school_log.synthetic.roll import (
    academic_start,
    households,
    school_days,
    staff_accounts,
)
from school_log.synthetic.words import (
    ACCIDENT_REGIONS,
    ACTIONS,
    CATEGORY_WEIGHTS,
    CHILD_WORDS,
    CONCERNING_REGIONS,
    DECISION_WEIGHTS,
    DECISIONS,
    DISCLOSURES,
    LOCATIONS,
    REFERRAL_AGENCIES,
    SURNAME_HEADS,
    TEXTS,
)


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


def _when(p: Planned) -> tuple[date, int, int]:
    """The order entries happen in: day, minute, then creation (key)."""
    return p.day, p.minute, p.key


def _night_before(day: date, at: time) -> str:
    """When an incident reported on `day` happened: the evening or night before."""
    return datetime.combine(day - timedelta(days=1), at, UTC).isoformat()


class _Planner:
    """Plans one school phase by phase. Every phase draws from one `random.Random(seed)`,
    so the phases (and the draws inside them) must run in this order for a seed to replay."""

    # Set by the phases, in order.
    teachers: list[str]
    dsls: list[str]
    usual: dict[str, list[str]]  # each pupil's usual three adults
    focus: RosterRow
    concerning: list[RosterRow]
    special: set[str]  # UPNs of the focus and concerning pupils

    def __init__(
        self, *, pupils: int, staff: int, years: int, entries: int, seed: int, now: datetime, phase: str, leavers: int
    ):
        self.rng = random.Random(seed)
        self.n_pupils, self.n_staff, self.n_entries, self.seed = pupils, staff, entries, seed
        self.n_leavers = leavers
        phase = phase if phase != "auto" else ("primary" if pupils <= 800 else "secondary")
        self.lowest, self.highest = (-1, 6) if phase == "primary" else (7, 13)
        self.today = now.date()
        self.start_year = academic_start(self.today)
        name = f"{self.rng.choice(SURNAME_HEADS)}field {'Primary School' if phase == 'primary' else 'Academy'}"
        self.plan = Plan(name, phase, [], [])
        self.rows, self.out = self.plan.rows, self.plan.entries
        self.days = school_days(self.today - timedelta(days=365 * years), self.today - timedelta(days=1))
        self.index = {d: i for i, d in enumerate(self.days)}
        self.keys = itertools.count(1)
        self.open_episode: set[int] = set()  # concern keys the DSL has not yet decided (recent patterns)
        self.pending: dict[str, list[Planned]] = defaultdict(list)  # undecided entries by pupil
        self.due: dict[int, list[str]] = defaultdict(list)  # school-day index -> pupils to decide that day
        self.referrals: list[Planned] = []  # refer-social-care decisions, awaiting an outcome

    # --- Phases ---

    def roll(self) -> None:
        """Pupils in households, then the staff; each pupil then gets three usual adults,
        who write most of their concerns."""
        self.rows.extend(
            households(self.rng, self.n_pupils, self.seed, range(self.lowest, self.highest + 1), self.today)
        )
        self.plan.staff.extend(staff_accounts(self.rng, self.n_staff))
        self.teachers = [u for u, _, r in self.plan.staff if r == "staff"]
        self.dsls = [u for u, _, r in self.plan.staff if r == "dsl"]
        self.usual = {row.upn: self.rng.sample(self.teachers, min(3, len(self.teachers))) for row in self.rows}

    def past_pupils(self) -> None:
        """The pupils who left during the years planned, each with three usual adults (`synthetic.history`:
        a stream of their own, so with none the school is as before)."""
        if not self.n_leavers:
            return
        years, used = range(self.lowest, self.highest + 1), {row.upn for row in self.rows}
        gone, usual = past_pupils(self.seed, self.n_leavers, years, self.days, used, self.teachers)
        self.rows.extend(gone)
        self.usual |= usual

    def special_pupils(self) -> None:
        """About 3% of pupils get a concerning episode and one gets a long case; all were on roll
        early enough to have a history (when the roll allows)."""
        on_roll = [r for r in self.rows if r.left_on is None]
        eligible = [
            r for r in on_roll if on_roll_from(r, self.start_year, self.lowest) <= self.days[0] + timedelta(days=200)
        ] or on_roll
        n = max(2, round(self.n_pupils * 0.03))
        pool = eligible if len(eligible) >= n + 1 else on_roll
        picked = self.rng.sample(pool, min(len(on_roll) - 1, n + 1))
        self.focus, self.concerning = picked[0], picked[1:]
        self.plan.focus_upn, self.plan.concerning = self.focus.upn, [r.upn for r in self.concerning]
        self.special = {self.focus.upn, *self.plan.concerning}

    def concerning_episodes(self) -> None:
        """The patterns a DSL must spot, one scenario per pupil in turn; the first half (at least
        two) are recent and left undecided so they are on today's review list."""
        scenarios = ("injury", "neglect", "police", "reporters")
        for n, row in enumerate(self.concerning):
            recent = n < max(2, len(self.concerning) // 2)
            keys = self._episode(row, scenarios[n % len(scenarios)], recent)
            if recent:
                self.open_episode.update(keys)

    def ordinary_concerns(self) -> None:
        """About half the log: a heavy tail where a third of pupils never worry anyone and a few
        worry staff often. Special pupils are left out; they have their own story."""
        n_concerns = max(len(self.rows), int(self.n_entries * 0.49))
        weights = [
            0.0 if self.rng.random() < 0.35 or row.upn in self.special else min(self.rng.paretovariate(1.4), 12.0)
            for row in self.rows
        ]
        total_w = sum(weights) or 1.0
        for row, w in zip(self.rows, weights, strict=True):
            k = round(n_concerns * w / total_w)
            valid = days_on_roll(self.days, row, self.start_year, self.lowest)
            if k and valid:
                self._ordinary_pupil(row, k, valid)

    def focus_case(self) -> None:
        """One long-running case (about 200 entries) gives the benchmarks a real chronology."""
        rng, focus = self.rng, self.focus
        valid = days_on_roll(self.days, focus, self.start_year, self.lowest) or self.days
        for day in sorted(rng.sample(valid, min(len(valid), 90, max(5, self.n_entries // 12)))):
            chosen = (rng.choice(("emotional", "neglect", "attendance", "physical", "domestic-abuse")),)
            marks: list[Mark] = []
            if chosen[0] == "physical":
                marks = [mark(rng, *rng.choice(ACCIDENT_REGIONS + CONCERNING_REGIONS))]
            self._concern(focus, day, self._author_for(focus.upn), chosen, marks)
        for day in sorted(rng.sample(valid, min(len(valid), 12, 1 + self.n_entries // 200))):
            ref, present = f"OE-{rng.randint(10000, 99999)}", rng.random() < 0.5
            summary = "Police called to the home; verbal argument."
            self._encompass(focus.upn, day, rng.choice(self.dsls), 8 * 60 + 5, ref, time(23, 5), summary, present)

    def decisions(self) -> None:
        """DSLs decide each pupil's waiting entries together a few school days after the first,
        so only the last few days and the open episodes are left for today's review."""
        for p in sorted((p for p in self.out if p.kind in ("concern", "notification")), key=_when):
            if p.key in self.open_episode or self.rng.random() < 0.002:  # open, or a rare miss
                continue
            if not self.pending[p.pupil]:
                self.due[self.index[p.day] + self.rng.choice((1, 1, 2, 3))].append(p.pupil)
            self.pending[p.pupil].append(p)
        for i, day in enumerate(self.days):
            for upn in self.due.pop(i, []):
                batch = self._take_batch(upn, i)
                if batch:
                    self._decide(upn, day, batch)

    def referral_outcomes(self) -> None:
        """Social care answers a referral one to three weeks later (if that is before today)."""
        rng = self.rng
        for p in self.referrals:
            j = self.index[p.day] + rng.randint(5, 15)
            if j < len(self.days):
                result = rng.choice(("accepted", "s17", "s47", "no-further-action", "stepped-down"))
                data = {"outcome": result, "notes": "Outcome phoned through by the duty social worker."}
                minute = 12 * 60 + rng.randint(0, 60)
                self._add("referral-outcome", p.author, p.pupil, self.days[j], minute, data, refers_to=p.key)

    def addenda(self) -> None:
        """A few concerns get a follow-up from their author, the same day or soon after."""
        rng, concerns = self.rng, [p for p in self.out if p.kind == "concern"]
        for p in rng.sample(concerns, min(len(concerns), int(self.n_entries * 0.04))):
            j = self.index[p.day] + rng.choice((0, 0, 1, 2))
            if j < len(self.days):
                when = p.minute + 20 if j == self.index[p.day] else rng.randint(12 * 60, 16 * 60)
                data = {"text": "Update: spoke to the parent at pick-up; they gave the same account."}
                self._add("addendum", p.author, p.pupil, self.days[j], min(when, 23 * 60), data, refers_to=p.key)

    def finished(self) -> Plan:
        """The plan, its entries in the order they happened."""
        self.out.sort(key=_when)
        return self.plan

    # --- Helpers for the phases ---

    def _author_for(self, upn: str) -> str:
        """Mostly one of the pupil's usual adults; sometimes a DSL or any teacher."""
        r = self.rng.random()
        if r < 0.75:
            return self.rng.choice(self.usual[upn])
        return self.rng.choice(self.dsls) if r < 0.8 else self.rng.choice(self.teachers)

    def _episode(self, row: RosterRow, scenario: str, recent: bool) -> list[int]:
        """Five entries within forty school days, ending in the last week if `recent`; returns their keys."""
        rng = self.rng
        valid = days_on_roll(self.days, row, self.start_year, self.lowest) or self.days
        if recent:
            end = len(valid) - 1 - rng.randint(0, 4)
        else:
            end = rng.randrange(len(valid) // 4, max(len(valid) // 4 + 1, len(valid) - 60))
        span = [valid[max(0, end - k)] for k in sorted(rng.sample(range(40), 5), reverse=True)]
        keys: list[int] = []
        region = rng.choice(CONCERNING_REGIONS)
        for i, day in enumerate(span):
            author = rng.choice(self.teachers)
            if scenario == "injury" or (scenario == "neglect" and i % 2):
                p = self._injury(row, day, author, region, i)
            elif scenario == "neglect":
                p = self._concern(row, day, author, ("neglect",))
            elif scenario == "police":
                dsl, ref = rng.choice(self.dsls), f"OE-{rng.randint(10000, 99999)}"
                summary = "Police attended a domestic incident at the home overnight."
                minute = 8 * 60 + rng.randint(0, 30)
                keys.append(self._encompass(row.upn, day, dsl, minute, ref, time(22, 40), summary, True).key)
                p = self._concern(row, day, author, ("emotional", "domestic-abuse"))
            else:  # "reporters": several staff worried at once
                p = self._concern(row, day, author, (rng.choice(("emotional", "mental-health", "neglect")),))
            keys.append(p.key)
        return keys

    def _injury(self, row: RosterRow, day: date, author: str, region: tuple[str, str], i: int) -> Planned:
        """Bruising to the same region again: the third time fingertip-shaped, the second a disclosure."""
        shape = "fingertip" if i == 2 else ""
        explained = self.rng.random() < 0.3
        m = mark(self.rng, region[0], region[1], "bruise", explained, shape)
        if explained and i == 1:
            m["explanation"], m["explained_by"] = DISCLOSURES[region[1]], "child"
        text = f"Bruising seen on {region[1].replace('-', ' ')}; {row.given_name} went quiet when asked."
        return self._concern(row, day, author, ("physical",), [m], text=text)

    def _ordinary_pupil(self, row: RosterRow, k: int, valid: list[date]) -> None:
        """`k` concerns on random school days, some with accidental marks, and now and then
        information shared by an agency."""
        rng = self.rng
        cats, cat_w = tuple(CATEGORY_WEIGHTS), tuple(CATEGORY_WEIGHTS.values())
        for day in sorted(rng.choice(valid) for _ in range(k)):
            chosen = tuple(dict.fromkeys(rng.choices(cats, cat_w, k=rng.choice((1, 1, 1, 2)))))
            marks: list[Mark] = []
            if "physical" in chosen or "self-harm" in chosen or rng.random() < 0.08:
                view, region = rng.choice(ACCIDENT_REGIONS)
                marks = [mark(rng, view, region, explained=rng.random() < 0.85)]
            self._concern(row, day, self._author_for(row.upn), chosen, marks)
        n_notes = rng.choice((1, 2, 3)) if rng.random() < 0.06 else 0
        for day in sorted(rng.choice(valid) for _ in range(n_notes)):
            agency = rng.choice(("police", "health", "social-care"))
            note = {
                "pupil": row.upn,
                "agency": agency,
                "kind": "operation-encompass" if agency == "police" else "other",
                "occurred_at": _night_before(day, time(16, 0)),
                "summary": "Agency shared information about the family for the school's awareness.",
            }
            self._add("notification", rng.choice(self.dsls), row.upn, day, 8 * 60 + rng.randint(0, 40), note)

    def _take_batch(self, upn: str, i: int) -> list[Planned]:
        """The pupil's entries from before day `i`; later ones wait for their own turn."""
        waiting = self.pending.pop(upn, [])
        batch = [p for p in waiting if self.index[p.day] < i]
        rest = [p for p in waiting if self.index[p.day] >= i]
        if rest:
            self.pending[upn] = rest
            self.due[max(i + 1, self.index[rest[0].day] + self.rng.choice((1, 1, 2, 3)))].append(upn)
        return batch

    def _decide(self, upn: str, day: date, batch: list[Planned]) -> None:
        """One decision covering the batch; special pupils are escalated more often."""
        rng = self.rng
        if upn in self.special and rng.random() < 0.5:
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
        if outcome in ("monitor", "early-help") and (self.today - day).days < 45:
            data["review_by"] = (day + timedelta(days=28)).isoformat()
        covers = tuple(b.key for b in batch)
        p = self._add("decision", rng.choice(self.dsls), upn, day, 8 * 60 + rng.randint(30, 110), data, covers=covers)
        if outcome == "refer-social-care":
            self.referrals.append(p)

    def _concern(
        self, row: RosterRow, day: date, author: str, cats: tuple[str, ...], marks: Sequence[Mark] = (), text: str = ""
    ) -> Planned:
        """A concern written up after school about something seen during the day."""
        rng = self.rng
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
            "urgent": False,
            "body_marks": list(marks),
        }
        if rng.random() < 0.3:
            data["opinion"] = "In my view this is out of character and worth watching."
        return self._add("concern", author, row.upn, day, minute, data)

    def _encompass(
        self, upn: str, day: date, author: str, minute: int, ref: str, at: time, summary: str, present: bool
    ) -> Planned:
        """A police Operation Encompass notice, logged the morning after the call-out."""
        data = {
            "pupil": upn,
            "agency": "police",
            "kind": "operation-encompass",
            "occurred_at": _night_before(day, at),
            "reference": ref,
            "summary": summary,
            "child_present": present,
        }
        return self._add("notification", author, upn, day, minute, data)

    def _add(
        self,
        kind: str,
        author: str,
        upn: str,
        day: date,
        minute: int,
        data: dict[str, Any],
        *,
        covers: tuple[int, ...] = (),
        refers_to: int | None = None,
    ) -> Planned:
        """Append an entry under the next key, so keys follow the order entries are planned."""
        p = Planned(next(self.keys), kind, author, upn, day, minute, data, covers, refers_to)
        self.out.append(p)
        return p


def plan_school(
    *,
    pupils: int = 2000,
    staff: int = 80,
    years: int = 5,
    entries: int = 50_000,
    seed: int = 1,
    now: datetime,
    phase: str = "auto",
    leavers: int = 0,
) -> Plan:
    """Everything to write, decided up front from the seed (no vault, no crypto).

    The phases share one random stream, so their order here is part of what a seed means."""
    planner = _Planner(
        pupils=pupils, staff=staff, years=years, entries=entries, seed=seed, now=now, phase=phase, leavers=leavers
    )
    planner.roll()
    planner.past_pupils()
    planner.special_pupils()
    planner.concerning_episodes()
    planner.ordinary_concerns()
    planner.focus_case()
    planner.decisions()
    planner.referral_outcomes()
    planner.addenda()
    return planner.finished()
