"""The rule table: one pattern per kind of date phrase, and the search that runs them.

Each rule is a regular expression made from the word tables (`datewords`, `holidays`).  To
keep the search fast, one pass over the words first finds where the trigger words of each
kind stand (month names, weekdays, units, numbers...); each pattern then runs only in the
windows around the words it needs.  Within them, a costly rule first looks for its guard (a
plain piece every match of it holds) and skips a window without one, and a rule whose
matches start at a trigger word stops past the last one; neither changes what is found
(tests/test_dates_guards.py).  Overlapping matches are settled by length: the longest wins.
What the matches mean is `dateresolve`'s business.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .datewords import DAY_WORDS, MONTHS, SEASONS, WEEKDAYS, spelled_year
from .holidays import HOLIDAY_NAMES, HOLIDAY_NAMES_LOWER, HOLIDAYS

_MONTH_FULL = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December)"
)
_MONTH_ANY = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept\.?|Sep\.?|Oct\.?|"
    r"Nov\.?|Dec\.?|JANUARY|FEBRUARY|MARCH|APRIL|JUNE|JULY|AUGUST|SEPTEMBER|OCTOBER|"
    r"NOVEMBER|DECEMBER)"
)
_MONTH_CI = (
    r"(?:[Jj]anuary|[Ff]ebruary|[Mm]arch|[Aa]pril|May|[Jj]une|[Jj]uly|[Aa]ugust|"
    r"[Ss]eptember|[Oo]ctober|[Nn]ovember|[Dd]ecember|JANUARY|FEBRUARY|MARCH|APRIL|MAY|JUNE|"
    r"JULY|AUGUST|SEPTEMBER|OCTOBER|NOVEMBER|DECEMBER)"
)
_WD = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|MONDAY|TUESDAY|WEDNESDAY|THURSDAY|FRIDAY|SATURDAY|SUNDAY)"
YEAR = r"(?:1[6-9]\d\d|20\d\d)"
# Before a date a weekday may be abbreviated: "Tues., March 5", "Wed, 29 Dec 2012".
_WD_ANY = (
    rf"(?:{_WD}|(?:Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun)\.?(?=,?\s+(?:\d|[A-Z][a-z]{{2}})))"
)
# "March 9", "9th", and in words "the ninth of March", "March nineteenth" (transcripts).
_DAY_WORD = "(?i:" + "|".join(sorted(DAY_WORDS, key=len, reverse=True)) + ")"
_DAY_NUM = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_DAY = rf"(?:{_DAY_NUM}|{_DAY_WORD}(?![\w-]))"
# A year in words, as transcripts write it: "nineteen ninety-six", "two thousand and one".
_SPELLED_YEAR = (
    r"(?i:(?:nineteen|twenty)[\s-]+(?:(?:ten|eleven|twelve|thirteen|"
    r"fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)|(?:twenty|thirty|forty|fifty|sixty|"
    r"seventy|eighty|ninety)(?:[\s-]+(?:one|two|three|four|five|six|seven|eight|nine))?|"
    r"oh[\s-]+(?:one|two|three|four|five|six|seven|eight|nine))|two[\s-]+thousand(?:\s+(?:and\s+)?"
    r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
    r"fifteen|sixteen|seventeen|eighteen|nineteen))?)(?![\w-])"
)
_MOD = (
    r"(?:(?i:early|mid|late|the\s+(?:end|beginning|start|middle|turn|close)\s+of|"
    r"(?:end|beginning|start|middle)\s+of)[\s-]+|mid-|end-)"
)
_NUM = (
    r"(?:\d{1,3}|a\s+couple\s+of|an?|one|two|three|four|five|six|seven|eight|nine|ten|"
    r"eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|"
    r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
    r"(?:[\s-](?:one|two|three|four|five|six|seven|eight|nine)\b)?)"
)
_TIME_OF_DAY = (
    r"(?:(?P<tod>(?:\d{1,2}(?::\d{2})?\s*[ap]\.?m\.?|noon|midnight|(?i:mid-?afternoon|mid-?morning))"
    r"(?:\s+[A-Z]{2,4}\b)?),?\s+)?"
)
_NOT_AFTER_NUMBER = r"(?![\d%]|\s*(?:%|per\s?cent|percent)|,\d|\.\d|:\d)"
# A year after a month, season or holiday: digits, words ("May of nineteen ninety-nine"), or
# two digits after "of" or an apostrophe ("March of 98", "summer of '69").
_YEAR_AFTER = (
    rf"(?:(?P<year>{YEAR})\b{_NOT_AFTER_NUMBER}|(?P<syear>{_SPELLED_YEAR})|"
    r"(?:(?<=of\s)['’]?|['’])(?P<yy>\d\d)\b(?![\d%]|[,.:]\d|\s*(?:%|per\s?cent|percent)))"
)
# A year named by reference: "of that year", "the following year".
_REL_YEAR = (
    r"(?P<refyear>(?i:this|last|next|that|the\s+same|that\s+same|the\s+following|the\s+next|"
    r"the\s+previous|the\s+prior))\s+(?i:year)\b"
)
# A clock time written after a numeric date ("2013-03-22 14:05", "03/22/2013 14:05:09").
_CLOCK_AFTER = r"(?:(?:T|\s+)(?:[01]\d|2[0-3]):[0-5]\d(?::[0-5]\d)?(?![\d:]))?"

# (rule name, pattern).  All patterns are tried; overlapping matches are settled by length.
_RULES: list[tuple[str, str]] = [
    ("iso", rf"\b(?P<y>{YEAR})(?P<sep>[-/])(?P<m>[01]\d)(?P=sep)(?P<d>[0-3]\d)(?!\d){_CLOCK_AFTER}"
            r"(?![\w/-])"),
    # 3/14/2024 (month first, unless the first number cannot be a month: 22/03/2013) and
    # 22.03.2013 (day first, as it is written where dots are used).
    ("numeric", rf"(?<![\d/.])(?P<a>[0-3]?\d)(?P<sep>[/.])(?P<b>[0-3]?\d)(?P=sep)(?P<y>{YEAR}|\d\d)"
                rf"(?![\d/]|\.\d){_CLOCK_AFTER}"),
    # date_r0b, date_r0f: 10-29-12 (month first, two digits each) and 20121029.
    ("numeric_dash", rf"(?<![\d/.-])(?P<a>0[1-9]|1[0-2])(?P<sep>-)(?P<b>[0-2]\d|3[01])-(?P<y>{YEAR}|\d\d)"
                     r"(?![\d-]|\.\d)"),
    ("compact", r"(?<![\d.,/-])(?P<y>(?:19|20)\d\d)(?P<m>0[1-9]|1[0-2])(?P<d>0[1-9]|[12]\d|3[01])(?![\d.,/-])"),
    (
        "month_day",
        rf"{_TIME_OF_DAY}(?P<weekof>(?i:the\s+)?(?i:week)\s+of\s+)?"
        r"(?:(?i:this\s+coming|this\s+past|this|last|next|coming)\s+(?=[A-Z][a-z]+day\b))?"
        rf"(?:(?P<wd>{_WD_ANY}),?\s+)?(?:(?P<mod>{_MOD}))?"
        r"(?:(?P<rel>(?i:this|last|next|this\s+coming|this\s+past))\s+)?"
        rf"(?P<month>{_MONTH_ANY})\s+(?P<day>{_DAY})\b(?:,?\s+(?P<year>{YEAR})\b"
        # "Feb. 25, 2009, Monday": the weekday written after the date is part of it.
        rf"(?:,\s+{_WD}\b(?!['’]))?|\s+of\s+{_REL_YEAR})?{_NOT_AFTER_NUMBER}",
    ),
    (
        "day_month",
        rf"(?:(?P<wd>{_WD_ANY}),?\s+)?(?<![\d,.])(?:the\s+)?"
        rf"(?P<day>{_DAY_NUM}(?=\s+(?:of\s+)?[A-Za-z])|{_DAY_WORD}(?=\s+of\s))\s+(?:of\s+)?"
        rf"(?P<month>{_MONTH_ANY})\b(?:,?\s+(?P<year>{YEAR})\b|\s+of\s+{_REL_YEAR}|(?!\s*\d))",
    ),
    (
        "month_rel_year",
        rf"(?P<month>{_MONTH_FULL})\s+(?:of\s+)?{_REL_YEAR}",
    ),
    (
        "spelled_year",
        rf"\b(?i:the\s+year\s+)?(?P<sy>{_SPELLED_YEAR})",
    ),
    (
        "month_year",
        rf"(?:(?P<mod>{_MOD}))?(?P<month>{_MONTH_ANY}),?\s+(?:of\s+)?{_YEAR_AFTER}",
    ),
    ("month", rf"(?:(?P<mod>{_MOD}))?(?P<rel>(?i:last|next|this|this\s+past)\s+)?(?P<month>{_MONTH_CI})\b(?!['’]s\s+[A-Z])"),
    (
        "year",
        # "2010-2012": the second year too; "1-2012", "#2012" are not years.
        rf"(?:(?<![\d$£€.,/#-])|(?<=\d\d\d\d[-–]))(?:(?P<mod>{_MOD}))?"
        r"(?:(?i:fiscal|calendar|model|the\s+year)\s+|(?i:pre|post)-)?"
        # "2012's budget" is a year; "the 1990's" a decade.
        rf"(?P<year>{YEAR})(?![\d%]|s\b|(?<=0)['’]s\b|,\d|\.\d|:\d|[-/](?!\d\d\b|(?:1[6-9]|20)\d\d\b)\d)",
    ),
    # "the 2012-13 season", "1939-45", "2011/12": the second year in two digits (date_r12b).
    ("year_tail", r"(?<=(?:1[6-9]|20)\d\d[-–/])(?P<yy>\d\d)\b(?![-–/.,:]?\d|%)"),
    (
        "season",
        rf"(?:(?P<mod>{_MOD}))?(?P<rel>(?i:this\s+past|this|last|next|the\s+coming|the\s+past|the\s+next|"
        rf"the\s+previous|the\s+prior|the\s+following|"
        rf"the\s+last|the)\s+)?(?P<season>(?i:spring|summer|autumn|fall|winter))\b"
        rf"(?:,?\s+(?:of\s+)?{_YEAR_AFTER})?",
    ),
    (
        "quarter",
        rf"(?i:(?:(?:the|its|this|last|next)\s+)?(?:(?P<ryear>this|last|next)\s+year['’]s\s+|"
        rf"(?P<pyear>{YEAR})(?:['’]s)?\s+)?(?P<fiscal>(?:fiscal|calendar|year-ago|year-earlier)[\s-]+)*"
        rf"(?P<q>first|second|third|fourth|final|1st|2nd|3rd|4th)[\s-]+"
        rf"(?:fiscal\s+)?quarter)\b(?:\s+of\s+(?:fiscal\s+)?(?P<year>{YEAR})|,?\s+(?P<year2>{YEAR})|"
        r"\s+of\s+(?P<oyear>(?i:this|last|next))\s+(?i:year))?",
    ),
    ("q_code", rf"\b(?:Q(?P<q>[1-4])|(?P<q2>[1-4])Q)(?:\s+|\s*/\s*|-)(?P<year>{YEAR}|\d\d)\b"),
    (
        "rel_day",
        _TIME_OF_DAY + r"\b(?i:(?:(?P<mod>early|late|earlier|later)\s+)?(?P<word>the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow|"
        r"tomorrow\s+(?:morning|afternoon|evening|night)|yesterday\s+(?:morning|afternoon|"
        r"evening)|today|yesterday|tomorrow|tonight|last\s+(?:night|evening)|this\s+(?:morning|afternoon|evening)))\b",
    ),
    (
        "weekday",
        rf"{_TIME_OF_DAY}(?:(?P<mod>(?i:early|late|earlier|later))\s+)?"
        rf"(?:(?P<rel>(?i:last|next|this|this\s+coming|this\s+past|coming|past|on|the\s+previous|"
        rf"the\s+prior|the\s+following|the\s+next)\s+))?(?P<wd>{_WD})(?!s\b)(?!['’]s\s+(?i:morning|afternoon|evening|night))"
        rf"(?:\s+(?P<part>(?i:morning|afternoon|evening|night)))?"
        r"(?!\s+(?:Times|Telegraph|Express|Mirror|Herald|Post|Star|Night\s+Football|Club|Bloody))",
    ),
    (
        "rel_unit",
        r"\b(?i:(?:(?P<mod>early|late|mid)[\s-]+)?(?P<rel>last|this\s+past|this|next|past|previous|prior|coming|the\s+current|current|following|the\s+past|the\s+latest|latest|"
        r"the\s+previous|the\s+prior|the\s+coming|the\s+following|the\s+next|the\s+last|the\s+same|that\s+same|that|"
        r"(?:(?<=\bat\s)|(?<=\bover\s)|(?<=\bduring\s))the(?=\s+weekend)|"
        r"(?:earlier|later|early|late)\s+(?:this|that)|(?:earlier|later)\s+(?:next|last)|earlier\s+in\s+the|"
        r"later\s+in\s+the|the\s+(?:end|start|beginning|middle)\s+of\s+(?:the|this|"
        r"last|next))\s+(?:fiscal[\s-]+(?=year))?(?P<unit>week(?:end)?|month|year|quarter|day))\b"
        # "the last week of February" is not last week.
        r"(?!\s*(?:'s|’s)?\s*\d|\s+of\s+(?:[A-Z]|(?:19|20)\d\d))",
    ),
    (
        "the_year",
        r"\b(?i:(?P<pre>the\s+(?:full|current|latest|)\s*(?:fiscal\s+)?|(?:around\s+)?)"
        r"(?P<what>year[\s-]end|year['’]s\s+end|year\s+(?P<dir>before|after|earlier|later)(?=\s*[,.;)])|"
        r"year(?=\s*[,.;)]|\s+(?:ended|ending|ago))))\b",
    ),
    (
        "ago",
        rf"\b(?i:(?:(?P<approx>nearly|almost|about|some|roughly|no\s+more\s+than|more\s+than|less\s+than|"
        r"at\s+least|approximately|up\s+to|circa|over|around|just)\s+)?"
        rf"(?P<n>{_NUM})\s+(?P<unit>day|week|month|year|decade|fortnight|hour|minute)s?\s+"
        r"(?:or\s+so\s+)?(?P<dir>ago|earlier|later|before|after|from\s+now|hence|prior))\b(?!\s+than\b)",
    ),
    (
        "unit_before",
        r"\b(?i:the\s+(?P<unit>day|week|month)\s+(?P<dir>before|after|earlier|later))"
        r"(?=\s*[,.;:)]|\s+(?:that|when|and|but)\b)",
    ),
    (
        "ordinal_day",
        r"(?:(?<=\bon\s)|(?<=\bby\s)|(?<=\buntil\s))the\s+(?P<day>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)\b"
        r"(?:\s+of\s+(?P<ofm>this|last|next)\s+month\b|(?=\s*(?:[,.;:)]|$|of\s+the\s+month)))",
    ),
    (
        "time_of_day",
        r"\b(?:(?P<approx>(?i:around|about|approximately|shortly\s+(?:before|after)))\s+)?"
        r"(?P<t>\d{1,2}(?::\d{2})?\s*(?:[ap]\.m\.?|[ap]m\b)(?:\s+[A-Z]{2,4}\b)?|"
        r"\d{1,2}(?::\d{2})?\s+o['’]clock|(?i:noon|midnight|midday|mid-?afternoon|mid-?morning)|"
        r"(?:\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+in\s+the\s+"
        r"(?:morning|afternoon|evening))(?![\w-])",
    ),
    (
        "part_of_day",
        r"\b(?i:(?P<rel>that|the\s+next|the\s+following|the\s+previous|the\s+same)\s+"
        r"(?P<part>morning|afternoon|evening|night))\b",
    ),
    (
        "fiscal_period",
        r"\b(?i:(?P<pre>(?:the|its|this|that)\s+|last\s+year['’]s\s+)?(?P<fyear>(?:19|20)\d\d\s+)?"
        r"(?P<which>(?:(?:latest|most\s+recent|"
        r"recent|just-ended|comparable|corresponding|same|year-earlier|year-ago|year\s+earlier|"
        r"prior-year|fiscal)[\s-]+)*)(?P<what>quarter|period)(?![\w-])"
        # "the corresponding period last year", "the quarter a year ago"
        r"(?P<after>\s+(?:last\s+year|a\s+year\s+(?:earlier|ago))\b)?"
        r"|(?P<adj>year-earlier|year-ago)(?=\s+(?:figures?|results?|levels?|net|profits?|"
        r"earnings|loss|sales|revenue|quarter|period|[.,;]))|(?P<adj2>year-earlier|year-ago)(?=[.,;]))",
    ),
    (
        "week_of_month",
        rf"\b(?i:the\s+)?(?P<nth>(?i:first|second|third|fourth|last|final))\s+(?i:week)\s+of\s+"
        rf"(?P<month>{_MONTH_CI})\b(?:,?\s+(?P<year>{YEAR})\b)?",
    ),
    (
        "holiday",
        r"\b(?:(?P<rel>(?i:last|next|this))\s+)?(?P<h>" + HOLIDAY_NAMES + r")"
        r"(?:,?\s+(?P<year>" + YEAR + r")|\s+['’](?P<yy>\d\d))?\b",
    ),
]


def _at_word_start(pattern: str) -> str:
    """Every pattern that does not start with a look-behind starts where a word does (each
    of its matches starts with a letter or a digit).  The engine then skips the inside of
    words at once instead of trying each alternative at every character (a third of the run
    time), and the ends of words too: "(?=\\w)" turns away the boundary after a word."""
    if pattern.startswith("(?<"):
        return pattern
    return r"\b(?=\w)" + pattern.removeprefix(r"\b")


_COMPILED = [(name, re.compile(_at_word_start(p))) for name, p in _RULES]


@dataclass(frozen=True)
class Candidate:
    """One rule's match: where it stands, which rule, and its named groups."""

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
        # "a.m." and "p.m." are the tokens "a", "m" and "p", "m": "m" is the rare one.
        "clock": "m am pm clock noon midnight midday midafternoon midmorning afternoon morning "
        "evening".split(),
        "ordinal": ["st", "nd", "rd", "th"],
        "season": list(SEASONS),
        "unit": "day days week weeks weekend weekends month months year years decade decades "
        "fortnight fortnights quarter quarters hour hours minute minutes".split(),
        "quarter": ["quarter", "quarters", "q1", "q2", "q3", "q4", "period", "earlier", "ago"],
        # A holiday's longest word, which is rarely "day".
        "holiday": sorted({max((w for w in re.findall(r"[a-z]+", name) if w not in ("day", "eve")),
                               key=len) for name in HOLIDAYS}),
        "spelled": ["nineteen", "twenty", "thousand"],
    }
    for kind, words in groups.items():
        for w in words:
            table.setdefault(w, []).append(kind)
    return {w: tuple(k) for w, k in table.items()}


