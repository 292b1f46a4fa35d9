"""The built sample site in a real browser (Chromium through Playwright).

Served from a local server under a sub-path, and opened from disk: every page loads with no
console error, no failed request and no request outside the site; every link resolves; the
filters, the search and the order switch work; it reads with JavaScript off; axe-core finds
no WCAG 2.1 A/AA violation on any page template, in light and dark; the Nu HTML Checker
finds no error.  Screenshots at phone and desktop width go to test-artifacts/screenshots/.
"""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urldefrag, urlsplit

import pytest
import setup_tools
from browsing import Watch, file_url, local_path, site_pages, wait_until
from conftest import ROOT

ARTIFACTS = ROOT / "test-artifacts" / "screenshots"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}


@pytest.fixture
def context(browser: Any) -> Iterator[Any]:
    ctx = browser.new_context()
    yield ctx
    ctx.close()


def _open(context: Any, url: str, root: str) -> tuple[Any, Watch]:
    watch = Watch(root)
    page = watch.attach(context.new_page())
    page.goto(url, wait_until="load")
    return page, watch


def _events(site: Path) -> list[dict[str, Any]]:
    return list(json.loads((site / "events.json").read_text(encoding="utf-8"))["events"])


def _templates(site: Path) -> dict[str, str]:
    """One page of each template."""
    pages = site_pages(site)
    return {
        "index": "index.html",
        "event": next(p for p in pages if p.startswith("events/")),
        "source": next(p for p in pages if p.startswith("sources/")),
        "about": "about.html",
        "404": "404.html",
    }


# -- loading, requests, links -----------------------------------------------------------------
@pytest.mark.parametrize("where", ["served", "disk"])
def test_every_page_loads_cleanly_and_every_link_resolves(
        where: str, context: Any, sample_site: Path, served_site: tuple[str, Path]) -> None:
    """Each page: no console error or warning, no failed request, nothing outside the site.
    Every href and src names a file of the site (and an id on that page), or an http(s)
    address elsewhere in an <a> only."""
    if where == "served":
        root, site = served_site
    else:
        site = sample_site
        root = file_url(site) + "/"
    pages = site_pages(site)
    if where == "disk":
        pages.remove("404.html")  # a server's page: its <base> is the site's public URL
    problems: list[str] = []
    ids: dict[str, set[str]] = {}
    checked = 0
    watch = Watch(root)
    page = watch.attach(context.new_page())
    for path in pages:
        page.goto(root + path, wait_until="load")
        assert page.locator("h1").count() == 1, path
        links = page.eval_on_selector_all(
            "[href], [src]",
            "els => els.map(e => [e.tagName, e.href || e.src || e.getAttribute('href')])")
        problems += [f"{path}: {p}" for p in watch.problems]
        watch.problems.clear()
        for tag, url in links:
            url, fragment = urldefrag(url)
            if url.startswith("data:"):
                continue  # in the page itself: no request
            if not url.startswith(root):
                if tag != "A" or urlsplit(url).scheme not in {"http", "https"}:
                    problems.append(f"{path}: {tag} {url} is outside the site")
                continue
            target = local_path(url, root, site)
            if target.is_dir():
                target = target / "index.html"
            checked += 1
            if not target.is_file():
                problems.append(f"{path}: {url} does not exist")
            elif fragment and target.suffix == ".html":
                key = target.relative_to(site).as_posix()
                if key not in ids:
                    ids[key] = set(re.findall(r'\bid="([^"]+)"', target.read_text("utf-8")))
                if fragment not in ids[key]:
                    problems.append(f"{path}: #{fragment} is not an id in {key}")
    assert problems == []
    assert checked > 100


def test_the_404_page_works_at_any_depth(context: Any, served_site: tuple[str, Path]) -> None:
    root, _ = served_site
    missing = root + "events/no/such/page.html"
    watch = Watch(root, expect_status={missing: 404})
    page = watch.attach(context.new_page())
    response = page.goto(missing)
    assert response is not None and response.status == 404
    page.wait_for_load_state("networkidle")
    assert watch.problems == []
    assert page.locator("h1").inner_text() == "Page not found"
    # its stylesheet loaded, through <base href> = the site's URL
    assert page.evaluate("getComputedStyle(document.body).marginTop") == "0px"
    page.click("text=Go to the timeline")
    assert page.url == root + "index.html"


