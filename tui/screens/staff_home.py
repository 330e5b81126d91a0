"""Home for a member of staff: record a concern, and see (and add to) only what they wrote."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Footer, Header, Label, OptionList, Static
from textual.widgets.option_list import Option

from school_log.errors import InputError
from school_log.model import Concern, Entry
from school_log.receipts import ConcernStatus, statuses
from school_log.school import School
from school_log.staff import CODE_MARKS
from tui.entry_text import details, summary
from tui.reads import read_in_thread
from tui.screens.addendum import AddendumModal
from tui.screens.base import SchoolScreen
from tui.wording import moment


def pupil_name(school: School, pupil_id: str) -> str:
    try:
        return school.roster.pupil(pupil_id).name
    except InputError:
        return "a pupil no longer on roll"


Mine = tuple[list[Entry], dict[str, str], dict[str, ConcernStatus], dict[str, str]]


def my_entries(school: School) -> Mine:
    """What I wrote, newest first, the name of each pupil it is about, what the DSLs did with it, and how each
    written under a one-time code I have not confirmed is marked."""
    entries = school.log.my_entries()
    names = {e.pupil_id: pupil_name(school, e.pupil_id) for e in entries}
    marks = {e.id: CODE_MARKS[mark] for e in entries if (mark := school.log.code_mark(e))}
    return entries, names, statuses(school), marks


def status_line(entry: Entry, status: ConcernStatus | None) -> str:
    """'Seen by a DSL 23 Nov 2026 · action taken 24 Nov 2026' — never what was decided."""
    if not isinstance(entry, Concern):
        return ""
    if status is None or status.seen_at is None:
        return "Not yet seen by a DSL"
    line = f"Seen by a DSL {moment(status.seen_at)}"
    return line + (f" · action taken {moment(status.action_at)}" if status.action_at else " · no action recorded yet")


class StaffHomeScreen(SchoolScreen[None]):
    """The big "Record a concern" button, then my entries, newest first, with the selected one in full."""

    BINDINGS = [
        Binding("n", "app.record", "Record a concern"),
        Binding("a", "add_to", "Add to entry"),
        Binding("r", "reload", "Refresh", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.entries: dict[str, Entry] = {}
        self._names: dict[str, str] = {}
        self._statuses: dict[str, ConcernStatus] = {}
        self._new: str | None = None  # an entry just saved: highlighted and focused once listed

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="home"):
            yield Button("Record a concern  (n)", id="record", variant="primary")
            yield Static(
                "Anything that worries you about a child, however small: write it down now.", classes="log-hint"
            )
            yield Label("Your entries (only you and the DSLs can see these)", classes="log-section-title")
            with Horizontal(id="home-body"):
                yield OptionList(id="entries", markup=False)
                with VerticalScroll(id="entry-detail-box"):
                    yield Static("Nothing recorded yet.", id="entry-detail", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#record", Button).focus()

    def on_screen_resume(self) -> None:
        self.action_reload()

    def action_reload(self) -> None:
        self._load()

    def show_new(self, entry_id: str) -> None:
        """Highlight and focus the entry just saved, so `a` adds to it and not to the one before."""
        self._new = entry_id
        self.action_reload()

    @work(thread=True, exclusive=True, group="my-entries")
    def _load(self) -> None:
        """Reading (and decrypting) my entries can take a moment: keep the screen responsive."""
        read_in_thread(self, my_entries, self._show, "Could not read your entries")

    def _show(self, mine: Mine) -> None:
        entries, names, self._statuses, marks = mine
        self.entries = {e.id: e for e in entries}
        self._names = names
        options = self.query_one("#entries", OptionList)
        highlighted = options.highlighted_option.id if options.highlighted_option else None
        options.set_options(
            Option(" ".join(filter(None, (marks.get(e.id), summary(e, names[e.pupil_id])))), id=e.id) for e in entries
        )
        if not entries:
            self.query_one("#entry-detail", Static).update("Nothing recorded yet.")
            self.refresh_bindings()
            return
        ids = [e.id for e in entries]
        if self._new in ids:
            options.highlighted = ids.index(self._new)
            options.focus()
            self._new = None
            return
        options.highlighted = ids.index(highlighted) if highlighted in ids else 0

    @on(Button.Pressed, "#record")
    async def _record(self) -> None:
        await self.run_action("app.record")

    @on(OptionList.OptionHighlighted, "#entries")
    def _preview(self, event: OptionList.OptionHighlighted) -> None:
        entry = self.entries.get(event.option.id or "")
        if entry is not None:
            shown = details(entry, self._names[entry.pupil_id], self._reference)
            status = status_line(entry, self._statuses.get(entry.id))
            if status:
                shown = Content("\n").join([Content.from_markup("[b $text-accent]$status[/]", status=status), shown])
            self.query_one("#entry-detail", Static).update(shown)
        self.refresh_bindings()

    def _reference(self, entry_id: str) -> str:
        """The short reference of one of my entries ('C-2026-0412')."""
        school, entry = self.app.school, self.entries.get(entry_id)
        return school.log.reference(entry) if school is not None and entry is not None else "an earlier entry"

    def selected_entry(self) -> Entry | None:
        option = self.query_one("#entries", OptionList).highlighted_option
        return self.entries.get(option.id or "") if option else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "add_to":
            return self.selected_entry() is not None
        return True

    def action_add_to(self) -> None:
        entry = self.selected_entry()
        if entry is None:
            return
        about = summary(entry, self._names[entry.pupil_id])

        modal = AddendumModal(entry.id, about, entry.pupil_id)

        def added(saved: bool | None) -> None:
            if saved:
                self.notify(f"Addendum saved (reference {modal.reference}).", title="Saved")
                self.action_reload()

        self.app.push_screen(modal, added)
