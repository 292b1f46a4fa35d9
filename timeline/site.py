"""The rendering stage: a Timeline in, every file of the static site out.

`render()` returns relative POSIX path -> bytes and writes nothing.  All internal links are
relative to the page that holds them, so the site works from disk and under any sub-path;
`base_url` only feeds `<link rel="canonical">` (and a `<base>` in 404.html, which a server
returns at any depth).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, fields, replace
from pathlib import Path
from urllib.parse import urlsplit

import jinja2
import markdown
import nh3
from markupsafe import Markup

from . import TEMPLATES_DIR as _TEMPLATES_DIR
from . import feeds, sourcetext
from . import search as search_index
from .errors import TimelineError
from .exports import chronological, dump_chunks, events_document
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


@fast_pickle
@dataclass(frozen=True, slots=True)
class PageLink:
    """One page of a timeline too long for one page: a year, or a month of a busy year."""

    path: str
    label: str
    events: int
    years: tuple[YearGroup, ...]


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
) -> dict[str, bytes]:
    """Every file of the site, as relative POSIX path -> bytes, sorted by path.

    `search`: the timeline page offers full-text search, and the files of its index
    (`search.py`) are among the files made.

    With `emit`, each file is handed to it instead, as it comes, as (path, everything the
    file is made from (plain data; None for files made from nothing to compare), a function
    that makes its bytes), and render returns nothing: the caller writes each at once, or
    keeps the one it wrote last time from the same data.

    `known_places`: where the quotes fell in each source's text last time (see
    `sourcetext.places`); updated for next time.

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
    )
    sources = {s.id: s for s in timeline.sources}
    _check_ids("source", [(s.id, s.path) for s in timeline.sources])
    _check_ids("event", [(e.id, None) for e in timeline.events])
    digests = {s.id: sourcetext.made_from(s) for s in timeline.sources}  # text and sentences
    places = sourcetext.places(timeline.events, sources, digests, known_places)
    described = {s.id: _source_fields(s) for s in timeline.sources}  # page keys: metadata
    events = chronological(timeline.events)
    base = base_url.rstrip("/")
    views = {e.id: _event_view(e, sources, places) for e in events}
    common = {"site_title": timeline.title, "source_total": len(sources)}

    html_pages: list[str] = []

    def page(path: str, template: str, key: object = None,
             lazy: Callable[[], dict[str, object]] | None = None, **context: object) -> None:
        """One page.  `lazy` gives more of its context, made only when the page is made;
        `key` stands in for what that context is made from when comparing with last time."""
        canonical = f"{base}/{_url(path)}".removesuffix("index.html") if base else ""
        html_pages.append(path)

        def make() -> bytes:
            html = env.get_template(template).render(
                root="../" * path.count("/"), path=path, canonical=canonical, **common,
                **context, **(lazy() if lazy else {}))
            return html.encode("utf-8")

        if emit is not None:
            emit(path, (template, canonical, common, sorted(context.items()), key), make)
        else:
            out[path] = make()

    out: dict[str, bytes] = {}
    years = _years([views[e.id] for e in events], events)
    timeline_pages = _pages(years)
    for p in timeline_pages:
        for y in p.years:
            for section in y.sections:
                for v in section.events:
                    views[v.id] = replace(views[v.id], timeline_page=p.path)
    if search:
        listed = [(p.path, p.years) for p in timeline_pages] or [("index.html", tuple(years))]
        out.update(search_index.index_files([
            (path, [_search_text(v) for y in groups for s in y.sections for v in s.events])
            for path, groups in listed]))
    links = [replace(p, years=()) for p in timeline_pages]  # the navigation, without the events
    # A timeline page depends on its own events only: its navigation leaves out the counts
    # (the first page lists them) and its filters offer what is on it, so that one new
    # event does not change every page of an archive.
    nav = [replace(p, events=0) for p in links]
    groups, facets = _with_facets(() if timeline_pages else tuple(years))
    by_source, by_tag = _controls(facets)
    page("index.html", "index.html", years=groups, pages=links, current="", heading="",
         description=timeline.description, event_total=len(events), source_facets=by_source,
         tag_facets=by_tag, search=search)
    for p in timeline_pages:
        groups, facets = _with_facets(p.years)
        by_source, by_tag = _controls(facets)
        page(p.path, "index.html", years=groups, pages=nav, current=p.path, heading=p.label,
             description="", event_total=p.events, source_facets=by_source, tag_facets=by_tag,
             search=search)
    page("about.html", "about.html", about_html=_markdown(about_md))
    page("404.html", "404.html", base_href=f"{base}/" if base else "")
    for event in events:
        view = views[event.id]
        url = f"{base}/{_url(_event_path(event.id))}" if base else ""
        cited = tuple(described[r.source] for r in event.sources if r.source in sources)

        def with_json_ld(event: Event = event, view: EventView = view, url: str = url
                         ) -> dict[str, object]:
            json_ld = event_json_ld(event, view.full_summary, sources, url)
            return {"event": replace(view, json_ld=json_ld)}

        page(_event_path(event.id), "event.html", key=(view, cited), lazy=with_json_ld)
    quoting = sourcetext.quoting(events, sources, places, lambda i: _url(_event_path(i)))
    citing: dict[str, list[EventView]] = defaultdict(list)
    for event in events:
        for source_id in dict.fromkeys(r.source for r in event.sources if r.source in sources):
            citing[source_id].append(views[event.id])
    # The built-in source page shows of each event citing it only its link, title and date,
    # so only these are in its key: the evidence on a merged event moves with every new
    # statement of its month, and a source page must not be remade for that.  A user's own
    # templates may show any field of an event, so with them the whole view is the key.
    shown: Callable[[EventView], object] = (
        (lambda v: (v.href, v.title, v.date)) if _builtin_pages(templates_dir) else (lambda v: v))
    for source in sorted(timeline.sources, key=lambda s: s.id):
        cites = citing.get(source.id, [])

        def source_context(source: Source = source, cites: list[EventView] = cites
                           ) -> dict[str, object]:
            paragraphs = sourcetext.paragraphs(source.text, sourcetext.spans(source),
                                               quoting.get(source.id, {}))
            return {"paragraphs": paragraphs, "events": cites, **_source_meta(source)}

        page(_source_path(source.id), "source.html",
             key=(described[source.id], digests[source.id],
                  sorted(quoting.get(source.id, {}).items()), [shown(v) for v in cites]),
             lazy=source_context)
    pages = sorted(p for p in html_pages if p != "404.html")
    # Handed on one by one, the largest in pieces as they are made: at 100,000 events
    # events.json is over 100 MB.
    exports: list[tuple[str, Callable[[], bytes | Iterable[bytes]]]] = [
        ("events.json", lambda: dump_chunks(events_document(timeline))),
        ("timeline.json", lambda: dump_chunks(feeds.timelinejs_document(timeline, base))),
        ("events.ics", lambda: feeds.ics_chunks(timeline, base)),
        ("events.csv", lambda: feeds.events_csv(timeline)),
        ("feed.xml", lambda: feeds.atom(timeline, base)),
    ]
    if base:  # a sitemap holds absolute URLs only
        exports.append(("sitemap.xml", lambda: feeds.sitemap(pages, base)))
    for path, make in exports:
        if emit is not None:
            emit(path, None, make)
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


