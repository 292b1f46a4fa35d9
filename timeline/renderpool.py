"""Making many pages on all cores.

Rendering a page depends on that page's data alone, so when a build has many pages to make
(a cold build of an archive: tens of thousands), they are made by forked worker processes,
which share the gathered timeline and the compiled templates with this process, and come
back in order, so the output is the same byte for byte.  Where the system cannot fork
(Windows, macOS's default), or for a few pages, they are made here.
"""

from __future__ import annotations

import gc
import multiprocessing
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from itertools import islice

from .analyse import workers

PARALLEL_FROM = 400  # fewer pages than this are made here: forking costs more
CHUNK = 64

Todo = Sequence[tuple[str, Callable[[], bytes]]]
_todo: Todo = ()  # what the forked workers make, inherited from the parent


def _make(bounds: tuple[int, int]) -> list[bytes]:
    return [_todo[i][1]() for i in range(*bounds)]


def made(todo: Todo, processes: int | None = None) -> Iterator[tuple[str, bytes]]:
    """(path, bytes) for each (path, make) of `todo`, in order."""
    global _todo
    n = workers(processes)
    if n == 1 or len(todo) < PARALLEL_FROM or "fork" not in multiprocessing.get_all_start_methods():
        for path, make in todo:
            yield path, make()
        return
    chunks = iter([(lo, min(lo + CHUNK, len(todo))) for lo in range(0, len(todo), CHUNK)])
    done = 0
    _todo = todo
    gc.freeze()  # the workers' garbage collector leaves the shared objects' pages unwritten
    try:
        with multiprocessing.get_context("fork").Pool(n) as pool:
            # A few chunks in flight at a time: the pages wait in memory only until written.
            flight = deque((c, pool.apply_async(_make, (c,))) for c in islice(chunks, 2 * n))
            while flight:
                (lo, _), result = flight.popleft()
                pages = result.get()
                flight.extend((c, pool.apply_async(_make, (c,))) for c in islice(chunks, 1))
                for i, data in enumerate(pages, lo):
                    yield todo[i][0], data
                done = lo + len(pages)
    except Exception:
        # A template error in a worker lost its traceback (which names the template's file
        # and line): make the rest here, where the same error is raised again in full.
        for path, make in todo[done:]:
            yield path, make()
    finally:
        gc.unfreeze()
        _todo = ()
