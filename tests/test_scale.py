"""Scale: the benchmark corpus, the cache, all cores and Dask give the same bytes as one
plain build; a rebuild redoes only what changed."""

from __future__ import annotations

import html
import json
import os
import re
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from test_exports import decode

from timeline import analyse, cache, pipeline, search, writer

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

import corpus  # noqa: E402

N = 60  # articles: above analyse.POOL_THRESHOLD, so the process pool is used


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def articles(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("corpus") / "articles"
    corpus.write(folder, N, seed=3)
    return folder


@pytest.fixture(scope="module")
def plain(articles: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """The site from one process, without any cache: the reference."""
    out = tmp_path_factory.mktemp("plain") / "site"
    pipeline.build(pipeline.Config(sources=articles, out=out, jobs=1, use_cache=False))
    return _tree(out)


def _config(articles: Path, out: Path, **kw: object) -> pipeline.Config:
    return pipeline.Config(sources=articles, out=out, cache=out.parent / "cache", **kw)  # type: ignore[arg-type]


# -- the corpus -------------------------------------------------------------------------------
def test_corpus_is_reproducible_and_seeded() -> None:
    first = list(corpus.generate(40, seed=1))
    assert first == list(corpus.generate(40, seed=1))
    assert first != list(corpus.generate(40, seed=2))
    articles = [p for p, _ in first if not p.endswith(".yaml")]
    assert len(articles) == 40
    assert {p.rsplit(".", 1)[1] for p in articles} >= {"md", "txt", "html"}


def test_corpus_has_the_same_happening_from_several_outlets() -> None:
    titles: dict[str, set[str]] = {}
    for path, data in corpus.generate(200, seed=1):
        if path.endswith(".md"):
            text = data.decode()
            title = text.split("title: ", 1)[1].split("\n", 1)[0]
            outlet = text.split("outlet: ", 1)[1].split("\n", 1)[0]
            titles.setdefault(title, set()).add(outlet)
    assert any(len(outlets) > 1 for outlets in titles.values())


def test_corpus_words_nothing_from_the_sample() -> None:
    text = b"".join(data for _, data in corpus.generate(300, seed=1)).decode()
    for name in ("Trump", "Putin", "Zelensky", "Rubio", "NATO", "Ukraine", "Russia"):
        assert name not in text


# -- same bytes however it runs ---------------------------------------------------------------
def test_all_cores_give_the_same_bytes(articles: Path, plain: dict[str, bytes], tmp_path: Path) -> None:
    pipeline.build(_config(articles, tmp_path / "site", jobs=2))
    assert _tree(tmp_path / "site") == plain


def test_cached_rebuild_gives_the_same_bytes_and_redoes_nothing(
        articles: Path, plain: dict[str, bytes], tmp_path: Path) -> None:
    config = _config(articles, tmp_path / "site")
    first = pipeline.build(config)
    assert not first.up_to_date
    second = pipeline.build(config)
    assert second.up_to_date
    assert second.summary().split(",")[:3] == first.summary().split(",")[:3]
    assert _tree(tmp_path / "site") == plain


def test_output_changed_by_hand_is_rebuilt(articles: Path, plain: dict[str, bytes], tmp_path: Path) -> None:
    config = _config(articles, tmp_path / "site")
    pipeline.build(config)
    (tmp_path / "site" / "index.html").write_bytes(b"edited")
    assert not pipeline.build(config).up_to_date
    assert _tree(tmp_path / "site") == plain


def test_one_changed_article_is_all_that_is_read_again(articles: Path, tmp_path: Path) -> None:
    src = tmp_path / "articles"
    corpus.write(src, N, seed=3)
    config = _config(src, tmp_path / "site")
    pipeline.build(config)
    before = _tree(tmp_path / "site")
    changed = sorted(src.rglob("*.md"))[0]
    changed.write_text(changed.read_text(encoding="utf-8")
                       + "\nOn March 3, 2021, the committee met to review the plans.\n", encoding="utf-8")
    calls: list[str] = []
    original = analyse.read

    def counting(job: analyse.Job) -> analyse.Read:
        calls.append(job.sid)
        return original(job)

    analyse.read = counting  # type: ignore[assignment]
    try:
        pipeline.build(pipeline.Config(sources=src, out=tmp_path / "site", cache=tmp_path / "cache", jobs=1))
    finally:
        analyse.read = original  # type: ignore[assignment]
    assert calls == [changed.stem]
    after = _tree(tmp_path / "site")
    # The same as a build from scratch of the changed folder.
    pipeline.build(pipeline.Config(sources=src, out=tmp_path / "fresh", jobs=1, use_cache=False))
    assert after == _tree(tmp_path / "fresh")
    assert after != before
    assert after[f"sources/{changed.stem}.html"] != before[f"sources/{changed.stem}.html"]


def test_code_change_invalidates_the_cache(tmp_path: Path) -> None:
    version = cache.code_version()
    assert len(version) == 32
    assert cache.digest("a", "bc") != cache.digest("ab", "c")
    old = tmp_path / ("0" * 32) / "read" / "ab"
    old.mkdir(parents=True)
    (old / "abcd").write_bytes(b"x")
    store = cache.Store(tmp_path)
    assert store.folder == tmp_path / version
    assert not (tmp_path / ("0" * 32)).exists()  # moved aside, then deleted in the background


def test_cache_is_beside_the_output_not_inside(tmp_path: Path) -> None:
    assert cache.default_folder(tmp_path / "site") == tmp_path / ".timeline-cache"


def test_unreadable_cache_entry_is_a_miss(tmp_path: Path) -> None:
    store = cache.Store(tmp_path)
    store.put("read", "abcd", {"x": 1})
    assert store.get("read", "abcd") == {"x": 1}
    assert store.folder is not None
    (store.folder / "read" / "ab" / "abcd").write_bytes(b"not a pickle")
    assert store.get("read", "abcd") is None


# -- only changed files are rewritten -----------------------------------------------------------
def test_unchanged_files_keep_their_inode(tmp_path: Path) -> None:
    out = tmp_path / "site"
    writer.write_site(out, {"a.html": b"same", "b.html": b"old"})
    inode_a = (out / "a.html").stat().st_ino
    inode_b = (out / "b.html").stat().st_ino
    manifest = writer.write_site(out, {"a.html": b"same", "b.html": b"new", "c.html": b"c"})
    assert (out / "a.html").stat().st_ino == inode_a
    assert (out / "b.html").stat().st_ino != inode_b
    assert _tree(out) == {"a.html": b"same", "b.html": b"new", "c.html": b"c",
                          writer.MARKER: writer.MARKER_TEXT}
    assert writer.unchanged(out, manifest)
    (out / "c.html").write_bytes(b"changed by hand")
    assert not writer.unchanged(out, manifest)


def test_failed_write_with_kept_files_leaves_the_previous_site(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "site"
    writer.write_site(out, {"a.html": b"same", "b.html": b"old"})
    before = _tree(out)

    def full(path: str, data: bytes) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(writer, "_write", full)
    with pytest.raises(OSError):
        writer.write_site(out, {"a.html": b"same", "b.html": b"new"})
    monkeypatch.undo()
    assert _tree(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


# -- Dask -------------------------------------------------------------------------------------
def test_dask_cluster_gives_the_same_bytes(articles: Path, plain: dict[str, bytes],
                                          tmp_path: Path) -> None:
    """A cluster reached by its address, as `--scheduler tcp://host:port` does; its
    worker processes read the articles from the (here: local) shared folder."""
    from dask.distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                      dashboard_address=None) as cluster:
        address = cluster.scheduler_address
        assert address.startswith("tcp://")
        pipeline.build(pipeline.Config(sources=articles, out=tmp_path / "site", scheduler=address,
                                       use_cache=False))
    assert _tree(tmp_path / "site") == plain


# -- a long timeline is paged -------------------------------------------------------------------
def test_long_timeline_is_split_into_pages(articles: Path, tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    from timeline import site

    monkeypatch.setattr(site, "PAGE_EVENTS", 20)
    pipeline.build(pipeline.Config(sources=articles, out=tmp_path / "site", use_cache=False, jobs=1))
    tree = _tree(tmp_path / "site")
    pages = sorted(p for p in tree if p.startswith("years/"))
    assert len(pages) > 1
    index = tree["index.html"].decode()
    assert 'class="event"' not in index  # the index lists the pages, not the events
    assert all(f'href="{p}"' in index for p in pages)
    listed = 0
    for p in pages:
        page_html = tree[p].decode()
        assert "-" in p or page_html.count('<li class="event"') <= 20  # a busy year is by month
        assert f'href="../{p}" aria-current="page"' in page_html
        listed += page_html.count('<li class="event"')
        # Its filters offer what is on it, with counts on it (one page does not depend on
        # the events of the others).
        options = dict(re.findall(r'<option value="([st]\d+)" data-name="[^"]*">[^<]*\((\d+)\)</option>',
                                  page_html))
        on_page = [k for keys in re.findall(r'data-facets="([^"]*)"', page_html) for k in keys.split()]
        assert options and {k: str(on_page.count(k)) for k in set(on_page)} == options, p
    events = [p for p in tree if p.startswith("events/")]
    assert listed == len(events)
    # The search index numbers the events in the order the pages list them: every word of
    # an event's title finds that event on its page.
    meta = json.loads(tree["search/pages.json"])
    assert sorted(meta["pages"]) == pages and meta["events"] == listed
    postings = decode(tree)
    for p in pages:
        titles = re.findall(r'<h4 class="event-title"><a [^>]*>(.*?)</a>', tree[p].decode())
        for i, title in enumerate(titles):
            for term in search.terms(html.unescape(title)):
                assert meta["pages"][p] + i in postings[term], (p, title, term)
    # Each event page leads back to the page that lists it.
    for path in events[:30]:
        page_html = tree[path].decode()
        back = re.search(r'class="back"[^>]*><a href="\.\./([^"]*)', page_html)
        assert back is not None, path
        target = back.group(1)
        page, anchor = target.split("#")
        assert f'id="{anchor}"' in tree[page].decode()


def test_pages_made_from_the_same_data_are_kept_and_template_edits_remade(
        articles: Path, tmp_path: Path) -> None:
    import shutil

    from timeline import site

    templates = tmp_path / "templates"
    shutil.copytree(site.TEMPLATES_DIR, templates)
    out = tmp_path / "site"
    config = _config(articles, out, templates=templates)
    pipeline.build(config)
    some = sorted(p for p in _tree(out) if p.startswith("sources/"))[0]
    inode = (out / some).stat().st_ino
    edited = articles / "events.yaml"
    original = edited.read_bytes()
    try:
        edited.write_bytes(original.replace(b"are first proposed", b"were proposed"))
        pipeline.build(config)
        assert (out / some).stat().st_ino == inode  # a page that did not change is kept
        assert b"were proposed" in (out / "index.html").read_bytes() + b"".join(
            p.read_bytes() for p in (out / "years").glob("*.html"))
        base = templates / "base.html"
        base.write_text(base.read_text(encoding="utf-8").replace("<main", "<main data-x=\"1\""),
                        encoding="utf-8")
        pipeline.build(config)
        assert (out / some).stat().st_ino != inode
        assert b'data-x="1"' in (out / some).read_bytes()
        fresh = tmp_path / "fresh"
        pipeline.build(pipeline.Config(sources=articles, out=fresh, templates=templates, use_cache=False))
        assert _tree(out) == _tree(fresh)
    finally:
        edited.write_bytes(original)


def test_templates_compiled_once_are_not_compiled_again(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """Jinja keeps the templates it compiled in the cache; a rebuild that makes pages does
    not compile them again, and one without a cache compiles them as before."""
    import jinja2

    src = tmp_path / "articles"
    corpus.write(src, 12, seed=13)
    config = _config(src, tmp_path / "site", jobs=1)
    compiled: list[str] = []
    real = jinja2.Environment.compile

    def compile(self: jinja2.Environment, source: str, name: str | None = None,
                *args: Any, **kwargs: Any) -> Any:
        compiled.append(name or "")
        return real(self, source, name, *args, **kwargs)

    monkeypatch.setattr(jinja2.Environment, "compile", compile)
    pipeline.build(config)
    assert "event.html" in compiled
    compiled.clear()
    article = sorted(src.rglob("*.md"))[0]
    article.write_text(article.read_text(encoding="utf-8") + "\nOn May 4, 2021, the board met.\n",
                       encoding="utf-8")
    pipeline.build(config)
    assert compiled == []
    pipeline.build(replace(config, out=tmp_path / "fresh", use_cache=False))
    assert "event.html" in compiled
    assert _tree(tmp_path / "site") == _tree(tmp_path / "fresh")


def test_unchanged_files_are_not_read_again_and_a_changed_one_is(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    article = tmp_path / "a.txt"
    article.write_bytes(b"first")
    day_ago = article.stat().st_mtime - 86400
    os.utime(article, (day_ago, day_ago))  # older than the racy window
    store = cache.Store(tmp_path / "cache")
    files = cache.FileDigests(store, "scope")
    first = files.digest(str(article))
    monkeypatch.setattr(cache.FileDigests, "RACY_NS", 0)  # its change time is now: remember it anyway
    files.save()
    monkeypatch.undo()

    def no_reading(*args: object, **kw: object) -> None:
        raise AssertionError("read again")

    again = cache.FileDigests(cache.Store(tmp_path / "cache"), "scope")
    monkeypatch.setattr(cache, "open", no_reading, raising=False)
    assert again.digest(str(article)) == first
    monkeypatch.undo()
    # Same size, the old modification time put back: the change time still differs.
    article.write_bytes(b"fixed")
    os.utime(article, (day_ago, day_ago))
    assert again.digest(str(article)) not in ("", first)
    # Just written: not remembered, so a second change in the same clock tick is seen.
    fresh = tmp_path / "b.txt"
    fresh.write_bytes(b"new")
    again.digest(str(fresh))
    again.save()
    assert str(fresh) not in cache.FileDigests(cache.Store(tmp_path / "cache"), "scope").known


# -- pages made on all cores ------------------------------------------------------------------
def test_pages_made_by_forked_workers_are_the_same_bytes(
        articles: Path, plain: dict[str, bytes], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from timeline import renderpool

    if "fork" not in __import__("multiprocessing").get_all_start_methods():
        pytest.skip("this system cannot fork: pages are made in one process")
    monkeypatch.setattr(renderpool, "PARALLEL_FROM", 1)
    monkeypatch.setattr(renderpool, "CHUNK", 7)
    made = list(renderpool.made([(str(i), lambda i=i: str(i).encode()) for i in range(50)], 2))
    assert made == [(str(i), str(i).encode()) for i in range(50)]
    pipeline.build(pipeline.Config(sources=articles, out=tmp_path / "site", jobs=2, use_cache=False))
    assert _tree(tmp_path / "site") == plain


def test_a_template_error_in_a_worker_names_its_file_and_line(
        articles: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from timeline import renderpool
    from timeline.errors import TimelineError

    monkeypatch.setattr(renderpool, "PARALLEL_FROM", 1)
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "event.html").write_text("ok\n{{ event.no_such_field.x }}\n", encoding="utf-8")
    with pytest.raises(TimelineError) as caught:
        pipeline.build(pipeline.Config(sources=articles, out=tmp_path / "site", jobs=2,
                                       use_cache=False, templates=templates))
    assert str(caught.value).startswith(f"{templates}/event.html:2: template error: ")
    assert not (tmp_path / "site").exists()


def test_a_no_op_build_reads_no_article(articles: Path, tmp_path: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cache.FileDigests, "RACY_NS", 0)  # the corpus was written just now
    config = _config(articles, tmp_path / "site")
    pipeline.build(config)

    real_open = open

    def no_reading(path: str, *args: Any, **kw: Any) -> Any:
        # the cache's own entries may be read; an article may not
        assert not str(path).startswith(str(articles)), f"{path} was read again"
        return real_open(path, *args, **kw)

    monkeypatch.setattr(cache, "open", no_reading, raising=False)
    assert pipeline.build(config).up_to_date


def test_text_moved_within_an_article_moves_its_quotes_links(tmp_path: Path) -> None:
    """Where each quote falls in its source is remembered by the source's text (sourcetext
    .places): text put before the quotes shifts them all, and the rebuilt links and marks
    must be those of a build from scratch."""
    src = tmp_path / "articles"
    corpus.write(src, N, seed=5)
    config = _config(src, tmp_path / "site")
    pipeline.build(config)
    before = _tree(tmp_path / "site")
    for n, edit in enumerate([
        # new text before every quote: all offsets shift
        lambda body: f"Officials met on March 2, 2021, in the capital.\n\n{body}",
        # two sentences become one, same length: later quotes keep their offsets, but fall
        # in other sentences (by number)
        lambda body: body.replace(". ", "; ", 1),
    ]):
        changed = sorted(src.rglob("*.md"))[n]
        head, body = changed.read_text(encoding="utf-8").split("\n---\n", 1)
        changed.write_text(f"{head}\n---\n{edit(body)}", encoding="utf-8")
        pipeline.build(config)
        fresh = tmp_path / f"fresh{n}"
        pipeline.build(pipeline.Config(sources=src, out=fresh, jobs=1, use_cache=False))
        assert _tree(tmp_path / "site") == _tree(fresh)
        assert _tree(tmp_path / "site") != before


def test_pages_made_in_waves_give_the_same_bytes(articles: Path, plain: dict[str, bytes],
                                                 tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Pages are made in waves as they come (pipeline.WAVE), each wave on forked workers
    when it is large enough: small waves, each forked, give the site of one plain build."""
    from timeline import renderpool

    monkeypatch.setattr(pipeline, "WAVE", 7)
    monkeypatch.setattr(renderpool, "PARALLEL_FROM", 5)
    pipeline.build(_config(articles, tmp_path / "site", jobs=2))
    assert _tree(tmp_path / "site") == plain


def test_a_yaml_edit_is_read_and_the_old_parse_let_go(tmp_path: Path) -> None:
    """Parsed YAML files are cached by their bytes: an edit is read again (the site is that
    of a build from scratch), and the cache keeps only the parses of the files as they are."""
    src = tmp_path / "articles"
    corpus.write(src, N, seed=3)
    config = _config(src, tmp_path / "site")
    pipeline.build(config)
    events = src / "events.yaml"
    events.write_text(events.read_text(encoding="utf-8").replace("are first proposed", "are proposed"),
                      encoding="utf-8")
    assert not pipeline.build(config).up_to_date
    pipeline.build(pipeline.Config(sources=src, out=tmp_path / "fresh", jobs=1, use_cache=False))
    assert _tree(tmp_path / "site") == _tree(tmp_path / "fresh")
    parsed = [p for p in (tmp_path / "cache").rglob("*") if p.is_file() and "yaml" in p.parts]
    assert len(parsed) == len(list(src.glob("*.yaml")))


def test_a_build_pauses_the_cyclic_collector_and_restores_it(tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """Paused while building (`pipeline.collector_paused`), on again afterwards, also when
    the build fails; left off when the caller had turned it off."""
    import gc

    seen: list[bool] = []

    def failing(*args: object, **kw: object) -> None:
        seen.append(gc.isenabled())
        raise OSError("disk gone")

    monkeypatch.setattr(pipeline, "gather", failing)
    config = pipeline.Config(sources=ROOT / "seeds", out=tmp_path / "site", use_cache=False)
    assert gc.isenabled()
    with pytest.raises(OSError):
        pipeline.build(config)
    assert seen == [False] and gc.isenabled()
    gc.disable()
    try:
        with pytest.raises(OSError):
            pipeline.build(config)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_the_spare_of_a_deleted_site_is_deleted(tmp_path: Path) -> None:
    """Each output folder's spare lives in the cache; once that folder is gone, the next
    build with the same cache deletes its spare (it would hold the only copy of the site)."""
    import shutil

    cache_dir = tmp_path / "cache"

    def build(name: str) -> None:
        pipeline.build(pipeline.Config(sources=ROOT / "seeds", out=tmp_path / name,
                                       cache=cache_dir, jobs=1))

    def spares() -> set[str]:
        return {p.name for p in cache_dir.glob(".spare-*")}

    build("a")
    build("b")
    assert len(spares()) == 4  # two folders, and what each serves
    b_spares = {p for p in spares() if (cache_dir / p).is_dir()
                and (cache_dir / f"{p}.out").read_text(encoding="utf-8").endswith("b")}
    assert len(b_spares) == 1
    shutil.rmtree(tmp_path / "a")
    build("c")
    assert len(spares()) == 4
    assert b_spares <= spares()
    assert not any(p.read_text(encoding="utf-8").endswith("a")
                   for p in cache_dir.glob(".spare-*.out"))


def test_articles_named_another_way_are_not_read_again(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """Built once with the sources folder given relative to the working folder, then from
    elsewhere, as an absolute path: no article is read again, and the site and the messages name the
    articles as a build from scratch does (`pipeline._rebased`)."""
    src = tmp_path / "articles"
    corpus.write(src, 20, seed=4)
    (src / "sources.yaml").unlink()  # an article's metadata names its YAML file: read again
    (src / "events.yaml").unlink()  # nothing but the articles' paths changes
    (src / "latin.txt").write_bytes("Officials met in São Paulo on March 2, 2021.".encode("cp1252"))
    (src / "empty.txt").write_bytes(b"")
    monkeypatch.chdir(tmp_path)
    site, cache_dir = tmp_path / "site", tmp_path / "cache"
    first = pipeline.build(pipeline.Config(sources=Path("articles"), out=site, cache=cache_dir))
    assert any(w.startswith("articles/latin.txt:") for w in first.warnings)
    analysed: list[str] = []
    real = analyse.run

    def counting(jobs: list[analyse.Job], **kw: Any) -> list[analyse.Read]:
        analysed.extend(j.display for j in jobs)
        return real(jobs, **kw)

    monkeypatch.setattr(analyse, "run", counting)
    (tmp_path / "elsewhere").mkdir()
    monkeypatch.chdir(tmp_path / "elsewhere")  # outside the sources: shown as absolute paths
    again = pipeline.build(pipeline.Config(sources=src, out=site, cache=cache_dir))
    assert analysed == []
    fresh = pipeline.build(pipeline.Config(sources=src, out=tmp_path / "fresh", use_cache=False))
    assert len(analysed) == 22  # the fresh build read them all
    assert _tree(site) == _tree(tmp_path / "fresh")
    assert again.warnings == fresh.warnings
    assert any(w.startswith(f"{src.as_posix()}/latin.txt:") for w in again.warnings)
    assert any(w.startswith(f"{src.as_posix()}/empty.txt:") for w in again.warnings)


def test_events_of_unchanged_months_are_kept_and_in_merge_order(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`events_by_month` gives the events of `merge_by_month`'s clusters in its order; a
    second call makes none, and a changed version remakes only its source's months."""
    from timeline import buckets

    monkeypatch.setattr(buckets, "BUCKET_FROM", 1)  # cut this small corpus by month
    src = tmp_path / "articles"
    corpus.write(src, N, seed=5)
    analysed, statements = pipeline.read_and_analyse(
        pipeline.Config(sources=src, out=tmp_path / "o"), [], pipeline.Report(), cache.Store(None))
    mentions = statements.picked(entry for entry, _ in statements.entries())
    assert [(m.id, analyse.month_of(m)) for m in mentions] == [
        (mid, month) for (mid, _, _), month in statements.entries()]
    versions = {s.id: v for s, _, v in analysed}
    by_id = {s.id: s for s, _, _ in analysed}
    made: list[tuple[str, ...]] = []

    def make(c: Any) -> Any:
        made.append(tuple(m.id for m in c.mentions))
        return pipeline.to_event(c, by_id)

    store = cache.Store(tmp_path / "cache")
    clusters, keys = buckets.merge_by_month(statements, versions, cache.Store(None))
    pairs, month_keys = buckets.events_by_month(statements, versions, store, make)
    events = [e for e, _ in pairs]
    assert events == [pipeline.to_event(c, by_id) for c in clusters] and month_keys == keys
    assert [key for _, key in pairs] == [cache.key_of("", e) for e in events]
    assert len(keys) > 3
    made.clear()
    assert buckets.events_by_month(statements, versions, store, make)[0] == pairs
    assert made == []
    one = mentions[0].source
    buckets.events_by_month(statements, {**versions, one: "changed"}, store, make)
    months = {analyse.month_of(m) for m in mentions if m.source == one}
    assert made and {analyse.month_of(next(m for m in mentions if m.id == ids[0]))
                     for ids in made} <= months


def test_serial_bytes_do_not_depend_on_shared_objects() -> None:
    word = "".join(["ab", "c" * 20])
    twin = "".join(["ab", "c" * 20])
    assert word is not twin
    assert cache.serial((word, word)) == cache.serial((word, twin))


def test_the_first_rebuild_after_a_cold_one_remakes_only_changed_parts(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The cold build's events are made afresh and the rebuild's read back from the cache:
    their parts must still be known again (they were not, while a stamp's bytes depended on
    which strings were the same object)."""
    from timeline import site

    src = tmp_path / "articles"
    corpus.write(src, N, seed=7)
    config = _config(src, tmp_path / "site", jobs=1)
    pipeline.build(config)
    made: list[int] = []
    original = site._make_part

    def counting(events: tuple[Any, ...], *args: object, **kw: object) -> site.Part:
        made.append(len(events))
        return original(events, *args, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(site, "_make_part", counting)
    changed = sorted(src.rglob("*.md"))[0]
    changed.write_text(changed.read_text(encoding="utf-8")
                       + "\nOn March 3, 2021, the committee met to review the plans.\n", encoding="utf-8")
    pipeline.build(config)
    timeline, _ = pipeline.gather(pipeline.Config(sources=src, out=tmp_path / "o", use_cache=False))
    parts = site._parts(sorted(timeline.events, key=lambda e: (e.date.sort_key(), e.id)))
    assert 0 < len(made) <= 3 < len(parts)


def test_an_added_article_leaves_the_other_pages_as_they_were(tmp_path: Path) -> None:
    """The built-in pages give the number of sources on the first page and the About page
    only: an added article remakes those, its own page and its months' pages, not the site."""
    src = tmp_path / "articles"
    corpus.write(src, N, seed=11)
    out = tmp_path / "site"
    config = _config(src, out, jobs=1)
    pipeline.build(config)
    inodes = {p: (out / p).stat().st_ino for p in _tree(out)}
    (src / "added.txt").write_text("ANYTOWN, March 9, 2021 - A new report came in.\n",
                                   encoding="utf-8")
    pipeline.build(config)
    after = _tree(out)
    remade = {p for p in inodes if p in after and (out / p).stat().st_ino != inodes[p]}
    assert {"index.html", "about.html"} <= remade
    assert "sources/added.html" in after
    pages = [p for p in inodes if p.startswith(("events/", "sources/"))]
    assert len(remade & set(pages)) < len(pages) / 4
    pipeline.build(pipeline.Config(sources=src, out=tmp_path / "fresh", jobs=1, use_cache=False))
    assert after == _tree(tmp_path / "fresh")


def _month_sources(src: Path) -> tuple[dict[str, set[int]], dict[str, str]]:
    """Each source's months (those its statements fall in), and each source's version."""
    analysed, statements = pipeline.read_and_analyse(
        pipeline.Config(sources=src, out=src.parent / "o"), pipeline.yaml_documents(src, set()),
        pipeline.Report(), cache.Store(None))
    months: dict[str, set[int]] = {}
    for (_, sid, _), month in statements.entries():
        months.setdefault(sid, set()).add(month)
    return months, {s.id: v for s, _, v in analysed}


def test_a_rebuild_loads_the_statements_of_the_changed_months_only(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every build needs each article's outline (its statements' ids and months); the
    statements themselves are loaded only for the months merged again: those of the changed
    article, before and after the change."""
    from timeline import buckets

    monkeypatch.setattr(buckets, "BUCKET_FROM", 1)  # cut this small corpus by month
    src = tmp_path / "articles"
    corpus.write(src, N, seed=6)
    config = _config(src, tmp_path / "site", jobs=1)
    pipeline.build(config)
    before, _ = _month_sources(src)

    def sharing(sid: str) -> int:  # sources that speak of a month this one does
        return sum(bool(months & before[sid]) for months in before.values())

    changed = min(sorted(src.rglob("*.md")), key=lambda p: sharing(p.stem))
    changed.write_text(changed.read_text(encoding="utf-8")
                       + "\nOn March 3, 2021, the committee met to review the plans.\n", encoding="utf-8")
    after, versions = _month_sources(src)
    touched = before[changed.stem] | after[changed.stem]
    loaded: list[str] = []
    real = cache.Store.get

    def get(self: cache.Store, kind: str, key: str) -> Any:
        if kind == "statements":
            loaded.append(key)
        return real(self, kind, key)

    monkeypatch.setattr(cache.Store, "get", get)
    pipeline.build(config)
    speaking = {versions[sid] for sid, months in after.items() if months & touched and sid != changed.stem}
    assert set(loaded) == speaking and len(loaded) == len(speaking)
    assert 0 < len(speaking) < len(after) / 2
    monkeypatch.setattr(cache.Store, "get", real)
    pipeline.build(pipeline.Config(sources=src, out=tmp_path / "fresh", jobs=1, use_cache=False))
    assert _tree(tmp_path / "site") == _tree(tmp_path / "fresh")


def test_lost_statements_are_made_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A cache that kept an article's outline but lost its statements (deleted, unreadable)
    gives the same site: the statements are made again from the article."""
    import shutil

    from timeline import buckets

    monkeypatch.setattr(buckets, "BUCKET_FROM", 1)
    src = tmp_path / "articles"
    corpus.write(src, 30, seed=7)
    config = _config(src, tmp_path / "site", jobs=1)
    pipeline.build(config)
    shutil.rmtree(cache.Store(tmp_path / "cache").folder / "statements")  # type: ignore[operator]
    for article in sorted(src.rglob("*.md"))[:2]:
        article.write_text(article.read_text(encoding="utf-8")
                           + "\nOn May 4, 2021, the board met again on the plans.\n", encoding="utf-8")
    pipeline.build(config)
    pipeline.build(pipeline.Config(sources=src, out=tmp_path / "fresh", jobs=1, use_cache=False))
    assert _tree(tmp_path / "site") == _tree(tmp_path / "fresh")


def test_a_source_whose_key_is_kept_is_the_same_source_and_events_keys_are_theirs(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """The build keys each source without hashing it (`gather`'s `source_keys`), and the
    site keeps what it made of a source under that key.  Law: edit after edit (an
    article's text, its metadata, the collection's median date that undated articles are
    dated by, the folder seen from elsewhere), a source whose key did not change is the
    same source, field for field."""
    src = tmp_path / "work" / "articles"
    corpus.write(src, 30, seed=8)
    monkeypatch.chdir(tmp_path / "work")
    store = cache.Store(tmp_path / "cache")

    def gathered(folder: Path) -> tuple[dict[str, Any], dict[str, str]]:
        keys: dict[str, str] = {}
        event_keys: dict[str, str] = {}
        timeline, _ = pipeline.gather(pipeline.Config(sources=folder, out=tmp_path / "o"),
                                      store=store, source_keys=keys, event_keys=event_keys)
        assert set(keys) == {s.id for s in timeline.sources}
        # The events' keys, kept with the events of each month: each is the event's hash.
        assert event_keys == {e.id: cache.key_of("", e) for e in timeline.events}
        return {s.id: s for s in timeline.sources}, keys

    articles = sorted(src.rglob("*.md"))
    undated = src / "undated.txt"
    undated.write_text("Officials said on Tuesday that the plans would be reviewed.\n", encoding="utf-8")
    edits = [
        lambda: articles[0].write_text(articles[0].read_text(encoding="utf-8")
                                       + "\nOn May 2, 2021, the board met.\n", encoding="utf-8"),
        lambda: (src / "sources.yaml").write_text(
            (src / "sources.yaml").read_text(encoding="utf-8").replace("outlet: ", "outlet: The New ", 1),
            encoding="utf-8"),
        lambda: [(src / f"late-{n}.txt").write_text(
            f"Published 2030-01-0{n + 1}.\n\nOn January {n + 1}, 2030, the council met.\n",
            encoding="utf-8") for n in range(40)],
        lambda: monkeypatch.chdir(tmp_path),  # the articles now shown as work/articles/...
        lambda: (src / "events.yaml").write_text(  # a correction: an event made anew
            (src / "events.yaml").read_text(encoding="utf-8")
            + f"corrections:\n  - event: {first_event}\n    title: Retitled by hand\n",
            encoding="utf-8"),
    ]
    first_event = pipeline.gather(pipeline.Config(sources=src, out=tmp_path / "o"),
                                  store=store)[0].events[0].id
    before, keys = gathered(Path("articles"))
    assert before["undated"].published_from == "inferred"
    for edit in edits:
        edit()
        after, new_keys = gathered(src if Path.cwd() == tmp_path else Path("articles"))
        changed = [sid for sid in before.keys() & after.keys() if before[sid] != after[sid]]
        assert changed or edit is edits[-1], "each edit but the correction changes some source"
        for sid in before.keys() & after.keys():
            if keys[sid] == new_keys[sid]:
                assert cache.serial(before[sid]) == cache.serial(after[sid]), sid
        before, keys = after, new_keys


def test_month_keys_follow_the_articles_that_speak_of_each_month(monkeypatch: pytest.MonkeyPatch) -> None:
    """A month's key changes with the version of an article that speaks of it, and only
    then; two months spoken of by the same articles still have their own keys."""
    from array import array

    from timeline import buckets

    monkeypatch.setattr(buckets, "BUCKET_FROM", 1)

    def outline(months: list[int], sid: str) -> analyse.Outline:
        return analyse.Outline(None, len(months), tuple(f"{sid}:{n}" for n in range(len(months))),
                               array("i", months).tobytes())

    def keys(versions: dict[str, str]) -> dict[int, str]:
        articles = [("a", outline([24000, 24001, 24001], "a")), ("b", outline([24001, 24005, 24006], "b")),
                    ("c", outline([], "c"))]
        return buckets._month_keys(buckets.Statements(articles, lambda sid: ()), versions)

    before = keys({"a": "1", "b": "1", "c": "1"})
    assert sorted(before) == [24000, 24001, 24005, 24006] and len(set(before.values())) == 4
    assert keys({"a": "1", "b": "1", "c": "2"}) == before  # c speaks of no month
    after = keys({"a": "1", "b": "2", "c": "1"})
    assert [m for m in before if before[m] != after[m]] == [24001, 24005, 24006]
    entries = buckets._buckets(buckets.Statements(
        [("a", outline([24000, 24001, 24001], "a")), ("b", outline([24001, 24005], "b"))],
        lambda sid: ()), [24001])
    assert entries == {24001: [("a:1", "a", 1), ("a:2", "a", 2), ("b:0", "b", 0)]}
