"""The school's past: pupils who left over the years planned, and the school days each pupil was on roll.

Asked for (`leavers`), a synthetic school has a history, up to 25 years of it (2,000 on roll, 10,000 left).
A leaver's file was written while they were on roll, so every phase that writes about a pupil takes its
days from `days_on_roll`. The leavers are drawn from a random stream of their own, so a school planned
with none is the school it was before leavers could be asked for.
"""

from __future__ import annotations

import random
from bisect import bisect_left, bisect_right
from datetime import date

from school_log.roster_files.rows import RosterRow
from school_log.synthetic.roll import academic_start, leavers, year_number


def past_pupils(
    seed: int, n: int, years: range, days: list[date], used: set[str], teachers: list[str]
) -> tuple[list[RosterRow], dict[str, list[str]]]:
    """`n` pupils who left on one of `days` (UPNs not in `used`), and each one's three usual adults."""
    rng = random.Random(f"{seed}-leavers")
    gone = leavers(rng, n, seed, years, days, used)
    return gone, {row.upn: rng.sample(teachers, min(3, len(teachers))) for row in gone}


def on_roll_from(row: RosterRow, start_year: int, lowest: int) -> date:
    """The September the pupil joined the school's `lowest` year (a leaver's year group is the one they left;
    `start_year` is this school year's)."""
    year = academic_start(row.left_on) if row.left_on else start_year
    return date(year - (year_number(row.year_group) - lowest), 9, 1)


def days_on_roll(days: list[date], row: RosterRow, start_year: int, lowest: int) -> list[date]:
    """The school `days` a pupil can be written about: from the day they joined to the day they left (found
    by bisection: a 25-year history has 4,000 school days and 12,000 pupils)."""
    first = bisect_left(days, on_roll_from(row, start_year, lowest))
    return days[first : bisect_right(days, row.left_on) if row.left_on else len(days)]
