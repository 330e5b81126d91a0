"""An unlocked account: its keys, appending sealed records to the chain, reading them back.

Each entry gets a fresh content key; the payload is sealed under it with the
header as associated data, and the content key is sealed under the author's
*pair key* with the team (see `storage.crypto`), so only its author and the
safeguarding team can ever open it. Roster records are sealed under the roster
key of their epoch, which every account holds, and so are signed by a DSL and
checked on every read. Reading anyone else's entries appends an audit record.

Authority is checked here, on every append and every read, not in the screens
(the rule is `storage.trust`); every record's time comes from `storage.stamps`.

The class is built in three layers, a module each, each using the one before:
`storage.keyring` (the keys), `storage.writes` (appending), `storage.reads`
(reading, which appends its audit record). This is the one name the rest imports.
"""

from __future__ import annotations

from storage.reads import Reader


class Session(Reader):
    """One unlocked account: its keys, the roster keys and (for a DSL) the team keys; it appends and reads."""
