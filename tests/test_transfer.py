"""Moving a child-protection file between two schools' vaults: sealed, signed, imported once, receipted."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from school_log.errors import InputError, IntegrityError
from school_log.identity import read_key_file
from school_log.model import Concern, covered
from school_log.outward import transfer
from school_log.roster_files.rows import RosterRow
from school_log.school import School
from storage import bundle
from storage.accounts import create_vault
from storage.records import canonical
from storage.verify import verify
from tests.factory import Fixture, make_school

JAMIE = "R100000000001"
ZOE = "Zoë Łukasiewicz-Nguyễn"
NEW_DSL = ("bea", "Beatriz Núñez", "head of safeguarding at brookside")
CONFIRMED = transfer.Vouch(ask=lambda question: True)  # the receiving DSL said yes to the sender's fingerprint


def _record(school: School) -> None:
    """A concern with a body mark, a decision covering it, and an addendum to the concern."""
    concern = school.log.record_concern(
        {
            "pupil": JAMIE,
            "occurred_at": "2026-11-20T09:00:00Z",
            "what_happened": f"Bruise on the upper arm, seen by {ZOE}",
            "child_words": "Dad grabbed me hard",
            "opinion": "seemed frightened",
            "categories": ["physical"],
            "body_marks": [{"view": "front", "region": "left-upper-arm-front", "type": "bruise", "size_mm": 30}],
        }
    )
    school.log.decide(
        JAMIE,
        {"outcome": "refer-social-care", "level": 4, "rationale": "Grab marks, child's account", "agency": "MASH"},
    )
    school.log.addendum(concern.id, {"text": "Mother phoned to say he fell"})


@pytest.fixture
def schools(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Fixture, School, School, Path]:
    """Oakfield (the sender, with Jamie's file) and Brookside (a new school with nobody on roll)."""
    (tmp_path / "oak").mkdir()
    oak = make_school(tmp_path / "oak", monkeypatch)
    sender = oak.open("dana")
    _record(sender)
    url = f"sqlite:///{tmp_path / 'brook.db'}"
    create_vault(url, "Brookside Academy", NEW_DSL[0], NEW_DSL[1], NEW_DSL[2], simulated_clock=True)
    receiver = School.unlock(url, NEW_DSL[0], NEW_DSL[2])
    keyfile = tmp_path / "brookside.key"
    keyfile.write_text(json.dumps(transfer.public_key(receiver).to_data()))
    return oak, sender, receiver, keyfile


def _count(school: School) -> int:
    report = verify(school.session.vault)
    assert report.ok, report.fault
    return report.records


def test_transfer_round_trip_bundle_import_receipt_confirmed(schools, tmp_path: Path) -> None:
    """The whole promise: the file reaches the new school intact and marked as transferred, with the
    original authors and times, the sender's log shows it awaiting receipt, and the receipt confirms it."""
    _, sender, receiver, keyfile = schools
    sent = transfer.send(sender, JAMIE, keyfile, tmp_path / "jamie.bundle")
    assert (sent.entries, sent.to_school, sent.confirmed_at) == (3, "Brookside Academy", None)
    assert [t.bundle for t in transfer.transfers(sender)] == [sent.bundle]

    got = transfer.receive(receiver, tmp_path / "jamie.bundle", tmp_path / "jamie.receipt", CONFIRMED)
    assert (got.entries, got.from_school, got.pupil.upn, got.pupil.name) == (
        3,
        "Oakfield Primary",
        JAMIE,
        "Jamie Brook",
    )
    chron = receiver.review.chronology(JAMIE)
    kinds = [type(i.entry).__name__ for i in chron.items]
    assert kinds == ["Concern", "Decision", "Addendum"]
    concern, decision, addendum = (i.entry for i in chron.items)
    assert decision.covers == (concern.id,) and addendum.refers_to == concern.id  # links re-pointed
    assert ZOE in concern.what_happened and concern.body_marks[0].region == "left-upper-arm-front"
    assert str(concern.recorded_at).startswith("2026-11-23")  # the original time, not the import's
    assert {(i.author, i.role) for i in chron.items} == {("Dana Lead, Oakfield Primary", "dsl")}
    raw = receiver.session.read(("entry",), subjects=[got.pupil.id])
    origins = [r.data["transferred"] for r in raw]
    assert {(o["school"], o["author"], o["role"]) for o in origins} == {("Oakfield Primary", "Dana Lead", "dsl")}

    confirmed = transfer.confirm(sender, tmp_path / "jamie.receipt")
    assert confirmed.confirmed_at is not None
    assert transfer.transfers(sender)[0].confirmed_at == confirmed.confirmed_at
    for school in (sender, receiver):  # both chains verify, every seal opening for their DSLs
        report = verify(school.session.vault, school.session)
        assert report.ok and report.opened > 0, report.fault


def test_bundle_holds_no_plaintext(schools, tmp_path: Path) -> None:
    """Nothing readable in the bundle or the receipt: no name, no narrative, no child's words."""
    _, sender, receiver, keyfile = schools
    transfer.send(sender, JAMIE, keyfile, tmp_path / "b")
    transfer.receive(receiver, tmp_path / "b", tmp_path / "r", CONFIRMED)
    for name in ("b", "r"):
        blob = (tmp_path / name).read_bytes()
        for secret in ("Jamie", "Brook", "Bruise", "grabbed", "frightened", JAMIE, "Oakfield", "Łukasiewicz"):
            assert secret.encode() not in blob and secret.encode("utf-16-le") not in blob, (name, secret)


@pytest.mark.parametrize("where", [0.3, 0.6, 0.9])
def test_flipped_byte_is_refused_and_nothing_written(schools, tmp_path: Path, where: float) -> None:
    """A bundle altered anywhere (header, sealed key or body) is refused in one line; the log is unchanged."""
    _, sender, receiver, keyfile = schools
    transfer.send(sender, JAMIE, keyfile, tmp_path / "b")
    blob = bytearray((tmp_path / "b").read_bytes())
    at = int(len(blob) * where)
    blob[at] = ord("A") if blob[at] != ord("A") else ord("B")
    (tmp_path / "b").write_bytes(bytes(blob))
    before = _count(receiver)
    with pytest.raises(IntegrityError) as refused:
        transfer.receive(receiver, tmp_path / "b", tmp_path / "r", CONFIRMED)
    assert (
        "\n" not in str(refused.value)
        and "nothing was written" in str(refused.value)
        or "altered" in str(refused.value)
    )
    assert _count(receiver) == before and not (tmp_path / "r").exists()


def test_truncated_bundle_is_refused(schools, tmp_path: Path) -> None:
    """A bundle cut short in transit is refused, nothing written."""
    _, sender, receiver, keyfile = schools
    transfer.send(sender, JAMIE, keyfile, tmp_path / "b")
    blob = (tmp_path / "b").read_bytes()
    (tmp_path / "b").write_bytes(blob[: len(blob) // 2])
    before = _count(receiver)
    with pytest.raises(IntegrityError, match="cut short"):
        transfer.receive(receiver, tmp_path / "b", tmp_path / "r", CONFIRMED)
    assert _count(receiver) == before and not (tmp_path / "r").exists()


def test_dropped_entry_is_refused(schools, tmp_path: Path) -> None:
    """Even a bundle re-signed with the sender's own key is refused when an entry was taken out of it."""
    _, sender, receiver, keyfile = schools
    transfer.send(sender, JAMIE, keyfile, tmp_path / "b")
    receiver_keys = transfer.identity(receiver)
    opened = bundle.open_envelope([receiver_keys], (tmp_path / "b").read_bytes(), "cp-file", "b")
    payload = json.loads(opened.payload)
    payload["entries"].pop(1)  # the decision disappears; the manifest still says three
    sender_keys = transfer.identity(sender)
    (tmp_path / "b").write_bytes(
        bundle.seal(
            sender_keys, bundle.PublicIdentity.of(receiver_keys), "cp-file", canonical(payload), sender.clock.now()
        )
    )
    before = _count(receiver)
    with pytest.raises(IntegrityError, match="an entry is missing"):
        transfer.receive(receiver, tmp_path / "b", tmp_path / "r", CONFIRMED)
    assert _count(receiver) == before and not (tmp_path / "r").exists()


def test_wrong_recipient_school_is_refused(schools, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A bundle sealed for another school is refused by this one, naming the key it was addressed to."""
    _, sender, receiver, keyfile = schools
    url = f"sqlite:///{tmp_path / 'third.db'}"
    create_vault(url, "Third School", "tia", "Tia Third", "dsl of the third school here", simulated_clock=True)
    third = School.unlock(url, "tia", "dsl of the third school here")
    transfer.public_key(third)  # the third school has published a key of its own
    transfer.send(sender, JAMIE, keyfile, tmp_path / "b")
    before = _count(third)
    with pytest.raises(IntegrityError, match="addressed to another school") as refused:
        transfer.receive(third, tmp_path / "b", tmp_path / "r", CONFIRMED)
    assert read_key_file(keyfile).fingerprint in str(refused.value)
    assert _count(third) == before and not (tmp_path / "r").exists()


def test_replayed_bundle_is_refused(schools, tmp_path: Path) -> None:
    """The same bundle imported twice lands once; an older bundle after a newer one is refused too."""
    _, sender, receiver, keyfile = schools
    transfer.send(sender, JAMIE, keyfile, tmp_path / "old")
    sender.log.record_concern({"pupil": JAMIE, "occurred_at": "2026-11-23T09:30:00Z", "what_happened": "Later one"})
    transfer.send(sender, JAMIE, keyfile, tmp_path / "new")
    transfer.receive(receiver, tmp_path / "new", tmp_path / "r1", CONFIRMED)
    before = _count(receiver)
    with pytest.raises(IntegrityError, match="already imported"):
        transfer.receive(receiver, tmp_path / "new", tmp_path / "r2", CONFIRMED)
    assert _count(receiver) == before and not (tmp_path / "r2").exists()


def test_older_bundle_after_newer_is_refused(schools, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A replayed older bundle for the same pupil from the same school cannot overwrite the newer picture."""
    oak, sender, receiver, keyfile = schools
    transfer.send(sender, JAMIE, keyfile, tmp_path / "old")
    monkeypatch.setenv("SCHOOL_LOG_NOW", "2026-11-24T10:00:00+00:00")
    transfer.send(oak.open("dana"), JAMIE, keyfile, tmp_path / "new")
    transfer.receive(receiver, tmp_path / "new", tmp_path / "r1", CONFIRMED)
    before = _count(receiver)
    with pytest.raises(IntegrityError, match="older bundle"):
        transfer.receive(receiver, tmp_path / "old", tmp_path / "r2", CONFIRMED)
    assert _count(receiver) == before


def test_unconfirmed_after_five_school_days_is_overdue(
    schools, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Sent on a Monday: still awaiting on the next Monday (day 5), overdue on Tuesday; a receipt clears it."""
    oak, sender, receiver, keyfile = schools
    transfer.send(sender, JAMIE, keyfile, tmp_path / "b")  # Monday 23 November
    monkeypatch.setenv("SCHOOL_LOG_NOW", "2026-11-30T16:00:00+00:00")
    assert not transfer.transfers(oak.open("dana"))[0].overdue
    monkeypatch.setenv("SCHOOL_LOG_NOW", "2026-12-01T08:00:00+00:00")
    sender = oak.open("dana")
    assert transfer.transfers(sender)[0].overdue
    transfer.receive(receiver, tmp_path / "b", tmp_path / "r", CONFIRMED)
    transfer.confirm(sender, tmp_path / "r")
    assert not transfer.transfers(sender)[0].overdue


def test_receipt_from_another_school_is_refused(schools, tmp_path: Path) -> None:
    """A receipt only confirms the transfer it answers, signed by the school it was sent to."""
    _, sender, receiver, keyfile = schools
    transfer.send(sender, JAMIE, keyfile, tmp_path / "b")
    forged = bundle.seal(
        bundle.crypto.KeyPair.generate(),
        bundle.PublicIdentity.of(transfer.identity(sender)),
        "cp-receipt",
        canonical({"bundle": transfer.transfers(sender)[0].bundle, "digest": "0", "received_at": "x"}),
        sender.clock.now(),
    )
    (tmp_path / "r").write_bytes(forged)
    with pytest.raises(IntegrityError, match="not signed by the school"):
        transfer.confirm(sender, tmp_path / "r")
    assert transfer.transfers(sender)[0].confirmed_at is None


def test_pinned_sender_refuses_a_bundle_from_anyone_else(schools, tmp_path: Path) -> None:
    """With the sending school's key file given, a bundle signed by another key (a third school posing as
    the sender) is refused, nothing written; the genuine sender's bundle is accepted."""
    _, sender, receiver, keyfile = schools
    url = f"sqlite:///{tmp_path / 'third.db'}"
    create_vault(url, "Oakfield Primary", "tia", "Tia Third", "dsl of the third school here", simulated_clock=True)
    impostor = School.unlock(url, "tia", "dsl of the third school here")
    impostor.roster.import_rows([_row(sender)])
    transfer.send(impostor, JAMIE, keyfile, tmp_path / "fake")
    (tmp_path / "oak.key").write_text(json.dumps(transfer.public_key(sender).to_data()))
    before = _count(receiver)
    with pytest.raises(IntegrityError, match="not Oakfield Primary's"):
        transfer.receive(receiver, tmp_path / "fake", tmp_path / "r", transfer.Vouch(key_file=tmp_path / "oak.key"))
    assert _count(receiver) == before and not (tmp_path / "r").exists()
    transfer.send(sender, JAMIE, keyfile, tmp_path / "real")
    assert (
        transfer.receive(
            receiver, tmp_path / "real", tmp_path / "r", transfer.Vouch(key_file=tmp_path / "oak.key")
        ).entries
        == 3
    )


def _row(school: School) -> RosterRow:
    p = school.roster.pupil(JAMIE)
    return RosterRow(p.upn, p.given_name, p.family_name, p.date_of_birth, p.year_group, p.household)


def test_receipt_path_taken_means_nothing_is_imported(schools, tmp_path: Path) -> None:
    """If the receipt cannot be written where asked, the import is refused before anything lands."""
    _, sender, receiver, keyfile = schools
    transfer.send(sender, JAMIE, keyfile, tmp_path / "b")
    (tmp_path / "r").write_text("someone else's file")
    before = _count(receiver)
    with pytest.raises(InputError, match="already exists"):
        transfer.receive(receiver, tmp_path / "b", tmp_path / "r", CONFIRMED)
    assert _count(receiver) == before and (tmp_path / "r").read_text() == "someone else's file"
    with pytest.raises(InputError, match="no such directory"):
        transfer.receive(receiver, tmp_path / "b", tmp_path / "missing" / "r", CONFIRMED)
    assert _count(receiver) == before


def test_a_decision_sent_again_later_covers_what_landed_from_an_earlier_bundle(schools, tmp_path: Path) -> None:
    """A file sent again lands only what is new; a new decision in it that covers a concern which came in
    the first bundle still covers it at the new school (it is the same school's entry), so that concern is
    not shown as waiting for a decision."""
    _, sender, receiver, keyfile = schools
    waiting = sender.log.record_concern(
        {"pupil": JAMIE, "occurred_at": "2026-11-21T09:00:00Z", "what_happened": "Late again, no coat"}
    )
    transfer.send(sender, JAMIE, keyfile, tmp_path / "first")
    transfer.receive(receiver, tmp_path / "first", tmp_path / "r1", CONFIRMED)
    here = receiver.log.entries(None, purpose="test")
    assert len([e for e in here if isinstance(e, Concern) and e.id not in covered(here)]) == 1  # not decided yet
    sender.log.decide(
        JAMIE, {"covers": [waiting.id], "outcome": "monitor", "level": 2, "rationale": "Seen with the first"}
    )
    transfer.send(sender, JAMIE, keyfile, tmp_path / "second")
    got = transfer.receive(receiver, tmp_path / "second", tmp_path / "r2", CONFIRMED)
    assert (got.entries, got.already) == (1, 4)
    here = receiver.log.entries(None, purpose="test")
    concerns = [e.id for e in here if isinstance(e, Concern)]
    assert len(concerns) == 2 and set(concerns) <= covered(here)


def test_a_pupil_who_has_left_is_transferred_as_one_on_roll(schools, tmp_path: Path) -> None:
    """Jamie leaves Oakfield before his file is sent: it still goes, and the new school takes him on roll
    (the bundle describes him as any pupil, without the day he left)."""
    _, sender, receiver, keyfile = schools
    sender.roster.leave(JAMIE, sender.roster.pupil(JAMIE).date_of_birth.replace(year=2026))
    assert JAMIE not in {p.upn for p in sender.roster.pupils()}
    sent = transfer.send(sender, JAMIE, keyfile, tmp_path / "jamie.bundle")
    got = transfer.receive(receiver, tmp_path / "jamie.bundle", tmp_path / "jamie.receipt", CONFIRMED)
    assert (sent.entries, got.entries) == (3, 3) and got.pupil.left_on is None
    assert [p.upn for p in receiver.roster.pupils()] == [JAMIE]
