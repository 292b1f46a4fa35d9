"""`events.json`: the timeline as data, in the form fixed by CONTRACTS.md.

The contract only grows by adding keys.  Added here: `approximate` on each event, and
`date_text` (plus `url` for plain-URL manual sources) on each source reference.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from typing import NamedTuple

import orjson

from .model import Event, Source, SourceRef, Timeline

JsonObject = dict[str, object]


def chronological(events: Iterable[Event]) -> list[Event]:
    """Oldest first; on the same first day the coarser date first; then by id."""
    return sorted(events, key=lambda e: (e.date.sort_key(), e.id))


def events_json(timeline: Timeline) -> bytes:
    """The bytes of `events.json`: UTF-8, keys sorted, two-space indent, trailing newline."""
    return dumps(events_document(timeline))


def events_document(timeline: Timeline, items: Iterable[bytes | Run] | None = None) -> dict[str, object]:
    """`events.json` as data, its lists made as they are written (`dumps`, `dump_chunks`).
    `items`: the events' items made already (`event_item`, or Runs of them), in
    chronological order."""
    return {
        "title": timeline.title,
        "sources": Items([Run.of_values([_source(s) for s in sorted(timeline.sources, key=lambda s: s.id)],
                                        ITEMS_AT)]),
        "events": Items(items if items is not None
                        else (event_item(e) for e in chronological(timeline.events))),
    }


def event_item(event: Event) -> bytes:
    """One event of events.json, made apart from the rest (see `encoded`)."""
    return encoded(_event(event))


_string = json.encoder.encode_basestring  # the C one where there is one


class Items:
    """A JSON array made item by item as it is written, so that a long one (the events of
    an archive) is never held whole as data: at a hundred thousand events the document's
    dicts and their pieces of text took more than a gigabyte.  Its items are JSON data
    without floats (orjson writes some floats otherwise than the standard library), or
    items made already by `encoded` (bytes), which are only indented where they go: a
    rebuild keeps the items of the events that did not change."""

    def __init__(self, items: Iterable[object]) -> None:
        self.items = items


_ORJSON = orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS


class Run(NamedTuple):
    """Items of an Items made already and joined: each as `encoded` makes it, one after
    another with "," and a line break between, every line break followed by the indent
    `at` gives ("\n": none).  Written at once, re-indented with one `bytes.replace` when
    it goes at another indent: the 14,000 events and 10,000 sources of events.json took
    0.05 s of Python steps per item on every rebuild.  An Items may hold Runs among its
    items."""

    data: bytes
    size: int  # how many items
    at: str = "\n"

    @classmethod
    def of(cls, items: Sequence[bytes], at: str = "\n") -> Run:
        """The Run of items made by `encoded`, placed for `at` (see ITEMS_AT)."""
        data = b",\n".join(items)
        return cls(data if at == "\n" else data.replace(b"\n", at.encode("utf-8")), len(items), at)

    @classmethod
    def of_values(cls, values: list[object], at: str = "\n") -> Run:
        """The Run of JSON values (`Items`' rules), encoded together."""
        if not values:
            return cls(b"", 0, at)
        try:
            data = orjson.dumps(values, option=_ORJSON)
        except orjson.JSONEncodeError:
            return cls.of([encoded(v) for v in values], at)
        # "[\n  " ... "\n]" around the items, each line of them two spaces in (JSON strings
        # escape their line breaks): those two spaces become the indent `at` gives.
        return cls(data[4:-2].replace(b"\n  ", at.encode("utf-8")), len(values), at)

    def placed(self, newline: str) -> bytes:
        """The data with each line break followed by the indent `newline` gives."""
        if newline == self.at:
            return self.data
        return self.data.replace(self.at.encode("utf-8"), newline.encode("utf-8"))


# Where the items of a list under a key of the document go (the events of events.json
# and of timeline.json): the parts keep their runs placed there.
ITEMS_AT = "\n    "


def dumps(value: object) -> bytes:
    """`value` (with Items for lists) as `json.dumps(value, ensure_ascii=False,
    sort_keys=True, indent=2)` writes it, plus a newline, in UTF-8."""
    return b"".join(dump_chunks(value))


def dump_chunks(value: object) -> Iterator[bytes]:
    """What `dumps` writes, in pieces as they are made: one per item of an Items that is
    the document or one of its values (as the events of events.json are), so that the
    writer puts them in the file without the whole in memory.

    The items of an Items are written by orjson, whose indented, key-sorted output is the
    standard library's byte for byte (tested), in C: events.json and timeline.json of
    14,000 events took 1.5 s in our Python encoder, and are remade on every change."""
    parts: list[str] = []

    def taken() -> bytes:
        data = "".join(parts).encode("utf-8")
        parts.clear()
        return data

    def streamed(items: Items, newline: str) -> Iterator[bytes]:
        inner = newline + "  "
        empty = True
        for entry in items.items:
            if isinstance(entry, Run) and not entry.size:
                continue
            parts.append(("[" if empty else ",") + inner)
            empty = False
            yield taken()
            yield _placed(entry, inner)
        parts.append("[]" if empty else newline + "]")

    if isinstance(value, Items):
        yield from streamed(value, "\n")
    elif isinstance(value, dict) and value:
        for n, key in enumerate(sorted(value)):
            parts.append(("{" if n == 0 else ",") + "\n  " + _string(key) + ": ")
            if isinstance(value[key], Items):
                yield from streamed(value[key], "\n  ")
            else:
                pretty(value[key], parts, "\n  ")
        parts.append("\n}")
    else:
        pretty(value, parts, "\n")
    parts.append("\n")
    yield taken()


def encoded(value: object) -> bytes:
    """`value` as an item of an Items writes it, at no indent; `_placed` indents it."""
    return _item(value, "\n")


def _placed(entry: object, newline: str) -> bytes:
    """An item of an Items at the indent `newline` gives, made now or by `encoded` (bytes:
    a line break in them is only ever one between the value's parts, as JSON strings
    escape theirs)."""
    if isinstance(entry, Run):
        return entry.placed(newline)
    if isinstance(entry, bytes):
        return entry.replace(b"\n", newline.encode("utf-8")) if len(newline) > 1 else entry
    return _item(entry, newline)


def _item(value: object, newline: str) -> bytes:
    """One item in UTF-8, at the indent `newline` gives: by orjson, or ours for what orjson
    cannot write (an integer past 64 bits)."""
    try:
        data = orjson.dumps(value, option=_ORJSON)
    except orjson.JSONEncodeError:
        out: list[str] = []
        pretty(value, out, newline)
        return "".join(out).encode("utf-8")
    return data.replace(b"\n", newline.encode("utf-8"))


def pretty(value: object, out: list[str], newline: str) -> None:
    """`value` as `json.dumps(value, ensure_ascii=False, sort_keys=True, indent=2)` writes
    it, appended to `out` in pieces; `newline` is a line break and the current indent.
    The items of an Items deeper in the document (not streamed) are written by `_item`.

    The standard library falls back to its pure-Python encoder whenever `indent` is set,
    which took 3 s for the events.json of 14,000 events; this takes a fifth of that."""
    if isinstance(value, Items):
        inner = newline + "  "
        empty = True
        for entry in value.items:
            if isinstance(entry, Run) and not entry.size:
                continue
            out.append(("[" if empty else ",") + inner)
            empty = False
            out.append(_placed(entry, inner).decode("utf-8"))
        out.append("[]" if empty else newline + "]")
    elif isinstance(value, str):
        out.append(_string(value))
    elif value is None or isinstance(value, bool | int | float):
        out.append(json.dumps(value))
    elif isinstance(value, dict):
        if not value:
            out.append("{}")
            return
        inner = newline + "  "
        first = True
        for key in sorted(value):
            out.append(("{" if first else ",") + inner + _string(key) + ": ")
            first = False
            pretty(value[key], out, inner)
        out.append(newline + "}")
    elif isinstance(value, list | tuple):
        if not value:
            out.append("[]")
            return
        inner = newline + "  "
        for i, entry in enumerate(value):
            out.append(("[" if i == 0 else ",") + inner)
            pretty(entry, out, inner)
        out.append(newline + "]")
    else:
        raise TypeError(f"not JSON data: {type(value).__name__}")


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
