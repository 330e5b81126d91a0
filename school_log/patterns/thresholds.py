"""Every number the pattern rules use, in one place, with a school's overrides.

The defaults are deliberately sensitive: a flag only asks the DSL to *look* and
decide; missing a pattern (the lesson of serious case reviews) costs far more
than one extra review. A school may tune them in its config file:

    [thresholds]
    recurrent_injury_short = [2, 28]
    multiple_reporters = [3, 30]
    holidays = [2025-04-18, 2025-04-21]
    referral_strength = 3.5
    weights = { "repeat-region" = 1.5 }

"Within N days" always means the last item is no more than N calendar days
after the first (so 28 days apart is within 28 days; 29 is not). Windows are
measured on when things happened (`occurred_at`), so a late write-up still joins
its pattern; "the last N days" counts back from now and includes day N.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from types import MappingProxyType
from typing import Annotated, Any, get_type_hints

from pydantic import ConfigDict, PlainValidator, ValidationError, create_model

from school_log.errors import InputError
from school_log.forms.fields import problem

#: How strongly each flag pushes a pupil up the list; a pupil's strength is their sum.
#: Statutory routes and "staff said urgent" first; single weak signals last. The
#: injury flags scale theirs by how much their occasions weigh (see `Thresholds`).
WEIGHTS: Mapping[str, float] = MappingProxyType(
    {
        "urgent": 5,
        "referral-route": 5,
        # What the words say (school_log.indicators): each a route on the first occasion.
        "disclosure": 5,
        "domestic-abuse-witnessed": 5,
        "online-grooming": 5,
        "unsafe-care": 5,
        "adult-load": 5,
        "exploitation-missing": 5,
        "non-mobile-baby": 5,
        "whereabouts-unknown": 5,
        "fgm-told": 5,
        "honour-based": 5,
        "indecent-image": 5,
        "private-fostering": 5,
        "frightened-at-home": 3,
        "immediate-danger": 5,
        "household-child": 2,
        "protected-site-bruise": 4,
        "patterned-injury": 4,
        "recurrent-injury": 3,
        "multiple-reporters": 3,
        "neglect-with-injury": 3,
        "concerns-after-decision": 3,
        "repeat-region": 2,
        "unexplained-injury": 2,
        "rising-frequency": 2,
        "agency-notification": 2,
        "household-concerns": 2,
        "missing-education": 3,
        "decision-overdue": 2,
        "follow-up-overdue": 1,
    }
)


@dataclass(frozen=True)
class Thresholds:
    """The numbers behind each flag. Pairs are (how many, within how many days).

    recurrent_injury_short=(2, 28): injuries on 2 separate days within 4 weeks;
        accidental bumps rarely recur that fast, and a half-term is ~6 weeks.
    recurrent_injury_long=(3, 90): 3 separate days within a term (~13 weeks)
        catches the slower drip the short window misses.
    repeat_region_days=365: the same body region hurt twice in a school year.
    multiple_reporters=(3, 30): 3 different staff worried within a month is the
        "nobody put the pieces together" signal from case reviews.
    rising_window_days=90, rising_factor=2.0, rising_min=3: concerns in the last
        90 days at least double the 90 days before, and at least 3 of them.
    neglect_with_injury_days=90: neglect signs and an injury within a term.
    agency_window_days=90: an agency notification weighs more with school
        concerns within a term either side of it.
    household_window_days=90: a sibling's concerns in the last term.
    young_child_age=4: TEN-4-FACESp (Pierce et al. 2021) protected-site bruising
        applies to children under 4 on the day the bruise happened.
    infant_any_bruise_months=5: TEN-4-FACESp's "4": any bruise at all on a baby
        under 5 months (4.99 months and younger), who cannot cruise or fall.
    decision_overdue_working_days=1: a DSL decision within one working day.
    cme_welfare_days=90: a child missing education after welfare concerns within a term
        before is referred without waiting (Children Missing Education guidance).
    holidays=(): the school's own closures (INSET days, a snow day): not working days, on top of
        the bank holidays of its nation (`[school] holidays`; see `school_log.workdays`).

    How much one injury occasion weighs (recurrent-injury and repeat-region add
    these up against their counts, so 2 means "two ordinary occasions"):
    occasion_witnessed=0.25: staff saw it happen (`witnessed_by`); an accident
        seen is not a worry, so two in a fortnight are not a pattern.
    occasion_corroborated=0.5: the child and a parent/carer give the same account,
        and it fits the mark; families can agree a story, so it is not 0.
    occasion_explained=1.0: one account that fits the mark: an ordinary occasion.
    occasion_unexplained=1.5: no account, "don't know", or a burn/scald with no
        source of heat in its account (the explanation does not fit the mark).
    occasion_differing=2.0: child and parent/carer explain it differently, or one
        person's account of it changed between two records of the same day.
    occasion_rare_site=0.5: added for a site rarely hurt by accident (upper arm,
        back of thigh, and the TEN-4-FACESp sites: ear, neck, cheek, torso,
        buttocks...), unless staff saw it happen.
    occasion_patterned=2.0: the least a patterned mark (bite, hand, belt...) weighs,
        witnessed or not.
    referral_strength=3.0: "consider referral" when the pattern flags' weights add
        up to this (one unexplained bruise, two ordinary injuries in 4 weeks, three
        staff worried); the single-occasion routes (`SERIOUS_CODES`) prompt it
        at any strength. Below it the pupil is listed as "review".
    agency_with_concerns_bonus=2: added to agency-notification when school
        concerns sit within `agency_window_days` of the notification.
    weights: each flag's weight (`WEIGHTS`); a school's `weights` table overrides
        only the flags it names.
    """

    recurrent_injury_short: tuple[int, int] = (2, 28)
    recurrent_injury_long: tuple[int, int] = (3, 90)
    repeat_region_days: int = 365
    multiple_reporters: tuple[int, int] = (3, 30)
    rising_window_days: int = 90
    rising_factor: float = 2.0
    rising_min: int = 3
    neglect_with_injury_days: int = 90
    agency_window_days: int = 90
    household_window_days: int = 90
    young_child_age: int = 4
    infant_any_bruise_months: int = 5
    decision_overdue_working_days: int = 1
    cme_welfare_days: int = 90
    holidays: tuple[date, ...] = ()
    occasion_witnessed: float = 0.25
    occasion_corroborated: float = 0.5
    occasion_explained: float = 1.0
    occasion_unexplained: float = 1.5
    occasion_differing: float = 2.0
    occasion_rare_site: float = 0.5
    occasion_patterned: float = 2.0
    referral_strength: float = 3.0
    agency_with_concerns_bonus: float = 2.0
    weights: Mapping[str, float] = field(default_factory=lambda: WEIGHTS, hash=False)  # a mapping: not hashable

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> Thresholds:
        """Defaults with a school's `[thresholds]` overrides applied; bad input -> `InputError`."""
        try:
            table = _TABLE.model_validate(data)
        except ValidationError as error:
            raise _refused(error, data) from None
        return replace(cls(), **{name: getattr(table, name) for name in table.model_fields_set})


