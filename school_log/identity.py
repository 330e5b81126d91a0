"""The school's identity: one X25519 + Ed25519 key pair that other schools send files to.

The private keys live in the school's own chained log, sealed to the
safeguarding team (an `audit`-class record, which only the team and its author
can open), so every DSL holds them and nobody else does; it is made the first
time a DSL asks for it, and reading it is audited like any other team read.
The public half goes out as a small JSON key file, with a fingerprint a DSL
can read out on the phone to the other school's DSL before a transfer.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from school_log.errors import AuthError, InputError, IntegrityError
from school_log.school import School
from storage import crypto
from storage.bundle import PublicIdentity
from storage.records import Draft, b64, unb64

SUBJECT = "school-identity"
KIND = "identity.keys"
KEY_FILE_FORMAT = "school-log-school-key/1"


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


def identity(school: School, create: bool = False) -> crypto.KeyPair:
    """This school's identity keys (made once, by the first DSL who asks with `create`)."""
    if not school.is_dsl:
        raise AuthError("only a DSL can use the school's identity key")
    records = [r for r in school.session.read(("audit",), subjects=[SUBJECT], purpose="school key") if r.kind == KIND]
    if records:
        try:
            return crypto.KeyPair.from_private_bytes(unb64(records[0].data["keys"]))
        except (KeyError, ValueError, crypto.CryptoError):
            raise IntegrityError("the school's identity key record is damaged; run 'school-log verify'") from None
    if not create:
        raise InputError("this school has no identity key yet: a DSL makes it with 'school-log school-key'")
    keys = crypto.KeyPair.generate()
    school.session.append(Draft("audit", subject=SUBJECT, kind=KIND, data={"keys": b64(keys.private_bytes())}))
    return keys


def own_key(school: School, create: bool = False) -> SchoolKey:
    return SchoolKey(school.name, PublicIdentity.of(identity(school, create)))


def read_key_file(path: Path) -> SchoolKey:
    """Another school's key file; anything else is one clear line."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(f"{path}: no such key file") from None
    except (OSError, UnicodeDecodeError, ValueError):
        raise InputError(f"{path}: not a school key file (JSON from 'school-log school-key')") from None
    if not isinstance(data, dict) or data.get("format") != KEY_FILE_FORMAT or not isinstance(data.get("school"), str):
        raise InputError(f"{path}: not a school key file (JSON from 'school-log school-key')")
    key = SchoolKey(data["school"], PublicIdentity.from_data(data, str(path)))
    if data.get("fingerprint") != key.fingerprint:
        raise InputError(f"{path}: its fingerprint does not match its keys; ask the school for its key again")
    return key
