"""The environment is read in one place, afresh each time, and a passphrase in it is never shown."""

from __future__ import annotations

import argparse

import pytest

from school_log.cli.main import acting_user
from school_log.cli.passphrases import current_passphrase, new_passphrase
from storage.engine import default_url
from storage.settings import settings


def test_settings_are_read_afresh(monkeypatch: pytest.MonkeyPatch) -> None:
    assert settings().db is None and settings().now is None
    monkeypatch.setenv("SCHOOL_LOG_DB", "sqlite:///elsewhere.db")
    monkeypatch.setenv("SCHOOL_LOG_NOW", "2026-11-23T10:00:00Z")
    assert settings().db == "sqlite:///elsewhere.db" == default_url()
    assert settings().now == "2026-11-23T10:00:00Z"


def test_a_passphrase_from_the_environment_is_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SCHOOL_LOG_PASSPHRASE", "correct horse battery")
    monkeypatch.setenv("SCHOOL_LOG_NEW_PASSPHRASE", "")
    assert "correct horse" not in repr(settings()) and "correct horse" not in str(settings())
    assert current_passphrase("dana") == "correct horse battery"
    assert new_passphrase("dana") == ""  # set but empty is what was set, not a prompt


def test_who_is_acting_is_the_flag_else_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    assert acting_user(argparse.Namespace(user=None)) is None
    monkeypatch.setenv("SCHOOL_LOG_USER", "dana")
    assert acting_user(argparse.Namespace(user=None)) == "dana"
    assert acting_user(argparse.Namespace(user="tom")) == "tom"
