"""Every kind of entry the log stores, and every field of each, reaches the exports: none is forgotten.

A sample of each kind `school_log.codec.KINDS` knows is printed as the chronology
prints it and written as a CSV row; each field's value must be found in both. A new
kind without a sample, a sample that leaves a new field at its default, or a field the
exports do not print, each fails here by name.
"""

from __future__ import annotations

import csv
import io
import json
import multiprocessing
import os
import re
import stat
import subprocess
import sys
from dataclasses import fields
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest

from school_log.body_regions import REGIONS_BY_ID
from school_log.codec import KIND_OF, KINDS
from school_log.errors import InputError
from school_log.model import (
    AGENCY_NAMES,
    HURT_BY_WORDS,
    NOTIFICATION_KIND_NAMES,
    OUTCOME_NAMES,
    REFERRAL_OUTCOME_NAMES,
    Addendum,
    BodyMark,
    Concern,
    Decision,
    Entry,
    KnownCondition,
    Notification,
    Pupil,
    ReferralOutcome,
    Task,
    TaskDone,
)
from school_log.outward import retention, transfer
from school_log.outward.exports import export
from school_log.outward.exports.chronology import chronology_csv
from school_log.outward.exports.entries import CONSENT_WORDS, LAYOUTS, LEVELS, Numbers, print_entry
from school_log.outward.exports.pdf import Document
from school_log.school import School
from school_log.views import ChronologyItem
from storage import keyslots
from storage.accounts import create_vault
from storage.crypto import PRODUCTION_KDF
from tests.factory import PASSPHRASES, PUPILS, Fixture, make_school
from tests.stores import Store

AT = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
PUPIL = Pupil("p", "A123456789012", "Jamie", "Brook", date(2017, 4, 2), "4", "H-BROOK")
HEADER = {"pupil_id": "p", "author_id": "someone", "recorded_at": AT}
#: Fields the exports show in each entry's heading and byline (when, who, written when), not as parts.
IN_THE_HEADING = {"id", "pupil_id", "author_id", "recorded_at", "occurred_at", "transferred"}
"""Printed in each entry's heading line: when, and who wrote it (for a transferred entry, at which school)."""
#: Fields deliberately not printed, and why.
NOT_PRINTED = {
    (Task, "assignee"): "an account id; the task names the person as `assignee_name`",
    (BodyMark, "x"): "a position, drawn on the pack's body map",
    (BodyMark, "y"): "a position, drawn on the pack's body map",
    (BodyMark, "view"): "each region belongs to one view, and the region is printed",
}
#: Fields that point at other entries: printed as those entries' numbers.
LINKS = {"covers", "refers_to", "decision_id", "task_id", "supersedes"}

MARK = BodyMark(
    view="front",
    region="left-upper-arm-front",
    type="burn",
    x=0.5,
    y=0.4,
    size_mm=23,
    shape="oval shape",
    colour="yellowish",
    skin_broken=True,
    explanation="caught it on the oven",
    explained_by="carer",
    witnessed_by="Mr Patel, PE",
)


def samples() -> list[Entry]:
    """One entry of each kind, every field away from its default, in the order the document numbers them."""
    return [
        Concern(
            id="c1",
            **HEADER,
            occurred_at=AT,
            what_happened="concern facts here",
            location="concern location",
            categories=("neglect", "physical"),
            child_words="concern child words",
            opinion="concern staff opinion",
            action_taken="concern action taken",
            informed=("concern informed person",),
            urgent=True,
            body_marks=(MARK,),
            hurt_by="parent-carer",
            frightened_to_go_home=True,
            immediate_danger=True,
            household_child_affected=True,
        ),
        Notification(
            id="n1",
            **HEADER,
            occurred_at=AT,
            agency="police",
            kind="operation-encompass",
            summary="notification summary",
            reference="OE-NOTE-1",
            child_present=True,
            child_voice="notification child voice",
        ),
        Decision(
            id="d1",
            **HEADER,
            covers=("c1", "n1"),
            outcome="early-help",
            level=3,
            rationale="first decision rationale",
        ),
        Decision(
            id="d2",
            **HEADER,
            covers=("c1",),
            outcome="refer-social-care",
            level=4,
            rationale="decision rationale",
            agency="decision agency MASH",
            reference="MASH-REF-9",
            review_by=date(2026, 12, 4),
            supersedes="d1",
            parents_informed=False,
            parents_not_informed_why="decision why parents not told",
            consent="not-sought",
            discussed_with=("decision discussed with LADO",),
            why_now="decision why now",
            immediate_risk="decision immediate risk",
        ),
        ReferralOutcome(id="r1", **HEADER, decision_id="d2", outcome="s47", notes="referral outcome notes"),
        Addendum(id="a1", **HEADER, refers_to="c1", text="addendum text"),
        Task(
            id="t1", **HEADER, text="task text", assignee="acct-9", due=date(2026, 11, 30), assignee_name="Tara Tutor"
        ),
        TaskDone(id="td1", **HEADER, task_id="t1", note="task done note"),
        TaskDone(id="td2", **HEADER, task_id="d2", note="referral chased by phone"),
        KnownCondition(
            id="h1",
            **HEADER,
            condition="birthmark",
            name="Mongolian blue spots",
            source="red book; health visitor seen",
            regions=("lower-back",),
            mark_types=("mark",),
        ),
    ]


