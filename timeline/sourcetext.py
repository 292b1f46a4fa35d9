"""A source's text, cut for its page: paragraphs of pieces, the quoted sentences marked and
linked to the events that quote them."""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from .cache import digest
from .model import Event, Runs, Sentences, Source, fast_pickle


@fast_pickle
@dataclass(frozen=True, slots=True)
class Link:
    href: str  # relative to the site root (templates prefix `root`), already URL-quoted
    text: str


@fast_pickle
@dataclass(frozen=True, slots=True)
class Piece:
    """A run of a source's text inside one paragraph."""

    text: str
    anchor: str = ""  # id of the <mark>, on the first piece of a quoted sentence
    quoted: bool = False
    events: tuple[Link, ...] = ()  # on the last piece of a quoted sentence
    boilerplate: str = ""
    label: bool = False  # show the boilerplate reason here


@fast_pickle
@dataclass(frozen=True, slots=True)
class Span:
    """A sentence (or line) of a source, in its text and in its raw file."""

    start: int  # in source.text, trimmed to non-space
    end: int
    raw_start: int
    raw_end: int
    boilerplate: str


def spans(source: Source) -> list[Span]:
    """The source's sentences, sorted, non-overlapping, trimmed; one per line if it has none."""
    text = source.text
    sentences = source.sentences
    found = (list(sentences.bounds()) if isinstance(sentences, Sentences)
             else [(s.start, s.end, s.boilerplate) for s in sentences])
    if not found:
        found = [(m.start(), m.end(), "") for m in re.finditer(r"[^\n]+", text)]
    out: list[Span] = []
    cursor = 0
    for start, end, boilerplate in sorted(found):
        start, end = max(start, cursor, 0), min(end, len(text))
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start < end:
            raw = (source.raw_offset(start), source.raw_end(end))
            out.append(Span(start, end, raw[0], raw[1], boilerplate))
            cursor = end
    return out


def overlapping(spans: list[Span], start: int, end: int) -> range:
    """Indices of the spans that overlap raw offsets [start, end) (or hold `start`)."""
    end = max(end, start + 1)
    i = bisect.bisect_right(spans, start, key=lambda s: s.raw_start) - 1
    if i < 0 or spans[i].raw_end <= start:
        i += 1
    j = bisect.bisect_left(spans, end, key=lambda s: s.raw_start)
    return range(i, max(i, j))


Place = tuple[range, int | None]  # the spans a quote overlaps, and the first one's raw start
Places = dict[tuple[str, int, int], Place]


def places(events: Iterable[Event], sources: dict[str, Source], digests: Mapping[str, str],
           known: dict[str, dict[tuple[int, int], Place]] | None = None) -> Places:
    """Where each quote of a source falls among that source's spans, by (source id, raw
    start, raw end).  A source's spans are made, used and let go one source at a time: at
    a hundred thousand articles, holding every source's spans at once took gigabytes.

    `known` maps a hash of what a source's spans are made from (`digests`, by id: its
    `made_from`, or a hash that changes whenever that does) to the places of its quotes
    found before: those sources' spans are not made again (1.2 s at 10,000 articles).  It
    is left holding these places too, for next time, and none of sources no longer
    present."""
    quotes: dict[str, set[tuple[int, int]]] = defaultdict(set)
    for event in events:
        for ref in event.sources:
            if ref.source in sources:
                quotes[ref.source].add((ref.start, ref.end))
    out: Places = {}
    now: dict[str, dict[tuple[int, int], Place]] = {}
    for source_id in sorted(quotes):
        have = (known or {}).get(digests[source_id], {})
        missing = sorted(q for q in quotes[source_id] if q not in have)
        if missing:
            found = spans(sources[source_id])
            have = dict(have)
            for start, end in missing:
                hit = overlapping(found, start, end)
                have[start, end] = (hit, found[hit.start].raw_start if hit else None)
        now[digests[source_id]] = have
        for start, end in quotes[source_id]:
            out[source_id, start, end] = have[start, end]
    if known is not None:
        known.update(now)
        present = set(digests.values())
        for gone in [d for d in known if d not in present]:
            del known[gone]
    return out


def made_from(source: Source) -> str:
    """A hash of what a source's spans are made from (its raw text, runs and sentences)."""
    sentences = source.sentences
    bounds = sentences.packed() if isinstance(sentences, Sentences) else repr(tuple(sentences))
    runs = source.runs.packed() if isinstance(source.runs, Runs) else repr(tuple(source.runs))
    return digest(source.raw, bounds, runs)


Quote = tuple[str, int, Link]  # a source's sentence (by id and span index) an event quotes


def quoted_by(event: Event, sources: dict[str, Source], where: Places, href: Callable[[str], str]
           ) -> list[Quote]:
    """The sentences of the sources `event` quotes, in the order of its references."""
    link = Link(href(event.id), event.title)
    return [(ref.source, i, link) for ref in event.sources if ref.source in sources
            for i in where[ref.source, ref.start, ref.end][0]]


def quoting(found: Iterable[Quote]) -> dict[str, dict[int, list[Link]]]:
    """source id -> span index -> the events quoting that sentence, in the order given (the
    events' date order), each once."""
    out: dict[str, dict[int, list[Link]]] = defaultdict(lambda: defaultdict(list))
    for source_id, i, link in found:
        links = out[source_id][i]
        if link not in links:
            links.append(link)
    return out


def paragraphs(text: str, spans: list[Span], quoting: dict[int, list[Link]]) -> list[list[Piece]]:
    """The text cut into paragraphs (at every newline) of pieces: the gaps and sentences."""
    paragraphs: list[list[Piece]] = [[]]
    cursor = 0
    previous_boilerplate = ""
    for i, span in enumerate([*spans, Span(len(text), len(text), 0, 0, "")]):
        for n, part in enumerate(text[cursor : span.start].split("\n")):
            if n:
                paragraphs.append([])
            if part:
                paragraphs[-1].append(Piece(part))
        if i == len(spans):
            break
        links = quoting.get(i, [])
        parts = text[span.start : span.end].split("\n")
        for n, part in enumerate(parts):
            if n:
                paragraphs.append([])
            if part:
                paragraphs[-1].append(
                    Piece(
                        part,
                        anchor=f"s-{span.raw_start}" if n == 0 and links else "",
                        quoted=bool(links),
                        events=tuple(links) if n == len(parts) - 1 else (),
                        boilerplate=span.boilerplate,
                        label=n == 0 and span.boilerplate not in {"", previous_boilerplate},
                    )
                )
        previous_boilerplate = span.boilerplate
        cursor = span.end
    return [p for p in paragraphs if any(piece.text.strip() for piece in p)]
