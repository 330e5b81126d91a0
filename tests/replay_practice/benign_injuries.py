"""Benign families: marks on children that have an ordinary cause, many of them hard to tell apart on paper.

Each of these is the everyday business of a school's log: accidents staff saw, sports
injuries, known health conditions under a care plan (eczema, a bleeding disorder,
osteogenesis imperfecta), a birthmark on a nursery child recorded at entry ("since
birth, in the red book" - congenital dermal melanocytosis is named in every LSCP
bruising protocol as a mark not to mistake), two different marks each with its own
consistent explanation, and home accidents the child and the parent describe alike.
A DSL reading these would monitor or close them, not refer.
"""

from __future__ import annotations

from tests.replay_practice.story import Cast, Step, concern, family, mark, on_file, with_record, years


@family(
    "witnessed-accidents",
    escalating=False,
    hard=True,
    count=10,
    years=(years("1", "6"), years("7", "10"), ("N", "R")),
    summary="Two or three accidents in a month, each seen by a member of staff as it happened (the witness "
    "often named only in the narrative)",
)
def witnessed_accidents(c: Cast) -> list[Step]:
    k = c.k
    if c.v % 3 == 0:
        midday, duty = c.staff("midday"), c.staff("class")
        return [
            concern(
                0,
                "12:50",
                "midday",
                f"{k.name} tripped over the edge of the mat by the climbing frame and banged {k.his} forehead on the "
                f"frame. I saw it happen. Ice pack, bump about 3cm. Head bump letter sent home and mum phoned.",
                about=k,
                where="KS2 playground",
                marks=[
                    mark(
                        "forehead",
                        "swelling",
                        size=30,
                        colour="red",
                        explanation="tripped on the climbing frame mat",
                        by="child",
                        seen=f"{midday} (midday)",
                    )
                ],
                close=True,
            ),
            concern(
                9,
                "10:55",
                "class",
                f"{k.name} fell running for the ball at break and grazed both knees. I was on duty and saw {k.him} go "
                "down. Cleaned and plasters.",
                about=k,
                where="playground",
                marks=[
                    mark(
                        "left-knee-front",
                        "graze",
                        size=20,
                        explanation="fell running at break",
                        by="child",
                        seen=f"{duty} (duty)",
                    ),
                    mark(
                        "right-knee-front",
                        "graze",
                        size=15,
                        explanation="fell running at break",
                        by="child",
                        seen=f"{duty} (duty)",
                    ),
                ],
                close=True,
            ),
            concern(
                17,
                "14:20",
                "pe",
                f"{k.name} collided with another child playing tag in PE - I saw it. Red mark on the right shin, "
                "will probably bruise. Ice pack. Both children fine.",
                about=k,
                where="hall (PE)",
                marks=[
                    mark(
                        "right-shin",
                        "bruise",
                        size=25,
                        colour="red",
                        explanation="collided with another child in PE",
                        by="child",
                        seen=c.staff("pe"),
                    )
                ],
                close=True,
            ),
        ]
    if c.v % 3 == 1:
        pe = c.staff("pe")
        return [
            concern(
                0,
                "11:45",
                "pe",
                f"In hockey {k.name} was hit on the left ankle by another player's stick. I was refereeing and saw it. "
                "Swelling, ice, able to walk. Parents informed by text.",
                about=k,
                where="astro pitch",
                marks=[
                    mark("left-ankle-front", "swelling", explanation="hit by a hockey stick in PE", by="child", seen=pe)
                ],
                close=True,
            ),
            concern(
                6,
                "13:35",
                "teacher",
                f"{k.name} slipped on the wet stairs by the science block - I was right behind {k.him}. Bruised "
                f"{k.his} right hip. First aid, fine to carry on.",
                about=k,
                where="science block stairs",
                marks=[
                    mark(
                        "right-hip",
                        "bruise",
                        explanation="slipped on the wet stairs",
                        by="child",
                        seen=c.staff("teacher"),
                    )
                ],
                close=True,
            ),
            concern(
                14,
                "12:40",
                "midday",
                f"{k.name} caught {k.his} fingers in the canteen door when another pupil let go of it. I saw it. Left "
                "hand, two fingers swollen. Ice, parent called.",
                about=k,
                where="canteen",
                marks=[
                    mark(
                        "left-hand-front",
                        "swelling",
                        explanation="fingers caught in the canteen door",
                        by="child",
                        seen=c.staff("midday"),
                    )
                ],
                close=True,
            ),
        ]
    nursery = c.staff("nursery")
    return [
        concern(
            0,
            "10:30",
            "nursery",
            f"{k.name} fell off the balance bike in outdoor play and scraped {k.his} chin on the path. I saw it. "
            "Cleaned, cold compress, accident slip to mum.",
            about=k,
            where="outdoor area",
            marks=[mark("chin", "graze", size=15, explanation="fell off the balance bike", by="child", seen=nursery)],
            close=True,
        ),
        concern(
            5,
            "14:15",
            "class",
            f"{k.name} was dancing at music time, spun round and bumped {k.his} left cheek on the edge of the table. "
            f"I saw it, so did {nursery}. Small red mark, may bruise. Told dad at pick-up.",
            about=k,
            where="classroom",
            marks=[
                mark(
                    "left-cheek",
                    "bruise",
                    size=10,
                    colour="red",
                    explanation="bumped the table dancing",
                    by="child",
                    seen=c.staff("class"),
                )
            ],
            close=True,
        ),
        concern(
            12,
            "11:10",
            "nursery",
            f"Another child bit {k.name} on the right forearm at the sand tray - I saw it and separated them. Bite "
            "mark, skin not broken. Both sets of parents told.",
            about=k,
            where="sand tray",
            cats=["child-on-child"],
            marks=[
                mark(
                    "right-forearm-front",
                    "bite",
                    shape="small teeth marks, child-sized",
                    explanation="bitten by another child at the sand tray",
                    by="child",
                    seen=nursery,
                )
            ],
            close=True,
        ),
    ]


