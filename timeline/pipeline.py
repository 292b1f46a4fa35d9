"""The build, stage by stage: sources, dates, events, merge, manual, site, write.

First gather and decide everything in memory; only then write, into a fresh folder that
replaces the previous output when complete.
"""

from __future__ import annotations

import datetime as dt
import gc
import os
import shutil
import time
import traceback
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any, cast

from . import TEMPLATES_DIR, analyse, buckets, cache, heads, manual, merge, sources, writer, yamlio
from .errors import TimelineError
from .model import Event, Mention, Source, Timeline
from .slug import slugify

CONFIG_NAMES = ("timeline.yaml", "timeline.yml")


@dataclass(frozen=True)
class Config:
    sources: Path
    out: Path
    title: str = "Timeline"
    description: str = ""
    base_url: str = ""
    about: str = ""
    templates: Path | None = None
    config_path: Path | None = None
    language: str = "en"  # the articles' language; the extractor reads English only
    time_zone: str = ""  # IANA zone for publication timestamps with an offset ("" = as written)
    jobs: int | None = None  # processes for the per-article work (default: one per core)
    scheduler: str | None = None  # a Dask scheduler's address, or "local"
    cache: Path | None = None  # default: .timeline-cache/ beside `out`
    use_cache: bool = True


@dataclass
class Report:
    sources: int = 0
    skipped: int = 0
    dates: int = 0
    mentions: int = 0
    events: int = 0
    merged: int = 0
    manual: int = 0
    files: int = 0
    published_from: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0
    up_to_date: bool = False  # nothing changed since the last build: nothing was redone
    stages: dict[str, float] = field(default_factory=dict)  # seconds per stage

    def lap(self, stage: str, since: float) -> float:
        now = time.perf_counter()
        self.stages[stage] = self.stages.get(stage, 0.0) + now - since
        return now

    def summary(self) -> str:
        origins = ", ".join(f"{n} {k}" for k, n in sorted(self.published_from.items()))
        return (
            f"{self.sources} sources ({origins}), {self.dates} dates, {self.mentions} dated "
            f"statements -> {self.events} events ({self.merged} statements merged, "
            f"{self.manual} manual), {len(self.warnings)} warnings, {self.seconds:.2f} s"
        )


def yaml_documents(folder: Path, skip: set[Path], warnings: list[str] | None = None,
                   store: cache.Store | None = None) -> list[tuple[str, Any]]:
    """Every YAML file directly in the sources folder, parsed, with its display path.

    With `store`, a file parsed before (same bytes, path and code) is taken from the cache:
    our line-keeping loader is pure Python, 0.16 s for a 200-article sources.yaml, which
    was a sixth of a rebuild that finds nothing changed."""
    docs = []
    for p in sorted(folder.iterdir(), key=lambda p: p.name):
        if p.suffix.lower() not in (".yaml", ".yml") or p.name in CONFIG_NAMES:
            continue
        display = _display(p)
        if sources.links_outside(folder, p):
            if warnings is not None:
                warnings.append(f"{display}: links outside the sources folder, skipped")
            continue
        if not p.is_file() or p.resolve() in skip:
            continue
        data = p.read_bytes()
        key = cache.digest(display, data) if store is not None else ""  # the store is per code
        parsed = store.get("yaml", key) if store is not None else None
        if parsed is None:
            parsed = yamlio.load(yamlio.decode(data, display), display)
            if store is not None and parsed is not None:
                store.put("yaml", key, parsed)
        if store is not None:
            store.used.setdefault("yaml", set()).add(key)
        docs.append((display, parsed))
    return docs


def _display(p: Path) -> str:
    """The path as found (not where a link leads), relative to the working folder when
    inside it."""
    absolute = os.path.abspath(p)
    cwd = _real(os.getcwd())
    if absolute.startswith(cwd + os.sep):
        return absolute[len(cwd) + 1:].replace(os.sep, "/")
    return p.as_posix()


def _shown_under(folder: Path) -> Callable[[str, str], str]:
    """`_display` of a file found in `folder`, from its path within the folder (`within`)
    and as found (`path`), without normalising each path again (10,000 articles)."""
    absolute = os.path.abspath(folder)
    cwd = _real(os.getcwd())
    if absolute == cwd:
        return lambda within, path: within
    if absolute.startswith(cwd + os.sep):
        prefix = absolute[len(cwd) + 1:].replace(os.sep, "/") + "/"
        return lambda within, path: prefix + within
    return lambda within, path: _display(Path(path))


