"""The corpus as the program will receive it: pupils in households, and every entry on its day, in the CLI's JSON.

Each family writes `count` trajectories; each trajectory gets a household of its own
(its children, sometimes a brother or sister outside the story) and a start day in the
school year; every other pupil is in a household of background children with none,
one or two ordinary entries. Who writes each entry, and how they tick the boxes, is
the member of staff's habit (`people.HABITS`). Everything is seeded: the corpus is the
same on every run.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Any

from school_log.roster_files.rows import RosterRow
from school_log.upn import check_letter

# The families register themselves when their modules are imported.
from tests.replay_practice import (  # noqa: E402, F401, I001 - imported for their registrations
    background,
    benign_injuries,
    benign_life,
    escalating_care,
    escalating_exploitation,
    escalating_harm,
    escalating_routes,
    escalating_sexual,
)
from tests.replay_practice.calendar import blocks, local, school_days
from tests.replay_practice.people import FAMILY_NAMES, GIVEN, NAMES, staff_for
from tests.replay_practice.story import FAMILIES, Cast, Family, Home, Kid, Staff, Step, Trajectory, years

SEED = 2025
SCHOOL = "Brookfield Academy"
PUPILS_WANTED = 520
BACKGROUND = "background"
ALL_YEARS = years("N", "11")


@dataclass(frozen=True)
class Entry:
    """One entry to write: when, by whom, about whom, and the JSON the CLI's `record` or `notify` takes."""

    at: datetime  # UTC instant it is written
    author: str  # username
    kind: str  # "concern" | "notification"
    data: dict[str, Any]
    trajectory: str  # the trajectory's name (or "background: <child>")
    step: Step


@dataclass(frozen=True)
class Corpus:
    rows: tuple[RosterRow, ...]
    trajectories: tuple[Trajectory, ...]  # escalating and benign
    background: tuple[Trajectory, ...]  # one per background pupil with entries
    entries: tuple[Entry, ...]  # in the order they are written
    upn: dict[Kid, str]
    days: tuple[date, ...]  # every school day
    started: dict[str, date]  # trajectory name -> its first day

    def day_of(self, trajectory: Trajectory, step: Step) -> date:
        return self.days[self.days.index(self.started[trajectory.name]) + step.day]


