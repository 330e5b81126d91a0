"""What a person sees when the app fails unexpectedly: one line and a way on, never the file.

Textual's own crash report is a traceback *with local variables*: decrypted names, dates of
birth and what a child said, printed into the terminal's scrollback (and any terminal log).
Here an unexpected error becomes one line naming the kind of error, the place in the program
and a reference that the operational log (no pupil data) holds too; nothing of the error's
message, which may quote what it was handling, is shown or kept.

Developers get Textual's full traceback with `SCHOOL_LOG_DEBUG=1`, and only on a
simulated-clock vault (a demo, training or replay school), never on a real school's log.
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass

from rich.text import Text
from textual.worker import WorkerFailed

from school_log import oplog

#: The exit code of an app stopped by an unexpected error (the CLI's, for the same thing).
EXIT_CRASH = 70
log = logging.getLogger("school_log.app")


@dataclass(frozen=True)
class Crash:
    """An unexpected error as it may be told: its kind, where in the program, and a reference."""

    kind: str
    place: str
    reference: str

    @classmethod
    def of(cls, error: BaseException) -> Crash:
        cause = error.error if isinstance(error, WorkerFailed) else error
        return cls(type(cause).__name__, oplog.place(cause), secrets.token_hex(3).upper())

    @property
    def line(self) -> str:
        return (
            f"school-log: the app stopped after an unexpected error ({self.kind} in {self.place}; "
            f"reference {self.reference}). Everything saved before it is kept; open the app again to go on."
        )


class CrashReport(Exception):
    """The error Textual is handed instead of the real one: it renders as nothing.

    Textual prints an error with a `__rich__` method by calling it, so its traceback with
    locals is never built; `run_app` prints the one line itself once the terminal is back
    (Rich would fold or crop it to the screen's width). The original error is kept as
    `__cause__` for the tests' Pilot, which raises what the app failed with.
    """

    def __init__(self, crash: Crash) -> None:
        super().__init__(crash.line)
        self.crash = crash

    def __rich__(self) -> Text:
        return Text()


def report(error: BaseException) -> CrashReport:
    """The one-line report of `error`, logged by kind and place only (never its message or locals)."""
    crash = Crash.of(error)
    log.error("app stopped: %s in %s (reference %s)", crash.kind, crash.place, crash.reference)
    wrapped = CrashReport(crash)
    wrapped.__cause__ = error
    return wrapped