@lru_cache(maxsize=4)
def _real(folder: str) -> str:
    return os.path.realpath(folder)


def _meta_key(meta: sources.SourceMeta | None) -> str:
    if meta is None:
        return ""
    lines = getattr(meta.fields, "key_lines", {})
    return repr((sorted((str(k), repr(v)) for k, v in meta.fields.items()), meta.path, meta.line,
                 sorted(lines.items())))


def read_sources(config: Config, docs: list[tuple[str, Any]], report: Report,
                 store: cache.Store | None = None) -> list[Source]:
    """The folder's articles, read and with publication dates (stated or inferred)."""
    return [s for s, _, _ in read_and_analyse(config, docs, report, store or cache.Store(None))[0]]


# The jobs, each article's read key and the digest of its bytes ("" when it cannot be read),
# the metadata from the folder's YAML, and the warnings for the files skipped.
Found = tuple[list[analyse.Job], list[str], list[str], dict[str, sources.SourceMeta], list[str]]


def find_jobs(config: Config, docs: list[tuple[str, Any]],
              files: cache.FileDigests | None = None) -> Found:
    """One job per article file, in a stable order, a content key for each, and the
    warnings for the files skipped.  With `files`, a file whose size and times are as last
    time is not read again; the caller saves it when the build is done (a file written
    just before the build is remembered only if it is older than the racy window then)."""
    meta = sources.metadata_from_yaml(docs)
    jobs: list[analyse.Job] = []
    keys: list[str] = []
    contents: list[str] = []
    seen: dict[str, str] = {}  # by case-folded id
    version = cache.code_version()
    files = files or cache.FileDigests(cache.Store(None), "")
    skipped: list[tuple[Path, str]] = []
    found = sources.found_in(config.sources, exclude=[config.out], skipped=skipped)
    warnings = [f"{_display(p)}: {why}" for p, why in skipped]
    shown = _shown_under(config.sources)
    # An article's key holds its path within the sources folder, not as displayed: built
    # from another working folder, or with the folder given another way, the articles are
    # the same (their results are shown under the new path: `_rebased`).
    for within, path in found:
        display = shown(within, path)
        sid = sources.id_for_name(within.rpartition("/")[2])
        if sid.casefold() in seen:  # "A" and "a" are one page on macOS and Windows
            raise TimelineError(f"two sources have the id {sid!r} (also {seen[sid.casefold()]}); "
                                "rename one", display)
        seen[sid.casefold()] = display
        job = analyse.Job(os.path.realpath(path) if config.scheduler else path, display, sid,
                          meta.get(sid), config.time_zone)
        content = files.digest(path)  # "": not cached; read() reports it
        jobs.append(job)
        contents.append(content)
        keys.append(cache.digest(version, within, sid, _meta_key(job.meta), config.time_zone,
                                 content) if content else "")
    return jobs, keys, contents, meta, warnings


Analysed = tuple[Source, analyse.Outline, str]


