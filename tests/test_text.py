"""Paragraphs and sentences, with offsets into the text given."""

from __future__ import annotations

from timeline.text import hard_wrapped, paragraphs, split_sentences

ONE_PER_LINE = (
    "Talks resumed in Istanbul on Monday.\n"
    "Both sides exchanged prisoners.\n"
    "Dr. Smith said the U.S. delegation left early.\n"
)
WRAPPED = (
    "The talks resumed in Istanbul on Monday after a\n"
    "pause of several weeks, officials from both\n"
    "delegations said.\n"
    "\n"
    "Both sides exchanged prisoners in the largest\n"
    "swap since the war began, and agreed to meet\n"
    "again within a month.\n"
)


def test_one_paragraph_per_line() -> None:
    assert not hard_wrapped(ONE_PER_LINE)
    assert len(list(paragraphs(ONE_PER_LINE))) == 3


def test_abbreviations_do_not_end_sentences() -> None:
    texts = [s.text for s in split_sentences(ONE_PER_LINE)]
    assert texts[-1] == "Dr. Smith said the U.S. delegation left early."


def test_hard_wrapped_lines_join_into_paragraphs() -> None:
    assert hard_wrapped(WRAPPED)
    pars = list(paragraphs(WRAPPED))
    assert len(pars) == 2
    first = split_sentences(WRAPPED)[0]
    assert first.text.endswith("delegations said.") and WRAPPED[first.start : first.end] == first.text


def test_offsets_cut_exactly() -> None:
    for text in (ONE_PER_LINE, WRAPPED, "  Leading space. Then more!\r\nCRLF line.\r\n"):
        for s in split_sentences(text):
            assert text[s.start : s.end] == s.text and s.text == s.text.strip()
