"""A term at a primary school, replayed through the review a DSL triages every day at 16:00.

115 pupils (synthetic): 15 whose record escalates into a picture that should be
referred, 15 with ordinary worries and accidents that should not be, including
two staff-witnessed accidents within 28 days, and 85 with the odd ordinary entry.
Every entry is the JSON the CLI takes (checked by `school_log.forms.inputs`); each school
day at 16:00 the DSL reads the review (`assess` and `sort_key`, as `Review.dashboard`
runs them) and decides on everything unreviewed: a "consider referral" prompt
about an escalating child is referred, a false one is closed as no further
action; a "review" gets the decision the story says a DSL would make then.

Measured: recall (escalating pupils ever prompted "consider referral"), on time
(prompted by the triage of the day the picture was complete), benign prompted.
Run `python -m tests.replay_term` for the table; `tests/test_replay.py` holds it to
the targets.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from school_log.forms import inputs as forms
from school_log.model import Concern, Decision, Entry, Notification, Pupil, ReviewItem
from school_log.patterns.engine import assess, sort_key

TERM_START = date(2026, 9, 7)  # a Monday
HALF_TERM = (date(2026, 10, 26), date(2026, 10, 30))
TRIAGE = time(16, 0)
STAFF = ("t1", "t2", "t3", "t4", "t5", "t6")
DSL = "dsl"


def school_days() -> list[date]:
    days, day = [], TERM_START
    while len(days) < 70:
        if day.weekday() < 5 and not HALF_TERM[0] <= day <= HALF_TERM[1]:
            days.append(day)
        day += timedelta(days=1)
    return days


DAYS = school_days()


def mark(region: str, type: str = "bruise", **kw: Any) -> dict[str, Any]:
    view = "back" if region.endswith("-back") or region in ("upper-back", "lower-back") else "front"
    return {"view": view, "region": region, "type": type, **kw}


def seen(region: str, type: str, by: str) -> dict[str, Any]:
    return mark(region, type, witnessed_by=by)


@dataclass(frozen=True)
class Event:
    """One entry on a school day (index into `DAYS`): a concern, or an agency notification."""

    day: int
    what: str
    author: str = "t1"
    marks: tuple[dict[str, Any], ...] = ()
    categories: tuple[str, ...] = ()
    urgent: bool = False
    child_words: str = ""
    agency: str = ""  # set: a notification the DSL records


@dataclass(frozen=True)
class Story:
    name: str
    escalating: bool
    events: tuple[Event, ...]
    due: int = 0  # escalating: the event by whose triage a referral prompt is due
    review_decision: str = ""  # what the DSL decides on a "review" ("" = monitor / no further action)
    age: int = 8
    witnessed_pair: bool = False  # benign: two staff-witnessed accidents within 28 days


E = Event


def told(region: str, text: str, by: str = "child", type: str = "bruise", **kw: Any) -> dict[str, Any]:
    """A mark with the account someone gave of it."""
    return mark(region, type, explanation=text, explained_by=by, **kw)


ESCALATING = (
    Story("unexplained upper-arm bruises", True, (
        E(3, "Bruise on the upper arm, 3 cm; shrugged when asked", marks=(mark("left-upper-arm-front"),)),
        E(12, "Another bruise, forearm", "t2", marks=(told("right-forearm-front", "don't know"),)),
    ), due=1),
    Story("neglect then injury (Pelka)", True, (
        E(5, "Eating leftovers out of the bins before school", "t2", categories=("neglect",)),
        E(9, "Very hungry at break, took food from others", "t3", categories=("neglect",)),
        E(15, "Bruise on the shin; mum says fell down the stairs",
          marks=(told("left-shin", "fell down the stairs", "parent"),)),
    ), due=2),
    Story("loop-shaped mark", True, (
        E(20, "Loop-shaped red marks on the back of the thigh",
          marks=(told("left-thigh-back", "fell", shape="loop-shaped"),)),
    )),
    Story("sexual abuse disclosure", True, (
        E(11, "Disclosed that an adult at home touches her", categories=("sexual",), urgent=True,
          child_words="He touches me"),
    )),
    Story("FGM risk", True, (E(30, "Spoke of a special ceremony on a visit abroad", categories=("fgm",)),)),
    Story("nursery ear bruise", True, (
        E(14, "Bruise on the ear; carer says fell off the sofa", marks=(told("right-ear", "fell off sofa", "carer"),)),
    ), age=3),
    Story("accounts differ", True, (
        E(25, "Bruise on the cheek", marks=(
            told("left-cheek", "dad pushed me"),
            told("left-jaw", "fell off his scooter", "parent"),
        )),
    )),
    Story("three staff worried", True, (
        E(10, "Very withdrawn, won't join in", "t1", categories=("emotional",)),
        E(18, "Flinched when I raised my hand to the board", "t2", categories=("emotional",)),
        E(30, "Says she doesn't want to go home", "t3", categories=("emotional",)),
    ), due=2),
    Story("injury after an injury NFA", True, (
        E(5, "Graze on the knee; fell in the playground", marks=(told("left-knee-front", "fell over", type="graze"),)),
        E(35, "Bruise on the forearm", "t2", marks=(told("left-forearm-front", "walked into a door"),)),
    ), due=1, review_decision="no-further-action"),
    Story("police call-out near a worry", True, (
        E(20, "Tearful all morning, said there was shouting at home", categories=("emotional",)),
        E(22, "Police attended a domestic incident at the home; child present", DSL, agency="police"),
    ), due=1),
    Story("neglect again after monitor", True, (
        E(4, "Unkempt, smelling of urine, same clothes all week", categories=("neglect",)),
        E(16, "Hungry again, no packed lunch", "t2"),
    ), due=1),
    Story("self-harm again after monitor", True, (
        E(8, "Scratches on the forearm; says did it herself", categories=("self-harm",),
          marks=(told("left-forearm-front", "I did it", type="scratch"),)),
        E(30, "Fresh cuts on the other arm", "t2", categories=("self-harm",)),
    ), due=1, age=10),
    Story("criminal exploitation", True, (
        E(40, "New trainers and phone, seen with older youths, missed the afternoon", categories=("cce",)),
    ), age=11),
    Story("slow drip of bruises", True, (
        E(10, "Bruise on the shin; football", marks=(told("left-shin", "football"),)),
        E(40, "Bruise on the cheek; says fell", "t2", marks=(told("right-cheek", "fell"),)),
        E(60, "Bruise on the forearm; says fell", "t3", marks=(told("right-forearm-front", "fell"),)),
    ), due=2),
    Story("domestic abuse disclosure", True, (
        E(33, "Said dad hit mum last night and she hid under the bed", categories=("domestic-abuse",), urgent=True),
    )),
)  # fmt: skip

BENIGN = (
    Story("two witnessed playground accidents", False, (
        E(12, "Fell in the playground, grazed knee", "t4", marks=(seen("left-knee-front", "graze", "Ms Lee, lunch"),)),
        E(22, "Bumped forehead on the climbing frame", "t5", marks=(seen("forehead", "swelling", "Mr Ray, lunch"),)),
    ), witnessed_pair=True),
    Story("two witnessed PE accidents", False, (
        E(6, "Twisted ankle in PE", "t6", marks=(seen("right-ankle-front", "swelling", "Mr Patel, PE"),)),
        E(15, "Hockey stick caught the shin in PE", "t6", marks=(seen("left-shin", "bruise", "Mr Patel, PE"),)),
    ), witnessed_pair=True),
    Story("witnessed accidents, cheek and elbow", False, (
        E(31, "Ball hit the cheek in PE", "t6", marks=(seen("left-cheek", "mark", "Mr Patel, PE"),)),
        E(40, "Pushed over in a game, scraped elbow", "t4", categories=("child-on-child",),
          marks=(seen("left-elbow-back", "graze", "Ms Lee, lunch"),)),
    ), witnessed_pair=True),
    Story("sports injuries seen by the coach", False, (
        E(8, "Knee grazed in football club", "t5",
          marks=(told("right-knee-front", "slid on the pitch", type="graze", witnessed_by="Mr Cole, coach"),)),
        E(33, "Knee bruised in football club", "t5",
          marks=(told("right-knee-front", "a tackle", witnessed_by="Mr Cole, coach"),)),
    )),
    Story("parents separating", False, (
        E(9, "Tearful, says mum and dad are splitting up", categories=("emotional",)),
        E(29, "Upset again about the separation", "t2", categories=("emotional",)),
    )),
    Story("bereavement", False, (
        E(14, "Grandad died at the weekend; tearful", categories=("emotional",)),
        E(24, "Cried in assembly, missing grandad", categories=("emotional",)),
    )),
    Story("explained bike graze", False, (
        E(19, "Graze on the hands; fell off bike, mum said the same", marks=(
            told("left-hand-front", "fell off my bike", type="graze"),
            told("right-hand-front", "Fell off my bike", "parent", type="graze"),
        )),
    )),
    Story("late twice", False, (
        E(3, "Late again, mum's car broke down", categories=("attendance",)),
        E(18, "Late, overslept", categories=("attendance",)),
    )),
    Story("accident then SATs worry", False, (
        E(7, "Bumped head on a table; first aid", "t4", marks=(seen("forehead", "swelling", "Ms Lee, lunch"),)),
        E(50, "Anxious about SATs, couldn't sleep", categories=("mental-health",)),
    ), age=10),
    Story("three witnessed accidents in a term", False, (
        E(5, "Fell off the trim trail; graze", "t4", marks=(seen("left-knee-front", "graze", "Ms Lee, lunch"),)),
        E(25, "Tripped on the step; graze", "t5", marks=(seen("right-knee-front", "graze", "Mr Ray, lunch"),)),
        E(50, "Collided in tag; bruised shin", "t6", marks=(seen("right-shin", "bruise", "Mr Patel, PE"),)),
    )),
    Story("trampoline bruises, same account", False, (
        E(10, "Bruised shins; trampoline", marks=(
            told("left-shin", "fell off the trampoline"),
            told("right-shin", "fell off the trampoline", "parent"),
        )),
        E(25, "Another shin bruise, trampoline again", "t2", marks=(
            told("left-shin", "trampoline"),
            told("right-shin", "trampoline", "parent"),
        )),
    )),
    Story("friendship fallout", False, (
        E(12, "Upset after falling out with her best friend", categories=("emotional",)),
        E(41, "Friendship problems again at lunch", "t4", categories=("emotional",)),
    )),
    Story("moving house", False, (
        E(20, "Worried about moving house and school", categories=("mental-health",)),
        E(38, "Still anxious about the move", categories=("mental-health",)),
    ), review_decision="monitor"),
    Story("sunburn from the beach", False, (
        E(2, "Sunburnt shoulders after the weekend",
          marks=(told("left-shoulder-front", "sunburn at the beach", "parent", type="burn"),)),
    )),
    Story("forgot PE kit and tired after a late night", False, (
        E(16, "Forgot PE kit again", categories=("other",)),
        E(44, "Tired after a family party", categories=("other",)),
    )),
)  # fmt: skip

ORDINARY = (
    E(0, "Upset after a fall-out at lunch", categories=("emotional",)),
    E(0, "Fell in the playground; first aid", "t4", marks=(seen("left-knee-front", "graze", "Ms Lee, lunch"),)),
    E(0, "Late twice this week", categories=("attendance",)),
    E(0, "Said a child online was unkind", categories=("online",)),
)


@dataclass
class Outcome:
    story: Story
    pupil: Pupil
    prompted_on: int | None = None  # first triage that said "consider referral"
    due_on: int | None = None


@dataclass
class Replay:
    outcomes: list[Outcome] = field(default_factory=list)
    background: list[Outcome] = field(default_factory=list)

    def rate(self, rows: list[Outcome]) -> float:
        return sum(1 for o in rows if o.prompted_on is not None) / len(rows) if rows else 0.0

    @property
    def escalating(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.story.escalating]

    @property
    def benign(self) -> list[Outcome]:
        return [o for o in self.outcomes if not o.story.escalating]

    @property
    def recall(self) -> float:
        return self.rate(self.escalating)

    @property
    def on_time(self) -> float:
        rows = self.escalating
        late = [o for o in rows if o.prompted_on is None or o.prompted_on > o.due_on]  # type: ignore[operator]
        return 1 - len(late) / len(rows)

    @property
    def benign_prompted(self) -> float:
        return self.rate(self.benign)

    @property
    def witnessed_prompted(self) -> float:
        return self.rate([o for o in self.benign if o.story.witnessed_pair])


def _pupil(n: int, age: int) -> Pupil:
    born = date(TERM_START.year - age, 1 + n % 8, 1 + n % 28)  # before September: `age` all term
    year = {3: "N2", 4: "R"}.get(age, str(age - 4))
    return Pupil(f"p{n}", f"A{n:012d}", f"Child{n}", "Example", born, year, f"h{n}")


def _at(day: int, minute: int) -> datetime:
    return datetime.combine(DAYS[day], time(9, 0), UTC) + timedelta(minutes=minute)


def _entry(pupil: Pupil, event: Event, n: int) -> Entry:
    at = _at(event.day, 10 * (n % 30))
    base = {"id": f"e{pupil.id}-{n}", "pupil_id": pupil.id, "author_id": event.author, "recorded_at": at}
    if event.agency:
        data = {"pupil": pupil.upn, "agency": event.agency, "kind": "operation-encompass", "summary": event.what}
        values = forms.parse_notification(data, at)
        values.pop("pupil")
        return Notification(**base, **(values | {"occurred_at": at - timedelta(hours=8)}))
    data = {
        "pupil": pupil.upn,
        "what_happened": event.what,
        "categories": list(event.categories),
        "urgent": event.urgent,
        "child_words": event.child_words,
        "body_marks": list(event.marks),
    }
    values = forms.parse_concern(data, at)
    values.pop("pupil")
    return Concern(**base, **(values | {"occurred_at": at}))


def _decide(pupil: Pupil, item: ReviewItem, entries: list[Entry], day: int, outcome: str, n: int) -> Decision:
    covered = {i for d in entries if isinstance(d, Decision) for i in d.covers}
    open_ids = tuple(e.id for e in entries if isinstance(e, Concern | Notification) and e.id not in covered)
    data = {"outcome": outcome, "level": 4 if outcome.startswith("refer") else 2, "rationale": "Triage at 16:00."}
    if outcome.startswith("refer"):
        data["agency"] = "Children's social care"
    values = forms.parse_decision(data)
    values["covers"] = open_ids
    at = datetime.combine(DAYS[day], TRIAGE, UTC)
    return Decision(id=f"d{pupil.id}-{n}", pupil_id=pupil.id, author_id=DSL, recorded_at=at, **values)


def _background(rng: random.Random, start: int) -> Iterator[tuple[Story, Pupil]]:
    for k in range(85):
        picks = [
            E(rng.randrange(len(DAYS)), *_fields(rng.choice(ORDINARY))) for _ in range(rng.choice((0, 0, 1, 1, 2)))
        ]
        events = tuple(sorted(picks, key=lambda e: e.day))
        yield Story(f"background {k}", False, events), _pupil(start + k, rng.randrange(5, 12))


def _fields(e: Event) -> tuple[Any, ...]:
    return (e.what, e.author, e.marks, e.categories)


def replay(seed: int = 10) -> Replay:
    """The term, day by day; a triage at 16:00 each school day."""
    rng = random.Random(seed)
    cast = [(s, _pupil(n, s.age)) for n, s in enumerate((*ESCALATING, *BENIGN))]
    cast += list(_background(rng, len(cast)))
    result, outcomes = Replay(), {}
    records: dict[str, list[Entry]] = {p.id: [] for _, p in cast}
    for story, pupil in cast:
        outcome = Outcome(story, pupil, due_on=story.events[story.due].day if story.escalating else None)
        outcomes[pupil.id] = outcome
        (result.outcomes if not story.name.startswith("background") else result.background).append(outcome)
    counter = 0
    for day in range(len(DAYS)):
        for story, pupil in cast:
            for i, event in enumerate(story.events):
                if event.day == day:
                    records[pupil.id].append(_entry(pupil, event, i))
        now = datetime.combine(DAYS[day], TRIAGE, UTC)
        items = [item for _, p in cast if (item := assess(p, records[p.id], now=now)) is not None]
        for item in sorted(items, key=sort_key):
            outcome = outcomes[item.pupil.id]
            story = outcome.story
            if item.unreviewed == 0:
                continue
            if item.prompt == "consider-referral":
                outcome.prompted_on = day if outcome.prompted_on is None else outcome.prompted_on
                decision = "refer-social-care" if story.escalating else "no-further-action"
            else:
                decision = story.review_decision or ("monitor" if story.escalating else "no-further-action")
            counter += 1
            records[item.pupil.id].append(_decide(item.pupil, item, records[item.pupil.id], day, decision, counter))
    return result


def main() -> None:
    r = replay()
    print(f"{'pupil':<44} {'kind':<10} {'due':>5} {'prompted':>9}")
    for o in r.outcomes:
        due = "" if o.due_on is None else DAYS[o.due_on].isoformat()[5:]
        got = "—" if o.prompted_on is None else DAYS[o.prompted_on].isoformat()[5:]
        print(f"{o.story.name:<44} {'escalates' if o.story.escalating else 'benign':<10} {due:>5} {got:>9}")
    with_entries = [o for o in r.background if o.story.events]
    print(
        f"\nrecall {r.recall:.0%} ({len(r.escalating)} escalating), on time {r.on_time:.0%},"
        f" benign prompted {r.benign_prompted:.0%} ({len(r.benign)}),"
        f" witnessed-accident pupils prompted {r.witnessed_prompted:.0%},"
        f" background prompted {r.rate(with_entries):.0%} ({len(with_entries)} with entries)"
    )


if __name__ == "__main__":
    main()
