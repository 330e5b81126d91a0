"""Founding a school (school_log/founding.py): the one way `init` and the app's first run create a vault, its
first DSL, and the URN and time zone in the config file every screen and command reads."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from school_log.config import config_path, load_config
from school_log.errors import InputError
from school_log.founding import awaits_founding, found_school, founding_problems
from school_log.school import School
from tests.cli_runner import Runner
from tests.factory import PASSPHRASES
from tests.stores import Store

PHRASE = PASSPHRASES["dana"]


def test_founding_creates_the_vault_and_writes_urn_and_time_zone_to_the_config(store: Store) -> None:
    """The first DSL unlocks the new school; its URN and time zone are what the config file now says, so the
    referral pack and every time shown use them; the store no longer awaits founding."""
    assert awaits_founding(store.url)
    written = found_school(
        store.url, "Oakfield Primary", "Dana", "Dana Lead", PHRASE, urn="123456", timezone="Europe/Dublin"
    )
    assert written == config_path()
    assert not awaits_founding(store.url)
    school = School.unlock(store.url, "dana", PHRASE)
    assert (school.name, school.me.name, school.is_dsl) == ("Oakfield Primary", "Dana Lead", True)
    assert (school.config.referrer.urn, school.config.timezone) == ("123456", "Europe/Dublin")


def test_founding_keeps_the_rest_of_an_existing_config_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A config file written before (idle lock, holidays, an old URN) keeps every other setting; the URN given
    replaces the old one; the default time zone, already in force, is not written."""
    path = config_path()
    path.parent.mkdir(parents=True)
    path.write_text('[app]\nidle_lock_minutes = 3\n\n[school]  # ours\nholidays = "wales"\nurn = "111111"\n')
    written = found_school(
        f"sqlite:///{tmp_path / 'school.db'}", "Ysgol", "dana", "Dana Lead", PHRASE, urn="654321", timezone=None
    )
    assert written == path
    config = load_config()
    assert (config.idle_lock_minutes, config.working_days.nation, config.referrer.urn) == (3, "wales", "654321")
    assert "timezone" not in path.read_text()


def test_each_problem_is_named_on_its_field_and_nothing_is_written(tmp_path: Path) -> None:
    """Empty name, bad username, weak passphrase, bad URN, unknown time zone: each is one line on its field;
    found_school writes neither a vault nor the config file."""
    found = founding_problems(" ", "D@na", "", "password1234", urn="12", timezone="Mars/Olympus")
    assert [error.field for error in found] == ["school", "name", "username", "passphrase", "timezone", "urn"]
    assert all("\n" not in str(error) for error in found)
    url = f"sqlite:///{tmp_path / 'school.db'}"
    with pytest.raises(InputError, match="give the school's name"):
        found_school(url, "", "dana", "Dana Lead", PHRASE, urn="123456")
    with pytest.raises(InputError, match="not a time zone"):
        found_school(url, "Oakfield", "dana", "Dana Lead", PHRASE, timezone="Mars/Olympus")
    assert awaits_founding(url) and not config_path().exists()


def test_founding_never_overwrites_a_vault_or_joins_another_database(tmp_path: Path) -> None:
    """A second founding on the same store is refused (the first school is untouched); a store holding another
    program's tables is not offered for founding and is refused."""
    url = f"sqlite:///{tmp_path / 'school.db'}"
    found_school(url, "Oakfield Primary", "dana", "Dana Lead", PHRASE)
    with pytest.raises(InputError, match="already exists"):
        found_school(url, "Other", "eve", "Eve", PASSPHRASES["tom"])
    assert School.unlock(url, "dana", PHRASE).name == "Oakfield Primary"
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as conn:
        conn.execute("create table invoices (id integer)")
    assert not awaits_founding(f"sqlite:///{other}")
    with pytest.raises(InputError, match="another database"):
        found_school(f"sqlite:///{other}", "Oakfield Primary", "dana", "Dana Lead", PHRASE)


def test_init_takes_the_urn_and_time_zone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`school-log init --urn --timezone` founds the school the same way: the config file says both; a bad URN
    is refused before any passphrase is asked, with nothing written."""
    run = Runner(monkeypatch, capsys)
    url = f"sqlite:///{tmp_path / 'school.db'}"
    monkeypatch.setenv("SCHOOL_LOG_DB", url)
    bad = run("init", "--school", "Oakfield", "--dsl", "dana", "--urn", "12AB")
    assert bad.code == 2 and "six-digit URN" in bad.err and not config_path().exists()
    monkeypatch.setenv("SCHOOL_LOG_NEW_PASSPHRASE", PHRASE)
    made = run(
        "init", "--school", "Oakfield", "--dsl", "dana", "--name", "Dana Lead", "--urn", "123456",
        "--timezone", "Europe/Lisbon", "--json",
    )  # fmt: skip
    assert made.code == 0 and made.json()["config"] == str(config_path())
    assert (load_config().referrer.urn, load_config().timezone) == ("123456", "Europe/Lisbon")
