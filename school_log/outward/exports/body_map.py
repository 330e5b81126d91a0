"""The cumulative body map as a vector picture: a child's outline from the front and the back, numbered marks.

Each mark is drawn inside its own region (`school_log.body_layout`, the figure the
app draws too): at the position recorded when that lies in the region, else at the
region's middle; marks sharing a region are fanned out across it, their discs made
smaller when the region is crowded, so every number can be read. The child's right
is the viewer's left on the front figure and the viewer's right on the back.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from school_log.body_layout import FIGURE_HEIGHT, FIGURE_WIDTH, OUTLINE, Point, place
from school_log.body_regions import REGIONS_BY_ID
from school_log.model import VIEWS, BodyMark
from school_log.outward.exports.pdf import FONT, Document

ROW_ASPECT = 1.9  # a figure row is this many columns tall (the app's terminal cells are tall)
CELL = 3.8  # mm per figure column
GAP = 12.0  # mm between the figures
CAPTION = 6.0  # mm above each figure for its name
RADII = (2.3, 2.1, 1.9, 1.7, 1.5, 1.3)  # mm: the largest disc at which no two marks touch is used
CLEARANCE = 0.3  # mm between neighbouring discs


@dataclass(frozen=True)
class NumberedMark:
    """A mark on the cumulative map: its legend number and the day it was seen."""

    number: int
    seen: date
    mark: BodyMark


@dataclass(frozen=True)
class Disc:
    """One mark as drawn: its number, where its centre is on the page (mm) and the disc's radius."""

    number: int
    region: str
    view: str
    x: float
    y: float
    radius: float


def origin(doc: Document, view: str, top: float) -> Point:
    """The page position (mm) of a figure's top-left corner when the map is drawn from `top`."""
    left = doc.l_margin + (doc.width - 2 * FIGURE_WIDTH * CELL - GAP) / 2
    return left + VIEWS.index(view) * (FIGURE_WIDTH * CELL + GAP), top + CAPTION


def to_page(corner: Point, point: Point) -> Point:
    """A figure point (column, row) on the page (mm)."""
    return corner[0] + point[0] * CELL, corner[1] + point[1] * CELL * ROW_ASPECT


def discs(doc: Document, marks: list[NumberedMark], top: float) -> list[Disc]:
    """Where each mark's disc goes: in its region, apart from the others, as large as that allows."""
    for radius in RADII:
        spacing = (2 * radius + CLEARANCE) / CELL
        points = place([m.mark for m in marks], spacing, ROW_ASPECT, (4, 7))
        if radius == RADII[-1] or _apart(points, marks, spacing):
            break
    out = []
    for numbered, point in zip(marks, points, strict=True):
        if point is None:
            continue
        x, y = to_page(origin(doc, numbered.mark.view, top), point)
        out.append(Disc(numbered.number, numbered.mark.region, numbered.mark.view, x, y, radius))
    return out


def _apart(points: list[Point | None], marks: list[NumberedMark], spacing: float) -> bool:
    placed = [(m.mark.view, p) for m, p in zip(marks, points, strict=True) if p is not None]
    return all(
        v1 != v2 or ((p[0] - q[0]) ** 2 + ((p[1] - q[1]) * ROW_ASPECT) ** 2) ** 0.5 >= spacing - 1e-9
        for i, (v1, p) in enumerate(placed)
        for v2, q in placed[i + 1 :]
    )


def draw(doc: Document, marks: list[NumberedMark], top: float) -> float:
    """Both figures with their marks, side by side from `top`; returns the y below them."""
    for view in VIEWS:
        _figure(doc, origin(doc, view, top), view)
    for disc in discs(doc, marks, top):
        _disc(doc, disc)
    return top + CAPTION + FIGURE_HEIGHT * CELL * ROW_ASPECT + 4


def _figure(doc: Document, corner: Point, view: str) -> None:
    """The figure's name and the child's outline, smoothed through `OUTLINE`; eyes and mouth on the front."""
    doc.set_font(FONT, "B", 9)
    doc.set_xy(corner[0], corner[1] - CAPTION)
    side = "child's right on your left" if view == "front" else "child's right on your right"
    doc.cell(FIGURE_WIDTH * CELL, 5, f"{view.upper()} ({side})", align="C")
    points = [to_page(corner, p) for p in OUTLINE]
    n = len(points)
    with doc.new_path() as path:
        path.style.fill_color = "#eeeeee"
        path.style.stroke_color = "#3c3c3c"
        path.style.stroke_width = 0.35
        path.move_to(*points[0])
        for i in range(n):  # Catmull-Rom through the points, as cubic Béziers
            p0, p1, p2, p3 = points[i - 1], points[i], points[(i + 1) % n], points[(i + 2) % n]
            path.curve_to(
                p1[0] + (p2[0] - p0[0]) / 6,
                p1[1] + (p2[1] - p0[1]) / 6,
                p2[0] - (p3[0] - p1[0]) / 6,
                p2[1] - (p3[1] - p1[1]) / 6,
                *p2,
            )
        path.close()
    doc.set_draw_color(150)
    doc.set_line_width(0.25)
    if view == "front":
        for eye in ((8.5, 2.5), (13.5, 2.5)):
            x, y = to_page(corner, eye)
            doc.ellipse(x - 0.9, y - 0.6, 1.8, 1.2)
        doc.line(*to_page(corner, (10.2, 4.55)), *to_page(corner, (11.8, 4.55)))
    else:
        doc.line(*to_page(corner, (11.0, 7.4)), *to_page(corner, (11.0, 10.6)))  # the spine
    doc.set_draw_color(0)


def _disc(doc: Document, disc: Disc) -> None:
    """A filled red disc at the mark with its legend number in white."""
    r = disc.radius
    doc.set_fill_color(200, 0, 0)
    doc.set_draw_color(120, 0, 0)
    doc.set_line_width(0.2)
    doc.circle(disc.x, disc.y, r, style="DF")
    doc.set_text_color(255)
    doc.set_font(FONT, "B", 6.5 * r / RADII[0] if disc.number < 10 else 5.6 * r / RADII[0])
    doc.set_xy(disc.x - r, disc.y - r)
    doc.cell(2 * r, 2 * r, str(disc.number), align="C")
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
