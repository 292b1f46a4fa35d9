"""No script from content runs: pages built from the hostile corpus, loaded in Chromium.

Every case of tests/hostile.py that puts script, event handlers, `javascript:` URLs or
outside URLs into articles, front matter, YAML or the config is built into one site.  Each
page is then opened from disk in headless Chromium; a payload that ran would set
`window.__pwned`, open a dialog or request something outside the site folder.  Two control
pages show that the test sees each of those when they happen, and that the site's
Content-Security-Policy stops inline script by itself.
"""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import hostile
import pytest
from playwright.sync_api import Browser, Page, Route

ROOT = Path(__file__).resolve().parent.parent
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "object-src 'none'; form-action 'self'")


# The browser is conftest.py's shared session fixture (a Playwright Browser).
@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One site built from every injection case of the corpus."""
    base = tmp_path_factory.mktemp("inject")
    src = base / "src"
    src.mkdir()
    (src / "base.txt").write_text(hostile.BASE, encoding="utf-8")
    config = "title: Hostile\n"
    for case in hostile.CASES:
        if not case.inject:
            continue
        for rel, data in case.files.items():
            assert not (src / rel).exists(), f"two cases write {rel}"
            (src / rel).write_bytes(data)
        if case.config != "title: Hostile\n":
            config = case.config
    (base / "timeline.yaml").write_text(config, encoding="utf-8")
    out = base / "site"
    r = subprocess.run(
        [sys.executable, "build.py", "--config", str(base / "timeline.yaml"), "--sources",
         str(src), "--out", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=False,
    )
    assert r.returncode == 0, r.stderr
    return out


@dataclass
class Visit:
    flag: object = None
    dialogs: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)
    console: list[str] = field(default_factory=list)


def _visit(browser: Browser, page_path: Path, site: Path) -> Visit:
    seen = Visit()
    inside = site.resolve().as_uri() + "/"
    context = browser.new_context()
    try:
        def route(r: Route) -> None:
            if r.request.url.startswith(inside):
                r.continue_()
            else:
                seen.outside.append(r.request.url)
                r.abort()

        context.route("**/*", route)
        page: Page = context.new_page()
        page.on("dialog", lambda d: (seen.dialogs.append(d.message), d.dismiss()))
        page.on("console", lambda m: seen.console.append(m.text))
        page.goto(page_path.resolve().as_uri(), wait_until="load")
        page.wait_for_timeout(50)  # let timers and event handlers that were queued run
        seen.flag = page.evaluate("() => window.__pwned ?? null")
    finally:
        context.close()
    return seen


def test_every_page_carries_the_policy(site: Path) -> None:
    pages = sorted(site.rglob("*.html"))
    assert len(pages) >= 10
    for p in pages:
        head = p.read_text(encoding="utf-8").split("\n", 6)[:6]
        assert head[3] == "<meta charset=\"utf-8\">", p
        assert head[4] == f'<meta http-equiv="Content-Security-Policy" content="{CSP}">', p


def test_no_injected_script_runs_and_nothing_is_fetched_from_outside(browser: Browser, site: Path) -> None:
    pages = sorted(site.rglob("*.html"))
    text = "\n".join(p.read_text(encoding="utf-8") for p in pages)
    for payload in ("__pwned", "evil.invalid", "javascript:"):
        assert payload in text  # the payloads are on the pages, as text
    for p in pages:
        seen = _visit(browser, p, site)
        where = p.relative_to(site).as_posix()
        assert seen.flag is None, f"{where}: injected script ran ({seen.flag})"
        assert seen.dialogs == [], where
        assert seen.outside == [], where


def test_injected_links_do_not_run_script_when_followed(browser: Browser, site: Path) -> None:
    """No link on any page has a javascript: (or other non-web) URL to click."""
    for p in sorted(site.rglob("*.html")):
        context = browser.new_context()
        try:
            page = context.new_page()
            page.goto(p.resolve().as_uri())
            hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)")
            sources = page.eval_on_selector_all("[src]", "els => els.map(e => e.src)")
        finally:
            context.close()
        for url in hrefs:
            assert url.split(":", 1)[0] in {"file", "http", "https", "mailto"}, (p, url)
        for url in sources:
            assert url.startswith("file:"), (p, url)


def test_the_checks_see_a_payload_that_runs(browser: Browser, tmp_path: Path) -> None:
    """Controls: without the policy each way of noticing works; with it, inline script is dead."""
    bad = ("<script>window.__pwned = 'control'; alert('control'); "
           "fetch('http://evil.invalid/x').catch(() => 0)</script>")
    plain = tmp_path / "plain.html"
    plain.write_text(f"<!DOCTYPE html><title>x</title>{bad}", encoding="utf-8")
    seen = _visit(browser, plain, tmp_path)
    assert seen.flag == "control"
    assert seen.dialogs == ["control"]
    assert seen.outside == ["http://evil.invalid/x"]

    guarded = tmp_path / "guarded.html"
    guarded.write_text(f'<!DOCTYPE html><meta http-equiv="Content-Security-Policy" content="{CSP}">'
                       f"<title>x</title>{bad}<img src=x onerror=\"window.__pwned='img'\">",
                       encoding="utf-8")
    seen = _visit(browser, guarded, tmp_path)
    assert (seen.flag, seen.dialogs, seen.outside) == (None, [], [])


def test_the_policy_lets_the_site_use_its_own_files(browser: Browser, site: Path) -> None:
    """'self' from disk: a stylesheet and a script file of the site both apply."""
    probes = {"static/probe.js": "window.__probe = 'ran';\n",
              "static/probe.css": "p { color: rgb(1, 2, 3); }\n",
              "probe.html": f'<!DOCTYPE html><meta http-equiv="Content-Security-Policy" content="{CSP}">'
                            '<link rel="stylesheet" href="static/probe.css"><title>x</title>'
                            '<script src="static/probe.js"></script><p>probe</p>'}
    for rel, text in probes.items():
        (site / rel).write_text(text, encoding="utf-8")
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto((site / "probe.html").resolve().as_uri(), wait_until="load")
        assert page.evaluate("() => window.__probe ?? null") == "ran"
        assert page.evaluate("() => getComputedStyle(document.querySelector('p')).color") == "rgb(1, 2, 3)"
    finally:
        context.close()
        for rel in probes:
            (site / rel).unlink()
