"""Escalating families: physical abuse, domestic abuse, injuries to babies, neglect.

Sources: NICE CG89 (when to suspect maltreatment); local safeguarding partnerships'
protocols for bruising in non-mobile babies ("those who don't cruise rarely bruise",
refer whatever the explanation); KCSIE 2024/2025 part one (a disclosure is acted on,
the child is never asked to repeat it or promised secrecy); Working Together 2023;
the Domestic Abuse Act 2021 (a child who sees or hears domestic abuse is a victim of
it); Operation Encompass; NSPCC case-review learning (Daniel Pelka: hunger, food
from bins, bruising, explanations accepted; Star Hobson and Arthur Labinjo-Hughes:
relatives' concerns about bruising not acted on; Peter Connelly: a new adult in the
home, repeated injuries explained away).
"""

from __future__ import annotations

from tests.replay_practice.story import Cast, Step, concern, family, mark, notification, years

REFER = "A referral to children's social care is needed"


@family(
    "unexplained-bruising",
    escalating=True,
    count=6,
    years=(years("1", "6"), years("7", "9"), years("2", "5")),
    summary="Bruises seen on separate occasions with no or vague explanations, at sites rarely hurt by accident "
    "(NICE CG89; LSCP bruising guidance: a pattern of injuries, not one accident)",
)
def unexplained_bruising(c: Cast) -> list[Step]:
    k = c.k
    if c.v % 3 == 0:
        return [
            concern(
                0,
                "10:20",
                "class",
                f"When {k.name} took {k.his} jumper off in PE I noticed a bruise on {k.his} left upper arm, about "
                f"the size of a 50p, bluish purple. I asked what had happened and {k.he} shrugged and said {k.he} "
                "didn't know.",
                about=k,
                where="hall (PE)",
                words="I don't know.",
                cats=["physical"],
                marks=[
                    mark(
                        "left-upper-arm-front",
                        "bruise",
                        size=25,
                        colour="blue/purple",
                        explanation="doesn't know",
                        by="child",
                    )
                ],
                action="Recorded on body map and passed to DSL.",
            ),
            concern(
                7,
                "13:40",
                "ta",
                f"Helping {k.name} with {k.his} coat at lunch I saw three small round bruises in a row on the back of "
                f"{k.his} right upper arm, like fingertips. {k.He} pulled {k.his} sleeve down quickly. When I asked "
                f"{k.he} said {k.he} banged it on the door.",
                about=k,
                where="cloakroom",
                words="I banged it on the door.",
                opinion=f"Three round marks in a line don't look like a door to me. {k.He} seemed embarrassed.",
                cats=["physical"],
                marks=[
                    mark(
                        "right-upper-arm-back",
                        "bruise",
                        size=10,
                        colour="purple",
                        shape="three round marks in a line",
                        explanation="banged it on the door",
                        by="child",
                    )
                ],
                action=f"Told {c.staff('class')} and wrote it up.",
                acting="A second injury within a week, now a fingertip (gripping) pattern on the upper arm with an "
                "explanation that does not fit: patterned bruising at any age is a child-protection referral "
                "(NICE CG89; LSCP bruising protocol)",
            ),
            concern(
                15,
                "12:30",
                "midday",
                f"{k.name} sat on {k.his} own at lunch holding {k.his} side. I asked if {k.he} was hurt and {k.he} "
                f"said it hurt when {k.he} breathed in. I didn't look. Later {k.he} said {k.he} wasn't allowed to say.",
                about=k,
                where="dining hall",
                words="I'm not allowed to say.",
                action="Took to the office; passed on.",
            ),
        ]
    if c.v % 3 == 1:
        return [
            concern(
                0,
                "11:05",
                "pe",
                f"In the changing room I noticed bruising across the backs of both of {k.name}'s thighs, yellow-green, "
                f"older looking. {k.He} said it was from football. {k.He} isn't in any team that I know of.",
                about=k,
                where="changing room",
                words="It's from football.",
                cats=["physical"],
                marks=[
                    mark(
                        "left-thigh-back", "bruise", size=60, colour="yellow/green", explanation="football", by="child"
                    ),
                    mark(
                        "right-thigh-back", "bruise", size=50, colour="yellow/green", explanation="football", by="child"
                    ),
                ],
                action="Passed to DSL at the end of the lesson.",
            ),
            concern(
                9,
                "09:15",
                "teacher",
                f"{k.name} came to my lesson with a bruise on {k.his} right cheekbone, purple, about 3cm. When I "
                f"asked {k.he} said {k.his} brother did it messing about. {k.He} wouldn't look at me and asked to "
                "sit at the back.",
                about=k,
                cats=["physical"],
                where="science lab",
                words="My brother did it, we were messing.",
                marks=[
                    mark(
                        "right-cheek",
                        "bruise",
                        size=30,
                        colour="purple",
                        explanation="brother, messing about",
                        by="child",
                    )
                ],
                acting="A second injury in under two weeks, now to the face, after bruising on the backs of both "
                "thighs (a site rarely hurt by accident, typical of being hit): the pattern calls for a referral "
                "(NICE CG89)",
            ),
            concern(
                12,
                "08:50",
                "class",
                f"{k.name} flinched when I raised my hand to point at the board during registration. Later {k.he} said "
                f"{k.he} fell down the stairs at home at the weekend, which is why {k.his} face was bruised.",
                about=k,
                where="form room",
                words="I fell down the stairs.",
                opinion=f"This is a different explanation from the one {c.staff('teacher')} was given last week.",
                cats=["physical", "emotional"],
            ),
        ]
    return [
        concern(
            0,
            "14:10",
            "class",
            f"{k.name}'s shirt rode up during PE and I saw a bruise on {k.his} lower back, about 4cm, purple. {k.He} "
            f"said {k.he} didn't know how {k.he} got it.",
            about=k,
            where="hall",
            cats=["physical"],
            marks=[mark("lower-back", "bruise", size=40, colour="purple", explanation="didn't know", by="child")],
        ),
        concern(
            11,
            "10:45",
            "ta",
            f"Yellowish bruise on {k.name}'s left forearm. {k.He} said {k.he} fell off {k.his} bed.",
            about=k,
            cats=["physical"],
            marks=[
                mark("left-forearm-front", "bruise", size=30, colour="yellow", explanation="fell off bed", by="child")
            ],
        ),
        concern(
            19,
            "08:10",
            "breakfast",
            f"{k.name} came into breakfast club with a bruise on {k.his} right cheek. {k.He} said {k.he} fell over "
            f"but couldn't say where. {k.He} had three bowls of cereal and asked to take toast for later.",
            about=k,
            cats=["physical", "neglect"],
            where="breakfast club",
            words="I just fell over.",
            marks=[mark("right-cheek", "bruise", size=20, colour="red/purple", explanation="fell over", by="child")],
            acting="A third injury in a month - lower back, forearm, now the face - each with a vague explanation, "
            "and a hungry child: a pattern that needs a referral, not another note (NICE CG89; Pelka review)",
        ),
    ]


