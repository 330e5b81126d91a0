"""The first run: a store with no school yet offers to create it here, with its first DSL.

The person typing becomes that DSL, with a passphrase of their own (typed twice). Creating it
is `school_log.founding.found_school`, as `school-log init` does; the roster and staff come
next (tui/screens/first_steps.py), each of which can be skipped.
"""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Footer, Header, Input, Label, Static

from school_log.config import load_config
from school_log.errors import InputError, SchoolLogError
from school_log.founding import found_school, founding_problems
from school_log.local_time import DEFAULT_ZONE
from school_log.school import School
from tui.drafting import read_fields
from tui.screens.concern_fields import labelled
from tui.screens.confirm import ask_to_discard
from tui.screens.modal_form import FormScreen
from tui.widgets.field_error import FieldError
from tui.widgets.passphrase_fields import PassphraseFields

FIELDS = ("school", "urn", "timezone", "username", "name")


def _zone_in_force() -> str:
    """The time zone the config file says (the field's default), or the default where it cannot be read."""
    try:
        return load_config().timezone
    except SchoolLogError:
        return DEFAULT_ZONE


class FirstRunScreen(FormScreen[School | None]):
    """Name the school and its first DSL; dismissed with the new school unlocked, or None (Esc)."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Create the school", priority=True),
        Binding("escape", "cancel", "Cancel"),
    ]
    NAME = "new school"
    AUTO_FOCUS = "#school"

    def __init__(self, url: str | None, where: str, username: str | None = None) -> None:
        super().__init__()
        self.url, self.where, self.username = url, where, username or ""
        self._blank: dict[str, object] = {}

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="first-run-form"):
            yield Static("Set up your school", classes="log-screen-title")
            yield Static(
                f"No school has been set up in this store yet ({self.where}). Create it here: you become its "
                "first DSL. Importing the pupils and adding staff come next; each can be skipped and done later.",
                classes="log-hint",
                markup=False,
            )
            yield FieldError(id="form-error")
            yield from labelled("school", "The school's name", Input(id="school", placeholder="e.g. Oakfield Primary"))
            with Horizontal(classes="log-row"):
                with Vertical():
                    yield from labelled(
                        "urn",
                        "URN (optional: six digits)",
                        Input(id="urn", placeholder="on every referral pack", max_length=6, restrict=r"[0-9]*"),
                    )
                with Vertical():
                    yield from labelled("timezone", "Time zone", Input(_zone_in_force(), id="timezone"))
            yield Label("You: the first designated safeguarding lead", classes="log-screen-title first-run-section")
            username = Input(self.username, id="username", placeholder="e.g. dlead")
            yield from labelled("username", "Your username", username)
            yield from labelled("name", "Your full name", Input(id="name", placeholder="as your entries will show it"))
            yield PassphraseFields("Your passphrase (only you will know it)")
            with Horizontal(classes="log-buttons"):
                yield Button("Create the school", variant="primary", id="create")
                yield Button("Cancel", id="cancel")
            yield Static(id="first-run-status", markup=False)
            yield Static("ctrl+s create · esc cancel", classes="log-hint")
        yield Footer()

    def on_mount(self) -> None:
        self._blank = read_fields(self)
        # Focusing the first field scrolls it to the top: the title and what this is come back into view.
        self.call_after_refresh(self.query_one("#first-run-form", VerticalScroll).scroll_home, animate=False)

    @on(Input.Submitted)
    def _next_field(self, event: Input.Submitted) -> None:
        """Enter moves on, as Tab does; Enter in the last box creates the school."""
        event.stop()
        if event.input.id == "repeat":
            self.action_save()
        else:
            self.focus_next()

    @on(Button.Pressed, "#create")
    def _create_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()

    def _typed(self) -> dict[str, str]:
        return {field: self.query_one(f"#{field}", Input).value for field in FIELDS}

    def action_save(self) -> None:
        """Check every field at once; then create the school off the screen's thread (two key stretchings)."""
        if self.query_one("#create", Button).disabled:
            return
        self.clear_errors()
        typed = self._typed()
        found: list[SchoolLogError] = []
        try:
            passphrase: str | None = self.query_one(PassphraseFields).value
        except InputError as error:
            found.append(error)
            passphrase = None
        found += founding_problems(
            typed["school"], typed["username"], typed["name"], passphrase, urn=typed["urn"], timezone=typed["timezone"]
        )
        if found or passphrase is None:
            self.show_errors(found)
            return
        self._busy(True)
        self._found(typed, passphrase)

    @work(thread=True, exclusive=True, group="found")
    def _found(self, typed: dict[str, str], passphrase: str) -> None:
        try:
            found_school(
                self.url,
                typed["school"],
                typed["username"],
                typed["name"],
                passphrase,
                urn=typed["urn"],
                timezone=typed["timezone"],
            )
            school = School.unlock(self.url, typed["username"], passphrase)
        except SchoolLogError as error:
            self.app.call_from_thread(self._refused, error)
        except Exception as error:  # never crash the first run: a store that fails is a line on the form
            problem = InputError(f"could not create the school ({type(error).__name__})")
            self.app.call_from_thread(self._refused, problem)
        else:
            self.app.call_from_thread(self.dismiss, school)

    def _refused(self, error: SchoolLogError) -> None:
        self._busy(False)
        self.show_error(error)

    def _busy(self, busy: bool) -> None:
        for widget in self.query("Input, Button"):
            widget.disabled = busy
        self.query_one("#first-run-status", Static).update("Creating the school…" if busy else "")

    def action_cancel(self) -> None:
        """Back to the prompt; anything typed (a passphrase too) is asked about first."""
        if self.query_one("#create", Button).disabled:
            return
        typed = read_fields(self) != self._blank or any(field.value for field in self.query(Input) if field.password)
        if typed:
            ask_to_discard(self, self.NAME, self._discard)
        else:
            self._discard()

    def _discard(self) -> None:
        self.dismiss(None)
