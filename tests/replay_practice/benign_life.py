"""Benign families: the ordinary troubles of a child's life that a school writes down, some hard to read.

One police call-out about a household, told to the school once for each sibling (one
incident, several entries); separation and bereavement; lateness with a known cause;
a child repeating a story's or a game's words; statements that say what did *not*
happen ("she did not say anyone had hurt her"); a child reporting what someone else
said or what was on television; home education and term-time leave done properly;
sexual behaviour that is ordinary for the child's age (Brook traffic light: green);
exam stress; fasting; friendship fallouts; head lice once. A DSL would support,
monitor or close these - not refer.
"""

from __future__ import annotations

from tests.replay_practice.story import Cast, Step, concern, family, mark, notification, years


@family(
    "police-callout-per-sibling",
    escalating=False,
    hard=True,
    count=8,
    years=(years("2", "8"), years("R", "6"), years("4", "10"), years("1", "9")),
    sibs=(years("N", "11"),),
    summary="One police call-out about the household (a one-off argument, a burglary, a noise complaint, a "
    "sudden death at home), notified to the school and recorded once for each sibling on roll",
)
def police_callout(c: Cast) -> list[Step]:
    k, s, home = c.k, c.s, c.home
    kids = (k, s)
    if c.v % 4 == 0:
        steps = [
            notification(
                0,
                f"Operation Encompass: police attended at 22:40 after {home.mum} called about a verbal argument with "
                f"{home.dad}. No assault, no injuries, no previous incidents at the address. The children were asleep "
                f"upstairs and did not wake. {home.dad} agreed to stay at his brother's tonight.",
                about=kid,
                reference="OE/5120/25",
                present=True,
                close=True,
            )
            for kid in kids
        ]
        return [
            *steps,
            concern(
                3,
                "10:30",
                "class",
                f"Checked in with {k.name} after the police notification. {k.He} is fine; said mum and dad are 'having "
                f"a break' and dad is at uncle's, {k.he} saw him yesterday. Mum came in to let us know.",
                about=k,
                close=True,
            ),
        ]
    if c.v % 4 == 1:
        return [
            notification(
                0,
                "Police attended the family home at 03:10 after a burglary while the family slept. Nobody hurt. The "
                "children woke when the police arrived. Victim support offered.",
                about=kid,
                kind="other",
                reference="CAD 0312-25",
                present=True,
                happened="prev 03:10",
                close=True,
            )
            for kid in kids
        ]
    if c.v % 4 == 2:
        return [
            notification(
                0,
                "Police attended at 23:15 after a neighbour complained about noise from a family birthday party at the "
                "address. Words of advice given. No concerns about the children noted.",
                about=kid,
                kind="other",
                reference="CAD 2291-25",
                present=True,
                close=True,
            )
            for kid in kids
        ]
    return [
        notification(
            0,
            "Police let the school know that the children's grandfather died suddenly at the family home on Sunday. "
            "Police attended as they do for every sudden death; no suspicious circumstances. The family asked that "
            "the school know so the children can be supported.",
            about=kid,
            kind="other",
            reference="SD 25-0441",
            present=True,
            happened="prev 14:00",
            close=False,
        )
        for kid in kids
    ]