@family(
    "disclosure-no-marks",
    escalating=True,
    count=6,
    years=(years("2", "6"), years("7", "10"), years("R", "2")),
    summary="A child tells a member of staff an adult at home hurts them; no marks seen. KCSIE: listen, don't "
    "examine or question; a disclosure of physical abuse is referred on the first occasion",
)
def disclosure_no_marks(c: Cast) -> list[Step]:
    k, home = c.k, c.home
    if c.v % 3 == 0:
        return [
            concern(
                0,
                "15:05",
                "class",
                f"{k.name} has been quiet and tearful this week and didn't want to go out to play. {k.He} said "
                f"{k.he} was tired.",
                about=k,
                cats=["emotional"],
            ),
            concern(
                6,
                "10:35",
                "ta",
                f"During reading {k.name} kept shifting in {k.his} seat and said {k.his} back hurt. I asked what had "
                f"happened and {k.he} told me what is in {k.his} words below. I didn't see any marks - {k.he} had "
                f"{k.his} jumper on and I did not ask to look. I told {k.him} I'd have to tell someone whose job is "
                "to keep children safe.",
                about=k,
                where="reading corner",
                words="Dad hit me with his belt cos I spilled the juice on the sofa. The metal bit. He said if I tell "
                "anyone I'm going in care.",
                opinion=f"{k.He} was very matter of fact about it.",
                action="Went straight to the DSL at break.",
                told=["Mrs Whitfield (DSL)"],
                cats=["physical"],
                acting="The child says their father hit them with a belt buckle and threatened them to keep it "
                "secret: a disclosure of physical abuse is a referral on the first occasion, marks or not "
                "(KCSIE part one; Working Together 2023)",
            ),
        ]
    if c.v % 3 == 1:
        return [
            concern(
                0,
                "09:05",
                "attendance",
                f"{k.name} late again today (4th time this half term). Said {k.he} overslept. Mum not answering phone.",
                about=k,
                cats=["attendance"],
                close=True,
            ),
            concern(
                8,
                "08:55",
                "class",
                f"{k.name} stayed behind after registration and asked if {k.he} could stay in school tonight. When I "
                f"asked why, {k.he} said the words below. No visible marks on face or hands. {k.He} asked me not to "
                f"tell anyone - I said I couldn't promise that but I would only tell the people who need to know.",
                about=k,
                where="form room",
                words=f"{home.partner}'s been drinking again. When he's drinking he slams me against the wall and "
                "grabs me by my neck. Mum just goes upstairs. I don't want to go home tonight.",
                opinion=f"{k.He} looked exhausted and frightened.",
                action=f"Walked {k.him} to the pastoral office and stayed with {k.him}; told Mr Hale (DSL) in person.",
                told=["Mr Hale (DSL)"],
                cats=["physical", "domestic-abuse"],
                urgent=True,
                acting="The child discloses being slammed against a wall and grabbed by the neck by mum's partner, "
                "and is frightened to go home: immediate referral (and police if unsafe to go home), the same "
                "day (KCSIE; Working Together 2023)",
            ),
        ]
    return [
        concern(
            0,
            "11:20",
            "class",
            f"At circle time about feelings, {k.name} said what is below. I said thank you for telling me and "
            f"carried on with the circle. {k.He} seemed fine afterwards and played in the home corner.",
            about=k,
            cats=["physical"],
            where="classroom carpet",
            words="Mummy hits me with the wooden spoon when I'm naughty and it makes me cry and it goes red. "
            "Really hard on my legs.",
            action="Told the DSL at lunchtime.",
            acting="A young child says their mother hits them hard with a wooden spoon, leaving marks: hitting "
            "a child with an implement is physical abuse, not chastisement; refer on the first occasion "
            "(Working Together 2023)",
        ),
        concern(
            3,
            "15:20",
            "nursery",
            f"{k.name} cried when mum came to collect. Mum said 'you wait till we get home'.",
            about=k,
            where="classroom door",
        ),
    ]


