"""The packed forms a source keeps (runs and sentences) behave as the tuples they replace."""

from __future__ import annotations

import bisect
import datetime as dt
import pickle

import pytest
from hypothesis import given
from hypothesis import strategies as st

from timeline.model import DateValue, Event, Runs, Sentence, Sentences, Source
from timeline.text import split_sentences

pairs = st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 10**6)), max_size=30).map(
    lambda ps: tuple(sorted(ps)))


@given(pairs)
def test_runs_are_the_pairs_they_were_made_from(ps: tuple[tuple[int, int], ...]) -> None:
    runs = Runs(ps)
    assert runs == ps and ps == runs
    assert len(runs) == len(ps) and tuple(runs) == ps and list(runs[1:3]) == list(ps[1:3])
    assert all(runs[i] == ps[i] and runs[-i - 1] == ps[-i - 1] for i in range(len(ps)))
    assert hash(runs) == hash(ps)
    assert pickle.loads(pickle.dumps(runs)) == runs
    assert bool(runs) == bool(ps)


@given(pairs, st.integers(-5, 10**6 + 5))
def test_locate_finds_the_run_the_tuple_bisect_found(ps: tuple[tuple[int, int], ...], i: int) -> None:
    k = bisect.bisect_right(ps, (i, 1 << 62)) - 1
    assert Runs(ps).locate(i) == (ps[k] if k >= 0 else None)


@given(st.text(alphabet="ab. \n", max_size=200))
def test_sentences_are_the_sentences_they_were_made_from(text: str) -> None:
    sentences = tuple(split_sentences(text))
    marked = tuple(Sentence(s.start, s.end, s.text, s.paragraph, "byline" if i % 3 == 1 else "")
                   for i, s in enumerate(sentences))
    packed = Sentences(text, marked)
    assert packed == marked and marked == packed and tuple(packed) == marked
    assert len(packed) == len(marked) and packed[1:] == marked[1:]
    assert all(packed[i] == marked[i] and packed[-1 - i] == marked[-1 - i]
               for i in range(len(marked)))
    assert list(packed.bounds()) == [(s.start, s.end, s.boilerplate) for s in marked]
    assert pickle.loads(pickle.dumps(packed)) == packed


def _source(text: str, sentences: tuple[Sentence, ...]) -> Source:
    return Source(id="a", path="a.txt", raw=text, text=text, runs=((0, 0),), title="",
                  outlet=None, url=None, author=None, published=None,
                  published_from="unknown", sentences=sentences)


def test_a_source_keeps_its_sentences_packed_when_they_fit_its_text() -> None:
    text = "One. Two three."
    src = _source(text, tuple(split_sentences(text)))
    assert isinstance(src.sentences, Sentences) and isinstance(src.runs, Runs)
    assert [s.text for s in src.sentences] == ["One.", "Two three."]
    assert pickle.loads(pickle.dumps(src)) == src


def test_sentences_that_do_not_fit_the_text_are_kept_as_given() -> None:
    odd = (Sentence(0, 4, "Else", 0),)
    src = _source("One. Two.", odd)
    assert src.sentences == odd and src.sentences[0].text == "Else"


def test_a_gathered_timeline_survives_pickling_whole() -> None:
    """The cache and the page keys pickle these records by their field values (fast_pickle):
    every record of a real build comes back equal, packed forms included."""
    from pathlib import Path

    from timeline import pipeline

    root = Path(__file__).resolve().parent.parent
    timeline, _ = pipeline.gather(pipeline.Config(sources=root / "seeds", out=root / "_unused",
                                                  use_cache=False))
    again = pickle.loads(pickle.dumps(timeline))
    assert again == timeline and again.events and again.sources
    assert [type(s.sentences) for s in again.sources] == [Sentences] * len(again.sources)


def _event(**kw: object) -> Event:
    from timeline.model import SourceRef

    fields: dict[str, object] = dict(
        id="2025-05-16-talks", date=DateValue.of_day(dt.date(2025, 5, 16)), end=None,
        title="Talks held", summary="Talks were held.", origin="extracted", tags=("a",),
        sources=(SourceRef("s1", "Talks were held.", 3, 19), SourceRef("", "q", 0, 1, url="https://x")),
        mentions=("s1:3",), why=("same day",))
    fields.update(kw)
    return Event(**fields)  # type: ignore[arg-type]


def test_an_event_with_a_lazy_detail_is_the_same_event() -> None:
    """Equal both ways, hashed, pickled and keyed as the event with its detail; a copy
    with a new id keeps the detail unloaded; one with a new title or references changes
    them (and whom it cites)."""
    from timeline import cache
    from timeline.model import Lazy

    event = _event()
    assert event.cited == ("s1", "")
    loads: list[int] = []

    def load() -> object:
        loads.append(1)
        return pickle.loads(pickle.dumps(event.whole()))

    lazy = Event.of(event.id, event.date, event.end, event.mentions, event.cited, Lazy(load))
    renamed = lazy.changed(id="2025-05-16-talks-2")
    assert isinstance(renamed.detail, Lazy) and not renamed.detail.loaded and not loads
    assert lazy == event and event == lazy and hash(lazy) == hash(event)
    assert cache.key_of("", lazy) == cache.key_of("", event)
    assert pickle.loads(pickle.dumps(lazy)) == event and loads == [1]
    assert renamed.title == "Talks held" and renamed.id.endswith("-2")
    retitled = lazy.changed(title="Talks", sources=event.sources[:1])
    assert retitled.title == "Talks" and retitled.cited == ("s1",) and retitled.why == event.why
    assert lazy.title == "Talks held"
    with pytest.raises(TypeError):
        Event("x", event.date, None, title="no summary nor sources")
