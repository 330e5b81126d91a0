"""Escalating families with a route of their own: FGM, forced marriage, honour-based abuse, radicalisation.

Sources: the FGM mandatory reporting duty (Serious Crime Act 2015 s.5B: a teacher who is
told by a girl under 18 that she has been cut, or sees signs, reports to the police
personally); multi-agency statutory guidance on FGM (risk: a planned long trip to a
practising country in the summer, an older sister or cousin cut, talk of a special
ceremony); the Forced Marriage Unit's multi-agency guidance (never mediate with the
family; one chance); KCSIE on honour-based abuse; the Prevent duty guidance (2023) and
Channel: a referral where a child may be drawn into terrorism.
"""

from __future__ import annotations

from tests.replay_practice.story import Cast, Step, concern, family, mark, years


@family(
    "fgm",
    escalating=True,
    count=6,
    years=(years("2", "6"), years("6", "9"), years("4", "8")),
    sexes="F",
    names="fgm",
    route="refer-police",
    summary="A girl at risk of FGM (a summer trip for a 'special ceremony', an older sister cut) or who says "
    "she has been cut: referral, and for known FGM the teacher's own mandatory report to the police",
)
def fgm(c: Cast) -> list[Step]:
    k = c.k
    if c.v % 3 == 0:
        return [
            concern(
                0,
                "14:10",
                "class",
                f"{k.name} was very excited about the summer holidays. She said she is going back home for the whole "
                "summer for a special party where she becomes 'a proper woman' like her big sister. Her aunt is "
                "coming over from abroad to take her.",
                about=k,
                cats=["fgm"],
                urgent=True,
                words="I'm going to have a special party and become a proper woman like my sister. Auntie's coming "
                "to take me.",
                action="Told DSL at the end of the day.",
                acting="A long summer trip to the family's country of origin for a ceremony to 'become a woman', an "
                "older sister already through it: a girl at risk of FGM - refer before the holiday (multi-agency "
                "FGM guidance)",
            ),
        ]
    if c.v % 3 == 1:
        return [
            concern(
                0,
                "12:20",
                "pastoral",
                f"{k.name} asked to talk privately. She said her older cousin was 'cut' last summer when they went to "
                "see their grandmother and that she is 'next'. She is scared and asked me to help her not go.",
                about=k,
                words="They cut my cousin last summer. Grandma says I'm next. I don't want to go.",
                cats=["fgm"],
                urgent=True,
                acting="A girl who says she is 'next' to be cut after her cousin: a clear risk of FGM, referred to "
                "police and social care at once",
            ),
        ]
    return [
        concern(
            0,
            "11:30",
            "ta",
            f"{k.name} has been back a week after a long absence abroad. She takes a long time in the toilet and is "
            "walking stiffly. She asked not to do PE.",
            about=k,
            cats=["fgm"],
        ),
        concern(
            2,
            "13:45",
            "class",
            f"{k.name} was crying after lunch. She told me it hurts when she wees because of what they did to her "
            "'down there' while she was away. She said her mum held her.",
            about=k,
            cats=["fgm"],
            urgent=True,
            words="They cut me down there. It still hurts when I wee. Mum held my hands.",
            action="Did not examine. Told DSL; I understand I must report this to the police myself.",
            acting="A girl under 18 says she has been cut: known FGM - the teacher's personal mandatory duty to "
            "report to the police (Serious Crime Act 2015 s.5B), and a referral to social care",
        ),
    ]


@family(
    "forced-marriage",
    escalating=True,
    count=6,
    years=(years("10", "11"), years("11", "11"), years("9", "10")),
    sexes=("F", "M", "F"),
    summary="A young person who says a marriage is being arranged against their will, passport taken, "
    "a trip planned (Forced Marriage Unit guidance: one chance - refer, never mediate with the family)",
)
def forced_marriage(c: Cast) -> list[Step]:
    k = c.k
    if c.v % 3 == 0:
        return [
            concern(
                0,
                "13:30",
                "class",
                f"{k.name} has been crying in lessons. She said she's worried about the trip abroad in the holidays "
                "because her parents want her to meet her cousin.",
                about=k,
                cats=["emotional"],
            ),
            concern(
                5,
                "11:40",
                "pastoral",
                f"{k.name} told me her parents have taken her passport and that she is going to be married to her "
                "cousin over the summer. She said if she says no they will disown her 'or worse'. She begged me not "
                "to contact her parents.",
                about=k,
                cats=["forced-marriage"],
                urgent=True,
                words="They've taken my passport. They're going to make me marry him. If I say no they'll disown me "
                "or worse. Please don't ring my mum.",
                action="Did not contact family. DSL informed straight away.",
                acting="A young person says she will be made to marry, her passport taken, fearing 'worse': forced "
                "marriage - refer to police and social care, contact the FMU, never the family",
            ),
        ]
    if c.v % 3 == 1:
        return [
            concern(
                0,
                "15:00",
                "teacher",
                f"{k.name} told me after class that his parents have arranged for him to be married when they go "
                "abroad at Easter. He doesn't want to. He said he is gay and is scared of what they'll do if they "
                "find out.",
                about=k,
                cats=["forced-marriage"],
                urgent=True,
                words="They've sorted a wife for me at Easter. I don't want to. If they find out I'm gay I don't know "
                "what they'll do.",
                acting="A boy who says he is being married against his will abroad and is frightened for his safety: "
                "forced marriage (boys too) - refer to police and social care, FMU",
            ),
        ]
    return [
        concern(
            0,
            "08:40",
            "class",
            f"At parents' evening {k.name}'s mother mentioned a family wedding abroad and that {k.name} would be "
            f"staying 'for a while' after. As they left {k.name} said quietly 'it's my wedding, miss'.",
            about=k,
            cats=["forced-marriage"],
            words="It's my wedding, miss.",
            happened="last 18:30",
            acting="A pupil of school age whose family plan a long stay abroad for 'a wedding' she says is hers: "
            "a child at risk of forced marriage - refer",
        ),
    ]


