"""Entries and body marks as plain text for the screens: facts, the child's words and opinion kept apart."""

from __future__ import annotations

from school_log.body_regions import REGIONS_BY_ID
from school_log.model import Addendum, BodyMark, Concern, Decision, Entry, Notification, ReferralOutcome
from tui.local_time import show

KIND_NAMES: dict[type, str] = {
    Concern: "Concern",
    Addendum: "Addendum",
    Notification: "Notification",
    Decision: "Decision",
    ReferralOutcome: "Referral outcome",
}


def describe_mark(mark: BodyMark) -> str:
    """One line per mark: what, where, how big, and who explained it."""
    region = REGIONS_BY_ID.get(mark.region)
    parts = [mark.type.capitalize(), region.label if region else mark.region]
    if mark.size_mm is not None:
        parts.append(f"{mark.size_mm} mm")
    parts += [p for p in (mark.shape, mark.colour) if p]
    if mark.skin_broken:
        parts.append("skin broken")
    text = ", ".join(parts)
    if mark.explanation:
        text += f"; explained by {mark.explained_by}: “{mark.explanation}”"
    return text


def first_line(text: str, width: int = 60) -> str:
    line = text.strip().splitlines()[0] if text.strip() else ""
    return line if len(line) <= width else line[: width - 1] + "…"


def summary(entry: Entry, pupil_name: str) -> str:
    """The entry in two short lines for a list: when written, what, about whom; how it starts."""
    kind = KIND_NAMES[type(entry)]
    if isinstance(entry, Concern):
        kind += " (URGENT)" if entry.urgent else ""
        gist = entry.what_happened
    elif isinstance(entry, Addendum):
        gist = entry.text
    elif isinstance(entry, Notification):
        gist = entry.summary
    elif isinstance(entry, Decision):
        gist = f"{entry.outcome}: {entry.rationale}"
    else:
        gist = f"{entry.outcome}: {entry.notes}"
    return f"{show(entry.recorded_at)}  {kind} · {pupil_name}\n  {first_line(gist, 50)}"


def details(entry: Entry, pupil_name: str) -> str:
    """Everything in the entry, each part under its own heading."""
    lines = [f"{KIND_NAMES[type(entry)]} about {pupil_name}", f"Reference: {entry.id}", f"Recorded: {show(entry.recorded_at)}"]

    def part(heading: str, text: str) -> None:
        if text:
            lines.extend(("", f"{heading}:", text))

    if isinstance(entry, Concern):
        lines.append(f"Happened: {show(entry.occurred_at)}" + (f" at {entry.location}" if entry.location else ""))
        if entry.urgent:
            lines.append("Marked URGENT")
        if entry.categories:
            lines.append("Categories: " + ", ".join(entry.categories))
        part("What happened (facts)", entry.what_happened)
        part("The child's own words", entry.child_words)
        part("Opinion (the writer's view, not fact)", entry.opinion)
        part("Action taken", entry.action_taken)
        part("Told", ", ".join(entry.informed))
        part("Body marks", "\n".join(f"{n}. {describe_mark(m)}" for n, m in enumerate(entry.body_marks, 1)))
    elif isinstance(entry, Addendum):
        part(f"Adds to {entry.refers_to}", entry.text)
    elif isinstance(entry, Notification):
        lines.append(f"From: {entry.agency} ({entry.kind}), happened {show(entry.occurred_at)}")
        part("Summary", entry.summary)
        part("The child's voice", entry.child_voice)
    elif isinstance(entry, Decision):
        lines.append(f"Outcome: {entry.outcome}, level {entry.level}")
        part("Reasons", entry.rationale)
    else:
        lines.append(f"Outcome: {entry.outcome}")
        part("Notes", entry.notes)
    return "\n".join(lines)
