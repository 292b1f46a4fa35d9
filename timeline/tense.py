"""Which way a date phrase points: past, future or unknown, from the words around it.

A rule-based tagger cannot resolve "on Monday" or "in February" without knowing whether the
sentence talks about what happened or what will happen.  HeidelTime asks a part-of-speech
tagger for the tense of the sentence; we look for the nearest tense marker instead (modal
"will", a past-tense verb, "expires"), which is cheap and right for news prose.
"""

from __future__ import annotations

import re
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
    r"intends? to|aims? to|is to|are to|will|would|could|might|hopes? to|"
    r"slated|poised to|to be held|is due|are due|set for|scheduled for|planned for|"
    r"due on|due in)\b"
)
_PAST_WORDS = frozenset(
    ["was", "were", "had", "did", "said", "told", "ago", "met", "spoke", "took", "held", "went", "came", "made", "gave", "began", "rose", "fell", "won", "lost", "left", "sent", "saw", "found", "became", "brought", "thought", "paid", "ran", "sold", "struck", "led", "kept", "wrote", "announced", "agreed", "signed", "killed", "attacked", "launched", "visited", "called", "declined", "rejected", "stood", "broke", "chose", "drove", "flew", "grew", "hit", "knew", "laid", "meant", "put", "quit", "read", "rode", "rang", "sat", "shot", "shut", "sang", "sank", "slept", "spent", "spread", "stole", "stuck", "swore", "swept", "swam", "swung", "threw", "tore", "understood", "woke", "wore", "withdrew", "overtook", "undertook", "forgot", "forgave", "froze", "hid", "hung", "fought", "caught", "taught", "bought", "sought", "felt", "dealt", "heard", "sold"]
)
_NOT_PAST_ED = frozenset(
    ["need", "needed", "speed", "feed", "indeed", "proceed", "seed", "bed", "red", "shed", "bleed", "breed", "weed", "exceed", "succeed", "hundred", "united", "based", "armed", "related", "concerned", "detailed", "limited", "reported", "alleged", "so-called", "advanced", "expected", "scheduled", "planned", "proposed"]
)
_PRESENT_WORDS = frozenset(["is", "are", "am", "has", "have", "says", "does", "do", "remains", "seems", "appears"])


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


_REACH = 400


def tense_near(sentence: str, start: int, end: int) -> Tense:
    """The tense that governs the phrase at [start, end) of `sentence`.

    Future phrases ("will", "is expected to", "would") anywhere in the sentence's clause
    win, because a date in such a clause is a plan even when a past reporting verb ("said")
    sits closer.  Otherwise the nearest marker decides.
    """
    # The clause, and no more than a long clause's length around the phrase: a run-on
    # "sentence" of a megabyte would otherwise be scanned once for every date in it.
    lo = max(sentence.rfind(";", start - _REACH, start), sentence.rfind("—", start - _REACH, start),
             start - _REACH - 1, -1) + 1
    hi_candidates = [i for i in (sentence.find(";", end, end + _REACH), sentence.find("—", end, end + _REACH))
                     if i >= 0]
    hi = min(hi_candidates) if hi_candidates else min(len(sentence), end + _REACH)
    clause = sentence[lo:hi].lower()
    best: tuple[int, Tense] | None = None
    for m in _TOKEN.finditer(sentence, lo, hi):
        if start <= m.start() < end:
            continue
        t = _marker(m.group())
        if t is None:
            continue
        distance = start - m.end() if m.end() <= start else m.start() - end
        if best is None or distance < best[0]:
            best = (distance, t)
    future_phrase = _FUTURE_PHRASES.search(clause)
    # A future phrase decides unless a past marker sits right next to the date
    # ("was postponed until July" keeps its own logic in the resolver).
    if future_phrase is not None and (best is None or best[1] != "past" or best[0] > 25):
        return "future"
    if best is None:
        return "unknown"
    return best[1]
