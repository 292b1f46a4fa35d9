"""Manual events and corrections, written by hand in YAML.

```yaml
events:
  - id: nato-summit-the-hague        # optional; made from date and title otherwise
    date: 2025-06-24                 # YYYY, YYYY-MM or YYYY-MM-DD; "~2025-06" = approximate
    end: 2025-06-25                  # optional, same forms
    title: NATO summit in The Hague
    summary: Leaders meet for **two days**.   # Markdown
    sources:                         # URLs, source ids, or mappings
      - https://example.org/report
      - 000_f2e8e39dc4325990
      - {url: "https://example.org/x", outlet: Example, quote: "..."}
    tags: [nato, summit]
corrections:
  - event: 2025-05-19-trump-spoke-with-putin   # an extracted event's id
    title: Trump and Putin speak by phone       # change title, date, summary or tags
  - event: 2025-06-2025-some-id
    hide: true                                  # drop it from the timeline
  - event: 2025-05-19-trump-spoke-with-putin
    merge: [2025-05-19-other-id]                # fold these events into this one
```
Every problem is collected and reported as `file:line:column: message` before anything
is written.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass, field, replace
from typing import Any

import markdown as md
import nh3

from . import yamlio
from .errors import TimelineError, ValidationErrors
from .model import DateValue, Event, SourceRef
from .slug import slugify

EVENT_KEYS = ("id", "date", "end", "title", "summary", "sources", "tags")
CORRECTION_KEYS = ("event", "hide", "date", "end", "title", "summary", "tags", "merge")
SOURCE_KEYS = ("url", "source", "outlet", "quote")
TOP_KEYS = ("events", "corrections", "sources")
_ALLOWED_TAGS = {"a", "p", "em", "strong", "code", "ul", "ol", "li", "blockquote", "br", "q", "cite"}


@dataclass(frozen=True)
class Correction:
    event: str
    path: str
    line: int | None
    column: int | None
    hide: bool = False
    date: DateValue | None = None
    end: DateValue | None = None
    approximate: bool | None = None
    title: str | None = None
    summary: str | None = None
    tags: tuple[str, ...] | None = None
    merge: tuple[str, ...] = ()


@dataclass
class ManualInput:
    events: list[Event] = field(default_factory=list)
    corrections: list[Correction] = field(default_factory=list)
    # (event id, path, line, column) for later checks against extracted events
    event_origins: dict[str, tuple[str, int | None, int | None]] = field(default_factory=dict)


def parse_date(value: Any) -> tuple[DateValue, bool]:
    """A YAML date value: (value, approximate).  Raises ValueError with a reason."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return DateValue.of_day(value), False
    if isinstance(value, bool) or value is None:
        raise ValueError("a date is required (YYYY, YYYY-MM or YYYY-MM-DD)")
    text = str(value).strip()
    approx = text.startswith("~") or text.endswith("~")
    text = text.strip("~ ")
    if not re.fullmatch(r"\d{4}(?:-\d{2}(?:-\d{2})?)?", text):
        raise ValueError(f"{value!r} is not a date (use YYYY, YYYY-MM or YYYY-MM-DD, '~' for approximate)")
    try:
        value = DateValue.parse(text)
        value.first_day()  # year 0 parses, but is not in the calendar
        return value, approx
    except ValueError:
        raise ValueError(f"{text} is not a day of the calendar") from None


def render_markdown(text: str) -> str:
    """Markdown to HTML through an allow-list sanitiser: no script, no styles, safe links."""
    html = md.markdown(text, extensions=[], output_format="html")
    return nh3.clean(html, tags=_ALLOWED_TAGS, attributes={"a": {"href", "title"}},
                     url_schemes={"http", "https", "mailto"}, link_rel="noopener noreferrer")


class _Collector:
    def __init__(self, path: str) -> None:
        self.path = path
        self.errors: list[TimelineError] = []

    def add(self, message: str, where: tuple[int | None, int | None]) -> None:
        self.errors.append(TimelineError(message, self.path, where[0], where[1]))

    def unknown_keys(self, mapping: dict[str, Any], known: tuple[str, ...], what: str) -> None:
        for key in mapping:
            if key not in known:
                close = difflib.get_close_matches(key, known, n=1)
                hint = f"; did you mean {close[0]!r}?" if close else f" (known: {', '.join(known)})"
                self.add(f"unknown key {key!r} in {what}{hint}", yamlio.where(mapping, key))


