"""Sources: article files read, decoded, described and split into sentences.

Metadata comes, in this order (CONTRACTS.md): YAML front matter in the file, a metadata
YAML file in the folder (`sources:` mapping ids to fields), a dateline in the text, or
inference from the article and the rest of the collection.  What was used is recorded in
`Source.published_from` and said in the build's output.
"""

from __future__ import annotations

import codecs
import contextlib
import datetime as dt
import os
import re
import zoneinfo
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from . import boilerplate, markup, yamlio
from .errors import TimelineError
from .model import Sentence, Source
from .tense import tense_near
from .text import shorten, split_sentences

EXTENSIONS = (".txt", ".md", ".markdown", ".html", ".htm")
META_FIELDS = ("title", "outlet", "url", "published", "author")
_DATELINE_LABEL = re.compile(
    r"(?i)^\s*(?:date|dated|published(?:\s+on)?|posted(?:\s+on)?|updated(?:\s+on)?|"
    r"first\s+published(?:\s+on)?|last\s+updated|publication\s+date)\b\s*:?\s*"
)


_REST_OF_DATELINE = re.compile(
    r"[\s,|–—-]*(?:(?:at\s+)?\d{1,2}[.:]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s*[A-Z]{2,5}|\s*(?:GMT|UTC)[+-]\d{1,2})?)?"
    r"\s*(?:\|.*)?", re.I)
_WIRE_DASH = re.compile(r"\s*[—–]\s|\s+-\s")


@dataclass(frozen=True)
class SourceMeta:
    """Fields given for a source in a metadata YAML file."""

    fields: Mapping[str, Any]
    path: str
    line: int | None


def is_source_name(name: str) -> bool:
    return (
        os.path.splitext(name)[1].lower() in EXTENSIONS
        and not name.startswith((".", "_"))
        and not name.lower().startswith("readme")
    )


def links_outside(folder: Path, path: Path) -> bool:
    """Whether `path` is a symbolic link that leads out of `folder` (its target is not ours
    to publish)."""
    if not path.is_symlink():
        return False
    real, root = Path(os.path.realpath(path)), Path(os.path.realpath(folder))
    return real != root and root not in real.parents


def discover(folder: Path, exclude: Iterable[Path] = (),
             skipped: list[tuple[Path, str]] | None = None) -> list[Path]:
    """Article files under `folder`, in a stable order (by relative POSIX path): see
    `found_in`."""
    return [Path(p) for _, p in found_in(folder, exclude, skipped)]


