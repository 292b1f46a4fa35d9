"""Quarters and earnings-report periods: "the third quarter of 2012", "Q3 2012", "the
quarter" (the last one closed before publication), "the year-ago period".
"""

from __future__ import annotations

from .datecontext import Context, Resolved, pick_year
from .daterules import Candidate
from .datewords import ORDINALS
from .model import DateValue


def quarter(ctx: Context, c: Candidate) -> tuple[Resolved, str, DateValue | None]:
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
        v, how = pick_year(cands, ctx.dct, ctx.tense(c), "")
        y = v.year
    if back:
        return _quarter_value(y - 1, q, f"a year before: {how}", "anaphoric")
    return (DateValue.of_month(y, 3 * q - 2), how, "quarter"), f"{y}-Q{q}", DateValue.of_month(y, 3 * q)


def _quarter_value(year: int, q: int, how: str, kind: str = "quarter"
                   ) -> tuple[Resolved, str, DateValue | None]:
    return ((DateValue.of_month(year, 3 * q - 2), how, kind), f"{year}-Q{q}",
            DateValue.of_month(year, 3 * q))


def _reference_quarter(ctx: Context, latest: bool) -> tuple[tuple[int, int], str] | None:
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


def fiscal_period(ctx: Context, c: Candidate) -> tuple[Resolved, str, DateValue | None]:
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


def quarter_back(ctx: Context, c: Candidate) -> tuple[Resolved, str, DateValue | None] | None:
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