@family(
    "disclosure-with-marks",
    escalating=True,
    count=6,
    years=(years("3", "8"), years("R", "3"), years("5", "10")),
    summary="A mark and the child's own account that an adult at home caused it: physical abuse disclosed, "
    "referred the same day (KCSIE; NICE CG89: slap marks, grip marks, burns)",
)
def disclosure_with_marks(c: Cast) -> list[Step]:
    k, home = c.k, c.home
    if c.v % 3 == 0:
        return [
            concern(
                0,
                "09:30",
                "class",
                f"{k.name} was rubbing {k.his} arm in maths. When {k.he} rolled up {k.his} sleeve I saw a large "
                f"bruise on the top of {k.his} left arm. I asked if {k.he} was OK and {k.he} said what is below.",
                about=k,
                where="classroom",
                words="Dad grabbed me really hard and threw me on the bed cos I was answering back.",
                opinion=f"{k.He} was tearful and asked if {k.he} was going to be in trouble.",
                cats=["physical"],
                marks=[
                    mark(
                        "left-upper-arm-front",
                        "bruise",
                        size=50,
                        colour="dark purple",
                        shape="oval, finger marks",
                        explanation="dad grabbed me and threw me on the bed",
                        by="child",
                    )
                ],
                action="Reassured, informed DSL immediately.",
                acting="A bruise the child says their father caused by grabbing and throwing them: disclosed "
                "physical abuse with a matching mark, referred the same day (KCSIE; Working Together 2023)",
            ),
        ]
    if c.v % 3 == 1:
        return [
            concern(
                0,
                "09:10",
                "nursery" if k.year in ("R",) else "class",
                f"{k.name} arrived with a red mark on {k.his} left cheek with lines in it like fingers. I asked "
                f"{k.him} what happened to {k.his} face.",
                about=k,
                cats=["physical"],
                urgent=True,
                where="classroom door",
                words="Mummy smacked me cos I wouldn't put my shoes on.",
                marks=[
                    mark(
                        "left-cheek",
                        "mark",
                        size=60,
                        colour="red",
                        shape="hand shape, finger lines",
                        explanation="mummy smacked me",
                        by="child",
                    )
                ],
                action="Told Mrs Sharma.",
                acting="A hand-shaped mark on a young child's face that the child says her mother made: a slap "
                "leaving a mark on a child's face is physical abuse; refer the same day (NICE CG89)",
            ),
            concern(
                1,
                "09:05",
                "class",
                f"Mark on {k.name}'s cheek has faded. {k.He} said mummy said sorry.",
                about=k,
            ),
        ]
    return [
        concern(
            0,
            "14:20",
            "ta",
            f"{k.name} has been wearing long sleeves all week even though it's warm.",
            about=k,
        ),
        concern(
            3,
            "10:50",
            "teacher",
            f"{k.name} had a small round burn on the back of {k.his} right hand, about 8mm, scabbed. When I asked, "
            f"{k.he} said the words below and then said {k.he} was joking.",
            about=k,
            where="art room",
            words=f"{home.partner} did it with his lighter to teach me a lesson about touching his stuff. "
            "Joking. I'm joking.",
            opinion="I don't think it was a joke. The burn is round and neat.",
            cats=["physical"],
            marks=[
                mark(
                    "right-hand-back",
                    "burn",
                    size=8,
                    colour="dark red",
                    shape="round",
                    broken=True,
                    explanation="mum's partner's lighter, then said joking",
                    by="child",
                )
            ],
            acting="A round burn the child says mum's partner made with a lighter 'to teach a lesson', then "
            "retracted: a deliberate-looking burn with a disclosure is referred at once; a retraction does not "
            "undo it (NICE CG89)",
        ),
    ]


