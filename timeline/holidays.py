"""Holidays by name: the table, its pattern, and the day a holiday falls on in a year.

Fixed days (Christmas), the nth weekday of a month (Thanksgiving), days counted from Easter
Sunday (Good Friday) or from another holiday (Black Friday).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

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


def _holiday_pattern_lower(name: str) -> str:
    """`_holiday_pattern` for the lower-cased text: what it matches, lower-cased, this matches."""
    words = [re.escape(w).replace("'", "['’]?").replace(r"st\.", r"st\.?") for w in name.split()]
    return r"\s+".join(words)


def _holiday_key(name: str) -> str:
    """'St Patricks Day' and "St. Patrick's Day" are one holiday."""
    return " ".join(re.sub(r"['’.]", "", name.lower()).split())


_HOLIDAY_BY_KEY = {_holiday_key(n): rule for n, rule in HOLIDAYS.items()}
# Longest names first, so that "Christmas Eve" is not read as "Christmas".
HOLIDAY_NAMES = "|".join(_holiday_pattern(n) for n in sorted(HOLIDAYS, key=lambda n: -len(n)))
# The same names for the lower-cased text (`daterules`' guard for the holiday rule).
HOLIDAY_NAMES_LOWER = [_holiday_pattern_lower(n) for n in HOLIDAYS]


def easter(year: int) -> dt.date:
    """Easter Sunday of the Gregorian calendar (the anonymous algorithm: Meeus, Jones, Butcher)."""
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


def holiday_date(name: str, year: int) -> dt.date:
    """The day the holiday `name` (any spelling the pattern takes) falls on in `year`."""
    n = _holiday_key(name)
    kind, a, b, k = _HOLIDAY_BY_KEY[n]
    if kind == "fixed":
        return dt.date(year, a, b)
    if kind == "easter":
        return easter(year) + dt.timedelta(days=a)
    if k < 0:  # the last such weekday of the month
        last = dt.date(year, a, calendar.monthrange(year, a)[1])
        return last - dt.timedelta(days=(last.weekday() - b) % 7)
    first = dt.date(year, a, 1)
    if n == "election day":  # the Tuesday after the first Monday, never November 1
        first += dt.timedelta(days=1)
    return first + dt.timedelta(days=(b - first.weekday()) % 7 + 7 * (k - 1)
                                + _HOLIDAY_SHIFT.get(n, 0))

