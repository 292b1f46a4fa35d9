"""The build, stage by stage: sources, dates, events, merge, manual, site, write.

First gather and decide everything in memory; only then write, into a fresh folder that
replaces the previous output when complete.
"""

from __future__ import annotations

import datetime as dt
import os
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import jinja2

from . import dates, events, manual, merge, search, site, sources, writer, yamlio
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

    def summary(self) -> str:
        origins = ", ".join(f"{n} {k}" for k, n in sorted(self.published_from.items()))
        return (
            f"{self.sources} sources ({origins}), {self.dates} dates, {self.mentions} dated "
            f"statements -> {self.events} events ({self.merged} statements merged, "
            f"{self.manual} manual), {len(self.warnings)} warnings, {self.seconds:.2f} s"
        )


def yaml_documents(folder: Path, skip: set[Path], warnings: list[str] | None = None
                   ) -> list[tuple[str, Any]]:
    """Every YAML file directly in the sources folder, parsed, with its display path."""
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
        docs.append((display, yamlio.load(yamlio.decode(p.read_bytes(), display), display)))
    return docs


def _display(p: Path) -> str:
    try:  # the path as found, not where a link leads
        return Path(os.path.abspath(p)).relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return p.as_posix()


def read_sources(config: Config, docs: list[tuple[str, Any]], report: Report) -> list[Source]:
    meta = sources.metadata_from_yaml(docs)
    found: list[Source] = []
    seen: dict[str, str] = {}  # by case-folded id
    ids: set[str] = set()
    skipped: list[tuple[Path, str]] = []
    paths = sources.discover(config.sources, exclude=[config.out], skipped=skipped)
    report.warnings.extend(f"{_display(p)}: {why}" for p, why in skipped)
    report.skipped += len(skipped)
    for path in paths:
        display = _display(path)
        sid = sources.id_for(path)
        if sid.casefold() in seen:  # "A" and "a" are one page on macOS and Windows
            raise TimelineError(f"two sources have the id {sid!r} (also {seen[sid.casefold()]}); "
                                "rename one", display)
        seen[sid.casefold()] = display
        ids.add(sid)
        try:
            src = sources.read_source(path, display, sid, meta.get(sid), config.time_zone)
        except TimelineError as e:
            if e.line is not None or "front matter" in e.message or "YAML" in e.message:
                raise
            report.warnings.append(str(e))
            report.skipped += 1
            continue
        except OSError as e:
            report.warnings.append(f"{display}: cannot be read ({e.strerror}), skipped")
            report.skipped += 1
            continue
        report.warnings.extend(src.warnings)
        found.append(src)
    for sid in sorted(set(meta) - ids):
        m = meta[sid]
        report.warnings.append(f"{m.path}:{m.line}: metadata for {sid!r}, but no such source file")
    return sources.infer_dates(found)


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


def gather(config: Config, progress: Callable[[int, int], None] | None = None) -> tuple[Timeline, Report]:
    """Everything a build decides, without writing anything.

    `progress(done, total)` is called as each source is taken up, for a progress bar.
    """
    started = time.perf_counter()
    report = Report()
    skip = {config.config_path.resolve()} if config.config_path else set()
    docs = yaml_documents(config.sources, skip, report.warnings)
    manual_input = manual.load(docs, defer=True)  # reported with apply's, in one run
    srcs = read_sources(config, docs, report)
    by_id = {s.id: s for s in srcs}
    mentions: list[Mention] = []
    for done, s in enumerate(srcs, 1):
        if progress is not None:
            progress(done, len(srcs))
        if s.published_from == "inferred":
            report.notes.append(f"{s.path}: publication date inferred as {s.published}: {s.how_published}")
        elif s.published is None:
            report.warnings.append(f"{s.path}: no publication date found or inferred; relative dates skipped")
        found = dates.extract(s.text, s.published, s.sentences)
        report.dates += len(found)
        mentions.extend(events.mentions_of(s, found))
        report.published_from[s.published_from] = report.published_from.get(s.published_from, 0) + 1
    clusters = merge.merge(mentions)
    extracted = unique_ids([to_event(c, by_id) for c in clusters])
    extracted = manual.split(extracted, clusters, manual_input, lambda c: to_event(c, by_id))
    all_events = manual.apply(extracted, manual_input, set(by_id))
    ordered = sorted(all_events, key=lambda e: (e.date.sort_key(), e.id))
    report.sources = len(srcs)
    report.mentions = len(mentions)
    report.events = len(ordered)
    report.merged = len(mentions) - len(clusters)
    report.manual = len(manual_input.events)
    report.seconds = time.perf_counter() - started
    timeline = Timeline(config.title, config.description, tuple(srcs), tuple(ordered),
                        tuple(report.warnings))
    return timeline, report


def build(config: Config, progress: Callable[[int, int], None] | None = None) -> Report:
    """Gather, render and write the site; the previous output stays until the new one is whole."""
    started = time.perf_counter()
    timeline, report = gather(config, progress)
    pagefind = search.executable()
    if pagefind is None:
        report.notes.append("search omitted: the pagefind binary is not installed "
                            "(python3 -m pip install 'pagefind[bin]')")
    files = render_files(config, timeline, search=pagefind is not None)
    written = writer.write_site(
        config.out, files, finish=None if pagefind is None else lambda tmp: search.index(tmp, pagefind))
    report.files = written
    report.seconds = time.perf_counter() - started
    return report


def render_files(config: Config, timeline: Timeline, search: bool = False) -> dict[str, bytes]:
    """Every file of the site for a gathered timeline, in memory.

    A mistake in a template is the user's input too: it is reported with the template's
    file and line, not as an internal error.
    """
    try:
        return site.render(timeline, base_url=config.base_url, about_md=config.about,
                           templates_dir=config.templates, search=search)
    except jinja2.TemplateSyntaxError as e:
        raise TimelineError(f"template error: {e.message}", e.filename, e.lineno) from e
    except jinja2.TemplateError as e:
        frames = [f for f in traceback.extract_tb(e.__traceback__)
                  if f.filename.endswith((".html", ".xml", ".txt", ".css", ".js"))]
        where = (frames[-1].filename, frames[-1].lineno) if frames else (None, None)
        raise TimelineError(f"template error: {e}", *where) from e
