"""Bad input is one line, exit 2, and nothing written (issue 20, finding 15), each attack performed as typed.

A folder where the store should be, an endless file (`/dev/zero`) given as a roster or a
bundle, control characters and line breaks in one-line fields, a JSON key given twice,
and dates no one means (year 1).
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from school_log.errors import InputError, IntegrityError
from school_log.outward import transfer
from school_log.school import School
from storage.accounts import create_vault
from tests.cli_runner import Runner
from tests.factory import NOW, PASSPHRASES, Fixture, make_school
from tests.test_cli import HEADER, concern, records

ROOT = Path(__file__).resolve().parent.parent
JAMIE = "R100000000001"
MEMORY_CAP = 2 * 1024**3  # the CLI runs in a process that cannot take the machine's memory with it
#: The CLI in a process of its own, opening the test school's cheap key slots (as tests/typing_app.py does).
CLI_WITH_TEST_KEY_SLOTS = (
    "import sys; from storage import keyslots; from tests.conftest import CHEAP_KDF; "
    "keyslots.DEFAULT_KDF = keyslots.MINIMUM_KDF = CHEAP_KDF; "
    "from school_log.cli.main import main; sys.exit(main(sys.argv[1:]))"
)


@pytest.fixture
def school(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Fixture:
    fixture = make_school(tmp_path, monkeypatch)
    monkeypatch.setenv("SCHOOL_LOG_DB", fixture.url)
    return fixture


@pytest.fixture
def run(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Runner:
    return Runner(monkeypatch, capsys)


def _cap_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))


def in_a_process(url: str, user: str, *argv: str, now: str = NOW, stdin: str = "") -> subprocess.CompletedProcess[str]:
    """`school-log ARGV` as `user` on a machine whose clock reads `now`, in its own process with its memory capped."""
    env = {
        **os.environ,
        "SCHOOL_LOG_DB": url,
        "SCHOOL_LOG_NOW": now,
        "SCHOOL_LOG_USER": user,
        "SCHOOL_LOG_PASSPHRASE": PASSPHRASES[user],
        "PYTHONPATH": str(ROOT),
    }
    command = [sys.executable, "-c", CLI_WITH_TEST_KEY_SLOTS, *argv]
    return subprocess.run(
        command, env=env, input=stdin, capture_output=True, text=True, timeout=120, preexec_fn=_cap_memory
    )


def _says_one_line(err: str) -> bool:
    """The refusal of a line break ("must be one line") or of a control character."""
    return "must be one line" in err or "control character" in err


def _one_line(err: str) -> str:
    assert err.startswith("school-log: ") and err.count("\n") == 1 and "Traceback" not in err, err
    return err


@pytest.mark.parametrize("form", ["{dir}", "{dir}/"])
def test_a_store_that_is_a_folder_is_named_and_left_empty(
    tmp_path: Path, run: Runner, form: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`--db` naming a folder says it is a folder and which file to name, for `init` and for reading; nothing is
    created in the folder."""
    folder = tmp_path / "store"
    folder.mkdir()
    url = "sqlite:///" + form.format(dir=folder)
    monkeypatch.setenv("SCHOOL_LOG_NEW_PASSPHRASE", PASSPHRASES["dana"])
    for argv in (["init", "--school", "Oakfield Primary", "--dsl", "dana"], ["verify"], ["review"]):
        said = run.as_("dana")("--db", url, *argv)
        assert said.code == 2 and "is a folder" in said.err, said
    assert list(folder.iterdir()) == []


@pytest.mark.parametrize("command", ["roster import", "transfer import"])
def test_an_endless_file_is_refused_by_its_size_not_by_memory(school: Fixture, command: str) -> None:
    """`/dev/zero` claims to be empty and never ends: the roster or bundle read stops at its cap, one line,
    exit 2, in a process whose memory is capped (the whole file is never read into memory)."""
    transfer.public_key(school.open("dana"))  # the school's identity key: a bundle could be for it
    before = records(school.url)
    done = in_a_process(school.url, "dana", *command.split(), "/dev/zero")
    assert done.returncode == 2, done.stderr[-500:]
    assert "too large" in _one_line(done.stderr)
    assert records(school.url) == before


def _roster(tmp_path: Path, name: str) -> Path:
    path = tmp_path / "roster.csv"
    path.write_text(f'{HEADER}\nR100000000001,"{name}",Brook,2017-04-02,4,H-BROOK,,,\n', encoding="utf-8")
    return path


@pytest.mark.parametrize("name", ["Jamie\u0085Evil", "Jamie\u009b31mRed", "Jamie\nR999,Forged,Row", "Jamie\u2028x"])
def test_a_pupils_name_with_a_line_break_or_c1_control_is_refused(
    school: Fixture, tmp_path: Path, run: Runner, name: str
) -> None:
    """A pupil's name holding NEL (U+0085), the terminal's CSI (U+009B) or a line break would forge lines in
    every list, export and terminal it is shown in: the roster is refused, one line naming the row."""
    before = records(school.url)
    said = run.as_("dana")("roster", "import", str(_roster(tmp_path, name)))
    assert said.code == 2 and "roster.csv line 2" in said.err, said
    assert records(school.url) == before
    assert run.as_("dana")("roster", "import", str(_roster(tmp_path, "Jamie Lee"))).code == 0  # the file is fine


