"""`python build.py serve`: build, serve the site on 127.0.0.1, rebuild and reload on change.

One process, three kinds of thread, all from the standard library:

- the HTTP server (`ThreadingHTTPServer`) serves the output folder.  Into every HTML page it
  sends, and only there, it adds a small script that listens to `/__timeline__/events`
  (server-sent events) and reloads the page when a rebuild finished.  The files on disk, the
  published site, never contain it.
- the watcher polls the modification times of the sources folder, the config file and the
  templates.  Polling needs no platform API and sees every editor's way of saving; it costs
  a `stat` per file (14 ms per 1,000 files on the 2-core test machine), so the pause between
  polls is at least ten times the last poll's cost: four polls a second for a few hundred
  files, one every 1.4 s for 10,000, and never more than a tenth of one core.
- a rebuild (`pipeline.build`, as `python build.py` does) runs in the watcher's thread.  A
  failed one prints its errors, keeps the last good site in place (the writer only swaps in
  a complete site) and shows the errors on the open page, until an edit fixes them.

`/__timeline__/status` answers `{"generation": N, "error": "..." or null}` for scripts and
tests; N counts the good builds.
"""

from __future__ import annotations

import html
import http.server
import json
import os
import signal
import sys
import threading
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import unquote, urlsplit

from . import pipeline, site
from .errors import TimelineError

PREFIX = "/__timeline__/"
BANNER_STYLE = ("position:fixed;left:0;right:0;top:0;z-index:99999;margin:0;padding:1em;"
                "background:#7f1d1d;color:#fff;font:14px/1.4 monospace;white-space:pre-wrap")
RELOAD_JS = """(function () {
  var banner = null;
  function show(text) {
    if (!banner) {
      banner = document.createElement("div");
      banner.id = "timeline-build-error";
      banner.setAttribute("role", "alert");
      banner.style.cssText = "__STYLE__";
      document.body.insertBefore(banner, document.body.firstChild);
    }
    banner.textContent = "Build failed; showing the last good build.\\n" + text;
  }
  var old = document.getElementById("timeline-build-error");
  if (old) { banner = old; }
  var source = new EventSource("/__timeline__/events");
  var seen = null;
  source.addEventListener("state", function (e) {
    var state = JSON.parse(e.data);
    if (seen !== null && state.generation !== seen) { location.reload(); return; }
    seen = state.generation;
    if (state.error) { show(state.error); }
    else if (banner) { banner.remove(); banner = null; }
  });
})();
""".replace("__STYLE__", BANNER_STYLE).encode()


class State:
    """What the server knows about the builds: shared by all threads, under one lock."""

    def __init__(self) -> None:
        self.changed = threading.Condition(threading.Lock())
        self.generation = 0
        self.error: str | None = None
        self.stopping = False

    def snapshot(self) -> dict[str, Any]:
        with self.changed:
            return {"generation": self.generation, "error": self.error}

    def publish(self, error: str | None) -> None:
        with self.changed:
            if error is None:
                self.generation += 1
            self.error = error
            self.changed.notify_all()


def inject(page: bytes, error: str | None) -> bytes:
    """A served HTML page with the reload script, and the build error when there is one."""
    tag = b'<script src="/__timeline__/reload.js"></script>'
    if error is not None:
        banner = (f'<div id="timeline-build-error" role="alert" style="{BANNER_STYLE}">Build failed; '
                  f"showing the last good build.\n{html.escape(error)}</div>").encode()
        tag = banner + tag
    at = page.rfind(b"</body>")
    return page[:at] + tag + page[at:] if at >= 0 else page + tag


def _read(path: Path, out: Path) -> bytes | None:
    """A file of the site; None when there is none.

    A rebuild swaps the new output folder in with two renames; a request that falls between
    them finds no folder for a moment, and is answered once it is back.
    """
    for _ in range(20):
        try:
            return path.read_bytes()
        except OSError:
            if out.is_dir():
                return None
            time.sleep(0.01)
    return None


def _handler(folder: Callable[[], Path], state: State) -> type[http.server.BaseHTTPRequestHandler]:
    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            # One handler per request: the output folder is the current config's.
            self.out = folder()
            super().__init__(*args, directory=str(self.out), **kwargs)

        def log_message(self, format: str, *args: Any) -> None:
            pass  # the terminal is for build messages

        def do_HEAD(self) -> None:
            self._respond(head=True)

        def do_GET(self) -> None:
            self._respond(head=False)

        def _send(self, status: int, body: bytes, ctype: str, head: bool) -> None:
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            if not head:
                self.wfile.write(body)

        def _respond(self, head: bool) -> None:
            url = urlsplit(self.path)
            if url.path.startswith(PREFIX):
                self._internal(unquote(url.path[len(PREFIX):]), head)
                return
            target = Path(self.translate_path(self.path))
            if target.is_dir():
                if not url.path.endswith("/"):
                    self.send_response(301)
                    self.send_header("Location", url.path + "/")
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                target = target / "index.html"
            body = _read(target, self.out)
            missing = _read(self.out / "404.html", self.out) if body is None else None
            error = state.snapshot()["error"]
            if body is None:
                page = missing or b"<!doctype html><title>Not found</title><body><h1>Not found</h1></body>"
                self._send(404, inject(page, error), "text/html; charset=utf-8", head)
                return
            ctype = self.guess_type(str(target))
            if ctype == "text/html":
                body = inject(body, error)
                ctype = "text/html; charset=utf-8"
            self._send(200, body, ctype, head)

        def _internal(self, name: str, head: bool) -> None:
            if name == "reload.js":
                self._send(200, RELOAD_JS, "text/javascript; charset=utf-8", head)
            elif name == "status":
                body = json.dumps(state.snapshot(), sort_keys=True).encode()
                self._send(200, body, "application/json", head)
            elif name == "events" and not head:
                self._events()
            else:
                self._send(404, b"not found\n", "text/plain; charset=utf-8", head)

        def _events(self) -> None:
            """Server-sent events: the state now, then again whenever it changes."""
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            last: dict[str, Any] | None = None
            try:
                while not state.stopping:
                    now = state.snapshot()
                    if now != last:
                        self.wfile.write(f"event: state\ndata: {json.dumps(now, sort_keys=True)}\n\n".encode())
                        last = now
                    else:
                        self.wfile.write(b": keep-alive\n\n")
                    self.wfile.flush()
                    with state.changed:
                        if (state.generation, state.error) == (last["generation"], last["error"]):
                            state.changed.wait(timeout=1.0)
            except (BrokenPipeError, ConnectionResetError, OSError):
                pass
            self.close_connection = True

    return Handler


