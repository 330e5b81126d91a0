"""A pupil's chronology for a child-protection conference or a local-authority request: PDF or CSV."""

from __future__ import annotations

import csv
import io
from datetime import datetime

from school_log import local_time
from school_log.outward.exports.entries import CSV_COLUMNS, Numbers, csv_row, print_entry
from school_log.outward.exports.pdf import Document
from school_log.views import Chronology, ChronologyItem


def chronology_pdf(
    chron: Chronology,
    items: list[ChronologyItem],
    school: str,
    prepared_by: str,
    at: datetime,
    password: str | None = None,
) -> bytes:
    pupil = chron.pupil
    numbers = Numbers(items)
    doc = Document("Chronology", school, at)
    doc.title_block(
        f"Chronology: {pupil.name}",
        f"Born {pupil.date_of_birth.isoformat()} · UPN {pupil.upn} · {school} · "
        f"prepared by {prepared_by} on {local_time.stamp(at)} · {len(items)} entries, date order",
    )
    if not items:
        doc.para("Nothing is recorded in this period.")
    for item in items:
        print_entry(doc, item, numbers)
    return doc.render(password)


def chronology_csv(items: list[ChronologyItem]) -> bytes:
    """UTF-8 with a byte-order mark, so a spreadsheet shows the names' diacritics as written."""
    numbers = Numbers(items)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for item in items:
        writer.writerow(csv_row(item, numbers))
    return ("\ufeff" + out.getvalue()).encode("utf-8")
