"""Full-text search: a Pagefind index built over the finished site.

Pagefind (https://pagefind.app) reads the written HTML and adds a `pagefind/` folder: the
index in small fragments and the script that queries it in the browser, with no server.  It
runs on the new site's temporary folder, before that folder replaces the old site, so the
index always matches the pages.  Only event pages are indexed (`data-pagefind-body`).

The `pagefind[bin]` package brings the binary.  Without it the build still succeeds: the
timeline page simply has no search field, and the build says so in a note.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from .errors import TimelineError


def executable() -> Path | None:
    """The Pagefind binary, or None when it is not installed."""
    try:
        from pagefind.service import get_executable
    except ImportError:
        return None
    found = get_executable()
    return found if found is not None and found.is_file() else None


def index(site: Path, binary: Path) -> None:
    """Write `site/pagefind/`; a failure stops the build with Pagefind's last line."""
    try:
        run = subprocess.run(
            [str(binary), "--site", str(site), "--force-language", "en"],
            capture_output=True, text=True, timeout=600, check=False,
        )
    except OSError as e:
        raise TimelineError(f"search index: cannot run {binary}: {e.strerror}") from e
    if run.returncode != 0:
        lines = (run.stderr or run.stdout).strip().splitlines() or ["no output"]
        raise TimelineError(f"search index: pagefind failed: {lines[-1]}")
