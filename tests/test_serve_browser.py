"""`serve` in a real browser: the open page reloads itself after an edit and shows a bad
edit's error.  Needs Playwright's Python package and Debian's Chromium; skipped without them
(the HTTP-level tests in test_serve.py cover the same protocol everywhere)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_serve import ARTICLE, EVENTS, Served

sync_api = pytest.importorskip("playwright.sync_api")
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Chromium is not installed")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "council.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "articles" / "events.yaml").write_text(EVENTS, encoding="utf-8")
    (tmp_path / "timeline.yaml").write_text("title: T\nsources: articles\n", encoding="utf-8")
    return tmp_path


@pytest.fixture
def served(project: Path) -> Iterator[Served]:
    server = Served(project)
    try:
        yield server
    finally:
        server.stop()


def test_the_open_page_reloads_and_shows_errors(served: Served, project: Path) -> None:
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True,
                                    args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        try:
            page = browser.new_page()
            page.goto(f"http://127.0.0.1:{served.port}/", wait_until="load", timeout=30_000)
            assert "Budget consultation" in page.content()
            page.wait_for_timeout(500)  # let the page open its event stream
            (project / "articles" / "events.yaml").write_text(
                EVENTS + "  - date: 2024-04-02\n    title: Reloaded by itself\n", encoding="utf-8")
            page.wait_for_function("document.body.innerText.includes('Reloaded by itself')", timeout=30_000)
            (project / "articles" / "events.yaml").write_text("events: [\n", encoding="utf-8")
            banner = page.wait_for_selector("#timeline-build-error", timeout=30_000)
            assert banner is not None and "events.yaml" in banner.inner_text()
            assert "Reloaded by itself" in page.content()  # the last good page stays
        finally:
            browser.close()
