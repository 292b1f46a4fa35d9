"""What resolving a date phrase needs to know: the text, its sentences, the publication date
and the dates mentioned so far; and the calendar helpers every resolver shares (a safe day,
months added, the year chosen for a partial date, the bound a preposition makes).
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from .daterules import YEAR, Candidate
from .model import DateValue, Sentence
from .tense import Tense, tense_near

_SINCE_WORDS = ("since", "from")
_UNTIL_WORDS = ("until", "till", "through", "to", "before")


_SENTENCE_YEAR = re.compile(rf"(?<![\d$£€.,/])\b{YEAR}\b(?![\d%]|s\b|[.,]\d)")
_WORD_BEFORE = re.compile(r"([A-Za-z]+)[\s-]*$")


def word_before(text: str, pos: int) -> str:
    """The word before `pos`, lower-cased ("" if none is near)."""
    m = _WORD_BEFORE.search(text[max(0, pos - 30) : pos])
    return m.group(1).lower() if m else ""


# "from the close of trading Wednesday", "since the end of June": the preposition governs
# the edge of a period, and so the date.
PERIOD_EDGE = r"(?:the\s+(?:close|end|start|beginning|opening|open|middle)\s+of\s+(?:trading\s+|business\s+)?(?:on\s+)?)?"
_ROLE = re.compile(r"\b(since|after|before)\s+(?:the\s+)?" + PERIOD_EDGE + "$|"
                   r"\b(from|until|till|through|by|to)(?:\s+at\s+least)?\s+" + PERIOD_EDGE + "$|"
                   r"\b(compared\s+(?:with|to)|versus|vs\.?)\s+" + PERIOD_EDGE + "$")


def role_at(text: str, start: int) -> str:
    """The preposition that makes a date a bound: since, until, after, before, by.

    A comparison's base ("a 3 percent decrease from the close of trading Wednesday", "up
    from May", "compared with last year") is a "since": the date a change is measured
    from, not the date of what the statement reports.
    """
    before = text[max(0, start - 60) : start].lower()
    m = _ROLE.search(before)
    if not m:
        return ""
    if m.group(3):
        return "since"
    word = m.group(1) or m.group(2)
    if word == "by":
        return "by"
    if word in _SINCE_WORDS:
        return "since"
    if word in _UNTIL_WORDS:
        return "until"
    return word


# -- calendar helpers -------------------------------------------------------------------------
def safe_day(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def add_months(d: dt.date, n: int) -> tuple[int, int]:
    index = d.year * 12 + (d.month - 1) + n
    return index // 12, index % 12 + 1


def pick_year(
    candidates: Sequence[tuple[int, DateValue]], dct: dt.date, tense: Tense, role: str
) -> tuple[DateValue, str]:
    """Choose among the same partial date in neighbouring years."""
    if role == "by":
        tense = "unknown"  # a deadline: "returned by Jan. 14" is the nearest Jan. 14
    if role == "until" and tense == "past":
        tense, role = "unknown", ""  # "bought from Aug. 26 to Oct. 20": the nearest one
    if (role in ("since", "after") and tense != "future") or (tense == "past" and role != "until"):
        past = [c for c in candidates if c[1].first_day() <= dct]
        if past:
            return max(past, key=lambda c: c[1].first_day())[1], "latest before publication (past)"
    if tense == "future" or role == "until":
        future = [c for c in candidates if c[1].last_day() >= dct]
        if future:
            chosen = min(future, key=lambda c: c[1].first_day())[1]
            return chosen, "next from publication (" + ("until" if role == "until" else "future") + ")"

    def distance(v: DateValue) -> int:
        if v.first_day() <= dct <= v.last_day():
            return 0
        return min(abs((v.first_day() - dct).days), abs((v.last_day() - dct).days))

    chosen = min(candidates, key=lambda c: (distance(c[1]), c[1].first_day() > dct))[1]
    return chosen, "nearest to publication"


@dataclass
class Context:
    text: str
    dct: dt.date | None
    sentences: list[Sentence]
    sentence_starts: list[int]
    last_day: dt.date | None = None  # last day-precision date the text mentioned
    last_value: DateValue | None = None  # last date of any precision the text mentioned
    last_year: int | None = None  # the year of the last date the text mentioned
    last_quarter: tuple[int, int] | None = None  # (year, quarter) the text last mentioned
    last_was_quarter: bool = False  # was the last date mentioned a quarter?

    def sentence_at(self, pos: int) -> Sentence | None:
        i = bisect.bisect_right(self.sentence_starts, pos) - 1
        if i < 0:
            return None
        s = self.sentences[i]
        return s if s.start <= pos < s.end else None

    def tense(self, c: Candidate) -> Tense:
        s = self.sentence_at(c.start)
        if s is None:
            return "unknown"
        return tense_near(s.text, c.start - s.start, c.end - s.start)

    def sentence_year(self, c: Candidate) -> int | None:
        """An explicit year stated in the same sentence ("In 2022, on February 24, ...")."""
        s = self.sentence_at(c.start)
        if s is None:
            return None
        years = []
        for m in _SENTENCE_YEAR.finditer(s.text):
            pos = m.start() + s.start
            if c.start <= pos < c.end or role_at(self.text, pos) in ("since", "until", "after", "before"):
                continue
            # A year sets the scene for what follows it, in its own clause; after the date
            # it must be close.
            if c.start - 60 <= pos < c.start or c.end <= pos <= c.end + 30:
                years.append((abs(pos - c.start), int(m.group())))
        return min(years)[1] if years else None


Resolved = tuple[DateValue | None, str, str]  # value, how, kind
