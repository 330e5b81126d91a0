"""The synthetic school: deterministic, realistic households, and real patterns for the DSL."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime

from school_log.body_layout import FIGURE_HEIGHT, FIGURE_WIDTH, in_region
from school_log.body_regions import REGIONS_BY_ID
from school_log.roster_files.checks import UPN
from school_log.school import School
from school_log.synthetic.build import build_school
from school_log.synthetic.plan import plan_school
from school_log.synthetic.roll import year_group
from school_log.synthetic.words import SURNAMES

NOW = datetime(2026, 11, 23, 10, tzinfo=UTC)
TINY = {"pupils": 30, "staff": 5, "years": 1, "entries": 150}


def test_same_seed_same_school(tmp_path):
    """A demo or benchmark replayed with the same seed shows the same pupils and the same log."""
    a = build_school(f"sqlite:///{tmp_path / 'a.db'}", seed=7, now=NOW, **TINY)
    b = build_school(f"sqlite:///{tmp_path / 'b.db'}", seed=7, now=NOW, **TINY)
    assert (a.entries, a.counts, a.focus_upn, a.concerning_upns) == (
        b.entries,
        b.counts,
        b.focus_upn,
        b.concerning_upns,
    )
    assert a.teacher == b.teacher and a.dsl == b.dsl
    names = [
        [
            (p.upn, p.given_name, p.family_name, p.date_of_birth)
            for p in School.unlock(s.url, s.dsl.username, s.dsl.passphrase).roster.pupils()
        ]
        for s in (a, b)
    ]
    assert names[0] == names[1] and len(names[0]) == TINY["pupils"]
    other = plan_school(seed=8, now=NOW, **TINY)
    assert {r.upn for r in other.rows}.isdisjoint(n[0] for n in names[0])  # another seed, another school


def test_roster_is_plausible():
    """Every pupil has a valid UPN, a year group that matches their birthday, and siblings share a household."""
    plan = plan_school(seed=3, now=NOW, pupils=400, staff=10, years=1, entries=400)
    assert len(plan.rows) == 400 and len({r.upn for r in plan.rows}) == 400
    assert all(UPN.fullmatch(r.upn) and r.upn[0].isalpha() and r.upn[1:].isdigit() for r in plan.rows)
    allowed = {"N", "R", "1", "2", "3", "4", "5", "6"}  # 400 pupils: a primary school
    for r in plan.rows:
        assert r.year_group in allowed
        assert {-1: "N", 0: "R"}.get(
            year_group(r.date_of_birth, NOW.date()), str(year_group(r.date_of_birth, NOW.date()))
        ) == r.year_group
    sizes = Counter(r.household for r in plan.rows)
    assert 1.2 <= len(plan.rows) / len(sizes) <= 1.7
    for household in (h for h, n in sizes.items() if n > 1):
        members = [r for r in plan.rows if r.household == household]
        assert len({r.date_of_birth for r in members}) == len(members)  # siblings, not twins of one record
    assert {r.year_group for r in plan_school(seed=3, now=NOW, pupils=1000, staff=10, years=1, entries=10).rows} <= {
        str(y) for y in range(7, 14)
    }


def test_marks_sit_in_their_region_and_what_was_said_fits_it():
    """Every demo mark's recorded position lies inside its own region (no bruise floats off the body on the
    map), and a child's words about a mark name the part it is on ("my arm" only for an arm)."""
    plan = plan_school(seed=5, now=NOW, pupils=200, staff=12, years=2, entries=2000)
    marks = [m for e in plan.entries if e.kind == "concern" for m in e.data["body_marks"]]
    assert marks
    for m in marks:
        assert in_region(m["region"], (m["x"] * FIGURE_WIDTH, m["y"] * FIGURE_HEIGHT)), m
    parts = {"arm": ("arm",), "face": ("cheek",), "ear": ("ear",), "neck": ("neck",)}
    said = [m for m in marks if m.get("explanation", "").startswith("dad")]
    assert said
    for m in said:
        named = [
            p for word, p in parts.items() if f"my {word}" in m["explanation"] or f"the {word}" in m["explanation"]
        ]
        assert all(any(part in m["region"] for part in p) for p in named), m


def test_log_uses_real_vocabulary_and_invented_names():
    """Body marks name real regions, and no generated person is a real, named individual."""
    plan = plan_school(seed=5, now=NOW, pupils=200, staff=12, years=2, entries=2000)
    marks = [m for e in plan.entries if e.kind == "concern" for m in e.data["body_marks"]]
    concerns = [e for e in plan.entries if e.kind == "concern"]
    assert marks and all(m["region"] in REGIONS_BY_ID and REGIONS_BY_ID[m["region"]].view == m["view"] for m in marks)
    assert 0.1 <= sum(1 for e in concerns if e.data["body_marks"]) / len(concerns) <= 0.35
    assert {r.family_name for r in plan.rows} <= set(SURNAMES)
    assert all(s.split()[1] in SURNAMES for _, s, _ in plan.staff)
    categories = Counter(c for e in concerns for c in e.data["categories"])
    assert categories["emotional"] > categories.get("fgm", 0) + categories.get("radicalisation", 0)


def test_review_flags_some_pupils_not_everyone(tmp_path):
    """The DSL's review lists the genuinely concerning pupils, not the whole school."""
    built = build_school(f"sqlite:///{tmp_path / 's.db'}", seed=11, now=NOW, pupils=60, staff=6, years=1, entries=300)
    dsl = School.unlock(built.url, built.dsl.username, built.dsl.passphrase)
    review = dsl.review.items()
    listed = {item.pupil.upn for item in review}
    referral = {item.pupil.upn for item in review if item.prompt == "consider-referral"}
    assert set(built.concerning_upns[:1]) <= referral
    assert 0 < len(listed) < built.pupils / 3
    assert dsl.verify().ok
    teacher = School.unlock(built.url, built.teacher.username, built.teacher.passphrase)
    assert not teacher.is_dsl and teacher.log.my_entries()


def test_a_long_history_has_leavers_written_while_on_roll():
    """`leavers` pupils left during the years planned, most at the end of a summer term; every concern and
    notice about one of them is dated while they were on roll (a decision may follow after they left); the
    pupils on roll are as many as asked."""
    plan = plan_school(seed=2, now=NOW, pupils=100, staff=8, years=12, entries=3000, leavers=400)
    gone = {r.upn: r for r in plan.rows if r.left_on is not None}
    assert len(plan.rows) - len(gone) == 100 and len(gone) == 400
    assert sum(r.left_on.month == 7 for r in gone.values()) > 200  # type: ignore[union-attr]
    about_leavers = [e for e in plan.entries if e.pupil in gone]
    assert len(about_leavers) > 1000
    seen = [e for e in about_leavers if e.kind in ("concern", "notification")]
    assert all(e.day <= gone[e.pupil].left_on for e in seen)  # type: ignore[operator]
    assert {plan.focus_upn, *plan.concerning}.isdisjoint(gone)


def test_a_built_history_records_its_leavers(tmp_path):
    """Built, the leavers are off the roll (their files written), and the DSL finds each by UPN."""
    built = build_school(f"sqlite:///{tmp_path / 'h.db'}", seed=2, now=NOW, **TINY, leavers=20)
    assert (built.pupils, built.leavers) == (TINY["pupils"], 20)
    dsl = School.unlock(built.url, built.dsl.username, built.dsl.passphrase)
    assert len(dsl.roster.pupils()) == TINY["pupils"] and len(dsl.roster.leavers()) == 20
    gone = dsl.roster.leavers()[0]
    assert dsl.roster.pupil(gone.upn) == gone and gone.left_on is not None
