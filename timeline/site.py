"""The rendering stage: a Timeline in, every file of the static site out.

`render()` returns relative POSIX path -> bytes and writes nothing.  All internal links are
relative to the page that holds them, so the site works from disk and under any sub-path;
`base_url` only feeds `<link rel="canonical">` (and a `<base>` in 404.html, which a server
returns at any depth).
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, replace
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote, urlsplit

import jinja2
import markdown
import nh3
from markupsafe import Markup

from .errors import TimelineError
from .exports import chronological, events_json
from .model import DateValue, Event, Source, SourceRef, Timeline

TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "site_templates"

PUBLISHED_FROM = {
    "front-matter": "from the article's front matter",
    "metadata": "from the metadata file",
    "dateline": "from the dateline in the text",
    "inferred": "inferred from the text",
    "unknown": "not known",
}


# -- views: plain records the templates read ------------------------------------------------
@dataclass(frozen=True)
class Link:
    href: str  # relative to the site root (templates prefix `root`), already URL-quoted
    text: str


@dataclass(frozen=True)
class DateView:
    text: str
    datetime: str  # a valid HTML date string
    end_text: str = ""
    end_datetime: str = ""
    approximate: bool = False


@dataclass(frozen=True)
class RefView:
    label: str  # source title, outlet or host
    outlet: str
    quote: str
    href: str  # internal (root-relative) or external URL or ""
    external: bool
    date_text: str
    how: str


@dataclass(frozen=True)
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
    timeline_page: str = "index.html"  # the timeline page that lists it (see _pages)


@dataclass(frozen=True)
class Section:
    id: str
    heading: str  # "May 2025", or a coarser date: "2025", "Spring 2025"
    coarse: bool  # a date coarser than a month: its events say no more than the heading
    events: tuple[EventView, ...]


@dataclass(frozen=True)
class YearGroup:
    year: int
    id: str
    sections: tuple[Section, ...]


@dataclass(frozen=True)
class PageLink:
    """One page of a timeline too long for one page: a year, or a month of a busy year."""

    path: str
    label: str
    events: int
    years: tuple[YearGroup, ...]


# A timeline with more events than this is split into a page per year, and a year with more
# into a page per month, so that no page grows to megabytes.
PAGE_EVENTS = 1000


@dataclass(frozen=True)
class Piece:
    """A run of a source's text inside one paragraph."""

    text: str
    anchor: str = ""  # id of the <mark>, on the first piece of a quoted sentence
    quoted: bool = False
    events: tuple[Link, ...] = ()  # on the last piece of a quoted sentence
    boilerplate: str = ""
    label: bool = False  # show the boilerplate reason here


@dataclass(frozen=True)
class _Span:
    start: int  # in source.text, trimmed to non-space
    end: int
    raw_start: int
    raw_end: int
    boilerplate: str


# -- entry point ----------------------------------------------------------------------------
def render(
    timeline: Timeline,
    *,
    base_url: str = "",
    about_md: str = "",
    templates_dir: Path | None = None,
    emit: Callable[[str, object, Callable[[], bytes]], None] | None = None,
) -> dict[str, bytes]:
    """Every file of the site, as relative POSIX path -> bytes, sorted by path.

    With `emit`, each file is handed to it instead, as it comes, as (path, everything the
    file is made from (plain data; None for files made from nothing to compare), a function
    that makes its bytes), and render returns nothing: the caller writes each at once, or
    keeps the one it wrote last time from the same data.

    Raises TimelineError when an event or source id cannot be a file name or is used twice.
    """
    folder = templates_dir or TEMPLATES_DIR
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(folder),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    sources = {s.id: s for s in timeline.sources}
    _check_ids("source", [(s.id, s.path) for s in timeline.sources])
    _check_ids("event", [(e.id, None) for e in timeline.events])
    spans = {s.id: _spans(s) for s in timeline.sources}
    events = chronological(timeline.events)
    views = {e.id: _event_view(e, sources, spans) for e in events}
    base = base_url.rstrip("/")
    common = {"site_title": timeline.title, "source_total": len(sources)}

    def page(path: str, template: str, **context: object) -> None:
        canonical = f"{base}/{_url(path)}".removesuffix("index.html") if base else ""

        def make() -> bytes:
            html = env.get_template(template).render(
                root="../" * path.count("/"), path=path, canonical=canonical, **common, **context
            )
            return html.encode("utf-8")

        if emit is not None:
            emit(path, (template, canonical, common, sorted(context.items())), make)
        else:
            out[path] = make()

    out: dict[str, bytes] = {}
    years = _years([views[e.id] for e in events], events)
    pages = _pages(years)
    for p in pages:
        for y in p.years:
            for section in y.sections:
                for v in section.events:
                    views[v.id] = replace(views[v.id], timeline_page=p.path)
    page("index.html", "index.html", years=[] if pages else years, pages=pages, current="",
         heading="", description=timeline.description)
    for p in pages:
        page(p.path, "index.html", years=p.years, pages=pages, current=p.path, heading=p.label,
             description="")
    page("about.html", "about.html", about_html=_markdown(about_md))
    page("404.html", "404.html", base_href=f"{base}/" if base else "")
    for event in events:
        page(_event_path(event.id), "event.html", event=views[event.id])
    quoting = _quoting(events, sources, spans)
    cited: dict[str, list[EventView]] = defaultdict(list)
    for event in events:
        for source_id in dict.fromkeys(r.source for r in event.sources if r.source in sources):
            cited[source_id].append(views[event.id])
    for source in sorted(timeline.sources, key=lambda s: s.id):
        paragraphs = _paragraphs(source.text, spans[source.id], quoting.get(source.id, {}))
        page(
            _source_path(source.id),
            "source.html",
            events=cited.get(source.id, []),
            paragraphs=paragraphs,
            **_source_meta(source),
        )
    out["events.json"] = events_json(timeline)
    static = folder / "static"
    for file in sorted(p for p in static.rglob("*") if p.is_file()):
        out["static/" + file.relative_to(static).as_posix()] = file.read_bytes()
    if emit is not None:
        for path, data in out.items():
            emit(path, None, _constant(data))
        return {}
    return dict(sorted(out.items()))