@family(
    "domestic-abuse-told-and-encompass",
    escalating=True,
    count=6,
    years=(years("1", "6"), years("3", "9"), years("5", "11")),
    sibs=(years("N", "11"),),
    summary="Domestic abuse the child saw or heard, told by the child and notified by the police through "
    "Operation Encompass (Domestic Abuse Act 2021: the child is a victim; strangulation and injury are "
    "high-risk markers, DASH)",
)
def domestic_abuse(c: Cast) -> list[Step]:
    k, s, home = c.k, c.s, c.home
    if c.v % 3 == 0:
        return [
            notification(
                0,
                f"Operation Encompass. Police attended the home at 22:10 after a neighbour called 999 reporting "
                f"screaming. Verbal and physical altercation between {home.mum} (mother) and {home.dad} (father). "
                f"{k.name} and {s.name} were in the house, upstairs. Father left before police arrived.",
                about=k,
                reference="OE/4417/25",
                present=True,
            ),
            concern(
                1,
                "10:05",
                "class",
                f"{k.name} was very tired and put {k.his} head on the desk. At break {k.he} told me about last "
                "night, words below. I listened and didn't ask questions.",
                about=k,
                words="Dad punched Mum in the face and there was blood on the carpet. I hid in the wardrobe with "
                f"{s.name}. He said he's going to come back and finish it.",
                opinion=f"{k.He} was shaking.",
                action="Passed to DSL straight away.",
                cats=["domestic-abuse"],
                acting="The child saw their father punch their mother to bleeding and heard a threat to come back, "
                "the night after a police call-out: domestic abuse with injury and a threat, the children present - "
                "refer (Domestic Abuse Act 2021; Operation Encompass: the school's response after the call)",
            ),
        ]
    if c.v % 3 == 1:
        return [
            concern(
                0,
                "13:15",
                "midday",
                f"{k.name} told me in the playground what is below. {k.He} was crying. I took {k.him} inside.",
                about=k,
                cats=["domestic-abuse"],
                urgent=True,
                where="playground",
                words=f"Mum and {home.partner} were fighting again and he pushed her down the stairs and she was "
                "crying and couldn't get up and I rang Nan.",
                action="Took to Mrs Whitfield.",
                acting="The child describes mum's partner pushing mum down the stairs, injured, the child calling "
                "for help: domestic abuse the child witnessed is a referral on the first occasion "
                "(Domestic Abuse Act 2021; KCSIE)",
            ),
            notification(
                2,
                f"Police attended the family home at 23:30 following a report from the maternal grandmother. "
                f"{home.partner} arrested on suspicion of assault. Mother taken to A&E with a head injury. "
                "Children present.",
                about=k,
                reference="OE/4502/25",
                present=True,
                voice=f"{k.name} told officers 'he always does it when he's been drinking'.",
            ),
        ]
    return [
        notification(
            0,
            f"Operation Encompass: verbal argument between mother and her partner {home.partner} at the home address "
            f"at 21:15. No injuries reported. {k.name} was asleep.",
            about=k,
            reference="OE/4633/25",
            present=True,
            close=False,
        ),
        concern(
            8,
            "11:40",
            "pastoral",
            f"{k.name} came to see me at break. {k.He} said {k.he} couldn't sleep and told me about the weekend, "
            "words below. I reassured and said I'd need to share it.",
            about=k,
            where="pastoral office",
            words=f"I had to call 999 because {home.partner} had his hands round Mum's neck and she went purple. "
            "Mum told the police it was nothing. She says he's changed.",
            opinion=f"{k.He} is clearly frightened for mum and for {k.his} little "
            f"{'sister' if s.sex == 'F' else 'brother'}.",
            cats=["domestic-abuse", "emotional"],
            urgent=True,
            acting="The child saw mum's partner strangle her and called 999 themselves: non-fatal strangulation "
            "is a high-risk marker (DASH); with a previous police call-out, refer at once",
        ),
    ]


