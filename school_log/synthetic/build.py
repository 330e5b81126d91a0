"""A synthetic school for demos and benchmarks: invented people, a realistic log, one seed.

Everything comes from `random.Random(seed)`, so the same parameters give the same
pupils, staff, households, dates and texts every time (record ids and ciphertexts
are random, as in any vault). Names combine common first names with invented
surnames; no real child or member of staff is described.

The log is written the way the school would have written it, day by day, each
entry through its own author's unlocked `School` (`school.log.record_concern`,
`decide`, ...), so every form check and DSL check applies as on the screens. The
authors share one `Clock`, set to each entry's time as it is written; the vault
follows it because the vault is made for simulated time. To stay fast every author
is unlocked once and each school day is ONE transaction that all of them write into
(`Session.within`).

What the log holds, and why it looks like a real school's, is `synthetic.plan`'s story;
the roll (calendar, pupils, households, staff) is `synthetic.roll`'s.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta

from school_log.authority import open_vault
from school_log.clock import Clock
from school_log.enrol import enrol
from school_log.model import Entry
from school_log.school import School
from school_log.synthetic.plan import Planned, plan_school
from school_log.synthetic.words import PASSPHRASE_WORDS
from storage.accounts import create_vault


@dataclass(frozen=True)
class Account:
    username: str
    name: str
    role: str
    passphrase: str


@dataclass(frozen=True)
class SyntheticSchool:
    """What was built: where, who can log in, and the pupils worth looking at."""

    url: str
    name: str
    teacher: Account
    dsl: Account
    staff: tuple[Account, ...]
    pupils: int  # on roll
    leavers: int
    entries: int
    counts: dict[str, int]
    focus_upn: str  # the longest chronology
    concerning_upns: tuple[str, ...]
    seed: int
    now: datetime


def default_passphrases(seed: int) -> Callable[[str], str]:
    """Deterministic passphrases for synthetic accounts only (never for real ones)."""

    def passphrase_for(username: str) -> str:
        rng = random.Random(f"passphrase/{seed}/{username}")
        return " ".join(rng.sample(PASSPHRASE_WORDS, 3)) + f" {rng.randint(100, 999)}"

    return passphrase_for


# --- Writing the plan into a vault ------------------------------------------------------------


def _write(author: School, p: Planned, ids: dict[int, str]) -> Entry:
    """The planned entry, written by its author as the screens would write it."""
    log = author.log
    if p.kind == "concern":
        return log.record_concern(p.data)
    if p.kind == "notification":
        return log.notify(p.data)
    if p.kind == "decision":
        return log.decide(p.pupil, p.data | {"covers": [ids[k] for k in p.covers]})
    if p.kind == "addendum":
        return log.addendum(ids[p.refers_to], p.data)  # type: ignore[index]
    return log.referral_outcome(p.data | {"decision": ids[p.refers_to]})  # type: ignore[index]


def _part_of_day(minute: int) -> int:
    """0 before noon (decisions, notifications), 1 midday, 2 after the 15:15 bell (concerns)."""
    return 0 if minute < 12 * 60 else 1 if minute < 15 * 60 + 15 else 2


def _runs(batch: list[Planned]) -> list[list[Planned]]:
    """A day's entries in runs, each written at the time of its first entry: one per author and part of
    the day (morning decisions, midday, after-school write-ups); an entry pointing at one in its own run
    starts a new run, so that what it points at was written first."""
    runs: list[list[Planned]] = []
    current: dict[tuple[str, int], list[Planned]] = {}
    for p in batch:
        slot = (p.author, _part_of_day(p.minute))
        run = current.get(slot)
        if run is None or any(q.key in (p.refers_to, *p.covers) for q in run):
            run = current[slot] = []
            runs.append(run)
        run.append(p)
    return sorted(runs, key=lambda r: (r[0].minute, r[0].key))


def build_school(
    url: str,
    *,
    pupils: int = 2000,
    staff: int = 80,
    years: int = 5,
    entries: int = 50_000,
    seed: int = 1,
    passphrase_for: Callable[[str], str] | None = None,
    now: datetime | None = None,
    phase: str = "auto",
    leavers: int = 0,
    progress: Callable[[str], None] | None = None,
) -> SyntheticSchool:
    """Create a vault at `url` holding a synthetic school; returns who can log in.

    `now` defaults to the start-up clock (`SCHOOL_LOG_NOW` if set, else the real time); the log
    ends on the last school day before it. Refuses to touch an existing vault. `leavers` pupils are on
    roll while their files are written and then recorded as left, in one MIS import with leaving dates
    (as a school does once it keeps them), so the roster holds their old records as a long-used one does.
    """
    moment = now or Clock.from_environment().now()
    passphrase_for = passphrase_for or default_passphrases(seed)
    say = progress or (lambda _msg: None)
    plan = plan_school(
        pupils=pupils, staff=staff, years=years, entries=entries, seed=seed, now=moment, phase=phase, leavers=leavers
    )
    accounts = [Account(u, n, r, passphrase_for(u)) for u, n, r in plan.staff]
    head = next(a for a in reversed(accounts) if a.role == "dsl")
    first_day = min((p.day for p in plan.entries), default=moment.date())
    clock = Clock(datetime.combine(first_day - timedelta(days=7), time(8, 0), UTC))
    counts: dict[str, int] = defaultdict(int)
    create_vault(url, plan.school_name, head.username, head.name, head.passphrase, simulated_clock=True, clock=clock)
    vault = open_vault(url)
    admin = School(vault.unlock(head.username, head.passphrase, clock))
    say(f"adding {len(accounts) - 1} staff accounts, each setting their own passphrase")
    authors: dict[str, School] = {
        a.username: admin if a is head else enrol(admin, a.username, a.name, a.role, a.passphrase, clock)
        for a in accounts
    }
    admin.roster.import_rows([replace(row, left_on=None) for row in plan.rows])
    for author in authors.values():
        if author is not admin:
            author.roster.take_from(admin.roster)
    ids: dict[int, str] = {}
    by_day: dict[date, list[Planned]] = defaultdict(list)
    for p in plan.entries:
        by_day[p.day].append(p)
    say(f"writing {len(plan.entries)} entries over {len(by_day)} school days")
    for day in sorted(by_day):
        with admin.session.transaction() as conn:
            for run in _runs(by_day[day]):
                clock.set(datetime.combine(day, time(run[0].minute // 60, run[0].minute % 60), UTC))
                author = authors[run[0].author]
                with author.session.within(conn):
                    for p in run:
                        ids[p.key] = _write(author, p, ids).id
                        counts[p.kind] += 1
    gone = [row for row in plan.rows if row.left_on is not None]
    if gone:
        say(f"recording {len(gone)} pupils as left")
        clock.set(datetime.combine(max(by_day, default=first_day), time(23, 30), UTC))  # after its last entry
        admin.roster.import_rows(gone)
    for author in authors.values():
        author.lock()
    teacher = next(a for a in accounts if a.role == "staff")
    return SyntheticSchool(
        url=url,
        name=plan.school_name,
        teacher=teacher,
        dsl=head,
        staff=tuple(accounts),
        pupils=len(plan.rows) - len(gone),
        leavers=len(gone),
        entries=sum(counts.values()),
        counts=dict(counts),
        focus_upn=plan.focus_upn,
        concerning_upns=tuple(plan.concerning),
        seed=seed,
        now=moment,
    )
