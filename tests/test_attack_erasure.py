"""Attacks on erasure: a destroyed file must be gone, not hidden, and only a file that is due may go.

Each test performs the attack: reading destroyed records back from the store's files while another
process holds the store open (WAL frames replayed), from the dashboard cache, from the transfer,
receipt, hold and audit records about the pupil; destroying a file before it is due through a config
file, a signed setting or a re-imported date of birth; and one DSL destroying a file alone.
"""

from __future__ import annotations

import json
import multiprocessing
import subprocess
import sys
import uuid
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.engine import make_url

from school_log import receipts as concern_receipts
from school_log import view_cache
from school_log.errors import AuthError, InputError
from school_log.outward import retention, transfer
from school_log.outward.exports import export
from school_log.school import School
from storage import cache, erasure, receipts
from storage.accounts import create_vault
from storage.records import Draft
from storage.tables import R
from storage.vault import Vault
from storage.verify import verify
from tests.factory import PASSPHRASES, PUPILS, Fixture, make_school
from tests.stores import Store
from tests.test_erasure import destroy

JAMIE, ELLA = "R100000000001", "F100000000002"  # Jamie born 2017-04-02: due 2042-04-02; Ella 2019-09-15
DUE_DAY = "2042-04-02T09:00:00+00:00"
CONTEXT = multiprocessing.get_context("fork")  # the cheap test KDF and environment carry over
ROOT = Path(__file__).resolve().parent.parent
BEA = ("bea", "Bea Brook", "head of safeguarding at brookside")
#: Everything that names Jamie: his name, UPN and date of birth, and words only his file holds.
NAMING = (
    "Jamie",
    JAMIE,
    "2017-04-02",
    "ZQJ-facts",
    "ZQJ-words",
    "ZQJ-police",
    "ZQJ-ref",
    "ZQJ-rationale",
    "ZQJ-task",
    "ZQJ-addendum",
)


