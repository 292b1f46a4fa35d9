"""`python build.py serve`, driven over HTTP on localhost as a browser would.

The server runs as a subprocess on a free port; every wait is bounded, so a broken server
fails the test instead of hanging it.
"""

from __future__ import annotations

import http.client
import json
import queue
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
WAIT = 30.0  # seconds: the longest any step may take

ARTICLE = ("---\ntitle: Council backs budget\npublished: 2024-03-05\n---\n"
           "On March 1, 2024, Mayor Anna Berg announced a plan to fund three new schools.\n")
EVENTS = "events:\n  - date: 2024-02\n    title: Budget consultation\n    sources: [council]\n"


class Served:
    """A `serve` subprocess and what it printed."""

    def __init__(self, project: Path, *args: str) -> None:
        self.project = project
        self.proc = subprocess.Popen(
            [sys.executable, str(ROOT / "build.py"), *args, "serve", "--port", "0"],
            cwd=project, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, bufsize=1)
        self.out: list[str] = []
        self.err: list[str] = []
        self.lines: queue.Queue[str] = queue.Queue()
        for stream, into in ((self.proc.stdout, self.out), (self.proc.stderr, self.err)):
            threading.Thread(target=self._read, args=(stream, into), daemon=True).start()
        self.port = 0
        deadline = time.monotonic() + WAIT
        while not self.port:
            try:
                line = self.lines.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                self.stop()
                raise AssertionError(f"server did not start: {self.out} {self.err}") from None
            m = re.match(r"serving http://127\.0\.0\.1:(\d+)/ ", line)
            if m:
                self.port = int(m[1])

    def _read(self, stream: Any, into: list[str]) -> None:
        for line in stream:
            into.append(line.rstrip("\n"))
            self.lines.put(line)

    def get(self, path: str) -> tuple[int, str, str]:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}{path}", timeout=10) as r:
                return r.status, r.headers["Content-Type"], r.read().decode("utf-8")
        except urllib.error.HTTPError as e:
            return e.code, e.headers["Content-Type"], e.read().decode("utf-8")

    def status(self) -> dict[str, Any]:
        result: dict[str, Any] = json.loads(self.get("/__timeline__/status")[2])
        return result

    def wait_for(self, ok: Callable[[dict[str, Any]], bool]) -> dict[str, Any]:
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            state = self.status()
            if ok(state):
                return state
            time.sleep(0.1)
        raise AssertionError(f"timed out; last state {self.status()}; output {self.out} {self.err}")

    def stop(self) -> int:
        self.proc.terminate()
        try:
            return self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            return self.proc.wait(timeout=10)


class Listener:
    """The page's side of the reload channel: the server-sent events, read in a thread."""

    def __init__(self, port: int) -> None:
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=WAIT)
        self.conn.request("GET", "/__timeline__/events")
        self.response = self.conn.getresponse()
        assert self.response.getheader("Content-Type") == "text/event-stream"
        self.states: queue.Queue[dict[str, Any]] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        try:
            for raw in self.response:
                line = raw.decode("utf-8").rstrip("\n")
                if line.startswith("data: "):
                    self.states.put(json.loads(line[6:]))
        except (OSError, ValueError):
            pass

    def next(self) -> dict[str, Any]:
        return self.states.get(timeout=WAIT)

    def close(self) -> None:
        self.conn.close()


