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
import calendar
import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
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
    r"Nov\.?|Dec\.?|JANUARY|FEBRUARY|MARCH|APRIL|JUNE|JULY|AUGUST|SEPTEMBER|OCTOBER|"
    r"NOVEMBER|DECEMBER)"
)
_MONTH_CI = (
    r"(?:[Jj]anuary|[Ff]ebruary|[Mm]arch|[Aa]pril|May|[Jj]une|[Jj]uly|[Aa]ugust|"
    r"[Ss]eptember|[Oo]ctober|[Nn]ovember|[Dd]ecember|JANUARY|FEBRUARY|MARCH|APRIL|MAY|JUNE|"
    r"JULY|AUGUST|SEPTEMBER|OCTOBER|NOVEMBER|DECEMBER)"
)
_WD = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|MONDAY|TUESDAY|WEDNESDAY|THURSDAY|FRIDAY|SATURDAY|SUNDAY)"
_YEAR = r"(?:1[6-9]\d\d|20\d\d)"
# Before a date a weekday may be abbreviated: "Tues., March 5", "Wed, 29 Dec 2012".
_WD_ANY = (
    rf"(?:{_WD}|(?:Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun)\.?(?=,?\s+(?:\d|[A-Z][a-z]{{2}})))"
)
_DAY_WORDS = {
    w: i + 1 for i, w in enumerate(
        "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth "
        "thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth "
        "twenty-first twenty-second twenty-third twenty-fourth twenty-fifth twenty-sixth "
        "twenty-seventh twenty-eighth twenty-ninth thirtieth thirty-first".split())
}
# "March 9", "9th", and in words "the ninth of March", "March nineteenth" (transcripts).
_DAY_WORD = "(?i:" + "|".join(sorted(_DAY_WORDS, key=len, reverse=True)) + ")"
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
    rf"(?:(?P<year>{_YEAR})\b{_NOT_AFTER_NUMBER}|(?P<syear>{_SPELLED_YEAR})|"
    r"(?:(?<=of\s)['’]?|['’])(?P<yy>\d\d)\b(?![\d%]|[,.:]\d|\s*(?:%|per\s?cent|percent)))"
)
# A year named by reference: "of that year", "the following year".
_REL_YEAR = (
    r"(?P<refyear>(?i:this|last|next|that|the\s+same|that\s+same|the\s+following|the\s+next|"
    r"the\s+previous|the\s+prior))\s+(?i:year)\b"
)
# A clock time written after a numeric date ("2013-03-22 14:05", "03/22/2013 14:05:09").
_CLOCK_AFTER = r"(?:(?:T|\s+)(?:[01]\d|2[0-3]):[0-5]\d(?::[0-5]\d)?(?![\d:]))?"

# Holidays by name: a fixed day (month, day), the nth weekday of a month (month, weekday,
# n; n = -1 is the last), or days from Easter Sunday.
HOLIDAYS: dict[str, tuple[str, int, int, int]] = {
    "christmas eve": ("fixed", 12, 24, 0), "christmas day": ("fixed", 12, 25, 0),
    "christmas": ("fixed", 12, 25, 0), "new year's eve": ("fixed", 12, 31, 0),
    "new year's day": ("fixed", 1, 1, 0), "new year's": ("fixed", 1, 1, 0),
    "valentine's day": ("fixed", 2, 14, 0), "halloween": ("fixed", 10, 31, 0),
    "independence day": ("fixed", 7, 4, 0), "boxing day": ("fixed", 12, 26, 0),
    "st. patrick's day": ("fixed", 3, 17, 0), "saint patrick's day": ("fixed", 3, 17, 0),
    "april fools' day": ("fixed", 4, 1, 0), "april fool's day": ("fixed", 4, 1, 0),
    "may day": ("fixed", 5, 1, 0), "earth day": ("fixed", 4, 22, 0),
    "bastille day": ("fixed", 7, 14, 0), "veterans day": ("fixed", 11, 11, 0),
    "armistice day": ("fixed", 11, 11, 0), "remembrance day": ("fixed", 11, 11, 0),
    "international women's day": ("fixed", 3, 8, 0), "inauguration day": ("fixed", 1, 20, 0),
    "martin luther king day": ("nth", 1, 0, 3), "presidents' day": ("nth", 2, 0, 3),
    "mother's day": ("nth", 5, 6, 2), "father's day": ("nth", 6, 6, 3),
    "memorial day": ("nth", 5, 0, -1), "labor day": ("nth", 9, 0, 1),
    "columbus day": ("nth", 10, 0, 2), "thanksgiving day": ("nth", 11, 3, 4),
    "election day": ("nth", 11, 1, 1),  # US: the Tuesday after the first Monday (see below)
    "thanksgiving": ("nth", 11, 3, 4),
    "easter sunday": ("easter", 0, 0, 0), "easter monday": ("easter", 1, 0, 0),
    "easter": ("easter", 0, 0, 0), "good friday": ("easter", -2, 0, 0),
    "palm sunday": ("easter", -7, 0, 0), "ash wednesday": ("easter", -46, 0, 0),
    "maundy thursday": ("easter", -3, 0, 0), "pentecost": ("easter", 49, 0, 0),
    "whit monday": ("easter", 50, 0, 0),
    "all saints' day": ("fixed", 11, 1, 0), "groundhog day": ("fixed", 2, 2, 0),
    "epiphany": ("fixed", 1, 6, 0), "fourth of july": ("fixed", 7, 4, 0),
    "juneteenth": ("fixed", 6, 19, 0), "xmas": ("fixed", 12, 25, 0),
    "patriots' day": ("nth", 4, 0, 3), "holy saturday": ("easter", -1, 0, 0),
    "ascension day": ("easter", 39, 0, 0), "whit sunday": ("easter", 49, 0, 0),
    "black friday": ("nth", 11, 3, 4), "cyber monday": ("nth", 11, 3, 4),
}
# Days counted from another holiday: Black Friday is the day after Thanksgiving.
_HOLIDAY_SHIFT = {"black friday": 1, "cyber monday": 4}