_KIND_OF_WORD = _kinds()
_KINDS_OF_RULE: dict[str, frozenset[str]] = {k: frozenset(v) for k, v in {
    "iso": {"number"}, "numeric": {"number"}, "numeric_dash": {"number"}, "compact": {"number"}, "year_tail": {"number"}, "q_code": {"quarter", "number"}, "year": {"number"},
    "month_day": {"month"}, "day_month": {"month"}, "month_year": {"month"}, "month": {"month"},
    "month_rel_year": {"month"}, "spelled_year": {"spelled"}, "season": {"season"},
    "quarter": {"quarter"}, "rel_day": {"relday"}, "weekday": {"weekday"},
    "rel_unit": {"unit"}, "ago": {"unit"}, "holiday": {"holiday", "month"}, "the_year": {"unit"},
    "time_of_day": {"clock"}, "week_of_month": {"month"}, "ordinal_day": {"ordinal"}, "unit_before": {"unit"}, "part_of_day": {"relday"}, "fiscal_period": {"quarter"},
}.items()}
_MARGIN = 40

# A faster pass that changes nothing: for each costly rule, a plain pattern that every match
# of the rule holds, searched in the lower-cased text.  A window where it is not found is
# skipped; where it is, the rule runs as before, on the same window (a window cut short
# changes what matches, so the windows themselves stay as they are).  The guards are written
# in lower case: a letter the rule matches in either case, or only capitalised, is lower-case
# in the lowered text.  Three letters break that ("İ", "ı" and "ſ" match "i" and "s" without
# lowering to them): a text holding one is searched without guards.
def _by_first_letter(alternatives: list[str]) -> str:
    """ "a|b|..." with the alternatives that start with a letter grouped by it (all of them
    must): the engine then skips to the next of those letters at once."""
    groups: dict[str, list[str]] = {}
    for a in alternatives:
        assert a[0].isalpha(), a
        groups.setdefault(a[0], []).append(a[1:])
    return "|".join(f"{first}(?:{'|'.join(rest)})" for first, rest in groups.items())


