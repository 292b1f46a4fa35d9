"""The rendering stage: a Timeline in, every file of the static site out.

`render()` returns relative POSIX path -> bytes and writes nothing.  All internal links are
relative to the page that holds them, so the site works from disk and under any sub-path;
`base_url` only feeds `<link rel="canonical">` (and a `<base>` in 404.html, which a server
returns at any depth).
"""

from __future__ import annotations

import os
import pickle
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any, NamedTuple, cast
from urllib.parse import urlsplit

import jinja2
import nh3
from markupsafe import Markup

from . import TEMPLATES_DIR as _TEMPLATES_DIR
from . import cache, feeds, sourcetext
from . import search as search_index
from .errors import TimelineError
from .exports import ITEMS_AT, Run, chronological, dump_chunks, event_item, events_document
from .jsonld import event_json_ld
from .model import DateValue, Event, Source, SourceRef, Timeline, fast_pickle

TEMPLATES_DIR = _TEMPLATES_DIR

PUBLISHED_FROM = {
    "front-matter": "from the article's front matter",
    "metadata": "from the metadata file",
    "dateline": "from the dateline in the text",
    "inferred": "inferred from the text",
    "unknown": "not known",
}


# -- views: plain records the templates read ------------------------------------------------
@fast_pickle
@dataclass(frozen=True, slots=True)
class DateView:
    text: str
    datetime: str  # a valid HTML date string
    end_text: str = ""
    end_datetime: str = ""
    approximate: bool = False
    inferred: bool = False  # no source states this date: it is a report's publication date


@fast_pickle
@dataclass(frozen=True, slots=True)
class RefView:
    label: str  # source title, outlet or host
    outlet: str
    quote: str
    href: str  # internal (root-relative) or external URL or ""
    external: bool
    date_text: str
    how: str
    published: str = ""  # the report's publication date, which relative dates count from


@fast_pickle
@dataclass(frozen=True, slots=True)
class EventView:
    id: str
    anchor: str  # its id in index.html
    href: str
    title: str
    date: DateView
    summary: str  # plain text, at most about one sentence
    summary_html: Markup | None  # the full summary of a manual event, sanitised
    full_summary: str
    origin: str
    tags: tuple[str, ...]
    refs: tuple[RefView, ...]
    source_count: int
    why: tuple[str, ...]
    facets: str = ""  # space-separated filter keys ("s0 t2") for the page's script
    json_ld: Markup | None = None  # made only for the event's own page
    timeline_page: str = "index.html"  # the timeline page that lists it (see _pages)


class Cited(NamedTuple):
    """What the built-in source page shows of an event that cites the source."""

    href: str
    title: str
    date: DateView


@fast_pickle
@dataclass(frozen=True, slots=True)
class PageLink:
    """One page of a timeline too long for one page: a year, or a month of a busy year."""

    path: str
    label: str
    events: int


# A timeline with more events than this is split into a page per year, and a year with more
# into a page per month, so that no page grows to megabytes.
PAGE_EVENTS = 1000


@fast_pickle
@dataclass(frozen=True, slots=True)
class Facet:
    key: str  # "s0", "t1": what an event's `facets` lists
    label: str
    count: int


@fast_pickle
@dataclass(frozen=True, slots=True)
class Section:
    id: str
    heading: str  # "May 2025", or a coarser date: "2025", "Spring 2025"
    coarse: bool  # a date coarser than a month: its events say no more than the heading
    events: tuple[EventView, ...]


@fast_pickle
@dataclass(frozen=True, slots=True)
class YearGroup:
    year: int
    id: str
    sections: tuple[Section, ...]


# -- parts: what the site makes of a run of events, kept from build to build ----------------
@dataclass(frozen=True, slots=True)
class Part:
    """All that the site makes of one part of the timeline (a run of events of one section,
    `_parts`) without looking at any other part.  It is kept under a stamp of what it is made
    from (`_stamp`), so a rebuild makes again only the parts whose events, or the sources
    they cite, changed: at 10,000 articles, 50 parts of some 300 events."""

    pages: tuple[str, ...]  # each event page's key, all but the timeline page listing it
    # (source id, a hash of its share) for each source its events quote or cite: the part's
    # share of that source's page key
    sourced: tuple[tuple[str, str], ...]
    # The shares, pickled: by source id, (the sentences quoted, as (span index, link to the
    # event), and the events citing it, as (event's place in the part, what the source page
    # shows of it)), in order.  Unpickled only for a source page made again: every rebuild
    # loads every part, and these objects were most of a part's loading time.
    shares: bytes
    search: search_index.Block
    json: Run  # the events' items of events.json
    slides: Run  # of timeline.json
    ics: tuple[tuple[bytes, bytes], ...]  # of events.ics
    csv: bytes  # the events' rows of events.csv


