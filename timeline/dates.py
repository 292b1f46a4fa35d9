"""Temporal expressions: find them in text and resolve them against a reference date.

Two steps, as in HeidelTime: patterns find candidate phrases (longest match wins), then each
is normalised to a calendar value.  Absolute dates carry their own value; partial ones
("May 16", "in February", "on Monday") take the year or week from the publication date and
the tense of their clause; anaphoric ones ("a day earlier") take it from the last date the
text mentioned.  Numeric and dateline formats are normalised by dateparser, the library of
record for date strings; the search around it is ours, because `search_dates` both misses
and invents dates in running prose (see its issue tracker: "may" the verb, "24 hours").
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from .model import DateValue, Sentence, TimeExpr
from .tense import Tense, tense_near
from .text import split_sentences

MONTHS = {
    name: i + 1
    for i, names in enumerate(
        [
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
            ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
            ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
            ("december", "dec"),
        ]
    )
    for name in names
}
WEEKDAYS = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
    "sunday": 6,
}
NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "a couple of": 2, "couple of": 2,
}
SEASONS = {"spring": 21, "summer": 22, "autumn": 23, "fall": 23, "winter": 24}
TIMEX_SEASON = {21: "SP", 22: "SU", 23: "FA", 24: "WI"}
ORDINALS = {
    "first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4,
    "4th": 4, "final": 4, "last": 4,
}

_MONTH_FULL = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December)"
)
_MONTH_ANY = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept\.?|Sep\.?|Oct\.?|"
    r"Nov\.?|Dec\.?)"
)
_MONTH_CI = (
    r"(?:[Jj]anuary|[Ff]ebruary|[Mm]arch|[Aa]pril|May|[Jj]une|[Jj]uly|[Aa]ugust|"
    r"[Ss]eptember|[Oo]ctober|[Nn]ovember|[Dd]ecember|JANUARY|FEBRUARY|MARCH|APRIL|MAY|JUNE|"
    r"JULY|AUGUST|SEPTEMBER|OCTOBER|NOVEMBER|DECEMBER)"
)
_WD = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|MONDAY|TUESDAY|WEDNESDAY|THURSDAY|FRIDAY|SATURDAY|SUNDAY)"
_YEAR = r"(?:1[6-9]\d\d|20\d\d)"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_MOD = (
    r"(?:(?i:early|mid|late|the\s+(?:end|beginning|start|middle|turn|close)\s+of|"
    r"(?:end|beginning|start|middle)\s+of)[\s-]+|mid-)"
)
_NUM = (
    r"(?:\d{1,3}|a\s+couple\s+of|an?|one|two|three|four|five|six|seven|eight|nine|ten|"
    r"eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|"
    r"thirty|forty|fifty)"
)
_TIME_OF_DAY = (
    r"(?:(?P<tod>(?:\d{1,2}(?::\d{2})?\s*[ap]\.?m\.?|noon|midnight|(?i:mid-?afternoon|mid-?morning))"
    r"(?:\s+[A-Z]{2,4}\b)?)\s+)?"
)
_NOT_AFTER_NUMBER = r"(?![\d%]|\s*(?:%|per\s?cent|percent)|,\d|\.\d|:\d)"

# (rule name, pattern).  All patterns are tried; overlapping matches are settled by length.
_RULES: list[tuple[str, str]] = [
    ("iso", rf"\b(?P<y>{_YEAR})-(?P<m>[01]\d)-(?P<d>[0-3]\d)\b"),
    ("numeric", rf"(?<![\d/.])(?P<a>[01]?\d)/(?P<b>[0-3]?\d)/(?P<y>{_YEAR}|\d\d)(?![\d/])"),
    (
        "month_day",
        rf"{_TIME_OF_DAY}(?:(?P<wd>{_WD}),?\s+)?(?:(?P<mod>{_MOD}))?(?P<month>{_MONTH_ANY})\s+"
        rf"(?P<day>{_DAY})\b(?:,?\s+(?P<year>{_YEAR})\b)?{_NOT_AFTER_NUMBER}",
    ),
    (
        "day_month",
        rf"(?:(?P<wd>{_WD}),?\s+)?(?<![\d,.])(?:the\s+)?(?P<day>{_DAY})\s+(?:of\s+)?"
        rf"(?P<month>{_MONTH_ANY})\b(?:,?\s+(?P<year>{_YEAR})\b|(?!\s*\d))",
    ),
    (
        "month_rel_year",
        rf"(?P<month>{_MONTH_FULL})\s+(?P<rel>(?i:this|last|next))\s+(?i:year)\b",
    ),
    (
        "spelled_year",
        r"\b(?i:(?:the\s+year\s+)?(?P<sy>(?:nineteen|twenty)[\s-]+(?:(?:ten|eleven|twelve|thirteen|"
        r"fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)|(?:twenty|thirty|forty|fifty|sixty|"
        r"seventy|eighty|ninety)(?:[\s-]+(?:one|two|three|four|five|six|seven|eight|nine))?|"
        r"oh[\s-]+(?:one|two|three|four|five|six|seven|eight|nine))|two\s+thousand(?:\s+(?:and\s+)?"
        r"(?:one|two|three|four|five|six|seven|eight|nine|ten))?))\b",
    ),
    (
        "month_year",
        rf"(?:(?P<mod>{_MOD}))?(?P<month>{_MONTH_ANY}),?\s+(?:of\s+)?(?P<year>{_YEAR})\b"
        rf"{_NOT_AFTER_NUMBER}",
    ),
    ("month", rf"(?:(?P<mod>{_MOD}))?(?P<rel>(?i:last|next|this|this\s+past)\s+)?(?P<month>{_MONTH_CI})\b(?!['’]s\s+[A-Z])"),
    (
        "year",
        rf"(?<![\d$£€.,/#-])(?:(?P<mod>{_MOD}))?(?:(?i:fiscal|calendar|model)\s+)?"
        rf"(?P<year>{_YEAR})(?![\d%]|s\b|['’]s\b|,\d|\.\d|:\d|/\d|-\d\d\b(?!\d))",
    ),
    (
        "season",
        rf"(?:(?P<mod>{_MOD}))?(?P<rel>(?i:this|last|next|the\s+coming|the\s+past|the\s+next|"
        rf"the\s+last|the)\s+)?(?P<season>(?i:spring|summer|autumn|fall|winter))\b"
        rf"(?:,?\s+(?:of\s+)?(?P<year>{_YEAR})\b)?",
    ),
    (
        "quarter",
        rf"(?i:(?:the\s+)?(?P<q>first|second|third|fourth|final|1st|2nd|3rd|4th)[\s-]+"
        rf"(?:fiscal\s+)?quarter)\b(?:\s+of\s+(?:fiscal\s+)?(?P<year>{_YEAR})|,?\s+(?P<year2>{_YEAR}))?",
    ),
    ("q_code", rf"\bQ(?P<q>[1-4])(?:\s+|\s*/\s*|-)(?P<year>{_YEAR}|\d\d)\b"),
    (
        "rel_day",
        _TIME_OF_DAY + r"\b(?i:(?:(?P<mod>early|late|earlier|later)\s+)?(?P<word>the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow|"
        r"yesterday|today|tomorrow|tonight|last\s+night|this\s+(?:morning|afternoon|evening)|"
        r"tomorrow\s+(?:morning|afternoon|evening|night)|yesterday\s+(?:morning|afternoon|"
        r"evening)))\b",
    ),
    (
        "weekday",
        rf"{_TIME_OF_DAY}(?:(?P<mod>(?i:early|late|earlier|later))\s+)?"
        rf"(?:(?P<rel>(?i:last|next|this|this\s+coming|this\s+past|coming|past|on)\s+))?"
        rf"(?P<wd>{_WD})(?!s\b)(?!['’]s\s+(?i:morning|afternoon|evening|night))"
        rf"(?:\s+(?P<part>(?i:morning|afternoon|evening|night)))?"
        r"(?!\s+(?:Times|Telegraph|Express|Mirror|Herald|Post|Star|Night\s+Football|Club|Bloody))",
    ),
    (
        "rel_unit",
        r"\b(?i:(?:(?P<mod>early|late|mid)[\s-]+)?(?P<rel>last|this|next|past|previous|coming|current|following|the\s+past|"
        r"the\s+previous|the\s+coming|the\s+following|the\s+next|the\s+same|that|"
        r"earlier\s+this|later\s+this|early\s+this|late\s+this|earlier\s+in\s+the|"
        r"later\s+in\s+the|(?:at\s+)?the\s+(?:end|start|beginning|middle)\s+of\s+(?:the|this|"
        r"last|next))\s+(?P<unit>week(?:end)?|month|year|quarter|day))\b(?!\s*(?:'s|’s)?\s*\d)",
    ),
    (
        "the_year",
        r"\b(?i:(?P<pre>the\s+(?:full|current|latest|)\s*(?:fiscal\s+)?|(?:around\s+)?)"
        r"(?P<what>year[\s-]end|year['’]s\s+end|year(?=\s*[,.;)]|\s+(?:before|after|ended|ending|earlier|ago))))\b",
    ),
    (
        "ago",
        rf"\b(?i:(?:(?P<approx>nearly|almost|about|some|roughly|more\s+than|over|around|just)\s+)?"
        rf"(?P<n>{_NUM})\s+(?P<unit>day|week|month|year|decade|fortnight)s?\s+"
        r"(?:or\s+so\s+)?(?P<dir>ago|earlier|later|before|after|from\s+now|hence|prior))\b(?!\s+than\b)",
    ),
    (
        "holiday",
        r"\b(?P<h>Christmas\s+Eve|Christmas\s+Day|Christmas|New\s+Year['’]s\s+Eve|"
        r"New\s+Year['’]s\s+Day|New\s+Year['’]s|Valentine['’]s\s+Day|Halloween|"
        r"Independence\s+Day|Thanksgiving(?:\s+Day)?|Boxing\s+Day|Labor\s+Day|"
        r"Memorial\s+Day|Easter(?:\s+Sunday)?|Good\s+Friday)(?:,?\s+(?P<year>" + _YEAR + r"))?\b",
    ),
]
# Every pattern starts at a word boundary: the engine then skips the inside of words at
# once instead of trying each alternative at every character (a third of the run time).
_COMPILED = [(name, re.compile(p if p.startswith((r"\b", "(?<")) else r"\b" + p)) for name, p in _RULES]

# A bare month name needs a cue: "in May", "since March", "early June".  Without one "May"
# is a modal verb, "March" a verb, "June" a name.
_MONTH_CUES = frozenset(
    ["in", "since", "until", "till", "by", "from", "through", "throughout", "during", "before", "after", "of", "between", "and", "to", "or", "last", "next", "this", "early", "mid", "late", "end", "beginning", "start", "middle", "on", "for", "around", "until"]
)
_AMBIGUOUS_MONTHS = frozenset(["may", "march", "june", "april", "august"])
_SINCE_WORDS = ("since", "from")
_UNTIL_WORDS = ("until", "till", "through", "to", "before")


@dataclass(frozen=True)
class _Candidate:
    start: int
    end: int
    rule: str
    groups: dict[str, str | None]


# Every date phrase holds a word of one of these kinds (or a number).  One pass over the words
# finds where they are; each pattern then runs only near the words it needs, which skips the
# bulk of a text: most sentences name no date at all.
def _kinds() -> dict[str, tuple[str, ...]]:
    table: dict[str, list[str]] = {}
    groups = {
        "month": list(MONTHS),
        "weekday": list(WEEKDAYS),
        "relday": "today tonight yesterday tomorrow morning afternoon evening night".split(),
        "season": list(SEASONS),
        "unit": "day days week weeks weekend weekends month months year years decade decades "
        "fortnight fortnights quarter quarters".split(),
        "quarter": ["quarter", "quarters", "q1", "q2", "q3", "q4"],
        "holiday": "christmas year valentine halloween independence thanksgiving boxing labor "
        "memorial easter friday".split(),
        "spelled": ["nineteen", "twenty", "thousand"],
    }
    for kind, words in groups.items():
        for w in words:
            table.setdefault(w, []).append(kind)
    return {w: tuple(k) for w, k in table.items()}


_KIND_OF_WORD = _kinds()
_KINDS_OF_RULE = {
    "iso": {"number"}, "numeric": {"number"}, "q_code": {"quarter"}, "year": {"number"},
    "month_day": {"month"}, "day_month": {"month"}, "month_year": {"month"}, "month": {"month"},
    "month_rel_year": {"month"}, "spelled_year": {"spelled"}, "season": {"season"},
    "quarter": {"quarter"}, "rel_day": {"relday"}, "weekday": {"weekday"},
    "rel_unit": {"unit"}, "ago": {"unit"}, "holiday": {"holiday", "month"}, "the_year": {"unit"},
}
_WORD_OR_NUMBER = re.compile(r"[A-Za-z]+|\d+")
_MARGIN = 40


def _windows(text: str) -> dict[str, list[tuple[int, int]]]:
    """For each kind of date word, the stretches of text around its occurrences."""
    out: dict[str, list[tuple[int, int]]] = {}
    size = len(text)
    for m in _WORD_OR_NUMBER.finditer(text):
        word = m.group()
        if word[0].isdigit():
            if len(word) > 4:
                continue
            kinds: tuple[str, ...] = ("number",)
        else:
            found = _KIND_OF_WORD.get(word.lower())
            if found is None:
                continue
            kinds = found
        lo, hi = max(0, m.start() - _MARGIN), min(size, m.end() + _MARGIN)
        for kind in kinds:
            spans = out.setdefault(kind, [])
            if spans and lo <= spans[-1][1]:
                spans[-1] = (spans[-1][0], hi)
            else:
                spans.append((lo, hi))
    return out


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for lo, hi in spans:
        if out and lo <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], hi))
        else:
            out.append((lo, hi))
    return out


def _find(text: str) -> list[_Candidate]:
    found: list[_Candidate] = []
    windows = _windows(text)
    for name, rx in _COMPILED:
        spans = sorted(w for kind in _KINDS_OF_RULE[name] for w in windows.get(kind, ()))
        for lo, hi in _merged(spans):
            for m in rx.finditer(text, lo, hi):
                if m.end() > m.start():
                    found.append(_Candidate(m.start(), m.end(), name, m.groupdict()))
    # Longest first, then earliest; keep those that overlap nothing kept.
    found.sort(key=lambda c: (-(c.end - c.start), c.start, c.rule))
    kept: list[_Candidate] = []
    taken = bytearray(len(text))  # 1 where a kept candidate stands: one look per character
    for c in found:
        if taken.find(1, c.start, c.end) >= 0:
            continue
        kept.append(c)
        taken[c.start : c.end] = b"\x01" * (c.end - c.start)
    kept.sort(key=lambda c: c.start)
    return kept


def _word_before(text: str, pos: int) -> str:
    m = re.search(r"([A-Za-z]+)[\s-]*$", text[max(0, pos - 30) : pos])
    return m.group(1).lower() if m else ""


def _role(text: str, start: int) -> str:
    """The preposition that makes a date a bound: since, until, after, before, by."""
    before = text[max(0, start - 25) : start].lower()
    m = re.search(r"\b(since|after|before)\s+(?:the\s+)?$|"
                  r"\b(from|until|till|through|by|to)(?:\s+at\s+least)?\s+$", before)
    if not m:
        return ""
    word = m.group(1) or m.group(2)
    if word == "by":
        return "by"
    if word in _SINCE_WORDS:
        return "since"
    if word in _UNTIL_WORDS:
        return "until"
    return word


# -- calendar helpers -------------------------------------------------------------------------
def _safe_day(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _add_months(d: dt.date, n: int) -> tuple[int, int]:
    index = d.year * 12 + (d.month - 1) + n
    return index // 12, index % 12 + 1


def _pick_year(
    candidates: Sequence[tuple[int, DateValue]], dct: dt.date, tense: Tense, role: str
) -> tuple[DateValue, str]:
    """Choose among the same partial date in neighbouring years."""
    if role == "by":
        tense = "unknown"  # a deadline: "returned by Jan. 14" is the nearest Jan. 14
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
class _Context:
    text: str
    dct: dt.date | None
    sentences: list[Sentence]
    sentence_starts: list[int]
    last_day: dt.date | None = None  # last day-precision date the text mentioned
    last_value: DateValue | None = None  # last date of any precision the text mentioned

    def sentence_at(self, pos: int) -> Sentence | None:
        i = bisect.bisect_right(self.sentence_starts, pos) - 1
        if i < 0:
            return None
        s = self.sentences[i]
        return s if s.start <= pos < s.end else None

    def tense(self, c: _Candidate) -> Tense:
        s = self.sentence_at(c.start)
        if s is None:
            return "unknown"
        return tense_near(s.text, c.start - s.start, c.end - s.start)

    def sentence_year(self, c: _Candidate) -> int | None:
        """An explicit year stated in the same sentence ("In 2022, on February 24, ...")."""
        s = self.sentence_at(c.start)
        if s is None:
            return None
        years = []
        for m in re.finditer(rf"(?<![\d$£€.,/])\b{_YEAR}\b(?![\d%]|s\b)", s.text):
            pos = m.start() + s.start
            if c.start <= pos < c.end or _role(self.text, pos) in ("since", "until", "after", "before"):
                continue
            # A year sets the scene for what follows it; after the date it must be close.
            if pos < c.start or pos - c.end <= 30:
                years.append((abs(pos - c.start), int(m.group())))
        return min(years)[1] if years else None


Resolved = tuple[DateValue | None, str, str]  # value, how, kind


def _mod(groups: dict[str, str | None]) -> str:
    m = (groups.get("mod") or "").lower()
    if not m:
        return ""
    if "early" in m or "beginning" in m or "start" in m:
        return "START"
    if "mid" in m or "middle" in m:
        return "MID"
    return "END"


def _resolve_partial_day(ctx: _Context, c: _Candidate, month: int, day: int) -> Resolved:
    year = ctx.sentence_year(c)
    if year is not None:
        d = _safe_day(year, month, day)
        return (DateValue.of_day(d) if d else None), f"year {year} stated in the sentence", "partial"
    if ctx.dct is None:
        return None, "no publication date to take the year from", "partial"
    cands = []
    for y in (ctx.dct.year - 1, ctx.dct.year, ctx.dct.year + 1):
        d = _safe_day(y, month, day)
        if d:
            cands.append((y, DateValue.of_day(d)))
    if not cands:
        return None, "no such day", "partial"
    value, how = _pick_year(cands, ctx.dct, ctx.tense(c), _role(ctx.text, c.start))
    return value, f"year from publication date {ctx.dct.isoformat()}: {how}", "partial"


def _resolve_partial_month(ctx: _Context, c: _Candidate, month: int) -> Resolved:
    rel = (c.groups.get("rel") or "").lower().split()
    year = ctx.sentence_year(c)
    if year is not None and not rel:
        return DateValue.of_month(year, month), f"year {year} stated in the sentence", "month"
    if ctx.dct is None:
        return None, "no publication date to take the year from", "month"
    y0 = ctx.dct.year
    if rel and rel[0] == "last":
        y = y0 if month < ctx.dct.month else y0 - 1
        return DateValue.of_month(y, month), "last such month before publication", "month"
    if rel and rel[0] == "next":
        y = y0 if month > ctx.dct.month else y0 + 1
        return DateValue.of_month(y, month), "next such month after publication", "month"
    if rel and rel[-1] == "past":
        y = y0 if month <= ctx.dct.month else y0 - 1
        return DateValue.of_month(y, month), "latest such month", "month"
    if rel and rel[0] == "this":
        return DateValue.of_month(y0, month), "this year's", "month"
    cands = [(y, DateValue.of_month(y, month)) for y in (y0 - 1, y0, y0 + 1)]
    value, how = _pick_year(cands, ctx.dct, ctx.tense(c), _role(ctx.text, c.start))
    return value, f"year from publication date {ctx.dct.isoformat()}: {how}", "month"


def _weekday_value(ctx: _Context, c: _Candidate, wd: int) -> Resolved:
    if ctx.dct is None:
        return None, "no publication date to count from", "weekday"
    rel = (c.groups.get("rel") or "").lower().split()
    dct = ctx.dct
    back = (dct.weekday() - wd) % 7
    forward = (wd - dct.weekday()) % 7
    if rel and rel[-1] in ("next", "coming"):
        d = dct + dt.timedelta(days=forward or 7)
        how = "next such weekday after publication"
    elif (rel and rel[0] == "last") or rel[-1:] == ["past"]:
        d = dct - dt.timedelta(days=back or 7)
        how = "last such weekday before publication"
    elif rel and rel[0] == "this":
        d = dct - dt.timedelta(days=dct.weekday()) + dt.timedelta(days=wd)
        how = "that weekday in the week of publication"
    else:
        tense = ctx.tense(c)
        if tense == "future" or _role(ctx.text, c.start) == "until":
            d = dct + dt.timedelta(days=forward)
            how = "next such weekday (future tense)"
        elif tense == "present" and forward and forward <= 2:
            d = dct + dt.timedelta(days=forward)
            how = "coming such weekday (present tense)"
        else:
            d = dct - dt.timedelta(days=back)
            how = "latest such weekday (past tense)" if tense == "past" else "latest such weekday"
    return DateValue.of_day(d), f"{how}, counted from {dct.isoformat()} ({dct.strftime('%A')})", "weekday"


def _anchor(ctx: _Context, direction: str) -> tuple[dt.date | None, str]:
    if direction in ("ago", "from now", "hence"):
        return ctx.dct, "publication date"
    if ctx.last_value is not None and ctx.last_value.precision != "day":
        return ctx.last_value.first_day(), "the date mentioned before"
    if ctx.last_day is not None:
        return ctx.last_day, "the date mentioned before"
    return ctx.dct, "publication date"


def _coarsen(d: dt.date, precision: str) -> DateValue:
    if precision == "week":
        return DateValue.of_week(d)
    if precision == "month":
        return DateValue.of_month(d.year, d.month)
    return DateValue.of_year(d.year)


def _shift(base: dt.date, unit: str, n: int) -> DateValue:
    if unit == "day":
        return DateValue.of_day(base + dt.timedelta(days=n))
    if unit in ("week", "weekend"):
        return DateValue.of_week(base + dt.timedelta(days=7 * n))
    if unit == "fortnight":
        return DateValue.of_week(base + dt.timedelta(days=14 * n))
    if unit == "month":
        y, m = _add_months(base, n)
        return DateValue.of_month(y, m)
    if unit == "quarter":
        y, m = _add_months(base, 3 * n)
        return DateValue.of_month(y, m)
    if unit == "decade":
        return DateValue.of_year(base.year + 10 * n)
    return DateValue.of_year(base.year + n)


def _resolve(ctx: _Context, c: _Candidate) -> tuple[Resolved, str, DateValue | None]:
    """(value, how, kind), the TimeML value, and the end of a range."""
    g = c.groups
    rule = c.rule
    if rule == "iso":
        d = _safe_day(int(g["y"] or 0), int(g["m"] or 0), int(g["d"] or 0))
        return ((DateValue.of_day(d) if d else None), "ISO date", "absolute"), "", None
    if rule == "numeric":
        return _numeric(c.groups, ctx.text[c.start : c.end]), "", None
    if rule in ("month_day", "day_month"):
        month = MONTHS[(g["month"] or "").lower().rstrip(".")]
        day = int(re.sub(r"\D", "", g["day"] or "0"))
        if g.get("year"):
            d = _safe_day(int(g["year"] or 0), month, day)
            return ((DateValue.of_day(d) if d else None), "full date", "absolute"), "", None
        return _resolve_partial_day(ctx, c, month, day), "", None
    if rule == "month_year":
        month = MONTHS[(g["month"] or "").lower().rstrip(".")]
        return (DateValue.of_month(int(g["year"] or 0), month), "month and year", "absolute"), "", None
    if rule == "month":
        return _resolve_partial_month(ctx, c, MONTHS[(g["month"] or "").lower()]), "", None
    if rule == "year":
        return (DateValue.of_year(int(g["year"] or 0)), "year", "absolute"), "", None
    if rule == "spelled_year":
        year = _spelled_year(g["sy"] or "")
        return ((DateValue.of_year(year) if year else None), "year in words", "absolute"), "", None
    if rule == "month_rel_year":
        if ctx.dct is None:
            return (None, "no publication date to count from", "month"), "", None
        shift = {"this": 0, "last": -1, "next": 1}[(g["rel"] or "").lower()]
        month = MONTHS[(g["month"] or "").lower()]
        return (DateValue.of_month(ctx.dct.year + shift, month), f"{(g['rel'] or '').lower()} year's", "month"), "", None
    if rule == "season":
        return _season(ctx, c)
    if rule in ("quarter", "q_code"):
        return _quarter(ctx, c)
    if rule == "rel_day":
        return _rel_day(ctx, (g["word"] or "").lower()), "", None
    if rule == "weekday":
        return _weekday_value(ctx, c, WEEKDAYS[(g["wd"] or "").lower()]), "", None
    if rule == "rel_unit":
        return _rel_unit(ctx, c)
    if rule == "ago":
        return _ago(ctx, c), "", None
    if rule == "the_year":
        if ctx.dct is None:
            return (None, "no publication date to count from", "relative"), "", None
        what = (g["what"] or "").lower()
        pre = " ".join((g["pre"] or "").lower().split())
        if not pre.startswith("the") and "end" not in what:
            return (None, "not a date", "skip"), "", None
        year = ctx.dct.year
        if "end" in what and ctx.dct.month < 3:
            year -= 1  # "year-end" written in January or February is the one just past
        return (DateValue.of_year(year), "the year of publication", "relative"), "", None
    if rule == "holiday":
        return _holiday(ctx, c), "", None
    raise AssertionError(rule)


_UNITS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen".split())}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
         "eighty": 80, "ninety": 90}


def _spelled_year(text: str) -> int | None:
    """ "nineteen ninety-six" -> 1996, "two thousand and one" -> 2001."""
    words = [w for w in re.split(r"[\s-]+", text.lower()) if w not in ("the", "year", "and", "oh")]
    if words[:2] == ["two", "thousand"]:
        return 2000 + (_UNITS.get(words[2], 0) if len(words) > 2 else 0)
    if not words or words[0] not in ("nineteen", "twenty"):
        return None
    century = 1900 if words[0] == "nineteen" else 2000
    rest = words[1:]
    if len(rest) == 1 and rest[0] in _UNITS:
        return century + _UNITS[rest[0]]
    if rest and rest[0] in _TENS:
        return century + _TENS[rest[0]] + (_UNITS.get(rest[1], 0) if len(rest) > 1 else 0)
    return None


def _numeric(g: dict[str, str | None], text: str) -> Resolved:
    a, b, y = int(g["a"] or 0), int(g["b"] or 0), g["y"] or ""
    year = int(y) if len(y) == 4 else 2000 + int(y) if int(y) < 50 else 1900 + int(y)
    month, day = (a, b) if a <= 12 else (b, a)
    d = _safe_day(year, month, day)
    if d is None:
        parsed = _dateparser_day(text)
        return (DateValue.of_day(parsed) if parsed else None), "numeric date (dateparser)", "absolute"
    return DateValue.of_day(d), "numeric date, month first", "absolute"


@lru_cache(maxsize=4096)
def _dateparser_day(text: str) -> dt.date | None:
    import dateparser  # slow to import; only numeric oddities and datelines need it

    try:
        parsed = dateparser.parse(text, languages=["en"], settings={"STRICT_PARSING": True})
    except Exception:  # dateparser raises assorted errors on odd input; none is fatal here
        return None
    return parsed.date() if parsed else None


def parse_date_string(text: str) -> dt.date | None:
    """A full date written in any format dateparser knows ("26/10/2024 10:00", "2024-10-26T..")."""
    head = " ".join(text.split()[:6])
    for n in range(len(head.split()), 0, -1):
        parsed = _dateparser_day(" ".join(head.split()[:n]))
        if parsed is not None:
            return parsed
    return None


def _season(ctx: _Context, c: _Candidate) -> tuple[Resolved, str, DateValue | None]:
    g = c.groups
    word = (g["season"] or "").lower()
    code = SEASONS[word]
    rel = (g.get("rel") or "").lower().split()
    before = _word_before(ctx.text, c.start)
    if word == "fall" and not (rel or g.get("year") or g.get("mod")) and before not in ("in", "during", "this", "last", "next", "the", "by", "until"):
        return (None, "not a season", "skip"), "", None
    if g.get("year"):
        y = int(g["year"] or 0)
        how = "season and year"
    elif ctx.dct is None:
        return (None, "no publication date to take the year from", "season"), "", None
    else:
        cur = ctx.dct.year if not (code == 24 and ctx.dct.month <= 2) else ctx.dct.year - 1
        if rel and rel[-1] in ("last", "past"):
            this = DateValue.of_season(cur, code)
            y = cur if this.last_day() < ctx.dct else cur - 1
            how = "the last such season"
        elif rel and rel[-1] in ("next", "coming"):
            this = DateValue.of_season(cur, code)
            y = cur if this.first_day() > ctx.dct else cur + 1
            how = "the next such season"
        else:
            cands = [(yy, DateValue.of_season(yy, code)) for yy in (cur - 1, cur, cur + 1)]
            v, how = _pick_year(cands, ctx.dct, ctx.tense(c), _role(ctx.text, c.start))
            y = v.year
    value = DateValue.of_season(y, code)
    return (value, how, "season"), f"{y}-{TIMEX_SEASON[code]}", None


def _quarter(ctx: _Context, c: _Candidate) -> tuple[Resolved, str, DateValue | None]:
    g = c.groups
    q_text = (g["q"] or "").lower()
    q = int(q_text) if q_text.isdigit() else ORDINALS[q_text]
    y_text = g.get("year") or g.get("year2")
    if y_text:
        y = int(y_text) if len(y_text) == 4 else 2000 + int(y_text)
        how = "quarter and year"
    elif ctx.dct is None:
        return (None, "no publication date to take the year from", "quarter"), "", None
    else:
        cands = [(yy, DateValue.of_month(yy, 3 * q - 2)) for yy in (ctx.dct.year - 1, ctx.dct.year)]
        v, how = _pick_year(cands, ctx.dct, ctx.tense(c), "")
        y = v.year
    return (DateValue.of_month(y, 3 * q - 2), how, "quarter"), f"{y}-Q{q}", DateValue.of_month(y, 3 * q)


def _rel_day(ctx: _Context, word: str) -> Resolved:
    if ctx.dct is None:
        return None, "no publication date to count from", "relative"
    offsets = {"yesterday": -1, "today": 0, "tomorrow": 1, "tonight": 0, "last night": -1}
    w = " ".join(word.split())
    if "before yesterday" in w:
        n = -2
    elif "after tomorrow" in w:
        n = 2
    else:
        n = offsets.get(w.split()[0] if w.split()[0] != "last" else w, 0)
        if w.startswith("this"):
            n = 0
    return DateValue.of_day(ctx.dct + dt.timedelta(days=n)), f"{w} from {ctx.dct.isoformat()}", "relative"


def _rel_unit(ctx: _Context, c: _Candidate) -> tuple[Resolved, str, DateValue | None]:
    g = c.groups
    rel = " ".join((g["rel"] or "").lower().split())
    unit = (g["unit"] or "").lower()
    anaphoric = rel in ("the following", "the next", "the previous", "the same", "that") or rel.endswith("in the")
    if rel == "the next" and unit != "day":
        anaphoric = ctx.last_day is not None
    base, base_how = (_anchor(ctx, "later") if anaphoric else (ctx.dct, "publication date"))
    if base is None:
        return (None, "no date to count from", "relative"), "", None
    if "last" in rel.split() or "past" in rel or "previous" in rel:
        n = -1
    elif "next" in rel or "coming" in rel or "following" in rel:
        n = 1
    else:
        n = 0
    if rel == "the past" or rel == "the last":
        n = -1
    if unit == "day" and n == 0 and rel not in ("the same", "that"):
        return (None, "not a date", "skip"), "", None
    value = _shift(base, unit, n)
    timex = ""
    if unit == "weekend":
        sat = base + dt.timedelta(days=7 * n) - dt.timedelta(days=(base.weekday() - 5) % 7 if n <= 0 else 0)
        value = DateValue.of_week(sat)
        timex = f"{value.iso()}-WE"
    if unit == "quarter":
        q = (value.month - 1) // 3 + 1
        start = DateValue.of_month(value.year, 3 * q - 2)
        return (start, f"{rel} quarter from {base_how}", "relative"), f"{value.year}-Q{q}", DateValue.of_month(value.year, 3 * q)
    kind = "anaphoric" if anaphoric else "relative"
    return (value, f"{rel} {unit}, counted from {base_how} {base.isoformat()}", kind), timex, None


def _ago(ctx: _Context, c: _Candidate) -> Resolved:
    g = c.groups
    n_text = " ".join((g["n"] or "").lower().split())
    n = int(n_text) if n_text.isdigit() else NUMBERS.get(n_text)
    unit = (g["unit"] or "").lower()
    direction = " ".join((g["dir"] or "").lower().split())
    if n is None:
        return None, "vague amount", "skip"
    base, base_how = _anchor(ctx, direction)
    if base is None:
        return None, "no date to count from", "relative"
    sign = -1 if direction in ("ago", "earlier", "before", "prior") else 1
    value = _shift(base, unit, sign * n)
    coarse = ctx.last_value
    if base_how != "publication date" and coarse is not None and coarse.precision != "day":
        # "mid-June ... a week later": no finer than the date it counts from.
        middle = coarse.first_day() + (coarse.last_day() - coarse.first_day()) / 2
        moved = _shift(middle, unit, sign * n)
        value = _coarsen(moved.first_day(), coarse.precision) if unit == "day" or unit == "week" else moved
        return value, f"{n} {unit}(s) {direction} {coarse.iso()}, kept at its precision", "anaphoric"
    kind = "relative" if direction in ("ago", "from now", "hence") else "anaphoric"
    return value, f"{n} {unit}(s) {direction}, counted from {base_how} {base.isoformat()}", kind


def _easter(year: int) -> dt.date:
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ell) // 451
    month = (h + ell - 7 * m + 114) // 31
    day = (h + ell - 7 * m + 114) % 31 + 1
    return dt.date(year, month, day)


def _holiday_date(name: str, year: int) -> dt.date:
    n = " ".join(name.lower().replace("’", "'").split())
    fixed = {
        "christmas eve": (12, 24), "christmas day": (12, 25), "christmas": (12, 25),
        "new year's eve": (12, 31), "new year's day": (1, 1), "new year's": (1, 1),
        "valentine's day": (2, 14), "halloween": (10, 31), "independence day": (7, 4),
        "boxing day": (12, 26),
    }
    if n in fixed:
        return dt.date(year, *fixed[n])
    if n.startswith("thanksgiving"):
        first = dt.date(year, 11, 1)
        return first + dt.timedelta(days=(3 - first.weekday()) % 7 + 21)
    if n == "labor day":
        first = dt.date(year, 9, 1)
        return first + dt.timedelta(days=(0 - first.weekday()) % 7)
    if n == "memorial day":
        last = dt.date(year, 5, 31)
        return last - dt.timedelta(days=last.weekday())
    if n == "good friday":
        return _easter(year) - dt.timedelta(days=2)
    return _easter(year)


def _holiday(ctx: _Context, c: _Candidate) -> Resolved:
    name = c.groups["h"] or ""
    if c.groups.get("year"):
        return DateValue.of_day(_holiday_date(name, int(c.groups["year"] or 0))), "holiday and year", "absolute"
    if ctx.dct is None:
        return None, "no publication date to take the year from", "partial"
    y0 = ctx.dct.year
    cands = [(y, DateValue.of_day(_holiday_date(name, y))) for y in (y0 - 1, y0, y0 + 1)]
    value, how = _pick_year(cands, ctx.dct, ctx.tense(c), _role(ctx.text, c.start))
    return value, f"holiday; {how}", "partial"


def _acceptable(ctx: _Context, c: _Candidate) -> bool:
    """Reject matches that are not dates in context ("May" the verb, "June" the name)."""
    g = c.groups
    if c.rule == "month":
        month = (g["month"] or "").lower()
        before = _word_before(ctx.text, c.start)
        cue = bool(g.get("mod") or g.get("rel")) or before in _MONTH_CUES
        if month in _AMBIGUOUS_MONTHS or not (g["month"] or "")[0].isupper():
            if not cue:
                return False
            if (g["month"] or "") == "may":
                return False
        after = ctx.text[c.end : c.end + 20]
        # "June Carter", "April Ryan": a capitalised word right after is a name.
        return not (re.match(r"\s+[A-Z][a-z]", after) and not cue)
    if c.rule == "weekday" and (g.get("rel") or "").lower().strip() == "":
        after = ctx.text[c.end : c.end + 12]
        if re.match(r"\s*[-–]\s*(?:Friday|Monday|Tuesday|Wednesday|Thursday|Saturday|Sunday)", after):
            return True
    if c.rule == "year":
        after = ctx.text[c.end : c.end + 24].lower()
        if re.match(r"\s+(?:people|persons|soldiers|troops|votes|km|kilomet|miles|metres|meters|feet|tons|tonnes|points|units|cars|homes|jobs|members|seats|deaths|cases|dollars|euros|yards|acres|barrels|shares|employees|workers|students|children|men|women|residents|pounds|kilograms|kg|hours|minutes|pages|words)\b", after):
            return False
        before = ctx.text[max(0, c.start - 12) : c.start].lower()
        if re.search(r"(?:no\.|number|flight|route|room|page|item|code|article|section|resolution|highway|\$|rs\.?)\s*$", before):
            return False
    return True


def _timex(value: DateValue | None, c: _Candidate, explicit: str) -> str:
    if explicit:
        return explicit
    if value is None:
        return ""
    if value.precision == "season":
        return f"{value.year}-{TIMEX_SEASON[value.season]}"
    return value.iso()


def _trimmed_start(text: str, c: _Candidate) -> int:
    """TimeML's span conventions: "on Monday" -> "Monday", "earlier this week" -> "this week"."""
    phrase = text[c.start : c.end]
    if c.rule == "weekday":
        m = re.match(r"(?i)on\s+", phrase)
        if m:
            return c.start + m.end()
    if c.rule == "rel_unit" and (c.groups.get("unit") or "").lower() == "week":
        m = re.match(r"(?i)(?:earlier|later)\s+(?=this\b)", phrase)
        if m:
            return c.start + m.end()
    if c.rule == "quarter":
        m = re.match(r"(?i)the\s+(?=\w+-quarter)", phrase)
        if m:
            return c.start + m.end()
    return c.start