@family(
    "sports-injuries",
    escalating=False,
    hard=True,
    count=8,
    years=(years("5", "11"), years("7", "11")),
    summary="Injuries from sport in and out of school - a cricket ball, a tackle, a judo hold - explained "
    "alike by the child, the parent and the coach",
)
def sports_injuries(c: Cast) -> list[Step]:
    k = c.k
    if c.v % 2 == 0:
        return [
            concern(
                0,
                "08:45",
                "office",
                f"Mum emailed before school: {k.name} has a black eye from a cricket ball at club training on "
                "Saturday. The coach filled in an incident form, copy attached to the email.",
                about=k,
                marks=[
                    mark(
                        "left-eye",
                        "bruise",
                        colour="purple",
                        explanation="cricket ball at club training; coach's incident form",
                        by="parent",
                    )
                ],
                close=True,
            ),
            concern(
                1,
                "09:00",
                "class",
                f"Asked {k.name} about {k.his} eye. {k.He} told me the ball came off the edge of the bat. Same as "
                "mum's email. In good spirits.",
                about=k,
                words="It came off the edge of the bat. I should've had a helmet on.",
                close=True,
            ),
            concern(
                20,
                "14:30",
                "pe",
                f"{k.name} has a bruise on {k.his} right shoulder from a tackle in rugby today. I was refereeing "
                "and saw the tackle.",
                about=k,
                marks=[
                    mark(
                        "right-shoulder-front", "bruise", explanation="tackle in rugby", by="child", seen=c.staff("pe")
                    )
                ],
                close=True,
            ),
        ]
    return [
        concern(
            0,
            "15:00",
            "pe",
            f"{k.name} took a football to the face in the match; nosebleed, stopped after 10 minutes. I saw it.",
            about=k,
            marks=[mark("nose", "other", explanation="football to the face in PE", by="child", seen=c.staff("pe"))],
            close=True,
        ),
        concern(
            7,
            "11:20",
            "pe",
            f"Bruises on both of {k.name}'s shins, {k.he} said from Sunday league - forgot {k.his} shin pads. Dad "
            "said the same when I mentioned it after the match.",
            about=k,
            marks=[
                mark("left-shin", "bruise", explanation="Sunday league football, no shin pads", by="child"),
                mark("right-shin", "bruise", explanation="Sunday league football, no shin pads", by="parent"),
            ],
            close=True,
        ),
        concern(
            15,
            "10:05",
            "teacher",
            f"{k.name} has finger-shaped bruises on {k.his} upper arm. {k.He} said it's from judo grading on "
            f"Saturday - showed me the grip. Mum had emailed on Monday that {k.he} might have bruises from judo.",
            about=k,
            marks=[
                mark(
                    "left-upper-arm-front",
                    "bruise",
                    shape="finger marks",
                    explanation="judo grading, grip hold; mum emailed",
                    by="child",
                )
            ],
            close=True,
        ),
    ]


