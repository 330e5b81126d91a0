"""`verify` against someone with write access to the database file.

Each test alters the store the way an attacker (or a failing disk) would and
checks that `verify` fails, names the record, and that an untouched vault passes.
"""

from __future__ import annotations

import io
import json
import uuid
from pathlib import Path
from types import SimpleNamespace

import pytest

from school_log.cli.main import main
from storage import crypto
from storage.anchor import SLOT, AnchorFile
from storage.errors import IntegrityError
from storage.records import Stored, canonical, chain_hash, header_bytes, kind_of, signed_message
from storage.vault import Vault
from storage.verify import verify
from tests.factory import PASSPHRASES, make_school


@pytest.fixture
def school(tmp_path, monkeypatch, store):
    fixture = make_school(tmp_path, monkeypatch, store)
    for user, upn in (("tom", "R100000000001"), ("tara", "F100000000002"), ("sam", "R100000000001")):
        fixture.open(user).log.record_concern(
            {"pupil": upn, "what_happened": f"seen by {user}", "occurred_at": "2026-11-20T09:00:00Z"}
        )
    return fixture


def _entries(store) -> list[int]:  # type: ignore[no-untyped-def]
    return [seq for (seq,) in store.execute("select seq from record where cls = 'entry' order by seq")]


def _edit(store, sql: str, **params: object) -> None:  # type: ignore[no-untyped-def]
    store.execute(sql, **params)


