"""The DSL's first screen: who needs a decision now, strongest first, and why.

One row per pupil, read from `School.review.dashboard()` in a thread worker so the
screen stays responsive on a large school. Tables and option lists hold the
rows; no widget is built per pupil.
"""

from __future__ import annotations

import threading

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import DataTable, Footer, Label, OptionList, Static
from textual.widgets.option_list import Option

from school_log.local_time import local_day, local_today
from school_log.model import AGENCY_NAMES, OUTCOME_NAMES, Concern, Entry, ReviewItem
from school_log.outward.pending import Alert, alerts
from school_log.patterns.facts import count_of
from school_log.review_filters import ReviewFilter
from school_log.review_filters import apply as apply_filter
from school_log.school import School
from school_log.tasks import due_tasks
from school_log.views import RECENT_DAYS, Dashboard
from tui.reads import read_in_thread
from tui.review_row import flag_cell, review_cells, why
from tui.screens.base import SchoolScreen
from tui.screens.chronology import ChronologyScreen
from tui.screens.notification import NotificationModal
from tui.screens.review_filter import ReviewFilterModal, describe_filter
from tui.screens.search import SearchModal
from tui.screens.staff_admin import StaffAdminScreen
from tui.screens.withdraw_transfer import WithdrawTransferModal
from tui.widgets.pupil_picker import PupilPickerModal
from tui.wording import day, moment, on_day

POLL_SECONDS = 4.0
"""How often the dashboard asks the store whether anyone has recorded something."""
READING = "[$text-muted]Reading the log…[/]"
COLUMNS = ("Pupil", "Year", "UPN", "Prompt", "Open", "Waiting", "Flags")
NARROW_COLUMNS = tuple(c for c in COLUMNS if c != "UPN")
"""Below 120 columns the UPN gives its room to the flags (the why pane and the chronology show it)."""


def new_notice(entries: list[Entry]) -> str:
    """'New since you looked: 1 urgent, 3 entries' — what arrived while the DSL was watching."""
    urgent = sum(1 for e in entries if isinstance(e, Concern) and e.urgent)
    count = count_of(len(entries), "entry", "entries")
    return f"New since you looked: {urgent} urgent, {count}" if urgent else f"New since you looked: {count}"


