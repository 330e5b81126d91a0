"""Typing as people do: a burst of keys faster than the app handles them, and counting keystrokes."""

from __future__ import annotations

from textual import events
from textual.pilot import Pilot

NAMED = {" ": "space", "\n": "enter", ",": "comma", ".": "full_stop", "'": "apostrophe", ":": "colon", "-": "minus"}


def keys_for(text: str) -> list[str]:
    """The key names that type `text`."""
    return [NAMED.get(c, c) for c in text]


async def burst(pilot: Pilot, *keys: str) -> None:
    """Post every key at once, as a fast typist's terminal delivers them, then let the app catch up.

    `pilot.press` waits for the app after each key, which hides ordering bugs; a real
    burst arrives before the app has handled the first key of it.
    """
    app = pilot.app
    for key in keys:
        char = {"space": " ", "comma": ",", "full_stop": ".", "apostrophe": "'", "colon": ":", "minus": "-"}.get(
            key, key if len(key) == 1 else None
        )
        app.post_message(events.Key(key, char))
    for _ in range(len(keys) + 20):
        await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


class CountedKeys:
    """Presses keys through the pilot, counting those beyond the typed text (the cost of the form)."""

    def __init__(self, pilot: Pilot) -> None:
        self.pilot = pilot
        self.controls = 0
        self.typed = 0

    async def type(self, text: str) -> None:
        self.typed += len(text)
        await self.pilot.press(*keys_for(text))

    async def press(self, *keys: str) -> None:
        self.controls += len(keys)
        await self.pilot.press(*keys)
        await self.pilot.pause()
