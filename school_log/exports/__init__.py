"""What a DSL sends out of the log: the referral pack and the chronology, each export audited.

Every export is rendered in memory, written once to the path the DSL named, and
recorded in the chained log as an `audit.export` record (who: its author; when:
its time; what: which pupil, which document, which format, how many entries).
If the record cannot be written the file is removed again, so no export exists
that the log does not show.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from school_log.errors import AuthError, InputError
from school_log.exports.chronology import chronology_csv, chronology_pdf
from school_log.exports.pdf import write_once
from school_log.exports.referral import referral_pack
from school_log.model import when
from school_log.school import School
from storage.records import Draft

DOCUMENTS = {"referral": ("pdf",), "chronology": ("pdf", "csv")}


@dataclass(frozen=True)
class Exported:
    path: Path
    document: str
    format: str
    entries: int


def export(
    school: School, document: str, pupil_ref: str, path: Path, fmt: str = "pdf", since: date | None = None
) -> Exported:
    """Write `document` ("referral" or "chronology") about one pupil to `path`, and audit it."""
    if not school.is_dsl:
        raise AuthError("only a DSL can export a pupil's file")
    if fmt not in DOCUMENTS[document]:
        raise InputError(f"export {document}: format {fmt!r} is not one of {', '.join(DOCUMENTS[document])}")
    if path.is_dir() or not path.parent.is_dir():
        raise InputError(f"{path}: give a file in an existing directory; nothing was written")
    chron = school.review.chronology(pupil_ref)
    items = [i for i in chron.items if since is None or when(i.entry).date() >= since]
    me = school.me
    prepared_by = f"{me.name} ({me.role.upper()})"
    if document == "referral":
        data = referral_pack(chron, school.name, prepared_by, since, school.clock.now())
    elif fmt == "pdf":
        data = chronology_pdf(chron, items, school.name, prepared_by, school.clock.now())
    else:
        data = chronology_csv(items)
    write_once(path, data)
    record = {"document": document, "format": fmt, "entries": len(items), "from": since.isoformat() if since else None}
    try:
        school.session.append(Draft("audit", subject=chron.pupil.id, kind="audit.export", data=record))
    except BaseException:
        path.unlink(missing_ok=True)  # an export the log does not show must not exist
        raise
    return Exported(path, document, fmt, len(items))
