"""The indicator reader's lexicon: the words each family of concern is said in, written from practice.

Sources: KCSIE part one, Working Together 2023, NSPCC case-review learning, the local partnerships' bruising
protocols. Each table is a regular expression's alternatives; `reader` compiles them whole-word and case-blind.
"""

from __future__ import annotations

import re


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
