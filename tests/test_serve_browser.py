"""`serve` in a real browser: the open page reloads itself after an edit and shows a bad
edit's error.  (test_serve.py checks the same protocol over plain HTTP.)"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browsing import wait_until
from test_serve import ARTICLE, EVENTS, Served


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
