"""The sample, built end to end, against the gold timeline written for it by hand."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from timeline import goldscore, pipeline

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    out = tmp_path_factory.mktemp("site") / "_site"
    config = pipeline.Config(sources=ROOT / "seeds", out=out, title="Sample")
    pipeline.build(config)
    data: dict[str, object] = json.loads((out / "events.json").read_text(encoding="utf-8"))
    return data


@pytest.fixture(scope="module")
def result(built: dict[str, object]) -> goldscore.GoldScore:
    gold = yaml.safe_load((ROOT / "tests/gold/sample_timeline.yaml").read_text(encoding="utf-8"))
    return goldscore.score(built, gold)


def test_recall(result: goldscore.GoldScore) -> None:
    print(result.line())
    assert result.recall >= 0.9, result.missing


def test_precision(result: goldscore.GoldScore) -> None:
    assert result.precision >= 0.85, result.spurious


def test_sources_complete(result: goldscore.GoldScore) -> None:
    # The Rubio interview (four articles) and the 19 May call (two, one saying "Monday").
    assert result.complete >= result.gold - 2, result.incomplete


def test_nothing_from_boilerplate_or_bounds(result: goldscore.GoldScore) -> None:
    assert result.forbidden == []


def test_rubio_interview_has_all_four_articles(built: dict[str, object]) -> None:
    events = built["events"]
    assert isinstance(events, list)
    interview = [e for e in events if any("Politico" in s["quote"] for s in e["sources"])
                 and e["date"] == "2025-06-24"]
    assert len(interview) == 1
    assert {s["source"][:3] for s in interview[0]["sources"]} == {"000", "001", "002", "004"}


def test_scorer_can_fail() -> None:
    gold = {"events": [{"date": "2025-01-01", "what": "x", "sources": {"a": "hello"}}]}
    empty = goldscore.score({"events": []}, gold)
    assert empty.recall == 0.0 and empty.missing
    wrong_day = {"events": [{"date": "2025-01-02", "origin": "extracted", "title": "t",
                             "sources": [{"source": "a", "quote": "hello world"}]}]}
    scored = goldscore.score(wrong_day, gold)
    assert scored.recall == 0.0 and scored.precision == 0.0
