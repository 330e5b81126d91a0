"""What a school writes about most children in a year, if anything: one or two ordinary entries.

Every pupil not at the centre of a trajectory gets none, one or two of these, written by
whoever would see it, on a random school day. A DSL reads and closes them.
"""

from __future__ import annotations

from tests.replay_practice.story import Kid, Step, concern, mark

#: (phases it suits: "E" early years, "P" primary, "S" secondary; role; how to write it)
ORDINARY: tuple[tuple[str, str, str], ...] = (
    ("E", "nursery", "{name} upset at drop-off, settled within ten minutes with a story."),
    ("EP", "ta", "{name} had a nosebleed in class, stopped after five minutes. Mum told at pick-up."),
    ("EPS", "midday", "{name} grazed {his} hand on the playground. Cleaned, plaster. I saw {him} trip."),
    ("PS", "office", "{name} forgot {his} lunch; school lunch given, mum paid online."),
    ("P", "class", "{name} worried about the SATs; talked it through, feeling better."),
    ("PS", "class", "{name} fell out with a friend at lunch. Sorted out with both of them."),
    ("EP", "class", "{name} tired after a cousin's birthday party at the weekend; mum said a late night."),
    ("E", "nursery", "{name} wet {him}self at story time; spare clothes, mum told, no worries."),
    ("S", "teacher", "{name} upset after losing {his} phone on the bus; reported to the bus company."),
    ("EPS", "office", "{name} complained of tummy ache, temperature 38.2; mum collected."),
    ("P", "class", "{name} cried about {his} hamster dying at the weekend. Drew a picture of him."),
    ("PS", "pastoral", "{name} nervous about moving house next month; talked about the new route to school."),
    ("S", "pe", "{name} forgot PE kit for the third time; letter home."),
    ("S", "teacher", "{name} anxious about a presentation in English; practised with a friend, went well."),
    ("P", "pe", "{name} twisted {his} ankle in PE - I saw it. Ice, rested, walked fine by lunch."),
)


def ordinary(kid: Kid, n: int) -> list[Step]:
    """`n` (0-2) ordinary entries about `kid`, a few weeks apart (days are placed by the corpus)."""
    phase = "E" if kid.year in ("N", "R") else ("P" if kid.primary else "S")
    fitting = [entry for entry in ORDINARY if phase in entry[0]]
    steps = []
    for number in range(n):
        _, role, text = fitting[(hash_of(kid) + 7 * number) % len(fitting)]
        words = text.format(name=kid.name, his=kid.his, him=kid.him)
        marks = (
            [mark("right-hand-front", "graze", explanation="tripped in the playground", by="child")]
            if "grazed" in text
            else []
        )
        steps.append(concern(30 * number, "11:30", role, words, about=kid, marks=marks, close=True))
    return steps


def hash_of(kid: Kid) -> int:
    """A stable number for a child (Python's own hash of a str changes between runs)."""
    return sum(ord(ch) * (n + 1) for n, ch in enumerate(kid.full))
