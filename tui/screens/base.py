"""The one way a screen reaches the school: `self.school`, on an app typed as a `SchoolApp`.

Every screen that reads or writes the log stands on `SchoolScreen` (or `SchoolModal`);
screens that show only what they are given (confirm, saved, blank…) need neither, and
the unlock prompt tells the app what happened by message. Widgets are handed what they
show by their screen. Code that may run once the log is locked (a worker's result, a
repaint) asks `self.app.school is None` first: `self.school` refuses then.
"""

from __future__ import annotations

from typing import TypeVar

from textual import getters
from textual.screen import ModalScreen, Screen

from school_log.errors import AuthError
from school_log.school import School
from tui.keys import OrderedKeys

ReturnType = TypeVar("ReturnType")
ScreenResult = TypeVar("ScreenResult")


class SchoolApp(OrderedKeys[ReturnType]):
    """An app holding one person's unlocked school, None while locked (the school-log app, the tests' hosts)."""

    school: School | None = None


class SchoolScreen(Screen[ScreenResult]):
    """A screen of the unlocked school."""

    app = getters.app(SchoolApp)

    @property
    def school(self) -> School:
        """The unlocked school; refused as the domain refuses once the log is locked (locking removes the screen)."""
        school = self.app.school
        if school is None:
            raise AuthError("the vault is locked")
        return school


class SchoolModal(ModalScreen[ScreenResult], SchoolScreen[ScreenResult]):
    """A dialog over the unlocked school."""
