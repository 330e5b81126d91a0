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

Each family below lists its words; `read` is pure and cheap (a few regular expressions
per sentence), so the review reads only entries still awaiting a decision. Nothing is
cached here: what an entry says must go when the app locks and drops what it decrypted.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from school_log.model import ASKED, HURT_BY_WORDS, Concern, Notification

# --- The lexicon ---------------------------------------------------------------------------


def _words(*alternatives: str) -> str:
    return "(?:" + "|".join(alternatives) + ")"


#: Adults a child names at home or around them.
ADULT = _words(
    r"mum(?:my|mie)?",
    r"mom(?:my)?",
    r"mam",
    r"mother",
    r"dad(?:dy)?",
    r"father",
    r"step-?(?:dad|mum|father|mother)",
    r"(?:mum|mummy|dad|daddy|mother|father|nan|gran)'?s (?:new )?(?:boyfriend|girlfriend|partner|friend|husband|wife)",
    r"(?:her|his|my) (?:new )?(?:boyfriend|girlfriend|partner)",
    r"nan(?:a|na|ny)?",
    r"gran(?:ny|dma|dad|dpa)?",
    r"grand(?:ma|mother|pa|father|dad)",
    r"uncle",
    r"aunt(?:ie|y)?",
    r"carer",
    r"foster (?:carer|mum|dad)",
    r"parents?",
    r"grown-?ups?",
    r"(?:an? )?adults?",
)
#: Adults a child may name who are not family: harm by them to the child is a disclosure too.
OTHER_ADULT = _words(r"(?:a |the |this |that )?(?:man|men|lady|woman|teacher|coach|neighbour)")
#: What someone does to a child (or to another adult) that harms them.
HARM = _words(
    r"hit(?:s|ting)?",
    r"punch(?:es|ed|ing)?",
    r"kick(?:s|ed|ing)?",
    r"slap(?:s|ped|ping)?",
    r"smack(?:s|ed|ing)?",
    r"beat(?:s|en|ing)?",
    r"batter(?:s|ed|ing)?",
    r"whip(?:s|ped)?",
    r"strangl(?:es|ed|ing|e)",
    r"chok(?:es|ed|ing|e)",
    r"throttl(?:es|ed|e)",
    r"thr(?:ew|ows?) (?:me|her|him|us|them|things)",
    r"push(?:es|ed|ing)? (?:me|her|him)",
    r"shov(?:es|ed|e)",
    r"slam(?:s|med)? (?:me|her|him)",
    r"grab(?:s|bed)? (?:me|her|him) (?:by|round|around)",
    r"pull(?:s|ed|ing)? (?:my|her|his) hair",
    r"burn(?:s|ed|t)? (?:me|her|him)",
    r"bit(?:e|es)? (?:me|her|him)",
    r"hurt(?:s|ing)? (?:me|her|him|us|mum|mummy|dad)",
    r"lock(?:s|ed)? (?:me|her|him) (?:in|out)",
    r"(?:with|using) (?:a|the|his|her|a big) "
    r"(?:belt|buckle|spoon|wooden spoon|stick|slipper|cable|wire|shoe|hanger|lead)",
)
#: Someone on the receiving end who is an adult (domestic abuse the child saw or heard).
ADULT_VICTIM = _words(
    r"mum(?:my)?",
    r"mom",
    r"mother",
    r"dad(?:dy)?",
    r"nan",
    r"my mum",
    r"(?:his|her) (?:mum|mother|wife|girlfriend|partner)",
)
#: Signs in the child's words that the one harming them is an adult at home, when no adult is named.
HOME_CUES = _words(r"at home", r"drink(?:ing|s)?", r"drunk", r"when (?:i'?m|i am) naughty", r"tonight", r"in care")
#: Words that say a sentence is a story, a game or the television, not the child's life.
FICTION = _words(
    r"in (?:the|a|my|his|her) (?:game|story|film|movie|book|show|programme|cartoon|play|video)",
    r"in (?:roblox|minecraft|fortnite|gta|the sims)",
    r"retell\w*",
    r"the story",
    r"pretend\w*",
    r"on (?:the )?(?:tv|telly|news|television)",
    r"big bad wolf",
    r"playing (?:mums and dads|families|house|a game)",
    r"role-?play\w*",
)
#: Who a harm is done to, right after the words for it: the child (a sentence about "a lady" is not).
CHILD_OBJECT = re.compile(r"\b(?:me|my|myself|us|him|her|his|them)\b", re.IGNORECASE)
FIRST_PERSON = re.compile(r"\b(?:me|my|myself|us|our)\b", re.IGNORECASE)
#: A peer, not an adult: child-on-child harm has its own route and its own category.
PEER = _words(
    r"playground",
    r"in (?:my |the )?class",
    r"classmate",
    r"(?:boy|girl|kid|child)s? (?:in|from)",
    r"friends?",
    r"mates?",
    r"(?:my |his |her )?(?:big |little )?(?:brother|sister|cousin)",
)
#: Sexual harm a child tells of.
SEXUAL = _words(
    r"touch(?:es|ed|ing)? (?:my|me on my|me in my|her|his) (?:private|privates|willy|fanny|bottom|front bottom|"
    r"boobs|chest|down there)",
    r"private parts",
    r"makes? me (?:touch|watch|take (?:my|off))",
    r"comes? (?:in|into) (?:my|her|his) (?:room|bed)(?: at night)?",
    r"gets? into (?:my|her|his) bed",
    r"(?:does|did|do) (?:it |that |this |things )?to me",
    r"(?:rude|naked|sex) (?:pictures|photos|videos|films)",
)
#: The reporting verbs by which staff write what a child (or anyone) said.
SAID = _words(
    r"said",
    r"says",
    r"told",
    r"tells",
    r"disclosed",
    r"explained",
    r"whispered",
    r"wrote",
    r"mentioned",
    r"shouted",
    r"cried",
    r"reported",
    r"shared",
    r"confided",
)
NEGATION = re.compile(
    r"\b(?:not|never|no|nobody|no-one|none|nothing|neither|nor|without|denies|denied|deny|"
    r"didn'?t|doesn'?t|don'?t|isn'?t|wasn'?t|won'?t|hasn'?t|haven'?t|can'?t|cannot|couldn'?t|wouldn'?t)\b",
    re.IGNORECASE,
)
QUESTION = re.compile(r"\b(?:asked|ask|asking|wondered)\s+(?:\w+\s+)?(?:if|whether|who|how|what)\b", re.IGNORECASE)
#: Where a clause ends, for negation's reach: "she said no one hurt her, but dad hits her".
CLAUSE_BREAK = re.compile(r",|\bbut\b|\bthen\b|\bhowever\b|\balthough\b|\bthough\b|\bbecause\b|\bcos\b|[-–—:]")

