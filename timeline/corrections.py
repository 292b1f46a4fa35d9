"""Corrections of extracted events, by id: hide, re-date, re-title, merge, split.

Corrections are applied in the order they are written (files in name order).  The ids of
extracted events stay as they are, so links to a corrected event keep working; a split
makes a new event with its own id.  Every correction that names no event, and every split
that matches nothing, is reported with its file, line and column.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from .errors import TimelineError, ValidationErrors
from .fields import Where, did_you_mean, render_markdown
from .model import DateValue, Event, SourceRef
from .slug import slugify

if TYPE_CHECKING:
    from .manual import ManualInput


@dataclass(frozen=True)
class Split:
    """A new event made of the quotes taken out of a corrected one."""

    id: str | None  # None: made from date and title
    title: str
    path: str
    line: int | None
    column: int | None
    date: DateValue | None = None  # None: the corrected event's date
    approximate: bool | None = None
    end: DateValue | None = None
    summary: str | None = None
    tags: tuple[str, ...] = ()
    sources: tuple[tuple[str, Where], ...] = ()  # source ids: every quote from them moves
    quotes: tuple[tuple[str, Where], ...] = ()  # quotes that contain one of these texts move


@dataclass(frozen=True)
class Correction:
    event: str
    path: str
    line: int | None
    column: int | None
    hide: bool = False
    date: DateValue | None = None
    end: DateValue | None = None
    approximate: bool | None = None
    title: str | None = None
    summary: str | None = None
    tags: tuple[str, ...] | None = None
    merge: tuple[str, ...] = ()
    merge_at: tuple[Where, ...] = ()
    split: tuple[Split, ...] = ()


def _mention_of(ref: SourceRef) -> str:
    # A mention's id is "<source id>:<raw offset of its sentence>" (events.mentions_of).
    return f"{ref.source}:{ref.start}"


def _split(e: Event, s: Split, errors: list[TimelineError]) -> tuple[Event, Event] | None:
    """(what stays, the new event), or None with the problem added to `errors`."""
    def err(message: str, where: Where) -> None:
        errors.append(TimelineError(message, s.path, *where))

    present = {r.source for r in e.sources}
    for sid, where in s.sources:
        if sid not in present:
            err(f"split: event {e.id!r} has no quote from source {sid!r}"
                f"{did_you_mean(sid, present)}", where)
    for text, where in s.quotes:
        if not any(text.casefold() in r.quote.casefold() for r in e.sources):
            err(f"split: no quote of event {e.id!r} contains {text!r}", where)
    wanted = {sid for sid, _ in s.sources}
    needles = [text.casefold() for text, _ in s.quotes]
    moved = tuple(r for r in e.sources
                  if r.source in wanted or any(n in r.quote.casefold() for n in needles))
    if not moved:
        return None
    kept = tuple(r for r in e.sources if r not in moved)
    if not kept:
        err(f"split would leave event {e.id!r} without a source", (s.line, s.column))
        return None
    moved_mentions = {_mention_of(r) for r in moved}
    date = s.date or e.date
    new = Event(
        id=s.id or f"{date.iso()}-{slugify(s.title)}",
        date=date,
        end=s.end if s.end is not None else (None if s.date else e.end),
        title=s.title,
        summary=s.summary if s.summary is not None else moved[0].quote,
        origin=e.origin,
        tags=s.tags,
        sources=moved,
        approximate=s.approximate if s.approximate is not None else e.approximate,
        mentions=tuple(m for m in e.mentions if m in moved_mentions),
        why=(f"split by hand from {e.id} ({s.path}:{s.line})",),
        summary_html=render_markdown(s.summary) if s.summary else "",
    )
    rest = replace(e, sources=kept, mentions=tuple(m for m in e.mentions if m not in moved_mentions))
    return rest, new


def apply(events: list[Event], manual: ManualInput, source_ids: set[str]) -> list[Event]:
    """Extracted events with corrections applied, plus the manual events."""
    errors: list[TimelineError] = list(manual.errors)
    by_id = {e.id: e for e in events}
    for m in manual.events:
        if m.id in by_id:
            path, line, col = manual.event_origins[m.id]
            errors.append(TimelineError(f"event id {m.id!r} is already used by an extracted event", path, line, col))
        for i, ref in enumerate(m.sources):
            if ref.source and ref.source not in source_ids:
                path, line, col = manual.source_origins.get((m.id, i), manual.event_origins[m.id])
                errors.append(TimelineError(
                    f"no source with id {ref.source!r}{did_you_mean(ref.source, source_ids)}", path, line, col))
    taken = set(by_id) | {m.id for m in manual.events}
    hidden: set[str] = set()
    made: list[Event] = []
    for corr in manual.corrections:
        targets = [(corr.event, (corr.line, corr.column)), *zip(corr.merge, corr.merge_at, strict=True)]
        missing = [(i, w) for i, w in targets if i not in by_id]
        for eid, where in missing:
            errors.append(TimelineError(f"no extracted event with id {eid!r}{did_you_mean(eid, by_id)}",
                                        corr.path, *where))
        if missing:
            continue
        e = by_id[corr.event]
        for other_id in corr.merge:
            other = by_id[other_id]
            e = replace(e, sources=e.sources + other.sources, mentions=e.mentions + other.mentions,
                        why=(*e.why, f"merged by hand with {other_id} ({corr.path}:{corr.line})"))
            hidden.add(other_id)
        e = replace(
            e,
            date=corr.date or e.date,
            end=corr.end if corr.end is not None else e.end,
            approximate=corr.approximate if corr.approximate is not None else e.approximate,
            title=corr.title or e.title,
            summary=corr.summary if corr.summary is not None else e.summary,
            summary_html=render_markdown(corr.summary) if corr.summary else e.summary_html,
            tags=corr.tags if corr.tags is not None else e.tags,
        )
        if e.end is not None and e.end.last_day() < e.date.first_day():
            errors.append(TimelineError(f"end {e.end.iso()} is before date {e.date.iso()}",
                                        corr.path, corr.line, corr.column))
        for s in corr.split:
            parts = _split(e, s, errors)
            if parts is None:
                continue
            e, new = parts
            if new.id in taken:
                hint = "; give the split an 'id'" if s.id is None else ""
                errors.append(TimelineError(f"event id {new.id!r} is already used{hint}",
                                            s.path, s.line, s.column))
                continue
            taken.add(new.id)
            made.append(new)
        by_id[corr.event] = e
        if corr.hide:
            hidden.add(corr.event)
    if errors:
        raise ValidationErrors(errors)
    kept = [by_id[e.id] for e in events if e.id not in hidden]
    return kept + made + manual.events
