"""The config file: every key, its validation messages, flags overriding it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from timeline import config
from timeline.errors import TimelineError, ValidationErrors

ROOT = Path(__file__).resolve().parent.parent


def _write(tmp: Path, text: str) -> Path:
    (tmp / "articles").mkdir(exist_ok=True)
    path = tmp / "timeline.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _errors(tmp: Path, text: str) -> list[str]:
    with pytest.raises(TimelineError) as info:
        config.load(_write(tmp, text))
    err = info.value
    return [str(e) for e in err.errors] if isinstance(err, ValidationErrors) else [str(err)]


def test_every_key(tmp_path: Path) -> None:
    (tmp_path / "tpl").mkdir()
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "about.md").write_text("About *us*.\n", encoding="utf-8")
    path = _write(tmp_path, (
        "title: My timeline\ndescription: What happened.\nbase_url: https://example.org/t/\n"
        "sources: articles\nout: public\nabout: about.md\ntemplates: tpl\n"
        "language: en-GB\ntime_zone: Europe/Kyiv\n"))
    c = config.load(path)
    assert (c.title, c.description, c.base_url) == ("My timeline", "What happened.", "https://example.org/t/")
    assert (c.sources, c.out, c.templates) == (tmp_path / "articles", tmp_path / "public", tmp_path / "tpl")
    assert (c.about, c.language, c.time_zone, c.config_path) == ("About *us*.\n", "en-GB", "Europe/Kyiv", path)


def test_flags_override_the_file(tmp_path: Path) -> None:
    (tmp_path / "other").mkdir()
    path = _write(tmp_path, "sources: articles\nout: public\nbase_url: https://a.example/\n")
    c = config.load(path, sources=tmp_path / "other", out=tmp_path / "x", base_url="https://b.example/")
    assert (c.sources, c.out, c.base_url) == (tmp_path / "other", tmp_path / "x", "https://b.example/")


def test_defaults_without_a_file() -> None:
    c = config.load(None)
    assert (c.sources, c.out, c.title, c.language, c.time_zone) == (Path("seeds"), Path("_site"), "Timeline", "en", "")


def test_unknown_key_did_you_mean(tmp_path: Path) -> None:
    assert _errors(tmp_path, "sources: articles\ntitel: X\n") == [
        f"{tmp_path}/timeline.yaml:2:1: unknown key 'titel' in the config; did you mean 'title'?"]


def test_language_other_than_english_is_refused(tmp_path: Path) -> None:
    assert _errors(tmp_path, "sources: articles\nlanguage: fr\n") == [
        f"{tmp_path}/timeline.yaml:2:1: language 'fr' is not supported: the date extractor reads "
        "English only (use en, or a regional form such as en-GB)"]


def test_unknown_time_zone(tmp_path: Path) -> None:
    assert _errors(tmp_path, "sources: articles\ntime_zone: Europe/Kiev2\n") == [
        f"{tmp_path}/timeline.yaml:2:1: unknown time zone 'Europe/Kiev2'; did you mean 'Europe/Kiev'? "
        "(use an IANA name such as Europe/Kyiv or UTC)"]


def test_every_problem_in_one_run(tmp_path: Path) -> None:
    assert _errors(tmp_path, "sources: nowhere\ntemplates: [a]\nlanguage: de\ncolour: red\n") == [
        f"{tmp_path}/timeline.yaml:4:1: unknown key 'colour' in the config (known: title, description, "
        "base_url, sources, out, about, templates, language, time_zone)",
        f"{tmp_path}/timeline.yaml:2:1: 'templates' must be text",
        f"{tmp_path}/timeline.yaml:3:1: language 'de' is not supported: the date extractor reads "
        "English only (use en, or a regional form such as en-GB)",
        f"{tmp_path}/timeline.yaml:1:1: sources folder {tmp_path.as_posix()}/nowhere not found",
    ]


def test_missing_templates_folder(tmp_path: Path) -> None:
    assert _errors(tmp_path, "sources: articles\ntemplates: mine\n") == [
        f"{tmp_path}/timeline.yaml:2:1: templates folder {tmp_path.as_posix()}/mine not found"]


@pytest.mark.parametrize(("zone", "day"), [("", "2024-07-20"), ("America/New_York", "2024-07-20"),
                                           ("Asia/Tokyo", "2024-07-21")])
def test_time_zone_dates_a_timestamp_with_an_offset(tmp_path: Path, zone: str, day: str) -> None:
    """23:30 UTC on 20 July is already 21 July in Tokyo, and still 20 July in New York."""
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a.html").write_text(
        '<html><head><meta property="article:published_time" content="2024-07-20T23:30:00Z">'
        "<title>T</title></head><body><article><p>The bridge reopened yesterday after repairs.</p>"
        "</article></body></html>\n", encoding="utf-8")
    (folder / "b.md").write_text("---\npublished: 2024-07-20T23:30:00+00:00\n---\nThe bridge reopened.\n",
                                 encoding="utf-8")
    cfg = tmp_path / "timeline.yaml"
    cfg.write_text(f"title: T\n{'time_zone: ' + zone if zone else ''}\n", encoding="utf-8")
    r = subprocess.run([sys.executable, "build.py", "--config", str(cfg), "--sources", str(folder),
                        "--out", str(tmp_path / "site")], cwd=ROOT, capture_output=True, text=True,
                       timeout=120, check=False)
    assert r.returncode == 0, r.stderr
    data = json.loads((tmp_path / "site" / "events.json").read_text(encoding="utf-8"))
    assert [s["published"] for s in data["sources"]] == [day, day]
