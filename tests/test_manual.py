"""Manual events and corrections from YAML: loading, validation messages, applying."""

from __future__ import annotations

import pytest

from timeline import manual, yamlio
from timeline.errors import TimelineError, ValidationErrors
from timeline.model import DateValue, Event, SourceRef

SOURCE_IDS = {"reuters-budget-vote", "paper-mayor-resigns"}


def _load(text: str, path: str = "events.yaml") -> manual.ManualInput:
    return manual.load([(path, yamlio.load(text, path))])


def _errors(text: str, path: str = "events.yaml") -> list[str]:
    with pytest.raises(ValidationErrors) as info:
        _load(text, path)
    return [str(e) for e in info.value.errors]


def _extracted(eid: str, day: str, title: str, source: str) -> Event:
    return Event(
        id=eid, date=DateValue.parse(day), end=None, title=title, summary=f"About {title}.",
        origin="extracted", tags=(), sources=(SourceRef(source, f"{title} quote.", 0, 10),),
        mentions=(f"{eid}/m1",),
    )


EXTRACTED = [
    _extracted("2025-05-19-council-votes", "2025-05-19", "Council votes", "reuters-budget-vote"),
    _extracted("2025-05-20-mayor-resigns", "2025-05-20", "Mayor resigns", "paper-mayor-resigns"),
    _extracted("2025-05-21-mayor-leaves", "2025-05-21", "Mayor leaves", "paper-mayor-resigns"),
]


def _apply(text: str, path: str = "corrections.yaml") -> list[Event]:
    return manual.apply(EXTRACTED, _load(text, path), SOURCE_IDS)


def _apply_errors(text: str, path: str = "corrections.yaml") -> list[str]:
    with pytest.raises(ValidationErrors) as info:
        _apply(text, path)
    return [str(e) for e in info.value.errors]


# -- a valid file -------------------------------------------------------------------------
VALID = """\
events:
  - date: 2024-03-05
    title: Day event
    summary: "Text with **bold** <script>alert(1)</script>, [bad](javascript:alert(2)) and [ok](https://ok.example/a)"
  - date: 2024-03
    title: Month event
  - date: "2024"
    title: Year event
  - id: my-own-id
    date: "~2024-06"
    end: 2024-08
    title: Approximate summer
    tags: [b, a, a]
    sources:
      - https://example.org/report
      - reuters-budget-vote
      - {url: "https://example.org/x", outlet: Example, quote: "They met."}
  - date: 2024-07-01~
    end: 2024-07-03
    title: Three days
"""


def test_valid_events_file() -> None:
    m = _load(VALID)
    assert m.corrections == []
    got = [(e.id, e.date, e.end, e.approximate) for e in m.events]
    assert got == [
        ("2024-03-05-day-event", DateValue(2024, "day", month=3, day=5), None, False),
        ("2024-03-month-event", DateValue(2024, "month", month=3), None, False),
        ("2024-year-event", DateValue(2024, "year"), None, False),
        ("my-own-id", DateValue(2024, "month", month=6), DateValue(2024, "month", month=8), True),
        ("2024-07-01-three-days", DateValue(2024, "day", month=7, day=1),
         DateValue(2024, "day", month=7, day=3), True),
    ]
    assert all(e.origin == "manual" for e in m.events)
    summer = m.events[3]
    assert summer.title == "Approximate summer"
    assert summer.tags == ("a", "b")
    assert summer.sources == (
        SourceRef(source="", quote="", start=0, end=0, url="https://example.org/report"),
        SourceRef(source="reuters-budget-vote", quote="", start=0, end=0),
        SourceRef(source="", quote="They met.", start=0, end=0, url="https://example.org/x",
                  outlet="Example"),
    )
    assert m.event_origins["my-own-id"] == ("events.yaml", 9, 5)
    assert m.event_origins["2024-03-05-day-event"] == ("events.yaml", 2, 5)


def test_markdown_summary_is_sanitised() -> None:
    day = _load(VALID).events[0]
    assert day.summary.startswith("Text with **bold**")  # the Markdown is kept as written
    html = day.summary_html
    assert "<strong>bold</strong>" in html
    assert "<script" not in html and "alert(1)" not in html
    assert "javascript:" not in html
    assert '<a href="https://ok.example/a" rel="noopener noreferrer">ok</a>' in html
    assert _load(VALID).events[1].summary_html == ""


@pytest.mark.parametrize(
    ("markdown", "absent"),
    [
        ('<img src="x" onerror="alert(1)">', "onerror"),
        ("<style>body{display:none}</style>Hi", "<style"),
        ('<a href="https://x.example" style="color:red">x</a>', "style="),
        ("[x](data:text/html;base64,PHNjcmlwdD4=)", "data:"),
        ('<iframe src="https://evil.example"></iframe>', "<iframe"),
    ],
)
def test_render_markdown_removes_active_content(markdown: str, absent: str) -> None:
    assert absent not in manual.render_markdown(markdown)


