"""Narrowing the DSL's review list: by year group, category, flag, author and waiting time.

A filter only hides rows; it never changes who needs a decision or why. It reads
the entries the review was built from (already decrypted and audited by that read).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields
from datetime import datetime, timedelta

from school_log.model import Concern, Entry, ReviewItem


@dataclass(frozen=True)
class ReviewFilter:
    """Empty fields match everything; the rest must all hold."""

    year_group: str = ""
    category: str = ""
    flag: str = ""
    author: str = ""  # an account id
    waited_days: int = 0  # the oldest unreviewed entry is at least this old

    @property
    def active(self) -> bool:
        return any(getattr(self, f.name) for f in fields(self))

    def matches(self, item: ReviewItem, entries: Sequence[Entry], now: datetime) -> bool:
        if self.year_group and item.pupil.year_group != self.year_group:
            return False
        if self.flag and not any(flag.code == self.flag for flag in item.flags):
            return False
        if self.category and not any(isinstance(e, Concern) and self.category in e.categories for e in entries):
            return False
        if self.author and not any(e.author_id == self.author and e.transferred is None for e in entries):
            return False
        if self.waited_days:
            oldest = item.oldest_unreviewed_at
            if oldest is None or now - oldest < timedelta(days=self.waited_days):
                return False
        return True


def apply(
    review: Sequence[ReviewItem], entries_of: dict[str, list[Entry]], criteria: ReviewFilter, now: datetime
) -> list[ReviewItem]:
    """The review items `criteria` lets through, in the review's order."""
    if not criteria.active:
        return list(review)
    return [item for item in review if criteria.matches(item, entries_of.get(item.pupil.id, []), now)]
