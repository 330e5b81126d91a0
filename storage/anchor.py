"""The chain head this machine has seen, kept outside the store.

A hash chain cannot notice its newest records being cut off; a remembered
(sequence, hash) can. The file holds only vault ids, sequence numbers and hashes.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from storage.engine import APP_NAME


@dataclass(frozen=True)
class Anchor:
    seq: int
    hash: bytes


def _path() -> Path:
    return Path(platformdirs.user_state_dir(APP_NAME)) / "anchors.json"


def _load() -> dict[str, dict[str, object]]:
    try:
        data = json.loads(_path().read_text())
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def seen(vault_id: str) -> Anchor | None:
    entry = _load().get(vault_id)
    try:
        return Anchor(int(entry["seq"]), bytes.fromhex(str(entry["hash"])))  # type: ignore[index]
    except (TypeError, KeyError, ValueError):
        return None


def remember(vault_id: str, seq: int, hash_: bytes) -> None:
    """Move this machine's anchor forward (never back), atomically."""
    data = _load()
    current = data.get(vault_id)
    if isinstance(current, dict) and int(current.get("seq", 0)) >= seq:  # type: ignore[arg-type]
        return
    data[vault_id] = {"seq": seq, "hash": hash_.hex()}
    path = _path()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".anchors-")
    with os.fdopen(fd, "w") as handle:
        json.dump(data, handle)
    os.replace(tmp, path)