_HEAVY = frozenset({"raw", "text", "runs", "sentences"})


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
        if not i or i in {".", ".."} or any(c in i for c in "/\\\0"):
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


def _years(views: list[EventView], events: list[Event]) -> list[YearGroup]:
    """Year groups, each a list of sections in date order; a section is a month, or a coarser
    date ("2025", "Spring 2025") whose events say no more, placed where that date starts."""
    sections: dict[DateValue, list[EventView]] = defaultdict(list)
    for view, event in zip(views, events, strict=True):
        d = event.date
        if d.precision in {"year", "season"}:
            key = d
        else:
            first = d.first_day()
            key = DateValue.of_month(first.year, first.month)
        sections[key].append(view)
    years: dict[int, list[Section]] = defaultdict(list)
    for key in sorted(sections, key=lambda k: k.sort_key()):
        coarse = key.precision != "month"
        section = Section("d" + key.iso(), key.display(), coarse, tuple(sections[key]))
        years[key.first_day().year].append(section)
    return [YearGroup(y, f"y{y}", tuple(s)) for y, s in sorted(years.items())]


def _pages(years: list[YearGroup]) -> list[PageLink]:
    """The timeline's pages when it is too long for one (else none): one per year, or one
    per month of a year that has more than PAGE_EVENTS events."""
    def count(sections: tuple[Section, ...]) -> int:
        return sum(len(s.events) for s in sections)

    if sum(count(y.sections) for y in years) <= PAGE_EVENTS:
        return []
    out = []
    for y in years:
        if count(y.sections) <= PAGE_EVENTS:
            out.append(PageLink(f"years/{y.year}.html", str(y.year), count(y.sections), (y,)))
            continue
        for section in y.sections:
            out.append(PageLink(f"years/{section.id[1:]}.html", section.heading,
                                len(section.events), (YearGroup(y.year, y.id, (section,)),)))
    return out


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
    html = markdown.markdown(text, extensions=["toc"], extension_configs={"toc": {"baselevel": 2}})
    return Markup(nh3.clean(html))