def _parts(events: list[Event]) -> list[tuple[DateValue, tuple[Event, ...]]]:
    """The events (in date order) cut into runs that share a section of the timeline page
    (`_section_of`): each section is one or more whole runs, and the runs in order are the
    events in order, as the exports list them."""
    out: list[tuple[DateValue, list[Event]]] = []
    for event in events:
        key = _section_of(event.date)
        if not out or out[-1][0] != key:
            out.append((key, []))
        out[-1][1].append(event)
    return [(key, tuple(run)) for key, run in out]


def _section_of(d: DateValue) -> DateValue:
    """The section that lists an event of date `d`: its month, or a date coarser than a
    month itself ("2025", "Spring 2025"), placed where that date starts."""
    if d.precision in {"year", "season"}:
        return d
    first = d.first_day()
    return DateValue.of_month(first.year, first.month)


def _stamp(shared: str, events: tuple[Event, ...], sources: dict[str, Source],
           keys: Mapping[str, str], event_keys: Mapping[str, str] | None) -> str:
    """A hash of all a part is made from: its events (by their keys), the sources they
    cite (by theirs: metadata and text) and `shared` (what every part depends on)."""
    hashed = [event_keys[e.id] for e in events] if event_keys is not None else \
        [cache.key_of("", e) for e in events]
    cited = dict.fromkeys(s for e in events for s in _cited(e, sources))
    return cache.digest(shared, *hashed, "", *(keys[s] for s in cited)) if all(hashed) else ""


def source_key(source: Source) -> str:
    """A hash of all the site may show of a source: its metadata and its text."""
    return cache.digest(cache.serial(_source_fields(source)), sourcetext.made_from(source))


def _compiled_templates(memo: cache.Memo | None) -> jinja2.BytecodeCache | None:
    """Where Jinja keeps the templates it compiled, for the next build: in the cache
    (checked against each template's source).  Compiling them took 60 ms of every build
    that renders a page."""
    folder = memo.store.folder if memo is not None else None
    if folder is None:
        return None
    try:
        os.makedirs(folder / "templates", exist_ok=True)
    except OSError:
        return None
    return jinja2.FileSystemBytecodeCache(str(folder / "templates"))


def _cited(event: Event, sources: dict[str, Source]) -> list[str]:
    """The ids of the sources present that `event` cites, by its references in order."""
    return [s for s in event.cited if s in sources]


def _make_part(events: tuple[Event, ...], views: tuple[EventView, ...], shared: str,
               sources: dict[str, Source], keys: Mapping[str, str],
               places: sourcetext.Places, shown: Callable[[EventView], object],
               urls: dict[str, str], title: str, base: str) -> Part:
    pages = tuple(cache.key_of(shared, (view, tuple(keys[s] for s in _cited(event, sources))))
                  for event, view in zip(events, views, strict=True))
    shares: dict[str, tuple[list[tuple[int, sourcetext.Link]], list[tuple[int, object]]]] = \
        defaultdict(lambda: ([], []))
    for event in events:
        for source_id, i, link in sourcetext.quoted_by(event, sources, places,
                                                       lambda i: _url(_event_path(i))):
            shares[source_id][0].append((i, link))
    for n, event in enumerate(events):
        for source_id in dict.fromkeys(_cited(event, sources)):
            shares[source_id][1].append((n, shown(views[n])))
    return Part(
        pages=pages,
        sourced=tuple((source_id, cache.key_of("", (quotes, [seen for _, seen in cites])))
                      for source_id, (quotes, cites) in shares.items()),
        shares=pickle.dumps(dict(shares), protocol=pickle.HIGHEST_PROTOCOL),
        search=search_index.block([_search_text(v) for v in views]),
        json=Run.of([event_item(e) for e in events], ITEMS_AT),
        slides=Run.of([feeds.slide_item(e, base) for e in events], ITEMS_AT),
        ics=tuple(feeds.ics_event(e, title, base) for e in events),
        csv=feeds.csv_rows(events, urls),
    )


