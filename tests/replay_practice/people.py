"""The people of Brookfield Academy, an all-through school (nursery to Year 11): staff and names.

Staff write as people do. Each has a habit for the form's boxes, from what DSLs see in
their own logs: some tick every category that applies and "urgent" when it is, name the
witness and who gave an explanation; some tick the first category that comes to mind and
leave the witness in the narrative; some tick nothing and write it all in words.
"""

from __future__ import annotations

from tests.replay_practice.story import Kid, Staff

#: How a member of staff fills in the boxes (the words are always written in full).
HABITS = {
    "thorough": "every category that applies, urgent when it is, the witness and who explained",
    "brief": "the first category only, urgent half the time, the witness only in the narrative",
    "minimal": "no categories, never urgent, nobody named as explaining or witnessing: all of it in words",
}

STAFF: tuple[Staff, ...] = (
    Staff("dana", "Mrs Whitfield", "Dana Whitfield", "dsl", "thorough", dsl=True),
    Staff("priya", "Mrs Sharma", "Priya Sharma", "dsl", "thorough", dsl=True),
    Staff("marcus", "Mr Hale", "Marcus Hale", "dsl", "thorough", dsl=True),
    Staff("jbell", "Miss Bell", "Joanne Bell", "class-N", "thorough"),
    Staff("kfoster", "Kerry", "Kerry Foster", "nursery", "minimal"),
    Staff("rcarter", "Mrs Carter", "Rachel Carter", "class-R", "brief"),
    Staff("thughes", "Mr Hughes", "Tom Hughes", "class-1", "brief"),
    Staff("anowak", "Miss Nowak", "Anna Nowak", "class-2", "thorough"),
    Staff("smensah", "Mr Mensah", "Samuel Mensah", "class-3", "minimal"),
    Staff("lpatel", "Mrs Patel", "Leena Patel", "class-4", "thorough"),
    Staff("gwalsh", "Miss Walsh", "Grace Walsh", "class-5", "brief"),
    Staff("drowe", "Mr Rowe", "David Rowe", "class-6", "brief"),
    Staff("mkhan", "Mrs Khan", "Maryam Khan", "ta", "minimal"),
    Staff("bcooper", "Mrs Cooper", "Beth Cooper", "ta", "brief"),
    Staff("ijames", "Miss James", "Imogen James", "class-7", "thorough"),
    Staff("pquinn", "Mr Quinn", "Patrick Quinn", "class-8", "minimal"),
    Staff("foyelaran", "Ms Oyelaran", "Funmi Oyelaran", "class-9", "brief"),
    Staff("cdale", "Mr Dale", "Chris Dale", "class-10", "brief"),
    Staff("hlamb", "Mrs Lamb", "Helen Lamb", "class-11", "thorough"),
    Staff("nsilva", "Mrs Silva", "Natalia Silva", "teacher", "brief"),
    Staff("jfarah", "Mr Farah", "Jamal Farah", "teacher", "minimal"),
    Staff("wkemp", "Mr Kemp", "Will Kemp", "pe-primary", "minimal"),
    Staff("dokafor", "Mr Okafor", "Daniel Okafor", "pe", "brief"),
    Staff("sreid", "Miss Reid", "Sophie Reid", "pe", "thorough"),
    Staff("ltaylor", "Lorraine", "Lorraine Taylor", "midday", "minimal"),
    Staff("yahmed", "Yasmin", "Yasmin Ahmed", "midday", "brief"),
    Staff("cmills", "Mrs Mills", "Carol Mills", "office", "minimal"),
    Staff("rshaw", "Mrs Shaw", "Ruth Shaw", "attendance", "brief"),
    Staff("ebarnes", "Mrs Barnes", "Emma Barnes", "breakfast", "minimal"),
    Staff("lholt", "Ms Holt", "Lisa Holt", "pastoral-primary", "thorough"),
    Staff("akowalski", "Mr Kowalski", "Adam Kowalski", "pastoral", "thorough"),
    Staff("vprice", "Mrs Price", "Victoria Price", "senco", "brief"),
    Staff("tgreen", "Mr Green", "Toby Green", "lsa", "minimal"),
)

#: The roles a story names, and for a child which colleague fills it (by phase).
ROLES = ("class", "ta", "nursery", "pe", "midday", "office", "attendance", "breakfast", "pastoral", "senco", "teacher")

_BY_ROLE: dict[str, list[Staff]] = {}
for _member in STAFF:
    _BY_ROLE.setdefault(_member.role, []).append(_member)


