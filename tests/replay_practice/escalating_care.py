"""Escalating families: care at home that fails the child, seen in school.

Sources: KCSIE 2024/2025 (children missing education; elective home education after
concerns; young carers; private fostering - a non-relative caring for a child for 28
days or more must be notified to the local authority); Children Missing Education
statutory guidance (2024: reasonable enquiries, a child with welfare concerns is
referred without waiting ten school days); Working Together 2023 (a parent unable to
care safely at that moment: police, and a referral); the Children and Families Act
2014 on young carers; NSPCC case-review learning (Daniel Pelka and Star Hobson:
pieces held by different people about different children of one household).
"""

from __future__ import annotations

from tests.replay_practice.story import Cast, Step, concern, family, mark, years


@family(
    "parent-unfit-at-collection",
    escalating=True,
    count=6,
    years=(years("N", "4"), ("N", "R", "1"), years("1", "6")),
    sibs=(years("R", "6"),),
    summary="A parent intoxicated or incapable at collection, driving off with the child, police called: a "
    "parent unable to care safely at that moment (Working Together 2023; the school's collection policy)",
)
def unfit_at_collection(c: Cast) -> list[Step]:
    k, home = c.k, c.home
    if c.v % 3 == 0:
        return [
            concern(
                0,
                "15:35",
                "office",
                f"{k.name}'s mum arrived to collect at 15:15 slurring her words, unsteady and smelling strongly of "
                f"alcohol. She had driven. Mrs Whitfield asked her to wait and offered to call someone, but she put "
                f"{k.name} in the car and drove off. We called 999 and gave the registration.",
                about=k,
                where="school office / car park",
                happened="15:15",
                action="999 called at 15:20. DSL informed and present.",
                cats=["neglect"],
                urgent=True,
                acting="A parent drunk at collection drove off with the child and the police were called: a parent "
                "unable to care safely and a child in immediate danger; refer the same day",
            ),
        ]
    if c.v % 3 == 1:
        return [
            concern(
                0,
                "11:10",
                "nursery",
                f"{k.name} said 'Daddy sleeps all day on the settee'.",
                about=k,
                words="Daddy sleeps all day on the settee.",
            ),
            concern(
                6,
                "12:15",
                "nursery",
                f"Dad came to collect {k.name} from the morning session at 11:45. He was nodding off in the "
                f"entrance, pupils pinned, couldn't remember {k.name}'s coat peg or which child was his. We kept "
                f"{k.name} with us and rang Gran ({home.gran}), who came for {k.him}.",
                about=k,
                cats=["neglect"],
                urgent=True,
                where="nursery entrance",
                happened="11:45",
                opinion="He seemed under the influence of something - possibly drugs.",
                action="Kept child safe, called emergency contact, DSL told straight away.",
                acting="A parent under the influence at collection, unable to recognise his own child, after the "
                "child's 'daddy sleeps all day': parental substance misuse making care unsafe - refer",
            ),
        ]
    return [
        concern(
            0,
            "08:50",
            "class",
            f"{k.name}'s mum smelled of alcohol at drop-off this morning.",
            about=k,
            cats=["neglect"],
        ),
        concern(
            9,
            "15:40",
            "class",
            f"At pick-up {k.name}'s mum collapsed by the gate and couldn't be roused properly; ambulance called. "
            f"{k.name} and {c.s.name} saw it and were very upset. Kept both in school until Gran came at 17:00.",
            about=k,
            where="front gate",
            happened="15:15",
            cats=["neglect", "emotional"],
            urgent=True,
            acting="The mother collapsed at the school gate in front of the children after being seen smelling of "
            "alcohol at drop-off: a parent unable to care safely, children present; refer",
        ),
    ]


