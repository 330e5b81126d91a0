"""The indicator reader: what the words of an entry say, quoted, so a flag can rest on them.

Ticked boxes miss what a child said: "he hit me with the buckle end" written in the
child's words with no category and no "urgent" is a disclosure all the same. This module
reads the facts, the child's words, the explanations of marks and an agency's summary
against a small lexicon written from practice (KCSIE part one, Working Together 2023,
NSPCC case-review learning, the local partnerships' bruising protocols), and returns
*indicators*: which family of concern, where the words were found, and the words
themselves, so the flag that rests on them always quotes them. Nothing is inferred
silently, and nothing is read that the entry does not say.

How a sentence is read:

* Text is split into sentences (``.``, ``!``, ``?``, ``;``, new lines); a family's words
  must be found together in one sentence (or, for the child's own words, in what the
  child said, which is one account).
* **Negation**: a match is dropped when a negating word ("not", "never", "no one",
  "didn't", "denies"...) stands before it in the same clause ("she did *not* say anyone
  hurt her"; "no marks"; "he denied that dad hits him").
* **Questions**: a match inside a question staff asked ("I asked whether anyone had hurt
  her") is what was asked, not what was said, and is dropped.
* **Reported speech**: in the staff's own narrative a disclosure counts only when it is
  reported as said ("she said her dad hit her", "told me mum's boyfriend..."); the
  child's words and an agency's "child's voice" are the child's account already.
  Facts staff saw themselves (a parent slurring at the gate) count as written.

Each family's words are in `lexicon`; `read` is pure and cheap (a few regular expressions
per sentence), so the review reads only entries still awaiting a decision. Nothing is
cached here: what an entry says must go when the app locks and drops what it decrypted.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from school_log.indicators.clauses import _compile, _found, asserted, sentences
from school_log.indicators.lexicon import (
    _AGE_WORD,
    ADULT,
    ADULT_VICTIM,
    ALONE_IN_CHARGE,
    ALONE_WHEN,
    BABY,
    BRUISE,
    CHILD_OBJECT,
    COLLECTION,
    DRUGS,
    FGM_WORDS,
    FICTION,
    FIRST_PERSON,
    FRIGHTENED,
    GROOMING,
    HARM,
    HOME_CUES,
    HONOUR,
    INDECENT_IMAGE,
    INTOXICATED,
    MISSING,
    NON_MOBILE_MONTHS,
    NOT_A_BRUISE,
    ONLINE,
    OTHER_ADULT,
    PARENT_CRISIS,
    PEER,
    PRIVATE_HOST,
    PRIVATE_LONG,
    SAID,
    SEXUAL,
    UNSAFE_ACTS,
    WHEREABOUTS,
    WITH_ADULTS,
)
from school_log.model import HURT_BY_WORDS, Concern, Notification

# --- The families, as people say them ----------------------------------------------------------


@dataclass(frozen=True)
class Family:
    """A family of indicator: what it is, and the route practice takes on its first occasion."""

    code: str  # the flag's code
    what: str  # "disclosure of harm by an adult"
    route: str  # what a DSL does on the first occasion


FAMILIES: dict[str, Family] = {
    f.code: f
    for f in (
        Family(
            "disclosure",
            "the child tells of harm by an adult",
            "a disclosure of abuse is a referral on the first occasion: children's social care, police if a crime",
        ),
        Family(
            "domestic-abuse-witnessed",
            "the child tells of violence between adults at home",
            "domestic abuse the child saw or heard harms the child: refer on the first occasion",
        ),
        Family(
            "online-grooming",
            "an adult online asks for images, secrecy or a meeting, or gives gifts",
            "online grooming: police (CEOP) and children's social care the same day",
        ),
        Family(
            "unsafe-care",
            "a parent or carer unable to care safely at that moment",
            "a parent unable to care safely: children's social care the same day, police if the child is in danger",
        ),
        Family(
            "adult-load",
            "a child carrying an adult's load (sole charge, a parent in crisis)",
            "a child left in charge or caring for a parent in crisis: refer for assessment and support",
        ),
        Family(
            "exploitation-missing",
            "missing and found where drugs, cash, phones or adult men point to exploitation",
            "criminal or sexual exploitation on the first occasion: children's social care and police; "
            "consider the NRM",
        ),
        Family(
            "whereabouts-unknown",
            "nobody caring for the child knows where they are",
            "a child missing from home and education: police and children's social care today",
        ),
        Family(
            "fgm-told",
            "the child tells of FGM",
            "FGM: mandatory report to police (teacher's personal duty, girl under 18) and children's social care",
        ),
        Family(
            "honour-based",
            "violence or control in the name of the family's honour",
            "honour-based abuse: police and children's social care; do not contact the family",
        ),
        Family(
            "indecent-image",
            "an indecent image of a child taken or shared",
            "an indecent image of a child is a crime: police, and consider children's social care (UKCIS)",
        ),
        Family(
            "private-fostering",
            "living with someone who is not a close relative, for weeks or with the parent away",
            "private fostering (28 days or more): notify the local authority (Children Act 1989; KCSIE)",
        ),
        Family(
            "immediate-danger",
            "the police were called or someone is in immediate danger",
            "immediate danger: police (999) and children's social care now",
        ),
        Family(
            "household-child",
            "a baby or another child in the household affected",
            "look at the household's other children, on roll or not (a baby, a sibling at another school)",
        ),
        Family(
            "frightened-at-home",
            "the child is frightened to go home or of an adult at home",
            "speak to the DSL today; refer if the child may be at risk at home",
        ),
        Family(
            "non-mobile-baby",
            "bruising or a mark on a baby who cannot move about by themselves",
            "bruising on a non-mobile baby: refer to children's social care at once (partnership protocol)",
        ),
    )
}


@dataclass(frozen=True)
class Indicator:
    """One family found in one entry: where it was read and the words that say it."""

    code: str  # a key of `FAMILIES`
    entry_id: str
    source: str  # "the child's words", "what happened", "the explanation", "the agency's summary", ...
    quote: str  # the sentence the words were found in, as written

    @property
    def family(self) -> Family:
        return FAMILIES[self.code]

    @property
    def text(self) -> str:
        """ "the child's words: 'hit me with the buckle end'"."""
        return f"{self.source}: '{self.quote}'"


# --- Reading ---------------------------------------------------------------------------------------

_ADULT = _compile(ADULT)
_HARM = _compile(HARM)
_HARM_ADULT = _compile(HARM + r"(?:\s+\w+){0,2}?\s+" + ADULT_VICTIM)
_HOME = _compile(HOME_CUES)
_OTHER_ADULT = _compile(OTHER_ADULT)
_FICTION = _compile(FICTION)
_PEER = _compile(PEER)
_SEXUAL = _compile(SEXUAL)
_SAID = _compile(SAID)
_ONLINE = _compile(ONLINE)
_GROOMING = _compile(GROOMING)
_INTOX = _compile(INTOXICATED)
_UNSAFE = _compile(UNSAFE_ACTS)
_COLLECTION = _compile(COLLECTION)
_ALONE = _compile(ALONE_IN_CHARGE)
_ALONE_WHEN = _compile(ALONE_WHEN)
_CRISIS = _compile(PARENT_CRISIS)
_MISSING = _compile(MISSING)
_DRUGS = _compile(DRUGS)
_BABY = _compile(BABY)
_BRUISE = _compile(BRUISE)
_WITH_ADULTS = _compile(WITH_ADULTS)
_WHEREABOUTS = _compile(WHEREABOUTS)
_FGM = _compile(FGM_WORDS)
_HONOUR = _compile(HONOUR)
_IMAGE = _compile(INDECENT_IMAGE)
_PRIVATE_LONG = _compile(PRIVATE_LONG)
_BLOOD = _compile(r"blood (?:on|all over|everywhere)|(?:police|ambulance) (?:came|were called|was called)")


def _reported(sentence: str, match: re.Match[str]) -> bool:
    """Staff write it as something said: a reporting verb stands before the words, and is itself asserted."""
    said = [m for m in _SAID.finditer(sentence[: match.start()])]
    return any(asserted(sentence, m) for m in said)


def _baby_months(sentence: str) -> int | None:
    """The baby's age in months when the sentence gives one ("3-month-old", "six week old")."""
    found = re.search(r"\b(\d{1,2}|[a-z]+) ?[- ](week|month)s?(?:[- ]old)?\b", sentence, re.IGNORECASE)
    if not found:
        return None
    number = found.group(1).lower()
    n = int(number) if number.isdigit() else _AGE_WORD.get(number)
    if n is None:
        return None
    return n // 4 if found.group(2).lower() == "week" else n


