"""Transfers cannot forge, poison or slip into a school's log (issue 20, findings 1, 2, 3 and 8).

Each test performs the attack from the security review: another school (Elm Primary, with
a key of its own) seals a bundle to Oakfield's key that clears Oakfield's review, breaks it,
or arrives from a key Oakfield never vouched for; a DSL who leaves Oakfield keeps a copy
of the store and reads bundles sent to the school after they left. The command line is
driven as the DSLs would drive it; the attacker's own steps use the library directly.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import uuid
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from textual.pilot import Pilot

from school_log.cli import outward as cli_outward
from school_log.cli import passphrases
from school_log.codec import pupil_payload
from school_log.enrol import enrol
from school_log.errors import IntegrityError
from school_log.identity import read_key_file
from school_log.local_time import local_today
from school_log.outward import transfer
from school_log.school import School
from school_log.tasks import due_tasks
from storage import bundle, crypto, labels
from storage.accounts import create_vault, deactivate_account
from storage.keyslots import open_keys
from storage.records import Draft, Stored, canonical, header_bytes, unb64
from storage.tables import READ_COLUMNS, KeyslotRow, R
from storage.vault import Vault
from tests.cli_runner import Result, Runner
from tests.factory import NOW, PASSPHRASES, PUPILS, Fixture, make_school
from tests.pilot import Host, run, text_of
from tests.test_cli import JAMIE, concern, records
from tui.screens.chronology import ChronologyScreen
from tui.screens.decision import reviewable

ELM_PHRASE = "head of safeguarding at elm primary"
ELM_STAFF = {"ed": ("Ed Elm", "teaches year six science"), "eve": ("Eve Elm", "runs the breakfast club daily")}


@pytest.fixture(autouse=True)
def no_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(passphrases, "has_terminal", lambda: False)


@dataclass
class Two:
    """Oakfield (the `make_school` school, the one attacked) and Elm Primary, each with its published key."""

    oak: Fixture
    elm_url: str
    oak_key: Path
    elm_key: Path
    run: Runner
    tmp: Path

    def at_oak(self, *argv: str, user: str = "dana", stdin: Any = None) -> Result:
        return self.run.as_(user)("--db", self.oak.url, *argv, stdin=stdin)

    def at_elm(self, *argv: str, user: str = "eli") -> Result:
        phrase = ELM_PHRASE if user == "eli" else ELM_STAFF[user][1]
        return self.run.as_(user, phrase)("--db", self.elm_url, *argv)

    def elm(self, user: str = "eli") -> School:
        return School.unlock(self.elm_url, user, ELM_PHRASE if user == "eli" else ELM_STAFF[user][1])

    def send(self, upn: str, to_key: Path, name: str) -> Path:
        """Elm's DSL sends a pupil's file with the ordinary command."""
        out = self.tmp / name
        assert self.at_elm("transfer", "export", upn, "--to", str(to_key), "-o", str(out)).code == 0
        return out


@pytest.fixture
def two(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Two:
    (tmp_path / "oak").mkdir()
    oak = make_school(tmp_path / "oak", monkeypatch)
    elm_url = f"sqlite:///{tmp_path / 'elm.db'}"
    create_vault(elm_url, "Elm Primary", "eli", "Eli Elm", ELM_PHRASE, simulated_clock=True)
    elm = School.unlock(elm_url, "eli", ELM_PHRASE)
    for username, (name, phrase) in ELM_STAFF.items():
        enrol(elm, username, name, "staff", phrase)
    elm.roster.import_rows(PUPILS[:1])  # Jamie is on both rolls (he moves between the schools)
    made = Two(oak, elm_url, tmp_path / "oak.key", tmp_path / "elm.key", Runner(monkeypatch, capsys), tmp_path)
    assert made.at_oak("school-key", "-o", str(made.oak_key)).code == 0
    assert made.at_elm("school-key", "-o", str(made.elm_key)).code == 0
    return made


def forge(sender: School, to_key: Path, out: Path, entries: list[dict[str, Any]], upn: str = JAMIE) -> Path:
    """A bundle built by hand, sealed with the sending school's own identity key and manifest: everything a
    genuine bundle has, holding whatever the sender chose to put in it."""
    payload = {
        "school": sender.name,
        "sent_by": {"name": "Eli Elm", "role": "dsl"},
        "pupil": pupil_payload(sender.roster.pupil(upn)),
        "chain_head": {"seq": 1, "hash": "00" * 32},
        "entries": entries,
        "manifest": {"count": len(entries), "digest": hashlib.sha256(canonical(entries)).hexdigest()},
    }
    keys = transfer.identity(sender, create=True)
    out.write_bytes(bundle.seal(keys, read_key_file(to_key).public, "cp-file", canonical(payload), sender.clock.now()))
    return out


def item(kind: str, data: dict[str, Any], **extra: Any) -> dict[str, Any]:
    """One entry of a bundle, as `transfer.send` writes it."""
    return (
        {"id": str(uuid.uuid4()), "kind": kind, "data": data, "author": "Eli Elm", "role": "dsl"}
        | {"recorded_at": NOW}
        | extra
    )


def decision(covers: list[str], **extra: Any) -> dict[str, Any]:
    base = {"covers": covers, "outcome": "no-further-action", "level": 1, "rationale": "Seen: nothing to do"}
    return base | extra


def review_of(two: Two, upn: str = JAMIE) -> dict[str, Any] | None:
    got = two.at_oak("review", "--json")
    assert got.code == 0, got.err
    return next((row for row in got.json() if row["pupil"]["upn"] == upn), None)


def flag_codes(row: dict[str, Any] | None) -> set[str]:
    return {f["code"] for f in row["flags"]} if row else set()


# --- finding 1: a transferred entry refers only to its own bundle, and settles nothing here ----------


def test_a_forged_decision_from_a_trusted_school_cannot_clear_the_review(two: Two) -> None:
    """Oakfield once sent Jamie's file to Elm, so Elm holds Oakfield's own ids of his entries. Elm seals back
    a 'decision' covering them. Even with Elm's key given, the bundle is refused in one line, nothing is
    written, and Jamie's undecided urgent concern stays at the top of Oakfield's review."""
    assert two.at_oak("record", "--input", "-", user="tom", stdin=concern(urgent=True)).code == 0
    assert "urgent" in flag_codes(review_of(two))
    out = two.tmp / "jamie.bundle"
    assert two.at_oak("transfer", "export", JAMIE, "--to", str(two.elm_key), "-o", str(out)).code == 0
    assert two.at_elm("transfer", "import", str(out), "--from", str(two.oak_key)).code == 0
    elm = two.elm()
    oaks_ids = [r.data["transferred"]["id"] for r in elm.session.read(("entry",))]
    assert oaks_ids

    forged = forge(elm, two.oak_key, two.tmp / "forged", [item("decision", decision(oaks_ids))])
    before = records(two.oak.url)
    got = two.at_oak("transfer", "import", str(forged), "--from", str(two.elm_key))
    assert got.code == 1 and "nothing was written" in got.err, got
    assert records(two.oak.url) == before and not Path(f"{forged}.receipt").exists()
    assert "urgent" in flag_codes(review_of(two))


def _local(two: Two) -> dict[str, str]:
    """Oakfield's own entries about Jamie: a concern, a referral decision on it, a task (ids by what they are)."""
    dana = two.oak.open("dana")
    raised = dana.log.record_concern(concern())
    referral = dana.log.decide(
        JAMIE, {"outcome": "refer-social-care", "level": 4, "rationale": "Injury", "agency": "MASH"}
    )
    task = dana.log.add_task(JAMIE, {"text": "Speak to mum", "assignee": dana.me.id, "due": "2026-11-23"})
    return {"concern": raised.id, "decision": referral.id, "task": task.id}