@family(
    "non-mobile-baby-bruised",
    escalating=True,
    count=6,
    years=(("N", "R", "1"), years("2", "6"), ("N", "R")),
    summary="Bruising seen on a baby sibling who cannot yet move about (not on roll): every LSCP protocol "
    "says refer to children's social care, whatever the explanation (those who don't cruise rarely bruise)",
)
def baby_bruised(c: Cast) -> list[Step]:
    k, home = c.k, c.home
    baby = f"baby {home.baby}"
    if c.v % 3 == 0:
        return [
            concern(
                0,
                "15:25",
                "nursery",
                f"When Mum came to collect {k.name} she had {baby} ({home.baby_months} months) in the pram. I noticed "
                f"a bruise on {home.baby_his} left cheek, purple, about 1cm. Mum said {home.baby_he} rolled against "
                "the cot bars. The baby is not crawling yet.",
                about=k,
                cats=["physical"],
                urgent=True,
                where="nursery gate",
                opinion="Mum seemed rushed and didn't want to talk.",
                action="Told DSL before she left the building.",
                acting=f"A bruise on the face of a {home.baby_months}-month-old who is not yet mobile: the LSCP "
                "protocol is an immediate referral to children's social care and a paediatric opinion, "
                "whatever the explanation",
            ),
        ]
    if c.v % 3 == 1:
        return [
            concern(
                0,
                "10:10",
                "class",
                f"{k.name} told me about {k.his} baby {home.baby_bro} at news time, words below. I asked {k.him} to "
                "tell me more and wrote down what was said.",
                about=k,
                where="classroom",
                words=f"Baby {home.baby} has got a big bruise on his tummy. {home.partner} squeezed him cos he "
                "wouldn't stop crying.",
                cats=["physical"],
                acting=f"A sibling says the {home.baby_months}-month-old baby has a bruise on his tummy from "
                "being squeezed by mum's partner: bruising to a non-mobile baby's torso, with an account of how, "
                "is referred at once (LSCP non-mobile protocol)",
            ),
        ]
    return [
        concern(
            0,
            "11:00",
            "nursery",
            f"{k.name} very tired today, fell asleep at story time.",
            about=k,
            close=True,
        ),
        concern(
            5,
            "15:30",
            "class",
            f"Dad collected {k.name} carrying {baby} ({home.baby_months} months) in a sling. The baby's sleeves were "
            f"pushed up and I saw small bruises on both of {home.baby_his} upper arms. Dad said '{home.baby_he} "
            f"bruises easily, like {home.baby_his} mum'.",
            about=k,
            cats=["physical"],
            urgent=True,
            where="classroom door",
            opinion="Small round bruises on both arms of a tiny baby.",
            action="Reported to Mrs Sharma (deputy DSL) the same minute.",
            acting=f"Bruises on both upper arms of a {home.baby_months}-month-old baby: a non-mobile baby with "
            "bruising is referred to social care straight away (LSCP protocol); 'bruises easily' is for a "
            "paediatrician to decide",
        ),
    ]


@family(
    "inconsistent-explanations",
    escalating=True,
    count=6,
    years=(years("R", "5"), years("4", "9"), years("1", "6")),
    summary="Different accounts of the same injury from the child, a parent or a relative (NICE CG89: an "
    "explanation inconsistent with the injury, or changing, is an alerting feature)",
)
def inconsistent(c: Cast) -> list[Step]:
    k, home = c.k, c.home
    if c.v % 3 == 0:
        return [
            concern(
                0,
                "08:55",
                "class",
                f"{k.name} has a black eye (left), swollen, purple. {k.He} said {k.he} walked into a door.",
                about=k,
                words="I walked into the door.",
                cats=["physical"],
                marks=[
                    mark("left-eye", "bruise", size=35, colour="purple", explanation="walked into a door", by="child")
                ],
            ),
            concern(
                1,
                "09:40",
                "office",
                f"{k.name}'s mum rang to say {k.he} can't do PE this week because of {k.his} eye. She said {k.he} "
                "got hit by a swing at the park on Sunday.",
                about=k,
                cats=["physical"],
                where="phone call",
                acting="The child and the parent explain the same black eye differently (a door, a swing at the "
                "park): an inconsistent account of a facial injury is an alerting feature; consult and refer "
                "(NICE CG89)",
            ),
            concern(
                3,
                "12:50",
                "ta",
                f"I overheard {k.name} telling a friend that {k.his} dad did {k.his} eye. When {k.he} saw me "
                f"{k.he} said {k.he} was only joking.",
                about=k,
                cats=["physical"],
                words="My dad did it. Only joking.",
            ),
        ]
    if c.v % 3 == 1:
        return [
            concern(
                0,
                "10:30",
                "teacher" if not k.primary else "class",
                f"Burn on {k.name}'s left forearm, about 5cm long, blistered. {k.He} said {k.he} did it cooking "
                "noodles.",
                about=k,
                cats=["physical"],
                marks=[
                    mark(
                        "left-forearm-front",
                        "burn",
                        size=50,
                        colour="red",
                        broken=True,
                        explanation="cooking noodles",
                        by="child",
                    )
                ],
            ),
            concern(
                2,
                "15:10",
                "class",
                f"Spoke to Mum at pick up about the burn. She said it was her hair straighteners - {k.name} knocked "
                "them off the side.",
                about=k,
                cats=["physical"],
                acting="The parent's account of the burn (hair straighteners) differs from the child's (cooking "
                "noodles): two explanations for one burn; burns with inconsistent explanations are referred "
                "(NICE CG89)",
            ),
            concern(
                6,
                "09:20",
                "dsl",
                f"{home.gran} (gran) phoned. She said {k.name} told her at the weekend that the burn was from the "
                "iron and begged her not to say anything.",
                about=k,
                cats=["physical"],
                where="phone call",
                words="(reported by gran) It was the iron. Don't tell.",
            ),
        ]
    return [
        concern(
            0,
            "14:00",
            "pe",
            f"Bruise on {k.name}'s back (upper right side) seen when changing. {k.He} said {k.he} fell off the "
            "trampoline at home.",
            about=k,
            cats=["physical"],
            marks=[
                mark(
                    "right-shoulder-blade",
                    "bruise",
                    size=45,
                    colour="purple",
                    explanation="fell off trampoline",
                    by="child",
                )
            ],
        ),
        concern(
            1,
            "10:15",
            "class",
            f"{k.name} told me {k.his} big brother kicked {k.him} in the back - the same bruise that was seen in PE "
            "yesterday.",
            about=k,
            words="My brother kicked me.",
            cats=["physical"],
            acting="The child gives a second, different explanation for the same bruise a day later (trampoline, "
            "then a brother's kick): a changing account of one injury calls for a referral (NICE CG89)",
        ),
        concern(
            2,
            "15:15",
            "class",
            "Spoke to Dad at the door about the bruise. He said he didn't know anything about any bruise.",
            about=k,
        ),
    ]


