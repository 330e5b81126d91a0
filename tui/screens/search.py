"""Search every entry in the log (DSL): the words typed (accents and case ignored), results by when
they happened, newest first, each with the words it matched; Enter opens the entry.

The search is the domain's (`Review.search`, audited as one read); it runs off the
UI thread when Enter is pressed, so typing is never held up by decrypting a big log.
"""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Footer, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from school_log.model import Entry, when
from school_log.patterns.facts import count_of
from school_log.review import matched
from school_log.school import School
from tui.entry_text import first_words, gist
from tui.reads import read_in_thread
from tui.screens.base import SchoolModal
from tui.wording import KIND_LABELS, on_day

SHOWN = 200
"""Most results listed: a search with more is narrowed by adding a word."""


class SearchModal(SchoolModal[tuple[str, str] | None]):
    """Type words, Enter searches; Enter on a result returns (pupil id, entry id)."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Close")]

    def __init__(self) -> None:
        super().__init__()
        self._found: list[Entry] = []

    def compose(self) -> ComposeResult:
        with Vertical(classes="log-dialog search-box"):
            yield Label("Search every entry", classes="log-dialog-title")
            yield Input(placeholder="e.g. bruise arm  (every word must appear; Enter searches)", id="words")
            yield Static("", id="search-status", classes="log-hint")
            yield OptionList(id="results", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#words", Input).focus()

    @on(Input.Submitted, "#words")
    def _search(self, event: Input.Submitted) -> None:
        event.stop()
        if not event.value.strip():
            self.query_one("#search-status", Static).update("Type a word to search for.")
            return
        self.query_one("#search-status", Static).update("Searching…")
        self._run(event.value)

    @work(thread=True, exclusive=True, group="search")
    def _run(self, words: str) -> None:
        def search(school: School) -> tuple[list[Entry], dict[str, str], dict[str, list[str]]]:
            found = sorted(school.review.search(words), key=lambda e: (when(e), e.recorded_at), reverse=True)
            names = {e.pupil_id: school.roster.pupil(e.pupil_id).name for e in found[:SHOWN]}
            return found, names, {e.id: matched(e, words) for e in found[:SHOWN]}

        read_in_thread(self, search, self._show, "Could not search")

    def _show(self, result: tuple[list[Entry], dict[str, str], dict[str, list[str]]]) -> None:
        found, names, words = result
        self._found = found[:SHOWN]
        results = self.query_one("#results", OptionList)
        results.set_options(
            Option(
                f"{on_day(when(e))} · {KIND_LABELS[type(e)]} · {names[e.pupil_id]}: {first_words(gist(e), 60)}"
                f"\n    matched: {', '.join(words[e.id])}",
                id=e.id,
            )
            for e in self._found
        )
        more = f" (the newest {SHOWN} shown: add a word to narrow it)" if len(found) > SHOWN else ""
        status = f"{count_of(len(found), 'entry', 'entries')} found{more}" if found else "Nothing found."
        self.query_one("#search-status", Static).update(Content(status))
        if self._found:
            results.highlighted = 0
            results.focus()

    @on(OptionList.OptionSelected, "#results")
    def _open(self, event: OptionList.OptionSelected) -> None:
        entry = self._found[event.option_index]
        self.dismiss((entry.pupil_id, entry.id))
