"""Every article as the last build read it, without its text: a few cache entries to load,
not one per article.

A rebuild holds a Source for every article, but of the unchanged ones it needs only what
they are (id, path, title, outlet, publication date...) and the outline of their analysis;
their text only for the few whose pages are made again.  Loading each article's "read"
entry (text and all) took a fifth of a one-article rebuild at 10,000 articles: mostly the
Python calls that unpickling 10,000 sources makes, not the bytes.  So the heads of the
articles read are also kept packed as plain tuples (in `cache.Shards`, by their read
keys), and a source made from its head loads its body (`model.Lazy`) from its
"read" entry when something asks for the text.

The heads are an index of the "read" entries, found by the same keys: a key missing from
them is looked up there.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from pathlib import Path

from . import cache, sources
from .analyse import Job, Read
from .errors import TimelineError
from .model import Body, Lazy, Source

Head = tuple[object, ...]  # the source's fields but its body, the path shown, the outline


class Heads:
    """The heads kept for the articles of one folder (`scope`) in `store`."""

    def __init__(self, store: cache.Store, scope: str) -> None:
        self.store = store
        self.kept = cache.Shards(store, "heads", scope)

    def read(self, key: str, job: Job, content: str) -> Read | None:
        """The article read under `key` (its content hashing to `content`), its body to be
        loaded when asked for; None when its head is not kept."""
        head = self.kept.get(key)
        if head is None:
            return None
        body = Lazy(partial(_body, self.store, key, job, content))
        source = Source.of(head[0], head[1], body, *head[2:10])
        return Read(source, display=str(head[10]), outline=head[11])

    def update(self, reads: Iterable[tuple[str, Read]]) -> None:
        """Keep the heads of `reads` (by key; those that failed are left to the "read"
        entries), and only them."""
        if self.store.folder is None:
            return
        self.kept.save({key: self.kept.get(key) or _head(read) for key, read in reads
                        if key and read.source is not None and read.failure is None})


def _head(read: Read) -> Head:
    source = read.source
    assert source is not None
    return (source.id, source.path, source.title, source.outlet, source.url, source.author,
            source.published, source.published_from, source.warnings, source.how_published,
            read.display, read.outline)


def _body(store: cache.Store, key: str, job: Job, content: str) -> Body:
    """An article's body from its "read" entry; read from the file again when the entry is
    gone (the cache emptied during the build), if the file is still what the key was made of."""
    read = store.get("read", key)
    if isinstance(read, Read) and read.source is not None:
        return read.source.whole_body()
    try:
        with open(job.path, "rb") as f:
            same = cache.digest(f.read()) == content
        if same:
            return sources.read_source(Path(job.path), job.display, job.sid, job.meta,
                                       job.time_zone).whole_body()
    except OSError as e:
        raise TimelineError(f"cannot be read ({e.strerror or e})", job.display) from None
    raise TimelineError("changed while the site was being built; build again", job.display)

