"""A progress bar for long builds, on a terminal only.

Drawn on stderr with carriage returns, and only when stderr is a terminal: a CI log or a
pipe gets the summary line alone.  Nothing is drawn for builds that finish within `delay`
seconds, and the bar is redrawn at most ten times a second, so it costs nothing measurable.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from typing import TextIO

WIDTH = 30


class Bar:
    def __init__(self, stream: TextIO, label: str = "sources", delay: float = 0.5,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.stream = stream
        self.label = label
        self.delay = delay
        self.clock = clock
        self.started = clock()
        self.drawn_at: float | None = None
        self.enabled = _is_terminal(stream)

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled or total <= 0:
            return
        now = self.clock()
        if now - self.started < self.delay:
            return
        if self.drawn_at is not None and now - self.drawn_at < 0.1 and done < total:
            return
        self.drawn_at = now
        filled = WIDTH * done // total
        self.stream.write(f"\r[{'#' * filled}{'.' * (WIDTH - filled)}] {done}/{total} {self.label}"
                          f" {100 * done // total:3d}%")
        self.stream.flush()

    def clear(self) -> None:
        """Erase the bar, so that the summary line starts on a clean line."""
        if self.drawn_at is not None:
            self.stream.write("\r" + " " * (WIDTH + 30 + len(self.label)) + "\r")
            self.stream.flush()
            self.drawn_at = None


def _is_terminal(stream: TextIO) -> bool:
    if os.environ.get("CI") or os.environ.get("TERM") == "dumb":
        return False
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