@family(
    "honour-based-abuse",
    escalating=True,
    count=5,
    years=(years("8", "11"),),
    sexes="F",
    summary="Control, threats and violence to protect a family's 'honour' (a brother following her, phone "
    "checked, threats if she has a boyfriend): KCSIE - honour-based abuse is a child-protection matter",
)
def honour(c: Cast) -> list[Step]:
    k = c.k
    if c.v % 2 == 0:
        return [
            concern(
                0,
                "08:45",
                "class",
                f"{k.name} very anxious. Her older brother walks her to the gate every morning and waits for her at "
                "the end of the day. She said he checks her phone.",
                about=k,
                cats=["honour-based-abuse"],
            ),
            concern(
                7,
                "12:55",
                "pastoral",
                f"{k.name} said someone told her family she was seen with a boy. Her brother hit her last night and "
                "her uncle said they would send her 'back home' to be 'sorted out'.",
                about=k,
                cats=["honour-based-abuse", "physical"],
                urgent=True,
                words="If my dad finds out I have a boyfriend he'll kill me. My brother already hit me. They're going "
                "to send me away.",
                acting="Violence and threats of death or removal abroad over a 'boyfriend': honour-based abuse - refer "
                "to police and social care today, without telling the family",
            ),
        ]
    return [
        concern(
            0,
            "09:30",
            "teacher",
            f"{k.name} has a bruise on her left cheek. She said her brother hit her because someone saw her talking "
            "to a boy at the bus stop, and her family say she has brought shame on them.",
            about=k,
            words="I've brought shame on them. It's my fault.",
            marks=[mark("left-cheek", "bruise", size=30, explanation="brother hit her", by="child")],
            cats=["physical"],
            acting="Hit by her brother for talking to a boy, 'shame' on the family: honour-based abuse with "
            "violence - refer",
        ),
    ]


@family(
    "radicalisation",
    escalating=True,
    count=6,
    years=(years("9", "11"), years("8", "10"), years("9", "11")),
    sexes="M",
    route="refer-police",
    summary="A young person being drawn into terrorism: sharing attack videos as heroic, contact with "
    "extremists, a plan or a list (Prevent duty guidance 2023: refer to Prevent/Channel)",
)
def radicalisation(c: Cast) -> list[Step]:
    k = c.k
    if c.v % 3 == 0:
        return [
            concern(
                0,
                "11:15",
                "teacher",
                f"In RE {k.name} said 'all Muslims should be deported' and used the phrase 'the great replacement'. "
                "Challenged in class.",
                about=k,
                where="RE lesson",
                cats=["radicalisation"],
            ),
            concern(
                8,
                "13:30",
                "class",
                f"A pupil showed me a group chat where {k.name} shared a clip of the Christchurch mosque attack with "
                "the word 'hero' and a skull emoji.",
                about=k,
                cats=["radicalisation", "online"],
                acting="Sharing footage of a terrorist attack and calling the attacker a hero, after 'great "
                "replacement' talk: a child being drawn into extreme right-wing terrorism - Prevent referral",
            ),
            concern(
                14,
                "10:40",
                "teacher",
                f"{k.name} has drawn a black sun symbol on his planner. He said he's in a Telegram group where "
                "'something big needs to happen'.",
                about=k,
                cats=["radicalisation"],
            ),
        ]
    if c.v % 3 == 1:
        return [
            concern(
                0,
                "12:10",
                "midday",
                f"{k.name} told other pupils music is haram and girls who don't cover up are 'asking for it'.",
                about=k,
                cats=["radicalisation"],
            ),
            concern(
                6,
                "14:40",
                "pastoral",
                f"{k.name} said he's been talking online to 'brothers' abroad who say he should go and join them. "
                "He asked me how long it takes to get a passport.",
                about=k,
                cats=["radicalisation"],
                urgent=True,
                words="The brothers say it's my duty to go. How long does a passport take?",
                acting="Online contact with people urging him to travel to join them, asking about a passport: a "
                "risk of travel to a conflict zone - Prevent referral now",
            ),
        ]
    return [
        concern(
            0,
            "10:20",
            "teacher",
            f"{k.name} wrote an essay praising Elliot Rodger as 'the supreme gentleman'.",
            about=k,
            cats=["radicalisation"],
        ),
        concern(
            5,
            "15:10",
            "office",
            f"Web filtering alert: {k.name} searched 'school shooting videos' and 'how to make pipe bomb' on a school "
            "laptop.",
            about=k,
            cats=["online"],
        ),
        concern(
            10,
            "11:50",
            "class",
            f"{k.name} said 'one day I'll make them all pay' and a classmate says he has a list of names on his phone.",
            about=k,
            cats=["radicalisation"],
            words="One day I'll make them all pay.",
            urgent=True,
            acting="A threat with a list of names after searches for making a bomb and school shootings: "
            "fixation on violence with a possible plan - police and Prevent today",
        ),
    ]