def _holiday_pattern(name: str) -> str:
    words = []
    for w in name.split():
        w = re.escape(w if w == "of" else w.capitalize())
        words.append(w.replace("'", "['’]?").replace(r"St\.", r"St\.?"))
    return r"\s+".join(words)


def _holiday_key(name: str) -> str:
    """'St Patricks Day' and "St. Patrick's Day" are one holiday."""
    return " ".join(re.sub(r"['’.]", "", name.lower()).split())


_HOLIDAY_BY_KEY = {_holiday_key(n): rule for n, rule in HOLIDAYS.items()}
# Longest names first, so that "Christmas Eve" is not read as "Christmas".
_HOLIDAY_NAMES = "|".join(_holiday_pattern(n) for n in sorted(HOLIDAYS, key=lambda n: -len(n)))

# (rule name, pattern).  All patterns are tried; overlapping matches are settled by length.
_RULES: list[tuple[str, str]] = [
    ("iso", rf"\b(?P<y>{_YEAR})(?P<sep>[-/])(?P<m>[01]\d)(?P=sep)(?P<d>[0-3]\d)(?!\d){_CLOCK_AFTER}"
            r"(?![\w/-])"),
    # 3/14/2024 (month first, unless the first number cannot be a month: 22/03/2013) and
    # 22.03.2013 (day first, as it is written where dots are used).
    ("numeric", rf"(?<![\d/.])(?P<a>[0-3]?\d)(?P<sep>[/.])(?P<b>[0-3]?\d)(?P=sep)(?P<y>{_YEAR}|\d\d)"
                rf"(?![\d/]|\.\d){_CLOCK_AFTER}"),
    # date_r0b, date_r0f: 10-29-12 (month first, two digits each) and 20121029.
    ("numeric_dash", rf"(?<![\d/.-])(?P<a>0[1-9]|1[0-2])(?P<sep>-)(?P<b>[0-2]\d|3[01])-(?P<y>{_YEAR}|\d\d)"
                     r"(?![\d-]|\.\d)"),
    ("compact", r"(?<![\d.,/-])(?P<y>(?:19|20)\d\d)(?P<m>0[1-9]|1[0-2])(?P<d>0[1-9]|[12]\d|3[01])(?![\d.,/-])"),
    (
        "month_day",
        rf"{_TIME_OF_DAY}(?P<weekof>(?i:the\s+)?(?i:week)\s+of\s+)?"
        r"(?:(?i:this\s+coming|this\s+past|this|last|next|coming)\s+(?=[A-Z][a-z]+day\b))?"
        rf"(?:(?P<wd>{_WD_ANY}),?\s+)?(?:(?P<mod>{_MOD}))?"
        r"(?:(?P<rel>(?i:this|last|next|this\s+coming|this\s+past))\s+)?"
        rf"(?P<month>{_MONTH_ANY})\s+(?P<day>{_DAY})\b(?:,?\s+(?P<year>{_YEAR})\b"
        # "Feb. 25, 2009, Monday": the weekday written after the date is part of it.
        rf"(?:,\s+{_WD}\b(?!['’]))?|\s+of\s+{_REL_YEAR})?{_NOT_AFTER_NUMBER}",
    ),
    (
        "day_month",
        rf"(?:(?P<wd>{_WD_ANY}),?\s+)?(?<![\d,.])(?:the\s+)?"
        rf"(?P<day>{_DAY_NUM}(?=\s+(?:of\s+)?[A-Za-z])|{_DAY_WORD}(?=\s+of\s))\s+(?:of\s+)?"
        rf"(?P<month>{_MONTH_ANY})\b(?:,?\s+(?P<year>{_YEAR})\b|\s+of\s+{_REL_YEAR}|(?!\s*\d))",
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
        rf"(?P<year>{_YEAR})(?![\d%]|s\b|(?<=0)['’]s\b|,\d|\.\d|:\d|[-/](?!\d\d\b|(?:1[6-9]|20)\d\d\b)\d)",
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
        rf"(?P<pyear>{_YEAR})(?:['’]s)?\s+)?(?P<fiscal>(?:fiscal|calendar|year-ago|year-earlier)[\s-]+)*"
        rf"(?P<q>first|second|third|fourth|final|1st|2nd|3rd|4th)[\s-]+"
        rf"(?:fiscal\s+)?quarter)\b(?:\s+of\s+(?:fiscal\s+)?(?P<year>{_YEAR})|,?\s+(?P<year2>{_YEAR})|"
        r"\s+of\s+(?P<oyear>(?i:this|last|next))\s+(?i:year))?",
    ),
    ("q_code", rf"\b(?:Q(?P<q>[1-4])|(?P<q2>[1-4])Q)(?:\s+|\s*/\s*|-)(?P<year>{_YEAR}|\d\d)\b"),
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
        rf"(?P<month>{_MONTH_CI})\b(?:,?\s+(?P<year>{_YEAR})\b)?",
    ),
    (
        "holiday",
        r"\b(?:(?P<rel>(?i:last|next|this))\s+)?(?P<h>" + _HOLIDAY_NAMES + r")"
        r"(?:,?\s+(?P<year>" + _YEAR + r")|\s+['’](?P<yy>\d\d))?\b",
    ),
]
# Every pattern starts at a word boundary: the engine then skips the inside of words at
# once instead of trying each alternative at every character (a third of the run time).
_COMPILED = [(name, re.compile(p if p.startswith((r"\b", "(?<")) else r"\b" + p)) for name, p in _RULES]