@dataclass(frozen=True)
class _Page:
    """One timeline page as laid out before its events are looked at: which sections (by
    their date) of which years it lists."""

    path: str
    label: str
    events: int
    layout: tuple[tuple[int, tuple[DateValue, ...]], ...]


def _layout(sections: dict[DateValue, list[int]], size: Callable[[DateValue], int]
            ) -> tuple[tuple[tuple[int, tuple[DateValue, ...]], ...], list[_Page]]:
    """The years, each with its sections in date order; and the timeline's pages when it is
    too long for one (else none): one per year, or one per month of a year that has more
    than PAGE_EVENTS events."""
    years: dict[int, list[DateValue]] = defaultdict(list)
    for key in sorted(sections, key=lambda k: k.sort_key()):
        years[key.first_day().year].append(key)
    layout = tuple((y, tuple(keys)) for y, keys in sorted(years.items()))
    if sum(size(k) for k in sections) <= PAGE_EVENTS:
        return layout, []
    pages = []
    for y, keys in layout:
        count = sum(size(k) for k in keys)
        if count <= PAGE_EVENTS:
            pages.append(_Page(f"years/{y}.html", str(y), count, ((y, keys),)))
            continue
        for key in keys:
            pages.append(_Page(f"years/{key.iso()}.html", key.display(), size(key), ((y, (key,)),)))
    return layout, pages


