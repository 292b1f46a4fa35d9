"""`serve` in a real browser: the open page reloads itself after an edit and shows a bad
edit's error.  (test_serve.py checks the same protocol over plain HTTP.)"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from browsing import wait_until
from test_serve import EVENTS, Served


def test_the_open_page_reloads_and_shows_errors(browser: Any, served: Served, project: Path) -> None:
    page = browser.new_page()
    try:
        page.goto(f"http://127.0.0.1:{served.port}/", wait_until="load", timeout=30_000)
        assert "Budget consultation" in page.content()
        page.wait_for_timeout(500)  # let the page open its event stream
        (project / "articles" / "events.yaml").write_text(
            EVENTS + "  - date: 2024-04-02\n    title: Reloaded by itself\n", encoding="utf-8")
        wait_until(page, "document.body.innerText.includes('Reloaded by itself')")
        (project / "articles" / "events.yaml").write_text("events: [\n", encoding="utf-8")
        banner = page.wait_for_selector("#timeline-build-error", timeout=30_000)
        assert banner is not None and "events.yaml" in banner.inner_text()
        assert "Reloaded by itself" in page.content()  # the last good page stays
    finally:
        page.close()
