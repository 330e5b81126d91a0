"""Who may write which kind of record: the one rule, applied by the vault on every append and every read.

Any member of staff records concerns (and addenda to their own entries); only the
safeguarding team records what decides or reshapes a pupil's file — agency
notifications, decisions, referral outcomes, tasks, the roster and the receipts
that tell a teacher their concern was seen — and all of its
outward work: the school's identity key, exports, transfers, the retention
period, legal holds, proposals to destroy a file and tombstones. A record of a
kind not listed here is written by nobody and believed by nobody.
"""

from __future__ import annotations

from types import MappingProxyType

from storage.errors import AuthError
from storage.session import Session
from storage.vault import Vault

ANYONE = frozenset({"staff", "dsl"})
TEAM = frozenset({"dsl"})

WRITERS = MappingProxyType(
    {
        "concern": ANYONE,
        "addendum": ANYONE,
        "audit.read": ANYONE,
        "clock.confirmed": TEAM,
        "notification": TEAM,
        "decision": TEAM,
        "referral-outcome": TEAM,
        "pupil": TEAM,
        "family": TEAM,
        "receipt": TEAM,
        "task": TEAM,
        "task-done": TEAM,
        "health": TEAM,
        "identity.keys": TEAM,
        "audit.export": TEAM,
        "transfer.out": TEAM,
        "transfer.in": TEAM,
        "transfer.confirmed": TEAM,
        "transfer.pin": TEAM,
        "transfer.withdrawn": TEAM,
        "retention.period": TEAM,
        "retention.hold": TEAM,
        "retention.proposed": TEAM,
        "retention.destroyed": TEAM,
    }
)


def open_vault(url: str | None) -> Vault:
    """The store at `url`, bound to the school's rule of who may write what."""
    return Vault(url, writers=WRITERS)


def keeps_simulated_time(url: str | None) -> bool:
    """Whether the store at `url` is a demo, training or replay vault (never a real school's log)."""
    return Vault(url).keeps_simulated_time()


def require_dsl(session: Session, action: str) -> None:
    """Say plainly that `action` is the safeguarding team's, before the vault would refuse it."""
    if not session.is_team:
        raise AuthError(f"only a DSL can {action}")
