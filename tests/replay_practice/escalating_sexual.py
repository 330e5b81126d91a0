"""Escalating families: sexual abuse told by the child, sexual behaviour beyond the child's age, self-harm.

Sources: KCSIE 2024/2025 (sexual abuse; harmful sexual behaviour); the Brook Sexual
Behaviours Traffic Light Tool (red: explicit sexual knowledge or acts beyond the
child's age, coercion, a child saying an adult does it); NICE NG225 and CG133
(self-harm: escalation, suicidal intent with a plan or means, an overdose is a medical
emergency); Working Together 2023.
"""

from __future__ import annotations

from tests.replay_practice.story import Cast, Step, concern, family, mark, years


@family(
    "sexual-abuse-disclosure",
    escalating=True,
    count=6,
    years=(years("1", "4"), years("7", "10"), years("3", "6")),
    summary="A child says an adult touches them sexually, or comes into their room at night, or shows signs and "
    "names an adult: referral to social care and the police at once (KCSIE; Working Together 2023)",
)
def sexual_abuse(c: Cast) -> list[Step]:
    k, home = c.k, c.home
    if c.v % 3 == 0:
        return [
            concern(
                0,
                "13:50",
                "ta",
                f"While we were doing 'PANTS' in PSHE {k.name} put {k.his} hand up and then told me quietly at the "
                "end, words below. I said thank you for telling me and that I would tell someone who can help.",
                about=k,
                cats=["sexual"],
                urgent=True,
                words=f"Uncle {home.partner} does secret tickles in my private parts when Mummy's at work. He said "
                "I'm not allowed to tell or I'll get in trouble.",
                action="Went straight to Mrs Sharma.",
                acting="A child says an adult touches their private parts in secret and swore them to silence: a "
                "disclosure of sexual abuse, referred to social care and the police the same day",
            ),
        ]
    if c.v % 3 == 1:
        return [
            concern(
                0,
                "10:05",
                "teacher",
                f"{k.name} has been very withdrawn and has stopped eating lunch.",
                about=k,
                cats=["mental-health"],
            ),
            concern(
                4,
                "08:50",
                "class",
                f"{k.name} left a note on my desk before registration, copied below. When I spoke to {k.him} "
                f"{k.he} cried and said {k.he} didn't want to say any more.",
                about=k,
                words="My stepdad comes in my room at night when mum is on nights. I don't want to go home. Please "
                "don't tell him I told you.",
                cats=["sexual"],
                acting="A written disclosure that a step-parent comes into the child's room at night, and a child "
                "afraid to go home: possible sexual abuse - refer to social care and police before the end of the "
                "school day",
            ),
        ]
    return [
        concern(
            0,
            "11:40",
            "ta",
            f"Changed {k.name} after a toileting accident. I noticed blood in {k.his} underwear and {k.he} said "
            "it hurts to sit down.",
            about=k,
            cats=["sexual"],
        ),
        concern(
            1,
            "14:30",
            "class",
            f"{k.name} told me it hurts 'where {home.partner} touched me' and that {home.partner} said it was a game.",
            about=k,
            cats=["sexual"],
            urgent=True,
            words=f"It hurts where {home.partner} touched me. He said it's a game.",
            acting="Genital soreness and bleeding, then the child names an adult who touched them and called it a "
            "game: sexual abuse - immediate referral to police and social care",
        ),
    ]


