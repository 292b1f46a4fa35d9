"""Resolution: one calendar value for each date phrase the rules found.

`resolve` sends each match to the reader of its rule.  Absolute dates carry their own value
(numeric oddities go to dateparser); partial ones ("May 16", "in February", "next
spring", "Thanksgiving") take the year from the sentence or the publication date and the
tense of their clause; relative and anaphoric ones are in `daterelative`, quarters in
`datequarters`.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from .datecontext import Context, Resolved, pick_year, role_at, safe_day, word_before
from .datequarters import fiscal_period, quarter, quarter_back
from .daterelative import (
    ago,
    ordinal_day,
    part_of_day,
    ref_year,
    rel_day,
    rel_month_day,
    rel_unit,
    the_year,
    time_of_day,
    unit_before,
    weekday_value,
)
from .daterules import Candidate, year_in
from .datewords import MONTHS, ORDINALS, SEASONS, TIMEX_SEASON, WEEKDAYS, day_number, spelled_year
from .holidays import holiday_date
from .model import DateValue


def resolve(ctx: Context, c: Candidate) -> tuple[Resolved, str, DateValue | None]:
    """(value, how, kind), the TimeML value, and the end of a range."""
    g = c.groups
    rule = c.rule
    if rule in ("iso", "compact"):
        d = safe_day(int(g["y"] or 0), int(g["m"] or 0), int(g["d"] or 0))
        how = "ISO date" if rule == "iso" else "compact date"
        return ((DateValue.of_day(d) if d else None), how, "absolute"), "", None
    if rule in ("numeric", "numeric_dash"):
        return _numeric(c.groups, ctx.text[c.start : c.end]), "", None
    if rule in ("month_day", "day_month"):
        month = MONTHS[(g["month"] or "").lower().rstrip(".")]
        day = day_number(g["day"] or "0")
        if g.get("year"):
            d = safe_day(int(g["year"] or 0), month, day)
            return _week_of(g, ((DateValue.of_day(d) if d else None), "full date", "absolute")), "", None
        if g.get("refyear"):
            year, how = ref_year(ctx, g["refyear"] or "")
            d = safe_day(year, month, day) if year is not None else None
            return ((DateValue.of_day(d) if d else None), how, "anaphoric"), "", None
        if g.get("rel"):
            return rel_month_day(ctx, c, month, day), "", None
        return _week_of(g, _resolve_partial_day(ctx, c, month, day)), "", None
    if rule == "month_year":
        month = MONTHS[(g["month"] or "").lower().rstrip(".")]
        year = year_in(g)
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
        year = spelled_year(g["sy"] or "")
        return ((DateValue.of_year(year) if year else None), "year in words", "absolute"), "", None
    if rule == "month_rel_year":
        year, how = ref_year(ctx, g["refyear"] or "")
        month = MONTHS[(g["month"] or "").lower()]
        return ((DateValue.of_month(year, month) if year is not None else None), how, "month"), "", None
    if rule == "season":
        return _season(ctx, c)
    if rule in ("quarter", "q_code"):
        return quarter(ctx, c)
    if rule == "rel_day":
        return rel_day(ctx, (g["word"] or "").lower()), "", None
    if rule == "weekday":
        return weekday_value(ctx, c, WEEKDAYS[(g["wd"] or "").lower()]), "", None
    if rule == "rel_unit":
        return rel_unit(ctx, c)
    if rule == "ago":
        back = quarter_back(ctx, c)
        return back if back is not None else ((ago(ctx, c)), "", None)
    if rule == "time_of_day":
        return time_of_day(ctx), "", None
    if rule == "unit_before":
        return unit_before(ctx, c), "", None
    if rule == "ordinal_day":
        return ordinal_day(ctx, c, int(g["day"] or 0)), "", None
    if rule == "part_of_day":
        return part_of_day(ctx, c), "", None
    if rule == "fiscal_period":
        return fiscal_period(ctx, c)
    if rule == "the_year":
        return the_year(ctx, c), "", None
    if rule == "holiday":
        return _holiday(ctx, c), "", None
    if rule == "week_of_month":
        return _week_of_month(ctx, c), "", None
    raise AssertionError(rule)


def _week_of_month(ctx: Context, c: Candidate) -> Resolved:
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


def _resolve_partial_day(ctx: Context, c: Candidate, month: int, day: int) -> Resolved:
    year = ctx.sentence_year(c)
    if year is not None and ctx.dct is not None and year < ctx.dct.year and ctx.tense(c) == "future":
        year = None  # "invited in July 1997, will join on March 12": the year is another date's
    if (year is not None and ctx.dct is not None and ctx.tense(c) == "past"
            and (safe_day(year, month, day) or ctx.dct) > ctx.dct):
        year = None  # a past event on a day still ahead: the year is another date's
    weekday = WEEKDAYS.get((c.groups.get("wd") or "").lower())
    if year is None and weekday is not None and ctx.dct is not None:
        # "Monday, Oct. 26": the year in which that day is a Monday, nearest to publication.
        y0 = ctx.dct.year
        fits = [d for y in range(y0 - 6, y0 + 7)
                if (d := safe_day(y, month, day)) is not None and d.weekday() == weekday]
        if fits:
            d = min(fits, key=lambda d: (abs(d.year - y0), d.year > y0))
            return DateValue.of_day(d), "the year in which the weekday fits", "partial"
    if year is not None:
        d = safe_day(year, month, day)
        return (DateValue.of_day(d) if d else None), f"year {year} stated in the sentence", "partial"
    if ctx.dct is None:
        return None, "no publication date to take the year from", "partial"
    cands = []
    for y in (ctx.dct.year - 1, ctx.dct.year, ctx.dct.year + 1):
        d = safe_day(y, month, day)
        if d:
            cands.append((y, DateValue.of_day(d)))
    if not cands:
        return None, "no such day", "partial"
    value, how = pick_year(cands, ctx.dct, ctx.tense(c), role_at(ctx.text, c.start))
    return value, f"year from publication date {ctx.dct.isoformat()}: {how}", "partial"


def _resolve_partial_month(ctx: Context, c: Candidate, month: int) -> Resolved:
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
    value, how = pick_year(cands, ctx.dct, ctx.tense(c), role_at(ctx.text, c.start))
    return value, f"year from publication date {ctx.dct.isoformat()}: {how}", "month"


def _numeric(g: dict[str, str | None], text: str) -> Resolved:
    a, b, y = int(g["a"] or 0), int(g["b"] or 0), g["y"] or ""
    if g.get("sep") == "." and len(y) != 4:
        return None, "not a date (a version or a score)", "skip"
    year = int(y) if len(y) == 4 else 2000 + int(y) if int(y) < 50 else 1900 + int(y)
    month, day = (b, a) if a > 12 or g.get("sep") == "." else (a, b)
    d = safe_day(year, month, day)
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


def _season(ctx: Context, c: Candidate) -> tuple[Resolved, str, DateValue | None]:
    g = c.groups
    word = (g["season"] or "").lower()
    code = SEASONS[word]
    rel = (g.get("rel") or "").lower().split()
    before = word_before(ctx.text, c.start)
    year = year_in(g)
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
            v, how = pick_year(cands, ctx.dct, ctx.tense(c), role_at(ctx.text, c.start))
            y = v.year
    value = DateValue.of_season(y, code)
    return (value, how, "season"), f"{y}-{TIMEX_SEASON[code]}", None


def _holiday(ctx: Context, c: Candidate) -> Resolved:
    name = c.groups["h"] or ""
    year = year_in(c.groups)
    if year:
        return DateValue.of_day(holiday_date(name, year)), "holiday and year", "absolute"
    if ctx.dct is None:
        return None, "no publication date to take the year from", "partial"
    y0 = ctx.dct.year
    cands = [(y, DateValue.of_day(holiday_date(name, y))) for y in (y0 - 1, y0, y0 + 1)]
    rel = (c.groups.get("rel") or "").lower()
    if rel == "last":
        return max((v for _, v in cands if v.first_day() < ctx.dct), key=DateValue.first_day), \
            "the last such holiday", "partial"
    if rel == "next":
        return min((v for _, v in cands if v.first_day() > ctx.dct), key=DateValue.first_day), \
            "the next such holiday", "partial"
    if rel == "this":
        return DateValue.of_day(holiday_date(name, y0)), "this year's holiday", "partial"
    value, how = pick_year(cands, ctx.dct, ctx.tense(c), role_at(ctx.text, c.start))
    return value, f"holiday; {how}", "partial"

