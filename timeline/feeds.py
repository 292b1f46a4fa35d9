"""Exports for other programs: TimelineJS JSON, iCalendar, Atom, CSV and a sitemap.

Each function takes the Timeline (and the public base URL, "" when unknown) and returns the
file's bytes.  Nothing here reads a clock: the one date a feed needs ("updated") is the
newest event's, so the same input gives the same bytes.
"""

from __future__ import annotations

import csv
import datetime as dt
import heapq
import html
import io
import re
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator
from html.parser import HTMLParser
from urllib.parse import quote

from .exports import Items, Run, chronological, dumps, encoded
from .model import DateValue, Event, Timeline

ATOM = "http://www.w3.org/2005/Atom"
SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
_ID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://pypi.org/project/timeline-ssg/")


_PLAIN = re.compile(r"[A-Za-z0-9/._~-]*")


def url_path(path: str) -> str:
    """`path` URL-quoted: letters, digits and "/-._~" kept, the rest %-escaped as UTF-8.
    (Most paths are slugs, left as they are without asking `quote`: a site asks this for
    each link, 60,000 times at 10,000 articles.)"""
    return path if _PLAIN.fullmatch(path) else quote(path, safe="/-._~")


def event_path(event_id: str) -> str:
    """The event page, relative to the site root, URL-quoted."""
    return url_path(f"events/{event_id}.html")


def event_uid(timeline_title: str, event_id: str) -> str:
    """A stable, globally unique id for an event: the same for the same event in the same
    timeline, build after build; two timelines that share an event id still differ."""
    return str(uuid.uuid5(_ID_NAMESPACE, f"{timeline_title}\n{event_id}"))


def last_day(event: Event) -> dt.date:
    return (event.end or event.date).last_day()


def newest(timeline: Timeline) -> dt.date | None:
    """The last day of the newest event: the feed's "updated" date, never the build time."""
    return max((last_day(e) for e in timeline.events), default=None)


