"""Attacks on the search's word index: what the store's file gives someone who holds it, what a member of
staff's keys open, and what a forged, swapped or replayed index makes the search say.

The index lists which entries hold which words; it is sealed under the team key in the cache table.
Each test performs the attack with the store's raw file or rows (as a thief or a server's administrator
has them), or with a member of staff's own unlocked keys, and checks the search still answers as a
decrypt of every entry would.
"""

from __future__ import annotations

import unicodedata

import pytest

from school_log import review
from school_log.errors import AuthError
from school_log.folding import OWN_LETTERS, fold
from school_log.review import WORDS
from school_log.school import School
from school_log.word_index import WordIndex
from storage import cache
from tests.factory import PUPILS, Fixture, make_school
from tests.stores import Store
from tests.test_attack_erasure import ELLA, due  # noqa: F401 - the fixture of a file due for destruction
from tests.test_erasure import destroy

JAMIE, NOAH = PUPILS[0].upn, PUPILS[2].upn
#: Words no other entry and no name holds: if any is in the file, the index (or something) leaked it.
SECRETS = ("Zqxtrampoline", "Vrelbasement", "Kwodsleeping")


def _concern(school: School, upn: str, words: str) -> str:
    return school.log.record_concern({"pupil": upn, "what_happened": words}).id


def _sealed(fixture: Fixture) -> bytes:
    rows = list(fixture.store.execute(f"select sealed from cache where name = '{WORDS}'"))
    assert len(rows) == 1, "the search saved its word index"
    return bytes(rows[0][0])


def _full_scan(school: School, text: str) -> list[str]:
    """What the search answered before the index: a fold of every entry's words, checked one by one."""
    words = fold(text).split()
    every = school.log.entries(None, "test")
    return sorted(e.id for e in every if all(w in review._hay(e) for w in words))


def test_the_stored_index_holds_no_word_no_count_and_no_entry_id_in_the_clear(school: Fixture) -> None:
    """With the index saved, the store's file (and WAL) holds none of the secret words, in any case or
    folded, nor the ids of the entries that hold them, nor even the index's own format mark: the
    blob is sealed whole, so the number of words and how many entries hold each are not in the clear."""
    ids = [_concern(school.open("tom"), JAMIE, f"Said the {word} was where he hid") for word in SECRETS]
    dana = school.open("dana")
    assert [e.id for e in dana.review.search("zqxtrampoline")] == ids[:1]
    sealed = _sealed(school)
    assert b"school-log/words" not in sealed
    assert school.path is not None
    files = [school.path, school.path.with_name(school.path.name + "-wal")]
    raw = b"".join(f.read_bytes() for f in files if f.exists())
    for word in SECRETS:
        for form in (word, word.lower(), fold(word)):
            assert form.encode() not in raw and form.encode("utf-16-le") not in raw, form
    for entry_id in ids:
        assert entry_id.encode() not in sealed


def test_a_member_of_staff_cannot_open_the_index_nor_search(school: Fixture) -> None:
    """Tom holds his own keys, not the team's: the sealed index does not open with them, so it cannot tell him
    which of Tara's entries hold a word; and the search refuses him, as it always did."""
    _concern(school.open("tara"), NOAH, "Mentioned the Vrelbasement at his uncle's")
    school.open("dana").review.search("vrelbasement")
    _sealed(school)
    tom = school.open("tom")
    assert cache.load_bytes(tom.session, WORDS) is None
    with pytest.raises(AuthError):
        tom.review.search("vrelbasement")


def test_a_tampered_or_swapped_index_is_not_used(school: Fixture) -> None:
    """A flipped byte, or the dashboard's sealed blob put in the index's place, does not open: the search
    builds the index again and answers as a decrypt of every entry would."""
    dana = school.open("dana")
    dana.review.dashboard()
    dana.review.search("bruise")
    sealed = bytearray(_sealed(school))
    sealed[-1] ^= 1
    school.store.execute("update cache set sealed = :s where name = :n", s=bytes(sealed), n=WORDS)
    fresh = school.open("dana")
    assert sorted(e.id for e in fresh.review.search("bruise")) == _full_scan(fresh, "bruise")
    assert cache.load_bytes(fresh.session, WORDS) is not None  # built again, and saved in the forged one's place
    (dashboard,) = [bytes(r[0]) for r in school.store.execute("select sealed from cache where name = 'dashboard/3'")]
    school.store.execute("update cache set sealed = :s where name = :n", s=dashboard, n=WORDS)
    again = school.open("dana")
    assert sorted(e.id for e in again.review.search("arm")) == _full_scan(again, "arm")


