"""Paragraphs and sentences with their offsets.

News text comes as one paragraph per line (copied from a page) or as blank-line separated
paragraphs (Markdown).  Both are handled the same way: every non-empty line is a paragraph,
and a paragraph is split into sentences at terminal punctuation that is not part of a known
abbreviation.  Offsets always index the text given, so quotes can be cut out of it exactly.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import pairwise

from .model import Sentence

# Abbreviations after which a full stop does not end a sentence (lower-cased, without dot).
ABBREVIATIONS = frozenset(
    ["mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "gen", "col", "lt", "sgt", "capt", "cmdr", "adm", "maj", "rep", "sen", "gov", "pres", "inc", "ltd", "co", "corp", "no", "vs", "etc", "al", "fig", "approx", "dept", "est", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun", "u.s", "u.k", "u.n", "e.g", "i.e", "a.m", "p.m", "mt", "ft", "ave", "blvd", "rev", "hon"]
)

_LINE = re.compile(r"[^\r\n]+")
# A candidate boundary: terminal punctuation, optional closing quotes/brackets, whitespace,
# then something that can start a sentence.
_BOUNDARY = re.compile(r"""(?<![.!?…])([.!?…]+)(["'”’)\]]*)(\s+)(?=["'“‘(\[]?[A-Z0-9])""")
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)$")


_BLOCK = re.compile(r"\S(?:.|\n(?![ \t]*(?:\r?\n|$)))*", re.M)
_END_OF_SENTENCE = re.compile(r"""[.!?…:"'”’)\]]\s*$""")


def hard_wrapped(text: str) -> bool:
    """Whether lines are wrapped inside paragraphs (e-mail style) rather than one per line.

    Wrapped text has blank lines between paragraphs and most of its lines end in the middle
    of a sentence, followed by another line of the same paragraph.
    """
    lines = text.splitlines()
    if len(lines) < 6 or not any(not ln.strip() for ln in lines):
        return False
    inner = [a for a, b in pairwise(lines) if a.strip() and b.strip()]
    if len(inner) < 4:
        return False
    cut = sum(1 for ln in inner if not _END_OF_SENTENCE.search(ln))
    return cut >= 0.6 * len(inner)


def paragraphs(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of every paragraph, whitespace trimmed.

    A paragraph is a line, or, in hard-wrapped text, a block of lines between blank lines.
    """
    pattern = _BLOCK if hard_wrapped(text) else _LINE
    for m in pattern.finditer(text):
        s, e = m.start(), m.end()
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            yield s, e


def _is_abbreviation(text: str, dot_at: int, par_start: int) -> bool:
    if text[dot_at] != ".":
        return False
    m = _WORD_BEFORE.search(text, max(par_start, dot_at - 12), dot_at)
    if not m:
        return False
    word = m.group(1).lower().rstrip(".")
    if word in ABBREVIATIONS:
        return True
    # Single capital initials ("J. R. R. Tolkien", "Bridget A. Brink").
    return len(word) == 1 and word.isalpha()


def split_sentences(text: str) -> list[Sentence]:
    """Sentences of `text` in order; each paragraph holds at least one."""
    out: list[Sentence] = []
    for p_index, (ps, pe) in enumerate(paragraphs(text)):
        start = ps
        for m in _BOUNDARY.finditer(text, ps, pe):
            if _is_abbreviation(text, m.start(1), ps):
                continue
            end = m.end(2)
            if end > start:
                out.append(Sentence(start, end, text[start:end], p_index))
            start = m.end(3)
        if pe > start:
            out.append(Sentence(start, pe, text[start:pe], p_index))
    return out


def shorten(text: str, words: int) -> str:
    """At most `words` words of `text`, ending with an ellipsis when cut."""
    parts = text.split()
    if len(parts) <= words:
        return " ".join(parts)
    return " ".join(parts[:words]).rstrip(",;:—–-") + "…"
