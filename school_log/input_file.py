"""Reading a file someone names (a roster, a bundle, a key file, an entry's JSON): never more than a cap.

The size a file claims (`st_size`) is no guide: `/dev/zero`, a pipe or a growing file claim
0 and never end. So a file is read up to its cap and one byte more, and refused if that byte
came — one line, before anything is written.
"""

from __future__ import annotations

from pathlib import Path

from school_log.errors import InputError


def read_capped(path: Path, cap: int, what: str, name: str | None = None) -> bytes:
    """The bytes of `path`, or InputError naming it (as `name`, by default its path) if it cannot be read or
    is over `cap` (too large for `what` it should be)."""
    name = name or str(path)
    try:
        with path.open("rb") as file:
            data = file.read(cap + 1)
    except FileNotFoundError:
        raise InputError(f"{name}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{name}: is a folder, not a file") from None
    except OSError as error:
        raise InputError(f"{name}: cannot read the file ({error.strerror or error.__class__.__name__})") from None
    if len(data) > cap:
        raise InputError(f"{name}: larger than {_size(cap)}, too large for {what}; nothing was written")
    return data


def _size(cap: int) -> str:
    return f"{cap // (1024 * 1024)} MB" if cap >= 1024 * 1024 else f"{cap // 1024} KB"
