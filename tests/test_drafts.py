"""Drafts kept over a lock: back to their author only, unreadable to anyone else, nothing readable at rest.

Each attack is performed: the raw row and file searched for what was typed, every key
another account holds tried on the seal, a seal moved to another row, rows that are
not drafts at all.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from school_log.drafts import Unsaved
from storage import crypto, labels
from storage.drafts import BLOCK
from tests.factory import make_school

WORDS = ("ZQXDRAFT-facts the belt mark", "ZQXDRAFT-words he locks me in")
TYPED = Unsaved(
    "concern",
    "",
    {"what_happened": WORDS[0], "child_words": WORDS[1], "categories": ["physical"], "urgent": True},
    {"marks": [{"view": "front", "region": "left-cheek", "type": "bruise", "explanation": "ZQXDRAFT-fell"}]},
)
MARKED = ("ZQXDRAFT", "belt mark", "locks me in", "what_happened", "physical", "left-cheek", "concern")


@pytest.fixture
def school(tmp_path, monkeypatch, store):  # type: ignore[no-untyped-def]
    return make_school(tmp_path, monkeypatch, store)


def _keep(school, username: str, unsaved: Unsaved = TYPED) -> str:  # type: ignore[no-untyped-def]
    """`username` seals a draft about Jamie and the store keeps it; its id."""
    person = school.open(username)
    jamie = person.roster.pupil("R100000000001").id
    typed = Unsaved(unsaved.form, jamie, unsaved.fields, unsaved.context)
    person.drafts.keep(person.drafts.seal(typed))
    return typed.id


def test_a_draft_comes_back_to_its_author_alone_until_dropped(school):
    """What a teacher typed is offered back to them exactly, dated when it was sealed; no other
    account — not another teacher, not a DSL holding the team key — is offered it; dropped, it is gone."""
    draft_id = _keep(school, "tom")
    tom = school.open("tom")
    (back,) = tom.drafts.waiting()
    assert back.id == draft_id and back.form == "concern" and back.pupil_id == tom.roster.pupil("R100000000001").id
    assert back.fields == TYPED.fields and back.context == TYPED.context
    assert back.kept_at is not None and back.kept_at == tom.clock.now()
    for other in ("tara", "dana", "derek"):
        assert school.open(other).drafts.waiting() == []
    tom.drafts.drop(draft_id)
    assert school.open("tom").drafts.waiting() == []


def test_sealing_again_replaces_the_earlier_seal(school):
    """A restored form locked again is sealed under the same draft: one draft, the newer typing."""
    tom = school.open("tom")
    first = Unsaved("addendum", "", {"text": "first"})
    tom.drafts.keep(tom.drafts.seal(first))
    tom.drafts.keep(tom.drafts.seal(Unsaved("addendum", "", {"text": "second"}, id=first.id)))
    assert [(d.id, d.fields) for d in school.open("tom").drafts.waiting()] == [(first.id, {"text": "second"})]
    assert school.store.execute("select count(*) from draft")[0][0] == 1


def test_attack_the_sealed_draft_holds_nothing_typed_and_says_nothing_of_whose(school):
    """Reading the database: the draft row is a random id and whole blocks of ciphertext — none of the
    typed words, field names, pupil or author — and nothing typed is anywhere in the file or its WAL."""
    draft_id = _keep(school, "tom")
    ((row_id, sealed),) = school.store.execute("select id, sealed from draft")
    assert row_id == draft_id and len(row_id) == 32 and int(row_id, 16) >= 0  # a uuid4, nothing else
    assert (len(sealed) - 48) % BLOCK == 0  # ephemeral share (32) + GCM tag (16) + whole padded blocks
    tom = school.open("tom")
    for plain in (*MARKED, tom.session.account_id, tom.roster.pupil("R100000000001").id):
        assert plain.encode() not in bytes(sealed)
    if school.path is not None:  # the files, read by another process (never beside this one's connections)
        files = [str(p) for p in school.path.parent.iterdir() if p.name.startswith(school.path.name)]
        scan = "import sys; words = sys.argv[1].split('|'); print(sum(w.encode() in open(f, 'rb').read() "
        scan += "for f in sys.argv[2:] for w in words))"
        found = subprocess.run(
            [sys.executable, "-c", scan, "|".join(MARKED[:3]), *files], capture_output=True, text=True
        )
        assert found.stdout.strip() == "0", found.stderr


def test_attack_no_other_account_opens_it_with_any_key_it_holds(school):
    """Another teacher and a DSL try every private key they hold (their own, every team key, every
    roster key) under every label the draft could carry: nothing opens. The team key reads every
    entry; it does not read a draft."""
    draft_id = _keep(school, "tom")
    ((sealed,),) = school.store.execute("select sealed from draft")
    tom = school.open("tom")
    accounts = {tom.session.account_id, school.open("tara").session.account_id, school.open("dana").session.account_id}
    for username in ("tara", "dana"):
        session = school.open(username).session
        privates = [session.keys.exchange] + [k for k in (session.team_private(e) for e in range(1, 5)) if k]
        assert username != "dana" or len(privates) > 1  # the DSL really holds a team key
        for private in privates:
            for account in accounts:
                for version in (1, 2):
                    label = labels.draft(session.vault_id, account, version, draft_id)
                    with pytest.raises(crypto.CryptoError):
                        crypto.unwrap(private, bytes(sealed), label)
        for roster_key in session.roster_keys().values():
            with pytest.raises(crypto.CryptoError):
                crypto.open_sealed(roster_key, bytes(sealed))


def test_attack_a_seal_moved_to_another_row_or_garbage_rows_are_never_offered(school):
    """A seal copied under another id does not open (it is bound to its row), and rows that are not
    drafts (empty, short, random) are passed over: the author is offered exactly their one draft."""
    draft_id = _keep(school, "tom")
    ((sealed,),) = school.store.execute("select sealed from draft")
    school.store.execute("insert into draft (id, sealed) values (:id, :sealed)", id="moved", sealed=bytes(sealed))
    for n, junk in enumerate((b"", b"short", bytes(48), bytes(range(256)) * 5)):
        school.store.execute("insert into draft (id, sealed) values (:id, :sealed)", id=f"junk{n}", sealed=junk)
    assert [d.id for d in school.open("tom").drafts.waiting()] == [draft_id]
