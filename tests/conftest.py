"""Test configuration: every test gets its own dirs, a clean environment and a cheap KDF.

The cheap Argon2id profile is selected here, in test configuration only; the
production default in storage.keyslots stays at 64 MiB / 3 iterations.
"""

from __future__ import annotations

import os

import pytest

from storage import keyslots
from storage.crypto import KdfParams

CHEAP_KDF = KdfParams(memory_kib=1024, iterations=1, lanes=1)


@pytest.fixture(autouse=True)
def isolated(tmp_path, monkeypatch):
    """No test sees the developer's data, config, anchors or SCHOOL_LOG_* variables."""
    for name in list(os.environ):
        if name.startswith("SCHOOL_LOG_"):
            monkeypatch.delenv(name)
    for var, sub in (("XDG_DATA_HOME", "data"), ("XDG_CONFIG_HOME", "config"), ("XDG_STATE_HOME", "state")):
        monkeypatch.setenv(var, str(tmp_path / sub))
    monkeypatch.setattr(keyslots, "DEFAULT_KDF", CHEAP_KDF)
    monkeypatch.setattr(keyslots, "MINIMUM_KDF", CHEAP_KDF)
    yield
