"""Build speed at every size: cold, no-op, one article changed, one YAML edit; peak memory;
articles per second; and the dating stage beside dateparser's `search_dates`.

    PYTHONPATH=. python3 benchmarks/build.py [--sizes 10,1000,10000] [--json] [--keep DIR]

(`benchmarks/build.py` runs this module; it is named apart so that it is not a second
module called `build` beside the project's `build.py`.)

For each size a corpus is generated (`benchmarks/corpus.py`, seeded) into a temporary
folder, then `build.py` runs as a separate process, as a user would run it:

- cold: empty cache, no previous output;
- no-op: the same again, nothing changed;
- one changed: one article gains a dated sentence;
- YAML edit: the title of the hand-written event in `events.yaml` changes.

Each time is the wall time of the whole process (start-up included), run as Python runs
by default, keeping its compiled bytecode: an environment that sets PYTHONDONTWRITEBYTECODE
(this machine's does) is passed on without it, as a process that compiles the whole
package from source first is not what a user's rebuild costs (it adds 0.1 s to each; set
BENCH_KEEP_ENV=1 to measure with the environment as it is).  Peak memory is the
largest resident set of the build process or any of its worker processes (`os.wait4`).
`articles_per_s` is articles / cold seconds.  The dating stage is compared on the same
articles, in this one process, one core each: ours (`dates.extract` on the article's text
with its publication date) and `search_dates(text, languages=["en"],
settings={"RELATIVE_BASE": publication date})`, on an even sample of at most
`--sample` articles (search_dates is slow), in alternating order.  With `--json` the
last line is one JSON object (../shared/CONTRACTS.md).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import corpus

from timeline import dates, sources

ROOT = Path(__file__).resolve().parent.parent

TARGETS = "10,000: cold < 60 s, no-op < 1 s, one changed < 2 s; 100,000: peak < 2048 MiB; dating >= 10x search_dates"


@dataclass
class Row:
    articles: int
    cold_s: float
    noop_s: float
    one_changed_s: float
    yaml_edit_s: float
    peak_mib: float
    articles_per_s: float
    search_dates_articles_per_s: float
    extraction_articles_per_s: float  # ours, dating stage, same sample as search_dates
    sample: int  # articles in that sample
    events: int
    files: int


def _run_build(folder: Path, out: Path, config: Path) -> tuple[float, float, str]:
    """(seconds, peak MiB, last line of stdout) of one `build.py` process."""
    cmd = [sys.executable, str(ROOT / "build.py"), "--config", str(config),
           "--sources", str(folder), "--out", str(out)]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    if not os.environ.get("BENCH_KEEP_ENV"):
        env.pop("PYTHONDONTWRITEBYTECODE", None)
    started = time.perf_counter()
    with tempfile.TemporaryFile() as log, tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(cmd, stdout=log, stderr=err, env=env, cwd=folder.parent)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        log.seek(0)
        err.seek(0)
        text = log.read().decode()
        if proc.returncode != 0:
            raise SystemExit(f"build failed ({proc.returncode}): {err.read().decode()[-2000:]}")
    # ru_maxrss: KiB on Linux; the largest of the process and the children it waited for.
    return seconds, usage.ru_maxrss / 1024, text.strip().splitlines()[-1]


def _dating(folder: Path, sample: int) -> tuple[float, float, int]:
    """(ours, search_dates) articles per second on an even sample of the corpus."""
    paths = sources.discover(folder)
    step = max(1, len(paths) // sample)
    picked = paths[::step][:sample]
    texts: list[tuple[str, dt.date]] = []
    for p in picked:
        src = sources.read_source(p, p.as_posix(), p.stem, None)
        texts.append((src.text, src.published or dt.date(2024, 1, 1)))
    ours, peer = dating_speeds(texts)
    return ours, peer, len(texts)


def dating_speeds(texts: list[tuple[str, dt.date]]) -> tuple[float, float]:
    """(ours, search_dates) texts per second, each text through one then the other."""
    from dateparser.search import search_dates

    search_dates("warm up on May 5, 2024", languages=["en"])  # first-call set-up apart
    dates.extract("warm up on May 5, 2024", dt.date(2024, 5, 6))
    ours = peer = 0.0
    for text, published in texts:
        t0 = time.perf_counter()
        dates.extract(text, published)
        t1 = time.perf_counter()
        base = dt.datetime(published.year, published.month, published.day)
        search_dates(text, languages=["en"], settings={"RELATIVE_BASE": base})
        t2 = time.perf_counter()
        ours += t1 - t0
        peer += t2 - t1
    return len(texts) / ours, len(texts) / peer


def _count(line: str, word: str) -> int:
    """The number before `word` in the build's summary line."""
    found = re.search(rf"(\d+) {word}\b", line)
    return int(found.group(1)) if found else 0