@family(
    "separation-bereavement",
    escalating=False,
    hard=True,
    count=8,
    years=(years("1", "6"), years("R", "5"), years("7", "11")),
    summary="Parents separating or a grandparent dying: a sad, tearful child, parents who tell the school, "
    "support in school",
)
def separation(c: Cast) -> list[Step]:
    k = c.k
    if c.v % 3 == 0:
        return [
            concern(
                0,
                "11:15",
                "class",
                f"{k.name} cried in class and said mum and dad are splitting up and dad has moved out. Talked it "
                f"through. Mum emailed this morning to let us know and asked us to keep an eye on {k.him}.",
                about=k,
                words="Dad's gone to live at Nanna's. They're getting divorced.",
                cats=["emotional"],
            ),
            concern(
                7,
                "14:10",
                "ta",
                f"{k.name} quiet and tearful again. Said {k.he} misses dad. {k.He} sees him every weekend.",
                about=k,
            ),
            concern(
                15,
                "15:00",
                "class",
                f"{k.name} much happier this week, made a card for dad's birthday and told everyone about his "
                "new flat.",
                about=k,
                close=True,
            ),
        ]
    if c.v % 3 == 1:
        return [
            concern(
                0,
                "09:00",
                "class",
                f"Mum phoned: {k.name}'s grandad died at the weekend. {k.name} very upset this morning. Spoke to Ms "
                "Holt about bereavement support; leaflets from Winston's Wish sent home.",
                about=k,
            ),
            concern(
                10,
                "13:45",
                "pastoral",
                f"{k.name} said {k.he} wishes {k.he} could go to heaven to see grandad. I talked with {k.him}: {k.he} "
                f"said {k.he} doesn't want to hurt {k.him}self, {k.he} just misses him. Told mum, who said {k.he} "
                "says the same at bedtime. Bereavement sessions continuing.",
                about=k,
                words="I wish I could go to heaven and see Grandad. Not to die, just to see him.",
            ),
        ]
    return [
        concern(
            0,
            "12:30",
            "class",
            f"{k.name} argumentative and forgetting kit - going between mum's and dad's since the divorce. Dad phoned "
            "to say it's a hard time and thanked us.",
            about=k,
        ),
        concern(
            12,
            "10:20",
            "pastoral",
            f"Met {k.name}; {k.he} says things are settling, likes having two bedrooms. Parents both came to "
            "parents' evening.",
            about=k,
            close=True,
        ),
    ]


@family(
    "lateness-known-cause",
    escalating=False,
    hard=True,
    count=6,
    years=(years("R", "9"),),
    summary="Repeated lateness with a known, ordinary cause (a parent's early shift, the bus), sorted out with "
    "the family",
)
def lateness(c: Cast) -> list[Step]:
    k = c.k
    return [
        concern(
            0,
            "09:10",
            "attendance",
            f"{k.name} late three times this week. Mum explained she's started early shifts at the hospital and "
            f"{k.name} walks with a neighbour who leaves later.",
            about=k,
            cats=["attendance"],
        ),
        concern(
            6,
            "09:15",
            "attendance",
            f"{k.name} late again (bus didn't come). Dad rang ahead.",
            about=k,
            cats=["attendance"],
        ),
        concern(
            11,
            "11:30",
            "attendance",
            f"Met mum: {k.name} now has a breakfast club place from Monday so she can drop off before her shift.",
            about=k,
            close=True,
        ),
    ]


@family(
    "repeating-a-story",
    escalating=False,
    hard=True,
    count=7,
    years=(("R", "1", "2"), years("3", "6"), years("1", "4")),
    summary="A child repeating words from a story, a TV show or a game that sound alarming out of context",
)
def repeating_words(c: Cast) -> list[Step]:
    k = c.k
    if c.v % 3 == 0:
        return [
            concern(
                0,
                "10:40",
                "class",
                f"In the home corner {k.name} said to another child 'I'm going to chop your head off and put "
                "you in the "
                "pot'. We've been reading Jack and the Beanstalk all week - it's the giant's line. Both laughing.",
                about=k,
                words="I'm going to chop your head off and put you in the pot! Fee fi fo fum!",
                close=True,
            ),
        ]
    if c.v % 3 == 1:
        return [
            concern(
                0,
                "13:05",
                "midday",
                f"{k.name} shouted 'I'll kill you' at another child during a playground game they called Squid Game. "
                "They'd seen clips on YouTube. Spoke to the group; letter home about age ratings.",
                about=k,
                words="Red light! I'll kill you, you moved!",
                cats=["online"],
                close=True,
            ),
        ]
    return [
        concern(
            0,
            "11:25",
            "ta",
            f"{k.name} said 'my mum hit me' at the table - then straight away 'in Roblox! She killed me in Roblox, "
            "we play it together'. Laughing, no worries.",
            about=k,
            words="My mum hit me - in Roblox! She killed me in Roblox.",
            close=True,
        ),
    ]


