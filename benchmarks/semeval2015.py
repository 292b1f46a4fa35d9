"""Cross-document merging on SemEval-2015 Task 4 (TimeLine), corpora 1-3.

    python benchmarks/semeval2015.py [DATA] [--corpora 1,2,3] [--json] [--errors N]

DATA is the task's folder (default: ../shared/data/semeval2015-task4 next to the repo).  For
each corpus, the 30 articles (rebuilt from their token files, see `semeval_data`) go through
the whole pipeline as a folder of sources would (sources -> dates -> events -> merge,
`pipeline.gather`), each with its DCT as publication date, and the result is scored
against the gold timelines:

- anchoring: of the gold events with a known date (not XXXX-XX-XX), the share of which at
  least one mention's sentence is quoted by one of our events whose date lies inside the
  gold date ("2008-03-XX" is met by 2008-03 or 2008-03-05, not by 2008);
- B-cubed precision, recall and F1 over the gold mentions we placed (whose sentence one of
  our events quotes): extended B-cubed (Amigo et al. 2009) over the dated statements that
  hold them, our events as clusters, the gold events as classes.  A statement holding
  mentions of two gold events is in both, so merging it with a report of either is right.
  Plain B-cubed over the mentions themselves is printed too ("mention F1",
  `b3_f1_mentions`): there every sentence that holds two gold events counts against any
  merge, so that even merging exactly as the gold does scores below not merging;
- events per article: our events over the articles, so that a merge that swallows
  everything, or splits everything, shows.

Two baselines use the same dated statements: `per_sentence` (one event per dated sentence,
no merging) and `per_date` (one event per date value, everything on a date merged).  A
reference row, `oracle`, merges the dated statements exactly as the gold does: the most any
merging of these statements can reach.  `--errors N` lists our wrong and missed merges.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # for `timeline` when run as a script

from semeval_data import Article, GoldEvent, GoldMention, locate, read_articles, read_gold  # noqa: E402

from timeline import dates, events, goldscore, pipeline  # noqa: E402
from timeline.model import DateValue, Mention  # noqa: E402

# ../shared/data next to the project (from a worktree one level deeper, the nearest one up).
DEFAULT_DATA = next((p / "shared" / "data" / "semeval2015-task4" for p in ROOT.parents
                     if (p / "shared" / "data" / "semeval2015-task4").is_dir()),
                    ROOT.parent / "shared" / "data" / "semeval2015-task4")
SYSTEMS = ("ours", "per_sentence", "per_date")
LABELS = {"ours": "ours", "per_sentence": "one event per dated sentence",
          "per_date": "one event per date", "oracle": "(gold merges, for reference)"}

# --------------------------------------------------------------------------------------------
# Systems: each is a list of events, a date and the (source, start, end) quotes it holds


@dataclass(frozen=True)
class SysEvent:
    date: DateValue
    quotes: tuple[tuple[str, int, int], ...]
    why: tuple[str, ...] = ()


def write_folder(articles: Sequence[Article], folder: Path) -> None:
    """The articles as a folder of sources: one .txt each, titles and dates in sources.yaml."""
    meta: dict[str, Any] = {}
    for a in articles:
        (folder / f"{a.doc_id}.txt").write_text(a.text, encoding="utf-8")
        meta[a.doc_id] = {"title": a.text.split("\n", 1)[0], "published": a.dct.isoformat()}
    (folder / "sources.yaml").write_text(yaml.safe_dump({"sources": meta}, sort_keys=True),
                                         encoding="utf-8")


def dated_statements(config: pipeline.Config) -> list[Mention]:
    """The mentions the pipeline merges, found as `pipeline.gather` finds them."""
    report = pipeline.Report()
    docs = pipeline.yaml_documents(config.sources, set())
    out: list[Mention] = []
    for s in pipeline.read_sources(config, docs, report):
        out.extend(events.mentions_of(s, dates.extract(s.text, s.published, s.sentences)))
    return out


def run_systems(articles: Sequence[Article]) -> tuple[dict[str, list[SysEvent]], float]:
    with tempfile.TemporaryDirectory(prefix="semeval2015-") as tmp:
        folder = Path(tmp)
        write_folder(articles, folder)
        config = pipeline.Config(sources=folder, out=folder / "_site")
        started = time.perf_counter()
        timeline, _ = pipeline.gather(config)
        seconds = time.perf_counter() - started
        mentions = dated_statements(config)
    ours = [SysEvent(e.date, tuple((r.source, r.start, r.end) for r in e.sources), e.why)
            for e in timeline.events if e.origin == "extracted"]
    in_ours = sorted(m for e in timeline.events for m in e.mentions)
    if in_ours != sorted(m.id for m in mentions):
        raise AssertionError("our events do not hold every dated statement exactly once")
    per_sentence = [SysEvent(m.date, ((m.source, m.ref.start, m.ref.end),)) for m in mentions]
    by_date: dict[DateValue, list[Mention]] = defaultdict(list)
    for m in mentions:
        by_date[m.date].append(m)
    per_date = [SysEvent(d, tuple((m.source, m.ref.start, m.ref.end) for m in ms))
                for d, ms in sorted(by_date.items())]
    return {"ours": ours, "per_sentence": per_sentence, "per_date": per_date}, seconds


# --------------------------------------------------------------------------------------------
# Scoring


@dataclass
class Scores:
    anchoring: float
    anchored: int
    dated_gold: int
    b3_precision: float
    b3_recall: float
    b3_f1: float
    mention_f1: float  # plain B-cubed over mentions: pairs inside one sentence count too
    placed: int  # gold mentions placed
    statements: int  # sentences holding them
    events: int
    events_per_article: float

    def figures(self) -> dict[str, float]:
        return {"anchoring": round(self.anchoring, 4), "b3_precision": round(self.b3_precision, 4),
                "b3_recall": round(self.b3_recall, 4), "b3_f1": round(self.b3_f1, 4),
                "events_per_article": round(self.events_per_article, 3),
                "b3_f1_mentions": round(self.mention_f1, 4)}


def place(system: Sequence[SysEvent], token_of: dict[GoldMention, tuple[str, int]]) -> dict[GoldMention, int]:
    """Gold mention -> index of the event that quotes its token (mentions not quoted: absent)."""
    quotes: dict[str, list[tuple[int, int, int]]] = defaultdict(list)
    for i, e in enumerate(system):
        for source, start, end in e.quotes:
            quotes[source].append((start, end, i))
    out: dict[GoldMention, int] = {}
    for m, (doc, at) in token_of.items():
        hits = sorted(i for start, end, i in quotes.get(doc, []) if start <= at < end)
        if hits:
            out[m] = hits[0]
    return out


def score(system: Sequence[SysEvent], gold: Sequence[GoldEvent],
          token_of: dict[GoldMention, tuple[str, int]], articles: int) -> Scores:
    """Anchoring, B-cubed and timeline size of one system's events (see the module doc)."""
    placed = place(system, token_of)
    dated = [g for g in gold if g.date is not None]
    anchored = 0
    for g in dated:
        assert g.date is not None
        if any(m in placed and g.date.contains(system[placed[m]].date) for m in g.mentions):
            anchored += 1
    gold_of = {m: i for i, g in enumerate(gold) for m in g.mentions}
    # A statement is the unit we place: its gold events are those of its placed mentions.
    ours: dict[tuple[str, int], set[int]] = defaultdict(set)
    theirs: dict[tuple[str, int], set[int]] = defaultdict(set)
    for m, i in placed.items():
        ours[m.doc, m.sentence].add(i)
        theirs[m.doc, m.sentence].add(gold_of[m])
    p, r, f = goldscore.b_cubed(ours, theirs)
    _, _, mention_f = goldscore.b_cubed({m: {i} for m, i in placed.items()},
                                        {m: {gold_of[m]} for m in placed})
    return Scores(
        anchoring=anchored / len(dated) if dated else 0.0, anchored=anchored, dated_gold=len(dated),
        b3_precision=p, b3_recall=r, b3_f1=f, mention_f1=mention_f, placed=len(placed),
        statements=len(ours), events=len(system),
        events_per_article=len(system) / articles if articles else 0.0)