_MONTH_STEM = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)"
_DAY_WORD_LOW = "(?:" + "|".join(sorted(DAY_WORDS, key=len, reverse=True)) + ")"
_GUARDS: dict[str, re.Pattern[str]] = {name: re.compile(p) for name, p in {
    "iso": r"(?:1[6-9]|20)\d\d[-/][01]\d[-/][0-3]\d",
    "numeric": r"\d[/.][0-3]?\d[/.]\d\d",
    "numeric_dash": r"[01]\d-[0-3]\d-\d\d",
    "compact": r"(?:19|20)\d\d[01]\d[0-3]\d",
    "year": r"(?:1[6-9]|20)\d\d",
    # The look-behind of the rule is part of the guard: see `_GUARD_BACK`.
    "year_tail": r"(?:1[6-9]|20)\d\d[-–/]\d\d",
    "q_code": r"[^a-z0-9](?:q[1-4]|[1-4]q)",
    "rel_unit": r"[^a-z](?:last|past|this|next|previous|prior|coming|current|following|latest|"
                r"same|that|the)\s+(?:fiscal[\s-]+)?(?:week|month|year|quarter|day)",
    "the_year": r"year(?:[\s-]end|['’]s\s+end|\s*[,.;)]|\s+(?:before|after|earlier|later|ended|"
                r"ending|ago))",
    "ago": r"(?:day|week|month|year|decade|fortnight|hour|minute)s?\s+(?:or\s+so\s+)?"
           r"(?:ago|earlier|later|before|after|from\s+now|hence|prior)",
    "unit_before": r"the\s+(?:day|week|month)\s+(?:before|after|earlier|later)",
    "part_of_day": r"(?:that|next|following|previous|same)\s+(?:morning|afternoon|evening|night)",
    "month_day": rf"{_MONTH_STEM}[a-z]*\.?\s+(?:\d|{_DAY_WORD_LOW})",
    # A day in words is followed by "of".
    "day_month": rf"[^a-z0-9](?:\d\d?(?:st|nd|rd|th)?\s+(?:of\s+)?|{_DAY_WORD_LOW}\s+of\s+)"
                 rf"{_MONTH_STEM}",
    "month_rel_year": rf"{_MONTH_STEM}[a-z]*\s+(?:of\s+)?(?:this|last|next|that|the)\s",
    "month_year": rf"{_MONTH_STEM}[a-z]*\.?,?\s+(?:of\s+)?(?:\d|['’]|nineteen|twenty|two)",
    "week_of_month": rf"week\s+of\s+{_MONTH_STEM}",
    "holiday": "[^a-z0-9](?:" + _by_first_letter(HOLIDAY_NAMES_LOWER) + ")",
    "quarter": r"(?:first|second|third|fourth|final|1st|2nd|3rd|4th)[\s-]+(?:fiscal\s+)?quarter",
    "fiscal_period": r"quarter|period|year-earlier|year-ago",
}.items()}
# Where a guard's match may start before the window: one character for the guards that
# begin with the character before a word (a holiday, a day, a quarter code or the word before
# a unit starts a word: the character before it is not a letter or a digit, and may stand
# just before the window), five for the year a two-digit year follows ("2012-13").
_GUARD_BACK = {"q_code": 1, "rel_unit": 1, "day_month": 1, "holiday": 1, "year_tail": 5}
_NOT_LOWERED = re.compile("[\u0130\u0131\u017f\u212a]")


