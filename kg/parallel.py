"""Run a pure per-article function in worker processes, results in input order.

The per-article stages (entity spotting, extraction) are pure functions of the article and
of state shared by all articles (the vocabulary's terms, the lexicon, the annotations). That
state is handed to each worker once, not with every article; each task sends only an
article's position. Results come back in input order whatever order the workers finish in,
so the build that assembles them is the same as with one process, byte for byte.

Two engines: local processes (``--jobs N``, forked, so they inherit the loaded dictionaries)
and a Dask cluster (``--engine dask``, kg.parallel_dask), local or at a scheduler's address.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from typing import Any, Protocol, TypeVar

S = TypeVar("S")
R = TypeVar("R")

# A worker's shared state, set once by _start (in worker processes only).
_SHARED: list[Any] = []


class Pool(Protocol):
    """Somewhere to run ``fn(shared, i)`` for every i, results in input order."""

    def map(self, fn: Callable[[S, int], R], shared: S, count: int) -> Iterator[R]: ...


def default_jobs() -> int:
    """The CPUs this process may use (``os.cpu_count()`` where affinity is unknown)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return max(1, os.cpu_count() or 1)


def _start(shared: Any) -> None:
    _SHARED[:] = [shared]


def _run(task: tuple[Callable[[Any, int], Any], int]) -> Any:
    fn, index = task
    return fn(_SHARED[0], index)


def _in_processes(fn: Callable[[S, int], R], shared: S, count: int, jobs: int) -> Iterator[R]:
    if jobs <= 1 or count <= 1:
        for i in range(count):
            yield fn(shared, i)
        return
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    workers = min(jobs, count)
    # A few tasks per worker at a time: fewer round trips, still balanced when articles differ.
    chunk = max(1, min(8, count // (workers * 4)))
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_start,
                             initargs=(shared,)) as pool:
        yield from pool.map(_run, [(fn, i) for i in range(count)], chunksize=chunk)


def map_items(fn: Callable[[S, int], R], shared: S, count: int,
              jobs: int | Pool) -> Iterator[R]:
    """``fn(shared, i)`` for i in ``range(count)``, in that order, on ``jobs`` processes (or
    on a Pool, such as a Dask cluster's).

    ``fn`` must be a module-level function (it is sent to the workers by name). With one job
    (or one item) everything runs here, with no process started. Workers are forked where the
    platform can (Linux): they inherit the loaded dictionaries (jieba, the gazetteer) instead
    of loading them again."""
    if isinstance(jobs, int):
        return _in_processes(fn, shared, count, jobs)
    return jobs.map(fn, shared, count)


@contextmanager
def open_pool(jobs: int, engine: str = "processes",
              scheduler: str | None = None) -> Iterator[int | Pool]:
    """Where the per-article stages run: ``jobs`` local processes (``engine="processes"``) or
    a Dask cluster (``engine="dask"``: the one at ``scheduler``, else a local one of ``jobs``
    workers, stopped on leaving)."""
    if engine == "processes":
        yield jobs
        return
    from kg.parallel_dask import dask_pool

    with dask_pool(jobs, scheduler) as pool:
        yield pool