@family(
    "young-carer-sole-charge",
    escalating=True,
    count=6,
    years=(years("5", "8"), years("3", "6"), years("5", "7")),
    sibs=(("N",),),
    summary="A child left in sole charge of a younger sibling or baby overnight or for hours: neglect, and a "
    "young carer (Children and Families Act 2014; KCSIE)",
)
def sole_charge(c: Cast) -> list[Step]:
    k, home = c.k, c.home
    if c.v % 3 == 0:
        return [
            concern(
                0,
                "09:20",
                "attendance",
                f"{k.name} late again - says {k.he} had to get {k.his} little brother ready because mum is poorly.",
                about=k,
                cats=["attendance"],
            ),
            concern(
                6,
                "10:45",
                "class",
                f"{k.name} fell asleep at {k.his} desk. When I spoke to {k.him} at break {k.he} said {k.he} was up "
                f"all night with the baby because mum went out and didn't come back till the morning.",
                about=k,
                words=f"Mum went out and didn't come back till morning so I had to do {home.baby}'s bottles. "
                "He kept crying.",
                cats=["neglect"],
                acting=f"A Year {k.year} child left alone overnight in sole charge of a baby: neglect and a child "
                "carrying an adult's load; refer",
            ),
        ]
    if c.v % 3 == 1:
        return [
            concern(
                0,
                "15:25",
                "class",
                f"{k.name} collected {c.s.name} (nursery) at 15:15 on {k.his} own and said mum was at work. I asked "
                f"who would be home and {k.he} said words below.",
                about=k,
                cats=["neglect"],
                urgent=True,
                words=f"I look after {c.s.name} till mum gets back from work. She does nights so it's about half "
                "ten. I do the tea.",
                acting="A primary-age child looks after a nursery sibling alone every evening until late at night: "
                "the children are left without adult care; refer (neglect; young carer)",
            ),
            concern(
                1,
                "10:00",
                "nursery",
                f"{c.s.name} very hungry at snack.",
                about=c.s,
            ),
        ]
    return [
        concern(
            0,
            "14:00",
            "class",
            f"{k.name} told me what is below when we were talking about weekends.",
            about=k,
            cats=["neglect"],
            urgent=True,
            words="I had to give my brother his medicine and put him to bed, mum was asleep on the sofa and wouldn't "
            "wake up. There were bottles.",
            opinion=f"{k.He} said it very matter-of-factly as if it's normal.",
            acting="A child caring for a sibling, giving medicine, while the parent is unrousable with alcohol: "
            "parental incapacity and a young carer carrying an adult's load; refer",
        ),
    ]


@family(
    "young-carer-parent-crisis",
    escalating=True,
    count=6,
    years=(years("6", "9"), years("2", "5"), years("8", "11")),
    summary="A child who found a parent after an overdose, or is asked to keep a suicidal parent safe "
    "(KCSIE: young carers; Working Together 2023: parental mental ill-health and substance use)",
)
def parent_crisis(c: Cast) -> list[Step]:
    k, _home = c.k, c.home
    if c.v % 3 == 0:
        return [
            concern(
                0,
                "13:10",
                "class",
                f"{k.name} worried about mum, keeps asking to phone her. Late twice this week.",
                about=k,
                cats=["emotional"],
            ),
            concern(
                5,
                "11:20",
                "pastoral",
                f"{k.name} told me about the weekend. {k.He} found mum on the bathroom floor on Saturday, she'd taken "
                f"all her tablets, and {k.he} rang the ambulance. She's home now. {k.He} is doing the shopping and "
                "making sure she eats.",
                about=k,
                words="I found her on the bathroom floor. I had to ring the ambulance. I have to check on her now.",
                cats=["mental-health"],
                acting="A child who found a parent after an overdose and is now caring for her: parental mental-health "
                "crisis and a young carer; refer for assessment and support",
            ),
        ]
    if c.v % 3 == 1:
        return [
            concern(
                0,
                "10:30",
                "ta",
                f"{k.name} said what is below during choosing time. {k.He} was drawing mummy lying down.",
                about=k,
                cats=["neglect"],
                urgent=True,
                words="Mummy had the white powder on her nose and then she went to sleep and I couldn't wake her up. "
                "I shaked her and shaked her. Then she woke up.",
                acting="A young child describes a parent unrousable after taking drugs, alone with her: a parent "
                "unable to care safely; refer",
            ),
        ]
    return [
        concern(
            0,
            "12:40",
            "pastoral",
            f"{k.name} asked to speak to me. {k.He} said {k.his} mum has been saying she wants to kill herself and "
            f"asked {k.name} to hide the knives and her pills. {k.He} hasn't slept properly for a week.",
            about=k,
            words="She said she can't do it anymore. She made me hide the knives. I'm scared to leave her.",
            cats=["mental-health"],
            acting="A child made responsible for keeping a suicidal parent safe: parental mental-health crisis; "
            "refer (and adult mental-health services for the parent)",
        ),
    ]


