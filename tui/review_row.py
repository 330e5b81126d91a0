"""How one pupil's row on the review is drawn: its cells, its flags in the room left, and the why pane."""

from __future__ import annotations

from datetime import datetime

from rich.text import Text
from textual.content import Content

from school_log.model import Flag, ReviewItem
from school_log.patterns.facts import count_of
from tui.wording import badge, is_overdue, plain_why, waited, year

PROMPTS = {"consider-referral": "Consider referral", "review": "Review"}


def is_urgent(item: ReviewItem) -> bool:
    """An urgent concern no one has decided on yet."""
    return any(flag.code == "urgent" for flag in item.flags)


def prompt_text(item: ReviewItem) -> str:
    """What the row asks of the DSL: URGENT first when an urgent concern waits; with a live referral,
    where it stands and, when something new came in since, that too ("Open s17 · 1 new to review")."""
    asked = PROMPTS.get(item.prompt, item.prompt)
    if item.referral_status:
        new = f"{count_of(item.unreviewed, 'new entry', 'new entries')} to review" if item.unreviewed else ""
        asked = " · ".join(part for part in (item.referral_status, new) if part)
    return f"URGENT · {asked}" if is_urgent(item) else asked


def _in_order(flags: tuple[Flag, ...]) -> list[Flag]:
    """Urgent first, so it is never the one folded into "+N"."""
    return sorted(flags, key=lambda flag: flag.code != "urgent")


def _badge_style(flag: Flag, colours: dict[str, str]) -> str:
    if is_overdue(flag):
        return f"bold {colours['text-warning']}"
    return f"bold {colours['text-error']}" if flag.code in ("urgent", "referral-route") else colours["text-primary"]


def flag_cell(item: ReviewItem, colours: dict[str, str], width: int) -> Text:
    """'[recurrent] [same place]' when every badge fits in `width` cells, else as many as fit
    in '4 flags: recurrent, same place, +2' (the why pane lists them all)."""
    flags = _in_order(item.flags)
    full = Text(" ").join(Text(f"[{badge(f)}]", style=_badge_style(f, colours)) for f in flags)
    if full.cell_len <= width or len(flags) <= 1:
        return full
    total, badges = len(flags), [badge(f) for f in flags]

    def length(shown: int) -> int:
        return len(f"{total} flags: ") + sum(len(b) + 2 for b in badges[:shown]) + len(f"+{total - shown}")

    shown = max((n for n in range(1, total) if length(n) <= width), default=1)
    cell = Text(f"{total} flags: ")
    for flag in flags[:shown]:
        cell.append(badge(flag), style=_badge_style(flag, colours))
        cell.append(", ")
    cell.append(f"+{total - shown}")
    return cell


def review_cells(item: ReviewItem, colours: dict[str, str], at: datetime, *, upn: bool = True) -> list[Text]:
    """One review row without its Flags cell (which needs to know the room left: `flag_cell`)."""
    prompt = prompt_text(item)
    prompt_cell = (
        Text(prompt, style=f"bold {colours['text-error']}")
        if is_urgent(item) or (item.prompt == "consider-referral" and not item.referral_status)
        else Text(prompt)
    )
    return [
        Text(item.pupil.name),
        Text(year(item.pupil)),
        *([Text(item.pupil.upn)] if upn else []),
        prompt_cell,
        Text(str(item.unreviewed), justify="right"),
        Text(waited(item.oldest_unreviewed_at, at), justify="right"),
    ]


def why(item: ReviewItem | None) -> Content:
    """The selected pupil's flag summaries: the reason they are on the list."""
    if item is None:
        return Content.from_markup("[$text-muted]Nobody is waiting for a decision.[/]")
    lines = [Content.from_markup("[b]$name[/b] — $prompt", name=item.pupil.name, prompt=prompt_text(item))]
    for flag in _in_order(item.flags):
        colour = "$text-warning" if is_overdue(flag) else "$text-error" if flag.code == "urgent" else "$text-primary"
        summary = plain_why(flag.summary)
        lines.append(Content.from_markup(f"• [b {colour}]$badge[/]  $summary", badge=badge(flag), summary=summary))
    if item.flags and not any(flag.summary for flag in item.flags):  # the saved list keeps no words of the log
        lines.append(Content.from_markup("[$text-muted]The reasons follow once the current review is read…[/]"))
    if not item.flags:
        lines.append(Content.from_markup("• [$text-muted]$n unreviewed, no pattern yet[/]", n=str(item.unreviewed)))
    return Content("\n").join(lines)