# -- entry point ----------------------------------------------------------------------------
def render(
    timeline: Timeline,
    *,
    base_url: str = "",
    about_md: str = "",
    templates_dir: Path | None = None,
    search: bool = False,
    emit: Callable[[str, object, Callable[[], bytes | Iterable[bytes]]], None] | None = None,
    known_places: dict[str, dict[tuple[int, int], sourcetext.Place]] | None = None,
    memo: cache.Memo | None = None,
    source_keys: Mapping[str, str] | None = None,
    event_keys: Mapping[str, str] | None = None,
) -> dict[str, bytes]:
    """Every file of the site, as relative POSIX path -> bytes, sorted by path.

    `search`: the timeline page offers full-text search, and the files of its index
    (`search.py`) are among the files made.

    With `emit`, each file is handed to it instead, as it comes, as (path, everything the
    file is made from (plain data, or a str that stands for it: hashes joined; None for
    files made from nothing to compare), a function that makes its bytes), and render
    returns nothing: the caller writes each at once, or keeps the one it wrote last time
    from the same data.

    `known_places`: where the quotes fell in each source's text last time (see
    `sourcetext.places`); updated for next time.  `memo`: where the parts (`Part`) and
    their events' views made last time are kept.  `source_keys`: each source's
    `source_key`, or a hash that changes whenever it does (the build has one for each
    article without hashing its text again).  `event_keys`: each event's
    `cache.key_of("", event)`, by id (the build keeps them with the events of each month).

    Raises TimelineError when an event or source id cannot be a file name or is used twice.
    """
    # A user's folder overrides the built-in templates file by file; the rest stay ours.
    folders = [templates_dir, TEMPLATES_DIR] if templates_dir else [TEMPLATES_DIR]
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(folders),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        bytecode_cache=_compiled_templates(memo),
    )
    memo = memo or cache.Memo()
    sources = {s.id: s for s in timeline.sources}
    _check_ids("source", [(s.id, s.path) for s in timeline.sources])
    _check_ids("event", [(e.id, None) for e in timeline.events])
    keyed_by = source_keys if source_keys is not None else {s.id: source_key(s) for s in timeline.sources}
    urls = {s.id: s.url or "" for s in timeline.sources}
    events = chronological(timeline.events)
    base = base_url.rstrip("/")
    builtin = _builtin_pages(templates_dir)
    # The built-in pages give the number of sources on the first page and the About page
    # only, so that one added article does not change every page of the site; a user's own
    # templates may show it on any page, which then depends on it.
    total: dict[str, Any] = {"source_total": len(sources)}
    common: dict[str, object] = {"site_title": timeline.title, **({} if builtin else total)}
    counted = total if builtin else {}  # given to the first and the About page only
    # The built-in source page shows of each event citing it only its link, title and date,
    # so only these are in its key: the evidence on a merged event moves with every new
    # statement of its month, and a source page must not be remade for that.  A user's own
    # templates may show any field of an event, so with them the whole view is the key.
    shown: Callable[[EventView], object] = (lambda v: Cited(v.href, v.title, v.date)) if builtin else (lambda v: v)
    shared = cache.key_of("", (base, timeline.title, common, builtin))

    parts = _parts(events)
    stamps = [_stamp(shared, run, sources, keyed_by, event_keys) for _, run in parts]
    found: list[Part | None] = [memo.get("part", stamp) for stamp in stamps]
    views_of: dict[int, tuple[EventView, ...]] = {}

    def make_views(todo: list[int]) -> None:
        places = sourcetext.places([e for i in todo for e in parts[i][1]], sources, keyed_by,
                                   known_places)
        for i in todo:
            views_of[i] = tuple(_event_view(e, sources, places) for e in parts[i][1])
            memo.put("views", stamps[i], views_of[i])
            if found[i] is None:
                found[i] = _make_part(parts[i][1], views_of[i], shared, sources, keyed_by, places,
                                      shown, urls, timeline.title, base)
                memo.put("part", stamps[i], found[i])

    make_views([i for i, part in enumerate(found) if part is None])
    made = cast(list[Part], found)
    sections: dict[DateValue, list[int]] = defaultdict(list)
    for i, (key, _) in enumerate(parts):
        sections[key].append(i)
    years, timeline_pages = _layout(sections, lambda k: sum(len(parts[i][1]) for i in sections[k]))
    page_of = ["index.html"] * len(parts)
    for p in timeline_pages:
        for _, keys in p.layout:
            for key in keys:
                for i in sections[key]:
                    page_of[i] = p.path

    placed: dict[int, tuple[EventView, ...]] = {}

    def views(i: int) -> tuple[EventView, ...]:
        """A part's events' views, as the timeline page that lists them shows them."""
        if i not in placed:
            if i not in views_of:
                kept = memo.get("views", stamps[i])
                if kept is None:
                    make_views([i])
                else:
                    views_of[i] = kept
            placed[i] = tuple(replace(v, timeline_page=page_of[i]) for v in views_of[i])
        return placed[i]

    for stamp in stamps:  # kept for next time, whether looked at or not
        memo.keep("views", stamp)

    def groups(layout: tuple[tuple[int, tuple[DateValue, ...]], ...]) -> tuple[YearGroup, ...]:
        return tuple(YearGroup(y, f"y{y}", tuple(
            Section("d" + key.iso(), key.display(), key.precision != "month",
                    tuple(v for i in sections[key] for v in views(i)))
            for key in keys)) for y, keys in layout)

    def made_from(layout: tuple[tuple[int, tuple[DateValue, ...]], ...]) -> list[object]:
        return [(y, [(key.iso(), [stamps[i] for i in sections[key]]) for key in keys])
                for y, keys in layout]

    html_pages: list[str] = []
    common_key = cache.key_of("", common)

    def page(path: str, template: str, key: object = None,
             lazy: Callable[[], dict[str, object]] | None = None,
             hashes: tuple[str, ...] | None = None, **context: object) -> None:
        """One page.  `lazy` gives more of its context, made only when the page is made;
        `key` stands in for what that context is made from when comparing with last time.
        Or `hashes` do (an event or source page's, kept in the parts): the page is known
        by them with its template, address and the shared context, joined, not
        serialised; when one is "" (what it stands for could not be hashed), by nothing,
        and it is made every time."""
        canonical = f"{base}/{_url(path)}".removesuffix("index.html") if base else ""
        html_pages.append(path)

        def make() -> bytes:
            html = env.get_template(template).render(
                root="../" * path.count("/"), path=path, canonical=canonical, **common,
                **context, **(lazy() if lazy else {}))
            return html.encode("utf-8")

        if emit is None:
            out[path] = make()
        elif hashes is None:
            emit(path, (template, canonical, common, sorted(context.items()), key), make)
        else:
            assert not context and key is None, "a page known by its hashes has no other context"
            emit(path, "\0".join((template, canonical, common_key, *hashes)) if all(hashes) else None,
                 make)

    out: dict[str, bytes] = {}
    listed = [(p.path, p.layout) for p in timeline_pages] or [("index.html", years)]
    if search:
        out.update(search_index.index_from_blocks([
            (path, [made[i].search for _, keys in layout for key in keys for i in sections[key]])
            for path, layout in listed]))
    links = [PageLink(p.path, p.label, p.events) for p in timeline_pages]
    # A timeline page depends on its own events only: its navigation leaves out the counts
    # (the first page lists them) and its filters offer what is on it, so that one new
    # event does not change every page of an archive.
    nav = [replace(p, events=0) for p in links]

    def listing(layout: tuple[tuple[int, tuple[DateValue, ...]], ...]) -> dict[str, object]:
        shown_years, facets = _with_facets(groups(layout))
        by_source, by_tag = _controls(facets)
        return {"years": shown_years, "source_facets": by_source, "tag_facets": by_tag}

    first = () if timeline_pages else years
    page("index.html", "index.html", key=made_from(first), lazy=lambda: listing(first),
         pages=links, current="", heading="", description=timeline.description,
         event_total=len(events), search=search, **counted)
    for p in timeline_pages:
        page(p.path, "index.html", key=made_from(p.layout),
             lazy=lambda layout=p.layout: listing(layout),  # type: ignore[misc]
             pages=nav, current=p.path, heading=p.label, description="", event_total=p.events,
             search=search)
    page("about.html", "about.html", key=about_md, lazy=lambda: {"about_html": _markdown(about_md)},
         **counted)
    page("404.html", "404.html", base_href=f"{base}/" if base else "")
    for i, (_, run) in enumerate(parts):
        for n, event in enumerate(run):
            url = f"{base}/{_url(_event_path(event.id))}" if base else ""

            def with_json_ld(event: Event = event, i: int = i, n: int = n, url: str = url
                             ) -> dict[str, object]:
                view = views(i)[n]
                json_ld = event_json_ld(event, view.full_summary, sources, url)
                return {"event": replace(view, json_ld=json_ld)}

            page(_event_path(event.id), "event.html", lazy=with_json_ld,
                 hashes=(made[i].pages[n], page_of[i]))
    # A source page is known by its source's key and each part's share (`Part.sourced`: the
    # quotes of it, in order, as `quoting` is made of them, and what it shows of the events
    # citing it); with a user's templates, also the timeline page that lists the part's
    # events (a field of each event's view).
    parts_of: dict[str, list[int]] = defaultdict(list)
    keys_of: dict[str, list[str]] = defaultdict(list)
    for i, part in enumerate(made):
        for source_id, hashed in part.sourced:
            parts_of[source_id].append(i)
            keys_of[source_id].append(hashed if builtin or not hashed else cache.digest(hashed, page_of[i]))
    unpacked: dict[int, dict[str, tuple[list[tuple[int, sourcetext.Link]], list[tuple[int, object]]]]] = {}

    def shares(source_id: str) -> list[tuple[int, list[tuple[int, sourcetext.Link]], list[tuple[int, object]]]]:
        """(part, quotes, cites) of each part's share of a source, in the parts' order."""
        out = []
        for i in parts_of.get(source_id, ()):
            if i not in unpacked:
                unpacked[i] = pickle.loads(made[i].shares)
            out.append((i, *unpacked[i][source_id]))
        return out

    for source in sorted(timeline.sources, key=lambda s: s.id):

        def source_context(source: Source = source) -> dict[str, object]:
            mine = shares(source.id)
            quoting = sourcetext.quoting((source.id, span, link) for _, quotes, _ in mine
                                         for span, link in quotes)
            paragraphs = sourcetext.paragraphs(source.text, sourcetext.spans(source),
                                               quoting.get(source.id, {}))
            # The built-in page shows of each event what `shown` keeps: no view is loaded.
            events = [seen if builtin else views(i)[n] for i, _, cites in mine for n, seen in cites]
            return {"paragraphs": paragraphs, "events": events, **_source_meta(source)}

        page(_source_path(source.id), "source.html", lazy=source_context,
             hashes=(keyed_by[source.id], *keys_of.get(source.id, ())))
    pages = sorted(p for p in html_pages if p != "404.html")
    # Handed on one by one, the largest in pieces as they are made (at 100,000 events
    # events.json is over 100 MB), from the parts' pieces.
    newest = feeds.newest_first(events)
    newest_keys = [event_keys[e.id] if event_keys is not None else cache.key_of("", e) for e in newest[1]]
    exports: list[tuple[str, object, Callable[[], bytes | Iterable[bytes]]]] = [
        ("events.json", None, lambda: dump_chunks(events_document(
            timeline, [part.json for part in made]))),
        ("timeline.json", None, lambda: dump_chunks(feeds.timelinejs_document(
            timeline, base, [part.slides for part in made]))),
        ("events.ics", None, lambda: feeds.ics_chunks(
            timeline, base, [item for part in made for item in part.ics], (newest[0],))),
        ("events.csv", None, lambda: feeds.events_csv(timeline, [part.csv for part in made])),
        # The feed is known by its newest events (most changes are to older ones), by
        # nothing when one of them cannot be hashed.
        ("feed.xml", ("feed", timeline.title, timeline.description, base, newest[0], newest_keys)
         if all(newest_keys) else None, lambda: feeds.atom(timeline, base, newest)),
    ]
    if base:  # a sitemap holds absolute URLs only
        exports.append(("sitemap.xml", None, lambda: feeds.sitemap(pages, base)))
    for path, inputs, make in exports:
        if emit is not None:
            emit(path, inputs, make)
        else:
            data = make()
            out[path] = data if isinstance(data, bytes) else b"".join(data)
    for folder in reversed(folders):  # built-in first, so the user's files win
        static = folder / "static"
        for file in sorted(p for p in static.rglob("*") if p.is_file()):
            out["static/" + file.relative_to(static).as_posix()] = file.read_bytes()
    if emit is not None:
        for path, data in out.items():
            emit(path, None, _constant(data))
        return {}
    return dict(sorted(out.items()))


