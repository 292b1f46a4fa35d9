"""The TempEval benchmark's TimeML parser and scorer (benchmarks/timeml.py, tempeval.py)."""

from __future__ import annotations

import datetime as dt
import importlib
import sys
from pathlib import Path
from typing import Any

import pytest

BENCH = Path(__file__).resolve().parents[1] / "benchmarks"
if str(BENCH) not in sys.path:
    sys.path.insert(0, str(BENCH))  # the benchmark scripts import each other as top-level
timeml: Any = importlib.import_module("timeml")
tempeval: Any = importlib.import_module("tempeval")

DOC = """<?xml version="1.0" ?>
<TimeML xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<DOCID>T1</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="2013-03-22" functionInDocument="CREATION_TIME">March 22, 2013</TIMEX3></DCT>
<TITLE>Not <TIMEX3 tid="t90" type="DATE" value="2013">scored</TIMEX3></TITLE>
<TEXT>
Shares in AT&amp;T <EVENT eid="e1" class="OCCURRENCE">rose</EVENT> on <TIMEX3 tid="t1" type="DATE" value="2013-03-22">March 22, 2013</TIMEX3>, after <TIMEX3 tid="t2" type="DATE" value="2012-SU">last summer</TIMEX3>'s slump &lt;again&gt;.
It fell for <TIMEX3 tid="t3" type="DURATION" value="P2W">two weeks</TIMEX3> and is flat <TIMEX3 tid="t4" type="DATE" value="PRESENT_REF" temporalFunction="true">now</TIMEX3>.
Trading <SIGNAL sid="s1">on</SIGNAL> <TIMEX3 tid="t5" type="TIME" value="2013-03-22TMO">Friday morning</TIMEX3> was calm; <TIMEX3 tid="t6" type="DATE" value="2013-Q1">the first quarter</TIMEX3> ends, as <TIMEX3 tid="t7" type="DATE" value="2009">2009</TIMEX3> did. On Tuesday&#160;it rained.
</TEXT>
</TimeML>
"""

TEXT = (
    "\nShares in AT&T rose on March 22, 2013, after last summer's slump <again>.\n"
    "It fell for two weeks and is flat now.\n"
    "Trading on Friday morning was calm; the first quarter ends, as 2009 did. "
    "On Tuesday\u00a0it rained.\n"
)


@pytest.fixture
def doc() -> Any:
    return timeml.parse_timeml(DOC, doc_id="T1")


def test_parser_text_dct_and_offsets(doc: Any) -> None:
    assert doc.dct == "2013-03-22"
    assert doc.dct_date() == dt.date(2013, 3, 22)
    assert doc.text == TEXT  # tags gone, entities decoded, nothing else touched
    assert [g.tid for g in doc.timexes] == ["t1", "t2", "t3", "t4", "t5", "t6", "t7"]
    for g in doc.timexes:
        assert doc.text[g.start:g.end] == g.text
    t1 = doc.timexes[0]
    assert (t1.start, t1.end, t1.type, t1.value) == (24, 38, "DATE", "2013-03-22")
    assert doc.text.index("last summer") == doc.timexes[1].start == 46
    assert doc.timexes[4].text == "Friday morning"


def test_parser_keeps_carriage_returns() -> None:
    d = timeml.parse_timeml(
        '<TimeML><TEXT>a\r\nb <TIMEX3 tid="t1" type="DATE" value="2001">2001</TIMEX3></TEXT>'
        "</TimeML>"
    )
    assert d.text == "a\r\nb 2001"
    assert (d.timexes[0].start, d.timexes[0].end) == (5, 9)
    assert d.dct is None


@pytest.mark.parametrize(
    ("type_", "value", "expected"),
    [
        ("DATE", "2013-03-22", ("2013-03-22", "day")),
        ("TIME", "2013-03-22TMO", ("2013-03-22", "day")),
        ("TIME", "1998-08-07T12:30:00", ("1998-08-07", "day")),
        ("DATE", "2013-03", ("2013-03", "month")),
        ("DATE", "2013", ("2013", "year")),
        ("DATE", "1998-W3", ("1998-W03", "week")),
        ("DATE", "2012-SU", ("2012-22", "season")),
        ("DATE", "2012-WI", ("2012-24", "season")),
        ("DATE", "2013-Q1", ("2013-Q1", "quarter")),
        ("DATE", "PRESENT_REF", None),
        ("DATE", "XXXX-WI", None),
        ("DATE", "199", None),
        ("DATE", "2012-XX-XX", None),
        ("DATE", "1998-W35-WE", None),
        ("DATE", "2013-02-30", None),
        ("TIME", "XXXX-XX-XXT10:00", None),
        ("DURATION", "P1M", None),
        ("SET", "XXXX-WI", None),
    ],
)
def test_calendar_value_filter(type_: str, value: str, expected: tuple[str, str] | None) -> None:
    assert timeml.calendar_value(type_, value) == expected