def test_sitemap_and_feed_links_resolve(served_site: tuple[str, Path]) -> None:
    root, site = served_site
    sitemap = (site / "sitemap.xml").read_text("utf-8")
    locs = re.findall(r"<loc>([^<]+)</loc>", sitemap)
    assert root in locs and len(locs) == len(site_pages(site)) - 1  # all but 404.html
    feed = (site / "feed.xml").read_text("utf-8")
    hrefs = re.findall(r'<link href="([^"]+)"', feed)
    assert len(hrefs) == len(_events(site)) + 1
    for url in locs + hrefs:
        assert url.startswith(root), url
        path = local_path(url, root, site)
        assert (path / "index.html" if path.is_dir() else path).is_file(), url


# -- the timeline page's controls -------------------------------------------------------------
def _visible_events(page: Any) -> list[str]:
    return list(page.eval_on_selector_all(
        "#timeline .event", "els => els.filter(e => e.offsetParent !== null).map(e => e.id)"))


@pytest.mark.parametrize("where", ["served", "disk"])
def test_filters_narrow_the_timeline(where: str, context: Any, sample_site: Path,
                                     served_site: tuple[str, Path]) -> None:
    root = served_site[0] if where == "served" else file_url(sample_site) + "/"
    site = served_site[1] if where == "served" else sample_site
    page, watch = _open(context, root + "index.html", root)
    total = len(_events(site))
    assert len(_visible_events(page)) == total
    assert page.locator("#status").inner_text() == f"Showing all {total} events."
    for select in ("#source-filter", "#tag-filter"):
        options = page.eval_on_selector_all(
            f"{select} option", "os => os.map(o => [o.value, o.textContent])")
        assert len(options) > 2, select
        for value, label in options[1:]:
            page.select_option(select, value)
            shown = _visible_events(page)
            count = int(re.search(r"\((\d+)\)$", label).group(1))  # type: ignore[union-attr]
            assert len(shown) == count, (select, label)
            for event_id in shown:  # each shown event does carry that source or tag
                text = page.locator(f"#{event_id}").inner_text()
                name = label.rsplit(" (", 1)[0]
                assert name in text, (label, event_id)
            years = page.eval_on_selector_all(
                "section.year:not([hidden]) h2", "hs => hs.map(h => h.textContent)")
            offered = page.eval_on_selector_all(
                ".year-nav li:not([hidden]) a", "as => as.map(a => a.textContent)")
            assert offered == years, label
        page.select_option(select, "")
        assert len(_visible_events(page)) == total
        assert page.locator(".year-nav li:visible").count() == page.locator("section.year").count()
    assert watch.problems == []


@pytest.mark.parametrize("where", ["served", "disk"])
def test_order_switch_reverses_the_timeline(where: str, context: Any, sample_site: Path,
                                            served_site: tuple[str, Path]) -> None:
    root = served_site[0] if where == "served" else file_url(sample_site) + "/"
    page, watch = _open(context, root + "index.html", root)
    oldest = _visible_events(page)
    page.select_option("#order", "newest")
    assert _visible_events(page) == oldest[::-1]
    years = page.eval_on_selector_all(".year-nav a", "as => as.map(a => a.textContent)")
    assert years == sorted(years, reverse=True)
    page.select_option("#order", "oldest")
    assert _visible_events(page) == oldest
    assert watch.problems == []


@pytest.mark.parametrize("where", ["served", "disk"])
def test_choices_live_in_the_address(where: str, context: Any, sample_site: Path,
                                     served_site: tuple[str, Path]) -> None:
    """A filtered, reordered timeline can be bookmarked: the address holds the choices."""
    root = served_site[0] if where == "served" else file_url(sample_site) + "/"
    page, watch = _open(context, root + "index.html", root)
    name = page.get_attribute("#tag-filter option:nth-child(2)", "data-name")
    value = page.get_attribute("#tag-filter option:nth-child(2)", "value")
    page.select_option("#tag-filter", value)
    page.select_option("#order", "newest")
    shown = _visible_events(page)
    assert "order=newest" in page.url and "tag=" in page.url
    again, watch2 = _open(context, page.url, root)
    assert again.input_value("#tag-filter") == value and again.input_value("#order") == "newest"
    assert _visible_events(again) == shown
    assert name in again.locator(f"#{shown[0]}").inner_text()
    again.select_option("#tag-filter", "")
    again.select_option("#order", "oldest")
    assert "?" not in again.url
    assert watch.problems == watch2.problems == []