def _constant(data: bytes) -> Callable[[], bytes]:
    return lambda: data


# -- paths ----------------------------------------------------------------------------------
def _url(path: str) -> str:
    return quote(path, safe="/-._~")


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
    if event.end is not None and event.end != event.date:
        return DateView(
            event.date.display(),
            html_datetime(event.date),
            event.end.display(),
            html_datetime(event.end),
            event.approximate,
        )
    text = event.display_date
    if event.approximate:
        text = text.removeprefix("c. ")  # the template shows its own "approx." marker
    return DateView(text, html_datetime(event.date), approximate=event.approximate)


def _event_view(
    event: Event, sources: dict[str, Source], spans: dict[str, list[_Span]]
) -> EventView:
    refs = tuple(_ref_view(r, sources, spans) for r in event.sources)
    summary_html = Markup(nh3.clean(event.summary_html)) if event.summary_html else None
    full = _plain_text(event.summary_html) if event.summary_html else event.summary
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


def _ref_view(ref: SourceRef, sources: dict[str, Source], spans: dict[str, list[_Span]]) -> RefView:
    source = sources.get(ref.source)
    if source is not None:
        hit = _overlapping(spans[source.id], ref.start, ref.end)
        fragment = f"#s-{spans[source.id][hit.start].raw_start}" if hit else ""
        href = _url(_source_path(source.id)) + fragment
        return RefView(
            source.title or source.id,
            source.outlet or "",
            ref.quote,
            href,
            False,
            ref.date_text,
            ref.how,
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


class _TextOnly(HTMLParser):
    BLOCKS = frozenset({"p", "br", "li", "div", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6"})

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.BLOCKS:
            self.parts.append(" ")


def _plain_text(html: str) -> str:
    parser = _TextOnly()
    parser.feed(html)
    parser.close()
    return " ".join("".join(parser.parts).split())


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
            out.append(PageLink(f"years/{section.id[1:]}.html", section.heading, len(section.events),
                                (YearGroup(y.year, y.id, (section,)),)))
    return out


# -- sources --------------------------------------------------------------------------------
def _spans(source: Source) -> list[_Span]:
    """The source's sentences, sorted, non-overlapping, trimmed; one per line if it has none."""
    text = source.text
    found = [(s.start, s.end, s.boilerplate) for s in source.sentences]
    if not found:
        found = [(m.start(), m.end(), "") for m in re.finditer(r"[^\n]+", text)]
    out: list[_Span] = []
    cursor = 0
    for start, end, boilerplate in sorted(found):
        start, end = max(start, cursor, 0), min(end, len(text))
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start < end:
            raw = (source.raw_offset(start), source.raw_end(end))
            out.append(_Span(start, end, raw[0], raw[1], boilerplate))
            cursor = end
    return out


def _overlapping(spans: list[_Span], start: int, end: int) -> range:
    """Indices of the spans that overlap raw offsets [start, end) (or hold `start`)."""
    end = max(end, start + 1)
    i = bisect.bisect_right(spans, start, key=lambda s: s.raw_start) - 1
    if i < 0 or spans[i].raw_end <= start:
        i += 1
    j = bisect.bisect_left(spans, end, key=lambda s: s.raw_start)
    return range(i, max(i, j))


def _quoting(
    events: list[Event], sources: dict[str, Source], spans: dict[str, list[_Span]]
) -> dict[str, dict[int, list[Link]]]:
    """source id -> span index -> the events quoting that sentence, in date order."""
    out: dict[str, dict[int, list[Link]]] = defaultdict(lambda: defaultdict(list))
    for event in events:
        link = Link(_url(_event_path(event.id)), event.title)
        for ref in event.sources:
            if ref.source in sources:
                for i in _overlapping(spans[ref.source], ref.start, ref.end):
                    if link not in out[ref.source][i]:
                        out[ref.source][i].append(link)
    return out


def _paragraphs(text: str, spans: list[_Span], quoting: dict[int, list[Link]]) -> list[list[Piece]]:
    """The text cut into paragraphs (at every newline) of pieces: the gaps and sentences."""
    paragraphs: list[list[Piece]] = [[]]
    cursor = 0
    previous_boilerplate = ""
    for i, span in enumerate([*spans, _Span(len(text), len(text), 0, 0, "")]):
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


def _source_meta(source: Source) -> dict[str, object]:
    url = source.url or ""
    return {
        "source": source,
        "source_url": url,
        "url_is_link": urlsplit(url).scheme in {"http", "https"},
        "published": DateValue.of_day(source.published).display() if source.published else "",
        "published_from": PUBLISHED_FROM.get(source.published_from, source.published_from),
    }


def _markdown(text: str) -> Markup | None:
    """Markdown to sanitised HTML, its headings one level down (the page has the h1)."""
    if not text.strip():
        return None
    html = markdown.markdown(text, extensions=["toc"], extension_configs={"toc": {"baselevel": 2}})
    return Markup(nh3.clean(html))