def read_and_analyse(config: Config, docs: list[tuple[str, Any]], report: Report,
                     store: cache.Store, found: Found | None = None,
                     progress: Callable[[int, int], None] | None = None,
                     ) -> tuple[list[Analysed], buckets.Statements]:
    """Every article read and analysed (from the cache when unchanged): (source, the
    outline of its analysis, a hash of what the analysis was made from), in the order of
    the files; and their statements, each article's loaded when first asked for.

    `progress(done, total)` is called as articles are done, for a progress bar."""
    jobs, keys, contents, meta, skipped = found or find_jobs(config, docs)
    report.warnings.extend(skipped)
    report.skipped += len(skipped)
    kept = heads.Heads(store, str(config.sources.resolve()))
    results: list[analyse.Read | None] = [
        _rebased(kept.read(k, job, c) or store.get("read", k), job.display) if k else None
        for k, job, c in zip(keys, jobs, contents, strict=True)]
    todo = [i for i, r in enumerate(results) if r is None]
    if progress is not None and jobs:
        progress(len(jobs) - len(todo), len(jobs))
    fresh = analyse.run([jobs[i] for i in todo], processes=config.jobs, scheduler=config.scheduler,
                        progress=None if progress is None else
                        (lambda n: progress(len(jobs) - len(todo) + n, len(jobs))))
    made: dict[str, tuple[Mention, ...]] = {}  # statements analysed in this build, by version
    for i, r in zip(todo, fresh, strict=True):
        if r.analysis is not None:  # dated when read: the key is its version (see below)
            version = keys[i]
            made[version] = r.analysis.mentions
            r = replace(r, analysis=None, outline=r.analysis.outline())
            if keys[i]:
                store.put("statements", version, made[version])
        results[i] = r
        if keys[i] and (r.failure is None or r.failure.os_error is None):
            store.put("read", keys[i], r)
    kept.update((k, r) for k, r in zip(keys, results, strict=True) if r is not None)
    read: list[tuple[Source, analyse.Outline | None, str]] = []
    for job, key, result in zip(jobs, keys, results, strict=True):
        assert result is not None
        failure = result.failure
        if failure is not None:
            if failure.os_error is not None:
                report.warnings.append(f"{job.display}: cannot be read ({failure.os_error}), skipped")
                report.skipped += 1
                continue
            if failure.line is not None or "front matter" in failure.message or "YAML" in failure.message:
                raise failure.error()
            report.warnings.append(str(failure.error()))
            report.skipped += 1
            continue
        assert result.source is not None
        report.warnings.extend(result.source.warnings)
        read.append((result.source, result.outline, key))
    for sid in sorted(set(meta) - {j.sid for j in jobs}):
        m = meta[sid]
        report.warnings.append(f"{m.path}:{m.line}: metadata for {sid!r}, but no such source file")
    dated = _infer(read, store)
    out: list[Analysed] = []
    for (_, outline, key), source in zip(read, dated, strict=True):
        # An article's version: a hash of what its analysis is made from.  For one dated
        # when read, that is its read key (the date comes from the file and its metadata);
        # for one dated by inference, the key and the date inferred, which may change.
        if outline is not None and outline.published == source.published:
            out.append((source, outline, key))
            continue
        version = cache.digest(key, str(source.published))
        outline = store.get("dates", version) if key else None
        if outline is None:
            analysis = analyse.analyse(source, source.published)
            outline, made[version] = analysis.outline(), analysis.mentions
            if key:
                store.put("dates", version, outline)
                store.put("statements", version, analysis.mentions)
        out.append((source, outline, version))
    by_id = {s.id: (s, v) for s, _, v in out}

    def load(source_id: str) -> tuple[Mention, ...]:
        """A source's statements: made in this build, kept in the cache, or (an entry
        lost) made again."""
        source, version = by_id[source_id]
        found = made.get(version)
        if found is None:
            found = store.get("statements", version)
        if found is None:
            found = analyse.analyse(source, source.published).mentions
            store.put("statements", version, found)
        return found

    return out, buckets.Statements([(s.id, outline) for s, outline, _ in out], load)


def _rebased(read: analyse.Read | None, display: str) -> analyse.Read | None:
    """A cached result shown under the path the article has now (see `find_jobs`): the
    source's path, and the messages that name it (each starts with it)."""
    if read is None or read.display == display:
        return read
    source, failure = read.source, read.failure
    if source is not None:
        source = _shown_as(source, display)
    if failure is not None and failure.path == read.display:
        failure = replace(failure, path=display)
    return replace(read, source=source, failure=failure, display=display)


def _shown_as(source: Source, display: str) -> Source:
    """`source` under the path `display`, in its path and its messages."""
    old = source.path
    if old == display:
        return source
    return replace(source, path=display, warnings=tuple(
        display + w[len(old):] if w.startswith(old + ":") else w for w in source.warnings))


def _infer(read: list[tuple[Source, analyse.Outline | None, str]], store: cache.Store) -> list[Source]:
    """Publication dates inferred for the articles that state none (cached by article and
    by the collection's median date, which the inference uses)."""
    srcs = [s for s, _, _ in read]
    undated = [i for i, s in enumerate(srcs) if s.published is None]
    if not undated:
        return srcs
    median = sources.collection_date(srcs)
    out = list(srcs)
    for i in undated:
        key = cache.digest(read[i][2], str(median))
        found = store.get("infer", key) if read[i][2] else None
        if not isinstance(found, tuple):
            found = sources.infer_publication(srcs[i], median)
            if read[i][2]:
                store.put("infer", key, found)
        out[i] = sources.inferred_as(srcs[i], *found)
    return out


