"""Merging: mentions of the same happening become one event with all their sources.

Three passes, each deciding only from what the previous pass produced, so the result does
not depend on the order of sources or mentions:

1. Mentions dated to a day by a date phrase: on each day, mentions that share an action and
   an actor (or enough actors and words) are linked; linked mentions form one event.  Inside
   one article, a day counted from another ("on Thursday") also links to a day stated by its
   number ("on June 15") up to three days away, when both are about the same subject: the
   counted day may date when the happening was reported rather than when it happened.
2. Mentions dated only by publication (an article's lead): each joins the most similar
   event of step 1 from the three days before publication up to it; the rest link among
   themselves when their publication windows overlap.
3. Coarser mentions ("last week", "in May"): each joins the most similar finer event that
   lies inside its date; the rest link with coarse mentions of the same value.

Every link records why it was made, and the event page shows it.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import math
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from .features import content_words, named_happenings, refers_back, topic_phrases
from .model import DateValue, Mention

WINDOW_DAYS = 3  # a lead without a date phrase may report a happening this many days old


@dataclass(frozen=True)
class Link:
    score: float
    why: str


SAME_DAY = 1.0  # evidence needed to call two statements dated to the same day one happening
THRESHOLD = 1.2  # more for a lead dated only by publication



def coarse_threshold(m: Mention) -> float:
    """Evidence a coarse date needs to join a precise event: more the wider the date is.

    "Last week" (7 days) needs 1.6, "in May" about 2.7, "this summer" about 3.7.
    """
    return 1.6 + 0.5 * math.log2(max(m.date.span_days(), 7) / 7)


def _narrowed(m: Mention) -> tuple[dt.date, dt.date]:
    """A coarse mention's days, narrowed by its modifier ("mid-June": the middle third)."""
    first, last = m.date.first_day(), m.date.last_day()
    span = (last - first).days + 1
    if m.mod == "START":
        last = first + dt.timedelta(days=span // 3)
    elif m.mod == "MID":
        first, last = first + dt.timedelta(days=span // 3), first + dt.timedelta(days=2 * span // 3)
    elif m.mod == "END":
        first = last - dt.timedelta(days=span // 3)
    return first, last


class Weights:
    """How telling a shared feature is: rare names say more than the story's constant ones.

    A feature found in every statement of the collection (the story's protagonist, its
    topic) weighs little; one found in two statements weighs a lot.  Weights are smoothed
    inverse document frequencies scaled into (0, 1], so they mean the same in a collection of
    two articles and of two thousand.
    """

    def __init__(self, mentions: Sequence[Mention]) -> None:
        self.n = max(len(mentions), 1)
        self.df: Counter[str] = Counter()
        for m in mentions:
            self.df.update({*("a:" + x for x in m.actors), *("v:" + x for x in m.actions),
                            *("k:" + x for x in m.keywords)})
        self.top = math.log(1 + self.n)
        self.memo: dict[str, float] = {}

    def __call__(self, feature: str) -> float:
        weight = self.memo.get(feature)
        if weight is None:  # asked once per pair of statements: computed once per feature
            weight = self.memo[feature] = math.log(1 + self.n / max(self.df.get(feature, 1), 1)) / self.top
        return weight


def similarity(a: Mention, b: Mention, weights: Weights | None = None, floor: float = 1.0) -> Link | None:
    """Why a and b report the same happening, or None when they do not."""
    shared = set(a.actors).intersection(b.actors)
    if not shared:  # the common case, decided before any weighing
        return None
    w = weights or Weights([a, b])
    shared_actions = set(a.actions).intersection(b.actions)
    shared_words = set(a.keywords).intersection(b.keywords)
    if not (shared_actions or len(shared_words) >= 3):
        return None
    # Most pairs fall short: tell them without sorting (the sums below, taken in sorted order,
    # differ from these by rounding only, far less than the margin).
    rough = (sum(w("a:" + x) for x in shared) + sum(w("v:" + x) for x in shared_actions)
             + 0.5 * sum(w("k:" + x) for x in shared_words))
    if a.subject and a.subject == b.subject:
        rough += 0.5
    elif a.subject and b.subject and a.subject not in b.actors and b.subject not in a.actors:
        rough *= 0.6
    if rough < floor - 1e-9:
        return None
    actors = sorted(shared, key=lambda x: (-w("a:" + x), x))
    actions = sorted(shared_actions, key=lambda x: (-w("v:" + x), x))
    words = sorted(shared_words, key=lambda x: (-w("k:" + x), x))
    score = (sum(w("a:" + x) for x in actors) + sum(w("v:" + x) for x in actions)
             + 0.5 * sum(w("k:" + x) for x in words))
    parts = []
    if a.subject and a.subject == b.subject:
        score += 0.5
        parts.append(f"same subject: {a.subject}")
    elif a.subject and b.subject and a.subject not in b.actors and b.subject not in a.actors:
        score *= 0.6
        parts.append(f"different subjects: {a.subject} / {b.subject}")
    if score < floor:
        return None
    # A statement that opens with "The airline" or "It" is about the subject named before it.
    said = [f"“{r}” is {m.subject}" for m in (a, b) if m.subject and (r := refers_back(m.sentence.text))]
    if said:
        parts.append("refers back: " + ", ".join(said))
    parts.append("shared actors: " + ", ".join(actors[:5]))
    if actions:
        parts.append("same action: " + ", ".join(actions))
    if words:
        parts.append("shared words: " + ", ".join(words[:5]))
    return Link(score, "; ".join(parts) + f" (evidence {score:.2f})")


class _UnionFind:
    def __init__(self, items: Iterable[str]) -> None:
        self.parent = {i: i for i in items}

    def find(self, x: str) -> str:
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            lo, hi = sorted((ra, rb))
            self.parent[hi] = lo

    def groups(self) -> list[list[str]]:
        out: dict[str, list[str]] = defaultdict(list)
        for x in sorted(self.parent):
            out[self.find(x)].append(x)
        return sorted(out.values())


@dataclass(frozen=True)
class Cluster:
    """Mentions found to report one happening, with the reasons that joined them."""

    mentions: tuple[Mention, ...]
    why: tuple[str, ...]

    @functools.cached_property  # asked for in every comparison; computed once per cluster
    def date(self) -> DateValue:
        anchored = [m for m in self.mentions if m.anchored]
        pool = anchored or list(self.mentions)
        # The most precise date; of days found a few days apart in one article, the one
        # stated by its number rather than counted from another day.
        best = min(pool, key=lambda m: (m.date.span_days(), relative(m), m.date.first_day()))
        return best.date


def _best(m: Mention, clusters: Sequence[Cluster], candidates: Sequence[int],
          w: Weights, floor: float | None) -> tuple[int, Link] | None:
    """The cluster of `candidates` (indices into `clusters`, ascending) holding the mention
    most similar to `m`, and the link; the first of equals."""
    best: tuple[float, int, Link] | None = None
    floor = coarse_threshold(m) if floor is None else floor
    for i in candidates:
        for other in clusters[i].mentions:
            link = similarity(m, other, w, floor)
            if link is None:
                continue
            if best is None or link.score > best[0]:
                best = (link.score, i, link)
    return (best[1], best[2]) if best else None


def _link_within(mentions: Sequence[Mention], w: Weights) -> list[Cluster]:
    """Link the mentions whose dates meet and that report one happening; one cluster per group.

    Only pairs that share an actor can be linked (`similarity` needs one), so candidates are
    looked up in an index by actor rather than by comparing every pair: a day with thousands
    of statements costs what its shared names cost.
    """
    return _clusters(mentions, _pairs(mentions, w, _same_day_or_window))


def _same_day_or_window(a: Mention, b: Mention) -> tuple[float, str] | None:
    """The evidence two mentions of one group need to be linked, if their dates meet."""
    if not _dates_meet(a, b) or ((a.base or b.base) and a.source != b.source):
        return None
    return (SAME_DAY if a.anchored and b.anchored else THRESHOLD), ""


def relative(m: Mention) -> bool:
    """Whether a statement's day is counted from another day ("Thursday", "a day after",
    "today") rather than stated by its number ("June 15", "15/06/2009")."""
    return m.anchored and not any(c.isdigit() for c in m.ref.date_text)


def _nearby_in_one_article(a: Mention, b: Mention) -> tuple[float, str] | None:
    """Two statements of one article about one subject, a few days apart, one dated by a
    day's number and the other counted from another day: the counted one may date when it was
    said ("stated on Thursday that it had signed") rather than when it happened ("signed the
    agreement on June 15").  The event keeps the numbered day (see `Cluster.date`)."""
    apart = abs((a.date.first_day() - b.date.first_day()).days)
    if not 0 < apart <= WINDOW_DAYS or not a.subject or a.subject != b.subject \
            or relative(a) == relative(b):
        return None
    counted, stated = (a, b) if relative(a) else (b, a)
    return THRESHOLD, (f" (one article: “{counted.ref.date_text}” counted {apart} day"
                       f"{'s' if apart > 1 else ''} from “{stated.ref.date_text}”)")


def _with_days_apart(mentions: Sequence[Mention]) -> list[Mention]:
    """The mentions of articles that hold both a counted and a numbered day, the only ones
    `_nearby_in_one_article` can link (a day of thousands of statements is not one)."""
    kinds: dict[str, set[bool]] = defaultdict(set)
    for m in mentions:
        kinds[m.source].add(relative(m))
    return [m for m in mentions if len(kinds[m.source]) == 2]


def _named_in_one_article(mentions: Sequence[Mention]) -> list[tuple[Mention, Mention, str]]:
    """Statements of one article on one day of which one names, by a noun, the action and topic
    the other reports ("commented today on the recent falls in the stock market" / "Stock
    markets continued to fall today"): the comment is on that happening, whoever the
    grammatical subjects are.  Action and topic agree by stem ("falls", "fell": fall).

    Only articles with two statements on one day are read; in them, a statement that names a
    happening is compared only with those sharing its topic (an index by topic).
    """
    days: dict[tuple[str, DateValue], list[Mention]] = defaultdict(list)
    for m in mentions:
        days[m.source, m.date].append(m)
    found: dict[tuple[Mention, Mention], str] = {}
    for group in days.values():
        if len(group) < 2:
            continue
        named = {m.id: named_happenings(m.sentence.text, m.ref.date_text) for m in group}
        if not any(named.values()):
            continue
        by_topic: dict[tuple[str, str], list[tuple[Mention, str]]] = defaultdict(list)
        stems: dict[str, dict[str, str]] = {}
        for m in group:
            text = m.sentence.text
            stems[m.id] = {w: text[s:e] for w, s, e in reversed(content_words(text, m.ref.date_text))}
            for topic, said in topic_phrases(text, m.ref.date_text).items():
                by_topic[topic].append((m, said))
        for b in sorted(group, key=lambda m: m.id):
            for (action, topic), phrase in sorted(named[b.id].items()):
                for a, said in by_topic[topic]:
                    # The other reports it as a clause, not with the same naming phrase.
                    if a.id == b.id or action not in stems[a.id] or (action, topic) in named[a.id]:
                        continue
                    pair = (a, b) if a.id < b.id else (b, a)
                    found.setdefault(pair, (
                        f"{b.source} (one article, same day): “{phrase}” names what “{said}"
                        f" … {stems[a.id][action]}” reports: same action, same topic; subjects may differ"))
    return [(a, b, why) for (a, b), why in sorted(found.items(), key=lambda kv: (kv[0][0].id, kv[0][1].id))]


def _pairs(mentions: Sequence[Mention], w: Weights,
           rule: Callable[[Mention, Mention], tuple[float, str] | None],
           key: Callable[[Mention], object] = lambda m: None) -> list[tuple[Mention, Mention, str]]:
    """Pairs (a, b), a.id < b.id, with the same `key` that share an actor, pass `rule` (the
    evidence needed and a note on the dates) and are similar enough; with the reason.

    `similarity` needs a shared actor, and a shared action or three shared words: the
    candidates of `a` are found with those, in indexes by (key, feature), as sets.
    """
    by_id = {m.id: m for m in mentions}
    index: dict[tuple[object, str], list[str]] = defaultdict(list)
    for m in mentions:
        k = key(m)
        for f in {*("a:" + x for x in m.actors), *("v:" + x for x in m.actions),
                  *("k:" + x for x in m.keywords)}:
            index[k, f].append(m.id)
    out = []
    for a in sorted(mentions, key=lambda m: m.id):
        k = key(a)
        named: set[str] = set()
        for x in a.actors:
            named.update(index[k, "a:" + x])
        acting: set[str] = set()
        for x in a.actions:
            acting.update(index[k, "v:" + x])
        wording: Counter[str] = Counter()
        for x in a.keywords:
            wording.update(index[k, "k:" + x])
        acting.update(b for b, n in wording.items() if n >= 3)
        for b_id in sorted(named & acting):
            if b_id <= a.id:
                continue
            b = by_id[b_id]
            needed = rule(a, b)
            if needed is None:
                continue
            link = similarity(a, b, w, needed[0])
            if link is not None:
                out.append((a, b, f"{a.source} and {b.source}{needed[1]}: {link.why}"))
    return out


def _clusters(mentions: Sequence[Mention], pairs: Iterable[tuple[Mention, Mention, str]]) -> list[Cluster]:
    uf = _UnionFind(m.id for m in mentions)
    by_id = {m.id: m for m in mentions}
    reasons: dict[str, list[str]] = defaultdict(list)
    for a, b, reason in pairs:
        uf.union(a.id, b.id)
        reasons[a.id].append(reason)
    out = []
    for group in uf.groups():
        why = sorted({r for mid in group for r in reasons.get(mid, [])})
        out.append(Cluster(tuple(by_id[g] for g in group), tuple(why)))
    return out


def _window(m: Mention) -> tuple[dt.date, dt.date]:
    if m.anchored:
        return m.date.first_day(), m.date.last_day()
    day = m.date.first_day()
    return max(day, dt.date.min + dt.timedelta(days=WINDOW_DAYS)) - dt.timedelta(days=WINDOW_DAYS), day


def _dates_meet(a: Mention, b: Mention) -> bool:
    a0, a1 = _window(a)
    b0, b1 = _window(b)
    return a0 <= b1 and b0 <= a1


def merge(mentions: Sequence[Mention]) -> list[Cluster]:
    """Group mentions into happenings; each mention ends up in exactly one cluster."""
    unique = {m.id: m for m in mentions}
    ms = [unique[k] for k in sorted(unique)]
    fine = [m for m in ms if m.anchored and m.date.precision == "day"]
    leads = [m for m in ms if not m.anchored]
    coarse = [m for m in ms if m.anchored and m.date.precision != "day"]

    w = Weights(ms)
    # Fine dates are days: keyed by the day itself, which hashes in C (a DateValue does not).
    pairs = _pairs(fine, w, lambda a, b: (SAME_DAY, ""), key=lambda m: m.date.first_day())
    pairs += _pairs(_with_days_apart(fine), w, _nearby_in_one_article, key=lambda m: m.source)
    pairs += _named_in_one_article(fine)
    clusters = sorted(_clusters(fine, pairs), key=lambda c: (c.date.first_day(), [m.id for m in c.mentions]))

    # A statement dated by publication only because its date is a change's base ("down 3%
    # from Wednesday") reports the change as of its own article: it joins that article only.
    clusters = _attach(leads, clusters, _window,
                       lambda m, c: not m.base or any(x.source == m.source for x in c.mentions),
                       "reported on publication", w, THRESHOLD)
    # A coarse date narrows nothing down by itself: it joins only an event whose date a
    # phrase states, not one dated by a publication day that may be days after the fact.
    # (The lookup by first day already keeps clusters that begin inside the narrowed date.)
    narrowed = {m.id: _narrowed(m) for m in coarse}
    clusters = _attach(coarse, clusters, lambda m: narrowed[m.id],
                       lambda m, c: c.date.last_day() <= narrowed[m.id][1] and c.date != m.date
                       and any(x.anchored for x in c.mentions),
                       "a coarser date that contains it", w, None)
    return sorted(clusters, key=lambda c: (c.date.sort_key(), c.mentions[0].id))


def _attach(pending: Sequence[Mention], clusters: list[Cluster],
            days: Callable[[Mention], tuple[dt.date, dt.date]],
            fits: Callable[[Mention, Cluster], bool], how: str,
            w: Weights, floor: float | None) -> list[Cluster]:
    """Join each pending mention to its best matching cluster; link the rest among themselves.

    A cluster is a candidate for `m` when its date begins within `days(m)` (looked up in
    the clusters sorted by that day, not by scanning them all) and `fits(m, cluster)`.
    """
    joined: dict[int, list[tuple[Mention, str]]] = defaultdict(list)
    rest: list[Mention] = []
    starts = sorted((c.date.first_day(), i) for i, c in enumerate(clusters))
    # `similarity` needs a shared actor: a cluster none of whose mentions names one of m's
    # actors cannot be its best, so only those that do are weighed (and asked to fit).
    naming: dict[str, set[int]] = defaultdict(set)
    for i, c in enumerate(clusters):
        for x in c.mentions:
            for actor in x.actors:
                naming[actor].add(i)
    for m in pending:
        lo, hi = days(m)
        at = bisect.bisect_left(starts, (lo, -1))
        until = bisect.bisect_right(starts, (hi, len(clusters)))
        named = set().union(*(naming.get(x, ()) for x in m.actors))
        indices = sorted(i for _, i in starts[at:until] if i in named and fits(m, clusters[i]))
        found = _best(m, clusters, indices, w, floor)
        if found is None:
            rest.append(m)
            continue
        index, link = found
        base = f"; “{m.base}” is what its change is measured from" if m.base else ""
        joined[index].append((m, f"{m.source} ({how}, {m.date.iso()}{base}): {link.why}"))
    out = []
    for i, c in enumerate(clusters):
        extra = joined.get(i, [])
        if extra:
            c = Cluster(c.mentions + tuple(m for m, _ in extra), c.why + tuple(w for _, w in extra))
        out.append(c)
    groups: dict[DateValue | None, list[Mention]] = defaultdict(list)
    for m in rest:
        groups[m.date if m.anchored else None].append(m)
    for key in sorted(groups, key=lambda k: (k is not None, k.sort_key() if k else (dt.date.min, 0))):
        out.extend(_link_within(groups[key], w))
    return out
