"""The vault's format pinned byte for byte: labels, the canonical header and the record's columns.

Each vector was made by the code as it was before the labels had a module of their
own: if one of these fails, vaults already written would no longer open or verify.
"""

from __future__ import annotations

from sqlmodel import SQLModel

from storage import crypto, drafts, labels
from storage.records import Stored, header_bytes, signed_message, unb64
from storage.tables import READ_COLUMNS, RecordRow

#: A fixed recipient key and the stanzas the earlier code wrapped for it.
_RECIPIENT = crypto.exchange_private(bytes(range(32)))
_SECRET = bytes(range(100, 132))
_ROSTER_1 = (
    "6QVsgJuHgpCyyNB5pklXcsaL3xD7eyV7OG6HytQb12K/QcSH0mhwuIjltrAxj6XmDftwdxy7OH4XIz8un6sN5InRCRNsfBaufsQnaJAM1q4="
)
_ROSTER_3 = (
    "5F+MQnOgtlI6GcJhxU8wqitPcwE+osnjYJJ2PS8x/xSRQa7tvPpvA5aWVDyPOH3dWUfIOJd+WzSxpOQuzKi1yeDX0qCIe/v7JUT9yxt6vNw="
)
_TEAM_4 = "gXXKZv8AouPLH8CUnPPvDZDokqOU/+dr1mPQb94XNyqPeJgDR4XlwrsL+mvxpVMrVgeSDllFzscAOJ0i50k2pGKueFr03vUPHaYsDfGhne8="
_HANDOVER = (
    "e2dfb811ec60439ff08a51e13eb9769250e7e58ead2bba0482274519cf5e46776c1d36afb07a0c83e44e5a3128edf03291da674d9474"
)
_DRAFT = "kGVYdeCWm+bq6wp44XHFSbKvPHra5Lt3tZzjD3o9c23JRh8pxDmpLWF6zCI2owon86HUf3Y="
_KEYSLOT = "0cc302c356439fcffc1e3fb48aedbe00bcd2be9b6c444383ba321e4c8844167f"

_HEADER = Stored(
    seq=7,
    id='r"id',
    cls="entry",
    subject="pupil",
    author="acct",
    author_key=2,
    epoch=3,
    created_at="2026-01-02T03:04:05+00:00",
    prev_hash=bytes(range(32)),
)
_HEADER_BYTES = (
    b'{"author":"acct","author_key":2,"cls":"entry","created_at":"2026-01-02T03:04:05+00:00","epoch":3,'
    b'"id":"r\\"id","prev_hash":"000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f","seq":7,'
    b'"subject":"pupil","v":1,"vault":"v-\\u00e9"}'
)


def test_each_label_keeps_its_bytes() -> None:
    assert labels.RECORD == b"school-log/record/v1"
    assert labels.PAIR == b"school-log/pair/v1"
    assert labels.USER == b"school-log/user/v1"
    assert labels.RECEIPT == b"school-log/receipt/v1"
    assert labels.CACHE == b"school-log/cache/v1"
    assert labels.CHECKED_SIGNATURE == b"school-log/checked-signature/v1"
    assert labels.ERASED == b"school-log/erased/v1"
    assert labels.FINGERPRINT == b"school-log/fingerprint/v1"
    assert labels.ENVELOPE == b"school-log/envelope/v1"
    assert labels.wrap(b"x/1") == b"school-log/wrap/v1/x/1"
    assert labels.envelope_key(b"\x00\xff") == b"school-log/envelope/v1/\x00\xff"
    assert labels.keyslot("acct", 2) == b"school-log/keyslot/v1/acct/2"
    assert labels.roster_grant(labels.FIRST_ROSTER_EPOCH, "acct", 2) == b"roster/acct/2"
    assert labels.roster_grant(3, "acct", 2) == b"roster/3/acct/2"
    assert labels.team_grant(1, "acct", 2) == b"team/1/acct/2"
    assert labels.handover("acct", 2) == b"handover/acct/2"
    assert labels.receipt("vault", "acct", 2, 3) == b"receipt/vault/acct/2/3"
    assert labels.cache("vault", "review", 2, 30) == b"vault/review/2/30"
    assert labels.draft("vault", "acct", 2, "d1") == b"draft/vault/acct/2/d1"


def test_keys_wrapped_by_earlier_code_still_unwrap() -> None:
    """Grant stanzas and a key slot seal written before: the labels still open them."""
    unwrap = crypto.unwrap
    assert unwrap(_RECIPIENT, unb64(_ROSTER_1), labels.roster_grant(1, "acct", 2)) == _SECRET
    assert unwrap(_RECIPIENT, unb64(_ROSTER_3), labels.roster_grant(3, "acct", 2)) == _SECRET
    team = crypto.exchange_private(unwrap(_RECIPIENT, unb64(_TEAM_4), labels.team_grant(4, "acct", 2)))
    assert crypto.exchange_private_bytes(team) == bytes(range(1, 33))
    assert unwrap(_RECIPIENT, bytes.fromhex(_HANDOVER), labels.handover("acct", 2)) == b"handed"
    assert crypto.open_sealed(bytes(32), bytes.fromhex(_KEYSLOT), labels.keyslot("acct", 2)) == b"keys"


def test_a_header_is_its_canonical_bytes() -> None:
    """The signed and hashed form of a header never drifts: a fixed header, fixed bytes, a fixed digest signed."""
    assert header_bytes("v-\u00e9", _HEADER) == _HEADER_BYTES
    assert (
        signed_message(_HEADER_BYTES, b"body", b"wrapped").hex()
        == "af531ede3958bcb68a85ce30d8a05753e63e7c818a709db798c24d3b98a4fd51"
    )


def test_the_record_table_has_the_stored_columns_and_its_hash() -> None:
    """`Stored` is the one list of the record's columns: the table and every read follow it."""
    table = SQLModel.metadata.tables[RecordRow.__tablename__]
    assert tuple(table.c.keys()) == (*Stored._fields, "hash")
    assert tuple(column.name for column in READ_COLUMNS) == Stored._fields


def test_a_draft_sealed_before_still_opens_and_pads_to_whole_blocks() -> None:
    """A draft wrapped for its author under the draft label keeps opening; what is sealed is the
    typing padded (0x80, then zeros) to whole 1 KiB blocks, so its size says little of its length."""
    assert crypto.unwrap(_RECIPIENT, unb64(_DRAFT), labels.draft("vault", "acct", 2, "d1")) == b"typed"
    recipient = drafts.Recipient("vault", "acct", 2, crypto.exchange_public(_RECIPIENT))
    for typed, size in ((b"", 1024), (b"typed", 1024), (b"x" * 1023, 1024), (b"x" * 1024, 2048)):
        padded = crypto.unwrap(_RECIPIENT, recipient.seal("d1", typed), labels.draft("vault", "acct", 2, "d1"))
        assert len(padded) == size and padded == typed + b"\x80" + bytes(size - len(typed) - 1)
