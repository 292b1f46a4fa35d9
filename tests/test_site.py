"""The rendering stage: files, events.json contract, links, escaping, dates."""

from __future__ import annotations

import datetime as dt
import json
import posixpath
import re
from collections.abc import Callable, Iterable
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from timeline.errors import TimelineError
from timeline.exports import events_json
from timeline.feeds import url_path
from timeline.model import DateValue, Event, Sentence, Source, SourceRef, Timeline
from timeline.site import render

XSS = "<script>alert(1)</script>"
XSS_ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"


# -- a small timeline, by hand ----------------------------------------------------------
def _sentences(text: str, boilerplate: dict[str, str] | None = None) -> tuple[Sentence, ...]:
    """One sentence per '. '-terminated run on each line (good enough for hand-made text)."""
    out = []
    for n, line in enumerate(re.finditer(r"[^\n]+", text)):
        for m in re.finditer(r"[^ ].*?(?:\.(?= |$)|$)", line.group()):
            start = line.start() + m.start()
            sentence = m.group()
            tag = next((v for k, v in (boilerplate or {}).items() if sentence.startswith(k)), "")
            out.append(Sentence(start, start + len(sentence), sentence, n, tag))
    return tuple(out)


def _txt_source(sid: str, text: str, published: dt.date | None, **meta: str | None) -> Source:
    return Source(
        id=sid,
        path=f"seeds/{sid}.txt",
        raw=text,
        text=text,
        runs=(),
        title=meta.get("title") or sid,
        outlet=meta.get("outlet"),
        url=meta.get("url"),
        author=meta.get("author"),
        published=published,
        published_from="metadata" if published else "unknown",
        sentences=_sentences(text, {"Read next": "sidebar"}),
    )


def _html_source(sid: str, raw: str, published: dt.date) -> Source:
    """Strip tags, keeping where each run of text starts in `raw`."""
    runs = []
    text = ""
    for m in re.finditer(r"(?<=>)[^<]+", raw):
        runs.append((len(text), m.start()))
        text += m.group()
    return Source(
        id=sid,
        path=f"seeds/{sid}.html",
        raw=raw,
        text=text,
        runs=tuple(runs),
        title="Talks resume in Istanbul",
        outlet="Example Times",
        url="https://example.com/talks",
        author="A. Reporter",
        published=published,
        published_from="front-matter",
        sentences=_sentences(text),
    )


def _ref(source: Source, quote: str, date_text: str = "", how: str = "") -> SourceRef:
    i = source.text.index(quote)
    start, end = source.raw_offset(i), source.raw_end(i + len(quote))
    return SourceRef(source.id, quote, start, end, date_text, how)


WIRE_TEXT = (
    f"Sanctions decision delayed {XSS}\n\n"
    "The United States will not back new sanctions for now. "
    "On May 16, the first direct talks since 2022 were held in Istanbul.\n"
    f"Officials said in May that a new package was being drafted. Odd {XSS} text here.\n\n"
    "Read next: Ten things to know about tariffs."
)
LONG_SUMMARY = (
    "The United States will not back new sanctions for the time being, the administration said "
    "in a statement that left room for negotiations with Moscow. "
    "A second sentence that the timeline should leave for the event page, because the index shows "
    "only one sentence of each summary and this one is far too long to fit there anyway."
)
TALKS_RAW = (
    "<html><body><h1>Talks resume</h1>\n"
    "<p>On May 16, the first direct talks since 2022 were held in <b>Istanbul</b>.</p>\n"
    "<p>Around 24 June, leaders met at the NATO summit.</p></body></html>"
)