def measure(n: int, work: Path, sample: int) -> Row:
    folder = work / f"corpus-{n}"
    corpus.write(folder, n)
    config = work / f"timeline-{n}.yaml"
    config.write_text(f"title: Benchmark, {n} articles\n", encoding="utf-8")
    out = work / f"site-{n}"
    cold, peak, line = _run_build(folder, out, config)
    noop, p2, _ = _run_build(folder, out, config)
    article = next(p for p in sorted(folder.rglob("*.md")))
    with article.open("a", encoding="utf-8") as f:
        f.write("\nOn March 3, 2021, the committee met again to review the plans.\n")
    one, p3, _ = _run_build(folder, out, config)
    events_yaml = folder / "events.yaml"
    text = events_yaml.read_text(encoding="utf-8")
    events_yaml.write_text(text.replace("are first proposed", "are proposed"), encoding="utf-8")
    yaml_edit, p4, _ = _run_build(folder, out, config)
    ours, peer, picked = _dating(folder, min(sample, n))
    return Row(n, cold, noop, one, yaml_edit, max(peak, p2, p3, p4), n / cold, peer, ours, picked,
               _count(line, "events"), _count(line, "files"))


def _table(rows: list[Row]) -> str:
    head = ("articles", "cold s", "no-op s", "1 changed s", "YAML edit s", "peak MiB",
            "build art/s", "dating art/s", "search_dates art/s", "dating ×", "build ×")
    lines = [" | ".join(head), " | ".join("---" for _ in head)]
    for r in rows:
        lines.append(" | ".join([
            f"{r.articles:,}", f"{r.cold_s:.2f}", f"{r.noop_s:.2f}", f"{r.one_changed_s:.2f}",
            f"{r.yaml_edit_s:.2f}", f"{r.peak_mib:.0f}", f"{r.articles_per_s:.0f}",
            f"{r.extraction_articles_per_s:.0f}", f"{r.search_dates_articles_per_s:.1f}",
            f"{r.extraction_articles_per_s / r.search_dates_articles_per_s:.0f}",
            f"{r.articles_per_s / r.search_dates_articles_per_s:.1f}"]))
    return "\n".join("| " + line + " |" for line in lines)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    p.add_argument("--sizes", default="10,1000,10000",
                   help="comma-separated article counts (e.g. 10,1000,10000,100000)")
    p.add_argument("--sample", type=int, default=200,
                   help="articles for the dating comparison with search_dates (default 200)")
    p.add_argument("--keep", type=Path, help="work in this folder and keep it (default: a temporary one)")
    p.add_argument("--json", action="store_true", help="end with one JSON object")
    args = p.parse_args(argv)
    sizes = [int(x.replace("_", "")) for x in args.sizes.split(",") if x.strip()]
    load = os.getloadavg()
    rows = []
    with tempfile.TemporaryDirectory(prefix="timeline-bench-") as tmp:
        work = args.keep or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        for n in sizes:
            rows.append(measure(n, work, args.sample))
            print(f"{n:,} articles done", file=sys.stderr)
    print(f"cores: {os.cpu_count()}, load average at start: {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}")
    print(_table(rows))
    print("dating ×: our dating stage / search_dates, articles per second on the same sample, "
          "one core each; build ×: whole cold build / search_dates alone.")
    print(f"targets: {TARGETS}")
    if args.json:
        print(json.dumps({"sizes": [asdict(r) for r in rows],
                          "cores": os.cpu_count(), "load_average": list(load)}, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