@family(
    "eczema-care-plan",
    escalating=False,
    hard=True,
    count=8,
    years=(years("1", "8"), ("N", "R")),
    summary="Eczema under a health care plan: scratch marks, broken and bleeding skin in flare-ups, treated "
    "as the plan says",
)
@with_record(lambda c: on_file(c.k, "eczema", "eczema", "health care plan (GP and school nurse)"))
def eczema(c: Cast) -> list[Step]:
    k = c.k
    if c.v % 2 == 0:
        return [
            concern(
                0,
                "10:40",
                "class",
                f"{k.name}'s eczema is bad this week: scratch marks and broken skin on the insides of both elbows. "
                f"It's on {k.his} health care plan. Applied {k.his} emollient as the plan says and told mum at "
                "pick-up.",
                about=k,
                marks=[
                    mark(
                        "left-elbow-front", "scratch", broken=True, explanation="eczema flare, care plan", by="parent"
                    ),
                    mark(
                        "right-elbow-front", "scratch", broken=True, explanation="eczema flare, care plan", by="parent"
                    ),
                ],
                close=True,
            ),
            concern(
                8,
                "13:30",
                "ta",
                f"Eczema flare again - raw patches on {k.name}'s wrists and the side of {k.his} neck, bleeding a "
                "little from scratching. Cream from the medical box as per care plan.",
                about=k,
                marks=[
                    mark("left-wrist-front", "scratch", broken=True, explanation="eczema", by="child"),
                    mark("neck-front", "scratch", broken=True, explanation="eczema", by="child"),
                ],
                close=True,
            ),
            concern(
                16,
                "09:15",
                "class",
                f"{k.name}'s cheeks very red and weepy with eczema. Mum said she's taking {k.him} to the GP for a "
                "stronger cream tomorrow.",
                about=k,
                marks=[
                    mark("left-cheek", "other", colour="red, weeping", explanation="eczema; GP tomorrow", by="parent")
                ],
                close=True,
            ),
        ]
    return [
        concern(
            0,
            "13:50",
            "nursery",
            f"{k.name} scratched the eczema on {k.his} tummy until it bled at nap time. Covered, cream from "
            f"{k.his} care plan applied. Mum aware - said it's been bad at night too.",
            about=k,
            marks=[mark("abdomen", "scratch", broken=True, explanation="eczema, care plan", by="parent")],
            close=True,
        ),
        concern(
            6,
            "11:00",
            "nursery",
            f"Dry, cracked skin on {k.name}'s hands bleeding at the knuckles after water play. Emollient applied "
            "(care plan).",
            about=k,
            marks=[mark("left-hand-back", "other", broken=True, explanation="eczema, care plan", by="other")],
            close=True,
        ),
        concern(
            14,
            "10:20",
            "class",
            f"{k.name}'s eczema has flared behind both knees; scratched raw. Care plan followed.",
            about=k,
            marks=[
                mark("left-knee-back", "scratch", broken=True, explanation="eczema, care plan", by="other"),
                mark("right-knee-back", "scratch", broken=True, explanation="eczema, care plan", by="other"),
            ],
            close=True,
        ),
    ]


