"""Record a concern: facts, the child's words and opinion kept apart; body marks on a map.

Validation is the domain's (`school_log.forms.inputs.parse_concern`): its error names the
field, and the problem is shown under that field. Nothing is written until the
person confirms. What is typed is kept over a lock — the marks on an open body map
and a mark being described included — and put back exactly from the draft.
"""

from __future__ import annotations

from dataclasses import asdict
from functools import partial
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widget import Widget
from textual.widgets import (
    Button,
    Checkbox,
    Footer,
    Header,
    Input,
    Label,
    OptionList,
    Select,
    SelectionList,
    Static,
    TextArea,
)

from school_log.drafts import Unsaved
from school_log.errors import InputError, SchoolLogError
from school_log.forms import inputs as forms
from school_log.forms.problems import problems
from school_log.indicators.questions import Offer
from school_log.model import CATEGORIES, HURT_BY, HURT_BY_WORDS, BodyMark
from tui.drafting import fill, forget, read_fields
from tui.screens.base import SchoolScreen
from tui.screens.body_map_screen import BodyMapScreen
from tui.screens.body_marks import BodyMarks, kept_marks
from tui.screens.concern_fields import FIELD_NAMES, QUESTIONS, STAND_INS, labelled
from tui.screens.confirm import ConfirmModal, ask_to_discard
from tui.screens.modal_form import FormScreen, field_of
from tui.screens.narrative_offers import Heard, hear
from tui.screens.saved import SavedModal
from tui.widgets.choices import Choice, Tick, TickList
from tui.widgets.field_error import FieldError
from tui.widgets.pupil_picker import PupilPicker, describe
from tui.wording import TYPED_AS, as_typed, category, parse_typed