_WORD_OR_NUMBER = re.compile(r"[A-Za-z]+|\d+")


def _trigger_pattern(words: list[str]) -> re.Pattern[str]:
    """The words of `_KIND_OF_WORD`, whole, in lower-cased text after a character that is
    not a letter (the text is searched with a space before it).  A pattern that starts with
    a set of characters lets the engine skip to the next such character at once: here the
    next character between words, where the words are tried by their first letter."""
    by_first: dict[str, list[str]] = {}
    for w in sorted(words, key=lambda w: (-len(w), w)):
        by_first.setdefault(w[0], []).append(re.escape(w[1:]))
    return re.compile("[^a-z](?:" + "|".join(f"{first}(?:{'|'.join(rest)})"
                                              for first, rest in sorted(by_first.items()))
                      + ")(?![a-z])")


# Only words of letters are ever a word of the text ("q1" is "q" and "1").
_TRIGGERS = _trigger_pattern([w for w in _KIND_OF_WORD if w.isascii() and w.isalpha()])
_DIGITS = re.compile(r"\d\d*")  # not "\d+": a pattern that starts with a set is searched faster


Window = tuple[int, int, int]  # start, end, and where the last word it was made for starts


def _add(out: dict[str, list[Window]], kinds: tuple[str, ...], lo: int, hi: int, at: int) -> None:
    for kind in kinds:
        spans = out.setdefault(kind, [])
        if spans and lo <= spans[-1][1]:
            spans[-1] = (spans[-1][0], hi, at)
        else:
            spans.append((lo, hi, at))


