"""Inside one article, a statement that names a happening by a noun ("the recent rise in oil
prices") and one on the same day that reports it as a clause ("Oil prices rose") are one
happening, whoever their grammatical subjects are."""

from __future__ import annotations

from random import Random

from hypothesis import given, settings
from hypothesis import strategies as st
from test_merge_article import mention

from timeline import merge
from timeline.features import content_words, named_happenings, topic_phrases

ROSE = ("Oil prices rose sharply on Tuesday.", "Tuesday")
COMMENT = ("A spokesman for the finance ministry commented on Tuesday on the recent rise in oil prices.",
           "Tuesday")


def _groups(ms: list) -> set[frozenset[str]]:  # type: ignore[type-arg]
    return {frozenset(m.id for m in c.mentions) for c in merge.merge(ms)}


def test_a_happening_named_by_a_noun_joins_the_statement_that_reports_it() -> None:
    a = mention("a", "2011-03-08", *ROSE)
    b = mention("a", "2011-03-08", *COMMENT, start=100)
    assert a.subject != b.subject and not set(a.actors) & set(b.actors)
    (cluster,) = merge.merge([a, b])
    assert any("“rise in oil prices” names what “Oil prices … rose” reports" in w for w in cluster.why)


def test_two_articles_stay_apart() -> None:
    a = mention("a", "2011-03-08", *ROSE)
    b = mention("b", "2011-03-08", *COMMENT, start=100)
    assert len(merge.merge([a, b])) == 2


def test_two_days_stay_apart() -> None:
    a = mention("a", "2011-03-08", *ROSE)
    b = mention("a", "2011-03-07", COMMENT[0].replace("Tuesday", "Monday"), "Monday", start=100)
    assert len(merge.merge([a, b])) == 2


def test_another_action_on_the_same_topic_stays_apart() -> None:
    a = mention("a", "2011-03-08", *ROSE)
    b = mention("a", "2011-03-08", COMMENT[0].replace("rise", "fall"), "Tuesday", start=100)
    assert len(merge.merge([a, b])) == 2


def test_words_that_are_not_side_by_side_are_no_topic() -> None:
    # "prices" and "oil" both occur, but "the price of crude oil" is not "oil prices".
    a = mention("a", "2011-03-08", *ROSE)
    b = mention("a", "2011-03-08", "A spokesman commented on Tuesday on the rise in the price of crude oil.",
                "Tuesday", start=100)
    assert len(merge.merge([a, b])) == 2


def test_a_verb_before_a_preposition_names_no_happening() -> None:
    # "prices rose in ...": a clause, no noun naming an action.
    a = mention("a", "2011-03-08", "Food prices rose in the capital on Tuesday.", "Tuesday")
    b = mention("a", "2011-03-08", "Ticket prices rose for the final on Tuesday.", "Tuesday", start=100)
    assert len(merge.merge([a, b])) == 2


def test_content_words_and_topics() -> None:
    assert [w for w, _, _ in content_words("Stock markets fell; the Dow’s falls “hurt”.")] == \
        ["stock", "market", "fall", "fall"]
    assert topic_phrases("Stock markets around the world fell.") == {
        ("stock", "market"): "Stock markets", ("world", "fall"): "world fell"}
    # Punctuation parts words; a capital inside the sentence is a name, not a topic.
    assert topic_phrases("the recent falls in the stock market, oil. Prices and Oil Ministry") == {
        ("stock", "market"): "stock market"}


def test_the_same_naming_phrase_on_both_sides_is_no_report_of_it() -> None:
    # Two calls about one treaty, by different people: each names "a treaty in a phone call".
    a = mention("a", "2011-03-08", "Ana Costa discussed a water treaty in a phone call on Tuesday.", "Tuesday")
    b = mention("a", "2011-03-08", "Carl Li discussed a water treaty in a phone call on Tuesday.", "Tuesday",
                start=100)
    assert len(merge.merge([a, b])) == 2


def test_named_happenings() -> None:
    assert named_happenings("He commented on the recent falls in the stock market.") == {
        ("fall", ("stock", "market")): "falls in the stock market"}
    # A determiner makes the noun; a verb or a bare noun before the preposition names nothing.
    assert named_happenings("Lawmakers voted for steel tariffs.") == {}
    assert named_happenings("New restrictions on grain exports hurt farmers.") == {}
    # The date phrase is no part of it.
    assert named_happenings("a drop in the summer quarter figures") != {}
    assert named_happenings("a drop in the summer quarter figures", "the summer quarter") == {}


TOPIC_SENTENCES = [ROSE[0], COMMENT[0], COMMENT[0].replace("rise", "fall"),
                   "Oil prices fell on Tuesday.", "Analysts said the rise in oil prices hurt airlines."]


@st.composite
def topic_lists(draw: st.DrawFn) -> list:  # type: ignore[type-arg]
    return [mention(f"s{draw(st.integers(0, 1))}", draw(st.sampled_from(["2011-03-07", "2011-03-08"])),
                    draw(st.sampled_from(TOPIC_SENTENCES)), "Tuesday", start=i * 100)
            for i in range(draw(st.integers(min_value=1, max_value=10)))]


@settings(max_examples=150, deadline=None)
@given(topic_lists(), st.randoms(use_true_random=False))
def test_same_topic_merging_is_order_independent_and_idempotent(ms: list, rnd: Random) -> None:  # type: ignore[type-arg]
    shuffled = list(ms)
    rnd.shuffle(shuffled)
    assert _groups(shuffled) == _groups(ms) == _groups(ms + ms)
    assert sorted(m.id for c in merge.merge(ms) for m in c.mentions) == sorted(m.id for m in ms)
