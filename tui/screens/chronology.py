"""Everything known about one pupil, in time order, with the reasons to act at the top.

The flags name the entries they rest on; choosing one marks those rows and
moves the cursor to the first, so the DSL checks the pattern against the record
itself. Siblings' entries join the timeline on request, labelled as theirs.
Opening the chronology is audited by the domain.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import ContentSwitcher, DataTable, Footer, OptionList, Static
from textual.widgets.data_table import ColumnKey
from textual.widgets.option_list import Option

from school_log import receipts
from school_log.drafts import Unsaved
from school_log.errors import SchoolLogError
from school_log.local_time import local_day, local_today
from school_log.model import Concern, Decision, Flag, ReferralOutcome, when
from school_log.tasks import open_tasks
from school_log.views import Chronology, ChronologyItem
from tui.chronology_text import MARKER, about_width, entry_cells, flag_option, header
from tui.entry_text import first_words, gist
from tui.screens.addendum import AddendumModal
from tui.screens.base import SchoolScreen
from tui.screens.decision import DecisionModal
from tui.screens.entry_detail import Links, detail
from tui.screens.export_pack import ReferralPackModal
from tui.screens.family import FamilyScreen
from tui.screens.health import HealthModal, HealthScreen
from tui.screens.leaver import LeaverModal
from tui.screens.modal_form import FormModal
from tui.screens.notification import NotificationModal
from tui.screens.referral_outcome import ReferralOutcomeModal
from tui.screens.tasks import TaskDoneModal, TaskModal
from tui.widgets.cumulative_map import CumulativeMap, DatedMark, MarkHistory
from tui.wording import day


class ChronologyScreen(SchoolScreen[None]):
    """A pupil's header, flags, timeline with a detail pane, and the cumulative body map."""

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (120, "-wide")]

    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("d", "decide", "Decide"),
        Binding("o", "record_notification", "Notify"),
        Binding("a", "addendum", "Addendum"),
        Binding("f", "referral_outcome", "Outcome"),
        Binding("t", "task", "Task"),
        Binding("c", "task_done", "Done"),
        Binding("h", "toggle_household", "Siblings"),
        Binding("m", "toggle_map", "Map"),
        Binding("p", "period", "Map period", show=False),  # the map's caption says `p` changes it
        Binding("x", "referral_pack", "Pack"),
        Binding("y", "family", "Family"),
        Binding("k", "health", "Health"),
        Binding("L", "left_school", "Left school"),
    ]

    def __init__(self, pupil_id: str, entry_id: str | None = None, resume: Unsaved | None = None) -> None:
        """`entry_id` (e.g. a search result) is where the cursor starts; else the newest entry.
        `resume`: a draft of one of this screen's forms, opened again over it as it was left."""
        super().__init__()
        self.pupil_id = pupil_id
        self._start_at = entry_id
        self._resume = resume
        self.household = False
        self.chron: Chronology | None = None
        self.links = Links(())
        self.marked: frozenset[str] = frozenset()
        self._shown_width = 0  # the table width the About text was last wrapped to

    def compose(self) -> ComposeResult:
        yield Static(id="pupil-header")
        yield OptionList(id="flags")
        with ContentSwitcher(initial="timeline", id="views"):
            with Horizontal(id="timeline"):
                yield DataTable(id="entries", cursor_type="row")
                with VerticalScroll(id="detail"):
                    yield Static(id="entry")
            with VerticalScroll(id="map-pane"):
                yield CumulativeMap(id="history")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#entries", DataTable)
        table.add_columns("", "#", "When", "Kind", "By")
        table.add_column("About", key="about")
        self.load()
        self.query_one("#entries", DataTable).focus()
        if self._resume is not None:
            self._reopen(self._resume)

    # --- loading --------------------------------------------------------------

    def load(self) -> None:
        """Read (audited) and show the chronology, keeping the cursor on the same entry."""
        keep = self.selected.entry.id if self.chron and self.selected else self._start_at
        school = self.app.school
        if school is None:  # locked: this screen is on its way out
            return
        try:
            chron = school.review.chronology(self.pupil_id, household=self.household)
        except SchoolLogError as error:
            self.notify(f"Could not open the chronology: {error}", severity="error", timeout=10)
            if self.chron is None:
                self.query_one("#pupil-header", Static).update(
                    Content.from_markup("[b $text-error]Could not open the chronology:[/] $error", error=str(error))
                )
            return
        self.chron, self.links = chron, Links(chron.items)
        own = [item.entry for item in chron.items if not item.sibling]
        try:
            receipts.acknowledge(school, own, receipts.SEEN)  # the teacher may know it was seen
        except SchoolLogError as error:
            self.notify(f"Could not tell the staff their concern was seen: {error}", severity="warning")
        self.query_one("#pupil-header", Static).update(header(chron, self.household, local_today(school.clock)))
        self._show_flags()
        self._show_entries(keep)
        highlighted = self.query_one("#flags", OptionList).highlighted
        flag = self._flag_at(0 if highlighted is None else highlighted)
        self.mark(frozenset(flag.entries) if flag else frozenset())  # the markers are there from the start
        concerns = [item.entry for item in chron.items if not item.sibling and isinstance(item.entry, Concern)]
        marks = [DatedMark(local_day(when(c)), mark) for c in concerns for mark in c.body_marks]
        self.query_one(CumulativeMap).set_history(marks, local_today(school.clock))

    def _show_flags(self) -> None:
        assert self.chron is not None
        flags = self.query_one("#flags", OptionList)
        flags.clear_options()
        review = self.chron.review
        shown = set(self.links.row)
        if review is None or not review.flags:
            flags.add_option(
                Option(
                    Content.from_markup("[$text-muted]No flags: nothing is waiting for a decision[/]"), disabled=True
                )
            )
            return
        for flag in review.flags:
            flags.add_option(flag_option(flag, shown))

    def _show_entries(self, keep: str | None) -> None:
        assert self.chron is not None
        table = self.query_one("#entries", DataTable)
        table.clear()
        rows = [
            entry_cells(n, item, item.entry.id in self.marked, item.entry.id in self.links.superseded_by)
            for n, item in enumerate(self.chron.items, 1)
        ]
        about = table.columns[ColumnKey("about")]
        about.auto_width, about.width = False, about_width(rows, table.size.width or self.app.size.width)
        self._shown_width = table.size.width
        for item, cells in zip(self.chron.items, rows, strict=True):
            table.add_row(*cells, key=item.entry.id, height=None)  # the About text wraps: as tall as it needs
        if keep in self.links.row:
            table.move_cursor(row=self.links.row[keep] - 1)
        elif table.row_count:
            table.move_cursor(row=table.row_count - 1)
        self._show_detail()

    def on_resize(self) -> None:
        """Wrap the About text again to the new width (the cursor stays on its entry)."""
        table = self.query_one("#entries", DataTable)
        if self.chron is not None and table.size.width != self._shown_width:
            selected = self.selected
            self._show_entries(selected.entry.id if selected else None)

    @property
    def selected(self) -> ChronologyItem | None:
        table = self.query_one("#entries", DataTable)
        if self.chron is None or not table.row_count:
            return None
        return self.chron.items[table.cursor_row]

    def _show_detail(self) -> None:
        item = self.selected
        entry = self.query_one("#entry", Static)
        entry.update(
            detail(item, self.links, self.app.school.log.reference(item.entry) if self.app.school else "")
            if item
            else Content.from_markup("[$text-muted]Nothing recorded about this pupil yet.[/]")
        )

    @on(DataTable.RowHighlighted, "#entries")
    def _entry_highlighted(self) -> None:
        self._show_detail()

    # --- flags → entries ---------------------------------------------------------

    def _flag_at(self, index: int | None) -> Flag | None:
        review = self.chron.review if self.chron else None
        if review is None or index is None or index >= len(review.flags):
            return None
        return review.flags[index]

    @on(OptionList.OptionHighlighted, "#flags")
    def _flag_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        flag = self._flag_at(event.option_index)
        self.mark(frozenset(flag.entries) if flag else frozenset())

    @on(OptionList.OptionSelected, "#flags")
    def _flag_selected(self, event: OptionList.OptionSelected) -> None:
        flag = self._flag_at(event.option_index)
        if flag is None:
            return
        self.mark(frozenset(flag.entries))
        first = next((self.links.row[e] for e in flag.entries if e in self.links.row), None)
        table = self.query_one("#entries", DataTable)
        if first is not None:
            table.move_cursor(row=first - 1)
        self.query_one("#views", ContentSwitcher).current = "timeline"
        self.remove_class("-map-shown")
        table.focus()

    def mark(self, entry_ids: frozenset[str]) -> None:
        """Put the marker on these rows (and take it off the others)."""
        table = self.query_one("#entries", DataTable)
        for entry_id in self.marked ^ entry_ids:
            if entry_id in self.links.row:
                table.update_cell(
                    entry_id, table.ordered_columns[0].key, Text(MARKER if entry_id in entry_ids else "", style="bold")
                )
        self.marked = entry_ids

    # --- actions --------------------------------------------------------------

    ON_AN_ENTRY = frozenset({"addendum", "referral_outcome", "task_done"})
    """Actions on the entry selected in the timeline: not offered while the body map is shown."""

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in self.ON_AN_ENTRY:
            return self.query_one("#views", ContentSwitcher).current == "timeline"
        return True

    def action_back(self) -> None:
        self.dismiss()

    def _after_write(self, message: str) -> Callable[[object], None]:
        """Re-read the chronology once a modal reports it wrote something."""

        def done(saved: object) -> None:
            if saved:
                self.load()
                self.notify(message)

        return done

    def _open(self, form: FormModal) -> None:
        self.app.push_screen(form, self._after_write(form.DONE))

    def _reopen(self, unsaved: Unsaved) -> None:
        """Open the form a draft was typed in, filled in as it was left (unopened, the draft is kept)."""
        chron, context = self.chron, unsaved.context
        if chron is None:
            return
        decision = self.links.entries.get(str(context.get("decision")))
        forms: dict[str, Callable[[], FormModal | None]] = {
            DecisionModal.FORM: lambda: DecisionModal(chron),
            NotificationModal.FORM: lambda: NotificationModal(chron.pupil),
            TaskModal.FORM: lambda: TaskModal(chron.pupil),
            HealthModal.FORM: lambda: HealthModal(chron.pupil),
            TaskDoneModal.FORM: lambda: TaskDoneModal(
                str(context.get("task")), str(context.get("about")), chron.pupil.id
            ),
            ReferralOutcomeModal.FORM: lambda: (
                ReferralOutcomeModal(decision, chron.pupil.name) if isinstance(decision, Decision) else None
            ),
        }
        form = forms[unsaved.form]() if unsaved.form in forms else None
        if form is None:
            self.notify("That draft's form cannot be opened here any more; it is kept.", severity="warning")
            return
        self._open(form.restoring(unsaved))

    def action_decide(self) -> None:
        if self.chron is not None:
            self._open(DecisionModal(self.chron))

    def action_record_notification(self) -> None:
        """Record what an agency said about this pupil."""
        if self.chron is not None:
            self._open(NotificationModal(self.chron.pupil))

    def action_addendum(self) -> None:
        item = self.selected
        if item is None:
            return
        about = f"{self.links.ref(item.entry.id)} by {item.author}: {first_words(gist(item.entry))}"
        self._open(AddendumModal(item.entry.id, about, item.entry.pupil_id))

    def action_referral_outcome(self) -> None:
        item = self.selected
        entry = item.entry if item else None
        if isinstance(entry, ReferralOutcome):
            entry = self.links.entries.get(entry.decision_id)
        if not isinstance(entry, Decision) or item is None:
            self.notify("Select a decision in the chronology first.", severity="warning")
            return
        self._open(ReferralOutcomeModal(entry, item.pupil.name))

    def action_task(self) -> None:
        if self.chron is not None:
            self._open(TaskModal(self.chron.pupil))

    def action_task_done(self) -> None:
        """Done with a note: the selected task, or the chase of the selected referral."""
        item = self.selected
        if item is None or self.chron is None:
            return
        open_ = {
            t.entry_id: t for t in open_tasks(self.chron.pupil, (i.entry for i in self.chron.items if not i.sibling))
        }
        task = open_.get(item.entry.id)
        if task is None:
            self.notify("Select an open task (or a referral still to chase) first.", severity="warning")
            return
        about = f"{task.text} — due {day(task.due)}"
        self._open(TaskDoneModal(task.entry_id, about, self.chron.pupil.id))

    def action_toggle_household(self) -> None:
        self.household = not self.household
        self.load()

    def action_toggle_map(self) -> None:
        """Swap the timeline for the cumulative body map, and back."""
        views = self.query_one("#views", ContentSwitcher)
        views.current = "map-pane" if views.current == "timeline" else "timeline"
        self.set_class(views.current == "map-pane", "-map-shown")
        self.refresh_bindings()
        target = self.query_one(MarkHistory) if views.current == "map-pane" else self.query_one("#entries", DataTable)
        target.focus()

    def action_period(self) -> None:
        self.query_one(CumulativeMap).cycle_period()

    def action_family(self) -> None:
        """The child's family and siblings, to correct, link or unlink; the chronology is read again after."""
        self.app.push_screen(FamilyScreen(self.pupil_id), lambda changed: self.load() if changed else None)

    def action_left_school(self) -> None:
        """Record that the pupil has left: they go off the roll and the pickers, their file stays open here."""
        if self.chron is None:
            return
        pupil = self.chron.pupil
        if pupil.left_on is not None:
            self.notify(f"{pupil.name} left on {day(pupil.left_on)}", timeout=5)
            return

        def done(left: bool | None) -> None:
            if left:
                self.notify(f"{pupil.name} is recorded as left; their file stays")
                self.load()

        self.app.push_screen(LeaverModal(pupil), done)

    def action_health(self) -> None:
        """The child's known health conditions (care plan, birthmarks), to read and record; the review is read
        again after one is recorded, since it weighs the marks a condition explains."""
        self.app.push_screen(HealthScreen(self.pupil_id), lambda changed: self.load() if changed else None)

    def action_referral_pack(self) -> None:
        """Save the referral pack as a PDF (audited by the domain)."""
        if self.chron is None:
            return
        modal = ReferralPackModal(self.chron.pupil)

        def done(saved: bool | None) -> None:
            if saved and modal.written is not None:
                protected = ", protected by its password" if modal.written.encrypted else ""
                self.notify(f"Referral pack saved to {modal.written.path}{protected}")

        self.app.push_screen(modal, done)
