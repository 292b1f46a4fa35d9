"""Relative and anaphoric dates: counted from the publication date ("yesterday", "next
week", "two years ago", "on Monday") or from the last date the text mentioned ("a day
earlier", "the following year", "that morning", "on the 15th").
"""

from __future__ import annotations

import datetime as dt
import re

from .datecontext import Context, Resolved, add_months, pick_year, role_at, safe_day
from .daterules import Candidate
from .datewords import amount
from .model import DateValue


def weekday_value(ctx: Context, c: Candidate, wd: int) -> Resolved:
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
        until = role_at(ctx.text, c.start) == "until" and not (tense == "past" and leading_until)
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


def anchor(ctx: Context, direction: str, unit: str = "") -> tuple[dt.date | None, str]:
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


def shifted(base: dt.date, unit: str, n: int) -> DateValue:
    if unit == "day":
        return DateValue.of_day(base + dt.timedelta(days=n))
    if unit in ("week", "weekend"):
        return DateValue.of_week(base + dt.timedelta(days=7 * n))
    if unit == "fortnight":
        return DateValue.of_week(base + dt.timedelta(days=14 * n))
    if unit == "month":
        y, m = add_months(base, n)
        return DateValue.of_month(y, m)
    if unit == "quarter":
        y, m = add_months(base, 3 * n)
        return DateValue.of_month(y, m)
    if unit == "decade":
        return DateValue.of_year(base.year + 10 * n)
    return DateValue.of_year(base.year + n)


def ref_year(ctx: Context, rel: str) -> tuple[int | None, str]:
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


def rel_month_day(ctx: Context, c: Candidate, month: int, day: int) -> Resolved:
    """ "last March 12", "next May 3", "this November 24"."""
    if ctx.dct is None:
        return None, "no publication date to count from", "partial"
    rel = (c.groups.get("rel") or "").lower().split()
    cands = [d for y in (ctx.dct.year - 1, ctx.dct.year, ctx.dct.year + 1)
             if (d := safe_day(y, month, day)) is not None]
    if rel[-1] == "past" or rel[0] == "last":
        past = [d for d in cands if d <= ctx.dct]
        chosen, how = (max(past) if past else None), "the last such day"
    elif rel[0] == "next" or rel[-1] == "coming":
        future = [d for d in cands if d >= ctx.dct]
        chosen, how = (min(future) if future else None), "the next such day"
    else:
        chosen, how = safe_day(ctx.dct.year, month, day), "this year's"
    return (DateValue.of_day(chosen) if chosen else None), how, "partial"


def rel_day(ctx: Context, word: str) -> Resolved:
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


def rel_unit(ctx: Context, c: Candidate) -> tuple[Resolved, str, DateValue | None]:
    g = c.groups
    rel = " ".join((g["rel"] or "").lower().split())
    unit = (g["unit"] or "").lower()
    anaphoric = rel in ("the following", "the next", "the previous", "the prior") or rel.endswith(
        ("in the", "that", "same"))
    if rel == "the next" and unit != "day":
        anaphoric = ctx.last_day is not None or (unit == "year" and ctx.last_year is not None)
    base, base_how = (anchor(ctx, "later", unit) if anaphoric else (ctx.dct, "publication date"))
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
    value = shifted(base, unit, n)
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


def ago(ctx: Context, c: Candidate) -> Resolved:
    g = c.groups
    n = amount(g["n"] or "")
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
    base, base_how = anchor(ctx, direction, unit)
    if base is None:
        return None, "no date to count from", "relative"
    sign = -1 if direction in ("ago", "earlier", "before", "prior") else 1
    value = shifted(base, unit, sign * n)
    coarse = ctx.last_value
    if base_how == "the date mentioned before" and coarse is not None and coarse.precision != "day":
        # "mid-June ... a week later": no finer than the date it counts from.
        middle = coarse.first_day() + (coarse.last_day() - coarse.first_day()) / 2
        moved = shifted(middle, unit, sign * n)
        value = _coarsen(moved.first_day(), coarse.precision) if unit == "day" or unit == "week" else moved
        return value, f"{n} {unit}(s) {direction} {coarse.iso()}, kept at its precision", "anaphoric"
    kind = "relative" if direction in ("ago", "from now", "hence") else "anaphoric"
    return value, f"{n} {unit}(s) {direction}, counted from {base_how} {base.isoformat()}", kind


