"""The referral pack and chronology exports: what a PDF viewer shows, what a spreadsheet gets, and the audit."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from school_log.body_layout import FIGURE_WIDTH
from school_log.errors import AuthError, InputError
from school_log.outward.exports import body_map, export
from school_log.roster_files.rows import RosterRow
from school_log.school import School
from tests.factory import Fixture, make_school

ZOE = "X100000000099"
SCHOOL_SECTION = """\
[school]
address = "Oakfield Primary, 1 Mill Lane, Northshire NS1 2AB"
urn = "123456"
phone = "01632 960000"
dsl_phone = "01632 960001"
dsl_email = "dsl@oakfield.example.sch.uk"
"""


@pytest.fixture
def school(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Fixture, School]:
    """Oakfield with Zoë (a name with diacritics) and her brother Jamie; a concern with two marks,
    a police notification, a decision, and one concern from before the period asked for."""
    config = tmp_path / "config.toml"
    config.write_text(SCHOOL_SECTION, encoding="utf-8")
    monkeypatch.setenv("SCHOOL_LOG_CONFIG", str(config))
    fixture = make_school(tmp_path, monkeypatch)
    dsl = fixture.open("dana")
    dsl.roster.import_rows([RosterRow(ZOE, "Zoë", "Łukasiewicz-Nguyễn", date(2016, 3, 1), "5", "H-BROOK")])
    tom = fixture.open("tom")
    tom.log.record_concern(
        {
            "pupil": ZOE,
            "occurred_at": "2026-09-01T09:00:00Z",
            "what_happened": "Came in without a coat",
            "categories": ["neglect"],
        }
    )
    tom.log.record_concern(
        {
            "pupil": ZOE,
            "occurred_at": "2026-11-20T09:15:00Z",
            "location": "classroom",
            "what_happened": "Two bruises on the upper arm, finger-shaped",
            "child_words": "Dad grabbed me when I spilt the milk",
            "opinion": "She seemed frightened to go home",
            "categories": ["physical"],
            "body_marks": [
                {
                    "view": "front",
                    "region": "left-upper-arm-front",
                    "type": "bruise",
                    "size_mm": 30,
                    "x": 0.8,
                    "y": 0.45,
                    "shape": "fingertip",
                    "colour": "purple",
                    "explanation": "fell over",
                    "explained_by": "child",
                },
                {"view": "back", "region": "right-calf", "type": "graze", "size_mm": 15},
            ],
        }
    )
    dsl.log.notify(
        {
            "pupil": ZOE,
            "occurred_at": "2026-11-21T22:00:00Z",
            "agency": "police",
            "kind": "operation-encompass",
            "summary": "Domestic incident at home",
            "reference": "OE-4411",
            "child_present": True,
            "child_voice": "I hid upstairs",
        }
    )
    dsl.log.decide(
        ZOE,
        {
            "outcome": "refer-social-care",
            "level": 4,
            "rationale": "Fingertip bruising with a disclosure",
            "agency": "MASH",
            "reference": "MASH-2026-117",
            "why_now": "A disclosure of being grabbed by dad, with fingertip bruising",
            "immediate_risk": "Not safe to go home tonight: dad is at home",
            "parents_informed": False,
            "parents_not_informed_why": "Telling dad could put her at risk",
            "consent": "not-sought",
            "discussed_with": ["MASH duty social worker", "School nurse"],
        },
    )
    return fixture, dsl


def _pages(path: Path) -> list[str]:
    pdf = pdfium.PdfDocument(str(path))
    return [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]


def _exports(school: School, pupil_id: str) -> list[dict]:
    return [r.data for r in school.session.read(("audit",), subjects=[pupil_id]) if r.kind == "audit.export"]


FIRST_PAGE = """\
Referral pack: Zoë Łukasiewicz-Nguyễn
Oakfield Primary · prepared by Dana Lead (DSL) on 2026-11-23 10:00 GMT · entries from 2026-11-01 (1 earlier
entry not included: ask for the whole file)
Why now
Decision Refer to children's social care
Reason for referral A disclosure of being grabbed by dad, with fingertip bruising
Immediate risk Not safe to go home tonight: dad is at home
Referrer
School Oakfield Primary
Address Oakfield Primary, 1 Mill Lane, Northshire NS1 2AB
URN 123456
School phone 01632 960000
Referred by Dana Lead (DSL)
DSL phone 01632 960001
DSL email dsl@oakfield.example.sch.uk
The child
Legal name Zoë Łukasiewicz-Nguyễn
Date of birth 2016-03-01 (age 10)
UPN X100000000099
Year group 5
The child and family
No family details are recorded on the school's roster.
Household and siblings
Elly Brook · born 2019-09-15 · year 2 · UPN F100000000002
Jamie Brook · born 2017-04-02 · year 4 · UPN R100000000001
Decision
Outcome Refer to children's social care
Threshold level 4 statutory (s17/s47)
Rationale Fingertip bruising with a disclosure
Referred to MASH
Reference MASH-2026-117
Parents or carers
told
no
Why they were not
told
Telling dad could put her at risk
Their consent not sought
Discussed with MASH duty social worker, School nurse
Covers #1, #2 and 1 entry not in this document
Decided by Dana Lead (dsl) · written 2026-11-23 10:00 GMT
Patterns noted by the log
What the school's log pointed out when the decision was made (2026-11-23), from the entries named:
• A mark shaped like a hand or an implement: bruise (fingertip) on left upper arm front (#1)
OFFICIAL-SENSITIVE · Oakfield Primary · Referral pack · page 1"""


def test_referral_pack_first_page_text(school, tmp_path: Path) -> None:
    """The pack opens in a PDF viewer and its first page reads as the MASH needs it, names with diacritics
    intact (a snapshot of the page text): why now and the immediate risk first, the referrer's address, URN,
    phones and email from config.toml, the child, the household, the decision with rationale and level, whether
    the parents were told and why not, consent, who it was discussed with, and the patterns the log noted as
    they stood at the decision (which the decision then cleared), in words for an outside reader. The concern
    from before --from is left out, and the pack says so."""
    _, dsl = school
    export(dsl, "referral", ZOE, tmp_path / "pack.pdf", since=date(2026, 11, 1))
    pages = _pages(tmp_path / "pack.pdf")
    assert pages[0].replace("\r\n", "\n") == FIRST_PAGE
    assert "Came in without a coat" not in "".join(pages)


def test_referral_pack_draws_the_body_map(school, tmp_path: Path) -> None:
    """The cumulative body map is a picture: both figures drawn, each mark a red numbered disc where it was
    recorded (the left upper arm on the front figure's right-hand side), and a legend line per mark."""
    _, dsl = school
    export(dsl, "referral", ZOE, tmp_path / "pack.pdf")
    pdf = pdfium.PdfDocument(str(tmp_path / "pack.pdf"))
    last = pdf[len(pdf) - 1]
    text = last.get_textpage().get_text_range()
    assert "Cumulative body map" in text and "FRONT" in text and "BACK" in text
    assert (
        "1. 2026-11-20 · bruise · Left upper arm (front) · 30 mm · fingertip, purple · explanation (child): fell over"
        in text
    )
    assert "2. 2026-11-20 · graze · Right calf · 15 mm · no explanation given" in text
    image = last.render(scale=1).to_pil().convert("RGB")
    width, height = image.size
    red = [
        (x, y)
        for x in range(0, width, 2)
        for y in range(0, height * 3 // 4, 2)
        if image.getpixel((x, y)) == (200, 0, 0)
    ]
    grey = sum(
        1 for x in range(0, width, 4) for y in range(0, height // 2, 4) if image.getpixel((x, y)) == (238, 238, 238)
    )
    assert grey > 500  # the two figures are filled shapes
    front = [p for p in red if p[0] < width / 2]
    back = [p for p in red if p[0] >= width / 2]
    assert front and back  # one mark on each figure
    front_figure_middle = width / 2 - (body_map.GAP / 2 + FIGURE_WIDTH * body_map.CELL / 2) / 210 * width
    assert min(x for x, _ in front) > front_figure_middle  # the child's left is on the viewer's right


def test_chronology_csv_is_in_date_order_with_every_column(school, tmp_path: Path) -> None:
    """A CSV for a local-authority request: one row per entry in date order, author and role, facts, the
    child's words and opinion in their own columns; opens with diacritics intact (UTF-8 with BOM)."""
    _, dsl = school
    export(dsl, "chronology", ZOE, tmp_path / "chron.csv", fmt="csv")
    raw = (tmp_path / "chron.csv").read_bytes()
    assert raw.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert [r["kind"] for r in rows] == ["concern", "concern", "notification", "decision"]
    assert [r["occurred"] for r in rows] == sorted(r["occurred"] for r in rows)
    second = rows[1]
    assert (second["author"], second["role"], second["pupil"]) == ("Tom Teach", "staff", "Zoë Łukasiewicz-Nguyễn")
    assert second["child_words"] == "Dad grabbed me when I spilt the milk"
    assert second["opinion"] == "She seemed frightened to go home"
    assert "bruise · Left upper arm (front) · 30 mm · fingertip, purple" in second["body_marks"]


def test_chronology_pdf_lists_every_entry(school, tmp_path: Path) -> None:
    """The conference chronology as a PDF: every entry numbered, in date order."""
    _, dsl = school
    export(dsl, "chronology", ZOE, tmp_path / "chron.pdf")
    text = "".join(_pages(tmp_path / "chron.pdf"))
    positions = [text.index(f"#{n} ") for n in (1, 2, 3, 4)]
    assert positions == sorted(positions) and "Came in without a coat" in text


def test_every_export_is_audited(school, tmp_path: Path) -> None:
    """Who exported what, when: one chained audit record per export, naming the document, format and count."""
    fixture, dsl = school
    export(dsl, "referral", ZOE, tmp_path / "a.pdf", since=date(2026, 11, 1))
    export(dsl, "chronology", ZOE, tmp_path / "b.csv", fmt="csv")
    zoe = dsl.roster.pupil(ZOE)
    records = [r for r in fixture.open("derek").session.read(("audit",), subjects=[zoe.id]) if r.kind == "audit.export"]
    assert [(r.data["document"], r.data["format"], r.data["entries"], r.data["from"]) for r in records] == [
        ("referral", "pdf", 3, "2026-11-01"),
        ("chronology", "csv", 4, None),
    ]
    assert {r.author for r in records} == {dsl.session.account_id}


def test_export_refusals_write_nothing(school, tmp_path: Path) -> None:
    """A missing directory or a member of staff asking: one clear error, no file, no audit record."""
    fixture, dsl = school
    with pytest.raises(InputError, match="no such directory"):
        export(dsl, "referral", ZOE, tmp_path / "missing" / "pack.pdf")
    with pytest.raises(AuthError):
        export(fixture.open("tom"), "referral", ZOE, tmp_path / "pack.pdf")
    with pytest.raises(InputError, match="format"):
        export(dsl, "referral", ZOE, tmp_path / "pack.csv", fmt="csv")
    assert not list(tmp_path.glob("pack*")) and _exports(dsl, dsl.roster.pupil(ZOE).id) == []
