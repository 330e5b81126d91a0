"""Times as people read and type them: local wall-clock minutes, not UTC ISO strings."""

from __future__ import annotations

from datetime import datetime

FORMAT = "%Y-%m-%d %H:%M"
SHOWN_AS = "YYYY-MM-DD HH:MM"


def show(moment: datetime) -> str:
    """An aware instant in this computer's local time, to the minute."""
    return moment.astimezone().strftime(FORMAT)


def parse(text: str) -> datetime:
    """A local "YYYY-MM-DD HH:MM" as an aware instant; ValueError if it is not one."""
    return datetime.strptime(text.strip(), FORMAT).astimezone()
