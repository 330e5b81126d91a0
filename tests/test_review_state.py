"""The incremental review: the DSL's current review, from the team's review state, is the whole log's review."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import asdict, replace
from datetime import datetime, timedelta

import pytest
from sqlalchemy import delete

from school_log import review_state
from school_log.clock import parse_instant
from school_log.local_time import local_day
from school_log.model import Concern, Decision, Entry, Notification, Origin
from school_log.patterns.engine import assess, sort_key
from school_log.school import School
from school_log.synthetic.build import SyntheticSchool, build_school
from school_log.views import RECENT_DAYS, Dashboard, FollowUp, RecentNotification
from storage import cache
from storage.tables import CacheRow

NOW = "2026-11-23T10:00:00+00:00"  # the benchmark school's Monday morning
LATER = "2026-12-02T16:00:00+00:00"  # nine days on: decisions fall overdue, notifications stop being recent

#: A DSL's referral to children's social care, awaiting its outcome (an open chase until one is recorded).
REFERRAL = {
    "outcome": "refer-social-care",
    "level": 4,
    "rationale": "Pattern of injuries",
    "agency": "MASH",
    "why_now": "Three injuries this month",
    "immediate_risk": "None known tonight",
    "parents_informed": True,
    "consent": "given",
}


@pytest.fixture
def built(tmp_path, monkeypatch) -> SyntheticSchool:
    """The benchmark school's generator (seed 1), small: a year of entries over 60 pupils."""
    monkeypatch.setenv("SCHOOL_LOG_NOW", NOW)
    return build_school(
        f"sqlite:///{tmp_path / 's.db'}", seed=1, now=parse_instant(NOW), pupils=60, staff=6, years=1, entries=400
    )


def dsl(built: SyntheticSchool) -> School:
    return School.unlock(built.url, built.dsl.username, built.dsl.passphrase)


def whole_log(built: SyntheticSchool) -> Dashboard:
    """The review with no state: every file read. It is checked against `every_pupil` first."""
    school = dsl(built)
    with school.session.vault.connect(write=True) as conn:
        conn.execute(delete(CacheRow))
    board = school.review.dashboard()
    held, every = set(school.log.taken()), set(every_file(school))
    assert held < every, "the state is worked out a batch of files at a time; only the files it names are kept"
    same(board, every_pupil(school))
    return board


def every_file(school: School) -> dict[str, list[Entry]]:
    """Every entry of the log by pupil, read in one go."""
    files: dict[str, list[Entry]] = defaultdict(list)
    for entry in school.log.entries(None, "check"):
        files[entry.pupil_id].append(entry)
    return files


def every_pupil(school: School) -> Dashboard:
    """Today's full recomputation, as the review was worked out before its state: every pupil with a file
    assessed (one who has left with their household on roll), every latest decision's review date of a pupil on
    roll followed up, every notification of the last fortnight."""
    files, pupils = every_file(school), school.roster.by_id()
    everyone = school.roster.with_leavers(files)
    moment = school.clock.now()
    review_at = max([moment, *(e.recorded_at for entries in files.values() for e in entries)])
    items, follow_ups, notifications = [], [], []
    for pupil_id, entries in files.items():
        pupil = everyone[pupil_id]
        home = [s for s in pupils.values() if s.household == pupil.household and s.id != pupil_id]
        siblings = [(s, files.get(s.id, [])) for s in home]
        roles, thresholds = school.staff.roles(), school.config.thresholds
        item = assess(pupil, entries, household=siblings, roles=roles, now=review_at, thresholds=thresholds)
        items += [item] if item is not None else []
        decisions = sorted((e for e in entries if isinstance(e, Decision) and not e.transferred), key=when_recorded)
        if decisions and decisions[-1].review_by is not None and pupil_id in pupils:
            by = decisions[-1].review_by
            follow_ups.append(FollowUp(pupil, decisions[-1].id, decisions[-1].outcome, by, by < local_day(moment)))
        notifications += [
            RecentNotification(pupil, e.id, e.occurred_at, e.agency, e.kind)
            for e in entries
            if isinstance(e, Notification) and e.recorded_at >= moment - timedelta(days=RECENT_DAYS)
        ]
    return Dashboard(
        sorted(items, key=sort_key),
        sorted(follow_ups, key=lambda f: (f.review_by, f.pupil.id, f.decision_id)),
        sorted(notifications, key=lambda n: (n.occurred_at, n.entry_id), reverse=True),
        moment,
    )


def when_recorded(entry: Entry) -> datetime:
    return entry.recorded_at


def same(a: Dashboard, b: Dashboard) -> None:
    assert [(i.pupil.id, i) for i in a.review] == [(i.pupil.id, i) for i in b.review]
    assert (a.follow_ups, a.notifications) == (b.follow_ups, b.notifications)


