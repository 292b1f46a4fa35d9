"""Corrections of extracted events, by id: split, then hide, re-date, re-title, merge.

Splits work on the merged statements (`split`, called with the clusters); the other
corrections on the events (`apply`), in the order they are written (files in name order).
The ids of extracted events stay as they are, so links to a corrected event keep working;
a split makes new events with their own ids.  Every correction that names no event, and every split
that matches nothing, is reported with its file, line and column.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from .errors import TimelineError, ValidationErrors
from .fields import Where, did_you_mean, render_markdown
from .merge import Cluster
from .model import DateValue, Event, Mention
from .slug import slugify

if TYPE_CHECKING:
    from .manual import ManualInput


@dataclass(frozen=True)
class Split:
    """A new event made of statements taken out of an extracted one."""

    id: str | None  # None: the id made from the new event's date and title
    title: str | None  # None: made from the statements, as for any extracted event
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


def _groups(corr: Correction, eid: str, cluster: Cluster, errors: list[TimelineError]
            ) -> tuple[tuple[Mention, ...], list[tuple[Split, tuple[Mention, ...]]]] | None:
    """(what stays, the groups that leave) for one correction's `split`, or None on errors."""
    present = {m.source for m in cluster.mentions}
    found = len(errors)
    for s in corr.split:
        for sid, where in s.sources:
            if sid not in present:
                errors.append(TimelineError(f"event {eid!r} has no statement from source {sid!r}"
                                            f"{did_you_mean(sid, present)}", corr.path, *where))
        for text, where in s.quotes:
            if not any(text.casefold() in m.ref.quote.casefold() for m in cluster.mentions):
                errors.append(TimelineError(f"no statement of event {eid!r} has a quote containing "
                                            f"{text!r}", corr.path, *where))
    if len(errors) > found:
        return None
    remaining = list(cluster.mentions)
    groups = []
    for s in corr.split:
        wanted = {sid for sid, _ in s.sources}
        needles = [text.casefold() for text, _ in s.quotes]
        chosen = tuple(m for m in remaining
                       if m.source in wanted or any(n in m.ref.quote.casefold() for n in needles))
        if chosen:
            remaining = [m for m in remaining if m not in chosen]
            groups.append((s, chosen))
    if not remaining:
        errors.append(TimelineError(f"'split' names every source of event {eid!r}; use 'hide' to drop it",
                                    corr.path, corr.line, corr.column))
        return None
    return tuple(remaining), groups


def _override(e: Event, s: Split) -> Event:
    """A split-off event with what the YAML says about it."""
    return e.changed(
        title=s.title or e.title,
        date=s.date or e.date,
        end=s.end if s.end is not None else (None if s.date else e.end),
        approximate=s.approximate if s.approximate is not None else e.approximate,
        summary=s.summary if s.summary is not None else e.summary,
        summary_html=render_markdown(s.summary) if s.summary else e.summary_html,
        tags=s.tags or e.tags,
    )


def split(events: list[Event], clusters: list[Cluster], manual: ManualInput,
          make_event: Callable[[Cluster], Event]) -> list[Event]:
    """Extracted events with the `split` corrections done, before the other corrections.

    The statements a split names leave the event, which keeps its id (so other corrections
    still find it) and is made again from what stays: its date and title may change.  Each
    source id in the list makes one new event of that source's statements; each mapping makes
    one new event of the statements it selects, with the fields it gives.  Problems are added
    to `manual.errors`, which `apply` reports with its own.
    """
    requests = [c for c in manual.corrections if c.split]
    if not requests:
        return events
    cluster_of = {tuple(m.id for m in c.mentions): c for c in clusters}
    current = {e.id: (e, cluster_of[e.mentions]) for e in events if e.mentions in cluster_of}
    out = {e.id: e for e in events}
    taken = set(out) | {m.id for m in manual.events}
    for corr in requests:
        if corr.event not in current:
            continue  # apply() reports a correction that names no extracted event
        event, cluster = current[corr.event]
        parts = _groups(corr, event.id, cluster, manual.errors)
        if parts is None:
            continue
        rest, groups = parts
        note = f"by hand ({corr.path}:{corr.line})"
        named = ", ".join(sorted({m.source for _, group in groups for m in group}))
        left = ", ".join(sorted({m.source for m in rest}))
        stays = Cluster(rest, (*cluster.why, f"{named} split off {note}"))
        kept = replace(make_event(stays), id=event.id)
        out[event.id] = kept
        current[event.id] = (kept, stays)
        for s, group in groups:
            new = _override(make_event(Cluster(group, (f"split off {note} from the event reported by {left}",))), s)
            if s.id is not None:
                if s.id in taken:
                    manual.errors.append(TimelineError(f"event id {s.id!r} is already used by an extracted event",
                                                       s.path, s.line, s.column))
                    continue
                eid = s.id
            else:
                base = f"{new.date.iso()}-{slugify(s.title)}" if s.title else new.id
                eid, n = base, 1
                while eid in taken:
                    n += 1
                    eid = f"{base}-{n}"
            taken.add(eid)
            out[eid] = replace(new, id=eid)
    return list(out.values())


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
    hidden: set[str] = set()
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
            e = e.changed(sources=e.sources + other.sources, mentions=e.mentions + other.mentions,
                          why=(*e.why, f"merged by hand with {other_id} ({corr.path}:{corr.line})"))
            hidden.add(other_id)
        e = e.changed(
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
        by_id[corr.event] = e
        if corr.hide:
            hidden.add(corr.event)
    if errors:
        raise ValidationErrors(errors)
    kept = [by_id[e.id] for e in events if e.id not in hidden]
    return kept + manual.events
