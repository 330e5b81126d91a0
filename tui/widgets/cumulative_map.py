"""Every mark ever recorded on one child, on one body map, with repeated places highlighted.

Separate body maps hide the pattern a single one shows: the same upper arm bruised
in September, October and November. The period filter narrows the picture to
recent marks without losing the all-time view.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.reactive import reactive
from textual.widgets import Static

from school_log.model import BodyMark
from tui.widgets.body_map import BodyMap
from tui.wording import day, region_label

#: The periods `cycle_period` steps through: (days back from today or None for all, label).
PERIODS: tuple[tuple[int | None, str], ...] = ((None, "all time"), (90, "last 90 days"), (365, "last 365 days"))


@dataclass(frozen=True)
class DatedMark:
    """A mark and the day the injury was seen."""

    day: date
    mark: BodyMark


def repeated_regions(marks: Iterable[DatedMark]) -> frozenset[str]:
    """Regions marked more than once."""
    counts = Counter(m.mark.region for m in marks)
    return frozenset(region for region, n in counts.items() if n > 1)


class MarkHistory(BodyMap):
    """The body map, read-only: Enter shows the marks in a region instead of placing one."""

    BINDINGS = [Binding("enter", "pick", "Marks here")]


class CumulativeMap(Vertical):
    """A caption naming the period and the repeated regions, above the map itself."""

    DEFAULT_CSS = """
    CumulativeMap { height: auto; width: auto; }
    CumulativeMap > #map-caption { width: 52; height: auto; color: $text-muted; }
    CumulativeMap > #map-region { width: 52; height: auto; }
    """

    period: reactive[int] = reactive(0, init=False)

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._all: tuple[DatedMark, ...] = ()
        self._today = date.min

    def compose(self) -> ComposeResult:
        yield Static(id="map-caption")
        yield MarkHistory(id="map")
        yield Static(id="map-region")

    @property
    def shown(self) -> tuple[DatedMark, ...]:
        """The marks inside the current period."""
        days, _ = PERIODS[self.period]
        if days is None:
            return self._all
        since = self._today - timedelta(days=days)
        return tuple(m for m in self._all if m.day >= since)

    @property
    def repeats(self) -> frozenset[str]:
        return repeated_regions(self.shown)

    def set_history(self, marks: Sequence[DatedMark], today: date) -> None:
        self._all = tuple(sorted(marks, key=lambda m: m.day))
        self._today = today
        self._redraw()

    def cycle_period(self) -> None:
        self.period = (self.period + 1) % len(PERIODS)

    def watch_period(self) -> None:
        self._redraw()

    def _redraw(self) -> None:
        shown, repeats = self.shown, self.repeats
        self.query_one(MarkHistory).set_marks([m.mark for m in shown], repeats=repeats)
        regions = len({m.mark.region for m in shown})
        caption = (
            f"Marks, {PERIODS[self.period][1]} (p: change): {len(shown)} in {regions} region{'s' * (regions != 1)}"
        )
        if repeats:
            caption += " · marked more than once: " + ", ".join(sorted(region_label(r) for r in repeats))
        self.query_one("#map-caption", Static).update(caption)

    @on(BodyMap.Highlighted)
    @on(BodyMap.Picked)
    def _region(self, event: BodyMap.Highlighted | BodyMap.Picked) -> None:
        here = [m for m in self.shown if m.mark.region == event.region_id]
        seen = "; ".join(f"{m.mark.type} {day(m.day)}" for m in here) or "no marks"
        self.query_one("#map-region", Static).update(f"{event.region.label}: {seen}")
