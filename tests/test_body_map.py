"""The BodyMap widget: picking a region by keyboard or mouse, and drawing marks."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

import pytest
from textual.app import App, ComposeResult
from textual.geometry import Offset
from textual.pilot import Pilot
from textual.widgets import Footer, Label

from school_log.errors import InputError
from school_log.model import MARK_TYPES, BodyMark
from tui.widgets.body_figures import (
    CANVAS_HEIGHT,
    CANVAS_WIDTH,
    FIGURE_HEIGHT,
    FIGURE_WIDTH,
    FIGURES_BY_VIEW,
    LABEL_ROWS,
    MARK_SYMBOLS,
    mark_cell,
    mark_cells,
    region_at,
    region_centre,
    step,
)
from tui.widgets.body_map import BodyMap

SIZE = (100, 30)


class BodyMapApp(App[None]):
    """A bare app holding one BodyMap and recording what it says."""

    def __init__(self, marks: tuple[BodyMark, ...] = (), repeats: frozenset[str] = frozenset()) -> None:
        super().__init__()
        self.marks = marks
        self.repeats = repeats
        self.picked: list[BodyMap.Picked] = []
        self.highlighted: list[BodyMap.Highlighted] = []

    def compose(self) -> ComposeResult:
        yield BodyMap(self.marks, self.repeats)
        yield Label("", id="where")
        yield Footer()

    def on_body_map_picked(self, message: BodyMap.Picked) -> None:
        self.picked.append(message)

    def on_body_map_highlighted(self, message: BodyMap.Highlighted) -> None:
        self.highlighted.append(message)
        self.query_one("#where", Label).update(message.region.label)


def run(app: BodyMapApp, body: Callable[[Pilot, BodyMap], Awaitable[None]]) -> None:
    async def main() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await body(pilot, app.query_one(BodyMap))

    asyncio.run(main())


def widget_offset(body_map: BodyMap, canvas: Offset) -> tuple[int, int]:
    """A content (canvas) offset as an offset from the widget's top-left, border included."""
    gutter = body_map.gutter
    return canvas.x + gutter.left, canvas.y + gutter.top


def test_figure_fits_a_small_terminal():
    """Both figures fit an 80x24 terminal and are big enough to hit with a mouse."""
    assert 18 <= FIGURE_HEIGHT <= 20 and 20 <= FIGURE_WIDTH <= 24
    assert CANVAS_WIDTH <= 76 and CANVAS_HEIGHT <= 21


def test_keyboard_pick_posts_region():
    """Arrow keys then Enter choose a region and report where on the figure it is."""
    app = BodyMapApp()

    async def body(pilot: Pilot, body_map: BodyMap) -> None:
        assert body_map.has_focus
        assert body_map.cursor_region.id == "scalp"
        await pilot.press("right", "down", "enter")
        await pilot.pause()
        assert [m.region_id for m in app.picked] == ["forehead"]
        picked = app.picked[0]
        assert picked.view == "front"
        assert picked.control is body_map
        assert 0 < picked.x < 1 and 0 < picked.y < 1
        cell = FIGURES_BY_VIEW["front"].cell_at(picked.x, picked.y)
        assert FIGURES_BY_VIEW["front"].cells[cell] == "forehead"

    run(app, body)


def test_cursor_movement_announces_region():
    """Moving the cursor tells the screen which region is under it, so it can be named live."""
    app = BodyMapApp()

    async def body(pilot: Pilot, body_map: BodyMap) -> None:
        assert app.highlighted[-1].region_id == "scalp"  # announced on mount
        await pilot.press("down", "down")
        await pilot.pause()
        assert [m.region_id for m in app.highlighted[-2:]] == ["forehead", "right-eye"]
        assert str(app.query_one("#where", Label).render()) == "Right eye"
        assert app.picked == []

    run(app, body)


def test_right_arrow_crosses_to_back_figure():
    """Moving right off the front figure continues onto the back figure."""
    app = BodyMapApp()

    async def body(pilot: Pilot, body_map: BodyMap) -> None:
        await pilot.press(*["right"] * 6, "enter")
        await pilot.pause()
        assert [(m.region_id, m.view) for m in app.picked] == [("back-of-head", "back")]

    run(app, body)


