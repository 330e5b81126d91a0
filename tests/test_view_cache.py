"""The sealed dashboard cache: the DSL's first screen paints at once, and safely."""

from __future__ import annotations

import json

import pytest

from school_log import view_cache
from school_log.errors import AuthError
from storage import cache
from tests.factory import make_school

BRUISE = {
    "pupil": "R100000000001",
    "what_happened": "Bruise on the left cheek",
    "occurred_at": "2026-11-20T09:00:00Z",
    "body_marks": [{"view": "front", "region": "left-cheek", "type": "bruise"}],
}


@pytest.fixture
def fixture(tmp_path, monkeypatch, store):
    fixture = make_school(tmp_path, monkeypatch, store)
    fixture.open("tom").log.record_concern(BRUISE)
    return fixture


def test_another_dsl_sees_the_last_dashboard_at_once(fixture):
    """After one DSL's review, the next DSL's first screen shows the same list before recomputing."""
    fresh = fixture.open("dana").review.dashboard()
    derek = fixture.open("derek")
    cached = derek.review.cached_dashboard()
    assert cached is not None and cached.cached and not fresh.cached
    assert [(i.pupil.id, [f.code for f in i.flags]) for i in cached.review] == [
        (i.pupil.id, [f.code for f in i.flags]) for i in fresh.review
    ]


def test_the_cached_dashboard_is_the_one_computed_without_its_words(fixture):
    """Review items (their flags as badges), follow-ups and notifications come back from the cache as they were
    worked out; the sealed cache holds no word of the log: no flag summary, notification, reference or rationale."""
    dana = fixture.open("dana")
    dana.log.notify(
        {
            "pupil": "F100000000002",
            "agency": "police",
            "kind": "operation-encompass",
            "summary": "Call out.",
            "reference": "PR-778",
            "child_voice": "Scared of shouting",
        }
    )
    dana.log.decide(
        "R100000000001", {"outcome": "monitor", "level": 2, "rationale": "Watch.", "review_by": "2026-11-20"}
    )
    fresh = dana.review.dashboard()
    cached = fixture.open("derek").review.cached_dashboard()
    assert fresh.follow_ups and fresh.notifications and fresh.review
    assert (cached.review, cached.follow_ups, cached.notifications, cached.computed_at) == (
        [view_cache.badges_only(item) for item in fresh.review],
        fresh.follow_ups,
        fresh.notifications,
        fresh.computed_at,
    )
    sealed = json.dumps(cache.load(dana.session, view_cache.NAME))
    summaries = [flag.summary for item in fresh.review for flag in item.flags]
    assert summaries and all(summary not in sealed for summary in summaries)
    for words in ("Call out", "PR-778", "Scared of shouting", "Watch.", "Bruise", "Jamie", "R100000000001"):
        assert words not in sealed


def test_a_cache_of_an_earlier_shape_is_never_read(fixture):
    """The dashboard cached by an earlier version, under its earlier name, is not opened: nothing is misread."""
    session = fixture.open("dana").session
    assert view_cache.NAME not in ("dashboard", "dashboard/2")
    for earlier in ("dashboard", "dashboard/2"):
        cache.save(session, earlier, 1, {"computed_at": "2026-11-23T10:00:00+00:00", "review": []}, 0)
    assert fixture.open("derek").review.cached_dashboard() is None


def test_showing_the_cached_dashboard_is_audited(fixture):
    """Even the cached picture of the whole school is a read of the file, and is recorded."""
    fixture.open("dana").review.dashboard()
    derek = fixture.open("derek")
    derek.review.cached_dashboard()
    purposes = [r.data["purpose"] for r in derek.session.read(("audit",), mine_only=True)]
    assert purposes[-1] == "review (cached)"


def test_a_tampered_cache_is_ignored_not_shown(fixture):
    """A cache altered in the database does not open, so nothing false is displayed."""
    fixture.open("dana").review.dashboard()
    sealed = bytearray(fixture.store.execute("select sealed from cache")[0][0])
    sealed[-1] ^= 1
    fixture.store.execute("update cache set sealed = :sealed", sealed=bytes(sealed))
    assert fixture.open("derek").review.cached_dashboard() is None


def test_staff_cannot_read_the_cached_dashboard(fixture):
    """The whole-school picture is for the safeguarding team only, cached or not."""
    fixture.open("dana").review.dashboard()
    with pytest.raises(AuthError):
        fixture.open("tom").review.cached_dashboard()


def test_no_cache_before_any_review(fixture):
    """A new vault has nothing cached; the screen simply waits for the real review."""
    assert fixture.open("dana").review.cached_dashboard() is None


def test_an_older_picture_never_replaces_a_newer_one(fixture):
    """Two DSLs saving at once: the cache keeps the view of the later chain position, whoever saves last."""
    session = fixture.open("dana").session
    cache.save(session, "probe", 20, {"as_of": "newer"}, 0)
    cache.save(session, "probe", 10, {"as_of": "older"}, 0)
    assert cache.load(session, "probe") == (20, {"as_of": "newer"})
    cache.save(session, "probe", 30, {"as_of": "newest"}, 0)
    assert cache.load(session, "probe") == (30, {"as_of": "newest"})
