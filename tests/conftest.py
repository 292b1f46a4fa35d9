"""Shared fixtures: a real browser, a local web server, and the sample site built for it.

- `browser` (session): Playwright driving Debian's Chromium, headless.
- `serve` (session): `serve(folder, prefix="/some/path/") -> "http://127.0.0.1:PORT/some/path/"`.
- `sample_site` (session): the sample built as a user builds it, for opening from disk.
- `served_site` (session): the sample built with `--base-url` of a local server under a
  sub-path, and that URL.

The tools come from `python3 tests/setup_tools.py` (part of the README's test command).  When
one is missing the tests that need it fail, saying what to run: a skipped browser suite
would look like a passing one.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest
import setup_tools

ROOT = Path(__file__).resolve().parent.parent
# --disable-dev-shm-usage: CI containers often give /dev/shm only 64 MB, which crashes tabs.
BROWSER_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-dev-shm-usage"]


def require_tools() -> None:
    left = setup_tools.missing()
    if left:
        pytest.fail("browser-test tools missing (run `python3 tests/setup_tools.py`): "
                    + "; ".join(left), pytrace=False)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    require_tools()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(setup_tools.CHROMIUM), headless=True,
                              args=BROWSER_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="session")
def serve() -> Iterator[Callable[..., str]]:
    from browsing import serve_folder

    with ExitStack() as stack:
        def start(folder: Path, prefix: str = "/some/path/") -> str:
            return stack.enter_context(serve_folder(folder, prefix))

        yield start


def build_sample(out: Path, *extra: str) -> Path:
    """`python3 build.py --out OUT ...` from the project root, as a user runs it."""
    run = subprocess.run([sys.executable, "build.py", "--out", str(out), *extra], cwd=ROOT,
                         capture_output=True, text=True, timeout=300, check=False)
    assert run.returncode == 0, run.stderr
    return out


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_sample(tmp_path_factory.mktemp("disk") / "_site")


@pytest.fixture(scope="session")
def served_site(tmp_path_factory: pytest.TempPathFactory,
                serve: Callable[..., str]) -> tuple[str, Path]:
    out = tmp_path_factory.mktemp("served") / "_site"
    url = serve(out)  # the server starts first: the build needs its URL
    build_sample(out, "--base-url", url)
    return url, out


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A small project for `serve`: one article, one events file, a config."""
    from test_serve import ARTICLE, EVENTS

    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "council.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "articles" / "events.yaml").write_text(EVENTS, encoding="utf-8")
    (tmp_path / "timeline.yaml").write_text("title: Served timeline\nsources: articles\nout: _site\n",
                                            encoding="utf-8")
    return tmp_path


@pytest.fixture
def served(project: Path) -> Iterator[Any]:
    """`serve` running on the project in a subprocess (test_serve.Served)."""
    from test_serve import Served

    server = Served(project)
    try:
        yield server
    finally:
        server.stop()
