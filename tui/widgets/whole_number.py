"""A box for a whole number that refuses anything else as it is typed, and says so."""

from __future__ import annotations

from textual.message import Message
from textual.widgets import Input


class WholeNumber(Input):
    """Digits only (up to `digits` of them): a letter is refused at once, and `Refused` posted so the
    form can say why, instead of Textual's integer box keeping a lone "-" from "four oval…"."""

    class Refused(Message):
        """A key that is not a digit was typed into the box."""

        def __init__(self, box: WholeNumber) -> None:
            super().__init__()
            self.box = box

        @property
        def control(self) -> WholeNumber:
            return self.box

    def __init__(self, digits: int = 4, **kwargs: object) -> None:
        super().__init__(restrict=rf"[0-9]{{0,{digits}}}", select_on_focus=False, **kwargs)  # type: ignore[arg-type]

    def restricted(self) -> None:
        self.post_message(self.Refused(self))
