"""A person joining in one go, for schools built by a program (the demo, synthetic schools, replays, tests).

It is the real path, not a shortcut: the DSL adds the account and gets its one-time
code, the person unlocks with the code and sets their own passphrase, then confirms
that they used the code — so nothing they write is marked as written under a code.
"""

from __future__ import annotations

from school_log.clock import Clock
from school_log.school import School


def enrol(dsl: School, username: str, name: str, role: str, passphrase: str, clock: Clock | None = None) -> School:
    """Add `username` as `dsl`, and have them take the account with `passphrase`; returns them unlocked."""
    code = dsl.staff.add(username, name, role)
    person = School(dsl.session.vault.unlock(username, code, clock or dsl.clock), dsl.config)
    person.staff.change_passphrase(code, passphrase)
    person.staff.answer_codes("confirm")
    return person
