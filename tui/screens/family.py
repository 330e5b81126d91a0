"""The child's family and siblings, as the roster holds them: a DSL reads, corrects, links and unlinks.

Opened from the pupil's chronology (`y`). What the MIS sent (CTF or CSV) is shown as
the referral pack will print it; `e` corrects it, `l` links another pupil on roll as
a sibling, `u` takes the highlighted sibling out of this household. Each change is a
new roster record, sealed and signed like an import, so it stands until changed again.
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import DataTable, Footer, Input, Label, Select, Static, TextArea

from school_log.errors import SchoolLogError
from school_log.model import Contact, Family, Pupil
from school_log.roster_files.family import MAX_CONTACTS, family_from_form
from tui.screens.base import SchoolScreen
from tui.screens.confirm import ConfirmModal
from tui.screens.modal_form import FormModal
from tui.widgets.choices import Choice, Tick
from tui.widgets.pupil_picker import PupilPickerModal, describe
from tui.wording import year

_TEXT_FIELDS = (
    ("address", "The child's address"),
    ("first_language", "First language"),
    ("ethnicity", "Ethnicity"),
    ("send", "SEND (special educational needs and disabilities)"),
    ("gp", "GP"),
)
_CONTACT_FIELDS = (("name", "Name"), ("relationship", "Relationship"), ("phone", "Phone"), ("email", "Email"))


def family_lines(family: Family) -> Content:
    """The family as the referral pack prints it, one fact a line."""
    if family == Family():
        return Content.from_markup("[$text-muted]No family details are recorded yet (e: add them).[/]")
    interpreter = {True: "interpreter needed", False: "no interpreter needed", None: ""}[family.interpreter]
    language = ", ".join(part for part in (family.first_language, interpreter) if part)
    facts = [
        ("Address", family.address),
        ("First language", language),
        ("Ethnicity", family.ethnicity),
        ("SEND", family.send),
        ("GP", family.gp),
        *((f"Contact {n}", _contact_line(contact)) for n, contact in enumerate(family.contacts, 1)),
        ("Others at home", "; ".join(family.household_members)),
    ]
    return Content("\n").join(
        Content.from_markup("[b]$label:[/b] $value", label=label, value=value or "not recorded")
        for label, value in facts
    )


def _contact_line(contact: Contact) -> str:
    about = ", ".join(
        p for p in (contact.relationship, "parental responsibility" * contact.parental_responsibility) if p
    )
    return (
        f"{contact.name}"
        + (f" ({about})" if about else "")
        + "".join(f" · {p}" for p in (contact.phone, contact.email, contact.address) if p)
    )


class FamilyModal(FormModal):
    """Correct or add the family: each field as the roster file's column of the same name."""

    FIRST_FIELD = "address"
    DONE = "Family details saved"

    def __init__(self, pupil: Pupil, family: Family) -> None:
        super().__init__()
        self.pupil, self.family = pupil, family

    def compose(self) -> ComposeResult:
        family = self.family
        with VerticalScroll(classes="log-dialog form-box"):
            yield Label("The child and family", classes="log-dialog-title")
            yield Static(f"Pupil: {describe(self.pupil)}", classes="log-hint")
            for field, label in _TEXT_FIELDS:
                yield Label(label, classes="log-label -optional")
                yield Input(getattr(family, field), id=field, select_on_focus=False)
                yield self.error_slot(field)
            yield Label("Interpreter needed?", classes="log-label -optional")
            yield Choice([("Yes", "yes"), ("No", "no")], prompt="Not known…", id="interpreter", value=_yes_no(family))
            for n in range(1, MAX_CONTACTS + 1):
                contact = family.contacts[n - 1] if n <= len(family.contacts) else None
                yield Label(f"Parent or carer {n}", classes="log-section-title")
                for part, label in _CONTACT_FIELDS:
                    yield Label(label, classes="log-label -optional")
                    yield Input(
                        getattr(contact, part) if contact else "", id=f"contact{n}_{part}", select_on_focus=False
                    )
                    yield self.error_slot(f"contact{n}_{part}")
                yield Label("Address, if not the child's", classes="log-label -optional")
                yield Input(contact.address if contact else "", id=f"contact{n}_address", select_on_focus=False)
                yield self.error_slot(f"contact{n}_address")
                yield Tick(
                    "Has parental responsibility",
                    contact.parental_responsibility if contact else False,
                    id=f"contact{n}_parental_responsibility",
                )
            yield Label("Others at home (one a line, e.g. 'Dan Price (stepfather)')", classes="log-label -optional")
            yield TextArea("\n".join(family.household_members), id="household_members")
            yield self.error_slot("household_members")
            yield from self.buttons()

    def fields(self) -> dict[str, str]:
        """The form as the roster file's columns."""
        fields = {field: self.query_one(f"#{field}", Input).value for field, _ in _TEXT_FIELDS}
        interpreter = self.query_one("#interpreter", Select).value
        fields["interpreter"] = "" if interpreter is Select.NULL else str(interpreter)
        for n in range(1, MAX_CONTACTS + 1):
            for part in (*(p for p, _ in _CONTACT_FIELDS), "address"):
                fields[f"contact{n}_{part}"] = self.query_one(f"#contact{n}_{part}", Input).value
            ticked = self.query_one(f"#contact{n}_parental_responsibility", Tick).value
            fields[f"contact{n}_parental_responsibility"] = "yes" if ticked else ""
        fields["household_members"] = ";".join(self.query_one("#household_members", TextArea).text.splitlines())
        return fields

    def problems(self) -> list[SchoolLogError]:
        try:
            family_from_form(self.fields())
        except SchoolLogError as error:
            return [error]
        return []

    def save(self) -> None:
        if not self.school.roster.set_family(self.pupil.id, family_from_form(self.fields())):
            self.notify("Nothing changed.")


