"""The operational log: what a school's IT technician looks at when a teacher says "it didn't save".

A rotating file in the platform's log directory (a folder only its owner can open), written
through the standard `logging` module under the `school_log` logger. It holds what happened
to the program — starts, refusals by their one line, crashes by kind, place and reference —
and never pupil data: no names, no narrative, no error message that may quote them.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import traceback
from pathlib import Path

import platformdirs

from school_log.version import program_version
from storage.app_name import APP_NAME

LOGGER = "school_log"
MAX_BYTES, BACKUPS = 1024 * 1024, 3
_OURS = ("tui", "school_log", "storage")


def log_path() -> Path:
    return Path(platformdirs.user_log_dir(APP_NAME)) / f"{APP_NAME}.log"


def configure() -> None:
    """Send the `school_log` logger to the log file (once per process); where it cannot be
    written, log nothing rather than stop the program or print to the terminal."""
    logger = logging.getLogger(LOGGER)
    if any(handler.name == "oplog" for handler in logger.handlers):
        return
    logger.setLevel(logging.INFO)
    logger.propagate = False
    path = log_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        os.chmod(path.parent, 0o700)
        handler: logging.Handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8"
        )
    except OSError:
        handler = logging.NullHandler()
    handler.name = "oplog"
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logger.addHandler(handler)


def place(error: BaseException) -> str:
    """The innermost frame of our own code the error passed through ('tui/screens/x.py:42'):
    where to look, without the message or the local variables, which may quote a pupil."""
    where = "a library"
    for frame in traceback.extract_tb(error.__traceback__):
        parts = Path(frame.filename).parts
        for package in _OURS:
            if package in parts:
                at = len(parts) - 1 - parts[::-1].index(package)
                where = f"{'/'.join(parts[at:])}:{frame.lineno}"
    return where


def started(command: str, verbose: bool = False) -> None:
    """Log the start of a command (or the app); `--verbose` also copies the log to stderr."""
    logger = logging.getLogger(LOGGER)
    if verbose and not any(getattr(h, "name", "") == "stderr" for h in logger.handlers):
        stderr = logging.StreamHandler()
        stderr.name = "stderr"
        stderr.setFormatter(logging.Formatter("school-log: log: %(levelname)s %(name)s: %(message)s"))
        logger.addHandler(stderr)
    logger.info("start command=%s version=%s pid=%d", command, program_version(), os.getpid())