@family(
    "missing-education-after-concerns",
    escalating=True,
    count=6,
    years=(years("R", "6"), years("3", "9"), years("7", "10")),
    compact=True,
    summary="A child not seen in school, no contact, phones off or the family gone, after welfare concerns: "
    "Children Missing Education guidance and KCSIE - with welfare concerns, refer without waiting ten days",
)
def missing_education(c: Cast) -> list[Step]:
    k, _home = c.k, c.home
    if c.v % 3 == 0:
        return [
            concern(
                0,
                "09:10",
                "class",
                f"{k.name} came in hungry and in dirty clothes again.",
                about=k,
                cats=["neglect"],
            ),
            concern(
                3,
                "14:45",
                "ta",
                f"{k.name} said they might be moving to grandad's in Scotland and {k.he}'s not allowed to tell anyone.",
                about=k,
                cats=["other"],
                words="We're going to Grandad's but it's a secret.",
            ),
            concern(
                8,
                "09:40",
                "attendance",
                f"{k.name} absent, no reason given. Called mum and dad - no answer.",
                about=k,
                cats=["attendance"],
            ),
            concern(
                9,
                "09:35",
                "attendance",
                f"{k.name} absent day 2. Phones go straight to voicemail. Text not delivered.",
                about=k,
                cats=["attendance"],
            ),
            concern(
                10,
                "12:30",
                "attendance",
                "Day 3. Home visit with the DSL at 11:30: curtains closed, post piling up. Neighbour said a "
                "van came "
                "on Saturday and the family left with bags. No forwarding address.",
                about=k,
                cats=["missing-education"],
                acting="A child with neglect concerns gone with the family, whereabouts unknown, no contact for three "
                "days after saying it was a secret: children missing education with welfare concerns - refer to "
                "social care and the LA's CME team now, not after ten days",
            ),
        ]
    if c.v % 3 == 1:
        return [
            concern(
                0,
                "10:25",
                "class",
                f"{k.name} had a bruise on {k.his} cheek; said {k.he} fell off the bunk bed. Mum confirmed at pick-up.",
                about=k,
            ),
            concern(
                4,
                "15:10",
                "pastoral",
                f"{k.name} cried at the end of the day and said {k.he} didn't want to go home because dad would be "
                f"angry about {k.his} report.",
                about=k,
                words="Dad's going to go mad.",
            ),
            concern(
                9,
                "09:30",
                "attendance",
                f"{k.name} absent. No call. Mum's phone off, dad's rings out.",
                about=k,
                cats=["attendance"],
            ),
            concern(
                10,
                "09:30",
                "attendance",
                f"{k.name} absent again; still no contact. Emailed both parents.",
                about=k,
                cats=["attendance"],
            ),
            concern(
                12,
                "11:50",
                "attendance",
                f"{k.name} absent for the fourth day, no contact at all. Home visit: no answer. A classmate's parent "
                "said the family have 'gone abroad' - posted on Facebook from an airport.",
                about=k,
                cats=["attendance"],
                acting="Four days' unexplained absence with no contact, the family apparently abroad, after a facial "
                "bruise and a child afraid of going home: CME with welfare concerns - refer now",
            ),
        ]
    return [
        concern(
            0,
            "12:10",
            "teacher",
            f"{k.name} said {k.his} dad's girlfriend 'doesn't want us there'. {k.He} has been sleeping at friends'.",
            about=k,
            cats=["neglect"],
        ),
        concern(
            5,
            "09:15",
            "attendance",
            f"{k.name} absent. Dad says {k.he}'s 'at his mum's', mum says {k.he}'s at dad's.",
            about=k,
            cats=["attendance"],
        ),
        concern(
            7,
            "09:25",
            "attendance",
            f"{k.name} still absent. Neither parent knows where {k.he} is staying. Friends say {k.he}'s been "
            "sofa-surfing with older people.",
            about=k,
            cats=["missing-education"],
            acting="Neither parent knows where the child is; absent, sofa-surfing with older people after being "
            "pushed out at home: a child missing education and from home; refer today",
        ),
    ]


