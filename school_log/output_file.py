"""The one way a file for a person is created: readable by its owner only, never over a file unasked,
never through a symbolic link.

Exports, checkpoints, school keys, transfer bundles and receipts all leave the log
through `output_file`. The file is created with mode 0600 and `O_CREAT | O_EXCL |
O_NOFOLLOW`, so an existing path (a symbolic link included, even a dangling one)
is refused with one line and nothing written. Asked to `replace`, an existing
regular file is replaced atomically: the new contents go to a fresh 0600 file
beside it, which is renamed over it (a rename replaces the directory entry and
never follows a link), so the old file stays whole until the new one is complete.
A symbolic link, a directory or a device at the path is refused even then.
"""

from __future__ import annotations

import errno
import os
import secrets
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from school_log.errors import InputError

MODE = 0o600
_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
FIELD = "path"
"""The field every refusal names, so a dialog says it under its file name."""


@contextmanager
def output_file(path: Path, *, replace: bool = False, how_to_replace: str = "") -> Iterator[BinaryIO]:
    """A new file at `path` to write, kept only if the block ends without an exception.

    `replace`: an existing regular file there is replaced (atomically, on leaving the block).
    `how_to_replace` ("--force") is named in the refusal of an existing file, where the caller offers it.
    """
    existing = _existing(path)
    if existing is not None:
        _refuse_existing(path, existing, replace, how_to_replace)
    elif not path.parent.is_dir():
        raise InputError(f"{path.parent}: no such directory; nothing was written", field=FIELD)
    writing = path.with_name(f".{path.name}.{secrets.token_hex(6)}.part") if existing else path
    fd = _create(writing, path)
    try:
        with os.fdopen(fd, "wb") as out:
            yield out
            out.flush()
            os.fsync(out.fileno())
        if writing != path:
            os.replace(writing, path)  # the name moves to the new file; a link put there meanwhile is replaced
    except BaseException as error:
        writing.unlink(missing_ok=True)
        if isinstance(error, OSError):  # a full disk, a read-only file system: said, not a traceback
            raise InputError(f"{path}: cannot write ({_reason(error)}); nothing was kept", field=FIELD) from None
        raise


def _existing(path: Path) -> os.stat_result | None:
    try:
        return path.lstat()
    except FileNotFoundError:
        return None
    except OSError as error:
        raise InputError(f"{path}: cannot write ({_reason(error)})", field=FIELD) from None


def _refuse_existing(path: Path, found: os.stat_result, replace: bool, how_to_replace: str) -> None:
    if stat.S_ISLNK(found.st_mode):
        raise InputError(f"{path}: is a symbolic link; give the real file name (nothing was written)", field=FIELD)
    if stat.S_ISDIR(found.st_mode):
        raise InputError(f"{path}: is a directory; give a file name (nothing was written)", field=FIELD)
    if not stat.S_ISREG(found.st_mode):
        raise InputError(f"{path}: is not a regular file (nothing was written)", field=FIELD)
    if not replace:
        offer = f", or {how_to_replace} to replace it" if how_to_replace else ""
        raise InputError(f"{path}: already exists; give a new file name{offer} (nothing was written)", field=FIELD)


def _create(writing: Path, path: Path) -> int:
    try:
        return os.open(writing, _FLAGS, MODE)
    except FileExistsError:  # made (or linked) since we looked
        raise InputError(
            f"{path}: appeared while it was being written; give a new file name (nothing was written)", field=FIELD
        ) from None
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise InputError(f"{path}: is a symbolic link (nothing was written)", field=FIELD) from None
        raise InputError(f"{path}: cannot write ({_reason(error)})", field=FIELD) from None


def _reason(error: OSError) -> str:
    return error.strerror or error.__class__.__name__