def _items(entries: list[Entry]) -> list[ChronologyItem]:
    return [ChronologyItem(e, PUPIL, "Dana Lead", "dsl", sibling=False) for e in entries]


def _flat(text: str) -> str:
    """Text with every run of white space one space (a PDF wraps long lines)."""
    return re.sub(r"\s+", " ", text)


def _pdf_text(items: list[ChronologyItem]) -> str:
    numbers = Numbers(items)
    doc = Document("Chronology", "Oakfield Primary", AT)
    for item in items:
        print_entry(doc, item, numbers)
    pdf = pdfium.PdfDocument(doc.render())
    return _flat(" ".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf))))


def _csv_rows(items: list[ChronologyItem]) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(chronology_csv(items).decode("utf-8-sig"))))


def expected(entry: Entry, name: str, value: Any, number: dict[str, int]) -> list[str]:
    """What a reader must find for one field: its words, not its code."""
    if name in LINKS:
        ids = value if isinstance(value, tuple) else (value,)
        return [f"#{number[i]}" for i in ids]
    words: dict[tuple[type, str], Any] = {
        (Decision, "outcome"): OUTCOME_NAMES,
        (ReferralOutcome, "outcome"): REFERRAL_OUTCOME_NAMES,
        (Decision, "level"): LEVELS,
        (Decision, "consent"): CONSENT_WORDS,
        (Notification, "agency"): AGENCY_NAMES,
        (Notification, "kind"): NOTIFICATION_KIND_NAMES,
        (Concern, "hurt_by"): HURT_BY_WORDS,
    }
    if (type(entry), name) in words:
        return [words[type(entry), name][value]]
    if isinstance(value, bool):
        return []  # checked in its own CSV column, below: "yes" alone proves nothing in a page
    if isinstance(value, date):
        return [value.isoformat()]
    if isinstance(value, tuple) and value and isinstance(value[0], BodyMark):
        return [text for mark in value for text in mark_texts(mark)]
    if isinstance(value, tuple):
        return list(value)
    return [str(value)]


def mark_texts(mark: BodyMark) -> list[str]:
    found = []
    for f in fields(BodyMark):
        value = getattr(mark, f.name)
        assert value != f.default, f"the sample mark leaves {f.name} at its default: give it a value"
        if (BodyMark, f.name) in NOT_PRINTED:
            continue
        if f.name == "region":
            found.append(REGIONS_BY_ID[value].label)
        elif f.name == "size_mm":
            found.append(f"{value} mm")
        elif f.name == "skin_broken":
            found.append("skin broken")
        else:
            found.append(str(value))
    return found