class _Names:
    """Unique, seeded children's and adults' names."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.taken: set[str] = set()

    def child(self, sex: str, family_name: str, pool: str = "") -> Kid:
        given_pool = NAMES[pool][sex] if pool else GIVEN[sex]
        for _ in range(200):
            given = self.rng.choice(given_pool)
            if f"{given} {family_name}" not in self.taken:
                break
        self.taken.add(f"{given} {family_name}")
        return Kid(given, family_name, sex, "")

    def family(self, pool: str = "") -> str:
        return self.rng.choice(NAMES[pool]["family"] if pool else FAMILY_NAMES)

    def home(self) -> Home:
        pick = self.rng.choice
        return Home(
            mum=pick(GIVEN["F"]),
            dad=pick(GIVEN["M"]),
            partner=pick(("Lee", "Dean", "Craig", "Jason", "Wayne", "Gary", "Darren", "Kyle", "Ross", "Shane")),
            gran=pick(("Nana Pat", "Nanny Sue", "Grandma Jean", "Nan Carol", "Granny Rose")),
            baby=pick(("Alfie", "Oscar", "Teddy", "Leo", "Archie", "Rory", "Finn", "Noah")),
            baby_sex="M",
            baby_months=self.rng.randint(2, 6),
        )


def _born(year: str, rng: random.Random) -> date:
    """A date of birth for a child in `year` in 2025-26 (the English school year runs September to August)."""
    offset = {"N": -1, "R": 0}[year] if year in ("N", "R") else int(year)
    first = date(2020 - offset, 9, 1)
    return first + timedelta(days=rng.randrange(365))


def _upn(serial: int) -> str:
    rest = f"873402125{serial:03d}"
    letter = check_letter(rest)
    assert letter is not None
    return letter + rest


def _ticked(step: Step, staff: Staff, rng: random.Random) -> dict[str, Any]:
    """The JSON as this member of staff fills it in: the words in full, the boxes as their habit has it."""
    data = dict(step.data)
    if step.kind != "concern" or staff.habit == "thorough":
        return data
    categories = data.pop("categories", [])
    urgent = data.pop("urgent", False)
    if staff.habit == "brief":
        if categories:
            data["categories"] = categories[:1]
        if urgent and rng.random() < 0.5:
            data["urgent"] = True
    marks = []
    for given in data.get("body_marks", []):
        drawn = {key: value for key, value in given.items() if key != "witnessed_by"}
        if staff.habit == "minimal":
            drawn.pop("explained_by", None)
        marks.append(drawn)
    if marks:
        data["body_marks"] = marks
    return data


def _occurred(day: date, step: Step, days: tuple[date, ...]) -> datetime:
    if not step.happened:
        return local(day, step.at) - timedelta(minutes=20)
    when, _, clock = step.happened.rpartition(" ")
    if when == "prev":
        return local(day - timedelta(days=1), clock)
    if when == "last":
        return local(days[days.index(day) - 1], clock)
    return local(day, clock)


def _start(family: Family, span: int, days: tuple[date, ...], rng: random.Random) -> int:
    """A first day for a trajectory of `span` school days: anywhere it fits, or within one half-term
    (compact), or within its window (a festival)."""
    if family.window != ("", ""):
        first, last = (date.fromisoformat(d) for d in family.window)
        fitting = [n for n, d in enumerate(days) if first <= d <= last and n + span < len(days)]
        return rng.choice(fitting)
    if family.compact:
        block = rng.choice([b for b in blocks() if b[1] - b[0] > span])
        return rng.randint(block[0], block[1] - span)
    return rng.randint(0, len(days) - span - 2)


def build(seed: int = SEED, every_box: bool = False) -> Corpus:
    """The whole year's corpus, the same for the same seed. `every_box`: as if every member of staff were
    thorough (a diagnostic: how much of what the review misses is in the words only)."""
    rng = random.Random(seed)
    names = _Names(rng)
    days = school_days()
    households: list[list[Kid]] = []
    trajectories: list[Trajectory] = []
    started: dict[str, date] = {}

    for family in FAMILIES:
        for v in range(family.count):
            year_choices, sexes = family.telling(v)
            surname = names.family(family.names)
            k = replace(names.child(rng.choice(sexes), surname, family.names), year=rng.choice(year_choices))
            sibs = [
                replace(names.child(rng.choice("FM"), surname, family.names), year=rng.choice(spec))
                for spec in family.sibs
            ]
            home = names.home()
            household = [k, *sibs]
            if rng.random() < 0.25:  # a brother or sister the story is not about
                household.append(replace(names.child(rng.choice("FM"), surname), year=rng.choice(ALL_YEARS)))
            turn = rng.randrange(6)
            cast = Cast(k, sibs, home, v, lambda kid, role, turn=turn: staff_for(kid, role, turn))
            steps = tuple(family.write(cast))
            name = f"{family.name} #{v + 1}: {k.full} ({k.label})"
            trajectory = Trajectory(name, family, (k, *sibs), steps)
            start = _start(family, max(step.day for step in steps), days, rng)
            started[name] = days[start]
            trajectories.append(trajectory)
            households.append(household)

    while sum(len(h) for h in households) < PUPILS_WANTED:
        surname = names.family()
        households.append(
            [
                replace(names.child(rng.choice("FM"), surname), year=rng.choice(ALL_YEARS))
                for _ in range(rng.choice((1, 1, 2, 2, 3)))
            ]
        )

    rows: list[RosterRow] = []
    upn: dict[Kid, str] = {}
    for number, household in enumerate(households, 1):
        for kid in household:
            upn[kid] = _upn(len(rows) + 1)
            flags = tuple(flag for flag, chance in (("sen", 0.1), ("eal", 0.12)) if rng.random() < chance)
            rows.append(
                RosterRow(
                    upn[kid],
                    kid.given,
                    kid.family,
                    _born(kid.year, rng),
                    kid.year,
                    f"H{number:04d}",
                    sex=kid.sex,
                    flags=flags,
                )
            )

    in_stories = {kid for trajectory in trajectories for kid in trajectory.kids}
    background_stories: list[Trajectory] = []
    for household in households:
        for kid in household:
            if kid in in_stories:
                continue
            steps = tuple(background.ordinary(kid, rng.choice((0, 0, 1, 1, 1, 2))))
            if not steps:
                continue
            name = f"{BACKGROUND}: {kid.full} ({kid.label})"
            family = Family(BACKGROUND, False, "ordinary entries", lambda cast: [], (ALL_YEARS,), 1)
            story = Trajectory(name, family, (kid,), steps)
            started[name] = days[rng.randint(0, len(days) - 35)]
            background_stories.append(story)

    entries: list[Entry] = []
    for story in (*trajectories, *background_stories):
        turn = sum(map(ord, story.name))
        for step in story.steps:
            day = days[days.index(started[story.name]) + step.day]
            staff = staff_for(step.pupil, step.author, turn)
            data = {"pupil": upn[step.pupil]}
            if step.kind != "health":  # a record on file, not something that happened
                data["occurred_at"] = _occurred(day, step, days).isoformat()
            habit = replace(staff, habit="thorough") if every_box else staff
            data |= _ticked(step, habit, random.Random(f"{story.name}/{step.day}/{step.at}"))
            entries.append(Entry(local(day, step.at), staff.username, step.kind, data, story.name, step))
    entries.sort(key=lambda e: (e.at, e.trajectory))
    return Corpus(tuple(rows), tuple(trajectories), tuple(background_stories), tuple(entries), upn, days, started)