def make_timeline() -> Timeline:
    wire = _txt_source(
        "wire-01",
        WIRE_TEXT,
        dt.date(2025, 6, 24),
        title=f"Sanctions decision delayed {XSS}",
        author="Oleksandr Bulin",
    )
    talks = _html_source("times-02", TALKS_RAW, dt.date(2025, 5, 21))
    nodate = _txt_source("blog-03", "A short post with no date at all.", None)
    q_talks = "On May 16, the first direct talks since 2022 were held in Istanbul."
    events = (
        Event(
            id="2025-05-16-istanbul-talks",
            date=DateValue.parse("2025-05-16"),
            end=None,
            title="First direct talks since 2022 held in Istanbul",
            summary="The first direct talks between the two sides since 2022 were held in Istanbul.",
            origin="extracted",
            tags=("talks",),
            sources=(
                _ref(wire, q_talks, "On May 16", "month and day; year from publication"),
                _ref(talks, q_talks, "On May 16", "month and day; year from publication"),
            ),
            why=("same day and the same actors: talks, Istanbul",),
        ),
        Event(
            id="2025-05-sanctions-package",
            date=DateValue.of_month(2025, 5),
            end=None,
            title="New sanctions package drafted",
            summary="Officials said in May that a new package was being drafted.",
            origin="extracted",
            tags=(),
            sources=(
                _ref(
                    wire,
                    "Officials said in May that a new package was being drafted.",
                    "in May",
                    "month name; year from publication",
                ),
            ),
        ),
        Event(
            id="2025-06-24-nato-summit",
            date=DateValue.parse("2025-06-24"),
            end=None,
            title=f"Leaders meet at the NATO summit {XSS}",
            summary=f"Leaders met at the NATO summit {XSS}.",
            origin="extracted",
            tags=("NATO", XSS),
            approximate=True,
            sources=(
                _ref(
                    talks,
                    "Around 24 June, leaders met at the NATO summit.",
                    "Around 24 June",
                    "day and month; APPROX",
                ),
                _ref(wire, f"Odd {XSS} text here."),
            ),
        ),
        Event(
            id="summer-no-new-sanctions",
            date=DateValue.of_season(2025, 22),
            end=None,
            title="No new sanctions over the summer",
            summary=LONG_SUMMARY,
            origin="extracted",
            tags=(),
            sources=(_ref(wire, "The United States will not back new sanctions for now."),),
        ),
        Event(
            id="sanctions-bill",
            date=DateValue.of_year(2025),
            end=None,
            title="Sanctions bill gathers support",
            summary="A bipartisan bill has the support of **82 senators**.",
            summary_html="<p>A bipartisan bill has the support of <strong>82 senators</strong>.</p>",
            origin="manual",
            tags=("congress",),
            sources=(
                SourceRef(
                    "", "The bill has 82 co-sponsors.", 0, 0, url="https://www.example.org/bill"
                ),
                SourceRef("", "No address for this one.", 0, 0, outlet="Hearsay"),
            ),
        ),
    )
    return Timeline(
        "Sanctions timeline", "What happened, and who said so.", (wire, talks, nodate), events
    )


@pytest.fixture(scope="module")
def timeline() -> Timeline:
    return make_timeline()


@pytest.fixture(scope="module")
def site(timeline: Timeline) -> dict[str, bytes]:
    return render(timeline)


# -- HTML helpers -------------------------------------------------------------------------
class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, str, str]] = []  # tag, attribute, value
        self.ids: set[str] = set()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.tags.append((tag, a))
        if a.get("id"):
            self.ids.add(str(a["id"]))
        for name in ("href", "src"):
            if a.get(name) is not None:
                self.links.append((tag, name, str(a[name])))


def _parse(text: str) -> _Page:
    page = _Page()
    page.feed(text)
    page.close()
    return page


def _html(site: dict[str, bytes]) -> dict[str, str]:
    return {p: b.decode("utf-8") for p, b in site.items() if p.endswith(".html")}


# -- files --------------------------------------------------------------------------------
def test_every_file_is_there(site: dict[str, bytes], timeline: Timeline) -> None:
    expected = {"index.html", "about.html", "404.html", "events.json", "static/style.css",
                "static/timeline.js", "timeline.json", "events.ics", "events.csv", "feed.xml"}
    expected |= {f"events/{e.id}.html" for e in timeline.events}
    expected |= {f"sources/{s.id}.html" for s in timeline.sources}
    assert set(site) == expected
    assert all(isinstance(b, bytes) and b for b in site.values())