def test_every_kind_the_codec_knows_has_a_layout_and_a_sample() -> None:
    """No kind the log can store is unknown to the exports (a task once crashed the referral pack)."""
    assert set(LAYOUTS) == set(KINDS)
    assert {KIND_OF[type(e)] for e in samples()} == set(KINDS), "give this test a sample of the new kind"


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_field_of_every_kind_is_printed_and_in_the_csv(kind: str) -> None:
    """Each field of each kind reaches the chronology PDF and its CSV row, in words a MASH reads
    (outcomes, levels, agencies named; links to other entries as their numbers); only the fields
    listed in NOT_PRINTED, with a reason, are left out."""
    entries = samples()
    items = _items(entries)
    number = {e.id: n for n, e in enumerate(entries, 1)}
    text = _pdf_text(items)
    rows = {row["number"]: row for row in _csv_rows(items)}
    filled: set[str] = set()
    for entry in (e for e in entries if KIND_OF[type(e)] == kind):
        row = rows[str(number[entry.id])]
        assert row["kind"] == kind and row["author"] == "Dana Lead" and row["role"] == "dsl"
        heading = f"#{number[entry.id]} 2026-11-23 10:00 GMT · {LAYOUTS[kind].words}"
        assert heading in text
        cells = _flat(" | ".join(row.values()))
        for f in fields(type(entry)):
            value = getattr(entry, f.name)
            if f.name in IN_THE_HEADING or (type(entry), f.name) in NOT_PRINTED:
                continue
            if value == f.default:
                continue
            filled.add(f.name)
            for words in expected(entry, f.name, value, number):
                assert _flat(words) in text, f"{kind}.{f.name}: {words!r} is not in the PDF"
                assert _flat(words) in cells, f"{kind}.{f.name}: {words!r} is not in the CSV row"
            if isinstance(value, bool):
                assert row[f.name] == ("yes" if value else "no"), f"{kind}.{f.name} in the CSV"
    shown = {
        f.name for f in fields(KINDS[kind]) if f.name not in IN_THE_HEADING and (KINDS[kind], f.name) not in NOT_PRINTED
    }
    assert shown <= filled, f"no {kind} sample fills {sorted(shown - filled)}: give one a value"


# --- a real pupil with every kind, exported in-process and by the command in its own process ---------

JAMIE, ELLA = "R100000000001", "F100000000002"
BEA = ("bea", "Beatriz Núñez", "head of safeguarding at brookside")
LATER = "2045-01-10T10:00:00+00:00"  # Ella's file (born 2019) is due for review; Jamie's export is made then
#: Jamie's entries, as the exports name their kinds: those written here, then those transferred in.
HERE = ["concern", "notification", "addendum", "decision", "referral-outcome", "task", "task-done", "task-done"]
TRANSFERRED = ["concern", "decision", "addendum", "referral-outcome", "task", "task-done"]


def _every_kind(school: School) -> Decision:
    """Through the domain, as people do: a concern (with a mark), an addendum, a referral with the parents'
    side, its outcome, a task and the task done. Returns the referral."""
    concern = school.log.record_concern(
        {
            "pupil": JAMIE,
            "occurred_at": "2026-11-02T09:00:00Z",
            "what_happened": f"Burn on the forearm ({school.name})",
            "child_words": "The iron was hot",
            "categories": ["physical"],
            "body_marks": [{"view": "front", "region": "left-forearm-front", "type": "burn", "size_mm": 15}],
        }
    )
    school.log.addendum(concern.id, {"text": f"Mum phoned about the burn ({school.name})"})
    decision = school.log.decide(
        JAMIE,
        {
            "outcome": "refer-social-care",
            "level": 4,
            "rationale": f"A burn with no account that fits ({school.name})",
            "agency": "MASH",
            "reference": f"MASH-{school.name[:3]}",
            "parents_informed": False,
            "parents_not_informed_why": "Telling them could put him at risk",
            "consent": "not-sought",
            "discussed_with": ["School nurse"],
            "why_now": f"A burn on a seven-year-old with no account ({school.name})",
            "immediate_risk": "Not safe to go home tonight: the burn happened there",
        },
    )
    school.log.referral_outcome(
        {"decision": decision.id, "outcome": "s47", "notes": f"Strategy meeting ({school.name})"}
    )
    task = school.log.add_task(
        JAMIE, {"text": f"Speak to mum ({school.name})", "assignee": school.me.id, "due": "2026-11-30"}
    )
    school.log.complete_task({"task": task.id, "note": f"Mum came in ({school.name})"})
    return decision


