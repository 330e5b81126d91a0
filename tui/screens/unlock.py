"""The unlock prompt: username and passphrase; a wrong one is a calm message, never a crash."""

from __future__ import annotations

from textual import events, on, work
from textual.app import ComposeResult
from textual.containers import Center, Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Button, Footer, Header, Input, Label, Static

from school_log.errors import SchoolLogError
from school_log.founding import awaits_founding
from school_log.school import School
from school_log.views import Dashboard
from tui.reads import last_review
from tui.screens.first_run import FirstRunScreen
from tui.screens.new_passphrase import NewPassphraseModal

RETRY_DELAY = 1.0
"""Seconds before another attempt after a refusal: slows guessing, keeps the screen responsive."""


class UnlockScreen(Screen[None]):
    """Ask who you are and your passphrase; unlocking (Argon2) runs off the UI thread."""

    class Unlocked(Message):
        """The person unlocked: the app shows the school (`last_review` is a DSL's first picture; `founded`:
        they have just created it, and the roster and staff steps follow)."""

        def __init__(self, school: School, last_review: Dashboard | None, founded: bool = False) -> None:
            super().__init__()
            self.school = school
            self.last_review = last_review
            self.founded = founded

    class Returned(Message):
        """The prompt is in front again: the app locks, if it is still unlocked."""

    AUTO_FOCUS = "#username"

    def __init__(self, url: str | None, username: str | None = None, reason: str = "", *, hint: str = "") -> None:
        super().__init__()
        self.url = url
        self.username = username or ""
        self.reason = reason
        self.hint = hint
        self.where = ""  # the store's name, once it is found to hold no school yet

    def compose(self) -> ComposeResult:
        yield Header()
        with Center():
            with Vertical(id="unlock-box"):
                yield Label("Unlock the school log", id="unlock-title")
                if self.hint:
                    yield Static(self.hint, id="unlock-hint", classes="log-hint", markup=False)
                yield Label("Username")
                yield Input(self.username, id="username", placeholder="e.g. tom")
                yield Label("Passphrase")
                yield Input(id="passphrase", password=True, placeholder="your passphrase")
                yield Static(self.reason, id="unlock-message", markup=False)
                with Horizontal(classes="log-buttons"):
                    yield Button("Unlock", id="unlock", variant="primary")
                    yield Button("Set up the school", id="set-up")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#set-up", Button).display = False
        if self.username:
            self.query_one("#passphrase", Input).focus()
        self._check_store()

    @work(thread=True, exclusive=True, group="store")
    def _check_store(self) -> None:
        """A store with no school yet: offer to create it, rather than a login nobody can pass."""
        try:
            where = awaits_founding(self.url)
        except Exception:  # a store that cannot be read is said when someone tries to unlock
            return
        if where is not None:
            self.app.call_from_thread(self._no_school, where)

    def _no_school(self, where: str) -> None:
        self.where = where
        self.query_one("#set-up", Button).display = True
        self._say("No school has been set up in this store yet: set it up (you become its first DSL).", error=False)
        self.set_up()

    @on(Button.Pressed, "#set-up")
    def set_up(self) -> None:
        """The first-run form; once the school is made, its first DSL is unlocked and shown the next steps."""

        def founded(school: School | None) -> None:
            if school is not None:
                self._busy(True)
                self._say("School created. Opening it…", error=False)
                self._unlock(school.me.username, "", school, founded=True)

        username = self.query_one("#username", Input).value.strip() or None
        self.app.push_screen(FirstRunScreen(self.url, self.where, username), founded)

    def on_screen_resume(self) -> None:
        """The prompt always means locked: back at it with the log unlocked (every screen
        above it closed), lock."""
        self.post_message(self.Returned())  # to the app: locking removes this screen

    @on(Input.Submitted, "#username")
    def _next_field(self) -> None:
        self.query_one("#passphrase", Input).focus()

    def on_key(self, event: events.Key) -> None:
        """Tab out of the passphrase box holding the username: the person typed their name there."""
        if event.key == "tab" and self._username_typed_as_passphrase():
            event.prevent_default()
            event.stop()

    def _username_typed_as_passphrase(self) -> bool:
        """The username box was filled in already and its name was typed into the passphrase box
        (username, Tab, passphrase): take the name out, stay in the passphrase box, and say so.
        Nothing typed next can then land anywhere but the masked passphrase box."""
        passphrase = self.query_one("#passphrase", Input)
        username = self.query_one("#username", Input).value.strip()
        if self.focused is not passphrase or not username or passphrase.value.strip() != username:
            return False
        passphrase.value = ""
        self._say(f"Your username ({username}) is filled in: type your passphrase.", error=False)
        return True

    @on(Input.Submitted, "#passphrase")
    @on(Button.Pressed, "#unlock")
    def _submit(self) -> None:
        if self._username_typed_as_passphrase():
            return
        username = self.query_one("#username", Input).value.strip()
        passphrase = self.query_one("#passphrase", Input).value
        if not username or not passphrase:
            self._say("Enter your username and passphrase.", error=False)
            self.query_one("#passphrase" if username else "#username", Input).focus()
            return
        self.query_one("#passphrase", Input).value = ""  # the prompt stays, under the unlocked screens
        self._busy(True)
        self._say("Unlocking…", error=False)
        self._unlock(username, passphrase)

    @work(thread=True, exclusive=True, group="unlock")
    def _unlock(self, username: str, passphrase: str, school: School | None = None, founded: bool = False) -> None:
        """Unlock (or go on with `school`, already unlocked when its reset was finished or it was just founded)."""
        try:
            school = school or School.unlock(self.url, username, passphrase)
            if school.must_set_passphrase:  # a one-time reset code: nothing may be read before a new passphrase
                self.app.call_from_thread(self._set_passphrase, school, passphrase)
                return
            school.staff.by_id()  # read the accounts and the roster now, off the UI thread
            school.roster.pupils()
            first = last_review(school)
        except SchoolLogError as error:
            self.app.call_from_thread(self._refused, str(error))
        except Exception as error:  # never crash the prompt: a broken database is a message too
            self.app.call_from_thread(self._refused, f"Could not open the school log ({type(error).__name__}).")
        else:
            self.post_message(self.Unlocked(school, first, founded))

    def _set_passphrase(self, school: School, code: str) -> None:
        def done(saved: bool | None) -> None:
            if saved:
                self._say("New passphrase set. Unlocking…", error=False)
                self._unlock(school.me.username, "", school)
            else:
                school.lock()
                self._refused("the one-time code is still unused: unlock with it again to set your passphrase")

        self.app.push_screen(NewPassphraseModal(school, code), done)

    def _refused(self, message: str) -> None:
        self._say(f"{message[:1].upper()}{message[1:]}. Please try again.", error=True)
        self.set_timer(RETRY_DELAY, self._ready_again)

    def _ready_again(self) -> None:
        self._busy(False)
        self.query_one("#passphrase", Input).focus()

    def _busy(self, busy: bool) -> None:
        for widget in self.query("#username, #passphrase, #unlock, #set-up"):
            widget.disabled = busy

    def _say(self, message: str, *, error: bool) -> None:
        status = self.query_one("#unlock-message", Static)
        status.update(message)
        status.set_class(error, "error")
