"""The referral pack as a MASH reads it, every page: for a pupil with every kind of entry, two siblings, a file
transferred in from another school and ten body marks on three regions.

Checked on the PDF's text layer and on its page images: no label, heading or entry heading is left alone at a
page's foot and nothing runs into the bottom margin; why now, the referrer, the parents' awareness and
consent, the siblings' child-protection status, the other agencies and the patterns as they stood at the
decision are printed, in words for a reader outside the school.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from school_log.model import Decision
from school_log.outward import transfer
from school_log.outward.exports import export
from school_log.outward.exports.entries import LAYOUTS, Numbers, parts, print_entry
from school_log.outward.exports.pdf import FONT, LABEL_WIDTH, MARGIN, Document
from school_log.roster_files.rows import RosterRow
from school_log.school import School
from school_log.views import ChronologyItem
from storage.accounts import create_vault
from tests.factory import PUPILS, Fixture, make_school
from tests.test_exports import SCHOOL_SECTION
from tests.test_exports_kinds import AT, PUPIL, samples

JAMIE, ELLA, ZARA = "R100000000001", "F100000000002", "Z100000000007"
BEA = ("bea", "Beatriz Núñez", "head of safeguarding at brookside")
#: Ten marks on three regions: the left upper arm (front), the lower back and the right calf (back).
MARKS = [("front", "left-upper-arm-front")] * 4 + [("back", "lower-back")] * 3 + [("back", "right-calf")] * 3
LONG = "She said it again at lunch and again in the afternoon, each time in the same words. " * 4


def _set(monkeypatch: pytest.MonkeyPatch, moment: str) -> None:
    monkeypatch.setenv("SCHOOL_LOG_NOW", moment)


@pytest.fixture
def jamie(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Fixture:
    """Oakfield (its [school] details in config.toml): Jamie's file came from Brookside Academy and has every
    kind of entry here; his sister Ella is in an open section 47 enquiry and his sister Zara is on a child
    protection plan. The decision to refer is made a week after the concerns were written (so the log was also
    reminding the DSL that a decision was late: a reminder the MASH must not get)."""
    config = tmp_path / "config.toml"
    config.write_text(SCHOOL_SECTION, encoding="utf-8")
    monkeypatch.setenv("SCHOOL_LOG_CONFIG", str(config))
    fixture = make_school(tmp_path, monkeypatch)
    dana = fixture.open("dana")
    dana.roster.import_rows([RosterRow(ZARA, "Zara", "Brook", date(2014, 5, 9), "6", "H-BROOK", flags=("cp-plan",))])

    brook = f"sqlite:///{tmp_path / 'brook.db'}"
    create_vault(brook, "Brookside Academy", *BEA, simulated_clock=True)
    bea = School.unlock(brook, BEA[0], BEA[2])
    bea.roster.import_rows([PUPILS[0]])
    bea.log.record_concern(
        {"pupil": JAMIE, "occurred_at": "2026-10-01T09:00:00Z", "what_happened": "Came in hungry (Brookside)"}
    )
    (tmp_path / "oak.key").write_text(json.dumps(transfer.public_key(dana).to_data()))
    transfer.send(bea, JAMIE, tmp_path / "oak.key", tmp_path / "jamie.bundle")
    (tmp_path / "brook.key").write_text(json.dumps(transfer.public_key(bea).to_data()))
    transfer.receive(
        dana, tmp_path / "jamie.bundle", tmp_path / "jamie.receipt", transfer.Vouch(key_file=tmp_path / "brook.key")
    )

    for n, (view, region) in enumerate(MARKS):
        fixture.open("tom" if n % 2 else "tara").log.record_concern(
            {
                "pupil": JAMIE,
                "occurred_at": f"2026-11-{9 + n % 5:02d}T09:{n:02d}:00Z",
                "what_happened": f"A bruise on the {region.replace('-', ' ')}, seen at registration. {LONG}",
                "child_words": "Dad grabbed me" if n % 3 == 0 else "",
                "opinion": "He flinched when I came near" if n % 4 == 0 else "",
                "categories": ["physical"],
                "body_marks": [
                    {"view": view, "region": region, "type": "bruise", "size_mm": 10 + n, "explained_by": "none"}
                ],
            }
        )
    dana.log.notify(
        {
            "pupil": JAMIE,
            "occurred_at": "2026-11-14T22:00:00Z",
            "agency": "police",
            "kind": "operation-encompass",
            "summary": "Police called to a domestic incident at home",
            "reference": "OE-4411",
            "child_present": True,
        }
    )
    first = dana.log.entries([dana.roster.pupil(JAMIE).id], purpose="test", audit=False)[0]
    dana.log.addendum(first.id, {"text": "Mum phoned: he fell off his bike"})
    ella = fixture.open("tara").log.record_concern(
        {"pupil": ELLA, "occurred_at": "2026-11-10T09:00:00Z", "what_happened": "Ella said dad hits mum"}
    )
    ella_referral = dana.log.decide(
        ELLA,
        {"covers": [ella.id], "outcome": "refer-social-care", "level": 4, "rationale": "Disclosure", "agency": "MASH"},
    )
    dana.log.referral_outcome({"decision": ella_referral.id, "outcome": "s47"})

    _set(monkeypatch, "2026-12-01T10:00:00+00:00")
    dana = fixture.open("dana")  # a week on
    referral = dana.log.decide(
        JAMIE,
        {
            "outcome": "refer-social-care",
            "level": 4,
            "rationale": "Ten bruises in a fortnight with no account, a disclosure, police at the home. " * 2,
            "agency": "Northshire MASH",
            "reference": "MASH-2026-117",
            "why_now": "Ten bruises in two weeks, none explained; he says dad grabbed him",
            "immediate_risk": "Not safe to go home tonight: dad is at home",
            "parents_informed": False,
            "parents_not_informed_why": "Telling dad could put Jamie at risk",
            "consent": "not-sought",
            "discussed_with": ["School nurse", "Northshire MASH"],
        },
    )
    dana.log.referral_outcome({"decision": referral.id, "outcome": "accepted", "notes": "Strategy meeting today"})
    task = dana.log.add_task(JAMIE, {"text": "Speak to mum", "assignee": dana.me.id, "due": "2026-11-30"})
    dana.log.complete_task({"task": task.id, "note": "Mum came in"})
    return fixture


def _labels() -> set[str]:
    """Every label the pack prints beside a value, and each line of a label that wraps."""
    numbers = Numbers([])
    doc = Document("t", "t", AT)
    doc.set_font(FONT, "B", 9)
    labels = {part.label for entry in samples() for part in parts(entry, numbers)}
    labels |= {"Decision", "Reason for referral", "Immediate risk", "School", "Address", "URN", "School phone"}
    labels |= {
        "Referred by",
        "DSL phone",
        "DSL email",
        "Legal name",
        "Date of birth",
        "UPN",
        "Year group",
        "Decided by",
    }
    return labels | {line for label in labels for line in doc.wrapped(label, LABEL_WIDTH)}


HEADINGS = {"Why now", "Referrer", "The child", "Household and siblings", "Decision", "Patterns noted by the log"}
HEADINGS |= {"Other agencies involved", "Agency notifications", "Chronology", "Cumulative body map"}
ENTRY_HEADING = re.compile(
    r"^#\d+ +\d{4}-\d\d-\d\d \d\d:\d\d UTC · (" + "|".join(kind.words for kind in LAYOUTS.values()) + ")"
)


def test_every_page_of_a_full_pack_keeps_labels_with_their_values(jamie: Fixture, tmp_path: Path) -> None:
    """Every page of the pack ends on a value, never on a label, a heading, an entry's heading or its byline;
    nothing is drawn in the bottom margin above the footer; the pack runs to several pages."""
    export(jamie.open("dana"), "referral", JAMIE, tmp_path / "pack.pdf")
    pdf = pdfium.PdfDocument(str(tmp_path / "pack.pdf"))
    assert len(pdf) >= 4
    alone = _labels() | HEADINGS
    for index in range(len(pdf)):
        page = pdf[index]
        lines = [line.strip() for line in page.get_textpage().get_text_range().splitlines() if line.strip()]
        assert lines[-1].startswith("OFFICIAL-SENSITIVE") and lines[-1].endswith(f"page {index + 1}")
        foot = lines[-2]
        assert foot not in alone, f"page {index + 1} ends on the label {foot!r}"
        assert not ENTRY_HEADING.match(foot) and "· written " not in foot, f"page {index + 1} ends on {foot!r}"
        image = page.render(scale=2).to_pil().convert("L")
        width, height = image.size
        per_mm = height / 297
        band = image.crop((0, int((297 - MARGIN - 5) * per_mm) + 2, width, int((297 - MARGIN) * per_mm) - 2))
        assert band.getextrema()[0] > 200, f"page {index + 1}: something is drawn into the bottom margin"


def test_the_pack_says_what_a_mash_acts_on(jamie: Fixture, tmp_path: Path) -> None:
    """Why now and the immediate risk open the pack; the referrer's address, URN and phones and the DSL's
    email; the parents not told and why, consent not sought, who it was discussed with; Ella's open s47 and
    Zara's child protection plan; the other agencies together; the patterns the log noted when the decision
    was made — not the log's own reminder that the decision was late — and the entries transferred in."""
    dana = jamie.open("dana")
    chron = dana.review.chronology(JAMIE, household=True)
    decision = next(i.entry for i in chron.items if isinstance(i.entry, Decision) and not i.sibling)
    at_decision = dana.review.as_it_stood(chron, decision)
    assert at_decision is not None and "decision-overdue" in {flag.code for flag in at_decision.flags}
    assert dana.review.chronology(JAMIE).review is None or not dana.review.chronology(JAMIE).review.flags
    export(dana, "referral", JAMIE, tmp_path / "pack.pdf", since=date(2026, 9, 1))
    pdf = pdfium.PdfDocument(str(tmp_path / "pack.pdf"))
    text = " ".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    flat = re.sub(r"\s+", " ", text)
    assert flat.index("Why now") < flat.index("Referrer") < flat.index("The child")
    assert "Reason for referral Ten bruises in two weeks, none explained; he says dad grabbed him" in flat
    assert "Immediate risk Not safe to go home tonight: dad is at home" in flat
    assert "Address Oakfield Primary, 1 Mill Lane, Northshire NS1 2AB URN 123456 School phone 01632 960000" in flat
    assert "DSL phone 01632 960001 DSL email dsl@oakfield.example.sch.uk" in flat
    assert "Parents or carers told no Why they were not told Telling dad could put Jamie at risk" in flat
    assert "Their consent not sought Discussed with School nurse, Northshire MASH" in flat
    assert "UPN F100000000002 · open section 47 child protection enquiry" in flat
    assert "UPN Z100000000007 · on a child protection plan" in flat
    agencies = flat[flat.index("Other agencies involved") : flat.index("Agency notifications")]
    assert "Police Operation Encompass" in agencies and "ref OE-4411" in agencies
    assert "Northshire MASH referred to" in agencies and "decision discussed with them" in agencies
    assert "School nurse decision discussed with them" in agencies
    patterns = flat[flat.index("Patterns noted by the log") : flat.index("Other agencies involved")]
    assert "when the decision was made (2026-12-01)" in patterns
    assert "Injuries seen on several occasions" in patterns and "The same part of the body injured again" in patterns
    assert "waiting" not in patterns and "working day" not in patterns and "not yet" not in patterns
    assert "Came in hungry (Brookside)" in flat and "Beatriz Núñez, Brookside Academy" in flat