def test_search_finds_events_by_their_words(context: Any, served_site: tuple[str, Path]) -> None:
    root, site = served_site
    events = _events(site)
    # a word that appears in some events' quotes and not in others
    words: dict[str, set[str]] = {}
    for e in events:
        text = " ".join([e["title"]] + [r["quote"] for r in e["sources"]]).lower()
        for w in set(re.findall(r"[a-z]{7,}", text)):
            words.setdefault(w, set()).add(e["id"])
    word, having = min(((w, ids) for w, ids in words.items() if 1 <= len(ids) < len(events) / 2),
                       key=lambda item: (-len(item[1]), item[0]))
    page, watch = _open(context, root + "index.html", root)
    page.fill("#q", word)
    wait_until(page, "!/all|Searching/.test(document.getElementById('status').textContent)")
    shown = set(_visible_events(page))
    assert {f"e-{i}" for i in having} <= shown, word
    assert len(shown) < len(events)
    page.fill("#q", "zzzqqxnothinglikethis")
    page.wait_for_selector("#no-match", state="visible")
    assert _visible_events(page) == []
    assert "q=zzzqqxnothinglikethis" in page.url
    again, watch2 = _open(context, page.url, root)  # a search in the address runs on load
    again.wait_for_selector("#no-match", state="visible")
    assert again.input_value("#q") == "zzzqqxnothinglikethis" and watch2.problems == []
    page.click("#clear")
    assert len(_visible_events(page)) == len(events)
    assert page.input_value("#q") == ""
    assert watch.problems == []


def test_search_is_absent_from_disk(context: Any, sample_site: Path) -> None:
    root = file_url(sample_site) + "/"
    page, watch = _open(context, root + "index.html", root)
    assert page.locator("#controls").is_visible()
    assert page.locator("#q").count() == 0
    assert watch.problems == []


def test_everything_is_readable_with_javascript_off(browser: Any, sample_site: Path) -> None:
    ctx = browser.new_context(java_script_enabled=False)
    page = ctx.new_page()
    page.goto(file_url(sample_site / "index.html"))
    assert not page.locator("#controls").is_visible()
    assert len(_visible_events(page)) == len(_events(sample_site))
    assert page.locator(".year-nav a").count() >= 1
    ctx.close()


# -- accessibility, validity, screenshots -----------------------------------------------------
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("template", ["index", "event", "source", "about", "404"])
def test_axe_finds_no_wcag_violation(browser: Any, served_site: tuple[str, Path],
                                     template: str, scheme: str) -> None:
    root, site = served_site
    ctx = browser.new_context(color_scheme=scheme)
    page = ctx.new_page()
    page.goto(root + _templates(site)[template])
    # Evaluated by the driver: an added <script> would be inline, which the site's CSP blocks.
    page.evaluate(setup_tools.AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS)
    ctx.close()
    violations = [f"{v['id']}: {v['help']} ({len(v['nodes'])}: {v['nodes'][0]['target']})"
                  for v in result["violations"]]
    assert violations == []
    assert len(result["passes"]) > 10


def test_nu_html_checker_finds_no_error(sample_site: Path, served_site: tuple[str, Path]) -> None:
    setup_tools_missing = setup_tools.missing()
    assert not setup_tools_missing, setup_tools_missing
    files = [str(sample_site / p) for p in site_pages(sample_site)]
    files.append(str(served_site[1] / "404.html"))  # the one with a <base>
    run = subprocess.run(
        ["java", "-jar", str(setup_tools.VNU), "--errors-only", "--also-check-css",
         *files, str(sample_site / "static" / "style.css")],
        capture_output=True, text=True, timeout=600, check=False)
    assert run.returncode == 0, run.stderr + run.stdout
    assert len(files) > 20


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_screenshots(browser: Any, served_site: tuple[str, Path], viewport: str) -> None:
    """Phone and desktop screenshots (test artifacts); nothing is wider than the screen."""
    root, site = served_site
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for scheme in ("light", "dark"):
        ctx = browser.new_context(viewport=VIEWPORTS[viewport], color_scheme=scheme)
        page = ctx.new_page()
        for name, path in _templates(site).items():
            page.goto(root + path)
            page.screenshot(path=str(ARTIFACTS / f"{name}-{viewport}-{scheme}.png"), full_page=True)
            overflow = page.evaluate("document.documentElement.scrollWidth - innerWidth")
            assert overflow <= 0, (path, viewport)
        ctx.close()
    assert (ARTIFACTS / f"index-{viewport}-light.png").stat().st_size > 10_000


