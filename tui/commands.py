"""The command palette's school commands (ctrl+p): what a person can do from any screen."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

COMMANDS = (
    ("Record a concern", "Write down what you saw or heard about a child", "record"),
    ("Open pupil…", "Find a pupil and open their chronology", "open_pupil"),
    ("Health conditions…", "Find a pupil and read or record their known health conditions (DSL)", "health"),
    ("My entries", "What you have recorded, and add to it", "my_entries"),
    ("Lock", "Lock the log now; your passphrase opens it again", "lock"),
)
"""(name, help, the app's action): the app's `check_action` says which the person may use now."""


class SchoolCommands(Provider):
    """Record a concern, my entries, lock; and for a DSL, open a pupil's chronology."""

    def _commands(self) -> list[tuple[str, str, Callable[[], object]]]:
        app = self.app
        return [
            (name, help_text, partial(app.run_action, action))
            for name, help_text, action in COMMANDS
            if app.check_action(action, ())
        ]

    async def discover(self) -> Hits:
        for name, help_text, command in self._commands():
            yield DiscoveryHit(name, command, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, command in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), command, help=help_text)