def staff_for(kid: Kid, role: str, turn: int = 0) -> Staff:
    """Who in `role` would see `kid` (`turn` picks among several, e.g. the two midday supervisors)."""
    primary = kid.primary
    key = {
        "class": f"class-{kid.year}",
        "ta": "ta" if primary else "lsa",
        "nursery": "nursery" if kid.year in ("N", "R") else ("ta" if primary else "lsa"),
        "pe": "pe-primary" if primary else "pe",
        "pastoral": "pastoral-primary" if primary else "pastoral",
        "teacher": f"class-{kid.year}" if primary else "teacher",
        "dsl": "dsl",
    }.get(role, role)
    choices = _BY_ROLE[key]
    if key == "dsl":  # the deputy for the child's phase records what agencies tell the school
        return choices[1] if primary else choices[2]
    return choices[turn % len(choices)]


def passphrase(member: Staff) -> str:
    """A passphrase strong enough for the vault's policy (synthetic; a test vault only)."""
    return f"orchard {member.username[::-1]} lantern kettle seventeen"


#: Given names by sex, and family names: the mix of a large English town.
GIVEN = {
    "F": (
        "Olivia Amelia Isla Ava Lily Freya Aisha Zara Maryam Sophie Grace Poppy Evie Ruby Chloe Mia Hafsa "
        "Amira Layla Nia Precious Zuzanna Maja Lena Jessica Megan Ellie Holly Keira Shannon Priya Anaya Khadija "
        "Leah Esme Harper Willow Skye Tia Demi Rosie Niamh Erin Jade Courtney Kayla Oliwia Julia Sienna Ada Iris "
        "Phoebe Daisy Imani Tanisha Roxanne Bethany Lacey Millie Summer Alesha Kiera Ifeoma Chantelle Hana "
        "Eliza Martha Aaliyah Inaya Ebony Faith Gabriela Bianca Elena Ioana Sofia Nadia Yasmin Scarlett"
    ).split(),
    "M": (
        "Oliver Muhammad Noah Leo Kai Jayden Harry Alfie Ibrahim Tyler Mason Reuben Oscar Jacob Zain Ethan Lucas "
        "Kacper Mateo Ayaan Kofi Daniel Arjun Finley Riley Logan Dylan Theo Yusuf Callum Lewis Connor Jake "
        "Bilal Samuel Joshua Ryan Liam Charlie Freddie George Archie Rohan Emeka Tunde Marcel Luca Jenson "
        "Brandon Kian Reggie Tommy Ollie Jamie Aaron Hamza Idris Kayden Rocco Szymon Filip Adrian Darius "
        "Andrei Mihai Ezra Elijah Caleb Hunter Frankie Ronnie Bobby Alfie-James Kieran Declan Nathan Max"
    ).split(),
}
FAMILY_NAMES = (
    "Smith Jones Taylor Brown Williams Wilson Johnson Davies Patel Khan Ahmed Hussain Begum Ali Okafor Mensah "
    "Adeyemi Kowalczyk Nowicki Popescu Murphy O'Brien Kelly Evans Thomas Roberts Hughes Clarke Hall Wood Harris "
    "Lewis Robinson Walker Wright Green Baker Hill Ward Turner Cooper King Price Bennett Gray Mills Doyle Barnes "
    "Kaur Singh Mahmood Osei Nguyen Chen Silva Santos Ferreira Yilmaz Demir Ibrahim Hassan Nwosu Adams "
    "Fletcher Pearce Marsh Holt Rowe Lowe Lamb Carr Dixon Fox Hart Lord Moss Nash Page Reed Stone Webb Wilde "
    "Jackson Morris Rogers Cook Bell Parker Bailey Cox Howard Watson Brooks Sanders Kennedy Burke Lynch Daly "
    "Boateng Asante Okonkwo Kamara Conteh Rahman Uddin Miah Akhtar Iqbal Shah Bibi Rossi Bianchi Novak Horvat "
    "Petrov Ivanova Dimitrov Kaya Sahin Abbasi Karimi Nazari Begovic Mehmeti Gashi Krasniqi Lungu Stan Radu"
).split()
#: For stories whose practice literature centres on particular communities (FGM: girls from practising
#: communities, Home Office / NHS guidance): names common in those diaspora communities in England.
NAMES = {
    "fgm": {
        "F": "Hodan Ifrah Sumaya Ayan Hibaaq Deeqa Fardowsa Amal Hawa Saida Nasra Muna Mariama Fatou Isatou Aminata "
        "Binta Selam Hiwot Rahel Samira Nour Aya".split(),
        "family": "Warsame Abdi Farah Mohamed Hersi Jama Yusuf Osman Jallow Ceesay Bah Sesay Tesfaye Gebre Haile "
        "Mahmoud Elsayed Idris".split(),
    },
}
