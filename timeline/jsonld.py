"""schema.org `Event` JSON-LD for an event page (https://schema.org/Event)."""

from __future__ import annotations

import json

from markupsafe import Markup

from .model import DateValue, Event, Source


def schema_date(value: DateValue, end: bool = False) -> str:
    """An ISO 8601 date at the value's precision; a season becomes its first (or last) month."""
    if value.precision == "season":
        day = value.last_day() if end else value.first_day()
        return f"{day.year:04d}-{day.month:02d}"
    return value.iso()


def event_json_ld(event: Event, description: str, sources: dict[str, Source], url: str = "") -> Markup:
    """The `<script type="application/ld+json">` body, safe to put inside the element."""
    data: dict[str, object] = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "startDate": schema_date(event.date),
    }
    if event.end is not None and event.end != event.date:
        data["endDate"] = schema_date(event.end, end=True)
    elif event.date.precision == "season":
        data["endDate"] = schema_date(event.date, end=True)
    if description:
        data["description"] = description
    if url:
        data["url"] = url
    if event.tags:
        data["keywords"] = ", ".join(event.tags)
    reports = _reports(event, sources)
    if reports:
        data["subjectOf"] = reports
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1)
    # Inside <script> only "</" can end the element early; \u003c is the same JSON string.
    return Markup(text.replace("<", "\\u003c"))


def _reports(event: Event, sources: dict[str, Source]) -> list[dict[str, object]]:
    """The articles that report the event, once each, as schema.org creative works."""
    out: list[dict[str, object]] = []
    seen: set[str] = set()
    for ref in event.sources:
        source = sources.get(ref.source)
        key = ref.source if source is not None else ref.url or ""
        if not key or key in seen:
            continue
        seen.add(key)
        if source is None:
            work: dict[str, object] = {"@type": "CreativeWork", "url": ref.url}
            if ref.outlet:
                work["publisher"] = {"@type": "Organization", "name": ref.outlet}
        else:
            work = {"@type": "NewsArticle", "headline": source.title}
            if source.url:
                work["url"] = source.url
            if source.published:
                work["datePublished"] = source.published.isoformat()
            if source.outlet:
                work["publisher"] = {"@type": "Organization", "name": source.outlet}
            if source.author:
                work["author"] = {"@type": "Person", "name": source.author}
        out.append(work)
    return out
