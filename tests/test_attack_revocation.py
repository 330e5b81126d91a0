"""Revocation is real: keys held before a reset, a deactivation or a new passphrase open nothing written after.

Each test is the attack from the security review (issue 13, finding 2): someone keeps
a copy of the store, with their key slot and passphrase, from before they lost
access, and reads a later copy of the store with what that copy gives them.
"""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from school_log.enrol import enrol
from school_log.errors import AuthError, InputError
from school_log.roster_files.rows import RosterRow
from school_log.school import School
from storage import crypto, labels
from storage.keyslots import open_keys
from storage.records import Stored, header_bytes
from storage.tables import READ_COLUMNS, KeyslotRow, R
from storage.vault import Vault
from tests.factory import PASSPHRASES, Fixture, make_school

ZARA = RosterRow("A123456789012", "Zara", "Quill", date(2018, 5, 6), "3", "H-QUILL")


@pytest.fixture
def school(tmp_path, monkeypatch) -> Fixture:  # type: ignore[no-untyped-def]
    return make_school(tmp_path, monkeypatch)


def _copied_keys(fixture: Fixture, username: str) -> tuple[str, int, crypto.KeyPair]:
    """What a copy of the store and the passphrase give someone: their account, key version and keys."""
    account_id = fixture.open(username).session.account_id
    with Vault(fixture.url).connect() as conn:
        slot = conn.execute(select(KeyslotRow).where(KeyslotRow.account == account_id)).one()
    return account_id, slot.key_version, open_keys(slot.sealed, PASSPHRASES[username], account_id, slot.key_version)


def _roster_keys_opened_by(fixture: Fixture, account_id: str, version: int, keys: crypto.KeyPair) -> dict[int, bytes]:
    """Every roster key those keys unwrap from any grant in the store as it is now."""
    vault = Vault(fixture.url)
    with vault.connect() as conn:
        registry = vault.load_registry(conn)
    opened = {}
    for grant in registry.grants.get((account_id, version), []):
        for epoch, stanza in grant.rosters.items():
            opened[epoch] = crypto.unwrap(keys.exchange, stanza, labels.roster_grant(epoch, account_id, version))
    return opened


def _newest(fixture: Fixture, cls: str) -> Stored:
    with Vault(fixture.url).connect() as conn:
        row = conn.execute(select(*READ_COLUMNS).where(R.cls == cls).order_by(R.seq.desc()).limit(1)).one()
    return Stored._make(row)


def _opens(key: bytes, row: Stored, vault_id: str) -> bool:
    try:
        crypto.open_sealed(key, row.wrapped_key, header_bytes(vault_id, row))
    except crypto.CryptoError:
        return False
    return True


def _slots(fixture: Fixture, account_id: str) -> int:
    with Vault(fixture.url).connect() as conn:
        return len(conn.execute(select(KeyslotRow.user_tag).where(KeyslotRow.account == account_id)).all())


@pytest.mark.parametrize("how", ["deactivate", "reset"])
def test_copied_keys_read_no_pupil_added_after_revocation(school: Fixture, how: str) -> None:
    """After a deactivation or a reset, the account's old key slot is gone from the store, and keys copied
    before open neither the pupils imported nor the staff added since (a new roster key epoch)."""
    account_id, version, old_keys = _copied_keys(school, "tom")
    dana = school.open("dana")
    dana.staff.deactivate("tom") if how == "deactivate" else dana.staff.reset("tom")
    if how == "deactivate":
        assert _slots(school, account_id) == 0
    dana.roster.import_rows([ZARA])
    enrol(dana, "nina", "Nina New", "staff", "new member of the office team")

    held = _roster_keys_opened_by(school, account_id, version, old_keys)
    assert set(held) == {1}  # only what they could read already
    zara = _newest(school, "roster")
    assert zara.epoch == 2
    vault_id = Vault(school.url).id
    assert not any(_opens(key, zara, vault_id) for key in held.values())
    nina = dana.session.registry.accounts[next(a.id for a in dana.staff.members() if a.username == "nina")]
    assert nina.profile_epoch == 2
    with pytest.raises(crypto.CryptoError):
        crypto.open_sealed(held[1], nina.profile, nina.id.encode())
    # and everyone still there reads them
    assert school.open("tara").roster.pupil("A123456789012").given_name == "Zara"


