"""The vault's time for a record: never before the chain head's, never made up.

A real vault stamps this machine's clock and refuses a frozen `Clock` (`SCHOOL_LOG_NOW`)
if it disagrees (a record dated 2099 would never reach the review; one dated 2019 would
rewrite history). A vault made for simulated time (demo, training, replay) follows
it. Machines sharing a store may disagree a little: a record is then stamped with
the head's time, never earlier.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, bindparam, select

from storage.clock import TOLERANCE, Clock, machine_now, parse_instant
from storage.errors import InputError
from storage.prepared import Prepared
from storage.tables import R

_TIME_AT = Prepared(select(R.created_at).where(R.seq == bindparam("seq")))


def stamp(conn: Connection, mode: str, clock: Clock, head_seq: int) -> str:
    """The created-at of records appended now under the write lock, after record `head_seq`.

    `mode` is the vault's ("simulated" follows `clock`; "real" keeps the machine's time).
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
    if last is not None:
        previous = parse_instant(last[0])
        if moment < previous - TOLERANCE:
            raise InputError(
                f"this machine's clock reads {moment:%Y-%m-%d %H:%M} UTC, before the newest record "
                f"({previous:%Y-%m-%d %H:%M} UTC): correct the clock, nothing was written"
            )
        moment = max(moment, previous)
    return _iso(moment)


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="microseconds")