def test_print_layout_hides_the_controls(context: Any, served_site: tuple[str, Path]) -> None:
    root, _ = served_site
    page, _ = _open(context, root + "index.html", root)
    page.emulate_media(media="print")
    assert not page.locator("#controls").is_visible()
    assert not page.locator(".year-nav").is_visible()
    assert len(_visible_events(page)) > 0


# -- a real client of timeline.json -----------------------------------------------------------
EMBED = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>TimelineJS</title>
<link rel="stylesheet" href="timelinejs/css/timeline.css">
<script src="timelinejs/js/timeline.js"></script></head>
<body><div id="timeline-embed" style="width: 100%; height: 600px"></div>
<script>
window.tlErrors = [];
window.timeline = new TL.Timeline("timeline-embed", "timeline.json",
  // font: null keeps TimelineJS from loading its web fonts from Google.
  {script_path: new URL("timelinejs/js/", location.href).href, font: null});
window.timeline.on("loaded", () => { window.tlLoaded = true; });
</script></body></html>
"""


def test_timelinejs_renders_one_slide_per_event(context: Any, sample_site: Path,
                                                 serve: Any, tmp_path: Path) -> None:
    """TimelineJS itself (@knight-lab/timelinejs, served locally) loads timeline.json."""
    folder = tmp_path / "embed"
    folder.mkdir()
    (folder / "index.html").write_text(EMBED, encoding="utf-8")
    (folder / "timeline.json").write_bytes((sample_site / "timeline.json").read_bytes())
    (folder / "timelinejs").symlink_to(setup_tools.TIMELINEJS, target_is_directory=True)
    root = serve(folder, "/embed/here/")
    page, watch = _open(context, root + "index.html", root)
    page.wait_for_function("window.tlLoaded === true", timeout=30_000)
    page.wait_for_load_state("networkidle")
    slides = page.locator(".tl-slide:not(.tl-slide-titleslide)").count()
    events = _events(sample_site)
    assert slides == len(events)
    assert page.locator(".tl-slide-titleslide").count() == 1
    headlines = page.eval_on_selector_all(
        ".tl-slide:not(.tl-slide-titleslide) .tl-headline", "hs => hs.map(h => h.textContent)")
    assert sorted(headlines) == sorted(e["title"] for e in events)
    assert page.locator(".tl-timemarker").count() == len(events)
    assert watch.problems == []


_TITLES = ["Erdoğan hosts talks in İstanbul", "Talks stall in Москва", "Ministers talked late",
           "A naïve plan is dropped", "Talking points are published", "Budget passes"]


def test_search_on_a_paged_timeline_matches_the_index(context: Any, serve: Any, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """The page splits and matches a query as the Python index does, accents and endings
    too, on every page of a timeline split into pages."""
    from test_exports import decode

    from timeline import pipeline, site

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "council.md").write_text("---\ntitle: Council\npublished: 2024-03-05\n---\n"
                                       "Nothing dated here.\n", encoding="utf-8")
    entries = [f"  - date: {2021 + i % 3}-0{1 + i % 6}-1{i % 9}\n    title: {t} ({i})\n"
               f"    sources: [council]\n" for i, t in enumerate(_TITLES * 3)]
    (folder / "events.yaml").write_text("events:\n" + "".join(entries), encoding="utf-8")
    out = tmp_path / "site"
    url = serve(out)
    monkeypatch.setattr(site, "PAGE_EVENTS", 5)
    pipeline.build(pipeline.Config(sources=folder, out=out, use_cache=False))
    meta = json.loads((out / "search" / "pages.json").read_bytes())
    assert len(meta["pages"]) > 2
    postings = decode({f"search/t/{p.name}": p.read_bytes() for p in (out / "search" / "t").iterdir()})
    for path, first in meta["pages"].items():
        page, watch = _open(context, url + path, url)
        listed = _visible_events(page)
        for query, stem in [("Erdoğan", "erdogan"), ("ISTANBUL", "istanbul"), ("talks", "talk"),
                            ("МОСКВА", "москва"), ("NAÏVE plan", "naive")]:
            page.evaluate("document.getElementById('status').textContent = 'waiting'")
            page.fill("#q", query)
            wait_until(page, "!/waiting|Searching/.test(document.getElementById('status').textContent)")
            expected = {listed[n - first] for term, ns in postings.items() if term.startswith(stem)
                        for n in ns if first <= n < first + len(listed)}
            if query == "NAÏVE plan":
                expected &= {listed[n - first] for n in postings["plan"] if first <= n < first + len(listed)}
            assert set(_visible_events(page)) == expected, (path, query)
        assert watch.problems == []
