"""The school as one unlocked person sees it: who they are, and the services they work through.

Every screen and every CLI command goes through `School`: `roster` (the pupils),
`staff` (the accounts), `log` (writing and reading entries), `review` (the
safeguarding team's whole-school views) and `drafts` (forms left unsaved at a lock).
They share one session, and with it one `Clock`; each hands plain domain objects to
the vault and gets plain domain objects back.
"""

from __future__ import annotations

from collections.abc import Sequence

from school_log import workdays
from school_log.authority import open_vault
from school_log.clock import Clock
from school_log.config import Config, load_config
from school_log.drafts import Drafts
from school_log.local_time import use_zone
from school_log.log import Log
from school_log.review import Review
from school_log.roster import Roster
from school_log.staff import Staff
from school_log.workdays import use_calendar
from storage import accounts
from storage.accounts import AccountInfo
from storage.checkpoint import Checkpoint
from storage.session import Session
from storage.trust import SetAside
from storage.verify import Report, verify


class School:
    """One unlocked account's view of the school."""

    def __init__(self, session: Session, config: Config | None = None) -> None:
        self.session = session
        self.config = config or load_config()
        use_zone(self.config.timezone)  # every time this process shows or reads is the school's
        use_calendar(self.config.working_days)
        self.roster = Roster(session)
        self.staff = Staff(session)
        self.log = Log(session, self.roster, self.staff)
        self.review = Review(session, self.config, self.roster, self.staff, self.log)
        self.drafts = Drafts(session)

    @classmethod
    def unlock(cls, url: str | None, username: str, passphrase: str, clock: Clock | None = None) -> School:
        """Unlock `username`; the school keeps `clock` (by default the start-up clock, `SCHOOL_LOG_NOW`)."""
        workdays.load_in_background()  # while the passphrase is stretched: the review counts working days
        return cls(open_vault(url).unlock(username, passphrase, clock))

    @property
    def clock(self) -> Clock:
        """What this school's records are dated by, and what "today" is on its screens."""
        return self.session.clock

    @property
    def me(self) -> AccountInfo:
        return self.staff.by_id()[self.session.account_id]

    @property
    def is_dsl(self) -> bool:
        return self.session.is_team

    @property
    def name(self) -> str:
        return accounts.school_name(self.session)

    @property
    def must_set_passphrase(self) -> bool:
        """Unlocked with a one-time reset code: setting a new passphrase is all it allows."""
        return self.session.must_set_passphrase

    @property
    def failed_unlocks(self) -> int:
        """Wrong passphrases tried on this account before this unlock (shown, then recorded)."""
        return self.session.failed_unlocks

    @property
    def behind(self) -> str | None:
        """Why the store is behind what this machine saw of it (rolled back, cut off), found at unlock."""
        return self.session.behind

    @property
    def set_aside(self) -> list[SetAside]:
        """Records left out of what was read, never shown, always reported: those whose author may not have
        written them, and those that are not the shape of their kind (no one record stops a whole-school read)."""
        found = {**self.session.set_aside, **self.log.unreadable}
        return sorted(found.values(), key=lambda s: s.seq)

    def forget_reads(self) -> None:
        """Forget the decrypted roster and log after records were written or erased elsewhere
        (a transfer in, a file destroyed), so the next read sees the store as it now is."""
        self.roster.forget()
        self.log.forget()

    def lock(self) -> None:
        """Drop every key and everything decrypted with them."""
        self.session.lock()
        self.roster.forget()
        self.staff.forget()
        self.log.lock()
        self.review.forget()

    def verify(self, checkpoints: Sequence[Checkpoint] = (), full: bool = True) -> Report:
        """Check the chain, opening every seal this account holds (`full=False`: only after the last record
        this account's verify found intact here). Audited: it reads everything it checks."""
        report = verify(self.session.vault, self.session, checkpoints, resume=not full)
        self.session.audit("verify", ["*"], report.opened)
        return report
