"""Event mentions: one per dated statement of an article, with a title and merge features.

A sentence of the story that holds a calendar expression becomes a mention dated by its
main expression: the one that dates what the sentence reports, not a "since 2022" or an
"until July" that bounds it, nor a date inside a quotation when the sentence has its own.
The first sentence of the story is a mention even without a date phrase: news reports
what just happened, so it is dated by publication (and marked as such, `anchored=False`).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence

from . import dates
from .datecontext import PERIOD_EDGE
from .features import features, refers_back, subject_names
from .model import DateValue, Mention, Sentence, Source, SourceRef, TimeExpr
from .text import shorten

# Roles of expressions that bound an event rather than date it.
_BOUNDING_ROLES = frozenset(["since", "until", "after", "before", "by"])
# A bare clock time ("at 10 p.m.") takes its day from the text around it, which may be
# paragraphs away: it is reported by the dates command but dates no statement on its own.
_NOT_DATING_RULES = frozenset(["time_of_day"])
_PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "season": 3, "year": 4}
_QUOTES = re.compile(r"[“\"]([^”\"]*)[”\"]")
_INTRO = re.compile(
    r"^(?:(?:but|and|yet|so|still|however|meanwhile|also|previously|earlier|later|then|now|"
    r"instead|indeed|moreover|separately|in addition|in a reversal|as a result|"
    r"for now|of course|at the same time|in turn)\b,?\s+)+",
    re.I,
)
_LEADING_PREP = re.compile(r"(?i)(?:\b(?:on|in|at|during|from|since|of|by)\s+(?:the\s+)?)$")
TITLE_WORDS = 14
_OPENING_QUOTE = re.compile(r"^[“\"]([^”\"]{10,})[”\"]\s*,?\s*(.+)$")


def _inside_quotes(quotes: list[tuple[int, int]], sentence: Sentence, e: TimeExpr) -> bool:
    """Whether `e` is inside one of the sentence's `quotes` (sorted, not overlapping)."""
    rel = e.start - sentence.start
    i = bisect.bisect_left(quotes, (rel,)) - 1
    return i >= 0 and quotes[i][0] < rel < quotes[i][1]


def main_expression(sentence: Sentence, exprs: list[TimeExpr]) -> TimeExpr | None:
    """The expression that dates what the sentence reports, if any."""
    usable = [e for e in exprs if e.value is not None and e.role not in _BOUNDING_ROLES
              and e.rule not in _NOT_DATING_RULES]
    quotes = [m.span() for m in _QUOTES.finditer(sentence.text)]  # once, not once per date
    outside = [e for e in usable if not _inside_quotes(quotes, sentence, e)]
    if outside:
        usable = outside
    if not usable:
        return None

    def rank(e: TimeExpr) -> tuple[int, int, int]:
        assert e.value is not None
        opening = 0 if e.start - sentence.start <= 4 else 1
        return (_PRECISION_RANK[e.value.precision], opening, e.start)

    return min(usable, key=rank)


def make_title(sentence: str, date_start: int | None, date_end: int | None) -> str:
    """A short headline from a sentence: the date phrase and lead-in words taken out."""
    text = sentence
    if date_start is not None and date_end is not None:
        before, after = text[:date_start], text[date_end:]
        before = _LEADING_PREP.sub("", before).rstrip()
        after = re.sub(r"^\s*[-–]\s*\d{2,4}\b", "", after)  # the rest of a range "2009-2010"
        after = re.sub(r"^(?:['’]s)\b", "", after)
        text = before + " " + after.lstrip()
    text = re.sub(r"\s+([,.;:!?])", r"\1", " ".join(text.split()))
    quoted = _OPENING_QUOTE.match(text)
    if quoted:
        # '"We will act," he said on Truth Social, after ...' -> 'He said on Truth Social: "We will act…"'
        said = re.split(r",\s|;\s|\s[—–]\s", quoted.group(2).strip(), maxsplit=1)[0].strip(" .")
        if 1 <= len(said.split()) <= 10:
            words = quoted.group(1).rstrip(",.;: ").split()
            q = " ".join(words[:8]) + ("…" if len(words) > 8 else "")
            return f"{said[:1].upper()}{said[1:]}: “{q}”"
    text = re.sub(r"^[,;:\s]+|,\s*,", "", text)
    text = re.sub(r"^(?:(?:after|before|when)\s+)?,\s*", "", text, flags=re.I)
    text = _INTRO.sub("", text)
    # Cut at the first clause boundary after a few words when the sentence is long.
    words = text.split()
    if len(words) > TITLE_WORDS:
        m = re.search(
            r"(?:,\s+(?:which|who|saying|adding|after|as|while|but|and then|according|"
            r"where|although|though|despite|including)\b|;|\s[—–]\s|:\s)",
            text[len(" ".join(words[:5])) :],
        )
        if m:
            text = text[: len(" ".join(words[:5])) + m.start()]
    text = shorten(text.strip(" ,;:.—–-"), TITLE_WORDS)
    text = text.rstrip(".")
    return text[:1].upper() + text[1:] if text else sentence[:80]


