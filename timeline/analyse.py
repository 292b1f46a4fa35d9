"""The per-article work of a build, on all cores or on a Dask cluster.

Reading an article, finding its dates and making its mentions depend on that article alone
(and its publication date), so articles are analysed independently: in this process for a
few, in a pool of processes (one per core) for many, or on the workers of a Dask cluster
(`--scheduler tcp://host:port`) that read the articles from storage they share with this
machine.  Results come back in the order of the jobs, whatever ran them, so the output is
the same byte for byte.
"""

from __future__ import annotations

import datetime as dt
import os
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, TypeVar

from . import sources
from .errors import TimelineError
from .model import Mention, Source

POOL_THRESHOLD = 48  # fewer articles than this are analysed here: a pool costs more to start
CHUNK = 16  # articles per task sent to a process or a Dask worker

T = TypeVar("T")
R = TypeVar("R")


@dataclass(frozen=True)
class Job:
    """One article to analyse."""

    path: str  # as the workers can open it (absolute for a cluster)
    display: str  # as the user gave it, for messages
    sid: str
    meta: sources.SourceMeta | None
    time_zone: str = ""  # for publication timestamps with an offset


@dataclass(frozen=True)
class Failure:
    """Why an article could not be read: a TimelineError's parts, or an OSError's."""

    message: str
    path: str | None
    line: int | None
    column: int | None
    os_error: str | None = None  # strerror when the file could not be read

    def error(self) -> TimelineError:
        return TimelineError(self.message, self.path, self.line, self.column)


@dataclass(frozen=True)
class Analysis:
    """The dates and mentions of one article, found with one publication date."""

    published: dt.date | None
    dates: int
    mentions: tuple[Mention, ...]

    def outline(self) -> Outline:
        return Outline(self.published, self.dates, tuple(m.id for m in self.mentions),
                       array("i", [month_of(m) for m in self.mentions]).tobytes())


Month = int  # year * 12 + month - 1: months in date order


def month_of(m: Mention) -> Month:
    """The month a statement is merged in: that of the first day of its date."""
    first = m.date.first_day()
    return first.year * 12 + first.month - 1


@dataclass(frozen=True)
class Outline:
    """What every build needs of an article's analysis: the publication date it was made
    with, how many dates it found, and each statement's id and month.  A rebuild loads the
    statements themselves (a hundred times the bytes) only for the months it merges again.
    The months are packed (4 bytes each, not a tuple and an int): every build holds the
    outline of every article."""

    published: dt.date | None
    dates: int
    ids: tuple[str, ...]  # each statement's, in the order of the analysis's mentions
    months: bytes  # each statement's `month_of`, as machine integers (array "i")

    def statements(self) -> Iterator[tuple[str, Month]]:
        return zip(self.ids, array("i", self.months), strict=True)


@dataclass(frozen=True)
class Read:
    """An article read (publication date possibly unknown), and its analysis when the
    date was known in the worker; or why it could not be read.  As kept in the cache, the
    analysis is left out and only its outline kept (its statements are kept apart)."""

    source: Source | None
    failure: Failure | None = None
    analysis: Analysis | None = None
    display: str = ""  # the article's path as shown when it was read (`pipeline._rebased`)
    outline: Outline | None = None


def analyse(source: Source, published: dt.date | None) -> Analysis:
    from . import dates, events  # the date rules take a tenth of a second to import

    found = dates.extract(source.text, published, source.sentences)
    dated = source if source.published == published else replace(source, published=published)
    return Analysis(published, len(found), tuple(events.mentions_of(dated, found)))


def read(job: Job) -> Read:
    """Read one article and, when its publication date is known, analyse it."""
    try:
        src = sources.read_source(Path(job.path), job.display, job.sid, job.meta, job.time_zone)
    except TimelineError as e:
        return Read(None, Failure(e.message, e.path, e.line, e.column), display=job.display)
    except OSError as e:
        return Read(None, Failure(str(e), job.display, None, None, e.strerror or str(e)),
                    display=job.display)
    return Read(src, None, analyse(src, src.published) if src.published is not None else None,
                job.display)


def _read_chunk(chunk: Sequence[Job]) -> list[Read]:
    return [read(job) for job in chunk]


def _chunks(items: Sequence[T], size: int) -> list[Sequence[T]]:
    return [items[i : i + size] for i in range(0, len(items), size)]


def workers(jobs: int | None) -> int:
    """How many processes to use: `jobs`, or one per core this process may run on."""
    if jobs:
        return max(1, jobs)
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def run(jobs: Sequence[Job], *, processes: int | None = None, scheduler: str | None = None,
        progress: Callable[[int], None] | None = None) -> list[Read]:
    """Read and analyse `jobs`; the results in the same order."""
    if not jobs:
        return []
    if scheduler:
        return _on_dask(jobs, scheduler)
    n = workers(processes)
    if n == 1 or len(jobs) < POOL_THRESHOLD:
        return _flatten(_counted(([read(job)] for job in jobs), progress))
    size = max(1, min(CHUNK, len(jobs) // (n * 4) or 1))
    with ProcessPoolExecutor(max_workers=n) as pool:
        return _flatten(_counted(pool.map(_read_chunk, _chunks(jobs, size)), progress))


def _counted(parts: Iterable[list[R]], progress: Callable[[int], None] | None) -> Iterator[list[R]]:
    """The parts as they come, telling `progress` how many items are done so far."""
    done = 0
    for part in parts:
        done += len(part)
        if progress is not None:
            progress(done)
        yield part


def _flatten(parts: Iterable[list[R]]) -> list[R]:
    out: list[R] = []
    for part in parts:
        out.extend(part)
    return out


def _on_dask(jobs: Sequence[Job], scheduler: str) -> list[Read]:
    """Run on a Dask cluster: `scheduler` is its address, or "local" for a cluster of
    processes on this machine (for testing).  The workers open `Job.path` themselves."""
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError:
        raise TimelineError("--scheduler needs Dask: python3 -m pip install 'dask[distributed]'") from None
    cluster: Any = None
    try:
        if scheduler == "local":
            cluster = LocalCluster(n_workers=workers(None), threads_per_worker=1,
                                   processes=True, dashboard_address=None)
            client = Client(cluster)
        else:
            client = Client(scheduler, timeout="30s")
    except OSError as e:
        raise TimelineError(f"cannot reach the Dask scheduler at {scheduler} ({e})") from None
    try:
        futures = client.map(_read_chunk, _chunks(jobs, CHUNK), pure=False)
        return _flatten(client.gather(futures))
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