ONLINE = _words(
    r"online",
    r"on(?: the)? (?:internet|game|app|chat|phone|ipad|tablet|xbox|playstation|ps\d)",
    r"game",
    r"gaming",
    r"app",
    r"roblox",
    r"fortnite",
    r"minecraft",
    r"discord",
    r"snapchat|snap",
    r"instagram|insta",
    r"tiktok",
    r"whatsapp",
    r"telegram",
    r"omegle",
    r"webcam",
    r"message[sd]?",
    r"dms?",
    r"chat(?:ting|s)?",
    r"met (?:him|her|them) on",
)
GROOMING = _words(
    r"(?:pics?|pictures?|photos?|images?|selfies?|videos?|nudes?) "
    r"(?:of (?:me|her|him|myself|herself|himself)|in (?:my|her|his) (?:underwear|pants|pyjamas|bra))",
    r"nudes?",
    r"(?:asks?|asked|asking|wants?|wanted) (?:me |her |him )?(?:for|to send|to take|to show)",
    r"our (?:little )?secret",
    r"keep (?:it|this|us|him|her) (?:a )?secret",
    r"(?:don'?t|not to) tell (?:anyone|my mum|my dad|your|her|his)",
    r"(?:sent|sends|gave|gives|bought|buys) (?:me |her |him )?(?:money|gifts?|presents?|vouchers?|v-?bucks|robux|"
    r"gift cards?|credit|a phone)",
    r"meet (?:up|him|her|in person)",
    r"camera (?:in|into) (?:my|her|his|the) (?:bedroom|room)",
    r"(?:put|set up|sets up|move|point) (?:a |the |my |her |his )?(?:camera|webcam|phone|ipad|tablet) "
    r"(?:in|into|up in|on) (?:my|her|his|the) (?:bedroom|room)",
    r"watch(?:es|ing)? me (?:get changed|in bed|before bed|sleep|undress)",
    r"live ?stream",
    r"boyfriend (?:online|on)",
)
INTOXICATED = _words(
    r"drunk",
    r"intoxicated",
    r"smell(?:ed|ing|t|s)? (?:strongly )?(?:of )?(?:alcohol|drink|cannabis|weed)",
    r"slurr(?:ing|ed)",
    r"unsteady",
    r"staggering|stumbling|swaying",
    r"under the influence",
    r"high on",
    r"could(?: not|n'?t) (?:stand|walk|speak)",
    r"incoherent",
    r"pupils? (?:were )?pinned",
    r"didn'?t (?:seem to )?recogni[sz]e",
    r"not (?:seem to )?recogni[sz]e",
    r"nodding off",
    r"couldn'?t remember which child",
)
UNSAFE_ACTS = _words(
    r"dr(?:o|i)ve (?:off|away)",
    r"drove (?:off|away)",
    r"got (?:in|into) (?:the|a|his|her) car",
    r"police (?:were |was )?called",
    r"called the police",
    r"(?:999|dialled)",
    r"immediate danger",
    r"refus(?:ed|es)? to (?:hand|let)",
)
COLLECTION = _words(
    r"collect(?:ion|ed|ing)?", r"pick(?:ed)?[- ]up", r"school gate", r"the gate", r"reception", r"home time"
)
ALONE_IN_CHARGE = _words(
    r"left (?:alone|on (?:my|his|her|their) own|in charge)",
    r"(?:looking|looked|look) after (?:the|my|his|her) (?:baby|little|younger|sister|brother|siblings?)",
    r"(?:look|looks|looking|looked) after (?:mum|mummy|dad|daddy|my mum|my dad)",
    r"sole charge",
    r"on (?:my|his|her) own with (?:the|my|his|her) (?:baby|sister|brother)",
    r"home alone",
    r"(?:up|awake) all night with",
    r"(?:went|goes|go) out and (?:didn'?t|did not|never) come (?:back|home)",
    r"(?:do|did|doing|make|made|making) (?:the |\w+'s |his |her )?(?:baby'?s? )?(?:bottles|feeds|nappies)",
)
ALONE_WHEN = _words(
    r"overnight",
    r"all night",
    r"(?:the |last |at )?night",
    r"all weekend",
    r"(?:for )?(?:two|three|four|several|\d+) (?:days|nights)",
    r"till (?:the )?morning",
    r"until (?:the )?morning",
    r"didn'?t come (?:home|back)",
    r"did not come (?:home|back)",
    r"(?:baby|brother|sister)",
)
PARENT_CRISIS = _words(
    r"overdose[ds]?",
    r"took (?:too many|all (?:her|his|the)) (?:tablets|pills)",
    r"(?:wouldn'?t|would not|couldn'?t|could not|won'?t) wake(?: up)?",
    r"unrousable",
    r"passed out",
    r"unconscious",
    r"not breathing",
    r"(?:wants?|wanted|going) to (?:die|kill (?:her|him)self|end it)",
    r"suicid\w*",
    r"keep (?:mum|mummy|dad|daddy|her|him) safe",
    r"hide (?:the |her |his |mum'?s |dad'?s )?(?:tablets|pills|knives|medicine)",
    r"call(?:ed)? (?:an|the) ambulance",
    r"found (?:mum|mummy|dad|daddy|her mum|his mum|her dad|his dad|my mum|my dad)",
)
MISSING = _words(
    r"missing",
    r"reported missing",
    r"runaway|ran away|run away",
    r"found (?:\w+ )?(?:in|at|by)",
    r"located",
    r"picked up by (?:the )?police",
    r"stopped by (?:the )?police",
    r"travelling alone",
    r"stopped (?:on|at|in|by)",
)
DRUGS = _words(
    r"drugs?",
    r"county lines?",
    r"cuckoo\w*",
    r"trap ?house",
    r"dealing",
    r"cannabis|crack|heroin|cocaine",
    r"wraps",
    r"(?:two|2|several|multiple|three) (?:mobile )?phones",
    r"(?:large amount of|a lot of|£\d[\d,]*(?: in)?) (?:cash|money)",
    r"burner",
)
BABY = _words(
    r"baby",
    r"newborn",
    r"infant",
    r"\d{1,2}[- ](?:week|month)[- ]old",
    r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven) ?[- ](?:week|month)[- ]old",
)
BRUISE = _words(r"bruis\w*", r"(?:red |purple |blue )?marks? on", r"black eye", r"swelling", r"swollen")
NOT_A_BRUISE = re.compile(r"\bbirth ?marks?\b|\bmongolian\b|\bstork\b|\bstrawberry\b", re.IGNORECASE)
_AGE_WORD = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11,
}  # fmt: skip
#: Exploitation beyond drugs: found with adults who are not family, where a child should not be.
WITH_ADULTS = _words(
    r"(?:two |three |several |older |adult )+(?:adult )?(?:men|males|man)", r"alcohol", r"older (?:boyfriend|man)"
)
#: A child's whereabouts unknown to those caring for them (missing from home and from education).
WHEREABOUTS = _words(
    r"(?:neither parent|no one|nobody) knows? where (?:he|she|they) (?:is|are)",
    r"(?:doesn'?t|does not|don'?t|do not) know where (?:he|she|they) (?:is|are)",
    r"sofa[- ]surfing",
    r"(?:pushed|kicked|thrown) out (?:of|at) home",
)
#: Told of FGM: "they cut me down there"; the words the law and the guidance use.
FGM_WORDS = _words(
    r"cut (?:me|her) (?:down there|there|between (?:my|her) legs)",
    r"(?:down there|private parts?)[^.]{0,30}\bcut",
    r"fgm",
    r"female (?:genital )?(?:mutilation|circumcision|cutting)",
)
#: Violence or control in the name of a family's honour.
HONOUR = _words(
    r"(?:brought|bring|bringing) shame", r"shame on (?:the|our|her|his) family", r"dishonou?r\w*", r"family'?s? honou?r"
)
#: An indecent image of a child taken or shared (UKCIS: a criminal offence, for the police).
INDECENT_IMAGE = _words(
    r"(?:photo|picture|pic|video|image)s? (?:up|under) (?:her|my|his) (?:skirt|dress)",
    r"up-?skirt\w*",
    r"(?:nudes?|naked (?:photos?|pictures?|pics|images?)) (?:of (?:her|me|him) )?(?:\w+ )?"
    r"(?:sent|shared|posted|passed) round",
    r"(?:sent|shared|posted) (?:round|around)[^.]{0,30}(?:nude|naked)",
)
#: Living with someone who is not a close relative: private fostering after 28 days (the LA must be told).
PRIVATE_HOST = re.compile(
    r"\b(?:living|staying|lives|live|stays|stay|moved in) (?:with|at) (?:(?:a|her|his|my|mum'?s|dad'?s|the) )?"
    r"(?:(?:family )?friend|friends|neighbour|family friend|(?!(?i:dad|mum|nan|gran|nanny|nana|grandad|grandma|"
    r"auntie|aunt|uncle|cousin|sister|brother|father|mother)'s)[A-Z][a-z]+'s)\b",
)
PRIVATE_LONG = _words(
    r"since (?:the )?(?:summer|september|october|november|december|january|february|march|april|may|june|july|"
    r"august|christmas|easter|half-?term|\w+ half-?term|last \w+)",
    r"for (?:weeks|months|\w+ (?:weeks|months))",
    r"(?:months|weeks) now",
    r"now\b",
    r"abroad|in (?:spain|another country|prison|hospital)",
    r"(?:had to|has|went) (?:go )?away",
    r"not a relative",
)
#: Frightened of an adult at home, or of going home.
FRIGHTENED = re.compile(
    r"\b(?:frightened|scared|terrified|afraid) (?:of (?:going home|(?:mum|dad|mummy|daddy)'?s? (?:new )?"
    r"(?:partner|boyfriend|girlfriend)|(?:his|her|my) (?:step-?dad|stepfather|dad|mum)|[A-Z][a-z]+\b)|to go home)"
    r"|\b(?:doesn'?t|does not|don'?t|do not) want to go home\b",
)

