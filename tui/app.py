"""The school-log app: unlock, then the person's home screen; lock, blank and idle lock everywhere.

Only `school_log` is imported here: the screens see the school through `SchoolScreen.school`
(tui/screens/base.py) and never touch storage directly.
"""

from __future__ import annotations

import asyncio
import gc
import signal
import sys
from collections.abc import Iterable
from pathlib import Path
from time import monotonic

from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from school_log.drafts import Sealed, Unsaved
from school_log.school import School
from school_log.views import Dashboard
from tui import crash
from tui.commands import SchoolCommands
from tui.drafting import keep_open_forms
from tui.leaks import check_environment
from tui.screens.base import SchoolApp
from tui.screens.blank import BlankScreen
from tui.screens.code_answer import ask_about_codes
from tui.screens.draft_offer import offer_drafts
from tui.screens.first_steps import set_up_next
from tui.screens.record import RecordScreen
from tui.screens.staff_home import StaffHomeScreen
from tui.screens.unlock import UnlockScreen
from tui.widgets.idle_warning import IdleWarning
from tui.widgets.pupil_picker import PupilPickerModal

ACTIVITY = (events.Key, events.MouseDown, events.MouseMove)
HANG_UPS = (signal.SIGHUP, signal.SIGTERM)
"""The terminal closed, or the process told to stop: a form being filled in is sealed before the app quits."""
STYLESHEET = Path(__file__).with_name("app.tcss")
"""Every screen's look; the tests' host apps load it too, so they show what the app shows."""


