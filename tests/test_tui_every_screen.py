"""Every screen and dialog, every button and binding, by mouse and by key, as teacher and as DSL:
the app is still running and showing a screen afterwards.

A crawler, not a list: from the home screen it activates what each screen offers — its own
bindings and those of the school's widgets on it (keys), its buttons (Enter on them, or a
click), the footer's keys (clicks), the app's lock and hide keys, and "fill" (every empty field
given something, so a Save goes past its checks). Each new stack of screens it reaches is
explored in turn, from a fresh path when the one it came from closed. One crawl uses keys
only, another the mouse only: saving a concern with clicks crashed the app (issue 19.3) while
ctrl+s did not (this crawl found it again with the fix taken out).
"""

from __future__ import annotations

import asyncio
from collections import deque
from dataclasses import dataclass, field
from typing import Any

import pytest
from textual.css.query import NoMatches
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Button, Input, Select, TextArea
from textual.widgets._footer import FooterKey

from tests.factory import PASSPHRASES, Fixture
from tests.keyboard import keys_for
from tests.pilot import settle
from tui.app import SchoolLogApp
from tui.screens.unlock import UnlockScreen
from tui.widgets.pupil_picker import PupilPicker

ROLES = {"teacher": "tom", "dsl": "dana"}
MODES = ("keys", "mouse")
TEXT = "jamie"
"""What "fill" types in every empty text field: also a pupil's name, so a pupil picker picks one."""
MOVES = {"up", "down", "left", "right"}
"""A widget's cursor keys open nothing: left out to keep the crawl short (Enter is kept)."""

SYSTEM = {"app.quit", "app.command_palette"}
"""Footer keys left out: quitting ends the app by design; the palette is Textual's (tests/test_tui_palette.py)."""

Action = tuple[str, ...]


def state_of(app: SchoolLogApp, path: list[Action]) -> tuple[str, ...]:
    """The stack of screens shown, by class, and how many times a form on it was filled."""
    return (*(type(screen).__name__ for screen in app.screen_stack), f"filled {path.count(('fill',))}")


def ours(widget: Widget) -> bool:
    return type(widget).__module__.startswith("tui.")


def actions(screen: Screen[Any], mode: str, first_visit: bool, path: list[Action]) -> list[Action]:
    """What a person can do on this screen, in this mode."""
    found: list[Action] = []
    keys = list(screen._bindings.key_to_bindings)
    widgets = [w for w in screen.query(Widget) if ours(w) and w.focusable and w.display]
    if mode == "keys":
        found += [("key", key) for key in keys if key != "ctrl+q"]
        for n, widget in enumerate(widgets):
            found += [("widget-key", str(n), key) for key in widget._bindings.key_to_bindings if key not in MOVES]
        buttons = [b for b in screen.query(Button) if b.display]
        found += [("button-key", str(n)) for n in range(len(buttons))]
        if first_visit:
            found += [("key", "ctrl+l"), ("key", "f12")]
    else:
        buttons = [b for b in screen.query(Button) if b.display]
        found += [("click", str(n)) for n in range(len(buttons))]
        found += [("footer", key.key) for key in screen.query(FooterKey) if key.action not in SYSTEM]
        if isinstance(screen, UnlockScreen):
            found.append(("key", "ctrl+l"))  # nothing to click while locked
    if isinstance(screen, UnlockScreen):
        found.append(("unlock",))
    elif (
        path[-1:] != [("fill",)]
        and path.count(("fill",)) < 3
        and any(isinstance(w, Input | TextArea | Select) for w in screen.query(Widget))
    ):
        found.append(("fill",))
    return found


async def fill(pilot: Pilot[Any]) -> None:
    """Give every empty field something: a choice's first option, TEXT in text (a pupil picked)."""
    screen = pilot.app.screen
    for select in screen.query(Select):
        if select.display and select.value is Select.NULL:
            values = [value for _, value in select._options if value is not Select.NULL]
            if values:
                select.value = values[0]
    await pilot.pause()
    for widget in [w for w in screen.query(Widget) if isinstance(w, Input | TextArea)]:
        empty = not (widget.text if isinstance(widget, TextArea) else widget.value)
        if not empty or not widget.focusable:
            continue
        widget.focus()
        await pilot.pause()
        if isinstance(widget, Input) and widget.type == "integer":
            await pilot.press("1", "2")
        else:
            await pilot.press(*keys_for(TEXT))
        if isinstance(widget.parent, PupilPicker) or any(isinstance(a, PupilPicker) for a in widget.ancestors):
            await pilot.press("enter")
        await pilot.pause()


class Gone(Exception):
    """What the action names is not on the screen this time (the screen changed since)."""