@family(
    "neglect-with-injury",
    escalating=True,
    count=6,
    years=(years("R", "4"), ("N", "R"), years("7", "10")),
    summary="Hunger, poor hygiene and tiredness over weeks, then an injury: Daniel Pelka (hunger and food "
    "from bins, bruises explained away), neglect with an untreated injury (NICE CG89)",
)
def neglect_with_injury(c: Cast) -> list[Step]:
    k = c.k
    if c.v % 3 == 0:
        return [
            concern(
                0,
                "12:45",
                "midday",
                f"{k.name} took food from other children's plates and ate very fast. Asked for seconds twice.",
                about=k,
                where="dining hall",
                cats=["neglect"],
            ),
            concern(
                5,
                "09:30",
                "class",
                f"{k.name}'s uniform is dirty and {k.he} smells strongly of urine. Other children are moving away "
                f"from {k.him} on the carpet.",
                about=k,
                cats=["neglect"],
            ),
            concern(
                11,
                "08:15",
                "breakfast",
                f"{k.name} came to breakfast club very hungry, said {k.he} didn't have any tea last night. Seen "
                "looking in the bin by the gate before school.",
                about=k,
                cats=["neglect"],
                words="There wasn't any tea.",
            ),
            concern(
                16,
                "11:10",
                "pe",
                f"Getting changed for PE I saw {k.name} is very thin - ribs showing - and has a bruise on {k.his} "
                f"left upper arm. {k.He} said {k.he} didn't know.",
                about=k,
                cats=["neglect", "physical"],
                marks=[
                    mark(
                        "left-upper-arm-front", "bruise", size=30, colour="blue", explanation="doesn't know", by="child"
                    )
                ],
                acting="Hunger, taking food, poor hygiene and now visible thinness with an unexplained bruise: the "
                "pattern of the Daniel Pelka review; neglect with injury is a referral",
            ),
        ]
    if c.v % 3 == 1:
        return [
            concern(
                0,
                "10:00",
                "nursery",
                f"{k.name}'s nappy had not been changed overnight - very full, sore red nappy rash. Mum said she ran "
                "out of nappies.",
                about=k,
                cats=["neglect"],
            ),
            concern(
                4,
                "09:00",
                "class",
                f"{k.name} has come in the same clothes all week. Very hungry at snack time, ate three pieces "
                "of toast.",
                about=k,
                cats=["neglect"],
            ),
            concern(
                9,
                "09:20",
                "nursery",
                f"{k.name} has a scald on the back of {k.his} left hand, blistered and weeping, not covered. Mum said "
                f"{k.he} touched the kettle two days ago. They haven't been to the doctor.",
                about=k,
                cats=["neglect", "physical"],
                marks=[
                    mark(
                        "left-hand-back",
                        "scald",
                        size=40,
                        colour="red",
                        broken=True,
                        explanation="touched the kettle two days ago",
                        by="parent",
                    )
                ],
                action="First aid, covered. DSL informed.",
                acting="An untreated, weeping scald two days old on a nursery child already showing neglect "
                "(nappies, clothes, hunger): failure to seek treatment for an injury is neglect; refer",
            ),
        ]
    return [
        concern(
            0,
            "11:30",
            "teacher",
            f"{k.name} fell asleep in period 3 again.",
            about=k,
        ),
        concern(
            6,
            "13:05",
            "pastoral",
            f"{k.name} hasn't had lunch - no money on {k.his} account for two weeks. {k.He} said there's no food in "
            "the house and mum's 'in bed all the time'.",
            about=k,
            words="There's nothing in. Mum's just in bed all the time.",
            cats=["neglect"],
        ),
        concern(
            14,
            "10:15",
            "ta",
            f"{k.name} has been scratching {k.his} head a lot - bad head lice and sores on the scalp.",
            about=k,
            cats=["neglect"],
        ),
        concern(
            20,
            "09:45",
            "teacher",
            f"{k.name} had kitchen roll wrapped round {k.his} right hand. The cut underneath is several days old, red "
            f"and swollen and smells. {k.He} said {k.he} did it on a tin and nobody looked at it.",
            about=k,
            cats=["neglect", "physical"],
            words="I did it on a tin. Nobody looked at it.",
            marks=[
                mark("right-hand-front", "cut", size=30, colour="red", broken=True, explanation="on a tin", by="child")
            ],
            acting="An infected cut nobody at home has treated, after weeks of hunger, no lunch money, untreated "
            "head lice and a parent 'in bed all the time': neglect with an untreated injury is a referral",
        ),
    ]