def test_empty_file_and_no_events() -> None:
    assert manual.load([("a.yaml", None)]).events == []
    assert _load("events: []\ncorrections: []\n").events == []


# -- one validation error each --------------------------------------------------------------
def test_unknown_key_did_you_mean() -> None:
    assert _errors("events:\n  - date: 2024-01-01\n    titel: X\n") == [
        "events.yaml:3:5: unknown key 'titel' in an event; did you mean 'title'?",
        "events.yaml:2:5: missing 'title'",
    ]


def test_unknown_key_without_a_close_match_lists_the_known_keys() -> None:
    assert _errors("events:\n  - date: 2024-01-01\n    title: X\n    colour: red\n") == [
        "events.yaml:4:5: unknown key 'colour' in an event "
        "(known: id, date, end, title, summary, sources, tags)",
    ]


def test_unknown_top_level_key() -> None:
    assert _errors("event:\n  - title: X\n") == [
        "events.yaml:1:1: unknown key 'event' in the file; did you mean 'events'?",
    ]


def test_impossible_date_quoted() -> None:
    assert _errors('events:\n  - title: X\n    date: "2025-02-30"\n') == [
        "events.yaml:3:5: date: 2025-02-30 is not a day of the calendar",
    ]


def test_impossible_date_unquoted() -> None:
    assert _errors("events:\n  - title: X\n    date: 2025-02-30\n") == [
        "events.yaml:3:5: date: 2025-02-30 is not a day of the calendar",
    ]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2025-13", "date: 2025-13 is not a day of the calendar"),
        ("20250301", "date: 20250301 is not a date (use YYYY, YYYY-MM or YYYY-MM-DD, "
                     "'~' for approximate)"),
        ("March 2025", "date: 'March 2025' is not a date (use YYYY, YYYY-MM or YYYY-MM-DD, "
                       "'~' for approximate)"),
        ("", "date: a date is required (YYYY, YYYY-MM or YYYY-MM-DD)"),
    ],
)
def test_malformed_dates(value: str, message: str) -> None:
    assert _errors(f"events:\n  - title: X\n    date: {value}\n") == [f"events.yaml:3:5: {message}"]


def test_end_before_start() -> None:
    text = "events:\n  - title: X\n    date: 2025-03-01\n    end: 2025-02-01\n"
    assert _errors(text) == ["events.yaml:4:5: end 2025-02-01 is before date 2025-03-01"]


def test_end_within_a_coarser_start_is_fine() -> None:
    (e,) = _load("events:\n  - title: X\n    date: 2025-03\n    end: 2025-03-01\n").events
    assert e.end == DateValue(2025, "day", month=3, day=1)


def test_missing_title_and_date() -> None:
    assert _errors("events:\n  - summary: nothing else\n") == [
        "events.yaml:2:5: missing 'title'",
        "events.yaml:2:5: missing 'date'",
    ]


def test_duplicate_id() -> None:
    text = (
        "events:\n"
        "  - title: X\n    date: 2025-03-01\n    id: same\n"
        "  - title: Y\n    date: 2025-03-02\n    id: same\n"
    )
    assert _errors(text) == ["events.yaml:7:5: duplicate event id 'same' (first at events.yaml:4)"]


def test_duplicate_generated_id() -> None:
    text = "events:\n  - title: X\n    date: 2025-03-01\n  - title: X\n    date: 2025-03-01\n"
    assert _errors(text) == [
        "events.yaml:4:5: duplicate event id '2025-03-01-x' (first at events.yaml:2)",
    ]


def test_bad_sources() -> None:
    text = (
        "events:\n  - title: X\n    date: 2025-01-01\n    sources:\n"
        "      - ftp://example.org/file\n"
        "      - {url: https://example.org/a, quote: q, page: 3}\n"
    )
    assert _errors(text) == [
        "events.yaml:5:9: source URL 'ftp://example.org/file' must start with http:// or https://",
        "events.yaml:6:48: unknown key 'page' in a source (known: url, source, outlet, quote)",
    ]


def test_file_that_is_not_a_mapping() -> None:
    assert _errors("- a\n- b\n") == [
        "events.yaml:1:1: expected a mapping with 'events' and/or 'corrections'",
    ]


