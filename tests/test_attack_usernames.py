"""Issue 20, finding 13: a copy of the store does not list who works at the school.

An attacker holds the SQLite file (read with sqlite3 alone) and a list of first names that
includes the real usernames. Before, each key slot was named by a fast salted hash with
its salt (the vault id) beside it, and every account record carried the same hash: the
whole staff list fell out in seconds. Now no fast hash of any name is anywhere in the
file, and the key slot's name is the username stretched by Argon2id at the production
cost, so each name tried costs as much as a passphrase guess.
"""

from __future__ import annotations

import base64
import hashlib
import json
import sqlite3
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import insert
from sqlmodel import SQLModel

from storage import keyslots, labels
from storage.accounts import answer_codes, change_passphrase, create_vault
from storage.crypto import PRODUCTION_KDF, KdfParams, derive_kek, digest
from storage.errors import AuthError, InputError, IntegrityError
from storage.vault import Vault
from storage.verify import verify
from tests.conftest import CHEAP_KDF
from tests.factory import PASSPHRASES, Fixture, make_school
from tests.stores import Store

CANDIDATES = ("ali", "amy", "ben", "dana", "derek", "jo", "nina", "sam", "tara", "tom", "zoe")
FIXTURE = Path(__file__).parent / "fixtures" / "fast_tags_0003.sqlite"
#: The fixture: made by school-log 3b0d768 (before tags were stretched; schema 0003) with tests/factory's
#: passphrases and the cheap test KDF: Dana and Derek (DSLs), Tom (one wrong passphrase tried on him) and Sam
#: (deactivated) set their own passphrases; Ali was added and has not used his one-time code yet; six pupils and
#: one concern by Tom. Everything in it is sealed, as in any store.
ALI_CODE = "CV2W-TNZR-NEXP-13GR-C8HQ"


def _cells(path: Path) -> list[tuple[str, Any]]:
    """Every value of every table in the file, as someone with a copy and sqlite3 reads it."""
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        tables = [name for (name,) in conn.execute("select name from sqlite_master where type = 'table'")]
        return [(table, cell) for table in tables for row in conn.execute(f'select * from "{table}"') for cell in row]


def _vault_id(path: Path) -> str:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        return str(conn.execute("select id from vault").fetchone()[0])


def _fast_hashes(vault_id: str, name: str) -> set[bytes]:
    """What a quick offline test of one name could look for: the old tag and plain hashes, raw, hex and base64."""
    raw = {
        digest(labels.USER, vault_id.encode(), name.encode()),
        hashlib.sha256(name.encode()).digest(),
        hashlib.sha256(vault_id.encode() + name.encode()).digest(),
    }
    return raw | {h.hex().encode() for h in raw} | {base64.b64encode(h) for h in raw}


def _tag_cost(path: Path) -> KdfParams:
    """The tag cost the vault's own (public, signed) vault record states: all the attacker needs to know."""
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        bodies = [json.loads(body) for (body,) in conn.execute("select body from record where cls = 'vault'")]
    return KdfParams(**[body["user_tags"] for body in bodies if "user_tags" in body][-1])


def _guess(path: Path, name: str, cost: KdfParams) -> str:
    return derive_kek(name, digest(labels.USER_TAG, _vault_id(path).encode())[:16], cost).hex()


def _slot_tags(path: Path) -> set[str]:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        return {tag for (tag,) in conn.execute("select user_tag from keyslot")}


def _no_fast_hash_anywhere(path: Path) -> None:
    vault_id = _vault_id(path)
    hashes = {h: name for name in CANDIDATES for h in _fast_hashes(vault_id, name)}
    for table, cell in _cells(path):
        data = cell.encode() if isinstance(cell, str) else cell if isinstance(cell, bytes) else b""
        found = [name for h, name in hashes.items() if h in data]
        assert not found, f"a fast hash of {found} is in the {table} table"


