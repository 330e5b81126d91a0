"""Who saw an injury happen: recorded on a body mark, from the JSON and the mark form, read back."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest
from textual.app import App
from textual.widgets import Input, Label, Select

from school_log.codec import from_payload, to_payload
from school_log.errors import InputError
from school_log.forms.inputs import parse_concern
from school_log.model import BodyMark, Concern
from tui.screens.mark_form import MarkFormModal

KNEE = {"view": "front", "region": "left-knee-front", "type": "graze"}
NOW = datetime(2026, 11, 23, 12, tzinfo=UTC)
"""The school's clock, for checking a concern's time."""


def test_json_mark_takes_an_optional_witness() -> None:
    """A concern's JSON may say who saw a mark happen; leaving it out means nobody did."""
    data = {
        "pupil": "A1",
        "what_happened": "Fell in PE",
        "body_marks": [KNEE | {"witnessed_by": " Mr Patel, PE "}, KNEE],
    }
    seen, unseen = parse_concern(data, NOW)["body_marks"]
    assert seen.witnessed_by == "Mr Patel, PE" and unseen.witnessed_by == ""
    with pytest.raises(InputError, match=r"^body mark 1, witnessed_by: must be text$"):
        parse_concern(data | {"body_marks": [KNEE | {"witnessed_by": 3}]}, NOW)


def test_entries_written_before_the_witness_field_still_read() -> None:
    """A sealed concern from before `witnessed_by` existed opens, with no witness."""
    at = datetime(2026, 11, 23, 9, tzinfo=UTC)
    concern = Concern("c1", "p1", "t1", at, at, "Graze", body_marks=(BodyMark("front", "left-knee-front", "graze"),))
    payload = to_payload(concern)
    assert payload["body_marks"][0]["witnessed_by"] == ""
    del payload["body_marks"][0]["witnessed_by"]
    old = from_payload("concern", payload, id="c1", pupil_id="p1", author_id="t1", recorded_at=at)
    assert old == concern
    with_witness = Concern(
        **{**concern.__dict__, "body_marks": (BodyMark("front", "left-knee-front", "graze", witnessed_by="Ms Lee"),)}
    )
    back = from_payload("concern", to_payload(with_witness), id="c1", pupil_id="p1", author_id="t1", recorded_at=at)
    assert back.body_marks[0].witnessed_by == "Ms Lee"


class _Host(App[None]):
    """Just the mark form, so the test presses its keys and reads what it returns."""

    def __init__(self) -> None:
        super().__init__()
        self.result: BodyMark | None = None

    def on_mount(self) -> None:
        self.push_screen(MarkFormModal("front", "left-knee-front", None, None, 1), self._done)

    def _done(self, mark: BodyMark | None) -> None:
        self.result = mark


def test_mark_form_records_who_saw_it_happen() -> None:
    """The mark form has a 'Seen happen by' field; what is typed there is saved on the mark."""

    async def scenario() -> None:
        app = _Host()
        async with app.run_test(size=(100, 40)) as pilot:
            await pilot.pause()
            form = app.screen
            assert isinstance(form, MarkFormModal)
            assert any("Seen happen by" in str(label.render()) for label in form.query(Label))
            form.query_one("#type", Select).value = "graze"
            form.query_one("#witnessed_by", Input).focus()
            await pilot.press(*"Ms", "space", *"Lee")
            await pilot.press("ctrl+s")
            await pilot.pause()
        assert app.result is not None and app.result.type == "graze" and app.result.witnessed_by == "Ms Lee"

    asyncio.run(scenario())