def test_the_review_from_the_state_is_the_whole_logs_pupil_for_pupil(built, monkeypatch):
    """After new concerns, a decision, a referral's outcome and an agency notification since the state was saved,
    and again nine days later, the review read from the state (only the pupils it names and those touched since)
    is the review of the whole log: the same pupils, prompts, flags, summaries and order; follow-ups and
    notifications too. A search after it still looks through every entry."""
    first = dsl(built).review.dashboard()  # no state yet: the whole log, and the state saved
    assert first.review
    teacher = School.unlock(built.url, built.teacher.username, built.teacher.passphrase)
    quiet = [p for p in teacher.roster.pupils() if p.id not in {i.pupil.id for i in first.review}]
    teacher.log.record_concern(
        {"pupil": quiet[0].upn, "what_happened": "Said he had no breakfast again", "categories": ["neglect"]}
    )
    teacher.log.record_concern(
        {"pupil": quiet[1].upn, "what_happened": "Bruise on the cheek", "urgent": True, "categories": ["physical"]}
    )
    lead = dsl(built)
    listed = first.review[0].pupil
    decision = lead.log.decide(listed.upn, REFERRAL)
    lead.log.referral_outcome({"decision": decision.id, "outcome": "s17"})
    lead.log.notify(
        {"pupil": quiet[2].upn, "agency": "police", "kind": "operation-encompass", "summary": "Call out overnight."}
    )
    warm = dsl(built)
    incremental = warm.review.dashboard()
    read = set(warm.log.taken())
    assert len(read) < len(built_pupils(warm)) / 2  # the state spared most pupils' files
    whole = whole_log(built)
    same(incremental, whole)
    assert incremental.clock_warning == whole.clock_warning
    assert {quiet[0].id, quiet[1].id} <= {i.pupil.id for i in incremental.review}
    # a search after it finds in every file (through the word index), not only in those the review read
    assert [e.id for e in warm.review.search("said")] == [e.id for e in dsl(built).review.search("said")]
    assert {e.pupil_id for e in warm.review.search("said")} - read

    monkeypatch.setenv("SCHOOL_LOG_NOW", LATER)
    later = dsl(built).review.dashboard()
    same(later, whole_log(built))


def built_pupils(school: School) -> list[str]:
    return [p.id for p in school.roster.pupils()]


def test_the_state_holds_ids_and_dates_never_a_word_and_only_the_chain_it_was_worked_out_on(built):
    """The sealed state keeps ids, dates and a referral's status, nothing written in the log; a state whose chain
    position holds another record (a store rolled back and written again) is not used."""
    school = dsl(built)
    school.review.dashboard()
    state = review_state.load(school.session)
    assert state is not None and state.seq == school.log.seq
    words = json.dumps([asdict(s) for s in state.pupils.values()])
    for entry in (e for entries in school.log.taken().values() for e in entries):
        for text in (getattr(entry, "what_happened", ""), getattr(entry, "rationale", "")):
            assert not text or text not in words
    cache.save(school.session, review_state.NAME, state.seq, {"chain_hash": "AAAA", "newest": None, "pupils": {}}, 0)
    assert review_state.load(school.session) is None


def test_a_siblings_decided_concern_in_the_household_window_joins_the_pattern_read_from_the_state(built):
    """A sibling with nothing undecided is read only from the household window's start (their years of history
    stay in the store), and their concern decided this week still counts in the household's pattern: the review
    from the state is the whole log's. A pupil with an entry dated after it was recorded here (brought in by a
    transfer) is read whole instead."""
    first = dsl(built).review.dashboard()
    school = dsl(built)
    pupils = school.roster.by_id()
    listed = {i.pupil.id for i in first.review}
    pupil, sibling = next(
        (pupils[i], s)
        for i in sorted(i.pupil.id for i in first.review if i.unreviewed)
        for s in pupils.values()
        if s.household == pupils[i].household and s.id != i and s.id not in listed
    )
    teacher = School.unlock(built.url, built.teacher.username, built.teacher.passphrase)
    teacher.log.record_concern({"pupil": sibling.upn, "what_happened": "Came in hungry", "categories": ["neglect"]})
    school.log.decide(sibling.upn, {"outcome": "monitor", "level": 1, "rationale": "Keep an eye"})
    school.review.dashboard()  # the state moves on past the sibling's file
    warm = dsl(built)
    incremental = warm.review.dashboard()
    assert sibling.id not in warm.log.taken() and pupil.id in warm.log.taken()  # read from the window's start only
    household = next(
        f for i in incremental.review if i.pupil.id == pupil.id for f in i.flags if f.code == "household-concerns"
    )
    assert sibling.name in household.summary
    same(incremental, whole_log(built))

    state = review_state.load(warm.session)
    assert state is not None and not state.backdated
    own = warm.log.entries([sibling.id], purpose="check")  # the concern above, and the decision covering it
    origin = Origin("Elsewhere", "fingerprint", "A Teacher", "staff", parse_instant(NOW), "elsewhere-1")
    brought = [replace(e, transferred=origin) if isinstance(e, Concern) else e for e in own]
    state.take({sibling.id: brought}, pupils, state.seq, state.chain_hash)
    today, week = local_day(parse_instant(NOW)), parse_instant(NOW) - timedelta(days=7)
    assert sibling.id in state.backdated and sibling.id not in state.to_assess(today)
    assert sibling.id in state.to_read(today, week, pupils) and sibling.id not in state.recent_siblings(
        today, week, pupils
    )


def test_a_leavers_unanswered_referral_keeps_its_count_but_their_file_is_not_read_on_every_unlock(built):
    """A pupil referred (the outcome awaited: an open chase) who then leaves keeps that count in the state, in case
    they come back, but the review no longer reads their whole file: the dashboard lists only tasks of pupils on
    roll, and over 25 years such leavers were nine in ten of the files a review read (91,000 of 111,000 entries at
    250k). The review is still the whole log's; on roll again, the file would be read."""
    school = dsl(built)
    pupil = school.review.dashboard().review[0].pupil
    school.log.decide(pupil.upn, REFERRAL)
    school.roster.leave(pupil.upn, local_day(school.clock.now()))
    school.review.dashboard()  # the state moves on past the referral and the leaving
    warm = dsl(built)
    incremental = warm.review.dashboard()
    state = review_state.load(warm.session)
    assert state is not None and state.pupils[pupil.id].tasks
    assert pupil.id not in warm.log.taken()
    same(incremental, whole_log(built))
    today, since = local_day(warm.clock.now()), warm.clock.now() - timedelta(days=RECENT_DAYS)
    assert pupil.id in state.to_read(today, since, {**warm.roster.by_id(), pupil.id: pupil})
