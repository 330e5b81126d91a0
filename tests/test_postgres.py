"""A shared store on a PostgreSQL server: what the server sees, waits, refusals, schools side by side.

Each test runs against the real server (see tests/stores.py) and skips with one reason
when none answers — or fails, in CI, where `SCHOOL_LOG_REQUIRE_PG=1`.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import time
import uuid
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool, QueuePool

from school_log.cli import main as cli
from school_log.errors import AuthError
from school_log.school import School
from storage import engine
from storage.accounts import create_vault
from storage.vault import Vault
from storage.verify import verify
from tests.factory import PASSPHRASES, PUPILS, make_school
from tests.stores import ADMIN_URL, REQUIRE_PG, Store, conninfo, fresh_database, fresh_schema
from tests.test_security import MARKERS, marked_concern

pytestmark = pytest.mark.postgresql

#: Where this server writes its log (Debian's pg_ctlcluster), read back through pg_read_file.
SERVER_LOG = os.environ.get("SCHOOL_LOG_TEST_PG_LOG", "/var/log/postgresql/postgresql-15-main.log")
SECRETS = [m.split()[0] for m in MARKERS.values()] + [
    "ZQXMARKER",
    "radicalisation",
    "operation-encompass",
    "Jamie",
    "Brook",
    "Elly",
    "R100000000001",
    "H-BROOK",
    "Oakfield",
    "Tom Teach",
    "Dana Lead",
    "what_happened",
    "child_words",
]


def _busy_school(tmp_path, monkeypatch, store):  # type: ignore[no-untyped-def]
    """A school whose file holds every kind of sensitive thing: a concern, a notification, reads, the cache."""
    fixture = make_school(tmp_path, monkeypatch, store)
    fixture.open("tom").log.record_concern(marked_concern())
    dsl = fixture.open("dana")
    dsl.log.notify(
        {"pupil": "F100000000002", "agency": "police", "kind": "operation-encompass", "summary": "ZQXMARKER-p"}
    )
    dsl.review.chronology("R100000000001", household=True)
    dsl.review.dashboard()
    return fixture


def _leaks(text: str) -> list[str]:
    """Every secret readable in `text`, as it is or as the hex PostgreSQL writes bytea in."""
    lowered = text.lower()
    return [s for s in SECRETS if s in text or s.encode().hex() in lowered]


def test_pg_dump_of_the_database_holds_no_plaintext(tmp_path, monkeypatch):
    """What a server operator can take away — a full pg_dump — names no pupil, narrative, category or person."""
    if shutil.which("pg_dump") is None:
        (pytest.fail if REQUIRE_PG else pytest.skip)("pg_dump is not installed here")
    with fresh_database() as url:
        _busy_school(tmp_path, monkeypatch, Store(url, None))
        dumped = subprocess.run(["pg_dump", "--no-owner", conninfo(url)], capture_output=True, text=True, check=True)
    dump = dumped.stdout
    assert "COPY public.record" in dump and dump.count("\\x") > 20  # the records are in it, as bytea
    assert _leaks(dump) == []


def test_the_server_log_of_every_statement_holds_no_plaintext(tmp_path, monkeypatch, pg_database):
    """With every statement and its parameters logged, the server's log still names nobody and nothing."""
    admin = psycopg.connect(conninfo(ADMIN_URL))
    try:
        start = admin.execute("select (pg_stat_file(%s)).size", (SERVER_LOG,)).fetchone()[0]  # type: ignore[index]
    except psycopg.Error:
        pytest.skip(f"this server's log is not at {SERVER_LOG} (set SCHOOL_LOG_TEST_PG_LOG)")
    database = make_url(pg_database).database
    admin.execute(f"ALTER DATABASE \"{database}\" SET log_statement = 'all'")
    admin.commit()
    try:
        with fresh_schema(pg_database) as store:
            _busy_school(tmp_path, monkeypatch, store)
    finally:
        admin.execute(f'ALTER DATABASE "{database}" RESET log_statement')
        admin.commit()
    end = admin.execute("select (pg_stat_file(%s)).size", (SERVER_LOG,)).fetchone()[0]  # type: ignore[index]
    log = admin.execute("select pg_read_file(%s, %s, %s)", (SERVER_LOG, start, end - start)).fetchone()[0]  # type: ignore[index]
    admin.close()
    assert "INSERT INTO record" in log and "parameters:" in log  # it did log what we sent
    assert _leaks(log) == []


