"""What a benchmark's child process needs to unlock the school the parent built.

The passphrase travels in the environment, never on a command line. A school built
by the test suite uses a cheap Argon2id profile, which the vault refuses below its
production minimum; the parent then passes its own minimum down, and the child
adopts it — only ever for the benchmark's own throw-away school.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict

from storage import keyslots
from storage.crypto import PRODUCTION_KDF, KdfParams


def child_env(passphrase: str) -> dict[str, str]:
    env = dict(os.environ, BENCH_PASSPHRASE=passphrase)
    if keyslots.MINIMUM_KDF != PRODUCTION_KDF:
        env["BENCH_KEYSLOT_MINIMUM"] = json.dumps(asdict(keyslots.MINIMUM_KDF))
    return env


def prepare_child() -> str:
    """In the child: adopt the parent's key slot minimum; returns the passphrase."""
    minimum = os.environ.get("BENCH_KEYSLOT_MINIMUM")
    if minimum:
        keyslots.MINIMUM_KDF = KdfParams(**json.loads(minimum))
    return os.environ["BENCH_PASSPHRASE"]