@pytest.mark.parametrize(
    ("kind", "data"),
    [
        ("decision", lambda ids: decision([ids["concern"]])),
        ("decision", lambda ids: decision([], supersedes=ids["decision"])),
        ("addendum", lambda ids: {"refers_to": ids["concern"], "text": "He fell off his bike"}),
        ("referral-outcome", lambda ids: {"decision_id": ids["decision"], "outcome": "no-further-action"}),
        ("task-done", lambda ids: {"task_id": ids["task"], "note": "Done"}),
    ],
    ids=["covers", "supersedes", "refers_to", "decision_id", "task_id"],
)
def test_a_bundle_naming_the_receiving_schools_own_entries_is_refused(two: Two, kind: str, data: Any) -> None:
    """A transferred entry may refer only to an earlier entry of its own bundle: one naming any of Oakfield's
    own entries (covers, supersedes, refers_to, decision_id, task_id) refuses the whole bundle, nothing written."""
    ids = _local(two)
    concern_of_elm = item("concern", {"occurred_at": NOW, "what_happened": "Arrived upset"})
    forged = forge(two.elm(), two.oak_key, two.tmp / "forged", [concern_of_elm, item(kind, data(ids))])
    before = records(two.oak.url)
    got = two.at_oak("transfer", "import", str(forged), "--from", str(two.elm_key))
    assert got.code == 1 and "refers to an entry that is not in the bundle" in got.err, got
    assert records(two.oak.url) == before


