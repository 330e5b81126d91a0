"""The exported body map: a child's outline, every mark inside its own region, no number hidden by another."""

from __future__ import annotations

from datetime import UTC, date, datetime
from itertools import combinations

import pypdfium2 as pdfium

from school_log.body_layout import OUTLINE, in_region, inside
from school_log.model import BodyMark
from school_log.outward.exports import body_map
from school_log.outward.exports.pdf import Document

TOP = 40.0
MM = 25.4 / 72  # a PDF point in mm
SCALE = 4  # pixels per point in the page image
BOTTOM = TOP + body_map.CAPTION + 19 * body_map.CELL * body_map.ROW_ASPECT  # the figures' foot (mm)
# Ten marks on three regions. The lower-back bruises carry a position on the head (as the demo's once did):
# a mark is drawn in its region whatever its x and y say.
MARKS = (
    *[BodyMark("back", "lower-back", "bruise", x=0.5, y=0.05) for _ in range(4)],
    *[BodyMark("front", "left-upper-arm-front", "bruise", size_mm=20) for _ in range(3)],
    *[BodyMark("front", "right-cheek", "scratch", x=0.36, y=0.18) for _ in range(3)],
)


def _page() -> tuple[Document, pdfium.PdfDocument]:
    doc = Document("Referral pack", "Oakfield Primary", datetime(2026, 11, 23, 10, tzinfo=UTC))
    numbered = [body_map.NumberedMark(n, date(2026, 11, n), mark) for n, mark in enumerate(MARKS, 1)]
    body_map.draw(doc, numbered, TOP)
    return doc, pdfium.PdfDocument(doc.render())


def _numbers(page: pdfium.PdfPage, height_mm: float) -> dict[int, tuple[float, float, float, float]]:
    """Each number printed on the figures, as its box in mm (left, top, right, bottom), from the text layer."""
    text = page.get_textpage()  # closed with its document
    boxes: dict[int, tuple[float, float, float, float]] = {}
    digits, box = "", None
    for i in range(text.count_chars() + 1):
        char = text.get_text_range(i, 1) if i < text.count_chars() else ""
        if char.isdigit():
            left, bottom, right, top = text.get_charbox(i)
            here = (left * MM, height_mm - top * MM, right * MM, height_mm - bottom * MM)
            box = here if box is None else (box[0], min(box[1], here[1]), here[2], max(box[3], here[3]))
            digits += char
            continue
        if digits and box is not None and box[3] < BOTTOM:  # on the figures, not the footer
            assert box is not None and int(digits) not in boxes, f"number {digits} printed twice"
            boxes[int(digits)] = box
        digits, box = "", None
    return boxes


def _red_discs(page: pdfium.PdfPage) -> list[tuple[float, float]]:
    """The centre (mm) of every red disc on the page image: two discs that touched would make one blob (the
    red inside a digit's loop, as in 4 or 0, is a blob within a disc's bounds, not a disc)."""
    image = page.render(scale=SCALE).to_pil().convert("RGB")
    width, height = image.size
    pixels = image.load()
    red = {(x, y) for x in range(width) for y in range(height) if _is_red(pixels[x, y])}
    blobs = []
    while red:
        todo, blob = [red.pop()], []
        while todo:
            x, y = todo.pop()
            blob.append((x, y))
            for step in ((x + 1, y), (x - 1, y), (x, y + 1), (x, y - 1)):
                if step in red:
                    red.remove(step)
                    todo.append(step)
        xs, ys = [x for x, _ in blob], [y for _, y in blob]
        blobs.append((min(xs), min(ys), max(xs), max(ys)))
    discs = [
        b
        for b in blobs
        if not any(o != b and o[0] <= b[0] and o[1] <= b[1] and b[2] <= o[2] and b[3] <= o[3] for o in blobs)
    ]
    return [((x0 + x1) / 2 / SCALE * MM, (y0 + y1) / 2 / SCALE * MM) for x0, y0, x1, y1 in discs]


def _is_red(pixel: tuple[int, int, int]) -> bool:
    r, g, b = pixel
    return r > 110 and g < 70 and b < 70


def _on_figure(view: str, doc: Document, x: float, y: float) -> tuple[float, float]:
    corner = body_map.origin(doc, view, TOP)
    return (x - corner[0]) / body_map.CELL, (y - corner[1]) / (body_map.CELL * body_map.ROW_ASPECT)


def test_ten_marks_on_three_regions_each_inside_its_region_and_readable() -> None:
    """A MASH reader sees every mark on the child's body where it was recorded: on the page image each of
    the ten numbered discs stands apart (none drawn over another), and the centre of each, as printed
    (text layer) and as painted (image), lies inside its own region and inside the child's outline —
    including the lower-back bruises whose recorded position pointed at the head."""
    doc, pdf = _page()
    page = pdf[0]
    numbers = _numbers(page, doc.h)
    assert sorted(numbers) == list(range(1, len(MARKS) + 1))
    for (a, box_a), (b, box_b) in combinations(numbers.items(), 2):
        apart = box_a[2] <= box_b[0] or box_b[2] <= box_a[0] or box_a[3] <= box_b[1] or box_b[3] <= box_a[1]
        assert apart, f"numbers {a} and {b} overlap"
    discs = _red_discs(page)
    assert len(discs) == len(MARKS), "two discs touch, or one is missing"
    for n, mark in enumerate(MARKS, 1):
        left, top, right, bottom = numbers[n]
        printed = ((left + right) / 2, (top + bottom) / 2)
        painted = min(discs, key=lambda d: (d[0] - printed[0]) ** 2 + (d[1] - printed[1]) ** 2)
        assert abs(painted[0] - printed[0]) < 0.6 and abs(painted[1] - printed[1]) < 0.6, (n, painted, printed)
        for x, y in (printed, painted):
            point = _on_figure(mark.view, doc, x, y)
            assert in_region(mark.region, point), f"mark {n} drawn outside {mark.region} at {point}"
            assert inside(point, OUTLINE), f"mark {n} drawn off the child's body at {point}"
    pdf.close()
