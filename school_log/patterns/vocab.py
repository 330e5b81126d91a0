"""What the pattern rules match against, and how much each flag weighs.

Shared by the rules and by the screens that explain them, so a route's wording
or a flag's weight is written once.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from types import MappingProxyType

#: Flags about time passing, not about the child; alone they only prompt "review".
OVERDUE_CODES: frozenset[str] = frozenset({"decision-overdue", "follow-up-overdue"})
#: Flags that prompt "consider referral" on a single occasion, whatever the strength.
SERIOUS_CODES: frozenset[str] = frozenset(
    {
        "urgent",
        "referral-route",
        "protected-site-bruise",
        "patterned-injury",
        # What the words say (`school_log.indicators.reader.FAMILIES`): routes on the first occasion.
        "disclosure",
        "domestic-abuse-witnessed",
        "online-grooming",
        "unsafe-care",
        "adult-load",
        "exploitation-missing",
        "non-mobile-baby",
        "whereabouts-unknown",
        "fgm-told",
        "honour-based",
        "indecent-image",
        "private-fostering",
        "immediate-danger",
    }
)

#: Categories that call for a route even on a single occasion, and the route.
REFERRAL_ROUTES: Mapping[str, str] = MappingProxyType(
    {
        "fgm": "FGM: mandatory report to police (teacher's personal duty, girl under 18)",
        "radicalisation": "Prevent / Channel referral",
        "sexual": "Sexual abuse: children's social care; police if a crime may have been committed",
        "cse": "Child sexual exploitation: children's social care and police",
        "cce": "Child criminal exploitation: children's social care and police",
        "forced-marriage": "Forced marriage: police and children's social care; do not contact the family",
        "honour-based-abuse": ("Honour-based abuse: police and children's social care; do not contact the family"),
    }
)

#: TEN-4-FACESp (Pierce et al. 2021) protected sites, as tokens of kebab-case region ids.
#: A region id is split on "-" ("face-left-cheek" -> face, left, cheek). It is protected if
#: it contains a multi-word entry as a run ("shoulder-blade"), or otherwise contains a
#: single-word entry and no `NOT_PROTECTED_TOKENS` word (so "back-of-hand" and
#: "back-of-head" are not "back"; "forearm" is a token, so it never matches "ear").
#: Matches every school_log.body_regions id: eyes, ears, cheeks, mouth, jaws, neck-front/back,
#: chests, flanks, abdomen, hips, genital-area, shoulder-blades, upper/lower-back, buttocks.
PROTECTED_SITES: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "ear": ("ear", "ears", "earlobe"),  # E
        "neck": ("neck",),  # N
        "frenulum": ("frenulum", "mouth", "lip", "lips"),  # F (the frenulum sits inside the lips)
        "angle of jaw": ("jaw",),  # A
        "cheek": ("cheek", "cheeks"),  # C
        "eyelid or eye": ("eye", "eyes", "eyelid", "eyelids"),  # E, S (subconjunctivae)
        # T: torso = chest, abdomen, back, buttocks, genitourinary area and hip.
        # Checked last, so "back-of-neck" reads as the neck.
        "torso": (
            "shoulder-blade",
            "chest",
            "abdomen",
            "abdominal",
            "stomach",
            "tummy",
            "belly",
            "torso",
            "trunk",
            "flank",
            "rib",
            "ribs",
            "back",
            "buttock",
            "buttocks",
            "genital",
            "genitals",
            "groin",
            "hip",
            "hips",
        ),
    }
)
#: Region words that make an id *not* protected even with a torso word in it.
NOT_PROTECTED_TOKENS: frozenset[str] = frozenset(
    {
        "head",
        "scalp",
        "forehead",
        "nose",
        "chin",
        "shoulder",
        "arm",
        "elbow",
        "forearm",
        "wrist",
        "hand",
        "palm",
        "finger",
        "fingers",
        "thumb",
        "leg",
        "thigh",
        "knee",
        "shin",
        "calf",
        "ankle",
        "foot",
        "feet",
        "heel",
        "sole",
        "toe",
        "toes",
    }
)
#: Mark types TEN-4-FACESp treats as bruising. "mark" counts: staff often cannot tell a
#: bruise from a red mark, and a child this young cannot say.
BRUISE_TYPES: frozenset[str] = frozenset({"bruise", "mark"})
#: Words in a mark's shape that suggest an implement or a hand (the "p" of TEN-4-FACESp).
PATTERN_SHAPE_WORDS: tuple[str, ...] = ("fingertip", "finger", "hand", "slap", "loop", "cord", "belt", "bite")
#: A patterned mark whose account fits the pattern is weighed by that account, not as a route on its own
#: (NICE CG89 suspects a *human* bite "unlikely to have been caused by a young child", and grip marks
#: with no suitable explanation). A bite from an animal named in its account or shape:
ANIMAL_BITE_WORDS = re.compile(
    r"\b(?:dogs?|pupp(?:y|ies)|cats?|kittens?|hamsters?|rabbits?|guinea pigs?|horses?|pon(?:y|ies)|ferrets?|rats?|"
    r"mice|parrots?|gerbils?)\b",
    re.IGNORECASE,
)
#: A human bite a young child made, by what staff wrote of its shape (its size is `CHILD_BITE_MM`).
CHILD_BITE_WORDS = re.compile(r"\bchild-?sized\b|\b(?:small|milk|baby) teeth\b|\btoddler'?s?\b", re.IGNORECASE)
#: A bite said to be an adult's: never a young child's, whatever else its record says.
ADULT_BITE_WORDS = re.compile(r"\badult\b|\bgrown-?up\b|\blarge\b", re.IGNORECASE)
#: An adult's bite spans 3 cm or more between the canines; a bite measured smaller is a young child's.
CHILD_BITE_MM = 30
#: Grip marks a grappling sport makes: a hold on the sleeve or upper arm is how these sports are played.
GRIP_SPORT_WORDS = re.compile(r"\b(?:judo|jiu-?jitsu|ju-?jitsu|wrestl\w*|grappl\w*|aikido|sambo)\b", re.IGNORECASE)
#: Words in what happened (or the child's words) that suggest neglect, matched at a word start.
NEGLECT_WORDS = re.compile(
    r"\b(?:hunger|hungry|starv|food|bins?\b|\w*weight|hygiene|smell|tired|asleep|unkempt)",
    re.IGNORECASE,
)
#: Words of a child missing education: not seen, no contact, or "home education" claimed (matched at a word start).
CME_WORDS = re.compile(
    r"\b(?:not (?:been )?seen (?:for|since)|absent (?:for|since|all)|no contact|(?:phones?|numbers?) (?:off|dead|"
    r"disconnected|not answering|unobtainable|goes? to voicemail)|not answering|moved away|left the (?:area|country)|"
    r"whereabouts|home[- ]educat\w*|elective home|deregist\w*|taken off roll|off[- ]rolled)",
    re.IGNORECASE,
)
#: Decisions and referral outcomes after which new concerns mean "think again".
LOW_DECISIONS: Mapping[str, str] = MappingProxyType(
    {"monitor": "the decision to monitor", "no-further-action": "the decision of no further action"}
)
LOW_REFERRAL_OUTCOMES: Mapping[str, str] = MappingProxyType(
    {
        "no-further-action": "the referral came back no further action",
        "stepped-down": "the case was stepped down",
    }
)
#: Words in an explanation that mean there is no account ("don't know" is not an explanation).
UNSURE_WORDS = re.compile(
    r"\b(?:do(?:n'?t| not) know|dunno|no idea|not sure|unsure|can'?t remember|cannot remember|doesn'?t know)\b",
    re.IGNORECASE,
)
#: A burn or scald fits its account only if the account names a source of heat.
HEAT_TYPES: frozenset[str] = frozenset({"burn", "scald"})
HEAT_WORDS = re.compile(
    r"\b(?:hot|heat\w*|oven|hob|cooker|stove|kettle|iron\w*|radiator|fire|bonfire|candle|match\w*|sun|sunny"
    r"|sunburn\w*|boil\w*|steam\w*|tea|coffee|soup|bath|shower|friction|carpet|rope|grill|barbecue|bbq|toaster"
    r"|pan)s?\b",
    re.IGNORECASE,
)
#: Region-id runs rarely hurt by accident beyond the TEN-4-FACESp sites (`PROTECTED_SITES`).
RARE_SITE_RUNS: tuple[tuple[str, ...], ...] = (("upper", "arm"), ("thigh", "back"))
#: What a concern is about, for "the same nature again" after a decision: an injury (body
#: marks or "physical"), neglect (category or words), or one of these categories. Wellbeing
#: categories (emotional, mental health, attendance, other) and contexts (online,
#: child-on-child) are left out on purpose: a second worry about a sad child, or another
#: unkind message, after "no further action" is not on its own a pattern; what is
#: sexual or exploitative in them has its own category.
NATURE_CATEGORIES: frozenset[str] = frozenset(
    {
        "sexual",
        "domestic-abuse",
        "self-harm",
        "missing-education",
        "cse",
        "cce",
        "fgm",
        "forced-marriage",
        "honour-based-abuse",
        "radicalisation",
    }
)