def _to_the_child(sentence: str, harm: re.Match[str], *, childs_own: bool) -> bool:
    """The harm is done to the child: its words name them ("hits me", "pulls my hair"), or the next words do.

    In the child's own words that is "me", "my", "us"; in staff's narrative also "him", "her", "them".
    """
    person = FIRST_PERSON if childs_own else CHILD_OBJECT
    owner = re.search(r"\b(?:my|your|his|her)\s+$", sentence[: harm.start()], re.IGNORECASE)  # "my private parts"
    after = sentence[harm.end() : harm.end() + 16]
    return bool(owner) or any(person.search(text) for text in (harm.group(), after))


def _someone_elses(sentence: str, harm: re.Match[str], *, childs_own: bool) -> bool:
    """Someone else's account passed on: "my mate said his dad hits him", "told me his friend said...".

    In the child's own words any "said" before the harm (not "I said/told") is another's account;
    in staff's narrative, a "said" whose speaker is a friend, a mate or a cousin.
    """
    start = 0
    for said in _SAID.finditer(sentence[: harm.start()]):
        speaker, start = sentence[start : said.start()], said.end()
        if childs_own and not re.search(r"\bI\s*$", speaker):
            return True
        if _PEER.search(speaker):
            return True
    return False


def _harm_by_adult(sentence: str, *, childs_own: bool, whole: str) -> bool:
    harm = _found(_HARM, sentence) or _found(_SEXUAL, sentence)
    if harm is None or _FICTION.search(sentence) or not _to_the_child(sentence, harm, childs_own=childs_own):
        return False
    if _someone_elses(sentence, harm, childs_own=childs_own):
        return False
    if not childs_own and not _reported(sentence, harm):
        return False
    adult = _ADULT.search(sentence) or _OTHER_ADULT.search(sentence)
    if _PEER.search(sentence) and not adult:
        return False
    if adult:
        return True
    # The child's own account names the adult in another sentence, or the home ("when he's drinking").
    return childs_own and bool(_ADULT.search(whole) or _HOME.search(whole)) and not _PEER.search(whole)


