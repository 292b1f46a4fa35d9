"""`python build.py check`: everything a build does except writing, and what an editor
should look at before publishing.

Besides the build's own warnings, three kinds of finding are listed:

- **inferred publication dates**: the article states none, so its relative dates ("on
  Monday", "last week") count from a date the builder guessed;
- **low-confidence dates**: a date that dates an event on the timeline and that the resolver
  could only place by assumption: counted from another date in the text ("a week later"),
  counted from an inferred publication date, or a bare weekday ("on Monday") in a clause
  with no tense to say whether it is the last Monday or the next;
- **single-source events**: an event that only one article (or one URL) states.

`--strict` turns every warning into a failure, for the CI of a newsroom's timeline repo.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass, replace

from . import dates, events, pipeline, writer
from .model import Source, TimeExpr, Timeline
from .tense import tense_near

_RELATION = re.compile(r"(?i)\b(?:last|next|this|coming|past)\b")


@dataclass(frozen=True)
class Finding:
    kind: str  # build | inferred | low-confidence | single-source
    message: str  # "path:line:column: what", ready to print


@dataclass(frozen=True)
class Result:
    report: pipeline.Report
    findings: tuple[Finding, ...]

    def count(self, kind: str) -> int:
        return sum(1 for f in self.findings if f.kind == kind)

    def summary(self) -> str:
        r = self.report
        return (f"checked {r.sources} sources, {r.events} events: {len(self.findings)} warnings "
                f"({self.count('inferred')} inferred publication dates, "
                f"{self.count('low-confidence')} low-confidence dates, "
                f"{self.count('single-source')} single-source events, "
                f"{self.count('build')} other), {r.seconds:.2f} s")


def low_confidence(source: Source, sentence_text: str, sentence_start: int, e: TimeExpr) -> str:
    """Why the resolver's value for `e` is an assumption, or "" when it is not."""
    if e.kind == "absolute" or e.value is None:
        return ""
    if e.kind == "anaphoric":
        return "counted from another date in the text"
    if source.published_from == "inferred" and "stated in the sentence" not in e.how:
        return "counted from an inferred publication date"
    if e.kind == "weekday" and not _RELATION.search(e.text):
        start = e.start - sentence_start
        if tense_near(sentence_text, start, start + len(e.text)) == "unknown":
            return "a weekday in a clause with no tense (last or next?)"
    return ""


def _where(source: Source, text_offset: int) -> str:
    at = source.raw_offset(text_offset)
    line = source.raw.count("\n", 0, at) + 1
    column = at - (source.raw.rfind("\n", 0, at) + 1) + 1
    return f"{source.path}:{line}:{column}"


def audit(timeline: Timeline) -> list[Finding]:
    """The findings about a gathered timeline, in a stable order."""
    out: list[Finding] = []
    on_timeline = {(r.source, r.start) for e in timeline.events for r in e.sources}
    for s in sorted(timeline.sources, key=lambda s: s.path):
        if s.published_from == "inferred":
            out.append(Finding("inferred", f"{s.path}: publication date inferred as {s.published}: "
                                           f"{s.how_published}"))
        found = dates.extract(s.text, s.published, s.sentences)
        for sentence in s.sentences:
            if sentence.boilerplate or (s.id, s.raw_offset(sentence.start)) not in on_timeline:
                continue
            inside = [e for e in found if sentence.start <= e.start < sentence.end]
            main = events.main_expression(sentence, inside)
            if main is None or main.value is None:
                continue
            why = low_confidence(s, sentence.text, sentence.start, main)
            if why:
                out.append(Finding("low-confidence", f"{_where(s, main.start)}: {main.text!r} dated "
                                                     f"{main.value.iso()} with low confidence: {why}"))
    paths = {s.id: s.path for s in timeline.sources}
    for ev in timeline.events:
        cited = {r.source or r.url or "" for r in ev.sources} - {""}
        if len(cited) > 1:
            continue
        only = next(iter(cited), "")
        ref = next((r for r in ev.sources if r.source == only), None)
        if ref is not None and only in paths:
            src = next(x for x in timeline.sources if x.id == only)
            where = f"{_where(src, _text_offset(src, ref.start))}: "
        else:
            where = ""
        what = f"only one source ({only})" if only else "no source"
        out.append(Finding("single-source", f"{where}event {ev.id!r} has {what}"))
    return out


def _text_offset(source: Source, raw: int) -> int:
    """The analysed-text offset whose raw offset is `raw` (the start of a quoted sentence)."""
    for sentence in source.sentences:
        if source.raw_offset(sentence.start) == raw:
            return sentence.start
    return 0


def run(config: pipeline.Config, progress: Callable[[int, int], None] | None = None) -> Result:
    """Gather and render as a build would, write nothing, and audit the result."""
    started = time.perf_counter()
    # Without the cache: check writes nothing, not even the cache a build would keep.
    timeline, report = pipeline.gather(replace(config, use_cache=False), progress)
    # Template errors are build errors too; render as the build would.
    pipeline.render_files(config, timeline)
    writer.check_target(config.out)  # a build would refuse this output folder: so does check
    findings = [Finding("build", w) for w in report.warnings] + audit(timeline)
    report.seconds = time.perf_counter() - started
    return Result(report, tuple(findings))
