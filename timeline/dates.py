"""Temporal expressions: find them in text and resolve them against a reference date.

Two steps, as in HeidelTime: patterns find candidate phrases (longest match wins), then each
is normalised to a calendar value.  Absolute dates carry their own value; partial ones
("May 16", "in February", "on Monday") take the year or week from the publication date and
the tense of their clause; anaphoric ones ("a day earlier") take it from the last date the
text mentioned.  Numeric and dateline formats are normalised by dateparser, the library of
record for date strings; the search around it is ours, because `search_dates` both misses
and invents dates in running prose (see its issue tracker: "may" the verb, "24 hours").

This module is the entry point (`extract`, `parse_date_string`): it keeps the matches that
are dates in context, sets their spans as TimeML does, adds the days conjoined to a date
("April 24 and 25") and remembers what the text last mentioned.  The parts:

- `datewords`: month, weekday, season and number words, and years written in words;
- `holidays`: the holiday table and the day each falls on (Easter included);
- `daterules`: the rule table and the trigger-word windows that find candidate phrases;
- `datecontext`: the text, the publication date and the dates mentioned so far, and the
  calendar helpers the resolvers share;
- `dateresolve`: one value per phrase: absolute and partial dates (year from the tense);
- `daterelative`: dates counted from publication or from the last date mentioned;
- `datequarters`: quarters and earnings-report periods.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import replace

from .datecontext import Context, role_at, safe_day, word_before
from .dateresolve import parse_date_string, resolve
from .daterules import YEAR, Candidate, find_candidates
from .datewords import MONTHS, NUMBERS, ORDINALS, SEASONS, TIMEX_SEASON, WEEKDAYS
from .holidays import HOLIDAYS
from .model import DateValue, Sentence, TimeExpr
from .text import split_sentences

# The names `timeline.dates` has always offered, wherever they now live.
__all__ = [
    "HOLIDAYS", "MONTHS", "NUMBERS", "ORDINALS", "SEASONS", "TIMEX_SEASON", "WEEKDAYS",
    "extract", "parse_date_string",
]

# A bare month name needs a cue: "in May", "since March", "early June".  Without one "May"
# is a modal verb, "March" a verb, "June" a name.
# A determiner makes a capitalised "May" a month ("the May elections"), not a lower-case "march".
_DETERMINERS = frozenset(["the", "a", "an", "its", "their", "his", "her", "our", "each", "every", "that"])
_MONTH_CUES = _DETERMINERS | frozenset(
    ["in", "since", "until", "till", "by", "from", "through", "throughout", "during", "before", "after", "of", "between", "and", "to", "or", "last", "next", "this", "early", "mid", "late", "end", "beginning", "start", "middle", "on", "for", "around", "until"]
)


def _mod(groups: dict[str, str | None]) -> str:
    m = (groups.get("mod") or "").lower()
    if not m:
        return ""
    if "early" in m or "beginning" in m or "start" in m:
        return "START"
    if "mid" in m or "middle" in m:
        return "MID"
    return "END"


_NEXT_DAY = re.compile(
    r"(?:\s*(?:,|,?\s+(?:and|or|to|through|until))\s+(?:on\s+)?|\s*[-–]\s*)"
    r"(?P<day>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?\b(?!\s*(?:%|[:.,]\d|-\w))"
    rf"(?:,?\s+(?P<year>{YEAR})\b(?![\d%]|[,.:]\d))?"
    r"(?!\s+(?!(?:and|or|to|through|until|in|at|on|of|for|with)\b)[A-Za-z])")


def _conjoined_days(text: str, e: TimeExpr) -> list[TimeExpr]:
    """"April 24 and 25", "March 3, 4 and 5": the later days of the same month."""
    assert e.value is not None
    out: list[TimeExpr] = []
    pos = e.end
    while m := _NEXT_DAY.match(text, pos):
        year = int(m.group("year")) if m.group("year") else e.value.year
        d = safe_day(year, e.value.month, int(m.group("day")))
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
    d = safe_day(e.value.year, e.value.month, int(m.group("day")))
    if d is None or d >= e.value.first_day():
        return None
    return replace(e, start=m.start("day"), end=m.end("day"),
                   text=text[m.start("day"):m.end("day")], value=DateValue.of_day(d),
                   timex=d.isoformat(), how=f"{e.how}; an earlier day of the same month")


# The patterns `_acceptable` and `_trimmed_start` look at the text around a match with.
_MARCH_ON = re.compile(r"\s+(?:for|against|on|to|through|past|toward|towards)\s+(?:the\s+)?[A-Z]")
_NAME_AFTER = re.compile(r"\s+[A-Z][a-z]")
_WEEKDAY_RANGE = re.compile(r"\s*[-–]\s*(?:Friday|Monday|Tuesday|Wednesday|Thursday|Saturday|Sunday)")
_COUNTED = re.compile(
    r"\s+(?:people|persons|soldiers|troops|votes|km|kilomet|miles|metres|meters|feet|tons|tonnes|points|units|cars|homes|jobs|members|seats|deaths|cases|dollars|euros|yards|acres|barrels|shares|employees|workers|students|children|men|women|residents|pounds|kilograms|kg|hours|minutes|pages|words)\b")
_NUMBERED = re.compile(
    r"(?:no\.|number|flight|route|room|page|item|code|article|section|resolution|highway|\$|rs\.?)\s*$")
_ON = re.compile(r"(?i)on\s+")
_EARLIER_THIS = re.compile(r"(?i)(?:earlier|later)\s+(?=(?:this|next|last)\b)")
_ITS_THE = re.compile(r"(?i)(?:its\s+|the\s+(?=\w+-quarter))")


def _acceptable(ctx: Context, c: Candidate) -> bool:
    """Reject matches that are not dates in context ("May" the verb, "June" the name)."""
    g = c.groups
    if c.rule == "month":
        month = (g["month"] or "").lower()
        before = word_before(ctx.text, c.start)
        cue = bool(g.get("mod") or g.get("rel")) or before in _MONTH_CUES
        if before in _DETERMINERS and not (g["month"] or "")[0].isupper():
            cue = False
        after = ctx.text[c.end : c.end + 24]
        if not (g["month"] or "")[0].isupper() or (month == "may" and not cue):
            # "may" the modal, "march" the verb; "May" needs a cue, or a possessive.
            if not (cue or after.startswith(("'s", "’s"))) or (g["month"] or "") == "may":
                return False
        elif month == "march" and (not cue or before in _DETERMINERS) and _MARCH_ON.match(after):
            return False  # "March on Washington", "March for Our Lives"
        # "June Carter", "April Ryan": a capitalised word right after is a name.
        return not (_NAME_AFTER.match(after) and not cue)
    if c.rule == "weekday" and (g.get("rel") or "").lower().strip() == "":
        after = ctx.text[c.end : c.end + 12]
        if _WEEKDAY_RANGE.match(after):
            return True
    if c.rule == "year":
        after = ctx.text[c.end : c.end + 24].lower()
        if _COUNTED.match(after):
            return False
        before = ctx.text[max(0, c.start - 12) : c.start].lower()
        if _NUMBERED.search(before):
            return False
    return True


def _timex(value: DateValue | None, c: Candidate, explicit: str) -> str:
    if explicit:
        return explicit
    if value is None:
        return ""
    if value.precision == "season":
        return f"{value.year}-{TIMEX_SEASON[value.season]}"
    return value.iso()


def _trimmed_start(text: str, c: Candidate) -> int:
    """TimeML's span conventions: "on Monday" -> "Monday", "earlier this week" -> "this week"."""
    phrase = text[c.start : c.end]
    if c.rule == "weekday":
        m = _ON.match(phrase)
        if m:
            return c.start + m.end()
    if c.rule == "rel_unit" and (c.groups.get("unit") or "").lower() == "week":
        m = _EARLIER_THIS.match(phrase)
        if m:
            return c.start + m.end()
    if c.rule in ("quarter", "fiscal_period"):
        m = _ITS_THE.match(phrase)
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
    ctx = Context(text, dct, sents, [s.start for s in sents])
    out: list[TimeExpr] = []
    covered = 0  # the end of the last expression kept, with the days conjoined to it
    for c in find_candidates(text):
        if c.start < covered or not _acceptable(ctx, c):
            continue
        try:
            (value, how, kind), timex, end = resolve(ctx, c)
            for v in (value, end):  # "next year" in 9999 makes a year 10000 that no day is in
                if v is not None:
                    v.first_day(), v.last_day()
        except (OverflowError, ValueError):  # counts past year 1 or 9999: not a calendar date
            continue
        if kind == "skip":
            continue
        start, stop = c.start, c.end
        start = _trimmed_start(text, c)
        role = role_at(text, start)
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
                role=role,
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
        if value is not None and role != "since":
            ctx.last_year = value.year
        if value is not None and value.precision != "year" and role != "since":
            ctx.last_value = value
            if value.precision == "day":
                ctx.last_day = value.first_day()
    return out

