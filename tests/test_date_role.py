"""A date that is the base of a change ("down 3 percent from the close of trading Wednesday")
bounds the statement rather than dating it."""

from __future__ import annotations

import datetime as dt

import pytest

from timeline.dates import extract
from timeline.events import main_expression
from timeline.model import Sentence

FRI = dt.date(2008, 9, 5)  # a Friday


@pytest.mark.parametrize(("text", "date", "role"), [
    # The edge of a period governed by "from"/"since" is the base of a change.
    ("The index ended 2.9 percent down from the close of trading Wednesday.", "Wednesday", "since"),
    ("Shares are up 8 percent since the end of June.", "June", "since"),
    ("Sales rose 5 percent compared with last year.", "last year", "since"),
    ("Exports grew 2 percent compared to May.", "May", "since"),
    ("The talks will go on until the end of June.", "June", "until"),
    # Without a governing preposition the date is the statement's own.
    ("The index fell at the close of trading Wednesday.", "Wednesday", ""),
    ("Shares fell on Wednesday from their highs.", "Wednesday", ""),
    ("Talks resumed at the end of June.", "June", ""),
])
def test_the_role_of_a_date(text: str, date: str, role: str) -> None:
    (e,) = [e for e in extract(text, FRI) if e.text.endswith(date)]
    assert e.role == role


def _dated_by(text: str) -> str | None:
    found = extract(text, FRI)
    main = main_expression(Sentence(0, len(text), text, 0), found)
    return main.value.iso() if main and main.value else None


def test_the_base_of_a_change_does_not_date_the_statement() -> None:
    # Before: dated Wednesday, the first day named; the change happened on Thursday.
    assert _dated_by("Down 3 percent from the close of trading Wednesday, the index ended Thursday "
                     "at 11,188.") == "2008-09-04"
    assert _dated_by("The index ended 3 percent down from the close of trading Wednesday.") is None
    assert _dated_by("The index ended 3 percent down at the close of trading Wednesday.") == "2008-09-03"
