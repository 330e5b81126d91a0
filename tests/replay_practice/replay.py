"""The year replayed through the program as a school would live it, and what the DSL was prompted to do.

A simulated-clock vault (SQLite; the KDF is whatever the caller set - the test suite's
cheap profile) holds the school: its DSLs and staff, the roster imported, then every
entry written by its author's own unlocked account through `school.log` with the JSON
the CLI's `record` and `notify` take. Every school day at 16:00 the DSL reads the review
(`school.review.dashboard()`, printed as `school-log review --json` prints it) and acts
as the brief of issue 25 says: each pupil prompted "consider-referral" is referred, each
one listed for "review" is monitored - or closed with no further action where the story
says a DSL would close it - each decision covering the entries not yet reviewed, with
its rationale (`school-log decide`'s JSON).
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from school_log.authority import open_vault
from school_log.cli import output
from school_log.clock import Clock
from school_log.config import Config
from school_log.enrol import enrol
from school_log.school import School
from storage.accounts import create_vault
from tests.replay_practice.calendar import YEAR_OPENS, local
from tests.replay_practice.corpus import SCHOOL, Corpus, Entry
from tests.replay_practice.people import STAFF, passphrase
from tests.replay_practice.story import Step

TRIAGE = "16:00"
REFERRAL_AGENCY = {"refer-social-care": "Children's social care (MASH)", "refer-police": "Police"}


@dataclass(frozen=True)
class Listing:
    """A pupil as one day's review listed them (the fields of `school-log review --json` the report needs)."""

    day: date
    prompt: str
    strength: float
    unreviewed: int
    referral_status: str
    flags: tuple[tuple[str, str], ...]  # (code, summary)

    @classmethod
    def of(cls, day: date, row: dict[str, Any]) -> Listing:
        flags = tuple((f["code"], f["summary"]) for f in row["flags"])
        return cls(day, row["prompt"], row["strength"], row["unreviewed"], row["referral_status"], flags)


@dataclass
class Replay:
    """What happened in the year: every listing per pupil, and what the DSL decided."""

    corpus: Corpus
    listings: dict[str, list[Listing]] = field(default_factory=dict)  # upn -> every day it was listed
    decisions: Counter[str] = field(default_factory=Counter)
    entry_ids: dict[int, str] = field(default_factory=dict)  # id(step) -> the entry id the program gave it
    seconds: float = 0.0
    undecided: int = 0  # entries no decision covered by the end of the year (the review never listed them)
    school: _School | None = None  # the vault and its unlocked accounts, as the year left them

    def first_referral_prompt(self, upn: str) -> date | None:
        return next((lst.day for lst in self.listings.get(upn, []) if lst.prompt == "consider-referral"), None)

    def listed_on(self, upn: str, day: date) -> Listing | None:
        return next((lst for lst in self.listings.get(upn, []) if lst.day == day), None)


class _School:
    """The school's vault and each member of staff's unlocked account, all on one simulated clock."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.clock = Clock(YEAR_OPENS)
        dana = next(member for member in STAFF if member.username == "dana")
        create_vault(url, SCHOOL, dana.username, dana.full, passphrase(dana), simulated_clock=True, clock=self.clock)
        self.accounts: dict[str, School] = {}
        self.dsl = self.account(dana.username)
        for member in STAFF[1:]:
            role = "dsl" if member.dsl else "staff"
            person = enrol(self.dsl, member.username, member.full, role, passphrase(member), self.clock)
            self.accounts[member.username] = School(person.session, Config())

    def account(self, username: str) -> School:
        if username not in self.accounts:
            member = next(m for m in STAFF if m.username == username)
            session = open_vault(self.url).unlock(username, passphrase(member), self.clock)
            self.accounts[username] = School(session, Config())
        return self.accounts[username]


def replay(corpus: Corpus, directory: Path) -> Replay:
    """Live the year of `corpus` in a new vault under `directory`; every write goes through the real services."""
    began = time.perf_counter()
    school = _School(f"sqlite:///{directory / 'practice.db'}")
    school.dsl.roster.import_rows(corpus.rows)
    result = Replay(corpus)
    routes = {corpus.upn[kid]: t.family.route for t in corpus.trajectories for kid in t.kids}
    waiting: dict[str, list[Step]] = {}  # upn -> steps written since the DSL last decided
    pending = list(corpus.entries)
    for day in corpus.days:
        while pending and pending[0].at.date() <= day and pending[0].at < local(day, TRIAGE):
            entry = pending.pop(0)
            _write(school, entry, result)
            waiting.setdefault(entry.data["pupil"], []).append(entry.step)
        school.clock.set(local(day, TRIAGE))
        _triage(school, day, result, routes, waiting)
    assert not pending, f"{len(pending)} entries fall outside the school days"
    result.seconds = time.perf_counter() - began
    result.undecided = sum(len(steps) for steps in waiting.values())
    result.school = school
    return result


def _write(school: _School, entry: Entry, result: Replay) -> None:
    school.clock.set(entry.at)
    log = school.account(entry.author).log
    write = {"concern": log.record_concern, "notification": log.notify, "health": log.record_condition}[entry.kind]
    written = write(entry.data)
    result.entry_ids[id(entry.step)] = written.id


def _triage(school: _School, day: date, result: Replay, routes: dict[str, str], waiting: dict[str, list[Step]]) -> None:
    """The DSL's 16:00 look at the review, and a decision for each pupil with entries waiting."""
    for row in review(school.dsl):
        upn = row["pupil"]["upn"]
        result.listings.setdefault(upn, []).append(Listing.of(day, row))
        if not row["unreviewed"]:
            continue
        steps = waiting.pop(upn, [])
        decision = _decision(row, routes.get(upn, "refer-social-care"), steps)
        school.dsl.log.decide(upn, decision)
        result.decisions[decision["outcome"]] += 1


def review(dsl: School) -> list[dict[str, Any]]:
    """The review as `school-log review --json` prints it."""
    return [output.review_item(item) for item in dsl.review.dashboard().review]


def _decision(row: dict[str, Any], route: str, steps: list[Step]) -> dict[str, Any]:
    """`school-log decide`'s JSON for what the brief's DSL does with this listing."""
    why = "; ".join(f["summary"] for f in row["flags"]) or "entries read"
    if row["prompt"] == "consider-referral":
        return {
            "covers": "unreviewed",
            "level": 4,
            "outcome": route,
            "agency": REFERRAL_AGENCY[route],
            "rationale": f"Referred as the review prompts: {why}.",
            "parents_informed": True,
        }
    if steps and all(step.close for step in steps):
        return {
            "covers": "unreviewed",
            "level": 1,
            "outcome": "no-further-action",
            "rationale": f"Read with the chronology; explained and nothing further to do ({why}).",
        }
    return {
        "covers": "unreviewed",
        "level": 2,
        "outcome": "monitor",
        "rationale": f"Monitor in school; staff to record anything further ({why}).",
    }
