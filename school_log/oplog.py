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
from pathlib import Path

import platformdirs

from storage.engine import APP_NAME

LOGGER = "school_log"
MAX_BYTES, BACKUPS = 1024 * 1024, 3


def log_path() -> Path:
    return Path(platformdirs.user_log_dir(APP_NAME)) / f"{APP_NAME}.log"


def configure() -> None:
    """Send the `school_log` logger to the log file (once per process); where it cannot be
    written, log nothing rather than stop the program or print to the terminal."""
    logger = logging.getLogger(LOGGER)
    if logger.handlers:
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
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logger.addHandler(handler)