def test_render_is_deterministic(site: dict[str, bytes]) -> None:
    again = render(make_timeline())
    assert again == site
    assert list(again) == sorted(again)


def test_pages_are_html5_with_one_h1(site: dict[str, bytes]) -> None:
    for path, text in _html(site).items():
        assert text.startswith('<!DOCTYPE html>\n<html lang="en">'), path
        page = _parse(text)
        names = [t for t, _ in page.tags]
        assert names.count("h1") == 1, path
        for landmark in ("header", "nav", "main", "footer", "title"):
            assert landmark in names, (path, landmark)
        assert ("meta", {"charset": "utf-8"}) in page.tags, path
        _only_our_scripts(path, text)


def _only_our_scripts(path: str, text: str) -> None:
    """The only scripts: our own file on the timeline page, and JSON-LD data."""
    page = _parse(text)
    scripts = [a for t, a in page.tags if t == "script"]
    assert text.count("<script") == len(scripts), path
    for a in scripts:
        assert a == {"type": "application/ld+json"} or a.get("src", "").endswith(
            "static/timeline.js"), (path, a)


def test_time_elements_hold_valid_html_dates(site: dict[str, bytes]) -> None:
    valid = re.compile(r"\d{4}(-\d{2}(-\d{2})?|-W\d{2})?")
    for path, text in _html(site).items():
        for tag, attrs in _parse(text).tags:
            if tag == "time":
                assert valid.fullmatch(attrs["datetime"] or ""), (path, attrs)


# -- events.json --------------------------------------------------------------------------
SOURCE_KEYS = {"id", "title", "outlet", "url", "published", "published_from", "path"}
EVENT_KEYS = {
    "id",
    "date",
    "end",
    "precision",
    "display_date",
    "title",
    "summary",
    "origin",
    "tags",
    "sources",
    "approximate",
}
REF_KEYS = {"source", "quote", "start", "end", "date_text"}
DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?|-W\d{2}|-2[1-4])?")


def test_events_json_matches_the_contract(site: dict[str, bytes], timeline: Timeline) -> None:
    data = site["events.json"]
    assert data == events_json(timeline)
    assert data.endswith(b"}\n")
    doc = json.loads(data)
    assert (
        data.decode("utf-8") == json.dumps(doc, ensure_ascii=False, sort_keys=True, indent=2) + "\n"
    )
    assert set(doc) == {"title", "sources", "events"}
    assert doc["title"] == "Sanctions timeline"
    assert [s["id"] for s in doc["sources"]] == ["blog-03", "times-02", "wire-01"]
    for s in doc["sources"]:
        assert set(s) == SOURCE_KEYS
        assert s["published"] is None or re.fullmatch(r"\d{4}-\d{2}-\d{2}", s["published"])
        assert s["published_from"] in {
            "metadata",
            "front-matter",
            "dateline",
            "inferred",
            "unknown",
        }
        assert s["path"].startswith("seeds/")
    assert doc["sources"][0]["published"] is None
    assert doc["sources"][1]["published"] == "2025-05-21"
    for e in doc["events"]:
        assert set(e) == EVENT_KEYS
        assert DATE.fullmatch(e["date"]) and e["end"] is None
        assert e["precision"] in {"day", "week", "month", "season", "year"}
        assert e["origin"] in {"extracted", "manual"}
        assert isinstance(e["tags"], list) and isinstance(e["approximate"], bool)
        for r in e["sources"]:
            assert set(r) in (REF_KEYS, REF_KEYS | {"url"})
            assert isinstance(r["start"], int) and isinstance(r["end"], int)
    # oldest first, the year-only date before the days of that year
    assert [(e["date"], e["precision"]) for e in doc["events"]] == [
        ("2025", "year"),
        ("2025-05", "month"),
        ("2025-05-16", "day"),
        ("2025-22", "season"),
        ("2025-06-24", "day"),
    ]
    manual = doc["events"][0]
    assert manual["origin"] == "manual" and manual["display_date"] == "2025"
    assert manual["sources"][0] == {
        "source": None,
        "url": "https://www.example.org/bill",
        "quote": "The bill has 82 co-sponsors.",
        "start": 0,
        "end": 0,
        "date_text": "",
    }
    nato = doc["events"][4]
    assert nato["approximate"] is True and nato["display_date"] == "c. 24 June 2025"
    talks = doc["events"][2]["sources"][1]
    raw = TALKS_RAW[talks["start"] : talks["end"]]
    assert raw == "On May 16, the first direct talks since 2022 were held in <b>Istanbul</b>."