def _builtin_pages(templates_dir: Path | None) -> bool:
    """Whether every page template is the built-in one (no user folder overrides any)."""
    return templates_dir is None or not any(templates_dir.glob("*.html"))


def _controls(facets: list[Facet]) -> tuple[list[Facet], list[Facet]]:
    """The source and the tag filter's choices."""
    return [f for f in facets if f.key.startswith("s")], [f for f in facets if f.key.startswith("t")]


def _with_facets(years: tuple[YearGroup, ...]) -> tuple[tuple[YearGroup, ...], list[Facet]]:
    """One timeline page's events with their filter keys, and its filter choices."""
    facets, keys = _facets({v.id: v for y in years for s in y.sections for v in s.events})
    return tuple(
        YearGroup(y.year, y.id, tuple(
            replace(s, events=tuple(replace(v, facets=" ".join(keys.get(v.id, ())))
                                    for v in s.events))
            for s in y.sections))
        for y in years), facets


_HEAVY = frozenset({"body"})  # the text: `made_from` hashes what the pages show of it


def _source_fields(source: Source) -> tuple[object, ...]:
    """A source's metadata, without its text."""
    return tuple(getattr(source, f.name) for f in fields(source) if f.name not in _HEAVY)


def _search_text(view: EventView) -> str:
    """What search finds an event by: its words, date and tags, and its sources' quotes
    and names."""
    parts = [view.title, view.full_summary, view.date.text, *view.tags]
    for ref in view.refs:
        parts += [ref.quote, ref.label, ref.outlet]
    return "\n".join(parts)