def oracle(per_sentence: Sequence[SysEvent], gold: Sequence[GoldEvent],
           token_of: dict[GoldMention, tuple[str, int]]) -> list[SysEvent]:
    """A reference, not a system: dated statements merged exactly when the gold puts
    mentions of theirs on one event, each dated by its most precise statement."""
    placed = place(per_sentence, token_of)
    parent = list(range(len(per_sentence)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for g in gold:
        held = sorted({placed[m] for m in g.mentions if m in placed})
        for i in held[1:]:
            parent[find(i)] = find(held[0])
    groups: dict[int, list[SysEvent]] = defaultdict(list)
    for i, e in enumerate(per_sentence):
        groups[find(i)].append(e)
    return [SysEvent(min((e.date for e in es), key=lambda d: (d.span_days(), d.first_day())),
                     tuple(q for e in es for q in e.quotes))
            for _, es in sorted(groups.items())]


Key = tuple[str, int]  # a gold sentence: document, sentence number


@dataclass
class CorpusResult:
    name: str
    articles: int
    gold_mentions: int
    gold_events: int
    unmapped: list[GoldMention]
    scores: dict[str, Scores]
    seconds: float
    systems: dict[str, list[SysEvent]]
    gold: list[GoldEvent]
    token_of: dict[GoldMention, tuple[str, int]]
    articles_by_id: dict[str, Article]


def run_corpus(corpus: Path) -> CorpusResult:
    articles = read_articles(corpus)
    by_id = {a.doc_id: a for a in articles}
    gold = read_gold(corpus)
    mentions = sorted({m for g in gold for m in g.mentions}, key=str)
    token_of: dict[GoldMention, tuple[str, int]] = {}
    unmapped = []
    for m in mentions:
        tok = locate(m, by_id)
        if tok is None:
            unmapped.append(m)
        else:
            token_of[m] = (m.doc, tok.start)
    systems, seconds = run_systems(articles)
    systems["oracle"] = oracle(systems["per_sentence"], gold, token_of)
    scores = {name: score(systems[name], gold, token_of, len(articles)) for name in systems}
    return CorpusResult(corpus.name, len(articles), len(mentions), len(gold), unmapped, scores,
                        seconds, systems, gold, token_of, by_id)


# --------------------------------------------------------------------------------------------
# Output


def merge_errors(system: Sequence[SysEvent], gold: Sequence[GoldEvent],
                 token_of: dict[GoldMention, tuple[str, int]]) -> tuple[list[tuple[int, Key, Key]], list[tuple[Key, Key]]]:
    """Statement pairs merged though no gold event holds both (with the event), and pairs
    a gold event holds that the system keeps apart."""
    placed = place(system, token_of)
    gold_of = {m: i for i, g in enumerate(gold) for m in g.mentions}
    golds: dict[Key, set[int]] = defaultdict(set)
    event: dict[Key, int] = {}
    for m, i in placed.items():
        golds[m.doc, m.sentence].add(gold_of[m])
        event[m.doc, m.sentence] = i
    keys = sorted(golds)
    wrong, missed = [], []
    for n, a in enumerate(keys):
        for b in keys[n + 1 :]:
            shared = golds[a] & golds[b]
            if event[a] == event[b] and not shared:
                wrong.append((event[a], a, b))
            elif shared and event[a] != event[b]:
                missed.append((a, b))
    return wrong, missed


def print_errors(r: CorpusResult, limit: int) -> None:
    def said(k: Key) -> str:
        art = r.articles_by_id[k[0]]
        toks = art.sentence_tokens(k[1])
        return f"{k[0]}-{k[1]}: {art.text[toks[0].start : toks[-1].end][:110]}"

    ours = r.systems["ours"]
    wrong, missed = merge_errors(ours, r.gold, r.token_of)
    print(f"  ours: {len(wrong)} statement pairs merged that no gold event joins, {len(missed)} "
          "pairs a gold event joins kept apart" + (f" (first {limit} of each)" if limit else ""))
    for i, a, b in wrong[:limit]:
        print(f"    merged {ours[i].date.iso()}: {said(a)}\n{'':11}{said(b)}")
        for why in ours[i].why:
            print(f"{'':11}why: {why[:160]}")
    placed = place(ours, r.token_of)
    at = {(m.doc, m.sentence): ours[i].date.iso() for m, i in placed.items()}
    for a, b in missed[:limit]:
        print(f"    apart  {at[a]} / {at[b]}: {said(a)}\n{'':11}{said(b)}")


def print_corpus(r: CorpusResult) -> None:
    o = r.scores["ours"]
    print(f"{r.name}: {r.articles} articles, {r.gold_events} gold events ({o.dated_gold} with a "
          f"known date), {r.gold_mentions} gold mentions, {len(r.unmapped)} not mapped to a "
          "token" + (": " + ", ".join(map(str, r.unmapped)) if r.unmapped else "")
          + f"; {o.placed} mentions placed, in {o.statements} dated statements")
    print(f"  {'system':<30}{'anchoring':>15}{'B3 P':>8}{'B3 R':>8}{'B3 F1':>8}"
          f"{'ours ÷':>8}{'mention F1':>12}{'events/article':>16}")
    for name in (*SYSTEMS, "oracle"):
        s = r.scores[name]
        ratio = f"{o.b3_f1 / s.b3_f1:.3f}" if s.b3_f1 else "—"
        print(f"  {LABELS[name]:<30}{s.anchoring:>7.3f} {s.anchored:>3}/{s.dated_gold:<3}"
              f"{s.b3_precision:>8.3f}{s.b3_recall:>8.3f}{s.b3_f1:>8.3f}{ratio:>8}"
              f"{s.mention_f1:>12.3f}{s.events_per_article:>16.2f}")
    print(f"  (ours: whole pipeline {r.seconds:.2f} s for {r.articles} articles)")


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    ap.add_argument("data", nargs="?", default=str(DEFAULT_DATA),
                    help="the SemEval-2015 Task 4 folder (default: %(default)s)")
    ap.add_argument("--corpora", default="1,2,3", help="which corpora (default: %(default)s)")
    ap.add_argument("--json", action="store_true", help="print a JSON summary as the last line")
    ap.add_argument("--errors", type=int, default=0, metavar="N",
                    help="list up to N of our wrong and missed merges per corpus")
    args = ap.parse_args(argv)
    data = Path(args.data)
    corpora = [data / f"corpus_{n.strip()}" for n in args.corpora.split(",") if n.strip()]
    missing = [str(c) for c in corpora if not c.is_dir()]
    if missing:
        ap.error(f"not a folder: {', '.join(missing)}")

    print(f"SemEval-2015 Task 4 cross-document merging, from {data}")
    print("anchoring: gold events with a known date of which one mention's sentence is in an "
          "event of ours dated inside the gold date.\nB3: extended B-cubed over the dated "
          "statements holding gold mentions we placed; a statement is in the gold events of its "
          "mentions (all of them).\nmention F1: plain B-cubed over the placed mentions, where "
          "two events in one sentence count against every system.\nours ÷: our B3 F1 over the "
          "row's.")
    results = []
    for corpus in corpora:
        print(f"running {corpus.name} ...", file=sys.stderr, flush=True)
        results.append(run_corpus(corpus))
        print()
        print_corpus(results[-1])
        if args.errors:
            print_errors(results[-1], args.errors)
    if args.json:
        summary = {r.name: {name: r.scores[name].figures() for name in (*SYSTEMS, "oracle")}
                   for r in results}
        print(json.dumps(summary, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