# -- links --------------------------------------------------------------------------------
def test_every_link_is_relative_and_resolves(site: dict[str, bytes], timeline: Timeline) -> None:
    external = {r.url for e in timeline.events for r in e.sources if r.url}
    external |= {s.url for s in timeline.sources if s.url}
    pages = {p: _parse(text) for p, text in _html(site).items()}
    checked = 0
    for path, page in pages.items():
        for tag, _attr, value in page.links:
            parts = urlsplit(value)
            if parts.scheme == "data":  # the page's icon, inside the page: no request
                assert tag == "link", (path, value)
                continue
            if parts.scheme:
                assert parts.scheme in {"http", "https"} and value in external, (path, value)
                assert tag == "a", (path, value)
                continue
            assert not parts.netloc and not value.startswith("/"), (path, value)
            target = path
            if parts.path:
                target = posixpath.normpath(
                    posixpath.join(posixpath.dirname(path), unquote(parts.path))
                )
            assert target in site, (path, value)
            if parts.fragment:
                assert unquote(parts.fragment) in pages[target].ids, (path, value)
            checked += 1
    assert checked > 50


def test_base_url_only_adds_canonical(timeline: Timeline) -> None:
    site = render(timeline, base_url="https://news.example/timeline/")
    index = site["index.html"].decode()
    assert '<link rel="canonical" href="https://news.example/timeline/">' in index
    event = site["events/2025-05-sanctions-package.html"].decode()
    assert (
        '<link rel="canonical" href="https://news.example/timeline/events/'
        '2025-05-sanctions-package.html">'
    ) in event
    assert "canonical" not in site["404.html"].decode()
    assert '<base href="https://news.example/timeline/">' in site["404.html"].decode()
    assert "canonical" not in render(timeline)["index.html"].decode()


def test_source_links_point_at_the_quoted_sentence(
    site: dict[str, bytes], timeline: Timeline
) -> None:
    index = site["index.html"].decode()
    for event in timeline.events:
        for ref in event.sources:
            if ref.source:
                assert f'href="sources/{ref.source}.html#s-{ref.start}"' in index
                page = site[f"sources/{ref.source}.html"].decode()
                assert f'<mark id="s-{ref.start}">' in page
    # a plain-URL manual source links out, labelled with its host; one without a URL by outlet
    assert '<a href="https://www.example.org/bill" rel="noopener">example.org</a>' in index
    assert "Hearsay" in index


# -- content ------------------------------------------------------------------------------
def test_article_text_is_escaped(site: dict[str, bytes]) -> None:
    for path in ("index.html", "events/2025-06-24-nato-summit.html", "sources/wire-01.html"):
        text = site[path].decode()
        assert XSS_ESCAPED in text, path
        assert XSS not in text, path
    for path, text in _html(site).items():
        _only_our_scripts(path, text)
        assert "</script" not in re.sub(r"</script>\n", "", text), path
    assert XSS in json.loads(site["events.json"])["events"][4]["title"]


def test_month_precision_shows_the_month_only(site: dict[str, bytes]) -> None:
    index = site["index.html"].decode()
    assert '<time datetime="2025-05">May 2025</time>' in index
    assert "1 May 2025" not in index
    page = site["events/2025-05-sanctions-package.html"].decode()
    assert '<time datetime="2025-05">May 2025</time>' in page


