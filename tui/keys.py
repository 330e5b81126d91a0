"""Keys and clicks are handled one at a time, each after everything the one before it set off.

Textual hands each key to whichever widget has focus *when the app reads the key*,
and that widget handles it later, in its own queue. So in a burst of typing
("jamie", Enter, Tab, "playground") the keys after Enter were already on their way
to the pupil search box before Enter had moved the focus on, and text landed in the
wrong field (`When` became `09:1playgr`). Here the app holds each key until the
screen is quiet — no widget has a message left to handle — so focus moves before
the next key is read, at any typing speed. Mouse presses, releases and scrolls wait in
the same queue: a click hands focus to what it lands on, so a fast click, type, click
used to deliver the second click before the typing, which then went to the second
checkbox (its spaces unticking it). A mouse move waiting behind them replaces the move
before it, so a moving mouse never builds a backlog.
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from textual import events
from textual.app import App, ScreenStackError

QUIET_ROUNDS = 3
"""Event-loop turns with every queue empty that count as quiet (a handler may post on its way out)."""
ReturnType = TypeVar("ReturnType")
MAX_ROUNDS = 500
"""A screen that never falls quiet (an animation, a timer) still gets its keys, in order."""


Input = events.Key | events.MouseEvent
"""What a person does that must happen in the order they did it."""


class KeyQueue:
    """Feeds an app's keys and mouse events to `deliver` one by one, each once the screen is quiet."""

    def __init__(self, app: App[Any], deliver: Callable[[Input], Awaitable[None]]) -> None:
        self.app = app
        self.deliver = deliver
        self.waiting: deque[Input] = deque()
        self._feeding: asyncio.Task[None] | None = None

    def put(self, event: Input) -> None:
        moved = isinstance(event, events.MouseMove)
        if moved and self.waiting and isinstance(self.waiting[-1], events.MouseMove):
            self.waiting[-1] = event  # only where the mouse is now matters
        else:
            self.waiting.append(event)
        if self._feeding is None or self._feeding.done():
            self._feeding = asyncio.create_task(self._feed())

    async def _feed(self) -> None:
        while self.waiting:
            await self.deliver(self.waiting.popleft())
            await self.quiet()

    async def quiet(self) -> None:
        """Return once no widget on the screen (nor the app) has a message waiting."""
        calm = 0
        for _ in range(MAX_ROUNDS):
            await asyncio.sleep(0)
            calm = calm + 1 if self._all_empty() else 0
            if calm >= QUIET_ROUNDS:
                return

    def _all_empty(self) -> bool:
        app = self.app
        if app.message_queue_size:
            return False
        try:
            nodes = list(app.screen.walk_children(with_self=True))
        except ScreenStackError:  # no screen yet, or the app is closing: nothing to wait for
            return True
        return not any(node.message_queue_size for node in nodes)


class OrderedKeys(App[ReturnType]):
    """An App whose keys and mouse events go through a `KeyQueue` (the school-log app, and the tests' hosts)."""

    _key_queue: KeyQueue | None = None

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key | events.MouseEvent) and not event.is_forwarded:
            if self._key_queue is None:
                self._key_queue = KeyQueue(self, super().on_event)
            self._key_queue.put(event)
            return
        await super().on_event(event)
