"""The extractor never crashes: arbitrary text and metadata through sources, dates, events.

Each stage may refuse input only with a TimelineError (the user's problem, reported with
its file); anything else is a bug.  What comes out must still point into what went in.
"""

from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from timeline import dates, events, manual, markup, merge, sources, yamlio
from timeline.errors import TimelineError
from timeline.model import Source

SETTINGS = settings(max_examples=150, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# Pieces that steer arbitrary text into the patterns the stages look for.
FRAGMENTS = [
    "On ", "May ", "16", ", 2025", " 1 May 2024", "31 June", "0000-01-01", "99999", "9999-12-31",
    "0001-01-01", "yesterday", "tomorrow", "next year", "last week", "a day later", "Monday",
    "in February", "since 2022", "until July", "the year 0", "mid-", "early ", "'25", "Q3",
    "spring", ". ", "! ", "...", "\n", "\n\n", "\r\n", "\t", " ", "“", "”", "\"", "Mr. ", "U.S.",
    "Published ", "date: ", "Photo / ", "Read more", "# ", "**", "_", "[", "](", ")", "<p>", "</p>",
    "<script>", "&amp;", "&#", "<!--", "-->", "---\n", "title: x\n", "published: ", "\ufeff",
    "é", "東京", "\x00", "\x1b", "\u2028",
]
text_like = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=12)), max_size=60).map("".join)
publication = st.one_of(st.none(), st.dates(), st.sampled_from([dt.date.min, dt.date.max]))


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


_names = itertools.count()


def _read(folder: Path, data: bytes, ext: str) -> Source | None:
    path = folder / f"f{next(_names)}{ext}"
    path.write_bytes(data)
    try:
        return sources.read_source(path, path.name, path.stem, None)
    except TimelineError as e:
        assert e.path == path.name
        assert "\n" not in e.message
        return None
    finally:
        path.unlink()


def _check_source(src: Source) -> None:
    for s in src.sentences:
        assert src.text[s.start : s.end] == s.text
        assert 0 <= src.raw_offset(s.start) <= src.raw_end(s.end) <= len(src.raw)


@SETTINGS
@given(data=st.binary(max_size=400))
@example(data=b"\xff\xfe\x00\xd8")
@example(data=b"---\n" + b"a: &a [1]\nb: [*a, *a]\n" * 30 + b"---\n")
def test_any_bytes_read_as_an_article_or_refused(folder: Path, data: bytes) -> None:
    for ext in (".txt", ".md", ".html"):
        src = _read(folder, data, ext)
        if src is not None:
            _check_source(src)


@SETTINGS
@given(text=text_like, ext=st.sampled_from([".txt", ".md", ".html"]), published=publication)
def test_any_text_and_front_matter_through_sources_dates_and_events(
    folder: Path, text: str, ext: str, published: dt.date | None
) -> None:
    front = f"---\ntitle: T\npublished: {published.isoformat()}\n---\n" if published else ""
    src = _read(folder, (front + text).encode("utf-8", "surrogatepass"), ext)
    if src is None:
        return
    _check_source(src)
    src = sources.infer_dates([src])[0]
    found = dates.extract(src.text, src.published, src.sentences)
    for e in found:
        assert src.text[e.start : e.end] == e.text
        if e.value is not None:
            assert e.value.first_day() <= e.value.last_day()
    mentions = events.mentions_of(src, found)
    for m in mentions:
        assert 0 <= m.ref.start <= m.ref.end <= len(src.raw)
        m.date.first_day()
    clusters = merge.merge(mentions)
    assert sorted(m.id for c in clusters for m in c.mentions) == sorted(m.id for m in mentions)


@SETTINGS
@given(text=text_like, dct=publication)
def test_dates_of_any_text_at_any_publication_date(text: str, dct: dt.date | None) -> None:
    for e in dates.extract(text, dct):
        assert 0 <= e.start < e.end <= len(text)
        assert text[e.start : e.end] == e.text
        for v in (e.value, e.range_end):
            if v is not None:
                assert v.first_day() <= v.last_day()


@SETTINGS
@given(text=text_like)
def test_markdown_text_only_deletes(text: str) -> None:
    plain, runs = markup.markdown_to_text(text, 0)
    src = Source(id="x", path="x.md", raw=text, text=plain, runs=runs, title="", outlet=None,
                 url=None, author=None, published=None, published_from="unknown", sentences=())
    for i, ch in enumerate(plain):
        assert text[src.raw_offset(i)] == ch


@SETTINGS
@given(text=text_like)
def test_html_text_maps_back_into_the_page(text: str) -> None:
    plain, runs, _, _ = markup.html_to_text(text)
    for at, raw_at in runs:
        assert 0 <= at <= len(plain)
        assert 0 <= raw_at <= len(text)


@SETTINGS
@given(text=st.one_of(text_like, st.text(max_size=200)))
def test_any_yaml_loads_or_is_a_located_error(text: str) -> None:
    try:
        yamlio.load(text, "x.yaml")
    except TimelineError as e:
        assert e.path == "x.yaml"


@SETTINGS
@given(value=st.one_of(st.text(max_size=16), st.integers(), st.dates(), st.none(),
                       st.sampled_from(["0000", "0000-01-01", "9999-12-31", "~2025-06", "2025-02-30"])))
def test_any_manual_date_parses_or_says_why(value: object) -> None:
    try:
        parsed, _ = manual.parse_date(value)
    except ValueError as e:
        assert str(e)
        return
    assert parsed.first_day() <= parsed.last_day()


yaml_value = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=30),
    st.dates(), st.datetimes(), st.lists(st.text(max_size=5), max_size=3),
    st.dictionaries(st.text(max_size=5), st.text(max_size=5), max_size=2),
    st.sampled_from(["0000-01-01", "99999-01-01", "2024-06-31", "javascript:alert(1)", "<script>"]),
)


@SETTINGS
@given(fields=st.fixed_dictionaries({}, optional={
    k: yaml_value for k in ("title", "outlet", "url", "author", "published", "date")}),
    text=text_like)
def test_any_front_matter_values(folder: Path, fields: dict[str, object], text: str) -> None:
    front = yaml.safe_dump(fields, allow_unicode=True) if fields else ""
    src = _read(folder, f"---\n{front}---\n{text}".encode("utf-8", "surrogatepass"), ".md")
    if src is None:
        return
    _check_source(src)
    for value in (src.title, src.outlet, src.url, src.author):
        assert value is None or isinstance(value, str)
    events.mentions_of(src)