class _TextOnly(HTMLParser):
    """The text of an HTML fragment, with a space where a block starts."""

    BLOCKS = frozenset({"p", "br", "li", "div", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6"})

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.BLOCKS:
            self.parts.append(" ")


def plain_text(html: str) -> str:
    parser = _TextOnly()
    parser.feed(html)
    parser.close()
    return " ".join("".join(parser.parts).split())


def summary_text(event: Event) -> str:
    """The summary as plain text (a manual event's Markdown, rendered and stripped)."""
    return plain_text(event.summary_html) if event.summary_html else event.summary


# -- TimelineJS ------------------------------------------------------------------------------
def _tl_date(value: DateValue, end: bool = False) -> dict[str, object]:
    """A TimelineJS date with only the fields the precision gives: a month has no day."""
    if value.precision == "day":
        return {"year": value.year, "month": value.month, "day": value.day}
    if value.precision == "month":
        return {"year": value.year, "month": value.month}
    if value.precision == "year":
        return {"year": value.year}
    # A week or a season has no TimelineJS form: its first (or last) day, and a display_date.
    day = value.last_day() if end else value.first_day()
    if value.precision == "season":
        return {"year": day.year, "month": day.month}
    return {"year": day.year, "month": day.month, "day": day.day}


def timelinejs(timeline: Timeline, base_url: str = "") -> bytes:
    """`timeline.json` in TimelineJS's JSON format (https://timeline.knightlab.com/docs/json-format.html)."""
    return dumps(timelinejs_document(timeline, base_url))


def timelinejs_document(timeline: Timeline, base_url: str = "",
                        slides: Iterable[bytes | Run] | None = None) -> dict[str, object]:
    """`timeline.json` as data, its slides made as they are written.  `slides`: made
    already (`slide_item`), in chronological order."""
    return {
        "title": {"text": {"headline": html.escape(timeline.title),
                           "text": html.escape(timeline.description)}},
        "events": Items(slides if slides is not None else
                        (slide_item(event, base_url) for event in chronological(timeline.events))),
    }


def slide_item(event: Event, base_url: str) -> bytes:
    """One event's slide of timeline.json, made apart from the rest."""
    return encoded(_slide(event, base_url))


def _slide(event: Event, base_url: str) -> dict[str, object]:
    start = _tl_date(event.date)
    exact = not event.approximate and event.date.precision in {"day", "month", "year"}
    if not exact:
        start["display_date"] = event.display_date
    slide: dict[str, object] = {
        "unique_id": event.id,
        "start_date": start,
        "text": {"headline": html.escape(event.title), "text": _tl_text(event, base_url)},
    }
    if event.end is not None and event.end != event.date:
        slide["end_date"] = _tl_date(event.end, end=True)
    elif event.date.precision in {"week", "season"}:
        slide["end_date"] = _tl_date(event.date, end=True)
    if event.tags:
        slide["group"] = event.tags[0]
    return slide


def _tl_text(event: Event, base_url: str) -> str:
    text = event.summary_html or f"<p>{html.escape(event.summary)}</p>"
    if base_url:
        href = html.escape(f"{base_url.rstrip('/')}/{event_path(event.id)}")
        text += f'<p><a href="{href}">Sources and how the date was read</a></p>'
    return text


# -- iCalendar -------------------------------------------------------------------------------
def ics(timeline: Timeline, base_url: str = "") -> bytes:
    """`events.ics`: all-day events; a month, week, season or year is a range of days.

    Written directly (RFC 5545: TEXT escaping, lines folded at 75 octets), in the order of
    properties the `icalendar` package writes; the tests read it back with that package.
    Building the calendar through its objects took seconds per ten thousand events."""
    return b"".join(ics_chunks(timeline, base_url))


def ics_chunks(timeline: Timeline, base_url: str = "",
               made: Iterable[tuple[bytes, bytes]] | None = None,
               newest_day: tuple[dt.date | None] | None = None) -> Iterator[bytes]:
    """`events.ics` in pieces, one per event, as they are made.  `made`: the events'
    pieces made already (`ics_event`), in chronological order; `newest_day`: (`newest`
    of the timeline,) when the caller has it."""
    day = newest_day[0] if newest_day is not None else newest(timeline)
    stamp = (day or dt.date(1970, 1, 1)).strftime("%Y%m%dT000000Z")
    head = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//timeline-ssg//timeline//EN",
            "CALSCALE:GREGORIAN", f"X-WR-CALNAME:{_ics_text(timeline.title)}"]
    yield _lines(head)
    dtstamp = _lines([f"DTSTAMP:{stamp}"])
    if made is None:
        made = (ics_event(event, timeline.title, base_url) for event in chronological(timeline.events))
    for before, after in made:
        yield before + dtstamp + after
    yield _lines(["END:VCALENDAR"])


def ics_event(event: Event, title: str, base_url: str = "") -> tuple[bytes, bytes]:
    """One event of events.ics, made apart from the rest: its lines before and after its
    DTSTAMP, which is the newest event's date (so that a new newest event does not remake
    every other event's)."""
    base = base_url.rstrip("/")
    lines = ["BEGIN:VEVENT", f"SUMMARY:{_ics_text(event.title)}",
             f"DTSTART;VALUE=DATE:{_ics_day(event.date.first_day())}"]
    if last_day(event) < dt.date.max:  # DTEND is exclusive; without it, one day (RFC 5545)
        lines.append(f"DTEND;VALUE=DATE:{_ics_day(last_day(event) + dt.timedelta(days=1))}")
    rest = [f"UID:{event_uid(title, event.id)}"]
    if event.tags:
        rest.append("CATEGORIES:" + ",".join(_ics_text(t) for t in event.tags))
    rest.append(f"DESCRIPTION:{_ics_text(_plain_description(event))}")
    if base:
        rest.append(f"URL:{base}/{event_path(event.id)}")
    rest.append("END:VEVENT")
    return _lines(lines), _lines(rest)


def _lines(lines: list[str]) -> bytes:
    return b"".join(_fold(line.encode("utf-8")) for line in lines)


def _ics_day(day: dt.date) -> str:
    return f"{day.year:04d}{day.month:02d}{day.day:02d}"


def _ics_text(text: str) -> str:
    """An iCalendar TEXT value: backslash, semicolon and comma escaped, line breaks as \\n."""
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return text.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")


def _fold(line: bytes, limit: int = 74) -> bytes:
    """One content line ending in CRLF, folded so that no line exceeds 75 octets with its
    leading space: never inside a UTF-8 character, nor right after a backslash."""
    if len(line) <= limit:
        return line + b"\r\n"
    parts = []
    start = 0
    while len(line) - start > limit:
        cut = start + limit
        while line[cut] & 0xC0 == 0x80:  # a UTF-8 continuation byte: back to the character
            cut -= 1
        if cut - start > 1 and line[cut - 1] in b"\\^":  # keep an escape with what it escapes
            cut -= 1
        parts.append(line[start:cut])
        start = cut
    parts.append(line[start:])
    return b"\r\n ".join(parts) + b"\r\n"


def _plain_description(event: Event) -> str:
    parts = [f"Date: {event.display_date}"]
    if event.approximate:
        parts[0] += " (approximate)"
    if event.summary:
        parts.append(summary_text(event))
    return "\n\n".join(parts)


# A feed reader fetches the whole feed every time: it carries the newest events, not an
# archive's every event (Pelican's FEED_MAX_ITEMS is 100 too); events.json has them all.
FEED_ENTRIES = 100


# -- Atom ------------------------------------------------------------------------------------
def newest_first(events: list[Event]) -> tuple[dt.date | None, list[Event]]:
    """The newest event's last day (the feed's "updated" date), and the FEED_ENTRIES
    newest events, newest first, those of one day in chronological order; `events` in
    chronological order."""
    # Each event's last day once (14,000 events: a tenth of a second when it was worked out
    # for the newest date and again for the order).  As sorted(..., reverse=True)[:n].
    last = [last_day(e) for e in events]
    order = heapq.nlargest(FEED_ENTRIES, range(len(events)), key=last.__getitem__)
    return max(last, default=None), [events[i] for i in order]


def atom(timeline: Timeline, base_url: str = "",
         newest: tuple[dt.date | None, list[Event]] | None = None) -> bytes:
    """`feed.xml`: an Atom feed of the FEED_ENTRIES newest events, newest first, dated by
    the newest event.  `newest`: `newest_first` of the timeline's events, when the caller
    has it.

    Without a base URL the links are relative to the feed, which sits at the site root.
    """
    updated, entries = newest if newest is not None else newest_first(chronological(timeline.events))
    base = base_url.rstrip("/")
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    _sub(feed, "title", timeline.title)
    if timeline.description:
        _sub(feed, "subtitle", timeline.description)
    _sub(feed, "id", f"{base}/" if base else f"urn:uuid:{event_uid(timeline.title, '')}")
    _sub(feed, "updated", _stamp(updated))
    author = _sub(feed, "author")
    _sub(author, "name", timeline.title)
    _sub(feed, "link", href=f"{base}/" if base else "index.html")
    if base:
        _sub(feed, "link", rel="self", href=f"{base}/feed.xml")
    _sub(feed, "generator", "timeline-ssg")
    for event in entries:
        entry = _sub(feed, "entry")
        _sub(entry, "title", event.title)
        _sub(entry, "id", f"urn:uuid:{event_uid(timeline.title, event.id)}")
        _sub(entry, "updated", _stamp(last_day(event)))
        href = f"{base}/{event_path(event.id)}" if base else event_path(event.id)
        _sub(entry, "link", href=href)
        _sub(entry, "summary", _plain_description(event))
        for tag in event.tags:
            _sub(entry, "category", term=tag)
    ET.indent(feed)
    return bytes(ET.tostring(feed, encoding="utf-8", xml_declaration=True)) + b"\n"


def _sub(parent: ET.Element, name: str, text: str | None = None, **attrs: str) -> ET.Element:
    el = ET.SubElement(parent, f"{{{ATOM}}}{name}", attrs)
    if text is not None:
        el.text = text
    return el


def _stamp(day: dt.date | None) -> str:
    return f"{(day or dt.date(1970, 1, 1)).isoformat()}T00:00:00Z"


# -- CSV -------------------------------------------------------------------------------------
CSV_COLUMNS = ("id", "date", "end", "precision", "display_date", "approximate", "title",
               "summary", "origin", "tags", "sources", "urls")


def events_csv(timeline: Timeline, rows: Iterable[bytes] | None = None) -> bytes:
    """`events.csv`: one row per event, RFC 4180 (CRLF, quoted when needed), UTF-8.
    `rows`: the events' rows made already (`csv_rows`), in chronological order."""
    if rows is None:
        urls = {s.id: s.url or "" for s in timeline.sources}
        rows = [csv_rows(chronological(timeline.events), urls)]
    return b"".join([_csv([CSV_COLUMNS]), *rows])


def csv_rows(events: Iterable[Event], urls: dict[str, str]) -> bytes:
    """The rows of events.csv for `events`; `urls`: each source's URL, by id."""
    out = []
    for e in events:
        refs = [r.source or r.url or "" for r in e.sources]
        links = [r.url or urls.get(r.source, "") for r in e.sources]
        out.append([
            e.id, e.date.iso(), e.end.iso() if e.end else "", e.date.precision, e.display_date,
            "yes" if e.approximate else "no", e.title, summary_text(e), e.origin, "; ".join(e.tags),
            "; ".join(_unique(refs)), " ".join(_unique(links)),
        ])
    return _csv(out)


def _csv(rows: Iterable[Iterable[object]]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode("utf-8")


def _unique(items: Iterable[str]) -> list[str]:
    return [i for i in dict.fromkeys(items) if i]


# -- sitemap ---------------------------------------------------------------------------------
def sitemap(pages: Iterable[str], base_url: str) -> bytes:
    """`sitemap.xml` of the given pages; a sitemap needs absolute URLs, so a base URL."""
    base = base_url.rstrip("/")
    ET.register_namespace("", SITEMAP)
    urlset = ET.Element(f"{{{SITEMAP}}}urlset")
    for page in sorted(pages):
        url = ET.SubElement(urlset, f"{{{SITEMAP}}}url")
        loc = ET.SubElement(url, f"{{{SITEMAP}}}loc")
        loc.text = f"{base}/{url_path(page)}".removesuffix("index.html")
    ET.indent(urlset)
    return bytes(ET.tostring(urlset, encoding="utf-8", xml_declaration=True)) + b"\n"
