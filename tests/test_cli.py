"""The command line, run as a user runs it: `python build.py ...` in a subprocess."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import hostile
import pytest

ROOT = Path(__file__).resolve().parent.parent

ARTICLES = {
    "council.txt": (
        "---\ntitle: Council backs budget\npublished: 2024-03-05\n---\n"
        "The city council approved a new budget on Tuesday after a long debate.\n"
        "On March 1, 2024, the mayor announced the plan to fund three new schools in the "
        "northern districts of the city.\n"
        "The first school is expected to open in September.\n"
    ),
    "minister.md": (
        "# Minister resigns\n\n"
        "The education minister resigned on **3 May 2024**, officials said.\n\n"
        "Her successor takes office on June 1, according to [the ministry](https://example.org).\n"
    ),
    "undated.txt": "Residents said they welcomed the decision and hoped for more investment.\n",
    "sources.yaml": "sources:\n  minister:\n    published: 2024-05-04\n    outlet: The Paper\n",
    "events.yaml": (
        "events:\n  - date: 2024-02\n    title: Budget consultation\n"
        "    summary: Residents were **asked**.\n    sources: [council]\n"
    ),
}
SUMMARY = re.compile(
    r"^built (?P<out>.+)/ \((?P<files>\d+) files\): 3 sources \([^)]*\), \d+ dates, \d+ dated "
    r"statements -> (?P<events>\d+) events \(\d+ statements merged, 1 manual\), \d+ warnings, "
    r"\d+\.\d\d s$"
)


def _run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "build.py", *args], cwd=ROOT, capture_output=True, text=True,
        timeout=120, env=env, check=False,
    )


def _build(src: Path, out: Path, *extra: str, env: dict[str, str] | None = None
           ) -> subprocess.CompletedProcess[str]:
    config = src.parent / "timeline.yaml"
    if not config.exists():
        config.write_text("title: Test timeline\n", encoding="utf-8")
    return _run("--config", str(config), "--sources", str(src), "--out", str(out), *extra, env=env)


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _env(**overrides: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "LANG", "TZ"))}
    env.update(overrides)
    return env


@pytest.fixture
def src(tmp_path: Path) -> Path:
    folder = tmp_path / "articles"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, subprocess.CompletedProcess[str]]:
    """One good build, shared by the tests that only look at it."""
    base = tmp_path_factory.mktemp("built")
    folder = base / "articles"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    out = base / "site"
    return out, _build(folder, out)


def test_build_prints_the_summary_line(built: tuple[Path, subprocess.CompletedProcess[str]]) -> None:
    out, r = built
    assert r.returncode == 0, r.stderr
    last = r.stdout.strip().splitlines()[-1]
    m = SUMMARY.match(last)
    assert m, last
    assert m["out"] == str(out)
    assert int(m["files"]) == len(_tree(out)) - 1  # all but the marker
    assert "Traceback" not in r.stderr


def test_build_writes_events_json(built: tuple[Path, subprocess.CompletedProcess[str]]) -> None:
    out, r = built
    data = json.loads((out / "events.json").read_text(encoding="utf-8"))
    assert data["title"] == "Test timeline"
    by_id = {s["id"]: s for s in data["sources"]}
    assert sorted(by_id) == ["council", "minister", "undated"]
    assert by_id["council"]["published_from"] == "front-matter"
    assert by_id["minister"]["published_from"] == "metadata"
    assert by_id["undated"]["published_from"] == "inferred"
    manual = [e for e in data["events"] if e["origin"] == "manual"]
    assert [(e["date"], e["title"]) for e in manual] == [("2024-02", "Budget consultation")]
    m = SUMMARY.match(r.stdout.strip().splitlines()[-1])
    assert m and int(m["events"]) == len(data["events"])
    assert (out / "index.html").is_file()


def test_bad_yaml_is_one_error_line_with_file_and_line(src: Path, tmp_path: Path) -> None:
    (src / "events.yaml").write_text("events:\n  - title: X\n    date: : 2024\n", encoding="utf-8")
    r = _build(src, tmp_path / "site")
    assert r.returncode == 1
    lines = r.stderr.splitlines()
    assert len(lines) == 1, r.stderr
    assert lines[0].startswith("error: ")
    assert re.search(r"events\.yaml:3:\d+: invalid YAML: ", lines[0]), lines[0]
    assert "Traceback" not in r.stderr
    assert not (tmp_path / "site").exists()


def test_validation_errors_are_one_line_each(src: Path, tmp_path: Path) -> None:
    (src / "events.yaml").write_text(
        "events:\n  - titel: X\n    date: 2024-01-01\n  - title: Y\n", encoding="utf-8")
    r = _build(src, tmp_path / "site")
    assert r.returncode == 1
    lines = r.stderr.splitlines()
    assert len(lines) == 3, r.stderr
    assert all(line.startswith("error: ") for line in lines)
    assert lines[0].endswith("events.yaml:2:5: unknown key 'titel' in an event; did you mean 'title'?")


def test_debug_shows_the_traceback(src: Path, tmp_path: Path) -> None:
    (src / "events.yaml").write_text("events:\n  - title: X\n    date: : 2024\n", encoding="utf-8")
    r = _build(src, tmp_path / "site", "--debug")
    assert r.returncode != 0
    assert "Traceback (most recent call last)" in r.stderr
    assert "TimelineError" in r.stderr


def test_failed_build_leaves_the_previous_output(src: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    assert _build(src, out).returncode == 0
    before = _tree(out)
    (src / "events.yaml").write_text("events:\n  - title: X\n    date: : 2024\n", encoding="utf-8")
    r = _build(src, out)
    assert r.returncode == 1
    assert _tree(out) == before
    # Nothing left beside the output but the cache (no half-written temporary folders).
    assert sorted(p.name for p in tmp_path.iterdir()) == [".timeline-cache", "articles", "site",
                                                          "timeline.yaml"]


def test_refuses_to_replace_a_folder_it_did_not_make(src: Path, tmp_path: Path) -> None:
    out = tmp_path / "mine"
    out.mkdir()
    (out / "thesis.txt").write_text("keep me", encoding="utf-8")
    r = _build(src, out)
    assert r.returncode == 1
    assert r.stderr.startswith("error: ") and len(r.stderr.splitlines()) == 1
    assert _tree(out) == {"thesis.txt": b"keep me"}


def test_dates_command_json(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text(
        "The council met on 3 March 2025 and again yesterday.\nThe vote is on June 1.\n",
        encoding="utf-8")
    r = _run("dates", str(article), "--dct", "2025-05-21", "--json")
    assert r.returncode == 0, r.stderr
    raw = article.read_text(encoding="utf-8")
    rows = [json.loads(line) for line in r.stdout.splitlines()]
    assert len(rows) == 3
    for row in rows:
        assert {"start", "end", "text", "value", "precision"} <= set(row)
        assert raw[row["start"] : row["end"]] == row["text"]
    assert [(x["text"], x["value"], x["precision"]) for x in rows] == [
        ("3 March 2025", "2025-03-03", "day"),
        ("yesterday", "2025-05-20", "day"),
        ("June 1", "2025-06-01", "day"),
    ]


def test_dates_command_on_markdown_gives_file_offsets(tmp_path: Path) -> None:
    article = tmp_path / "a.md"
    article.write_text("# Head\n\nThe council met on **3 March 2025**, [they said](https://x.org).\n",
                       encoding="utf-8")
    r = _run("dates", str(article), "--dct", "2025-05-21", "--json")
    assert r.returncode == 0, r.stderr
    (row,) = [json.loads(line) for line in r.stdout.splitlines()]
    assert article.read_text(encoding="utf-8")[row["start"] : row["end"]] == "3 March 2025"


def test_dates_command_missing_file(tmp_path: Path) -> None:
    r = _run("dates", str(tmp_path / "nope.txt"))
    assert r.returncode == 1
    assert r.stderr == f"error: {tmp_path / 'nope.txt'}: file not found\n"


def test_dates_command_bad_dct_is_a_user_error(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("The council met on 3 March 2025.\n", encoding="utf-8")
    r = _run("dates", str(article), "--dct", "2025-13-01")
    assert r.returncode == 1
    assert r.stderr == "error: --dct '2025-13-01' is not a date (YYYY-MM-DD)\n"


def test_dates_command_reads_the_metadata_beside_the_file(tmp_path: Path) -> None:
    (tmp_path / "sources.yaml").write_text("sources:\n  a:\n    published: 2025-05-21\n",
                                           encoding="utf-8")
    article = tmp_path / "a.txt"
    article.write_text("The council met yesterday.\n", encoding="utf-8")
    r = _run("dates", str(article), "--json")
    assert r.returncode == 0, r.stderr
    (row,) = [json.loads(line) for line in r.stdout.splitlines()]
    assert (row["text"], row["value"]) == ("yesterday", "2025-05-20")


def test_dates_command_accepts_the_metadata_dates_a_build_accepts(tmp_path: Path) -> None:
    (tmp_path / "sources.yaml").write_text(
        'sources:\n  other:\n    published: "June 3, 2024"\n', encoding="utf-8")
    (tmp_path / "other.txt").write_text("Another article.\n", encoding="utf-8")
    article = tmp_path / "a.txt"
    article.write_text("The council met yesterday.\n", encoding="utf-8")
    r = _run("dates", str(article), "--json")
    assert r.returncode == 0, r.stderr
    (row,) = [json.loads(line) for line in r.stdout.splitlines()]
    assert (row["text"], row["value"]) == ("yesterday", "2024-06-02")


def test_impossible_unquoted_date_is_a_located_user_error(src: Path, tmp_path: Path) -> None:
    (src / "events.yaml").write_text("events:\n  - title: X\n    date: 2025-02-30\n",
                                     encoding="utf-8")
    r = _build(src, tmp_path / "site")
    assert r.returncode == 1
    assert re.search(r"events\.yaml:3:\d+: ", r.stderr), r.stderr


def _build_together(*jobs: tuple[Path, Path, dict[str, str] | None]) -> None:
    """Run several builds at once (each is its own process) and check that all succeed."""
    with ThreadPoolExecutor(max_workers=len(jobs)) as pool:
        results = list(pool.map(lambda job: _build(job[0], job[1], env=job[2]), jobs))
    for r in results:
        assert r.returncode == 0, r.stderr


def test_same_input_twice_gives_identical_bytes(src: Path, tmp_path: Path) -> None:
    first, second = tmp_path / "one", tmp_path / "two"
    (tmp_path / "timeline.yaml").write_text("title: Test timeline\n", encoding="utf-8")
    _build_together((src, first, None), (src, second, None))
    assert _tree(first) == _tree(second)
    assert _build(src, first).returncode == 0  # rebuilding in place changes nothing either
    assert _tree(first) == _tree(second)


def test_locale_and_time_zone_do_not_change_the_output(src: Path, tmp_path: Path) -> None:
    utc, kiritimati = tmp_path / "utc", tmp_path / "kiritimati"
    (tmp_path / "timeline.yaml").write_text("title: Test timeline\n", encoding="utf-8")
    _build_together((src, utc, _env(TZ="UTC")),
                    (src, kiritimati, _env(LC_ALL="C", TZ="Pacific/Kiritimati")))
    assert _tree(utc) == _tree(kiritimati)


def test_every_problem_of_every_yaml_file_in_one_run(src: Path, tmp_path: Path) -> None:
    """Problems found on loading and those only the extracted events reveal come together."""
    (src / "events.yaml").write_text(
        "events:\n  - title: X\n    date: 2025-02-30\n  - title: Y\n    date: 2025-03-01\n"
        "    end: 2025-01-01\n    sources: [councill]\n", encoding="utf-8")
    (src / "fixes.yaml").write_text(
        "events:\n  - id: 2025-03-01-y\n    title: Z\n    date: 2024\n"
        "corrections:\n  - event: no-such-event\n    hide: true\n    colour: red\n", encoding="utf-8")
    r = _build(src, tmp_path / "site")
    assert r.returncode == 1
    errors = [line.replace(f"{src}/", "") for line in r.stderr.splitlines()]
    assert errors == [
        "error: events.yaml:3:5: date: 2025-02-30 is not a day of the calendar",
        "error: events.yaml:6:5: end 2025-01-01 is before date 2025-03-01",
        "error: fixes.yaml:2:5: duplicate event id '2025-03-01-y' (first at events.yaml:4)",
        "error: fixes.yaml:8:5: unknown key 'colour' in a correction (known: event, hide, date, end, "
        "title, summary, tags, merge, split)",
        "error: events.yaml:7:15: no source with id 'councill'; did you mean 'council'?",
        "error: fixes.yaml:6:5: no extracted event with id 'no-such-event'",
    ]
    assert not (tmp_path / "site").exists()


def test_options_may_follow_the_command(src: Path, tmp_path: Path) -> None:
    (tmp_path / "timeline.yaml").write_text("title: After\n", encoding="utf-8")
    r = _run("check", "--config", str(tmp_path / "timeline.yaml"), "--sources", str(src),
             "--out", str(tmp_path / "site"))
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines()[-1].startswith("checked 3 sources, ")
    r = _run("--sources", str(tmp_path / "nowhere"), "check", "--strict")
    assert r.returncode == 1
    assert r.stderr == f"error: {tmp_path / 'nowhere'}: sources folder not found\n"


def test_readme_documents_every_command_and_config_key() -> None:
    from timeline import cli, config

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    sub = next(a for a in cli._parser()._actions if a.dest == "command")
    commands = sorted(getattr(sub, "choices", {}))
    assert commands == ["check", "dates", "new", "serve"]
    for name in commands:
        assert f"python build.py {name}" in readme, name
    for key in config.KEYS:
        assert f"| `{key}` |" in readme, key


def test_order_creation_locale_time_zone_and_hash_seed_do_not_change_the_output(tmp_path: Path) -> None:
    """The same articles written in the opposite order, with other times, read under
    another locale, time zone and hash seed, give the same bytes."""
    files = {**{k: v.encode() for k, v in ARTICLES.items()}}
    for case in hostile.CASES:  # odd names, encodings and markup that still build
        if case.outcome == "ok" and case.setup is None and "events.yaml" not in case.files:
            files.update(case.files)
    folder = tmp_path / "articles"
    (tmp_path / "timeline.yaml").write_text("title: Test timeline\n", encoding="utf-8")

    def write(order: list[str], stamp: int) -> None:
        if folder.exists():
            shutil.rmtree(folder)
        folder.mkdir()
        for name in order:
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            (folder / name).write_bytes(files[name])
            os.utime(folder / name, (stamp, stamp))
            stamp += 3600

    write(sorted(files), 1_000_000_000)
    first = tmp_path / "first"
    r = _build(folder, first, env=_env(TZ="UTC", LANG="C.UTF-8", PYTHONHASHSEED="1"))
    assert r.returncode == 0, r.stderr
    write(sorted(files, reverse=True), 1_700_000_000)
    second = tmp_path / "second"
    r = _build(folder, second, env=_env(LC_ALL="C", TZ="Pacific/Kiritimati", PYTHONHASHSEED="2"))
    assert r.returncode == 0, r.stderr
    assert len(_tree(first)) > 20
    assert _tree(first) == _tree(second)
