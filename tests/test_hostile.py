"""The hostile-input corpus (tests/hostile.py), each case built by the command line.

Every case runs `python build.py` in a subprocess with a time limit, over an output folder
that holds a previous build, and checks the outcome the case names: a build that succeeds
(with the exact warning naming the file), or one that stops with exactly one line naming
the file and line, exit status 1, and the previous site as it was.  Never a traceback.
"""

from __future__ import annotations

import html
import json
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import hostile
import pytest

from timeline import writer

ROOT = Path(__file__).resolve().parent.parent
PREVIOUS = {"index.html": b"<p>the previous build</p>", "events.json": b"{}\n"}
LIMIT = 120  # seconds: a case that takes longer has hung


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _build(config: Path, src: Path, out: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "build.py", "--config", str(config), "--sources", str(src),
         "--out", str(out), *extra],
        cwd=ROOT, capture_output=True, text=True, timeout=LIMIT, check=False,
    )


def _data(out: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((out / "events.json").read_text(encoding="utf-8"))
    return data


def _source_ids(out: Path) -> list[str]:
    return sorted(s["id"] for s in _data(out)["sources"])


def _all_text(out: Path) -> str:
    """The text of every page, entities decoded."""
    return html.unescape("\n".join(p.read_text(encoding="utf-8") for p in sorted(out.rglob("*.html"))))


# What each "ok" case must have read (beyond succeeding with its message).
def _check_latin1(out: Path) -> None:
    assert "Le ministre a démissionné le 3 mai 2024, a déclaré l'Élysée." in _all_text(out)


def _check_mixed(out: Path) -> None:
    text = _all_text(out)
    assert "Café talks: the ministers met on 3 May 2024 in Genève." in text
    assert "Le café était fermé le 4 mai 2024." in text


def _check_talks(sid: str) -> Callable[[Path], None]:
    def check(out: Path) -> None:
        by_id = {s["id"]: s for s in _data(out)["sources"]}
        assert by_id[sid]["title"] == "Talks resume"
        assert by_id[sid]["published"] == "2024-05-02"
        assert by_id[sid]["published_from"] == "front-matter"
    return check


def _check_crlf(out: Path) -> None:
    data = _data(out)
    (src,) = [s for s in data["sources"] if s["id"] == "crlf"]
    assert (src["title"], src["published"]) == ("Talks resume", "2024-05-02")
    with open(src["path"], encoding="utf-8", newline="") as f:
        raw = f.read()
    quotes = [r for e in data["events"] for r in e["sources"] if r["source"] == "crlf"]
    assert quotes, "the CRLF article's dated sentence is an event"
    for r in quotes:  # offsets index the file as written, CRs included
        assert "1 May 2024" in raw[r["start"] : r["end"]]


def _skipped(name: str) -> Callable[[Path], None]:
    def check(out: Path) -> None:
        assert name not in _source_ids(out)
        assert _source_ids(out) == ["base"]
    return check


def _not_published(out: Path) -> None:
    assert "secret plan" not in _all_text(out)
    assert "Planted event" not in _all_text(out)
    assert _source_ids(out) == ["base"]


def _has_source(sid: str) -> Callable[[Path], None]:
    def check(out: Path) -> None:
        assert sid in _source_ids(out)
        page = out / "sources" / f"{sid}.html"
        assert page.is_file()
        assert page.resolve().parent == (out / "sources").resolve()
    return check


CHECKS: dict[str, Callable[[Path], None]] = {
    "latin1": _check_latin1,
    "mixed-encodings": _check_mixed,
    "utf8-bom": _check_talks("bom"),
    "utf16-bom": _check_talks("utf16"),
    "crlf": _check_crlf,
    "cr-only": _has_source("mac"),
    "empty": _skipped("empty"),
    "whitespace-only": _skipped("blank"),
    "binary-png": _skipped("image"),
    "binary-late-nul": _skipped("late"),
    "binary-no-nul": _skipped("noise"),
    "utf16-truncated": _skipped("broken16"),
    "50mb-article": _skipped("big"),
    "long-line": _has_source("long"),
    "front-matter-unclosed": _has_source("open"),
    "symlink-out": _not_published,
    "symlink-dir-out": _not_published,
    "symlink-yaml-out": _not_published,
    "symlink-loop": _skipped("loop"),
    "fifo": _skipped("pipe"),
    "name-with-spaces": _has_source("my article"),
    "name-unicode": _has_source("статья – ü 東京"),
    "name-dots": _has_source("a..b"),
    "name-markup": _has_source("<b>'\"&"),
    "name-newline": _has_source("two\nlines"),
    "extracted-ids-collide": lambda out: (
        [e["id"] for e in _data(out)["events"] if e["id"].startswith("2024-05-01")]
        == ["2024-05-01-talks-resumed", "2024-05-01-talks-resumed-2"]
    ) or pytest.fail(str([e["id"] for e in _data(out)["events"]])),
}


@pytest.mark.parametrize("case", hostile.CASES, ids=lambda c: c.name)
def test_hostile_case(case: hostile.Case, tmp_path: Path) -> None:
    src, config = hostile.write_case(case, tmp_path)
    out = tmp_path / "site"
    writer.write_site(out, PREVIOUS)
    before = _tree(out)
    neighbours = sorted(os.listdir(tmp_path))
    started = time.monotonic()
    r = _build(config, src, out)
    seconds = time.monotonic() - started
    message = case.message.format(src=src.as_posix(), config=config.as_posix())
    lines = r.stderr.splitlines()
    assert "Traceback" not in r.stderr
    assert seconds < 60, f"{case.name} took {seconds:.1f} s"
    # No temporary folder left behind; the cache beside the output is kept on purpose.
    assert sorted(set(os.listdir(tmp_path)) - {".timeline-cache"}) == neighbours
    if case.outcome == "error":
        assert r.returncode == 1, r.stdout + r.stderr
        assert lines == [message]
        assert _tree(out) == before
    else:
        assert r.returncode == 0, r.stderr
        assert all(line.startswith("warning: ") for line in lines), r.stderr
        if message:
            assert message in lines, r.stderr
        else:
            assert lines == []
        assert r.stdout.splitlines()[-1].startswith(f"built {out}/")
        assert _tree(out) != before
        assert "base" in _source_ids(out)
        if case.name in CHECKS:
            CHECKS[case.name](out)


def test_the_corpus_covers_every_kind_the_issue_names() -> None:
    names = set(hostile.BY_NAME)
    assert len(names) == len(hostile.CASES)
    kinds = ["latin1", "mixed-encodings", "utf8-bom", "crlf", "empty", "whitespace-only",
             "binary-png", "50mb-article", "long-line", "front-matter-not-yaml", "yaml-tabs",
             "yaml-duplicate-key", "yaml-billion-laughs", "front-matter-year-0",
             "yaml-year-99999", "yaml-31-june", "text-impossible-dates", "symlink-out",
             "name-with-spaces", "name-unicode", "manual-id-dot-dot", "ids-collide-after-slugging",
             "script-in-text", "script-in-html", "script-in-front-matter", "script-in-yaml"]
    assert set(kinds) <= names


def test_debug_shows_the_traceback_for_a_hostile_case(tmp_path: Path) -> None:
    src, config = hostile.write_case(hostile.BY_NAME["yaml-billion-laughs"], tmp_path)
    r = _build(config, src, tmp_path / "site", "--debug")
    assert r.returncode != 0
    assert "Traceback (most recent call last)" in r.stderr
    assert "more than 50 YAML aliases" in r.stderr


# -- atomic output ------------------------------------------------------------------------
_KILLER = """
import os, signal, sys
from pathlib import Path
sys.argv = ["build.py", *sys.argv[2:]]
from timeline import writer
writes = 0
original = writer._write
def write_then_die(path, data):
    global writes
    writes += 1
    if writes > KILL_AFTER >= 0 or (KILL_AFTER < 0 and Path(path).name == ".timeline-site"):
        os.kill(os.getpid(), signal.SIGKILL)
    return original(path, data)
writer._write = write_then_die
from timeline.cli import main
sys.exit(main())
"""


def _build_under(code: str, kill_after: int, config: Path, src: Path, out: Path,
                 *extra: str) -> subprocess.CompletedProcess[str]:
    """build.py run by `code` (`_KILLER` or a variant), which fails at file `kill_after`."""
    return subprocess.run(
        [sys.executable, "-c", code.replace("KILL_AFTER", str(kill_after)), "build.py",
         "--config", str(config), "--sources", str(src), "--out", str(out), *extra],
        cwd=ROOT, capture_output=True, text=True, timeout=LIMIT, check=False,
    )


@pytest.mark.parametrize("kill_after", [0, 3, -1])  # -1: at the marker, the last file
def test_a_build_killed_while_writing_leaves_the_previous_site(tmp_path: Path, kill_after: int) -> None:
    src, config = hostile.write_case(hostile.BY_NAME["name-unicode"], tmp_path)
    out = tmp_path / "site"
    assert _build(config, src, out).returncode == 0
    before = _tree(out)
    (src / "more.txt").write_bytes(hostile.article("More talks"))
    r = _build_under(_KILLER, kill_after, config, src, out)
    assert r.returncode == -signal.SIGKILL, r.stderr
    assert _tree(out) == before
    # The next build replaces it as usual (the killed build's temporary folder stays behind:
    # it cannot clean up after SIGKILL, and another build may be using a folder like it).
    assert _build(config, src, out).returncode == 0
    assert "more" in _source_ids(out)


@pytest.mark.parametrize("kill_after", [0, 2, -1])
def test_a_build_killed_while_updating_the_spare_leaves_the_previous_site(
        tmp_path: Path, kill_after: int) -> None:
    """The third build starts from the first one's site, kept as the spare, whose files are
    links to the live site's: killed at any point, it leaves the live site as it was, and
    the next build gives what a fresh build gives."""
    src, config = hostile.write_case(hostile.BY_NAME["name-unicode"], tmp_path)
    out = tmp_path / "site"
    assert _build(config, src, out).returncode == 0
    (src / "more.txt").write_bytes(hostile.article("More talks"))
    assert _build(config, src, out).returncode == 0
    before = _tree(out)
    (src / "more.txt").write_bytes(hostile.article("Yet more talks"))
    r = _build_under(_KILLER, kill_after, config, src, out)
    assert r.returncode == -signal.SIGKILL, r.stderr
    assert _tree(out) == before
    assert _build(config, src, out).returncode == 0
    fresh = tmp_path / "fresh"
    assert _build(config, src, fresh, "--no-cache").returncode == 0
    assert _tree(out) == _tree(fresh)


def test_a_build_killed_right_after_the_swap_leaves_the_whole_new_site(tmp_path: Path) -> None:
    src, config = hostile.write_case(hostile.BY_NAME["crlf"], tmp_path)
    out = tmp_path / "site"
    assert _build(config, src, out).returncode == 0
    (src / "more.txt").write_bytes(hostile.article("More talks"))
    fresh = tmp_path / "fresh"
    assert _build(config, src, fresh).returncode == 0
    code = _KILLER.replace("writer._write = write_then_die", (  # as the replaced site is kept
        "writer.SiteWriter._keep_spare = lambda *a: os.kill(os.getpid(), signal.SIGKILL)"))
    r = _build_under(code, 0, config, src, out)
    assert r.returncode == -signal.SIGKILL, r.stderr
    assert _tree(out) == _tree(fresh)


def test_an_interrupted_build_leaves_the_previous_site(tmp_path: Path) -> None:
    src, config = hostile.write_case(hostile.BY_NAME["crlf"], tmp_path)
    out = tmp_path / "site"
    assert _build(config, src, out).returncode == 0
    before = _tree(out)
    (src / "more.txt").write_bytes(hostile.article("More talks"))
    code = _KILLER.replace("os.kill(os.getpid(), signal.SIGKILL)", "raise KeyboardInterrupt")
    r = _build_under(code, 2, config, src, out)
    assert r.returncode == 130
    assert r.stderr == "error: interrupted; the previous site is unchanged\n"
    assert _tree(out) == before
    assert sorted(os.listdir(tmp_path)) == [".timeline-cache", "site", "src", "timeline.yaml"]


def test_refuses_an_output_folder_it_did_not_make_and_deletes_nothing(tmp_path: Path) -> None:
    src, config = hostile.write_case(hostile.BY_NAME["crlf"], tmp_path)
    mine = tmp_path / "mine"
    (mine / "sub").mkdir(parents=True)
    (mine / "sub" / "thesis.txt").write_text("keep", encoding="utf-8")
    for out in (src, tmp_path, mine):  # the sources, the folder around them, someone's folder
        before = _tree(tmp_path)
        r = _build(config, src, out)
        assert r.returncode == 1
        if out == mine:
            assert r.stderr == (f"error: {out}: output folder is not empty and was not made by "
                                "this tool; refusing to replace it (choose another --out or empty it)\n")
        else:
            assert r.stderr == (f"error: {out}: the sources folder is inside the output folder, "
                                "which every build replaces; choose another --out\n")
        assert _tree(tmp_path) == before


def test_refuses_an_output_folder_that_holds_the_sources(tmp_path: Path) -> None:
    out = tmp_path / "site"
    writer.write_site(out, PREVIOUS)  # made by us, so replacing it would otherwise be allowed
    src = out / "articles"
    src.mkdir()
    (src / "a.txt").write_bytes(hostile.article())
    config = tmp_path / "timeline.yaml"
    config.write_text("title: X\n", encoding="utf-8")
    before = _tree(tmp_path)
    r = _build(config, src, out)
    assert r.returncode == 1
    assert r.stderr == (f"error: {out}: the sources folder is inside the output folder, which "
                        "every build replaces; choose another --out\n")
    assert _tree(tmp_path) == before


def test_an_output_folder_that_cannot_be_made_is_one_line(tmp_path: Path) -> None:
    src, config = hostile.write_case(hostile.BY_NAME["crlf"], tmp_path)
    (tmp_path / "file").write_text("not a folder", encoding="utf-8")
    r = _build(config, src, tmp_path / "file" / "site")
    assert r.returncode == 1
    assert r.stderr == f"error: {tmp_path}/file: is a file, so the output folder cannot be made inside it\n"


def test_a_failure_of_the_file_system_is_one_line(tmp_path: Path) -> None:
    src, config = hostile.write_case(hostile.BY_NAME["crlf"], tmp_path)
    out = tmp_path / "site"
    assert _build(config, src, out, "--no-cache").returncode == 0
    before = _tree(out)
    (src / "more.txt").write_bytes(hostile.article("More talks"))  # files to write
    code = _KILLER.replace("os.kill(os.getpid(), signal.SIGKILL)",
                           "raise OSError(28, 'No space left on device', str(path))")
    r = _build_under(code, 2, config, src, out, "--no-cache")
    assert r.returncode == 1
    assert re.fullmatch(rf"error: {re.escape(str(tmp_path))}/\.site\.new-\w+/[\w/.]+: No space left "
                        r"on device; the previous site is unchanged\n", r.stderr), r.stderr
    assert _tree(out) == before
    assert sorted(os.listdir(tmp_path)) == ["site", "src", "timeline.yaml"]


def test_the_readme_counts_the_corpus() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ok = [c for c in hostile.CASES if c.outcome == "ok"]
    m = re.search(r"\*\*(\d+) hostile cases\*\*", readme)
    assert m and int(m[1]) == len(hostile.CASES)
    counts = re.search(r"(\d+) cases build, (\d+) of them with a warning\s+naming the file.*?"
                       r"(\d+) stop with one line", readme, re.S)
    assert counts, "README: the outcome counts"
    assert [int(x) for x in counts.groups()] == [
        len(ok), sum(1 for c in ok if c.message), len(hostile.CASES) - len(ok)]
