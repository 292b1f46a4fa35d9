"""The built sample site against committed golden files.

The golden files are the contract's examples: events.json (CONTRACTS.md), the timeline page
and the exports other programs read.  After an intended change, regenerate them with
`UPDATE_GOLDEN=1 python -m pytest tests/test_golden.py` and review the diff.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from timeline import pipeline

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden" / "sample"
FILES = ["events.json", "index.html", "timeline.json", "events.ics", "feed.xml", "events.csv"]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("golden") / "_site"
    pipeline.build(pipeline.Config(
        sources=ROOT / "seeds", out=out, title="Holding off sanctions on Russia: a timeline"))
    return out


@pytest.mark.parametrize("name", FILES)
def test_golden(site: Path, name: str) -> None:
    built = (site / name).read_bytes()
    golden = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_bytes(built)
    assert golden.is_file(), f"missing {golden}; run with UPDATE_GOLDEN=1"
    assert built == golden.read_bytes(), f"{name} differs from {golden}"


def test_every_page_is_built(site: Path) -> None:
    names = {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}
    assert {"index.html", "about.html", "404.html", "events.json", "static/style.css"} <= names
    assert sum(n.startswith("sources/") for n in names) == 5
    assert sum(n.startswith("events/") for n in names) >= 15
