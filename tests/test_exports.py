"""The data exports: TimelineJS JSON, iCalendar, Atom, CSV, sitemap, JSON-LD, and search."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import icalendar
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_site import make_timeline

from timeline import pipeline, search
from timeline.feeds import event_uid, ics, timelinejs
from timeline.jsonld import schema_date
from timeline.model import DateValue, Event, Timeline
from timeline.site import render

ROOT = Path(__file__).resolve().parent.parent
T = "Sanctions timeline"  # make_timeline()'s title
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def timeline() -> Timeline:
    return make_timeline()


@pytest.fixture(scope="module")
def site(timeline: Timeline) -> dict[str, bytes]:
    return render(timeline, base_url="https://example.org/news/sanctions/")


def _slides(site: dict[str, bytes]) -> dict[str, dict[str, object]]:
    return {s["unique_id"]: s for s in json.loads(site["timeline.json"])["events"]}


def test_timelinejs_dates_stop_at_their_precision(site: dict[str, bytes]) -> None:
    slides = _slides(site)
    assert slides["2025-05-16-istanbul-talks"]["start_date"] == {"year": 2025, "month": 5, "day": 16}
    assert slides["2025-05-sanctions-package"]["start_date"] == {"year": 2025, "month": 5}
    assert slides["sanctions-bill"]["start_date"] == {"year": 2025}
    summer = slides["summer-no-new-sanctions"]
    assert summer["start_date"] == {"year": 2025, "month": 6, "display_date": "Summer 2025"}
    assert summer["end_date"] == {"year": 2025, "month": 8}


def test_timelinejs_approximate_dates_have_a_display_date(site: dict[str, bytes]) -> None:
    nato = _slides(site)["2025-06-24-nato-summit"]
    assert nato["start_date"] == {"year": 2025, "month": 6, "day": 24, "display_date": "c. 24 June 2025"}
    exact = _slides(site)["2025-05-16-istanbul-talks"]["start_date"]
    assert "display_date" not in exact  # type: ignore[operator]


def test_timelinejs_text_is_escaped_html(site: dict[str, bytes]) -> None:
    nato = _slides(site)["2025-06-24-nato-summit"]
    assert "&lt;script&gt;" in nato["text"]["headline"]  # type: ignore[index]
    assert "<script>" not in site["timeline.json"].decode()


def test_ics_all_day_ranges_and_stable_uids(site: dict[str, bytes], timeline: Timeline) -> None:
    cal = icalendar.Calendar.from_ical(site["events.ics"])
    events = {str(e["uid"]): e for e in cal.walk("VEVENT")}
    assert len(events) == len(timeline.events)
    day = events[event_uid(T, "2025-05-16-istanbul-talks")]
    assert day.decoded("dtstart") == dt.date(2025, 5, 16)  # a date: an all-day event
    assert day.decoded("dtend") == dt.date(2025, 5, 17)  # exclusive end
    month = events[event_uid(T, "2025-05-sanctions-package")]
    assert (month.decoded("dtstart"), month.decoded("dtend")) == (dt.date(2025, 5, 1), dt.date(2025, 6, 1))
    year = events[event_uid(T, "sanctions-bill")]
    assert (year.decoded("dtstart"), year.decoded("dtend")) == (dt.date(2025, 1, 1), dt.date(2026, 1, 1))
    assert str(year["url"]) == "https://example.org/news/sanctions/events/sanctions-bill.html"
    assert "approximate" in str(events[event_uid(T, "2025-06-24-nato-summit")]["description"])
    # the same event in the same timeline keeps its UID, whatever else changes
    assert event_uid(T, "sanctions-bill") == event_uid(T, "sanctions-bill")
    assert event_uid(T, "sanctions-bill") != event_uid("Another timeline", "sanctions-bill")
    moved = render(timeline, base_url="https://elsewhere.example/")["events.ics"]
    assert f"UID:{event_uid(T, 'sanctions-bill')}".encode() in moved
    assert render(timeline)["events.ics"].count(b"UID:") == len(timeline.events)


def test_atom_is_dated_by_the_newest_event(site: dict[str, bytes], timeline: Timeline) -> None:
    feed = ET.fromstring(site["feed.xml"])
    newest = max((e.end or e.date).last_day() for e in timeline.events)
    assert feed.findtext(f"{ATOM}updated") == f"{newest.isoformat()}T00:00:00Z"
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == len(timeline.events)
    updated = [e.findtext(f"{ATOM}updated") for e in entries]
    assert updated == sorted(updated, reverse=True)
    links = [e.find(f"{ATOM}link").get("href") for e in entries]  # type: ignore[union-attr]
    assert all(h.startswith("https://example.org/news/sanctions/events/") for h in links)
    # without a base URL, links are relative to the feed at the site root
    plain = ET.fromstring(render(timeline)["feed.xml"])
    assert plain.find(f"{ATOM}entry/{ATOM}link").get("href").startswith("events/")  # type: ignore[union-attr]


def test_atom_carries_the_newest_events_only(monkeypatch: pytest.MonkeyPatch, timeline: Timeline) -> None:
    from timeline import feeds

    monkeypatch.setattr(feeds, "FEED_ENTRIES", 3)
    entries = ET.fromstring(feeds.atom(timeline)).findall(f"{ATOM}entry")
    newest = sorted((e.end or e.date).last_day() for e in timeline.events)[-3:]
    assert sorted(dt.date.fromisoformat(e.findtext(f"{ATOM}updated", "")[:10]) for e in entries) == newest


def test_atom_entries_are_the_newest_first_ties_in_chronological_order(
        monkeypatch: pytest.MonkeyPatch, timeline: Timeline) -> None:
    """For every feed length: the entries are the events sorted newest first by their last
    day, those of one day in chronological order (a stable sort), cut at the length."""
    from dataclasses import replace

    from timeline import feeds
    from timeline.exports import chronological
    from timeline.model import DateValue

    same_day = DateValue.of_day(dt.date(2025, 6, 1))
    timeline = replace(timeline, events=tuple(
        replace(e, date=same_day, end=None) if n % 2 else e for n, e in enumerate(timeline.events)))
    ordered = sorted(chronological(timeline.events), key=feeds.last_day, reverse=True)
    days = [feeds.last_day(e) for e in ordered]
    assert len(set(days)) < len(days)  # the sample has events on the same day
    for n in range(1, len(ordered) + 2):
        monkeypatch.setattr(feeds, "FEED_ENTRIES", n)
        entries = ET.fromstring(feeds.atom(timeline)).findall(f"{ATOM}entry")
        ids = [e.findtext(f"{ATOM}id") for e in entries]
        assert ids == [f"urn:uuid:{feeds.event_uid(timeline.title, e.id)}" for e in ordered[:n]]


def test_the_feed_is_known_by_its_newest_events(monkeypatch: pytest.MonkeyPatch,
                                                timeline: Timeline) -> None:
    """A build keeps feed.xml when its newest events and the site's title are as before,
    whatever happened to older events; a change to one of the newest remakes it."""
    from dataclasses import replace

    from timeline import cache, feeds, site
    from timeline.exports import chronological

    monkeypatch.setattr(feeds, "FEED_ENTRIES", 2)

    def feed_key(t: Timeline) -> str:
        found: dict[str, str] = {}
        site.render(t, emit=lambda path, inputs, make: found.update(
            {path: cache.inputs_key("", inputs)}))
        return found["feed.xml"]

    ordered = chronological(timeline.events)
    entries = feeds.newest_first(ordered)[1]
    older = [e for e in ordered if e not in entries]
    assert older
    oldest, newest = older[0], entries[0]

    def retitled(event_id: str) -> Timeline:
        return replace(timeline, events=tuple(e.changed(title="Retitled") if e.id == event_id else e
                                              for e in timeline.events))

    key = feed_key(timeline)
    assert key and feed_key(retitled(oldest.id)) == key
    assert feed_key(retitled(newest.id)) != key
    assert feed_key(replace(timeline, title="Another title")) != key


def test_csv_has_one_row_per_event(site: dict[str, bytes], timeline: Timeline) -> None:
    text = site["events.csv"].decode("utf-8")
    assert text.endswith("\r\n")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == len(timeline.events)
    nato = next(r for r in rows if r["id"] == "2025-06-24-nato-summit")
    assert nato["approximate"] == "yes" and nato["date"] == "2025-06-24"
    assert nato["sources"] == "times-02; wire-01"
    assert nato["urls"] == "https://example.com/talks"


def test_sitemap_needs_a_base_url(site: dict[str, bytes], timeline: Timeline) -> None:
    locs = re.findall(r"<loc>([^<]+)</loc>", site["sitemap.xml"].decode())
    assert "https://example.org/news/sanctions/" in locs
    assert "https://example.org/news/sanctions/about.html" in locs
    assert not any("404" in loc for loc in locs)
    assert len(locs) == 2 + len(timeline.events) + len(timeline.sources)
    assert "sitemap.xml" not in render(timeline)


def test_event_pages_carry_schema_org_event_json_ld(site: dict[str, bytes]) -> None:
    for event_id, start, end in [("2025-05-sanctions-package", "2025-05", None),
                                 ("summer-no-new-sanctions", "2025-06", "2025-08")]:
        html = site[f"events/{event_id}.html"].decode()
        body = re.search(r'<script type="application/ld\+json">\n(.*?)\n</script>', html, re.S)
        assert body, event_id
        data = json.loads(body.group(1))
        assert data["@type"] == "Event" and data["@context"] == "https://schema.org"
        assert data["startDate"] == start and data.get("endDate") == end
        assert data["url"] == f"https://example.org/news/sanctions/events/{event_id}.html"
    talks = site["events/2025-05-16-istanbul-talks.html"].decode()
    data = json.loads(talks.split('<script type="application/ld+json">\n')[1].split("\n</script>")[0])
    reports = {r.get("url"): r for r in data["subjectOf"]}
    assert reports["https://example.com/talks"] == {
        "@type": "NewsArticle", "headline": "Talks resume in Istanbul", "url": "https://example.com/talks",
        "datePublished": "2025-05-21", "publisher": {"@type": "Organization", "name": "Example Times"},
        "author": {"@type": "Person", "name": "A. Reporter"}}
    assert len(reports) == 2  # the other has no URL: a NewsArticle with its headline
    nato = site["events/2025-06-24-nato-summit.html"].decode()
    assert "\\u003cscript>" in nato  # a title cannot close the script element


def test_build_writes_the_search_index(tmp_path: Path) -> None:
    out = tmp_path / "site"
    report = pipeline.build(pipeline.Config(sources=ROOT / "seeds", out=out))
    index = json.loads((out / "search" / "pages.json").read_bytes())
    html = (out / "index.html").read_text("utf-8")
    assert index["pages"] == {"index.html": 0}
    assert index["events"] == html.count('<li class="event"') == report.events
    assert 'id="q"' in html and 'data-search="search/" data-page="index.html"' in html
    assert sorted(p.stem for p in (out / "search" / "t").iterdir()) == index["shards"]
    assert report.files == sum(1 for p in out.rglob("*") if p.is_file()) - 1


def decode(files: dict[str, bytes]) -> dict[str, list[int]]:
    """term -> event numbers, from the index files."""
    out: dict[str, list[int]] = {}
    for path, data in files.items():
        if path.startswith("search/t/"):
            for term, gaps in json.loads(data).items():
                assert search.shard_key(term) == path.removeprefix("search/t/").removesuffix(".json")
                numbers, n = [], 0
                for gap in gaps:
                    n += gap
                    numbers.append(n)
                out[term] = numbers
    return out


_WORDS = st.sampled_from(["Talks", "talks", "Erdoğan", "Kyiv", "the", "a", "U.S.", "16",
                          "Москва", "東京", "naïve", "co-operation", "x_y", "ﬁnal", "İstanbul"])


@settings(max_examples=100, deadline=None)
@given(st.lists(st.lists(st.lists(_WORDS, max_size=8).map(" ".join), max_size=5), max_size=4))
def test_the_index_finds_exactly_the_events_with_a_term(pages: list[list[str]]) -> None:
    listed = [(f"years/{i}.html", texts) for i, texts in enumerate(pages)]
    files = search.index_files(listed)
    decoded = decode(files)
    meta = json.loads(files["search/pages.json"])
    assert meta["shards"] == sorted(p[len("search/t/"):-5] for p in files if p.startswith("search/t/"))
    n = 0
    for path, texts in listed:
        assert meta["pages"][path] == n  # an event's number: its page's first + its place there
        for text in texts:
            assert {t for t, ns in decoded.items() if n in ns} == search.terms(text)
            n += 1
    assert meta["events"] == n


@pytest.mark.parametrize(("text", "expected"), [
    ("Erdoğan's talks in İstanbul", {"erdogan", "talks", "istanbul"}),
    ("The U.S. and a co-operation deal, 16 May", {"co", "operation", "deal", "16", "may"}),
    ("Москва и Киев", {"москва", "киев"}),
    ("ﬁnal x_y", {"final"}),  # ligatures unfolded; the underscore splits, one letter is dropped
])
def test_search_terms(text: str, expected: set[str]) -> None:
    assert search.terms(text) == expected


def test_shard_keys_are_file_names() -> None:
    assert search.shard_key("talks") == "ta"
    assert search.shard_key("москва") == "_43c_43e"
    assert search.shard_key("1x") == "1x"


# -- laws for any date ---------------------------------------------------------------------------
def _values() -> st.SearchStrategy[DateValue]:
    days = st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31))
    return st.one_of(
        days.map(DateValue.of_day),
        days.map(DateValue.of_week),
        days.map(lambda d: DateValue.of_month(d.year, d.month)),
        days.map(lambda d: DateValue.of_year(d.year)),
        st.tuples(st.integers(1900, 2100), st.sampled_from([21, 22, 23, 24])).map(
            lambda ys: DateValue.of_season(*ys)),
    )


def _one(value: DateValue, approximate: bool) -> Timeline:
    event = Event(id="e", date=value, end=None, title="T", summary="S", origin="manual",
                  tags=(), sources=(), approximate=approximate)
    return Timeline("T", "", (), (event,))


PARTS = {"year": 1, "season": 2, "month": 2, "week": 3, "day": 3}


@settings(max_examples=100, deadline=None)
@given(_values(), st.booleans())
def test_any_date_keeps_its_precision_and_its_days(value: DateValue, approximate: bool) -> None:
    timeline = _one(value, approximate)
    slide = json.loads(timelinejs(timeline))["events"][0]
    start = dict(slide["start_date"])
    display = start.pop("display_date", None)
    # TimelineJS gets no field finer than the date (a week has no form: its days)
    assert len(start) == PARTS[value.precision]
    assert (display is not None) == (approximate or value.precision in {"week", "season"})
    # the calendar covers exactly the date's days, as an all-day range
    vevent = icalendar.Calendar.from_ical(ics(timeline)).walk("VEVENT")[0]
    assert vevent.decoded("dtstart") == value.first_day()
    assert vevent.decoded("dtend") == value.last_day() + dt.timedelta(days=1)
    # schema.org gets an ISO 8601 date at (or, for a season, near) the precision
    assert re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?|-W\d{2})?", schema_date(value))


_TEXT = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=300)


@settings(max_examples=200, deadline=None)
@given(_TEXT.filter(str.strip), _TEXT, st.lists(_TEXT.filter(str.strip), max_size=3, unique=True),
       _TEXT.filter(str.strip))
def test_ics_reads_back_as_written(title: str, summary: str, tags: list[str], name: str) -> None:
    """Our own iCalendar writer (escaping, folding at 75 octets, never inside a UTF-8
    character): the `icalendar` package reads every text back unchanged."""
    event = Event(id="e", date=DateValue.of_day(dt.date(2024, 5, 6)), end=None, title=title,
                  summary=summary, origin="manual", tags=tuple(tags), sources=(), approximate=False)
    data = ics(Timeline(name, "", (), (event,)), "https://example.org/a b")
    assert all(len(line) <= 75 for line in data.split(b"\r\n")), "a line longer than 75 octets"
    data.decode("utf-8")  # folding never splits a character
    cal = icalendar.Calendar.from_ical(data)
    # (the calendar's name, an X- property, icalendar leaves undecoded; same escaping)
    vevent = cal.walk("VEVENT")[0]
    assert str(vevent["SUMMARY"]) == title.replace("\r\n", "\n").replace("\r", "\n")
    description = str(vevent["DESCRIPTION"])
    assert description.startswith("Date: 6 May 2024")
    read_tags = [str(t) for t in vevent["CATEGORIES"].cats] if tags else []
    assert read_tags == [t.replace("\r\n", "\n").replace("\r", "\n") for t in tags]


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=30)


@settings(max_examples=300, deadline=None)
@given(_JSON)
def test_pretty_json_is_what_the_standard_library_writes(value: object) -> None:
    from timeline.exports import pretty

    parts: list[str] = []
    pretty(value, parts, "\n")
    assert "".join(parts) == json.dumps(value, ensure_ascii=False, sort_keys=True, indent=2)


def _streamed(value: object) -> object:
    """`value` with every list turned into an Items, made as it is written."""
    from timeline.exports import Items

    if isinstance(value, list):
        return Items(_streamed(v) for v in value)
    if isinstance(value, dict):
        return {k: _streamed(v) for k, v in value.items()}
    return value


# What the exports hold: no floats (orjson writes some otherwise); integers past 64 bits
# are not orjson's and fall back to our encoder.
_EXPORTED = st.recursive(
    st.none() | st.booleans() | st.integers(-2**70, 2**70) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=30)


@settings(max_examples=300, deadline=None)
@given(_EXPORTED)
def test_streamed_json_is_what_the_standard_library_writes(value: object) -> None:
    from timeline.exports import dumps

    expected = json.dumps(value, ensure_ascii=False, sort_keys=True, indent=2) + "\n"
    assert dumps(_streamed(value)) == expected.encode("utf-8")


def _in_runs(value: object) -> object:
    """`value` with every list turned into an Items of Runs: empty ones, and the items two
    by two, made by `Run.of` and by `Run.of_values` in turn, placed at various indents."""
    from timeline.exports import Items, Run, encoded

    if isinstance(value, list):
        runs: list[object] = [Run.of([])]
        for n in range(0, len(value), 2):
            pair = value[n:n + 2]
            at = "\n" + "  " * (n % 3)  # placed for one indent or another, written at its own
            runs.append(Run.of([encoded(v) for v in pair], at) if n % 4 else Run.of_values(pair, at))
        return Items([*runs, Run.of_values([])])
    if isinstance(value, dict):
        return {k: _in_runs(v) for k, v in value.items()}
    return value


@settings(max_examples=300, deadline=None)
@given(_EXPORTED)
def test_json_written_in_runs_is_what_the_standard_library_writes(value: object) -> None:
    from timeline.exports import dumps, pretty

    expected = json.dumps(value, ensure_ascii=False, sort_keys=True, indent=2)
    assert dumps(_in_runs(value)) == (expected + "\n").encode("utf-8")
    parts: list[str] = []
    pretty(_in_runs(value), parts, "\n")
    assert "".join(parts) == expected


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.text(), st.lists(st.integers(0, 2**40), max_size=5) | st.integers(0, 2**40)
                       | st.dictionaries(st.text(), st.integers(0, 2**40), max_size=4)
                       | st.lists(st.text(), max_size=4), max_size=6))
def test_search_index_json_is_what_the_standard_library_writes(value: dict[str, object]) -> None:
    from timeline import search

    assert search._json(value) == json.dumps(
        value, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")


def test_items_inside_a_document_are_written_by_orjson(monkeypatch: pytest.MonkeyPatch) -> None:
    """The speed of events.json rests on this: an Items nested in the document (as its
    events are) hands its items to orjson, not to our Python encoder."""
    from timeline import exports

    calls: list[object] = []
    real = exports.orjson.dumps

    def counting(value: object, option: int = 0) -> bytes:
        calls.append(value)
        return real(value, option=option)

    monkeypatch.setattr(exports.orjson, "dumps", counting)
    document = {"title": "t", "events": exports.Items([{"a": 1}, {"b": [2]}])}
    assert exports.dumps(document) == (json.dumps(
        {"title": "t", "events": [{"a": 1}, {"b": [2]}]},
        ensure_ascii=False, sort_keys=True, indent=2) + "\n").encode()
    assert calls == [{"a": 1}, {"b": [2]}]
