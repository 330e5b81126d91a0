"""The chain head this machine has seen, kept outside the store.

A hash chain cannot notice its newest records being cut off; a remembered
(sequence, hash) can. Each vault has one small file per location it is kept at,
named by its id and a digest of the location (two copies of one vault on one
machine, say a restored backup beside the live file, each keep their own). It moves on
every append, so moving it must cost a system call, not a journal flush: the file
holds two fixed slots, each "<seq> <hash hex> <check>", and an anchor overwrites
the slot of its sequence's parity in place. A torn or garbled write spoils at most
one slot and the other still holds the anchor before it; the newest valid slot wins.

No fsync: the store commits (synchronous=FULL) before the anchor moves, so after a
crash the anchor can only lag behind the store, which never raises a false alarm.
"""

from __future__ import annotations

import hashlib
import os
import uuid
import weakref
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from storage.app_name import APP_NAME
from storage.errors import IntegrityError

SLOT = 128  # bytes; both slots sit in the file's first disk sector


@dataclass(frozen=True)
class Anchor:
    seq: int
    hash: bytes


class AnchorFile:
    """One vault's anchor on this machine; the file stays open until `close()`."""

    def __init__(self, vault_id: str, location: str) -> None:
        place = hashlib.sha256(location.encode()).hexdigest()[:16]
        name = f"{uuid.UUID(vault_id)}-{place}"  # a UUID and hex, so the name reaches no other file
        self.path = Path(platformdirs.user_state_dir(APP_NAME)) / "anchors" / name
        self._fd: int | None = None
        self._closer: weakref.finalize[[int], AnchorFile] | None = None

    def seen(self) -> Anchor | None:
        """The newest anchor this machine holds for the vault, if any."""
        try:
            raw = os.pread(self._open(), 2 * SLOT, 0)
        except OSError:
            return None
        slots = [a for a in (_parse(raw[:SLOT]), _parse(raw[SLOT:])) if a is not None]
        return max(slots, key=lambda a: a.seq, default=None)

    def remember(self, seq: int, hash_: bytes) -> None:
        """Move the anchor forward (never back)."""
        current = self.seen()
        if current is not None and current.seq >= seq:
            return
        line = f"{seq} {hash_.hex()} {_check(seq, hash_.hex())}".ljust(SLOT - 1) + "\n"
        try:
            os.pwrite(self._open(), line.encode("ascii"), (seq % 2) * SLOT)
        except OSError as error:
            raise IntegrityError(f"this machine's anchor {self.path} cannot be written: {error.strerror}") from None

    def checkpoint_path(self, which: str = "checkpoint") -> Path:
        return self.path.with_name(f"{self.path.name}.{which}")

    def keep_checkpoint(self, line: str, which: str = "checkpoint") -> None:
        """Keep the newest signed checkpoint taken here (written whole, then moved into place); `which`:
        "checkpoint" (any DSL unlock or verify) or "verified" (a verify that found the chain up to it intact)."""
        temporary = self.path.with_name(f".{self.path.name}.{os.getpid()}.{uuid.uuid4().hex}.tmp")  # one per writer
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            temporary.write_text(line + "\n", encoding="ascii")
            os.replace(temporary, self.checkpoint_path(which))
        except OSError as error:
            raise IntegrityError(
                f"this machine's checkpoint {self.checkpoint_path(which)} cannot be written: {error.strerror}"
            ) from None

    def kept_checkpoint(self, which: str = "checkpoint") -> str | None:
        """The signed checkpoint of `which` last kept on this machine, if any."""
        try:
            return self.checkpoint_path(which).read_text(encoding="ascii").strip() or None
        except (OSError, UnicodeDecodeError):
            return None

    def close(self) -> None:
        if self._closer is not None:
            self._closer()
            self._fd = self._closer = None

    def _open(self) -> int:
        if self._fd is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
            self._closer = weakref.finalize(self, os.close, self._fd)  # a session dropped unlocked leaks no descriptor
        return self._fd


def _check(seq: int, hash_hex: str) -> str:
    return hashlib.sha256(f"{seq} {hash_hex}".encode()).hexdigest()[:16]


def _parse(raw: bytes) -> Anchor | None:
    try:
        seq_text, hash_hex, check = raw.decode("ascii").split()
        seq = int(seq_text)
        return Anchor(seq, bytes.fromhex(hash_hex)) if check == _check(seq, hash_hex) else None
    except ValueError:  # torn, garbled or empty
        return None
