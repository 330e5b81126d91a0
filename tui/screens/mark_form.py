"""Describe one mark just placed on the body map: what it is, how big, and who explained it."""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Footer, Input, Label, Select

from school_log.body_regions import region
from school_log.errors import InputError, SchoolLogError
from school_log.forms.inputs import parse_mark
from school_log.model import EXPLAINED_BY, MARK_TYPES, BodyMark
from tui.drafting import fill, read_fields
from tui.screens.confirm import ask_to_discard
from tui.screens.modal_form import FormScreen, field_of
from tui.screens.narrative_offers import NOTHING, Heard, Kind, NarrativeOffers
from tui.widgets.choices import Choice, Tick
from tui.widgets.field_error import FieldError
from tui.widgets.whole_number import WholeNumber

FIELD_NAMES = {
    "type": "Type of mark",
    "size_mm": "Size",
    "shape": "Shape",
    "colour": "Colour",
    "explanation": "Explanation",
    "explained_by": "Who explained it",
}


class MarkFormModal(NarrativeOffers[BodyMark | None], FormScreen[BodyMark | None], ModalScreen[BodyMark | None]):
    """The mark's details, checked by `parse_mark`; returns the mark, or None if cancelled. What the concern's
    narrative says of a witness and an account (`told`) is offered for the empty boxes, filled only on F4 / F5."""

    FORM_SLOT = "mark"
    ERROR_SLOTS = {"size_mm": "size", "shape": "size", "colour": "size", "explained_by": "explanation"}
    """Fields sharing one error line (they sit on one row)."""
    CHOOSE = {"type": "choose a type of mark"}
    OFFER_FOCUS = {"witness": "#witnessed_by", "explanation": "#explanation"}

    BINDINGS = [
        Binding("ctrl+s", "save", "Add mark", priority=True),
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(
        self,
        view: str,
        region_id: str,
        x: float | None,
        y: float | None,
        number: int,
        fields: dict[str, Any] | None = None,
        told: Heard = NOTHING,
    ) -> None:
        """A blank description of the mark at this place, or one filled in with `fields` (from a draft)."""
        super().__init__()
        self.told = told
        self.view, self.region_id, self.x, self.y, self.number = view, region_id, x, y, number
        self._blank: dict[str, Any] = {}
        self._restoring = fields

    @staticmethod
    def check_place(view: str, region_id: str) -> None:
        """InputError unless a mark can be placed here (a draft's place is checked before its form opens)."""
        parse_mark({"view": view, "region": region_id, "type": MARK_TYPES[0]})

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="log-dialog mark-box"):
            yield Label(f"Mark {self.number}: {region(self.region_id).label}", classes="log-dialog-title")
            yield self.error_slot("mark")
            yield Label("Type of mark (type its first letters)", classes="log-label")
            yield Choice(((t.capitalize(), t) for t in MARK_TYPES), id="type", prompt="Choose the type…")
            yield self.error_slot("type")
            with Horizontal(classes="log-row"):
                with Vertical():
                    yield Label("Size in mm", classes="log-label")
                    yield WholeNumber(id="size_mm", placeholder="longest")
                with Vertical():
                    yield Label("Shape", classes="log-label")
                    yield Input(id="shape", placeholder="e.g. round", select_on_focus=False)
                with Vertical():
                    yield Label("Colour", classes="log-label")
                    yield Input(id="colour", placeholder="e.g. purple", select_on_focus=False)
                yield Tick("Skin broken", id="skin_broken")
            yield self.error_slot("size")
            with Horizontal(classes="log-row"):
                with Vertical():
                    yield Label("Explanation given", classes="log-label")
                    yield Input(id="explanation", placeholder="in their words", select_on_focus=False)
                with Vertical():
                    yield Label("Explained by", classes="log-label")
                    yield Choice(
                        ((e.capitalize() if e != "none" else "No one", e) for e in EXPLAINED_BY),
                        id="explained_by",
                        value="none",
                        allow_blank=False,
                    )
                with Vertical():
                    yield Label("Seen happen by (staff)", classes="log-label")
                    yield Input(id="witnessed_by", placeholder="e.g. Mr Patel, PE")
            yield self.error_slot("explanation")
            yield from self.offer_lines()
            with Horizontal(classes="log-buttons"):
                yield Button("Add mark (ctrl+s)", id="save", variant="primary")
                yield Button("Cancel (esc)", id="cancel")
        yield Footer()

    def on_mount(self) -> None:
        self._blank = read_fields(self)
        if self._restoring is not None:
            fill(self, self._restoring)
        self.query_one("#type", Select).focus()
        self.show_offers()

    def heard(self) -> Heard:
        return self.told

    def wanting(self) -> tuple[str, str]:
        seen, told = (self.query_one(f"#{key}", Input).value.strip() for key in ("witnessed_by", "explanation"))
        return "" if seen else "'Seen happen by'", "" if told else "the explanation"

    def fill(self, kind: Kind, heard: Heard) -> None:
        if kind == "witness":
            self.query_one("#witnessed_by", Input).value = heard.seen_by
        elif heard.told is not None:
            self.query_one("#explanation", Input).value = heard.told.words
            self.query_one("#explained_by", Select).value = heard.told.by

    @on(Input.Changed, "#witnessed_by, #explanation")
    def _typed_over_an_offer(self) -> None:
        self.show_offers()

    def typed(self) -> dict[str, Any] | None:
        """The fields as typed so far (None: nothing typed or chosen)."""
        fields = read_fields(self)
        return None if fields == self._blank else fields

    def form_data(self) -> dict[str, Any]:
        """The mark as `parse_mark` takes it."""
        kind = self.query_one("#type", Select).value
        size = self.query_one("#size_mm", Input).value.strip()
        return {
            "view": self.view,
            "region": self.region_id,
            "x": self.x,
            "y": self.y,
            "type": None if kind is Select.NULL else kind,
            "size_mm": int(size) if size else None,
            "shape": self.query_one("#shape", Input).value,
            "colour": self.query_one("#colour", Input).value,
            "skin_broken": self.query_one("#skin_broken", Checkbox).value,
            "explanation": self.query_one("#explanation", Input).value,
            "explained_by": self.query_one("#explained_by", Select).value,
            "witnessed_by": self.query_one("#witnessed_by", Input).value,
        }

    def describe(self, error: SchoolLogError) -> str:
        """'Size: ...' (the line may be shared by the fields of a row); anything else as the domain says it."""
        field = field_of(error)
        return f"{FIELD_NAMES[field]}: {super().describe(error)}" if field in FIELD_NAMES else str(error)

    @on(WholeNumber.Refused)
    def _not_a_number(self) -> None:
        self.query_one("#size-error", FieldError).say(
            "Size: numbers only, in mm (the shape and colour have their own boxes)"
        )

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        self.clear_errors()
        try:
            mark = parse_mark(self.form_data(), self.number)
        except InputError as error:
            self.show_error(error)
            return
        self.dismiss(mark)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Close without the mark; a description begun asks first."""
        if self.typed() is None:
            self._discard()
        else:
            ask_to_discard(self, "mark's description", self._discard)

    def _discard(self) -> None:
        self.dismiss(None)
