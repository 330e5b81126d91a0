"""Forms left unsaved when the app locked: sealed to their author, offered back after the next unlock.

A draft is the form as its author left it — which form, about which pupil, and its
fields as the screen reads them back — so it can be put back exactly. It is not an
entry: nothing about it enters the log, and it is forgotten once its form is saved or
discarded. Sealing needs only the author's public key (`storage.drafts`), so the app
seals first and then drops the keys; a sealed draft the store could not take at that
moment can be held and written later, since only its author can open it.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, NamedTuple

from pydantic import TypeAdapter

from school_log.codec import dump, load
from storage import drafts
from storage.records import canonical
from storage.session import Session


@dataclass(frozen=True)
class Unsaved:
    """A form someone was typing when the app locked, as they left it."""

    form: str  # which form: "concern", "addendum", "decision", … (the screens name them)
    pupil_id: str  # whom it is about ("" if no pupil was chosen yet)
    fields: dict[str, Any]  # the form's fields, as the screen reads them back
    context: dict[str, Any] = field(default_factory=dict)  # what else it holds or was opened on (marks, an entry)
    id: str = field(default_factory=lambda: uuid.uuid4().hex)
    kept_at: datetime | None = None  # when it was sealed


class Sealed(NamedTuple):
    """A draft sealed to its author: opaque bytes that only the author's private key opens."""

    id: str
    sealed: bytes


_UNSAVED = TypeAdapter(Unsaved)


class Drafts:
    """This account's unsaved forms, through `session`."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def seal(self, unsaved: Unsaved) -> Sealed:
        """Seal a form to my own public key, dated now (no private key is used)."""
        kept = dump(_UNSAVED, unsaved, {"id"}) | {"kept_at": self.session.clock.now().isoformat()}
        return Sealed(unsaved.id, drafts.Recipient.of(self.session).seal(unsaved.id, canonical(kept)))

    def keep(self, *sealed: Sealed) -> None:
        """Write sealed drafts to the store (anyone's: writing one needs no key), replacing earlier seals."""
        for draft in sealed:
            drafts.put(self.session.vault, draft.id, draft.sealed)

    def waiting(self) -> list[Unsaved]:
        """My drafts, oldest first (one my key opens but that is not a draft's shape is left unread)."""
        found = []
        for draft_id, plaintext in drafts.mine(self.session).items():
            try:
                found.append(load(_UNSAVED, json.loads(plaintext) | {"id": draft_id}, "draft"))
            except (TypeError, ValueError):
                continue
        return sorted(found, key=lambda unsaved: (unsaved.kept_at is None, unsaved.kept_at))

    def drop(self, draft_id: str) -> None:
        """Forget a draft: its form was saved, or its author discarded it."""
        drafts.drop(self.session.vault, draft_id)