def test_all_errors_of_one_file_are_reported_together() -> None:
    text = (
        "events:\n"
        "  - titel: X\n"  # 2
        '    date: "2025-02-30"\n'  # 3
        "  - title: Y\n"  # 4
        "    date: 2025-03-01\n"  # 5
        "    end: 2025-01-01\n"  # 6
        "corrections:\n"  # 7
        "  - event: some-id\n"  # 8
        "    hide: maybe\n"  # 9
    )
    with pytest.raises(ValidationErrors) as info:
        _load(text)
    err = info.value
    assert isinstance(err, TimelineError)
    assert str(err).splitlines() == [
        "events.yaml:2:5: unknown key 'titel' in an event; did you mean 'title'?",
        "events.yaml:2:5: missing 'title'",
        "events.yaml:3:5: date: 2025-02-30 is not a day of the calendar",
        "events.yaml:6:5: end 2025-01-01 is before date 2025-03-01",
        "events.yaml:9:5: 'hide' must be true or false",
    ]
    assert err.message == "5 problem(s) in the input"


def test_errors_of_several_files_are_collected() -> None:
    docs = [
        ("a.yaml", yamlio.load("events:\n  - title: X\n", "a.yaml")),
        ("b.yaml", yamlio.load("events:\n  - date: 2025-01-01\n", "b.yaml")),
    ]
    with pytest.raises(ValidationErrors) as info:
        manual.load(docs)
    assert [str(e) for e in info.value.errors] == [
        "a.yaml:2:5: missing 'date'", "b.yaml:2:5: missing 'title'",
    ]


# -- applying: errors that need the extracted events -------------------------------------------
def test_correction_naming_no_event_did_you_mean() -> None:
    assert _apply_errors("corrections:\n  - event: 2025-05-19-council-vote\n    hide: true\n") == [
        "corrections.yaml:2:5: no extracted event with id '2025-05-19-council-vote'; "
        "did you mean '2025-05-19-council-votes'?",
    ]


def test_correction_naming_no_event_without_a_close_match() -> None:
    assert _apply_errors("corrections:\n  - event: nothing-like-it\n    hide: true\n") == [
        "corrections.yaml:2:5: no extracted event with id 'nothing-like-it'",
    ]


def test_merge_naming_no_event() -> None:
    text = "corrections:\n  - event: 2025-05-20-mayor-resigns\n    merge: 2025-05-21-mayor-leave\n"
    assert _apply_errors(text) == [
        "corrections.yaml:3:5: no extracted event with id '2025-05-21-mayor-leave'; "
        "did you mean '2025-05-21-mayor-leaves'?",
    ]


def test_unknown_source_id_did_you_mean() -> None:
    text = "events:\n  - title: X\n    date: 2025-01-01\n    sources: [reuters-budget-vot]\n"
    assert _apply_errors(text, "events.yaml") == [
        "events.yaml:4:15: no source with id 'reuters-budget-vot'; did you mean 'reuters-budget-vote'?",
    ]


def test_manual_id_already_used_by_an_extracted_event() -> None:
    text = "events:\n  - title: X\n    date: 2025-01-01\n    id: 2025-05-19-council-votes\n"
    assert _apply_errors(text, "events.yaml") == [
        "events.yaml:4:5: event id '2025-05-19-council-votes' is already used by an extracted event",
    ]


# -- applying corrections ------------------------------------------------------------------
def test_manual_events_are_added_after_the_extracted() -> None:
    out = _apply("events:\n  - title: Hand made\n    date: 2025-01-01\n    sources: [reuters-budget-vote]\n")
    assert [e.id for e in out] == [e.id for e in EXTRACTED] + ["2025-01-01-hand-made"]


def test_hide() -> None:
    out = _apply("corrections:\n  - event: 2025-05-20-mayor-resigns\n    hide: true\n")
    assert [e.id for e in out] == ["2025-05-19-council-votes", "2025-05-21-mayor-leaves"]


def test_retitle_and_new_summary_and_tags() -> None:
    out = _apply(
        "corrections:\n  - event: 2025-05-19-council-votes\n    title: Council passes the budget\n"
        "    summary: 'Passed *narrowly*.'\n    tags: [budget]\n"
    )
    fixed = out[0]
    assert fixed.id == "2025-05-19-council-votes"  # the id stays, so links keep working
    assert fixed.title == "Council passes the budget"
    assert fixed.summary == "Passed *narrowly*."
    assert fixed.summary_html == "<p>Passed <em>narrowly</em>.</p>"
    assert fixed.tags == ("budget",)
    assert fixed.date == EXTRACTED[0].date and fixed.sources == EXTRACTED[0].sources
    assert out[1:] == EXTRACTED[1:]


def test_redate() -> None:
    out = _apply("corrections:\n  - event: 2025-05-19-council-votes\n    date: '~2025-05'\n"
                 "    end: 2025-06\n")
    fixed = out[0]
    assert (fixed.date, fixed.end, fixed.approximate) == (
        DateValue(2025, "month", month=5), DateValue(2025, "month", month=6), True,
    )
    assert fixed.title == "Council votes"


