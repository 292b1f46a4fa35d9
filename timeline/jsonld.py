"""schema.org `Event` JSON-LD for an event page (https://schema.org/Event)."""

from __future__ import annotations

import json

from markupsafe import Markup

from .model import DateValue, Event


def schema_date(value: DateValue, end: bool = False) -> str:
    """An ISO 8601 date at the value's precision; a season becomes its first (or last) month."""
    if value.precision == "season":
        day = value.last_day() if end else value.first_day()
        return f"{day.year:04d}-{day.month:02d}"
    return value.iso()


def event_json_ld(event: Event, description: str, outlets: list[str], url: str = "") -> Markup:
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
    if outlets:
        data["subjectOf"] = [{"@type": "NewsArticle", "publisher": {"@type": "Organization", "name": o}}
                             for o in outlets]
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1)
    # Inside <script> only "</" can end the element early; \u003c is the same JSON string.
    return Markup(text.replace("<", "\\u003c"))
