"""The body map's figures on the terminal: the child's front and back, and which region each cell is.

Pure data and functions (no Textual), used by the `BodyMap` widget to draw and
to turn a cursor or a click into a region of `school_log.body_regions`. The
figures' cells come from `school_log.body_layout` (its ASCII templates and their
legends), the one geometry the exported PDF draws too; here they are placed side
by side on a canvas, one character a cell.

Positions on the canvas (both figures side by side under a label row) are
`Cell`s: (x, y) in characters from the canvas's top-left.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import NamedTuple

from school_log.body_layout import (
    BACK_LEGEND,
    BACK_TEMPLATE,
    CELLS,
    FIGURE_HEIGHT,
    FIGURE_WIDTH,
    FRONT_LEGEND,
    FRONT_TEMPLATE,
    place,
)
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


FIGURE_GAP = 4
LABEL_ROWS = 1
CANVAS_WIDTH = FIGURE_WIDTH * 2 + FIGURE_GAP
CANVAS_HEIGHT = LABEL_ROWS + FIGURE_HEIGHT

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


def _figure(view: str, label: str, left: int) -> Figure:
    cells = CELLS[view]
    return Figure(view, label, left, cells, MappingProxyType(_centres(cells)))


FIGURES: tuple[Figure, ...] = (
    _figure("front", "FRONT", 0),
    _figure("back", "BACK", FIGURE_WIDTH + FIGURE_GAP),
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


def mark_cells(marks: Sequence[BodyMark]) -> list[Cell | None]:
    """Where each mark is drawn: in a cell of its own region — the cell of its recorded position when that
    lies in the region, else its middle — and, while the region has cells free, not in a cell another mark
    of this set took, so marks sharing a region are all seen. None for a region the vocabulary does not
    know (that mark is not drawn)."""
    cells: list[Cell | None] = []
    for mark, point in zip(marks, place(marks, spacing=0.9, aspect=1.0, grid=(1, 1)), strict=True):
        cells.append(
            None if point is None else canvas_cell(lookup_region(mark.region).view, int(point[0]), int(point[1]))
        )
    return cells


def mark_cell(mark: BodyMark) -> Cell | None:
    """Where one mark alone is drawn (see `mark_cells`)."""
    return mark_cells([mark])[0]


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


def other_side(cursor: Cell) -> Cell:
    """The same place on the other figure (the child turned round: their left stays their left, so the
    column is mirrored), or the nearest cell of that row; `cursor` itself if there is none."""
    figure = figure_at(cursor.x)
    if figure is None:
        return cursor
    other = next(f for f in FIGURES if f is not figure)
    row = cursor.y - LABEL_ROWS
    col = FIGURE_WIDTH - 1 - (cursor.x - figure.left)
    cells = [c for (c, r) in other.cells if r == row]
    if not cells:
        return cursor
    best = min(cells, key=lambda c: (abs(c - col), c))
    return Cell(other.left + best, cursor.y)


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
    "mark_cells",
    "normalised",
    "other_side",
    "region_at",
    "region_centre",
    "step",
]
