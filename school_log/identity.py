"""The school's identity: the X25519 + Ed25519 key pair that other schools send files to.

The private keys live in the school's own chained log, sealed to the safeguarding
team (an `audit`-class record, which only the team and its author can open), so every
DSL holds them and nobody else does; the first is made the first time a DSL asks for
it, and reading them is audited like any other team read. The public half goes out as
a small JSON key file, with a fingerprint a DSL can read out on the phone to the other
school's DSL before a transfer.

An identity key belongs to the team key epoch it was made in. When a DSL leaves (or
is reset) the team key moves to a new epoch, and a new identity key is sealed under it
in the same transaction (`next_key`), so what is sent to the school from then on opens
with nothing the departed DSL ever held. The earlier keys are kept, only to open what
was sealed to them before they were replaced (a bundle in the post, a receipt coming
back); the school publishes the new one with `school-key`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from school_log.errors import AuthError, InputError, IntegrityError
from school_log.forms.fields import MAX_SHORT, has_control
from school_log.input_file import read_capped
from storage import crypto, strict_json
from storage.bundle import PublicIdentity
from storage.records import Draft, b64, unb64
from storage.session import Session

if TYPE_CHECKING:  # the school holds its staff, whose DSL changes rotate this key: no import at run time
    from school_log.school import School

SUBJECT = "school-identity"
KIND = "identity.keys"
KEY_FILE_FORMAT = "school-log-school-key/1"
MAX_KEY_FILE_BYTES = 64 * 1024  # a key file is a few hundred bytes


@dataclass(frozen=True)
class SchoolKey:
    """A school's published identity: its name as it gives it, and its public keys."""

    school: str
    public: PublicIdentity

    @property
    def fingerprint(self) -> str:
        return self.public.fingerprint

    def to_data(self) -> dict[str, Any]:
        return {"format": KEY_FILE_FORMAT, "school": self.school, "fingerprint": self.fingerprint} | (
            self.public.to_data()
        )


@dataclass(frozen=True)
class Held:
    """One identity key the school has had: the team key epoch it belongs to, when it was made, and when the
    next one replaced it (None: the key in use)."""

    keys: crypto.KeyPair
    epoch: int
    made_at: str
    retired_at: str | None

    @property
    def public(self) -> PublicIdentity:
        return PublicIdentity.of(self.keys)


def keyring(school: School, create: bool = False) -> list[Held]:
    """Every identity key the school has had, oldest first; the last is the one in use.

    The first is made by the first DSL who asks with `create`. A key older than the current
    team key epoch (a DSL left and nothing replaced it, e.g. under an earlier version) is
    replaced now, whoever asks.
    """
    if not school.is_dsl:
        raise AuthError("only a DSL can use the school's identity key")
    held = _held(school.session)
    if not held and not create:
        raise InputError("this school has no identity key yet: a DSL makes it with 'school-log school-key'")
    if not held or held[-1].epoch < school.session.registry.epoch:
        school.session.append(_draft(crypto.KeyPair.generate()))
        held = _held(school.session)
    return held


def identity(school: School, create: bool = False) -> crypto.KeyPair:
    """The identity key in use (made once, by the first DSL who asks with `create`)."""
    return keyring(school, create)[-1].keys


def next_key(session: Session) -> list[Draft]:
    """A new identity key's record, if the school has a key: what `storage.accounts` seals under a new team key
    epoch, in the same transaction, when a DSL leaves or is reset (they held the key in use)."""
    return [_draft(crypto.KeyPair.generate())] if _held(session) else []


def _held(session: Session) -> list[Held]:
    records = [r for r in session.read(("audit",), subjects=[SUBJECT], purpose="school key") if r.kind == KIND]
    held = []
    for n, record in enumerate(records):
        try:
            keys = crypto.KeyPair.from_private_bytes(unb64(record.data["keys"]))
        except (KeyError, TypeError, ValueError, crypto.CryptoError):
            raise IntegrityError("the school's identity key record is damaged; run 'school-log verify'") from None
        retired = records[n + 1].created_at if n + 1 < len(records) else None
        held.append(Held(keys, record.epoch, record.created_at, retired))
    return held


def _draft(keys: crypto.KeyPair) -> Draft:
    return Draft("audit", subject=SUBJECT, kind=KIND, data={"keys": b64(keys.private_bytes())})


def own_key(school: School, create: bool = False) -> SchoolKey:
    return SchoolKey(school.name, PublicIdentity.of(identity(school, create)))


def read_key_file(path: Path) -> SchoolKey:
    """Another school's key file; anything else is one clear line."""
    try:
        data = strict_json.loads(read_capped(path, MAX_KEY_FILE_BYTES, "a school key file"))
    except (UnicodeDecodeError, ValueError):
        raise InputError(f"{path}: not a school key file (JSON from 'school-log school-key')") from None
    if not isinstance(data, dict) or data.get("format") != KEY_FILE_FORMAT or not isinstance(data.get("school"), str):
        raise InputError(f"{path}: not a school key file (JSON from 'school-log school-key')")
    if not data["school"].strip() or len(data["school"]) > MAX_SHORT or has_control(data["school"], one_line=True):
        raise InputError(f"{path}: the school's name in it is empty, too long or holds control characters")
    key = SchoolKey(data["school"], PublicIdentity.from_data(data, str(path)))
    if data.get("fingerprint") != key.fingerprint:
        raise InputError(f"{path}: its fingerprint does not match its keys; ask the school for its key again")
    return key
