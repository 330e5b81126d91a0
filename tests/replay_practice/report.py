"""What the year's replay says: recall, on time, benign and hard-benign rates, and every miss and false alarm by name.

Measured as issue 25 asks. An escalating trajectory is *recalled* if any of its children
was ever prompted "consider-referral"; *on time* if that happened at or before the 16:00
triage of the day of its acting fragment. A benign trajectory is a *false alarm* if any
of its children was ever prompted "consider-referral". Each family is reported on its own.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from tests.replay_practice.replay import Replay
from tests.replay_practice.story import Trajectory

TARGETS = {"recall": 0.95, "on_time": 0.90, "benign": 0.05, "hard_family": 0.05}


@dataclass(frozen=True)
class Verdict:
    trajectory: Trajectory
    prompted: date | None  # the first triage at which any of its children was prompted "consider-referral"
    acting_day: date | None  # escalating only

    @property
    def on_time(self) -> bool:
        return self.prompted is not None and self.acting_day is not None and self.prompted <= self.acting_day

    @property
    def early(self) -> bool:
        """Prompted before the day a competent DSL would have acted (on time, but perhaps for the wrong reason)."""
        return self.prompted is not None and self.acting_day is not None and self.prompted < self.acting_day


@dataclass(frozen=True)
class Scores:
    escalating: list[Verdict]
    benign: list[Verdict]
    background: list[Verdict]

    @property
    def recall(self) -> float:
        return _share([v for v in self.escalating if v.prompted], self.escalating)

    @property
    def on_time(self) -> float:
        return _share([v for v in self.escalating if v.on_time], self.escalating)

    @property
    def benign_rate(self) -> float:
        return _share([v for v in self.benign if v.prompted], self.benign)

    @property
    def hard_rate(self) -> float:
        hard = [v for v in self.benign if v.trajectory.family.hard]
        return _share([v for v in hard if v.prompted], hard)

    def by_family(self, verdicts: list[Verdict]) -> dict[str, list[Verdict]]:
        grouped: dict[str, list[Verdict]] = defaultdict(list)
        for verdict in verdicts:
            grouped[verdict.trajectory.family.name].append(verdict)
        return dict(grouped)

    def hard_families(self) -> dict[str, float]:
        """Each hard benign family's share prompted to refer."""
        return {
            name: _share([v for v in group if v.prompted], group)
            for name, group in self.by_family(self.benign).items()
            if group[0].trajectory.family.hard
        }


def _share(part: list[Verdict], whole: list[Verdict]) -> float:
    return len(part) / len(whole) if whole else 0.0


def score(result: Replay) -> Scores:
    corpus = result.corpus

    def verdict(trajectory: Trajectory) -> Verdict:
        prompts = [result.first_referral_prompt(corpus.upn[kid]) for kid in trajectory.kids]
        first = min((p for p in prompts if p is not None), default=None)
        acting = trajectory.acting
        return Verdict(trajectory, first, corpus.day_of(trajectory, acting) if acting else None)

    escalating = [verdict(t) for t in corpus.trajectories if t.family.escalating]
    benign = [verdict(t) for t in corpus.trajectories if not t.family.escalating]
    return Scores(escalating, benign, [verdict(t) for t in corpus.background])


def _listed(result: Replay, verdict: Verdict, day: date) -> str:
    """What the review said about the trajectory's children on `day`."""
    said = []
    for kid in verdict.trajectory.kids:
        listing = result.listed_on(result.corpus.upn[kid], day)
        if listing:
            codes = ", ".join(code for code, _ in listing.flags) or "no flags"
            said.append(f"{kid.name}: {listing.prompt} ({codes}; strength {listing.strength:g})")
    return "; ".join(said) or "not listed"


def _referral_flags(result: Replay, verdict: Verdict) -> str:
    for kid in verdict.trajectory.kids:
        for listing in result.listings.get(result.corpus.upn[kid], []):
            if listing.prompt == "consider-referral":
                return "; ".join(summary for _, summary in listing.flags)
    return ""


def _pct(value: float) -> str:
    return f"{100 * value:.0f} %"