@family(
    "negated-statements",
    escalating=False,
    hard=True,
    count=8,
    years=(years("2", "6"), years("3", "7"), years("7", "11"), years("1", "5")),
    summary="Entries that say what did not happen - the child did not say anyone hurt them, denies harm, no "
    "marks - recorded because a member of staff checked",
)
def negated(c: Cast) -> list[Step]:
    k = c.k
    if c.v % 4 == 0:
        return [
            concern(
                0,
                "14:50",
                "class",
                f"After the PANTS lesson {k.name} asked if it's OK that mum helps {k.him} wash {k.his} hair in "
                "the bath. "
                f"{k.He} did not say anyone had hurt {k.him} or touched {k.him}, and said nobody does anything that "
                f"makes {k.him} feel uncomfortable. Reassured.",
                about=k,
                close=True,
            ),
        ]
    if c.v % 4 == 1:
        return [
            concern(
                0,
                "09:30",
                "ta",
                f"Bruise on {k.name}'s knee from the trampoline at {k.his} cousin's, mum told me at the door. "
                f"{k.name} did not say that anyone hurt {k.him}; no other marks seen.",
                about=k,
                marks=[mark("left-knee-front", "bruise", explanation="trampoline at cousin's", by="parent")],
                close=True,
            ),
        ]
    if c.v % 4 == 2:
        return [
            concern(
                0,
                "12:15",
                "pastoral",
                f"Wellbeing survey flagged low mood. Spoke to {k.name} about some marks on {k.his} arm. {k.He} "
                "said they "
                f"are from {k.his} cat, not self-harm, and that {k.he} has never hurt {k.him}self. No concerns about "
                "home; mum confirmed the cat.",
                about=k,
                words="It's the cat, honestly. I've never done anything like that.",
                close=True,
            ),
        ]
    return [
        concern(
            0,
            "09:05",
            "class",
            f"{k.name} upset about a nightmare about a man in {k.his} room. When I asked, {k.he} said it was a dream "
            f"after a scary film at a sleepover. Nobody has come into {k.his} room and {k.he} isn't frightened at "
            "home. Mum said the same.",
            about=k,
            close=True,
        ),
    ]


@family(
    "reported-speech",
    escalating=False,
    hard=True,
    count=7,
    years=(years("R", "3"), years("3", "7"), years("1", "6")),
    summary="A child reporting what happened to someone else, on television or in a story - nothing about "
    "their own safety",
)
def reported_speech(c: Cast) -> list[Step]:
    k = c.k
    if c.v % 3 == 0:
        return [
            concern(
                0,
                "09:40",
                "class",
                f"At news time {k.name} said 'a man hit a lady and the police came'. Asked where - {k.he} said on "
                "EastEnders last night with nanny. Talked about how it was pretend.",
                about=k,
                words="A man hit a lady and the police came. On EastEnders.",
                close=True,
            ),
        ]
    if c.v % 3 == 1:
        return [
            concern(
                0,
                "15:10",
                "class",
                f"{k.name} told me {k.his} friend from football (who goes to another school) said his dad hits him. "
                f"Passed to the DSL to share with the other child's school. Nothing of concern about {k.name}.",
                about=k,
                words="My mate from football said his dad hits him.",
                close=True,
            ),
        ]
    return [
        concern(
            0,
            "14:00",
            "ta",
            f"In {k.his} weekend writing {k.name} wrote 'the big bad wolf hit granny and ate her' - retelling the "
            "story we read.",
            about=k,
            close=True,
        ),
    ]