def _constant(data: bytes) -> Callable[[], bytes]:
    return lambda: data


# -- paths ----------------------------------------------------------------------------------
_url = feeds.url_path


def _event_path(event_id: str) -> str:
    return f"events/{event_id}.html"


def _source_path(source_id: str) -> str:
    return f"sources/{source_id}.html"


def _check_ids(kind: str, ids: list[tuple[str, str | None]]) -> None:
    """Each id names a file: it must be one, and only one record may use it."""
    seen: set[str] = set()
    for i, path in ids:
        if not i or i in {".", ".."} or "/" in i or "\\" in i or "\0" in i:
            raise TimelineError(f"{kind} id {i!r} cannot be used as a file name", path)
        if i in seen:
            raise TimelineError(f"two {kind}s have the id {i!r}", path)
        seen.add(i)


# -- events ---------------------------------------------------------------------------------
def html_datetime(value: DateValue) -> str:
    """A valid HTML date string for `value`; a season becomes the month it starts in."""
    if value.precision == "season":
        first = value.first_day()
        return f"{first.year:04d}-{first.month:02d}"
    return value.iso()


def _date_view(event: Event) -> DateView:
    inferred = event.origin == "extracted" and not any(r.date_text for r in event.sources)
    if event.end is not None and event.end != event.date:
        return DateView(
            event.date.display(),
            html_datetime(event.date),
            event.end.display(),
            html_datetime(event.end),
            event.approximate,
            inferred,
        )
    text = event.display_date
    if event.approximate:
        text = text.removeprefix("c. ")  # the template shows its own "approx." marker
    return DateView(text, html_datetime(event.date), approximate=event.approximate,
                    inferred=inferred)


