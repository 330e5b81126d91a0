"""A DSL's unlock trusts the roster's signatures the team already checked, and nothing else (both stores)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from storage import checked_signatures, crypto
from storage.records import Stored, canonical, header_bytes
from storage.vault import Vault
from tests.factory import Fixture, make_school

_COLUMNS = "seq, id, cls, subject, author, author_key, epoch, created_at, prev_hash, body, wrapped_key, signature"


@pytest.fixture
def school(tmp_path, monkeypatch, store) -> Fixture:  # type: ignore[no-untyped-def]
    return make_school(tmp_path, monkeypatch, store)


def _roster_rows(school: Fixture) -> list[Stored]:
    rows = school.store.execute(f"select {_COLUMNS} from record where cls = 'roster' order by seq")
    return [Stored._make(bytes(v) if isinstance(v, memoryview) else v for v in row) for row in rows]


def _signatures_checked(monkeypatch: pytest.MonkeyPatch) -> list[bytes]:
    """Every signature checked from now on (the public keys they were checked against)."""
    checked: list[bytes] = []
    real = crypto.verify_signature

    def counting(public: bytes, signature: bytes, message: bytes) -> bool:
        checked.append(public)
        return real(public, signature, message)

    monkeypatch.setattr(crypto, "verify_signature", counting)
    return checked


def test_a_dsl_checks_the_rosters_signatures_once_then_trusts_the_teams_set(school, monkeypatch):
    """After one DSL's unlock has checked every roster record's signature, the next DSL's unlock reads the same
    roster without checking them again; a member of staff, holding no team key, checks every one each time."""
    expected = school.open("dana").roster.by_id()
    derek = school.open("derek")
    checked = _signatures_checked(monkeypatch)
    assert derek.roster.by_id() == expected and checked == []
    tom = school.open("tom")
    del checked[:]
    assert tom.roster.by_id() == expected and len(checked) == len(_roster_rows(school))


def test_a_roster_record_altered_after_it_was_checked_is_checked_again_and_refused(school, monkeypatch):
    """The attack: a member of staff, who holds the roster key, re-seals a checked roster record with another
    date of birth under the DSL's signature. Its digest is not in the team's set, so its signature is checked,
    fails, and the pupil is set aside, never shown with the forged date."""
    school.open("dana").roster.by_id()  # the set now holds every roster record
    tom = school.open("tom")
    row = _roster_rows(school)[-1]
    header = header_bytes(Vault(school.url).id, row)
    key = tom.session.roster_key_for(row.epoch)
    payload: dict[str, Any] = json.loads(
        crypto.open_sealed(crypto.open_sealed(key, row.wrapped_key, header), row.body, header)
    )
    payload["data"]["date_of_birth"] = "2010-01-01"
    content = crypto.random_key()
    school.store.execute(
        "update record set body = :body, wrapped_key = :wrapped where seq = :seq",
        body=crypto.seal(content, canonical(payload), header),
        wrapped=crypto.seal(key, content, header),
        seq=row.seq,
    )
    checked = _signatures_checked(monkeypatch)
    dana = school.open("dana")
    pupils = dana.roster.by_id()
    assert row.subject not in pupils and len(checked) >= 1
    assert [s.id for s in dana.set_aside] == [row.id] and "signature does not match" in dana.set_aside[0].problem


def test_the_set_cannot_be_written_without_the_team_key(school, monkeypatch):
    """The set is sealed under the team key: one altered in the store (or written by someone without the key)
    does not open, and every signature is checked as if there were none."""
    school.open("dana").roster.by_id()
    sealed = school.store.execute("select sealed from cache where name = :name", name=checked_signatures.NAME)[0][0]
    forged = bytearray(sealed)
    forged[-1] ^= 1
    school.store.execute(
        "update cache set sealed = :s where name = :name", s=bytes(forged), name=checked_signatures.NAME
    )
    checked = _signatures_checked(monkeypatch)
    assert school.open("derek").roster.by_id() and len(checked) >= len(_roster_rows(school))