def render(result: Replay) -> str:
    """The table and every miss, late prompt and false alarm, by family and by name."""
    scores = score(result)
    corpus = result.corpus
    esc, ben = scores.escalating, scores.benign
    hard = [v for v in ben if v.trajectory.family.hard]
    lines = [
        f"Practice corpus replay: {len(corpus.rows)} pupils, {len(corpus.days)} school days, "
        f"{len(corpus.entries)} entries, {sum(result.decisions.values())} decisions "
        f"({', '.join(f'{k} {n}' for k, n in sorted(result.decisions.items()))}), "
        f"{result.undecided} entries never decided; replayed in {result.seconds:.1f} s",
        "",
        "| measure | result | target |",
        "| --- | --- | --- |",
        f"| recall ({len(esc)} escalating, {len(scores.by_family(esc))} families) | "
        f"{_pct(scores.recall)} ({sum(1 for v in esc if v.prompted)}) | >= 95 % |",
        f"| on time | {_pct(scores.on_time)} ({sum(1 for v in esc if v.on_time)}) | >= 90 % |",
        f"| benign prompted to refer ({len(ben)} benign) | {_pct(scores.benign_rate)} "
        f"({sum(1 for v in ben if v.prompted)}) | <= 5 % |",
        f"| hard benign, all ({len(hard)} in {len(scores.hard_families())} families) | {_pct(scores.hard_rate)} "
        f"({sum(1 for v in hard if v.prompted)}) | each family <= 5 % |",
        f"| escalating prompted before the acting fragment's day (counted on time) | "
        f"{sum(1 for v in esc if v.early)} | - |",
        f"| background pupils with entries prompted to refer | "
        f"{sum(1 for v in scores.background if v.prompted)} of {len(scores.background)} | - |",
        "",
        "| escalating family | n | recalled | on time |",
        "| --- | --- | --- | --- |",
    ]
    for name, group in sorted(scores.by_family(esc).items()):
        lines.append(
            f"| {name} | {len(group)} | {sum(1 for v in group if v.prompted)} | {sum(1 for v in group if v.on_time)} |"
        )
    lines += ["", "| benign family | hard | n | prompted to refer |", "| --- | --- | --- | --- |"]
    for name, group in sorted(scores.by_family(ben).items()):
        prompted = sum(1 for v in group if v.prompted)
        lines.append(f"| {name} | {'yes' if group[0].trajectory.family.hard else 'no'} | {len(group)} | {prompted} |")

    misses = [v for v in esc if not v.prompted]
    late = [v for v in esc if v.prompted and not v.on_time]
    alarms = [v for v in ben if v.prompted]
    lines += ["", f"Missed ({len(misses)}): never prompted consider-referral"]
    for v in sorted(misses, key=lambda v: v.trajectory.name):
        acting = v.trajectory.acting
        assert acting is not None and v.acting_day is not None
        lines.append(f"- {v.trajectory.name} - acting {v.acting_day}: {acting.acting}")
        lines.append(f"    the review that day: {_listed(result, v, v.acting_day)}")
    lines += ["", f"Late ({len(late)}): prompted after the acting fragment's day"]
    for v in sorted(late, key=lambda v: v.trajectory.name):
        assert v.prompted is not None and v.acting_day is not None
        delay = corpus.days.index(v.prompted) - corpus.days.index(v.acting_day)
        lines.append(f"- {v.trajectory.name} - acting {v.acting_day}, prompted {v.prompted} ({delay} school days late)")
        lines.append(f"    the review on the acting day: {_listed(result, v, v.acting_day)}")
    early = [v for v in esc if v.early]
    lines += ["", f"Early ({len(early)}): prompted before the acting fragment's day (counted on time)"]
    for v in sorted(early, key=lambda v: v.trajectory.name):
        lines.append(
            f"- {v.trajectory.name} - prompted {v.prompted}, acting {v.acting_day}: {_referral_flags(result, v)}"
        )
    lines += ["", f"False alarms ({len(alarms)}): benign, prompted consider-referral"]
    for v in sorted(alarms, key=lambda v: v.trajectory.name):
        lines.append(f"- {v.trajectory.name} ({v.prompted}) - benign: {v.trajectory.family.summary}")
        lines.append(f"    prompted by: {_referral_flags(result, v)}")
    noisy = [v for v in scores.background if v.prompted]
    if noisy:
        lines += ["", f"Background pupils prompted to refer ({len(noisy)})"]
        lines += [f"- {v.trajectory.name} ({v.prompted}): {_referral_flags(result, v)}" for v in noisy]
    return "\n".join(lines)
