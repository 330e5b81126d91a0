"""The family a roster row describes: contacts, address, language, SEND, GP; also as typed in the app.

The CSV's family columns are all optional; a contact with details but no name is
refused. The same checks serve the DSL's family form (`family_from_form`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import partial
from typing import Protocol, TypeVar

from school_log.errors import InputError
from school_log.model import Contact, Family
from school_log.roster_files import checks

T = TypeVar("T")

MAX_CONTACTS = 3
CONTACT_COLUMNS: dict[str, tuple[str, ...]] = {
    "name": ("Name",),
    "relationship": ("Relationship",),
    "parental_responsibility": ("Parental Responsibility", "PR"),
    "phone": ("Phone", "Telephone", "Mobile"),
    "email": ("Email", "Email Address"),
    "address": ("Address",),
}


class Check(Protocol):
    """Reads one field of a row with a validator, saying where it is wrong."""

    def __call__(self, field: str, validate: Callable[[str], T], /) -> T: ...


def row_family(check: Check) -> Family:
    """The family columns of one CSV row (all optional)."""
    contacts = []
    for n in range(1, MAX_CONTACTS + 1):
        given = {
            part: check(f"contact{n}_{part}", checks.text)
            for part in CONTACT_COLUMNS
            if part != "parental_responsibility"
        }
        responsible = check(f"contact{n}_parental_responsibility", checks.yes_no)
        if not given["name"] and (any(given.values()) or responsible is not None):
            check(f"contact{n}_name", partial(checks.nameless, n))
        if given["name"]:
            contacts.append(Contact(**given, parental_responsibility=bool(responsible)))
    address, postcode = check("address", checks.text), check("postcode", checks.text)
    if postcode and checks.comparable(postcode) not in checks.comparable(address):
        address = ", ".join(part for part in (address, postcode) if part)
    return Family(
        address=address,
        first_language=check("first_language", checks.text),
        interpreter=check("interpreter", checks.yes_no),
        ethnicity=check("ethnicity", checks.text),
        send=check("send", checks.text),
        gp=check("gp", checks.text),
        contacts=tuple(contacts),
        household_members=check("household_members", checks.items),
    )


def family_from_form(fields: Mapping[str, str]) -> Family:
    """The family as a DSL typed it in the app, keyed by CSV column name, each field checked as a roster
    file's column is; a problem names its field (form "family")."""

    def check(field: str, validate: Callable[[str], T]) -> T:
        try:
            return validate(fields.get(field) or "")
        except checks.Bad as bad:
            raise InputError(str(bad), form="family", field=field) from None

    return row_family(check)