def test_cursor_skips_blank_cells_and_stays_on_figure():
    """The cursor never lands on a blank cell, whatever key is pressed."""
    cursor = region_centre("right-hand-front")
    for direction in [(1, 0), (-1, 0), (0, 1), (0, -1)] * 20:
        for _ in range(30):
            cursor = step(cursor, *direction)
            assert region_at(*cursor) is not None
    # Down from the right hand (viewer's left) lands on the right shin, not across the gap.
    below = step(region_centre("right-hand-front") + Offset(0, 1), 0, 1)
    assert region_at(*below)[3] == "right-shin"
    # At the far left edge, left does nothing.
    edge = Offset(2, LABEL_ROWS + 14)
    assert region_at(*edge)[3] == "right-hand-front"
    assert step(edge, -1, 0) == edge


def test_move_to_region_puts_cursor_there():
    """A screen can show an existing mark's region under the cursor."""
    app = BodyMapApp()

    async def body(pilot: Pilot, body_map: BodyMap) -> None:
        body_map.move_to_region("left-calf")
        await pilot.press("enter")
        await pilot.pause()
        assert body_map.cursor_region.label == "Left calf"
        assert [m.region_id for m in app.picked] == ["left-calf"]
        with pytest.raises(InputError):
            body_map.move_to_region("left-calve")

    run(app, body)


def test_click_picks_that_cell():
    """Clicking a figure cell picks exactly the region drawn there."""
    app = BodyMapApp()
    target = region_centre("left-upper-arm-front")

    async def body(pilot: Pilot, body_map: BodyMap) -> None:
        assert await pilot.click(BodyMap, offset=widget_offset(body_map, target))
        await pilot.pause()
        assert [m.region_id for m in app.picked] == ["left-upper-arm-front"]
        assert body_map.cursor == target
        assert app.highlighted[-1].region_id == "left-upper-arm-front"

    run(app, body)


def test_click_on_back_figure_picks_back_region():
    """A click on the back figure reports a back-view region."""
    app = BodyMapApp()
    target = region_centre("right-buttock")

    async def body(pilot: Pilot, body_map: BodyMap) -> None:
        await pilot.click(BodyMap, offset=widget_offset(body_map, target))
        await pilot.pause()
        assert [(m.region_id, m.view) for m in app.picked] == [("right-buttock", "back")]

    run(app, body)


def test_click_on_blank_cell_picks_nothing():
    """Clicking beside the body, on a label or on the border records nothing."""
    app = BodyMapApp()

    async def body(pilot: Pilot, body_map: BodyMap) -> None:
        blank = Offset(0, LABEL_ROWS + 5)
        assert region_at(*blank) is None
        await pilot.click(BodyMap, offset=widget_offset(body_map, blank))
        await pilot.click(BodyMap, offset=widget_offset(body_map, Offset(FIGURE_WIDTH + 1, LABEL_ROWS + 8)))
        await pilot.click(BodyMap, offset=widget_offset(body_map, Offset(9, 0)))  # the FRONT label
        await pilot.click(BodyMap, offset=(0, 0))  # the border
        await pilot.pause()
        assert app.picked == []

    run(app, body)


def test_marks_are_drawn_with_their_symbol():
    """A recorded mark is drawn on its region with the symbol of its type."""
    marks = (BodyMark("front", "left-upper-arm-front", "bruise"), BodyMark("back", "lower-back", "burn"))
    app = BodyMapApp(marks)

    async def body(pilot: Pilot, body_map: BodyMap) -> None:
        arm = region_centre("left-upper-arm-front")
        back = region_centre("lower-back")
        assert body_map.render_line(arm.y).text[arm.x] == "●"
        assert body_map.render_line(back.y).text[back.x] == "▲"
        assert "●" not in body_map.render_line(back.y).text

    run(app, body)


def test_mark_drawn_where_it_was_picked():
    """A mark saved with the picked position is redrawn at the very cell that was clicked."""
    app = BodyMapApp()
    # Not the region's centre: the top-left cell of the chest.
    target = Offset(FIGURES_BY_VIEW["front"].left + 7, LABEL_ROWS + 8)
    assert region_at(*target)[3] == "right-chest" and target != region_centre("right-chest")

    async def body(pilot: Pilot, body_map: BodyMap) -> None:
        await pilot.click(BodyMap, offset=widget_offset(body_map, target))
        await pilot.pause()
        picked = app.picked[0]
        mark = BodyMark(picked.view, picked.region_id, "cut", x=picked.x, y=picked.y)
        assert mark_cell(mark) == target
        body_map.set_marks([mark])
        await pilot.pause()
        assert body_map.render_line(target.y).text[target.x] == "/"

    run(app, body)