def test_index_groups_by_year_and_month(site: dict[str, bytes]) -> None:
    index = site["index.html"].decode()
    assert 'id="y2025"' in index and 'href="#y2025"' in index
    headings = [re.sub(r"<[^>]+>", "", h) for h in re.findall(r"<h3[^>]*>(.*?)</h3>", index)]
    assert headings == [
        "2025 (date not more precise)",
        "May 2025",
        "Summer 2025 (date not more precise)",
        "June 2025",
    ]
    assert (
        index.index("Sanctions bill")
        < index.index("New sanctions package")
        < index.index("First direct talks")
        < index.index("Leaders meet")
    )
    assert ">3 sources<" not in index and ">2 sources<" in index and ">1 source<" in index


def test_index_shows_one_sentence_of_a_long_summary(site: dict[str, bytes]) -> None:
    first, second = LONG_SUMMARY.split(". ", 1)
    index = site["index.html"].decode()
    assert f'<p class="summary">{first}.</p>' in index and second not in index
    assert '<time datetime="2025-06">Summer 2025</time>' in index
    assert second in site["events/summer-no-new-sanctions.html"].decode()


def test_approximate_dates_are_marked(site: dict[str, bytes]) -> None:
    index = site["index.html"].decode()
    marker = re.search(
        r'<abbr class="approx" title="[^"]+">approx\.</abbr> '
        r'<time datetime="2025-06-24">24 June 2025</time>',
        index,
    )
    assert marker
    assert index.count('class="approx"') == 1


def test_manual_summary_html_is_kept(site: dict[str, bytes]) -> None:
    page = site["events/sanctions-bill.html"].decode()
    assert "<strong>82 senators</strong>" in page
    assert "**82" not in site["index.html"].decode()


def test_event_page_explains_dates_and_merging(site: dict[str, bytes]) -> None:
    page = site["events/2025-05-16-istanbul-talks.html"].decode()
    assert "<q>On May 16</q>" in page
    assert "month and day; year from publication" in page
    assert "Why these reports were merged" in page
    assert "same day and the same actors" in page
    # against which publication date: both reports', each with where it came from
    assert "<dd>24 June 2025 (from the metadata file)</dd>" in page
    assert "<dd>21 May 2025 (from the article&#39;s front matter)</dd>" in page


def test_inferred_dates_are_marked(site: dict[str, bytes]) -> None:
    """An extracted event that no source dates with a phrase rests on a publication date."""
    index = site["index.html"].decode()
    summer = re.search(r'<li class="event" id="e-summer-no-new-sanctions".*?</li>', index, re.S)
    talks = re.search(r'<li class="event" id="e-2025-05-16-istanbul-talks".*?</li>', index, re.S)
    assert summer and talks
    assert ">inferred</abbr>" in summer.group()
    assert "inferred" not in talks.group()


def test_index_offers_filters_for_sources_and_tags(site: dict[str, bytes]) -> None:
    index = site["index.html"].decode()
    assert re.search(r'<form class="controls" id="controls"[^>]* hidden>', index)
    options = dict(re.findall(r'<option value="([st]\d+)" data-name="[^"]+">([^<]+)</option>', index))
    assert "Example Times (2)" in options.values()
    assert "NATO (1)" in options.values()
    key = next(k for k, v in options.items() if v == "NATO (1)")
    assert re.search(rf'id="e-2025-06-24-nato-summit" data-facets="[^"]*\b{key}\b', index)
    assert 'id="q"' not in index  # no search unless the caller builds the index


def test_source_page_shows_text_and_boilerplate(site: dict[str, bytes]) -> None:
    page = site["sources/wire-01.html"].decode()
    assert "not part of the story: sidebar" in page
    assert "Ten things to know about tariffs." in page
    assert "Oleksandr Bulin" in page
    assert page.count('<a class="event-ref"') == 4
    html_page = site["sources/times-02.html"].decode()
    assert "<b>" not in html_page  # the analysed text, not the raw markup
    assert "from the article&#39;s front matter" in html_page
    assert '<a href="https://example.com/talks" rel="noopener">' in html_page
    assert "No event in the timeline" in site["sources/blog-03.html"].decode()