@family(
    "bleeding-disorder",
    escalating=False,
    hard=True,
    count=7,
    years=(years("R", "6"), years("3", "9")),
    sexes=("M", "F"),
    summary="A bleeding disorder on a care plan (haemophilia, von Willebrand disease): large bruises from "
    "small knocks, long nosebleeds, each handled as the plan says",
)
@with_record(
    lambda c: on_file(
        c.k,
        "bleeding-disorder",
        "haemophilia" if c.v % 2 == 0 else "von Willebrand disease",
        "health care plan (haematology clinic)",
    )
)
def bleeding_disorder(c: Cast) -> list[Step]:
    k = c.k
    if c.v % 2 == 0:
        return [
            concern(
                0,
                "11:10",
                "class",
                f"{k.name} (haemophilia, on care plan) bumped {k.his} knee on a table leg in class - I saw it. A "
                "large bruise came up quickly. Mum phoned as the care plan says; she came in to give his factor.",
                about=k,
                marks=[
                    mark(
                        "left-knee-front",
                        "bruise",
                        size=50,
                        colour="purple",
                        explanation="bumped a table leg; haemophilia",
                        by="child",
                        seen=c.staff("class"),
                    )
                ],
                close=True,
            ),
            concern(
                7,
                "13:15",
                "midday",
                f"Big bruise on {k.name}'s left forearm after he knocked it on the door frame at play. I saw him do "
                "it. Looks bigger than the knock. Followed his care plan.",
                about=k,
                marks=[
                    mark(
                        "left-forearm-front",
                        "bruise",
                        size=60,
                        explanation="door frame at play; haemophilia",
                        by="other",
                        seen=c.staff("midday"),
                    )
                ],
                close=True,
            ),
            concern(
                15,
                "10:30",
                "ta",
                f"{k.name} had a nosebleed that lasted 25 minutes. Care plan followed; mum collected.",
                about=k,
                close=True,
            ),
            concern(
                24,
                "14:40",
                "pe",
                f"{k.name} knocked both shins on the bench in PE (I saw it). Bruising coming up. Care plan followed.",
                about=k,
                marks=[
                    mark("left-shin", "bruise", explanation="knocked the bench in PE", by="other", seen=c.staff("pe")),
                    mark("right-shin", "bruise", explanation="knocked the bench in PE", by="other", seen=c.staff("pe")),
                ],
                close=True,
            ),
        ]
    return [
        concern(
            0,
            "09:20",
            "class",
            f"{k.name} (von Willebrand disease, on care plan) has several bruises on both legs. She said from "
            "trampolining club; mum confirmed at drop-off and says she bruises with any knock. Haematology letter "
            "is on file.",
            about=k,
            marks=[
                mark("left-thigh-front", "bruise", explanation="trampoline club; vWD", by="parent"),
                mark("right-shin", "bruise", explanation="trampoline club; vWD", by="parent"),
                mark("left-calf", "bruise", explanation="trampoline club; vWD", by="parent"),
            ],
            close=True,
        ),
        concern(
            10,
            "12:45",
            "midday",
            f"{k.name} leant back hard against the metal railing by the field and has a bruise across her back. "
            "I saw it.",
            about=k,
            marks=[
                mark(
                    "upper-back",
                    "bruise",
                    shape="line across",
                    explanation="leant on the railing by the field",
                    by="child",
                    seen=c.staff("midday"),
                )
            ],
            close=True,
        ),
        concern(
            18,
            "10:50",
            "ta",
            f"{k.name} nosebleed for 30 minutes, care plan followed, mum informed.",
            about=k,
            close=True,
        ),
    ]