def _refused(error: ValidationError, data: Any) -> InputError:
    """The first thing wrong in the table's own order (an unknown setting or a bad value), in one line."""
    order = list(data) if isinstance(data, Mapping) else []
    found = error.errors(include_url=False)
    first = min(found, key=lambda e: order.index(e["loc"][0]) if e["loc"] and e["loc"][0] in order else -1)
    if first["type"] == "model_type":
        return InputError("expected a table of settings", form="thresholds")
    key = first["loc"][0]
    if first["type"] == "extra_forbidden":
        known = ", ".join(sorted(_TABLE.model_fields))
        return InputError(f"unknown setting {key!r} (known: {known})", form="thresholds")
    ctx = first["ctx"]
    return InputError(ctx["problem"], form=".".join(["thresholds", str(key), *ctx["at"]]))


def _whole(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise problem(f"expected a whole number of at least 1, got {value!r}")
    return value


def _number(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not value > 0:
        raise problem(f"expected a number above 0, got {value!r}")
    return float(value)


def _pair(value: Any) -> tuple[int, int]:
    ok = (
        isinstance(value, (list, tuple))
        and len(value) == 2
        and all(not isinstance(v, bool) and isinstance(v, int) and v >= 1 for v in value)
    )
    if not ok:
        raise problem(f"expected [count, days] (whole numbers >= 1), got {value!r}")
    return (value[0], value[1])


def _dates(value: Any) -> tuple[date, ...]:
    if not isinstance(value, (list, tuple)):
        raise problem(f"expected a list of dates, got {value!r}")
    out: list[date] = []
    for item in value:
        if isinstance(item, datetime):
            raise problem(f"expected dates without times, got {item!r}")
        if isinstance(item, date):
            out.append(item)
            continue
        try:
            out.append(date.fromisoformat(item))
        except (TypeError, ValueError):
            raise problem(f"{item!r} is not a date (YYYY-MM-DD)") from None
    return tuple(sorted(set(out)))


def _weights(value: Any) -> Mapping[str, float]:
    """A table of flag code -> weight, applied over the defaults."""
    if not isinstance(value, Mapping):
        raise problem(f"expected a table of flag = weight, got {value!r}")
    merged = dict(WEIGHTS)
    for code, weight in value.items():
        if code not in WEIGHTS:
            raise problem(f"unknown flag {code!r} (known: {', '.join(WEIGHTS)})")
        if isinstance(weight, bool) or not isinstance(weight, (int, float)) or weight < 0:
            raise problem(f"expected a number of at least 0, got {weight!r}", at=(code,))
        merged[code] = float(weight)
    return MappingProxyType(merged)


_KINDS: dict[Any, Callable[[Any], Any]] = {
    tuple[int, int]: _pair,
    int: _whole,
    float: _number,
    tuple[date, ...]: _dates,
    Mapping[str, float]: _weights,
}
"""How each kind of threshold is checked, by its type in `Thresholds`."""
_SETTINGS: dict[str, Any] = {
    name: (Annotated[hint, PlainValidator(_KINDS[hint])], None) for name, hint in get_type_hints(Thresholds).items()
}
_TABLE = create_model("ThresholdsTable", __config__=ConfigDict(extra="forbid", frozen=True), **_SETTINGS)
"""A `[thresholds]` table: any of the settings, each checked by its kind; nothing else."""

__all__ = ["WEIGHTS", "Thresholds"]