def _flip(store, column: str, seq: int) -> None:  # type: ignore[no-untyped-def]
    value = bytearray(store.execute(f"select {column} from record where seq = :seq", seq=seq)[0][0])
    value[len(value) // 2] ^= 0x01
    store.execute(f"update record set {column} = :value where seq = :seq", value=bytes(value), seq=seq)


def _fault(fixture):  # type: ignore[no-untyped-def]
    report = verify(Vault(fixture.url))
    assert not report.ok
    return report.fault


def test_untouched_vault_passes(school):
    """An honest vault verifies, and a DSL opens every seal while doing it."""
    report = school.open("dana").verify()
    assert report.ok and report.opened >= 3


@pytest.mark.parametrize("column", ["body", "wrapped_key", "signature"])
def test_flipped_byte_in_a_sealed_part_is_named(school, column):
    """One changed byte in a ciphertext, wrapped key or signature is caught at that record."""
    seq = _entries(school.store)[1]
    _flip(school.store, column, seq)
    assert _fault(school).seq == seq


@pytest.mark.parametrize(
    ("column", "value"), [("created_at", "2020-01-01T00:00:00+00:00"), ("subject", "another-pupil"), ("author_key", 9)]
)
def test_altered_header_field_is_named(school, column, value):
    """Changing a clear-text header field (time, pupil, key) breaks that record's signature."""
    seq = _entries(school.store)[0]
    _edit(school.store, f"update record set {column} = :value where seq = :seq", value=value, seq=seq)
    assert _fault(school).seq == seq


def test_deleted_record_is_named(school):
    """Removing a record leaves a gap that verify reports."""
    seq = _entries(school.store)[1]
    _edit(school.store, "delete from record where seq = :seq", seq=seq)
    fault = _fault(school)
    assert fault.seq == seq + 1 and f"record {seq} is missing" in fault.problem


def test_moved_record_is_caught(school):
    """Swapping two records' positions is caught at the first of them."""
    first, second = _entries(school.store)[:2]
    _edit(school.store, "update record set seq = -1 where seq = :seq", seq=first)
    _edit(school.store, "update record set seq = :new where seq = :seq", new=first, seq=second)
    _edit(school.store, "update record set seq = :new where seq = -1", new=second)
    assert _fault(school).seq == first


def test_ciphertext_swapped_between_records_is_caught(school):
    """Exchanging two records' ciphertexts (and keys) is caught: the signature binds them to their header."""
    first, second = _entries(school.store)[:2]
    (a,) = school.store.execute("select body, wrapped_key from record where seq = :seq", seq=first)
    (b,) = school.store.execute("select body, wrapped_key from record where seq = :seq", seq=second)
    swap = "update record set body = :body, wrapped_key = :wrapped where seq = :seq"
    school.store.execute(swap, body=b[0], wrapped=b[1], seq=first)
    school.store.execute(swap, body=a[0], wrapped=a[1], seq=second)
    assert _fault(school).seq == first


def test_inserted_record_signed_by_a_stranger_is_named(school):
    """A well-formed record appended and chained by a key that is no account's is refused by name."""
    vault = Vault(school.url)
    stranger = crypto.KeyPair.generate()
    ((seq, prev),) = school.store.execute("select seq, hash from head")
    header = Stored(
        seq + 1,
        str(uuid.uuid4()),
        "entry",
        "some-pupil",
        str(uuid.uuid4()),
        1,
        1,
        "2026-11-23T09:00:00+00:00",
        prev,
    )
    ad = header_bytes(vault.id, header)
    body, wrapped = crypto.seal(crypto.random_key(), b"forged", ad), b"x" * 60
    signature = crypto.sign(stranger.signing, signed_message(ad, body, wrapped))
    digest = chain_hash(prev, ad, body, wrapped, signature)
    school.store.execute(
        "insert into record values (:seq, :id, 'entry', 'some-pupil', :author, 1, 1, :created_at,"
        " :prev, :body, :wrapped, :signature, :digest)",
        seq=seq + 1,
        id=header.id,
        author=header.author,
        created_at=header.created_at,
        prev=prev,
        body=body,
        wrapped=wrapped,
        signature=signature,
        digest=digest,
    )
    school.store.execute("update head set seq = :seq, hash = :hash", seq=seq + 1, hash=digest)
    fault = _fault(school)
    assert fault.seq == seq + 1 and "not an account" in fault.problem


def test_cut_off_tail_is_caught_by_this_machines_anchor(school):
    """Deleting the newest records (and rewinding the head) is noticed: this machine saw further."""
    last = _entries(school.store)[-1]
    ((prev_seq, prev_hash),) = school.store.execute("select seq, hash from record where seq = :seq", seq=last - 1)
    school.store.execute("delete from record where seq = :seq", seq=last)
    school.store.execute("update head set seq = :seq, hash = :hash", seq=prev_seq, hash=prev_hash)
    assert "cut off" in _fault(school).problem


def _cut_off(store, records: int) -> None:  # type: ignore[no-untyped-def]
    """Delete the newest `records` records and rewind the head to the one before them."""
    ((last,),) = store.execute("select max(seq) from record")
    ((keep_seq, keep_hash),) = store.execute("select seq, hash from record where seq = :seq", seq=last - records)
    store.execute("delete from record where seq > :seq", seq=keep_seq)
    store.execute("update head set seq = :seq, hash = :hash", seq=keep_seq, hash=keep_hash)


def _anchor_file(fixture) -> Path:  # type: ignore[no-untyped-def]
    return AnchorFile(Vault(fixture.url).id, Vault(fixture.url).location).path


def test_torn_anchor_write_still_catches_a_cut_off_tail(school):
    """A crash mid-write garbles only the newest anchor slot: the one before it still catches records cut off."""
    path = _anchor_file(school)
    raw = bytearray(path.read_bytes())
    newest = max((0, 1), key=lambda slot: int(raw[slot * SLOT : (slot + 1) * SLOT].split()[0]))
    raw[newest * SLOT + 5 : newest * SLOT + 40] = b"\x00" * 35  # a torn sector
    path.write_bytes(bytes(raw))
    _cut_off(school.store, 2)
    assert "cut off" in _fault(school).problem


def test_garbage_anchor_file_is_no_crash_and_is_rewritten(school):
    """An unreadable anchor file is treated as none; verify passes and writes a good one again."""
    path = _anchor_file(school)
    path.write_bytes(b"\xff" * 300)
    assert verify(Vault(school.url)).ok
    _cut_off(school.store, 1)
    assert "cut off" in _fault(school).problem


def test_unwritable_anchor_says_the_record_was_saved(school, tmp_path, monkeypatch):
    """If this machine's state dir is unusable, the person is told the record is saved and the anchor is not."""
    blocked = tmp_path / "state-is-a-file"
    blocked.write_text("")
    monkeypatch.setenv("XDG_STATE_HOME", str(blocked))
    before = len(_entries(school.store))
    with pytest.raises(IntegrityError, match="saved, but this machine's anchor"):
        school.open("tom").log.record_concern({"pupil": "R100000000001", "what_happened": "still saved"})
    assert len(_entries(school.store)) == before + 1


def test_store_rigged_to_refuse_writes_is_one_clear_line_and_nothing_partial(school, monkeypatch, capsys):
    """A store whose record table refuses inserts gives one line naming the store, and no half-written chain."""
    _refuse_inserts(school.store)
    before = _entries(school.store)
    with pytest.raises(IntegrityError, match="refused by trigger"):
        school.open("tom").log.record_concern({"pupil": "R100000000001", "what_happened": "rigged"})
    monkeypatch.setenv("SCHOOL_LOG_DB", school.url)
    monkeypatch.setenv("SCHOOL_LOG_USER", "tom")
    monkeypatch.setenv("SCHOOL_LOG_PASSPHRASE", PASSPHRASES["tom"])
    monkeypatch.setattr("sys.stdin", io.StringIO('{"pupil": "R100000000001", "what_happened": "rigged"}'))
    assert main(["record", "--input", "-"]) == 1
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "refused by trigger" in err and "Traceback" not in err
    _allow_inserts(school.store)
    assert _entries(school.store) == before and verify(Vault(school.url)).ok


def test_verify_cli_exit_codes(school, monkeypatch, capsys):
    """`school-log verify` exits 0 on an intact vault and 1 naming the record on a damaged one."""
    monkeypatch.setenv("SCHOOL_LOG_DB", school.url)
    assert main(["verify"]) == 0
    seq = _entries(school.store)[0]
    _flip(school.store, "body", seq)
    assert main(["verify"]) == 1
    assert f"record {seq}" in capsys.readouterr().err


def test_garbage_database_is_one_clear_line(tmp_path, monkeypatch, capsys):
    """A file that is not a vault at all gives one clear line, not a traceback."""
    path = tmp_path / "junk.db"
    path.write_bytes(b"this is not a database" * 100)
    monkeypatch.setenv("SCHOOL_LOG_DB", f"sqlite:///{path}")
    code = main(["verify"])
    err = capsys.readouterr().err
    assert code in (1, 2) and len(err.strip().splitlines()) == 1 and "Traceback" not in err


@pytest.mark.parametrize("pool", ["worker processes", "no pool on this machine"])
def test_forged_signature_with_the_chain_rehashed_is_named_exactly(school, monkeypatch, pool):
    """Someone who swaps in their own signature and recomputes every hash after it leaves each
    later record's signature broken too. Signatures are checked in batches on other cores while
    the chain is walked (or all here, where no pool can start); the earliest is still named."""
    from storage import signatures

    monkeypatch.setattr(signatures, "BATCH", 1)
    if pool == "no pool on this machine":
        monkeypatch.setattr(signatures, "ProcessPoolExecutor", _no_processes)
    second = _entries(school.store)[1]
    _flip(school.store, "signature", second)
    _rehash_from(school, second)
    assert (
        _fault(school).seq == second
        and _fault(school).problem == "its signature does not match (header, ciphertext or signature altered)"
    )


def _rehash_from(fixture, seq: int) -> None:  # type: ignore[no-untyped-def]
    """Recompute every link and stored hash from `seq` to the head, as an attacker with the file can."""
    vault_id = Vault(fixture.url).id
    store = fixture.store
    ((prev,),) = store.execute("select hash from record where seq = :seq", seq=seq - 1)
    for found in store.execute("select * from record where seq >= :seq order by seq", seq=seq):
        row = found._mapping
        linked = {**dict(row), "prev_hash": prev}
        header = header_bytes(vault_id, SimpleNamespace(**linked))
        prev = chain_hash(prev, header, row["body"], row["wrapped_key"], row["signature"])
        store.execute(
            "update record set prev_hash = :prev, hash = :hash where seq = :seq",
            prev=linked["prev_hash"],
            hash=prev,
            seq=row["seq"],
        )
    store.execute("update head set hash = :hash", hash=prev)


def _no_processes(*_args: object, **_kwargs: object) -> None:
    raise OSError("no worker processes here")


def _refuse_inserts(store) -> None:  # type: ignore[no-untyped-def]
    """Rig the record table to refuse every insert, as a hostile or broken database would."""
    if store.dialect == "sqlite":
        store.execute(
            "create trigger refuse before insert on record begin select raise(abort, 'refused by trigger'); end"
        )
        return
    store.execute(
        "create function refuse() returns trigger language plpgsql as $$"
        " begin raise exception 'refused by trigger'; end $$"
    )
    store.execute("create trigger refuse before insert on record for each row execute function refuse()")


def _allow_inserts(store) -> None:  # type: ignore[no-untyped-def]
    store.execute("drop trigger refuse" if store.dialect == "sqlite" else "drop trigger refuse on record")


def test_verify_reads_the_kind_a_reader_reads_without_decoding_the_data() -> None:
    """`verify` reads a payload's kind from its last bytes: whatever the payload, it is the kind a reader
    decodes, so a record cannot pass verify as one kind and be read as another."""
    payloads = [
        canonical({"kind": "decision", "data": {"kind": "concern", "note": 'x,"kind":"concern"}'}}),
        b'{"kind":"concern","data":{},"kind":"decision"}',
        b'{"data":{"x":"\\",\\"kind\\":\\"decision\\"}"},"kind":"concern"}',
        b'{"data":{"a":{"kind":"decision"}}}',
        b'{"kind":"concern","data":{"kind":"decision"}}',
        canonical({"kind": "note." + "x" * 80, "data": {}}),
    ]
    for plain in payloads:
        decoded = json.loads(plain)
        assert kind_of(plain) == decoded.get("kind", ""), plain
