"""`verify` against someone with write access to the database file.

Each test alters the store the way an attacker (or a failing disk) would and
checks that `verify` fails, names the record, and that an untouched vault passes.
"""

from __future__ import annotations

import io
import sqlite3
import uuid
from pathlib import Path
from types import SimpleNamespace

import pytest

from school_log.cli import main
from storage import crypto
from storage.anchor import SLOT, AnchorFile
from storage.errors import IntegrityError
from storage.records import Header, chain_hash, header_of, signed_message
from storage.vault import Vault
from storage.verify import verify
from tests.factory import PASSPHRASES, make_school


@pytest.fixture
def school(tmp_path, monkeypatch):
    fixture = make_school(tmp_path, monkeypatch)
    for user, upn in (("tom", "R100000000001"), ("tara", "F100000000002"), ("sam", "R100000000001")):
        fixture.open(user).record_concern(
            {"pupil": upn, "what_happened": f"seen by {user}", "occurred_at": "2026-11-20T09:00:00Z"}
        )
    return fixture


def _entries(path) -> list[int]:  # type: ignore[no-untyped-def]
    with sqlite3.connect(path) as conn:
        return [seq for (seq,) in conn.execute("select seq from record where cls = 'entry' order by seq")]


def _edit(path, sql: str, *params: object) -> None:  # type: ignore[no-untyped-def]
    with sqlite3.connect(path) as conn:
        conn.execute(sql, params)