# A bare month name needs a cue: "in May", "since March", "early June".  Without one "May"
# is a modal verb, "March" a verb, "June" a name.
# A determiner makes a capitalised "May" a month ("the May elections"), not a lower-case "march".
_DETERMINERS = frozenset(["the", "a", "an", "its", "their", "his", "her", "our", "each", "every", "that"])
_MONTH_CUES = _DETERMINERS | frozenset(
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
_KINDS_OF_RULE = {
    "iso": {"number"}, "numeric": {"number"}, "numeric_dash": {"number"}, "compact": {"number"}, "year_tail": {"number"}, "q_code": {"quarter", "number"}, "year": {"number"},
    "month_day": {"month"}, "day_month": {"month"}, "month_year": {"month"}, "month": {"month"},
    "month_rel_year": {"month"}, "spelled_year": {"spelled"}, "season": {"season"},
    "quarter": {"quarter"}, "rel_day": {"relday"}, "weekday": {"weekday"},
    "rel_unit": {"unit"}, "ago": {"unit"}, "holiday": {"holiday", "month"}, "the_year": {"unit"},
    "time_of_day": {"clock"}, "week_of_month": {"month"}, "ordinal_day": {"ordinal"}, "unit_before": {"unit"}, "part_of_day": {"relday"}, "fiscal_period": {"quarter"},
}
_MARGIN = 40


_WORD_OR_NUMBER = re.compile(r"[A-Za-z]+|\d+")


def _windows(text: str) -> dict[str, list[tuple[int, int]]]:
    """For each kind of date word, the stretches of text around its occurrences."""
    out: dict[str, list[tuple[int, int]]] = {}
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
class _Context:
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
        for m in re.finditer(rf"(?<![\d$£€.,/])\b{_YEAR}\b(?![\d%]|s\b|[.,]\d)", s.text):
            pos = m.start() + s.start
            if c.start <= pos < c.end or _role(self.text, pos) in ("since", "until", "after", "before"):
                continue
            # A year sets the scene for what follows it, in its own clause; after the date
            # it must be close.
            if c.start - 60 <= pos < c.start or c.end <= pos <= c.end + 30:
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
    if year is not None and ctx.dct is not None and year < ctx.dct.year and ctx.tense(c) == "future":
        year = None  # "invited in July 1997, will join on March 12": the year is another date's
    if (year is not None and ctx.dct is not None and ctx.tense(c) == "past"
            and (_safe_day(year, month, day) or ctx.dct) > ctx.dct):
        year = None  # a past event on a day still ahead: the year is another date's
    weekday = WEEKDAYS.get((c.groups.get("wd") or "").lower())
    if year is None and weekday is not None and ctx.dct is not None:
        # "Monday, Oct. 26": the year in which that day is a Monday, nearest to publication.
        y0 = ctx.dct.year
        fits = [d for y in range(y0 - 6, y0 + 7)
                if (d := _safe_day(y, month, day)) is not None and d.weekday() == weekday]
        if fits:
            d = min(fits, key=lambda d: (abs(d.year - y0), d.year > y0))
            return DateValue.of_day(d), "the year in which the weekday fits", "partial"
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
    if (year is not None and ctx.dct is not None and ctx.tense(c) == "past"
            and dt.date(year, month, 1) > ctx.dct):
        year = None  # "The 2013 budget was passed in December": not a December still ahead
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
    if rel[:1] == ["the"]:
        # "the previous Friday", "the following Monday": from the day the text is on.
        base = ctx.last_day or dct
        step = -1 if rel[-1] in ("previous", "prior") else 1
        d = base + dt.timedelta(days=step)
        while d.weekday() != wd:
            d += dt.timedelta(days=step)
        return DateValue.of_day(d), f"{' '.join(rel)} such weekday from {base.isoformat()}", "anaphoric"
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
        possessive = ctx.text.startswith(("'s", "’s"), c.end)
        if possessive and not re.search(r"(?i)\b(?:ahead\s+of|before|until|for)\s+$",
                                        ctx.text[max(0, c.start - 12):c.start]):
            tense = "past"  # "Wednesday's ruling": a thing that exists already
        # "postponed until Tuesday" points ahead; "Until Thursday, they had not ..." back.
        leading_until = re.search(r"(?i)(?:^|[.;:!?\n]\s*|,\s+)(?:until|till)\s+$",
                                  ctx.text[max(0, c.start - 12):c.start])
        until = _role(ctx.text, c.start) == "until" and not (tense == "past" and leading_until)
        if tense == "future" or until:
            d = dct + dt.timedelta(days=forward)
            how = "next such weekday (future tense)"
        elif tense == "present" and forward and forward <= 2:
            d = dct + dt.timedelta(days=forward)
            how = "coming such weekday (present tense)"
        else:
            d = dct - dt.timedelta(days=back)
            how = "latest such weekday (past tense)" if tense == "past" else "latest such weekday"
    return DateValue.of_day(d), f"{how}, counted from {dct.isoformat()} ({dct.strftime('%A')})", "weekday"


def _anchor(ctx: _Context, direction: str, unit: str = "") -> tuple[dt.date | None, str]:
    if direction in ("ago", "from now", "hence"):
        return ctx.dct, "publication date"
    if unit in ("year", "decade") and ctx.last_year is not None:
        # "He married in 2001. A year later ...": a count of years runs from the last year named.
        return dt.date(ctx.last_year, 7, 1), "the year mentioned before"
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
    if rule == "compact":
        d = _safe_day(int(g["y"] or 0), int(g["m"] or 0), int(g["d"] or 0))
        return ((DateValue.of_day(d) if d else None), "compact date", "absolute"), "", None
    if rule == "numeric_dash":
        return _numeric(c.groups, ctx.text[c.start : c.end]), "", None
    if rule == "iso":
        d = _safe_day(int(g["y"] or 0), int(g["m"] or 0), int(g["d"] or 0))
        return ((DateValue.of_day(d) if d else None), "ISO date", "absolute"), "", None
    if rule == "numeric":
        return _numeric(c.groups, ctx.text[c.start : c.end]), "", None
    if rule in ("month_day", "day_month"):
        month = MONTHS[(g["month"] or "").lower().rstrip(".")]
        day = _day_number(g["day"] or "0")
        if g.get("year"):
            d = _safe_day(int(g["year"] or 0), month, day)
            return _week_of(g, ((DateValue.of_day(d) if d else None), "full date", "absolute")), "", None
        if g.get("refyear"):
            year, how = _ref_year(ctx, g["refyear"] or "")
            d = _safe_day(year, month, day) if year is not None else None
            return ((DateValue.of_day(d) if d else None), how, "anaphoric"), "", None
        if g.get("rel"):
            return _rel_month_day(ctx, c, month, day), "", None
        return _week_of(g, _resolve_partial_day(ctx, c, month, day)), "", None
    if rule == "month_year":
        month = MONTHS[(g["month"] or "").lower().rstrip(".")]
        year = _year_in(g)
        return ((DateValue.of_month(year, month) if year else None), "month and year", "absolute"), "", None
    if rule == "month":
        return _resolve_partial_month(ctx, c, MONTHS[(g["month"] or "").lower()]), "", None
    if rule == "year":
        return (DateValue.of_year(int(g["year"] or 0)), "year", "absolute"), "", None
    if rule == "year_tail":
        first = int(ctx.text[c.start - 5 : c.start - 1])
        yy = int(g["yy"] or 0)
        year = first - first % 100 + yy + (100 if (first % 100, yy) == (99, 0) else 0)
        if not 0 < year - first <= 20:
            return (None, "not the end of a range of years", "skip"), "", None
        return (DateValue.of_year(year), "the end of a range of years", "absolute"), "", None
    if rule == "spelled_year":
        year = _spelled_year(g["sy"] or "")
        return ((DateValue.of_year(year) if year else None), "year in words", "absolute"), "", None
    if rule == "month_rel_year":
        year, how = _ref_year(ctx, g["refyear"] or "")
        month = MONTHS[(g["month"] or "").lower()]
        return ((DateValue.of_month(year, month) if year is not None else None), how, "month"), "", None
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
        back = _quarter_back(ctx, c)
        return back if back is not None else ((_ago(ctx, c)), "", None)
    if rule == "time_of_day":
        return _time_of_day(ctx), "", None
    if rule == "unit_before":
        base, base_how = _anchor(ctx, "later")
        if base is None:
            return (None, "no date to count from", "anaphoric"), "", None
        step = -1 if (g["dir"] or "").lower() in ("before", "earlier") else 1
        unit = (g["unit"] or "").lower()
        return (_shift(base, unit, step), f"a {unit} from {base_how} {base.isoformat()}",
                "anaphoric"), "", None
    if rule == "ordinal_day":
        return _ordinal_day(ctx, c, int(g["day"] or 0)), "", None
    if rule == "part_of_day":
        return _part_of_day(ctx, c), "", None
    if rule == "fiscal_period":
        return _fiscal_period(ctx, c)
    if rule == "the_year":
        if ctx.dct is None:
            return (None, "no publication date to count from", "relative"), "", None
        what = (g["what"] or "").lower()
        pre = " ".join((g["pre"] or "").lower().split())
        if not pre.startswith("the") and "end" not in what:
            return (None, "not a date", "skip"), "", None
        if g.get("dir"):
            # "the year before": a year from the year the text last mentioned.
            step = -1 if (g["dir"] or "").lower() in ("before", "earlier") else 1
            base_year = ctx.last_year if ctx.last_year is not None else ctx.dct.year
            how = "the year mentioned before" if ctx.last_year is not None else "publication date"
            return (DateValue.of_year(base_year + step), f"a year from {how}",
                    "anaphoric"), "", None
        year = ctx.dct.year
        if "end" in what and ctx.dct.month < 3:
            year -= 1  # "year-end" written in January or February is the one just past
        return (DateValue.of_year(year), "the year of publication", "relative"), "", None
    if rule == "holiday":
        return _holiday(ctx, c), "", None
    if rule == "week_of_month":
        return _week_of_month(ctx, c), "", None
    raise AssertionError(rule)


def _week_of_month(ctx: _Context, c: _Candidate) -> Resolved:
    """ "The first week of January", "the last week of February": a week of a month."""
    month = MONTHS[(c.groups["month"] or "").lower()]
    if c.groups.get("year"):
        value: DateValue | None = DateValue.of_month(int(c.groups["year"] or 0), month)
        how = "month and year"
    else:
        value, how, _ = _resolve_partial_month(ctx, c, month)
    if value is None:
        return None, how, "month"
    nth = (c.groups["nth"] or "").lower()
    day = (value.last_day() - dt.timedelta(days=3) if nth in ("last", "final")
           else value.first_day() + dt.timedelta(days=7 * (ORDINALS[nth] - 1) + 3))
    return DateValue.of_week(day), f"{nth} week of the month; {how}", "month"


def _week_of(g: dict[str, str | None], r: Resolved) -> Resolved:
    """ "The week of March 25": the week that holds the day."""
    value, how, kind = r
    if not g.get("weekof") or value is None:
        return r
    return DateValue.of_week(value.first_day()), f"the week of {how}", kind


def _day_number(text: str) -> int:
    """ "19", "19th", "nineteenth" -> 19."""
    digits = re.sub(r"\D", "", text)
    return int(digits) if digits else _DAY_WORDS.get(text.lower(), 0)


def _year_in(g: dict[str, str | None]) -> int | None:
    """The year of a `_YEAR_AFTER` match: digits, words or two digits."""
    if g.get("year"):
        return int(g["year"] or 0)
    if g.get("syear"):
        return _spelled_year(g["syear"] or "")
    if g.get("yy"):
        yy = int(g["yy"] or 0)
        return 2000 + yy if yy < 50 else 1900 + yy
    return None


def _ref_year(ctx: _Context, rel: str) -> tuple[int | None, str]:
    """The year "this/last/next year" (from publication) or "that/the same/the following
    year" (from the year the text last mentioned) names."""
    rel = " ".join(rel.lower().split())
    shift = -1 if rel.endswith(("last", "previous", "prior")) else 1 if rel.endswith(
        ("next", "following")) else 0
    if rel.startswith(("that", "the")) and ctx.last_year is not None:
        return ctx.last_year + shift, f"{rel} year, from the year mentioned before"
    if ctx.dct is None:
        return None, "no publication date to count from"
    return ctx.dct.year + shift, f"{rel} year, from publication"


def _rel_month_day(ctx: _Context, c: _Candidate, month: int, day: int) -> Resolved:
    """ "last March 12", "next May 3", "this November 24"."""
    if ctx.dct is None:
        return None, "no publication date to count from", "partial"
    rel = (c.groups.get("rel") or "").lower().split()
    cands = [d for y in (ctx.dct.year - 1, ctx.dct.year, ctx.dct.year + 1)
             if (d := _safe_day(y, month, day)) is not None]
    if rel[-1] == "past" or rel[0] == "last":
        past = [d for d in cands if d <= ctx.dct]
        chosen, how = (max(past) if past else None), "the last such day"
    elif rel[0] == "next" or rel[-1] == "coming":
        future = [d for d in cands if d >= ctx.dct]
        chosen, how = (min(future) if future else None), "the next such day"
    else:
        chosen, how = _safe_day(ctx.dct.year, month, day), "this year's"
    return (DateValue.of_day(chosen) if chosen else None), how, "partial"


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
    if g.get("sep") == "." and len(y) != 4:
        return None, "not a date (a version or a score)", "skip"
    year = int(y) if len(y) == 4 else 2000 + int(y) if int(y) < 50 else 1900 + int(y)
    month, day = (b, a) if a > 12 or g.get("sep") == "." else (a, b)
    d = _safe_day(year, month, day)
    if d is None:
        parsed = _dateparser_day(text)
        return (DateValue.of_day(parsed) if parsed else None), "numeric date (dateparser)", "absolute"
    order = "day first" if (month, day) == (b, a) else "month first"
    return DateValue.of_day(d), f"numeric date, {order}", "absolute"


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
    year = _year_in(g)
    if word == "fall" and not (rel or year or g.get("mod")) and before not in ("in", "during", "this", "last", "next", "the", "by", "until"):
        return (None, "not a season", "skip"), "", None
    if year:
        y = year
        how = "season and year"
    elif ctx.dct is None:
        return (None, "no publication date to take the year from", "season"), "", None
    else:
        ref = ctx.dct
        if rel[:1] == ["the"] and rel[-1] in ("previous", "prior", "following"):
            # "the previous summer": from the date the text is on.
            ref = ctx.last_day or (ctx.last_value.first_day() if ctx.last_value else ctx.dct)
            rel = ["last" if rel[-1] != "following" else "next"]
        cur = ref.year if not (code == 24 and ref.month <= 2) else ref.year - 1
        if rel and rel[-1] in ("last", "past"):
            this = DateValue.of_season(cur, code)
            y = cur if this.last_day() < ref else cur - 1
            how = "the last such season"
        elif rel and rel[-1] in ("next", "coming"):
            this = DateValue.of_season(cur, code)
            y = cur if this.first_day() > ref else cur + 1
            how = "the next such season"
        elif rel == ["this"] and code != 24:  # "this winter" in March may be the one just over
            y, how = cur, "this year's"
        else:
            cands = [(yy, DateValue.of_season(yy, code)) for yy in (cur - 1, cur, cur + 1)]
            v, how = _pick_year(cands, ctx.dct, ctx.tense(c), _role(ctx.text, c.start))
            y = v.year
    value = DateValue.of_season(y, code)
    return (value, how, "season"), f"{y}-{TIMEX_SEASON[code]}", None


def _quarter(ctx: _Context, c: _Candidate) -> tuple[Resolved, str, DateValue | None]:
    g = c.groups
    q_text = (g.get("q") or g.get("q2") or "").lower()
    q = int(q_text) if q_text.isdigit() else ORDINALS[q_text]
    y_text = g.get("year") or g.get("year2") or g.get("pyear")
    ryear = g.get("ryear") or g.get("oyear")
    back = "year-" in (g.get("fiscal") or "").lower()  # "the year-ago third quarter"
    if y_text:
        y = int(y_text) if len(y_text) == 4 else 2000 + int(y_text)
        how = "quarter and year"
    elif ryear and ctx.dct is not None:
        y = ctx.dct.year + {"this": 0, "last": -1, "next": 1}[ryear.lower()]
        how = f"{ryear.lower()} year's quarter"
    elif ctx.dct is None:
        return (None, "no publication date to take the year from", "quarter"), "", None
    else:
        cands = [(yy, DateValue.of_month(yy, 3 * q - 2)) for yy in (ctx.dct.year - 1, ctx.dct.year)]
        v, how = _pick_year(cands, ctx.dct, ctx.tense(c), "")
        y = v.year
    if back:
        return _quarter_value(y - 1, q, f"a year before: {how}", "anaphoric")
    return (DateValue.of_month(y, 3 * q - 2), how, "quarter"), f"{y}-Q{q}", DateValue.of_month(y, 3 * q)


def _rel_day(ctx: _Context, word: str) -> Resolved:
    if ctx.dct is None:
        return None, "no publication date to count from", "relative"
    offsets = {"yesterday": -1, "today": 0, "tomorrow": 1, "tonight": 0, "last night": -1,
               "last evening": -1}
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
    anaphoric = rel in ("the following", "the next", "the previous", "the prior") or rel.endswith(
        ("in the", "that", "same"))
    if rel == "the next" and unit != "day":
        anaphoric = ctx.last_day is not None or (unit == "year" and ctx.last_year is not None)
    base, base_how = (_anchor(ctx, "later", unit) if anaphoric else (ctx.dct, "publication date"))
    if base is None:
        return (None, "no date to count from", "relative"), "", None
    if "last" in rel.split() or "past" in rel or "previous" in rel or "prior" in rel or "latest" in rel:
        n = -1
    elif "next" in rel or "coming" in rel or "following" in rel:
        n = 1
    else:
        n = 0
    if rel == "the past" or rel == "the last":
        n = -1
    if unit == "day" and n == 0 and not rel.endswith(("same", "that")):
        return (None, "not a date", "skip"), "", None
    value = _shift(base, unit, n)
    timex = ""
    if unit == "weekend":
        if rel == "the":  # "over the weekend": the last one, or the next in a plan
            n = 1 if ctx.tense(c) == "future" else -1
        sat = _weekend(base, n)
        value = DateValue.of_week(sat)
        timex = f"{value.iso()}-WE"
    if unit == "quarter":
        q = (value.month - 1) // 3 + 1
        start = DateValue.of_month(value.year, 3 * q - 2)
        return ((start, f"{rel} quarter from {base_how}", "anaphoric" if anaphoric else "relative"),
                f"{value.year}-Q{q}", DateValue.of_month(value.year, 3 * q))
    kind = "anaphoric" if anaphoric else "relative"
    return (value, f"{rel} {unit}, counted from {base_how} {base.isoformat()}", kind), timex, None


def _weekend(base: dt.date, n: int) -> dt.date:
    """The Saturday of the weekend `n` weekends from `base` (0: this one, -1: the last)."""
    wd = base.weekday()
    if n == 0:
        return base + dt.timedelta(days=5 - wd)
    if n < 0:
        return base - dt.timedelta(days=((wd - 5) % 7 or 7) + 7 * (-n - 1))
    return base + dt.timedelta(days=((5 - wd) % 7 or 7) + 7 * (n - 1))


def _ago(ctx: _Context, c: _Candidate) -> Resolved:
    g = c.groups
    n_text = " ".join((g["n"] or "").lower().split())
    n = int(n_text) if n_text.isdigit() else NUMBERS.get(n_text)
    if n is None and (tens := n_text.replace("-", " ").split())[0] in _TENS:
        n = _TENS[tens[0]] + (_UNITS.get(tens[1], 0) if len(tens) > 1 else 0)
    unit = (g["unit"] or "").lower()
    direction = " ".join((g["dir"] or "").lower().split())
    if n is None:
        return None, "vague amount", "skip"
    if unit in ("hour", "minute"):
        # "two hours ago": a time on the day of publication (TimeML compares it by the day);
        # "an hour later" is mostly a duration in the annotations.
        if direction != "ago" or ctx.dct is None:
            return None, "a span of hours", "skip"
        days = n // 24 if unit == "hour" else 0
        return (DateValue.of_day(ctx.dct - dt.timedelta(days=days)), f"{n} {unit}(s) ago",
                "relative")
    base, base_how = _anchor(ctx, direction, unit)
    if base is None:
        return None, "no date to count from", "relative"
    sign = -1 if direction in ("ago", "earlier", "before", "prior") else 1
    value = _shift(base, unit, sign * n)
    coarse = ctx.last_value
    if base_how == "the date mentioned before" and coarse is not None and coarse.precision != "day":
        # "mid-June ... a week later": no finer than the date it counts from.
        middle = coarse.first_day() + (coarse.last_day() - coarse.first_day()) / 2
        moved = _shift(middle, unit, sign * n)
        value = _coarsen(moved.first_day(), coarse.precision) if unit == "day" or unit == "week" else moved
        return value, f"{n} {unit}(s) {direction} {coarse.iso()}, kept at its precision", "anaphoric"
    kind = "relative" if direction in ("ago", "from now", "hence") else "anaphoric"
    return value, f"{n} {unit}(s) {direction}, counted from {base_how} {base.isoformat()}", kind


def _ordinal_day(ctx: _Context, c: _Candidate, day: int) -> Resolved:
    """"On the 15th": that day of the month the text last named, else of the month around
    publication that the tense points to."""
    ofm = (c.groups.get("ofm") or "").lower()
    if ofm and ctx.dct is not None:
        # "the 3rd of this month", "the 15th of next month"
        y, m = _add_months(ctx.dct.replace(day=1), {"this": 0, "last": -1, "next": 1}[ofm])
        d = _safe_day(y, m, day)
        return (DateValue.of_day(d) if d else None), f"day of {ofm} month", "relative"
    last = ctx.last_value
    if last is not None and last.precision in ("day", "month"):
        d = _safe_day(last.year, last.month, day)
        return ((DateValue.of_day(d) if d else None), "day of the month mentioned before",
                "anaphoric")
    if ctx.dct is None:
        return None, "no publication date to take the month from", "partial"
    cands = []
    for shift in (-1, 0, 1):
        y, m = _add_months(ctx.dct.replace(day=1), shift)
        d = _safe_day(y, m, day)
        if d:
            cands.append((m, DateValue.of_day(d)))
    value, how = _pick_year(cands, ctx.dct, ctx.tense(c), _role(ctx.text, c.start))
    return value, f"month from publication date {ctx.dct.isoformat()}: {how}", "partial"


_NEXT_DAY = re.compile(
    r"(?:\s*(?:,|,?\s+(?:and|or|to|through|until))\s+(?:on\s+)?|\s*[-–]\s*)"
    r"(?P<day>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?\b(?!\s*(?:%|[:.,]\d|-\w))"
    rf"(?:,?\s+(?P<year>{_YEAR})\b(?![\d%]|[,.:]\d))?"
    r"(?!\s+(?!(?:and|or|to|through|until|in|at|on|of|for|with)\b)[A-Za-z])")


def _conjoined_days(text: str, e: TimeExpr) -> list[TimeExpr]:
    """"April 24 and 25", "March 3, 4 and 5": the later days of the same month."""
    assert e.value is not None
    out: list[TimeExpr] = []
    pos = e.end
    while m := _NEXT_DAY.match(text, pos):
        year = int(m.group("year")) if m.group("year") else e.value.year
        d = _safe_day(year, e.value.month, int(m.group("day")))
        if d is None or d <= (out[-1].value.first_day() if out and out[-1].value else
                              e.value.first_day()):
            break
        out.append(replace(e, start=m.start("day"), end=m.end(), text=text[m.start("day"):m.end()],
                           value=DateValue.of_day(d), timex=d.isoformat(),
                           how=f"{e.how}; a later day of the same month"))
        pos = m.end()
    return out


# "3 to 6 May", "12-14 March": the first day of a range written before its month.
_DAY_BEFORE = re.compile(r"(?<![\d,.$])\b(?P<day>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
                         r"(?:\s*[-–]\s*|\s+(?:to|and|or|until|through)\s+)$")


def _leading_day(text: str, e: TimeExpr) -> TimeExpr | None:
    assert e.value is not None
    m = _DAY_BEFORE.search(text, max(0, e.start - 16), e.start)
    if m is None:
        return None
    d = _safe_day(e.value.year, e.value.month, int(m.group("day")))
    if d is None or d >= e.value.first_day():
        return None
    return replace(e, start=m.start("day"), end=m.end("day"),
                   text=text[m.start("day"):m.end("day")], value=DateValue.of_day(d),
                   timex=d.isoformat(), how=f"{e.how}; an earlier day of the same month")


def _time_of_day(ctx: _Context) -> Resolved:
    """"At 10:35 a.m.": the day the text is talking about (TimeML compares it at day level)."""
    if ctx.last_day is not None:
        return DateValue.of_day(ctx.last_day), "time of day, on the date mentioned before", "anaphoric"
    if ctx.dct is None:
        return None, "no date to count from", "relative"
    return DateValue.of_day(ctx.dct), "time of day, on the publication date", "time"


def _part_of_day(ctx: _Context, c: _Candidate) -> Resolved:
    """"That morning", "the next evening": a part of the day the text last mentioned."""
    rel = " ".join((c.groups["rel"] or "").lower().split())
    shift = {"the next": 1, "the following": 1, "the previous": -1}.get(rel, 0)
    base = ctx.last_day or (ctx.dct if shift else None)  # "the next morning": from publication
    if base is None:
        return None, "no date mentioned before", "skip"
    day = base + dt.timedelta(days=shift)
    return DateValue.of_day(day), f"{rel} {c.groups['part']}, from the date mentioned before", "anaphoric"


def _quarter_value(year: int, q: int, how: str, kind: str = "quarter"
                   ) -> tuple[Resolved, str, DateValue | None]:
    return ((DateValue.of_month(year, 3 * q - 2), how, kind), f"{year}-Q{q}",
            DateValue.of_month(year, 3 * q))


def _reference_quarter(ctx: _Context, latest: bool) -> tuple[tuple[int, int], str] | None:
    """The quarter a report talks about: the last one that ended before publication
    (earnings are reported after the quarter closes), or for "the quarter" the one the text
    last named, if that one has begun."""
    if ctx.dct is None:
        return None
    q = (ctx.dct.month - 1) // 3  # the quarter before the current one, 0..3
    closed = (ctx.dct.year - 1, 4) if q == 0 else (ctx.dct.year, q)
    if not latest and ctx.last_quarter is not None and ctx.last_quarter <= (
            ctx.dct.year, q + 1):
        return ctx.last_quarter, "the quarter mentioned before"
    return closed, "the last quarter before publication"


_YEAR_BACK = ("year-earlier", "year-ago", "year earlier", "prior-year")


def _fiscal_period(ctx: _Context, c: _Candidate) -> tuple[Resolved, str, DateValue | None]:
    """Earnings-report periods: "the quarter", "the latest period", "the year-ago quarter"."""
    g = c.groups
    skip: tuple[Resolved, str, DateValue | None] = ((None, "not a date", "skip"), "", None)
    which = " ".join((g.get("which") or "").lower().replace("-", "- ").split()).replace("- ", "-")
    adj = (g.get("adj") or g.get("adj2") or "").lower()
    what = g.get("what") or ""
    pre = (g.get("pre") or "").lower()
    back = bool(adj or g.get("after")) or pre.startswith("last") or any(w in which for w in _YEAR_BACK)
    fyear = int(g["fyear"] or 0) if g.get("fyear") else None
    if what:
        if not what.islower() or not (pre or which or fyear):
            return skip  # "a quarter of", "the French Quarter"
        if fyear is not None and ctx.last_quarter is None:
            # "the 1988 period" with no quarter in sight: that year.
            return (DateValue.of_year(fyear), "the year of the period", "absolute"), "", None
        if what == "period" and not (back or "latest" in which or "recent" in which
                                     or ctx.last_was_quarter or fyear):
            return skip  # "the period" names a quarter only in a report about quarters
        if not back and any(w in which for w in ("comparable", "corresponding", "same")):
            return skip  # "the same period last year": the year that follows decides
    latest = any(w in which for w in ("latest", "recent", "just-ended"))
    ref = _reference_quarter(ctx, latest)
    if ref is None:
        return (None, "no publication date to count from", "quarter"), "", None
    (year, q), how = ref
    if adj and ctx.last_quarter is None and ctx.dct is not None:
        # "year-earlier" results with no quarter in sight: the year before publication.
        return (DateValue.of_year(ctx.dct.year - 1), "the year before publication",
                "relative"), "", None
    if fyear is not None:
        return _quarter_value(fyear, q, f"{how}, in the year named", "quarter")
    if back:
        return _quarter_value(year - 1, q, f"a year before {how}", "anaphoric")
    return _quarter_value(year, q, how)


def _quarter_back(ctx: _Context, c: _Candidate) -> tuple[Resolved, str, DateValue | None] | None:
    """"A year earlier" right after a quarter is that quarter a year before."""
    g = c.groups
    if not ctx.last_was_quarter or ctx.last_quarter is None:
        return None
    unit = (g["unit"] or "").lower()
    n_text = " ".join((g["n"] or "").lower().split())
    direction = " ".join((g["dir"] or "").lower().split())
    if unit != "year" or n_text not in ("a", "one", "1") or direction not in ("earlier", "ago", "before"):
        return None
    year, q = ctx.last_quarter
    return _quarter_value(year - 1, q, f"the quarter mentioned before, a year {direction}",
                          "anaphoric")


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
    n = _holiday_key(name)
    kind, a, b, k = _HOLIDAY_BY_KEY[n]
    if kind == "fixed":
        return dt.date(year, a, b)
    if kind == "easter":
        return _easter(year) + dt.timedelta(days=a)
    if k < 0:  # the last such weekday of the month
        last = dt.date(year, a, calendar.monthrange(year, a)[1])
        return last - dt.timedelta(days=(last.weekday() - b) % 7)
    first = dt.date(year, a, 1)
    if n == "election day":  # the Tuesday after the first Monday, never November 1
        first += dt.timedelta(days=1)
    return first + dt.timedelta(days=(b - first.weekday()) % 7 + 7 * (k - 1)
                                + _HOLIDAY_SHIFT.get(n, 0))


def _holiday(ctx: _Context, c: _Candidate) -> Resolved:
    name = c.groups["h"] or ""
    year = _year_in(c.groups)
    if year:
        return DateValue.of_day(_holiday_date(name, year)), "holiday and year", "absolute"
    if ctx.dct is None:
        return None, "no publication date to take the year from", "partial"
    y0 = ctx.dct.year
    cands = [(y, DateValue.of_day(_holiday_date(name, y))) for y in (y0 - 1, y0, y0 + 1)]
    rel = (c.groups.get("rel") or "").lower()
    if rel == "last":
        return max((v for _, v in cands if v.first_day() < ctx.dct), key=DateValue.first_day), \
            "the last such holiday", "partial"
    if rel == "next":
        return min((v for _, v in cands if v.first_day() > ctx.dct), key=DateValue.first_day), \
            "the next such holiday", "partial"
    if rel == "this":
        return DateValue.of_day(_holiday_date(name, y0)), "this year's holiday", "partial"
    value, how = _pick_year(cands, ctx.dct, ctx.tense(c), _role(ctx.text, c.start))
    return value, f"holiday; {how}", "partial"


def _acceptable(ctx: _Context, c: _Candidate) -> bool:
    """Reject matches that are not dates in context ("May" the verb, "June" the name)."""
    g = c.groups
    if c.rule == "month":
        month = (g["month"] or "").lower()
        before = _word_before(ctx.text, c.start)
        cue = bool(g.get("mod") or g.get("rel")) or before in _MONTH_CUES
        if before in _DETERMINERS and not (g["month"] or "")[0].isupper():
            cue = False
        after = ctx.text[c.end : c.end + 24]
        if not (g["month"] or "")[0].isupper() or (month == "may" and not cue):
            # "may" the modal, "march" the verb; "May" needs a cue, or a possessive.
            if not (cue or after.startswith(("'s", "’s"))) or (g["month"] or "") == "may":
                return False
        elif month == "march" and (not cue or before in _DETERMINERS) and re.match(
                r"\s+(?:for|against|on|to|through|past|toward|towards)\s+(?:the\s+)?[A-Z]", after):
            return False  # "March on Washington", "March for Our Lives"
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
        m = re.match(r"(?i)(?:earlier|later)\s+(?=(?:this|next|last)\b)", phrase)
        if m:
            return c.start + m.end()
    if c.rule in ("quarter", "fiscal_period"):
        m = re.match(r"(?i)(?:its\s+|the\s+(?=\w+-quarter))", phrase)
        if m:
            return c.start + m.end()
    return c.start


# Rules whose day is borrowed from the text around them are less sure than the rest.
_CONFIDENCE = {"time_of_day": 0.5, "part_of_day": 0.6, "fiscal_period": 0.6}
_QUARTER_TIMEX = re.compile(r"^(\d{4})-Q([1-4])$")


def extract(
    text: str, dct: dt.date | None, sentences: Sequence[Sentence] | None = None
) -> list[TimeExpr]:
    """Every calendar expression in `text`, in order, resolved against `dct`."""
    sents = list(sentences) if sentences is not None else split_sentences(text)
    ctx = _Context(text, dct, sents, [s.start for s in sents])
    out: list[TimeExpr] = []
    covered = 0  # the end of the last expression kept, with the days conjoined to it
    for c in _find(text):
        if c.start < covered or not _acceptable(ctx, c):
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
                confidence=_CONFIDENCE.get(c.rule, 1.0 if kind == "absolute" else 0.8),
                range_end=end,
                timex=_timex(value, c, timex),
            )
        )
        if c.rule == "day_month" and value is not None and value.precision == "day":
            first = _leading_day(text, out[-1])
            if first is not None and (len(out) < 2 or out[-2].end <= first.start):
                out.insert(len(out) - 1, first)
        if (c.rule in ("month_day", "day_month", "ordinal_day") and value is not None
                and value.precision == "day"):
            out.extend(_conjoined_days(text, out[-1]))
            value = out[-1].value
        covered = out[-1].end
        quarter = _QUARTER_TIMEX.match(out[-1].timex)
        if quarter and kind != "anaphoric":  # a year-ago comparison does not change the topic
            ctx.last_quarter = (int(quarter.group(1)), int(quarter.group(2)))
        if value is not None:
            ctx.last_was_quarter = quarter is not None
        if value is not None and _role(text, start) != "since":
            ctx.last_year = value.year
        if value is not None and value.precision != "year" and _role(text, start) != "since":
            ctx.last_value = value
            if value.precision == "day":
                ctx.last_day = value.first_day()
    return out

