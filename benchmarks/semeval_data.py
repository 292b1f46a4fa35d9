"""SemEval-2015 Task 4 data: articles rebuilt from their token files, and gold timelines.

The TimeML files join sentences without a space ("record .Senator") and keep the
tokeniser's spaces ("$ 40 billion"), so each article is rebuilt from its token file in
`corpus_trackB_CAT/`: tokens are joined as written English (no space before "," or "'s",
none after "(" or "$", `` and '' become curly quotes), one gold sentence per line, the
headline first.  Token offsets map quotes back to the gold's sentence and word.  The DCT
comes from the TimeML file.

Gold timelines (`TimeLines_Gold_Standard/*.txt`): one per target entity, one line per
event, `ORDER<TAB>DATE<TAB>DOC-SENTENCE-WORD[<TAB>...]`.  A gold event is a line; a mention
on lines of two timelines joins them.

Pure standard library plus `timeline.model` and `timeml`, so tests can load it cheaply.
"""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import timeml

from timeline.model import DateValue

# --------------------------------------------------------------------------------------------
# Articles, rebuilt from their tokens

_NO_SPACE_BEFORE = re.compile(r"^(?:[,.;:!?%)\]}]|''|'s|'S|'|n't|'re|'ve|'ll|'d|'m|\.\.\.)$")
_NO_SPACE_AFTER = re.compile(r"^(?:[(\[{]|``|`|[A-Z]{0,2}\$)$")
_QUOTES = {"``": "“", "''": "”"}


@dataclass(frozen=True)
class Token:
    sentence: int
    text: str  # as the gold names it
    start: int  # offsets in Article.text
    end: int


@dataclass(frozen=True)
class Article:
    doc_id: str
    dct: dt.date
    text: str
    tokens: tuple[Token, ...]

    def sentence_tokens(self, n: int) -> list[Token]:
        return [t for t in self.tokens if t.sentence == n]


def detokenise(tokens: Sequence[tuple[int, str]]) -> tuple[str, list[tuple[int, int]]]:
    """Text for (sentence, token) pairs, one sentence per line, and each token's span."""
    parts: list[str] = []
    spans: list[tuple[int, int]] = []
    length = 0
    prev: tuple[int, str] | None = None
    for sentence, tok in tokens:
        shown = _QUOTES.get(tok, tok)
        if prev is not None:
            if prev[0] != sentence:
                sep = "\n"
            elif _NO_SPACE_BEFORE.match(tok) or _NO_SPACE_AFTER.match(prev[1]):
                sep = ""
            else:
                sep = " "
            parts.append(sep)
            length += len(sep)
        spans.append((length, length + len(shown)))
        parts.append(shown)
        length += len(shown)
        prev = (sentence, tok)
    return "".join(parts) + "\n", spans


def read_article(cat: Path, tml: Path) -> Article:
    root = ET.parse(cat).getroot()
    doc_id = root.get("doc_id") or cat.name.split("_", 1)[0]
    pairs = [(int(t.get("sentence", "0")), t.text or "") for t in root.iter("token")]
    text, spans = detokenise(pairs)
    dct = dct_date(timeml.read_timeml(tml).dct or "")
    if dct is None:
        raise ValueError(f"{tml}: no DCT")
    tokens = tuple(Token(s, tok, a, b) for (s, tok), (a, b) in zip(pairs, spans, strict=True))
    return Article(doc_id, dct, text, tokens)


def dct_date(value: str) -> dt.date | None:
    """A DCT's day: YYYY-MM-DD, or DD-MM-YYYY as one file of corpus 2 writes it."""
    m = re.match(r"(\d{4})-(\d{2})-(\d{2})|(\d{2})-(\d{2})-(\d{4})$", value.strip())
    if m is None:
        return None
    y, mo, d = (m[1], m[2], m[3]) if m[1] else (m[6], m[5], m[4])
    try:
        return dt.date(int(y), int(mo), int(d))
    except ValueError:
        return None


def read_articles(corpus: Path) -> list[Article]:
    tmls = {p.name.split("_", 1)[0]: p for p in (corpus / "corpus_trackA_TimeML").glob("*.tml")}
    out = []
    for cat in sorted((corpus / "corpus_trackB_CAT").glob("*.xml")):
        doc = cat.name.split("_", 1)[0]
        if doc not in tmls:
            raise ValueError(f"{cat}: no TimeML file for document {doc}")
        out.append(read_article(cat, tmls[doc]))
    return out


# --------------------------------------------------------------------------------------------
# Gold timelines


@dataclass(frozen=True)
class GoldMention:
    doc: str
    sentence: int
    word: str

    def __str__(self) -> str:
        return f"{self.doc}-{self.sentence}-{self.word}"


@dataclass(frozen=True)
class GoldEvent:
    date: DateValue | None  # None: XXXX-XX-XX
    mentions: tuple[GoldMention, ...]


def gold_date(value: str) -> DateValue | None:
    """'2008-03-XX' -> 2008-03; 'XXXX-XX-XX' -> None."""
    known = [p for p in value.strip().split("-") if p and "X" not in p]
    try:
        return DateValue.parse("-".join(known[:3])) if known else None
    except ValueError:
        return None


def read_gold(corpus: Path) -> list[GoldEvent]:
    """Gold events: lines of the timelines; a mention on two lines makes them one event."""
    lines: list[tuple[DateValue | None, list[GoldMention]]] = []
    for path in sorted((corpus / "TimeLines_Gold_Standard").glob("*.txt")):
        for raw in path.read_text(encoding="utf-8").splitlines()[1:]:  # first line: entity
            fields = raw.rstrip("\n").split("\t")
            if len(fields) < 3:
                continue
            ms = []
            for f in fields[2:]:
                doc, sentence, word = f.split("-", 2)
                ms.append(GoldMention(doc, int(sentence), word))
            lines.append((gold_date(fields[1]), ms))
    parent: dict[GoldMention, GoldMention] = {}

    def find(x: GoldMention) -> GoldMention:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for _, ms in lines:
        for m in ms[1:]:
            a, b = find(ms[0]), find(m)
            if a != b:
                parent[max(a, b, key=str)] = min(a, b, key=str)
        find(ms[0])
    members: dict[GoldMention, set[GoldMention]] = defaultdict(set)
    dated: dict[GoldMention, list[DateValue]] = defaultdict(list)
    for date, ms in lines:
        root = find(ms[0])
        members[root].update(ms)
        if date is not None:
            dated[root].append(date)
    out = []
    for root in sorted(members, key=str):
        ds = dated.get(root, [])
        # Lines of one event agree on the date; where they do not, the most precise one.
        date = min(ds, key=lambda d: (d.span_days(), d.first_day())) if ds else None
        out.append(GoldEvent(date, tuple(sorted(members[root], key=str))))
    return out


def locate(m: GoldMention, articles: dict[str, Article]) -> Token | None:
    """The token a gold mention names: the first token of its sentence with its word.  A
    multi-word mention ("test_flight", "let_down") names its words in order, not
    necessarily adjacent ("let them down"); its first word's token is returned."""
    art = articles.get(m.doc)
    if art is None:
        return None
    toks = art.sentence_tokens(m.sentence)
    first, *rest = m.word.split("_")
    for i, t in enumerate(toks):
        if t.text != first:
            continue
        later = iter(toks[i + 1 :])
        if all(any(u.text == w for u in later) for w in rest):
            return t
    return None
