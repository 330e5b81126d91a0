"""`python -m tests.replay_practice [--every-box]`: replay the practice year; print the table, misses, false alarms.

`--every-box` replays the same year as if every member of staff ticked every category, urgent,
witness and who-explained box their words call for: what the review misses then is not in the boxes.

Runs in a temporary directory (its own data, config and state dirs, so nothing of the
developer's is read or written) with the test suite's cheap key-derivation profile, which
changes how long an unlock takes and nothing the review sees.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="replay-practice-") as tmp:
        for var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME"):
            os.environ[var] = str(Path(tmp) / var)
        for name in [n for n in os.environ if n.startswith("SCHOOL_LOG_")]:
            del os.environ[name]
        from storage import keyslots
        from tests.conftest import CHEAP_KDF
        from tests.replay_practice.corpus import build
        from tests.replay_practice.replay import replay
        from tests.replay_practice.report import render

        keyslots.DEFAULT_KDF = keyslots.MINIMUM_KDF = CHEAP_KDF
        print(render(replay(build(every_box="--every-box" in sys.argv[1:]), Path(tmp))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