def _page_ends(pdf: pdfium.PdfDocument) -> list[str]:
    """The last line above the footer of each page but the last."""
    ends = []
    for index in range(len(pdf) - 1):
        lines = [line.strip() for line in pdf[index].get_textpage().get_text_range().splitlines() if line.strip()]
        ends.append(lines[-2] if len(lines) > 1 else "")
    return ends


@pytest.mark.parametrize("room", range(1, 21))
def test_a_page_break_anywhere_never_leaves_a_label_alone(room: int) -> None:
    """Every labelled part of every kind of entry, and an entry's heading with its first part, printed with
    only `room` mm left on the page (each room from 1 to 20 mm): the page ends on a value or on nothing,
    never on a label (or the first line of one that wraps, such as "Parents or carers / told"), an entry's
    heading or its byline; a value is always on its label's page."""
    entries = samples()
    items = [ChronologyItem(e, PUPIL, "Dana Lead", "dsl", sibling=False) for e in entries]
    numbers = Numbers(items)
    alone = _labels()
    shown = {(part.label, part.printed or part.value) for e in entries for part in parts(e, numbers)}
    for label, value in sorted(shown):
        pdf = _drawn(room, lambda doc, part=(label, value): doc.field(*part))
        pages = [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]
        _ends_on_a_value(pdf, room, alone)
        starts = [line for line in alone if label.startswith(line)]  # the label, or its first line if it wraps
        on = [n for n, text in enumerate(pages) if any(line in text for line in starts)]
        assert on and value[:12] in pages[on[0]], (room, label, "its value is not on the label's page")
    for item in items:
        _ends_on_a_value(_drawn(room, lambda doc, item=item: print_entry(doc, item, numbers)), room, alone)


def _drawn(room: float, draw: Callable[[Document], None]) -> pdfium.PdfDocument:
    """What `draw` prints starting `room` mm above the page's foot."""
    doc = Document("Chronology", "Oakfield Primary", AT)
    doc.set_y(doc.page_break_trigger - room)
    draw(doc)
    return pdfium.PdfDocument(doc.render())


def _ends_on_a_value(pdf: pdfium.PdfDocument, room: float, alone: set[str]) -> None:
    for end in _page_ends(pdf):
        assert end not in alone and not ENTRY_HEADING.match(end) and "· written " not in end, (room, end)