def _text(c: _Collector, item: dict[str, Any], key: str, required: bool = False) -> str | None:
    if key not in item or item[key] is None:
        if required:
            c.add(f"missing {key!r}", yamlio.where(item))
        return None
    value = item[key]
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        c.add(f"{key!r} must be text", yamlio.where(item, key))
        return None
    return str(value).strip()


def _tags(c: _Collector, item: dict[str, Any]) -> tuple[str, ...] | None:
    if "tags" not in item:
        return None
    tags = item["tags"]
    if isinstance(tags, str):
        tags = [tags]
    if not isinstance(tags, list) or not all(isinstance(t, str | int) for t in tags):
        c.add("'tags' must be a list of words", yamlio.where(item, "tags"))
        return None
    return tuple(sorted({str(t).strip() for t in tags if str(t).strip()}))


def _date(c: _Collector, item: dict[str, Any], key: str) -> tuple[DateValue, bool] | None:
    if key not in item:
        return None
    try:
        return parse_date(item[key])
    except ValueError as e:
        c.add(f"{key}: {e}", yamlio.where(item, key))
        return None


def _sources(c: _Collector, item: dict[str, Any]) -> tuple[SourceRef, ...]:
    raw = item.get("sources") or []
    if isinstance(raw, str):
        raw = [raw]
    if not isinstance(raw, list):
        c.add("'sources' must be a list", yamlio.where(item, "sources"))
        return ()
    refs = []
    for entry in raw:
        if isinstance(entry, str):
            entry = {"url": entry} if re.match(r"(?i)^[a-z][a-z0-9+.-]*:", entry) else {"source": entry}
        if not isinstance(entry, dict):
            c.add("a source must be a URL, a source id or a mapping", yamlio.where(item, "sources"))
            continue
        if isinstance(entry, yamlio.Located):
            c.unknown_keys(entry, SOURCE_KEYS, "a source")
        url = str(entry["url"]).strip() if entry.get("url") else None
        if url and not re.match(r"(?i)^https?://", url):
            c.add(f"source URL {url!r} must start with http:// or https://",
                  yamlio.where(entry, "url") if isinstance(entry, yamlio.Located) else yamlio.where(item, "sources"))
            continue
        sid = str(entry["source"]).strip() if entry.get("source") else ""
        if not url and not sid:
            c.add("a source needs a url or a source id", yamlio.where(item, "sources"))
            continue
        refs.append(SourceRef(source=sid, quote=str(entry.get("quote") or ""), start=0, end=0,
                              url=url, outlet=str(entry["outlet"]) if entry.get("outlet") else None))
    return tuple(refs)


def load(docs: list[tuple[str, Any]]) -> ManualInput:
    """Manual events and corrections from the folder's YAML documents."""
    out = ManualInput()
    errors: list[TimelineError] = []
    for path, data in docs:
        c = _Collector(path)
        if data is None:
            continue
        if not isinstance(data, dict):
            c.add("expected a mapping with 'events' and/or 'corrections'", (1, 1))
            errors.extend(c.errors)
            continue
        c.unknown_keys(data, TOP_KEYS, "the file")
        for key, handler in (("events", _event), ("corrections", _correction)):
            block = data.get(key)
            if block is None:
                continue
            if not isinstance(block, list):
                c.add(f"{key!r} must be a list", yamlio.where(data, key))
                continue
            for item in block:
                if not isinstance(item, dict):
                    c.add(f"each entry of {key!r} must be a mapping", yamlio.where(data, key))
                    continue
                handler(c, item, out)
        errors.extend(c.errors)
    if errors:
        raise ValidationErrors(errors)
    return out


def _event(c: _Collector, item: dict[str, Any], out: ManualInput) -> None:
    c.unknown_keys(item, EVENT_KEYS, "an event")
    title = _text(c, item, "title", required=True)
    if "date" not in item:
        c.add("missing 'date'", yamlio.where(item))
    date = _date(c, item, "date")
    end = _date(c, item, "end")
    if date and end and end[0].last_day() < date[0].first_day():
        c.add(f"end {end[0].iso()} is before date {date[0].iso()}", yamlio.where(item, "end"))
    summary = _text(c, item, "summary") or ""
    tags = _tags(c, item) or ()
    refs = _sources(c, item)
    if title is None or date is None:
        return
    eid = _text(c, item, "id") or f"{date[0].iso()}-{slugify(title)}"
    line, col = yamlio.where(item, "id") if "id" in item else yamlio.where(item)
    if eid in {".", ".."} or any(ch in eid for ch in "/\\\0"):  # it names the event's page
        c.add(f"id {eid!r} cannot be used as a file name (no '/' or '\\')", (line, col))
        return
    if eid in out.event_origins:
        other = out.event_origins[eid]
        c.add(f"duplicate event id {eid!r} (first at {other[0]}:{other[1]})", (line, col))
        return
    out.event_origins[eid] = (c.path, line, col)
    out.events.append(Event(
        id=eid, date=date[0], end=end[0] if end else None, title=title, summary=summary,
        origin="manual", tags=tags, sources=refs, approximate=date[1],
        summary_html=render_markdown(summary) if summary else "",
    ))


