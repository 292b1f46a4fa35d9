"""Speed of our date extraction against dateparser's `search_dates`, measured in one run.

    PYTHONPATH=. python3 benchmarks/datespeed.py [--articles 1000] [--sample 200]
        [--repeat 3] [--profile] [--rules] [--dump FILE]

Times `timeline.dates.extract` over every article of a generated corpus (`benchmarks/corpus.py`,
seeded), then both systems on an even sample of it, as `buildtimes._dating` does, and prints
the ratio.  `--profile` adds a cProfile of our pass; `--rules` the time each rule's pattern
takes; `--dump FILE` writes the repr of every result (corpus, seeds/, TempEval-3 documents and
the coverage sentences), so that a change meant to be faster only can be checked to change
nothing (compare two dumps with `cmp`).
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import pstats
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT))

import buildtimes  # noqa: E402
import corpus  # noqa: E402

from timeline import daterules, dates, sources  # noqa: E402

TEMPEVAL = ROOT.parent / "shared" / "data" / "tempeval3"
Text = tuple[str, str, dt.date | None]  # name, text, publication date


def corpus_texts(n: int) -> list[Text]:
    with tempfile.TemporaryDirectory(prefix="datespeed-") as tmp:
        folder = Path(tmp)
        corpus.write(folder, n)
        out: list[Text] = []
        for p in sources.discover(folder):
            src = sources.read_source(p, p.as_posix(), p.stem, None)
            out.append((p.relative_to(folder).as_posix(), src.text,
                        src.published or dt.date(2024, 1, 1)))
        return out


def other_texts() -> Iterator[Text]:
    """seeds/, the coverage sentences and the TempEval-3 documents, for the dump."""
    for p in sorted((ROOT / "seeds").glob("*.txt")):
        src = sources.read_source(p, p.as_posix(), p.stem, None)
        yield f"seeds/{p.name}", src.text, src.published
        yield f"seeds/{p.name} (no date)", src.text, None
    import tempeval_coverage
    import timeml

    for d in tempeval_coverage.documents():
        yield f"coverage/{d.doc_id}", d.text, d.dct_date()
    for sub in ("platinum", "timebank", "aquaint"):
        folder = TEMPEVAL / sub
        if folder.is_dir():
            for d in timeml.read_folder(folder):
                yield f"{sub}/{d.doc_id}", d.text, d.dct_date()


def dump(path: Path, texts: list[Text]) -> None:
    with path.open("w", encoding="utf-8") as f:
        for name, text, published in [*texts, *other_texts()]:
            f.write(f"== {name} {published}\n")
            for e in dates.extract(text, published):
                f.write(repr(e) + "\n")


def ours_seconds(texts: list[Text]) -> float:
    t0 = time.perf_counter()
    for _, text, published in texts:
        dates.extract(text, published)
    return time.perf_counter() - t0


def ratio(texts: list[Text], sample: int) -> tuple[float, float]:
    """(ours, search_dates) articles per second on an even sample, as `buildtimes._dating`."""
    picked = texts[:: max(1, len(texts) // sample)][:sample]
    dated = [(text, published) for _, text, published in picked if published is not None]
    assert len(dated) == len(picked)
    return buildtimes.dating_speeds(dated)


def rule_times(texts: list[Text]) -> None:
    """Each rule timed alone over the windows it runs in (its guard included)."""
    totals: dict[str, float] = {}
    for _, text, _ in texts:
        low = daterules._lowered(text)
        windows = daterules._windows(text, low)
        for name, rx in daterules._COMPILED:
            spans = daterules._spans_of(windows, daterules._KINDS_OF_RULE[name])
            t0 = time.perf_counter()
            daterules.rule_matches(name, rx, text, low, spans)
            totals[name] = totals.get(name, 0.0) + time.perf_counter() - t0
    for name, s in sorted(totals.items(), key=lambda kv: -kv[1]):
        print(f"  {name:16} {s:7.3f} s")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    p.add_argument("--articles", type=int, default=1000)
    p.add_argument("--sample", type=int, default=200)
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--profile", action="store_true")
    p.add_argument("--rules", action="store_true")
    p.add_argument("--dump", type=Path)
    args = p.parse_args(argv)
    texts = corpus_texts(args.articles)
    dates.extract("warm up on May 5, 2024", dt.date(2024, 5, 6))
    if args.dump:
        dump(args.dump, texts)
        print(f"dump written to {args.dump}")
    if args.profile:
        prof = cProfile.Profile()
        prof.enable()
        ours_seconds(texts)
        prof.disable()
        pstats.Stats(prof).sort_stats("tottime").print_stats(25)
    if args.rules:
        rule_times(texts)
    if args.repeat:
        from dateparser.search import search_dates

        search_dates("warm up on May 5, 2024", languages=["en"])
    for i in range(args.repeat):
        secs = ours_seconds(texts)
        ours, peer = ratio(texts, args.sample)
        print(f"run {i + 1}: extract over {len(texts)} articles {secs:.3f} s "
              f"({len(texts) / secs:.0f} art/s); sample of {args.sample}: ours {ours:.0f} art/s, "
              f"search_dates {peer:.1f} art/s, ratio {ours / peer:.1f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