def _landed_as_before(dana: School, upn: str, kind: str, data: dict[str, Any]) -> None:
    """What the earlier import wrote for a transferred entry (before this fix): the data as sent, marked as
    transferred, appended by the importing DSL. A store may already hold such a forged entry."""
    origin = {
        "school": "Elm Primary",
        "fingerprint": "AAAA",
        "author": "Eli Elm",
        "role": "dsl",
        "recorded_at": NOW,
        "id": "elsewhere",
    }
    pupil = dana.roster.pupil(upn)
    dana.session.append(Draft("entry", subject=pupil.id, kind=kind, data=data | {"transferred": origin}))


def test_a_forged_decision_already_in_the_store_clears_nothing(two: Two) -> None:
    """A transferred decision landed by the earlier code, covering Oakfield's own urgent concern, is weighed
    as transferred: it covers only entries that came in its own bundle, so Jamie stays on the review."""
    raised = two.oak.open("tom").log.record_concern(concern(urgent=True))
    _landed_as_before(two.oak.open("dana"), JAMIE, "decision", decision([raised.id]))
    row = review_of(two)
    assert row is not None and "urgent" in flag_codes(row) and row["unreviewed"] == 1


def test_a_transferred_referral_settles_nothing_here(two: Two) -> None:
    """A transferred referral, its outcome and a task done do not make a referral live at Oakfield, answer
    Oakfield's own referral, or close Oakfield's own task: the prompt, the referral's status and the task
    list stay as Oakfield's own entries make them."""
    tom = two.oak.open("tom")
    tom.log.record_concern(concern(urgent=True))
    before = review_of(two)
    assert before is not None and before["prompt"] == "consider-referral" and before["referral_status"] == ""
    dana = two.oak.open("dana")
    _landed_as_before(dana, JAMIE, "decision", decision([], outcome="refer-police", agency="Police", level=4))
    after = review_of(two)
    assert after is not None and after["prompt"] == "consider-referral" and after["referral_status"] == ""

    ids = _local(two)
    dana = two.oak.open("dana")
    _landed_as_before(dana, JAMIE, "referral-outcome", {"decision_id": ids["decision"], "outcome": "no-further-action"})
    _landed_as_before(dana, JAMIE, "task-done", {"task_id": ids["task"], "note": "Done elsewhere"})
    two.oak.open("tom").log.record_concern(concern(body_marks=[], what_happened="Hungry again"))
    row = review_of(two)
    assert row is not None and row["referral_status"] == "Referred — awaiting outcome"
    dana = two.oak.open("dana")
    dana.review.dashboard()
    due = due_tasks(dana.review.reviewed_entries(), dana.roster.by_id(), local_today(dana.clock))
    assert {t.entry_id for t in due} >= {ids["task"]}