def test_a_copy_of_the_store_gives_no_username_to_a_fast_guess(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A school with accounts added, reset and deactivated: no table holds any fast hash of any name in the
    list, and the key slots are named only by the stretched tag (the names are found by paying for it)."""
    school = make_school(tmp_path, monkeypatch)
    dana = school.open("dana")
    dana.staff.reset("tara")
    dana.staff.deactivate("sam")
    dana.staff.add("ali", "Ali Assistant", "staff")
    dana.lock()
    assert school.path is not None
    _no_fast_hash_anywhere(school.path)
    cost = _tag_cost(school.path)
    found = {name for name in CANDIDATES if _guess(school.path, name, cost) in _slot_tags(school.path)}
    assert found == {"dana", "derek", "tom", "tara", "ali"}  # sam's slot went with him


def test_each_name_guessed_costs_the_production_kdf(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """At production settings the cost the file states is at least the production Argon2id (64 MiB x 3), and
    nothing cheaper reproduces a slot's name: each name tried costs an attacker a passphrase guess."""
    monkeypatch.setattr(keyslots, "DEFAULT_KDF", PRODUCTION_KDF)
    monkeypatch.setattr(keyslots, "MINIMUM_KDF", PRODUCTION_KDF)
    path = tmp_path / "school.db"
    create_vault(f"sqlite:///{path}", "Oakfield Primary", "dana", "Dana Lead", PASSPHRASES["dana"])
    cost = _tag_cost(path)
    assert cost.memory_kib >= PRODUCTION_KDF.memory_kib and cost.iterations >= PRODUCTION_KDF.iterations
    assert _slot_tags(path) == {_guess(path, "dana", cost)}
    assert _guess(path, "dana", CHEAP_KDF) not in _slot_tags(path)
    _no_fast_hash_anywhere(path)


def test_a_vault_naming_slots_below_the_minimum_cost_is_refused(school_fixture: Fixture) -> None:
    """The production minimum holds for the tags as for key slots: a vault whose stated tag cost is below it
    (made with a test profile, or so written) is refused at unlock with one line, not used."""
    stronger = replace(CHEAP_KDF, memory_kib=CHEAP_KDF.memory_kib * 2, iterations=CHEAP_KDF.iterations + 1)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(keyslots, "MINIMUM_KDF", stronger)
        with pytest.raises(IntegrityError, match="usernames are stretched with 1024 KiB x 1, below the minimum"):
            school_fixture.open("tom")
    assert school_fixture.open("tom").me.username == "tom"


@pytest.fixture
def school_fixture(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Fixture:
    return make_school(tmp_path, monkeypatch)


def test_a_name_set_free_by_deactivation_can_be_given_again(school_fixture: Fixture) -> None:
    """'Username already in use' is decided by the DSL from the sealed profiles: an active name is refused, a
    deactivated one may be given to a new person, who unlocks with their code."""
    dana = school_fixture.open("dana")
    with pytest.raises(InputError, match="account 'tom' already exists"):
        dana.staff.add("tom", "Tom Again", "staff")
    dana.staff.deactivate("sam")
    code = dana.staff.add("sam", "Sam Second", "staff")
    assert Vault(school_fixture.url).unlock("sam", code).must_set_passphrase


def _rows(conn: sqlite3.Connection, table: str) -> list[dict[str, Any]]:
    cursor = conn.execute(f'select * from "{table}"')
    columns = [column[0] for column in cursor.description]
    return [dict(zip(columns, row, strict=True)) for row in cursor]


def _legacy_store(store: Store) -> None:
    """The fixture's rows in `store` at schema 0003, as school-log 3b0d768 left them (SQLite: a backup of the
    file; PostgreSQL: the same rows, copied table by table)."""
    with sqlite3.connect(f"file:{FIXTURE}?mode=ro", uri=True) as source:
        if store.path is not None:
            with sqlite3.connect(store.path) as target:
                source.backup(target)
            return
        tables = {name: _rows(source, name) for name in ("vault", "record", "head", "keyslot")}
    vault = Vault(store.url)
    vault.create_tables()
    with vault.engine.begin() as conn:
        for name, rows in tables.items():
            conn.execute(insert(SQLModel.metadata.tables[name]), rows)
    store.execute("update alembic_version set version_num = '0003'")


def test_a_store_with_fast_tags_upgrades_and_every_unlock_path_still_works(store: Store) -> None:
    """A store written before: after 'school-log upgrade' its people unlock as before; the first DSL unlock
    renames every key slot by the stretched tag (one signed vault record), after which no fast hash is left in
    the key slots, the failed-unlock count survives, a one-time code still sets a passphrase and is confirmed,
    a deactivated account stays refused, and the chain verifies."""
    _legacy_store(store)
    with pytest.raises(InputError, match="run 'school-log upgrade'"):
        Vault(store.url).unlock("tom", PASSPHRASES["tom"])
    Vault(store.url).upgrade()
    before = {tag for (tag,) in store.execute("select user_tag from keyslot")}
    assert Vault(store.url).unlock("tom", PASSPHRASES["tom"]).failed_unlocks == 1  # found by the fast tag
    with pytest.raises(AuthError, match="wrong passphrase"):
        Vault(store.url).unlock("tom", "not tom's passphrase at all")

    derek = Vault(store.url).unlock("derek", PASSPHRASES["derek"])
    assert derek.registry.user_tags == keyslots.DEFAULT_KDF
    after = {tag for (tag,) in store.execute("select user_tag from keyslot")}
    assert len(after) == len(before) == 4 and not after & before
    vault_id = Vault(store.url).id
    assert not after & {digest(labels.USER, vault_id.encode(), n.encode()).hex() for n in CANDIDATES}

    assert Vault(store.url).unlock("tom", PASSPHRASES["tom"]).failed_unlocks == 1  # the count went with the slot
    ali = Vault(store.url).unlock("ali", ALI_CODE)
    assert ali.must_set_passphrase
    change_passphrase(ali, ALI_CODE, "keeps the reading room open until late")
    ali = Vault(store.url).unlock("ali", "keeps the reading room open until late")
    assert [window.state for window in answer_codes(ali, "confirm")] == ["confirmed"]
    with pytest.raises(AuthError, match="deactivated"):
        Vault(store.url).unlock("sam", PASSPHRASES["sam"])
    assert Vault(store.url).unlock("dana", PASSPHRASES["dana"]).registry.user_tags == keyslots.DEFAULT_KDF
    assert verify(Vault(store.url)).ok
