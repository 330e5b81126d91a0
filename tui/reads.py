"""Reading the school off the UI thread, safely when the log is locked meanwhile.

A thread worker may still be decrypting when the person locks the log (ctrl+l,
or the idle lock): the keys go, the session refuses, and the screen that asked
is gone. `read_in_thread` turns that into nothing at all, and any other refusal
from the domain into a calm message; it never lets the app crash.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from school_log.errors import SchoolLogError
from school_log.school import School
from school_log.views import Dashboard
from tui.screens.base import SchoolScreen

T = TypeVar("T")


def read_in_thread(
    screen: SchoolScreen[Any], read: Callable[[School], T], show: Callable[[T], None], failed: str
) -> None:
    """Call from a thread worker: `read` the unlocked school, then `show` the result on the UI thread.

    Nothing happens if the log is locked before, during or after the read; a
    SchoolLogError while still unlocked is shown as "<failed>: <reason>".
    """
    app = screen.app
    school = app.school
    if school is None:
        return
    try:
        result = read(school)
    except SchoolLogError as error:
        if app.school is school:
            app.call_from_thread(screen.notify, f"{failed}: {error}", severity="error", timeout=10)
        return
    except Exception:
        if app.school is not school:
            return  # the keys were dropped mid-read: the half-read result is of no use to anyone
        raise

    def show_if_still_unlocked() -> None:
        if app.school is school and screen.is_attached:
            show(result)

    app.call_from_thread(show_if_still_unlocked)


def last_review(school: School) -> Dashboard | None:
    """A DSL's first picture: the team-sealed last review, or None (it is only ever a head start).

    Read in the unlock worker, while the screen has nothing else to do: read
    beside the first layout, it waited on the UI thread for the GIL.
    """
    if not school.is_dsl:
        return None
    try:
        return school.review.cached_dashboard()
    except SchoolLogError:
        return None  # the current review follows regardless
