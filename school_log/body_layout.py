"""Where each body-map region lies on the child's figure, and where each mark is drawn inside it.

One geometry for every drawing of the body map (the app's figures, the PDF's): a
figure is a grid FIGURE_WIDTH columns wide and FIGURE_HEIGHT rows tall, and each
region of `school_log.body_regions` is a set of its cells, drawn from the ASCII
templates below (each character a code looked up in that view's legend):

* a lower-case letter is the child's RIGHT, the same letter in upper case the
  child's LEFT (``u`` right upper arm, ``U`` left upper arm);
* digits are midline parts (``1`` forehead, ``6`` abdomen...);
* the FRONT figure faces the viewer, so the child's left (upper case) is on the
  viewer's right; the BACK figure faces away, so the child's left is on the
  viewer's left.

Points on a figure are (column, row) floats: cell (c, r) covers [c, c+1) x [r, r+1).
`OUTLINE` is the child's silhouette around every cell, the same from the front and
the back; `place` puts each mark inside its own region and inside the outline, and
fans out marks that share a region so none hides another.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from types import MappingProxyType

from school_log.body_regions import REGIONS_BY_ID
from school_log.model import VIEWS, BodyMark

FIGURE_WIDTH = 22
FIGURE_HEIGHT = 19
Point = tuple[float, float]

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


CELLS: Mapping[str, Mapping[tuple[int, int], str]] = MappingProxyType(
    {
        "front": MappingProxyType(_parse(FRONT_TEMPLATE, FRONT_LEGEND)),
        "back": MappingProxyType(_parse(BACK_TEMPLATE, BACK_LEGEND)),
    }
)
"""Per view, (column, row) -> the region id of that cell."""


def _region_cells() -> dict[str, tuple[tuple[int, int], ...]]:
    out: dict[str, list[tuple[int, int]]] = {}
    for view in VIEWS:
        for cell, region_id in sorted(CELLS[view].items(), key=lambda item: (item[0][1], item[0][0])):
            out.setdefault(region_id, []).append(cell)
    return {region_id: tuple(cells) for region_id, cells in out.items()}


REGION_CELLS: Mapping[str, tuple[tuple[int, int], ...]] = MappingProxyType(_region_cells())
"""Region id -> its cells, row by row."""


def _half_outline() -> list[Point]:
    """The viewer's left half of the silhouette, from the crown down to the crotch, a quarter cell outside
    every cell of the templates: head, neck, shoulder, the arm and hand held a little away from the body,
    the trunk, the leg and the foot."""
    return [
        (11.0, -0.3), (9.0, -0.2), (7.3, 0.5), (6.1, 1.6), (5.7, 3.0), (5.9, 4.3), (6.8, 5.3), (8.3, 5.9),
        (8.7, 6.4), (8.4, 6.85), (6.0, 6.8), (3.9, 6.75), (2.9, 7.3), (2.7, 8.5), (2.7, 11.0), (2.7, 13.1),
        (1.7, 13.9), (1.7, 15.6), (2.4, 16.3), (4.5, 16.3), (5.2, 15.5), (5.15, 13.5), (5.15, 9.0), (5.45, 8.1),
        (5.8, 8.6), (5.85, 11.0), (5.85, 13.0), (5.8, 14.6), (6.7, 15.3), (6.75, 16.5), (6.7, 17.85),
        (5.7, 18.2), (5.7, 19.0), (6.2, 19.3), (9.2, 19.3), (10.3, 18.6), (10.25, 16.0), (10.25, 13.5),
        (11.0, 13.05),
    ]  # fmt: skip


def _outline() -> tuple[Point, ...]:
    left = _half_outline()
    right = [(FIGURE_WIDTH - x, y) for x, y in reversed(left[1:-1])]
    return tuple(left + right)


OUTLINE: tuple[Point, ...] = _outline()
"""The child's silhouette, a closed polygon in figure units, drawn smoothed through its points."""


def inside(point: Point, polygon: Sequence[Point]) -> bool:
    """Whether `point` lies inside a closed polygon (even-odd rule)."""
    x, y = point
    hit = False
    for (x1, y1), (x2, y2) in zip(polygon, [*polygon[1:], polygon[0]], strict=True):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            hit = not hit
    return hit


def in_region(region_id: str, point: Point) -> bool:
    """Whether a point of the figure lies in one of the region's cells."""
    return (math.floor(point[0]), math.floor(point[1])) in set(REGION_CELLS.get(region_id, ()))


def place(marks: Sequence[BodyMark], spacing: float, aspect: float, grid: tuple[int, int]) -> list[Point | None]:
    """Where each mark is drawn: inside its own region and the outline, at its recorded position when that
    lies in its region, else as near the region's middle as it can be, at least `spacing` columns from
    every mark placed before it on the same view (a row is `aspect` columns tall). Each cell offers
    `grid` (across, down) points. A mark that cannot be kept `spacing` away takes the point furthest from
    the others; None for a region the vocabulary does not know (not drawn)."""
    placed: dict[str, list[Point]] = {view: [] for view in VIEWS}
    out: list[Point | None] = []
    for mark in marks:
        region = REGIONS_BY_ID.get(mark.region)
        if region is None or mark.region not in REGION_CELLS:
            out.append(None)
            continue
        points = _points(mark.region, grid)
        wanted = _wanted(mark, points)

        def far(p: Point, others: list[Point] = placed[region.view]) -> float:
            return min((math.hypot(p[0] - q[0], (p[1] - q[1]) * aspect) for q in others), default=math.inf)

        def near(p: Point, wanted: Point = wanted) -> float:
            return math.hypot(p[0] - wanted[0], (p[1] - wanted[1]) * aspect)

        free = [p for p in points if far(p) >= spacing]
        best = min(free, key=near) if free else max(points, key=lambda p: (far(p), -near(p)))
        placed[region.view].append(best)
        out.append(best)
    return out


def _points(region_id: str, grid: tuple[int, int]) -> list[Point]:
    """The points of a region a mark may be drawn at: `grid` per cell, each inside the outline."""
    across, down = grid
    points = [
        (col + (i + 0.5) / across, row + (j + 0.5) / down)
        for col, row in REGION_CELLS[region_id]
        for i in range(across)
        for j in range(down)
    ]
    return [p for p in points if inside(p, OUTLINE)] or points


def _wanted(mark: BodyMark, points: Sequence[Point]) -> Point:
    """Where the mark would sit alone: its recorded position if in its region, else the point of the region
    nearest the middle of its cells."""
    if mark.x is not None and mark.y is not None:
        recorded = (mark.x * FIGURE_WIDTH, mark.y * FIGURE_HEIGHT)
        if in_region(mark.region, recorded):
            return recorded
    cells = REGION_CELLS[mark.region]
    middle = (sum(c + 0.5 for c, _ in cells) / len(cells), sum(r + 0.5 for _, r in cells) / len(cells))
    return min(points, key=lambda p: math.hypot(p[0] - middle[0], p[1] - middle[1]))


__all__ = [
    "BACK_LEGEND",
    "BACK_TEMPLATE",
    "CELLS",
    "FIGURE_HEIGHT",
    "FIGURE_WIDTH",
    "FRONT_LEGEND",
    "FRONT_TEMPLATE",
    "OUTLINE",
    "REGION_CELLS",
    "Point",
    "in_region",
    "inside",
    "place",
]
