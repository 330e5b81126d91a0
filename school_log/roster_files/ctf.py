"""A DfE Common Transfer File (CTF XML): its pupils, their basic details and family, codes put into words."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from xml.etree.ElementTree import Element, ParseError

import defusedxml
import defusedxml.ElementTree as SafeET

from school_log.ctf_codes import ETHNICITY, LANGUAGES, SEN_NEEDS, SEN_PROVISION, in_words
from school_log.errors import InputError
from school_log.model import Contact, Family
from school_log.roster_files import checks
from school_log.roster_files.households import collect
from school_log.roster_files.rows import RosterRow, make_row

# What each row field is called in a CTF, so messages name what the user sees in the file.
_CTF_LABELS = {
    "upn": "UPN",
    "given_name": "Forename",
    "family_name": "Surname",
    "date_of_birth": "DOB",
    "year_group": "NCyearActual",
    "household": "Household",
    "preferred_name": "PreferredForename",
    "preferred_surname": "PreferredSurname",
    "middle_names": "MiddleNames",
    "sex": "Sex",
}


#: Fields a real CTF keeps inside each pupil's <BasicDetails>, not directly under <Pupil>.
_CTF_BASIC_DETAILS = frozenset({"NCyearActual", "PreferredForename", "PreferredSurname", "MiddleNames"})


def read_ctf(file: str, text: str, today: date) -> list[RosterRow]:
    """Parse with defusedxml: a roster comes from outside, so entities and external references are refused."""
    xml = text.lstrip()  # an XML declaration must come first; tolerate blank lines before it
    skipped_lines = text[: len(text) - len(xml)].count("\n")
    try:
        root = SafeET.fromstring(xml)
    except defusedxml.DefusedXmlException:
        raise InputError(
            f"{file}: refused: the XML declares entities or external references, which a CTF never needs"
        ) from None
    except ParseError as error:
        line, column = error.position
        raise InputError(f"{file} line {line + skipped_lines}, column {column}: not well-formed XML") from None
    if root.tag != "CTfile":
        raise InputError(f"{file}: not a Common Transfer File (the root element is <{root.tag}>, not <CTfile>)")
    pupils = root.findall("CTFpupilData/Pupil")
    return collect(_ctf_rows(file, pupils, today), file, "UPN")


def _ctf_rows(file: str, pupils: list[Element], today: date) -> Iterator[tuple[str, RosterRow]]:
    for number, pupil in enumerate(pupils, start=1):
        where = f"{file} Pupil #{number}"
        raw = {field: _ctf_text(pupil, tag) for field, tag in _CTF_LABELS.items()}
        yield where, make_row(where, raw, _CTF_LABELS, today, _ctf_family(where, pupil))


def _ctf_text(pupil: Element, tag: str) -> str:
    """A pupil's field: <BasicDetails> holds year and preferred names in a DfE CTF; some
    exports put them directly under <Pupil>, so that is read first."""
    found = pupil.findtext(tag)
    if found is None and tag in _CTF_BASIC_DETAILS:
        found = pupil.findtext(f"BasicDetails/{tag}")
    return found or ""


def _ctf_family(where: str, pupil: Element) -> Family:
    """<Address>, <Ethnicity>, <Languages>, <SENhistory> and <Contacts>, found wherever the export nests
    them under the pupil; codes put into words (school_log.ctf_codes)."""

    def text(tag: str, value: str) -> str:
        try:
            return checks.text(" ".join(value.split()))
        except checks.Bad as bad:
            raise InputError(f"{where}, {tag}: {bad}") from None

    languages = pupil.findall(".//Languages/Type")
    first = next((t for t in languages if (t.findtext("LanguageType") or "").strip().upper() == "FIRST"), None)
    language = (first if first is not None else languages[0]).findtext("Language", "") if languages else ""
    contacts = sorted(pupil.findall("Contacts/Contact"), key=lambda c: _order(c.findtext("Order")))
    return Family(
        address=text("Address", _ctf_address(pupil.find("Address"))),
        first_language=text("Language", in_words(LANGUAGES, language)),
        ethnicity=text("Ethnicity", in_words(ETHNICITY, pupil.findtext(".//Ethnicity", ""))),
        send=text("SENhistory", _ctf_send(pupil.find("SENhistory"))),
        contacts=tuple(_ctf_contact(text, contact) for contact in contacts if _ctf_name(contact)),
    )


def _order(value: str | None) -> int:
    return int(value) if value and value.strip().isdigit() else 99


def _ctf_name(contact: Element) -> str:
    return " ".join(" ".join((contact.findtext(tag) or "").split()) for tag in ("Title", "Forename", "Surname")).strip()


def _ctf_contact(text: Callable[[str, str], str], contact: Element) -> Contact:
    phones = [" ".join((p.findtext("PhoneNo") or "").split()) for p in contact.findall("Phones/Phone")]
    responsible = (contact.findtext("Responsibility") or "").strip().casefold() in checks.YES
    return Contact(
        name=text("Contact", _ctf_name(contact)),
        relationship=text("Relationship", contact.findtext("Relationship", "")),
        parental_responsibility=responsible,
        phone=text("Phones", ", ".join(p for p in phones if p)),
        email=text("Email", contact.findtext("Email", "")),
        address=text("Contact Address", _ctf_address(contact.find("Address"))),
    )


#: An address's parts in the order they are written (BS7666, then the <AddressLines> layout).
_ADDRESS_PARTS = ("SAON", "PAON", "Street", "Locality", "Town", "PostTown", "AdministrativeArea", "County")


_ADDRESS_LINES = tuple(f"AddressLine{n}" for n in range(1, 6))


def _ctf_address(address: Element | None) -> str:
    """An <Address> on one line: "12 Example Road, Testtown, ZZ9 9ZZ"; "" when there is none."""
    if address is None:
        return ""

    def part(tag: str) -> str:
        found = address.find(f".//{tag}")
        return " ".join("".join(found.itertext()).split()) if found is not None else ""

    first = " ".join(p for p in map(part, ("SAON", "PAON", "Street")) if p)
    rest = [part(tag) for tag in (*_ADDRESS_PARTS[3:], *_ADDRESS_LINES, "PostCode")]
    return ", ".join(p for p in (first, *rest) if p)


def _ctf_send(history: Element | None) -> str:
    """The latest <SEN> provision and its needs in rank order, e.g. "EHC plan: Autistic spectrum disorder (ASD)"."""
    if history is None:
        return ""
    provision = in_words(SEN_PROVISION, history.findtext(".//SENprovision", ""))
    needs = sorted(history.findall(".//SENneed"), key=lambda n: _order(n.findtext("SENtypeRank")))
    named = "; ".join(in_words(SEN_NEEDS, n.findtext("SENtype", "")) for n in needs if n.findtext("SENtype"))
    return ": ".join(p for p in (provision, named) if p)
