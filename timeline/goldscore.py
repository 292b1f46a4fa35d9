"""Scoring a built timeline against a hand-written gold timeline (tests and benchmarks).

A gold event is found when one of our events has its date and quotes, for at least one of
its sources, the sentence holding the gold phrase.  It "has all its sources" when one
event quotes every source the gold lists.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Mapping
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


def b_cubed(system: Mapping[K, Hashable], gold: Mapping[K, Hashable]) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 (Bagga and Baldwin 1998) of a clustering.

    Both map each item to its cluster; items missing from either are left out.  An item's
    precision is the share of its system cluster that is in its gold cluster, its recall the
    share of its gold cluster that is in its system cluster; both are averaged over items.
    """
    items = [k for k in system if k in gold]
    if not items:
        return 0.0, 0.0, 0.0
    sys_members: dict[Hashable, set[K]] = defaultdict(set)
    gold_members: dict[Hashable, set[K]] = defaultdict(set)
    for k in items:
        sys_members[system[k]].add(k)
        gold_members[gold[k]].add(k)
    p = r = 0.0
    for k in items:
        both = len(sys_members[system[k]] & gold_members[gold[k]])
        p += both / len(sys_members[system[k]])
        r += both / len(gold_members[gold[k]])
    p, r = p / len(items), r / len(items)
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)