class DashboardScreen(SchoolScreen[None]):
    """Review list with the why, follow-ups due, recent agency notifications; `/` finds any pupil."""

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (120, "-wide")]

    BINDINGS = [
        Binding("r", "reload", "Refresh", show=False),  # the list updates itself: the footer keeps room
        Binding("slash", "search", "Pupil"),
        Binding("e", "search_entries", "Search"),
        Binding("f", "filter", "Filter"),
        Binding("n", "record_notification", "Notify"),
        Binding("s", "staff", "Staff"),
    ]

    def __init__(self, last_review: Dashboard | None = None) -> None:
        """`last_review` (the team-sealed one, see `tui.reads.last_review`) is painted at once."""
        super().__init__()
        self._last_review = last_review
        self._left = False  # True once another screen has been shown over this one
        self._board: Dashboard | None = None
        self._items: dict[str, ReviewItem] = {}
        self._follow_up_pupils: list[tuple[str, str]] = []  # (pupil id, the entry to open at)
        self._notification_pupils: list[str] = []
        self._outward: list[Alert] = []
        self._filter = ReviewFilter()
        self._reading = threading.Lock()  # one read of the log at a time: reloads and the watch share it

    @property
    def board(self) -> Dashboard | None:
        """The dashboard on screen: the last one sealed in the cache until the current one arrives."""
        return self._board

    def compose(self) -> ComposeResult:
        yield Static(Content.from_markup(READING), id="title", classes="log-title-bar")
        yield Static(id="new-notice")
        with Horizontal(id="panes"):
            with Vertical(id="main"):
                yield DataTable(id="review", cursor_type="row", zebra_stripes=True)
                with VerticalScroll(id="why-pane"):
                    yield Static(Content.from_markup(READING), id="why")
            with Vertical(id="side"):
                with Vertical():
                    yield Label("Tasks and follow-ups due", classes="heading")
                    yield OptionList(id="follow-ups")
                with Vertical():
                    yield Label("Recent agency notifications", classes="heading")
                    yield OptionList(id="notifications")
                with Vertical(id="outward-pane"):  # shown only while something is listed
                    yield Label("Transfers and retention", classes="heading")
                    yield OptionList(id="outward")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#review", DataTable)
        table.add_columns(*COLUMNS)
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self._show_review())
        table.focus()
        self.query_one("#outward-pane").display = False
        self.query_one("#new-notice").display = False
        self.set_interval(POLL_SECONDS, self._poll)
        last, self._last_review = self._last_review, None
        if last is None:
            self.action_reload()
        else:
            # The current review is read once the last one is painted: on a large school the
            # read holds the GIL for seconds, and started beside the first layout it made the
            # first picture half as late again (1.5 s against 1.0 s).
            self._show(last)
            self.call_after_refresh(self.action_reload)

    def on_resize(self) -> None:
        """Across the 120-column breakpoint the Flags column gains or loses room for badges."""
        self.call_after_refresh(self._show_review)

    def on_screen_suspend(self) -> None:
        self._left = True

    def on_screen_resume(self) -> None:
        """Every return to the dashboard (e.g. after a decision) re-reads the review."""
        if self._left:
            self.action_reload()

    # --- loading ---------------------------------------------------------------

    @work(thread=True, exclusive=True, group="dashboard")
    def action_reload(self) -> None:
        """One audited read of the whole school, off the UI thread (nothing happens if locked meanwhile)."""
        self._clear_notice()

        def read(school: School) -> Dashboard:
            with self._reading:
                return school.review.dashboard()

        read_in_thread(self, read, self._show, "Could not read the review")
        read_in_thread(self, alerts, self._show_outward, "Could not read transfers and retention")

    def _poll(self) -> None:
        """Every few seconds: has anyone recorded anything? (Only while this screen is in front.)"""
        if self.is_current and self._board is not None and not self._board.cached and not self._reading.locked():
            self._watch()

    @work(thread=True, exclusive=True, group="dashboard-watch")
    def _watch(self) -> None:
        def read(school: School) -> tuple[list[Entry], Dashboard, list[Alert] | None] | None:
            if not self._reading.acquire(blocking=False):
                return None
            try:
                new, destroyed = school.review.new_entries()  # a file destroyed anywhere leaves every list
                if not (new or destroyed):
                    return None
                return new, school.review.dashboard(), alerts(school) if destroyed else None
            finally:
                self._reading.release()

        read_in_thread(self, read, self._show_new, "Could not check for new entries")

    def _show_new(self, found: tuple[list[Entry], Dashboard, list[Alert] | None] | None) -> None:
        if found is None:
            return
        new, board, outward = found
        self._show(board)
        if outward is not None:
            self._show_outward(outward)
        if not new:
            return
        notice = self.query_one("#new-notice", Static)
        notice.update(new_notice(new))
        notice.set_class(any(isinstance(e, Concern) and e.urgent for e in new), "-urgent")
        notice.display = True

    def _clear_notice(self) -> None:
        if self.is_attached:
            self.app.call_from_thread(self._hide_notice)

    def _hide_notice(self) -> None:
        self.query_one("#new-notice").display = False

    def _show(self, board: Dashboard) -> None:
        self._board = board
        self._items = {item.pupil.id: item for item in board.review}
        self._show_review()
        self._show_side(board)

    def _show_review(self) -> None:
        school = self.app.school
        if self._board is None or school is None:
            return
        table = self.query_one("#review", DataTable)
        keep = self._highlighted_id()
        colours, at = self.app.get_css_variables(), school.clock.now()
        columns = COLUMNS if self.has_class("-wide") else NARROW_COLUMNS
        table.clear(columns=len(table.columns) != len(columns))
        if not table.columns:
            table.add_columns(*columns)
        shown = (
            apply_filter(self._board.review, school.review.reviewed_entries(), self._filter, at)
            if self._filter.active
            else self._board.review
        )
        cells = [review_cells(item, colours, at, upn=columns is COLUMNS) for item in shown]
        widths = [len(name) for name in columns[:-1]]
        for row in cells:
            widths = [max(w, cell.cell_len) for w, cell in zip(widths, row, strict=True)]
        room = table.size.width - sum(widths) - 2 * len(columns) - 2  # cell padding, and the scrollbar
        for item, row in zip(shown, cells, strict=True):
            table.add_row(*row, flag_cell(item, colours, max(room, 20)), key=item.pupil.id)
        if keep in {item.pupil.id for item in shown}:
            table.move_cursor(row=table.get_row_index(keep))
        self._update_why()
        referral = sum(1 for item in self._board.review if item.prompt == "consider-referral")
        stale = f" · as of {moment(self._board.computed_at)}, updating…" if self._board.cached else ""
        narrowed = (
            f" · showing {len(shown)}: {describe_filter(self._filter, school)} (f changes)"
            if self._filter.active
            else ""
        )
        self.query_one("#title", Static).update(
            Content.from_markup(
                "$school · $total need a decision, $referral to consider for referral$stale$narrowed$warning",
                school=school.name,
                total=str(len(self._board.review)),
                referral=str(referral),
                stale=stale,
                narrowed=narrowed,
                warning=self._warning(school),
            )
        )

    def _warning(self, school: School) -> str:
        """What the DSL must know about the list itself: a clock out of step, records left out."""
        parts = [f"clocks: {self._board.clock_warning}"] if self._board and self._board.clock_warning else []
        if school.set_aside:
            first, more = school.set_aside[0], len(school.set_aside) - 1
            parts.append(
                f"{len(school.set_aside)} record(s) left out: {first.problem}"
                + (f" (and {more} more)" if more else "")
                + " (run 'school-log verify --user')"
            )
        return "".join(f"\n⚠ {part}" for part in parts)

    def _show_side(self, board: Dashboard) -> None:
        """Both side lists, each filled in one call (one refresh, not one per option)."""
        school = self.app.school
        today = local_day(board.computed_at) if school is None else local_today(school.clock)
        tasks = (
            due_tasks(school.review.reviewed_entries(), {p.id: p for p in school.roster.pupils()}, today)
            if school is not None and not board.cached
            else []
        )
        self._follow_up_pupils = [(t.pupil.id, t.entry_id) for t in tasks] + [
            (f.pupil.id, f.decision_id) for f in board.follow_ups
        ]
        staff = school.staff.by_id() if school is not None else {}
        follow_ups = [
            Content.from_markup(
                f"[{'$text-warning' if t.overdue(today) else '$text-muted'}]$state $day[/]  $name — $text ($who)",
                state="task overdue" if t.overdue(today) else "task due",
                day=day(t.due),
                name=t.pupil.name,
                text=t.text,
                who=staff[t.assignee].name if t.assignee in staff else "the team",
            )
            for t in tasks
        ] + [
            Content.from_markup(
                f"[{'$text-warning' if f.overdue else '$text-muted'}]$state $day[/]  $name — $outcome",
                state="overdue" if f.overdue else "due",
                day=day(f.review_by),
                name=f.pupil.name,
                outcome=OUTCOME_NAMES.get(f.outcome, f.outcome),
            )
            for f in board.follow_ups
        ]
        self._fill("#follow-ups", follow_ups, "None planned")
        self._notification_pupils = [note.pupil.id for note in board.notifications]
        notifications = [
            Content.from_markup(
                "[$text-muted]$day[/]  $name — $agency",
                day=on_day(note.occurred_at),
                name=note.pupil.name,
                agency=AGENCY_NAMES.get(note.agency, note.agency)
                + (" · Operation Encompass" if note.kind == "operation-encompass" else ""),
            )
            for note in board.notifications
        ]
        self._fill("#notifications", notifications, f"None in the last {RECENT_DAYS} days")

    def _show_outward(self, found: list[Alert]) -> None:
        """Transfers awaiting a receipt past five school days, and files due for review."""
        self._outward = found
        self.query_one("#outward-pane").display = bool(found)
        lines = [
            Content.from_markup(f"[{'$text-warning' if a.urgent else '$text-muted'}]$text[/]", text=a.text)
            for a in found
        ]
        self._fill("#outward", lines, "Nothing due")

    @on(OptionList.OptionSelected, "#outward")
    def _outward_selected(self, event: OptionList.OptionSelected) -> None:
        """A transfer without a receipt offers to withdraw it (or open the pupil); a file due, the pupil."""
        alert = self._outward[event.option_index]
        if alert.bundle is None:
            if alert.pupil_id is not None:
                self.open_pupil(alert.pupil_id)
            return
        modal = WithdrawTransferModal(alert)

        def done(withdrawn: bool | None) -> None:
            if withdrawn:
                self.app.notify(modal.DONE)
                self.action_reload()
            elif modal.open_file and alert.pupil_id is not None:
                self.open_pupil(alert.pupil_id)

        self.app.push_screen(modal, done)

    def _fill(self, selector: str, options: list[Content], empty: str) -> None:
        option_list = self.query_one(selector, OptionList)
        option_list.clear_options()
        nothing = Option(Content.from_markup("[$text-muted]$empty[/]", empty=empty), disabled=True)
        option_list.add_options(options or [nothing])

    # --- the selected pupil ---------------------------------------------------

    def _highlighted_id(self) -> str | None:
        table = self.query_one("#review", DataTable)
        if not table.row_count:
            return None
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value

    def _update_why(self) -> None:
        if self._board is None:
            return
        key = self._highlighted_id()
        self.query_one("#why", Static).update(why(self._items.get(key) if key else None))

    @on(DataTable.RowHighlighted, "#review")
    def _row_highlighted(self) -> None:
        self._update_why()

    @on(DataTable.RowSelected, "#review")
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value is not None:
            self.open_pupil(event.row_key.value)

    @on(OptionList.OptionSelected, "#follow-ups")
    def _follow_up_selected(self, event: OptionList.OptionSelected) -> None:
        self.app.push_screen(ChronologyScreen(*self._follow_up_pupils[event.option_index]))

    @on(OptionList.OptionSelected, "#notifications")
    def _notification_selected(self, event: OptionList.OptionSelected) -> None:
        self.open_pupil(self._notification_pupils[event.option_index])

    def open_pupil(self, pupil_id: str) -> None:
        self.app.push_screen(ChronologyScreen(pupil_id))

    # --- search ---------------------------------------------------------------

    def action_search(self) -> None:
        """Type-ahead over every pupil on roll, not only those on the list."""
        self.app.push_screen(PupilPickerModal(), lambda pupil_id: self.open_pupil(pupil_id) if pupil_id else None)

    def action_filter(self) -> None:
        """Narrow the list by year group, category, flag, author or waiting time."""

        def chosen(criteria: ReviewFilter | None) -> None:
            if criteria is not None:
                self._filter = criteria
                self._show_review()

        self.app.push_screen(ReviewFilterModal(self._filter), chosen)

    def action_search_entries(self) -> None:
        """Every entry containing the words typed; the chosen one opens in its pupil's chronology."""

        def chosen(found: tuple[str, str] | None) -> None:
            if found is not None:
                self.app.push_screen(ChronologyScreen(*found))

        self.app.push_screen(SearchModal(), chosen)

    # --- other screens --------------------------------------------------------

    def action_record_notification(self) -> None:
        """Pick the pupil, then record what the agency said."""

        def picked(pupil_id: str | None) -> None:
            if pupil_id:
                pupil = self.school.roster.pupil(pupil_id)
                self.app.push_screen(NotificationModal(pupil))  # the list re-reads on return

        self.app.push_screen(PupilPickerModal("Agency notification about which pupil?"), picked)

    def action_staff(self) -> None:
        self.app.push_screen(StaffAdminScreen())
