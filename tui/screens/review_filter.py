"""Choosing which pupils the review list shows: year group, category, flag, author, waiting time."""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Footer, Label, Select

from school_log.model import CATEGORIES
from school_log.review_filters import ReviewFilter
from school_log.school import School
from tui.screens.base import SchoolModal
from tui.widgets.choices import Choice
from tui.wording import FLAG_BADGES, category

WAITING = ((1, "1 day or more"), (3, "3 days or more"), (7, "a week or more"), (14, "two weeks or more"))
ANY = "Any…"


def describe_filter(criteria: ReviewFilter, school: School) -> str:
    """'Y4, Neglect, by Tom Teach' — what the list is narrowed to, in words."""
    staff = school.staff.by_id()
    parts = [
        f"Y{criteria.year_group}" if criteria.year_group else "",
        category(criteria.category) if criteria.category else "",
        FLAG_BADGES.get(criteria.flag, criteria.flag) if criteria.flag else "",
        f"by {staff[criteria.author].name}" if criteria.author in staff else "",
        dict(WAITING).get(criteria.waited_days, "") if criteria.waited_days else "",
    ]
    return ", ".join(p for p in parts if p)


class ReviewFilterModal(SchoolModal[ReviewFilter | None]):
    """Each field narrows the list; leave it on "Any…" to keep everyone. Returns the filter, or None."""

    BINDINGS = [Binding("ctrl+s", "apply", "Apply", priority=True), Binding("escape", "dismiss(None)", "Cancel")]

    def __init__(self, current: ReviewFilter) -> None:
        super().__init__()
        self.current = current

    def compose(self) -> ComposeResult:
        years = sorted({p.year_group for p in self.school.roster.pupils()}, key=lambda y: (not y.isdigit(), y.zfill(2)))
        c = self.current
        with VerticalScroll(classes="log-dialog form-box"):
            yield Label("Show only pupils…", classes="log-dialog-title")
            yield from self._choice("In year group", "year_group", [(f"Year {y}", y) for y in years], c.year_group)
            yield from self._choice(
                "With a concern in the category", "category", [(category(k), k) for k in CATEGORIES], c.category
            )
            yield from self._choice("With the flag", "flag", [(b, code) for code, b in FLAG_BADGES.items()], c.flag)
            staff = [(a.name, a.id) for a in self.school.staff.members()]
            yield from self._choice("With an entry by", "author", staff, c.author)
            yield from self._choice(
                "Waiting for a decision", "waited_days", [(t, d) for d, t in WAITING], c.waited_days
            )
            with Horizontal(classes="log-buttons"):
                yield Button("Apply (ctrl+s)", id="apply", variant="primary")
                yield Button("Show everyone", id="clear")
                yield Button("Cancel (esc)", id="cancel")
        yield Footer()

    def _choice(self, label: str, key: str, options: list[tuple[str, Any]], value: Any) -> ComposeResult:
        yield Label(label, classes="log-label -optional")
        yield Choice(options, prompt=ANY, id=key, value=value if value else Select.NULL)

    def on_mount(self) -> None:
        self.query_one("#year_group").focus()

    def _value(self, key: str, empty: Any) -> Any:
        value = self.query_one(f"#{key}", Select).value
        return empty if value is Select.NULL else value

    @on(Button.Pressed, "#apply")
    def action_apply(self) -> None:
        self.dismiss(
            ReviewFilter(
                year_group=self._value("year_group", ""),
                category=self._value("category", ""),
                flag=self._value("flag", ""),
                author=self._value("author", ""),
                waited_days=self._value("waited_days", 0),
            )
        )

    @on(Button.Pressed, "#clear")
    def _clear(self) -> None:
        self.dismiss(ReviewFilter())

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(None)