def found_in(folder: Path, exclude: Iterable[Path] = (),
             skipped: list[tuple[Path, str]] | None = None) -> list[tuple[str, str]]:
    """Article files under `folder`, in a stable order: (relative POSIX path, the path as
    found, `folder` joined with it).

    Names starting with "." or "_" are left out, folders and all.  Links to folders are
    never followed.  Links out of the folder, broken links and names that are not regular
    files (a pipe, a device) are left out, and added to `skipped` with the reason.

    One `scandir` per folder: what a directory entry says of itself (its type) is used
    without a `stat` per file, which is most of the time of a rebuild that finds nothing to
    do (10,000 articles, and a rebuild looks at all of them).
    """
    root = os.path.realpath(folder)
    excluded = [os.path.realpath(p) for p in exclude]

    def is_excluded(real: str) -> bool:
        return any(real == e or real.startswith(e + os.sep) for e in excluded)

    found: list[tuple[str, str]] = []
    left_out: list[tuple[str, Path, str]] = []
    todo = [(os.fspath(folder), "", root)]  # no link on the way: none is followed
    while todo:
        dirpath, rel_dir, real_dir = todo.pop()
        try:
            with os.scandir(dirpath) as it:
                entries = list(it)
        except OSError:  # unreadable, or gone: as os.walk, passed over
            continue
        real_prefix = os.path.join(real_dir, "")  # joined as strings: 10,000 files a rebuild
        for entry in entries:
            name = entry.name
            rel = rel_dir + name
            is_link = entry.is_symlink()
            try:
                is_dir = entry.is_dir()  # a link to a folder counts as a folder
            except OSError:  # a link that loops: not a folder (as os.walk has it)
                is_dir = False
            if is_dir:
                if name.startswith((".", "_")):
                    continue
                if is_link:
                    p = Path(dirpath, name)
                    if links_outside(folder, p):
                        left_out.append((rel, p, "links outside the sources folder, skipped"))
                elif not is_excluded(os.path.join(real_dir, name)):
                    todo.append((os.path.join(dirpath, name), rel + "/",
                                 os.path.join(real_dir, name)))
                continue
            if not is_source_name(name):
                continue
            path = entry.path
            if is_link:
                p = Path(path)
                if links_outside(folder, p):
                    left_out.append((rel, p, "links outside the sources folder, skipped"))
                    continue
                if not p.exists():
                    left_out.append((rel, p, "broken symbolic link, skipped"))
                    continue
                real = str(p.resolve())
            else:
                real = real_prefix + name
            try:
                regular = entry.is_file()
            except OSError:
                regular = False
            if not regular:
                left_out.append((rel, Path(path), "not a regular file, skipped"))
                continue
            if not is_excluded(real):
                found.append((rel, path))
    if skipped is not None:
        skipped.extend((p, why) for _, p, why in sorted(left_out, key=lambda x: x[0]))
    return sorted(found)


def metadata_from_yaml(docs: Iterable[tuple[str, Any]]) -> dict[str, SourceMeta]:
    """The `sources:` mappings of the folder's YAML documents, by source id."""
    out: dict[str, SourceMeta] = {}
    for path, data in docs:
        if not isinstance(data, dict) or "sources" not in data:
            continue
        block = data["sources"]
        if not isinstance(block, dict):
            line, col = yamlio.where(data, "sources")
            raise TimelineError("`sources` must map source ids to their fields", path, line, col)
        for sid, fields in block.items():
            line, col = yamlio.where(block, sid)
            if not isinstance(fields, dict):
                raise TimelineError(f"metadata for {sid!r} must be a mapping", path, line, col)
            unknown = sorted(set(fields) - set(META_FIELDS))
            if unknown:
                raise TimelineError(
                    f"unknown field {unknown[0]!r} for source {sid!r} (known: {', '.join(META_FIELDS)})",
                    path, *yamlio.where(fields, unknown[0]))
            if sid in out:
                raise TimelineError(f"source {sid!r} is described twice (also in {out[sid].path})",
                                    path, line, col)
            out[str(sid)] = SourceMeta(fields, path, line)
    return out


def _cp1252_fallback(e: UnicodeError) -> tuple[str, int]:
    assert isinstance(e, UnicodeDecodeError)
    return e.object[e.start : e.end].decode("cp1252", errors="replace"), e.end


codecs.register_error("timeline-cp1252", _cp1252_fallback)
_CONTROL = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]")


