"""Which paragraphs of a collected article are not the story (boilerplate.classify)."""

from __future__ import annotations

import pytest

from timeline.boilerplate import classify

STORY = [
    "The city council approved a new budget on Tuesday after a long debate.",
    "The mayor said the plan would fund three new schools and repair two bridges.",
    "Critics argued that the money should have gone to roads instead, the council said.",
]


def _article(*paragraphs: str) -> str:
    return "\n".join(paragraphs) + "\n"


def test_plain_story_has_no_boilerplate() -> None:
    assert classify(_article(*STORY)) == {}


def test_blank_lines_do_not_count_as_paragraphs() -> None:
    assert classify("\n\n".join(["Council backs budget", *STORY])) == {0: "headline"}


def test_headline_first_line() -> None:
    assert classify(_article("Council backs budget for new schools", *STORY)) == {0: "headline"}


def test_read_next_sidebar_with_time_stamped_items_at_the_end() -> None:
    text = _article(
        *STORY,
        "Read next",
        "10:32",
        "Storm warning issued for the coast as winds pick up.",
        "11:05 BST",
        "Local team wins the cup final after extra time.",
    )
    assert classify(text) == {3: "sidebar", 4: "sidebar", 5: "sidebar", 6: "sidebar", 7: "sidebar"}


def test_time_stamped_items_without_a_header() -> None:
    text = _article(*STORY, "2 hours ago", "Storm warning issued for the coast as winds pick up.")
    assert classify(text) == {3: "sidebar", 4: "sidebar"}


def test_photo_credit_caption_and_its_repeat() -> None:
    caption = "The mayor walks into the hall. Photo / Jane Doe, The Paper"
    assert classify(_article(caption, caption, *STORY)) == {0: "caption", 1: "repeated"}


def test_repeated_caption_line_without_a_credit() -> None:
    caption = "Protesters gather outside the town hall on a cold morning"
    kinds = classify(_article(STORY[0], caption, STORY[1], caption, STORY[2]))
    assert kinds[3] == "repeated"
    assert kinds.get(1) != "repeated"  # the first copy is the one kept
    assert 0 not in kinds and 2 not in kinds and 4 not in kinds


@pytest.mark.parametrize(
    "caption",
    [
        "Residents queue outside the library. (Photo by Jane Doe)",
        "The new bridge at dusk. Image: City Council",
        "Council leader Sam Roe speaks in the chamber. © Jane Doe",
        "Firefighters at the scene on Monday. AP Photo/John Smith",
    ],
)
def test_captions(caption: str) -> None:
    assert classify(_article(*STORY[:2], caption, STORY[2])) == {2: "caption"}


@pytest.mark.parametrize(
    "promo",
    [
        "Sign up for our newsletter to get the latest news every morning.",
        "Subscribe to The Paper for unlimited access to all our journalism.",
        "Follow us on social media for more updates.",
        "Support independent journalism: donate today.",
    ],
)
def test_promotional_lines(promo: str) -> None:
    assert classify(_article(*STORY, promo)) == {3: "promotion"}


def test_author_label_and_name_lines() -> None:
    text = _article("Council backs budget", "Author:", "Jane Doe", *STORY)
    assert classify(text) == {0: "headline", 1: "byline", 2: "byline"}


@pytest.mark.parametrize("line", ["By Jane Doe", "Written by Jane Doe and John Roe", "Tags: budget, schools"])
def test_byline_lines(line: str) -> None:
    assert classify(_article(STORY[0], line, *STORY[1:])) == {1: "byline"}


@pytest.mark.parametrize(
    "paragraph",
    [
        "The mayor said the plan would fund three new schools, and a photo of the plan was shown.",
        "A photographer took a photo of the mayor as he left the building on Tuesday evening.",
        "More than 300 residents signed up for the consultation, officials said.",
        "According to one source, the deal was signed in secret last week.",
        "Published reports said the minister would resign within days.",
        "Updated figures show unemployment fell to 4 percent in May.",
        "By the end of the day, nothing had changed.",
        'The mayor said: "We will build the schools."',
        "Latest figures show the deficit grew by 2 percent.",
        "The council, which meets at 10:30 on weekdays, will vote again in March.",
    ],
)
def test_ordinary_prose_is_not_boilerplate(paragraph: str) -> None:
    assert classify(_article(STORY[0], paragraph, *STORY[1:])) == {}


_FALSE_POSITIVE = "bug: ordinary story prose classified as boilerplate (its dates are then lost)"


@pytest.mark.parametrize(
    "paragraph",
    [
        pytest.param("He shared a photo by a local reporter that showed the damage."),
        pytest.param("The video by the campaign was viewed a million times before it was removed."),
        pytest.param("Residents can sign up for the consultation until Friday, the council said."),
        pytest.param("The advertisement ran in three newspapers in March, the ministry said."),
        pytest.param("The company, which makes cookies, said profits fell by 10 percent last year."),
    ],
)
def test_ordinary_prose_with_trigger_words_is_not_boilerplate(paragraph: str) -> None:
    assert classify(_article(STORY[0], paragraph, *STORY[1:])) == {}


def test_story_paragraph_starting_with_more_from_is_not_a_sidebar_header() -> None:
    text = _article(
        *STORY,
        "More from the ministry is expected on Friday, a spokesman said.",
        "The vote is expected on March 3, the council said.",
    )
    assert classify(text) == {}


def test_sidebar_header_in_the_first_third_is_not_a_sidebar() -> None:
    text = _article("Related", *STORY, STORY[0].replace("Tuesday", "Monday"), STORY[1] + " Again.")
    assert classify(text) == {0: "headline"}
