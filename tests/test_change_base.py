"""A statement whose only date is what a change is measured from ("a 3 percent decrease from the
close of trading Wednesday") is dated by publication, and joins events of its own article only."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from random import Random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_merge_article import _source

from timeline import events, merge
from timeline.dates import extract
from timeline.model import Mention, Sentence

FRI = dt.date(2008, 9, 5)


@pytest.mark.parametrize(("text", "base"), [
    ("The index ended 3 percent down from the close of trading Wednesday.", "Wednesday"),
    ("Car sales in Canada dropped 23% compared to March of 2008.", "March of 2008"),
    ("The figures are an improvement from 2007, when the firm lost money.", "2007"),
    # "from" without a change before it starts something; it measures nothing.
    ("Special services will continue from October 28.", None),
    ("The fund bought shares from Aug. 26 to Oct. 20, up 3 percent.", None),
    # A date of its own dates the statement.
    ("The index fell on Thursday, 3 percent down from Wednesday.", None),
    ("The index fell 3 percent on Thursday.", None),
])
def test_change_base(text: str, base: str | None) -> None:
    found = extract(text, FRI)
    sentence = Sentence(0, len(text), text, 0)
    got = None if events.main_expression(sentence, found) else events.change_base(sentence, found)
    assert (got.text if got else None) == base


STORY = ("The Dow Jones index fell 344 points at the close of trading Thursday.\n\n"
         "Retailers reported weak sales on Thursday.\n\n"
         "The Dow's fall left the index at 11,188, a 2.99 percent decrease from the close of trading Wednesday.\n")


def test_a_change_from_a_date_is_reported_on_publication_and_joins_its_article(tmp_path: Path) -> None:
    fell, _, left = _source(tmp_path, "a", "2008-09-05", STORY)
    assert (left.anchored, left.date.iso(), left.base, left.ref.date_text) == (False, "2008-09-05", "Wednesday", "")
    assert "“Wednesday” is what a change is measured from" in left.ref.how
    (joined,) = [c for c in merge.merge([fell, left]) if fell in c.mentions]
    assert left in joined.mentions and joined.date.iso() == "2008-09-04"
    assert any("“Wednesday” is what its change is measured from" in w for w in joined.why)


def test_a_change_from_a_date_does_not_join_another_article(tmp_path: Path) -> None:
    fell = _source(tmp_path, "a", "2008-09-05", STORY.split("\n\n")[0] + "\n")[0]
    left = _source(tmp_path, "b", "2008-09-05", "Stocks slid.\n\n" + STORY.split("\n\n")[2])[-1]
    other = _source(tmp_path, "c", "2008-09-05", "Stocks slid.\n\n" + STORY.split("\n\n")[2])[-1]
    assert left.base == other.base == "Wednesday"
    assert len(merge.merge([fell, left, other])) == 3


def _articles(folder: Path, draw: st.DrawFn) -> list[Mention]:
    out: list[Mention] = []
    for n in range(draw(st.integers(min_value=1, max_value=3))):
        parts = draw(st.lists(st.sampled_from(STORY.strip().split("\n\n")), min_size=1, max_size=4))
        out += _source(folder, f"s{n}", draw(st.sampled_from(["2008-09-05", "2008-09-06"])), "\n\n".join(parts) + "\n")
    return out


@settings(max_examples=40, deadline=None)
@given(st.data(), st.randoms(use_true_random=False))
def test_changes_from_a_date_keep_merging_order_independent_and_idempotent(data: st.DataObject, rnd: Random) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        ms = _articles(Path(tmp), data.draw)
    shuffled = list(ms)
    rnd.shuffle(shuffled)

    def groups(x: list[Mention]) -> set[frozenset[str]]:
        return {frozenset(m.id for m in c.mentions) for c in merge.merge(x)}

    assert groups(shuffled) == groups(ms) == groups(ms + ms)
    assert sorted(m.id for c in merge.merge(ms) for m in c.mentions) == sorted(m.id for m in ms)