def test_about_page_is_sanitised_markdown(timeline: Timeline) -> None:
    site = render(timeline, about_md="# Who we are\n\nWe *read* the news.\n\n<script>x()</script>")
    about = site["about.html"].decode()
    assert "<h2" in about and "Who we are" in about and "<em>read</em>" in about
    assert "<script" not in about
    assert "automatically" in render(timeline)["about.html"].decode()


def test_unsafe_ids_are_refused(timeline: Timeline) -> None:
    bad = Event("../x", DateValue.of_year(2025), None, "t", "s", "extracted", (), ())
    with pytest.raises(TimelineError, match="cannot be used as a file name"):
        render(Timeline("t", "", (), (bad,)))
    with pytest.raises(TimelineError, match="two events"):
        render(Timeline("t", "", timeline.sources, timeline.events + timeline.events[:1]))


def test_a_template_folder_overrides_only_what_it_holds(timeline: Timeline, tmp_path: Path) -> None:
    (tmp_path / "static").mkdir()
    (tmp_path / "404.html").write_text(
        '{% extends "base.html" %}{% block main %}<h1>Gone fishing</h1>{% endblock %}',
        encoding="utf-8")
    (tmp_path / "static" / "style.css").write_text("body { color: teal }\n", encoding="utf-8")
    (tmp_path / "static" / "extra.css").write_text("p { margin: 0 }\n", encoding="utf-8")
    plain = render(timeline)
    site = render(timeline, templates_dir=tmp_path)
    assert b"Gone fishing" in site["404.html"]
    assert site["index.html"] == plain["index.html"]  # not overridden: the built-in one
    assert site["static/style.css"] == b"body { color: teal }\n"
    assert site["static/extra.css"] == b"p { margin: 0 }\n"


def _source_page_inputs(timeline: Timeline, templates: Path | None) -> dict[str, object]:
    from timeline import site

    seen: dict[str, object] = {}
    site.render(timeline, templates_dir=templates,
                emit=lambda path, inputs, make: seen.__setitem__(path, inputs))
    return {p: i for p, i in seen.items() if p.startswith("sources/")}


def test_a_source_page_is_keyed_on_what_its_template_shows_of_its_events(tmp_path: Path) -> None:
    """The built-in source page shows each citing event's link, title and date: an event's
    evidence changing (as with each new statement of its month) leaves its sources' pages
    as they were.  A user's own template may show more, so there the whole event counts."""
    from dataclasses import replace

    from timeline import pipeline

    seeds = Path(__file__).resolve().parent.parent / "seeds"
    timeline, _ = pipeline.gather(pipeline.Config(sources=seeds, out=tmp_path / "o",
                                                  use_cache=False))
    merged = next(e for e in timeline.events if len(e.sources) > 1 and e.origin == "extracted")
    moved = replace(timeline, events=tuple(replace(e, why=(*e.why, "evidence 1.21"))
                                           if e is merged else e for e in timeline.events))
    cited = {f"sources/{r.source}.html" for r in merged.sources}
    before, after = _source_page_inputs(timeline, None), _source_page_inputs(moved, None)
    assert before == after
    own = tmp_path / "templates"
    own.mkdir()
    (own / "source.html").write_text(
        "{% for event in events %}{{ event.title }} {{ event.why }}{% endfor %}", encoding="utf-8")
    before, after = _source_page_inputs(timeline, own), _source_page_inputs(moved, own)
    assert {p for p in before if before[p] != after[p]} == cited


