"""Which way a date phrase points: past, future or unknown, from the words around it.

A rule-based tagger cannot resolve "on Monday" or "in February" without knowing whether the
sentence talks about what happened or what will happen.  HeidelTime asks a part-of-speech
tagger for the tense of the sentence; we look for the nearest tense marker instead (modal
"will", a past-tense verb, "expires"), which is cheap and right for news prose.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Literal

Tense = Literal["past", "future", "present", "unknown"]

_TOKEN = re.compile(r"[A-Za-z]+(?:['’][a-z]+)?")

_FUTURE_WORDS = frozenset(
    ["will", "'ll", "shall", "won't", "wo", "gonna", "expires", "expire", "begins", "begin", "starts", "start", "opens", "open", "resumes", "resume", "ends", "takes", "convenes", "reconvenes", "runs"]
)
# Multi-word future markers, checked on the lower-cased sentence.
_FUTURE_PHRASES = re.compile(
    r"\b(?:going to|expected to|scheduled to|scheduled for|set to|due to (?:be|take|hold|meet|"
    r"start|begin|vote|visit|travel|arrive|open|close|end|expire)|plans? to|planning to|"
    r"intends? to|aims? to|is to|are to|will|would|could(?!\s+not)|might|hopes? to|"
    r"slated|poised to|to be held|to be \w+(?:ed|en)|is due|are due|set for|scheduled for|"
    r"planned for|due on|due in|expects? to|may(?!\s+have)|expected (?:in|on|by|around|before|at))\b"
)
_PAST_WORDS = frozenset(
    ["was", "were", "had", "did", "said", "told", "ago", "met", "spoke", "took", "held", "went", "came", "made", "gave", "began", "rose", "fell", "won", "lost", "left", "sent", "saw", "found", "became", "brought", "thought", "paid", "ran", "sold", "struck", "led", "kept", "wrote", "announced", "agreed", "signed", "killed", "attacked", "launched", "visited", "called", "declined", "rejected", "stood", "broke", "chose", "drove", "flew", "grew", "hit", "knew", "laid", "meant", "put", "quit", "read", "rode", "rang", "sat", "shot", "shut", "sang", "sank", "slept", "spent", "spread", "stole", "stuck", "swore", "swept", "swam", "swung", "threw", "tore", "understood", "woke", "wore", "withdrew", "overtook", "undertook", "forgot", "forgave", "froze", "hid", "hung", "fought", "caught", "taught", "bought", "sought", "felt", "dealt", "heard", "sold"]
)
_NOT_PAST_ED = frozenset(
    ["need", "needed", "speed", "feed", "indeed", "proceed", "seed", "bed", "red", "shed", "bleed", "breed", "weed", "exceed", "succeed", "hundred", "united", "based", "armed", "related", "concerned", "detailed", "limited", "reported", "alleged", "so-called", "advanced", "expected", "scheduled", "planned", "proposed"]
)
# "payable Dec. 7", "effective Feb. 1": a date set by a decision, as often just ahead as just
# behind; a present marker lets the nearest one win.
_PRESENT_WORDS = frozenset(["is", "are", "am", "has", "have", "says", "does", "do", "remains", "seems", "appears", "payable", "effective"])


def _marker(word: str) -> Tense | None:
    w = word.lower().replace("’", "'")
    if w in _FUTURE_WORDS:
        return "future"
    if w in _PAST_WORDS:
        return "past"
    if w.endswith("ed") and len(w) > 4 and w not in _NOT_PAST_ED:
        return "past"
    if w in _PRESENT_WORDS:
        return "present"
    return None


# Verbs of reporting say when something was said, not when it happened.  In a closing
# attribution (", officials said." or ", he said Sunday.") they say nothing about the tense
# of the clause before them.
_REPORTING = frozenset(["said", "says", "told", "tells", "according", "added", "adds", "stated",
                        "reported", "announced", "predicted", "warned"])
_ATTRIBUTION_TAIL = re.compile(r"^\W*(?:\w+\W+){0,3}$")
# A future phrase behind a past auxiliary is a plan made in the past ("was scheduled to",
# "had been due to"): it points at what was then ahead, usually already past.
_PAST_PLAN = re.compile(r"\b(?:had been|had)\s+(?:\w+\s+)?$")
# A plan stated in the simple past ("was planned for early March") may lie either side of
# publication: it gives no direction.
_PLAN_IN_PAST = re.compile(r"\b(?:was|were)\s+(?:\w+\s+)?$")
# A participle after a form of "be" or "have" ("will be paid", "has been named") carries no
# tense of its own: the auxiliary does.
_AUXILIARY = re.compile(
    r"\b(?:is|are|am|being|(?:will|would|shall|to|'ll)\s+(?:\w+\s+)?be)\s+(?:\w+ly\s+)?$")
# The auxiliary of a plan belongs to it ("were planning to", "is expected to").
_PLAN_AUXILIARY = re.compile(r"\b(?:was|were|is|are|am|be|been)\s+$")
_PAST_BEATS_FUTURE = 25
# How far back the auxiliary or determiner of a word is looked for.
_LOOKBACK = 40
# An -ed word is a verb of a clause of its own only after a pronoun ("who rescued", "they
# signed"); elsewhere it is as often an adjective ("preferred shares", "a revised plan").
_DETERMINER = re.compile(r"\b(?:a|an|the|its|his|her|their|our|my|your|this|that)\s+$")
_SUBJECT = re.compile(r"\b(?:who|which|that|he|she|it|they|we|i|you)\s+(?:\w+ly\s+)?$")
# No more than a long clause's length around the phrase is read: a run-on "sentence"
# of a megabyte would otherwise be scanned once for every date in it.
_REACH = 400


@lru_cache(maxsize=16)
def _lower(sentence: str) -> str:
    """The sentence lower-cased, once for all the dates in it."""
    return sentence.lower()


def tense_near(sentence: str, start: int, end: int) -> Tense:
    """The tense that governs the phrase at [start, end) of `sentence`.

    A future phrase ("will", "is expected to", "would") before the date in its clause, or
    after it with no past verb between ("On Tuesday, the league plans to ..."), wins,
    because a date in such a clause is a plan even when a past reporting verb sits closer;
    unless a past marker sits right next to the date.
    Otherwise the nearest marker decides.  A future phrase behind a past auxiliary ("had
    been due to expire") is past; a closing attribution (", Castro said.") and participles
    after an auxiliary ("will be paid") are not markers.
    """
    lo = max(sentence.rfind(";", start - _REACH, start), sentence.rfind("—", start - _REACH, start),
             start - _REACH - 1, -1) + 1
    hi_candidates = [i for i in (sentence.find(";", end, end + _REACH),
                                 sentence.find("—", end, end + _REACH)) if i >= 0]
    hi = min(hi_candidates) if hi_candidates else min(len(sentence), end + _REACH)
    lower = _lower(sentence)
    best: tuple[int, Tense] | None = None

    def consider(distance: int, t: Tense) -> None:
        nonlocal best
        if best is None or distance < best[0]:
            best = (distance, t)

    future_at: list[int] = []  # where the future phrases start
    undirected = False  # a plan stated in the past governs the clause
    plan_spans: list[tuple[int, int]] = []  # the words of plans are not markers themselves
    for m in _FUTURE_PHRASES.finditer(lower, lo, hi):
        if start <= m.start() < end:
            continue
        planning = m.group().startswith(("planning", "going"))
        if not planning and _PAST_PLAN.search(lower, max(lo, m.start() - _LOOKBACK), m.start()):
            plan_spans.append((m.start(), m.end()))
            consider(start - m.end() if m.end() <= start else m.start() - end, "past")
        elif not planning and (aux := _PLAN_IN_PAST.search(lower, max(lo, m.start() - _LOOKBACK), m.start())):
            plan_spans.append((m.start(), m.end()))  # its "was" still counts as past
            undirected = True
        else:
            future_at.append(m.start())
            aux = _PLAN_AUXILIARY.search(lower, max(lo, m.start() - _LOOKBACK), m.start())
            plan_spans.append((aux.start() if aux else m.start(), m.end()))
    first_past_after = hi
    past_before: list[int] = []
    for m in _TOKEN.finditer(sentence, lo, hi):
        if start <= m.start() < end or any(a <= m.start() < b for a, b in plan_spans):
            continue
        word = m.group().lower()
        t = _marker(word)
        if t is None:
            continue
        if t == "past" and (_AUXILIARY.search(lower, max(lo, m.start() - _LOOKBACK), m.start()) or (
                word not in _PAST_WORDS and _DETERMINER.search(lower, max(lo, m.start() - _LOOKBACK), m.start()))):
            continue
        if m.end() <= start:
            consider(start - m.end(), t)
            if t == "past" and (word in _PAST_WORDS or _SUBJECT.search(lower, max(lo, m.start() - _LOOKBACK), m.start())):
                past_before.append(m.start())
            continue
        if (word in _REPORTING and "," in sentence[end:m.start()]
                and _ATTRIBUTION_TAIL.match(sentence[m.end():hi])):
            continue
        consider(m.start() - end, t)
        if t == "past":
            first_past_after = min(first_past_after, m.start())
    last_past_before = max((p for p in past_before), default=-1)
    # A plan before the date governs it unless a past verb of its own stands between them
    # ("would ... the man who was rescued in late November").
    future = any(last_past_before < p < start or start < p <= first_past_after
                 for p in future_at)
    if future and (best is None or best[1] != "past" or best[0] > _PAST_BEATS_FUTURE):
        return "future"
    if best is None or (undirected and best[1] == "past"):
        return "unknown"
    return best[1]