async def act(pilot: Pilot[Any], action: Action, username: str) -> None:
    try:
        await _act(pilot, action, username)
    except (IndexError, StopIteration, NoMatches) as error:
        raise Gone(str(action)) from error


async def _act(pilot: Pilot[Any], action: Action, username: str) -> None:
    screen = pilot.app.screen
    kind = action[0]
    if kind == "key":
        await pilot.press(action[1])
    elif kind == "widget-key":
        widgets = [w for w in screen.query(Widget) if ours(w) and w.focusable and w.display]
        widgets[int(action[1])].focus()
        await pilot.pause()
        await pilot.press(action[2])
    elif kind in ("button-key", "click"):
        button = [b for b in screen.query(Button) if b.display][int(action[1])]
        button.scroll_visible(animate=False)
        await pilot.pause()
        if kind == "click":
            await pilot.click(button)
        else:
            button.focus()
            await pilot.pause()
            await pilot.press("enter")
    elif kind == "footer":
        footer_key = [k for k in screen.query(FooterKey) if k.key == action[1]][0]
        await pilot.click(footer_key)
    elif kind == "fill":
        await fill(pilot)
    elif kind == "unlock":
        screen.query_one("#username", Input).value = ""
        screen.query_one("#username", Input).focus()
        await pilot.press(*keys_for(username), "enter", *keys_for(PASSPHRASES[username]), "enter")
    await settle(pilot)


@dataclass
class Crawl:
    reached: dict[str, list[Action]] = field(default_factory=dict)
    """Each screen class reached, by the path that first reached it."""
    problems: list[str] = field(default_factory=list)
    """'<path> → <action> on <screen>: <what went wrong>'."""
    activated: int = 0


async def go_home(app: SchoolLogApp, pilot: Pilot[Any], username: str) -> None:
    """Back to the home screen just after unlocking, whatever was open."""
    if app.school is None:
        while not isinstance(app.screen, UnlockScreen):
            app.pop_screen()
            await pilot.pause()
        await act(pilot, ("unlock",), username)
    while len(app.screen_stack) > 2:
        app.pop_screen()
        await pilot.pause()
    await settle(pilot)


async def crawl(url: str, username: str, mode: str) -> Crawl:
    """Explore breadth first; each stack of screens once. A crash restarts the app and is recorded."""
    result = Crawl()
    queue: deque[list[Action]] = deque([[]])
    seen_states: set[tuple[str, ...]] = set()
    explored: set[str] = set()  # screen classes whose app-wide keys were tried
    while queue:
        path = queue.popleft()
        pending: list[Action] | None = None
        done: set[Action] = set()
        while pending is None or pending:
            app = SchoolLogApp(url)
            try:
                async with app.run_test(size=(100, 40)) as pilot:
                    await pilot.pause()
                    await act(pilot, ("unlock",), username)
                    for step in path:
                        await act(pilot, step, username)
                    screen = app.screen
                    here = state_of(app, path)
                    if pending is None:
                        seen_states.add(here)
                        first = type(screen).__name__ not in explored
                        explored.add(type(screen).__name__)
                        pending = [a for a in actions(screen, mode, first, path) if a not in done]
                    while pending:
                        action = pending.pop(0)
                        done.add(action)
                        if app.screen is not screen or state_of(app, path) != here:
                            await go_home(app, pilot, username)
                            for step in path:
                                await act(pilot, step, username)
                            screen = app.screen
                        try:
                            await act(pilot, action, username)
                        except Gone:
                            continue
                        result.activated += 1
                        if not app.is_running or app._exception is not None or not app.screen_stack:
                            result.problems.append(f"{path} → {action} on {type(screen).__name__}: the app stopped")
                            break
                        state = state_of(app, [*path, action])
                        if state not in seen_states and state != here:
                            seen_states.add(state)
                            name = state[-2]
                            result.reached.setdefault(name, [*path, action])
                            if action != ("key", "ctrl+l") or name == "UnlockScreen":
                                queue.append([*path, action])
            except Gone:  # the path no longer leads here (e.g. the data changed): explored as far as it went
                break
            except Exception as error:  # the app crashed: recorded, and the crawl goes on
                result.problems.append(f"{path} → {sorted(done)[-1:]}: {type(error).__name__}: {error}")
            if pending is None:
                break
    return result


@pytest.mark.crawl
@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("role", ROLES)
def test_every_screen_survives_every_button_and_binding(
    school: Fixture, role: str, mode: str, tmp_path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """Nothing any screen offers stops the app: each crawl ends with no crash recorded."""
    monkeypatch.chdir(tmp_path)  # a referral pack saved by the crawl lands here, not in the clone
    found = asyncio.run(crawl(school.url, ROLES[role], mode))
    assert found.activated > 20
    assert found.problems == [], "\n".join(found.problems)