def _windows(text: str, low: str | None = None) -> dict[str, list[Window]]:
    """For each kind of date word, the stretches of text around its occurrences.  With
    `low` (from `_lowered`: a space, then the text lower-cased letter for letter), the words
    are found in it by one pattern; without, word by word (the same words)."""
    if low is None:
        return _windows_by_word(text)
    out: dict[str, list[Window]] = {}
    size = len(text)
    # A kind's windows depend on the order of its own words only, and numbers are a kind
    # of their own: the two passes make the windows the word-by-word pass makes.
    # In `low` (a space, then the text) the word found by a match starts at m.start() + 1:
    # in the text, at m.start().
    for m in _TRIGGERS.finditer(low):
        start, end = m.start(), m.end() - 1
        _add(out, _KIND_OF_WORD[low[start + 1 : end + 1]], max(0, start - _MARGIN),
             min(size, end + _MARGIN), start)
    number = ("number",)
    for m in _DIGITS.finditer(text):
        if len(m.group()) > 4 and len(m.group()) != 8:  # 20121029 is a date
            continue
        _add(out, number, max(0, m.start() - _MARGIN), min(size, m.end() + _MARGIN), m.start())
    return out


def _windows_by_word(text: str) -> dict[str, list[Window]]:
    out: dict[str, list[Window]] = {}
    size = len(text)
    for m in _WORD_OR_NUMBER.finditer(text):
        word = m.group()
        if word[0].isdigit():
            if len(word) > 4 and len(word) != 8:  # 20121029 is a date
                continue
            kinds: tuple[str, ...] = ("number",)
        else:
            found = _KIND_OF_WORD.get(word.lower())
            if found is None:
                continue
            kinds = found
        _add(out, kinds, max(0, m.start() - _MARGIN), min(size, m.end() + _MARGIN), m.start())
    return out