def _yes_no(family: Family) -> Any:
    return Select.NULL if family.interpreter is None else ("yes" if family.interpreter else "no")


class FamilyScreen(SchoolScreen[bool]):
    """The family, and the siblings on roll with link and unlink. Dismisses True if anything changed."""

    DEFAULT_CSS = """
    #family-pane { padding: 0 1; }
    #family { margin-bottom: 1; }
    #siblings { height: auto; max-height: 12; }
    """

    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("e", "edit", "Edit family"),
        Binding("l", "link", "Link a sibling"),
        Binding("u", "unlink", "Unlink sibling"),
    ]

    def __init__(self, pupil_id: str) -> None:
        super().__init__()
        self.pupil_id = pupil_id
        self.changed = False
        self.on_roll: list[Pupil] = []

    def compose(self) -> ComposeResult:
        yield Static(id="family-title", classes="log-title-bar")
        with VerticalScroll(id="family-pane"):
            yield Static(id="family")
            yield Label("Siblings on roll (same household)", classes="log-section-title")
            yield DataTable(id="siblings", cursor_type="row")
            yield Static("e edit family · l link a sibling · u unlink the highlighted sibling", classes="log-hint")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#siblings", DataTable).add_columns("Name", "Year", "UPN")
        self.load()
        self.query_one("#siblings", DataTable).focus()

    @property
    def pupil(self) -> Pupil:
        return self.school.roster.pupil(self.pupil_id)

    def load(self) -> None:
        roster = self.school.roster
        pupil = self.pupil
        self.query_one("#family-title", Static).update(f"The child and family: {describe(pupil)}")
        self.query_one("#family", Static).update(family_lines(roster.family(pupil)))
        self.on_roll = roster.household(pupil)
        table = self.query_one("#siblings", DataTable)
        table.clear()
        for sibling in self.on_roll:
            table.add_row(sibling.name, year(sibling), sibling.upn, key=sibling.id)
        if not self.on_roll:
            table.add_row("No siblings on roll (l: link one)", "", "")

    def _changed(self, message: str) -> None:
        self.changed = True
        self.load()
        self.notify(message)

    def action_back(self) -> None:
        self.dismiss(self.changed)

    def action_edit(self) -> None:
        pupil = self.pupil
        self.app.push_screen(
            FamilyModal(pupil, self.school.roster.family(pupil)),
            lambda saved: self._changed(FamilyModal.DONE) if saved else None,
        )

    def action_link(self) -> None:
        name = self.pupil.name

        def picked(sibling_id: str | None) -> None:
            if sibling_id is None:
                return
            try:
                linked = self.school.roster.link_sibling(self.pupil_id, sibling_id)
            except SchoolLogError as error:
                self.notify(str(error), severity="warning")
                return
            self._changed(f"{linked.name} linked as {name}'s sibling")

        self.app.push_screen(PupilPickerModal(f"Link which pupil as {name}'s sibling?"), picked)

    def action_unlink(self) -> None:
        table = self.query_one("#siblings", DataTable)
        if not self.on_roll:
            self.notify("No sibling to unlink.", severity="warning")
            return
        sibling = self.on_roll[table.cursor_row]
        question = f"Take {sibling.name} ({sibling.upn}) out of {self.pupil.name}'s household?"

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            try:
                self.school.roster.unlink_sibling(sibling.id)
            except SchoolLogError as error:
                self.notify(str(error), severity="warning")
                return
            self._changed(f"{sibling.name} is no longer linked as a sibling")

        self.app.push_screen(ConfirmModal("Unlink sibling", question, yes="Unlink", no="Keep"), answered)