class RecordScreen(BodyMarks[str | None], FormScreen[str | None], SchoolScreen[str | None]):
    """The Record-a-concern form, scrolled so it is usable at 80×24; dismissed with the new entry's id."""

    FORM = "concern"
    NAME = "concern"
    ERROR_SLOTS = dict.fromkeys(forms.MarkForm.model_fields, "body_marks")
    """A body mark's problem is said under the list of marks."""
    CHOOSE = {"pupil": "choose a pupil"}
    OFFER_FOCUS = dict.fromkeys(("witness", "explanation"), "#what_happened")

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("escape", "cancel", "Cancel"),
        Binding("b", "body_map", "Body map", show=False),
        Binding("f2", "body_map", "Body map", priority=True),
        Binding("f3", "urgent", "Urgent", priority=True),
        Binding("x,delete", "remove_mark", "Remove mark"),
    ]

    def __init__(self, draft: Unsaved | None = None) -> None:
        """A blank form, or one filled in as `draft` left it."""
        super().__init__()
        self.marks: list[BodyMark] = []
        self._initial: tuple[Any, ...] = ()
        self._blank: dict[str, Any] = {}
        self._draft = draft
        self.draft_id = draft.id if draft else None
        self._map: BodyMapScreen | None = None  # the body map, while it is open over the form
        self._declined: set[str] = set()  # questions the teacher chose not to tick when offered

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="record-form"):
            yield Static("Record a concern", classes="log-screen-title")
            yield FieldError(id="form-error")
            yield Label("Which child?", classes="log-label")
            yield Static("No pupil chosen yet.", id="pupil-chosen", markup=False)
            yield PupilPicker(self.school, id="pupil")
            yield FieldError(id="pupil-error")
            with Horizontal(classes="log-row"):
                with Vertical():
                    yield from labelled(
                        "occurred_at",
                        f"When ({TYPED_AS}, school time)",
                        Input(as_typed(self.school.clock.now()), id="occurred_at", select_on_focus=False),
                    )
                with Vertical():
                    yield from labelled(
                        "location",
                        "Where",
                        Input(id="location", placeholder="e.g. playground, classroom 4", select_on_focus=False),
                    )
            yield from labelled(
                "categories",
                "Categories (space to tick; leave empty if unsure)",
                TickList[str](*((category(c), c) for c in CATEGORIES), id="categories"),
            )
            yield from labelled(
                "what_happened",
                "What happened: the facts",
                TextArea(id="what_happened"),
                "What you saw and heard, when and who was there. Facts only: your opinion goes below.",
            )
            yield from self.offer_lines()
            yield from labelled(
                "child_words",
                "The child's own words",
                TextArea(id="child_words"),
                "Exactly what the child said, as they said it. Do not tidy it up.",
            )
            yield Tick("Urgent: the child may be at risk of harm now (F3)", id="urgent")
            with Vertical(classes="opinion"):
                yield from labelled(
                    "opinion",
                    "Your opinion (kept apart from the facts)",
                    TextArea(id="opinion"),
                    "Why it worries you. This is recorded as opinion, not fact.",
                )
            yield from labelled("action_taken", "Action you took", TextArea(id="action_taken"))
            yield Label("Who you told", classes="log-label")
            yield TickList[str](*((dsl.name, dsl.name) for dsl in self.school.staff.dsls()), id="informed_dsls")
            yield from labelled(
                "informed",
                "Anyone else you told (comma-separated)",
                Input(id="informed", placeholder="e.g. class teacher, school nurse", select_on_focus=False),
            )
            yield from labelled(
                "hurt_by",
                "Did the child say someone hurt them, or someone at home? Who?",
                Choice[str](
                    [(HURT_BY_WORDS[who].capitalize(), who) for who in HURT_BY], prompt="Not said", id="hurt_by"
                ),
            )
            for key, words in QUESTIONS.items():
                yield Tick(words, id=key)
            yield Label("Body marks", classes="log-label")
            yield Static("Never photograph a mark: place it on the body map and describe it.", classes="log-hint")
            yield OptionList(id="body_marks", markup=False)
            yield FieldError(id="body_marks-error")
            with Horizontal(classes="log-buttons"):
                yield Button("Add marks on body map (F2)", id="open-body-map")
                yield Button("Remove selected mark (x)", id="remove-mark")
            with Horizontal(classes="log-buttons"):
                yield Button("Save concern (ctrl+s)", id="save", variant="primary")
                yield Button("Cancel (esc)", id="cancel")
        yield Footer()

    def on_mount(self) -> None:
        self._show_marks()
        self._initial = self._snapshot()
        self._blank = read_fields(self)
        self.query_one(PupilPicker).focus_search()
        if self._draft is not None:
            self._restore(self._draft)

    # --- kept over a lock -------------------------------------------------------

    def unsaved(self) -> Unsaved | None:
        """Everything typed or chosen, with the marks (those on an open map, and one being described)."""
        fields, pupil = read_fields(self), self.query_one(PupilPicker).pupil
        body_map = self._map
        context = {
            "marks": [asdict(mark) for mark in self.marks],
            "map": [asdict(mark) for mark in body_map.marks] if body_map else None,
            "mark": body_map.describing_state() if body_map else None,
        }
        if fields == self._blank and pupil is None and not any(context.values()):
            return None
        pupil_id = pupil.id if pupil else ""
        if self.draft_id is None:
            return Unsaved(self.FORM, pupil_id, fields, context)
        return Unsaved(self.FORM, pupil_id, fields, context, id=self.draft_id)

    def _restore(self, draft: Unsaved) -> None:
        fill(self, draft.fields)
        try:
            pupil = self.school.roster.pupil(draft.pupil_id) if draft.pupil_id else None
        except InputError:  # no longer on the roster: chosen again by the person
            pupil = None
        if pupil is not None:
            self.query_one(PupilPicker).choose(pupil)
        self.marks = kept_marks(draft.context.get("marks"))
        self._show_marks()
        on_map = draft.context.get("map")
        if isinstance(on_map, list):
            mark = draft.context.get("mark")
            self._open_map(kept_marks(on_map), mark if isinstance(mark, dict) else None)

    # --- reading the form ----------------------------------------------------

    def _snapshot(self) -> tuple[Any, ...]:
        """Everything typed or chosen, to tell whether cancelling would lose anything."""
        picker = self.query_one(PupilPicker)
        return (
            picker.pupil,
            *(i.value for i in self.query(Input)),
            *(t.text for t in self.query(TextArea)),
            *(tuple(ticks.selected) for ticks in self.query(SelectionList)),
            *(tick.value for tick in self.query(Checkbox)),
            self.query_one("#hurt_by", Choice).value,
            tuple(self.marks),
        )

    def _occurred_at(self) -> str:
        """The typed time as an ISO instant (InputError for a time that is not a time)."""
        when = self.query_one("#occurred_at", Input).value
        try:
            return parse_typed(when).isoformat()
        except ValueError:
            raise InputError(f"{when!r} is not a time: use {TYPED_AS}", form="concern", field="occurred_at") from None

    def problems(self) -> list[InputError]:
        """Every problem with the form at once (empty: it can be saved)."""
        parse = partial(forms.parse_concern, now=self.school.clock.now())
        try:
            self._occurred_at()
        except InputError as error:
            return [error, *problems(parse, self.form_data(typed_time=False), STAND_INS)]
        return problems(parse, self.form_data(), STAND_INS)

    def form_data(self, typed_time: bool = True) -> dict[str, Any]:
        """The form as `record_concern` takes it (InputError for a time that is not a time)."""
        picker = self.query_one(PupilPicker)
        occurred_at = self._occurred_at() if typed_time else None

        def text(key: str) -> str:
            return self.query_one(f"#{key}", TextArea).text

        return {
            "pupil": picker.pupil.id if picker.pupil else "",
            "occurred_at": occurred_at,
            "location": self.query_one("#location", Input).value,
            "categories": list(self.query_one("#categories", SelectionList).selected),
            "what_happened": text("what_happened"),
            "child_words": text("child_words"),
            "opinion": text("opinion"),
            "action_taken": text("action_taken"),
            "informed": [
                *self.query_one("#informed_dsls", SelectionList).selected,
                *self.query_one("#informed", Input).value.split(","),
            ],
            "urgent": self.query_one("#urgent", Checkbox).value,
            "hurt_by": self._hurt_by(),
            **{key: self.query_one(f"#{key}", Checkbox).value for key in QUESTIONS},
            "body_marks": [asdict(mark) for mark in self.marks],
        }

    def _hurt_by(self) -> str:
        value = self.query_one("#hurt_by", Choice).value
        return "" if value is Select.NULL else str(value)

    # --- errors ---------------------------------------------------------------

    def describe(self, error: SchoolLogError) -> str:
        """'What happened: this is required' under a field; anything else as the domain says it."""
        field = field_of(error)
        if field in FIELD_NAMES:
            problem = super().describe(error)
            return f"{FIELD_NAMES[field]}: {problem[:1].lower()}{problem[1:]}"
        message = str(error)
        return message[0].upper() + message[1:]

    def point_to(self, fields: list[tuple[Widget | None, FieldError]]) -> None:
        """Scroll to the first problem (the top of the form when it names no field) and focus its field."""
        form = self.query_one("#record-form", VerticalScroll)
        field = fields[0][0]
        if field is None:
            form.scroll_home(animate=False)
            return
        if isinstance(field, PupilPicker):
            field.focus_search(scroll_visible=False)
        elif field.focusable:
            field.focus(scroll_visible=False)
        form.scroll_to_center(field, animate=False)

    # --- pupil ----------------------------------------------------------------

    @on(PupilPicker.Selected)
    def _pupil_chosen(self, event: PupilPicker.Selected) -> None:
        self.query_one("#pupil-chosen", Static).update(f"Chosen: {describe(event.pupil)}")
        self.query_one("#pupil-error", FieldError).say("")
        self.query_one("#occurred_at", Input).focus()

    @on(TextArea.Changed, "#what_happened")
    def _narrative_changed(self) -> None:
        self.show_offers()

    def action_urgent(self) -> None:
        """Tick or untick Urgent from anywhere in the form."""
        self.query_one("#urgent", Checkbox).toggle()

    def heard(self) -> Heard:
        return hear(self.query_one("#what_happened", TextArea).text, self.school.me.name)

    # --- saving and cancelling -----------------------------------------------

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        """Check the form, ask once, then write it."""
        self.clear_errors()
        found = self.problems()
        if found:
            self.show_errors(found)
            return
        data = self.form_data()
        pupil = self.query_one(PupilPicker).pupil
        assert pupil is not None  # parse_concern requires one
        school = self.app.school
        offered = [o for o in school.log.offers(data) if o.field not in self._declined] if school else []
        if offered:
            self._offer(offered[0])
            return
        question = f"About {describe(pupil)}.\nOnce saved it is sealed: you can add to it later, not change it."

        def confirmed(yes: bool | None) -> None:
            if yes:
                self._write(data)

        self.app.push_screen(ConfirmModal("Save this concern?", question, yes="Save"), confirmed)

    def _offer(self, offer: Offer) -> None:
        """Ask once per question: the words answer it and its box is empty. "Tick it" ticks the box (who hurt
        the child as "not said who", for the teacher to correct) and returns to the form; "No" saves on."""

        def answered(tick: bool | None) -> None:
            if not tick:
                self._declined.add(offer.field)
                self.action_save()
                return
            if offer.field == "hurt_by":
                self.query_one("#hurt_by", Choice).value = "unknown"
            else:
                self.query_one(f"#{offer.field}", Checkbox).value = True
            field = self.query_one(f"#{offer.field}")
            field.focus(scroll_visible=False)
            self.query_one("#record-form", VerticalScroll).scroll_to_center(field, animate=False)

        title = "Tick this before saving?"
        self.app.push_screen(ConfirmModal(title, offer.text, yes="Tick it", no="No, save as it is"), answered)

    def _write(self, data: dict[str, Any]) -> None:
        school = self.app.school
        if school is None:
            return
        try:
            concern = school.log.record_concern(data)
        except InputError as error:
            self.show_error(error)
            return
        except SchoolLogError as error:
            self.query_one("#form-error", FieldError).say(f"Not saved: {error}")
            return
        problem = forget(school, self)
        if problem:
            self.notify(problem, severity="warning")
        dsls = [dsl.name for dsl in school.staff.dsls()]

        def seen(_: None) -> None:
            # Not awaited (nor returned, which Textual would await): this may run in this
            # screen's own message handler (a click on Save), where awaiting its dismiss is refused.
            self.dismiss(concern.id)

        self.app.push_screen(SavedModal(concern, dsls, school.log.reference(concern)), seen)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        if self._snapshot() == self._initial:
            self._discard()
            return
        ask_to_discard(self, self.NAME, self._discard)

    def _discard(self) -> None:
        school = self.app.school
        problem = forget(school, self) if school is not None else None
        if problem:
            self.app.notify(problem, severity="warning")
        self.dismiss()
