"""A pupil's known health conditions: a DSL reads and records them (care plan, birthmarks at entry).

Opened from the pupil's chronology (`k`) or the command palette ("Health conditions…"). Each
condition is a `KnownCondition` entry (`school-log health` writes the same): eczema, a bleeding
disorder or brittle bones under a care plan, a birthmark with its place on the body map. The
review then reads a mark the record explains as explained by it, and says so in the flag; the
screen says which marks each condition explains so the DSL sees what the review will read.
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Footer, Input, Label, Select, Static

from school_log.body_regions import REGIONS
from school_log.errors import SchoolLogError
from school_log.forms.inputs import parse_condition
from school_log.health import USUAL_MARKS
from school_log.model import CONDITIONS, MARK_TYPES, KnownCondition, Pupil
from tui.screens.base import SchoolScreen
from tui.screens.modal_form import FormModal
from tui.widgets.choices import Choice, TickList
from tui.widgets.pupil_picker import describe
from tui.wording import region_label

#: Each condition as a DSL reads it on a care plan or an entry record.
CONDITION_LABELS = {
    "eczema": "Eczema (care plan)",
    "bleeding-disorder": "Bleeding disorder (e.g. haemophilia, von Willebrand)",
    "brittle-bones": "Brittle bones (osteogenesis imperfecta)",
    "birthmark": "Birthmark (e.g. Mongolian blue spots) — say where",
    "other": "Other — say which marks it explains",
}
assert set(CONDITION_LABELS) == set(CONDITIONS)


def explained_marks(condition: KnownCondition) -> str:
    """'bruise, swelling, mark, other' — what the review will read as explained by it."""
    return ", ".join(condition.mark_types or USUAL_MARKS.get(condition.condition, ())) or "none"


class HealthModal(FormModal):
    """Record one known condition; every problem is shown beside its field and nothing is written."""

    DEFAULT_CSS = """
    HealthModal #regions { height: 8; }
    HealthModal #mark_types { height: 5; }
    """
    FIRST_FIELD = "condition"
    FORM = "health"
    NAME = "health condition"
    DONE = "Health condition recorded"

    def __init__(self, pupil: Pupil) -> None:
        super().__init__()
        self.pupil = pupil

    def opened_on(self) -> tuple[str, dict[str, Any]]:
        """Kept over a lock, it comes back over the pupil's chronology."""
        return self.pupil.id, {}

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="log-dialog form-box"):
            yield Label("A known health condition or birthmark", classes="log-dialog-title")
            yield Static(f"Pupil: {describe(self.pupil)}", classes="log-hint")
            yield Label("Condition", classes="log-label")
            yield Choice([(label, code) for code, label in CONDITION_LABELS.items()], prompt="Choose…", id="condition")
            yield self.error_slot("condition")
            yield Label("Name, as the plan gives it (e.g. haemophilia A)", classes="log-label -optional")
            yield Input(id="name", select_on_focus=False)
            yield self.error_slot("name")
            yield Label("On the record from (care plan, red book, consultant's letter)", classes="log-label")
            yield Input(id="source", select_on_focus=False)
            yield self.error_slot("source")
            yield Label("Where on the body (a birthmark's place; none = anywhere); space ticks", classes="log-label")
            yield TickList[str](*((r.label, r.id) for r in REGIONS), id="regions")
            yield self.error_slot("regions")
            yield Label("Marks it explains (none = the condition's usual ones)", classes="log-label -optional")
            yield TickList[str](*((t, t) for t in MARK_TYPES), id="mark_types")
            yield self.error_slot("mark_types")
            yield from self.buttons()

    def data(self) -> dict[str, Any]:
        """The form as `school-log health --json` takes it."""
        condition = self.query_one("#condition", Select).value
        return {
            "pupil": self.pupil.upn,
            "condition": "" if condition is Select.NULL else str(condition),
            "name": self.query_one("#name", Input).value,
            "source": self.query_one("#source", Input).value,
            "regions": list(self.query_one("#regions", TickList).selected),
            "mark_types": list(self.query_one("#mark_types", TickList).selected),
        }

    def problems(self) -> list[SchoolLogError]:
        try:
            parse_condition(self.data())
        except SchoolLogError as error:
            return [error]
        return []

    def save(self) -> None:
        self.school.log.record_condition(self.data())


class HealthScreen(SchoolScreen[bool]):
    """The pupil's known conditions, newest last, with `n` to record one. Dismisses True if one was recorded."""

    DEFAULT_CSS = """
    #health-pane { padding: 0 1; }
    #conditions { height: auto; max-height: 16; }
    """

    BINDINGS = [Binding("escape", "back", "Back"), Binding("n", "record", "Record condition")]

    def __init__(self, pupil_id: str) -> None:
        super().__init__()
        self.pupil_id = pupil_id
        self.changed = False

    def compose(self) -> ComposeResult:
        yield Static(id="health-title", classes="log-title-bar")
        with VerticalScroll(id="health-pane"):
            yield DataTable(id="conditions", cursor_type="row")
            yield Static(
                "A mark a condition explains weighs like one staff saw happen, and the flag names the condition;"
                " a patterned mark never is. n record a condition · esc back",
                classes="log-hint",
            )
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#conditions", DataTable).add_columns(
            "Condition", "Name", "Where", "Marks it explains", "On the record from"
        )
        self.load()
        self.query_one("#conditions", DataTable).focus()

    def load(self) -> None:
        """Read (audited, as the chronology is) the pupil's record and list its known conditions."""
        try:
            chron = self.school.review.chronology(self.pupil_id)
        except SchoolLogError as error:
            self.notify(f"Could not read the pupil's record: {error}", severity="error", timeout=10)
            return
        self.query_one("#health-title", Static).update(f"Known health conditions: {describe(chron.pupil)}")
        table = self.query_one("#conditions", DataTable)
        table.clear()
        found = [i.entry for i in chron.items if not i.sibling and isinstance(i.entry, KnownCondition)]
        for c in found:
            where = ", ".join(region_label(r) for r in c.regions) or "anywhere"
            table.add_row(CONDITION_LABELS[c.condition].split(" (")[0], c.name, where, explained_marks(c), c.source)
        if not found:
            table.add_row("None recorded (n: record one)", "", "", "", "")

    def action_back(self) -> None:
        self.dismiss(self.changed)

    def action_record(self) -> None:
        if not self.school.is_dsl:
            self.notify("Only a DSL records health conditions.", severity="warning")
            return

        def saved(done: bool | None) -> None:
            if done:
                self.changed = True
                self.load()
                self.notify(HealthModal.DONE)

        self.app.push_screen(HealthModal(self.school.roster.pupil(self.pupil_id)), saved)
