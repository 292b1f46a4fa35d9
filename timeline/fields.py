"""Fields of hand-written YAML, validated: text, tags, dates, Markdown; errors collected.

Each reader takes the mapping an entry was loaded into (see `yamlio.Located`) and adds a
`file:line:column: message` to the collector instead of raising, so that one run reports
every problem of every file.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from typing import Any

from . import yamlio
from .errors import TimelineError
from .model import DateValue

_ALLOWED_TAGS = {"a", "p", "em", "strong", "code", "ul", "ol", "li", "blockquote", "br", "q", "cite"}

Where = tuple[int | None, int | None]


class Collector:
    """The problems found in one file, in the order they were found."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.errors: list[TimelineError] = []

    def add(self, message: str, where: Where) -> None:
        self.errors.append(TimelineError(message, self.path, where[0], where[1]))

    def unknown_keys(self, mapping: dict[str, Any], known: tuple[str, ...], what: str) -> None:
        for key in mapping:
            if key not in known:
                self.add(f"unknown key {key!r} in {what}{did_you_mean(key, known, listing=True)}",
                         yamlio.where(mapping, key))


def did_you_mean(word: str, known: Any, listing: bool = False) -> str:
    """"; did you mean 'x'?" for the closest known word, or the list of known words."""
    close = difflib.get_close_matches(word, sorted(known) if not isinstance(known, tuple) else known, n=1)
    if close:
        return f"; did you mean {close[0]!r}?"
    return f" (known: {', '.join(known)})" if listing else ""


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
        parsed = DateValue.parse(text)
        parsed.first_day()  # year 0 parses, but is not in the calendar
        return parsed, approx
    except ValueError:
        raise ValueError(f"{text} is not a day of the calendar") from None


def render_markdown(text: str) -> str:
    """Markdown to HTML through an allow-list sanitiser: no script, no styles, safe links."""
    import markdown  # only manual events' summaries need it: a no-op build does not

    html = markdown.markdown(text, extensions=[], output_format="html")
    import nh3  # here: importing it takes a tenth of a second that most builds do not need

    return nh3.clean(html, tags=_ALLOWED_TAGS, attributes={"a": {"href", "title"}},
                     url_schemes={"http", "https", "mailto"}, link_rel="noopener noreferrer")


def text(c: Collector, item: dict[str, Any], key: str, required: bool = False) -> str | None:
    if key not in item or item[key] is None:
        if required:
            c.add(f"missing {key!r}", yamlio.where(item))
        return None
    value = item[key]
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        c.add(f"{key!r} must be text", yamlio.where(item, key))
        return None
    return str(value).strip()


def words(c: Collector, item: dict[str, Any], key: str) -> list[tuple[str, Where]] | None:
    """A word or a list of words (ids, tags), each with where it stands."""
    if key not in item:
        return None
    raw = item[key]
    if isinstance(raw, str | int) and not isinstance(raw, bool):
        return [(str(raw).strip(), yamlio.where(item, key))]
    if not isinstance(raw, list) or not all(isinstance(t, str | int) and not isinstance(t, bool) for t in raw):
        c.add(f"{key!r} must be a list of words", yamlio.where(item, key))
        return None
    return [(str(t).strip(), yamlio.where_item(raw, i, yamlio.where(item, key)))
            for i, t in enumerate(raw) if str(t).strip()]


def tags(c: Collector, item: dict[str, Any]) -> tuple[str, ...] | None:
    found = words(c, item, "tags")
    return None if found is None else tuple(sorted({t for t, _ in found}))


def date(c: Collector, item: dict[str, Any], key: str) -> tuple[DateValue, bool] | None:
    if key not in item:
        return None
    try:
        return parse_date(item[key])
    except ValueError as e:
        c.add(f"{key}: {e}", yamlio.where(item, key))
        return None


def date_range(c: Collector, item: dict[str, Any]) -> tuple[tuple[DateValue, bool] | None, DateValue | None]:
    """`date` and `end`, with an end before the start reported."""
    start = date(c, item, "date")
    end = date(c, item, "end")
    if start and end and end[0].last_day() < start[0].first_day():
        c.add(f"end {end[0].iso()} is before date {start[0].iso()}", yamlio.where(item, "end"))
    return start, end[0] if end else None