def to_event(cluster: merge.Cluster, by_id: dict[str, Source]) -> Event:
    def published(m: Mention) -> dt.date:
        return by_id[m.source].published or dt.date.max

    date = cluster.date
    ranked = sorted(
        cluster.mentions,
        # A sentence that opens with its date ("On May 19, Trump spoke ...") makes the
        # cleanest title; then the earliest report.
        key=lambda m: (m.date != date, not m.anchored, not _opens_with_date(m), published(m),
                       m.source, m.ref.start),
    )
    rep = ranked[0]
    at_date = [m for m in cluster.mentions if m.date == date]
    approximate = all(m.approximate for m in at_date)
    refs = tuple(m.ref for m in sorted(cluster.mentions, key=lambda m: (published(m), m.source, m.ref.start)))
    return Event(
        id=f"{date.iso()}-{slugify(rep.title)}",
        date=date,
        end=rep.end,
        title=rep.title,
        summary=rep.sentence.text,
        origin="extracted",
        tags=(),
        sources=refs,
        approximate=approximate,
        mentions=tuple(m.id for m in cluster.mentions),
        why=cluster.why,
    )


def _opens_with_date(m: Mention) -> bool:
    at = m.sentence.text.find(m.ref.date_text) if m.ref.date_text else -1
    return 0 <= at <= 4


def unique_ids(evs: list[Event]) -> list[Event]:
    seen: dict[str, int] = {}
    out = []
    for e in sorted(evs, key=lambda e: (e.id, e.mentions)):
        n = seen.get(e.id, 0) + 1
        seen[e.id] = n
        out.append(e if n == 1 else replace(e, id=f"{e.id}-{n}"))
    return out


def open_store(config: Config) -> cache.Store:
    if not config.use_cache:
        return cache.Store(None)
    return cache.Store(config.cache or cache.default_folder(config.out))


def gather(config: Config, progress: Callable[[int, int], None] | None = None,
           store: cache.Store | None = None, found: Found | None = None,
           docs: list[tuple[str, Any]] | None = None,
           source_keys: dict[str, str] | None = None,
           event_keys: dict[str, str] | None = None) -> tuple[Timeline, Report]:
    """Everything a build decides, without writing anything (only the cache is written).

    `progress(done, total)` is called as articles are done, for a progress bar.
    `source_keys` and `event_keys` are filled with a key for each source and event, by
    id (see `site.render`).
    """
    started = time.perf_counter()
    report = Report()
    store = store if store is not None else open_store(config)
    if docs is None:
        docs = yaml_documents(config.sources, _skip(config), report.warnings)
    manual_input = manual.load(docs, defer=True)  # reported with apply's, in one run
    lap = time.perf_counter()
    analysed, statements = read_and_analyse(config, docs, report, store, found, progress)
    lap = report.lap("read", lap)
    srcs = [s for s, _, _ in analysed]
    by_id = {s.id: s for s in srcs}
    for s, outline, _ in analysed:
        if s.published_from == "inferred":
            report.notes.append(f"{s.path}: publication date inferred as {s.published}: {s.how_published}")
        elif s.published is None:
            report.warnings.append(f"{s.path}: no publication date found or inferred; relative dates skipped")
        report.dates += outline.dates
        report.published_from[s.published_from] = report.published_from.get(s.published_from, 0) + 1
    versions = {s.id: v for s, _, v in analysed}
    if source_keys is not None:
        # What an article's Source is made from: its file, metadata, place in the folder
        # and the code (its read key, in `version`), the publication date given or
        # inferred, and the path it is shown under.
        source_keys.update((s.id, cache.digest(v, s.path, s.published_from, s.how_published))
                           for s, _, v in analysed)
    pairs, merge_keys = buckets.events_by_month(statements, versions, store,
                                                lambda c: to_event(c, by_id), config.jobs)
    made = [e for e, _ in pairs]
    lap = report.lap("merge", lap)
    extracted = unique_ids(made)
    if any(c.split for c in manual_input.corrections):  # the only step that needs clusters
        clusters, _ = buckets.merge_by_month(statements, versions, store, config.jobs)
        extracted = manual.split(extracted, clusters, manual_input, lambda c: to_event(c, by_id))
    all_events = manual.apply(extracted, manual_input, set(by_id))
    ordered = sorted(all_events, key=lambda e: (e.date.sort_key(), e.id))
    if event_keys is not None:
        # Each event as made by the months is known with its key; one changed since (a
        # renamed id, a correction) or made here (a manual event) is hashed.  By identity:
        # `pairs` holds every event it names, so no other object can have its id.
        known = {id(e): key for e, key in pairs}
        event_keys.update((e.id, known.get(id(e)) or cache.key_of("", e)) for e in ordered)
    lap = report.lap("events", lap)
    report.sources = len(srcs)
    report.mentions = len(statements)
    report.events = len(ordered)
    report.merged = len(statements) - len(made)
    report.manual = len(manual_input.events)
    report.seconds = time.perf_counter() - started
    timeline = Timeline(config.title, config.description, tuple(srcs), tuple(ordered),
                        tuple(report.warnings))
    if store.folder is not None:
        keys = found[1] if found else []
        store.prune("merge", merge_keys)
        store.prune("events", merge_keys)
        if keys:
            store.prune("read", set(keys))
            store.prune("dates", set(versions.values()))
            store.prune("statements", set(versions.values()))
    return timeline, report


