"""The DSL dashboard as data for the team-sealed cache, and back: ids, codes, counts and dates, never words.

The dashboard takes seconds to work out on a large school (every entry is
decrypted and every pattern rule run); its last result, sealed under the team
key, lets the DSL's first screen paint at once while the current one is computed.
It keeps what that first paint shows and nothing more: for each pupil on the
review its id, prompt, counts, waiting time and flag codes (the badges); for each
follow-up and agency notification whose, which entry, when, the outcome or agency.
No flag summary, notification summary, child's words, reference or rationale:
what the log says stays in the log, so destroying a file leaves nothing here,
and the why pane fills in once the current review is read.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import datetime
from typing import Any, TypeVar

from pydantic import TypeAdapter

from school_log.codec import dump, load
from school_log.model import Flag, Pupil, ReviewItem
from school_log.views import Dashboard, FollowUp, RecentNotification

#: Versioned: the caches under the earlier names "dashboard" and "dashboard/2" had other shapes (with the
#: log's words), and are never read; an erasure deletes them with every other cached view.
NAME = "dashboard/3"
_REVIEW_ITEM = TypeAdapter(ReviewItem)
_FOLLOW_UP = TypeAdapter(FollowUp)
_NOTIFICATION = TypeAdapter(RecentNotification)
_Viewed = TypeVar("_Viewed", ReviewItem, FollowUp, RecentNotification)


def _by_id(adapter: TypeAdapter[_Viewed], view: _Viewed) -> dict[str, Any]:
    """The view with its pupil named by id: the cache is read against the roster as it is then."""
    return dump(adapter, view, {"pupil"}) | {"pupil": view.pupil.id}


def _from_id(adapter: TypeAdapter[_Viewed], data: dict[str, Any], pupils: Mapping[str, Pupil]) -> _Viewed:
    return load(adapter, data | {"pupil": pupils[data["pupil"]]}, "dashboard")


def badges_only(item: ReviewItem) -> ReviewItem:
    """The review item as the cache keeps it: each flag's code and weight, not its summary or entries."""
    return replace(item, flags=tuple(Flag(f.code, "", (), f.weight) for f in item.flags))


def to_data(dashboard: Dashboard) -> dict[str, Any]:
    return {
        "computed_at": dashboard.computed_at.isoformat(),
        "review": [_by_id(_REVIEW_ITEM, badges_only(item)) for item in dashboard.review],
        "follow_ups": [_by_id(_FOLLOW_UP, f) for f in dashboard.follow_ups],
        "notifications": [_by_id(_NOTIFICATION, n) for n in dashboard.notifications],
    }


def pupils_named(data: dict[str, Any]) -> set[str]:
    """The ids of the pupils a cached dashboard names (none, if it is not the shape expected)."""
    try:
        return {item["pupil"] for part in ("review", "follow_ups", "notifications") for item in data[part]}
    except (KeyError, TypeError):
        return set()


def from_data(data: dict[str, Any], pupils: Mapping[str, Pupil]) -> Dashboard | None:
    """The cached dashboard, or None if it names a pupil no longer on the roster (or is not the shape expected)."""
    try:
        review = [_from_id(_REVIEW_ITEM, item, pupils) for item in data["review"]]
        follow_ups = [_from_id(_FOLLOW_UP, f, pupils) for f in data["follow_ups"]]
        notifications = [_from_id(_NOTIFICATION, n, pupils) for n in data["notifications"]]
        return Dashboard(review, follow_ups, notifications, datetime.fromisoformat(data["computed_at"]), cached=True)
    except (KeyError, TypeError, ValueError):
        return None
