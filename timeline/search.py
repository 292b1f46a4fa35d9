"""Full-text search over the events: a static index that the timeline page queries in the
browser, with no server and no outside request.

The index is made from the events themselves, not from the written pages, so it costs a
fraction of a second per ten thousand events and never needs the site re-read (Pagefind,
which this replaces, took 16 s and 1.1 GB to index 14,000 event pages, and had to run over
the whole site on every change).

Layout, under `search/`:

- `pages.json`: for each timeline page, the number of its first event, and the list of
  shard keys there are (so that the browser never asks for a file that does not exist).
  Events are numbered in the order the timeline pages list them, so an event's number is
  its page's first number plus its position on that page, and the pages need no numbers of
  their own.
- `t/<key>.json`: the terms whose first two characters give `<key>` (`shard_key`), each with
  the numbers of the events that contain it, as gaps from the previous number.

Terms are words of the event's title, summary, tags, date, quotes and source names: Unicode
letters and digits, accents removed, lower case, two characters or more, a few very common
English words left out.  `static/timeline.js` splits a query the same way and keeps the
events that contain every word, a word matching any term it starts (after a plural or verb
ending is taken off: "talks" finds "talk", "talked" and "talking").
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable

import orjson

FOLDER = "search"

# Words so common in news that an index of them would be most of the index, and a search
# for them no filter at all.  The browser drops them from queries too (timeline.js).
STOP_WORDS = frozenset(
    "an and are as at be but by for from had has have he her his in is it its of on or "
    "she that the their they this to was were which who will with".split())

_WORD = re.compile(r"[^\W_]+")
_ASCII_KEY = re.compile(r"[a-z0-9]")


def terms(text: str) -> set[str]:
    """The distinct index terms of `text` (see the module's docstring)."""
    if not text.isascii():  # accents and other marks off, as the browser's \\p{M} does
        text = "".join(c for c in unicodedata.normalize("NFKD", text)
                       if unicodedata.category(c)[0] != "M")
    return {w for w in _WORD.findall(text.lower()) if len(w) > 1 and w not in STOP_WORDS}


def shard_key(term: str) -> str:
    """The file a term is in: its first two characters, each kept when an ASCII letter or
    digit and otherwise written as "_" and its code point in hexadecimal."""
    return "".join(c if _ASCII_KEY.fullmatch(c) else f"_{ord(c):x}" for c in term[:2])


Block = tuple[int, dict[str, tuple[int, ...]]]  # a run of events: how many, term -> which


def block(texts: list[str]) -> Block:
    """The terms of a run of events' texts: each term with the events (by their place in
    the run) that contain it.  A rebuild keeps the blocks of the events that did not
    change, and `index_files` only joins them."""
    found: dict[str, list[int]] = defaultdict(list)
    for n, text in enumerate(texts):
        for term in terms(text):
            found[term].append(n)
    return len(texts), {term: tuple(found[term]) for term in sorted(found)}


def index_files(pages: list[tuple[str, list[str]]]) -> dict[str, bytes]:
    """The index for the timeline pages, each given as (path, the searchable text of each
    of its events in the order the page lists them): path under the site -> bytes."""
    return index_from_blocks([(path, [block(texts)]) for path, texts in pages])


def index_from_blocks(pages: list[tuple[str, list[Block]]]) -> dict[str, bytes]:
    """`index_files` for pages given as (path, the blocks of its events, in order)."""
    postings: dict[str, list[int]] = defaultdict(list)
    firsts: dict[str, int] = {}
    number = 0
    for path, blocks in pages:
        firsts[path] = number
        for size, found in blocks:
            for term, which in found.items():
                postings[term].extend([number + n for n in which])
            number += size
    shards: dict[str, dict[str, list[int]]] = defaultdict(dict)
    for term in sorted(postings):
        shards[shard_key(term)][term] = _gaps(postings[term])
    files = {f"{FOLDER}/pages.json": _json({"events": number, "pages": firsts,
                                            "shards": sorted(shards)})}
    for key, shard in sorted(shards.items()):
        files[f"{FOLDER}/t/{key}.json"] = _json(shard)
    return files


def _gaps(numbers: Iterable[int]) -> list[int]:
    out, last = [], 0
    for n in numbers:  # already ascending
        out.append(n - last)
        last = n
    return out


def _json(value: object) -> bytes:
    """Compact, keys sorted, UTF-8: as json.dumps(value, ensure_ascii=False,
    separators=(",", ":"), sort_keys=True) writes it (tested), by orjson."""
    return orjson.dumps(value, option=orjson.OPT_SORT_KEYS)