@family(
    "brittle-bones",
    escalating=False,
    hard=True,
    count=6,
    years=(years("1", "8"),),
    summary="Osteogenesis imperfecta on a care plan: fractures and bruises from minor falls, seen by staff or "
    "explained by hospital letters",
)
@with_record(lambda c: on_file(c.k, "brittle-bones", "osteogenesis imperfecta", "health care plan (consultant letter)"))
def brittle_bones(c: Cast) -> list[Step]:
    k = c.k
    if c.v % 2 == 0:
        return [
            concern(
                0,
                "11:00",
                "pe",
                f"{k.name} (osteogenesis imperfecta - care plan) slipped in the playground, seen by me. Pain and "
                f"swelling at the left wrist. Ambulance per care plan; mum met us at A&E - fracture of the wrist.",
                about=k,
                marks=[
                    mark(
                        "left-wrist-front",
                        "swelling",
                        explanation="slipped in playground; OI; fracture",
                        by="child",
                        seen=c.staff("pe"),
                    )
                ],
                close=True,
            ),
            concern(
                12,
                "09:30",
                "class",
                f"{k.name} back in school with a cast. Small bruise on {k.his} right thigh from getting out of "
                "the car, "
                f"mum says. Whites of the eyes bluish - part of {k.his} condition, on the care plan.",
                about=k,
                marks=[mark("right-thigh-front", "bruise", explanation="getting out of the car; OI", by="parent")],
                close=True,
            ),
            concern(
                25,
                "13:20",
                "class",
                f"{k.name} dropped a book on {k.his} foot in class (I saw it). Hospital confirmed a small fracture "
                "of a toe.",
                about=k,
                marks=[
                    mark(
                        "right-foot-front",
                        "swelling",
                        explanation="dropped a book on it; OI",
                        by="other",
                        seen=c.staff("class"),
                    )
                ],
                close=True,
            ),
        ]
    return [
        concern(
            0,
            "08:50",
            "class",
            f"Mum came in: {k.name} fractured {k.his} collarbone at home slipping in the bath at the weekend. "
            f"{k.He} has OI; the hospital's letter is with the office. Sling for 3 weeks.",
            about=k,
            marks=[
                mark(
                    "left-shoulder-front", "swelling", explanation="fell in the bath; OI; hospital letter", by="parent"
                )
            ],
            close=True,
        ),
        concern(
            8,
            "10:30",
            "ta",
            f"Bruise on {k.name}'s forearm after knocking it on the desk - I saw it. Care plan followed.",
            about=k,
            marks=[
                mark(
                    "right-forearm-front", "bruise", explanation="knocked the desk; OI", by="other", seen=c.staff("ta")
                )
            ],
            close=True,
        ),
    ]


