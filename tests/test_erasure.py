"""Destroying a file after its retention review: a signed tombstone, only counts left, verify still green.

`storage.verify` reads the store's tombstones (`storage.erasure.load`) before its walk.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select, update

from school_log.errors import InputError
from school_log.outward import retention
from storage.tables import R, RecordRow
from storage.vault import Vault
from storage.verify import verify
from tests.factory import Fixture, make_school

JAMIE, ELLA = "R100000000001", "F100000000002"  # Jamie born 2017-04-02: due 2042-04-02
WORDS = "Bruise on the left arm, very distinctive wording"


@pytest.fixture
def school(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Fixture:
    """Jamie's file is due for review today; Ella's not until 2044."""
    fixture = make_school(tmp_path, monkeypatch)
    tom = fixture.open("tom")
    tom.log.record_concern({"pupil": JAMIE, "occurred_at": "2026-11-20T09:00:00Z", "what_happened": WORDS})
    tom.log.record_concern({"pupil": JAMIE, "occurred_at": "2026-11-21T09:00:00Z", "what_happened": "Hungry again"})
    tom.log.record_concern({"pupil": ELLA, "occurred_at": "2026-11-21T09:00:00Z", "what_happened": "Tired"})
    monkeypatch.setenv("SCHOOL_LOG_NOW", "2042-04-02T09:00:00+00:00")
    return fixture


def destroy(fixture: Fixture, upn: str) -> retention.Destroyed:
    """Dana proposes destroying the file, Derek confirms: the two-person rule of a school with two DSLs."""
    assert isinstance(retention.destroy(fixture.open("dana"), upn, "Reviewed at 25 years"), retention.Proposed)
    done = retention.destroy(fixture.open("derek"), upn, "Agreed: no further retention")
    assert isinstance(done, retention.Destroyed)
    return done


def checked(fixture: Fixture, as_user: str | None = None):  # type: ignore[no-untyped-def]
    session = fixture.open(as_user).session if as_user else None
    return verify(Vault(fixture.url), session)


def test_destroyed_file_leaves_only_counts_and_verify_passes(school: Fixture, monkeypatch) -> None:
    """After destruction the pupil is gone from the roster and the log, the database holds none of the
    file's ciphertext, the tombstone keeps the counts, and verify (with and without keys) is green."""
    before = {row.id: row.body for row in _rows(school, ("entry", "roster"))}
    gone = destroy(school, JAMIE)
    assert (gone.entries, gone.records, gone.proposed_by) == (2, 3, "Dana Lead")  # two concerns, one roster record
    dsl = school.open("dana")
    with pytest.raises(InputError):
        dsl.roster.pupil(JAMIE)
    assert [f.pupil.upn for f in retention.due_files(dsl, within_days=10000)] == [ELLA]
    erased = _rows(school, ("erased",))
    assert len(erased) == 3 and all(row.subject == "" and row.author == "" and row.signature == b"" for row in erased)
    assert all(before[row.id] not in row.body for row in erased)  # the sealed file is gone, not just hidden
    stone = [r for r in dsl.session.read(("audit",)) if r.kind == "retention.destroyed"]
    assert [s.data["entries"] for s in stone] == [{"concern": 2}]
    assert checked(school).ok
    report = checked(school, as_user="derek")
    assert report.ok, report.fault
    assert [item.entry.what_happened for item in school.open("derek").review.chronology(ELLA).items] == ["Tired"]


def test_legal_hold_blocks_destruction_and_a_file_not_yet_due(school: Fixture, monkeypatch) -> None:
    """A file on legal hold cannot be destroyed, nor one before its review date; nothing is erased."""
    dsl = school.open("dana")
    retention.set_hold(dsl, JAMIE, True, "IICSA")
    with pytest.raises(InputError, match="legal hold"):
        retention.destroy(dsl, JAMIE, "reviewed")
    with pytest.raises(InputError, match="not due for review until 2044-09-15"):
        retention.destroy(dsl, ELLA, "reviewed")
    assert _rows(school, ("erased",)) == []
    assert dsl.roster.pupil(JAMIE).upn == JAMIE


@pytest.mark.parametrize("attack", ["erase-more", "no-tombstone", "alter-tombstone"])
def test_erasure_not_covered_by_a_tombstone_is_a_fault(school: Fixture, monkeypatch, attack: str) -> None:
    """Someone with the database file empties a record the DSL did not destroy, points an erased row at no
    tombstone, or edits the tombstone's commitment: verify names the record."""
    destroy(school, JAMIE)
    dsl = school.open("dana")
    ella = dsl.roster.pupil(ELLA)
    engine = Vault(school.url).engine
    with engine.begin() as conn:
        if attack == "erase-more":
            first = conn.execute(select(R.body).where(R.cls == "erased")).scalar()
            conn.execute(
                update(RecordRow).where(R.subject == ella.id, R.cls == "entry").values(cls="erased", body=first)
            )
        elif attack == "no-tombstone":
            conn.execute(update(RecordRow).where(R.cls == "erased").values(body=b'{"seq":1,"tombstone":"x"}'))
        else:
            conn.execute(update(RecordRow).where(R.subject.like("erased/%")).values(subject="erased/2/00"))
    report = checked(school)
    assert not report.ok and "erased" in report.fault.problem


def _rows(fixture: Fixture, classes: tuple[str, ...]):  # type: ignore[no-untyped-def]
    with Vault(fixture.url).connect() as conn:
        return conn.execute(select(RecordRow).where(R.cls.in_(classes))).all()
