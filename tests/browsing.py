"""Helpers for the browser tests: serve a folder under a sub-path, watch what a page does.

The fixtures that use them (`browser`, `serve`, the built sample sites) are in conftest.py.
"""

from __future__ import annotations

import functools
import http.server
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from playwright.sync_api import ConsoleMessage, Page, Request, Response


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Files of one folder under one URL prefix; anything else is a 404 (with 404.html, as
    static hosts do)."""

    prefix = "/"
    extensions_map = {  # noqa: RUF012 (the base class's own attribute)
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".json": "application/json", ".ics": "text/calendar", ".csv": "text/csv",
        ".xml": "application/xml", ".js": "text/javascript", ".wasm": "application/wasm",
    }

    def translate_path(self, path: str) -> str:
        path = urlsplit(path).path
        if not path.startswith(self.prefix):
            return str(Path(self.directory) / ".not-under-prefix")
        return super().translate_path("/" + path[len(self.prefix):])

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # quiet
        pass


@contextmanager
def serve_folder(folder: Path, prefix: str = "/some/path/") -> Iterator[str]:
    """Serve `folder` at http://127.0.0.1:PORT{prefix}; yields that URL (ending in "/").

    The folder may be filled after the server starts (to build a site with its own URL)."""
    assert prefix.startswith("/") and prefix.endswith("/")
    handler = type("Handler", (_Handler,), {"prefix": prefix})
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(handler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{prefix}"
    finally:
        server.shutdown()
        server.server_close()


@dataclass
class Watch:
    """What went wrong while a page loaded: console errors, uncaught exceptions, failed
    requests, HTTP errors, and any request outside `root` (the site's own URL)."""

    root: str
    problems: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    expect_status: dict[str, int] = field(default_factory=dict)

    def attach(self, page: Page) -> Page:
        page.on("console", self._console)
        page.on("pageerror", lambda e: self.problems.append(f"uncaught: {e}"))
        page.on("requestfailed", self._failed)
        page.on("response", self._response)
        page.on("request", self._request)
        # Nothing may leave the site: such requests are recorded and never sent.
        page.route("**/*", lambda route: route.continue_() if self.inside(route.request.url)
                   else route.abort())
        return page

    def inside(self, url: str) -> bool:
        return url.startswith(self.root) or url.startswith(("data:", "blob:", "about:"))

    def _console(self, message: ConsoleMessage) -> None:
        if message.location.get("url") in self.expect_status:
            return  # the browser reports the expected error status of a page it was sent to
        if message.type in ("error", "warning"):
            self.problems.append(f"console {message.type}: {message.text} ({message.location})")

    def _request(self, request: Request) -> None:
        self.requests.append(request.url)
        if not self.inside(request.url):
            self.problems.append(f"request outside the site: {request.url}")

    def _failed(self, request: Request) -> None:
        if self.inside(request.url):
            self.problems.append(f"request failed: {request.url} ({request.failure})")

    def _response(self, response: Response) -> None:
        expected = self.expect_status.get(response.url, 200)
        if response.status >= 400 and response.status != expected:
            self.problems.append(f"HTTP {response.status}: {response.url}")


def site_pages(folder: Path) -> list[str]:
    """Every HTML page of a built site, relative POSIX paths, sorted."""
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*.html"))


def file_url(path: Path) -> str:
    return path.resolve().as_uri()


def local_path(url: str, root_url: str, root: Path) -> Path:
    """The file a site URL (http or file) names."""
    rel = unquote(urlsplit(url).path[len(urlsplit(root_url).path):])
    return root / rel


def wait_until(page: Page, expression: str, timeout: float = 30.0) -> None:
    """Wait until `expression` is true in the page.  Polled from here because Playwright's
    wait_for_function compiles its predicate with eval, which the site's CSP forbids."""
    from playwright.sync_api import Error

    deadline = time.monotonic() + timeout
    while True:
        try:
            if page.evaluate(expression):
                return
        except Error as e:  # the page is reloading: ask the new one
            if "context was destroyed" not in str(e):
                raise
        assert time.monotonic() < deadline, f"timed out waiting for {expression}"
        time.sleep(0.05)
