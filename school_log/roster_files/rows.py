"""One pupil as a roster file describes them: `RosterRow`, and the checks that make one from a row's cells."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from typing import TypeVar

from school_log.errors import InputError
from school_log.model import Family, Pupil
from school_log.roster_files import checks
from school_log.roster_files.family import row_family

T = TypeVar("T")


#: The pupil's own fields (a transfer bundle describes a pupil with exactly these).
PUPIL_FIELDS = (
    "upn", "given_name", "family_name", "date_of_birth", "year_group", "household",
    "preferred_name", "preferred_surname", "middle_names", "sex", "flags",
)  # fmt: skip


@dataclass(frozen=True)
class RosterRow:
    """One pupil as the roster file describes them, already validated and normalised.

    `household_stated` is False when the file gave no household and it was worked out (shared
    contacts or address, else the pupil alone): the roster then keeps a household a DSL set."""

    upn: str
    given_name: str
    family_name: str
    date_of_birth: date
    year_group: str
    household: str
    preferred_name: str = ""
    sex: str = ""
    flags: tuple[str, ...] = ()
    preferred_surname: str = ""
    middle_names: str = ""
    family: Family = field(default=Family(), compare=False)
    household_stated: bool = field(default=True, compare=False)
    left_on: date | None = None  # the MIS's leaving date, once it has passed: the pupil has left

    def as_pupil(self, pupil_id: str) -> Pupil:
        """The pupil this row describes, as the roster keeps them under `pupil_id`."""
        return Pupil(
            pupil_id, self.upn, self.given_name, self.family_name, self.date_of_birth, self.year_group,
            self.household, self.preferred_name, self.sex, self.flags, self.preferred_surname, self.middle_names,
            self.left_on,
        )  # fmt: skip


def make_row(
    where: str, raw: Mapping[str, str], labels: Mapping[str, str], today: date, family: Family | None = None
) -> RosterRow:
    """Validate one row's raw strings; `labels` maps field names to what the file calls them; `family`, when
    not given, is read from the row's family columns."""

    def check(field: str, validate: Callable[[str], T]) -> T:
        try:
            return validate(raw.get(field) or "")
        except checks.Bad as bad:
            raise InputError(f"{where}, {labels.get(field, field)}: {bad}") from None

    upn = check("upn", checks.upn)
    household = check("household", checks.text)
    return RosterRow(
        upn=upn,
        given_name=check("given_name", checks.name),
        family_name=check("family_name", checks.name),
        date_of_birth=check("date_of_birth", partial(checks.date_of_birth, today=today)),
        year_group=check("year_group", checks.text),
        # No household given: the child is a household of their own until shared contacts say otherwise.
        household=household or upn,
        preferred_name=check("preferred_name", checks.text),
        sex=check("sex", checks.text),
        flags=check("flags", checks.flags),
        preferred_surname=check("preferred_surname", checks.text),
        middle_names=check("middle_names", checks.text),
        family=row_family(check) if family is None else family,
        household_stated=bool(household),
        left_on=check("leaving_date", partial(checks.leaving_date, today=today)),
    )


def check_pupil(where: str, fields: Mapping[str, object], today: date) -> RosterRow:
    """A pupil described elsewhere (another school's transfer bundle) checked as a roster file's row is:
    `fields` as a pupil's stored fields (text, the date of birth as YYYY-MM-DD, flags as a list)."""
    flags = fields.get("flags") or []
    if not isinstance(flags, list) or not all(isinstance(flag, str) for flag in flags):
        raise InputError(f"{where}, flags: must be a list of text")
    raw = {name: value for name, value in fields.items() if name != "flags" and isinstance(value, str)}
    unknown = sorted(set(fields) - set(PUPIL_FIELDS))
    if unknown or len(raw) != len(set(fields) - {"flags"}):
        raise InputError(f"{where}: not a pupil as school-log describes one ({', '.join(unknown) or 'not text'})")
    return make_row(where, raw | {"flags": ";".join(flags)}, {}, today)
