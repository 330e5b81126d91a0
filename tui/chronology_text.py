"""What the chronology screen shows as text: the pupil's header, a flag's line, an entry's row in the table.

Kept apart from `tui.screens.chronology`, which lays these out and acts on keys.
"""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual.content import Content

from school_log.model import Flag, KnownCondition, when
from school_log.patterns.facts import count_of
from school_log.views import Chronology, ChronologyItem
from tui.entry_text import first_words, gist
from tui.wording import KIND_LABELS, badge, day, is_overdue, on_day, plain_why, pupil_flags, year

MARKER = "▶"


def header(chron: Chronology, household: bool, today: date) -> Content:
    """Who the child is, and who else lives with them."""
    pupil = chron.pupil
    legal = f" ({pupil.given_name})" if pupil.preferred_name and pupil.preferred_name != pupil.given_name else ""
    flags = pupil_flags(pupil.flags)
    first = Content.from_markup(
        "[b]$name[/b]$legal · born $born (age $age) · $year · UPN $upn"
        + (" · [b $text-warning]$flags[/]" if flags else "")
        + (" · [b]left $left[/b]" if pupil.left_on else ""),
        name=pupil.name,
        legal=legal,
        born=day(pupil.date_of_birth),
        age=str(pupil.age_on(today)),
        year=year(pupil),
        upn=pupil.upn,
        flags=flags,
        left=day(pupil.left_on) if pupil.left_on else "",
    )
    known = [i.entry for i in chron.items if not i.sibling and isinstance(i.entry, KnownCondition)]
    if known:  # the footer may not show `k` in a narrow terminal: the header says where the record is
        names = ", ".join(dict.fromkeys(c.name or c.condition.replace("-", " ") for c in known))
        first = first + Content.from_markup(" · [b]Known health:[/b] $names (k)", names=names)
    if not chron.household:
        return first
    siblings = ", ".join(f"{s.name} ({year(s)})" for s in chron.household)
    shown = "siblings' entries shown" if household else "siblings' entries hidden"
    return Content("\n").join(
        [
            first,
            Content.from_markup("[$text-muted]Household: $siblings · $shown (h)[/]", siblings=siblings, shown=shown),
        ]
    )


def flag_option(flag: Flag, shown: set[str]) -> Content:
    """A flag with its badge, summary and how many of its entries are in view."""
    colour = "$text-warning" if is_overdue(flag) else "$text-primary"
    hidden = sum(1 for e in flag.entries if e not in shown)
    count = count_of(len(flag.entries), "entry", "entries") + (
        f", {hidden} on a sibling's record (h)" if hidden else ""
    )
    return Content.from_markup(
        f"[b {colour}]$badge[/] $summary [$text-muted]— $count[/]",
        badge=badge(flag),
        summary=plain_why(flag.summary),
        count=count,
    )


ABOUT_CHARS = 200
"""Most of an entry's gist shown in its row, wrapped over as many lines as it takes."""
NARROWEST_ABOUT = 24
"""The About column is never narrower than this, however wide the other columns are."""


def about_width(rows: list[list[Text]], table_width: int) -> int:
    """What is left of the table for the About column, after the other columns (as wide as their
    widest cell or heading), every column's padding and the scrollbar."""
    headings = ("", "#", "When", "Kind", "By")
    others = [max([len(h), *(row[i].cell_len for row in rows)]) for i, h in enumerate(headings)]
    return max(NARROWEST_ABOUT, table_width - sum(w + 2 for w in others) - 2 - 2)


def entry_cells(n: int, item: ChronologyItem, marked: bool, superseded: bool = False) -> list[Text]:
    entry = item.entry
    about = Text()
    if superseded:
        about.append("[superseded] ", style="bold")
    if item.sibling:
        about.append(f"[sibling: {item.pupil.name}] ", style="bold")
    about.append(first_words(gist(entry), ABOUT_CHARS))
    by = f"{item.author} ({item.role})" if item.role else item.author
    return [
        Text(MARKER if marked else " ", style="bold"),  # never empty: Textual cannot pad an empty cell to a tall row
        Text(f"#{n}", style="dim"),
        Text(on_day(when(entry))),
        Text(KIND_LABELS[type(entry)]),
        Text(by),
        about,
    ]
