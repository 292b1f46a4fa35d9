"""Command line: parse arguments, load config, call the package, map errors to exit codes."""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from . import __version__, config, pipeline, progress, sources
from .errors import TimelineError, ValidationErrors

T = TypeVar("T")

def _common(p: argparse.ArgumentParser, default: object) -> None:
    """Options every command takes, before or after the command's name."""
    def opt(*names: str, **kw: Any) -> None:
        p.add_argument(*names, default=default, **kw)
    opt("--debug", action="store_true", help="show tracebacks on errors")
    opt("--sources", type=Path, help="folder of articles and YAML (default: seeds)")
    opt("--out", type=Path, help="output folder (default: _site)")
    opt("--config", type=Path, help="config file (default: ./timeline.yaml if present)")
    opt("--base-url", help="public URL of the site, for canonical links")
    opt("--jobs", type=int, help="processes for reading articles (default: one per core)")
    opt("--scheduler", metavar="ADDRESS",
        help="run the per-article work on a Dask cluster (tcp://host:port, or 'local')")
    opt("--cache", type=Path, help="cache folder (default: .timeline-cache beside the output)")
    opt("--no-cache", action="store_true", help="redo everything; read and write no cache")


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="build.py",
        description="Build a static timeline site from a folder of articles.",
    )
    p.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    _common(p, None)
    p.set_defaults(debug=False)
    sub = p.add_subparsers(dest="command", metavar="COMMAND", title="commands (without one: build the site)")
    d = sub.add_parser("dates", help="list the dates found in one article")
    d.add_argument("file", type=Path)
    d.add_argument("--dct", help="reference date YYYY-MM-DD (default: the article's own)")
    d.add_argument("--json", action="store_true", help="one JSON object per line")
    d.add_argument("--debug", action="store_true", default=argparse.SUPPRESS)
    c = sub.add_parser("check", help="validate everything and list what to review; write nothing")
    c.add_argument("--strict", action="store_true", help="fail (exit 1) on any warning")
    _common(c, argparse.SUPPRESS)
    s = sub.add_parser("serve", help="build, serve on 127.0.0.1, rebuild and reload on change")
    s.add_argument("--port", type=int, default=8000, help="port (default: 8000; 0 = any free port)")
    _common(s, argparse.SUPPRESS)
    n = sub.add_parser("new", help="create a new project folder that builds as it is")
    n.add_argument("dir", type=Path)
    n.add_argument("--debug", action="store_true", default=argparse.SUPPRESS)
    return p


def load_config(args: argparse.Namespace) -> pipeline.Config:
    cfg = config.load(config.find(args.config), sources=args.sources, out=args.out,
                      base_url=args.base_url)
    return dataclasses.replace(cfg, jobs=args.jobs, scheduler=args.scheduler, cache=args.cache,
                               use_cache=not args.no_cache)


def cmd_dates(args: argparse.Namespace) -> int:
    from . import dates

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


def _with_bar(run: Callable[[progress.Bar], T]) -> T:
    """`run(bar)` with a progress bar on stderr, erased when it returns or fails."""
    bar = progress.Bar(sys.stderr)
    try:
        return run(bar)
    finally:
        bar.clear()


def cmd_build(args: argparse.Namespace) -> int:
    cfg = load_config(args)
    report = _with_bar(lambda bar: pipeline.build(cfg, bar))
    for note in report.notes:
        print(f"note: {one_line(note)}")
    for w in report.warnings:
        print(f"warning: {one_line(w)}", file=sys.stderr)
    done = "up to date" if report.up_to_date else "built"
    print(f"{done} {one_line(str(cfg.out))}/ ({report.files} files): {report.summary()}")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    cfg = load_config(args)
    from . import check  # each command imports what it alone needs

    result = _with_bar(lambda bar: check.run(cfg, bar))
    for f in result.findings:
        print(f"warning: {one_line(f.message)}")
    print(result.summary())
    if args.strict and result.findings:
        print(f"error: {len(result.findings)} warnings, and --strict makes warnings fail",
              file=sys.stderr)
        return 1
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    if not 0 <= args.port <= 65535:
        raise TimelineError(f"--port {args.port} is not a port (0 to 65535)")
    from . import serve

    return serve.Session(lambda: load_config(args), args.port, debug=args.debug).run()


def cmd_new(args: argparse.Namespace) -> int:
    from . import scaffold

    written = scaffold.create(args.dir)
    argv0 = sys.argv[0] if sys.argv[0].endswith(".py") else "timeline"
    runner = f"python {argv0}" if argv0.endswith(".py") else argv0
    print(f"created {args.dir}/ ({len(written)} files); build it with "
          f"`{runner} --config {args.dir / 'timeline.yaml'}`")
    return 0


COMMANDS = {None: cmd_build, "dates": cmd_dates, "check": cmd_check, "serve": cmd_serve, "new": cmd_new}


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except TimelineError as e:
        if args.debug:
            raise
        for problem in e.errors if isinstance(e, ValidationErrors) else [e]:
            print(f"error: {one_line(str(problem))}", file=sys.stderr)
        return 1
    except BrokenPipeError:  # output piped into `head`: not an error
        sys.stderr.close()
        return 0
    except OSError as e:  # disk full, no permission, a file where a folder should be
        if args.debug:
            raise
        where = f"{one_line(str(e.filename))}: " if e.filename else ""
        print(f"error: {where}{e.strerror or e}; the previous site is unchanged", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("error: interrupted; the previous site is unchanged", file=sys.stderr)
        return 130
    except Exception as e:  # a bug, not bad input: still one line unless --debug
        if args.debug:
            raise
        print(f"error: internal error ({type(e).__name__}: {one_line(str(e))}); "
              "run with --debug for details", file=sys.stderr)
        return 2


def one_line(text: str) -> str:
    """`text` with line breaks and other control characters escaped (a file may be called
    "a\\nb.txt"): every message stays one line."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)