#: A baby this young (in months) does not move about by themselves: the partnerships' non-mobile protocols.
NON_MOBILE_MONTHS = 6


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

_SENTENCE = re.compile(r"[^.!?;\n]+[.!?]*")


def _compile(pattern: str) -> re.Pattern[str]:
    return re.compile(r"\b" + pattern + r"\b", re.IGNORECASE)


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


def sentences(text: str) -> Iterator[str]:
    for match in _SENTENCE.finditer(text):
        sentence = match.group().strip()
        if sentence:
            yield sentence


def asserted(sentence: str, match: re.Match[str]) -> bool:
    """The words at `match` are said, not denied nor asked: no negation before them in their clause."""
    before = sentence[: match.start()]
    clause = CLAUSE_BREAK.split(before)[-1]
    return not NEGATION.search(clause) and not QUESTION.search(clause) and not sentence.rstrip().endswith("?")


def _found(pattern: re.Pattern[str], sentence: str) -> re.Match[str] | None:
    """The first asserted match of `pattern` in `sentence`."""
    return next((m for m in pattern.finditer(sentence) if asserted(sentence, m)), None)


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


# --- Offering the form's questions -----------------------------------------------------------------

#: The concern form's question each family of words answers, and the question in a teacher's words.
QUESTIONS: Mapping[str, tuple[str, str]] = MappingProxyType(
    {
        "disclosure": ("hurt_by", "The child said someone hurt them"),
        "immediate-danger": ("immediate_danger", "Police called, or someone is in immediate danger"),
        "unsafe-care": ("immediate_danger", "Police called, or someone is in immediate danger"),
        "frightened-at-home": ("frightened_to_go_home", "The child is frightened to go home"),
        "non-mobile-baby": ("household_child_affected", "A baby or another child at home is affected"),
    }
)


@dataclass(frozen=True)
class Offer:
    """A question the words answer that the form has not: "This sounds like a disclosure — tick it?"."""

    field: str  # the concern form's field
    question: str
    indicator: Indicator

    @property
    def text(self) -> str:
        return f"This sounds like {self.indicator.family.what} ({self.indicator.text}). Tick '{self.question}'?"


def offers(concern: Concern) -> list[Offer]:
    """The form's questions the concern's words answer but its boxes do not, one per question, in form order."""
    found: dict[str, Offer] = {}
    for hit in read(concern):
        field, question = QUESTIONS.get(hit.code, ("", ""))
        if field and hit.source != "the form's answer" and not getattr(concern, field):
            found.setdefault(field, Offer(field, question, hit))
    return [found[name] for name in ASKED if name in found]


__all__ = [
    "FAMILIES",
    "QUESTIONS",
    "Family",
    "Indicator",
    "Offer",
    "offers",
    "read",
    "sentences",
]
