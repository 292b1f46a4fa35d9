"""Command line: parse arguments, load config, call the package, map errors to exit codes."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

from . import __version__, dates, pipeline, sources, yamlio
from .errors import TimelineError

CONFIG_KEYS = ("title", "description", "base_url", "sources", "out", "about", "templates")


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="build.py",
        description="Build a static timeline site from a folder of articles.",
    )
    p.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    p.add_argument("--debug", action="store_true", help="show tracebacks on errors")
    p.add_argument("--sources", type=Path, help="folder of articles and YAML (default: seeds)")
    p.add_argument("--out", type=Path, help="output folder (default: _site)")
    p.add_argument("--config", type=Path, help="config file (default: ./timeline.yaml if present)")
    p.add_argument("--base-url", help="public URL of the site, for canonical links")
    p.add_argument("--jobs", type=int, help="processes for reading articles (default: one per core)")
    p.add_argument("--scheduler", metavar="ADDRESS",
                   help="run the per-article work on a Dask cluster (tcp://host:port, or 'local')")
    p.add_argument("--cache", type=Path, help="cache folder (default: .timeline-cache beside the output)")
    p.add_argument("--no-cache", action="store_true", help="redo everything; read and write no cache")
    sub = p.add_subparsers(dest="command")
    d = sub.add_parser("dates", help="list the dates found in one article")
    d.add_argument("file", type=Path)
    d.add_argument("--dct", help="reference date YYYY-MM-DD (default: the article's own)")
    d.add_argument("--json", action="store_true", help="one JSON object per line")
    d.add_argument("--debug", action="store_true", default=argparse.SUPPRESS)
    return p


def load_config(args: argparse.Namespace) -> pipeline.Config:
    path: Path | None = args.config
    data: dict[str, Any] = {}
    if path is None:
        for name in pipeline.CONFIG_NAMES:
            if Path(name).is_file():
                path = Path(name)
                break
    if path is not None:
        if not path.is_file():
            raise TimelineError("config file not found", str(path))
        loaded = yamlio.load(path.read_text(encoding="utf-8-sig"), str(path))
        if loaded is not None and not isinstance(loaded, dict):
            raise TimelineError("config must be a YAML mapping", str(path), 1)
        data = loaded or {}
        for key in data:
            if key not in CONFIG_KEYS:
                line, col = yamlio.where(data, key)
                raise TimelineError(f"unknown config key {key!r} (known: {', '.join(CONFIG_KEYS)})",
                                    str(path), line, col)
    base = path.parent if path is not None else Path(".")

    def folder(key: str, flag: Path | None, default: str) -> Path:
        if flag is not None:
            return flag
        return base / str(data[key]) if data.get(key) else Path(default)

    src = folder("sources", args.sources, "seeds")
    if not src.is_dir():
        raise TimelineError("sources folder not found", str(src))
    about = str(data.get("about") or "")
    about_path = src / about if about.endswith(".md") else None
    return pipeline.Config(
        sources=src,
        out=folder("out", args.out, "_site"),
        title=str(data.get("title") or "Timeline"),
        description=str(data.get("description") or ""),
        base_url=str(args.base_url if args.base_url is not None else data.get("base_url") or ""),
        about=about_path.read_text(encoding="utf-8") if about_path and about_path.is_file() else about,
        templates=base / str(data["templates"]) if data.get("templates") else None,
        config_path=path,
        jobs=args.jobs,
        scheduler=args.scheduler,
        cache=args.cache,
        use_cache=not args.no_cache,
    )


def cmd_dates(args: argparse.Namespace) -> int:
    path: Path = args.file
    if not path.is_file():
        raise TimelineError("file not found", str(path))
    sid = sources.id_for(path)
    # The article's own metadata: the metadata YAML beside it, as a build would read it.
    docs = pipeline.yaml_documents(path.parent, set())
    meta = sources.metadata_from_yaml(docs)
    src = sources.read_source(path, path.as_posix(), sid, meta.get(sid))
    try:
        dct = dt.date.fromisoformat(args.dct) if args.dct else None
    except ValueError:
        raise TimelineError(f"--dct {args.dct!r} is not a date (YYYY-MM-DD)") from None
    if dct is None and src.published is None:
        known = sorted(sources.parse_date(m.fields["published"], m.path, m.line, "published")
                       for m in meta.values() if m.fields.get("published"))
        median = known[(len(known) - 1) // 2] if known else None
        day, how = sources.infer_publication(src, median)
        print(f"note: {path}: publication date inferred as {day}: {how}", file=sys.stderr)
        dct = day
    elif dct is None:
        dct = src.published
    for e in dates.extract(src.text, dct, src.sentences):
        start, end = src.raw_offset(e.start), src.raw_end(e.end)
        if args.json:
            print(json.dumps({
                "start": start, "end": end, "text": e.text,
                "value": e.value.iso() if e.value else None,
                "precision": e.value.precision if e.value else None,
                "end_value": e.range_end.iso() if e.range_end else None,
                "kind": e.kind, "rule": e.rule, "how": e.how, "timex": e.timex,
            }, ensure_ascii=False, sort_keys=True))
        else:
            value = e.value.iso() if e.value else "?"
            print(f"{start:>6}-{end:<6} {value:<12} {e.text!r}  ({e.how})")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "dates":
            return cmd_dates(args)
        config = load_config(args)
        report = pipeline.build(config)
        for note in report.notes:
            print(f"note: {note}")
        for w in report.warnings:
            print(f"warning: {w}", file=sys.stderr)
        done = "up to date" if report.up_to_date else "built"
        print(f"{done} {config.out}/ ({report.files} files): {report.summary()}")
        return 0
    except TimelineError as e:
        if args.debug:
            raise
        print(f"error: {e}" if "\n" not in str(e) else "\n".join(f"error: {x}" for x in str(e).splitlines()),
              file=sys.stderr)
        return 1
    except BrokenPipeError:  # output piped into `head`: not an error
        sys.stderr.close()
        return 0
    except KeyboardInterrupt:
        print("error: interrupted; the previous site is unchanged", file=sys.stderr)
        return 130
    except Exception as e:  # a bug, not bad input: still one line unless --debug
        if args.debug:
            raise
        print(f"error: internal error ({type(e).__name__}: {e}); run with --debug for details",
              file=sys.stderr)
        return 2
