"""What a DSL sends out of the log: the referral pack and the chronology, each export audited.

Every export is rendered in memory and written through `school_log.output_file`
(mode 0600; an existing file is replaced only when asked, a symbolic link never
followed), and recorded in the chained log as an `audit.export` record (who: its
author; when: its time; what: which pupil, which document, which format, how many
entries, whether it was password-protected). The record is appended before the
file is kept: if it cannot be written the file is not kept, so no export exists
that the log does not show. A PDF can be protected with a password (AES-256), for
anything that leaves the building.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from school_log import local_time
from school_log.errors import AuthError, InputError
from school_log.model import Decision, when
from school_log.output_file import output_file
from school_log.outward.exports.chronology import chronology_csv, chronology_pdf
from school_log.outward.exports.password import check_password
from school_log.outward.exports.referral import Patterns, Sender, referral_pack
from school_log.school import School
from school_log.views import Chronology
from storage.records import Draft

log = logging.getLogger("school_log.exports")  # the operational log (school_log/oplog.py): kinds, never content

DOCUMENTS = {"referral": ("pdf",), "chronology": ("pdf", "csv")}


def school_year_start(today: date) -> date:
    """1 September of the school year `today` is in: where a referral pack starts unless asked for the whole
    file (the pack says how many earlier entries it leaves out)."""
    return date(today.year if today.month >= 9 else today.year - 1, 9, 1)


@dataclass(frozen=True)
class Exported:
    path: Path
    document: str
    format: str
    entries: int
    encrypted: bool


def export(
    school: School,
    document: str,
    pupil_ref: str,
    path: Path,
    fmt: str = "pdf",
    since: date | None = None,
    *,
    password: str | None = None,
    replace: bool = False,
    how_to_replace: str = "",
) -> Exported:
    """Write `document` ("referral" or "chronology") about one pupil to `path`, and audit it.

    `password`: the PDF opens only with it. `replace`: an existing file at `path` is replaced
    (`how_to_replace`, e.g. "--force", is named when one is refused).
    """
    if not school.is_dsl:
        raise AuthError("only a DSL can export a pupil's file")
    if fmt not in DOCUMENTS[document]:
        raise InputError(f"export {document}: format {fmt!r} is not one of {', '.join(DOCUMENTS[document])}")
    if password is not None and fmt != "pdf":
        raise InputError(f"export {document}: only a PDF can be protected with a password", field="password")
    with output_file(path, replace=replace, how_to_replace=how_to_replace) as out:  # the path is checked first
        if password is not None:
            check_password(password, school.roster.pupil(pupil_ref), school)
        chron = school.review.chronology(pupil_ref, household=document == "referral")
        items = [
            i for i in chron.items if not i.sibling and (since is None or local_time.local_day(when(i.entry)) >= since)
        ]
        me = school.me
        prepared_by = f"{me.name} ({me.role.upper()})"
        if document == "referral":
            sender = Sender(school.name, school.config.referrer, prepared_by)
            data = referral_pack(chron, sender, since, school.clock.now(), _patterns(school, chron), password)
        elif fmt == "pdf":
            data = chronology_pdf(chron, items, school.name, prepared_by, school.clock.now(), password)
        else:
            data = chronology_csv(items)
        out.write(data)
        record = {
            "document": document,
            "format": fmt,
            "entries": len(items),
            "from": since.isoformat() if since else None,
            "encrypted": password is not None,
        }
        school.session.append(Draft("audit", subject=chron.pupil.id, kind="audit.export", data=record))
    log.info("export document=%s format=%s entries=%d encrypted=%s", document, fmt, len(items), password is not None)
    return Exported(path, document, fmt, len(items), password is not None)


def _patterns(school: School, chron: Chronology) -> Patterns:
    """The patterns as they stood when the latest decision made here was recorded (a decision clears them,
    and a pack is made after it); with no decision, as they stand now."""
    made_here = [
        i.entry for i in chron.items if isinstance(i.entry, Decision) and not i.sibling and i.entry.transferred is None
    ]
    if not made_here:
        return Patterns(chron.review.flags if chron.review else (), school.clock.now(), at_decision=False)
    latest = max(made_here, key=lambda d: d.recorded_at)
    review = school.review.as_it_stood(chron, latest)
    return Patterns(review.flags if review else (), latest.recorded_at, at_decision=True)
