"""The term replay (tests/replay_term.py) holds the review to the issue's targets."""

from __future__ import annotations

from tests.replay_term import DAYS, replay


def test_a_term_replayed_meets_recall_on_time_and_benign_targets() -> None:
    """Recall >= 95 %, benign pupils prompted <= 5 %, witnessed-accident pupils never prompted."""
    result = replay()
    assert len(result.escalating) >= 10 and len(result.benign) >= 10
    assert sum(1 for o in result.benign if o.story.witnessed_pair) >= 2
    assert result.recall >= 0.95, [o.story.name for o in result.escalating if o.prompted_on is None]
    assert result.benign_prompted <= 0.05, [o.story.name for o in result.benign if o.prompted_on is not None]
    assert result.witnessed_prompted == 0
    background = [o for o in result.background if o.story.events]
    assert len(background) >= 40 and result.rate(background) <= 0.05


def test_each_escalating_pupil_is_prompted_by_the_day_the_picture_is_complete() -> None:
    """'Consider referral' comes at the 16:00 triage of the day the pattern is complete, or earlier."""
    late = {
        o.story.name: (DAYS[o.due_on], o.prompted_on and DAYS[o.prompted_on])  # type: ignore[index]
        for o in replay().escalating
        if o.prompted_on is None or o.prompted_on > o.due_on  # type: ignore[operator]
    }
    assert late == {}
