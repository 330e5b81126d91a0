"""How a trajectory is written: the children in it, the steps staff and agencies take, and the families.

A family of pattern is a function that, given a cast (the child, siblings, the adults at
home, the staff who would see them), returns the steps of one trajectory: concerns as a
member of staff would write them and notifications as the DSL would take them from an
agency, each on a school day counted from the trajectory's start. An escalating
trajectory marks exactly one step `acting=` with the reason from practice a competent
DSL would consider referral there; a benign one says why it is benign.

What the teacher writes in words is written in full here; which boxes get ticked is left
to the author's habit (see `people.HABITS`), applied when the corpus is built.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from school_log.body_regions import region as body_region


@dataclass(frozen=True)
class Kid:
    """A pupil in a trajectory, with the words for them a teacher would use."""

    given: str
    family: str
    sex: str  # "F" or "M"
    year: str  # "N", "R", "1".."11"

    @property
    def name(self) -> str:
        return self.given

    @property
    def full(self) -> str:
        return f"{self.given} {self.family}"

    @property
    def he(self) -> str:
        return "she" if self.sex == "F" else "he"

    @property
    def him(self) -> str:
        return "her" if self.sex == "F" else "him"

    @property
    def his(self) -> str:
        return "her" if self.sex == "F" else "his"

    @property
    def He(self) -> str:  # noqa: N802 - the capital is the point: a sentence starts with it
        return self.he.capitalize()

    @property
    def His(self) -> str:  # noqa: N802
        return self.his.capitalize()

    @property
    def boy(self) -> str:
        return "girl" if self.sex == "F" else "boy"

    @property
    def son(self) -> str:
        return "daughter" if self.sex == "F" else "son"

    @property
    def primary(self) -> bool:
        return self.year in ("N", "R") or int(self.year) <= 6

    @property
    def label(self) -> str:
        return {"N": "Nursery", "R": "Reception"}.get(self.year, f"Y{self.year}")


@dataclass(frozen=True)
class Home:
    """The adults (and a baby not on roll) in the household, by the names staff hear."""

    mum: str
    dad: str
    partner: str  # mum's new partner, or dad's, as the story needs
    gran: str
    baby: str
    baby_sex: str
    baby_months: int

    @property
    def baby_he(self) -> str:
        return "she" if self.baby_sex == "F" else "he"

    @property
    def baby_his(self) -> str:
        return "her" if self.baby_sex == "F" else "his"

    @property
    def baby_bro(self) -> str:
        return "sister" if self.baby_sex == "F" else "brother"


@dataclass(frozen=True)
class Staff:
    username: str
    name: str  # as a colleague writes it: "Mr Okafor"
    full: str
    role: str  # a key of `people.ROLES`
    habit: str  # a key of `people.HABITS`
    dsl: bool = False


@dataclass(frozen=True)
class Step:
    """One entry: a concern by a member of staff, or a notification the DSL records."""

    day: int  # school days after the trajectory's first
    at: str  # local time it is written, "HH:MM"
    kind: str  # "concern" | "notification" | "health" (a known condition a DSL puts on the pupil's file)
    author: str  # a role in `people.ROLES` ("dsl" for notifications)
    pupil: Kid
    data: dict[str, Any]  # the CLI's JSON for it, without "pupil" and "occurred_at"
    happened: str = ""  # when it happened: "HH:MM" that day, "prev HH:MM" the calendar day before, "last HH:MM"
    # the school day before; "" = a little before it was written
    acting: str = ""  # on an escalating trajectory's acting fragment: why a DSL would consider referral here
    close: bool = False  # a DSL reviewing this would record no further action, not monitor


@dataclass
class Cast:
    """Who a trajectory is about and who would see it; `staff(role)` names the colleague in that role."""

    k: Kid
    sibs: list[Kid]
    home: Home
    v: int  # which telling of the family's story (0, 1, 2, ...)
    staff_for: Callable[[Kid, str], Staff]

    def staff(self, role: str, kid: Kid | None = None) -> str:
        return self.staff_for(kid or self.k, role).name

    @property
    def s(self) -> Kid:
        return self.sibs[0]


@dataclass(frozen=True)
class Family:
    """A family of pattern from practice, escalating or benign, and how to tell one of its stories."""

    name: str
    escalating: bool
    summary: str  # the pattern, and the practice source for it
    write: Callable[[Cast], list[Step]]
    years: tuple[tuple[str, ...], ...]  # for each telling (`Cast.v` modulo their number), its year groups
    count: int
    sexes: str | tuple[str, ...] = "FM"  # "F", "M" or "FM"; or one of these for each telling
    sibs: tuple[tuple[str, ...], ...] = ()  # for each sibling on roll, the year groups it may be in
    hard: bool = False  # a benign family that looks like a pattern of concern
    route: str = "refer-social-care"  # the referral a DSL would make when the review prompts it
    compact: bool = False  # its steps are consecutive days that must sit within one half-term
    names: str = ""  # a name pool in `people.NAMES`, when the story needs one ("" = the whole school's)
    window: tuple[str, str] = ("", "")  # ISO dates its first step must fall between (Ramadan), or any time

    def telling(self, v: int) -> tuple[tuple[str, ...], str]:
        """The year groups and sexes the `v`th trajectory of this family may have."""
        sexes = self.sexes if isinstance(self.sexes, str) else self.sexes[v % len(self.sexes)]
        return self.years[v % len(self.years)], sexes


@dataclass(frozen=True)
class Trajectory:
    name: str  # unique: family, number and the child ("disclosure-no-marks #2: Kai Doyle (Y3)")
    family: Family
    kids: tuple[Kid, ...]  # every pupil on roll it is about; the first is the child at its centre
    steps: tuple[Step, ...]

    @property
    def acting(self) -> Step | None:
        return next((s for s in self.steps if s.acting), None)


FAMILIES: list[Family] = []


def family(
    name: str, *, escalating: bool, summary: str, years: Sequence[Any], count: int, **options: Any
) -> Callable[[Callable[[Cast], list[Step]]], Callable[[Cast], list[Step]]]:
    """Register the decorated story-writer as a family of the corpus."""

    tellings = tuple(tuple(y) for y in years) if not isinstance(years[0], str) else (tuple(years),)

    def register(write: Callable[[Cast], list[Step]]) -> Callable[[Cast], list[Step]]:
        FAMILIES.append(Family(name, escalating, summary, write, tellings, count, **options))
        return write

    return register


def years(first: str, last: str) -> tuple[str, ...]:
    """The year groups from `first` to `last` ("N", "R", "1" .. "11")."""
    order = ("N", "R", *(str(n) for n in range(1, 12)))
    return order[order.index(first) : order.index(last) + 1]


# --- the words for one entry ------------------------------------------------------


def concern(
    day: int,
    at: str,
    by: str,
    what: str,
    *,
    about: Kid,
    where: str = "",
    words: str = "",
    opinion: str = "",
    action: str = "",
    told: Sequence[str] = (),
    cats: Sequence[str] = (),
    urgent: bool = False,
    marks: Sequence[dict[str, Any]] = (),
    happened: str = "",
    acting: str = "",
    close: bool = False,
) -> Step:
    """A concern as the member of staff in role `by` would write it (before their ticking habit)."""
    data: dict[str, Any] = {"what_happened": what}
    for key, value in (("location", where), ("child_words", words), ("opinion", opinion), ("action_taken", action)):
        if value:
            data[key] = value
    if told:
        data["informed"] = list(told)
    if cats:
        data["categories"] = list(cats)
    if urgent:
        data["urgent"] = True
    if marks:
        data["body_marks"] = list(marks)
    return Step(day, at, "concern", by, about, data, happened, acting, close)


def notification(
    day: int,
    summary: str,
    *,
    about: Kid,
    agency: str = "police",
    kind: str = "operation-encompass",
    reference: str = "",
    present: bool | None = None,
    voice: str = "",
    at: str = "08:25",
    happened: str = "prev 21:40",
    acting: str = "",
    close: bool = False,
) -> Step:
    """What an agency told the DSL, recorded by the DSL (Operation Encompass: before the next school day)."""
    data: dict[str, Any] = {"agency": agency, "kind": kind, "summary": summary}
    if reference:
        data["reference"] = reference
    if present is not None:
        data["child_present"] = present
    if voice:
        data["child_voice"] = voice
    return Step(day, at, "notification", "dsl", about, data, happened, acting, close)


def on_file(
    about: Kid, condition: str, name: str, source: str, *, regions: Sequence[str] = (), day: int = 0, at: str = "08:20"
) -> Step:
    """A known health condition or birthmark a DSL puts on the pupil's file from the care plan or the records
    seen at entry (`school-log health`'s JSON, without "pupil"), before the year's first entries about it."""
    data: dict[str, Any] = {"condition": condition, "name": name, "source": source}
    if regions:
        data["regions"] = list(regions)
    return Step(day, at, "health", "dsl", about, data, close=True)


def with_record(
    record: Callable[[Cast], Step],
) -> Callable[[Callable[[Cast], list[Step]]], Callable[[Cast], list[Step]]]:
    """A family's stories, each opening with what the school holds on file (`on_file`)."""

    def wrap(write: Callable[[Cast], list[Step]]) -> Callable[[Cast], list[Step]]:
        def written(c: Cast) -> list[Step]:
            return [record(c), *write(c)]

        written.__name__, written.__doc__ = write.__name__, write.__doc__
        return written

    return wrap


def mark(
    region: str,
    type_: str,
    *,
    size: int | None = None,
    colour: str = "",
    shape: str = "",
    broken: bool = False,
    explanation: str = "",
    by: str = "none",
    seen: str = "",
) -> dict[str, Any]:
    """A body-map mark; its view is the region's own. `by`: who gave the `explanation` (a careful member of
    staff always says; their habit may leave it out). `seen`: who on the staff saw it happen."""
    assert by != "none" or not explanation, f"say who explained {region}: {explanation!r}"
    data: dict[str, Any] = {"view": body_region(region).view, "region": region, "type": type_}
    for key, value in (("size_mm", size), ("colour", colour), ("shape", shape), ("explanation", explanation)):
        if value:
            data[key] = value
    if broken:
        data["skin_broken"] = True
    if explanation or by != "none":
        data["explained_by"] = by
    if seen:
        data["witnessed_by"] = seen
    return data