def _skip(config: Config) -> set[Path]:
    return {config.config_path.resolve()} if config.config_path else set()


def _render_version(config: Config) -> str:
    """A hash of the code and the templates: what turns a page's data into its bytes."""
    parts: list[bytes | str] = [cache.code_version()]
    for folder in [TEMPLATES_DIR] + ([config.templates] if config.templates else []):
        parts.append(str(folder))
        for p in sorted(q for q in folder.rglob("*") if q.is_file()):
            parts += [p.relative_to(folder).as_posix(), p.read_bytes()]
    return cache.digest(*parts)


def _fingerprint(config: Config, docs: list[tuple[str, Any]], found: Found, version: str) -> str:
    """A hash of everything the output depends on: code, templates, configuration, YAML and
    the articles (by their content keys, and their paths as shown, which the site names)."""
    return cache.digest(version, repr((
        config.title, config.description, config.base_url, config.about, config.time_zone,
        str(config.out.resolve()))), repr(docs), "\n".join(j.display for j in found[0]),
        *found[1])


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector paused.  A build makes and keeps millions of small
    objects (analyses, statements, events, page data) and almost no reference cycles (157
    objects' worth in a whole build of 10,000 articles); left on, the collector's full passes
    walk everything held, again each time it has grown by a quarter: a fifth of a
    one-article rebuild at 10,000 articles.  Reference counting still frees whatever is
    dropped, and the collector runs again afterwards (`serve` builds again and again)."""
    paused = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()


@collector_paused()
def build(config: Config, progress: Callable[[int, int], None] | None = None) -> Report:
    """Gather, render and write the site; the previous output stays until the new one is whole.

    With the cache, an unchanged article is not read again, and when nothing the output
    depends on changed since the last build into the same folder, nothing is redone.
    """
    started = time.perf_counter()
    writer.check_target(config.out)  # before anything, the cache included, is written
    store = open_store(config)
    yaml_warnings: list[str] = []
    docs = yaml_documents(config.sources, _skip(config), yaml_warnings, store)
    files = cache.FileDigests(store, str(config.sources.resolve()))
    found = find_jobs(config, docs, files)
    version = _render_version(config)
    fingerprint = _fingerprint(config, docs, found, version) if store.folder is not None else ""
    state_key = cache.digest("site", str(config.out.resolve()))
    last = store.get("site", state_key) if fingerprint else None
    if last is not None and last[0] == fingerprint and writer.unchanged(config.out, last[1]):
        report: Report = last[2]
        report.up_to_date = True
        files.save()
        report.seconds = time.perf_counter() - started
        return report
    # The live site's files are checked against what the last build left, on the other
    # core, while this one gathers (`writer.LiveCheck`).
    live = writer.LiveCheck(config.out, last[1] if last is not None else {})
    try:
        lap = time.perf_counter()
        source_keys: dict[str, str] = {}
        event_keys: dict[str, str] = {}
        timeline, report = gather(config, progress, store=store, found=found, docs=docs,
                                  source_keys=source_keys, event_keys=event_keys)
        report.warnings[:0] = yaml_warnings
        report.stages["scan"] = lap - started
        lap = time.perf_counter()
        places = cache.Shards(store, "places", state_key) if fingerprint else None
        known: dict[str, Any] = places.whole() if places is not None else {}
        # The replaced site is kept in the cache folder as the next build's starting point
        # (`writer`); beside the output (a folder renamed between the two), never inside it.
        spare = (store.root / f".spare-{state_key}") if fingerprint and store.root else None
        memo = cache.Memo(store, version)
        manifest, pages, spare_manifest = write(
            config, timeline, last[1] if last else None, last[3] if last else {}, known,
            spare, last[4] if last else None, memo, source_keys, event_keys, live.changed())
        report.lap("render and write", lap)
        if spare is not None:
            _tend_spares(spare, config.out)
        report.files = len(manifest)
        report.seconds = time.perf_counter() - started
        if fingerprint:
            store.put("site", state_key, (fingerprint, manifest, report, pages, spare_manifest))
            assert places is not None
            places.save(known)
            for kind in ("yaml", "part", "views"):  # files as they were at an edit, and so on
                store.prune(kind, store.used.get(kind, set()))
    finally:
        live.close()
    files.save()
    return report


def _tend_spares(spare: Path, out: Path) -> None:
    """Note which output folder `spare` serves, and delete the spares of output folders
    that are gone: a deleted site's spare holds the only links to its files, a whole site's
    room in the cache folder."""
    record = spare.with_name(spare.name + ".out")
    try:
        if not record.exists():
            record.write_text(str(out.resolve()), encoding="utf-8")
        for other in spare.parent.glob(".spare-*.out"):
            if other == record:
                continue
            served = Path(other.read_text(encoding="utf-8"))
            if not (served / writer.MARKER).is_file():
                shutil.rmtree(other.with_suffix(""), ignore_errors=True)
                other.unlink()
    except OSError:  # a cache folder that cannot be tidied is tidied next time
        pass


# Pages to make are made in waves of this many as they come: each page's data (its events'
# views, its filters) is held only until its wave is made, not for the whole site (at
# 100,000 articles, 195,000 pages).
WAVE = 4096


def write(config: Config, timeline: Timeline, previous: writer.Manifest | None,
          made_from: dict[str, str], known_places: dict[str, Any] | None = None,
          spare: Path | None = None, spare_manifest: writer.Manifest | None = None,
          memo: cache.Memo | None = None, source_keys: dict[str, str] | None = None,
          event_keys: dict[str, str] | None = None,
          changed: dict[str, writer.Stat | None] | None = None,
          ) -> tuple[writer.Manifest, dict[str, str], writer.Manifest]:
    """Render each page and write it into the new folder, which replaces the output when
    whole.  A page made from the same things as the one the last build wrote there
    (`made_from`: path -> hash) is not rendered again: the old file is kept.  The pages to
    make are made on all cores when there are many (`renderpool`).  `known_places`, `memo`,
    `source_keys`, `event_keys`: see `site.render` (the memo's salt is the code and
    templates' hash, `_render_version`).  `spare`, `spare_manifest`, `changed`: see
    `writer.SiteWriter`.

    Returns what the site holds, each page's hash, and what the spare holds."""
    from . import renderpool, site  # not needed by a build that finds nothing changed

    pages: dict[str, str] = {}
    version = memo.salt if memo is not None else _render_version(config)
    todo: list[tuple[str, Callable[[], bytes]]] = []

    def emit(path: str, inputs: object, make: Callable[[], bytes | Iterable[bytes]]) -> None:
        key = cache.inputs_key(version, inputs)
        pages[path] = key
        if key and made_from.get(path) == key and w.keep(path):
            return
        if inputs is None:  # made already: a feed, a static file
            w.add(path, make())
        else:  # a page: its bytes, made in a wave
            todo.append((path, cast(Callable[[], bytes], make)))
            if len(todo) >= WAVE:
                flush()

    def flush() -> None:
        for path, data in renderpool.made(todo, config.jobs):
            w.add(path, data)
        todo.clear()  # the pages' data can go

    with writer.SiteWriter(config.out, previous, spare, spare_manifest, changed) as w, \
            template_errors():
        site.render(timeline, base_url=config.base_url, about_md=config.about,
                    templates_dir=config.templates, search=True, emit=emit,
                    known_places=known_places, memo=memo, source_keys=source_keys,
                    event_keys=event_keys)
        flush()
        return w.commit(), {p: k for p, k in pages.items() if k}, w.spare_manifest


def render_files(config: Config, timeline: Timeline) -> dict[str, bytes]:
    """Every file of the site for a gathered timeline, in memory."""
    from . import site

    with template_errors():
        return site.render(timeline, base_url=config.base_url, about_md=config.about,
                           templates_dir=config.templates, search=True)


@contextmanager
def template_errors() -> Iterator[None]:
    """A mistake in a template is the user's input too: it is reported with the template's
    file and line, not as an internal error."""
    import jinja2

    try:
        yield
    except jinja2.TemplateSyntaxError as e:
        raise TimelineError(f"template error: {e.message}", e.filename, e.lineno) from e
    except jinja2.TemplateError as e:
        frames = [f for f in traceback.extract_tb(e.__traceback__)
                  if f.filename.endswith((".html", ".xml", ".txt", ".css", ".js"))]
        where = (frames[-1].filename, frames[-1].lineno) if frames else (None, None)
        raise TimelineError(f"template error: {e}", *where) from e
