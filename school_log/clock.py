"""The one clock, as the domain and the screens see it (defined in `storage.clock`), and a DSL putting the
school's time right after a fast clock (see `storage.stamps`)."""

from __future__ import annotations

from datetime import date, datetime

from school_log.authority import require_dsl
from school_log.errors import InputError
from storage.clock import Clock, parse_instant
from storage.records import Draft
from storage.session import Session
from storage.stamps import CLOCK_SUBJECT

__all__ = ["Clock", "confirm_date", "parse_instant"]


def confirm_date(session: Session, today: date) -> datetime:
    """A DSL confirms that this machine's clock has today's date right: a signed record dated by it, which the
    school's time then goes on from — after a record dated by a fast clock (before it), or after a silence
    longer than a school holiday (long after it). The date is typed, so a fast clock is not confirmed unseen."""
    require_dsl(session, "confirm the school's date")
    now = session.clock.now()
    if now.date() != today:
        raise InputError(
            f"this machine's clock reads {now:%Y-%m-%d %H:%M} UTC, not {today.isoformat()}: correct the clock first; "
            "nothing was written"
        )
    session.append(Draft("audit", subject=CLOCK_SUBJECT, kind="clock.confirmed", data={"date": today.isoformat()}))
    return now