def _correction(c: _Collector, item: dict[str, Any], out: ManualInput) -> None:
    c.unknown_keys(item, CORRECTION_KEYS, "a correction")
    target = _text(c, item, "event", required=True)
    date = _date(c, item, "date")
    end = _date(c, item, "end")
    merge = item.get("merge") or []
    if isinstance(merge, str):
        merge = [merge]
    if not isinstance(merge, list):
        c.add("'merge' must be a list of event ids", yamlio.where(item, "merge"))
        merge = []
    if date and end and end[0].last_day() < date[0].first_day():
        c.add(f"end {end[0].iso()} is before date {date[0].iso()}", yamlio.where(item, "end"))
    if target is not None and target in [str(m) for m in merge]:
        c.add(f"event {target!r} cannot be merged into itself", yamlio.where(item, "merge"))
        merge = [m for m in merge if str(m) != target]
    hide = item.get("hide", False)
    if not isinstance(hide, bool):
        c.add("'hide' must be true or false", yamlio.where(item, "hide"))
        hide = False
    if target is None:
        return
    line, col = yamlio.where(item, "event")
    out.corrections.append(Correction(
        event=target, path=c.path, line=line, column=col, hide=hide,
        date=date[0] if date else None, end=end[0] if end else None,
        approximate=date[1] if date else None, title=_text(c, item, "title"),
        summary=_text(c, item, "summary"), tags=_tags(c, item),
        merge=tuple(str(m) for m in merge),
    ))


def apply(events: list[Event], manual: ManualInput, source_ids: set[str]) -> list[Event]:
    """Extracted events with corrections applied, plus the manual events."""
    errors: list[TimelineError] = []
    by_id = {e.id: e for e in events}
    for m in manual.events:
        if m.id in by_id:
            path, line, col = manual.event_origins[m.id]
            errors.append(TimelineError(f"event id {m.id!r} is already used by an extracted event", path, line, col))
        for ref in m.sources:
            if ref.source and ref.source not in source_ids:
                path, line, col = manual.event_origins[m.id]
                close = difflib.get_close_matches(ref.source, sorted(source_ids), n=1)
                hint = f"; did you mean {close[0]!r}?" if close else ""
                errors.append(TimelineError(f"no source with id {ref.source!r}{hint}", path, line, col))
    hidden: set[str] = set()
    for corr in manual.corrections:
        missing = [i for i in (corr.event, *corr.merge) if i not in by_id]
        if missing:
            close = difflib.get_close_matches(missing[0], sorted(by_id), n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            errors.append(TimelineError(f"no extracted event with id {missing[0]!r}{hint}", corr.path, corr.line, corr.column))
            continue
        e = by_id[corr.event]
        for other_id in corr.merge:
            other = by_id[other_id]
            e = replace(e, sources=e.sources + other.sources, mentions=e.mentions + other.mentions,
                        why=(*e.why, f"merged by hand with {other_id} ({corr.path}:{corr.line})"))
            hidden.add(other_id)
        e = replace(
            e,
            date=corr.date or e.date,
            end=corr.end if corr.end is not None else e.end,
            approximate=corr.approximate if corr.approximate is not None else e.approximate,
            title=corr.title or e.title,
            summary=corr.summary if corr.summary is not None else e.summary,
            summary_html=render_markdown(corr.summary) if corr.summary else e.summary_html,
            tags=corr.tags if corr.tags is not None else e.tags,
        )
        if e.end is not None and e.end.last_day() < e.date.first_day():
            errors.append(TimelineError(f"end {e.end.iso()} is before date {e.date.iso()}",
                                        corr.path, corr.line, corr.column))
        by_id[corr.event] = e
        if corr.hide:
            hidden.add(corr.event)
    if errors:
        raise ValidationErrors(errors)
    kept = [by_id[e.id] for e in events if e.id not in hidden]
    return kept + manual.events
