"""The body map's figures as data: the child's front and back, and which region each cell is.

Pure data and functions (no Textual), used by the `BodyMap` widget to draw and
to turn a cursor or a click into a region of `school_log.body_regions`. The
figures are drawn from the ASCII templates below, where each character is a
code letter looked up in that figure's legend.

Legend conventions (so the templates stay readable):

* a lower-case letter is the child's RIGHT, the same letter in upper case the
  child's LEFT (``u`` right upper arm, ``U`` left upper arm);
* digits are midline parts (``1`` forehead, ``6`` abdomen...);
* the FRONT figure faces the viewer, so the child's left (upper case) is on the
  viewer's right; the BACK figure faces away, so the child's left is on the
  viewer's left.

Positions on the canvas (both figures side by side under a label row) are
`Cell`s: (x, y) in characters from the canvas's top-left.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import NamedTuple

from school_log.body_regions import REGIONS_BY_ID
from school_log.body_regions import region as lookup_region
from school_log.model import BodyMark


class Cell(NamedTuple):
    """A canvas position (x: column, y: row); adds and subtracts like a vector."""

    x: int
    y: int

    def __add__(self, other: object) -> Cell:  # type: ignore[override]
        if isinstance(other, tuple) and len(other) == 2:
            return Cell(self.x + other[0], self.y + other[1])
        return NotImplemented

    def __sub__(self, other: object) -> Cell:
        if isinstance(other, tuple) and len(other) == 2:
            return Cell(self.x - other[0], self.y - other[1])
        return NotImplemented


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

        def distance(cell: tuple[int, int], mean_x: float = mean_x, mean_y: float = mean_y) -> tuple[float, int, int]:
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


def canvas_cell(view: str, col: int, row: int) -> Cell:
    """Canvas (content) offset of a figure cell."""
    return Cell(FIGURES_BY_VIEW[view].left + col, row + LABEL_ROWS)


def region_centre(region_id: str) -> Cell:
    """Canvas offset of the cell a region's positionless marks are drawn at (InputError if unknown)."""
    region = lookup_region(region_id)
    col, row = FIGURES_BY_VIEW[region.view].centres[region_id]
    return canvas_cell(region.view, col, row)


def mark_cell(mark: BodyMark) -> Cell | None:
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


def is_cell(x: int, y: int) -> bool:
    return region_at(x, y) is not None


def step(cursor: Cell, dx: int, dy: int) -> Cell:
    """The next figure cell from `cursor` in a direction; `cursor` itself if there is none.

    Left/right walk along the row, crossing the gap between the figures. Up/down
    stay within the cursor's figure and take the nearest cell (by column) of the
    next row that has any.
    """
    x, y = cursor
    if dx:
        x += dx
        while 0 <= x < CANVAS_WIDTH:
            if is_cell(x, y):
                return Cell(x, y)
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
            return Cell(figure.left + best, row + LABEL_ROWS)
        row += dy
    return cursor


def _first_cell() -> Cell:
    figure = FIGURES[0]
    col, row = min(figure.cells, key=lambda cell: (cell[1], cell[0]))
    return canvas_cell(figure.view, col, row)


HOME = _first_cell()
"""Where the cursor starts: the top-left cell of the front figure."""


__all__ = [
    "BACK_LEGEND",
    "BACK_TEMPLATE",
    "CANVAS_HEIGHT",
    "CANVAS_WIDTH",
    "FIGURES",
    "FIGURES_BY_VIEW",
    "FIGURE_GAP",
    "FIGURE_GLYPH",
    "FIGURE_HEIGHT",
    "FIGURE_WIDTH",
    "FRONT_LEGEND",
    "FRONT_TEMPLATE",
    "HOME",
    "LABEL_ROWS",
    "MARK_COLOURS",
    "MARK_SYMBOLS",
    "REGION_GLYPH",
    "UNKNOWN_MARK_SYMBOL",
    "Cell",
    "Figure",
    "canvas_cell",
    "figure_at",
    "is_cell",
    "mark_cell",
    "normalised",
    "region_at",
    "region_centre",
    "step",
]
