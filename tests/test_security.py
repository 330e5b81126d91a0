"""Attacks on the vault's promises: each test tries to break one and must fail to.

Nothing readable at rest; need-to-know held by cryptography (not by the API);
refusals write nothing; resets and new DSLs keep the file readable by the team;
a removed DSL cannot read what is written after; concurrent writers share one chain.
"""

from __future__ import annotations

import multiprocessing
import re
from pathlib import Path

import pytest

from school_log.enrol import enrol
from school_log.errors import AuthError
from school_log.school import School
from storage import crypto, keyslots
from storage.crypto import PRODUCTION_KDF
from storage.vault import Vault
from tests.factory import PASSPHRASES, make_school
from tests.stores import raw_bytes

MARKERS = {
    "what_happened": "ZQXMARKER-facts bruise shaped like a hand",
    "child_words": "ZQXMARKER-words daddy did it",
    "opinion": "ZQXMARKER-opinion worried",
    "location": "ZQXMARKER-location playground",
    "action_taken": "ZQXMARKER-action told DSL",
}


def marked_concern(upn: str = "R100000000001", **extra: object) -> dict[str, object]:
    return {
        "pupil": upn,
        "occurred_at": "2026-11-20T09:30:00Z",
        "categories": ["radicalisation", "physical"],
        "informed": ["ZQXMARKER-informed"],
        "body_marks": [
            {
                "view": "front",
                "region": "left-cheek",
                "type": "bruise",
                "explanation": "ZQXMARKER-explanation",
                "explained_by": "child",
            }
        ],
        **MARKERS,
        **extra,
    }


def _files_under(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()]


def test_nothing_readable_at_rest(tmp_path, monkeypatch):
    """Copying the database (and its -wal/-shm) reveals no name, narrative, category or username."""
    fixture = make_school(tmp_path, monkeypatch)
    fixture.open("tom").log.record_concern(marked_concern())
    dsl = fixture.open("dana")
    dsl.log.notify(
        {
            "pupil": "F100000000002",
            "agency": "police",
            "kind": "operation-encompass",
            "summary": "ZQXMARKER-police summary",
        }
    )
    dsl.review.chronology("R100000000001", household=True)
    dsl.review.dashboard()  # also writes the team-sealed dashboard cache
    secrets = [m.split()[0] for m in MARKERS.values()] + [
        "ZQXMARKER",
        "radicalisation",
        "physical",
        "operation-encompass",
        "Jamie",
        "Brook",
        "Elly",
        "R100000000001",
        "H-BROOK",
        "Oakfield",
        "Tom Teach",
        "Dana Lead",
        "tom",
        "dana",
        "what_happened",
        "child_words",
    ]
    for phase in ("open", "closed"):
        files = _files_under(tmp_path)
        assert any(f.name.endswith("-wal") for f in files) or phase == "closed"
        for path in files:
            data = raw_bytes(path)
            for secret in secrets:
                for encoded in (secret.encode(), secret.encode("utf-16-le")):
                    # Whole words only: a short name like "tom" turns up by chance inside the
                    # base64 of a signature, which is not the name being readable.
                    word = re.compile(rb"(?<![A-Za-z0-9+/])" + re.escape(encoded) + rb"(?![A-Za-z0-9+/])")
                    assert not word.search(data), f"{secret!r} readable in {path.name} ({phase})"
        for engine_owner in (dsl,):
            engine_owner.session.vault.engine.dispose()


def test_staff_cannot_read_another_staff_members_entry_even_with_their_own_keys(tmp_path, monkeypatch, store):
    """Tom cannot open Tara's concern through the API, nor with every key he holds and raw table access."""
    fixture = make_school(tmp_path, monkeypatch, store)
    tara_entry = fixture.open("tara").log.record_concern(marked_concern())
    tom = fixture.open("tom")
    assert tara_entry.id not in {e.id for e in tom.log.my_entries()}
    assert tom.session.read(("entry",)) == []
    session = tom.session
    assert not session.is_team and all(session.team_private(e) is None for e in session.registry.epochs)

    (row,) = store.execute("select * from record where id = :id", id=tara_entry.id)
    record = dict(row._mapping)
    header_ad = _header(session, record)
    tara = session.registry.accounts[record["author"]]
    team_public = session.registry.epochs[record["epoch"]]
    candidates = [
        session.roster_key,
        crypto.pair_key(session.keys.exchange, team_public, session.keys.exchange_public, team_public),
        crypto.pair_key(session.keys.exchange, tara.exchange_public, tara.exchange_public, team_public),
        crypto.pair_key(
            session.keys.exchange, tara.exchange_public, session.keys.exchange_public, tara.exchange_public
        ),
    ]
    assert session.pair_key(record["author"], record["author_key"], record["epoch"]) is None
    for key in candidates:
        with pytest.raises(crypto.CryptoError):
            crypto.open_sealed(key, record["wrapped_key"], header_ad)
        with pytest.raises(crypto.CryptoError):
            crypto.open_sealed(key, record["body"], header_ad)

    dsl = fixture.open("derek")
    assert tara_entry.id in {item.entry.id for item in dsl.review.chronology("R100000000001").items}


