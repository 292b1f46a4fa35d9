"""The guards of `daterules` only make the search faster: with or without them it finds the
same candidates.  A guard that missed a form its rule matches would fail here."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from timeline.daterules import _COMPILED, _GUARDS, _RULES, _lowered, _windows, find_candidates

# Phrases of each guarded rule, each alone in its text (a guard found anywhere in a window
# lets the rule run in all of it, so one phrase per text is what tests each form).
EXAMPLES = [
    ("iso", "filed 2013-03-22 14:05"), ("iso", "filed 2013/03/22"),
    ("numeric", "on 3/14/2024"), ("numeric", "on 22.03.13"),
    ("numeric_dash", "dated 10-29-12 here"), ("compact", "ref 20121029 today"),
    ("year", "in fiscal 2012"), ("year", "pre-2010 rules"), ("year_tail", "the 2012-13 season"),
    ("q_code", "results for Q3 2012"), ("q_code", "results for 4Q-12"),
    ("rel_unit", "earlier this WEEK"), ("rel_unit", "at the weekend"),
    ("rel_unit", "the end of last fiscal year"), ("rel_unit", "that same month"),
    ("the_year", "by year-end"), ("the_year", "by the year's end"),
    ("the_year", "the year before, he"), ("the_year", "around the year."),
    ("the_year", "the full year ended"),
    ("ago", "NEARLY Twenty-five years or so ago"), ("ago", "a couple of weeks later"),
    ("ago", "two days from now"), ("ago", "3 months prior"),
    ("unit_before", "the day before, the"), ("unit_before", "the week after and"),
    ("part_of_day", "that morning"), ("part_of_day", "the following evening"),
    ("month_day", "on Sept. 5"), ("month_day", "on JANUARY twenty-first"),
    ("month_day", "Tues., March 5, 2013"), ("month_day", "on May 3"),
    ("day_month", "the 3rd of March"), ("day_month", "12 Dec 2012"),
    ("day_month", "the ninth of March"),
    ("month_rel_year", "in March of that year"), ("month_rel_year", "June the following year"),
    ("month_year", "in May of nineteen ninety-nine"), ("month_year", "March ’98"),
    ("month_year", "in Jan. 2012"), ("month_year", "in March of '98"),
    ("week_of_month", "the LAST week of February"),
    ("holiday", "on St Patrick’s Day"), ("holiday", "on New Years Eve"),
    ("holiday", "the Fourth of July"), ("holiday", "at Christmas"),
    ("quarter", "the 3rd fiscal quarter of 2012"), ("quarter", "the second-quarter"),
    ("fiscal_period", "the year-ago period"), ("fiscal_period", "year-earlier results."),
    ("fiscal_period", "the latest quarter"),
    # A guard that starts with the character before a word, at the very start of a window
    # (40 characters before the word the window is made for) or of the text.
    ("rel_unit", "x last" + " " * 36 + "week"), ("day_month", "x 5" + " " * 39 + "May"),
    ("holiday", "Christmas Eve"), ("q_code", "Q3 2012"), ("year_tail", "2012-13"),
]


def test_every_guarded_rule_has_examples() -> None:
    assert {rule for rule, _ in EXAMPLES} == set(_GUARDS)


@pytest.mark.parametrize(("rule", "text"), EXAMPLES)
def test_each_guard_keeps_its_rule(rule: str, text: str) -> None:
    found = find_candidates(text)
    assert found == find_candidates(text, guards=False)
    assert dict(_COMPILED)[rule].search(text), "not an example of it"


# Matches that start past the last word their windows were made for: the rules that make
# them must not stop searching there ("Mondayx" and "Patricks" are not words of a window).
PAST_THE_LAST_WORD = [
    "on Sunday we met Mondayx",  # weekday
    "at Christmas and on St Patricks Day",  # holiday
    "around the year, and the fullyear.",  # the_year
]


@pytest.mark.parametrize("text", PAST_THE_LAST_WORD)
def test_no_early_stop_where_a_match_may_start_late(text: str) -> None:
    assert find_candidates(text) == find_candidates(text, guards=False)


_TOKENS = st.sampled_from(
    ("May", "may", "MAY", "March", "Sept.", "Jan", "January", "DECEMBER", "Monday", "Tues.",
     "the", "of", "this", "last", "next", "that", "same", "following", "year", "years",
     "week", "weekend", "month", "day", "days", "quarter", "period", "fiscal", "ago",
     "earlier", "later", "before", "after", "from", "now", "or", "so", "nearly", "a",
     "couple", "two", "twenty-five", "nineteen", "ninety-nine", "thousand", "first",
     "third", "ninth", "twenty-first", "3rd", "1st", "Q3", "4Q", "3", "12", "22", "2012",
     "1998", "'98", "’69", "2012-13", "2013-03-22", "3/14/2024", "22.03.13", "10-29-12",
     "20121029", "14:05", "morning", "evening", "Christmas", "Eve", "St.", "Patrick's",
     "Day", "New", "Year's", "year-end", "year-ago", "year-earlier", "end", "mid", "early",
     ",", ".", ";", ")", "(", "-", "/", "#", "$", "'", "’", "’s", "\u0130", "\u0131", "\u017f",
     "K"))
_GAPS = st.sampled_from((" ", " ", " ", "  ", "\n", "-", "", "\t"))


@settings(max_examples=600, deadline=None)
@given(st.lists(st.tuples(_TOKENS, _GAPS), max_size=6), st.text(max_size=20))
def test_guards_change_nothing(parts: list[tuple[str, str]], filler: str) -> None:
    text = filler + "".join(word + gap for word, gap in parts)
    assert find_candidates(text) == find_candidates(text, guards=False)


_WINDOW_TOKENS = st.sampled_from(
    ("May", "mayday", "Q1", "q1", "a.m.", "p.m", "AM", "5pm", "m", "st", "1st", "21st",
     "days", "DAYS", "Easter", "Christmas", "o'clock", "Sunday", "tonight", "12", "2012",
     "123456", "20121029", "٣", "x", "the", "quarter", "period", "Twenty", "_day", "day_"))


@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(_WINDOW_TOKENS, _GAPS), max_size=30), st.text(max_size=30))
def test_word_windows_found_by_one_pattern_as_word_by_word(
        parts: list[tuple[str, str]], filler: str) -> None:
    text = "".join(word + gap for word, gap in parts) + filler
    low = _lowered(text)
    if low is not None:
        assert _windows(text, low) == _windows(text)


_AS_WRITTEN = [(name, re.compile(p if p.startswith((r"\b", "(?<")) else r"\b" + p)) for name, p in _RULES]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(_TOKENS, _GAPS), max_size=12), st.text(max_size=20))
def test_patterns_start_where_words_do(parts: list[tuple[str, str]], filler: str) -> None:
    """`(?=\\w)` after the leading word boundary turns away no match of any rule."""
    text = filler + "".join(word + gap for word, gap in parts) + " 9 a.m. on Monday, May 3"
    for (name, fast), (_, plain) in zip(_COMPILED, _AS_WRITTEN, strict=True):
        assert [m.span() for m in fast.finditer(text)] == [m.span() for m in plain.finditer(text)], name


def test_patterns_start_where_words_do_in_the_examples() -> None:
    """The same, with a word and a sign glued before each word of each example phrase."""
    for _, phrase in EXAMPLES:
        words = phrase.split(" ")
        for i in range(len(words)):
            for sign in "#$('’-/.,":
                text = " ".join([*words[:i], "x" + sign + words[i], *words[i + 1:]])
                for (name, fast), (_, plain) in zip(_COMPILED, _AS_WRITTEN, strict=True):
                    assert ([m.span() for m in fast.finditer(text)]
                            == [m.span() for m in plain.finditer(text)]), (name, text)