def test_transferred_concerns_are_weighed_by_their_authors_roles(two: Two) -> None:
    """Two members of Elm's staff and Elm's DSL raised concerns about Jamie; one teacher at Oakfield did too.
    After the transfer the review counts three different staff worried within a month (Elm's DSL is not a
    reporter, as Oakfield's DSLs are not): transferred concerns are not the importing DSL's own."""
    for user, day in (("ed", "2026-11-10"), ("eve", "2026-11-12"), ("eli", "2026-11-13")):
        school = two.elm(user)
        school.log.record_concern(concern(occurred_at=f"{day}T09:00:00Z", body_marks=[], categories=["neglect"]))
    two.oak.open("tom").log.record_concern(concern(occurred_at="2026-11-16T09:00:00Z", body_marks=[]))
    sent = two.send(JAMIE, two.oak_key, "jamie.bundle")
    assert two.at_oak("transfer", "import", str(sent), "--from", str(two.elm_key)).code == 0
    row = review_of(two)
    reporters = [f for f in (row or {"flags": []})["flags"] if f["code"] == "multiple-reporters"]
    assert len(reporters) == 1 and reporters[0]["summary"].startswith("3 different staff"), row
    chronology = two.at_oak("chronology", JAMIE, "--json").json()
    assert {(e["author"], e["author_role"]) for e in chronology["entries"]} == {
        ("Ed Elm, Elm Primary", "staff"),
        ("Eve Elm, Elm Primary", "staff"),
        ("Eli Elm, Elm Primary", "dsl"),
        ("Tom Teach", "staff"),
    }


# --- finding 2: a poisoned bundle is refused, and no record can break a whole-school read -----------


@pytest.mark.parametrize(
    "poison",
    [
        item("concern", {"bogus": True}),
        item("concern", {"occurred_at": NOW, "what_happened": 42}),
        item("concern", {"occurred_at": NOW, "what_happened": "x\x1b]0;owned\x07"}),
        item(
            "concern",
            {"occurred_at": NOW, "what_happened": "x", "body_marks": [{"view": "side", "region": "x", "type": "y"}]},
        ),
        item("decision", decision([], outcome="hush", level=9)),
        item("concern", {"occurred_at": NOW, "what_happened": "x"}, role="headteacher"),
        item("concern", {"occurred_at": NOW, "what_happened": "x"}, recorded_at="soon"),
    ],
    ids=["unknown field", "wrong type", "control characters", "no such mark", "no such outcome", "role", "time"],
)
def test_a_poisoned_bundle_is_refused_and_the_review_keeps_working(two: Two, poison: dict[str, Any]) -> None:
    """A bundle sealed by a trusted school holding an entry no school-log could have written is refused in
    one line before anything lands; review, search and chronology then work as before."""
    forged = forge(two.elm(), two.oak_key, two.tmp / "poison", [poison])
    before = records(two.oak.url)
    got = two.at_oak("transfer", "import", str(forged), "--from", str(two.elm_key))
    assert got.code == 1 and "nothing was written" in got.err, got
    assert records(two.oak.url) == before
    for argv in (("review",), ("search", "bruise"), ("chronology", JAMIE)):
        assert two.at_oak(*argv).code == 0


@pytest.mark.parametrize(
    ("kind", "data", "said"),
    [
        ("concern", {"bogus": True, "\x1b[2J": 1}, "a stored concern is not of its shape"),
        ("pupil", {"upn": JAMIE}, "a stored record of kind 'pupil' is not an entry"),
    ],
    ids=["not of its shape", "not an entry"],
)
def test_an_undecodable_record_already_in_the_store_is_set_aside_not_fatal(
    two: Two, kind: str, data: dict[str, Any], said: str
) -> None:
    """A record the earlier import let in (`{"bogus": true}` as a concern, or a kind that is no entry) no longer
    takes down review, search or chronology: each works, leaves that record out, and says which it left out (a
    search through the saved word index too)."""
    assert two.at_oak("record", "--input", "-", user="tom", stdin=concern(urgent=True)).code == 0
    _landed_as_before(two.oak.open("dana"), JAMIE, kind, data)
    for argv in (("review",), ("search", "bruise"), ("search", "bruise"), ("chronology", JAMIE)):  # the 2nd: indexed
        got = two.at_oak(*argv)
        assert got.code == 0, got
        assert "1 record(s) left out" in got.notes and said in got.notes and "\x1b" not in got.notes, got.notes
    assert "urgent" in flag_codes(review_of(two))


