"""The SemEval-2015 merging benchmark's parts (benchmarks/semeval2015.py, semeval_data.py)
and B-cubed."""

from __future__ import annotations

import datetime as dt
import importlib
import sys
from pathlib import Path
from typing import Any

import pytest

from timeline.goldscore import b_cubed
from timeline.model import DateValue

BENCH = Path(__file__).resolve().parents[1] / "benchmarks"
if str(BENCH) not in sys.path:
    sys.path.insert(0, str(BENCH))  # the benchmark scripts import each other as top-level
data: Any = importlib.import_module("semeval_data")
semeval: Any = importlib.import_module("semeval2015")


def test_b_cubed_of_bagga_and_baldwin() -> None:
    # Gold {1..5}, {6, 7}, {8..12}; the system joins the last two: P = 0.76, R = 1.
    gold = {i: {"A" if i <= 5 else "B" if i <= 7 else "C"} for i in range(1, 13)}
    system = {i: {"x" if i <= 5 else "y"} for i in range(1, 13)}
    p, r, f = b_cubed(system, gold)
    assert p == pytest.approx((5 + 2 * 2 / 7 + 5 * 5 / 7) / 12)
    assert r == 1.0
    assert f == pytest.approx(2 * p / (p + 1))


def test_b_cubed_of_singletons_and_of_one_cluster() -> None:
    gold = {1: {"A"}, 2: {"A"}, 3: {"B"}, 4: {"B"}}
    assert b_cubed({k: {k} for k in gold}, gold) == pytest.approx((1.0, 0.5, 2 / 3))
    assert b_cubed({k: {"all"} for k in gold}, gold) == pytest.approx((0.5, 1.0, 2 / 3))
    assert b_cubed({}, gold) == (0.0, 0.0, 0.0)


def test_extended_b_cubed_lets_a_statement_be_in_two_gold_events() -> None:
    # Statement 1 reports happenings A and B; 2 reports A; 3 reports B.
    gold = {1: {"A", "B"}, 2: {"A"}, 3: {"B"}}
    together_with_a = {1: {"x"}, 2: {"x"}, 3: {"y"}}
    p, r, _ = b_cubed(together_with_a, gold)
    assert p == 1.0  # joining 1 and 2 is right: they share A
    assert r < 1.0  # 1 and 3 also share B and are apart
    apart = {1: {"x"}, 2: {"y"}, 3: {"z"}}
    assert b_cubed(apart, gold)[1] < r
    wrong = {1: {"x"}, 2: {"y"}, 3: {"y"}}  # 2 and 3 share no happening
    assert b_cubed(wrong, gold)[0] < 1.0


def test_detokenise_joins_tokens_as_written_english() -> None:
    tokens = [(0, "Boeing"), (0, "wins"), (1, "It"), (1, "said"), (1, "``"), (1, "we"), (1, "won"),
              (1, "''"), (1, "the"), (1, "$"), (1, "40"), (1, "billion"), (1, "("), (1, "GB"),
              (1, ")"), (1, "deal"), (1, "it"), (1, "did"), (1, "n't"), (1, "lose"), (1, "'s"),
              (1, "."), (2, "Next"), (2, ".")]
    text, spans = data.detokenise(tokens)
    assert text == ("Boeing wins\nIt said “we won” the $40 billion (GB) deal it didn't lose's.\n"
                    "Next.\n")
    for (_, tok), (a, b) in zip(tokens, spans, strict=True):
        assert text[a:b] == {"``": "“", "''": "”"}.get(tok, tok)


def test_gold_dates_keep_their_precision() -> None:
    assert data.gold_date("2008-03-01") == DateValue.parse("2008-03-01")
    assert data.gold_date("2008-03-XX") == DateValue.parse("2008-03")
    assert data.gold_date("2004-XX-XX") == DateValue.parse("2004")
    assert data.gold_date("XXXX-XX-XX") is None


def test_dct_in_either_order() -> None:
    assert data.dct_date("2009-02-03") == dt.date(2009, 2, 3)
    assert data.dct_date("03-02-2009") == dt.date(2009, 2, 3)
    assert data.dct_date("PRESENT_REF") is None


def _article() -> Any:
    text, spans = data.detokenise([(0, "They"), (0, "let"), (0, "us"), (0, "down"), (0, "."),
                                      (1, "A"), (1, "test"), (1, "flight"), (1, ".")])
    tokens = tuple(data.Token(s, t, a, b) for (s, t), (a, b) in zip(
        [(0, "They"), (0, "let"), (0, "us"), (0, "down"), (0, "."), (1, "A"), (1, "test"),
         (1, "flight"), (1, ".")], spans, strict=True))
    return data.Article("7", dt.date(2009, 1, 1), text, tokens)


def test_locate_maps_words_and_multiword_mentions_to_tokens() -> None:
    arts = {"7": _article()}
    assert data.locate(data.GoldMention("7", 0, "let"), arts).text == "let"
    assert data.locate(data.GoldMention("7", 0, "let_down"), arts).text == "let"
    assert data.locate(data.GoldMention("7", 1, "test_flight"), arts).text == "test"
    assert data.locate(data.GoldMention("7", 1, "let"), arts) is None  # wrong sentence
    assert data.locate(data.GoldMention("8", 0, "let"), arts) is None  # no such document


