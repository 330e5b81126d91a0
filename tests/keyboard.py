"""Typing as people do: a burst of keys faster than the app handles them, and counting keystrokes."""

from __future__ import annotations

from textual import events
from textual.pilot import Pilot
from textual.widget import Widget

NAMED = {" ": "space", "\n": "enter", ",": "comma", ".": "full_stop", "'": "apostrophe", ":": "colon", "-": "minus"}


def keys_for(text: str) -> list[str]:
    """The key names that type `text`."""
    return [NAMED.get(c, c) for c in text]


def click_events(widget: Widget) -> list[events.MouseEvent]:
    """A left click on `widget` as a terminal sends it: a press and a release at one place, through the app."""
    x, y = widget.region.offset + (1, 0)
    where = {"x": x, "y": y, "delta_x": 0, "delta_y": 0, "button": 1, "shift": False, "meta": False, "ctrl": False}
    return [
        events.MouseDown(None, **where, screen_x=x, screen_y=y),
        events.MouseUp(None, **where, screen_x=x, screen_y=y),
    ]


async def burst(pilot: Pilot, *keys: str | Widget) -> None:
    """Post every key (and every click on a widget given) at once, as a fast typist's terminal delivers them,
    then let the app catch up.

    `pilot.press` and `pilot.click` wait for the app after each key or click (and the click is handed to the
    screen past the app), which hides ordering bugs; a real burst arrives before the app has handled its first.
    """
    app = pilot.app
    for key in keys:
        if isinstance(key, Widget):
            for event in click_events(key):
                app.post_message(event)
            continue
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