def _lowered(text: str) -> str | None:
    """A space, then `text` lower-cased (the space is the character before the first word),
    if lower-casing keeps every letter in its place and the searches in it find what they
    would in `text`: not so for "İ" (two letters lower-cased), "K" (the Kelvin sign,
    lower-cased to "k"), "ı" and "ſ" (which match "i" and "s" ignoring case)."""
    low = text.lower()
    return " " + low if len(low) == len(text) and _NOT_LOWERED.search(text) is None else None


def _merged(spans: list[Window]) -> list[Window]:
    out: list[Window] = []
    for lo, hi, at in spans:
        if out and lo <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], hi), max(out[-1][2], at))
        else:
            out.append((lo, hi, at))
    return out


# The rules every match of which holds one of the words its windows are made for, whole,
# and starts at or before it (checked rule by rule: the month, the unit, the number is a word
# of its own in every form the rule matches).  Past the start of the last such word in a
# window, no match of theirs can start: the search stops there instead of reading on to the
# window's end.
_UP_TO_LAST_WORD = frozenset([
    "iso", "numeric", "numeric_dash", "compact", "year", "year_tail", "q_code", "month_day",
    "day_month", "month_rel_year", "month_year", "month", "week_of_month", "rel_unit", "ago",
])


def _spans_of(windows: dict[str, list[Window]], kinds: frozenset[str]) -> list[Window]:
    """The windows of all `kinds`, merged where they overlap (one kind's are already)."""
    if len(kinds) == 1:
        (kind,) = kinds
        return windows.get(kind, [])
    return _merged(sorted(w for kind in kinds for w in windows.get(kind, ())))


