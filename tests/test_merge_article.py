"""Merging inside one article: a statement that refers back to a name, and days a few apart."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from random import Random

from hypothesis import given, settings
from hypothesis import strategies as st

from timeline import events, merge, sources
from timeline.features import features, refers_back, subject
from timeline.model import DateValue, Mention, Sentence, SourceRef

STORY = (
    "China Eastern Airlines stated on Thursday that it had signed a contract to purchase twenty Airbus jets.\n\n"
    "The airline, which is the third largest in China, signed the agreement in Paris on June 15.\n\n"
    "Analysts expect more orders this year.\n"
)


def mention(source: str, date: str, text: str, date_text: str, about: str = "", start: int = 0) -> Mention:
    actors, actions, keywords = features(text)
    about = about or subject(text)
    if about and about not in actors:
        actors = tuple(sorted((*actors, about)))
    return Mention(
        id=f"{source}:{start}", source=source, date=DateValue.parse(date), anchored=True,
        title=text[:40], sentence=Sentence(start, start + len(text), text, 0),
        ref=SourceRef(source, text, start, start + len(text), date_text=date_text),
        actors=actors, actions=actions, keywords=keywords, subject=about,
    )


STATED = ("China Eastern Airlines stated on Thursday that it had signed a contract to purchase Airbus jets.", "Thursday")
SIGNED = ("The airline signed the agreement with Airbus in Paris on June 15.", "June 15")


def events_of(ms: list[Mention]) -> list[merge.Cluster]:
    return merge.merge(ms)


def test_a_counted_day_joins_a_numbered_day_of_its_article_and_the_event_keeps_the_number() -> None:
    a = mention("a", "2009-06-18", *STATED)
    b = mention("a", "2009-06-15", *SIGNED, about="china", start=200)
    (cluster,) = events_of([a, b])
    assert cluster.date == DateValue.parse("2009-06-15")
    assert any("“Thursday” counted 3 days from “June 15”" in w and "“The airline” is china" in w
               for w in cluster.why)


def test_days_apart_stay_apart_across_articles() -> None:
    a = mention("a", "2009-06-18", *STATED)
    b = mention("b", "2009-06-15", *SIGNED, about="china", start=200)
    assert len(events_of([a, b])) == 2


def test_two_counted_days_stay_apart() -> None:
    # Neither says which day it was: "Thursday" and "Monday" three days apart are two days.
    a = mention("a", "2009-06-18", *STATED)
    b = mention("a", "2009-06-15", SIGNED[0].replace("June 15", "Monday"), "Monday", about="china", start=200)
    assert len(events_of([a, b])) == 2


def test_more_than_three_days_apart_stay_apart() -> None:
    a = mention("a", "2009-06-19", *STATED)
    b = mention("a", "2009-06-15", *SIGNED, about="china", start=200)
    assert len(events_of([a, b])) == 2


def test_different_subjects_stay_apart() -> None:
    a = mention("a", "2009-06-18", *STATED)
    b = mention("a", "2009-06-15", "Air China signed an agreement with Airbus in Paris on June 15.", "June 15", start=200)
    assert len(events_of([a, b])) == 2


def test_refers_back() -> None:
    assert refers_back("The airline, which is the third largest in China, signed the agreement.") == "The airline"
    assert refers_back("The company has a deadline set at June 1.") == "The company"
    assert refers_back("It said on Monday that talks would resume.") == "It"
    assert refers_back("The Dow's 344.65-point fall left the index lower.") == ""
    assert refers_back("China Eastern Airlines signed a contract.") == ""
    assert refers_back("On Monday, the company said it would cut jobs.") == "the company"


def test_multi_word_names_give_their_initials() -> None:
    assert "gm" in features("General Motors said it would cut jobs.")[0]
    assert "djia" in features("The Dow Jones Industrial Average fell.")[0]
    assert "mt" not in features("On Monday Trump spoke.")[0]  # a day is not part of a name


def test_a_statement_that_refers_back_is_about_the_name_before_it(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_text("---\npublished: 2009-06-20\n---\n" + STORY, encoding="utf-8")
    src = sources.read_source(path, "a.md", "a", None)
    assert src.published == dt.date(2009, 6, 20)
    stated, signed, _ = events.mentions_of(src)
    assert stated.subject == signed.subject == "china"
    (cluster,) = merge.merge([stated, signed])
    assert cluster.date == DateValue.parse("2009-06-15")


def test_a_country_before_a_name_describes_it() -> None:
    assert subject("The US car manufacturer General Motors said it would cut jobs.") == "motors"
    assert subject("United States automobile company General Motors announced a loss.") == "motors"
    assert subject("Britain announced sanctions on Russia.") == "uk"
    assert subject("Russia and Ukraine held talks in Istanbul.") == "russia"


def _source(folder: Path, name: str, published: str, text: str) -> list[Mention]:
    path = folder / f"{name}.md"
    path.write_text(f"---\npublished: {published}\n---\n{text}", encoding="utf-8")
    return events.mentions_of(sources.read_source(path, path.name, name, None))


def test_descriptions_referring_to_one_company_by_name_and_initials_merge(tmp_path: Path) -> None:
    a = _source(tmp_path, "a", "2009-05-28", "United States automobile company General Motors reported a loss.\n\n"
                "The automaker has a June 1 deadline to finish a restructuring plan.\n")
    b = _source(tmp_path, "b", "2009-05-07", "GM had reported a loss of six billion dollars on Monday.\n\n"
                "The company has a deadline set at June 1 to draw up a restructuring plan.\n")
    c = _source(tmp_path, "c", "2009-05-20", "Ford reported a profit.\n\n"
                "The company has a deadline set at June 1 to draw up a new sales plan.\n")
    a_deadline, b_deadline, c_deadline = a[-1], b[-1], c[-1]
    assert "gm" in a_deadline.actors and "gm" in b_deadline.actors
    clusters = merge.merge([*a, *b, *c])
    (joined,) = [x for x in clusters if a_deadline in x.mentions]
    assert b_deadline in joined.mentions and c_deadline not in joined.mentions
    assert any("“The automaker” is motors" in w for w in joined.why)


def test_the_index_finds_what_comparing_every_pair_finds() -> None:
    # `_pairs` looks candidates up by shared features; comparing every pair must agree.
    texts = ["Trump spoke with Putin by phone.", "Putin and Trump held a call.",
             "Britain announced sanctions on Russia.", "Russia and Ukraine held talks in Istanbul.",
             "Delegations from Russia and Ukraine held talks in Istanbul on prisoners.",
             "Ukraine and Russia exchanged prisoners after talks in Istanbul."]
    ms = [mention(f"s{i % 3}", "2025-05-19", t, "May 19", start=i * 100) for i, t in enumerate(texts * 3)]
    w = merge.Weights(ms)
    found = {(a.id, b.id) for a, b, _ in merge._pairs(ms, w, lambda a, b: (merge.SAME_DAY, ""))}
    ordered = sorted(ms, key=lambda m: m.id)
    every = {(a.id, b.id) for i, a in enumerate(ordered) for b in ordered[i + 1 :]
             if merge.similarity(a, b, w, merge.SAME_DAY) is not None}
    assert found == every and found


NEARBY_SENTENCES = [STATED[0], SIGNED[0], "China Eastern Airlines signed a deal with Airbus.",
                    "Air China signed an agreement with Airbus.", "The airline bought Airbus jets."]


@st.composite
def nearby_lists(draw: st.DrawFn) -> list[Mention]:
    out = []
    for i in range(draw(st.integers(min_value=1, max_value=10))):
        day = draw(st.sampled_from(["2009-06-15", "2009-06-16", "2009-06-18", "2009-06-19"]))
        counted = draw(st.booleans())
        out.append(mention(f"s{draw(st.integers(0, 2))}", day, draw(st.sampled_from(NEARBY_SENTENCES)),
                           "Thursday" if counted else f"June {day[-2:]}", about="china", start=i * 100))
    return out


def _groups(ms: list[Mention]) -> set[frozenset[str]]:
    return {frozenset(m.id for m in c.mentions) for c in merge.merge(ms)}


@settings(max_examples=150, deadline=None)
@given(nearby_lists(), st.randoms(use_true_random=False))
def test_days_apart_in_one_article_order_independent_and_idempotent(ms: list[Mention], rnd: Random) -> None:
    shuffled = list(ms)
    rnd.shuffle(shuffled)
    assert _groups(shuffled) == _groups(ms) == _groups(ms + ms)
    assert sorted(m.id for c in merge.merge(ms) for m in c.mentions) == sorted(m.id for m in ms)
