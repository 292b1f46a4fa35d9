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

import pickle
from array import array
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from functools import partial

from . import merge
from .analyse import Month, Outline, workers
from .cache import Store, code_version, digest, key_of
from .model import DateValue, Event, Lazy, Mention

PARALLEL_FROM = 4  # buckets to merge before a pool of processes pays for itself
# Below this many statements the collection is merged whole, as one bucket: merging is then
# cheap, and cutting it by month would only cost accuracy (per-month weights, no look back
# across a month's start).
BUCKET_FROM = 5000

Entry = tuple[str, str, int]  # a statement's id, its source's id, its place among the source's


class Statements:
    """A collection's statements as a build sees them: each article's outline (its
    statements' ids and months: all that is needed to know which months changed), and the
    statements themselves, fetched a source at a time by `load` only for the months merged
    again (a rebuild after one changed article loads a few hundred sources' statements,
    not all)."""

    def __init__(self, articles: Sequence[tuple[str, Outline]],
                 load: Callable[[str], Sequence[Mention]]) -> None:
        self.articles = articles  # (source id, outline), in order
        self._load = load
        self._loaded: dict[str, Sequence[Mention]] = {}
        self._count = sum(len(outline.ids) for _, outline in articles)

    def __len__(self) -> int:
        return self._count

    def entries(self) -> Iterator[tuple[Entry, Month]]:
        """Each statement, in order, with its month."""
        for sid, outline in self.articles:
            for place, (mid, month) in enumerate(outline.statements()):
                yield (mid, sid, place), month

    def picked(self, entries: Iterable[Entry]) -> list[Mention]:
        """The statements of `entries`, in their order."""
        out = []
        for mid, sid, place in entries:
            said = self._loaded.get(sid)
            if said is None:
                said = self._loaded[sid] = self._load(sid)
            if place >= len(said) or said[place].id != mid:
                raise RuntimeError(f"the statements kept for {sid} are not those of its outline")
            out.append(said[place])
        return out


def _merge_ids(mentions: Sequence[Mention]) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    return [(tuple(m.id for m in c.mentions), c.why) for c in merge.merge(mentions)]


def _month_keys(statements: Statements, versions: Mapping[str, str]) -> dict[Month, str]:
    """A hash of each month's statements (or of all, as the one bucket -1), in month order:
    of the month and the articles that speak of it, by id and version (an article's
    version fixes its statements and their months).  One step per article and month, not
    per statement: every build works out every month's key."""
    whole = len(statements) < BUCKET_FROM
    speakers: dict[Month, list[str]] = defaultdict(list)
    for sid, outline in statements.articles:
        if not outline.ids:
            continue
        tag = f"{sid}\0{versions[sid]}"
        for month in (_WHOLE if whole else set(array("i", outline.months))):
            speakers[month].append(tag)
    return {b: digest(code_version(), str(b), *sorted(speakers[b])) for b in sorted(speakers)}


_WHOLE = (-1,)


def _buckets(statements: Statements, months: Iterable[Month]) -> dict[Month, list[Entry]]:
    """The statements of `months` (of the keys `_month_keys` gives), in order, by month;
    only the articles that speak of one are looked at."""
    wanted = set(months)
    out: dict[Month, list[Entry]] = {b: [] for b in sorted(wanted)}
    if wanted == set(_WHOLE):
        for entry, _ in statements.entries():
            out[-1].append(entry)
        return out
    for sid, outline in statements.articles:
        said = array("i", outline.months)
        if wanted.isdisjoint(said):
            continue
        for place, (mid, month) in enumerate(zip(outline.ids, said, strict=True)):
            if month in wanted:
                out[month].append((mid, sid, place))
    return out


def events_by_month(statements: Statements, versions: Mapping[str, str], store: Store,
                    make_event: Callable[[merge.Cluster], Event], processes: int | None = None,
                    ) -> tuple[list[tuple[Event, str]], set[str]]:
    """`make_event` of each cluster of `statements`, in the order of `merge_by_month`, each
    with its `key_of("", event)`; and the months' keys.  A month's events are kept under
    its key, with theirs: `make_event` may use no more of a statement's source than its
    version says (its publication date, say).  A rebuild after one article changed makes
    again only the events of the months it speaks of, and of the others needs neither
    cluster nor statement, nor hashes an event again."""
    keys = _month_keys(statements, versions)
    made: dict[Month, list[tuple[Event, str]]] = {}
    for b, key in keys.items():
        found = store.get("events", key)
        if isinstance(found, list):
            made[b] = _unpacked(found)
    todo = [b for b in keys if b not in made]
    if todo:
        buckets = _buckets(statements, todo)
        clusters = _merged({b: statements.picked(buckets[b]) for b in todo},
                           {b: keys[b] for b in todo}, store, processes)
        for b in todo:
            made[b] = [(e, key_of("", e)) for e in map(make_event, clusters[b])]
            store.put("events", keys[b], _packed(made[b]))
    events = [pair for b in keys for pair in made[b]]
    return (sorted(events, key=lambda pair: (pair[0].date.sort_key(), pair[0].mentions[0])),
            set(keys.values()))


Packed = tuple[str, DateValue, DateValue | None, tuple[str, ...], tuple[str, ...], bytes, str]


def _packed(pairs: list[tuple[Event, str]]) -> list[Packed]:
    """A month's events as kept: what every build needs of each (`Event` but its detail),
    its detail pickled apart (loaded only for an event whose pages are made again: a
    rebuild loads every month's events, and unpickling all their references took a tenth
    of a one-article rebuild at 10,000 articles), and its key.  Equal dates are one object,
    so that loading them makes each once."""
    dates: dict[DateValue, DateValue] = {}
    return [(e.id, dates.setdefault(e.date, e.date), e.end, e.mentions, e.cited,
             pickle.dumps(e.whole(), protocol=pickle.HIGHEST_PROTOCOL), key) for e, key in pairs]


def _unpacked(entry: list[Packed]) -> list[tuple[Event, str]]:
    return [(Event.of(eid, date, end, mentions, cited, Lazy(partial(pickle.loads, detail))), key)
            for eid, date, end, mentions, cited, detail, key in entry]


def merge_by_month(statements: Statements, versions: Mapping[str, str], store: Store,
                   processes: int | None = None) -> tuple[list[merge.Cluster], set[str]]:
    """Clusters of `statements`, month by month, in `merge.merge`'s order; and the cache
    keys of the months.  `versions` maps each source id to a hash of what its statements
    were made from.
    """
    keys = _month_keys(statements, versions)
    buckets = _buckets(statements, keys)
    by_month = _merged({b: statements.picked(entries) for b, entries in buckets.items()},
                       keys, store, processes)
    clusters = [c for b in keys for c in by_month[b]]
    ordered = sorted(clusters, key=lambda c: (c.date.sort_key(), c.mentions[0].id))
    return ordered, set(keys.values())


def _merged(buckets: dict[Month, list[Mention]], keys: dict[Month, str], store: Store,
            processes: int | None) -> dict[Month, list[merge.Cluster]]:
    """Each month's clusters, from the cache or merged (on all cores when many)."""
    order = sorted(buckets)
    found: dict[Month, list[tuple[tuple[str, ...], tuple[str, ...]]]] = {}
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

