"""Date words: month, weekday, season and ordinal names, and numbers written in words.

The tables the patterns are made from and the readers of what they match: "nineteenth" is
the 19th, "nineteen ninety-six" is 1996, "a couple of" is 2.
"""

from __future__ import annotations

import re

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
# Days of the month in words, as transcripts write them: "the ninth of March".
DAY_WORDS = {
    w: i + 1 for i, w in enumerate(
        "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth "
        "thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth "
        "twenty-first twenty-second twenty-third twenty-fourth twenty-fifth twenty-sixth "
        "twenty-seventh twenty-eighth twenty-ninth thirtieth thirty-first".split())
}
# Numbers in words, for years ("nineteen ninety-six") and counts ("twenty-five years").
_UNITS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen".split())}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
         "eighty": 80, "ninety": 90}


def day_number(text: str) -> int:
    """ "19", "19th", "nineteenth" -> 19."""
    digits = re.sub(r"\D", "", text)
    return int(digits) if digits else DAY_WORDS.get(text.lower(), 0)


def spelled_year(text: str) -> int | None:
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


def amount(text: str) -> int | None:
    """ "3", "a", "a couple of", "twenty-five" -> the number; None for a vague amount."""
    n_text = " ".join(text.lower().split())
    n = int(n_text) if n_text.isdigit() else NUMBERS.get(n_text)
    if n is None and (tens := n_text.replace("-", " ").split())[0] in _TENS:
        n = _TENS[tens[0]] + (_UNITS.get(tens[1], 0) if len(tens) > 1 else 0)
    return n
