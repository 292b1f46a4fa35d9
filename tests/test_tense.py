"""Which way a date phrase points: input sentence -> tense of the marked phrase.

The cases are the patterns the TempEval-3 training sets (TimeBank, AQUAINT) showed to be hard,
written as new sentences.
"""

from __future__ import annotations

import pytest

from timeline.tense import tense_near

CASES = [
    # A plan stated before the date governs it, even with a reporting verb nearby.
    ("The minister will travel to Oslo on [Friday], officials said.", "future"),
    ("The delegation would be ready to leave as soon as [Tuesday], the mayor said.", "future"),
    # ... but not a reporting verb right before the date.
    ("They would never agree to it, the president said [Sunday].", "past"),
    # A closing attribution says nothing about the clause's tense; a fronted date with its
    # own reporting verb is past.
    ("In [September], the company announced plans to buy a rival.", "past"),
    # A future phrase after the date counts when no past verb stands between.
    ("On [Tuesday], the Federation of Independent Growers plans to hold a rally.", "future"),
    ("The report released [Friday] showed the firm is moving faster than expected to cut jobs.",
     "past"),
    # A plan made in the past points at what was then ahead.
    ("The offer had been due to expire [Friday] evening.", "past"),
    # A plan stated in the simple past lies either side of publication.
    ("The tender was scheduled to close at midnight [Friday].", "unknown"),
    ("The accession was planned for early [March].", "unknown"),
    # A past verb between a plan and the date belongs to a clause of its own.
    ("He would fight for the boy, who was rescued at sea in late [November].", "past"),
    ("Guards could not stop the bullet that tore through the window [Friday] night.", "past"),
    ("Protesters were planning to march on [Monday].", "future"),
    # Participles after an auxiliary carry no tense.
    ("The dividend will be paid [Dec. 14] to holders of record.", "future"),
    ("A ceremony would still be held at the summit on [April 24].", "future"),
    ("The grandparents could not be located [Wednesday] in their hometown.", "past"),
    # Plain cases.
    ("The two leaders met on [Monday].", "past"),
    ("The court is expected to rule in [March].", "future"),
    ("Nobody knows what happens in [March].", "unknown"),
]


@pytest.mark.parametrize(("marked", "expected"), CASES)
def test_tense_of_marked_phrase(marked: str, expected: str) -> None:
    start = marked.index("[")
    end = marked.index("]") - 1
    sentence = marked.replace("[", "").replace("]", "")
    assert tense_near(sentence, start, end) == expected