@family(
    "new-partner-relative-worried",
    escalating=True,
    count=5,
    years=(years("R", "4"), years("2", "7")),
    summary="A new adult in the home; a relative tells the school they saw bruises; the child is kept off "
    "(Star Hobson and Arthur Labinjo-Hughes: relatives' concerns about bruising not acted on; Peter Connelly)",
)
def relative_worried(c: Cast) -> list[Step]:
    k, home = c.k, c.home
    if c.v % 2 == 0:
        return [
            concern(
                0,
                "15:20",
                "class",
                f"{k.name} said Mummy has a new friend, {home.partner}, who lives at their house now. {k.He} said "
                f"he is 'strict'.",
                about=k,
                cats=["emotional"],
                words=f"{home.partner} is strict. He shouts if I wet the bed.",
            ),
            concern(
                5,
                "10:30",
                "dsl",
                f"{home.gran}, {k.name}'s maternal grandmother, phoned me. She had {k.name} on Sunday and saw bruises "
                f"on {k.his} back and the backs of {k.his} legs. She asked {home.mum} who said {k.name} fell down "
                f"the stairs. Gran says {k.name} is frightened of {home.partner} and has stopped talking.",
                about=k,
                where="phone call",
                cats=["physical"],
                acting="A grandparent reports bruising on the back and legs and a child frightened of mum's new "
                "partner: relatives' concerns are referred, not explained away (Star Hobson, Arthur "
                "Labinjo-Hughes reviews)",
            ),
            concern(
                7,
                "09:10",
                "office",
                f"Mum rang: {k.name} is off sick today and tomorrow with a tummy bug.",
                about=k,
                cats=["attendance"],
            ),
        ]
    return [
        concern(
            0,
            "09:00",
            "class",
            f"{k.name} came in very subdued. Dad's girlfriend {home.partner} dropped {k.him} off and said 'he's been "
            "a little liar all weekend'.",
            about=k,
            cats=["emotional"],
        ),
        concern(
            4,
            "14:40",
            "class",
            f"{k.name} said 'nobody loves me' and 'I'm bad' during a PSHE lesson and put {k.his} head down.",
            about=k,
            cats=["emotional"],
            words="Nobody loves me. I'm bad.",
        ),
        concern(
            9,
            "10:05",
            "dsl",
            f"{k.name}'s uncle came into the office worried. He has seen a video on {home.partner}'s phone of "
            f"{k.name} made to stand in the garden in the cold, crying, and marks on {k.his} face at the weekend. "
            "He said he had told the police non-emergency line but nothing happened.",
            about=k,
            cats=["physical", "emotional"],
            urgent=True,
            where="school office",
            acting="A relative describes a video of the child punished outside in the cold and marks on the face, "
            "after the child's 'nobody loves me': Arthur Labinjo-Hughes - relatives' concerns are referred, "
            "and schools follow up what the police were told",
        ),
    ]