# --- finding 3: the sender's key is a pinned, recorded fact ------------------------------------------


def _pins(url: str, dana: School) -> list[dict[str, Any]]:
    return [r.data for r in dana.session.read(("audit",), subjects=["transfers"]) if r.kind == "transfer.pin"]


def test_a_bundle_from_a_key_never_vouched_for_is_refused(two: Two) -> None:
    """Without `--from`, a bundle from a school whose key Oakfield never confirmed is refused (exit 3), nothing
    written; the line shows the key's fingerprint and how to vouch for it."""
    sent = two.send(JAMIE, two.oak_key, "jamie.bundle")
    before = records(two.oak.url)
    got = two.at_oak("transfer", "import", str(sent))
    fingerprint = read_key_file(two.elm_key).fingerprint
    assert got.code == 3 and fingerprint in got.err and "--trust" in got.err, got
    assert records(two.oak.url) == before and not Path(f"{sent}.receipt").exists()


def test_vouching_pins_the_key_and_a_new_key_must_be_vouched_for_again(two: Two, tmp_path: Path) -> None:
    """`--trust FINGERPRINT` (a wrong one is refused) pins Elm's key in a chained record; Elm's next bundle
    needs nothing more. A bundle from another key calling itself Elm is refused, saying the key changed,
    until a DSL vouches for the new key too (recorded as replacing the old one)."""
    fingerprint = read_key_file(two.elm_key).fingerprint
    first = two.send(JAMIE, two.oak_key, "first.bundle")
    wrong = two.at_oak("transfer", "import", str(first), "--trust", "AAAA-" + fingerprint[5:])
    assert wrong.code == 1 and "nothing was written" in wrong.err
    assert two.at_oak("transfer", "import", str(first), "--trust", fingerprint.lower().replace("-", "")).code == 0
    pins = _pins(two.oak.url, two.oak.open("dana"))
    assert [(p["school"], p["fingerprint"]) for p in pins] == [("Elm Primary", fingerprint)]

    two.elm().log.record_concern(concern(body_marks=[]))
    assert two.at_oak("transfer", "import", str(two.send(JAMIE, two.oak_key, "second.bundle"))).code == 0

    impostor_url = f"sqlite:///{tmp_path / 'impostor.db'}"
    create_vault(
        impostor_url, "Elm Primary", "ivy", "Ivy Impostor", "not elm primary at all honest", simulated_clock=True
    )
    impostor = School.unlock(impostor_url, "ivy", "not elm primary at all honest")
    impostor.roster.import_rows(PUPILS[:1])
    fake = forge(
        impostor, two.oak_key, tmp_path / "fake", [item("concern", {"occurred_at": NOW, "what_happened": "x"})]
    )
    before = records(two.oak.url)
    got = two.at_oak("transfer", "import", str(fake))
    assert got.code == 3 and "Elm Primary's key" in got.err and "changed" in got.err, got
    assert records(two.oak.url) == before
    new = transfer.public_key(impostor).fingerprint
    assert two.at_oak("transfer", "import", str(fake), "--trust", new).code == 0
    pins = _pins(two.oak.url, two.oak.open("dana"))
    assert pins[-1]["fingerprint"] == new and pins[-1]["replaces"] == [fingerprint]


def test_a_dsl_can_vouch_at_the_prompt(two: Two, monkeypatch: pytest.MonkeyPatch) -> None:
    """At a terminal, the import shows the school and its key's fingerprint and asks; "yes" pins it (recorded
    as confirmed at the prompt), anything else refuses the bundle."""
    asked: list[str] = []
    answers = iter(["no", "yes"])
    monkeypatch.setattr(cli_outward, "ask_on_terminal", lambda question: asked.append(question) or next(answers))
    sent = two.send(JAMIE, two.oak_key, "jamie.bundle")
    before = records(two.oak.url)
    assert two.at_oak("transfer", "import", str(sent)).code == 3
    assert records(two.oak.url) == before
    assert two.at_oak("transfer", "import", str(sent)).code == 0
    fingerprint = read_key_file(two.elm_key).fingerprint
    assert all(fingerprint in q and "Elm Primary" in q for q in asked) and len(asked) == 2
    assert _pins(two.oak.url, two.oak.open("dana"))[0]["how"] == "confirmed at the prompt"


