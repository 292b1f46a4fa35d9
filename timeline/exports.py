"""`events.json`: the timeline as data, in the form fixed by CONTRACTS.md.

The contract only grows by adding keys.  Added here: `approximate` on each event, and
`date_text` (plus `url` for plain-URL manual sources) on each source reference.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from .model import Event, Source, SourceRef, Timeline

JsonObject = dict[str, object]


def chronological(events: Iterable[Event]) -> list[Event]:
    """Oldest first; on the same first day the coarser date first; then by id."""
    return sorted(events, key=lambda e: (e.date.sort_key(), e.id))


def events_json(timeline: Timeline) -> bytes:
    """The bytes of `events.json`: UTF-8, keys sorted, two-space indent, trailing newline."""
    document: JsonObject = {
        "title": timeline.title,
        "sources": [_source(s) for s in sorted(timeline.sources, key=lambda s: s.id)],
        "events": [_event(e) for e in chronological(timeline.events)],
    }
    text = json.dumps(document, ensure_ascii=False, sort_keys=True, indent=2)
    return (text + "\n").encode("utf-8")


def _source(source: Source) -> JsonObject:
    return {
        "id": source.id,
        "title": source.title,
        "outlet": source.outlet,
        "url": source.url,
        "published": source.published.isoformat() if source.published else None,
        "published_from": source.published_from,
        "path": source.path,
    }


def _event(event: Event) -> JsonObject:
    return {
        "id": event.id,
        "date": event.date.iso(),
        "end": event.end.iso() if event.end is not None else None,
        "precision": event.date.precision,
        "display_date": event.display_date,
        "title": event.title,
        "summary": event.summary,
        "origin": event.origin,
        "tags": list(event.tags),
        "approximate": event.approximate,
        "sources": [_ref(r) for r in event.sources],
    }


def _ref(ref: SourceRef) -> JsonObject:
    out: JsonObject = {
        "source": ref.source or None,
        "quote": ref.quote,
        "start": ref.start,
        "end": ref.end,
        "date_text": ref.date_text,
    }
    if ref.url:
        out["url"] = ref.url
    return out
