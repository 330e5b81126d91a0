"""A clickable text body map: the child's front and back, side by side.

Every non-blank cell of a figure belongs to one region of
`school_log.body_regions`; the figures are drawn from the ASCII templates below,
where each character is a code letter looked up in that figure's legend.

Legend conventions (so the templates stay readable):

* a lower-case letter is the child's RIGHT, the same letter in upper case the
  child's LEFT (``u`` right upper arm, ``U`` left upper arm);
* digits are midline parts (``1`` forehead, ``6`` abdomen...);
* the FRONT figure faces the viewer, so the child's left (upper case) is on the
  viewer's right; the BACK figure faces away, so the child's left is on the
  viewer's left.

The widget only draws and reports: it posts `BodyMap.Highlighted` as the cursor
moves and `BodyMap.Picked` on Enter or a click, and draws the marks it is given
with `set_marks`. What a mark means, and whether a region is a repeat, is
decided elsewhere.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.geometry import Offset, Size
from textual.message import Message
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget

from school_log.body_regions import REGIONS_BY_ID, Region
from school_log.body_regions import region as lookup_region
from school_log.model import BodyMark

FIGURE_WIDTH = 22
FIGURE_HEIGHT = 19
FIGURE_GAP = 4
LABEL_ROWS = 1
CANVAS_WIDTH = FIGURE_WIDTH * 2 + FIGURE_GAP
CANVAS_HEIGHT = LABEL_ROWS + FIGURE_HEIGHT

# fmt: off
FRONT_TEMPLATE: tuple[str, ...] = (
    "        000000        ",
    "       11111111       ",
    "      ryyy22YYYR      ",
    "      rqqq22QQQR      ",
    "       gg3333GG       ",
    "        g4444G        ",
    "         5555         ",
    "   ssssccccCCCCSSSS   ",
    "   uu iccccCCCCI UU   ",
    "   uu iccccCCCCI UU   ",
    "   ee i66666666I EE   ",
    "   ff i66666666I FF   ",
    "   ff jjjj77JJJJ FF   ",
    "   ww tttt  TTTT WW   ",
    "  hhh tttt  TTTT HHH  ",
    "  hhh  kkk  KKK  HHH  ",
    "       lll  LLL       ",
    "       aaa  AAA       ",
    "      ppp    PPP      ",
)
BACK_TEMPLATE: tuple[str, ...] = (
    "        000000        ",
    "       00000000       ",
    "      0000000000      ",
    "      0000000000      ",
    "       00000000       ",
    "        000000        ",
    "         5555         ",
    "   SSSSBBB88bbbssss   ",
    "   UU BBBB88bbbb uu   ",
    "   UU 8888888888 uu   ",
    "   EE 9999999999 ee   ",
    "   FF MMMMMmmmmm ff   ",
    "   FF MMMMMmmmmm ff   ",
    "   WW TTTT  tttt ww   ",
    "  HHH TTTT  tttt hhh  ",
    "  HHH  KKK  kkk  hhh  ",
    "       LLL  lll       ",
    "       AAA  aaa       ",
    "      PPP    ppp      ",
)
# fmt: on


def _limbs(view: str) -> dict[str, str]:
    """Limb codes shared by both figures: lower case right, upper case left."""
    lower_leg = "shin" if view == "front" else "calf"
    parts = {
        "s": f"shoulder-{view}",
        "u": f"upper-arm-{view}",
        "e": f"elbow-{view}",
        "f": f"forearm-{view}",
        "w": f"wrist-{view}",
        "h": f"hand-{view}",
        "t": f"thigh-{view}",
        "k": f"knee-{view}",
        "l": lower_leg,
        "a": f"ankle-{view}",
        "p": f"foot-{view}",
    }
    legend: dict[str, str] = {}
    for code, part in parts.items():
        legend[code] = f"right-{part}"
        legend[code.upper()] = f"left-{part}"
    return legend


FRONT_LEGEND: Mapping[str, str] = MappingProxyType(
    {
        "0": "scalp",
        "1": "forehead",
        "y": "right-eye",
        "Y": "left-eye",
        "r": "right-ear",
        "R": "left-ear",
        "2": "nose",
        "q": "right-cheek",
        "Q": "left-cheek",
        "3": "mouth",
        "g": "right-jaw",
        "G": "left-jaw",
        "4": "chin",
        "5": "neck-front",
        "c": "right-chest",
        "C": "left-chest",
        "i": "right-flank",
        "I": "left-flank",
        "6": "abdomen",
        "j": "right-hip",
        "J": "left-hip",
        "7": "genital-area",
        **_limbs("front"),
    }
)
BACK_LEGEND: Mapping[str, str] = MappingProxyType(
    {
        "0": "back-of-head",
        "5": "neck-back",
        "b": "right-shoulder-blade",
        "B": "left-shoulder-blade",
        "8": "upper-back",
        "9": "lower-back",
        "m": "right-buttock",
        "M": "left-buttock",
        **_limbs("back"),
    }
)

MARK_SYMBOLS: Mapping[str, str] = MappingProxyType(
    {
        "bruise": "●",
        "cut": "/",
        "graze": "#",
        "burn": "▲",
        "scald": "~",
        "bite": "B",
        "scratch": "x",
        "swelling": "O",
        "mark": "*",
        "other": "?",
    }
)
MARK_COLOURS: Mapping[str, str] = MappingProxyType(
    {
        "bruise": "#b48ead",
        "cut": "#e06c75",
        "graze": "#d19a66",
        "burn": "#ff5f00",
        "scald": "#e5c07b",
        "bite": "#c678dd",
        "scratch": "#f08080",
        "swelling": "#61afef",
        "mark": "#56b6c2",
        "other": "#abb2bf",
    }
)
UNKNOWN_MARK_SYMBOL = "?"
FIGURE_GLYPH = "░"
REGION_GLYPH = "▒"


@dataclass(frozen=True)
class Figure:
    """One drawn view: where it sits on the canvas and which region each cell is."""

    view: str
    label: str
    left: int
    cells: Mapping[tuple[int, int], str]
    """(column, row) within the figure → region id."""
    centres: Mapping[str, tuple[int, int]]
    """Region id → the (column, row) a mark without a position is drawn at."""

    def cell_at(self, x: float, y: float) -> tuple[int, int]:
        """The figure cell containing a normalised (0..1) position."""
        col = min(max(int(x * FIGURE_WIDTH), 0), FIGURE_WIDTH - 1)
        row = min(max(int(y * FIGURE_HEIGHT), 0), FIGURE_HEIGHT - 1)
        return col, row


def _parse(template: Sequence[str], legend: Mapping[str, str]) -> dict[tuple[int, int], str]:
    if len(template) != FIGURE_HEIGHT:
        raise ValueError(f"figure template has {len(template)} rows, expected {FIGURE_HEIGHT}")
    cells: dict[tuple[int, int], str] = {}
    for row, line in enumerate(template):
        if len(line) != FIGURE_WIDTH:
            raise ValueError(f"figure template row {row} is {len(line)} wide, expected {FIGURE_WIDTH}")
        for col, code in enumerate(line):
            if code == " ":
                continue
            if code not in legend:
                raise ValueError(f"figure template code {code!r} (row {row}) is not in the legend")
            cells[(col, row)] = legend[code]
    return cells


def _centres(cells: Mapping[tuple[int, int], str]) -> dict[str, tuple[int, int]]:
    """Per region, its cell nearest the region's centroid."""
    by_region: dict[str, list[tuple[int, int]]] = {}
    for cell, region_id in cells.items():
        by_region.setdefault(region_id, []).append(cell)
    centres: dict[str, tuple[int, int]] = {}
    for region_id, region_cells in by_region.items():
        mean_x = sum(c for c, _ in region_cells) / len(region_cells)
        mean_y = sum(r for _, r in region_cells) / len(region_cells)

        def distance(cell: tuple[int, int]) -> tuple[float, int, int]:
            return (cell[0] - mean_x) ** 2 + (cell[1] - mean_y) ** 2, cell[1], cell[0]

        centres[region_id] = min(region_cells, key=distance)
    return centres


