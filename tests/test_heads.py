"""The heads of the articles read (`timeline.heads`): a rebuild makes every unchanged
article's source from a few packed entries and loads its text only when asked for."""

from __future__ import annotations

import pickle
import shutil
import sys
import traceback
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from timeline import analyse, cache, heads, pipeline
from timeline.errors import TimelineError
from timeline.model import Body, Lazy, Source

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

import corpus  # noqa: E402


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _article(folder: Path, name: str, text: str) -> tuple[analyse.Job, str, str]:
    """An article file, its job, its content digest and a read key."""
    path = folder / name
    path.write_text(text, encoding="utf-8")
    content = cache.digest(path.read_bytes())
    job = analyse.Job(str(path), name, path.stem, None)
    return job, content, cache.digest("key", name, content)


TEXT = "---\ntitle: Talks\npublished: 2024-05-02\n---\n\nOn May 1, the **talks** began in Geneva.\n"


def test_a_source_with_a_lazy_body_is_the_same_source(tmp_path: Path) -> None:
    """Equal (both ways), hashed and pickled as the source with its body; a copy with
    another field keeps the body unloaded."""
    src = analyse.read(_article(tmp_path, "a.md", TEXT)[0]).source
    assert src is not None
    loads: list[int] = []

    def load() -> Body:
        loads.append(1)
        return src.whole_body()

    fields = [getattr(src, name) for name in ("id", "path")], \
        [getattr(src, name) for name in ("title", "outlet", "url", "author", "published",
                                         "published_from", "warnings", "how_published")]
    lazy = Source.of(*fields[0], Lazy(load), *fields[1])
    moved = replace(lazy, path="elsewhere/a.md")
    assert isinstance(moved.body, Lazy) and not moved.body.loaded and not loads
    assert lazy == src and src == lazy and hash(lazy) == hash(src)
    assert loads == [1]  # loaded once, then kept
    assert pickle.loads(pickle.dumps(lazy)) == src
    assert isinstance(pickle.loads(pickle.dumps(lazy)).body, Body)
    assert lazy.text == src.text and lazy.raw_offset(5) == src.raw_offset(5)
    assert moved.text == src.text and moved.path == "elsewhere/a.md"


def _reads(tmp_path: Path, n: int) -> list[tuple[str, analyse.Job, str, analyse.Read]]:
    out = []
    for i in range(n):
        job, content, key = _article(tmp_path, f"a{i}.md", TEXT.replace("Geneva", f"Geneva {i}"))
        out.append((key, job, content, analyse.read(job)))
    return out


def test_heads_give_back_each_article_as_read_and_load_its_body_from_its_entry(tmp_path: Path) -> None:
    store = cache.Store(tmp_path / "cache")
    reads = _reads(tmp_path, 20)
    for key, _, _, read in reads:
        store.put("read", key, read)
    heads.Heads(store, "scope").update((key, read) for key, _, _, read in reads)
    kept = heads.Heads(store, "scope")
    for key, job, content, read in reads:
        again = kept.read(key, job, content)
        assert again is not None and again.source is not None
        assert isinstance(again.source.body, Lazy) and not again.source.body.loaded
        assert again.outline == read.outline and again.display == read.display
        assert again.source == read.source
    assert heads.Heads(store, "another folder").read(reads[0][0], *reads[0][1:3]) is None
    assert kept.read("f" * 40, *reads[0][1:3]) is None