def test_a_writer_behind_a_held_chain_head_is_told_the_store_is_busy(tmp_path, monkeypatch, pg_store, capsys):
    """A record waiting on another machine's lock gives up after the lock timeout with one line, writing nothing."""
    fixture = make_school(tmp_path, monkeypatch, pg_store)
    monkeypatch.setattr(engine, "LOCK_TIMEOUT_MS", 300)
    before = pg_store.count()
    for name, value in (("SCHOOL_LOG_DB", fixture.url), ("SCHOOL_LOG_USER", "tom")):
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("SCHOOL_LOG_PASSPHRASE", PASSPHRASES["tom"])
    monkeypatch.setattr("sys.stdin", io.StringIO('{"pupil": "R100000000001", "what_happened": "waiting"}'))
    with pg_store.psycopg() as holder:
        holder.execute("select seq from head for update")
        started = time.perf_counter()
        code = cli.main(["record", "--input", "-"])
        waited = time.perf_counter() - started
    err = capsys.readouterr().err
    assert code == 1 and err.strip() == "school-log: the store is busy (locked by another writer); try again"
    assert waited < 5 and pg_store.count() == before


@pytest.mark.parametrize(
    ("change", "code", "expect"),
    [
        ({"database": "school_log_no_such_database"}, 2, 'database "school_log_no_such_database" does not exist'),
        ({"username": "school_log_nobody", "password": "pw-S3cret-never-shown"}, 3, "school_log_nobody"),
        ({"port": 1}, 2, "refused"),
    ],
    ids=["missing database", "unknown role with a password", "nothing listening"],
)
def test_a_server_that_will_not_let_us_in_is_cannot_connect_never_damaged(pg_database, capsys, change, code, expect):
    """A wrong database, user or port says it cannot connect (exit 2, or 3 for who we are), in one line,
    without the password; it never calls the store damaged."""
    url = make_url(pg_database).set(**change).render_as_string(hide_password=False)
    for argv in (["--db", url, "verify"], ["--db", url, "init", "--school", "X", "--dsl", "dana"]):
        assert cli.main(argv) == code
        err = capsys.readouterr().err
        assert err.startswith("school-log: cannot connect to the store at ") and expect in err, err
        assert len(err.strip().splitlines()) == 1 and "damaged" not in err and "S3cret" not in err


def test_two_schools_on_one_server_are_blind_to_each_other(tmp_path, monkeypatch, pg_database):
    """A trust's schools side by side (a schema each): separate vaults, nobody from one can unlock the other,
    and neither sees the other's rows."""
    with fresh_schema(pg_database) as oak, fresh_schema(pg_database) as brook:
        oakfield = make_school(tmp_path, monkeypatch, oak)
        oakfield.open("tom").log.record_concern(marked_concern())
        create_vault(
            brook.url,
            "Brookside Academy",
            "bella",
            "Bella Lead",
            "runs the brookside safeguarding team",
            simulated_clock=True,
        )
        bea = Vault(brook.url).unlock("bella", "runs the brookside safeguarding team")
        assert Vault(oak.url).id != Vault(brook.url).id
        assert bea.read(("entry", "roster")) == [] and len(oakfield.open("dana").roster.pupils()) == 6
        with pytest.raises(AuthError, match="no account 'dana'"):
            Vault(brook.url).unlock("dana", PASSPHRASES["dana"])
        assert brook.count() == 4 < oak.count()
        assert not Vault(pg_database).exists()  # nothing in the database's default schema
        assert verify(Vault(oak.url)).ok and verify(Vault(brook.url)).ok


@pytest.mark.parametrize(
    ("url", "expect"),
    [
        ("postgresql+psycopg://postgres@127.0.0.1/test?schema=Oak;drop", "not a plain lower-case name"),
        ("sqlite:///school.db?schema=oak", "for PostgreSQL stores only"),
    ],
)
def test_a_bad_schema_is_a_clear_usage_error(capsys, url, expect):
    """`?schema=` takes a plain name on PostgreSQL only; anything else is refused before connecting."""
    assert cli.main(["--db", url, "verify"]) == 2
    err = capsys.readouterr().err
    assert expect in err and len(err.strip().splitlines()) == 1


