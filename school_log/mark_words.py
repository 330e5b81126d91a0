"""What the narrative says about the marks: who saw them happen, who explained them, and in what words.

A busy author writes "He slipped in PE, seen by the PE teacher" or "Mum said it happened at
football" and leaves the mark's boxes empty. The review reads those words as the boxes would
have said them, quoting the sentence (`heard`); the concern form offers the same words for the
boxes and fills them only when the person accepts (`witness`, `account`).

Read with the indicator reader's sentences, negation and questions (`school_log.indicators`):
"no one saw it", "it was not seen by staff" and "I asked whether Mr Patel saw it" name no
witness; a witness is a member of staff (a title and a name, or a role) or the author, so
"seen by the GP" (a consultation) and "the bruise was seen by Mrs Jones" (the mark noticed
afterwards, with no fall or slip in the sentence) are not. What someone is reported as saying
("She said Mr Patel saw it") is their claim, not a witness, unless staff said it; an account
is someone's reported words about how it happened ("Mum said it happened at football"), not
denied, not asked, and naming a cause.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from school_log.indicators.clauses import CLAUSE_BREAK, _compile, _found, asserted, sentences
from school_log.indicators.lexicon import SAID, _words
from school_log.model import Concern

_SAID = _compile(SAID)
AUTHOR = "the author"
"""Who saw it when the author writes "I saw it happen" (the form fills in their own name)."""

#: A member of staff, as authors name them: a title and a name, or a role. Not a doctor, a nurse or a
#: first aider: "seen by the GP" is a consultation, not a witness.
STAFF = _words(
    r"(?:mr|mrs|ms|miss|mx)\.? (?-i:[A-Z])[\w'-]*",
    r"(?:the |a |an |his |her |their |two |both |other |another |one of the )?"
    r"(?:(?:pe|class|form|cover|supply|swimming|games|duty|nursery|reception|year \d{1,2}|music|dance|drama|"
    r"sports?|football|netball|hockey|rugby|gym|forest school) )?"
    r"(?:teachers?|tas?|teaching assistants?|lsas?|coach(?:es)?|supervisors?|instructors?|lifeguards?|referees?|"
    r"key ?workers?|practitioners?|staff|members? of staff|staff members?|mdsas?|head ?teacher|head|"
    r"deputy(?: head)?|senco|caretaker|site manager)",
    r"(?:the |a |an |two |one of the )?(?:lunchtime|midday|dinner|playground|breakfast club|after-?school club) "
    r"(?:supervisors?|staff|ladies|lady|assistants?|organisers?)",
    r"miss",
    r"sir",
)
_STAFF = _compile(STAFF)
_ME = r"me|us|myself"
#: What is seen when an injury is seen happen ("saw the fall", "saw her go down").
_SEEN_HAPPEN = (
    r"(?:(?:it|this|that|the (?:fall|tackle|collision|accident|incident|whole thing|clash|trip|slip))\b"
    r"(?! (?:was|were|had|on|when)\b)"
    r"|(?:him|her|them|it|both of them) (?:happen|go down|fall|trip|slip|slide|land|collide|bump|bang|crash|get hit))"
)
#: "Seen by the PE teacher", "witnessed by two midday supervisors".
_SEEN_BY = _compile(rf"(?:seen|witnessed|watched|observed) (?:happen(?:ing)? )?by (?P<who>{STAFF}|{_ME})")
#: "Mr Patel saw it happen", "I saw her go down", "she saw it" (staff passing on what they saw).
_SAW = _compile(rf"(?P<who>{STAFF}|I|we|he|she) (?:also |both )?(?:saw|watched|witnessed) {_SEEN_HAPPEN}")
#: "It happened in front of the TA".
_IN_FRONT = _compile(rf"happened (?:right )?in front of (?P<who>{STAFF}|{_ME})")
#: The author's own ways of saying they saw it: "I was refereeing and saw it", "I was right behind her".
_AUTHOR_SAW = _compile(rf"and saw {_SEEN_HAPPEN}|I was (?:right )?(?:behind|beside|next to|with) (?:him|her|them)")
#: Something happening, for "seen by": "the bruise was seen by Mrs Jones" has none (the mark noticed later).
_EVENT = _compile(
    _words(
        r"fell",
        r"fall(?:s|en|ing)?",
        r"slip\w*",
        r"trip\w*",
        r"collid\w*",
        r"crash\w*",
        r"tackl\w*",
        r"bang\w*",
        r"bump(?:ed)? (?:into|against|heads)",
        r"knock\w*",
        r"caught",
        r"hit",
        r"landed",
        r"twist\w*",
        r"accident",
        r"incident",
        r"happen\w*",
        r"went (?:over|down|flying)",
        r"(?:ran|walked|run) into",
    )
)


@dataclass(frozen=True)
class Witness:
    """Who the narrative says saw the injury happen, and the sentence that says so."""

    who: str  # "the PE teacher", "Mr Patel", or AUTHOR
    sentence: str

    @property
    def quoted(self) -> str:
        """As the review writes a witness it read: "the PE teacher ('He slipped, seen by the PE teacher.')"."""
        return f"{self.who} ('{self.sentence}')"


@dataclass(frozen=True)
class Account:
    """How the narrative says someone explained the injury: who ("child", "parent", "carer") and their words."""

    by: str
    words: str
    sentence: str


def _staff_said(sentence: str, at: int, previous: str) -> str | None:
    """Who passes on the words at `at`: "" when nobody does (the author's own), the speaker when a member of
    staff or the author does, None when someone else does ("She said Mr Patel saw it": her claim)."""
    said = [m for m in _SAID.finditer(sentence[:at]) if asserted(sentence, m)]
    if not said:
        return ""
    speaker = _speaker(sentence, said[-1], previous).strip()
    if re.fullmatch(r"I|we", speaker, re.IGNORECASE):
        return AUTHOR
    staff = _STAFF.search(speaker)
    return staff.group().strip() if staff else None


def _who(named: str, passed_on: str) -> str | None:
    """The witness a match names: the author for "me" or "I" (or the member of staff quoted saying "I saw it"),
    the member of staff passing it on for "he" or "she" (None when only the author could be meant)."""
    pronoun = named.casefold()
    if pronoun in ("me", "us", "myself"):
        return AUTHOR if passed_on in ("", AUTHOR) else None
    if pronoun in ("i", "we"):
        return passed_on or AUTHOR
    if pronoun in ("he", "she"):
        return passed_on if passed_on not in ("", AUTHOR) else None
    return named.strip()


#: A mark noticed rather than an injury seen happen: "the bruise was seen by...".
_MARK = _compile(
    _words(
        r"bruis\w*",
        r"marks?",
        r"graze[sd]?",
        r"cuts?",
        r"scratch\w*",
        r"burns?",
        r"swelling",
        r"lumps?",
        r"bumps?",
        r"injur\w*",
        r"rash",
    )
)


def _happening(sentence: str, seen: re.Match[str], previous: str) -> bool:
    """ "Seen by" is a witness when something happens in its sentence, or in the one before when no mark is what
    was seen ("Collided with another child; witnessed by two midday supervisors")."""
    if _EVENT.search(sentence):
        return True
    return bool(_EVENT.search(previous)) and not _MARK.search(sentence[: seen.start()])


def witness(what_happened: str) -> Witness | None:
    """The first member of staff (or the author) the narrative says saw the injury happen, or None."""
    previous = ""
    for sentence in sentences(what_happened):
        before, previous = previous, sentence
        for pattern in (_SEEN_BY, _SAW, _IN_FRONT, _AUTHOR_SAW):
            found = _found(pattern, sentence)
            if found is None:
                continue
            if pattern is _SEEN_BY and not _happening(sentence, found, before):
                continue
            passed_on = _staff_said(sentence, found.start(), before)
            if passed_on is None:
                continue
            who = _who(found.groupdict().get("who") or "I", passed_on)
            if who:
                return Witness(who, sentence)
    return None


_PARENT_SPEAKER = re.compile(r"\b(?:mum|mummy|mom|mother|dad|daddy|father|parents?|step-?(?:mum|dad))\b", re.IGNORECASE)
_CARER_SPEAKER = re.compile(
    r"\b(?:carer|foster|gran|granny|nan|nana|grandma|grandad|aunt|auntie|uncle)\b", re.IGNORECASE
)
_CHILD_SPEAKER = re.compile(r"\b(?:he|she|they)\b|^\s*[A-Z][a-z]+\s*$")


def _speaker(sentence: str, verb: re.Match[str], previous: str) -> str:
    """Who a reporting verb's words are: the words before it in its clause, or, with the subject left out at
    the start of a sentence ("Sam has a scratch on her cheek; said the kitten did it"), the subject of the
    sentence before."""
    speaker = CLAUSE_BREAK.split(sentence[: verb.start()])[-1]
    if speaker.strip() or sentence[: verb.start()].strip():
        return speaker
    subject = previous.split(maxsplit=1)[0] if previous.strip() else ""
    return "" if subject.casefold() in _NOT_A_SUBJECT else subject


#: First words of a sentence that are not who it is about.
_NOT_A_SUBJECT = frozenset("the a an this that these those there it i we when at in on after before".split())


def who_explained(what_happened: str) -> str:
    """Who the narrative says gave the account ("Mum said it was a hot bath" -> "parent"; "She said she fell"
    -> "child"), from the first sentence that reports one; "other" when it cannot tell."""
    previous = ""
    for sentence in sentences(what_happened):
        before, previous = previous, sentence
        for said in _SAID.finditer(sentence):
            if not asserted(sentence, said):
                continue
            speaker = _speaker(sentence, said, before)
            if _PARENT_SPEAKER.search(speaker):
                return "parent"
            if _CARER_SPEAKER.search(speaker):
                return "carer"
            if _CHILD_SPEAKER.search(speaker):
                return "child"
    return "other"


#: Another person's account reported as the same one: "Dad told me the same", "same as mum's email".
_SAME = re.compile(r"\b(?:the same|same as|same (?:story|account|thing))\b", re.IGNORECASE)
#: The ways staff write that a parent or the child gave an account, beyond `SAID`: by email, phone or text.
_TOLD = _compile(_words(SAID, r"emailed", r"phoned", r"rang", r"texted", r"messaged", r"agreed", r"confirmed"))
#: Words an account shares with any other, so sharing them is no sign of the same account.
_COMMON = frozenset(
    """that this with from they them then when what have were been into onto over said says told tell just
    about their there some also very really fell fall falls falling hurt hurts bump bumped bang banged knock
    knocked bruise bruised bruises mark marks accident home school weekend yesterday morning night today
    emailed phoned didn know""".split()
)


def _side(speaker: str) -> str:
    """Whose account a reporting verb's speaker gives: "adult" (a parent or carer), "child", or ""."""
    if _PARENT_SPEAKER.search(speaker) or _CARER_SPEAKER.search(speaker):
        return "adult"
    return "child" if _CHILD_SPEAKER.search(speaker) else ""


def told_alike(concern: Concern) -> str:
    """The sentence in which the narrative has the child and a parent/carer give the same account, or "".

    A busy author ticks one "explained by" box and writes the other account in the narrative: "Dad told me
    the same at drop-off", "Mum says the kitten scratches everyone", "Mum had emailed that he might have
    bruises from judo". An account counts when it is reported (not denied, not asked) and says "the same" or
    shares a telling word with a mark's explanation; the box's own account is the other side. Accounts that
    differ are never made alike here: the review compares those first.
    """
    boxed: set[str] = set()
    words: set[str] = set()
    for mark in concern.body_marks:
        if mark.explanation.strip() and mark.explained_by in ("child", "parent", "carer"):
            boxed.add("child" if mark.explained_by == "child" else "adult")
            words |= {w for w in re.findall(r"[a-z]{4,}", mark.explanation.casefold()) if w not in _COMMON}
    if not boxed:
        return ""
    shared = _compile(_words(*sorted(map(re.escape, words)))) if words else None
    previous = ""
    for sentence in sentences(concern.what_happened):
        before, previous = previous, sentence
        for told in _TOLD.finditer(sentence):
            side = _side(_speaker(sentence, told, before)) if asserted(sentence, told) else ""
            rest = sentence[told.start() :]
            if side and side not in boxed and (_found(_SAME, rest) or (shared and _found(shared, rest))):
                return sentence
    return ""


#: The ways staff write that someone gave an account of how it happened.
_GAVE = _compile(
    _words(
        r"said",
        r"says",
        r"told",
        r"tells",
        r"explained",
        r"mentioned",
        r"reported",
        r"wrote",
        r"emailed",
        r"phoned",
        r"rang",
        r"texted",
        r"messaged",
    )
)
#: What comes between a reporting verb and the account: "told me that", "emailed to say", "said:".
_LEAD_IN = re.compile(
    r"^(?:\s*(?:to )?(?:me|us|staff|the office|the teacher|him|her)\b)?"
    r"(?:\s*(?:on the phone|by (?:email|phone|text)|at (?:drop-off|pick-up|the gate|the door)|this morning))?"
    r"(?:\s*(?:that|to say|:))?\s*",
    re.IGNORECASE,
)
#: How it happened: an account names a cause ("fell", "at football", "the dog"), not any words ("she'd be late").
_CAUSE = _compile(
    _words(
        r"fell",
        r"fall(?:s|en|ing)?",
        r"slip\w*",
        r"trip\w*",
        r"bang\w*",
        r"bump\w*",
        r"knock\w*",
        r"hit",
        r"happened",
        r"did (?:it|this|that)",
        r"caught",
        r"scratch\w*",
        r"bit",
        r"bitten",
        r"burn\w*",
        r"scald\w*",
        r"(?:ran|walked|run) into",
        r"crash\w*",
        r"collid\w*",
        r"landed",
        r"dropped",
        r"twist\w*",
        r"playing",
        r"accident",
        r"fight\w*",
        r"from",
        r"(?:do(?:n'?t| not)|didn'?t|doesn'?t) know",
    )
)
_AND = re.compile(r"\band\b", re.IGNORECASE)


def _said_here(sentence: str, verb: re.Match[str]) -> bool:
    """The account is said, not denied nor asked, reading from the last "and" before it: in "I asked what
    happened and she said she fell" the question is staff's, the account hers."""
    start = max((m.end() for m in _AND.finditer(sentence, 0, verb.start())), default=0)
    rest = sentence[start:]
    again = _GAVE.search(rest, verb.start() - start)
    return again is not None and asserted(rest, again)


def account(what_happened: str) -> Account | None:
    """The first account of how it happened the narrative has the child, a parent or a carer give, or None."""
    previous = ""
    for sentence in sentences(what_happened):
        before, previous = previous, sentence
        for verb in _GAVE.finditer(sentence):
            by = _explainer(_speaker(sentence, verb, before))
            if not by or not _said_here(sentence, verb):
                continue
            words = _LEAD_IN.sub("", sentence[verb.end() :], count=1).strip().strip("\"'“”‘’").rstrip(".!").strip()
            words = words.strip("\"'“”‘’").strip()
            if words and _CAUSE.search(words):
                return Account(by, words, sentence)
    return None


def _explainer(speaker: str) -> str:
    """Who gives an account, as the mark's "explained by" box says it: "parent", "carer", "child" or ""."""
    if _PARENT_SPEAKER.search(speaker):
        return "parent"
    if _CARER_SPEAKER.search(speaker):
        return "carer"
    return "child" if _CHILD_SPEAKER.search(speaker) else ""


def heard(concern: Concern) -> Concern:
    """The concern as its words tell it: boxes the author left empty filled from what they wrote, quoted.

    A witness named only in the narrative ("I saw it happen", "seen by the PE teacher") witnesses the marks
    nobody is recorded as seeing, quoting the sentence; an explanation written with nobody named as giving it is
    an account all the same, given by whoever the narrative says told it (`who_explained`); a mark with no
    explanation at all takes the account the narrative reports (`account`). What a box says is never overridden.
    """
    marks = concern.body_marks
    seen = witness(concern.what_happened) if any(not m.witnessed_by.strip() for m in marks) else None
    nobody = [m for m in marks if m.explained_by == "none"]
    speaker = who_explained(concern.what_happened) if any(m.explanation.strip() for m in nobody) else ""
    told = account(concern.what_happened) if any(not m.explanation.strip() for m in nobody) else None
    out = []
    for mark in marks:
        if seen and not mark.witnessed_by.strip():
            mark = replace(mark, witnessed_by=seen.quoted)
        if mark.explained_by == "none" and mark.explanation.strip():
            mark = replace(mark, explained_by=speaker)
        elif mark.explained_by == "none" and told:
            mark = replace(mark, explanation=told.words, explained_by=told.by)
        out.append(mark)
    marks_heard = tuple(out)
    return concern if marks_heard == marks else replace(concern, body_marks=marks_heard)
