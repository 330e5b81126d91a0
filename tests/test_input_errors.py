"""An input problem names its form and field as data: its one line is built from them, and a screen
places it by the field it names, whatever its words say."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from functools import partial
from typing import Any

import pytest
from textual.app import ComposeResult
from textual.widgets import Input, TextArea

from school_log.errors import AuthError, InputError, SchoolLogError
from school_log.forms import inputs as forms
from school_log.forms.problems import problems
from tests.factory import make_school
from tests.pilot import open_record, run_app, unlock
from tui.app import SchoolLogApp
from tui.screens.addendum import AddendumModal
from tui.screens.base import SchoolApp
from tui.screens.mark_form import MarkFormModal
from tui.screens.modal_form import FormModal
from tui.widgets.field_error import FieldError

REWORDED = "whatever words, even: a colon and, commas"
NOW = datetime(2026, 11, 30, 12, tzinfo=UTC)
"""The school's clock, for the forms holding a time."""
parse_concern = partial(forms.parse_concern, now=NOW)
parse_notification = partial(forms.parse_notification, now=NOW)


@pytest.mark.parametrize(
    ("error", "line"),
    [
        (InputError("is required and must not be empty", form="decision", field="rationale"), "decision, rationale: "),
        (InputError("expected a JSON object", form="concern"), "concern: "),
        (InputError("the two passphrases differ", field="passphrase"), ""),
        (InputError("no pupil 'x' on the roster"), ""),
    ],
)
def test_the_one_line_is_form_field_and_problem(error: InputError, line: str) -> None:
    """'<form>, <field>: <problem>'; a field without a form only places the problem (it names its subject)."""
    assert str(error) == line + error.problem


@pytest.mark.parametrize(
    ("parse", "data", "form", "field", "line"),
    [
        (parse_concern, {"what_happened": "x"}, "concern", "pupil", "is required and must not be empty"),
        (parse_concern, {"pupil": "p", "what_happened": 3}, "concern", "what_happened", "must be text"),
        (parse_concern, {"pupil": "p", "what_happened": "a\x00"}, "concern", "what_happened", None),
        (parse_notification, {"pupil": "p", "agency": "x", "summary": "s"}, "notification", "agency", None),
        (forms.parse_decision, {"level": 5}, "decision", "level", "must be a whole number from 1 to 4"),
        (forms.parse_task, {"text": "t", "assignee": "a", "due": "soon"}, "task", "due", None),
        (forms.parse_addendum, {"text": "x" * 20_001}, "addendum", "text", "is longer than 20000 characters"),
        (forms.parse_addendum, {"text": "t", "x": 1}, "addendum", None, "unknown field 'x' (allowed: text)"),
        (forms.parse_task_done, [], "task done", None, "expected a JSON object"),
    ],
)
def test_a_pydantic_error_is_todays_line_with_its_form_and_field(
    parse: Any, data: Any, form: str, field: str | None, line: str | None
) -> None:
    """The model's first error becomes one InputError naming the form and field (the words as they always were)."""
    with pytest.raises(InputError) as caught:
        parse(data)
    error = caught.value
    assert (error.form, error.field) == (form, field)
    assert str(error) == f"{form}, {field}: {error.problem}" if field else f"{form}: {error.problem}"
    if line is not None:
        assert error.problem == line


def test_a_mark_error_in_a_concern_names_the_mark_and_its_field() -> None:
    mark = {"view": "front", "region": "left-knee-front", "type": "punch"}
    with pytest.raises(InputError) as caught:
        forms.parse_concern({"pupil": "p", "what_happened": "w", "body_marks": [mark]}, NOW)
    assert (caught.value.form, caught.value.field) == ("body mark 1", "type")
    assert str(caught.value).startswith("body mark 1, type: 'punch' is not one of: ")


def test_every_problem_is_found_by_the_field_it_names_not_its_words() -> None:
    """`problems` stands in for each field the errors name, so a reworded problem is still passed over."""

    def parse(data: dict[str, Any]) -> None:
        for field in ("a", "b"):
            if data[field] != "ok":
                raise InputError(REWORDED, form="test", field=field)

    found = problems(parse, {"a": "bad", "b": "bad"}, {"a": "ok", "b": "ok"})
    assert [e.field for e in found] == ["a", "b"]