@family(
    "home-education-notified",
    escalating=False,
    hard=True,
    count=5,
    years=(years("2", "9"),),
    compact=True,
    summary="Elective home education planned and notified properly, no welfare concerns: the school tells the "
    "LA and removes the child from roll",
)
def home_education_notified(c: Cast) -> list[Step]:
    k = c.k
    return [
        concern(
            0,
            "15:30",
            "office",
            f"{k.name}'s parents came in to tell us they plan to home educate {k.him} after half-term. They "
            "have a plan "
            f"and a tutor; they have written to the LA. {k.name} is happy about it. No concerns.",
            about=k,
            cats=["missing-education"],
        ),
        concern(
            4,
            "10:00",
            "office",
            f"Formal letter received asking us to take {k.name} off roll for home education. LA informed.",
            about=k,
            close=True,
        ),
    ]


@family(
    "leave-with-notice",
    escalating=False,
    hard=True,
    count=5,
    years=(years("R", "10"),),
    compact=True,
    summary="Two weeks away for a family funeral abroad, asked for in advance with a return date, back on the "
    "day: not a child missing education",
)
def leave_with_notice(c: Cast) -> list[Step]:
    k = c.k
    return [
        concern(
            0,
            "09:00",
            "attendance",
            f"{k.name} absent from today for two weeks - family funeral abroad. Request made in advance with flight "
            "details and a return date; authorised by the head.",
            about=k,
            cats=["attendance"],
        ),
        concern(
            10,
            "09:10",
            "attendance",
            f"{k.name} back today as planned. Fine.",
            about=k,
            close=True,
        ),
    ]


@family(
    "ordinary-sexual-development",
    escalating=False,
    hard=True,
    count=6,
    years=(("N",), ("R", "1"), ("10", "11")),
    summary="Sexual behaviour expected at the child's age (Brook traffic light: green) - self-soothing touch "
    "at nap time, curiosity in role play, a consensual relationship between two Year 10 pupils",
)
def ordinary_sexual_development(c: Cast) -> list[Step]:
    k = c.k
    if c.v % 3 == 0:
        return [
            concern(
                0,
                "13:40",
                "nursery",
                f"{k.name} touches {k.him}self through {k.his} clothes at nap time when tired. Mum says {k.he} does it "
                "at home when sleepy; the health visitor said it's normal at this age. Redirected gently.",
                about=k,
                close=True,
            ),
        ]
    if c.v % 3 == 1:
        return [
            concern(
                0,
                "11:00",
                "class",
                f"In role play {k.name} and a friend played mummies and daddies and kissed on the cheek; the friend "
                f"asked to see {k.name}'s bottom. Redirected; spoke to both sets of parents. No repeat.",
                about=k,
                close=True,
            ),
        ]
    return [
        concern(
            0,
            "12:20",
            "pastoral",
            f"{k.name} told me {k.he} is in a relationship with someone in {k.his} year, same age, both happy. Asked "
            "about contraception; signposted to the school nurse. No signs of pressure, no older partner.",
            about=k,
            close=True,
        ),
    ]


@family(
    "exam-stress",
    escalating=False,
    hard=True,
    count=6,
    years=(("10", "11"),),
    summary="Worry about exams: tears, a panic attack, seen by the counsellor, parents involved; no self-harm",
)
def exam_stress(c: Cast) -> list[Step]:
    k = c.k
    return [
        concern(
            0,
            "10:50",
            "teacher",
            f"{k.name} tearful in class about mocks; said {k.he} can't sleep because of revision.",
            about=k,
            cats=["mental-health"],
        ),
        concern(
            8,
            "09:40",
            "pastoral",
            f"{k.name} had a panic attack before the maths mock. Calmed down in the library. Sees the school "
            "counsellor "
            f"on Tuesdays; mum and dad aware and supportive. {k.He} said {k.he} has never self-harmed.",
            about=k,
            close=True,
        ),
    ]


