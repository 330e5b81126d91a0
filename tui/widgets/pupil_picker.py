"""Type-ahead pupil picker: name, year group and UPN side by side, so the right child is picked."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Footer, Input, Label, OptionList
from textual.widgets.option_list import Option

from school_log.model import Pupil
from school_log.school import School
from tui.screens.base import SchoolModal
from tui.wording import year

SHOWN = 50
"""Most pupils listed at once: keep typing to narrow it down."""


def describe(pupil: Pupil) -> str:
    """One line that tells two children with the same name apart."""
    legal = (
        f" (legal name {pupil.given_name})" if pupil.preferred_name and pupil.preferred_name != pupil.given_name else ""
    )
    return f"{pupil.name}{legal} · {year(pupil, short=False)} · UPN {pupil.upn}"


class PupilPicker(Vertical):
    """An Input that filters the roster into an OptionList; Enter or a click picks a pupil."""

    DEFAULT_CSS = """
    PupilPicker { height: auto; }
    PupilPicker > OptionList { height: auto; max-height: 8; }
    """

    BINDINGS = [
        Binding("down", "move(1)", "Next pupil", show=False),
        Binding("up", "move(-1)", "Previous pupil", show=False),
    ]

    class Selected(Message):
        """A pupil was picked."""

        def __init__(self, picker: PupilPicker, pupil: Pupil) -> None:
            super().__init__()
            self.picker = picker
            self.pupil = pupil

        @property
        def control(self) -> PupilPicker:
            return self.picker

    def __init__(self, school: School, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.school = school
        self.pupil: Pupil | None = None
        self._found: dict[str, Pupil] = {}

    def compose(self) -> ComposeResult:
        yield Input(
            placeholder="Type a name, UPN or year (e.g. 'jamie y4')", classes="pupil-search", select_on_focus=False
        )
        yield OptionList(classes="pupil-options", markup=False)

    def on_mount(self) -> None:
        self._search("")

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        event.stop()
        self._search(event.value)

    def _search(self, text: str) -> None:
        found = self.school.roster.search(text, limit=SHOWN)
        self._found = {p.id: p for p in found}
        options = self.query_one(OptionList)
        options.set_options(Option(describe(p), id=p.id) for p in found)
        if found:
            options.highlighted = 0
        elif text.strip():
            options.add_option(
                Option(f"No pupil matches {text.strip()!r}: check the spelling, or try the UPN", disabled=True)
            )

    @on(Input.Submitted)
    def _enter(self, event: Input.Submitted) -> None:
        """Enter in the search box picks the highlighted pupil (the only one, once narrowed)."""
        event.stop()
        option = self.query_one(OptionList).highlighted_option
        if option is not None and option.id is not None:
            self.choose(self._found[option.id])

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.choose(self._found[event.option.id])

    def choose(self, pupil: Pupil) -> None:
        """Pick `pupil` (as Enter or a click on their line does)."""
        self.pupil = pupil
        self.post_message(self.Selected(self, pupil))

    def action_move(self, step: int) -> None:
        """Up and down in the search box move through the matches."""
        options = self.query_one(OptionList)
        options.action_cursor_down() if step > 0 else options.action_cursor_up()

    def focus_search(self, scroll_visible: bool = True) -> None:
        self.query_one(Input).focus(scroll_visible)


class PupilPickerModal(SchoolModal[str | None]):
    """Pick one pupil; returns their id, or None if cancelled."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel")]

    def __init__(self, title: str = "Open which pupil?") -> None:
        super().__init__()
        self.heading = title

    def compose(self) -> ComposeResult:
        with Vertical(classes="log-dialog"):
            yield Label(self.heading, classes="log-dialog-title")
            yield PupilPicker(self.school)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(PupilPicker).focus_search()

    @on(PupilPicker.Selected)
    def _picked(self, event: PupilPicker.Selected) -> None:
        self.dismiss(event.pupil.id)
