"""Every screen and dialog, every button and binding, by mouse and by key, as teacher and as DSL:
the app is still running and showing a screen afterwards.

A crawler, not a list: from the home screen it activates what each screen offers — its own
bindings and those of the school's widgets on it (keys), its buttons (Enter on them, or a
click), the footer's keys (clicks), the app's lock and hide keys, and "fill" (every empty field
given something, so a Save goes past its checks). One app per crawl, depth first: each new stack
of screens reached is explored at once, and after each action the crawl goes back to where it
stood. One crawl uses keys only, another the mouse only: saving a concern with clicks crashed
the app (issue 19.3) while ctrl+s did not (this crawl finds it again with the fix taken out). A
click that cannot reach its button (off the screen, covered) is a failure too.

The school is built once and each crawl gets its own copy (SQLite's backup), so the crawls'
saves do not meet.
"""

from __future__ import annotations

import asyncio
import re
import sqlite3
import time
from contextlib import AsyncExitStack, closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from weakref import WeakSet

import pytest
from textual import _wait as textual_wait
from textual.css.query import NoMatches
from textual.pilot import OutOfBounds, Pilot
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Button, Input, Select, TextArea
from textual.widgets._footer import FooterKey

from tests.conftest import isolate, with_entries
from tests.factory import NOW, PASSPHRASES, Fixture, make_school
from tests.pilot import SIZE, settle
from tests.stores import Store
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
CLOSERS = {("key", "ctrl+l"), ("key", "f12")}


def state_of(app: SchoolLogApp, filled: WeakSet[Screen[Any]]) -> tuple[str, ...]:
    """The stack of screens shown, by class, each marked if its form was filled."""
    return tuple(type(screen).__name__ + (" (filled)" if screen in filled else "") for screen in app.screen_stack)


def ours(widget: Widget) -> bool:
    return type(widget).__module__.startswith("tui.")


def actions(screen: Screen[Any], mode: str, first_visit: bool, filled: bool) -> list[Action]:
    """What a person can do on this screen, in this mode."""
    found: list[Action] = []
    keys = list(screen._bindings.key_to_bindings)
    widgets = [w for w in screen.query(Widget) if ours(w) and w.focusable and w.display]
    if mode == "keys":
        found += [("key", key) for key in keys if key != "ctrl+q"]
        kinds: set[tuple[type[Widget], str]] = set()  # a key on a second widget of a kind does the same
        for n, widget in enumerate(widgets):
            for key in widget._bindings.key_to_bindings:
                if key not in MOVES and (type(widget), key) not in kinds:
                    kinds.add((type(widget), key))
                    found.append(("widget-key", str(n), key))
        buttons = [b for b in screen.query(Button) if b.display]
        found += [("button-key", str(n)) for n in range(len(buttons))]
        if first_visit:
            found += [("key", "ctrl+l"), ("key", "f12")]
    else:
        buttons = [b for b in screen.query(Button) if b.display]
        found += [("click", str(n)) for n in range(len(buttons))]
        found += [
            ("footer", key.key) for key in screen.query(FooterKey) if key.action not in SYSTEM and key.key != "ctrl+q"
        ]
        if isinstance(screen, UnlockScreen):
            found.append(("key", "ctrl+l"))  # nothing to click while locked
    if isinstance(screen, UnlockScreen):
        found.append(("unlock",))
    elif not filled and any(isinstance(w, Input | TextArea | Select) for w in screen.query(Widget)):
        found.append(("fill",))
    return found


async def fill(pilot: Pilot[Any]) -> None:
    """Give every empty field something: a choice's first option, TEXT in text (a pupil picked).

    Text is set, not typed: key by key costs the pilot a wait per key, and a field reacts to
    the change the same way (a pupil picker searches, then Enter picks)."""
    screen = pilot.app.screen
    for select in screen.query(Select):
        if select.display and select.value is Select.NULL:
            values = [value for _, value in select._options if value is not Select.NULL]
            if values:
                select.value = values[0]
    await pilot.pause()
    for widget in [w for w in screen.query(Widget) if isinstance(w, Input | TextArea)]:
        if (widget.text if isinstance(widget, TextArea) else widget.value) or not widget.focusable:
            continue
        if isinstance(widget, TextArea):
            widget.text = TEXT
        elif widget.type == "integer" or (widget.restrict and not re.fullmatch(widget.restrict, TEXT)):
            widget.value = "12"  # what typing TEXT would leave in a box for digits: nothing
        else:
            widget.value = TEXT
        if any(isinstance(a, PupilPicker) for a in widget.ancestors):
            widget.focus()
            await pilot.pause()
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
            await click(pilot, button)
        else:
            button.focus()
            await pilot.pause()
            await pilot.press("enter")
    elif kind == "footer":
        await pilot.pause()  # the footer is composed again when the keys change: found once laid out
        footer_key = [k for k in screen.query(FooterKey) if k.key == action[1]][0]
        if reachable(screen, footer_key):
            await click(pilot, footer_key, laid_out=True)
        else:  # Textual's footer does not wrap: a narrow one cuts its last keys off, out of the mouse's
            await pilot.press(action[1])  # reach (as does a notification over it). Pressed instead, then.
    elif kind == "fill":
        await fill(pilot)
    elif kind == "unlock":  # set, not typed (as in fill): the unlock screen's own tests type
        screen.query_one("#username", Input).value = username
        passphrase = screen.query_one("#passphrase", Input)
        passphrase.value = PASSPHRASES[username]
        passphrase.focus()
        await pilot.press("enter")
    await settle(pilot, columns=False)


