"""A PDF that leaves the building can be locked with a password (AES-256), given at a prompt or from
`SCHOOL_LOG_EXPORT_PASSWORD`, never on the command line (issue 21)."""

from __future__ import annotations

import os
import re
import zlib
from collections.abc import Iterator
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from school_log.cli import passphrases
from school_log.school import School
from tests.cli_runner import Runner
from tests.factory import PASSPHRASES, Fixture
from tests.test_cli import JAMIE
from tests.test_cli_outward import no_terminal, oak, run  # noqa: F401 - their school, runner, no terminal

PASSWORD = "violet kettle under moss"


@pytest.fixture
def dana(oak: Fixture, run: Runner) -> Runner:  # noqa: F811 - the fixtures of tests.test_cli_outward
    """The command run as the DSL, on Oakfield with Tom's concern about Jamie."""
    return run.as_("dana")


def _exports() -> list[dict[str, object]]:
    """What the log says was exported about Jamie."""
    dsl = School.unlock(os.environ["SCHOOL_LOG_DB"], "dana", PASSPHRASES["dana"])
    jamie = dsl.roster.pupil(JAMIE)
    return [r.data for r in dsl.session.read(("audit",), subjects=[jamie.id]) if r.kind == "audit.export"]


def _streams(raw: bytes) -> Iterator[bytes]:
    for match in re.finditer(rb"stream\n(.*?)\nendstream", raw, re.DOTALL):
        yield match.group(1)


def test_an_encrypted_pack_opens_only_with_its_password(
    dana: Runner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`--encrypt` with the password from the environment: a PDF reader refuses it without the password or
    with a wrong one, and shows the pack with it; none of its streams can be read from the file without it
    (where an unprotected pack's pages inflate to text), its title neither; the audit says it was encrypted."""
    monkeypatch.setenv("SCHOOL_LOG_EXPORT_PASSWORD", PASSWORD)
    done = dana("export", "referral", JAMIE, "-o", str(tmp_path / "locked.pdf"), "--encrypt", "--json")
    assert done.code == 0 and done.json()["encrypted"] is True
    for wrong in (None, "violet kettle under mess"):
        with pytest.raises(pdfium.PdfiumError, match="password"):
            pdfium.PdfDocument(str(tmp_path / "locked.pdf"), password=wrong)
    pdf = pdfium.PdfDocument(str(tmp_path / "locked.pdf"), password=PASSWORD)
    text = pdf[0].get_textpage().get_text_range()
    assert "Referral pack: Jamie Brook" in text and "A bruise on the left upper arm" in text

    monkeypatch.delenv("SCHOOL_LOG_EXPORT_PASSWORD")
    assert dana("export", "referral", JAMIE, "-o", str(tmp_path / "open.pdf")).code == 0
    plain, locked = (tmp_path / "open.pdf").read_bytes(), (tmp_path / "locked.pdf").read_bytes()
    assert any(b"BT" in zlib.decompress(s) for s in _streams(plain) if s.startswith(b"x"))
    for stream in _streams(locked):
        with pytest.raises(zlib.error):
            zlib.decompress(stream)
    assert b"Referral pack" in plain and b"Referral pack" not in locked
    assert [e["encrypted"] for e in _exports()] == [True, False]


@pytest.mark.parametrize(
    ("password", "says"),
    [
        ("short words", "too short"),
        ("jamie brook has a long password", "child's, the school's or your own name"),
        ("R100000000001 kettle moss", "or the UPN"),
        ("Oakfield violet kettle", "the school's"),
        ("passwordpassword1", "too easy to guess"),
    ],
)
def test_a_weak_password_is_refused_and_nothing_written(
    dana: Runner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, password: str, says: str
) -> None:
    """Short, guessable, or made of what is in the file (the child's name, the UPN, the school's name):
    one line saying why (never the password itself), exit 2, no file and no export recorded."""
    monkeypatch.setenv("SCHOOL_LOG_EXPORT_PASSWORD", password)
    done = dana("export", "chronology", JAMIE, "-o", str(tmp_path / "c.pdf"), "--encrypt")
    assert done.code == 2 and says in done.err and password not in done.err
    assert not (tmp_path / "c.pdf").exists() and _exports() == []


def test_the_password_is_asked_twice_and_never_taken_from_the_command_line(
    dana: Runner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """At a terminal the password is typed twice; two different ones write nothing. Without a terminal or
    the variable it says how to give one. A CSV cannot be encrypted, and there is no option to put a
    password on the command line."""
    monkeypatch.setattr(passphrases, "has_terminal", lambda: True)
    typed = iter(["violet kettle under moss", "violet kettle under mess", PASSWORD, PASSWORD])
    prompts: list[str] = []
    monkeypatch.setattr(passphrases.getpass, "getpass", lambda prompt: prompts.append(prompt) or next(typed))
    differ = dana("export", "referral", JAMIE, "-o", str(tmp_path / "a.pdf"), "--encrypt")
    assert differ.code == 2 and "differ" in differ.err and not (tmp_path / "a.pdf").exists()
    assert dana("export", "referral", JAMIE, "-o", str(tmp_path / "a.pdf"), "--encrypt").code == 0
    assert prompts == ["Password to open the PDF: ", "Repeat it: "] * 2
    pdfium.PdfDocument(str(tmp_path / "a.pdf"), password=PASSWORD)

    monkeypatch.setattr(passphrases, "has_terminal", lambda: False)
    nowhere = dana("export", "referral", JAMIE, "-o", str(tmp_path / "b.pdf"), "--encrypt")
    assert nowhere.code == 2 and "SCHOOL_LOG_EXPORT_PASSWORD" in nowhere.err
    monkeypatch.setenv("SCHOOL_LOG_EXPORT_PASSWORD", PASSWORD)
    csv = dana("export", "chronology", JAMIE, "-o", str(tmp_path / "c.csv"), "--encrypt")
    assert csv.code == 2 and "only a PDF" in csv.err
    argument = dana("export", "referral", JAMIE, "-o", str(tmp_path / "d.pdf"), "--password", PASSWORD)
    assert argument.code == 2
    assert not any((tmp_path / n).exists() for n in ("b.pdf", "c.csv", "d.pdf"))
    assert [e["encrypted"] for e in _exports()] == [True]