def _read_text(text: str, *, childs_own: bool, agency: bool) -> Iterator[tuple[str, str]]:
    """(code, sentence) for each family found in one field's text."""
    previous = ""
    for sentence in sentences(text):
        harm_adult = _found(_HARM_ADULT, sentence)
        fiction = _FICTION.search(sentence)
        if harm_adult and not fiction and (childs_own or _reported(sentence, harm_adult)) and _ADULT.search(sentence):
            yield "domestic-abuse-witnessed", sentence
        elif childs_own and not fiction and _found(_BLOOD, sentence) and _ADULT.search(text):
            yield "domestic-abuse-witnessed", sentence
        elif _harm_by_adult(sentence, childs_own=childs_own, whole=text):
            yield "disclosure", sentence
        if _found(_GROOMING, sentence) and (_ONLINE.search(text) or _found(_compile(r"nudes?|camera"), sentence)):
            yield "online-grooming", sentence
        intox = _found(_INTOX, sentence)
        if (intox and (_ADULT.search(text) or _COLLECTION.search(text))) or (
            _found(_UNSAFE, sentence) and (_INTOX.search(text) or _COLLECTION.search(sentence))
        ):
            yield "unsafe-care", sentence
        if (_found(_ALONE, sentence) and _found(_ALONE_WHEN, sentence)) or (
            _found(_CRISIS, sentence) and (_ADULT.search(sentence) or childs_own)
        ):
            yield "adult-load", sentence
        exploited = _found(_DRUGS, sentence) or _found(_WITH_ADULTS, sentence)
        if _found(_MISSING, sentence) and (
            exploited or (agency and (_found(_DRUGS, text) or _found(_WITH_ADULTS, text)))
        ):
            yield "exploitation-missing", sentence
        if _found(_WHEREABOUTS, sentence):
            yield "whereabouts-unknown", sentence
        if _found(_FGM, sentence) and not fiction:
            yield "fgm-told", sentence
        if _found(_HONOUR, sentence) and (_found(_HARM, sentence) or _HONOUR.search(sentence)):
            yield "honour-based", sentence
        if _found(_IMAGE, sentence):
            yield "indecent-image", sentence
        host = _found(PRIVATE_HOST, sentence)
        if host and (_found(_PRIVATE_LONG, sentence) or _found(_PRIVATE_LONG, text)):
            yield "private-fostering", sentence
        if _found(FRIGHTENED, sentence) and not fiction:
            yield "frightened-at-home", sentence
        if (
            _found(_BRUISE, sentence)
            and not NOT_A_BRUISE.search(sentence)
            and (
                _found(_BABY, sentence)
                or (previous and _found(_BABY, previous) and re.search(r"\b(?:his|her|the baby'?s?)\b", sentence, re.I))
            )
        ):
            months = _baby_months(f"{previous} {sentence}")
            if months is None or months < NON_MOBILE_MONTHS:
                yield "non-mobile-baby", sentence
        previous = sentence


