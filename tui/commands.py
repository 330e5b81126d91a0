"""The command palette's school commands (ctrl+p): what a person can do from any screen."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider

if TYPE_CHECKING:
    from tui.app import SchoolLogApp


class SchoolCommands(Provider):
    """Record a concern, my entries, lock; and for a DSL, open a pupil's chronology."""

    def _commands(self) -> list[tuple[str, str, Callable[[], object]]]:
        app: SchoolLogApp = self.app  # type: ignore[assignment]
        if app.school is None:
            return []
        commands: list[tuple[str, str, Callable[[], object]]] = [
            ("Record a concern", "Write down what you saw or heard about a child", app.action_record),
            ("My entries", "What you have recorded, and add to it", app.action_my_entries),
            ("Lock", "Lock the log now; your passphrase opens it again", app.action_lock),
        ]
        if app.school.is_dsl:
            commands.insert(1, ("Open pupil…", "Find a pupil and open their chronology", app.action_open_pupil))
        return commands

    async def discover(self) -> Hits:
        for name, help_text, command in self._commands():
            yield DiscoveryHit(name, command, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, command in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), command, help=help_text)