def _watched(config: pipeline.Config) -> list[Path]:
    """The roots whose files trigger a rebuild: sources, config, templates."""
    roots = [config.sources, config.templates or site.TEMPLATES_DIR]
    if config.config_path is not None:
        roots.append(config.config_path)
    return roots


def snapshot(roots: list[Path], skip: Path) -> dict[str, tuple[int, int]]:
    """(mtime, size) of every file under `roots`, hidden files and the output folder aside."""
    found: dict[str, tuple[int, int]] = {}
    skip_s = str(skip.resolve())
    for root in roots:
        if root.is_file():
            st = root.stat()
            found[str(root)] = (st.st_mtime_ns, st.st_size)
            continue
        for folder, dirs, files in os.walk(root):
            dirs[:] = sorted(d for d in dirs if not d.startswith(".")
                             and str((Path(folder) / d).resolve()) != skip_s)
            for name in files:
                if name.startswith("."):
                    continue
                p = os.path.join(folder, name)
                try:
                    st = os.stat(p)
                except OSError:
                    continue
                found[p] = (st.st_mtime_ns, st.st_size)
    return found


class Session:
    """One `serve` run: rebuilds on change and serves the output folder."""

    def __init__(self, load: Callable[[], pipeline.Config], port: int, *, debug: bool = False,
                 stdout: TextIO = sys.stdout, stderr: TextIO = sys.stderr, interval: float = 0.25) -> None:
        self.load = load
        self.config = load()
        self.port = port
        self.debug = debug
        self.stdout, self.stderr = stdout, stderr
        self.interval = interval
        self.state = State()

    def say(self, text: str, err: bool = False) -> None:
        stream = self.stderr if err else self.stdout
        print(text, file=stream, flush=True)

    def rebuild(self) -> bool:
        """Build once; on failure keep the last good site and publish the error."""
        started = time.perf_counter()
        try:
            self.config = self.load()
            report = pipeline.build(self.config)
        except TimelineError as e:
            lines = str(e).splitlines()
        except Exception as e:  # a bug: keep serving, say so
            if self.debug:
                traceback.print_exc(file=self.stderr)
            lines = [f"internal error ({type(e).__name__}: {e}); run with --debug for details"]
        else:
            report.seconds = time.perf_counter() - started
            for note in report.notes:
                self.say(f"note: {note}")
            for w in report.warnings:
                self.say(f"warning: {w}", err=True)
            self.say(f"built {self.config.out}/ ({report.files} files): {report.summary()}")
            self.state.publish(None)
            return True
        for line in lines:
            self.say(f"error: {line}", err=True)
        self.say("error: the last good site is still served; fix the input and save again", err=True)
        self.state.publish("\n".join(lines))
        return False

    def watch(self, seen: dict[str, tuple[int, int]]) -> None:
        """Poll for changes since `seen` until the server stops; rebuild once files are still."""
        pause = self.interval
        while not self.state.stopping:
            time.sleep(pause)
            started = time.perf_counter()
            now = snapshot(_watched(self.config), self.config.out)
            pause = max(self.interval, 10 * (time.perf_counter() - started))
            if now == seen:
                continue
            while True:  # an editor may save in several steps: wait until nothing moves
                time.sleep(pause)
                again = snapshot(_watched(self.config), self.config.out)
                if again == now:
                    break
                now = again
            changed = sorted(set(now.items()) ^ set(seen.items()))
            names = sorted({p for p, _ in changed})
            self.say(f"changed: {', '.join(names[:3])}{' …' if len(names) > 3 else ''}")
            self.rebuild()
            seen = snapshot(_watched(self.config), self.config.out)

    def run(self) -> int:
        try:
            server = http.server.ThreadingHTTPServer(("127.0.0.1", self.port),
                                                     _handler(lambda: self.config.out, self.state))
        except OSError as e:
            raise TimelineError(f"cannot listen on 127.0.0.1:{self.port} ({e.strerror}); "
                                "choose another port with --port N") from None
        server.daemon_threads = True
        port = server.server_address[1]

        def stop(signum: int, frame: Any) -> None:
            raise KeyboardInterrupt

        if threading.current_thread() is threading.main_thread():
            signal.signal(signal.SIGTERM, stop)  # a process manager's stop is a Ctrl-C
        try:
            seen = snapshot(_watched(self.config), self.config.out)  # before: edits during it count
            self.rebuild()
            watcher = threading.Thread(target=self.watch, args=(seen,), name="timeline-watch", daemon=True)
            watcher.start()
            self.say(f"serving http://127.0.0.1:{port}/ (Ctrl-C to stop); watching "
                     f"{', '.join(str(p) for p in _watched(self.config))}")
            server.serve_forever(poll_interval=0.2)
        except KeyboardInterrupt:
            self.say("stopped")
        finally:
            self.state.stopping = True
            with self.state.changed:
                self.state.changed.notify_all()
            server.server_close()
        return 0
