"""Merging: same happening -> one event; different happenings stay apart; laws hold."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from timeline import events, merge, pipeline
from timeline.errors import TimelineError
from timeline.features import features, subject
from timeline.model import DateValue, Mention, Sentence, SourceRef


def mention(source: str, date: str, text: str, anchored: bool = True, start: int = 0, mod: str = "") -> Mention:
    actors, actions, keywords = features(text)
    s = Sentence(start, start + len(text), text, 0)
    return Mention(
        id=f"{source}:{start}", source=source, date=DateValue.parse(date), anchored=anchored,
        title=text[:40], sentence=s, ref=SourceRef(source, text, start, start + len(text)),
        actors=actors, actions=actions, keywords=keywords, subject=subject(text), mod=mod,
    )


# Background statements so that the collection has a story (topic words weigh little).
BACKGROUND = [
    mention("bg1", "2025-03-01", "Russia and Ukraine remain at war as the United States weighs sanctions."),
    mention("bg2", "2025-03-02", "Ukraine asked Europe for more air defence against Russia."),
    mention("bg3", "2025-03-03", "The United States said sanctions on Russia stay in place."),
    mention("bg4", "2025-03-04", "Europe debated new sanctions on Russia over the war in Ukraine."),
]


def groups(ms: list[Mention]) -> set[frozenset[str]]:
    return {frozenset(m.id for m in c.mentions) for c in merge.merge(ms)}


def together(ms: list[Mention], a: str, b: str) -> bool:
    return any(a in g and b in g for g in groups(ms))


def test_same_call_from_two_outlets_merges() -> None:
    a = mention("a", "2025-05-19", "On May 19, Trump spoke with Putin by phone for two hours.")
    b = mention("b", "2025-05-19", "After a phone call Monday between Trump and Vladimir Putin, talks stalled.")
    assert together([*BACKGROUND, a, b], a.id, b.id)


def test_different_happenings_on_one_day_stay_apart() -> None:
    a = mention("a", "2025-05-20", "On Tuesday, Britain announced new sanctions against Russia's energy sector.")
    b = mention("b", "2025-05-20", "Rubio told the Senate Foreign Relations Committee on Tuesday that aid continues.")
    assert not together([*BACKGROUND, a, b], a.id, b.id)


def test_different_days_never_merge_when_both_are_exact() -> None:
    a = mention("a", "2025-05-16", "On May 16, delegations held talks in Istanbul.")
    b = mention("b", "2025-06-02", "On June 2, delegations held talks in Istanbul.")
    assert not together([*BACKGROUND, a, b], a.id, b.id)


def test_coarse_mention_joins_the_precise_event_it_refers_to() -> None:
    fine = mention("a", "2025-05-16", "On May 16, the first direct talks between Ukraine and Russia were held in Istanbul.")
    coarse = mention("b", "2025-W20", "Russia sent a junior team to Istanbul last week for talks with Ukraine.")
    assert together([*BACKGROUND, fine, coarse], fine.id, coarse.id)


def test_mid_month_does_not_contain_the_end_of_the_month() -> None:
    fine = mention("a", "2025-06-24", "Leaders met at the Nato summit in The Hague.")
    coarse = mention("b", "2025-06", "Leaders meet at the Nato summit in The Hague in mid-June.", mod="MID")
    assert not together([*BACKGROUND, fine, coarse], fine.id, coarse.id)


def test_lead_dated_by_publication_joins_the_reported_event() -> None:
    dated = mention("a", "2025-06-24", "Marco Rubio, speaking from the Nato summit in The Hague on Tuesday, ruled out new sanctions.")
    lead = mention("b", "2025-06-25", "Secretary of State Marco Rubio ruled out new sanctions at the Nato summit in The Hague.", anchored=False)
    assert together([*BACKGROUND, dated, lead], dated.id, lead.id)


def test_lead_does_not_reach_back_beyond_its_window() -> None:
    dated = mention("a", "2025-06-01", "Marco Rubio ruled out new sanctions at the summit in The Hague.")
    lead = mention("b", "2025-06-25", "Marco Rubio ruled out new sanctions at the summit in The Hague.", anchored=False)
    assert not together([*BACKGROUND, dated, lead], dated.id, lead.id)


def test_why_is_recorded() -> None:
    a = mention("a", "2025-05-19", "On May 19, Trump spoke with Putin by phone.")
    b = mention("b", "2025-05-19", "Trump and Putin held a phone call on Monday.")
    (cluster,) = [c for c in merge.merge([*BACKGROUND, a, b]) if len(c.mentions) == 2]
    assert any("putin" in w and "speak" in w for w in cluster.why)


SENTENCES = [
    "Trump spoke with Putin by phone.",
    "Putin and Trump held a call.",
    "Britain announced sanctions on Russia.",
    "Iran launched missiles at Tel Aviv.",
    "Delegations held talks in Istanbul.",
    "Russia and Ukraine held talks in Istanbul.",
    "Rubio gave an interview to Politico.",
]
DATES = ["2025-05-16", "2025-05-19", "2025-05-20", "2025-W21", "2025-05", "2025"]


@st.composite
def mention_lists(draw: st.DrawFn) -> list[Mention]:
    n = draw(st.integers(min_value=1, max_value=12))
    out = []
    for i in range(n):
        out.append(mention(f"s{draw(st.integers(0, 4))}", draw(st.sampled_from(DATES)),
                           draw(st.sampled_from(SENTENCES)), anchored=draw(st.booleans()),
                           start=i * 100))
    return out


@settings(max_examples=150, deadline=None)
@given(mention_lists(), st.randoms(use_true_random=False))
def test_order_independent(ms: list[Mention], rnd: object) -> None:
    shuffled = list(ms)
    rnd.shuffle(shuffled)  # type: ignore[attr-defined]
    assert groups(ms) == groups(shuffled)


@settings(max_examples=150, deadline=None)
@given(mention_lists())
def test_every_mention_in_exactly_one_event(ms: list[Mention]) -> None:
    seen = [m.id for c in merge.merge(ms) for m in c.mentions]
    assert sorted(seen) == sorted({m.id for m in ms})


@settings(max_examples=100, deadline=None)
@given(mention_lists())
def test_idempotent_on_repeated_input(ms: list[Mention]) -> None:
    assert groups(ms + ms) == groups(ms)


def test_transliteration_variants_are_one_actor() -> None:
    assert features("Zelenskyy met Dmitriy.")[0] == features("Zelensky met Dmitry.")[0]
    assert features("Zelenskiy spoke.")[0] == ("zelensky",)


def test_coarse_date_does_not_join_an_event_dated_only_by_publication() -> None:
    # "This week" contains the lead's publication day, but that day is only when it was
    # reported: the week stays its own event and the lead keeps its day.
    lead = mention("a", "2025-05-23", "Stock markets across the world have fallen sharply.", anchored=False)
    coarse = mention("b", "2025-W21", "Stock markets across the world fell sharply this week.")
    (lead_event,) = [c for c in merge.merge([*BACKGROUND, lead, coarse]) if lead.id in {m.id for m in c.mentions}]
    assert [m.id for m in lead_event.mentions] == [lead.id]
    assert lead_event.date == DateValue.parse("2025-05-23")


def test_coarse_date_joins_a_phrase_dated_event_inside_it() -> None:
    fine = mention("a", "2025-05-19", "Stock markets across the world fell sharply on Monday.")
    coarse = mention("b", "2025-W21", "Stock markets across the world fell sharply this week.")
    assert together([*BACKGROUND, fine, coarse], fine.id, coarse.id)


def test_a_word_inside_a_name_is_not_an_action() -> None:
    assert "deliver" not in features("The A380 landed after a flight from the Airbus Delivery Center.")[1]
    assert "deliver" in features("Airbus delivered the A380 to Singapore Airlines.")[1]
    assert "attack" in features("Strikes hit Kyiv overnight.")[1]  # a capital that opens the sentence


def test_names_with_digits_are_actors() -> None:
    assert {"a380", "g7", "f-16"} <= set(features("The A380 and F-16 flew past the G7 leaders.")[0])


# -- the whole pipeline: no dated statement is lost or doubled --------------------------------

ROOT = Path(__file__).resolve().parent.parent
ARTICLE_SENTENCES = [
    "On May 19, Trump spoke with Putin by phone for two hours.",
    "Trump and Putin held a call on Monday.",
    "Britain announced new sanctions against Russia on Tuesday.",
    "Delegations held talks in Istanbul last week.",
    "In May, Russia and Ukraine exchanged prisoners.",
    "Rubio gave an interview to a newspaper in 2025.",
    "The talks ended without a deal.",
    "Officials said a summit could follow next month.",
]


def _statements(config: pipeline.Config) -> list[str]:
    docs = pipeline.yaml_documents(config.sources, set())
    out: list[str] = []
    for s in pipeline.read_sources(config, docs, pipeline.Report()):
        out.extend(m.id for m in events.mentions_of(s))
    return out


def _in_events(config: pipeline.Config) -> list[str]:
    timeline, _ = pipeline.gather(config)
    return [m for e in timeline.events for m in e.mentions]


def test_every_dated_sentence_of_the_sample_is_in_exactly_one_event(tmp_path: Path) -> None:
    config = pipeline.Config(sources=ROOT / "seeds", out=tmp_path / "_site")
    statements = _statements(config)
    assert len(statements) > 20
    assert sorted(_in_events(config)) == sorted(statements)


@settings(max_examples=25, deadline=None)
@given(st.lists(st.lists(st.sampled_from(ARTICLE_SENTENCES), min_size=1, max_size=6), min_size=1,
                max_size=4),
       st.lists(st.dates(dt.date(2025, 5, 1), dt.date(2025, 6, 30)), min_size=4, max_size=4))
def test_every_dated_sentence_is_in_exactly_one_event(articles: list[list[str]], published: list[dt.date]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for i, sentences in enumerate(articles):
            body = "\n".join(sentences)
            (folder / f"a{i}.md").write_text(f"---\npublished: {published[i]}\n---\n{body}\n", encoding="utf-8")
        config = pipeline.Config(sources=folder, out=folder / "_site")
        statements = _statements(config)
        in_events = _in_events(config)
    assert sorted(in_events) == sorted(statements)
    assert len(set(in_events)) == len(in_events)


# -- a merge undone from YAML -------------------------------------------------------------------

def _call_folder(folder: Path, corrections: str = "") -> pipeline.Config:
    (folder / "a.md").write_text("---\npublished: 2025-05-20\n---\n"
                                 "On May 19, Trump spoke with Putin by phone for two hours.\n", encoding="utf-8")
    (folder / "b.md").write_text("---\npublished: 2025-05-20\n---\n"
                                 "Trump and Putin held a phone call on Monday.\n", encoding="utf-8")
    if corrections:
        (folder / "events.yaml").write_text(corrections, encoding="utf-8")
    return pipeline.Config(sources=folder, out=folder / "_site")


def test_split_undoes_a_merge_and_keeps_the_event_id(tmp_path: Path) -> None:
    (merged,) = pipeline.gather(_call_folder(tmp_path))[0].events
    assert {r.source for r in merged.sources} == {"a", "b"}
    config = _call_folder(tmp_path, f"corrections:\n  - event: {merged.id}\n    split: [b]\n")
    timeline, _ = pipeline.gather(config)
    by_source = {r.source: e for e in timeline.events for r in e.sources}
    assert by_source["a"] is not by_source["b"]
    assert by_source["a"].id == merged.id
    (why,) = by_source["b"].why
    assert why.startswith("split off by hand (") and why.endswith("events.yaml:2) from the event reported by a")
    assert by_source["a"].why[-1].startswith("b split off by hand (")
    assert sorted(m for e in timeline.events for m in e.mentions) == sorted(merged.mentions)


def test_split_naming_a_source_the_event_lacks_is_an_error_with_its_line(tmp_path: Path) -> None:
    (merged,) = pipeline.gather(_call_folder(tmp_path))[0].events
    config = _call_folder(tmp_path, f"corrections:\n  - event: {merged.id}\n    split: [c]\n")
    with pytest.raises(TimelineError, match=r"events\.yaml:3:13: .*no statement from source .c."):
        pipeline.gather(config)
    config = _call_folder(tmp_path, f"corrections:\n  - event: {merged.id}\n    split: [a, b]\n")
    with pytest.raises(TimelineError, match="names every source"):
        pipeline.gather(config)
    config = _call_folder(tmp_path, f"corrections:\n  - event: {merged.id}\n    split: {{b: 1}}\n")
    with pytest.raises(TimelineError, match="'split' must be a list of source ids"):
        pipeline.gather(config)


def test_time_zones_are_neither_actors_nor_words() -> None:
    actors, _, words = features("At 16:00 UTC, GM filed for bankruptcy; at 6:40 p.m. GMT it was over.")
    assert actors == ("gm",)
    assert not {"utc", "gmt", "p.m"} & set(words)
