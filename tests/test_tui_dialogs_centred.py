"""Every dialog opens in the middle of the screen, over what it belongs to.

A dialog pinned to the top-left corner reads as part of the screen behind it: the
one-time code a DSL must hand over, or the question before a discard, is missed.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from textual.screen import ModalScreen

from tests.pilot import Host, run
from tui.screens.code_answer import CodeAnswerModal
from tui.screens.confirm import ConfirmModal
from tui.screens.one_time_code import OneTimeCodeModal
from tui.screens.staff_admin import AddStaffModal

SIZE = (100, 40)

DIALOGS: dict[str, Callable[[], ModalScreen]] = {
    "add a staff account": AddStaffModal,
    "one-time code": lambda: OneTimeCodeModal("tom", "ABCD-EFGH-JKLM"),
    "answer about a one-time code": lambda: CodeAnswerModal("A one-time code was made for your account."),
    "confirm": lambda: ConfirmModal("Leave?", "Leave without importing?"),
}


@pytest.mark.parametrize("name", DIALOGS)
def test_each_dialog_is_centred(school, name):
    """The dialog's box sits in the middle of the terminal, left and right and top and bottom."""

    async def body(pilot) -> None:  # type: ignore[no-untyped-def]
        pilot.app.push_screen(DIALOGS[name]())
        await pilot.pause()
        box = pilot.app.screen.query_one(".log-dialog").region
        width, height = SIZE
        assert abs((box.x + box.width / 2) - width / 2) <= 1, f"{name} is not centred across: {box}"
        assert abs((box.y + box.height / 2) - height / 2) <= 2, f"{name} is not centred down: {box}"

    run(Host(school.open("dana")), body, size=SIZE)
