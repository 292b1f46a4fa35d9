"""`split` corrections: statements taken out of a merged event, from YAML, through a build's
own gathering (the split works on the merged statements, so dates and titles are remade)."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from timeline import pipeline
from timeline.errors import ValidationErrors
from timeline.model import Event

ARTICLES = {
    "a.md": "---\npublished: 2025-05-20\n---\nOn May 19, Trump spoke with Putin by phone for two hours.\n",
    "b.md": ("---\npublished: 2025-05-20\n---\nTrump and Putin held a phone call on Monday.\n\n"
             "Zelensky said he spoke to Trump before the call on Monday.\n"),
    "c.md": "---\npublished: 2025-05-21\n---\nOn May 19, Trump spoke with Putin by phone, the Kremlin said.\n",
}
QUOTES = ("On May 19, Trump spoke with Putin by phone for two",
          "Trump and Putin held a phone call",
          "Zelensky said he spoke",
          "the Kremlin said")


def _gather(folder: Path, corrections: str = "") -> list[Event]:
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "fix.yaml").write_text(corrections, encoding="utf-8")
    return list(pipeline.gather(pipeline.Config(sources=folder, out=folder / "_site"))[0].events)


def _errors(folder: Path, corrections: str) -> list[str]:
    with pytest.raises(ValidationErrors) as info:
        _gather(folder, corrections)
    return [str(e).replace(f"{folder}/", "") for e in info.value.errors]


@pytest.fixture
def merged_id(tmp_path: Path) -> str:
    (event,) = _gather(tmp_path)
    assert len(event.sources) == 4  # the sample's premise: all four statements merged
    return event.id


def _quotes(e: Event) -> list[str]:
    return [r.quote for r in e.sources]


def test_split_by_quote_into_one_new_event(tmp_path: Path, merged_id: str) -> None:
    kept, new = sorted(_gather(tmp_path, (
        f"corrections:\n  - event: {merged_id}\n    split:\n"
        "      - quotes: [zelensky said]\n        title: Zelensky speaks to Trump\n")),
        key=lambda e: e.id != merged_id)
    assert kept.id == merged_id
    assert not any("Zelensky" in q for q in _quotes(kept)) and len(kept.sources) == 3
    assert new.id == "2025-05-19-zelensky-speaks-trump"
    assert (new.title, new.date.iso()) == ("Zelensky speaks to Trump", "2025-05-19")
    assert _quotes(new) == ["Zelensky said he spoke to Trump before the call on Monday."]
    assert new.why == (f"split off by hand ({tmp_path}/fix.yaml:2) from the event reported by a, b, c",)
    assert kept.why[-1] == f"b split off by hand ({tmp_path}/fix.yaml:2)"


def test_source_ids_make_one_event_each(tmp_path: Path, merged_id: str) -> None:
    events = _gather(tmp_path, f"corrections:\n  - event: {merged_id}\n    split: [c, b]\n")
    assert len(events) == 3
    by_sources = {tuple(sorted({r.source for r in e.sources})): e for e in events}
    assert sorted(by_sources) == [("a",), ("b",), ("c",)]
    assert by_sources[("a",)].id == merged_id
    assert len(by_sources[("b",)].sources) == 2  # both of b's statements go together


def test_a_mapping_gives_the_new_event_its_fields(tmp_path: Path, merged_id: str) -> None:
    events = _gather(tmp_path, (
        f"corrections:\n  - event: {merged_id}\n    title: Trump and Putin speak\n    split:\n"
        "      - {id: kremlin-readout, sources: [c], quotes: [Zelensky], date: ~2025-05,"
        " summary: 'The *Kremlin* version.', tags: [kremlin]}\n"))
    by_id = {e.id: e for e in events}
    assert sorted(by_id) == sorted([merged_id, "kremlin-readout"])
    new = by_id["kremlin-readout"]
    assert (new.date.iso(), new.approximate, new.tags) == ("2025-05", True, ("kremlin",))
    assert new.summary_html == "<p>The <em>Kremlin</em> version.</p>"
    assert sorted(r.source for r in new.sources) == ["b", "c"]
    assert by_id[merged_id].title == "Trump and Putin speak"  # the other corrections still apply


@pytest.mark.parametrize(
    ("split", "message"),
    [
        ("[d]", "fix.yaml:3:13: event '{id}' has no statement from source 'd'"),
        ("[bb]", "fix.yaml:3:13: event '{id}' has no statement from source 'bb'; did you mean 'b'?"),
        ("[{quotes: [Biden said]}]",
         "fix.yaml:3:23: no statement of event '{id}' has a quote containing 'Biden said'"),
        ("[a, b, c]", "fix.yaml:2:5: 'split' names every source of event '{id}'; use 'hide' to drop it"),
        ("[{id: '{id}', sources: [c]}]",
         "fix.yaml:3:14: event id '{id}' is already used by an extracted event"),
        ("c", "fix.yaml:3:5: 'split' must be a list of source ids or of mappings"),
        ("[[c]]", "fix.yaml:3:13: each entry of 'split' must be a source id or a mapping"),
        ("[{title: X}]", "fix.yaml:3:13: a split needs 'sources' or 'quotes' to say what moves"),
    ],
)
def test_split_errors(tmp_path: Path, merged_id: str, split: str, message: str) -> None:
    text = f"corrections:\n  - event: {merged_id}\n    split: {split.replace('{id}', merged_id)}\n"
    assert _errors(tmp_path, text) == [message.replace("{id}", merged_id)]


@settings(max_examples=15, deadline=None)
@given(st.lists(st.sets(st.sampled_from(QUOTES), min_size=1, max_size=2), min_size=1, max_size=3))
def test_a_split_keeps_every_statement_in_exactly_one_event(groups: list[set[str]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (before,) = _gather(folder)
        entries = "".join(f"      - quotes: {sorted(g)}\n" for g in groups)
        text = f"corrections:\n  - event: {before.id}\n    split:\n{entries}"
        if set().union(*groups) == set(QUOTES):
            assert any("names every source" in e for e in _errors(folder, text))
            return
        after = _gather(folder, text)
    mentions = [m for e in after for m in e.mentions]
    assert sorted(mentions) == sorted(before.mentions)
    assert sorted(r.quote for e in after for r in e.sources) == sorted(r.quote for r in before.sources)
    assert len(after) == 1 + len(_taking(groups))


def _taking(groups: list[set[str]]) -> list[set[str]]:
    """The groups that still find statements when their turn comes (earlier ones took theirs)."""
    taken: set[str] = set()
    out = []
    for g in groups:
        if g - taken:
            out.append(g)
        taken |= g
    return out


def test_a_split_id_is_unique_among_hand_written_ids(tmp_path: Path, merged_id: str) -> None:
    assert _errors(tmp_path, (
        "events:\n  - {id: same, title: X, date: 2025}\n"
        f"corrections:\n  - event: {merged_id}\n    split: [{{id: same, sources: [c]}}]\n")) == [
        "fix.yaml:5:14: duplicate event id 'same' (first at fix.yaml:2)"]