def test_an_index_replayed_from_before_a_destroy_finds_nothing_of_the_file(due: Fixture) -> None:  # noqa: F811
    """Someone with the database puts back the sealed index saved before Jamie's file was destroyed (it opens:
    it was sealed by the team, and lists which entries held his words): no entry of his is found or shown,
    and the index the search saves next no longer lists them."""
    before = due.open("dana")
    jamie = {e.id for e in before.review.search("zqj")}
    assert len(jamie) == 5  # the concern, its addendum, the police call, the decision and the task
    (saved,) = list(due.store.execute(f"select name, seq, epoch, sealed from cache where name = '{WORDS}'"))
    destroy(due, JAMIE)
    assert not list(due.store.execute(f"select name from cache where name = '{WORDS}'"))  # the destroy deleted it
    due.store.execute(
        "insert into cache (name, seq, epoch, sealed) values (:n, :q, :e, :s)",
        n=saved[0],
        q=saved[1],
        e=saved[2],
        s=bytes(saved[3]),
    )
    after = due.open("dana")
    assert after.review.search("zqj") == [] and after.review.search("bruise") == []
    assert [e.pupil_id for e in after.review.search("tired")] == [after.roster.pupil(ELLA).id]
    seq, blob = cache.load_bytes(after.session, WORDS) or (0, b"")
    index = WordIndex.from_bytes(seq, blob)
    assert index is not None and not jamie & set(index.ids)


def test_the_index_answers_as_a_decrypt_of_every_entry_would(school: Fixture, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Parts of words, accents, case and several words find what the full scan finds: from a fresh index,
    from the saved one with entries written since (by staff, in another session), from memory, and when
    most of the log is found (read a slice at a time, nothing of it kept)."""
    monkeypatch.setattr(review, "SAVE_WORDS_AFTER", 2)
    queries = ("bruis", "ARM", "brúise arm", "home", "police called", "zzqx", "e")
    first = school.open("dana")
    for text in queries:
        assert sorted(e.id for e in first.review.search(text)) == _full_scan(first, text), text
    _concern(school.open("tom"), NOAH, "A new bruise on his arm, says he fell at home")
    for text in queries:
        assert sorted(e.id for e in first.review.search(text)) == _full_scan(first, text), text
    for n in range(3):
        _concern(school.open("tara"), JAMIE, f"Tearful at home time, visit {n}")
    second = school.open("dana")
    for text in (*queries, "tearful", "visit 2"):
        assert sorted(e.id for e in second.review.search(text)) == _full_scan(second, text), text
    monkeypatch.setattr(review, "_IDS_AT_ONCE", 1)  # many found: read a few at a time, or a slice of the log at a time
    third = school.open("dana")
    for text in ("e", "arm", "tearful"):
        assert sorted(e.id for e in third.review.search(text)) == _full_scan(third, text), text
    assert not third.log.taken(), "a word in most of the log is found a slice at a time; no file is kept"


def test_folding_plain_ascii_at_once_gives_what_the_full_fold_gives() -> None:
    """The search folds the text of every entry it finds; ASCII text takes a short way, which must give the
    same words as the full NFKD + casefold (every ASCII character, and mixed text, checked)."""
    every = "".join(map(chr, range(128)))
    for text in (every, every.upper(), "Bruise on UPPER arm, I'm scared-of-home"):
        apart = unicodedata.normalize("NFKD", text.casefold())
        assert fold(text) == "".join(c for c in apart if not unicodedata.combining(c)).translate(OWN_LETTERS)
    assert fold("BRUISÉ Łukasz") == "bruise lukasz"


def test_on_postgresql_the_index_is_sealed_and_answers_as_a_full_scan(pg_store: Store, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """On a server the index row is as opaque (no secret word in any column as the server returns it) and the
    search, from the saved index and with an entry written since, answers as a decrypt of every entry would."""
    fixture = make_school(tmp_path, monkeypatch, pg_store)
    _concern(fixture.open("tom"), JAMIE, "Said the Zqxtrampoline was where he hid")
    first = fixture.open("dana")
    assert len(first.review.search("zqxtramp")) == 1
    rows = pg_store.execute(f"select name, seq, epoch, sealed from cache where name = '{WORDS}'")
    assert len(rows) == 1 and b"zqxtrampoline" not in bytes(rows[0][3]).lower()
    _concern(fixture.open("tara"), NOAH, "Zqxtrampoline again, at his uncle's")
    second = fixture.open("dana")
    for text in ("zqxtrampoline", "uncle", "hid"):
        assert sorted(e.id for e in second.review.search(text)) == _full_scan(second, text), text
