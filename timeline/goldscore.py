"""Scoring a built timeline against a hand-written gold timeline (tests and benchmarks).

A gold event is found when one of our events has its date and quotes, for at least one of
its sources, the sentence holding the gold phrase.  It "has all its sources" when one
event quotes every source the gold lists.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from typing import Any, TypeVar

K = TypeVar("K", bound=Hashable)


@dataclass
class GoldScore:
    gold: int = 0
    found: int = 0
    complete: int = 0
    ours: int = 0
    correct: int = 0
    missing: list[str] = field(default_factory=list)
    incomplete: list[str] = field(default_factory=list)
    spurious: list[str] = field(default_factory=list)
    forbidden: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.found / self.gold if self.gold else 1.0

    @property
    def precision(self) -> float:
        return self.correct / self.ours if self.ours else 1.0

    def line(self) -> str:
        return (f"recall {self.recall:.2f} ({self.found}/{self.gold}), precision "
                f"{self.precision:.2f} ({self.correct}/{self.ours}), all sources "
                f"{self.complete}/{self.gold}, forbidden {len(self.forbidden)}")


def _quotes(event: dict[str, Any]) -> list[tuple[str, str]]:
    return [(s.get("source") or "", " ".join(s.get("quote", "").split())) for s in event["sources"]]


def score(events_json: dict[str, Any], gold: dict[str, Any]) -> GoldScore:
    ours = [e for e in events_json["events"] if e["origin"] == "extracted"]
    result = GoldScore(ours=len(ours))
    matched: set[int] = set()
    for g in gold["events"]:
        optional = bool(g.get("optional"))
        srcs: dict[str, str] = g["sources"]
        hits = []
        for i, e in enumerate(ours):
            if e["date"] != str(g["date"]):
                continue
            quoted = {sid for sid, phrase in srcs.items()
                      if any(src == sid and phrase in q for src, q in _quotes(e))}
            if quoted:
                hits.append((len(quoted), i, quoted))
        if not optional:
            result.gold += 1
        if not hits:
            if not optional:
                result.missing.append(f"{g['date']} {g['what']}")
            continue
        best = max(hits)
        matched.update(i for _, i, _ in hits)
        if optional:
            continue
        result.found += 1
        if best[2] == set(srcs):
            result.complete += 1
        else:
            result.incomplete.append(f"{g['date']} {g['what']}: missing {sorted(set(srcs) - best[2])}")
    result.correct = len(matched)
    result.spurious = [f"{e['date']} {e['title']}" for i, e in enumerate(ours) if i not in matched]
    for f in gold.get("forbidden", []):
        for e in ours:
            if any(src == f["source"] and f["phrase"] in q for src, q in _quotes(e)):
                result.forbidden.append(f"{f['phrase']} ({f['why']}) in {e['id']}")
    return result


def b_cubed(system: Mapping[K, AbstractSet[Hashable]],
            gold: Mapping[K, AbstractSet[Hashable]]) -> tuple[float, float, float]:
    """Extended B-cubed precision, recall and F1 (Amigó et al. 2009) of a clustering.

    `system` and `gold` map each item to the clusters it is in (one, or several when an
    item, such as a sentence, reports more than one happening); items missing from either
    are left out.  For two items sharing a system cluster, precision is how many of their
    shared system clusters their shared gold clusters justify; for two items sharing a gold
    cluster, recall is how many of those the system shares too.  Both are averaged per item
    over its partners (itself included), then over items.  When every item is in exactly one
    cluster on each side, this is the B-cubed of Bagga and Baldwin (1998).
    """
    items = [k for k in system if k in gold and system[k] and gold[k]]
    if not items:
        return 0.0, 0.0, 0.0
    p_sum = r_sum = 0.0
    for a in items:
        p_pairs: list[float] = []
        r_pairs: list[float] = []
        for b in items:
            ours = len(system[a] & system[b])
            theirs = len(gold[a] & gold[b])
            if ours:
                p_pairs.append(min(ours, theirs) / ours)
            if theirs:
                r_pairs.append(min(ours, theirs) / theirs)
        p_sum += sum(p_pairs) / len(p_pairs)
        r_sum += sum(r_pairs) / len(r_pairs)
    p, r = p_sum / len(items), r_sum / len(items)
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)