def _header(session, record) -> bytes:  # type: ignore[no-untyped-def]
    from storage.records import header_bytes

    class Row:
        pass

    row = Row()
    row.__dict__.update(record)
    return header_bytes(session.vault_id, row)


@pytest.mark.parametrize(
    ("username", "passphrase", "message"),
    [
        ("tom", "not the right passphrase", "wrong passphrase"),
        ("nobody", "whatever passphrase", "no account"),
    ],
)
def test_refused_unlock_writes_nothing(tmp_path, monkeypatch, store, username, passphrase, message):
    """A wrong passphrase or unknown user is a clear refusal and leaves the store as it was."""
    fixture = make_school(tmp_path, monkeypatch, store)
    before = store.count()
    with pytest.raises(AuthError, match=message):
        Vault(fixture.url).unlock(username, passphrase)
    assert store.count() == before


def test_deactivated_account_cannot_unlock_or_write(tmp_path, monkeypatch, store):
    """Deactivating an account stops it unlocking, and an already-open session can no longer write."""
    fixture = make_school(tmp_path, monkeypatch, store)
    tom = fixture.open("tom")
    fixture.open("dana").staff.deactivate("tom")
    count = store.count()
    with pytest.raises(AuthError, match="deactivated"):
        fixture.open("tom")
    with pytest.raises(AuthError, match="deactivated"):
        tom.log.record_concern(marked_concern())
    assert store.count() == count


def test_reset_account_unlocks_with_new_passphrase_and_everyone_keeps_reading(tmp_path, monkeypatch, store):
    """After a DSL reset, the old passphrase fails, the one-time code must set a new one, and then both
    Tom and the team read his old entries."""
    fixture = make_school(tmp_path, monkeypatch, store)
    old = fixture.open("tom").log.record_concern(marked_concern())
    code = fixture.open("dana").staff.reset("tom")
    with pytest.raises(AuthError):
        fixture.open("tom")
    tom = School.unlock(fixture.url, "tom", code)
    assert tom.must_set_passphrase
    tom.staff.change_passphrase(code, "a brand new phrase of my own")
    tom = School.unlock(fixture.url, "tom", "a brand new phrase of my own")
    assert old.id in {e.id for e in tom.log.my_entries()}
    assert old.id in {item.entry.id for item in fixture.open("derek").review.chronology("R100000000001").items}


def test_new_dsl_reads_old_entries_and_removed_dsl_cannot_read_new_ones(tmp_path, monkeypatch, store):
    """A DSL added later reads the whole file; a removed DSL's team keys open nothing written after."""
    fixture = make_school(tmp_path, monkeypatch, store)
    old = fixture.open("tom").log.record_concern(marked_concern())
    dana = fixture.open("dana")
    enrol(dana, "nina", "Nina New", "dsl", "new lead on the team")
    nina = Vault(fixture.url).unlock("nina", "new lead on the team")
    assert old.id in {r.id for r in nina.read(("entry",))}

    derek = fixture.open("derek").session  # keeps the team keys it held before removal
    dana.staff.deactivate("derek")
    new = fixture.open("tom").log.record_concern(marked_concern())
    ((author, version, epoch),) = store.execute(
        "select author, author_key, epoch from record where id = :id", id=new.id
    )
    assert epoch == 2
    assert derek.pair_key(author, version, epoch) is None
    assert new.id in {r.id for r in nina.read(("entry",))}


def test_production_kdf_is_strong():
    """Outside the test configuration, passphrases are stretched with Argon2id at ≥ 64 MiB and ≥ 3 passes."""
    assert PRODUCTION_KDF.memory_kib >= 64 * 1024 and PRODUCTION_KDF.iterations >= 3
    assert keyslots.DEFAULT_KDF is not PRODUCTION_KDF  # tests/conftest.py swapped in the cheap profile


def _append_many(url: str, username: str, passphrase: str, count: int) -> None:
    from school_log.school import School

    school = School.unlock(url, username, passphrase)
    for n in range(count):
        school.log.record_concern(
            {"pupil": "V100000000003", "what_happened": f"concurrent note {n}", "occurred_at": "2026-11-20T09:00:00Z"}
        )


def test_concurrent_writers_all_land_in_one_unbroken_chain(tmp_path, monkeypatch, store):
    """Several people recording at the same moment (separate processes) all land, and the chain verifies."""
    fixture = make_school(tmp_path, monkeypatch, store)
    before = store.count()
    context = multiprocessing.get_context("fork")
    workers = [
        context.Process(target=_append_many, args=(fixture.url, user, PASSPHRASES[user], 8))
        for user in ("tom", "tara", "sam")
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
        assert worker.exitcode == 0
    assert store.count() == before + 24
    report = fixture.open("dana").verify()
    assert report.ok, report.fault