# What a change is measured from: "a 3 percent decrease from the close of trading Wednesday",
# "sales dropped 23% compared to March".  "from" needs a change in the words before it
# ("Services resume from October 28" starts something; it measures nothing).
_BASE_BEFORE = re.compile(r"(?:\b(from)|\bcompared\s+(?:with|to)|\bversus|\bvs\.?)\s+" + PERIOD_EDGE + "$", re.I)
_CHANGE = re.compile(
    r"%|\b(?:up|down|higher|lower|more|less|increase[sd]?|decrease[sd]?|rise|rises|rose|risen|"
    r"fall|falls|fell|fallen|drop|drops|dropped|gain|gains|gained|loss|losses|lost|improvement|"
    r"decline[sd]?|jump(?:s|ed)?|change[sd]?|percent|per\s+cent|points?)\b", re.I)


def change_base(sentence: Sentence, exprs: Sequence[TimeExpr]) -> TimeExpr | None:
    """The first date of a sentence whose every date is what a change is measured from
    ("The index ended 3 percent down from the close of trading Wednesday"), or None.

    Such a sentence reports the change as of publication, as a lead does: the base is the
    date it is not.  `merge` joins it only to events of its own article.
    """
    if not exprs:
        return None
    for e in exprs:
        before = sentence.text[max(0, e.start - sentence.start - 60) : e.start - sentence.start]
        found = _BASE_BEFORE.search(before)
        if e.role != "since" or found is None or (
                found.group(1) and not _CHANGE.search(sentence.text[: e.start - sentence.start])):
            return None
    return min(exprs, key=lambda e: e.start)


def _base_ref(source: Source, s: Sentence, base: TimeExpr) -> SourceRef:
    ref = _ref(source, s, None)
    return SourceRef(ref.source, ref.quote, ref.start, ref.end,
                     how=f"{ref.how}; “{base.text}” is what a change is measured from")


def _ref(source: Source, s: Sentence, e: TimeExpr | None) -> SourceRef:
    start, end = source.raw_offset(s.start), source.raw_end(s.end)
    return SourceRef(
        source=source.id,
        quote=s.text,
        start=start,
        end=end,
        date_text=e.text if e else "",
        how=(e.how if e else f"publication date ({source.published_from})"),
    )


def mentions_of(source: Source, exprs: Iterable[TimeExpr] | None = None) -> list[Mention]:
    """The dated statements of one source, in reading order."""
    sentences = tuple(source.sentences)  # made once: a source keeps them packed
    found = list(exprs) if exprs is not None else dates.extract(
        source.text, source.published, sentences)
    by_sentence: dict[int, list[TimeExpr]] = {}
    starts = [s.start for s in sentences]
    for e in found:
        i = bisect.bisect_right(starts, e.start) - 1
        if i >= 0 and sentences[i].start <= e.start < sentences[i].end:
            by_sentence.setdefault(i, []).append(e)
    out: list[Mention] = []
    lead_done = False
    named: tuple[str, ...] = ()  # the subject (and its initials) last named in the story
    for i, s in enumerate(sentences):
        if s.boilerplate:
            continue
        # "The airline signed ..." is about the airline named before: its subject is that one.
        if refers_back(s.text):
            about = named
        else:
            about = subject_names(s.text)
            named = about or named
        main = main_expression(s, by_sentence.get(i, []))
        is_lead = not lead_done
        lead_done = True
        base = None if main is not None or is_lead else change_base(s, by_sentence.get(i, []))
        if main is None or main.value is None:
            if not (is_lead or base) or source.published is None:
                continue
            value: DateValue = DateValue.of_day(source.published)
            anchored = False
            title = make_title(s.text, None, None)
        else:
            value = main.value
            anchored = True
            title = make_title(s.text, main.start - s.start, main.end - s.start)
        dated_by = main or base
        actors, actions, keywords = features(
            s.text, exclude=(dated_by.start - s.start, dated_by.end - s.start) if dated_by else None)
        if not set(about) <= set(actors):
            actors = tuple(sorted({*actors, *about}))
        out.append(
            Mention(
                id=f"{source.id}:{source.raw_offset(s.start)}",
                source=source.id,
                date=value,
                anchored=anchored,
                title=title,
                sentence=s,
                ref=_ref(source, s, main) if base is None else _base_ref(source, s, base),
                base=base.text if base else "",
                actors=actors,
                actions=actions,
                keywords=keywords,
                approximate=bool(main and main.mod) or not anchored,
                end=main.range_end if main else None,
                subject=about[0] if about else "",
                mod=main.mod if main else "",
            )
        )
    return out
