"""Attacks on input, files and passphrases (issue 13, findings 8 and 9), each performed as a person would.

Every refusal keeps the CLI's promise: the exit code, one line on stderr naming what and
where, no traceback, and nothing written (the chain, and where it matters the file's bytes).
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from school_log.cli import main as cli
from school_log.cli import passphrases
from school_log.enrol import enrol
from school_log.errors import AuthError
from school_log.school import School
from storage import keyslots
from storage import vault as vault_module
from storage.crypto import KdfParams
from storage.vault import Vault
from tests.cli_runner import Result, Runner
from tests.conftest import CHEAP_KDF
from tests.factory import PASSPHRASES, Fixture, make_school
from tests.stores import raw_bytes
from tests.test_cli import HEADER, classes_after, concern, records

GUESSES = ("first wrong guess zebra", "second wrong guess yak")
WEAK = ("P@ssw0rd2024!", "Summer2024!!", "iloveyou2024", "123456789013")


@pytest.fixture(autouse=True)
def no_terminal_no_delay(monkeypatch: pytest.MonkeyPatch) -> None:
    """Never a passphrase prompt, and no waiting after a wrong passphrase (one test below puts the wait back)."""
    monkeypatch.setattr(passphrases, "has_terminal", lambda: False)
    monkeypatch.setattr(cli, "FAILURE_DELAY", 0.0)


@pytest.fixture
def school(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Fixture:
    fixture = make_school(tmp_path, monkeypatch)
    monkeypatch.setenv("SCHOOL_LOG_DB", fixture.url)
    return fixture


@pytest.fixture
def run(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Runner:
    return Runner(monkeypatch, capsys)


def refused(run: Runner, url: str, code: int, *argv: str, stdin: str | None = None, expect: str = "") -> Result:
    """A command that must be refused with `code`, its one line naming `expect`, with nothing appended."""
    before = records(url)
    result = run(*argv, stdin=stdin)
    assert result.code == code, (result.code, result.err)
    assert expect in result.err, result.err
    assert records(url) == before
    return result


def pupil_count(run: Runner) -> int:
    return len(json.loads(run.as_("dana")("roster", "list", "--json").out))


# --- finding 8: the roster -------------------------------------------------------------------------


# Written as letter + digits so no bulk rewrite of the test UPNs can "fix" them: R and H are the right
# letters for the first two; the third is the DfE example with two digits swapped (its letter is G).
WRONG_UPNS = ["A" + "100000000001", "J" + "801200001001", "H" + "801200001010"]


@pytest.mark.parametrize("upn", WRONG_UPNS)
def test_roster_upn_with_a_wrong_check_letter_is_refused(
    school: Fixture, tmp_path: Path, run: Runner, upn: str
) -> None:
    """A mistyped or invented UPN (its DfE check letter wrong) is refused at import, naming the file, line
    and field, and no pupil is added; the same file with a real UPN (the DfE's own example) imports."""
    path = tmp_path / "roster.csv"
    path.write_text(
        f"{HEADER}\nR100000000001,Jamie,Brook,2017-04-02,4,H-BROOK,,,\n{upn},Zara,Quill,2018-05-06,3,H-Q,,,\n"
    )
    result = refused(run.as_("dana"), school.url, 2, "roster", "import", str(path), expect="roster.csv line 3")
    assert "upn" in result.err.lower() and "check letter" in result.err and upn in result.err
    assert pupil_count(run) == 6

    path.write_text(f"{HEADER}\nH801200001001,Zara,Quill,2018-05-06,3,H-Q,,,\n")
    assert run.as_("dana")("roster", "import", str(path)).code == 0
    assert pupil_count(run) == 7


@pytest.mark.parametrize(("row", "field"), [("Za\x00ra,Quill", "given"), ("Zara,Qu\x00ill", "family")])
def test_roster_name_with_a_nul_byte_is_refused(
    school: Fixture, tmp_path: Path, run: Runner, row: str, field: str
) -> None:
    """A NUL byte in a pupil's name (a corrupted export) is refused with one line naming the file, line and
    field; no pupil is added."""
    path = tmp_path / "roster.csv"
    path.write_text(f"{HEADER}\nH801200001001,{row},2018-05-06,3,H-Q,,,\n")
    result = refused(run.as_("dana"), school.url, 2, "roster", "import", str(path), expect="roster.csv line 2")
    assert field in result.err.lower() and "\x00" not in result.err
    assert pupil_count(run) == 6


# --- finding 8: size and shape of a concern ------------------------------------------------------

MARK = {"view": "front", "region": "left-upper-arm-front", "type": "bruise", "size_mm": 30}


@pytest.mark.parametrize(
    ("data", "expect"),
    [
        (concern(body_marks=[MARK] * 200), "body_marks: has 200 items"),
        (concern(categories=["physical"] * 500), "categories: has 500 items"),
        (concern(informed=[f"person {n}" for n in range(500)]), "informed: has 500 items"),
        (concern(what_happened="x" * 20_001), "what_happened: is longer than 20000"),
        (concern(location="x" * 201), "location: is longer than 200"),
    ],
    ids=["200-marks", "500-categories", "500-informed", "long-text", "long-place"],
)
def test_oversized_concern_is_refused(school: Fixture, run: Runner, data: dict[str, Any], expect: str) -> None:
    """A concern with more marks, list items or characters than any real account needs is refused with
    one line naming the field; nothing is written."""
    refused(run.as_("tom"), school.url, 2, "record", "--input", "-", stdin=json.dumps(data), expect=expect)


def test_a_concern_at_every_cap_is_accepted(school: Fixture, run: Runner) -> None:
    """The caps are generous: a concern with 60 marks, 50 people informed and 20,000-character fields
    (just under the total size cap) is recorded."""
    data = concern(
        body_marks=[MARK | {"explanation": "y" * 3_000} for _ in range(60)],
        informed=[f"person {n}" for n in range(50)],
        what_happened="x" * 20_000,
        child_words="w" * 20_000,
    )
    assert len(json.dumps(data)) < cli.MAX_INPUT_BYTES
    before = records(school.url)
    result = run.as_("tom")("record", "--input", "-", stdin=json.dumps(data))
    assert result.code == 0 and records(school.url) == before + 1


def test_a_16_mb_concern_is_refused_from_stdin_and_from_a_file(school: Fixture, tmp_path: Path, run: Runner) -> None:
    """16 MB of JSON (200 marks of 20,000-character explanations, or one huge field) is refused as too
    large before it is parsed, from stdin or a file; nothing is written."""
    marks = [MARK | {"explanation": "y" * 20_000} for _ in range(200)]
    huge = json.dumps(concern(body_marks=marks, what_happened="x" * (13 * 1024 * 1024)))
    assert len(huge) > 16 * 1024 * 1024
    refused(run.as_("tom"), school.url, 2, "record", "--input", "-", stdin=huge, expect="larger than")
    path = tmp_path / "huge.json"
    path.write_text(huge)
    result = refused(run, school.url, 2, "record", "--input", str(path), expect="larger than")
    assert "huge.json" in result.err


@pytest.mark.parametrize(
    ("text", "expect"),
    [
        ("[" * 100_000, "nested too deeply"),
        ("{" + '"a":{' * 50_000, ""),
    ],
    ids=["brackets", "objects"],
)
def test_deeply_nested_json_is_bad_input_not_a_crash(school: Fixture, run: Runner, text: str, expect: str) -> None:
    """JSON nested a hundred thousand deep is exit 2 with one line (not exit 70, "unexpected error")."""
    refused(run.as_("tom"), school.url, 2, "record", "--input", "-", stdin=text, expect=expect)


@pytest.mark.parametrize(
    "data",
    [
        concern(what_happened="\ud800"),
        concern(what_happened="before \udfff after"),
        concern(informed=["Mr \ud83d"]),
        concern(body_marks=[MARK | {"explanation": "\udc00"}]),
    ],
    ids=["what_happened", "low-surrogate", "informed", "mark-explanation"],
)
def test_a_lone_surrogate_is_bad_input_not_a_crash(school: Fixture, run: Runner, data: dict[str, Any]) -> None:
    """A lone surrogate (JSON text "\\ud800": not Unicode, so it cannot be sealed) is exit 2 with one
    printable line (not exit 70); nothing is written."""
    text = json.dumps(data)  # ensure_ascii: the surrogate travels as the six characters \ud800, as an attacker types it
    assert "\\ud" in text
    refused(run.as_("tom"), school.url, 2, "record", "--input", "-", stdin=text, expect="broken Unicode")


def test_a_file_that_is_not_utf8_is_bad_input(school: Fixture, tmp_path: Path, run: Runner) -> None:
    """A JSON file holding raw bytes that are not UTF-8 (an encoded surrogate) is exit 2, one line."""
    path = tmp_path / "bad.json"
    path.write_bytes(b'{"pupil": "R100000000001", "what_happened": "\xed\xa0\x80"}')
    refused(run.as_("tom"), school.url, 2, "record", "--input", str(path), expect="bad.json: cannot read")


# --- finding 8: output to a reader that went away ----------------------------------------------


class ClosedReader:
    """Standard output whose reader has gone (`school-log ... | head -1`): every write fails."""

    def __init__(self) -> None:
        read, self.fd = os.pipe()
        os.close(read)  # the reader is gone: the write end is what a process piped into `head` holds

    def write(self, text: str) -> int:
        raise BrokenPipeError(32, "Broken pipe")

    def flush(self) -> None:
        raise BrokenPipeError(32, "Broken pipe")

    def fileno(self) -> int:
        return self.fd


@pytest.mark.parametrize("argv", [("body-regions", "--json"), ("roster", "list", "--json")])
def test_output_to_a_closed_pipe_stops_quietly(
    school: Fixture,
    run: Runner,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    argv: tuple[str, ...],
) -> None:
    """Piping output into a reader that stops early (`| head`) ends with exit 141, as other tools do,
    and prints no traceback (not exit 70, "unexpected error")."""
    run.as_("tom")
    stdout = ClosedReader()
    capsys.readouterr()
    try:
        with monkeypatch.context() as patch:
            patch.setattr("sys.stdout", stdout)
            code = cli.main(list(argv))
    finally:
        os.close(stdout.fd)
    err = capsys.readouterr().err
    assert code == 141
    assert "Traceback" not in err and "unexpected error" not in err and "BrokenPipe" not in err


def test_a_real_closed_pipe_leaves_no_error_at_exit(tmp_path: Path) -> None:
    """The same, in a real process writing into a pipe nobody reads: exit 141, and nothing on stderr
    (no "Exception ignored ... BrokenPipeError" when Python flushes at exit)."""
    read, write = os.pipe()
    os.close(read)
    env = {k: v for k, v in os.environ.items() if not k.startswith("SCHOOL_LOG_")} | {"HOME": str(tmp_path)}
    try:
        done = subprocess.run(
            [sys.executable, "-c", "import sys; from tui.main import main; sys.exit(main(['body-regions']))"],
            stdout=write,
            stderr=subprocess.PIPE,
            env=env,
            timeout=120,
            check=False,
        )
    finally:
        os.close(write)
    assert done.returncode == 141, done.stderr
    assert b"Traceback" not in done.stderr and b"BrokenPipe" not in done.stderr, done.stderr


# --- finding 8: files that are not a vault -------------------------------------------------------


def unrelated_database(path: Path) -> None:
    """Some other program's SQLite database."""
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)")
        conn.execute("INSERT INTO notes (text) VALUES ('the staff room kettle is broken')")
    conn.close()