def _fields(entry: Concern | Notification) -> Iterator[tuple[str, str, bool, bool]]:
    """(source, text, the child's own account, from an agency) for each field the reader reads."""
    if isinstance(entry, Notification):
        yield "the agency's summary", entry.summary, False, True
        yield "the child's voice", entry.child_voice, True, True
        return
    yield "the child's words", entry.child_words, True, False
    yield "what happened", entry.what_happened, False, False
    for mark in entry.body_marks:
        own = mark.explained_by == "child"
        yield "the explanation", mark.explanation, own, False


def _answers(entry: Concern) -> Iterator[tuple[str, str]]:
    """(code, the answer in words) for each of the concern form's questions answered "yes"."""
    if entry.hurt_by and entry.hurt_by != "child":  # another child: child-on-child, not a disclosure about home
        yield "disclosure", f"the child said they were hurt by {HURT_BY_WORDS.get(entry.hurt_by, entry.hurt_by)}"
    if entry.immediate_danger:
        yield "immediate-danger", "police called or someone in immediate danger"
    if entry.frightened_to_go_home:
        yield "frightened-at-home", "the child is frightened to go home"
    if entry.household_child_affected:
        yield "household-child", "a baby or another child in the household is affected"


def read(entry: Concern | Notification) -> tuple[Indicator, ...]:
    """Every family the entry raises, once per family, quoting the first words found; a family only the form's
    answers raise quotes the answer."""
    out: dict[str, Indicator] = {}
    for source, text, own, agency in _fields(entry):
        if not text.strip():
            continue
        for code, sentence in _read_text(text, childs_own=own, agency=agency):
            out.setdefault(code, Indicator(code, entry.id, source, sentence.strip()))
    if isinstance(entry, Concern):
        for code, answer in _answers(entry):
            out.setdefault(code, Indicator(code, entry.id, "the form's answer", answer))
    return tuple(out.values())


__all__ = ["FAMILIES", "Family", "Indicator", "read"]
