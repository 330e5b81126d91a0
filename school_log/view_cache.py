"""The DSL dashboard as data for the team-sealed cache, and back.

The dashboard takes seconds to work out on a large school (every entry is
decrypted and every pattern rule run); its last result, sealed under the team
key, lets the DSL's first screen paint at once while the current one is computed.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any, TypeVar

from pydantic import TypeAdapter

from school_log.codec import dump, load
from school_log.model import Notification, Pupil, ReviewItem
from school_log.views import Dashboard, FollowUp

#: Versioned: the cache under the earlier name "dashboard" had another shape, and is never read.
NAME = "dashboard/2"
_REVIEW_ITEM = TypeAdapter(ReviewItem)
_FOLLOW_UP = TypeAdapter(FollowUp)
_NOTIFICATION = TypeAdapter(Notification)
_Viewed = TypeVar("_Viewed", ReviewItem, FollowUp)


def _by_id(adapter: TypeAdapter[_Viewed], view: _Viewed) -> dict[str, Any]:
    """The view with its pupil named by id: the cache is read against the roster as it is then."""
    return dump(adapter, view, {"pupil"}) | {"pupil": view.pupil.id}


def _from_id(adapter: TypeAdapter[_Viewed], data: dict[str, Any], pupils: Mapping[str, Pupil]) -> _Viewed:
    return load(adapter, data | {"pupil": pupils[data["pupil"]]}, "dashboard")


def to_data(dashboard: Dashboard) -> dict[str, Any]:
    return {
        "computed_at": dashboard.computed_at.isoformat(),
        "review": [_by_id(_REVIEW_ITEM, item) for item in dashboard.review],
        "follow_ups": [_by_id(_FOLLOW_UP, f) for f in dashboard.follow_ups],
        "notifications": [{"pupil": p.id, "entry": dump(_NOTIFICATION, n)} for p, n in dashboard.notifications],
    }


def from_data(data: dict[str, Any], pupils: Mapping[str, Pupil]) -> Dashboard | None:
    """The cached dashboard, or None if it names a pupil no longer on the roster (or is not the shape expected)."""
    try:
        review = [_from_id(_REVIEW_ITEM, item, pupils) for item in data["review"]]
        follow_ups = [_from_id(_FOLLOW_UP, f, pupils) for f in data["follow_ups"]]
        notifications = [
            (pupils[n["pupil"]], load(_NOTIFICATION, n["entry"], "dashboard")) for n in data["notifications"]
        ]
        return Dashboard(review, follow_ups, notifications, datetime.fromisoformat(data["computed_at"]), cached=True)
    except (KeyError, TypeError, ValueError):
        return None