# --- finding 8: a DSL who leaves takes no key to bundles sent after -----------------------------------


def _backup(url: str, to: Path) -> str:
    """A copy of an SQLite store taken through SQLite (what someone with the file could keep)."""
    with closing(sqlite3.connect(url.removeprefix("sqlite:///"))) as source, closing(sqlite3.connect(to)) as copy:
        source.backup(copy)
    return f"sqlite:///{to}"


def _copied_keys(copy: str, username: str) -> tuple[str, int, crypto.KeyPair]:
    """What a copy of the store and the passphrase give someone: their account, key version and keys."""
    with Vault(copy).connect() as conn:
        slots = conn.execute(select(KeyslotRow)).all()
    for slot in slots:
        try:
            return (
                slot.account,
                slot.key_version,
                open_keys(slot.sealed, PASSPHRASES[username], slot.account, slot.key_version),
            )
        except crypto.CryptoError:
            continue
    raise AssertionError(f"no key slot of {username} in the copy")


def _identity_keys_read_with(url: str, account: str, version: int, keys: crypto.KeyPair) -> list[crypto.KeyPair]:
    """Every identity key of the school that these keys open in the store at `url`: the team keys granted
    to them there, then every sealed record those team keys reach."""
    vault = Vault(url)
    with vault.connect() as conn:
        registry = vault.load_registry(conn)
        rows = [Stored._make(r) for r in conn.execute(select(*READ_COLUMNS).where(R.cls == "audit"))]
    team = {}
    for grant in registry.grants.get((account, version), []):
        for epoch, stanza in grant.team.items():
            raw = crypto.unwrap(keys.exchange, stanza, labels.team_grant(epoch, account, version))
            team[epoch] = crypto.exchange_private(raw)
    found = []
    for row in rows:
        if row.epoch not in team:
            continue
        public = registry.accounts[row.author].keys[row.author_key][0]
        pair = crypto.pair_key(team[row.epoch], public, public, registry.epochs[row.epoch])
        ad = header_bytes(vault.id, row)
        payload = json.loads(crypto.open_sealed(crypto.open_sealed(pair, row.wrapped_key, ad), row.body, ad))
        if payload["kind"] == "identity.keys":
            found.append(crypto.KeyPair.from_private_bytes(unb64(payload["data"]["keys"])))
    return found


def test_a_deactivated_dsl_cannot_open_bundles_sent_to_the_school_after(two: Two, tmp_path: Path) -> None:
    """Derek (a DSL) keeps a copy of Oakfield's store with his key slot. Once he is deactivated the school's
    identity key is a new one: `school-key` shows a new fingerprint, and a bundle Elm seals to it opens with
    no identity key Derek's keys reach, in his copy or in any later copy of the store."""
    copy = _backup(two.oak.url, tmp_path / "derek-copy.db")
    before = read_key_file(two.oak_key).fingerprint
    assert two.at_oak("staff", "deactivate", "derek").code == 0
    new_key = tmp_path / "oak-new.key"
    shown = two.at_oak("school-key", "-o", str(new_key))
    assert shown.code == 0 and before not in shown.out and read_key_file(new_key).fingerprint != before
    sent = two.send(JAMIE, new_key, "after.bundle")
    later = _backup(two.oak.url, tmp_path / "later-copy.db")
    derek = _copied_keys(copy, "derek")
    derek_has = _identity_keys_read_with(copy, *derek) + _identity_keys_read_with(later, *derek)
    assert derek_has  # he did hold the school's key while he was a DSL
    for keys in derek_has:
        with pytest.raises(IntegrityError):
            bundle.open_envelope([keys], sent.read_bytes(), "cp-file", "after.bundle")
    got = two.at_oak("transfer", "import", str(sent), "--from", str(two.elm_key))
    assert got.code == 0, got