class Missed(Exception):
    """A click did not land on what it aimed at: it is hidden, off the screen or covered."""


def reachable(screen: Screen[Any], widget: Widget) -> bool:
    """Whether a click on `widget`'s first cell would land on it."""
    if not widget.region.width or not screen.region.contains_region(widget.region):
        return False
    try:
        return screen.get_widget_at(*widget.region.offset)[0] is widget
    except NoMatches:
        return False


async def click(pilot: Pilot[Any], widget: Widget, laid_out: bool = False) -> None:
    """Click `widget` as a person would, once the screen has laid it out where it is shown."""
    if not laid_out:
        await pilot.pause()
    try:
        landed = await pilot.click(widget)
    except OutOfBounds:
        landed = False
    if not landed:
        what = widget.label if isinstance(widget, Button) else getattr(widget, "key", "")
        raise Missed(f"{type(widget).__name__} {str(what)!r} at {widget.region} cannot be clicked")


@dataclass
class Crawl:
    reached: dict[str, list[Action]] = field(default_factory=dict)
    """Each screen class reached, by the path that first reached it."""
    problems: list[str] = field(default_factory=list)
    """'<path> → <action> on <screen>: <what went wrong>'."""
    activated: int = 0


@dataclass(frozen=True)
class Place:
    """Where the crawl stands: the path that led here, the screens it showed and their state then."""

    path: list[Action]
    screens: list[Screen[Any]]
    state: tuple[str, ...]
    unlocked: bool