def test_mark_position_outside_its_region_falls_back_to_centre():
    """A mark is always drawn inside its recorded region, even if its position disagrees."""
    mark = BodyMark("front", "forehead", "graze", x=0.01, y=0.99)
    assert mark_cell(mark) == region_centre("forehead")
    assert mark_cell(BodyMark("front", "no-such-region", "graze")) is None


def test_every_mark_type_has_a_symbol():
    """Each kind of mark can be told apart on the map."""
    assert set(MARK_SYMBOLS) == set(MARK_TYPES)
    assert len(set(MARK_SYMBOLS.values())) == len(MARK_TYPES)


def test_marks_sharing_a_region_are_each_seen():
    """Three bruises on the lower back, one recorded with a position on the head, are drawn in three
    different cells of the lower back, so the map shows three marks there, not one."""
    marks = [BodyMark("back", "lower-back", "bruise", x=0.5, y=0.05) for _ in range(3)]
    cells = mark_cells(marks)
    assert len(set(cells)) == 3
    assert all(region_at(*cell)[3] == "lower-back" for cell in cells)
    full = [BodyMark("front", "left-wrist-front", "cut") for _ in range(3)]  # two cells: the third shares one
    assert {region_at(*cell)[3] for cell in mark_cells(full)} == {"left-wrist-front"}
    assert len(set(mark_cells(full))) == 2


def test_repeat_cell_is_highlighted():
    """A place marked more than once, or flagged as a repeat, stands out in a warning style."""
    twice = (BodyMark("front", "left-cheek", "bruise"), BodyMark("front", "left-cheek", "bruise"))
    once = (BodyMark("front", "right-shin", "graze"),)
    flagged = (BodyMark("back", "right-calf", "bruise"),)
    app = BodyMapApp(twice + once + flagged, repeats=frozenset({"right-calf"}))

    async def body(pilot: Pilot, body_map: BodyMap) -> None:
        shin, calf = (region_centre(r) for r in ("right-shin", "right-calf"))
        cheeks = mark_cells(twice)
        cheek = cheeks[0]
        assert len(set(cheeks)) == 2 and all(len(body_map.marks_at(*c)) == 1 for c in cheeks)
        assert all(body_map.is_repeat_cell(*c) for c in cheeks)
        assert body_map.is_repeat_cell(*calf)
        assert not body_map.is_repeat_cell(*shin)
        repeat_bg = body_map.get_component_rich_style("body-map--repeat", partial=True).bgcolor
        assert repeat_bg is not None

        def bgcolor_at(cell: Offset):
            x = 0
            for segment in body_map.render_line(cell.y):
                if x <= cell.x < x + len(segment.text):
                    return segment.style.bgcolor
                x += len(segment.text)

        assert bgcolor_at(cheek) == repeat_bg
        assert bgcolor_at(calf) == repeat_bg
        assert bgcolor_at(shin) != repeat_bg

    run(app, body)


def test_footer_shows_move_and_place_mark():
    """The footer tells staff how to move and how to place a mark."""
    app = BodyMapApp()

    async def body(pilot: Pilot, body_map: BodyMap) -> None:
        shown = {
            key: active.binding.description for key, active in app.screen.active_bindings.items() if active.binding.show
        }
        assert shown["enter"] == "Place mark"
        groups = {a.binding.group.description for a in app.screen.active_bindings.values() if a.binding.group}
        assert "Move" in groups

    run(app, body)


def test_body_map_snapshot(snap_compare):
    """The body map looks as reviewed: two labelled figures, marks, cursor and footer."""
    marks = (
        BodyMark("front", "left-upper-arm-front", "bruise"),
        BodyMark("front", "left-cheek", "cut"),
        BodyMark("front", "left-cheek", "cut"),
        BodyMark("back", "right-buttock", "burn"),
        BodyMark("back", "lower-back", "graze"),
    )
    app = BodyMapApp(marks, repeats=frozenset({"right-buttock"}))
    assert snap_compare(app, press=["down", "down", "down", "right"], terminal_size=(80, 24))
