"""The synthetic school's roll: its calendar, its pupils in households, its staff.

Functions of one `random.Random`; `synthetic.plan` calls them first, in a fixed
order, because what a seed means depends on the order of every draw.
"""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, timedelta

from school_log.model import Contact, Family, age_in_months
from school_log.roster_files.rows import RosterRow
from school_log.synthetic.words import FIRST_NAMES, PUPIL_FLAGS, SURNAMES
from school_log.upn import check_letter


def school_days(start: date, end: date) -> list[date]:
    """Weekdays in term time (no August, no Christmas/Easter fortnights, no half-term weeks)."""
    days, d = [], start
    while d <= end:
        holiday = (
            d.weekday() >= 5
            or d.month == 8
            or (d.month == 7 and d.day > 22)
            or (d.month == 12 and d.day > 19)
            or (d.month == 1 and d.day < 4)
            or (d.month == 4 and d.day < 15)
            or (d.month in (2, 10) and 14 <= d.day <= 20)
            or (d.month == 5 and d.day > 25)
        )
        if not holiday:
            days.append(d)
        d += timedelta(days=1)
    return days


def academic_start(d: date) -> int:
    """The calendar year in which `d`'s school year began (September)."""
    return d.year if d.month >= 9 else d.year - 1


def year_group(born: date, on: date) -> int:
    """National curriculum year on `on` (0 = Reception, -1 = Nursery) from the date of birth."""
    aug31 = date(academic_start(on), 8, 31)
    return age_in_months(born, aug31) // 12 - 4


def year_number(label: str) -> int:
    """The roster's year label ("N", "R", "1" ... "13") as a number (-1 for Nursery, 0 for Reception)."""
    return -1 if label == "N" else 0 if label == "R" else int(label)


def households(rng: random.Random, n_pupils: int, seed: int, years: range, today: date) -> list[RosterRow]:
    """Pupils come in households of one to four siblings (in different years), as on a real roll."""
    rows: list[RosterRow] = []
    used: set[str] = set()
    household_no = 0
    homes = random.Random(f"{seed}-homes")  # a stream of its own: the rest of the school is drawn as before
    while len(rows) < n_pupils:
        household_no += 1
        size = min(n_pupils - len(rows), rng.choices((1, 2, 3, 4), (70, 22, 6, 2))[0])
        family = rng.choice(SURNAMES)
        household = f"H{seed % 1000:03d}-{household_no:05d}"
        home = _home(homes, family)
        for y in rng.sample(years, min(size, len(years))):
            rows.append(replace(_pupil(rng, y, family, household, used, today), family=home))
    return rows


_STREETS = ("Larkspur Close", "Quill Lane", "Alder Row", "Mill Street", "Orchard Way", "Heath View", "Brook Terrace")
_LANGUAGES = {
    "English": 85,
    "Polish (POL)": 4,
    "Urdu (URD)": 4,
    "Romanian (ROM)": 3,
    "Somali (SOM)": 2,
    "Arabic (ARA)": 2,
}
_ETHNICITIES = {
    "White British (WBRI)": 70,
    "Any other White background (WOTH)": 8,
    "Pakistani (APKN)": 6,
    "Black African (BAFR)": 6,
    "White and Black Caribbean (MWBC)": 5,
    "Indian (AIND)": 5,
}


def leavers(rng: random.Random, n: int, seed: int, years: range, days: list[date], used: set[str]) -> list[RosterRow]:
    """`n` pupils who left on one of `days`: most at the end of a summer term after Year 11 or 13, the rest
    during a year (moved away, changed school), each alone in a household of their own. Linear in `n`."""
    homes = random.Random(f"{seed}-leaver-homes")
    summer_ends = sorted({max(d for d in days if academic_start(d) == a) for a in {academic_start(d) for d in days}})
    summer_ends = [d for d in summer_ends if d.month == 7] or days[-1:]
    ends = [y for y in (11, 13) if y in years] or [years[-1]]
    rows = []
    for n_left in range(n):
        if rng.random() < 0.7:
            left, y = rng.choice(summer_ends), rng.choice(ends)
        else:
            left, y = rng.choice(days), rng.choice(years)
        family = rng.choice(SURNAMES)
        row = _pupil(rng, y, family, f"L{seed % 1000:03d}-{n_left:05d}", used, left)
        rows.append(replace(row, family=_home(homes, family), left_on=left))
    return rows


def _home(rng: random.Random, surname: str) -> Family:
    """A household's family as a MIS holds it: a fictional address and phones (Ofcom's drama range)."""
    language = rng.choices(list(_LANGUAGES), list(_LANGUAGES.values()))[0]
    first = Contact(
        f"{rng.choice(FIRST_NAMES)} {surname}",
        "Parent",
        True,
        f"07700 900{rng.randrange(1000):03d}",
    )
    second = Contact(
        f"{rng.choice(FIRST_NAMES)} {rng.choice((surname, rng.choice(SURNAMES)))}",
        rng.choice(("Parent", "Step-parent", "Grandparent", "Carer")),
        rng.random() < 0.5,
        f"07700 900{rng.randrange(1000):03d}",
    )
    return Family(
        address=f"{rng.randrange(1, 120)} {rng.choice(_STREETS)}, Testbury, ZZ9 {rng.randrange(10)}QX",
        first_language=language,
        interpreter=None if language == "English" else rng.random() < 0.3,
        ethnicity=rng.choices(list(_ETHNICITIES), list(_ETHNICITIES.values()))[0],
        gp=f"{rng.choice(('Testbury', 'Brookside', 'Millfield'))} Medical Centre",
        contacts=(first, second) if rng.random() < 0.7 else (first,),
    )


def staff_accounts(rng: random.Random, n_staff: int) -> list[tuple[str, str, str]]:
    """(username, name, role): t001 is the demo teacher; the last few are DSLs, the very last
    the demo DSL (see demo.py)."""
    n_dsl = max(2, min(4, n_staff // 20))
    return [
        (f"t{i:03d}", f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}", "dsl" if i > n_staff - n_dsl else "staff")
        for i in range(1, n_staff + 1)
    ]


def _pupil(rng: random.Random, y: int, family: str, household: str, used: set[str], today: date) -> RosterRow:
    """One pupil in year `y`, born in the right academic year; a few go by another surname."""
    born = date(academic_start(today) - y - 5, 9, 1) + timedelta(days=rng.randrange(365))
    assert year_group(born, today) == y
    flags = tuple(f for f, p in PUPIL_FLAGS if rng.random() < p)
    given = rng.choice(FIRST_NAMES)
    preferred = rng.choice(FIRST_NAMES[:10]) if rng.random() < 0.03 else ""
    upn = _upn(rng, used)
    surname = family if rng.random() < 0.9 else rng.choice(SURNAMES)
    label = {-1: "N", 0: "R"}.get(y, str(y))
    return RosterRow(upn, given, surname, born, label, household, preferred, rng.choice("FM"), flags)


def _upn(rng: random.Random, used: set[str]) -> str:
    while True:
        rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ")  # drawn and dropped, so the rest of the school is as before
        rest = "".join(rng.choice("0123456789") for _ in range(12))
        upn = f"{check_letter(rest)}{rest}"  # a valid DfE check letter, as a real MIS export has
        if upn not in used:
            used.add(upn)
            return upn
