"""The DSL dashboard as data for the team-sealed cache, and back.

The dashboard takes seconds to work out on a large school (every entry is
decrypted and every pattern rule run); its last result, sealed under the team
key, lets the DSL's first screen paint at once while the current one is computed.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from school_log.codec import KIND_OF, from_payload, to_payload
from school_log.model import Entry, Flag, Pupil, ReviewItem
from school_log.views import Dashboard, FollowUp

NAME = "dashboard"


def _entry(entry: Entry) -> dict[str, Any]:
    return {
        "kind": KIND_OF[type(entry)],
        "id": entry.id,
        "pupil_id": entry.pupil_id,
        "author_id": entry.author_id,
        "recorded_at": entry.recorded_at.isoformat(),
        "data": to_payload(entry),
    }


def _from_entry(data: dict[str, Any]) -> Any:
    return from_payload(
        data["kind"],
        data["data"],
        id=data["id"],
        pupil_id=data["pupil_id"],
        author_id=data["author_id"],
        recorded_at=datetime.fromisoformat(data["recorded_at"]),
    )


def to_data(dashboard: Dashboard) -> dict[str, Any]:
    return {
        "computed_at": dashboard.computed_at.isoformat(),
        "review": [
            {
                "pupil": item.pupil.id,
                "prompt": item.prompt,
                "unreviewed": item.unreviewed,
                "oldest": item.oldest_unreviewed_at.isoformat() if item.oldest_unreviewed_at else None,
                "score": item.score,
                "strength": item.strength,
                "referral_status": item.referral_status,
                "flags": [[f.code, f.summary, list(f.entries), f.weight] for f in item.flags],
            }
            for item in dashboard.review
        ],
        "follow_ups": [
            {"pupil": f.pupil.id, "decision": _entry(f.decision), "overdue": f.overdue} for f in dashboard.follow_ups
        ],
        "notifications": [{"pupil": p.id, "entry": _entry(n)} for p, n in dashboard.notifications],
    }


def from_data(data: dict[str, Any], pupils: Mapping[str, Pupil]) -> Dashboard | None:
    """The cached dashboard, or None if it names a pupil no longer on the roster."""
    try:
        review = [
            ReviewItem(
                pupil=pupils[item["pupil"]],
                prompt=item["prompt"],
                unreviewed=item["unreviewed"],
                oldest_unreviewed_at=datetime.fromisoformat(item["oldest"]) if item["oldest"] else None,
                flags=tuple(
                    Flag(code, summary, tuple(entries), weight) for code, summary, entries, weight in item["flags"]
                ),
                score=item["score"],
                strength=item.get("strength", item["score"]),  # caches written before strength existed
                referral_status=item.get("referral_status", ""),
            )
            for item in data["review"]
        ]
        follow_ups = [
            FollowUp(pupils[f["pupil"]], _from_entry(f["decision"]), f["overdue"]) for f in data["follow_ups"]
        ]
        notifications = [(pupils[n["pupil"]], _from_entry(n["entry"])) for n in data["notifications"]]
        return Dashboard(review, follow_ups, notifications, datetime.fromisoformat(data["computed_at"]), cached=True)
    except (KeyError, TypeError, ValueError):
        return None