@settings(max_examples=500)
@given(st.text())
@example("events/2025-05-16-talks.html")
@example("sources/é x?.html")
@example("a\nb")
def test_link_paths_are_quoted_as_urllib_quotes_them(path: str) -> None:
    """The fast path for plain slugs gives what `quote` gives, for any path."""
    assert url_path(path) == quote(path, safe="/-._~")


# -- parts kept from build to build -------------------------------------------------------
def _edited(timeline: Timeline, edit: tuple[str, int, str]) -> Timeline:
    """`timeline` with one edit: (what, which, new text)."""
    from dataclasses import replace

    what, n, text = edit
    events = list(timeline.events)
    sources = list(timeline.sources)
    event = events[n % len(events)] if events else None
    if what == "title" and event is not None:
        events[n % len(events)] = replace(event, title=text or "untitled")
    elif what == "drop" and event is not None:
        del events[n % len(events)]
    elif what == "move" and event is not None:
        events[n % len(events)] = replace(event, date=DateValue.of_day(dt.date(2024, 1 + n % 12, 3)))
    elif what == "copy" and event is not None:
        taken = {e.id for e in events}
        copy = next(i for k in range(n, n + len(events) + 1) if (i := f"{event.id}-{k}") not in taken)
        events.append(replace(event, id=copy, date=DateValue.of_month(2023, 1 + n % 12)))
    elif what == "quote" and event is not None and event.sources:  # another sentence
        ref = event.sources[0]
        source = next((s for s in sources if s.id == ref.source), None)
        if source is not None and source.sentences:
            said = source.sentences[n % len(source.sentences)]
            moved = replace(ref, quote=said.text, start=source.raw_offset(said.start),
                            end=source.raw_end(said.end))
            events[n % len(events)] = replace(event, sources=(moved, *event.sources[1:]))
    elif what == "outlet":
        sources[n % len(sources)] = replace(sources[n % len(sources)], outlet=text or None)
    elif what == "url":
        sources[n % len(sources)] = replace(sources[n % len(sources)], url=f"https://x.org/{text}")
    elif what == "site":
        return replace(timeline, title=text or "T")
    return replace(timeline, events=tuple(events), sources=tuple(sources))


EDITS = st.tuples(st.sampled_from(["title", "drop", "move", "copy", "quote", "outlet", "url", "site",
                                   "base"]),
                  st.integers(0, 20), st.text(st.characters(codec="utf-8"), max_size=8))


def _render_keeping(timeline: Timeline, last: dict[str, tuple[str, bytes]], **kw: object
                    ) -> dict[str, bytes]:
    """The site as a build makes it: a file whose key (`cache.inputs_key`) is the one it had
    in `last` is that file, not made again; `last` is left holding this render's files."""
    from timeline import cache

    now: dict[str, tuple[str, bytes]] = {}

    def emit(path: str, inputs: object, make: Callable[[], bytes | Iterable[bytes]]) -> None:
        key = cache.inputs_key("templates", inputs)
        if key and last.get(path, ("", b""))[0] == key:
            now[path] = last[path]
        else:
            data = make()
            now[path] = (key, data if isinstance(data, bytes) else b"".join(data))

    render(timeline, emit=emit, **kw)  # type: ignore[arg-type]
    last.clear()
    last.update(now)
    return {path: data for path, (_, data) in sorted(now.items())}


USER_SOURCE_PAGE = """{% extends "base.html" %}{% block main %}
{% for event in events %}<p>{{ event.title }} {{ event.summary }} {{ event.timeline_page }}</p>
{% endfor %}{% endblock %}"""