def _edit(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


def test_serves_the_built_site_with_the_reload_script_added(served: Served, project: Path) -> None:
    assert served.status() == {"error": None, "generation": 1}
    status, ctype, page = served.get("/")
    assert (status, ctype) == (200, "text/html; charset=utf-8")
    assert "Budget consultation" in page
    assert page.count('<script src="/__timeline__/reload.js"></script>') == 1
    assert page.index("reload.js") < page.index("</body>")
    on_disk = (project / "_site" / "index.html").read_text(encoding="utf-8")
    assert "__timeline__" not in on_disk  # the published site never carries it
    assert on_disk.replace("</body>", '<script src="/__timeline__/reload.js"></script></body>') == page
    status, ctype, data = served.get("/events.json")
    assert status == 200 and json.loads(data)["title"] == "Served timeline"
    status, ctype, js = served.get("/__timeline__/reload.js")
    assert status == 200 and "EventSource" in js and "location.reload()" in js
    assert served.get("/no/such/page.html")[0] == 404
    assert served.get("/events")[0] in (200, 404)  # a folder: redirected to "events/"
    assert any(line.startswith("built _site/ (") for line in served.out), served.out


def test_an_edit_rebuilds_and_tells_the_open_page_to_reload(served: Served, project: Path) -> None:
    page = Listener(served.port)
    try:
        assert page.next() == {"error": None, "generation": 1}
        _edit(project / "articles" / "events.yaml",
              EVENTS + "  - date: 2024-04-02\n    title: Fresh hand-written event\n")
        assert page.next() == {"error": None, "generation": 2}  # the page reloads on this
    finally:
        page.close()
    assert "Fresh hand-written event" in served.get("/")[2]
    assert "Fresh hand-written event" in (project / "_site" / "index.html").read_text(encoding="utf-8")
    assert any(line.startswith("changed: ") and "events.yaml" in line for line in served.out)


def test_a_bad_edit_keeps_the_last_good_site_and_shows_the_error(served: Served, project: Path) -> None:
    before = (project / "_site" / "index.html").read_bytes()
    page = Listener(served.port)
    try:
        assert page.next()["generation"] == 1
        _edit(project / "articles" / "events.yaml", "events:\n  - title: X\n    date: : 2024\n")
        state = page.next()
    finally:
        page.close()
    message = "articles/events.yaml:3:11: invalid YAML: mapping values are not allowed here"
    assert state["generation"] == 1 and state["error"].endswith(message), state
    # The terminal ...
    deadline = time.monotonic() + WAIT
    while not any(message in line for line in served.err) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert any(line.startswith("error: ") and line.endswith(message) for line in served.err), served.err
    # ... and the page say so, while the last good site is still what is served.
    status, _, html = served.get("/")
    assert status == 200 and "Budget consultation" in html
    assert 'id="timeline-build-error"' in html and message in html
    assert (project / "_site" / "index.html").read_bytes() == before
    # Fixing the file clears the error and serves the new build.
    _edit(project / "articles" / "events.yaml", EVENTS.replace("Budget consultation", "Consultation"))
    assert served.wait_for(lambda s: s["generation"] == 2) == {"error": None, "generation": 2}
    html = served.get("/")[2]
    assert "timeline-build-error" not in html and "Consultation" in html


@pytest.mark.parametrize(
    ("name", "old", "new", "seen"),
    [
        ("timeline.yaml", "Served timeline", "Renamed timeline", "Renamed timeline"),
        ("articles/council.txt", "three new schools", "four new schools", "four new schools"),
    ],
)
def test_config_and_articles_are_watched(served: Served, project: Path, name: str, old: str, new: str,
                                         seen: str) -> None:
    path = project / name
    _edit(path, path.read_text(encoding="utf-8").replace(old, new))
    served.wait_for(lambda s: s["generation"] == 2)
    assert seen in served.get("/")[2] + served.get("/events.json")[2]


def test_templates_are_watched(project: Path) -> None:
    assert subprocess.run([sys.executable, str(ROOT / "build.py"), "new", "p"], cwd=project,
                          capture_output=True, timeout=60, check=False).returncode == 0
    server = Served(project / "p")
    try:
        base = project / "p" / "templates" / "base.html"
        _edit(base, base.read_text(encoding="utf-8").replace("</body>", "<p>NEW FOOTER</p></body>"))
        server.wait_for(lambda s: s["generation"] == 2)
        assert "NEW FOOTER" in server.get("/")[2]
        _edit(base, "{% if %}\n")
        state = server.wait_for(lambda s: s["error"] is not None)
        assert state["error"] == "templates/base.html:1: template error: Expected an expression, got 'end of statement block'"
        assert "NEW FOOTER" in server.get("/")[2]
    finally:
        server.stop()


def test_a_port_in_use_is_a_one_line_error(project: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        r = subprocess.run([sys.executable, str(ROOT / "build.py"), "serve", "--port", str(port)],
                           cwd=project, capture_output=True, text=True, timeout=60, check=False)
    assert r.returncode == 1
    assert r.stderr == (f"error: cannot listen on 127.0.0.1:{port} (Address already in use); "
                        "choose another port with --port N\n")
    assert not (project / "_site").exists()


def test_stops_cleanly_on_sigterm(served: Served) -> None:
    assert served.stop() == 0
    deadline = time.monotonic() + WAIT
    while served.out[-1:] != ["stopped"] and time.monotonic() < deadline:
        time.sleep(0.05)
    assert served.out[-1] == "stopped"
    assert served.err == []


def test_default_port_is_8000() -> None:
    from timeline import cli

    assert cli._parser().parse_args(["serve"]).port == 8000


def test_pages_stay_available_while_the_site_is_swapped(served: Served, project: Path) -> None:
    statuses: list[int] = []
    stop = threading.Event()

    def hammer() -> None:
        while not stop.is_set():
            statuses.append(served.get("/")[0])

    reader = threading.Thread(target=hammer, daemon=True)
    reader.start()
    try:
        for n in range(2, 5):
            _edit(project / "articles" / "events.yaml", EVENTS + f"  - date: 2024-04\n    title: Edit {n}\n")
            served.wait_for(lambda s, n=n: s["generation"] == n)
    finally:
        stop.set()
        reader.join(timeout=WAIT)
    assert len(statuses) > 10 and set(statuses) == {200}
