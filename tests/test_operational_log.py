"""The operational log tells a technician what happened — starts, unlocks, refusals, exports,
migrations — and never holds what the log is about: a whole scenario run as separate
`school-log` processes, with marker words in every field, leaves none of them in it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

MARKERS = ("QZXMARKNAME", "QZXMARKFACT", "QZXMARKWORDS", "QZXMARKPLACE", "QZXMARKREASON", "QZXMARKPASS")
DSL_PASS = f"{MARKERS[5].lower()} lead of the safeguarding team"
TEACHER_PASS = "qzx teaches year four maths daily"


def test_a_scenario_leaves_events_in_the_log_and_none_of_its_words(tmp_path: Path) -> None:
    """init, staff, roster, a concern, a refusal, a wrong passphrase, review, search, a decision and an
    export: each is in the log by kind; no marker word, name or passphrase is."""
    state = tmp_path / "state"
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("SCHOOL_LOG_")},
        "XDG_STATE_HOME": str(state),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "SCHOOL_LOG_DB": f"sqlite:///{tmp_path / 'school.db'}",
        "SCHOOL_LOG_NOW": "2026-11-23T10:00:00+00:00",
    }

    def run(user: str | None, passphrase: str | None, *argv: str, stdin: str | None = None) -> str:
        extra = {"SCHOOL_LOG_USER": user or "", "SCHOOL_LOG_PASSPHRASE": passphrase or ""}
        if argv[0] in ("init", "passphrase"):
            extra["SCHOOL_LOG_NEW_PASSPHRASE"] = passphrase or ""
        done = subprocess.run(
            [sys.executable, "-m", "tui.main", *argv],
            env={**env, **{k: v for k, v in extra.items() if v}},
            input=stdin,
            capture_output=True,
            text=True,
            timeout=300,
        )
        return done.stdout

    run(None, DSL_PASS, "init", "--school", "QZXMARKNAME Academy", "--dsl", "dana", "--simulated-clock")
    roster = tmp_path / "pupils.csv"
    roster.write_text(
        "upn,given_name,family_name,date_of_birth,year_group,household\n"
        "R100000000001,QZXMARKNAME,Brook,2017-04-02,4,H1\n",
        encoding="utf-8",
    )
    run("dana", DSL_PASS, "roster", "import", str(roster))
    concern = {
        "pupil": "R100000000001",
        "location": "QZXMARKPLACE",
        "what_happened": "QZXMARKFACT bruise",
        "child_words": "QZXMARKWORDS",
        "urgent": True,
    }
    made = json.loads(run("dana", DSL_PASS, "record", "--input", "-", stdin=json.dumps(concern)))
    run("dana", DSL_PASS, "record", "--input", "-", stdin=json.dumps({**concern, "pupil": "QZXMARKNAME"}))  # refused
    run("dana", "QZXMARKPASS wrong", "entries")  # a wrong passphrase
    run("dana", DSL_PASS, "review", "--json")
    run("dana", DSL_PASS, "search", "QZXMARKFACT")
    decision = {"covers": [made["id"]], "level": "monitor", "outcome": "monitor", "rationale": "QZXMARKREASON"}
    run("dana", DSL_PASS, "decide", "R100000000001", "--input", "-", stdin=json.dumps(decision))
    run("dana", DSL_PASS, "export", "chronology", "R100000000001", "-o", str(tmp_path / "c.csv"), "--format", "csv")

    files = list(state.rglob("*.log*"))  # the platform's log dir, under XDG_STATE_HOME
    assert files, f"no log file under {state}"
    text = "\n".join(f.read_text(encoding="utf-8") for f in files)
    for event in ("start command=init", "migrated schema", "unlock ok", "unlock wrong passphrase", "refused exit=2"):
        assert event in text, event
    assert "export document=chronology format=csv" in text
    lowered = text.lower()
    for word in (*MARKERS, "dana", "brook", "R100000000001", "academy", "bruise"):
        assert word.lower() not in lowered, word
