"""A clickable text body map: the child's front and back, side by side.

The figures, their legend and the cell → region geometry are data in
`tui.widgets.body_figures`; this widget draws them, moves a cursor over them and
reports: it posts `BodyMap.Highlighted` as the cursor moves and `BodyMap.Picked`
on Enter or a click, and draws the marks it is given with `set_marks`. What a
mark means, and whether a region is a repeat, is decided elsewhere.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable

from rich.segment import Segment
from rich.style import Style
from textual import events, geometry
from textual.binding import Binding
from textual.color import Color
from textual.geometry import Offset, Size, Spacing
from textual.message import Message
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget

from school_log.body_regions import REGIONS_BY_ID, Region
from school_log.model import BodyMark
from tui.widgets.body_figures import (
    CANVAS_HEIGHT,
    CANVAS_WIDTH,
    FIGURE_GLYPH,
    FIGURE_WIDTH,
    FIGURES,
    HOME,
    LABEL_ROWS,
    MARK_COLOURS,
    MARK_SYMBOLS,
    REGION_GLYPH,
    UNKNOWN_MARK_SYMBOL,
    Cell,
    is_cell,
    mark_cells,
    normalised,
    other_side,
    region_at,
    region_centre,
    step,
)

MOVE_GROUP = Binding.Group("Move", compact=True)


class BodyMap(Widget, can_focus=True):
    """Front and back figures of a child; pick a region with the arrows and Enter, or a click."""

    DEFAULT_CSS = """
    BodyMap {
        width: auto;
        height: auto;
        padding: 0 1;
        border: tall $border-blurred;
        background: $surface;
    }
    BodyMap:focus {
        border: tall $border;
    }
    BodyMap > .body-map--label {
        color: $text-muted;
        text-style: bold;
    }
    BodyMap > .body-map--figure {
        color: $foreground 45%;
    }
    BodyMap > .body-map--region {
        color: $text-accent;
    }
    BodyMap > .body-map--cursor {
        text-style: reverse bold;
    }
    BodyMap > .body-map--repeat {
        background: $warning 60%;
        text-style: bold;
    }
    """

    COMPONENT_CLASSES = {
        "body-map--label",
        "body-map--figure",
        "body-map--region",
        "body-map--cursor",
        "body-map--repeat",
    }

    BINDINGS = [
        Binding("up", "cursor_up", "Up", group=MOVE_GROUP),
        Binding("down", "cursor_down", "Down", group=MOVE_GROUP),
        Binding("left", "cursor_left", "Left", group=MOVE_GROUP),
        Binding("right", "cursor_right", "Right", group=MOVE_GROUP),
        Binding("v", "turn", "Front/back"),
        Binding("enter", "pick", "Place mark"),
    ]

    cursor: reactive[Offset] = reactive(Offset(*HOME), init=False)
    """Canvas offset of the cell under the cursor (always a figure cell)."""

    class _RegionMessage(Message):
        def __init__(self, body_map: BodyMap, region_id: str, view: str, x: float, y: float) -> None:
            super().__init__()
            self.body_map = body_map
            self.region_id = region_id
            self.view = view
            self.x = x
            self.y = y

        @property
        def control(self) -> BodyMap:
            """The BodyMap that sent the message."""
            return self.body_map

        @property
        def region(self) -> Region:
            """The region, with its human label."""
            return REGIONS_BY_ID[self.region_id]

        def __repr__(self) -> str:
            return f"{type(self).__name__}(region_id={self.region_id!r}, view={self.view!r}, x={self.x}, y={self.y})"

    class Highlighted(_RegionMessage):
        """The cursor moved onto a region (x, y: the cell's centre, 0..1 within its figure)."""

    class Picked(_RegionMessage):
        """A region was chosen with Enter or a click (x, y: 0..1 within its figure)."""

    def __init__(
        self,
        marks: Iterable[BodyMark] = (),
        repeats: Collection[str] = (),
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
        disabled: bool = False,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes, disabled=disabled)
        self._marks: tuple[BodyMark, ...] = ()
        self._repeats: frozenset[str] = frozenset()
        self._cells_marked: dict[Offset, list[BodyMark]] = {}
        self.set_marks(marks, repeats)

    # -- marks ---------------------------------------------------------------

    @property
    def marks(self) -> tuple[BodyMark, ...]:
        """The marks being drawn."""
        return self._marks

    @property
    def repeats(self) -> frozenset[str]:
        """Region ids drawn as repeats (marked more than once here, or in an earlier record too)."""
        return self._repeats

    def set_marks(self, marks: Iterable[BodyMark], repeats: Collection[str] = ()) -> None:
        """Draw these marks, those sharing a region each in a cell of its own while the region has one free;
        a region marked more than once here, or in `repeats`, is drawn as a repeat."""
        self._marks = tuple(marks)
        counts = Counter(mark.region for mark in self._marks)
        self._repeats = frozenset(repeats) | {region for region, n in counts.items() if n > 1}
        cells: dict[Offset, list[BodyMark]] = {}
        for mark, cell in zip(self._marks, mark_cells(self._marks), strict=True):
            if cell is not None:
                cells.setdefault(Offset(*cell), []).append(mark)
        self._cells_marked = cells
        self.refresh()

    def marks_at(self, x: int, y: int) -> tuple[BodyMark, ...]:
        """The marks drawn at canvas (content) offset (x, y)."""
        return tuple(self._cells_marked.get(Offset(x, y), ()))

    def is_repeat_cell(self, x: int, y: int) -> bool:
        """Whether the cell at canvas (x, y) is drawn as a repeat."""
        return any(m.region in self._repeats for m in self._cells_marked.get(Offset(x, y), []))

    # -- cursor --------------------------------------------------------------

    @property
    def cursor_region(self) -> Region:
        """The region under the cursor."""
        hit = region_at(*self.cursor)
        assert hit is not None  # validate_cursor keeps the cursor on a figure cell
        return REGIONS_BY_ID[hit[3]]

    def validate_cursor(self, cursor: Offset) -> Offset:
        return cursor if is_cell(*cursor) else self.cursor

    def watch_cursor(self, old: Offset, new: Offset) -> None:
        self.refresh()
        self._post(self.Highlighted)
        self._keep_cursor_in_view()

    def _keep_cursor_in_view(self) -> None:
        """On a small terminal the map may be taller than its pane: scroll the pane so the cursor shows."""
        pane = next((a for a in self.ancestors if isinstance(a, Widget) and a.allow_vertical_scroll), None)
        if pane is None:
            return
        on_screen = geometry.Region(*(self.content_region.offset + self.cursor), 1, 1)
        in_pane = on_screen.translate(pane.scroll_offset - pane.content_region.offset)
        pane.scroll_to_region(in_pane, spacing=Spacing(1, 0, 2, 0), animate=False)

    def move_to_region(self, region_id: str) -> None:
        """Put the cursor on a region's centre cell (InputError for an unknown id)."""
        self.cursor = Offset(*region_centre(region_id))

    def _post(self, message_type: type[_RegionMessage]) -> None:
        hit = region_at(*self.cursor)
        if hit is None:
            return
        figure, col, row, region_id = hit
        x, y = normalised(col, row)
        self.post_message(message_type(self, region_id, figure.view, x, y))

    def on_mount(self) -> None:
        self._post(self.Highlighted)

    def action_cursor_up(self) -> None:
        self.cursor = Offset(*step(Cell(*self.cursor), 0, -1))

    def action_cursor_down(self) -> None:
        self.cursor = Offset(*step(Cell(*self.cursor), 0, 1))

    def action_cursor_left(self) -> None:
        self.cursor = Offset(*step(Cell(*self.cursor), -1, 0))

    def action_cursor_right(self) -> None:
        self.cursor = Offset(*step(Cell(*self.cursor), 1, 0))

    def action_turn(self) -> None:
        """To the same place on the other figure, so a mark on the back is one key away."""
        self.cursor = Offset(*other_side(Cell(*self.cursor)))

    def action_pick(self) -> None:
        self._post(self.Picked)

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None or region_at(offset.x, offset.y) is None:
            return
        event.stop()
        self.cursor = offset
        self._post(self.Picked)

    # -- drawing -------------------------------------------------------------

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return CANVAS_WIDTH

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return CANVAS_HEIGHT

    def render_line(self, y: int) -> Strip:
        base = self.rich_style
        width = self.size.width
        if y == 0:
            segments = self._label_segments(base)
        elif LABEL_ROWS <= y < CANVAS_HEIGHT:
            segments = self._figure_segments(y, base)
        else:
            segments = []
        return Strip(segments).simplify().crop_extend(0, width, base)

    def _label_segments(self, base: Style) -> list[Segment]:
        style = base + self.get_component_rich_style("body-map--label")
        line = [" "] * CANVAS_WIDTH
        for figure in FIGURES:
            start = figure.left + (FIGURE_WIDTH - len(figure.label)) // 2
            line[start : start + len(figure.label)] = figure.label
            # The child's right and left, as the viewer sees them.
            near, far = ("R", "L") if figure.view == "front" else ("L", "R")
            line[figure.left] = near
            line[figure.left + FIGURE_WIDTH - 1] = far
        return [Segment("".join(line), style)]

    def _mark_style(self, mark_type: str) -> Style:
        """A mark's own colour, darkened on a light theme so it stays legible on a pale figure."""
        colour = Color.parse(MARK_COLOURS.get(mark_type, MARK_COLOURS["other"]))
        if not self.app.current_theme.dark:
            colour = colour.darken(0.35)
        return Style(color=colour.rich_color, bold=True)

    def _figure_segments(self, y: int, base: Style) -> list[Segment]:
        figure_style = base + self.get_component_rich_style("body-map--figure")
        region_style = base + self.get_component_rich_style("body-map--region")
        cursor_style = self.get_component_rich_style("body-map--cursor", partial=True)
        repeat_style = self.get_component_rich_style("body-map--repeat", partial=True)
        cursor_hit = region_at(*self.cursor)
        cursor_region = cursor_hit[3] if cursor_hit else None
        segments: list[Segment] = []
        for x in range(CANVAS_WIDTH):
            hit = region_at(x, y)
            if hit is None:
                segments.append(Segment(" ", base))
                continue
            region_id = hit[3]
            marks = self._cells_marked.get(Offset(x, y))
            if marks:
                mark = marks[-1]
                glyph = MARK_SYMBOLS.get(mark.type, UNKNOWN_MARK_SYMBOL)
                style = base + self._mark_style(mark.type)
                if self.is_repeat_cell(x, y):
                    style += repeat_style
            elif region_id == cursor_region:
                glyph, style = REGION_GLYPH, region_style
            else:
                glyph, style = FIGURE_GLYPH, figure_style
            if (x, y) == tuple(self.cursor):
                style += cursor_style
            segments.append(Segment(glyph, style))
        return segments
