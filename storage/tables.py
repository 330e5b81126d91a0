"""The vault's tables: opaque ids, counts, sizes, timestamps and ciphertext — nothing else.

`record` is the append-only chain. `head` caches its tip so appenders lock one row
(portable: SQLite's BEGIN IMMEDIATE, PostgreSQL's SELECT … FOR UPDATE).
`keyslot` holds each account's private keys sealed under its passphrase; it is
looked up by a salted hash of the username, never the username itself. `cache` and
`draft` are outside the chain: sealed views, and sealed unsaved forms.
"""

from __future__ import annotations

from sqlalchemy import Index, select
from sqlmodel import Field, SQLModel, col

from storage.records import Stored


class VaultRow(SQLModel, table=True):
    __tablename__ = "vault"

    id: str = Field(primary_key=True)
    format: int


class RecordRow(SQLModel, table=True):
    __tablename__ = "record"
    __table_args__ = (Index("ix_record_cls_seq", "cls", "seq"),)

    seq: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    id: str = Field(unique=True)
    cls: str  # storage class: vault, account, key, grant, entry, audit, roster
    subject: str = Field(default="", index=True)
    author: str = Field(index=True)
    author_key: int
    epoch: int
    created_at: str
    prev_hash: bytes
    body: bytes
    wrapped_key: bytes
    signature: bytes
    hash: bytes


class HeadRow(SQLModel, table=True):
    __tablename__ = "head"

    id: int = Field(primary_key=True)
    seq: int
    hash: bytes


class KeyslotRow(SQLModel, table=True):
    __tablename__ = "keyslot"

    user_tag: str = Field(primary_key=True)
    account: str = Field(index=True)
    key_version: int
    sealed: bytes  # JSON: kdf params, salt, AES-GCM(private keys)


class CacheRow(SQLModel, table=True):
    """Derived views sealed under a team key, so the DSL's first screen need not wait.

    Not part of the chain and never trusted as a record: a cache that fails to
    open, or is older than the chain, is only ever a picture to be refreshed.
    """

    __tablename__ = "cache"

    name: str = Field(primary_key=True)
    seq: int
    epoch: int
    sealed: bytes


class DraftRow(SQLModel, table=True):
    """A form being typed when the app locked, sealed to its author's own public key (`storage.drafts`).

    Not part of the chain and not a record: a random id and the sealed bytes, nothing
    that says whose it is or which pupil it is about; deleted once its form is saved or discarded.
    """

    __tablename__ = "draft"

    id: str = Field(primary_key=True)
    sealed: bytes


#: The chain's head, the (seq, hash) of its last record: the one row of `head`.
HEAD = select(col(HeadRow.seq), col(HeadRow.hash)).where(col(HeadRow.id) == 1)

#: The record's columns by name, and those every read takes (all but the hash), in `Stored` order.
R = SQLModel.metadata.tables[RecordRow.__tablename__].c
READ_COLUMNS = tuple(R[name] for name in Stored._fields)