@family(
    "birthmark-nursery",
    escalating=False,
    hard=True,
    count=7,
    years=(("N",), ("N", "R"), ("N",)),
    summary="A birthmark (Mongolian blue spot / congenital dermal melanocytosis, a strawberry mark) on a "
    "nursery child, recorded when first seen: since birth, in the red book, the health visitor has seen it",
)
@with_record(
    lambda c: on_file(
        c.k,
        "birthmark",
        ("Mongolian blue spot", "Mongolian blue spots", "strawberry birthmark")[c.v % 3],
        "starter form at entry; red book; the health visitor has seen it",
        regions=(("lower-back",), ("left-buttock", "lower-back"), ("neck-front",))[c.v % 3],
    )
)
def birthmark(c: Cast) -> list[Step]:
    k = c.k
    if c.v % 3 == 0:
        return [
            concern(
                0,
                "11:30",
                "nursery",
                f"Changing {k.name} after a toileting accident I saw a large blue-grey mark on {k.his} lower back, "
                "about 8cm, flat, not tender. At pick-up mum said it's been there since birth and is in the red "
                f"book; the health visitor knows about it. It's on {k.his} starter form too.",
                about=k,
                marks=[
                    mark(
                        "lower-back",
                        "mark",
                        size=80,
                        colour="blue-grey",
                        shape="flat, irregular",
                        explanation="birthmark since birth, in the red book; health visitor has seen it",
                        by="parent",
                    )
                ],
                close=True,
            ),
            concern(
                14,
                "13:40",
                "class",
                f"Noticed the blue-grey mark on {k.name}'s lower back while helping {k.him} change - it's the "
                "birthmark recorded before, looks exactly the same.",
                about=k,
                marks=[
                    mark(
                        "lower-back",
                        "mark",
                        size=80,
                        colour="blue-grey",
                        explanation="birthmark (recorded)",
                        by="other",
                    )
                ],
                close=True,
            ),
        ]
    if c.v % 3 == 1:
        return [
            concern(
                0,
                "10:15",
                "nursery",
                f"Blue-grey patches on {k.name}'s bottom and lower back seen during nappy change. Not raised, not "
                "tender. Mum says they're Mongolian blue spots, there since birth, the health visitor has seen them "
                "and they're written in the red book.",
                about=k,
                marks=[
                    mark(
                        "left-buttock",
                        "mark",
                        colour="blue-grey",
                        explanation="Mongolian blue spot since birth, in the red book",
                        by="parent",
                    ),
                    mark(
                        "lower-back",
                        "mark",
                        colour="blue-grey",
                        explanation="Mongolian blue spot since birth, in the red book",
                        by="parent",
                    ),
                ],
                close=True,
            ),
            concern(
                20,
                "11:50",
                "ta",
                f"Saw dark bluish marks on {k.name}'s lower back when changing {k.him} - I'm new in nursery and "
                f"didn't know about them. Kerry says they're {k.his} birthmarks, they're on file.",
                about=k,
                marks=[mark("lower-back", "mark", colour="dark blue", explanation="birthmark, on file", by="other")],
                close=True,
            ),
        ]
    return [
        concern(
            0,
            "14:10",
            "nursery",
            f"Red raised mark on the side of {k.name}'s neck, about 2cm. Mum says it's a strawberry birthmark that "
            "came up at a few weeks old; the consultant's letter says it will fade. In the red book.",
            about=k,
            marks=[
                mark(
                    "neck-front",
                    "mark",
                    size=20,
                    colour="red",
                    shape="raised, strawberry",
                    explanation="strawberry birthmark, consultant letter",
                    by="parent",
                )
            ],
            close=True,
        ),
    ]


@family(
    "two-marks-two-explanations",
    escalating=False,
    hard=True,
    count=8,
    years=(years("R", "4"), years("2", "7")),
    summary="Two different marks within days, each with its own explanation, both consistent - not two "
    "accounts of one mark",
)
def two_marks(c: Cast) -> list[Step]:
    k = c.k
    if c.v % 2 == 0:
        return [
            concern(
                0,
                "09:25",
                "class",
                f"{k.name} tripped on the steps into the hall and banged {k.his} left shin - I saw it. Small bruise "
                "coming.",
                about=k,
                marks=[
                    mark(
                        "left-shin",
                        "bruise",
                        size=20,
                        explanation="tripped on the hall steps",
                        by="child",
                        seen=c.staff("class"),
                    )
                ],
                close=True,
            ),
            concern(
                4,
                "15:20",
                "ta",
                f"Bruise on {k.name}'s right knee. Mum said at pick-up {k.he}'s 'always bumping into things' and "
                f"did it on the coffee table at the weekend. {k.name} told me the same this morning.",
                about=k,
                marks=[
                    mark("right-knee-front", "bruise", size=25, explanation="coffee table at the weekend", by="parent")
                ],
                close=True,
            ),
        ]
    return [
        concern(
            0,
            "11:50",
            "pe",
            f"{k.name} grazed {k.his} elbow on the field in PE - I saw {k.him} slide.",
            about=k,
            marks=[
                mark("right-elbow-back", "graze", explanation="slid on the field in PE", by="child", seen=c.staff("pe"))
            ],
            close=True,
        ),
        concern(
            6,
            "09:10",
            "class",
            f"Bruise on {k.name}'s left thigh. {k.He} said {k.he} fell off {k.his} scooter on Sunday. Dad told me "
            "the same at drop-off before I'd asked.",
            about=k,
            marks=[mark("left-thigh-front", "bruise", explanation="fell off scooter on Sunday", by="parent")],
            close=True,
        ),
        concern(
            9,
            "13:00",
            "midday",
            f"{k.name} has a thin scratch on {k.his} cheek; said the new kitten did it. Mum says the kitten scratches "
            "everyone.",
            about=k,
            marks=[mark("right-cheek", "scratch", explanation="new kitten", by="child")],
            close=True,
        ),
    ]


