"""Many machines writing one store at once (separate processes, on SQLite and PostgreSQL).

Each worker process unlocks on its own and waits at a barrier, so the writes really do
overlap; what each saw comes back through a queue, so a refusal is checked, not guessed.
"""

from __future__ import annotations

import multiprocessing
import time
from collections.abc import Callable
from typing import Any

from school_log import review_state, view_cache
from school_log.school import School
from storage import checked_signatures
from storage.vault import Vault
from storage.verify import verify
from tests.factory import PASSPHRASES, make_school

NOAH, OCCURRED = "V100000000003", "2026-11-20T09:00:00Z"
CONTEXT = multiprocessing.get_context("fork")  # the cheap test KDF and environment carry over


def _worker(url: str, username: str, barrier: Any, results: Any, action: Callable[[School], Any]) -> None:
    school = School.unlock(url, username, PASSPHRASES[username])
    barrier.wait(30)
    try:
        results.put(("ok", action(school)))
    except Exception as error:  # reported to the test, which decides
        results.put((error.__class__.__name__, str(error)))


def _run_at_once(url: str, usernames: list[str], action: Callable[[School], Any]) -> list[tuple[str, Any]]:
    """Run `action` in one process per username, all released together; their outcomes."""
    barrier, results = CONTEXT.Barrier(len(usernames)), CONTEXT.Queue()
    workers = [CONTEXT.Process(target=_worker, args=(url, name, barrier, results, action)) for name in usernames]
    for worker in workers:
        worker.start()
    outcomes = [results.get(timeout=120) for _ in workers]
    for worker in workers:
        worker.join(30)
        assert worker.exitcode == 0
    return outcomes


def _ten_records(school: School) -> int:
    for n in range(10):
        school.log.record_concern({"pupil": NOAH, "what_happened": f"seen at once {n}", "occurred_at": OCCURRED})
    return 10


def _review(school: School) -> int:
    return len(school.review.items())


def _add_nina(school: School) -> str:
    school.staff.add("nina", "Nina New", "staff")
    return "added"


def test_eight_machines_recording_ten_each_land_in_one_unbroken_chain(tmp_path, monkeypatch, store):
    """8 processes x 10 concerns at the same moment: all 80 land, nobody is shown an error, verify is green."""
    fixture = make_school(tmp_path, monkeypatch, store)
    before = store.count()
    users = ["tom", "tara", "sam", "derek", "dana", "tom", "tara", "sam"]
    outcomes = _run_at_once(fixture.url, users, _ten_records)
    assert outcomes == [("ok", 10)] * 8
    report = verify(Vault(fixture.url))
    assert report.ok and report.records == store.count() == before + 80, report.fault
    assert len(fixture.open("dana").review.chronology(NOAH).items) == 80


def test_dsls_reviewing_at_once_all_see_their_review(tmp_path, monkeypatch, store):
    """Six DSL sessions opening the review at once each get it (the shared cache is upserted, never
    deleted and re-inserted), and the next DSL's first screen has a cached picture."""
    fixture = make_school(tmp_path, monkeypatch, store)
    fixture.open("tom").log.record_concern({"pupil": NOAH, "what_happened": "a first worry"})
    outcomes = _run_at_once(fixture.url, ["dana", "derek"] * 3, _review)
    assert [status for status, _ in outcomes] == ["ok"] * 6, outcomes
    # one row for each cached view (the checked signatures, the dashboard, the review state), however many saved it
    cached = sorted(tuple(row) for row in store.execute("select name, count(*) from cache group by name"))
    assert cached == [(checked_signatures.NAME, 1), (view_cache.NAME, 1), (review_state.NAME, 1)]
    assert fixture.open("derek").review.cached_dashboard() is not None


def test_two_dsls_adding_the_same_username_at_once_make_one_account(tmp_path, monkeypatch, store):
    """Two DSLs adding 'nina' at the same moment: one is added, the other told she exists; one account."""
    fixture = make_school(tmp_path, monkeypatch, store)
    outcomes = _run_at_once(fixture.url, ["dana", "derek"], _add_nina)
    assert sorted(status for status, _ in outcomes) == ["InputError", "ok"], outcomes
    assert [a.username for a in fixture.open("dana").staff.members()].count("nina") == 1
    assert verify(Vault(fixture.url)).ok


SLOW_KDF_SECONDS = 1.0  # a stand-in for Argon2id at production cost, made longer so the wait is unmistakable


def _add_with_a_slow_kdf(url: str, entered: Any, results: Any) -> None:
    from storage import keyslots

    school = School.unlock(url, "dana", PASSPHRASES["dana"])
    real = keyslots.derive_kek

    def slow(*args: Any, **kwargs: Any) -> bytes:
        entered.set()
        time.sleep(SLOW_KDF_SECONDS)
        return real(*args, **kwargs)

    keyslots.derive_kek = slow  # this process only
    try:
        school.staff.add("nina", "Nina New", "staff")
        results.put(("added", 0.0))
    except Exception as error:  # reported to the test, which fails on it
        results.put((error.__class__.__name__, str(error)))


def _record_once_it_starts(url: str, entered: Any, results: Any) -> None:
    school = School.unlock(url, "tom", PASSPHRASES["tom"])
    entered.wait(30)
    started = time.perf_counter()
    try:
        school.log.record_concern({"pupil": NOAH, "what_happened": "while nina is added", "occurred_at": OCCURRED})
        results.put(("recorded", time.perf_counter() - started))
    except Exception as error:  # reported to the test, which fails on it
        results.put((error.__class__.__name__, str(error)))


def test_a_teacher_recording_is_not_held_up_by_a_dsl_adding_staff(tmp_path, monkeypatch, store):
    """While a DSL adds an account (the passphrase stretched for seconds), a teacher's concern still saves at once."""
    fixture = make_school(tmp_path, monkeypatch, store)
    entered, results = CONTEXT.Event(), CONTEXT.Queue()
    workers = [
        CONTEXT.Process(target=target, args=(fixture.url, entered, results))
        for target in (_add_with_a_slow_kdf, _record_once_it_starts)
    ]
    for worker in workers:
        worker.start()
    outcomes = dict(results.get(timeout=60) for _ in workers)
    for worker in workers:
        worker.join(30)
        assert worker.exitcode == 0
    assert set(outcomes) == {"added", "recorded"}, outcomes
    assert outcomes["recorded"] < SLOW_KDF_SECONDS / 2, f"the teacher waited {outcomes['recorded']:.2f} s"