def tables(path: Path) -> list[str]:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return sorted(name for (name,) in conn.execute("SELECT name FROM sqlite_master"))
    finally:
        conn.close()


def beside(path: Path) -> list[str]:
    """The journal files SQLite leaves beside a database it opened for writing."""
    return [p.name for p in (path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")) if p.exists()]


COMMANDS = [("entries",), ("verify",), ("review",), ("roster", "list"), ("passphrase",)]


@pytest.mark.parametrize("argv", COMMANDS, ids=lambda argv: "-".join(argv))
@pytest.mark.parametrize("kind", ["zero-length", "unrelated-sqlite"])
def test_commands_against_a_file_that_is_not_a_vault_change_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, run: Runner, argv: tuple[str, ...], kind: str
) -> None:
    """Pointing any command at an empty file or another program's SQLite database is exit 2, one line
    saying no vault is there, and the file is byte for byte as it was, with no -wal/-shm beside it."""
    path = tmp_path / "other.db"
    if kind == "zero-length":
        path.touch()
    else:
        unrelated_database(path)
    before, tables_before = path.read_bytes(), tables(path)
    monkeypatch.setenv("SCHOOL_LOG_DB", f"sqlite:///{path}")
    monkeypatch.setenv("SCHOOL_LOG_NEW_PASSPHRASE", "four unrelated words here")
    result = run.as_("dana")(*argv)
    assert result.code == 2 and "no school-log vault" in result.err and "other.db" in result.err, result.err
    assert path.read_bytes() == before and tables(path) == tables_before
    assert beside(path) == []


def test_init_on_an_unrelated_database_adds_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, run: Runner
) -> None:
    """`init` pointed at another program's SQLite database is exit 2, one line, and never adds our tables
    to it: its table list and its bytes are unchanged. The same `init` on a new file works."""
    path = tmp_path / "other.db"
    unrelated_database(path)
    before, tables_before = path.read_bytes(), tables(path)
    monkeypatch.setenv("SCHOOL_LOG_DB", f"sqlite:///{path}")
    monkeypatch.setenv("SCHOOL_LOG_NEW_PASSPHRASE", PASSPHRASES["dana"])
    result = run("init", "--school", "Oakfield Primary", "--dsl", "dana")
    assert result.code == 2 and "another database's tables" in result.err, result.err
    assert tables(path) == tables_before == ["notes"]
    assert path.read_bytes() == before and beside(path) == []

    monkeypatch.setenv("SCHOOL_LOG_DB", f"sqlite:///{tmp_path / 'new.db'}")
    assert run("init", "--school", "Oakfield Primary", "--dsl", "dana").code == 0