def test_a_bundle_sealed_to_the_old_key_after_it_was_replaced_is_refused(
    two: Two, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A bundle sealed before the key changed still imports (and its receipt still confirms at the sender);
    one sealed to the old key after it was replaced is refused, telling the sender to fetch the new key."""
    early = two.send(JAMIE, two.oak_key, "early.bundle")
    monkeypatch.setenv("SCHOOL_LOG_NOW", "2026-11-23T11:00:00+00:00")
    assert two.at_oak("staff", "deactivate", "derek").code == 0
    monkeypatch.setenv("SCHOOL_LOG_NOW", "2026-11-23T12:00:00+00:00")
    late = two.send(JAMIE, two.oak_key, "late.bundle")
    before = records(two.oak.url)
    got = two.at_oak("transfer", "import", str(late), "--from", str(two.elm_key))
    assert got.code == 1 and "old key" in got.err and "school-key" in got.err, got
    assert records(two.oak.url) == before
    assert two.at_oak("transfer", "import", str(early), "--from", str(two.elm_key)).code == 0
    assert two.at_elm("transfer", "receipt", f"{early}.receipt").code == 0


def test_a_key_epoch_started_elsewhere_still_rotates_the_identity(two: Two) -> None:
    """A DSL removed through the vault directly (or by an earlier version) still leaves the old identity key
    behind: the next use of the school's key makes a new one."""
    before = read_key_file(two.oak_key).fingerprint
    deactivate_account(two.oak.open("dana").session, "derek")
    assert transfer.public_key(two.oak.open("dana")).fingerprint != before


def test_the_chronology_says_a_forged_decision_covers_nothing_here(two: Two) -> None:
    """In the app, the concern a forged decision names (landed by the earlier code) is not shown as decided,
    and the decision says it does not cover this school's own entries; a new decision ticks the concern."""
    raised = two.oak.open("tom").log.record_concern(concern(urgent=True))
    dana = two.oak.open("dana")
    _landed_as_before(dana, JAMIE, "decision", decision([raised.id]))
    jamie = dana.roster.pupil(JAMIE)

    async def body(pilot: Pilot[None]) -> None:
        assert "Decided" not in text_of(pilot, "#entry")
        await pilot.press("down")
        await pilot.pause()
        assert "Not covered here" in text_of(pilot, "#entry")
        assert reviewable(pilot.app.screen.chron)[1] == {raised.id}  # type: ignore[attr-defined]

    run(Host(two.oak.open("dana"), lambda: ChronologyScreen(jamie.id)), body)


def test_an_entry_sent_again_with_other_words_is_refused(two: Two) -> None:
    """A file sent again lands only what is new, matched by each entry's id at the sender and its digest:
    a trusted school that sends one of its entries again under the same id with the facts changed (to
    rewrite what Oakfield holds, or to slip in a copy) is refused in one line and nothing is written."""
    elm = two.elm()
    first = item("concern", {"occurred_at": NOW, "what_happened": "Bruise on his arm, seen in PE"})
    sent = forge(elm, two.oak_key, two.tmp / "first", [first])
    assert two.at_oak("transfer", "import", str(sent), "--from", str(two.elm_key)).code == 0
    again = forge(
        elm, two.oak_key, two.tmp / "again", [first, item("concern", {"occurred_at": NOW, "what_happened": "Hungry"})]
    )
    changed = first | {"data": first["data"] | {"what_happened": "Nothing happened"}}
    rewritten = forge(elm, two.oak_key, two.tmp / "rewritten", [changed])
    before = records(two.oak.url)
    got = two.at_oak("transfer", "import", str(rewritten))
    assert got.code == 1 and "entry 1 has the id of an entry this school sent before" in got.err, got
    assert records(two.oak.url) == before and not Path(f"{rewritten}.receipt").exists()
    landed = two.at_oak("transfer", "import", str(again), "--json")
    assert landed.code == 0 and (landed.json()["entries"], landed.json()["already_here"]) == (1, 1)
    facts = [e["what_happened"] for e in two.at_oak("chronology", JAMIE, "--json").json()["entries"]]
    assert sorted(facts) == ["Bruise on his arm, seen in PE", "Hungry"]
