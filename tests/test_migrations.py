"""The store's schema comes from migrations: old stores are upgraded, newer ones refused (both stores)."""

from __future__ import annotations

import io
import json

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect
from sqlmodel import SQLModel

from school_log.cli import main as cli
from storage import migrations
from storage.records import FORMAT
from storage.vault import Vault
from storage.verify import verify
from tests.factory import PASSPHRASES, make_school

CONCERN = {"pupil": "R100000000001", "what_happened": "after the upgrade", "occurred_at": "2026-11-20T09:00:00Z"}


@pytest.fixture
def school(tmp_path, monkeypatch, store):  # type: ignore[no-untyped-def]
    fixture = make_school(tmp_path, monkeypatch, store)
    monkeypatch.setenv("SCHOOL_LOG_DB", fixture.url)
    monkeypatch.setenv("SCHOOL_LOG_USER", "dana")
    monkeypatch.setenv("SCHOOL_LOG_PASSPHRASE", PASSPHRASES["dana"])
    return fixture


def _as_before_migrations(store) -> None:  # type: ignore[no-untyped-def]
    """Make the store what `create_all` made before the (cls, seq) index: no index, no cache, no drafts, no version."""
    store.execute("drop index ix_record_cls_seq")
    store.execute("drop table cache")
    store.execute("drop table draft")
    store.execute("drop table alembic_version")


def _run(capsys, *argv: str) -> tuple[int, str, str]:  # type: ignore[no-untyped-def]
    capsys.readouterr()
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_a_new_store_is_exactly_the_models(school):
    """The migrations build the schema the code reads and writes, nothing missing or extra."""
    vault = Vault(school.url)
    with vault.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), SQLModel.metadata)
        revision = migrations.revision(conn)
    assert diff == [] and revision == migrations.HEAD


def test_the_revisions_named_in_code_are_alembics():
    """Every unlock checks the store's revision without loading Alembic: the revisions the code names are
    the migration scripts' own, in order, so a store is never called current or unknown wrongly."""
    found = migrations.scripts()
    walked = [script.revision for script in found.walk_revisions("base", "heads")]
    assert tuple(reversed(walked)) == migrations.REVISIONS
    assert found.get_current_head() == migrations.HEAD


def test_a_store_from_before_migrations_says_what_to_run_then_upgrades(school, capsys):
    """A store made before the replay index is refused with the command to run; `school-log upgrade`
    adds the index and the cache, and everything written before still verifies and opens."""
    school.open("tom").log.record_concern(CONCERN)
    _as_before_migrations(school.store)
    before = school.store.count()

    code, _, err = _run(capsys, "review")
    assert code == 2 and "run 'school-log upgrade'" in err and len(err.strip().splitlines()) == 1

    code, out, err = _run(capsys, "upgrade", "--json")
    assert code == 0, err
    assert json.loads(out) == {"upgraded": Vault(school.url).safe_url, "from": "0001", "to": migrations.HEAD}
    with Vault(school.url).connect() as conn:
        indexes = {index["name"] for index in inspect(conn).get_indexes("record")}
        assert "ix_record_cls_seq" in indexes and inspect(conn).has_table("cache") and inspect(conn).has_table("draft")
    dsl = school.open("dana")
    assert dsl.review.dashboard() is not None and dsl.review.cached_dashboard() is not None
    assert school.store.count() > before and verify(Vault(school.url)).ok


def test_upgrading_a_current_store_changes_nothing(school, capsys):
    """`school-log upgrade` on an up-to-date store says so and writes nothing."""
    before = school.store.count()
    code, out, _ = _run(capsys, "upgrade")
    assert code == 0 and "already" in out and school.store.count() == before


def test_a_store_from_a_newer_program_is_refused_in_one_line(school, capsys, monkeypatch):
    """A schema this program has no migration for is refused, by unlock and by upgrade, and left alone."""
    school.store.execute("update alembic_version set version_num = '9999'")
    for argv in (("review",), ("upgrade",)):
        code, _, err = _run(capsys, *argv)
        assert code == 2 and "newer school-log (schema 9999)" in err and len(err.strip().splitlines()) == 1
    assert school.store.execute("select version_num from alembic_version")[0][0] == "9999"


def test_a_vault_format_newer_than_the_program_is_refused(school, capsys):
    """`vault.format` is read: a store written in a later format is refused, not misread."""
    school.store.execute("update vault set format = :format", format=FORMAT + 1)
    code, _, err = _run(capsys, "review")
    assert code == 2 and f"vault format {FORMAT + 1}" in err and len(err.strip().splitlines()) == 1


def test_upgrade_of_no_vault_is_a_clear_usage_error(tmp_path, monkeypatch, capsys):
    """Pointing `upgrade` at an empty place says there is no vault, and creates nothing."""
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    code, _, err = _run(capsys, "--db", f"sqlite:///{tmp_path / 'none.db'}", "upgrade")
    assert code == 2 and "no school-log vault" in err and not (tmp_path / "none.db").exists()