# --- finding 9: the key slot's cost ------------------------------------------------------------


def test_a_key_slot_below_the_minimum_cost_is_refused(
    school: Fixture, run: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A key slot stretched more cheaply than the production minimum (quick to attack offline) is refused
    with the right passphrase: AuthError, exit 3 with one line saying to reset; it is not counted as a
    wrong passphrase, and nothing is written. At the minimum it opens. (Only the slot is below the raised
    minimum here: the usernames' tags are stretched at it, so this is the slot's refusal, not the vault's;
    a vault whose tags are too cheap is tests/test_attack_usernames.py's case.)"""
    stronger = replace(CHEAP_KDF, memory_kib=CHEAP_KDF.memory_kib * 2, iterations=CHEAP_KDF.iterations + 1)
    tag = keyslots.user_tag

    def tag_at_the_old_minimum(vault_id: str, username: str, params: KdfParams | None) -> str:
        with monkeypatch.context() as patch:
            patch.setattr(keyslots, "MINIMUM_KDF", CHEAP_KDF)
            return tag(vault_id, username, params)

    monkeypatch.setattr(vault_module, "user_tag", tag_at_the_old_minimum)
    monkeypatch.setattr(keyslots, "MINIMUM_KDF", stronger)
    with pytest.raises(AuthError, match="more weakly than this program allows"):
        school.open("tom")
    result = refused(run.as_("tom"), school.url, 3, "entries", expect="more weakly than this program allows")
    assert "reset" in result.err
    assert Vault(school.url).failed_unlocks("tom") == 0

    monkeypatch.setattr(keyslots, "MINIMUM_KDF", CHEAP_KDF)
    assert school.open("tom").me.username == "tom"


# --- finding 9: guessable passphrases ----------------------------------------------------------


@pytest.mark.parametrize("phrase", WEAK)
def test_guessable_passphrases_are_refused_with_a_reason(
    school: Fixture, run: Runner, monkeypatch: pytest.MonkeyPatch, phrase: str
) -> None:
    """Passphrases a cracker tries first ("P@ssw0rd2024!", "Summer2024!!", ...) are refused, saying why,
    for a new account and for a change of one's own; nothing is written and the old passphrase still works."""
    code = json.loads(run.as_("dana")("staff", "add", "nina", "--json").out)["one_time_code"]
    monkeypatch.setenv("SCHOOL_LOG_NEW_PASSPHRASE", phrase)
    added = refused(run.as_("nina", code), school.url, 2, "passphrase", expect="too easy to guess (")
    reason = added.err.split("too easy to guess (", 1)[1].split(")", 1)[0]
    assert reason.strip(), added.err
    assert run.as_("nina", phrase)("entries").code == 3

    changed = refused(run.as_("tom"), school.url, 2, "passphrase", expect="too easy to guess (")
    assert changed.err.split("too easy to guess (", 1)[1].split(")", 1)[0].strip()
    assert run.as_("tom")("entries").code == 0
    assert run.as_("tom", phrase)("entries").code == 3


# --- finding 9: failed unlocks ----------------------------------------------------------------


def test_failed_unlocks_are_counted_shown_audited_then_reset(school: Fixture, run: Runner, tmp_path: Path) -> None:
    """Two wrong passphrases on an account are refused (exit 3), then the right one unlocks and says
    "2 wrong passphrase(s) were tried"; an audit record of it joins the chain; what was guessed is written
    nowhere; and the unlock after that reports none."""
    for guess in GUESSES:
        refused(run.as_("tom", guess), school.url, 3, "entries", expect="wrong passphrase for 'tom'")
    assert Vault(school.url).failed_unlocks("tom") == 2
    before = records(school.url)

    right = run.as_("tom")("entries")
    assert right.code == 0
    assert right.notes.count("\n") == 1 and "school-log: note: 2 wrong passphrase(s)" in right.notes
    assert "tell your DSL" in right.notes
    assert classes_after(school.url, before) == ["audit"]
    seen = [r.data for r in school.open("dana").session.read(("audit",))]
    assert {"purpose": "failed unlocks before this one", "subjects": [], "count": 2} in seen

    again = run.as_("tom")("entries")
    assert again.code == 0 and again.notes == ""
    assert school.open("tom").failed_unlocks == 0

    for file in tmp_path.rglob("*"):
        if file.is_file():
            data = raw_bytes(file)
            assert not any(guess.encode() in data for guess in GUESSES), file


def test_failed_unlocks_through_the_python_api(school: Fixture) -> None:
    """The count is kept whoever unlocks (the app uses the same School): two wrong tries, then the right
    passphrase reports 2; the unlock after reports 0."""
    for guess in GUESSES:
        with pytest.raises(AuthError, match="wrong passphrase"):
            School.unlock(school.url, "sam", guess)
    assert school.open("sam").failed_unlocks == 2
    assert school.open("sam").failed_unlocks == 0


def test_wrong_passphrases_in_a_row_are_answered_ever_more_slowly(
    school: Fixture, run: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each wrong passphrase tried in a row waits twice as long as the one before (1, 2, 4 ... s, at most
    16 s), so guessing at the command line is slow; the right passphrase does not wait, and starts again."""
    waits: list[float] = []
    monkeypatch.setattr(cli, "FAILURE_DELAY", 1.0)
    monkeypatch.setattr(cli.time, "sleep", waits.append)
    for _ in range(6):
        assert run.as_("tom", GUESSES[0])("entries").code == 3
    assert waits == [1.0, 2.0, 4.0, 8.0, 16.0, 16.0]
    waits.clear()
    assert run.as_("tom")("entries").code == 0
    assert waits == []
    assert run.as_("tom", GUESSES[1])("entries").code == 3
    assert waits == [1.0]


# --- issue 20 finding 12: passphrases an attacker with the store guesses first ------------------

GUESSED_FROM_THE_STORE = (
    "Oakfield Primary 2026",  # the school's name and a year
    "Joanna Smithers Joanna Smithers",  # the person's own full name, typed twice
    "joanna smithers 1984!",
    "correct horse battery staple",  # the famous one
    "Correct-Horse-Battery-Staple-1",
)
JO = "a quiet brass lantern humming"


@pytest.mark.parametrize("phrase", GUESSED_FROM_THE_STORE)
def test_passphrases_made_of_the_school_the_person_or_a_famous_phrase_are_refused(
    school: Fixture, run: Runner, monkeypatch: pytest.MonkeyPatch, phrase: str
) -> None:
    """Whoever holds a copy of the store knows the school's name and guesses its staff's names first, and every
    cracking list starts with "correct horse battery staple": Joanna Smithers (username jsmith) choosing any of
    them is refused (exit 2, one line saying why) and her passphrase stays as it was."""
    enrol(school.open("dana"), "jsmith", "Joanna Smithers", "staff", JO)
    monkeypatch.setenv("SCHOOL_LOG_NEW_PASSPHRASE", phrase)
    result = refused(run.as_("jsmith", JO), school.url, 2, "passphrase", expect="too easy to guess (")
    assert result.err.count("\n") == 1
    assert run.as_("jsmith", JO)("entries").code == 0
    assert run.as_("jsmith", phrase)("entries").code == 3