@family(
    "home-education-after-concerns",
    escalating=True,
    count=5,
    years=(years("2", "8"), years("5", "10")),
    compact=True,
    summary="Home education announced with no notice soon after child-protection concerns: the LA is told and, "
    "with concerns, a referral is made (KCSIE; DfE elective home education guidance 2024)",
)
def home_education(c: Cast) -> list[Step]:
    k = c.k
    if c.v % 2 == 0:
        return [
            concern(
                0,
                "10:00",
                "class",
                f"Bruise on the side of {k.name}'s neck. {k.He} said {k.his} sister did it.",
                about=k,
                cats=["physical"],
            ),
            concern(
                5,
                "14:30",
                "ta",
                f"{k.name} very withdrawn. Said dad shouts at {k.him} 'all the time'.",
                about=k,
                cats=["emotional"],
            ),
            concern(
                9,
                "09:05",
                "office",
                f"Mum emailed at 7am: she is taking {k.name} out of school to home educate with immediate effect and "
                f"asks us to take {k.him} off roll. She would not discuss it when I rang.",
                about=k,
                cats=["missing-education"],
                acting="Withdrawn to 'home education' with no notice days after a neck bruise and a child saying dad "
                "shouts all the time: with safeguarding concerns open, tell the LA and refer (KCSIE; EHE "
                "guidance 2024)",
            ),
        ]
    return [
        concern(
            0,
            "09:20",
            "attendance",
            f"{k.name}'s attendance is 71% this term; several unexplained days.",
            about=k,
            cats=["attendance"],
        ),
        concern(
            6,
            "12:00",
            "pastoral",
            f"{k.name} came in unwashed, hungry, said there's no gas on at home.",
            about=k,
            cats=["neglect"],
        ),
        concern(
            8,
            "10:30",
            "office",
            f"{k.name}'s dad phoned to say {k.name} will be home educated from today and hung up. He refused to give "
            "the new address when asked. Letter from the LA about the attendance fine arrived last week.",
            about=k,
            cats=["missing-education", "neglect"],
            acting="Home education claimed with no notice and no address, after neglect concerns and poor attendance: "
            "the child may go missing from education and from view; refer and notify the LA today",
        ),
    ]