def ordinal_day(ctx: Context, c: Candidate, day: int) -> Resolved:
    """"On the 15th": that day of the month the text last named, else of the month around
    publication that the tense points to."""
    ofm = (c.groups.get("ofm") or "").lower()
    if ofm and ctx.dct is not None:
        # "the 3rd of this month", "the 15th of next month"
        y, m = add_months(ctx.dct.replace(day=1), {"this": 0, "last": -1, "next": 1}[ofm])
        d = safe_day(y, m, day)
        return (DateValue.of_day(d) if d else None), f"day of {ofm} month", "relative"
    last = ctx.last_value
    if last is not None and last.precision in ("day", "month"):
        d = safe_day(last.year, last.month, day)
        return ((DateValue.of_day(d) if d else None), "day of the month mentioned before",
                "anaphoric")
    if ctx.dct is None:
        return None, "no publication date to take the month from", "partial"
    cands = []
    for shift in (-1, 0, 1):
        y, m = add_months(ctx.dct.replace(day=1), shift)
        d = safe_day(y, m, day)
        if d:
            cands.append((m, DateValue.of_day(d)))
    value, how = pick_year(cands, ctx.dct, ctx.tense(c), role_at(ctx.text, c.start))
    return value, f"month from publication date {ctx.dct.isoformat()}: {how}", "partial"


def time_of_day(ctx: Context) -> Resolved:
    """"At 10:35 a.m.": the day the text is talking about (TimeML compares it at day level)."""
    if ctx.last_day is not None:
        return DateValue.of_day(ctx.last_day), "time of day, on the date mentioned before", "anaphoric"
    if ctx.dct is None:
        return None, "no date to count from", "relative"
    return DateValue.of_day(ctx.dct), "time of day, on the publication date", "time"


def part_of_day(ctx: Context, c: Candidate) -> Resolved:
    """"That morning", "the next evening": a part of the day the text last mentioned."""
    rel = " ".join((c.groups["rel"] or "").lower().split())
    shift = {"the next": 1, "the following": 1, "the previous": -1}.get(rel, 0)
    base = ctx.last_day or (ctx.dct if shift else None)  # "the next morning": from publication
    if base is None:
        return None, "no date mentioned before", "skip"
    day = base + dt.timedelta(days=shift)
    return DateValue.of_day(day), f"{rel} {c.groups['part']}, from the date mentioned before", "anaphoric"


def unit_before(ctx: Context, c: Candidate) -> Resolved:
    """ "The day before", "the week after": a unit from the date mentioned before."""
    g = c.groups
    base, base_how = anchor(ctx, "later")
    if base is None:
        return None, "no date to count from", "anaphoric"
    step = -1 if (g["dir"] or "").lower() in ("before", "earlier") else 1
    unit = (g["unit"] or "").lower()
    return (shifted(base, unit, step), f"a {unit} from {base_how} {base.isoformat()}",
            "anaphoric")


def the_year(ctx: Context, c: Candidate) -> Resolved:
    """ "The year", "year-end", "the year before": the year of publication, or one from the
    year the text last mentioned."""
    g = c.groups
    if ctx.dct is None:
        return None, "no publication date to count from", "relative"
    what = (g["what"] or "").lower()
    pre = " ".join((g["pre"] or "").lower().split())
    if not pre.startswith("the") and "end" not in what:
        return None, "not a date", "skip"
    if g.get("dir"):
        # "the year before": a year from the year the text last mentioned.
        step = -1 if (g["dir"] or "").lower() in ("before", "earlier") else 1
        base_year = ctx.last_year if ctx.last_year is not None else ctx.dct.year
        how = "the year mentioned before" if ctx.last_year is not None else "publication date"
        return DateValue.of_year(base_year + step), f"a year from {how}", "anaphoric"
    year = ctx.dct.year
    if "end" in what and ctx.dct.month < 3:
        year -= 1  # "year-end" written in January or February is the one just past
    return DateValue.of_year(year), "the year of publication", "relative"