def _flip(path, column: str, seq: int) -> None:  # type: ignore[no-untyped-def]
    with sqlite3.connect(path) as conn:
        value = bytearray(conn.execute(f"select {column} from record where seq = ?", (seq,)).fetchone()[0])
        value[len(value) // 2] ^= 0x01
        conn.execute(f"update record set {column} = ? where seq = ?", (bytes(value), seq))


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
    seq = _entries(school.path)[1]
    _flip(school.path, column, seq)
    assert _fault(school).seq == seq


@pytest.mark.parametrize(
    ("column", "value"), [("created_at", "2020-01-01T00:00:00+00:00"), ("subject", "another-pupil"), ("author_key", 2)]
)
def test_altered_header_field_is_named(school, column, value):
    """Changing a clear-text header field (time, pupil, key) breaks that record's signature."""
    seq = _entries(school.path)[0]
    _edit(school.path, f"update record set {column} = ? where seq = ?", value, seq)
    assert _fault(school).seq == seq


def test_deleted_record_is_named(school):
    """Removing a record leaves a gap that verify reports."""
    seq = _entries(school.path)[1]
    _edit(school.path, "delete from record where seq = ?", seq)
    fault = _fault(school)
    assert fault.seq == seq + 1 and f"record {seq} is missing" in fault.problem


def test_moved_record_is_caught(school):
    """Swapping two records' positions is caught at the first of them."""
    first, second = _entries(school.path)[:2]
    _edit(school.path, "update record set seq = -1 where seq = ?", first)
    _edit(school.path, "update record set seq = ? where seq = ?", first, second)
    _edit(school.path, "update record set seq = ? where seq = -1", second)
    assert _fault(school).seq == first


def test_ciphertext_swapped_between_records_is_caught(school):
    """Exchanging two records' ciphertexts (and keys) is caught: the signature binds them to their header."""
    first, second = _entries(school.path)[:2]
    with sqlite3.connect(school.path) as conn:
        a = conn.execute("select body, wrapped_key from record where seq = ?", (first,)).fetchone()
        b = conn.execute("select body, wrapped_key from record where seq = ?", (second,)).fetchone()
        conn.execute("update record set body = ?, wrapped_key = ? where seq = ?", (*b, first))
        conn.execute("update record set body = ?, wrapped_key = ? where seq = ?", (*a, second))
    assert _fault(school).seq == first


def test_inserted_record_signed_by_a_stranger_is_named(school):
    """A well-formed record appended and chained by a key that is no account's is refused by name."""
    vault = Vault(school.url)
    stranger = crypto.KeyPair.generate()
    with sqlite3.connect(school.path) as conn:
        seq, prev = conn.execute("select seq, hash from head").fetchone()
        header = Header(
            vault.id,
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
        body, wrapped = crypto.seal(crypto.random_key(), b"forged", header.encode()), b"x" * 60
        signature = crypto.sign(stranger.signing, signed_message(header.encode(), body, wrapped))
        digest = chain_hash(prev, header.encode(), body, wrapped, signature)
        conn.execute(
            "insert into record values (?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                seq + 1,
                header.id,
                "entry",
                "some-pupil",
                header.author,
                1,
                1,
                header.created_at,
                prev,
                body,
                wrapped,
                signature,
                digest,
            ),
        )
        conn.execute("update head set seq = ?, hash = ?", (seq + 1, digest))
    fault = _fault(school)
    assert fault.seq == seq + 1 and "not an account" in fault.problem


def test_cut_off_tail_is_caught_by_this_machines_anchor(school):
    """Deleting the newest records (and rewinding the head) is noticed: this machine saw further."""
    last = _entries(school.path)[-1]
    with sqlite3.connect(school.path) as conn:
        prev_seq, prev_hash = conn.execute("select seq, hash from record where seq = ?", (last - 1,)).fetchone()
        conn.execute("delete from record where seq = ?", (last,))
        conn.execute("update head set seq = ?, hash = ?", (prev_seq, prev_hash))
    assert "cut off" in _fault(school).problem


def _cut_off(path, records: int) -> None:  # type: ignore[no-untyped-def]
    """Delete the newest `records` records and rewind the head to the one before them."""
    with sqlite3.connect(path) as conn:
        (last,) = conn.execute("select max(seq) from record").fetchone()
        keep_seq, keep_hash = conn.execute("select seq, hash from record where seq = ?", (last - records,)).fetchone()
        conn.execute("delete from record where seq > ?", (keep_seq,))
        conn.execute("update head set seq = ?, hash = ?", (keep_seq, keep_hash))


def _anchor_file(fixture) -> Path:  # type: ignore[no-untyped-def]
    return AnchorFile(Vault(fixture.url).id, Vault(fixture.url).location).path


def test_torn_anchor_write_still_catches_a_cut_off_tail(school):
    """A crash mid-write garbles only the newest anchor slot: the one before it still catches records cut off."""
    path = _anchor_file(school)
    raw = bytearray(path.read_bytes())
    newest = max((0, 1), key=lambda slot: int(raw[slot * SLOT : (slot + 1) * SLOT].split()[0]))
    raw[newest * SLOT + 5 : newest * SLOT + 40] = b"\x00" * 35  # a torn sector
    path.write_bytes(bytes(raw))
    _cut_off(school.path, 2)
    assert "cut off" in _fault(school).problem


def test_garbage_anchor_file_is_no_crash_and_is_rewritten(school):
    """An unreadable anchor file is treated as none; verify passes and writes a good one again."""
    path = _anchor_file(school)
    path.write_bytes(b"\xff" * 300)
    assert verify(Vault(school.url)).ok
    _cut_off(school.path, 1)
    assert "cut off" in _fault(school).problem


def test_unwritable_anchor_says_the_record_was_saved(school, tmp_path, monkeypatch):
    """If this machine's state dir is unusable, the person is told the record is saved and the anchor is not."""
    blocked = tmp_path / "state-is-a-file"
    blocked.write_text("")
    monkeypatch.setenv("XDG_STATE_HOME", str(blocked))
    before = len(_entries(school.path))
    with pytest.raises(IntegrityError, match="saved, but this machine's anchor"):
        school.open("tom").record_concern({"pupil": "R100000000001", "what_happened": "still saved"})
    assert len(_entries(school.path)) == before + 1


def test_store_rigged_to_refuse_writes_is_one_clear_line_and_nothing_partial(school, monkeypatch, capsys):
    """A store whose record table refuses inserts gives one line naming the store, and no half-written chain."""
    _edit(
        school.path,
        "create trigger refuse before insert on record begin select raise(abort, 'refused by trigger'); end",
    )
    before = _entries(school.path)
    with pytest.raises(IntegrityError, match="refused by trigger"):
        school.open("tom").record_concern({"pupil": "R100000000001", "what_happened": "rigged"})
    monkeypatch.setenv("SCHOOL_LOG_DB", school.url)
    monkeypatch.setenv("SCHOOL_LOG_USER", "tom")
    monkeypatch.setenv("SCHOOL_LOG_PASSPHRASE", PASSPHRASES["tom"])
    monkeypatch.setattr("sys.stdin", io.StringIO('{"pupil": "R100000000001", "what_happened": "rigged"}'))
    assert main(["record", "--json", "-"]) == 1
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "refused by trigger" in err and "Traceback" not in err
    _edit(school.path, "drop trigger refuse")
    assert _entries(school.path) == before and verify(Vault(school.url)).ok


def test_verify_cli_exit_codes(school, monkeypatch, capsys):
    """`school-log verify` exits 0 on an intact vault and 1 naming the record on a damaged one."""
    monkeypatch.setenv("SCHOOL_LOG_DB", school.url)
    assert main(["verify"]) == 0
    seq = _entries(school.path)[0]
    _flip(school.path, "body", seq)
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
    second = _entries(school.path)[1]
    _flip(school.path, "signature", second)
    _rehash_from(school, second)
    assert (
        _fault(school).seq == second
        and _fault(school).problem == "its signature does not match (header, ciphertext or signature altered)"
    )


def _rehash_from(fixture, seq: int) -> None:  # type: ignore[no-untyped-def]
    """Recompute every link and stored hash from `seq` to the head, as an attacker with the file can."""
    vault_id = Vault(fixture.url).id
    with sqlite3.connect(fixture.path) as conn:
        conn.row_factory = sqlite3.Row
        (prev,) = conn.execute("select hash from record where seq = ?", (seq - 1,)).fetchone()
        for row in conn.execute("select * from record where seq >= ? order by seq", (seq,)).fetchall():
            linked = {**dict(row), "prev_hash": prev}
            header = header_of(vault_id, SimpleNamespace(**linked))
            prev = chain_hash(prev, header, row["body"], row["wrapped_key"], row["signature"])
            conn.execute(
                "update record set prev_hash = ?, hash = ? where seq = ?", (linked["prev_hash"], prev, row["seq"])
            )
        conn.execute("update head set hash = ?", (prev,))


def _no_processes(*_args: object, **_kwargs: object) -> None:
    raise OSError("no worker processes here")