def _figure(view: str, label: str, left: int, template: Sequence[str], legend: Mapping[str, str]) -> Figure:
    cells = _parse(template, legend)
    return Figure(view, label, left, MappingProxyType(cells), MappingProxyType(_centres(cells)))


FIGURES: tuple[Figure, ...] = (
    _figure("front", "FRONT", 0, FRONT_TEMPLATE, FRONT_LEGEND),
    _figure("back", "BACK", FIGURE_WIDTH + FIGURE_GAP, BACK_TEMPLATE, BACK_LEGEND),
)
FIGURES_BY_VIEW: Mapping[str, Figure] = MappingProxyType({f.view: f for f in FIGURES})


def figure_at(x: int) -> Figure | None:
    """The figure drawn at canvas column `x`, if any."""
    for figure in FIGURES:
        if figure.left <= x < figure.left + FIGURE_WIDTH:
            return figure
    return None


def region_at(x: int, y: int) -> tuple[Figure, int, int, str] | None:
    """(figure, column, row, region id) of the figure cell at canvas (x, y), or None if blank."""
    figure = figure_at(x)
    if figure is None:
        return None
    col, row = x - figure.left, y - LABEL_ROWS
    region_id = figure.cells.get((col, row))
    if region_id is None:
        return None
    return figure, col, row, region_id


def normalised(col: int, row: int) -> tuple[float, float]:
    """The centre of a figure cell as a 0..1 position within the figure."""
    return round((col + 0.5) / FIGURE_WIDTH, 3), round((row + 0.5) / FIGURE_HEIGHT, 3)


def canvas_cell(view: str, col: int, row: int) -> Offset:
    """Canvas (content) offset of a figure cell."""
    return Offset(FIGURES_BY_VIEW[view].left + col, row + LABEL_ROWS)


def region_centre(region_id: str) -> Offset:
    """Canvas offset of the cell a region's positionless marks are drawn at (InputError if unknown)."""
    region = lookup_region(region_id)
    col, row = FIGURES_BY_VIEW[region.view].centres[region_id]
    return canvas_cell(region.view, col, row)