@pytest.fixture
def due(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Fixture:
    """Jamie's file, due for review today, as full as a file gets: concerns (the child's words), an
    addendum, a police notification, a decision, a task, the receipts his teacher was sent, an export, a
    legal hold put on and lifted, and a transfer to Brookside, confirmed by its receipt."""
    fixture = make_school(tmp_path, monkeypatch)
    tom, dana = fixture.open("tom"), fixture.open("dana")
    concern = tom.log.record_concern(
        {
            "pupil": JAMIE,
            "occurred_at": "2026-11-10T09:00:00Z",
            "what_happened": "ZQJ-facts bruise on his arm",
            "child_words": "ZQJ-words my dad did it",
            "body_marks": [{"view": "front", "region": "left-upper-arm-front", "type": "bruise"}],
        }
    )
    tom.log.record_concern({"pupil": JAMIE, "occurred_at": "2026-11-12T09:00:00Z", "what_happened": "Hungry again"})
    tom.log.addendum(concern.id, {"text": "ZQJ-addendum he came back later"})
    dana.log.notify(
        {
            "pupil": JAMIE,
            "agency": "police",
            "kind": "operation-encompass",
            "occurred_at": "2026-11-21T22:30:00Z",
            "summary": "ZQJ-police call-out at home",
            "reference": "ZQJ-ref-4411",
            "child_voice": "ZQJ-words I hid upstairs",
        }
    )
    seen = [item.entry for item in dana.review.chronology(JAMIE).items]
    assert concern_receipts.acknowledge(dana, seen, concern_receipts.SEEN) == 2  # Tom is told his concerns were seen
    dana.log.decide(JAMIE, {"outcome": "monitor", "level": 2, "rationale": "ZQJ-rationale", "review_by": "2026-12-01"})
    dana.log.add_task(
        JAMIE, {"text": "ZQJ-task speak to mum", "assignee": dana.session.account_id, "due": "2026-12-01"}
    )
    export(dana, "chronology", JAMIE, tmp_path / "jamie.csv", "csv")
    retention.set_hold(dana, JAMIE, True, "IICSA asked about Jamie Brook")
    retention.set_hold(dana, JAMIE, False, "IICSA: nothing needed about Jamie")
    tom.log.record_concern({"pupil": ELLA, "occurred_at": "2026-11-21T09:00:00Z", "what_happened": "Tired"})
    brook = _brookside(tmp_path)
    oak_key, brook_key = tmp_path / "oak.key", tmp_path / "brook.key"
    oak_key.write_text(json.dumps(transfer.public_key(dana).to_data()))
    brook_key.write_text(json.dumps(transfer.public_key(brook).to_data()))
    transfer.send(dana, JAMIE, brook_key, tmp_path / "jamie.bundle")
    transfer.receive(brook, tmp_path / "jamie.bundle", tmp_path / "jamie.receipt", transfer.Vouch(key_file=oak_key))
    transfer.confirm(dana, tmp_path / "jamie.receipt")
    dana.review.dashboard()  # the team-sealed cache now holds the whole school's review
    monkeypatch.setenv("SCHOOL_LOG_NOW", DUE_DAY)
    return fixture


def _brookside(tmp_path: Path) -> School:
    """The school Jamie moved to: one DSL, nobody else."""
    url = f"sqlite:///{tmp_path / 'brook.db'}"
    create_vault(url, "Brookside Academy", BEA[0], BEA[1], BEA[2], simulated_clock=True)
    return School.unlock(url, BEA[0], BEA[2])


def _bodies(fixture: Fixture, *, erased: bool = False) -> dict[str, bytes]:
    """The sealed body of every record the database holds (`erased`: the ids of the rows emptied since)."""
    with Vault(fixture.url).connect() as conn:
        query = select(R.id, R.body).where(R.cls == "erased") if erased else select(R.id, R.body)
        return {row.id: row.body for row in conn.execute(query)}


def _hold_open(url: str, ready: Any, done: Any, in_read: bool) -> None:
    """Another machine: a DSL's app with the store open (its review read), idle — or in the middle of a read."""
    school = School.unlock(url, "derek", PASSPHRASES["derek"])
    school.review.dashboard()
    if in_read:
        with school.session.vault.connect() as conn:
            conn.execute(select(R.seq).limit(1)).all()
            ready.set()
            done.wait(60)
    else:
        ready.set()
        done.wait(60)


class Holder:
    """A second process holding the store open until the test is done with it."""

    def __init__(self, url: str, in_read: bool = False) -> None:
        self.ready, self.done = CONTEXT.Event(), CONTEXT.Event()
        self.process = CONTEXT.Process(target=_hold_open, args=(url, self.ready, self.done, in_read))

    def __enter__(self) -> Holder:
        self.process.start()
        assert self.ready.wait(60), "the other machine never opened the store"
        return self

    def __exit__(self, *exc: object) -> None:
        self.done.set()
        self.process.join(30)


def _recover(db: Path, bodies: dict[str, bytes]) -> dict[str, Any]:
    """The attacker's tool (tests/wal_replay.py) in its own process, while the holder still has the store open."""
    asked = json.dumps({"db": str(db), "records": {k: v.hex() for k, v in bodies.items()}})
    done = subprocess.run(
        [sys.executable, "-m", "tests.wal_replay"], input=asked, capture_output=True, text=True, cwd=ROOT, check=True
    )
    return json.loads(done.stdout)


# --- 5: the WAL ----------------------------------------------------------------------------------


def test_destroyed_records_cannot_be_read_back_from_the_wal_while_another_machine_has_the_store_open(
    due: Fixture,
) -> None:
    """Destroying a file while a DSL's app on another machine holds the store open leaves none of the
    file's sealed records in the database, its WAL or its shared memory: replaying every WAL frame
    reopens none of them, and no 32-byte piece of any of them is left in the files."""
    before = _bodies(due)
    with Holder(due.url):
        destroyed = destroy(due, JAMIE)
        assert destroyed.purged.done, destroyed.purged.note
        bodies = {id_: before[id_] for id_ in _bodies(due, erased=True)}
        found = _recover(due.path, bodies)
    assert found["replayed"] == [], f"{len(found['replayed'])} of {len(bodies)} destroyed records reopened"
    assert {k: v for k, v in found["bytes"].items() if v} == {}
    assert destroyed.records == len(bodies) == 14  # 8 filed under his id; transfer, receipt, holds, receipts
    assert _recover(due.path, before)["replayed"], "the attack reads the records that were not destroyed"


def test_a_destroy_while_another_machine_is_mid_read_waits_then_refuses_and_writes_nothing(
    due: Fixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    """While another machine holds a read open past the wait, the destroy is refused with nothing written
    ("close school-log on the other machines"): no tombstone, no emptied record, the file still whole.
    Once it has finished, the same destroy goes through and the files are wiped."""
    monkeypatch.setattr(erasure, "READERS_WAIT_MS", 300)
    dana = due.open("dana")
    retention.destroy(dana, JAMIE, "Reviewed at 25 years")
    before = _bodies(due)
    with Holder(due.url, in_read=True):
        with pytest.raises(InputError, match="close school-log on the other machines and try again"):
            retention.destroy(due.open("derek"), JAMIE, "Agreed: no further retention")
    after = _bodies(due)
    assert {k: after[k] for k in before} == before
    assert due.store.execute("select count(*) from record where cls = 'erased' or subject like 'erased/%'") == [(0,)]
    done = retention.destroy(due.open("derek"), JAMIE, "Agreed: no further retention")
    assert isinstance(done, retention.Destroyed) and done.purged.done


# --- 6: the dashboard cache ----------------------------------------------------------------------


def back_on_the_review(fixture: Fixture) -> None:
    """After his confirmed transfer Jamie is on Oakfield's review (and follow-ups) again only for what was
    recorded since: a concern about him, with no words the destroy must erase."""
    fixture.open("tom").log.record_concern(
        {"pupil": JAMIE, "occurred_at": "2042-04-01T09:00:00Z", "what_happened": "Back"}
    )


def _cached(fixture: Fixture, school: School) -> str:
    """Every cached view a DSL's keys open, as one text."""
    names = [row[0] for row in fixture.store.execute("select name from cache")]
    return json.dumps({name: cache.load(school.session, name) for name in names})


def test_the_dashboard_cache_keeps_nothing_of_a_destroyed_file_even_from_an_app_left_open(due: Fixture) -> None:
    """A DSL's keys open the sealed dashboard cache: after a destroy it holds nothing of the file (not the
    notification's summary, the child's words, the reference, the pupil's id) — not even once an app
    that was open through the destroy, with the file decrypted in memory, refreshes its review."""
    left_open = due.open("derek")
    back_on_the_review(due)
    left_open.review.dashboard()
    jamie = left_open.roster.pupil(JAMIE).id
    assert jamie in _cached(due, left_open)
    destroy(due, JAMIE)
    assert jamie not in _cached(due, left_open)
    due.open("tom").log.record_concern({"pupil": ELLA, "occurred_at": "2042-04-01T09:00:00Z", "what_happened": "Hurt"})
    new, destroyed = left_open.review.new_entries()
    assert destroyed and [entry.what_happened for entry in new] == ["Hurt"]  # type: ignore[attr-defined]
    board = left_open.review.dashboard()
    shown = json.dumps([(i.pupil.upn, i.pupil.name, [f.summary for f in i.flags]) for i in board.review])
    assert "Hurt" not in shown and ELLA in shown  # Ella's new concern is on the list; her brother is not
    seen = _cached(due, left_open) + shown
    assert [word for word in (jamie, *NAMING) if word in seen] == []


def test_a_review_worked_out_before_a_destroy_is_not_cached_after_it(due: Fixture, monkeypatch) -> None:
    """A DSL's app has read the whole school and is working out the review when another machine destroys
    a file: the review it then saves would hold the file, so it is not saved."""
    reader = due.open("derek")
    back_on_the_review(due)
    jamie = reader.roster.pupil(JAMIE).id
    to_data = view_cache.to_data

    def destroyed_meanwhile(board: Any) -> Any:
        destroy(due, JAMIE)
        return to_data(board)

    monkeypatch.setattr(view_cache, "to_data", destroyed_meanwhile)
    board = reader.review.dashboard()
    assert jamie in {f.pupil.id for f in board.follow_ups}  # read before the destroy
    assert jamie not in _cached(due, reader)


# --- 14: every record about the pupil --------------------------------------------------------------


def _everything(school: School) -> str:
    """Every record this account can open in the store, with every receipt it can open, as one text."""
    session = school.session
    opened = session.read(("entry", "audit", "roster", "notice"), audit=False)
    said = [receipts.open_receipt(session, r.data) for r in opened if r.cls == "notice"]
    return json.dumps([(r.cls, r.subject, r.kind, r.data) for r in opened] + said, default=str)


def test_after_a_destroy_no_record_of_any_kind_opens_to_anything_naming_the_pupil(due: Fixture, tmp_path) -> None:
    """Every account's keys open every record they can, of every class: after the destroy none names the
    pupil — not a transfer out, its confirmation, a hold's reason, an export, a receipt, an entry or the
    roster — at the school that destroyed the file, nor at the school it was transferred to."""
    staff = ("dana", "derek", "tom", "tara", "sam")
    before = _everything(due.open("dana"))
    assert all(word in before for word in NAMING)
    destroy(due, JAMIE)
    for username in staff:
        found = _everything(due.open(username))
        assert [word for word in NAMING if word in found] == [], username
    brook = School.unlock(f"sqlite:///{tmp_path / 'brook.db'}", BEA[0], BEA[2])
    assert JAMIE in _everything(brook)
    done = retention.destroy(brook, JAMIE, "Reviewed at 25 years")
    assert isinstance(done, retention.Destroyed) and done.proposed_by is None  # Brookside has one DSL
    found = _everything(School.unlock(f"sqlite:///{tmp_path / 'brook.db'}", BEA[0], BEA[2]))
    assert [word for word in NAMING if word in found] == []
    for school in (due.open("dana"), brook):
        report = verify(school.session.vault, school.session)
        assert report.ok, report.fault


def test_the_reason_for_a_destroy_may_not_name_the_pupil(due: Fixture) -> None:
    """The reason stays in the log after the file is gone: one naming the child is refused, nothing written."""
    for reason in ("Jamie left in 2031", "reviewed R100000000001", "born 2017-04-02"):
        with pytest.raises(InputError, match="must not name the pupil"):
            retention.destroy(due.open("dana"), JAMIE, reason)
    assert retention.due_files(due.open("dana"))[0].proposal is None


# --- 7: destroying a file that is not due, or alone -------------------------------------------------


def test_a_config_file_cannot_make_a_file_due(due: Fixture, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Both DSLs point SCHOOL_LOG_CONFIG at a file saying files are due a year after birth, and destroy Ella's
    file (due in 2044): refused (the period is not read from a file), nothing destroyed."""
    config = tmp_path / "short.toml"
    config.write_text("[retention]\nreview_after_years = 1\n")
    monkeypatch.setenv("SCHOOL_LOG_CONFIG", str(config))
    refusals = []
    for username in ("dana", "derek"):
        try:
            retention.destroy(due.open(username), ELLA, "Reviewed")
        except InputError as error:
            refusals.append(str(error))
    assert due.store.execute("select count(*) from record where cls = 'erased'") == [(0,)]
    assert len(refusals) == 2 and all("[retention] is no longer read from a file" in r for r in refusals)


def test_a_signed_period_below_25_years_counts_as_25(due: Fixture) -> None:
    """A DSL writes a retention period of one year straight into the log (past the domain's check): it
    counts as 25, and Ella's file (due in 2044) cannot be destroyed. A member of staff cannot write one."""
    dana = due.open("dana")
    dana.session.append(
        Draft("audit", subject=retention.SUBJECT, kind="retention.period", data={"years": 1, "reason": "x"})
    )
    assert retention.period(due.open("derek")).years == 25
    for username in ("dana", "derek"):
        with pytest.raises(InputError, match="not due for review until 2044-09-15"):
            retention.destroy(due.open(username), ELLA, "Reviewed")
    with pytest.raises(AuthError, match="may not write"):
        due.open("tom").session.append(
            Draft("audit", subject=retention.SUBJECT, kind="retention.period", data={"years": 1, "reason": "x"})
        )


def test_an_older_date_of_birth_reimported_does_not_make_a_file_due(due: Fixture) -> None:
    """A DSL re-imports the roster saying Ella was born in 2000 (so her file looks due since 2025): the
    destroy checks the date of birth as first recorded, and is refused; nothing is destroyed."""
    dana = due.open("dana")
    ella = next(row for row in PUPILS if row.upn == ELLA)
    dana.roster.import_rows([replace(ella, date_of_birth=ella.date_of_birth.replace(year=2000))])
    assert dana.roster.pupil(ELLA).date_of_birth.year == 2000
    for username in ("dana", "derek"):
        with pytest.raises(InputError, match="not due for review until 2044-09-15"):
            retention.destroy(due.open(username), ELLA, "Reviewed")
    assert [f.pupil.upn for f in retention.due_files(due.open("dana"), within_days=365)] == [JAMIE]


def test_one_dsl_cannot_destroy_a_file_alone_where_the_school_has_two(due: Fixture) -> None:
    """Dana's destroy only proposes it; Dana again is refused; a hold withdraws the proposal; only Derek's
    confirmation of a standing proposal destroys the file, and the tombstone names both."""
    dana, derek = due.open("dana"), due.open("derek")
    proposed = retention.destroy(dana, JAMIE, "Reviewed at 25 years")
    assert due.open("dana").roster.pupil(JAMIE).upn == JAMIE  # nothing destroyed
    assert isinstance(proposed, retention.Proposed) and proposed.confirmers == ("Derek Deputy",)
    with pytest.raises(InputError, match="another DSL must confirm it"):
        retention.destroy(due.open("dana"), JAMIE, "Reviewed at 25 years")
    retention.set_hold(dana, JAMIE, True, "Inquiry")
    retention.set_hold(dana, JAMIE, False, "Inquiry closed")
    assert isinstance(retention.destroy(due.open("derek"), JAMIE, "Agreed"), retention.Proposed)  # a new one
    done = retention.destroy(due.open("dana"), JAMIE, "Agreed: no further retention")
    assert isinstance(done, retention.Destroyed) and done.proposed_by == "Derek Deputy"
    [stone] = [r for r in derek.session.read(("audit",)) if r.kind == "retention.destroyed"]
    assert stone.author == dana.session.account_id and stone.data["proposal"]["by"] == derek.session.account_id
    assert not stone.data["sole_dsl"]


# --- 5, on PostgreSQL ----------------------------------------------------------------------------


def _row_versions(store: Store) -> list[bytes]:
    """Every row version the server still keeps in the record table's pages, dead or alive (pageinspect,
    as the server's superuser sees them)."""
    with store.psycopg() as c:
        c.autocommit = True
        c.execute("CREATE EXTENSION IF NOT EXISTS pageinspect")
        table = "record"  # the store's schema is first on the search path
        pages = c.execute("SELECT pg_relation_size(%s::regclass) / current_setting('block_size')::int", (table,))
        count = pages.fetchone()[0]  # type: ignore[index]
        return [
            bytes(row[0])
            for page in range(count)
            for row in c.execute(
                "SELECT t_data FROM heap_page_items(get_raw_page(%s, %s)) WHERE t_data IS NOT NULL", (table, page)
            )
        ]


def test_on_postgresql_the_destroyed_row_versions_are_vacuumed_away(pg_store: Store, tmp_path, monkeypatch) -> None:
    """On a server the emptied rows' old versions stay in the table until VACUUM: the destroy runs it (the
    store's role owns its tables), and no row version the server keeps holds a destroyed record."""
    fixture = make_school(tmp_path, monkeypatch, pg_store)
    for n in range(4):
        fixture.open("tom").log.record_concern(
            {"pupil": JAMIE, "occurred_at": f"2026-11-1{n}T09:00:00Z", "what_happened": f"ZQJ-facts {n}"}
        )
    monkeypatch.setenv("SCHOOL_LOG_NOW", DUE_DAY)
    before = _bodies(fixture)
    done = destroy(fixture, JAMIE)
    assert done.purged.done and "vacuumed" in done.purged.note
    destroyed = [before[id_] for id_ in _bodies(fixture, erased=True)]
    kept = _row_versions(pg_store)
    assert len(destroyed) == 5 and not [body for body in destroyed if any(body[:64] in row for row in kept)]


def test_on_postgresql_a_role_that_may_not_vacuum_is_told_what_to_ask(pg_store: Store, tmp_path, monkeypatch) -> None:
    """A store whose role may read and write the tables but does not own them cannot VACUUM: the file is
    still destroyed, and the DSL is told to ask the server's operator."""
    fixture = make_school(tmp_path, monkeypatch, pg_store)
    fixture.open("tom").log.record_concern(
        {"pupil": JAMIE, "occurred_at": "2026-11-10T09:00:00Z", "what_happened": "x"}
    )
    monkeypatch.setenv("SCHOOL_LOG_NOW", DUE_DAY)
    role, url = f"clerk_{uuid.uuid4().hex[:8]}", make_url(pg_store.url)
    schema = url.query["schema"]
    pg_store.execute(f'CREATE ROLE "{role}" LOGIN')
    try:
        pg_store.execute(f'GRANT USAGE ON SCHEMA "{schema}" TO "{role}"')
        pg_store.execute(f'GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA "{schema}" TO "{role}"')
        clerk = Fixture(Store(url.set(username=role).render_as_string(hide_password=False), None))
        done = destroy(clerk, JAMIE)
        assert not done.purged.done and "ask the server's operator" in done.purged.note
        assert fixture.store.execute("select count(*) from record where cls = 'erased'") == [(2,)]
    finally:
        pg_store.execute(f'DROP OWNED BY "{role}"')
        pg_store.execute(f'DROP ROLE "{role}"')