def _build_every_kind(directory: Path) -> None:
    """Oakfield, where Jamie has every kind of entry, a file transferred in from Brookside Academy (every
    kind again, by its DSL), and a sister, Ella, whose file was destroyed after its review.

    Keys are made at the production cost, so the real `school-log` command, in its own process (which
    refuses a cheaper key), can unlock them."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(keyslots, "DEFAULT_KDF", PRODUCTION_KDF)
        (directory / "oak").mkdir()
        oak = make_school(directory / "oak", patch)
        dana = oak.open("dana")
        brook_url = f"sqlite:///{directory / 'brook.db'}"
        create_vault(brook_url, "Brookside Academy", *BEA, simulated_clock=True)
        bea = School.unlock(brook_url, BEA[0], BEA[2])
        bea.roster.import_rows([PUPILS[0]])  # Jamie was at Brookside before
        _every_kind(bea)
        (directory / "oak.key").write_text(json.dumps(transfer.public_key(dana).to_data()))
        transfer.send(bea, JAMIE, directory / "oak.key", directory / "jamie.bundle")
        (directory / "brook.key").write_text(json.dumps(transfer.public_key(bea).to_data()))
        from_brook = transfer.Vouch(key_file=directory / "brook.key")
        transfer.receive(dana, directory / "jamie.bundle", directory / "jamie.receipt", from_brook)

        referral = _every_kind(dana)
        dana.log.notify(
            {
                "pupil": JAMIE,
                "occurred_at": "2026-11-03T22:00:00Z",
                "agency": "police",
                "kind": "operation-encompass",
                "summary": "Police called to the home",
                "reference": "OE-77",
            }
        )
        dana.log.complete_task({"task": referral.id, "note": "Chased the MASH by phone"})
        oak.open("tara").log.record_concern(
            {"pupil": ELLA, "occurred_at": "2026-11-04T08:00:00Z", "what_happened": "Ella hungry"}
        )
        patch.setenv("SCHOOL_LOG_NOW", LATER)
        reviewed = "reviewed at 25 years: nothing to keep"
        retention.destroy(oak.open("dana"), ELLA, reviewed)  # proposed by one DSL
        retention.destroy(oak.open("derek"), ELLA, reviewed)  # confirmed by another: destroyed


@pytest.fixture
def every_kind(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Fixture:
    """The school of `_build_every_kind`, built in a process of its own (forked: the cheap test settings
    carry over), so that this one holds no connection to it while the command runs beside it."""
    builder = multiprocessing.get_context("fork").Process(target=_build_every_kind, args=(tmp_path,))
    builder.start()
    builder.join()
    assert builder.exitcode == 0
    monkeypatch.setenv("SCHOOL_LOG_NOW", LATER)
    path = tmp_path / "oak" / "school.db"
    return Fixture(Store(f"sqlite:///{path}", path))


HEADING = re.compile(r"^#\d+ +\d{4}-\d\d-\d\d \d\d:\d\d (?:GMT|BST) · ([^·\n]+?)(?: · about .*)?$", re.MULTILINE)
KIND_BY_WORDS = {layout.words: kind for kind, layout in LAYOUTS.items()}


def _text(path: Path, password: str | None = None) -> str:
    pdf = pdfium.PdfDocument(str(path), password=password)
    return "\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf))).replace("\r\n", "\n")


def _kinds_printed(text: str) -> list[str]:
    return sorted(KIND_BY_WORDS[words] for words in HEADING.findall(text))


def _check_document(text: str) -> None:
    """Every kind, here and transferred in, with its words; transferred entries under their own author and
    school, their links re-pointed inside the document; the destroyed sister nowhere."""
    assert _kinds_printed(text) == sorted(HERE + TRANSFERRED)
    flat = _flat(text)
    assert flat.count("Beatriz Núñez, Brookside Academy (dsl)") == len(TRANSFERRED)
    for school in ("Oakfield Primary", "Brookside Academy"):
        for words in (
            "Burn on the forearm",
            "Mum phoned about the burn",
            "A burn with no account that fits",
            "Strategy meeting",
            "Speak to mum",
            "Mum came in",
        ):
            assert f"{words} ({school})" in flat
    assert "Section 47 (child protection enquiry)" in flat and "Chased the MASH by phone" in flat
    assert "Parents or carers told no" in flat and "Why they were not told Telling them could put him at risk" in flat
    assert "Their consent not sought" in flat and "Discussed with School nurse" in flat
    assert "Police · Operation Encompass" in flat and "For Beatriz Núñez" in flat and "For Dana Lead" in flat
    assert "not in this document" not in flat  # every link, the transferred ones too, points inside it
    assert "Ella" not in flat and "Elly" not in flat and "hungry" not in flat


def _check_csv(path: Path) -> None:
    rows = list(csv.DictReader(io.StringIO(path.read_bytes().decode("utf-8-sig"))))
    assert sorted(r["kind"] for r in rows) == sorted(HERE + TRANSFERRED)
    assert [r["occurred"] for r in rows] == sorted(r["occurred"] for r in rows)
    moved = [r for r in rows if r["author"] == "Beatriz Núñez, Brookside Academy"]
    assert sorted(r["kind"] for r in moved) == sorted(TRANSFERRED) and {r["role"] for r in moved} == {"dsl"}
    numbers = {r["number"] for r in rows}
    for row in rows:
        assert all(link.strip().lstrip("#") in numbers for link in row["refers_to"].split(",") if link.strip())
        assert row["facts"] or row["kind"] == "decision", row
    decisions = [r for r in rows if r["kind"] == "decision"]
    assert {(r["parents_informed"], r["consent"], r["discussed_with"]) for r in decisions} == {
        ("no", "not sought", "School nurse")
    }
    tasks = [r for r in rows if r["kind"] == "task"]
    assert {(r["assigned_to"], r["due"]) for r in tasks} == {
        ("Dana Lead", "2026-11-30"),
        ("Beatriz Núñez", "2026-11-30"),
    }
    assert "Ella" not in path.read_text(encoding="utf-8-sig")


def test_every_kind_in_the_pack_and_the_chronology_pdf_and_csv(every_kind: Fixture, tmp_path: Path) -> None:
    """A pupil with every kind of entry — concern, notification, addendum, decision, referral outcome, task,
    task done (a task's and a referral chase's), and each of them transferred in from another school — is
    exported as the pack and the chronology (PDF and CSV) with every entry in it, and the audit counts them.
    Erased records are never read back: the destroyed sister is in no document, and her own export is
    refused with one line, no file and no audit record."""
    dana = every_kind.open("dana")
    out = tmp_path / "out"
    out.mkdir()
    export(dana, "referral", JAMIE, out / "pack.pdf")
    export(dana, "chronology", JAMIE, out / "chron.pdf")
    export(dana, "chronology", JAMIE, out / "chron.csv", fmt="csv")
    pack = _text(out / "pack.pdf")
    _check_document(pack)
    assert "Household and siblings\nNo siblings on roll at this school." in pack
    _check_document(_text(out / "chron.pdf"))
    _check_csv(out / "chron.csv")
    with pytest.raises(InputError, match="no pupil"):
        export(dana, "referral", ELLA, out / "ella.pdf")
    assert sorted(p.name for p in out.iterdir()) == ["chron.csv", "chron.pdf", "pack.pdf"]
    jamie = dana.roster.pupil(JAMIE)
    audits = [r.data for r in dana.session.read(("audit",), subjects=[jamie.id]) if r.kind == "audit.export"]
    assert [(a["document"], a["format"], a["entries"]) for a in audits] == [
        ("referral", "pdf", 14),
        ("chronology", "pdf", 14),
        ("chronology", "csv", 14),
    ]


def _command(*argv: str) -> subprocess.CompletedProcess[str]:
    """The installed `school-log` command in its own process, as a DSL runs it in a terminal beside the app."""
    return subprocess.run(
        [str(Path(sys.executable).with_name("school-log")), *argv],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env=os.environ | {"SCHOOL_LOG_USER": "dana", "SCHOOL_LOG_PASSPHRASE": PASSPHRASES["dana"]},
    )


def test_every_kind_exported_by_the_command_in_its_own_process(
    every_kind: Fixture, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`school-log export` in a process of its own (where a task once ended in "unexpected error (KeyError)",
    exit 70) writes the pack and the chronology with every kind of entry, each file 0600 and saying what the
    in-process export says; a destroyed pupil's export is exit 2, one line, no file."""
    monkeypatch.setenv("SCHOOL_LOG_DB", every_kind.url)
    out = tmp_path / "out"
    out.mkdir()
    for document, name in (("referral", "pack.pdf"), ("chronology", "chron.pdf"), ("chronology", "chron.csv")):
        whole = ["--whole-file"] if document == "referral" else []  # the pack starts in September otherwise
        done = _command("export", document, JAMIE, "-o", str(out / name), *whole)
        assert (done.returncode, done.stderr) == (0, ""), done.stderr
        assert "14 entries" in done.stdout and stat.S_IMODE((out / name).stat().st_mode) == 0o600
    _check_document(_text(out / "pack.pdf"))
    _check_document(_text(out / "chron.pdf"))
    _check_csv(out / "chron.csv")
    export(every_kind.open("dana"), "referral", JAMIE, tmp_path / "here.pdf")
    assert _text(tmp_path / "here.pdf") == _text(out / "pack.pdf")  # the same clock, the same pack
    refused = _command("export", "referral", ELLA, "-o", str(out / "ella.pdf"))
    assert refused.returncode == 2 and refused.stderr.count("\n") == 1 and "no pupil" in refused.stderr
    assert "Traceback" not in refused.stderr and not (out / "ella.pdf").exists()