@pytest.mark.parametrize(
    ("argv", "field"),
    [
        (["record", "--input", "-"], {"location": "Playground\nR100000000002 urgent"}),
        (["record", "--input", "-"], {"location": "Hall\u0085"}),
        (["record", "--input", "-"], {"informed": ["Mum\nR100000000002: nothing to see"]}),
    ],
)
def test_one_line_fields_of_an_entry_refuse_line_breaks_and_c1_controls(
    school: Fixture, run: Runner, argv: list[str], field: dict[str, object]
) -> None:
    """A concern's place or categories are shown on one line: a line break or C1 control in one is refused."""
    before = records(school.url)
    said = run.as_("tom")(*argv, stdin=concern(**field))
    assert said.code == 2 and _says_one_line(said.err), said
    assert records(school.url) == before


def test_a_persons_and_the_schools_name_are_one_line(
    school: Fixture, run: Runner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A member of staff's name, or the school's, with a line break in it is refused before anything is written."""
    before = records(school.url)
    monkeypatch.setenv("SCHOOL_LOG_NEW_PASSPHRASE", "an entirely new passphrase for sam here")
    said = run.as_("dana")("staff", "add", "sam", "--name", "Sam\nDSL: dana")
    assert said.code == 2 and _says_one_line(said.err), said
    assert records(school.url) == before
    other = f"sqlite:///{tmp_path / 'other.db'}"
    said = run("--db", other, "init", "--school", "Oakfield\u009bPrimary", "--dsl", "ella")
    assert said.code == 2 and _says_one_line(said.err) and not (tmp_path / "other.db").exists(), said


def test_a_key_given_twice_is_refused_not_silently_dropped(school: Fixture, run: Runner, tmp_path: Path) -> None:
    """`{"urgent": true, ..., "urgent": false}` would record what the writer did not see: refused, one line
    naming the key, from standard input and from a file alike."""
    text = json.dumps(concern(urgent=True))[:-1] + ', "urgent": false}'
    before = records(school.url)
    said = run.as_("tom")("record", "--input", "-", stdin=text)
    assert said.code == 2 and "'urgent' is given twice" in said.err, said
    entry = tmp_path / "entry.json"
    entry.write_text(text)
    said = run.as_("tom")("record", "--input", str(entry))
    assert said.code == 2 and "'urgent' is given twice" in said.err, said
    assert records(school.url) == before


def test_a_bundle_with_a_key_given_twice_is_refused(school: Fixture, tmp_path: Path) -> None:
    """A bundle's envelope carrying one of its fields twice (two readings, one for a person's eye, one for
    the program) is refused as not a complete envelope; nothing is imported."""
    sender = school.open("dana")
    sender.log.record_concern(concern())
    url = f"sqlite:///{tmp_path / 'brook.db'}"
    create_vault(url, "Brookside Academy", "bea", "Bea Lead", "head of safeguarding at brookside", simulated_clock=True)
    receiver = School.unlock(url, "bea", "head of safeguarding at brookside")
    keyfile = tmp_path / "brookside.key"
    keyfile.write_text(json.dumps(transfer.public_key(receiver).to_data()))
    transfer.send(sender, JAMIE, keyfile, tmp_path / "bundle")
    envelope = json.loads((tmp_path / "bundle").read_text())
    doubled = '{"header": ' + json.dumps({**envelope["header"], "id": "another"}) + ", " + json.dumps(envelope)[1:]
    (tmp_path / "bundle").write_text(doubled)
    before = records(url)
    with pytest.raises(IntegrityError, match="not a complete envelope"):
        transfer.receive(receiver, tmp_path / "bundle", tmp_path / "receipt", transfer.Vouch(ask=lambda q: True))
    assert records(url) == before and not (tmp_path / "receipt").exists()


@pytest.mark.parametrize(
    "occurred_at", ["0001-01-01T09:00:00Z", "0001-01-01T00:00:00+05:00", "1900-06-01T09:00:00Z", "0001-01-01"]
)
def test_an_entry_dated_in_year_1_is_refused(school: Fixture, run: Runner, occurred_at: str) -> None:
    """A concern's time of year 1 (or a century ago) is a slip of the keyboard: refused, one line naming
    the field, never stored to sort first in every chronology."""
    before = records(school.url)
    said = run.as_("tom")("record", "--input", "-", stdin=concern(occurred_at=occurred_at))
    assert said.code == 2 and "occurred_at" in said.err, said
    assert records(school.url) == before


@pytest.mark.parametrize("review_by", ["0001-01-01", "9999-12-31", "2996-11-23"])
def test_a_review_date_no_one_means_is_refused(school: Fixture, run: Runner, review_by: str) -> None:
    """A decision's review date in year 1 or 9999 (never reached, or long overdue) is refused, one line."""
    run.as_("tom")("record", "--input", "-", stdin=concern())
    before = records(school.url)
    decision = {"outcome": "monitor", "level": 2, "rationale": "keep an eye", "review_by": review_by}
    said = run.as_("dana")("decide", JAMIE, "--input", "-", stdin=decision)
    assert said.code == 2 and "review_by" in said.err, said
    assert records(school.url) == before


def test_the_date_bounds_let_a_real_history_through(school: Fixture) -> None:
    """What a school really types still goes in: a disclosure of years ago, a review date next year."""
    tom = school.open("tom")
    assert tom.log.record_concern(concern(occurred_at="2019-03-04T10:00:00Z")).occurred_at.year == 2019
    decision = {"outcome": "monitor", "level": 2, "rationale": "keep an eye", "review_by": "2027-06-30"}
    assert school.open("dana").log.decide(JAMIE, decision).review_by.year == 2027
    with pytest.raises(InputError, match="review_by"):
        school.open("dana").log.decide(JAMIE, {**decision, "review_by": "0001-01-01"})