@family(
    "home-accident-explained",
    escalating=False,
    hard=True,
    count=8,
    years=(years("R", "6"), years("3", "10"), years("1", "8")),
    summary="One injury at home that the child and the parent describe the same way, often with a hospital "
    "letter: a fall from a bike, a trampoline, a burn from the oven",
)
def home_accident(c: Cast) -> list[Step]:
    k = c.k
    if c.v % 3 == 0:
        return [
            concern(
                0,
                "08:50",
                "class",
                f"Mum emailed at 8am: {k.name} fell off {k.his} bike yesterday and grazed {k.his} face and hands; she "
                f"wanted us to know. {k.name} told me the same - the chain came off going down the hill.",
                about=k,
                words="The chain came off going down the hill.",
                marks=[
                    mark("right-cheek", "graze", explanation="fell off bike", by="parent"),
                    mark("right-hand-front", "graze", explanation="fell off bike", by="child"),
                ],
                close=True,
            ),
        ]
    if c.v % 3 == 1:
        return [
            concern(
                0,
                "09:05",
                "class",
                f"{k.name} came in with {k.his} arm in a cast - broke {k.his} wrist falling off the trampoline at "
                f"the weekend. Mum showed me the A&E discharge letter. {k.name}'s account is the same.",
                about=k,
                marks=[
                    mark("left-wrist-front", "other", explanation="broken wrist, trampoline; A&E letter", by="parent")
                ],
                close=True,
            ),
        ]
    return [
        concern(
            0,
            "09:15",
            "class",
            f"Dressing on {k.name}'s right hand. {k.He} touched the oven door helping bake on Sunday. Mum took "
            f"{k.him} to the minor injuries unit the same day; she told me at drop-off and {k.name} said the same.",
            about=k,
            marks=[
                mark(
                    "right-hand-back", "burn", explanation="oven door baking; seen at minor injuries unit", by="parent"
                )
            ],
            close=True,
        ),
    ]


@family(
    "pet-injuries",
    escalating=False,
    hard=True,
    count=5,
    years=(years("R", "8"),),
    summary="Scratches from a new kitten, a dog bite treated by the GP: marks from animals, explained alike",
)
def pet_injuries(c: Cast) -> list[Step]:
    k = c.k
    if c.v % 2 == 0:
        return [
            concern(
                0,
                "10:10",
                "class",
                f"Scratches on both of {k.name}'s forearms. {k.He} said from {k.his} new kitten, Biscuit, who "
                "'attacks everything'. Mum laughed and said the same - she's covered too.",
                about=k,
                marks=[
                    mark("left-forearm-front", "scratch", explanation="new kitten", by="child"),
                    mark("right-forearm-front", "scratch", explanation="new kitten", by="parent"),
                ],
                close=True,
            ),
        ]
    return [
        concern(
            0,
            "09:00",
            "office",
            f"Dad phoned: {k.name} was bitten on the calf by a neighbour's dog yesterday; seen by the GP, antibiotics. "
            f"Police were told about the dog. Please let {k.him} sit out of PE.",
            about=k,
            marks=[mark("left-calf", "bite", explanation="neighbour's dog; GP seen", by="parent")],
            close=True,
        ),
    ]
