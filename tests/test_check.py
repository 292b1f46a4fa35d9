"""`python build.py check [--strict]`, run as a user runs it."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

ARTICLES = {
    # an anaphoric date, and a bare weekday in a clause with no tense
    "council.txt": (
        "---\ntitle: Council passes budget\npublished: 2025-05-21\n---\n"
        "The city council approved the budget on May 12, 2025, after a long debate.\n\n"
        "The mayor resigned a week later, officials said.\n\n"
        "Talks with the unions on Monday, according to the council's spokesman.\n"
    ),
    "paper.txt": (
        "---\ntitle: Budget approved\npublished: 2025-05-20\n---\n"
        "On May 12, 2025, Mayor Anna Berg signed the budget after a vote of the council.\n"
    ),
    # no date anywhere: inferred, and its "Sunday" counts from the guess
    "undated.txt": "Residents gathered outside the city hall on Sunday to protest against the cuts.\n",
}
SINGLE = re.compile(r"^warning: articles/\w+\.txt:\d+:\d+: event '[\w-]+' has only one source \(\w+\)$")


def _check(folder: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    config = folder.parent / "timeline.yaml"
    if not config.exists():
        config.write_text("title: Check test\n", encoding="utf-8")
    return subprocess.run(
        [sys.executable, "build.py", "--config", str(config), "--sources", str(folder),
         "--out", str(folder.parent / "site"), "check", *extra],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=False)


@pytest.fixture
def articles(tmp_path: Path) -> Path:
    folder = tmp_path / "articles"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def _rel(tmp: Path, r: subprocess.CompletedProcess[str]) -> list[str]:
    return r.stdout.replace(f"{tmp}/", "").splitlines()


def test_check_lists_what_to_review_and_writes_nothing(articles: Path, tmp_path: Path) -> None:
    r = _check(articles)
    assert r.returncode == 0, r.stderr
    assert r.stderr == ""
    lines = _rel(tmp_path, r)
    assert lines[:4] == [
        "warning: articles/council.txt:7:20: 'a week later' dated 2025-W21 with low confidence: "
        "counted from another date in the text",
        "warning: articles/council.txt:9:26: 'Monday' dated 2025-05-19 with low confidence: "
        "a weekday in a clause with no tense (last or next?)",
        "warning: articles/undated.txt: publication date inferred as 2025-05-20: "
        "median publication date of the other articles",
        "warning: articles/undated.txt:1:45: 'Sunday' dated 2025-05-18 with low confidence: "
        "counted from an inferred publication date",
    ]
    singles = lines[4:-1]
    assert len(singles) == 5 and all(SINGLE.match(x) for x in singles), singles
    assert re.fullmatch(
        r"checked 3 sources, 5 events: 9 warnings \(1 inferred publication dates, "
        r"3 low-confidence dates, 5 single-source events, 0 other\), \d+\.\d\d s", lines[-1]), lines[-1]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["articles", "timeline.yaml"]


def test_strict_makes_warnings_fail(articles: Path) -> None:
    r = _check(articles, "--strict")
    assert r.returncode == 1
    assert r.stderr == "error: 9 warnings, and --strict makes warnings fail\n"


def test_strict_passes_a_clean_collection(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    text = "---\npublished: 2025-05-20\n---\nOn May 12, 2025, Mayor Anna Berg resigned after a vote.\n"
    (folder / "a.txt").write_text(text, encoding="utf-8")
    (folder / "b.txt").write_text(text, encoding="utf-8")
    r = _check(folder, "--strict")
    assert r.returncode == 0, r.stdout + r.stderr
    assert r.stdout.startswith("checked 2 sources, 1 events: 0 warnings (")


def test_a_hidden_event_is_not_reviewed(articles: Path) -> None:
    """Findings are about the timeline as published: hiding an event drops its warnings."""
    before = _check(articles).stdout.splitlines()
    monday = next(x for x in before if "'Monday'" in x)
    event = next(x for x in before if "council.txt:9:1: event" in x).split("'")[1]
    (articles / "fix.yaml").write_text(f"corrections:\n  - event: {event}\n    hide: true\n",
                                       encoding="utf-8")
    after = _check(articles).stdout.splitlines()
    assert monday not in after
    assert not any(event in x for x in after)


def test_check_reports_validation_errors_like_a_build(articles: Path, tmp_path: Path) -> None:
    (articles / "events.yaml").write_text(
        "events:\n  - titel: X\n    date: 2025-02-30\n", encoding="utf-8")
    r = _check(articles)
    assert r.returncode == 1
    assert r.stderr.replace(f"{tmp_path}/", "").splitlines() == [
        "error: articles/events.yaml:2:5: unknown key 'titel' in an event; did you mean 'title'?",
        "error: articles/events.yaml:2:5: missing 'title'",
        "error: articles/events.yaml:3:5: date: 2025-02-30 is not a day of the calendar",
    ]
    assert not (tmp_path / "site").exists()


def test_check_renders_the_templates(articles: Path, tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    (templates / "static").mkdir(parents=True)
    for name in ("index.html", "event.html", "source.html", "about.html", "404.html"):
        (templates / name).write_text("{{ no_such_variable }}\n", encoding="utf-8")
    (tmp_path / "timeline.yaml").write_text("title: T\ntemplates: templates\n", encoding="utf-8")
    r = _check(articles)
    assert r.returncode == 1
    assert r.stderr == (f"error: {templates}/index.html:1: template error: "
                        "'no_such_variable' is undefined\n")
    assert not (tmp_path / "site").exists()


def test_check_refuses_an_output_folder_a_build_would_refuse(articles: Path, tmp_path: Path) -> None:
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "thesis.txt").write_text("keep me", encoding="utf-8")
    r = _check(articles)
    assert r.returncode == 1
    assert r.stderr == (f"error: {tmp_path / 'site'}: output folder is not empty and was not made "
                        "by this tool; refusing to replace it (choose another --out or empty it)\n")