def mark_cell(mark: BodyMark) -> Offset | None:
    """Where a mark is drawn: at its (x, y) if that lies in its region, else at the region's centre.

    None for a region the vocabulary does not know (the mark is then not drawn).
    """
    region = REGIONS_BY_ID.get(mark.region)
    if region is None:
        return None
    figure = FIGURES_BY_VIEW[region.view]
    if mark.x is not None and mark.y is not None:
        col, row = figure.cell_at(mark.x, mark.y)
        if figure.cells.get((col, row)) == region.id:
            return canvas_cell(region.view, col, row)
    return region_centre(region.id)


def _is_cell(x: int, y: int) -> bool:
    return region_at(x, y) is not None


def step(cursor: Offset, dx: int, dy: int) -> Offset:
    """The next figure cell from `cursor` in a direction; `cursor` itself if there is none.

    Left/right walk along the row, crossing the gap between the figures. Up/down
    stay within the cursor's figure and take the nearest cell (by column) of the
    next row that has any.
    """
    x, y = cursor
    if dx:
        x += dx
        while 0 <= x < CANVAS_WIDTH:
            if _is_cell(x, y):
                return Offset(x, y)
            x += dx
        return cursor
    figure = figure_at(x)
    if figure is None:
        return cursor
    row = y - LABEL_ROWS + dy
    col = x - figure.left
    while 0 <= row < FIGURE_HEIGHT:
        cols = [c for (c, r) in figure.cells if r == row]
        if cols:
            best = min(cols, key=lambda c: (abs(c - col), c))
            return Offset(figure.left + best, row + LABEL_ROWS)
        row += dy
    return cursor


def _first_cell() -> Offset:
    figure = FIGURES[0]
    col, row = min(figure.cells, key=lambda cell: (cell[1], cell[0]))
    return canvas_cell(figure.view, col, row)


HOME = _first_cell()
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
        color: $accent;
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
        Binding("enter", "pick", "Place mark"),
    ]

    cursor: reactive[Offset] = reactive(HOME, init=False)
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
            return (
                f"{type(self).__name__}(region_id={self.region_id!r}, view={self.view!r}, "
                f"x={self.x}, y={self.y})"
            )

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
        """Region ids drawn as repeats (e.g. marked in an earlier record too)."""
        return self._repeats

    def set_marks(self, marks: Iterable[BodyMark], repeats: Collection[str] = ()) -> None:
        """Draw these marks; a cell marked more than once, or a mark in a `repeats` region, is a repeat."""
        self._marks = tuple(marks)
        self._repeats = frozenset(repeats)
        cells: dict[Offset, list[BodyMark]] = {}
        for mark in self._marks:
            cell = mark_cell(mark)
            if cell is not None:
                cells.setdefault(cell, []).append(mark)
        self._cells_marked = cells
        self.refresh()

    def marks_at(self, x: int, y: int) -> tuple[BodyMark, ...]:
        """The marks drawn at canvas (content) offset (x, y)."""
        return tuple(self._cells_marked.get(Offset(x, y), ()))

    def is_repeat_cell(self, x: int, y: int) -> bool:
        """Whether the cell at canvas (x, y) is drawn as a repeat."""
        marks = self._cells_marked.get(Offset(x, y), [])
        return len(marks) > 1 or any(m.region in self._repeats for m in marks)

    # -- cursor --------------------------------------------------------------

    @property
    def cursor_region(self) -> Region:
        """The region under the cursor."""
        hit = region_at(*self.cursor)
        assert hit is not None  # validate_cursor keeps the cursor on a figure cell
        return REGIONS_BY_ID[hit[3]]

    def validate_cursor(self, cursor: Offset) -> Offset:
        return cursor if _is_cell(*cursor) else self.cursor

    def watch_cursor(self, old: Offset, new: Offset) -> None:
        self.refresh()
        self._post(self.Highlighted)

    def move_to_region(self, region_id: str) -> None:
        """Put the cursor on a region's centre cell (InputError for an unknown id)."""
        self.cursor = region_centre(region_id)

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
        self.cursor = step(self.cursor, 0, -1)

    def action_cursor_down(self) -> None:
        self.cursor = step(self.cursor, 0, 1)

    def action_cursor_left(self) -> None:
        self.cursor = step(self.cursor, -1, 0)

    def action_cursor_right(self) -> None:
        self.cursor = step(self.cursor, 1, 0)

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
                style = base + Style(color=MARK_COLOURS.get(mark.type, MARK_COLOURS["other"]), bold=True)
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


__all__ = [
    "BACK_LEGEND",
    "BACK_TEMPLATE",
    "CANVAS_HEIGHT",
    "CANVAS_WIDTH",
    "FIGURES",
    "FIGURES_BY_VIEW",
    "FIGURE_HEIGHT",
    "FIGURE_WIDTH",
    "FRONT_LEGEND",
    "FRONT_TEMPLATE",
    "MARK_SYMBOLS",
    "BodyMap",
    "Figure",
    "mark_cell",
    "normalised",
    "region_at",
    "region_centre",
    "step",
]
