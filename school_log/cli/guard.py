"""Every failure of a command turned into one line on stderr and its exit code, never a traceback.

Light (no database, no models), so it can hold the parsing of the command line itself: a usage error is
one line and exit 2 like any other refusal.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
from collections.abc import Callable

from school_log import oplog
from school_log.errors import SchoolLogError

log = logging.getLogger("school_log.cli")  # the operational log (school_log/oplog.py): no pupil data
EXIT_UNEXPECTED = 70


def guarded(action: Callable[[], int]) -> int:
    """Run `action`, turning every failure into one line on stderr and its exit code."""
    try:
        return action()
    except BrokenPipeError:  # the reader went away (`| head`): stop quietly, as other tools do
        with contextlib.suppress(OSError, ValueError):  # a stdout with no file behind it has nothing to close
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no second error at exit
        return 141
    except SchoolLogError as error:
        print(f"school-log: {_printable(str(error))}", file=sys.stderr)
        log.warning("refused exit=%d kind=%s %s", error.exit_code, type(error).__name__, _about(error))
        return error.exit_code
    except KeyboardInterrupt:
        print("school-log: interrupted; nothing more was written", file=sys.stderr)
        return 130
    except Exception as error:  # the last line of defence: no traceback, no plaintext
        log.error("unexpected error kind=%s place=%s", type(error).__name__, oplog.place(error))
        print(
            f"school-log: unexpected error ({error.__class__.__name__}); every write is all-or-nothing", file=sys.stderr
        )
        return EXIT_UNEXPECTED


def _about(error: SchoolLogError) -> str:
    """What a refusal was about, by the names of the form and field only (its words may quote a pupil)."""
    return " ".join(f"{name}={value}" for name in ("form", "field") if (value := getattr(error, name, None)))


def _printable(text: str) -> str:
    """One line that any terminal can print, even if it quotes broken Unicode it was given."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8").replace("\n", " ")