class SchoolLogApp(SchoolApp[int]):
    """One person's unlocked view of the school log, locked again when they leave it."""

    CSS_PATH = STYLESHEET
    TITLE = "School log"
    COMMANDS = App.COMMANDS | {SchoolCommands}
    BINDINGS = [
        Binding("f12", "blank", "Hide", priority=True),
        # ctrl+b is tmux's prefix and ctrl+a screen's; ctrl+e reaches the app through tmux, screen,
        # zellij and the usual terminals (fields lose only its emacs "end of line"; End still works).
        Binding("ctrl+e", "blank", "Hide screen", priority=True, show=False),
        Binding("ctrl+l", "lock", "Lock", priority=True),
        Binding("ctrl+q", "quit", "Quit", priority=True),  # Textual's own is hidden from the footer
    ]
    IDLE_CHECK_SECONDS = 1.0
    """How often the idle lock looks at the clock (the lock itself is `config.idle_lock_minutes`)."""
    IDLE_WARNING_SECONDS = 30.0
    """The countdown before an idle lock (at most half the idle time, for a very short one)."""

    def __init__(self, url: str | None, username: str | None = None, hint: str = "", *, debug: bool = False) -> None:
        super().__init__()
        self.url = url
        self.username = username
        self.hint = hint  # a line for the unlock screen (the demo's logins); empty for a real school
        self.debug_tracebacks = debug  # Textual's full traceback on a crash: only ever set for a simulated-clock vault
        self.crashed: crash.Crash | None = None
        self.last_activity = monotonic()
        self._prompts = 0  # each prompt opens a mode of its own: see `unlocked`
        self._idle_warning: IdleWarning | None = None
        self.unsent_drafts: list[Sealed] = []  # sealed at a lock the store could not take: written at the next unlock

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Only the system commands a school needs: help on keys, and quit.

        Textual's own list also has Screenshot, which would write what is on the
        screen — pupils' names, what a child said — to disk unencrypted, and Theme
        and Maximize, which a school has no use for.
        """
        yield SystemCommand("Keys", "Show the keys of this screen", self.action_show_help_panel)
        yield SystemCommand("Quit", "Lock and quit", self.action_quit)

    def deliver_screenshot(
        self, filename: str | None = None, path: str | None = None, time_format: str | None = None
    ) -> str | None:
        """Refused: a screenshot is pupil data on disk, unencrypted (every way to take one ends here)."""
        self.notify("Screenshots are off: they would put pupil data on disk unencrypted.", severity="warning")
        return None

    def _handle_exception(self, error: Exception) -> None:
        """An unexpected error ends the app with one line, never Textual's traceback with locals.

        A form being filled in is sealed to its author first, so the crash loses no typing.
        Textual has no public hook for this: the override hands Textual's own handling a
        `CrashReport` that prints nothing (tui/crash.py; `run_app` prints the line once the
        terminal is back), and changes nothing else.
        """
        self.seal_open_drafts()
        if self.debug_tracebacks:
            super()._handle_exception(error)
            return
        report = crash.report(error)
        self.crashed = report.crash
        super()._handle_exception(report)

    async def on_mount(self) -> None:
        await self._show_prompt("")
        self.set_interval(self.IDLE_CHECK_SECONDS, self._check_idle)
        for hang_up in HANG_UPS:
            asyncio.get_running_loop().add_signal_handler(hang_up, self._hang_up, hang_up)
        gc.freeze()  # see on_unmount

    def on_unmount(self) -> None:
        """Lock; give back to the garbage collector what `on_mount` froze.

        What is alive once the prompt is up (modules, the stylesheet, the app) lives
        as long as the app, yet every full collection walked it again. Frozen, it is
        skipped: collections before a DSL's first dashboard paint fell from 0.14-0.17 s
        to 0.09-0.10 s, and the current review came about 10% sooner. Nothing from
        the log is alive at mount, so no plaintext is kept from collection.
        """
        if self.school is not None:
            self.school.lock()
        for hang_up in HANG_UPS:
            asyncio.get_running_loop().remove_signal_handler(hang_up)
        gc.unfreeze()

    def _hang_up(self, signal_number: int) -> None:
        self.exit(return_code=128 + signal_number)

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, ACTIVITY):
            self.last_activity = monotonic()
            if self._idle_warning is not None:
                self._idle_warning.remove()
                self._idle_warning = None
        await super().on_event(event)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("lock", "record", "my_entries"):
            return self.school is not None
        if action in ("open_pupil", "health"):
            return self.school is not None and self.school.is_dsl
        return True

    # --- unlocking and locking ------------------------------------------------

    async def _show_prompt(self, reason: str) -> None:
        """The unlock prompt, alone in a new mode."""
        self._prompts += 1
        mode = f"prompt-{self._prompts}"
        self.add_mode(mode, lambda: UnlockScreen(self.url, self.username, reason, hint=self.hint))
        await self.switch_mode(mode)

    async def unlocked(self, school: School, last_review: Dashboard | None = None, founded: bool = False) -> None:
        """Called by the unlock screen: show the school, then the person's home over the prompt.

        Everything shown while unlocked lives in the prompt's mode, above the prompt,
        so locking (a new prompt in a new mode) drops it all at once without waking
        any screen on the way down. The home is pushed, not given a mode of its own:
        Textual's mode switch reparses the stylesheet twice and renders a frame it
        never shows, 0.07 s of a DSL's first paint. A DSL's home paints `last_review`
        at once, then works out the current one. A school just `founded` shows its first DSL the
        roster and staff steps over the dashboard.
        """
        self.school = school
        self.username = school.me.username
        self.last_activity = monotonic()
        self.title = school.name
        self.sub_title = f"{school.me.name} ({'DSL' if school.is_dsl else 'staff'})"
        if school.failed_unlocks:
            self.notify(
                f"{school.failed_unlocks} wrong passphrase(s) were tried on your account since you last unlocked. "
                "If that was not you, tell your DSL.",
                severity="warning",
                timeout=20,
            )
        if school.is_dsl:
            from tui.screens.dashboard import DashboardScreen

            await self.push_screen(DashboardScreen(last_review))
        else:
            await self.push_screen(StaffHomeScreen())
        if founded:
            set_up_next(self)
            return
        self.unsent_drafts = offer_drafts(self, school, self.unsent_drafts)
        ask_about_codes(self, school)  # on top: asked before any draft is offered

    async def on_unlock_screen_unlocked(self, message: UnlockScreen.Unlocked) -> None:
        await self.unlocked(message.school, message.last_review, message.founded)

    async def on_unlock_screen_returned(self) -> None:
        if isinstance(self.screen, UnlockScreen):  # still in front: nothing was opened over it meanwhile
            await self.action_lock()

    def seal_open_drafts(self) -> str:
        """Seal what every open form holds to its author, before the keys go (lock, quit, a crash).

        Never stops what comes next: a seal the store cannot take now is held (sealed,
        unreadable without the author's key) and written at the next unlock. Returns what
        the person should be told ("" if all is kept, or nothing was open).
        """
        if self.school is None:
            return ""
        try:
            self.unsent_drafts += keep_open_forms(self.school, list(self.screen_stack))
        except Exception as error:  # whatever went wrong, the keys must still be dropped
            return f"A form you were filling in could not be kept ({type(error).__name__})."
        if self.unsent_drafts:
            return "Your unsaved form is sealed, but the store could not take it yet: keep this app open and unlock."
        return ""

    async def _on_exit_app(self) -> None:
        """Every way out passes here — ctrl+q, a closed terminal, a browser tab closed under
        `school-log serve` (textual-serve asks the app to exit): a form being filled in is
        sealed to its author first."""
        self.seal_open_drafts()
        await super()._on_exit_app()

    async def action_lock(self, reason: str = "") -> None:
        """Seal any form being filled in, drop the keys and every screen that showed anything; back to the prompt."""
        kept = self.seal_open_drafts()
        school, self.school = self.school, None
        if school is None:
            return
        school.lock()
        self._idle_warning = None  # it goes with the screens
        reason = " ".join(part for part in (reason, kept) if part)
        self.title, self.sub_title = self.TITLE, ""
        unlocked_mode = self.current_mode
        await self._show_prompt(reason)
        await self.remove_mode(unlocked_mode)

    async def _check_idle(self) -> None:
        if self.school is None:
            return
        limit = self.school.config.idle_lock_minutes * 60
        left = limit - (monotonic() - self.last_activity)
        if left <= 0:
            await self.action_lock("Locked because nobody used it for a while.")
        elif left <= min(self.IDLE_WARNING_SECONDS, limit / 2):
            if self._idle_warning is None or self._idle_warning.parent is not self.screen:
                self._idle_warning = IdleWarning()
                await self.screen.mount(self._idle_warning)
            self._idle_warning.count(left)

    def action_blank(self) -> None:
        """Hide everything at once (someone walked up); the same key or any other brings it back."""
        if isinstance(self.screen, BlankScreen):
            self.screen.dismiss()
        else:
            self.push_screen(BlankScreen())

    # --- commands shared by every screen -------------------------------------

    def action_record(self, draft: Unsaved | None = None) -> None:
        """Record a concern (or finish one a draft kept); back on the staff home, the new entry is highlighted."""

        def saved(entry_id: str | None) -> None:
            if entry_id is not None and isinstance(self.screen, StaffHomeScreen):
                self.screen.show_new(entry_id)

        self.push_screen(RecordScreen(draft), saved)

    async def action_my_entries(self) -> None:
        """Back to the list of my entries (the staff home), or open it over a DSL's screens."""
        if not any(isinstance(screen, StaffHomeScreen) for screen in self.screen_stack):
            await self.push_screen(StaffHomeScreen())
            return
        while not isinstance(self.screen, StaffHomeScreen):
            await self.pop_screen()

    def action_open_pupil(self) -> None:
        """A DSL picks a pupil, then sees their chronology."""

        def open_chronology(pupil_id: str | None) -> None:
            if pupil_id is not None:
                from tui.screens.chronology import ChronologyScreen

                self.push_screen(ChronologyScreen(pupil_id))

        self.push_screen(PupilPickerModal(), open_chronology)

    def action_health(self) -> None:
        """A DSL picks a pupil, then sees (and records) their known health conditions."""

        def open_health(pupil_id: str | None) -> None:
            if pupil_id is not None:
                from tui.screens.health import HealthScreen

                self.push_screen(HealthScreen(pupil_id))

        self.push_screen(PupilPickerModal("Health conditions of which pupil?"), open_health)


def run_app(url: str | None, username: str | None, hint: str = "") -> int:
    """Run the app until the person quits; the exit code for `school-log`.

    Refused first (InputError, one line) where the environment would copy the screen or what
    is typed elsewhere (tui/leaks.py).
    """
    app = SchoolLogApp(url, username, hint, debug=check_environment(url))
    app.run()
    if app.crashed is not None:
        print(app.crashed.line, file=sys.stderr)
        return crash.EXIT_CRASH
    return app.return_code or 0


__all__ = ["STYLESHEET", "SchoolLogApp", "run_app"]