@family(
    "fasting",
    escalating=False,
    hard=True,
    count=5,
    years=(years("5", "11"),),
    window=("2026-02-23", "2026-03-13"),
    summary="Tired, hungry or faint while fasting in Ramadan (Feb-Mar 2026), with the family's knowledge",
)
def fasting(c: Cast) -> list[Step]:
    k = c.k
    return [
        concern(
            0,
            "14:15",
            "teacher",
            f"{k.name} very tired and hungry this afternoon - {k.he} is fasting for Ramadan. Let {k.him} rest in the "
            "library at lunch.",
            about=k,
        ),
        concern(
            4,
            "11:30",
            "pe",
            f"{k.name} felt faint in PE while fasting. Sat out, recovered. Spoke to dad: agreed {k.he} sits out of "
            "PE for the rest of Ramadan.",
            about=k,
            close=True,
        ),
    ]


@family(
    "friendship-fallouts",
    escalating=False,
    hard=True,
    count=6,
    years=(years("2", "6"), years("7", "9")),
    summary="Ordinary friction between children - a push in the line, unkind messages - dealt with under the "
    "behaviour policy",
)
def friendship(c: Cast) -> list[Step]:
    k = c.k
    if c.v % 2 == 0:
        return [
            concern(
                0,
                "10:35",
                "class",
                f"{k.name} was pushed by another child in the line coming in from break. No injury. Both spoken to, "
                "behaviour policy followed.",
                about=k,
                cats=["child-on-child"],
                close=True,
            ),
        ]
    return [
        concern(
            0,
            "12:50",
            "pastoral",
            f"{k.name} upset about unkind messages in a group chat after a falling-out over a friendship group. "
            "Spoke to the girls involved; parents informed; messages deleted.",
            about=k,
            cats=["online", "child-on-child"],
        ),
        concern(
            5,
            "12:40",
            "pastoral",
            f"Checked in with {k.name}: friends again, all fine.",
            about=k,
            close=True,
        ),
    ]


@family(
    "one-off-hygiene",
    escalating=False,
    hard=True,
    count=5,
    years=(years("R", "6"),),
    summary="Head lice once, or muddy and tired after a camping weekend: a one-off with its cause",
)
def one_off_hygiene(c: Cast) -> list[Step]:
    k = c.k
    if c.v % 2 == 0:
        return [
            concern(
                0,
                "11:10",
                "ta",
                f"{k.name} has head lice. Letter home; mum treated {k.him} the same evening and thanked us.",
                about=k,
                close=True,
            ),
        ]
    return [
        concern(
            0,
            "09:00",
            "class",
            f"{k.name} came in muddy and very tired - family camping weekend with the Scouts, got back late. Mum "
            "apologised at the door.",
            about=k,
            close=True,
        ),
    ]


@family(
    "medical-appointments",
    escalating=False,
    count=4,
    years=(years("1", "11"),),
    summary="Absences for hospital appointments for a known condition, with letters",
)
def medical_appointments(c: Cast) -> list[Step]:
    k = c.k
    return [
        concern(
            0,
            "09:15",
            "attendance",
            f"{k.name} out this morning for diabetes clinic at the hospital; appointment letter provided.",
            about=k,
            cats=["attendance"],
            close=True,
        ),
        concern(
            15,
            "09:10",
            "attendance",
            f"{k.name} at the hospital again (clinic review); letter on file.",
            about=k,
            close=True,
        ),
    ]


@family(
    "new-baby-tired",
    escalating=False,
    count=4,
    years=(years("R", "6"),),
    summary="A tired child after a new baby arrives at home",
)
def new_baby(c: Cast) -> list[Step]:
    k = c.k
    return [
        concern(
            0,
            "10:20",
            "class",
            f"{k.name} tired and a bit teary - new baby {c.home.baby_bro} at home keeps everyone up. Mum said the same "
            "at the door, smiling but exhausted.",
            about=k,
        ),
    ]