def test_a_reset_dsls_old_keys_open_no_entry_written_after(school: Fixture) -> None:
    """Resetting a DSL starts a new team key epoch: the team keys of their old session, or of a copied key
    slot with the old passphrase, open no entry recorded after the reset."""
    derek_before = school.open("derek").session  # keeps every team key it held
    school.open("dana").staff.reset("derek")
    concern = school.open("tom").log.record_concern(
        {"pupil": "R100000000001", "what_happened": "after the reset", "occurred_at": "2026-11-20T09:00:00Z"}
    )
    row = _newest(school, "entry")
    assert row.id == concern.id
    assert row.epoch == 2
    assert derek_before.pair_key(row.author, row.author_key, row.epoch) is None


def test_a_new_passphrase_means_new_keys(school: Fixture) -> None:
    """Changing a passphrase makes new keys: the old key slot (from a copy of the store) with the old passphrase
    opens none of the entries written with the new keys, while the owner still reads their old ones."""
    account_id, old_version, old_keys = _copied_keys(school, "tom")
    tom = school.open("tom")
    before = tom.log.record_concern(
        {"pupil": "R100000000001", "what_happened": "before the change", "occurred_at": "2026-11-20T09:00:00Z"}
    )
    tom.staff.change_passphrase(PASSPHRASES["tom"], "a wholly different phrase of mine")
    after = tom.log.record_concern(
        {"pupil": "R100000000001", "what_happened": "after the change", "occurred_at": "2026-11-20T10:00:00Z"}
    )
    registry = tom.session.registry
    new_version = old_version + 1
    assert registry.accounts[account_id].key_version == new_version
    row = _newest(school, "entry")
    assert row.id == after.id and row.author_key == new_version
    team_public = registry.epochs[row.epoch]
    author_public = registry.accounts[account_id].keys[new_version][0]
    guessed = crypto.pair_key(old_keys.exchange, team_public, author_public, team_public)
    assert not _opens(guessed, row, Vault(school.url).id)
    assert {before.id, after.id} <= {e.id for e in tom.log.my_entries()}


def test_an_old_passphrase_opens_nothing_after_it_was_changed(school: Fixture) -> None:
    """The key slot sealed under the old passphrase is gone from the store, not kept beside the new one."""
    account_id = school.open("tom").session.account_id
    school.open("tom").staff.change_passphrase(PASSPHRASES["tom"], "a wholly different phrase of mine")
    with Vault(school.url).connect() as conn:
        slots = conn.execute(select(KeyslotRow).where(KeyslotRow.account == account_id)).all()
    assert len(slots) == 1
    with pytest.raises(crypto.CryptoError):
        open_keys(slots[0].sealed, PASSPHRASES["tom"], account_id, slots[0].key_version)


def test_people_still_at_work_carry_on_through_a_new_roster_epoch(school: Fixture) -> None:
    """Deactivating one account moves everyone else to a new roster key while they are unlocked: an open
    session picks up the new key at its next read and sees a pupil added after, and goes on recording."""
    tara = school.open("tara")
    tara.roster.pupils()
    dana = school.open("dana")
    dana.staff.deactivate("sam")
    dana.roster.import_rows([ZARA])
    assert tara.roster.pupil("A123456789012").given_name == "Zara"
    assert tara.log.record_concern(
        {"pupil": "A123456789012", "what_happened": "note", "occurred_at": "2026-11-20T09:00Z"}
    )


def test_a_session_left_open_through_its_own_reset_is_refused_cleanly(school: Fixture) -> None:
    """Tom's app was left open when a DSL reset his account: his next record is one clear refusal."""
    tom = school.open("tom")
    school.open("dana").staff.reset("tom")
    with pytest.raises(AuthError, match="keys were reset"):
        tom.log.record_concern({"pupil": "R100000000001", "what_happened": "note", "occurred_at": "2026-11-20T09:00Z"})


def test_two_dsls_changing_accounts_at_once_never_leave_anyone_without_the_new_key(
    school: Fixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Derek adds Nina while Dana, working from what she read a moment before, deactivates Sam: Dana's change is
    refused under the write lock (nothing written) rather than leave Nina without the new roster key; done
    again, it includes her."""
    dana, derek = school.open("dana"), school.open("derek")
    monkeypatch.setattr(dana.session, "catch_up", lambda: None)  # as if Derek's add landed just after her look
    enrol(derek, "nina", "Nina New", "staff", "new member of the office team")
    with pytest.raises(InputError, match="another DSL changed the accounts"):
        dana.staff.deactivate("sam")
    monkeypatch.delattr(dana.session, "catch_up")  # she looks again
    dana.staff.deactivate("sam")
    nina = School.unlock(school.url, "nina", "new member of the office team")
    assert nina.session.registry.roster_epoch == 2 and nina.roster.pupils()