def test_merge() -> None:
    out = _apply("corrections:\n  - event: 2025-05-20-mayor-resigns\n"
                 "    merge: [2025-05-21-mayor-leaves]\n")
    assert [e.id for e in out] == ["2025-05-19-council-votes", "2025-05-20-mayor-resigns"]
    merged = out[1]
    assert merged.sources == EXTRACTED[1].sources + EXTRACTED[2].sources
    assert merged.mentions == EXTRACTED[1].mentions + EXTRACTED[2].mentions
    assert merged.why == ("merged by hand with 2025-05-21-mayor-leaves (corrections.yaml:2)",)
    assert merged.date == EXTRACTED[1].date


def test_correction_end_before_date_is_an_error() -> None:
    text = "corrections:\n  - event: 2025-05-19-council-votes\n    date: 2025-06-01\n    end: 2025-05-01\n"
    assert _apply_errors(text) == ["corrections.yaml:4:5: end 2025-05-01 is before date 2025-06-01"]


def test_merge_into_itself_is_an_error() -> None:
    text = ("corrections:\n  - event: 2025-05-19-council-votes\n"
            "    merge: [2025-05-19-council-votes]\n")
    with pytest.raises(ValidationErrors):
        _apply(text)


# -- ids across files ------------------------------------------------------------------------
def test_duplicate_id_across_files() -> None:
    docs = [
        ("a.yaml", yamlio.load("events:\n  - id: same\n    title: X\n    date: 2025-03-01\n", "a.yaml")),
        ("b.yaml", yamlio.load("events:\n  - title: Y\n    date: 2025-03-02\n    id: same\n", "b.yaml")),
    ]
    with pytest.raises(ValidationErrors) as info:
        manual.load(docs)
    assert [str(e) for e in info.value.errors] == [
        "b.yaml:4:5: duplicate event id 'same' (first at a.yaml:2)",
    ]


def test_generated_ids_collide_across_files() -> None:
    docs = [
        ("a.yaml", yamlio.load("events:\n  - title: X\n    date: 2025-03-01\n", "a.yaml")),
        ("b.yaml", yamlio.load("events:\n  - title: X\n    date: 2025-03-01\n", "b.yaml")),
    ]
    with pytest.raises(ValidationErrors) as info:
        manual.load(docs)
    assert [str(e) for e in info.value.errors] == [
        "b.yaml:2:5: duplicate event id '2025-03-01-x' (first at a.yaml:2)",
    ]


def test_unknown_source_id_in_a_mapping_points_at_its_key() -> None:
    text = ("events:\n  - title: X\n    date: 2025-01-01\n    sources:\n"
            "      - https://example.org/a\n      - {source: nothing-like-it, quote: q}\n")
    assert _apply_errors(text, "events.yaml") == [
        "events.yaml:6:10: no source with id 'nothing-like-it'",
    ]


def test_merge_list_names_each_missing_event_where_it_stands() -> None:
    text = ("corrections:\n  - event: 2025-05-20-mayor-resigns\n"
            "    merge:\n      - 2025-05-21-mayor-leaves\n      - no-such-event\n")
    assert _apply_errors(text) == ["corrections.yaml:5:9: no extracted event with id 'no-such-event'"]


def test_load_and_apply_problems_are_reported_in_one_run() -> None:
    text = ("events:\n  - titel: X\n    date: 2025-01-01\n"
            "corrections:\n  - event: 2025-05-19-council-vote\n    hide: true\n")
    loaded = manual.load([("both.yaml", yamlio.load(text, "both.yaml"))], defer=True)
    with pytest.raises(ValidationErrors) as info:
        manual.apply(EXTRACTED, loaded, SOURCE_IDS)
    assert [str(e) for e in info.value.errors] == [
        "both.yaml:2:5: unknown key 'titel' in an event; did you mean 'title'?",
        "both.yaml:2:5: missing 'title'",
        "both.yaml:5:5: no extracted event with id '2025-05-19-council-vote'; "
        "did you mean '2025-05-19-council-votes'?",
    ]


def test_the_readme_example_is_valid() -> None:
    import re
    from pathlib import Path

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("### Manual events"):]
    block = re.search(r"```yaml\n(.*?)```", section, re.S)
    assert block is not None
    m = _load(block.group(1), "README.md")
    assert [e.id for e in m.events] == ["nato-summit-the-hague"]
    assert [(c.hide, c.title, c.merge, len(c.split)) for c in m.corrections] == [
        (False, "Trump and Putin speak by phone", (), 0), (True, None, (), 0),
        (False, None, ("2025-05-19-other-id",), 0), (False, None, (), 1), (False, None, (), 1)]
    (by_source,) = m.corrections[3].split
    assert [sid for sid, _ in by_source.sources] == ["003_5d1c0e7a2b9f4c61"]
    (split,) = m.corrections[4].split
    assert (split.id, split.title) == ("2025-05-19-zelensky-call", "Zelensky speaks to Trump")
    assert [q for q, _ in split.quotes] == ["Zelensky said"]