def rule_matches(name: str, rx: re.Pattern[str], text: str, low: str | None,
                 spans: list[Window]) -> list[re.Match[str]]:
    """The matches of one rule in its windows.  With `low` (the text lower-cased after a
    space, see `_lowered`), windows without the rule's guard are skipped and the rules of
    `_UP_TO_LAST_WORD` stop past their last word; without, every window is read to its end."""
    out: list[re.Match[str]] = []
    guard = _GUARDS.get(name) if low is not None else None
    back = 1 - _GUARD_BACK.get(name, 0)  # text[i] is low[i + 1]
    early = low is not None and name in _UP_TO_LAST_WORD
    for lo, hi, last in spans:
        if guard is not None and guard.search(low or "", max(0, lo + back), hi + 1) is None:
            continue
        if early:
            pos = lo
            while pos <= last and (m := rx.search(text, pos, hi)) is not None:
                if m.end() > m.start():  # always, for these rules
                    out.append(m)
                pos = m.end() if m.end() > pos else pos + 1
        else:
            out.extend(m for m in rx.finditer(text, lo, hi) if m.end() > m.start())
    return out


def find_candidates(text: str, guards: bool = True) -> list[Candidate]:
    """Every rule's matches, the longest kept where they overlap.  `guards=False` runs each
    rule in all its windows to their ends (what the guards and the early stops must not
    change; for tests)."""
    low = _lowered(text) if guards else None
    windows = _windows(text, low)
    found: list[Candidate] = []
    spans_of: dict[frozenset[str], list[Window]] = {}
    for name, rx in _COMPILED:
        kinds = _KINDS_OF_RULE[name]
        spans = spans_of.get(kinds)
        if spans is None:
            spans = spans_of[kinds] = _spans_of(windows, kinds)
        if spans:
            found.extend(Candidate(m.start(), m.end(), name, m.groupdict())
                         for m in rule_matches(name, rx, text, low, spans))
    # Longest first, then earliest; keep those that overlap nothing kept.
    found.sort(key=lambda c: (-(c.end - c.start), c.start, c.rule))
    kept: list[Candidate] = []
    taken = bytearray(len(text))  # 1 where a kept candidate stands: one look per character
    for c in found:
        if taken.find(1, c.start, c.end) >= 0:
            continue
        kept.append(c)
        taken[c.start : c.end] = b"\x01" * (c.end - c.start)
    kept.sort(key=lambda c: c.start)
    return kept


def year_in(g: dict[str, str | None]) -> int | None:
    """The year of a `_YEAR_AFTER` match: digits, words or two digits."""
    if g.get("year"):
        return int(g["year"] or 0)
    if g.get("syear"):
        return spelled_year(g["syear"] or "")
    if g.get("yy"):
        yy = int(g["yy"] or 0)
        return 2000 + yy if yy < 50 else 1900 + yy
    return None
