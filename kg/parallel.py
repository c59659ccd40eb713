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

import contextlib
import multiprocessing
import os
import sys
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


def die_with_parent() -> None:
    """Have the kernel kill this process when its parent dies, even by SIGKILL (Linux's
    ``PR_SET_PDEATHSIG``; nothing elsewhere). Why: when the kernel killed a build's main
    process (out of memory), its workers and its validation process ran on as orphans. A
    process of the forkserver dies with the forkserver, which exits when the build does."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes
    import signal

    parent = os.getppid()
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # 1: PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # pragma: no cover - no libc prctl
        return
    if os.getppid() != parent:  # the parent died before the request was made
        os._exit(1)
    # The forkserver exits when no process holds the write end of its "alive" pipe, and
    # each process it starts is handed a copy (and a fork inherits the build's): held
    # here, it kept the forkserver, and so this process, alive after the build was killed.
    from multiprocessing import forkserver

    server = getattr(forkserver, "_forkserver", None)
    alive = getattr(server, "_forkserver_alive_fd", None)
    if server is not None and isinstance(alive, int):
        with contextlib.suppress(OSError):  # already closed
            os.close(alive)
        server._forkserver_alive_fd = None


def _start(shared: Any) -> None:
    die_with_parent()
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


class Beside:
    """The result of a function running in another process while this one goes on: a fork of
    this one, or (``fresh``) a process of the forkserver, which holds none of this one's
    memory and is sent the arguments."""

    def __init__(self, fn: Callable[..., R], args: tuple[Any, ...], fresh: bool = False) -> None:
        import gc

        context: Any = (multiprocessing.get_context("forkserver") if fresh
                        else multiprocessing.get_context("fork"))
        self._receive, send = context.Pipe(duplex=False)
        # Objects alive now are moved out of the collector's sight for the fork: a collection
        # in the child would otherwise touch (and so copy) every page of the parent's heap.
        if not fresh:
            gc.freeze()
        try:
            self._process = context.Process(target=_beside_child, args=(send, fn, args),
                                            daemon=True)
            self._process.start()
        finally:
            if not fresh:
                gc.unfreeze()
        send.close()
        self._done = False
        self._value: Any = None

    def result(self) -> Any:
        """Wait for the function; its value, or its exception raised here."""
        if not self._done:
            try:
                status, value = self._receive.recv()
            except EOFError:  # killed (out of memory, a signal) before it could answer
                self._process.join()
                status, value = "died", self._process.exitcode
            finally:
                self._receive.close()
            self._process.join()
            self._done = True
            if status == "died":
                from kg.errors import KgError

                raise KgError(f"a forked worker process died (exit code {value})")
            if status == "error":
                raise value
            self._value = value
        return self._value

    def cancel(self) -> None:
        if not self._done and self._process.is_alive():
            self._process.kill()
        self._process.join()
        self._done = True


def _beside_child(send: Any, fn: Callable[..., Any], args: tuple[Any, ...]) -> None:
    die_with_parent()
    try:
        outcome: tuple[str, Any] = ("ok", fn(*args))
    except BaseException as exc:  # sent back and raised in the parent, as if run there
        outcome = ("error", exc)
    try:
        send.send(outcome)
    except Exception as exc:  # a value or an exception that cannot be pickled
        send.send(("error", RuntimeError(f"the forked worker's answer could not be sent: "
                                         f"{type(exc).__name__}: {exc}")))
    send.close()


@contextmanager
def beside(fn: Callable[..., R], *args: Any, jobs: int = 2,
           fresh: bool = False) -> Iterator[Callable[[], R]]:
    """``fn(*args)`` computed while the body of the ``with`` runs; call the yielded function
    for its value (or exception). With ``jobs`` 1, or where processes cannot be forked, it is
    computed when first asked for, in this process: the same value, one core.

    Forked by default: the arguments (the build's store, a million triples) are inherited,
    not pickled; only the value comes back through a pipe. ``fresh``: in a process started by
    the forkserver instead, with the arguments pickled: a fork counts every page of this
    process in its own memory, and a memory-hungry ``fn`` (the SHACL engine's copy of the
    graph) given little (the graph's compressed text) then needs far less."""
    methods = multiprocessing.get_all_start_methods()
    if jobs <= 1 or "fork" not in methods:
        computed: list[R] = []

        def inline() -> R:
            if not computed:
                computed.append(fn(*args))
            return computed[0]

        yield inline
        return
    running = Beside(fn, args, fresh=fresh and "forkserver" in methods)
    try:
        yield running.result
    finally:
        running.cancel()
