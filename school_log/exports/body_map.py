"""The cumulative body map as a vector picture: front and back figures, numbered marks, a legend.

Positions are the body map's own: `x`, `y` from 0 to 1 across a figure 22 cells
wide and 19 rows tall (a terminal cell is about twice as tall as wide, so a row is
drawn 1.9 cells high). A mark recorded without a position is drawn at the middle
of its body part, on the correct side: the child's right is the viewer's left on
the front figure and the viewer's right on the back.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from school_log.body_regions import REGIONS_BY_ID
from school_log.exports.pdf import FONT, Document
from school_log.model import BodyMark

COLS, ROWS, ROW_ASPECT = 22, 19, 1.9

# The silhouette, in figure cells (column, row, width, height): the same outline front and back.
_ELLIPSES = ((6.5, 0.0, 9.0, 6.0), (2.2, 13.6, 3.4, 2.6), (16.4, 13.6, 3.4, 2.6))
_RECTS = (
    (9.0, 5.8, 4.0, 1.4),  # neck
    (6.5, 7.0, 9.0, 6.2),  # torso
    (3.0, 7.0, 3.0, 6.8),  # arm on the viewer's left
    (16.0, 7.0, 3.0, 6.8),  # arm on the viewer's right
    (6.6, 13.0, 4.0, 5.2),  # leg on the viewer's left
    (11.4, 13.0, 4.0, 5.2),  # leg on the viewer's right
    (5.8, 18.0, 4.0, 1.0),  # feet
    (12.2, 18.0, 4.0, 1.0),
)
# Middle of each body part, as (column on the viewer's left, row); centre parts sit at column 11.
_PART_ANCHORS: tuple[tuple[tuple[str, ...], float, float], ...] = (
    (("forehead", "scalp", "back-of-head", "eye", "ear", "cheek", "nose", "mouth", "jaw", "chin"), 9.0, 3.0),
    (("neck",), 10.0, 6.5),
    (("shoulder-blade", "chest", "flank", "upper-back"), 9.0, 8.5),
    (("abdomen", "lower-back", "hip", "buttock", "genital-area"), 9.0, 11.5),
    (("shoulder", "upper-arm", "elbow"), 4.5, 8.5),
    (("forearm", "wrist"), 4.5, 12.0),
    (("hand",), 3.9, 14.9),
    (("thigh", "knee"), 8.6, 14.5),
    (("shin", "calf", "ankle"), 8.6, 17.0),
    (("foot",), 7.8, 18.5),
)


@dataclass(frozen=True)
class NumberedMark:
    """A mark on the cumulative map: its legend number and the day it was seen."""

    number: int
    seen: date
    mark: BodyMark


def position(mark: BodyMark) -> tuple[float, float]:
    """Where a mark is drawn, in figure cells (column, row)."""
    if mark.x is not None and mark.y is not None:
        return mark.x * COLS, mark.y * ROWS
    region = REGIONS_BY_ID.get(mark.region)
    side = region.side if region else "centre"
    part = mark.region.removeprefix("left-").removeprefix("right-").removesuffix("-front").removesuffix("-back")
    if mark.region in ("upper-back", "lower-back"):
        part = mark.region
    col, row = next(((c, r) for parts, c, r in _PART_ANCHORS if part in parts), (9.0, 10.0))
    if side == "centre":
        return COLS / 2, row
    viewer_left = (side == "right") == (mark.view == "front")
    return (col if viewer_left else COLS - col), row


def draw(doc: Document, marks: list[NumberedMark], top: float) -> float:
    """Both figures with their marks, side by side from `top`; returns the y below them."""
    cell = 3.2  # mm per figure column
    gap = 14.0
    left = doc.l_margin + (doc.width - 2 * COLS * cell - gap) / 2
    for index, view in enumerate(("front", "back")):
        x0 = left + index * (COLS * cell + gap)
        _figure(doc, x0, top + 6, cell, view)
        for numbered in marks:
            if numbered.mark.view == view:
                col, row = position(numbered.mark)
                _mark(doc, x0 + col * cell, top + 6 + row * cell * ROW_ASPECT, numbered.number)
    return top + 6 + ROWS * cell * ROW_ASPECT + 4


def _figure(doc: Document, x0: float, y0: float, cell: float, view: str) -> None:
    doc.set_font(FONT, "B", 9)
    doc.set_xy(x0, y0 - 6)
    side = "child's right on your left" if view == "front" else "child's right on your right"
    doc.cell(COLS * cell, 5, f"{view.upper()} ({side})", align="C")
    doc.set_draw_color(60)
    doc.set_fill_color(238, 238, 238)
    doc.set_line_width(0.3)
    for col, row, w, h in _RECTS:
        doc.rect(x0 + col * cell, y0 + row * cell * ROW_ASPECT, w * cell, h * cell * ROW_ASPECT, style="DF")
    for col, row, w, h in _ELLIPSES:
        doc.ellipse(x0 + col * cell, y0 + row * cell * ROW_ASPECT, w * cell, h * cell * ROW_ASPECT, style="DF")
    doc.set_draw_color(0)


def _mark(doc: Document, x: float, y: float, number: int) -> None:
    """A filled red disc at the mark with its legend number in white."""
    radius = 2.4
    doc.set_fill_color(200, 0, 0)
    doc.set_draw_color(120, 0, 0)
    doc.circle(x, y, radius, style="DF")
    doc.set_text_color(255)
    doc.set_font(FONT, "B", 6.5)
    doc.set_xy(x - radius, y - radius)
    doc.cell(2 * radius, 2 * radius, str(number), align="C")
    doc.set_text_color(0)
    doc.set_draw_color(0)


def legend_line(numbered: NumberedMark) -> str:
    """One legend row: number, date, and the mark described."""
    return f"{numbered.number}. {numbered.seen.isoformat()} · {describe(numbered.mark)}"


def describe(mark: BodyMark) -> str:
    """A mark in words: type, place, size, how it looks, what was said about it and who saw it happen."""
    region = REGIONS_BY_ID.get(mark.region)
    where = region.label if region else mark.region
    size = f"{mark.size_mm} mm" if mark.size_mm is not None else "size not recorded"
    looks = ", ".join(part for part in (mark.shape, mark.colour, "skin broken" if mark.skin_broken else "") if part)
    said = (
        f"explanation ({mark.explained_by}): {mark.explanation}"
        if mark.explanation
        else "no explanation given"
        if mark.explained_by == "none"
        else f"explained by {mark.explained_by}, not recorded"
    )
    seen = f" · seen happening by {mark.witnessed_by}" if mark.witnessed_by else ""
    return f"{mark.type} · {where} · {size}" + (f" · {looks}" if looks else "") + f" · {said}{seen}"