def extract(
    text: str, dct: dt.date | None, sentences: Sequence[Sentence] | None = None
) -> list[TimeExpr]:
    """Every calendar expression in `text`, in order, resolved against `dct`."""
    sents = list(sentences) if sentences is not None else split_sentences(text)
    ctx = _Context(text, dct, sents, [s.start for s in sents])
    out: list[TimeExpr] = []
    for c in _find(text):
        if not _acceptable(ctx, c):
            continue
        try:
            (value, how, kind), timex, end = _resolve(ctx, c)
            for v in (value, end):  # "next year" in 9999 makes a year 10000 that no day is in
                if v is not None:
                    v.first_day(), v.last_day()
        except (OverflowError, ValueError):  # counts past year 1 or 9999: not a calendar date
            continue
        if kind == "skip":
            continue
        start, stop = c.start, c.end
        start = _trimmed_start(text, c)
        out.append(
            TimeExpr(
                start=start,
                end=stop,
                text=text[start:stop],
                value=value,
                kind=kind,
                rule=c.rule,
                how=how,
                mod=_mod(c.groups),
                role=_role(text, start),
                confidence=1.0 if kind == "absolute" else 0.8,
                range_end=end,
                timex=_timex(value, c, timex),
            )
        )
        if value is not None and value.precision != "year" and _role(text, start) != "since":
            ctx.last_value = value
            if value.precision == "day":
                ctx.last_day = value.first_day()
    return out