def _recording_puts(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """The (kind, key) of each cache entry written from now on."""
    written: list[tuple[str, str]] = []
    real = cache.Store.put

    def put(self: cache.Store, kind: str, key: str, value: Any) -> None:
        written.append((kind, key))
        real(self, kind, key, value)

    monkeypatch.setattr(cache.Store, "put", put)
    return written


def test_only_the_shards_whose_keys_changed_are_written(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    store = cache.Store(tmp_path / "cache")
    reads = _reads(tmp_path, 40)
    pairs = [(key, read) for key, _, _, read in reads]
    heads.Heads(store, "scope").update(pairs)
    written = _recording_puts(monkeypatch)
    heads.Heads(store, "scope").update(pairs)
    assert written == []
    heads.Heads(store, "scope").update(pairs[1:])  # one article gone
    assert [kind for kind, _ in written] == ["heads"]
    kept = heads.Heads(store, "scope")
    assert kept.read(reads[0][0], *reads[0][1:3]) is None
    assert kept.read(reads[1][0], *reads[1][1:3]) is not None


def test_a_lost_entry_is_read_from_the_article_unless_it_changed(tmp_path: Path) -> None:
    store = cache.Store(tmp_path / "cache")
    (key, job, content, read), = _reads(tmp_path, 1)
    heads.Heads(store, "scope").update([(key, read)])  # its "read" entry never written
    again = heads.Heads(store, "scope").read(key, job, content)
    assert again is not None and again.source == read.source
    Path(job.path).write_text(TEXT.replace("Geneva", "Bern"), encoding="utf-8")
    changed = heads.Heads(store, "scope").read(key, job, content)
    assert changed is not None and changed.source is not None
    with pytest.raises(TimelineError) as caught:
        changed.source.text  # noqa: B018
    assert caught.value.path == job.display and "changed" in caught.value.message


N = 40


def test_a_rebuild_loads_the_text_of_the_source_pages_it_makes_only(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Of the unchanged articles, a rebuild reads no "read" entry but for the text of a
    source page it makes again; the site is the one a fresh build makes."""
    src = tmp_path / "articles"
    corpus.write(src, N, seed=11)
    config = pipeline.Config(sources=src, out=tmp_path / "site", cache=tmp_path / "cache", jobs=1)
    pipeline.build(config)
    inodes = {p: (tmp_path / "site" / p).stat().st_ino for p in _tree(tmp_path / "site")}
    changed = sorted(src.rglob("*.md"))[3]
    changed.write_text(changed.read_text(encoding="utf-8")
                       + "\nOn March 3, 2021, the committee met to review the plans.\n", encoding="utf-8")
    entries: list[str] = []
    bodies: list[str] = []
    real_get, real_body = cache.Store.get, heads._body

    def get(self: cache.Store, kind: str, key: str) -> Any:
        if kind == "read":
            entries.append(key)
        return real_get(self, kind, key)

    def body(store: cache.Store, key: str, job: analyse.Job, content: str) -> Body:
        bodies.append(job.sid)
        return real_body(store, key, job, content)

    monkeypatch.setattr(cache.Store, "get", get)
    monkeypatch.setattr(heads, "_body", body)
    pipeline.build(config)
    remade = {p.removeprefix("sources/").removesuffix(".html") for p in inodes
              if p.startswith("sources/") and (tmp_path / "site" / p).stat().st_ino != inodes[p]}
    # The changed article's new key is looked up once (and missed); the others' entries
    # only for their text.
    assert len(entries) == len(bodies) + 1 and len(bodies) == len(set(bodies))
    assert set(bodies) <= remade - {changed.stem}
    assert len(bodies) < N / 4
    pipeline.build(pipeline.Config(sources=src, out=tmp_path / "fresh", jobs=1, use_cache=False))
    assert _tree(tmp_path / "site") == _tree(tmp_path / "fresh")


def test_lost_read_entries_give_the_same_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A cache that kept the heads but lost the articles' entries (deleted, unreadable)
    reads each article whose text is asked for again."""
    src = tmp_path / "articles"
    corpus.write(src, 30, seed=12)
    config = pipeline.Config(sources=src, out=tmp_path / "site", cache=tmp_path / "cache", jobs=1)
    pipeline.build(config)
    shutil.rmtree(cache.Store(tmp_path / "cache").folder / "read")  # type: ignore[operator]
    for article in sorted(src.rglob("*.md"))[:2]:
        article.write_text(article.read_text(encoding="utf-8")
                           + "\nOn May 4, 2021, the board met again on the plans.\n", encoding="utf-8")
    read: list[str] = []
    real = heads._body

    def body(store: cache.Store, key: str, job: analyse.Job, content: str) -> Body:
        read.append(job.sid)
        return real(store, key, job, content)

    monkeypatch.setattr(heads, "_body", body)
    # Under a new address every page is made again, so every article's text is needed.
    pipeline.build(replace(config, base_url="https://example.org/news"))
    assert len(read) == 28
    pipeline.build(pipeline.Config(sources=src, out=tmp_path / "fresh", jobs=1, use_cache=False,
                                   base_url="https://example.org/news"))
    assert _tree(tmp_path / "site") == _tree(tmp_path / "fresh")


def test_a_sources_metadata_leaves_its_text_out(tmp_path: Path) -> None:
    """What the site hashes as a source's metadata holds no part of its body (the text is
    hashed apart, by what its pages show of it)."""
    from timeline import site

    src = analyse.read(_article(tmp_path, "a.md", TEXT)[0]).source
    assert src is not None
    meta = site._source_fields(src)
    assert src.title in meta and src.path in meta
    assert not any(isinstance(v, Body | Lazy) or v == src.text for v in meta)


def test_shards_keep_a_dict_and_write_only_what_changed(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    store = cache.Store(tmp_path / "cache")
    entries = {cache.digest(str(n)): {(n, n + 1): (range(n, n + 2), n)} for n in range(100)}
    cache.Shards(store, "places", "site").save(entries)
    kept = cache.Shards(store, "places", "site")
    assert kept.whole() == entries and kept.get(next(iter(entries))) == entries[next(iter(entries))]
    assert cache.Shards(store, "places", "another site").whole() == {}
    written = _recording_puts(monkeypatch)
    kept.save(dict(entries))
    assert written == []
    changed = dict(entries)
    first = next(iter(changed))
    changed[first] = {}
    kept.save(changed)
    assert len(written) == 1
    assert cache.Shards(store, "places", "site").whole() == changed


def test_a_rebuild_loads_the_detail_of_few_of_the_events_it_keeps(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The events of the months not merged again come from the cache without their
    detail (title, references...), which is loaded only for what asks for it: the pages
    made again, the feed's newest entries, an event renamed.  The site is the fresh one."""
    from test_scale import _month_sources

    from timeline import buckets, feeds
    from timeline.model import EventDetail

    monkeypatch.setattr(buckets, "BUCKET_FROM", 1)  # cut this small corpus by month
    monkeypatch.setattr(feeds, "FEED_ENTRIES", 5)  # each build loads the newest for the feed
    src = tmp_path / "articles"
    corpus.write(src, 80, seed=14)
    config = pipeline.Config(sources=src, out=tmp_path / "site", cache=tmp_path / "cache", jobs=1)
    report = pipeline.build(config)
    months, _ = _month_sources(src)
    # The article whose months the fewest others speak of: most months are kept.
    changed = min(sorted(src.rglob("*.md")),
                  key=lambda p: sum(bool(m & months[p.stem]) for m in months.values()))
    changed.write_text(changed.read_text(encoding="utf-8")
                       + "\nOn March 3, 2021, the committee met to review the plans.\n", encoding="utf-8")
    loaded: list[str] = []
    real = Lazy.get

    def get(self: Lazy[Any]) -> Any:
        fresh = not self.loaded
        value = real(self)
        if fresh and isinstance(value, EventDetail):
            loaded.append(traceback.extract_stack(limit=4)[0].name)
        return value

    monkeypatch.setattr(Lazy, "get", get)
    pipeline.build(config)
    monkeypatch.setattr(Lazy, "get", real)
    assert 0 < len(loaded) < report.events / 6, sorted(loaded)
    pipeline.build(pipeline.Config(sources=src, out=tmp_path / "fresh", jobs=1, use_cache=False))
    assert _tree(tmp_path / "site") == _tree(tmp_path / "fresh")
