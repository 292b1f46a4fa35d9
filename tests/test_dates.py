"""Temporal expressions: input -> expected pairs, and laws that hold for any text."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from timeline.dates import extract

WED = dt.date(2025, 5, 21)  # a Wednesday
TUE = dt.date(2025, 6, 24)  # a Tuesday

# (text, publication date, [(expression, value)]) -- every expression found, in order.
CASES = [
    ("On May 16, the first talks were held in Istanbul.", TUE, [("May 16", "2025-05-16")]),
    ("At the summit on June 25, leaders will press him.", TUE, [("June 25", "2025-06-25")]),
    ("The Senate postponed the vote until at least July.", TUE, [("July", "2025-07")]),
    ("The last treaty, New START, expires in February.", WED, [("February", "2026-02")]),
    ("The delegation visited Washington in February.", WED, [("February", "2025-02")]),
    ("After a phone call Monday between the two leaders, talks stalled.", WED, [("Monday", "2025-05-19")]),
    ("Monday's developments left him with what he wanted.", WED, [("Monday", "2025-05-19")]),  # TimeML leaves out 's
    ("He will travel to Paris on Monday.", WED, [("Monday", "2025-05-26")]),
    ("Rubio, speaking on Tuesday, said so.", TUE, [("Tuesday", "2025-06-24")]),
    ("A team went to Istanbul last week.", WED, [("last week", "2025-W20")]),
    ("They travelled to Kyiv 10 days ago.", WED, [("10 days ago", "2025-05-11")]),
    ("The ministry said yesterday that it agreed.", WED, [("yesterday", "2025-05-20")]),
    ("He left Kyiv last month.", WED, [("last month", "2025-04")]),
    ("King Charles will welcome him later this year.", TUE, [("later this year", "2025")]),
    ("On May 16 the talks began. A day earlier, troops moved.", WED,
     [("May 16", "2025-05-16"), ("A day earlier", "2025-05-15")]),
    ("The G7 meets in mid-June.", WED, [("mid-June", "2025-06")]),
    ("Sanctions imposed after the 2022 invasion remain.", WED, [("2022", "2022")]),
    ("Saturday 20 July 2024 14.32 BST", None, [("Saturday 20 July 2024", "2024-07-20")]),
    ("Published October 26, 2024", None, [("October 26, 2024", "2024-10-26")]),
    ("date 2025-06-25 Speaking with reporters", None, [("2025-06-25", "2025-06-25")]),
    # Past tense: the latest third quarter before May 2025 (a quarter starts at its first month).
    ("Profits rose in the third quarter.", WED, [("the third quarter", "2024-07")]),
    ("Russia kicked off an offensive last summer.", WED, [("last summer", "2024-22")]),
    # A clock time is on the day the text is talking about (TimeML compares it at day level).
    ("It happened on 3/14/2024 at noon.", None, [("3/14/2024", "2024-03-14"), ("noon", "2024-03-14")]),
    ("The fire broke out at 10:35 a.m. and burned for hours.", WED, [("10:35 a.m.", "2025-05-21")]),
    ("Crews arrived at 4 in the morning.", WED, [("4 in the morning", "2025-05-21")]),
    ("The jury met on May 2. That evening it sent a note; the next morning it ruled.", WED,
     [("May 2", "2025-05-02"), ("That evening", "2025-05-02"), ("the next morning", "2025-05-03")]),
    # Earnings-report periods: the last quarter closed before publication, a year-ago one.
    ("Net income rose 8% in the latest quarter from the year-earlier quarter.", WED,
     [("the latest quarter", "2025-01"), ("the year-earlier quarter", "2024-01")]),
    ("Profit fell in the third quarter to $3 million from $5 million a year earlier.", WED,
     [("the third quarter", "2024-07"), ("a year earlier", "2023-07")]),
    ("A quarter of voters said the period was hard.", WED, []),
    ("Turnout on Election Day was high.", dt.date(2024, 11, 20), [("Election Day", "2024-11-05")]),
    ("Thousands marched on St. Patrick's Day.", WED, [("St. Patrick's Day", "2025-03-17")]),
    # Numeric dates: day first when the first number cannot be a month, or with dots.
    ("Updated 22/03/2013 at 10:00.", WED, [("22/03/2013", "2013-03-22")]),
    ("On 22.03.2013 the bank shut.", WED, [("22.03.2013", "2013-03-22")]),
    ("Dated 2013/03/22.", WED, [("2013/03/22", "2013-03-22")]),
    ("MARCH 22, 2013", WED, [("MARCH 22, 2013", "2013-03-22")]),
    ("In March of last year, talks began.", WED, [("March of last year", "2024-03")]),
    ("The Presidents Day sale ended.", WED, [("Presidents Day", "2025-02-17")]),
    ("2012's budget was cut; the 1990's were calm.", WED, [("2012", "2012")]),
    # A weekday given with the date fixes the year; a decimal is not a year.
    ("The paper said in an editorial on Monday, Oct. 26:", dt.date(1998, 10, 25),
     [("Monday, Oct. 26", "1998-10-26")]),
    ("The index closed at 2082.1, down 6.8% from Oct. 13.", dt.date(1989, 10, 30),
     [("Oct. 13", "1989-10-13")]),
    # A range in the past ends at the nearest such day, not next year's.
    ("The fund bought shares from Aug. 26 to Oct. 20 for $24 each.", dt.date(1989, 10, 30),
     [("Aug. 26", "1989-08-26"), ("Oct. 20", "1989-10-20")]),
    ("The company will redeem its preferred shares on Oct. 31.", dt.date(1989, 10, 27),
     [("Oct. 31", "1989-10-31")]),
    ("It expects to release results in mid-November.", dt.date(1989, 10, 27),
     [("mid-November", "1989-11")]),
    ("Sales fell in 2011 and rose the year before.", WED, [("2011", "2011"), ("the year before", "2010")]),
    ("The summit will be held on April 24 and 25.", WED,
     [("April 24", "2026-04-24"), ("25", "2026-04-25")]),
    ("The storm hit the island on the 15th.", WED, [("the 15th", "2025-05-15")]),
    ("Protests grew over the weekend.", WED, [("the weekend", "2025-W20")]),
    ("Profit in this year's third quarter rose.", WED, [("this year's third quarter", "2025-07")]),
    ("They celebrated Christmas together.", dt.date(2025, 1, 10), [("Christmas", "2024-12-25")]),
    ("In 2022, on February 24, the invasion began.", WED,
     [("2022", "2022"), ("February 24", "2022-02-24")]),
]

# Text that holds no calendar date at all.
NOT_DATES = [
    "Officials may meet again soon.",
    "Protesters march on the capital.",
    "The EU is preparing its 17th package of sanctions.",
    "He promised peace in 24 hours.",
    "It is the split Putin has sought for two decades.",
    "17:04",
    "June Carter sang at the fair.",
    "The bill has the support of 82 senators and a 500% tariff.",
    "They meet at 1,000 for 1,000 prisoner exchanges.",
    "The season started a month earlier than usual.",
    "Version 1.2.13 is out.",
]


@pytest.mark.parametrize(("text", "dct", "expected"), CASES, ids=[c[0][:40] for c in CASES])
def test_case(text: str, dct: dt.date | None, expected: list[tuple[str, str]]) -> None:
    found = [(e.text, e.value.iso() if e.value else None) for e in extract(text, dct)]
    assert found == expected


@pytest.mark.parametrize("text", NOT_DATES)
def test_not_a_date(text: str) -> None:
    assert [e.text for e in extract(text, WED)] == []


def test_without_publication_date_relative_expressions_have_no_value() -> None:
    (e,) = extract("He left last week.", None)
    assert e.value is None


def test_precision_is_kept() -> None:
    values = {e.text: e.value.precision for e in extract("In February 2024, in 2023, on May 3, 2022.", WED) if e.value}
    assert values == {"February 2024": "month", "2023": "year", "May 3, 2022": "day"}


def test_timex_values_for_scorers() -> None:
    found = {e.text: e.timex for e in extract("in the third quarter of 2024 and last summer", WED)}
    assert found == {"the third quarter of 2024": "2024-Q3", "last summer": "2024-SU"}


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300), st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)))
def test_any_text_offsets_are_exact(text: str, dct: dt.date) -> None:
    for e in extract(text, dct):
        assert text[e.start : e.end] == e.text
        assert 0 <= e.start < e.end <= len(text)


_WORDS = st.sampled_from(
    "on in last next this the May June Monday Tuesday 2024 2025 16 3 week month year ago "
    "days earlier later yesterday mid- early of , . said will was summer quarter".split()
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_WORDS, max_size=30), st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2090, 12, 31)))
def test_date_like_text_never_crashes(words: list[str], dct: dt.date) -> None:
    text = " ".join(words)
    for e in extract(text, dct):
        assert text[e.start : e.end] == e.text


SPANS = [
    # TimeML span conventions learnt from the training data.
    ("Earlier this week the talks resumed.", "this week"),
    ("Profits will rise early next year.", "early next year"),
    ("He arrived late yesterday.", "late yesterday"),
    ("It opened nearly four years ago.", "nearly four years ago"),
    ("Sales rose in January this year.", "January this year"),
    ("It ended in nineteen ninety-six.", "nineteen ninety-six"),
]


@pytest.mark.parametrize(("text", "span"), SPANS)
def test_span_convention(text: str, span: str) -> None:
    assert [e.text for e in extract(text, WED)] == [span]


def test_month_of_a_relative_year() -> None:
    (e,) = extract("Sales rose in June last year.", WED)
    assert e.value is not None and e.value.iso() == "2024-06"


def test_an_attributive_future_word_does_not_make_a_past_sentence_future() -> None:
    text = "The council held a long meeting about the budget for the coming year on Tuesday evening."
    (e,) = [x for x in extract(text, dt.date(2024, 5, 1)) if x.rule == "weekday"]
    assert e.value is not None and e.value.iso() == "2024-04-30"


MORE = [
    ("The deal closed at 5 p.m. EST Nov. 9.", dt.date(1989, 11, 20), "5 p.m. EST Nov. 9", "1989-11-09"),
    ("He arrived at noon Thursday.", WED, "noon Thursday", "2025-05-15"),
    ("Sales were flat for the full year.", WED, "the full year", "2025"),
    ("Shares rose before year-end.", dt.date(2025, 1, 20), "year-end", "2024"),
    ("It happened a week or so ago.", WED, "a week or so ago", "2025-W20"),
]


@pytest.mark.parametrize(("text", "dct", "span", "value"), MORE)
def test_more_forms(text: str, dct: dt.date, span: str, value: str) -> None:
    found = [(e.text, e.value.iso() if e.value else None) for e in extract(text, dct)]
    assert found == [(span, value)]