def sys_at(text: str, surface: str, value: str | None, nth: int = 0) -> Any:
    start = -1
    for _ in range(nth + 1):
        start = text.index(surface, start + 1)
    return timeml.SysTimex(start, start + len(surface), surface, value)


def test_scorer_counts(doc: Any) -> None:
    t = doc.text
    system = [
        sys_at(t, "March 22, 2013", "2013-03-22"),  # strict, value right
        sys_at(t, "summer", "2012-22"),  # relaxed only, value right
        sys_at(t, "Friday", "2013-03-21"),  # relaxed only, value wrong (gold TIME)
        sys_at(t, "2009", None),  # strict, no value: counts as a wrong value
        sys_at(t, "two weeks", "2013-W11"),  # overlaps only a DURATION: ignored
        sys_at(t, "now", "2013-03-22"),  # overlaps only PRESENT_REF: ignored
        sys_at(t, "Tuesday", "2013-03-19"),  # no gold there: false positive
        sys_at(t, "March 22, 2013", "2013-03-22"),  # the same span again: counted once
    ]
    ds = timeml.score_document(doc, system)
    c = ds.counts
    # gold scored: t1, t2, t5 (TIME at day level), t6 (quarter), t7
    assert (c.gold, c.system, c.ignored) == (5, 5, 2)
    assert (c.strict, c.relaxed, c.value) == (2, 4, 2)
    assert c.strict_prf() == pytest.approx((0.4, 0.4, 0.4))
    assert c.relaxed_prf() == pytest.approx((0.8, 0.8, 0.8))
    assert c.value_prf() == pytest.approx((0.4, 0.4, 0.4))
    assert [x.text for x in ds.false_positives] == ["Tuesday"]
    by_tid = {o.gold.tid: o for o in ds.outcomes}
    assert by_tid["t5"].value == "2013-03-22" and not by_tid["t5"].value_ok
    assert by_tid["t6"].system is None and by_tid["t6"].category == "quarter"
    assert by_tid["t2"].value_ok and not by_tid["t2"].strict
    assert by_tid["t2"].category == "relative"
    assert by_tid["t1"].category == "absolute"
    assert by_tid["t7"].category == "month/season/year"


def test_scorer_is_one_to_one() -> None:
    d = timeml.parse_timeml(
        '<TimeML><TEXT>On <TIMEX3 tid="t1" type="DATE" value="2013-03-22">March 22, 2013'
        "</TIMEX3>.</TEXT></TimeML>"
    )
    ds = timeml.score_document(
        d, [sys_at(d.text, "March", "2013-03"), sys_at(d.text, "22, 2013", "2013-03-22")]
    )
    # one gold, two overlapping system spans: the larger overlap is the match, the other a FP
    assert (ds.counts.system, ds.counts.relaxed, ds.counts.strict, ds.counts.value) == (2, 1, 0, 1)
    assert [x.text for x in ds.false_positives] == ["March"]


def test_heideltime_output_alignment() -> None:
    text = "\n\nHello <b> & Co on Friday.\n\nAnd 2012.\n"
    output = (
        '<?xml version="1.0"?>\n<!DOCTYPE TimeML SYSTEM "TimeML.dtd">\n<TimeML>\n'
        '\n\nHello <b> & Co on <TIMEX3 tid="t1" type="DATE" value="2013-03-22">Friday</TIMEX3>.'
        '\n\nAnd <TIMEX3 tid="t2" type="DATE" value="2012-SU">2012</TIMEX3>.\n\n</TimeML>\n'
    )
    got = tempeval.parse_heideltime_output(output, text)
    assert [span for span, _ in got] == [(20, 26), (33, 37)]
    assert text[20:26] == "Friday"
    assert tempeval.heideltime_value(got[1][1]) == "2012-22"


def test_search_dates_value_rule() -> None:
    when = dt.datetime(2012, 3, 22)
    assert tempeval.search_dates_value("2012", when) == "2012"
    assert tempeval.search_dates_value("in 2012", when) == "2012"
    assert tempeval.search_dates_value("March 2012", when) == "2012-03"
    assert tempeval.search_dates_value("on Friday", when) == "2012-03-22"
    assert tempeval.search_dates_value("March", when) == "2012-03-22"  # only the rule above