def test_verify_streams_the_chain_through_a_server_side_cursor(tmp_path, monkeypatch, pg_store):
    """`verify` reads the chain in batches from a server-side cursor instead of buffering every row."""
    fixture = make_school(tmp_path, monkeypatch, pg_store)
    vault, cursors = Vault(fixture.url), []

    @event.listens_for(vault.engine, "before_cursor_execute")
    def _spy(_conn, cursor, statement, *_args) -> None:  # type: ignore[no-untyped-def]
        if "record.signature" in statement and "ORDER BY record.seq" in statement:
            cursors.append(cursor)

    assert verify(vault).ok
    assert len(cursors) == 1 and isinstance(cursors[0], psycopg.ServerCursor)


def _connections(name: str, expected: int) -> int:
    """How many connections `name` holds, given up to 2 s to settle on `expected` (a closed one's
    server process can linger a moment in pg_stat_activity)."""
    admin = conninfo(ADMIN_URL)
    with psycopg.connect(admin, autocommit=True) as conn:
        for _ in range(40):
            found = conn.execute("select count(*) from pg_stat_activity where application_name = %s", (name,))
            count = found.fetchone()[0]  # type: ignore[index]
            if count == expected:
                break
            time.sleep(0.05)
    return count


def test_an_app_keeps_one_idle_connection_and_a_cli_command_none(tmp_path, monkeypatch, pg_store):
    """Hundreds of staff on one server: an open app holds at most one idle connection, a CLI call none."""
    fixture = make_school(tmp_path, monkeypatch, pg_store)
    url = f"{fixture.url}&application_name=school_log_pool_test"
    app = Vault(url)
    for _ in range(3):
        with app.connect():
            pass
    assert isinstance(app.engine.pool, QueuePool) and _connections("school_log_pool_test", 1) == 1
    app.engine.dispose()
    with engine.one_shot():
        command = Vault(url)
        with command.connect():
            pass
        assert isinstance(command.engine.pool, NullPool) and _connections("school_log_pool_test", 0) == 0
    pools = []
    monkeypatch.setattr(cli, "verify", lambda vault, **kw: pools.append(type(vault.engine.pool)) or verify(vault, **kw))
    assert cli.main(["--db", url, "verify"]) == 0 and pools == [NullPool]


def _readme_set_up() -> list[str]:
    """The SQL statements the README's PostgreSQL section tells a server's administrator to run."""
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    block = readme.split("## A shared store on PostgreSQL", 1)[1].split("```sql\n", 1)[1].split("```", 1)[0]
    return [statement.strip() for statement in block.split(";") if statement.strip()]


def test_the_readmes_own_set_up_works_and_a_missing_right_is_named_never_damaged(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A role given its own schema only, exactly as the README says: `init`, `record`, `review` and `verify`
    all work as that role. A role given no schema at all is told it is not permitted (exit 3, one line),
    never that the store is damaged."""
    role = f"oak_{uuid.uuid4().hex[:8]}"
    monkeypatch.setenv("SCHOOL_LOG_NEW_PASSPHRASE", PASSPHRASES["dana"])
    monkeypatch.setenv("SCHOOL_LOG_PASSPHRASE", PASSPHRASES["dana"])
    monkeypatch.setenv("SCHOOL_LOG_USER", "dana")
    try:
        with fresh_database() as database:
            admin = Store(database, None)
            for statement in _readme_set_up():
                admin.execute(statement.replace("oakfield", role).replace("choose-one", "pw-S3cret"))
            url = make_url(database).set(username=role, password="pw-S3cret")
            mine = url.update_query_dict({"schema": role}).render_as_string(hide_password=False)
            assert cli.main(["--db", mine, "init", "--school", "Oakfield Primary", "--dsl", "dana"]) == 0
            School.unlock(mine, "dana", PASSPHRASES["dana"]).roster.import_rows(PUPILS)
            monkeypatch.setattr("sys.stdin", io.StringIO('{"pupil": "R100000000001", "what_happened": "a bruise"}'))
            assert cli.main(["--db", mine, "record", "--input", "-"]) == 0
            assert cli.main(["--db", mine, "review"]) == 0
            assert cli.main(["--db", mine, "verify"]) == 0
            capsys.readouterr()
            elsewhere = url.update_query_dict({"schema": "brookside"}).render_as_string(hide_password=False)
            assert cli.main(["--db", elsewhere, "init", "--school", "Brookside", "--dsl", "dana"]) == 3
            err = capsys.readouterr().err
            assert err.startswith("school-log: ") and len(err.strip().splitlines()) == 1, err
            assert "not permitted" in err and "damaged" not in err and "S3cret" not in err
    finally:
        Store(ADMIN_URL, None).execute(f'DROP ROLE IF EXISTS "{role}"')