def decode(data: bytes, path: str) -> tuple[str, list[str]]:
    """The file's text: UTF-8 (a BOM is dropped); bytes that are not UTF-8 are read as
    Windows-1252, with a warning, so a file that mixes the two keeps both readable."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), []
        except UnicodeDecodeError as e:
            raise TimelineError(f"invalid UTF-16 (byte {e.start}), skipped", path) from e
    if b"\x00" in data:
        raise TimelineError("binary file (contains NUL bytes), skipped", path)
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as e:
        head = data[:8192]
        if len(_CONTROL.findall(head)) > 0.05 * len(head):
            raise TimelineError("binary file (control characters), skipped", path) from e
        text = data.decode("utf-8-sig", errors="timeline-cp1252")
        line = data.count(b"\n", 0, e.start) + 1
        return text, [f"{path}:{line}: not valid UTF-8 (byte {e.start}); such bytes read as Windows-1252"]


def parse_date(value: Any, path: str, line: int | None, what: str, time_zone: str = "") -> dt.date:
    """A publication date; a timestamp with an offset is dated in `time_zone` when one is set."""
    from . import dates  # the date rules load when needed: not for a no-op build

    if isinstance(value, str):
        with contextlib.suppress(ValueError):
            value = dt.datetime.fromisoformat(value.strip())
    if isinstance(value, dt.datetime):
        stamp: dt.datetime = value
        if time_zone and stamp.tzinfo is not None:
            stamp = stamp.astimezone(zoneinfo.ZoneInfo(time_zone))
        return stamp.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        text = value.strip()
        try:
            return dt.date.fromisoformat(text[:10])
        except ValueError:
            found = [e for e in dates.extract(text, None) if e.value and e.value.precision == "day"]
            if found and found[0].value is not None:
                return found[0].value.first_day()
    raise TimelineError(f"{what}: {value!r} is not a date (use YYYY-MM-DD)", path, line)


def find_dateline(text: str, sentences: list[Sentence]) -> tuple[dt.date, int, int] | None:
    """A publication date stated near the top: (date, start, end of the dateline)."""
    from . import dates  # the date rules load when needed: not for a no-op build

    seen_pars = 0
    last_par = -1
    for s in sentences:
        if s.paragraph != last_par:
            seen_pars += 1
            last_par = s.paragraph
        if seen_pars > 8:
            break
        label = _DATELINE_LABEL.match(s.text)
        words = len(s.text.split())
        if label is None and words > 14 and not re.match(r"^\W*\w+\s+\d", s.text):
            continue
        offset = label.end() if label else 0
        window = s.text[offset : offset + 80]
        for e in dates.extract(window, None):
            if e.start > 12 or e.value is None or e.value.precision != "day":
                break
            if e.kind != "absolute":
                break
            rest = s.text[offset + e.end :]
            # Without a label the date must be the whole line (a time may follow) or open a
            # wire-service dateline ("June 24, 2025 — ..."); "On March 3, 2024, the mayor
            # resigned." is a story sentence.
            if label is None and not (_REST_OF_DATELINE.fullmatch(rest) or _WIRE_DASH.match(rest)):
                break
            return e.value.first_day(), s.start, s.start + offset + e.end
        if label and window.strip():
            parsed = dates.parse_date_string(window)
            if parsed is not None:
                return parsed, s.start, s.start + len(s.text)
    return None


def _meta_fields(front: Mapping[str, Any] | None, meta: SourceMeta | None) -> dict[str, tuple[Any, str, str, int | None]]:
    """field -> (value, where from, file, line); front matter wins over the metadata file."""
    out: dict[str, tuple[Any, str, str, int | None]] = {}
    if meta is not None:
        for k, v in meta.fields.items():
            if v is not None and str(v).strip():
                out[k] = (v, "metadata", meta.path, yamlio.where(meta.fields, k)[0] or meta.line)
    if front is not None:
        for k, v in front.items():
            if k == "date":
                k = "published"
            if k in META_FIELDS and v is not None and str(v).strip():
                out[k] = (v, "front-matter", "", yamlio.where(front, k)[0])
    return out


MAX_BYTES = 5 * 1024 * 1024  # a long feature is 100 kB; a saved page with its scripts, 3 MB


def read_source(path: Path, display: str, sid: str, meta: SourceMeta | None, time_zone: str = "") -> Source:
    """Read one article file into a Source (publication date possibly still unknown)."""
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise TimelineError(f"{size / 1024 / 1024:.1f} MB, over the {MAX_BYTES // 1024 // 1024} MB "
                            "limit for an article; skipped", display)
    raw, warnings = decode(path.read_bytes(), display)
    if not raw.strip():
        raise TimelineError("empty file, skipped", display)
    ext = path.suffix.lower()
    front: Mapping[str, Any] | None = None
    runs: tuple[tuple[int, int], ...] = ()
    html_title = ""
    if ext in (".html", ".htm"):
        text, runs, tags, html_title = markup.html_to_text(raw)
        front = {k: tags[v] for k, v in (("title", "og:title"), ("published", "article:published_time"),
                                          ("author", "author"), ("outlet", "og:site_name"),
                                          ("url", "og:url")) if tags.get(v)}
        if "published" not in front and tags.get("datetime"):
            front = {**front, "published": tags["datetime"]}
    else:
        fm_text, fm_start, body = markup.split_front_matter(raw)
        if fm_text is not None:
            # Pad with the lines before it so that YAML errors carry the file's line numbers.
            data = yamlio.load("\n" * raw[:fm_start].count("\n") + fm_text, display)
            if data is not None and not isinstance(data, dict):
                raise TimelineError("front matter must be a YAML mapping", display, 2)
            front = data or {}
        if ext in (".md", ".markdown"):
            text, runs = markup.markdown_to_text(raw, body)
        elif fm_text is not None:
            text, runs = raw[body:], ((0, body),)
        else:
            text = raw
    fields = _meta_fields(front, meta)
    sentences = split_sentences(text)
    kinds = boilerplate.classify(text)
    published: dt.date | None = None
    published_from = "unknown"
    how = ""
    if "published" in fields:
        value, origin, file, line = fields["published"]
        try:
            published = parse_date(value, file or display, line, "published", time_zone)
            published_from = origin
            how = f"from the {origin.replace('-', ' ')}"
        except TimelineError:
            if ext not in (".html", ".htm") or origin != "front-matter":
                raise  # the user wrote it: theirs to fix
            # A page's own <meta> date is not the user's to fix: date the article otherwise.
            warnings.append(f"{display}: the page's publication date {value!r} is not a date; ignored")
    dateline = find_dateline(text, sentences)
    if dateline is not None:
        day, d_start, d_end = dateline
        if published is None:
            published, published_from = day, "dateline"
            how = f"dateline {text[d_start:d_end].strip()!r}"
        sentences = _cut_dateline(text, sentences, d_start, d_end)
    marked = tuple(
        replace(s, boilerplate=kinds.get(s.paragraph, "")) if s.paragraph in kinds else s
        for s in sentences
    )
    title = str(fields["title"][0]) if "title" in fields else html_title
    if not title:
        heads = [s for s in marked if s.boilerplate == "headline"]
        story = [s for s in marked if not s.boilerplate]
        title = heads[0].text if heads else (shorten(story[0].text, 14) if story else sid)

    def field(name: str) -> str | None:
        return str(fields[name][0]).strip() if name in fields else None

    return Source(
        id=sid, path=display, raw=raw, text=text, runs=runs, title=" ".join(title.split()),
        outlet=field("outlet"), url=field("url"), author=field("author") or _byline(text, marked),
        published=published, published_from=published_from, sentences=marked,
        warnings=tuple(warnings), how_published=how,
    )


def _cut_dateline(text: str, sentences: list[Sentence], start: int, end: int) -> list[Sentence]:
    out = []
    for s in sentences:
        if s.end <= start or s.start >= end:
            out.append(s)
            continue
        rest = end
        while rest < s.end and text[rest].isspace():
            rest += 1
        if s.end - rest < 3:
            out.append(replace(s, boilerplate="dateline"))
        else:
            out.append(Sentence(rest, s.end, text[rest : s.end], s.paragraph, s.boilerplate))
    return out


def _byline(text: str, sentences: tuple[Sentence, ...]) -> str | None:
    for i, s in enumerate(sentences[:8]):
        if s.boilerplate != "byline":
            continue
        m = re.match(r"(?i)^(?:by|written by|author)\b\s*:?\s*(\w.*)$", s.text.strip())
        if m and m.group(1).strip():
            return m.group(1).strip()
        if re.match(r"(?i)^author\s*:?\s*$", s.text.strip()) and i + 1 < len(sentences):
            return sentences[i + 1].text.strip() or None
    return None


def infer_dates(sources: list[Source]) -> list[Source]:
    """Give an inferred publication date to sources that have none."""
    median = collection_date(sources)
    return [s if s.published is not None else inferred(s, median) for s in sources]


def collection_date(sources: Iterable[Source]) -> dt.date | None:
    """The median publication date of the sources that state one."""
    known = sorted(s.published for s in sources if s.published is not None)
    return known[(len(known) - 1) // 2] if known else None


def inferred(source: Source, collection: dt.date | None) -> Source:
    """`source` with the publication date inferred from its text and its collection."""
    return inferred_as(source, *infer_publication(source, collection))


def inferred_as(source: Source, day: dt.date | None, how: str) -> Source:
    """`source` with the publication date `day` inferred (`infer_publication`), or none."""
    return replace(source, published=day, published_from="inferred" if day else "unknown",
                   how_published=how)


def infer_publication(source: Source, collection: dt.date | None) -> tuple[dt.date | None, str]:
    """Guess when an undated article was written, from what it says and its collection.

    An article reports what has happened, so it was written on or after the latest
    past-tense date it states; news names the days around publication by weekday, so the
    weekday it names most moves it to that day within the week after.  Without a collection
    the latest year the article states sets the year.  (Measured on the TempEval-3 training
    sets: letting a stated year override the collection's did more harm than good.)
    """
    from . import dates  # the date rules load when needed: not for a no-op build

    story = [s for s in source.sentences if not s.boilerplate]
    # A stated year matters only without a collection: only then scan for it.
    years = [] if collection is not None else [
        e.value.year for s in story for e in dates.extract(s.text, None)
        if e.value is not None and e.kind == "absolute" and tense_near(s.text, e.start, e.end) != "future"]
    reference = collection
    basis_year = ""
    if years:
        reference = dt.date(max(years), 12, 31)
        basis_year = f" (year {max(years)}, the latest the article states)"
    elif collection is not None:
        basis_year = f" (years from the collection, median {collection.isoformat()})"
    latest: dt.date | None = None
    weekdays: dict[int, int] = {}
    for s in story:
        for e in dates.extract(s.text, reference):
            if e.value is None or e.value.precision != "day":
                continue
            if tense_near(s.text, e.start, e.end) == "future":
                continue
            if e.kind == "weekday" and e.rule == "weekday":
                wd = e.value.first_day().weekday()
                weekdays[wd] = weekdays.get(wd, 0) + 1
                continue
            if e.kind not in ("absolute", "partial") or (e.kind == "partial" and reference is None):
                continue
            d = e.value.first_day()
            if latest is None or d > latest:
                latest = d
    if latest is not None:
        basis = "the latest past date the article states" + basis_year
        if weekdays:
            # The weekday it names most is most often the day of publication.
            wd = max(sorted(weekdays), key=lambda k: weekdays[k])
            shifted = latest + dt.timedelta(days=(wd - latest.weekday()) % 7)
            if shifted != latest:
                basis += f", moved to the {shifted.strftime('%A')} it mentions most"
            latest = shifted
        return latest, basis
    if reference is not None and reference != collection:
        return reference.replace(month=collection.month, day=collection.day) if collection else reference, \
            "the latest year the article states" + (", day of the year from the collection" if collection else "")
    if collection is not None:
        return collection, "median publication date of the other articles"
    return None, "no date in the text and no dated article to compare with"


def id_for(path: Path) -> str:
    return path.stem


def id_for_name(name: str) -> str:
    """`id_for` of an article's file name (one `is_source_name` accepts: it ends with a
    known extension, where the two agree), without making a Path of it."""
    return os.path.splitext(name)[0]