@settings(max_examples=60, deadline=None)
@given(st.lists(EDITS, max_size=4), st.booleans(), st.booleans())
@example([("outlet", 0, "Wire")], False, False)  # a cited source's metadata only
@example([("site", 0, "New")], False, False)
@example([("base", 0, "")], False, False)
@example([("copy", 0, ""), ("copy", 0, "")], False, False)  # a copy's id is one no event has
@example([("move", 5, "")], True, True)  # to another timeline page, shown on a source page
@example([("quote", 1, "")], False, False)  # what a source page highlights, and nothing else
def test_a_site_made_with_last_builds_parts_is_a_fresh_site(
        edits: list[tuple[str, int, str]], own_templates: bool, paged: bool) -> None:
    """Rendering edit after edit with the parts and the pages (by their keys) kept from the
    render before gives, each time, the very files of a render from nothing: with the
    built-in templates or a user's source page that shows more of each event, on one
    timeline page or several."""
    import tempfile

    from timeline import cache, site

    timeline = make_timeline()
    base_url = ""
    last: dict[str, tuple[str, bytes]] = {}
    page_events = site.PAGE_EVENTS
    with tempfile.TemporaryDirectory() as folder:
        templates = None
        if own_templates:
            templates = Path(folder) / "templates"
            templates.mkdir()
            (templates / "source.html").write_text(USER_SOURCE_PAGE, encoding="utf-8")
        memo = cache.Memo(cache.Store(Path(folder) / "cache"), "templates")
        site.PAGE_EVENTS = 2 if paged else page_events
        try:
            for edit in [("title", 0, "x"), *edits, ("title", 1, "y")]:
                kept = _render_keeping(timeline, last, base_url=base_url, search=True, memo=memo,
                                       templates_dir=templates)
                assert kept == render(timeline, base_url=base_url, search=True,
                                      templates_dir=templates)
                if edit[0] == "base":
                    base_url = "" if base_url else "https://x.org/t/"
                timeline = _edited(timeline, edit)
        finally:
            site.PAGE_EVENTS = page_events


def test_a_users_source_page_follows_its_events_to_another_timeline_page(tmp_path: Path) -> None:
    """A user's source page may show the timeline page listing each of its events: when
    another event leaves, and the year fits one page again, the event's view is the same
    but the page that lists it is not, and the source page is made again."""
    from dataclasses import replace

    from timeline import cache, site

    timeline = make_timeline()
    blog = next(s for s in timeline.sources if s.id == "blog-03")
    wire = next(s for s in timeline.sources if s.id == "wire-01")
    later = [replace(timeline.events[0], id=f"2024-later-{n}", date=DateValue.of_day(dt.date(2024, 5, n + 1)),
                     sources=(_ref(blog if n == 0 else wire, "A short post" if n == 0 else "Odd"),))
             for n in range(3)]
    before = replace(timeline, events=(*timeline.events, *later))
    after = replace(before, events=before.events[:-1])  # 2024 now fits one page
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "source.html").write_text(USER_SOURCE_PAGE, encoding="utf-8")
    memo = cache.Memo(cache.Store(tmp_path / "cache"), "templates")
    last: dict[str, tuple[str, bytes]] = {}
    page_events = site.PAGE_EVENTS
    site.PAGE_EVENTS = 2
    try:
        for t in (before, after):
            kept = _render_keeping(t, last, memo=memo, templates_dir=tmp_path / "templates")
            assert kept == render(t, templates_dir=tmp_path / "templates")
        assert b"years/2024.html" in kept["sources/blog-03.html"]
    finally:
        site.PAGE_EVENTS = page_events


def test_only_the_parts_whose_events_changed_are_made_again(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from dataclasses import replace

    from timeline import cache, site

    made: list[tuple[str, ...]] = []
    original = site._make_part

    def counting(events: tuple[Event, ...], *args: object, **kw: object) -> site.Part:
        made.append(tuple(e.id for e in events))
        return original(events, *args, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(site, "_make_part", counting)
    memo = cache.Memo(cache.Store(tmp_path), "")
    timeline = make_timeline()
    render(timeline, memo=memo)
    assert len(made) == len(site._parts(list(timeline.events))) > 2
    made.clear()
    render(timeline, memo=memo)
    assert made == []
    june = next(e for e in timeline.events if e.date.iso() == "2025-06-24")
    render(replace(timeline, events=tuple(replace(e, title="Renamed") if e is june else e
                                          for e in timeline.events)), memo=memo)
    assert made == [(june.id,)]