def test_gold_lines_sharing_a_mention_are_one_event(tmp_path: Path) -> None:
    folder = tmp_path / "TimeLines_Gold_Standard"
    folder.mkdir()
    (folder / "a.txt").write_text("Airbus\n0\tXXXX-XX-XX\t1-2-said\n1\t2008-03-XX\t1-3-won\t2-4-won\n",
                                  encoding="utf-8")
    (folder / "b.txt").write_text("Boeing\n1\t2008-03-XX\t2-4-won\t3-5-lost\n", encoding="utf-8")
    events = data.read_gold(tmp_path)
    assert [(e.date.iso() if e.date else None, [str(m) for m in e.mentions]) for e in events] == [
        (None, ["1-2-said"]),
        ("2008-03", ["1-3-won", "2-4-won", "3-5-lost"]),
    ]


def test_score_places_mentions_by_quote_and_anchors_at_gold_precision() -> None:
    gold = [data.GoldEvent(DateValue.parse("2008-03"), (data.GoldMention("d", 0, "won"),
                                                           data.GoldMention("e", 0, "won"))),
            data.GoldEvent(None, (data.GoldMention("d", 1, "said"),))]
    token_of = {gold[0].mentions[0]: ("d", 5), gold[0].mentions[1]: ("e", 3),
                gold[1].mentions[0]: ("d", 40)}
    day = DateValue.parse("2008-03-05")
    merged = [semeval.SysEvent(day, (("d", 0, 20), ("e", 0, 10))), semeval.SysEvent(day, (("d", 30, 50),))]
    s = semeval.score(merged, gold, token_of, articles=2)
    assert (s.anchoring, s.b3_precision, s.b3_recall, s.events_per_article) == (1.0, 1.0, 1.0, 1.0)
    apart = [semeval.SysEvent(DateValue.parse("2008"), (("d", 0, 20),)),
             semeval.SysEvent(day, (("e", 0, 10),))]
    s = semeval.score(apart, gold, token_of, articles=2)
    assert s.anchoring == 1.0  # one mention at a date inside March 2008 is enough
    assert s.placed == 2 and s.b3_recall == 0.5
    coarse = [semeval.SysEvent(DateValue.parse("2008"), (("d", 0, 20), ("e", 0, 10)))]
    assert semeval.score(coarse, gold, token_of, articles=2).anchoring == 0.0


def _write_corpus(root: Path, articles: dict[str, tuple[str, list[str]]], gold: str) -> Path:
    """A SemEval-shaped corpus: CAT token files, TimeML files with the DCT, gold timelines."""
    for sub in ("corpus_trackB_CAT", "corpus_trackA_TimeML", "TimeLines_Gold_Standard"):
        (root / sub).mkdir(parents=True)
    for doc, (dct, sentences) in articles.items():
        tokens, n = [], 0
        for i, sentence in enumerate(sentences):
            for tok in sentence.split():
                n += 1
                tokens.append(f'<token number="{n - 1}" sentence="{i}" t_id="{n}">{tok}</token>')
        (root / "corpus_trackB_CAT" / f"{doc}_article.txt.xml").write_text(
            f'<?xml version="1.0" ?><Document doc_id="{doc}">\n' + "\n".join(tokens)
            + "\n<Markables></Markables>\n</Document>", encoding="utf-8")
        body = "".join(f'<s id="{i}">{s}</s>' for i, s in enumerate(sentences))
        (root / "corpus_trackA_TimeML" / f"{doc}_article.tml").write_text(
            f'<TimeML><DOCID>{doc}</DOCID><DCT><TIMEX3 tid="t0" type="DATE" value="{dct}">{dct}'
            f"</TIMEX3></DCT><TEXT>{body}</TEXT></TimeML>", encoding="utf-8")
    (root / "TimeLines_Gold_Standard" / "trump.txt").write_text(gold, encoding="utf-8")
    return root


def test_a_whole_corpus_run_scores_ours_and_both_baselines(tmp_path: Path) -> None:
    corpus = _write_corpus(tmp_path / "corpus_9", {
        "1": ("2025-05-20", ["Talks end", "May 20 , 2025",
                             "On May 19 , Trump spoke with Putin by phone for two hours .",
                             "Britain announced new sanctions against Russia on Tuesday ."]),
        "2": ("2025-05-20", ["Call held", "May 20 , 2025",
                             "Trump and Putin held a phone call on Monday .",
                             "Ukraine reported drone attacks on Odesa on Monday ."]),
    }, "Trump\n1\t2025-05-19\t1-2-spoke\t2-2-call\n2\t2025-05-20\t1-3-announced\n"
       "3\t2025-05-19\t2-3-reported\n4\tXXXX-XX-XX\t2-9-missing\n")
    r = semeval.run_corpus(corpus)
    assert [str(m) for m in r.unmapped] == ["2-9-missing"]
    ours, per_sentence, per_date = (r.scores[k] for k in ("ours", "per_sentence", "per_date"))
    assert (ours.b3_precision, ours.b3_recall, ours.anchoring) == (1.0, 1.0, 1.0)
    assert per_sentence.b3_precision == 1.0 and per_sentence.b3_recall < 1.0
    assert per_date.b3_precision < 1.0  # the call and the drone attacks, both on 19 May
    assert ours.events_per_article == 1.5 and per_sentence.events_per_article == 2.0
    assert ours.b3_f1 > max(per_sentence.b3_f1, per_date.b3_f1)
