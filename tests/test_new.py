"""`python build.py new DIR`: a project that builds as it is, and never over someone's files."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(ROOT / "build.py"), *args], cwd=cwd,
                          capture_output=True, text=True, timeout=120, check=False)


def test_new_project_builds_and_checks_as_it_is(tmp_path: Path) -> None:
    r = _run("new", "news-desk", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    project = tmp_path / "news-desk"
    files = sorted(p.relative_to(project).as_posix() for p in project.rglob("*") if p.is_file())
    assert {"timeline.yaml", "README.md", "articles/events.yaml", "templates/base.html",
            "templates/index.html", "templates/static/style.css"} <= set(files)
    assert [f for f in files if f.startswith("articles/")] == [
        "articles/bridge-council.md", "articles/bridge-reopens.md", "articles/events.yaml"]
    assert r.stdout == (f"created news-desk/ ({len(files)} files); build it with "
                        f"`python {ROOT / 'build.py'} --config news-desk/timeline.yaml`\n")
    # From inside the folder, as its README says: the config is found without --config.
    built = _run(cwd=project)
    assert built.returncode == 0, built.stderr
    assert built.stdout.startswith("built _site/ (")
    data = json.loads((project / "_site" / "events.json").read_text(encoding="utf-8"))
    assert data["title"] == "News desk"
    assert [e["title"] for e in data["events"] if e["origin"] == "manual"] == [
        "Inspection finds cracks in the bridge piers"]
    assert {s["id"] for s in data["sources"]} == {"bridge-council", "bridge-reopens"}
    assert len(data["events"]) > 2
    checked = _run("check", cwd=project)
    assert checked.returncode == 0, checked.stderr
    assert checked.stdout.splitlines()[-1].startswith("checked 2 sources, ")


def test_the_templates_copy_is_used(tmp_path: Path) -> None:
    assert _run("new", str(tmp_path / "p")).returncode == 0
    base = tmp_path / "p" / "templates" / "base.html"
    base.write_text(base.read_text(encoding="utf-8").replace("</body>", "<p>OUR FOOTER</p></body>"),
                    encoding="utf-8")
    assert _run("--config", str(tmp_path / "p" / "timeline.yaml")).returncode == 0
    assert "OUR FOOTER" in (tmp_path / "p" / "_site" / "index.html").read_text(encoding="utf-8")


def test_new_refuses_a_folder_that_is_not_empty(tmp_path: Path) -> None:
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("keep", encoding="utf-8")
    r = _run("new", str(tmp_path / "mine"))
    assert r.returncode == 1
    assert r.stderr == f"error: {tmp_path / 'mine'}: already exists and is not an empty folder; choose a new one\n"
    assert [p.name for p in (tmp_path / "mine").iterdir()] == ["notes.txt"]


def test_new_accepts_an_empty_folder_and_refuses_a_file(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    assert _run("new", str(tmp_path / "empty")).returncode == 0
    (tmp_path / "file").write_text("x", encoding="utf-8")
    r = _run("new", str(tmp_path / "file"))
    assert r.returncode == 1 and "already exists and is not an empty folder" in r.stderr
