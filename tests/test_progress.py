"""The progress bar: drawn on a terminal for long builds only, never into a log."""

from __future__ import annotations

import io
import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

from timeline.progress import Bar

ROOT = Path(__file__).resolve().parent.parent


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture(autouse=True)
def not_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setenv("TERM", "xterm")


def test_a_long_build_on_a_terminal_draws_a_bar_and_clears_it() -> None:
    term, clock = Terminal(), Clock()
    bar = Bar(term, clock=clock)
    bar(1, 4)
    assert term.getvalue() == ""  # the first half second: nothing
    clock.now += 0.6
    bar(2, 4)
    assert term.getvalue() == "\r[###############...............] 2/4 sources  50%"
    clock.now += 0.01
    bar(3, 4)  # within a tenth of a second of the last: not redrawn
    assert term.getvalue().count("\r") == 1
    bar(4, 4)  # the last step is always drawn
    assert term.getvalue().endswith("\r[##############################] 4/4 sources 100%")
    bar.clear()
    assert term.getvalue().endswith("\r" + " " * 67 + "\r")


def test_a_short_build_draws_nothing() -> None:
    term = Terminal()
    bar = Bar(term, clock=Clock())
    for i in range(1, 11):
        bar(i, 10)
    bar.clear()
    assert term.getvalue() == ""


def test_no_bar_into_a_pipe_or_in_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    pipe, clock = io.StringIO(), Clock()
    bar = Bar(pipe, delay=0, clock=clock)
    bar(1, 1)
    assert pipe.getvalue() == ""
    monkeypatch.setenv("CI", "true")
    term = Terminal()
    Bar(term, delay=0, clock=clock)(1, 1)
    assert term.getvalue() == ""


def _on_a_terminal(*args: str) -> tuple[subprocess.CompletedProcess[str], str]:
    """Run build.py with stderr on a pseudo-terminal; (result, what the terminal received)."""
    primary, secondary = pty.openpty()
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    r = subprocess.run([sys.executable, "build.py", *args], cwd=ROOT, stdout=subprocess.PIPE,
                       stderr=secondary, text=True, timeout=300, check=False, env={**env, "TERM": "xterm"})
    os.close(secondary)
    drawn = b""
    try:
        while chunk := os.read(primary, 65536):
            drawn += chunk
    except OSError:
        pass
    os.close(primary)
    return r, drawn.decode("utf-8")


def test_a_long_build_on_a_terminal_shows_the_bar_then_the_summary(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    seeds = sorted((ROOT / "seeds").glob("*.txt"))
    for i in range(100):  # enough articles for the build to pass the bar's half second
        for seed in seeds:
            text = seed.read_text(encoding="utf-8")
            (folder / f"{seed.stem}_{i}.txt").write_text(f"date 2025-06-{10 + i % 15}\n\n{text}", encoding="utf-8")
    (tmp_path / "timeline.yaml").write_text("title: Long\n", encoding="utf-8")
    r, text = _on_a_terminal("--config", str(tmp_path / "timeline.yaml"), "--sources", str(folder),
                             "--out", str(tmp_path / "site"))
    assert r.returncode == 0, text
    total = 100 * len(seeds)
    assert f"] {total}/{total} sources 100%" in text  # the last step is always drawn
    assert text.startswith("\r[") and text.endswith("\r" + " " * 67 + "\r")  # and erased
    assert r.stdout.splitlines()[-1].startswith(f"built {tmp_path / 'site'}/ (")
    assert "\r" not in r.stdout  # the summary line is clean