class Crawler:
    """One app, explored depth first: each place's actions are tried one by one, and after each the
    crawl goes back to the place: it closes what the action opened, or, when the action closed the
    place itself, takes the path again from the nearest place on the way that is still open (or from
    the home screen). A crash is recorded and the app restarted."""

    def __init__(self, url: str, username: str, mode: str) -> None:
        self.url, self.username, self.mode = url, username, mode
        self.result = Crawl()
        self.seen: set[tuple[str, ...]] = set()
        self.explored: set[str] = set()  # screen classes whose app-wide keys were tried
        self.filled: WeakSet[Screen[Any]] = WeakSet()
        self.way: list[Place] = []  # the places the crawl is exploring, from home to here
        self.app = SchoolLogApp(url)
        self.running = AsyncExitStack()
        self.pilot: Pilot[Any]

    async def start(self) -> None:
        self.app = SchoolLogApp(self.url)
        self.running = AsyncExitStack()
        self.pilot = await self.running.enter_async_context(self.app.run_test(size=SIZE))
        await self.pilot.pause()
        await self.act(("unlock",))

    async def stop(self) -> str:
        """End the app; what it crashed with, if it did."""
        try:
            await self.running.aclose()
        except Exception as error:  # the crash, re-raised as the test harness leaves
            return f"{type(error).__name__}: {error}"
        crashed = self.app.crashed
        return crashed.line if crashed is not None else "the app stopped"

    def stopped(self) -> bool:
        app = self.app
        return not app.is_running or app._exception is not None or app.crashed is not None or not app.screen_stack

    async def act(self, action: Action) -> None:
        if action == ("fill",):
            self.filled.add(self.app.screen)
        await act(self.pilot, action, self.username)

    def state(self) -> tuple[str, ...]:
        return state_of(self.app, self.filled)

    def here(self, path: list[Action]) -> Place:
        return Place(path, list(self.app.screen_stack), self.state(), self.app.school is not None)

    def shows(self, place: Place) -> bool:
        """Whether `place`'s screens are all still open, the same ones (more may be open over them)."""
        stack = self.app.screen_stack
        return (
            (self.app.school is not None) == place.unlocked
            and len(stack) >= len(place.screens)
            and all(a is b for a, b in zip(stack, place.screens, strict=False))
        )

    async def close_over(self, place: Place) -> None:
        if len(self.app.screen_stack) > len(place.screens):
            while len(self.app.screen_stack) > len(place.screens):
                self.app.pop_screen()
            await self.pilot.pause()

    async def back_to(self, place: Place) -> Place | None:
        """Show `place` again; None when its path no longer leads there (the data changed)."""
        if self.shows(place):
            await self.close_over(place)
            return place
        start = next((p for p in reversed(self.way) if p is not place and self.shows(p)), None)
        if start is None:
            await self.go_home()
            steps = place.path
        else:
            await self.close_over(start)
            await settle(self.pilot, columns=False)
            steps = place.path[len(start.path) :]
        try:
            for step in steps:
                await self.act(step)
        except (Gone, Missed):
            return None
        if self.stopped():
            self.result.problems.append(f"{place.path}, taken again: {await self.stop()}")
            await self.start()
            return None
        return self.here(place.path) if self.state() == place.state else None

    async def go_home(self) -> None:
        """Back to the home screen just after unlocking, whatever was open."""
        app, pilot = self.app, self.pilot
        if app.school is None:
            while not isinstance(app.screen, UnlockScreen):
                app.pop_screen()
                await pilot.pause()
            await self.act(("unlock",))
        while len(app.screen_stack) > 2:
            app.pop_screen()
            await pilot.pause()
        await settle(pilot, columns=False)

    async def visit(self, place: Place | None) -> None:
        """Try everything the place offers, and explore each new stack of screens it leads to."""
        if place is None:
            return
        self.way.append(place)
        path, screen = place.path, self.app.screen
        name = type(screen).__name__
        first = name not in self.explored
        self.explored.add(name)
        # What closes the place (lock, hide) last, after "fill": going back then takes the path again.
        todo = sorted(actions(screen, self.mode, first, screen in self.filled), key=lambda a: a in CLOSERS)
        for action in todo:
            back = await self.back_to(place)
            if back is None:
                break
            place = self.way[-1] = back
            try:
                await self.act(action)
            except Gone:
                continue
            except Missed as missed:
                self.result.problems.append(f"{path} → {action} on {name}: {missed}")
                continue
            except Exception:  # the pilot could not go on: the app crashed under it
                if not self.stopped():
                    raise
            self.result.activated += 1
            if self.stopped():
                self.result.problems.append(f"{path} → {action} on {name}: {await self.stop()}")
                await self.start()
                continue
            state = self.state()
            if state in self.seen:
                continue
            self.seen.add(state)
            reached = type(self.app.screen).__name__
            self.result.reached.setdefault(reached, [*path, action])
            if action != ("key", "ctrl+l") or reached == "UnlockScreen":
                await self.visit(self.here([*path, action]))
        self.way.pop()


async def crawl(url: str, username: str, mode: str) -> Crawl:
    """Explore depth first from the home screen; each stack of screens once."""
    crawler = Crawler(url, username, mode)
    await crawler.start()
    crawler.seen.add(crawler.state())
    await crawler.visit(crawler.here([]))
    if crawler.stopped():
        crawler.result.problems.append(f"at the end: {await crawler.stop()}")
    else:
        await crawler.stop()
    return crawler.result


@pytest.fixture(scope="session")
def built_school(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The `school` fixture's school, built once for all the crawls: each crawls a copy of it."""
    directory = tmp_path_factory.mktemp("crawled-school")
    with pytest.MonkeyPatch.context() as monkeypatch:
        isolate(directory, monkeypatch)
        monkeypatch.setenv("TZ", "UTC")
        time.tzset()
        fixture = with_entries(make_school(directory, monkeypatch))
    time.tzset()
    assert fixture.path is not None
    return fixture.path


@pytest.fixture
def crawled_school(built_school: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, utc: None) -> Fixture:
    """A copy of the built school for one crawl to change, made by SQLite's backup (the file is not read)."""
    monkeypatch.setenv("SCHOOL_LOG_NOW", NOW)
    copy = tmp_path / "school.db"
    with closing(sqlite3.connect(built_school)) as source, closing(sqlite3.connect(copy)) as target:
        source.backup(target)
    return Fixture(Store(f"sqlite:///{copy}", copy))


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("role", ROLES)
def test_every_screen_survives_every_button_and_binding(
    crawled_school: Fixture, role: str, mode: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Nothing any screen offers stops the app: each crawl ends with no crash recorded."""
    monkeypatch.chdir(tmp_path)  # a referral pack saved by the crawl lands here, not in the clone
    # The pilot waits for the app to go idle in slices of 1/50 s, most of a crawl's time: thinner ones.
    monkeypatch.setattr(textual_wait, "SLEEP_GRANULARITY", 1 / 200)
    found = asyncio.run(crawl(crawled_school.url, ROLES[role], mode))
    assert found.activated > 20
    assert found.problems == [], "\n".join(found.problems)