class _Form(FormModal):
    """Two fields and the form's own line; `problems` says what the test gives it."""

    def __init__(self, found: list[SchoolLogError]) -> None:
        super().__init__()
        self.found = found

    def compose(self) -> ComposeResult:
        yield Input(id="title")
        yield self.error_slot("title")
        yield TextArea(id="notes")
        yield self.error_slot("notes")
        yield from self.buttons()

    def problems(self) -> list[SchoolLogError]:
        return self.found


class _Host(SchoolApp[None]):
    def __init__(self, screen: Any) -> None:
        super().__init__()
        self.form = screen

    def on_mount(self) -> None:
        self.push_screen(self.form)


def _shown(form: Any, press: str | None = None, *errors: SchoolLogError) -> dict[str, str]:
    """What each error line says after `press` (or after `errors` are shown), by its id."""

    async def scenario() -> dict[str, str]:
        app = _Host(form)
        async with app.run_test(size=(100, 40)) as pilot:
            await pilot.pause()
            if press:
                await pilot.press(press)
            else:
                form.show_errors(list(errors))
            await pilot.pause()
            return {line.id or "": str(line.render()) for line in form.query(FieldError) if line.display}

    return asyncio.run(scenario())


def test_a_reworded_problem_stays_under_the_field_it_names() -> None:
    """Whatever the words (commas, colons, another field's name), the problem is said under its field."""
    found: list[SchoolLogError] = [InputError(REWORDED, form="title, form", field="notes")]
    assert _shown(_Form(found), "ctrl+s") == {"notes-error": "Whatever words, even: a colon and, commas"}
    unplaced: list[SchoolLogError] = [AuthError("title, notes: not a field at all")]
    assert _shown(_Form(unplaced), "ctrl+s") == {"form-error": "Title, notes: not a field at all"}


def test_the_first_field_with_a_problem_is_focused() -> None:
    async def scenario() -> str | None:
        form = _Form([InputError(REWORDED, form="x", field="notes"), InputError(REWORDED, form="x", field="title")])
        app = _Host(form)
        async with app.run_test(size=(100, 40)) as pilot:
            await pilot.pause()
            await pilot.press("ctrl+s")
            await pilot.pause()
            return app.focused.id if app.focused else None

    assert asyncio.run(scenario()) == "title"


def test_a_mark_field_sharing_a_row_is_said_on_that_rows_line() -> None:
    """The mark form's size, shape and colour share one line; the field's own name leads the problem."""
    form = MarkFormModal("front", "left-knee-front", None, None, 1)
    shown = _shown(form, None, InputError(REWORDED, form="body mark 1", field="colour"))
    assert shown == {"size-error": f"Colour: {REWORDED[:1].upper()}{REWORDED[1:]}"}


def test_an_addendum_problem_is_said_under_its_text() -> None:
    form = AddendumModal("e1", "about", "p1")  # nothing is saved in this test
    shown = _shown(form, None, InputError("is required and must not be empty", form="addendum", field="text"))
    assert shown == {"text-error": "The addendum is required and must not be empty"}


def test_a_body_mark_problem_is_said_under_the_concerns_marks(tmp_path, monkeypatch) -> None:
    """On the record form a problem with any field of a mark is said under the list of marks."""
    fixture = make_school(tmp_path, monkeypatch)

    async def body(app: SchoolLogApp, pilot: Any) -> None:
        await unlock(pilot, "tom")
        record = await open_record(pilot)
        record.show_error(InputError(REWORDED, form="body mark 2", field="explained_by"))
        await pilot.pause()
        said = {line.id: str(line.render()) for line in record.query(FieldError) if line.display}
        assert said == {"body_marks-error": f"Body mark 2, explained_by: {REWORDED}"}
        record.clear_errors()
        record.show_error(InputError(REWORDED, form="concern", field="location"))
        await pilot.pause()
        said = {line.id: str(line.render()) for line in record.query(FieldError) if line.display}
        assert said == {"location-error": f"Where: {REWORDED}"}

    run_app(fixture.url, body)