@family(
    "harmful-sexual-behaviour",
    escalating=True,
    count=6,
    years=(("R", "1", "2"), years("2", "4"), ("N", "R")),
    summary="Sexual behaviour far beyond the child's age - simulating sex, explicit knowledge, coercing "
    "another child - often learned from exposure or abuse (Brook traffic light: red, act now)",
)
def harmful_sexual_behaviour(c: Cast) -> list[Step]:
    k = c.k
    if c.v % 3 == 0:
        return [
            concern(
                0,
                "14:00",
                "class",
                f"{k.name} keeps touching {k.him}self through {k.his} clothes on the carpet. Redirected.",
                about=k,
                cats=["sexual"],
            ),
            concern(
                6,
                "12:35",
                "midday",
                f"{k.name} was found in the toilets with another child, had pulled the other child's pants down and "
                f"was lying on top of them making movements. When asked {k.he} said what is below.",
                about=k,
                where="KS1 toilets",
                words="It's what grown ups do. I saw it on the telly at Daddy's.",
                cats=["sexual", "child-on-child"],
                acting="A young child simulating sex on another child, learned 'at Daddy's': sexual behaviour far "
                "beyond the child's age (Brook red) suggests exposure or abuse - refer",
            ),
        ]
    if c.v % 3 == 1:
        return [
            concern(
                0,
                "11:05",
                "class",
                f"{k.name} described oral sex in detail to a group of children at wet play and asked a girl to do it "
                f"to {k.him} in the toilets.",
                about=k,
                cats=["sexual"],
                acting="Detailed sexual knowledge and an attempt to coerce another child, at primary age: red on the "
                "Brook traffic light - refer for the child and the other child",
            ),
            concern(
                3,
                "09:30",
                "class",
                f"{k.name} drew a picture with genitals and labelled it with a man's name.",
                about=k,
                cats=["sexual"],
            ),
        ]
    return [
        concern(
            0,
            "10:40",
            "nursery",
            f"{k.name} repeatedly trying to put {k.his} hand down staff's tops and into other children's trousers at "
            "nap time.",
            about=k,
            cats=["sexual"],
        ),
        concern(
            5,
            "11:15",
            "nursery",
            f"{k.name} put a toy between {k.his} legs and said what is below.",
            about=k,
            cats=["sexual"],
            urgent=True,
            words="This is what Daddy's friend does to me.",
            acting="A nursery child acting out sexual touching and saying an adult does it to them: a disclosure "
            "through play - refer",
        ),
    ]


@family(
    "self-harm-escalating",
    escalating=True,
    count=6,
    years=(years("8", "11"), years("7", "10"), years("9", "11")),
    summary="Self-harm that escalates - fresh cuts needing treatment, suicidal thoughts with a plan or means, "
    "an overdose (NICE NG225: urgent assessment; refer, and tell parents unless that puts the child at risk)",
)
def self_harm(c: Cast) -> list[Step]:
    k = c.k
    if c.v % 3 == 0:
        return [
            concern(
                0,
                "11:20",
                "pe",
                f"Noticed old scratch marks on {k.name}'s left forearm while changing. {k.He} said it was the cat.",
                about=k,
                cats=["self-harm"],
                marks=[mark("left-forearm-front", "scratch", explanation="the cat", by="child")],
            ),
            concern(
                7,
                "14:05",
                "teacher",
                f"Blood coming through {k.name}'s sleeve. Fresh cuts, several, on {k.his} left forearm. {k.He} said "
                f"{k.he} does it to feel better.",
                about=k,
                words="I do it to feel better.",
                marks=[mark("left-forearm-front", "cut", broken=True, shape="several parallel lines")],
                cats=["self-harm"],
            ),
            concern(
                12,
                "12:25",
                "pastoral",
                f"{k.name} told me {k.he} doesn't want to be here anymore and has been saving up {k.his} mum's "
                f"tablets in {k.his} room.",
                about=k,
                words="I don't want to be here anymore. I've got mum's tablets saved up.",
                cats=["self-harm", "mental-health"],
                acting="Self-harm escalating to suicidal intent with a plan and the means stockpiled: urgent "
                "referral (crisis mental-health team) the same day, parents told (NICE NG225)",
            ),
        ]
    if c.v % 3 == 1:
        return [
            concern(
                0,
                "10:00",
                "teacher",
                f"{k.name} wrote 'I hate myself I wish I was dead' in the back of {k.his} English book.",
                about=k,
                cats=["mental-health"],
            ),
            concern(
                5,
                "11:40",
                "pe",
                f"Deep cuts on {k.name}'s thighs seen in the changing room, one gaping. Sent to first aid, steristrips "
                "applied.",
                about=k,
                cats=["self-harm"],
                urgent=True,
                marks=[mark("left-thigh-front", "cut", broken=True, shape="deep, one gaping")],
                acting="Wishing to be dead, then self-inflicted cuts deep enough to need closing: escalating "
                "self-harm - urgent referral the same day (NICE NG225)",
            ),
        ]
    return [
        concern(
            0,
            "13:15",
            "class",
            f"{k.name} tearful and tired; said {k.he} can't sleep.",
            about=k,
        ),
        concern(
            4,
            "09:10",
            "pastoral",
            f"{k.name} told me {k.he} took twenty paracetamol last night and didn't tell anyone. {k.He} feels sick.",
            about=k,
            cats=["self-harm", "mental-health"],
            words="I took like twenty paracetamol last night. I didn't tell anyone.",
            action="999 called; parents called; DSL informed.",
            urgent=True,
            acting="An overdose last night that nobody knows about: a medical emergency and an act of self-harm "
            "with intent - 999, parents, and a referral (NICE NG225)",
        ),
    ]