def _event_view(event: Event, sources: dict[str, Source], places: sourcetext.Places
                ) -> EventView:
    refs = tuple(_ref_view(r, sources, places) for r in event.sources)
    summary_html = Markup(nh3.clean(event.summary_html)) if event.summary_html else None
    full = feeds.plain_text(event.summary_html) if event.summary_html else event.summary
    return EventView(
        id=event.id,
        anchor=f"e-{event.id}",
        href=_url(_event_path(event.id)),
        title=event.title,
        date=_date_view(event),
        summary=_one_sentence(full),
        summary_html=summary_html,
        full_summary=full,
        origin=event.origin,
        tags=event.tags,
        refs=refs,
        source_count=len({r.source or r.url or r.quote for r in event.sources}),
        why=event.why,
    )


def refs_outlets(refs: tuple[RefView, ...]) -> list[str]:
    """What the source filter offers for these references: the outlet, else the label."""
    return list(dict.fromkeys(r.outlet or r.label for r in refs))


def _facets(views: dict[str, EventView]) -> tuple[list[Facet], dict[str, list[str]]]:
    """The filter choices (sources, then tags, each sorted by label) and each event's keys."""
    by_label: dict[tuple[str, str], list[str]] = defaultdict(list)
    for view in views.values():
        for outlet in refs_outlets(view.refs):
            by_label["s", outlet].append(view.id)
        for tag in dict.fromkeys(view.tags):
            by_label["t", tag].append(view.id)
    facets: list[Facet] = []
    keys: dict[str, list[str]] = defaultdict(list)
    for n, (kind, label) in enumerate(sorted(by_label, key=lambda k: (k[0], k[1].casefold(), k[1]))):
        key = f"{kind}{n}"
        facets.append(Facet(key, label, len(by_label[kind, label])))
        for event_id in by_label[kind, label]:
            keys[event_id].append(key)
    return facets, keys


def _ref_view(ref: SourceRef, sources: dict[str, Source], places: sourcetext.Places) -> RefView:
    source = sources.get(ref.source)
    if source is not None:
        at = places[source.id, ref.start, ref.end][1]
        fragment = f"#s-{at}" if at is not None else ""
        href = _url(_source_path(source.id)) + fragment
        return RefView(
            source.title or source.id,
            source.outlet or "",
            ref.quote,
            href,
            False,
            ref.date_text,
            ref.how,
            _published(source),
        )
    url = ref.url or ""
    host = (urlsplit(url).hostname or "").removeprefix("www.")
    external = urlsplit(url).scheme in {"http", "https"}
    label = ref.outlet or host or ref.source or "Unknown source"
    return RefView(label, "", ref.quote, url if external else "", external, ref.date_text, ref.how)


def _one_sentence(text: str, limit: int = 240) -> str:
    """`text` if short, else its first sentence, else its first `limit` characters and "…"."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    # a sentence end: not after a capital ("U.S."), and a capital or quote next
    end = re.search(r"(?<=[a-z0-9)])[.!?][\"”’)]?\s(?=[A-Z\"“‘])", text[40:limit])
    if end:
        return text[: 40 + end.end()].rstrip()
    return text[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def _source_meta(source: Source) -> dict[str, object]:
    url = source.url or ""
    return {
        "source": source,
        "source_url": url,
        "url_is_link": urlsplit(url).scheme in {"http", "https"},
        "published": DateValue.of_day(source.published).display() if source.published else "",
        "published_from": PUBLISHED_FROM.get(source.published_from, source.published_from),
    }


def _published(source: Source) -> str:
    if source.published is None:
        return ""
    how = PUBLISHED_FROM.get(source.published_from, source.published_from)
    return f"{DateValue.of_day(source.published).display()} ({how})"


def _markdown(text: str) -> Markup | None:
    """Markdown to sanitised HTML, its headings one level down (the page has the h1)."""
    if not text.strip():
        return None
    import markdown  # the About page is all that needs it, and it is kept when unchanged

    html = markdown.markdown(text, extensions=["toc"], extension_configs={"toc": {"baselevel": 2}})
    return Markup(nh3.clean(html))
