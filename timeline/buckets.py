"""Merging at scale: by date buckets, each merged on its own, cached and in parallel.

`merge.merge` compares each statement with the events its date allows, so its cost grows
with the square of what it is given.  A statement can only join events whose dates meet
its own, so the collection is cut into calendar months (by the first day of each
statement's date) and each month is merged on its own by `merge.merge`, unchanged.  A
collection of fewer than BUCKET_FROM statements is merged whole: there the cut buys no time.  The
weights of shared names are then those of the month, and a statement near the start of a
month does not look back into the previous one, nor a statement dated only to a year or a
season beyond the month it starts in (the cost of scaling; see README, Performance).

A month's result depends only on its statements, so it is cached under a hash of them
(the articles they come from, by content, and the code version): a rebuild after one
article changed re-merges only the months that article speaks of.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor

from . import merge
from .analyse import workers
from .cache import Store, code_version, digest
from .model import Event, Mention

PARALLEL_FROM = 4  # buckets to merge before a pool of processes pays for itself
# Below this many statements the collection is merged whole, as one bucket: merging is then
# cheap, and cutting it by month would only cost accuracy (per-month weights, no look back
# across a month's start).
BUCKET_FROM = 5000


def bucket_of(m: Mention) -> tuple[int, int]:
    first = m.date.first_day()
    return first.year, first.month


def _merge_ids(mentions: Sequence[Mention]) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    return [(tuple(m.id for m in c.mentions), c.why) for c in merge.merge(mentions)]


Bucket = tuple[int, int]


def _buckets(mentions: Sequence[Mention], versions: Mapping[str, str]
             ) -> tuple[dict[Bucket, list[Mention]], dict[Bucket, str]]:
    """The statements by month (or all in one), and a hash of each month's statements."""
    buckets: dict[Bucket, list[Mention]] = defaultdict(list)
    for m in mentions:
        buckets[bucket_of(m) if len(mentions) >= BUCKET_FROM else (0, 0)].append(m)
    keys = {b: digest(code_version(), *sorted(f"{m.id}\0{versions[m.source]}" for m in buckets[b]))
            for b in sorted(buckets)}
    return buckets, keys


def events_by_month(mentions: Sequence[Mention], versions: Mapping[str, str], store: Store,
                    make_event: Callable[[merge.Cluster], Event], processes: int | None = None,
                    ) -> tuple[list[Event], set[str]]:
    """`make_event` of each cluster of `mentions`, in the order of `merge_by_month`; and
    the months' keys.  A month's events are kept under its key: `make_event` may use no
    more of a statement's source than its version says (its publication date, say).  A
    rebuild after one article changed makes again only the events of the months it
    speaks of, and of the others needs no cluster at all."""
    buckets, keys = _buckets(mentions, versions)
    made: dict[Bucket, list[Event]] = {}
    for b, key in keys.items():
        found = store.get("events", key)
        if found is not None:
            made[b] = found
    todo = [b for b in keys if b not in made]
    if todo:
        clusters = _merged({b: buckets[b] for b in todo}, {b: keys[b] for b in todo},
                           store, processes)
        for b in todo:
            made[b] = [make_event(c) for c in clusters[b]]
            store.put("events", keys[b], made[b])
    events = [e for b in keys for e in made[b]]
    return sorted(events, key=lambda e: (e.date.sort_key(), e.mentions[0])), set(keys.values())


def merge_by_month(mentions: Sequence[Mention], versions: Mapping[str, str], store: Store,
                   processes: int | None = None) -> tuple[list[merge.Cluster], set[str]]:
    """Clusters of `mentions`, month by month, in `merge.merge`'s order; and the cache
    keys of the months.  `versions` maps each source id to a hash of what its mentions
    were made from.
    """
    buckets, keys = _buckets(mentions, versions)
    by_month = _merged(buckets, keys, store, processes)
    clusters = [c for b in keys for c in by_month[b]]
    ordered = sorted(clusters, key=lambda c: (c.date.sort_key(), c.mentions[0].id))
    return ordered, set(keys.values())


def _merged(buckets: dict[Bucket, list[Mention]], keys: dict[Bucket, str], store: Store,
            processes: int | None) -> dict[Bucket, list[merge.Cluster]]:
    """Each month's clusters, from the cache or merged (on all cores when many)."""
    order = sorted(buckets)
    found: dict[Bucket, list[tuple[tuple[str, ...], tuple[str, ...]]]] = {}
    for b in order:
        cached = store.get("merge", keys[b])
        if cached is not None:
            found[b] = cached
    todo = [b for b in order if b not in found]
    n = workers(processes)
    if n > 1 and len(todo) >= PARALLEL_FROM:
        # The largest months first, so that no process is left with a long one at the end.
        ranked = sorted(todo, key=lambda b: -len(buckets[b]))
        with ProcessPoolExecutor(max_workers=n) as pool:
            for b, result in zip(ranked, pool.map(_merge_ids, [buckets[b] for b in ranked]),
                                 strict=True):
                found[b] = result
    else:
        for b in todo:
            found[b] = _merge_ids(buckets[b])
    for b in todo:
        store.put("merge", keys[b], found[b])
    out = {}
    for b in order:
        by_id = {m.id: m for m in buckets[b]}
        out[b] = [merge.Cluster(tuple(by_id[i] for i in ids), why) for ids, why in found[b]]
    return out