@family(
    "concerns-continue-after-monitor",
    escalating=True,
    count=6,
    years=(years("2", "6"), years("6", "10"), years("R", "3")),
    summary="Emotional abuse and low-level concerns that keep coming after the DSL decided to monitor: "
    "professional curiosity and escalation (Working Together 2023; NSPCC learning: drift after 'monitor')",
)
def continue_after_monitor(c: Cast) -> list[Step]:
    k, home = c.k, c.home
    if c.v % 3 == 0:
        return [
            concern(
                0,
                "10:50",
                "class",
                f"{k.name} said Mum told {k.him} she wishes {k.he} had never been born.",
                about=k,
                words="Mum says she wishes I was never born.",
                cats=["emotional"],
            ),
            concern(
                8,
                "09:10",
                "ta",
                f"{k.name} very anxious about not having {k.his} reading record signed. {k.He} said {k.he} will "
                f"get shouted at and locked in {k.his} room.",
                about=k,
                cats=["emotional"],
                words="I'll get locked in my room again.",
            ),
            concern(
                15,
                "12:40",
                "midday",
                f"{k.name} ate all of {k.his} lunch and asked if {k.he} could have another. {k.He} said {k.he} wasn't "
                f"allowed tea last night because {k.he} was being punished.",
                about=k,
                words="I'm not allowed tea when I'm bad.",
                cats=["neglect", "emotional"],
                acting="Food withheld as punishment, locked in a bedroom, told they were unwanted: emotional abuse "
                "and neglect continuing after a monitor decision - escalate to a referral rather than monitor again",
            ),
            concern(
                22,
                "14:30",
                "class",
                f"{k.name} said {home.partner} calls {k.him} useless and a waste of space every day.",
                about=k,
                cats=["emotional"],
                words="He says I'm a waste of space.",
            ),
        ]
    if c.v % 3 == 1:
        return [
            concern(
                0,
                "11:00",
                "teacher",
                f"{k.name} upset in class, said {k.his} dad 'loses it' at home. Didn't want to say more.",
                about=k,
                cats=["emotional"],
            ),
            concern(
                6,
                "13:20",
                "pastoral",
                f"{k.name} has missed lunch three days this week; says there isn't any money.",
                about=k,
                cats=["neglect"],
            ),
            concern(
                13,
                "15:00",
                "class",
                f"{k.name} asked if {k.he} could stay late at school every night. {k.He} said {k.he} doesn't want to "
                f"go home when dad's there because he throws things and last night threw a plate at {k.him}.",
                about=k,
                cats=["physical", "emotional"],
                words="He threw a plate at me last night. I don't want to go home when he's there.",
                acting="A third concern after monitoring, now a child who does not want to go home and describes "
                "being thrown at: escalate to a referral (Working Together 2023)",
            ),
        ]
    return [
        concern(
            0,
            "09:05",
            "class",
            f"{k.name} came in without a coat in the rain and was cold. Mum said {k.he} wouldn't wear it.",
            about=k,
            cats=["neglect"],
        ),
        concern(
            7,
            "10:40",
            "ta",
            f"{k.name} wet {k.him}self in class and was very frightened that Mummy would find out. {k.He} begged me "
            "not to tell.",
            about=k,
            words="Please don't tell Mummy, she'll put me in the cold bath.",
            cats=["emotional"],
        ),
        concern(
            12,
            "14:15",
            "class",
            f"{k.name} has a red mark on the top of {k.his} right arm. {k.He} said Mummy pinched {k.him} for being "
            "slow.",
            about=k,
            cats=["physical"],
            words="Mummy pinched me cos I was slow.",
            marks=[
                mark("right-upper-arm-front", "mark", size=15, colour="red", explanation="mummy pinched me", by="child")
            ],
            acting="After monitoring, a young child terrified of punishment ('cold bath') now says their mother "
            "pinched them, with a mark: escalate - refer",
        ),
    ]


@family(
    "medical-neglect",
    escalating=True,
    count=5,
    years=(years("1", "6"), years("6", "10")),
    summary="A child in pain whose parents do not seek treatment despite the school's requests: dental decay, "
    "infection, glasses (NICE CG89: medical neglect; Working Together 2023)",
)
def medical_neglect(c: Cast) -> list[Step]:
    k = c.k
    if c.v % 2 == 0:
        return [
            concern(
                0,
                "12:30",
                "midday",
                f"{k.name} couldn't eat lunch - said {k.his} teeth hurt. Several of {k.his} front teeth look black.",
                about=k,
                cats=["neglect"],
            ),
            concern(
                8,
                "10:20",
                "class",
                f"{k.name} in pain again, holding {k.his} jaw. Mum told me last week she'd book the dentist. {k.He} "
                "says they haven't been.",
                about=k,
                cats=["neglect"],
            ),
            concern(
                14,
                "09:15",
                "senco",
                f"{k.name}'s face is swollen on the left side; looks like an abscess. The school nurse says three "
                f"dental appointments were missed. {k.His} glasses have been broken since September.",
                about=k,
                cats=["neglect"],
                acting="A swollen face from an untreated abscess, three missed appointments and weeks of pain "
                "after the school asked the parents to act: medical neglect calls for a referral",
            ),
        ]
    return [
        concern(
            0,
            "14:05",
            "teacher",
            f"{k.name} has an inhaler that is empty. {k.He} had an asthma attack in PE and we used the school spare.",
            about=k,
            cats=["neglect"],
        ),
        concern(
            7,
            "09:50",
            "office",
            f"Letters home about {k.name}'s inhaler not answered. Dad says he'll 'sort it'.",
            about=k,
            cats=["neglect"],
        ),
        concern(
            12,
            "11:30",
            "pe",
            f"{k.name} had a bad asthma attack, blue around the lips; ambulance called. No inhaler in school. Dad "
            "didn't answer for an hour.",
            about=k,
            cats=["neglect"],
            urgent=True,
            acting="A serious asthma attack needing an ambulance after the parents ignored repeated requests for an "
            "inhaler: medical neglect putting the child at risk; refer",
        ),
    ]
