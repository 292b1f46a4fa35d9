"""Forms from the coverage check against HeidelTime's English rules (benchmarks/tempeval_coverage.py).

Each case: text, publication date, every expression found as (span, TimeML value) in order.
The sentences are written for these tests; none comes from an evaluation corpus.
"""

from __future__ import annotations

import datetime as dt

import pytest

from timeline.dates import extract

FRI = dt.date(2013, 3, 15)  # a Friday

CASES = [
    # Days in words (date_r1c, r2a, r2c).
    ("The strike began on the ninth of March.", FRI, [("the ninth of March", "2013-03-09")]),
    ("Talks resumed on January nineteenth in Geneva.", FRI, [("January nineteenth", "2013-01-19")]),
    ("The bridge opened on the fifth of June 2010.", FRI, [("the fifth of June 2010", "2010-06-05")]),
    ("He came second in May.", FRI, [("May", "2012-05")]),
    # Years in words or two digits after a month or season (r7b, r9c, r9d, historic_2c/2d).
    ("The film came out in May of nineteen ninety-nine.", FRI,
     [("May of nineteen ninety-nine", "1999-05")]),
    ("The deal was struck in the summer of nineteen ninety-nine.", FRI,
     [("the summer of nineteen ninety-nine", "1999-SU")]),
    ("It was the summer of '69, the singer recalled.", FRI, [("the summer of '69", "1969-SU")]),
    ("The plant closed in March of 98 and never reopened.", FRI, [("March of 98", "1998-03")]),
    ("The stadium opened in two-thousand and eight.", FRI, [("two-thousand and eight", "2008")]),
    # A year named by reference (r2a2, r2c2, r8b, r17g, r17h).
    ("He took office in 2009. On January 19th of that year he signed it.", FRI,
     [("2009", "2009"), ("January 19th of that year", "2009-01-19")]),
    ("He was elected in 2010. In March of that year he visited Kabul.", FRI,
     [("2010", "2010"), ("March of that year", "2010-03")]),
    ("The bank failed in 2008. In May of the same year its chief resigned.", FRI,
     [("2008", "2008"), ("May of the same year", "2008-05")]),
    ("He was arrested in 2010 and the following year he was tried.", FRI,
     [("2010", "2010"), ("the following year", "2011")]),
    ("She won in 2008 and lost the same year.", FRI, [("2008", "2008"), ("the same year", "2008")]),
    ("He was hired in March 2011 and promoted that same month.", FRI,
     [("March 2011", "2011-03"), ("that same month", "2011-03")]),
    # Counts of years run from the year named last (r20b-d, r21c, r22b).
    ("He was jailed in 2005. Two years later he was freed.", FRI,
     [("2005", "2005"), ("Two years later", "2007")]),
    ("Profit rose to $5 million in 2012 from $4 million a year earlier.", FRI,
     [("2012", "2012"), ("a year earlier", "2011")]),
    ("The plant opened in 2009. A year later it closed.", FRI,
     [("2009", "2009"), ("A year later", "2010")]),
    # this / last / next with a day, a quarter of a relative year, the current unit (r11c, r17a-e).
    ("The new law takes effect this November 24.", FRI, [("this November 24", "2013-11-24")]),
    ("Talks collapsed last March 12 in Vienna.", FRI, [("last March 12", "2013-03-12")]),
    ("Shipments will start in the first quarter of next year.", FRI,
     [("the first quarter of next year", "2014-Q1")]),
    ("Profit fell in the third quarter of last year.", FRI,
     [("the third quarter of last year", "2012-Q3")]),
    ("The firm expects a loss in the current quarter.", FRI, [("the current quarter", "2013-Q1")]),
    ("The budget for this fiscal year was cut.", FRI, [("this fiscal year", "2013")]),
    ("The deficit widened in the last fiscal year.", FRI, [("the last fiscal year", "2012")]),
    ("He had met her the previous Friday, police said.", FRI,
     [("the previous Friday", "2013-03-08")]),
    ("The company hired 200 workers this summer.", FRI, [("this summer", "2013-SU")]),
    ("The talks ended in the last week of February.", FRI,
     [("the last week of February", "2013-W09")]),
    # TimeML leaves the preposition out: "at [the end of next month]" (r18a).
    ("The plant will close at the end of next month.", FRI, [("the end of next month", "2013-04")]),
    # Ranges: both ends are dates (r2b, r2d, r2e, r4a).
    ("The summit will run November 19-20 in Lisbon.", FRI,
     [("November 19", "2013-11-19"), ("20", "2013-11-20")]),
    ("The fair was held 3 to 6 May 2012 in Hanover.", FRI,
     [("3", "2012-05-03"), ("6 May 2012", "2012-05-06")]),
    ("Hearings were held September 14 and 18, 2012, in Washington.", FRI,
     [("September 14", "2012-09-14"), ("18, 2012", "2012-09-18")]),
    ("The vote took place Feb. 25, 2009, Monday, after a debate.", FRI,
     [("Feb. 25, 2009, Monday", "2009-02-25")]),
    # Holidays (r24, r25), with a year or this/last/next.
    ("Candles were lit on All Saints' Day.", FRI, [("All Saints' Day", "2012-11-01")]),
    ("Stores opened early on Black Friday.", FRI, [("Black Friday", "2012-11-23")]),
    ("The parade is held on the Fourth of July.", FRI, [("the Fourth of July", "2013-07-04")]),
    ("The concert took place on Christmas '87.", FRI, [("Christmas '87", "1987-12-25")]),
    ("Ticket sales dropped last Christmas.", FRI, [("last Christmas", "2012-12-25")]),
    # Date-times: the clock is part of the span (time_r1a-c); parts of a named day (time_r3d).
    ("The message was sent at 2012-12-19T17:00:00 from Paris.", FRI,
     [("2012-12-19T17:00:00", "2012-12-19")]),
    ("Posted 2012-12-19 17:00 by the editor.", FRI, [("2012-12-19 17:00", "2012-12-19")]),
    ("The order was logged at 12/29/2012 20:29 in the system.", FRI,
     [("12/29/2012 20:29", "2012-12-29")]),
    ("The explosion was heard yesterday morning.", FRI, [("yesterday morning", "2013-03-14")]),
    ("The troops will move early tomorrow morning.", FRI,
     [("early tomorrow morning", "2013-03-16")]),
    # Financial shorthand.
    ("Debt will peak at end-2013, the IMF said.", FRI, [("end-2013", "2013")]),
    ("Sales in Q1 2013 beat estimates; 2Q 2012 did not.", FRI,
     [("Q1 2013", "2013-Q1"), ("2Q 2012", "2012-Q2")]),
    ("Inflation peaked in the year 2008.", FRI, [("the year 2008", "2008")]),
    ("The markets closed on Tues., March 5, for the funeral.", FRI,
     [("Tues., March 5", "2013-03-05")]),
    # Earnings-report periods named by a year or a year back; TimeML leaves "its" out.
    ("Net income rose in its third quarter.", FRI, [("third quarter", "2012-Q3")]),
    ("Profit rose in the third quarter of 2012. It fell in the 2011 period.", FRI,
     [("the third quarter of 2012", "2012-Q3"), ("the 2011 period", "2011-Q3")]),
    ("Sales rose 5% from the corresponding period last year.", FRI,
     [("the corresponding period last year", "2011-Q4")]),
    ("Sales fell from last year's quarter.", FRI, [("last year's quarter", "2011-Q4")]),
    ("Prices fell this past spring.", FRI, [("this past spring", "2012-SP")]),
    # A date set by a decision lies either side of publication: the nearest one.
    ("The board declared a dividend payable April 7.", FRI, [("April 7", "2013-04-07")]),
    ("The rally is set for the week of March 25.", FRI, [("the week of March 25", "2013-W13")]),
    ("They meet again this coming Sunday, March 17.", FRI,
     [("this coming Sunday, March 17", "2013-03-17")]),
    # A range of years: both ends.
    ("The program ran from 2010-2012 and was renewed.", FRI, [("2010", "2010"), ("2012", "2012")]),
    # A capitalised month is a month without a cue, unless a name or a march follows.
    ("March was the wettest month on record.", FRI, [("March", "2013-03")]),
    ("The report covers April through June.", FRI, [("April", "2013-04"), ("June", "2013-06")]),
    ("May's election results surprised many.", FRI, [("May", "2012-05")]),
    # A past event is not in a month still ahead, whatever year the sentence names.
    ("The 2013 budget was passed in December.", FRI, [("2013", "2013"), ("December", "2012-12")]),
    ("Sales rose in the latest fiscal year.", FRI, [("the latest fiscal year", "2012")]),
    ("Prices will rise later next week.", FRI, [("next week", "2013-W12")]),
    ("He was arrested on June 3, 2012. The previous summer he had moved.", FRI,
     [("June 3, 2012", "2012-06-03"), ("The previous summer", "2011-SU")]),
    # date_r19b/c: hours ago are on the day of publication; numbers in words past twenty.
    ("The plane landed two hours ago.", FRI, [("two hours ago", "2013-03-15")]),
    ("Twenty-five years ago the wall fell.", FRI, [("Twenty-five years ago", "1988")]),
    ("The May elections were close.", FRI, [("May", "2012-05")]),
    ("Prices were stable post-1959.", FRI, [("post-1959", "1959")]),
    # date_r12b: a range of years with the second in two digits; both ends are years.
    ("He scored 30 goals in the 2012-13 season.", FRI, [("2012", "2012"), ("13", "2013")]),
    ("The war lasted from 1939-45.", FRI, [("1939", "1939"), ("45", "1945")]),
    ("In the 2011/12 season the club won.", FRI, [("2011", "2011"), ("12", "2012")]),
    ("It was the 1999-00 season.", FRI, [("1999", "1999"), ("00", "2000")]),
    ("Data for 1998-02 were revised.", FRI, [("1998", "1998")]),
    # HeidelTime's reApproximate words belong to the span (date_r19); parts of days (time_r4a).
    ("The company was founded less than a year ago.", FRI, [("less than a year ago", "2012")]),
    ("The plant opened at least two years ago.", FRI, [("at least two years ago", "2011")]),
    ("He left no more than a month ago.", FRI, [("no more than a month ago", "2013-02")]),
    ("The rebels struck last evening.", FRI, [("last evening", "2013-03-14")]),
    ("He flew home the next morning.", FRI, [("the next morning", "2013-03-16")]),
    ("He was released on the 3rd of this month.", FRI, [("the 3rd of this month", "2013-03-03")]),
    # date_r0b, date_r0f: numeric dates with dashes (month first) and without separators.
    ("The memo was stamped 10-29-12 by the clerk.", FRI, [("10-29-12", "2012-10-29")]),
    ("The court record 20121105 lists the hearing.", FRI, [("20121105", "2012-11-05")]),
]

NOT_DATES = [
    "The Fourth Amendment protects them.",
    "He finished second in the race and fourth in the final.",
    "The score was 3-1 in the second half.",
    "They were Tues and Wed in the list.",
    "Thousands joined the March on Washington.",
    "May I ask a question?",
    "August Wilson wrote plays.",
    "The march was peaceful.",
    "He left an hour later.",
    "Call 2012-1345 for details.",
    "Call 555-12-1234 or order 20129999.",
]


@pytest.mark.parametrize(("text", "dct", "expected"), CASES, ids=[c[0][:40] for c in CASES])
def test_heideltime_rule_forms(text: str, dct: dt.date, expected: list[tuple[str, str]]) -> None:
    found = [(e.text, e.timex) for e in extract(text, dct)]
    assert found == expected


@pytest.mark.parametrize("text", NOT_DATES)
def test_not_a_date(text: str) -> None:
    assert [e.text for e in extract(text, FRI)] == []
