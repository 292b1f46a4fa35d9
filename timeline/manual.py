"""Manual events and corrections, written by hand in YAML: loading and validation.

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
corrections:                         # of extracted events, by id (see corrections.py)
  - event: 2025-05-19-trump-spoke-with-putin
    title: Trump and Putin speak by phone       # change title, date, end, summary or tags
  - event: 2025-06-2025-some-id
    hide: true                                  # drop it from the timeline
  - event: 2025-05-19-trump-spoke-with-putin
    merge: [2025-05-19-other-id]                # fold these events into this one
  - event: 2025-06-24-rubio-said-politico
    split: [003_0a1b2c3d]                       # undo a merge: these sources' statements
                                                # leave it, one event per source
  - event: 2025-05-19-trump-spoke-with-putin
    split:                                      # or statements into one new event
      - sources: [001_98a2cbc7d4b00d20]         # every statement of these sources
        quotes: ["Zelensky said"]               # and those whose quote contains this
        title: Zelensky speaks to Trump         # optional, like id, date, summary, tags
```
Every problem is collected and reported as `file:line:column: message` before anything
is written.  Ids are unique across all the files.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from . import fields, yamlio
from .corrections import Correction, Split, apply, split
from .errors import TimelineError, ValidationErrors
from .fields import Collector, Where, parse_date, render_markdown
from .model import Event, SourceRef
from .slug import slugify

__all__ = ["Correction", "ManualInput", "Split", "apply", "load", "parse_date", "render_markdown", "split"]

EVENT_KEYS = ("id", "date", "end", "title", "summary", "sources", "tags")
CORRECTION_KEYS = ("event", "hide", "date", "end", "title", "summary", "tags", "merge", "split")
SPLIT_KEYS = ("id", "title", "date", "end", "summary", "tags", "sources", "quotes")
SOURCE_KEYS = ("url", "source", "outlet", "quote")
TOP_KEYS = ("events", "corrections", "sources")


@dataclass
class ManualInput:
    events: list[Event] = field(default_factory=list)
    corrections: list[Correction] = field(default_factory=list)
    # event id -> (path, line, column): where each hand-written id stands
    event_origins: dict[str, tuple[str, int | None, int | None]] = field(default_factory=dict)
    # (event id, index in its sources) -> where that source entry stands
    source_origins: dict[tuple[str, int], tuple[str, int | None, int | None]] = field(default_factory=dict)
    # problems found while loading, when `load` was asked to defer them to `apply`
    errors: list[TimelineError] = field(default_factory=list)


def _sources(c: Collector, item: dict[str, Any]) -> list[tuple[SourceRef, Where]]:
    raw = item.get("sources") or []
    if isinstance(raw, str):
        raw = [raw]
    if not isinstance(raw, list):
        c.add("'sources' must be a list", yamlio.where(item, "sources"))
        return []
    refs = []
    for i, entry in enumerate(raw):
        at = yamlio.where_item(raw, i, yamlio.where(item, "sources"))
        if isinstance(entry, str):
            entry = {"url": entry} if re.match(r"(?i)^[a-z][a-z0-9+.-]*:", entry) else {"source": entry}
        if not isinstance(entry, dict):
            c.add("a source must be a URL, a source id or a mapping", at)
            continue
        if isinstance(entry, yamlio.Located):
            c.unknown_keys(entry, SOURCE_KEYS, "a source")
        url = str(entry["url"]).strip() if entry.get("url") else None
        if url and not re.match(r"(?i)^https?://", url):
            c.add(f"source URL {url!r} must start with http:// or https://",
                  yamlio.where(entry, "url") if isinstance(entry, yamlio.Located) else at)
            continue
        sid = str(entry["source"]).strip() if entry.get("source") else ""
        if not url and not sid:
            c.add("a source needs a url or a source id", at)
            continue
        ref = SourceRef(source=sid, quote=str(entry.get("quote") or ""), start=0, end=0,
                        url=url, outlet=str(entry["outlet"]) if entry.get("outlet") else None)
        refs.append((ref, yamlio.where(entry, "source") if isinstance(entry, yamlio.Located) and sid else at))
    return refs


def load(docs: list[tuple[str, Any]], defer: bool = False) -> ManualInput:
    """Manual events and corrections from the folder's YAML documents.

    Raises ValidationErrors with every problem found; with `defer`, keeps them in `errors`
    for `apply` to report together with the problems only the extracted events reveal.
    """
    out = ManualInput()
    errors: list[TimelineError] = []
    for path, data in docs:
        c = Collector(path)
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
            for i, item in enumerate(block):
                if not isinstance(item, dict):
                    c.add(f"each entry of {key!r} must be a mapping",
                          yamlio.where_item(block, i, yamlio.where(data, key)))
                    continue
                handler(c, item, out)
        errors.extend(c.errors)
    if errors and not defer:
        raise ValidationErrors(errors)
    out.errors = errors
    return out


def claim_id(c: Collector, out: ManualInput, eid: str, where: Where) -> bool:
    """Record a hand-written event id; False (and an error) when another entry has it."""
    if eid in out.event_origins:
        other = out.event_origins[eid]
        c.add(f"duplicate event id {eid!r} (first at {other[0]}:{other[1]})", where)
        return False
    out.event_origins[eid] = (c.path, where[0], where[1])
    return True


def _event(c: Collector, item: dict[str, Any], out: ManualInput) -> None:
    c.unknown_keys(item, EVENT_KEYS, "an event")
    title = fields.text(c, item, "title", required=True)
    if "date" not in item:
        c.add("missing 'date'", yamlio.where(item))
    date, end = fields.date_range(c, item)
    summary = fields.text(c, item, "summary") or ""
    tags = fields.tags(c, item) or ()
    refs = _sources(c, item)
    if title is None or date is None:
        return
    eid = fields.text(c, item, "id") or f"{date[0].iso()}-{slugify(title)}"
    where = yamlio.where(item, "id") if "id" in item else yamlio.where(item)
    if eid in {".", ".."} or any(ch in eid for ch in "/\\\0"):  # it names the event's page
        c.add(f"id {eid!r} cannot be used as a file name (no '/' or '\\')", where)
        return
    if not claim_id(c, out, eid, where):
        return
    for i, (_, at) in enumerate(refs):
        out.source_origins[(eid, i)] = (c.path, *at)
    out.events.append(Event(
        id=eid, date=date[0], end=end, title=title, summary=summary,
        origin="manual", tags=tags, sources=tuple(r for r, _ in refs), approximate=date[1],
        summary_html=render_markdown(summary) if summary else "",
    ))


def _split(c: Collector, item: dict[str, Any], out: ManualInput) -> Split | None:
    c.unknown_keys(item, SPLIT_KEYS, "a split")
    title = fields.text(c, item, "title")
    date, end = fields.date_range(c, item)
    srcs = fields.words(c, item, "sources") or []
    quotes = fields.words(c, item, "quotes") or []
    if not srcs and not quotes:
        c.add("a split needs 'sources' or 'quotes' to say what moves", yamlio.where(item))
        return None
    eid = fields.text(c, item, "id")
    line, col = yamlio.where(item, "id") if eid else yamlio.where(item)
    if eid and not claim_id(c, out, eid, (line, col)):
        return None
    return Split(
        id=eid, title=title, path=c.path, line=line, column=col,
        date=date[0] if date else None, approximate=date[1] if date else None, end=end,
        summary=fields.text(c, item, "summary"), tags=fields.tags(c, item) or (),
        sources=tuple(srcs), quotes=tuple(quotes),
    )


def _splits(c: Collector, item: dict[str, Any], out: ManualInput) -> list[Split]:
    """`split: [source id, ...]` (one new event per source) and/or mappings (one each)."""
    raw = item.get("split")
    if raw is None:
        return []
    if not isinstance(raw, list):
        c.add("'split' must be a list of source ids or of mappings", yamlio.where(item, "split"))
        return []
    found = []
    for i, entry in enumerate(raw):
        at = yamlio.where_item(raw, i, yamlio.where(item, "split"))
        if isinstance(entry, str | int) and not isinstance(entry, bool) and str(entry).strip():
            found.append(Split(id=None, title=None, path=c.path, line=at[0], column=at[1],
                               sources=((str(entry).strip(), at),)))
        elif isinstance(entry, dict):
            s = _split(c, entry, out)
            if s is not None:
                found.append(s)
        else:
            c.add("each entry of 'split' must be a source id or a mapping", at)
    return found


def _correction(c: Collector, item: dict[str, Any], out: ManualInput) -> None:
    c.unknown_keys(item, CORRECTION_KEYS, "a correction")
    target = fields.text(c, item, "event", required=True)
    date, end = fields.date_range(c, item)
    merge = fields.words(c, item, "merge") or []
    if target is not None and target in [m for m, _ in merge]:
        c.add(f"event {target!r} cannot be merged into itself", yamlio.where(item, "merge"))
        merge = [(m, w) for m, w in merge if m != target]
    hide = item.get("hide", False)
    if not isinstance(hide, bool):
        c.add("'hide' must be true or false", yamlio.where(item, "hide"))
        hide = False
    splits = _splits(c, item, out)
    if target is None:
        return
    line, col = yamlio.where(item, "event")
    out.corrections.append(Correction(
        event=target, path=c.path, line=line, column=col, hide=hide,
        date=date[0] if date else None, end=end,
        approximate=date[1] if date else None, title=fields.text(c, item, "title"),
        summary=fields.text(c, item, "summary"), tags=fields.tags(c, item),
        merge=tuple(m for m, _ in merge), merge_at=tuple(w for _, w in merge),
        split=tuple(splits),
    ))
