"""An installed package (a wheel, not the editable checkout) carries the built-in templates."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_wheel_carries_every_template_and_static_file(tmp_path: Path) -> None:
    source = tmp_path / "src"  # a copy: building writes build/ and *.egg-info into the tree
    for name in ("pyproject.toml", "README.md"):
        (source / name).parent.mkdir(exist_ok=True)
        shutil.copy(ROOT / name, source / name)
    for folder in ("timeline", "site_templates"):
        shutil.copytree(ROOT / folder, source / folder, ignore=shutil.ignore_patterns("__pycache__"))
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(tmp_path),
                    str(source)], check=True, cwd=tmp_path, timeout=300)
    wheel = next(tmp_path.glob("timeline_ssg-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    templates = ROOT / "site_templates"
    expected = {"timeline/site_templates/" + p.relative_to(templates).as_posix()
                for p in templates.rglob("*") if p.is_file()}
    assert expected and expected <= names, sorted(expected - names)
