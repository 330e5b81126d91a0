"""The vault's time for a record: never before the chain head's, never made up, never far ahead.

A real vault stamps this machine's clock and refuses a frozen `Clock` (`SCHOOL_LOG_NOW`)
if it disagrees (a record dated 2099 would never reach the review; one dated 2019 would
rewrite history). A vault made for simulated time (demo, training, replay) follows
it. Machines sharing a store may disagree a little: a record is then stamped with
the head's time, never earlier.

One fast clock must not lock the school. So a writer in a real vault more than `LEAP`
ahead of the newest record is refused (no school is silent for two months; a clock set
to the wrong month or year is), a *read* is never refused for the clock (its audit record
is stamped with the newest record's time, and the reader told), and a DSL can put the
school's time right: a record about the clock (`CLOCK_SUBJECT`), stamped by the DSL's
own clock even if that is before the newest record or long after it, which verify
accepts as the one record that may step back.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Connection, bindparam, select

from storage.clock import TOLERANCE, Clock, machine_now, parse_instant
from storage.errors import InputError
from storage.prepared import Prepared
from storage.tables import R

_TIME_AT = Prepared(select(R.created_at).where(R.seq == bindparam("seq")))
#: How far ahead of the newest record a real vault's writer may be without a DSL confirming the date:
#: longer than any school holiday, shorter than a clock set to the wrong month.
LEAP = timedelta(days=60)
#: The subject of a DSL's record putting the school's time right (`school-log clock`).
CLOCK_SUBJECT = "clock"
CONFIRM = "a DSL confirms today's date with 'school-log clock --confirm YYYY-MM-DD'"


@dataclass(frozen=True)
class Stamp:
    created_at: str
    note: str = ""  # a read stamped with the newest record's time: why


def stamp(conn: Connection, mode: str, clock: Clock, head_seq: int, purpose: str = "write") -> Stamp:
    """The created-at of records appended now under the write lock, after record `head_seq`.

    `mode` is the vault's ("simulated" follows `clock`; "real" keeps the machine's time).
    `purpose`: "write" is held to the clock's bounds; "read" (only audit records) is never
    refused, but stamped with the newest record's time when out of them; "clock" (a DSL's
    record putting the time right) is stamped with this clock, whatever the newest record says.
    """
    if mode == "simulated":
        moment = clock.now()
    else:
        override, moment = clock.frozen, machine_now()
        if override is not None and abs(override - moment) > TOLERANCE:
            raise InputError(
                f"SCHOOL_LOG_NOW is {override:%Y-%m-%d %H:%M} but this vault keeps real time: unset it "
                "(only a vault made for simulated time follows it)"
            )
    last = _TIME_AT(conn, {"seq": head_seq}).fetchone() if head_seq else None
    if last is None or purpose == "clock":
        return Stamp(_iso(moment))
    previous = parse_instant(last[0])
    problem = _out_of_bounds(moment, previous, mode)
    if problem is None:
        return Stamp(_iso(max(moment, previous)))
    if purpose == "read":
        return Stamp(_iso(previous), f"{problem}: this read is recorded at the newest record's time; check the clocks")
    raise InputError(f"{problem}: nothing was written; correct this machine's clock, or if it is right {CONFIRM}")


def _out_of_bounds(moment: datetime, previous: datetime, mode: str) -> str | None:
    """Why this clock cannot date a record after one dated `previous`, if it cannot."""
    if moment < previous - TOLERANCE:
        return (
            f"this machine's clock reads {moment:%Y-%m-%d %H:%M} UTC, before the newest record "
            f"({previous:%Y-%m-%d %H:%M} UTC)"
        )
    if mode == "real" and moment > previous + LEAP:
        return (
            f"this machine's clock reads {moment:%Y-%m-%d %H:%M} UTC, {(moment - previous).days} days after "
            f"the newest record ({previous:%Y-%m-%d %H:%M} UTC)"
        )
    return None


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="microseconds")