@family(
    "household-fragments",
    escalating=True,
    count=6,
    years=(years("3", "6"), years("7", "10"), years("2", "4")),
    sibs=(years("R", "2"), ("N",)),
    summary="Pieces held by different staff about different children of one household that only add up "
    "together (Daniel Pelka, Star Hobson: the jigsaw across siblings)",
)
def household_fragments(c: Cast) -> list[Step]:
    k, s1, s2, home = c.k, c.sibs[0], c.sibs[1], c.home
    if c.v % 3 == 0:
        return [
            concern(
                0,
                "14:20",
                "class",
                f"{k.name} said mum's new boyfriend doesn't like them and they have to stay in their room when he's "
                "there.",
                about=k,
                cats=["emotional"],
                words=f"{home.partner} doesn't like us. We have to stay in our room.",
            ),
            concern(
                4,
                "09:20",
                "attendance",
                f"{s1.name} late every day this week, brought by {k.name}, who said mum was asleep.",
                about=s1,
                cats=["attendance"],
            ),
            concern(
                9,
                "11:00",
                "nursery",
                f"{s2.name}'s clothes are hanging off {s2.him}; {s2.he} looks thinner. Very hungry at snack and "
                f"hoarding food in {s2.his} pockets.",
                about=s2,
                cats=["neglect"],
            ),
            concern(
                14,
                "10:10",
                "ta",
                f"{s1.name} has a bruise on {s1.his} left cheek. {s1.He} said {s1.he} fell.",
                about=s1,
                cats=["physical"],
                marks=[mark("left-cheek", "bruise", size=20, explanation="fell", by="child")],
                acting="Across three siblings in a month: the children kept in their room by a new partner, the "
                "eldest bringing the younger to school while mum sleeps, a nursery child losing weight and "
                "hoarding food, now a facial bruise: the household picture needs a referral",
            ),
        ]
    if c.v % 3 == 1:
        return [
            concern(
                0,
                "13:00",
                "pastoral",
                f"{k.name} said {k.he} has to look after {k.his} brother and sister every evening and does the "
                "cooking.",
                about=k,
                cats=["neglect"],
            ),
            concern(
                5,
                "12:40",
                "midday",
                f"{s1.name} was seen taking food out of the bin in the playground.",
                about=s1,
                cats=["neglect"],
            ),
            concern(
                10,
                "10:30",
                "nursery",
                f"{s2.name} came in with nappy rash so bad it was bleeding, and a bruise on {s2.his} ear.",
                about=s2,
                cats=["neglect", "physical"],
                marks=[mark("left-ear", "bruise", size=10)],
                acting="Three children of one household: the eldest caring every evening, the middle one eating from "
                "bins, the nursery child with bleeding nappy rash and a bruised ear (a protected site): neglect "
                "and injury across the household - refer",
            ),
        ]
    return [
        concern(
            0,
            "15:30",
            "nursery",
            f"{s2.name}'s mum seemed very low at collection, tearful, said she can't cope.",
            about=s2,
            cats=["other"],
        ),
        concern(
            6,
            "09:10",
            "class",
            f"{k.name} came in wet, smelling of urine, same clothes as yesterday.",
            about=k,
            cats=["neglect"],
        ),
        concern(
            10,
            "14:00",
            "ta",
            f"{s1.name} said 'there's no electric at home, we have candles'.",
            about=s1,
            cats=["neglect"],
            words="There's no electric. We have candles.",
        ),
        concern(
            15,
            "11:20",
            "nursery",
            f"{s2.name} has a red, blistered patch on {s2.his} right forearm. Mum said it was a hot bath.",
            about=s2,
            cats=["physical", "neglect"],
            marks=[mark("right-forearm-front", "scald", size=40, broken=True, explanation="hot bath", by="parent")],
            acting="A mother who cannot cope, no electricity, a child coming in soiled, now a scald on the nursery "
            "child: neglect across the household with an injury - refer",
        ),
    ]


@family(
    "private-fostering",
    escalating=True,
    count=5,
    years=(years("3", "10"),),
    summary="A child living with someone who is not a close relative for 28 days or more: private fostering, "
    "which the school must notify to the local authority (KCSIE; Children Act 1989)",
)
def private_fostering(c: Cast) -> list[Step]:
    k, home = c.k, c.home
    if c.v % 2 == 0:
        return [
            concern(
                0,
                "10:40",
                "class",
                f"{k.name} mentioned that {k.he}'s been living with mum's friend {home.partner} since the summer "
                "while mum is working in Spain. Mum hasn't been back.",
                about=k,
                cats=["other"],
                words=f"I live at {home.partner}'s now. Mum's in Spain for work, she's coming back at Christmas maybe.",
                acting="A child living with a family friend for months while the parent is abroad: private fostering, "
                "which must be notified to the local authority (KCSIE; Children Act 1989)",
            ),
        ]
    return [
        concern(
            0,
            "15:20",
            "office",
            f"A woman we don't know collected {k.name} today; {k.name} said she's 'Auntie {home.partner}', mum's "
            "friend.",
            about=k,
        ),
        concern(
            3,
            "11:15",
            "pastoral",
            f"Spoke to {k.name}: {k.he}'s been staying with mum's friend since October half-term because mum "
            "'had to go away'. Not a relative. Mum's phone number we have doesn't work.",
            about=k,
            cats=["other"],
            acting="Cared for by an unrelated adult for more than 28 days with the parent unreachable: private "
            "fostering the local authority must be told of; refer",
        ),
    ]
