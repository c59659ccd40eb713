"""A bounded pool of query worker processes that can be killed at the deadline and respawned.

Neither rdflib nor pyoxigraph can interrupt a query in its own thread, so every query runs
in a worker process; a worker that overruns is killed (SIGKILL) and replaced by a fresh fork,
which costs one fork per *runaway* query, not per query. Workers are forked from the loaded
server (``multiprocessing`` 'fork' context), so they share the store copy-on-write; each
serves queries one after another over its own pipe.

Fairness: a query that needs less than ``slow_after`` seconds of CPU never needs more than a
worker. One that needs more must take one of ``long_slots`` (fewer than the workers): when
they are all held by long queries, the newcomer is stopped with a 503 and ``Retry-After``, so
four runaway queries leave at least ``workers - long_slots`` workers for everyone else. CPU
time, not wall time, tells a runaway from an ordinary query that waited for a busy core; a
long query runs at the lowest CPU priority, and its worker is replaced when it answers. A request
that finds no free worker within ``queue_wait`` seconds, or arrives while ``max_waiting``
requests already wait, gets a 503 with ``Retry-After`` at once instead of a growing queue.
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import queue
import signal
import sys
import threading
import time
import warnings
from collections import OrderedDict
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess

from kg.backends import Backend
from kg.errors import InputError
from kg.serve.sparql import Outcome, execute, serialise, text_outcome

CHECKED_KEPT = 4096  # query texts remembered as checked
RETRY_AFTER = "2"  # seconds; a runaway needs up to the timeout, a queue drains in ms
POLL = 0.1  # seconds between looks at a running query
CLOCK_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


@dataclass
class _Worker:
    process: BaseProcess
    conn: Connection


def _die_with_parent() -> None:
    """Ask Linux to kill this worker when the server dies, however it dies."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


def _serve(conn: Connection, backend: Backend, max_rows: int) -> None:
    """A worker's life: answer the queries that arrive on ``conn`` until it closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C stops the server, which kills us
    _die_with_parent()
    while True:
        try:
            query, accept, fmt, checked = conn.recv()
        except (EOFError, OSError):
            return
        try:
            outcome = execute(backend, query, accept, fmt, max_rows, checked)
        except BaseException as exc:  # anything at all must still reach the server as a reply
            outcome = text_outcome(500, f"the query failed: {type(exc).__name__}: {exc}")
        conn.send(outcome)


class QueryPool:
    def __init__(self, backend: Backend, workers: int = 6, long_slots: int | None = None,
                 timeout: float = 30.0, max_rows: int = 10_000, slow_after: float = 1.0,
                 queue_wait: float = 10.0, max_waiting: int = 256):
        long_slots = max(1, workers - 2) if long_slots is None else long_slots
        if min(workers, long_slots, max_rows, max_waiting) <= 0 or min(timeout, queue_wait) <= 0:
            raise InputError("workers, long-query slots, row limit, timeout and queue limits "
                             "must be positive")
        if long_slots >= workers:
            raise InputError(f"--long-slots ({long_slots}) must be smaller than --workers "
                             f"({workers}), or runaway queries can hold every worker")
        self.backend = backend
        self.size = workers
        self.long_slots = long_slots
        self.timeout = timeout
        self.max_rows = max_rows
        self.slow_after = min(slow_after, timeout)
        self.queue_wait = queue_wait
        self.max_waiting = max_waiting
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._long = threading.BoundedSemaphore(long_slots)
        self._waiting = 0
        self._lock = threading.Lock()  # guards _waiting, forks and the worker list
        self._workers: list[_Worker] = []
        self._context = multiprocessing.get_context("fork")
        self.respawned = 0
        self._closed = False
        # Texts a worker found to be acceptable queries (not updates, no SERVICE): the check
        # parses with rdflib's grammar, which costs far more than answering a small query.
        self._checked: OrderedDict[str, None] = OrderedDict()

    # --- life cycle ------------------------------------------------------------------

    def start(self) -> None:
        self.warm_up()
        for _ in range(self.size):
            self._idle.put(self._spawn())

    def warm_up(self) -> None:
        """Import the lazily loaded parser, evaluator and serialisers once, before forking,
        so that every worker inherits them."""
        for query in ("SELECT * WHERE { ?s ?p ?o } LIMIT 1", "ASK { ?s ?p ?o }",
                      "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 1"):
            answer = self.backend.answer(query, 1)
            for fmt in ("srj", "xml", "csv", "tsv", "turtle", "nt", "json-ld"):
                serialise(answer, None, fmt)

    def _spawn(self) -> _Worker:
        receive, send = self._context.Pipe(duplex=True)
        process = self._context.Process(target=_serve, args=(send, self.backend, self.max_rows),
                                        daemon=True, name="kg-query-worker")
        with self._lock, warnings.catch_warnings():
            # Python >= 3.12 warns that fork() in a threaded process may deadlock the child
            # on a lock another thread held. The worker takes none: the imports were done by
            # warm_up(), SPARQL is parsed only in workers, and it reads the store and writes
            # to its own pipe.
            warnings.filterwarnings("ignore", category=DeprecationWarning,
                                    message=r".*fork\(\) may lead to deadlocks")
            process.start()
            worker = _Worker(process, receive)
            self._workers.append(worker)
        send.close()  # the worker holds the other end; a dead worker reads as EOF
        return worker

    def _replace(self, worker: _Worker) -> None:
        """Kill ``worker`` (it overran or broke) and put a fresh one in its place."""
        with self._lock:
            if worker not in self._workers:
                return  # close() has already ended it
            self._workers.remove(worker)
        worker.conn.close()
        if worker.process.is_alive():
            worker.process.kill()
        worker.process.join()
        worker.process.close()
        if not self._closed:
            self.respawned += 1
            self._idle.put(self._spawn())

    def close(self) -> None:
        self._closed = True
        with self._lock:
            workers, self._workers = list(self._workers), []
        for worker in workers:
            worker.conn.close()
            if worker.process.is_alive():
                worker.process.kill()
            worker.process.join()
            worker.process.close()

    def pids(self) -> list[int]:
        with self._lock:
            return [w.process.pid for w in self._workers if w.process.pid is not None]

    # --- queries ---------------------------------------------------------------------

    def run(self, query: str, accept: str | None = None, fmt: str | None = None
            ) -> tuple[Outcome, dict[str, str]]:
        """The outcome of one query and the extra headers it needs (Retry-After)."""
        with self._lock:
            if self._waiting >= self.max_waiting:
                return self._busy("too many queries are waiting"), {"Retry-After": RETRY_AFTER}
            self._waiting += 1
        try:
            worker = self._idle.get(timeout=self.queue_wait)
        except queue.Empty:
            return (self._busy(f"no query worker was free within {self.queue_wait:g} s"),
                    {"Retry-After": RETRY_AFTER})
        finally:
            with self._lock:
                self._waiting -= 1
        return self._ask(worker, query, accept, fmt)

    def _busy(self, why: str) -> Outcome:
        return text_outcome(503, f"the server is busy: {why}; try again in a few seconds")

    def _ask(self, worker: _Worker, query: str, accept: str | None, fmt: str | None
             ) -> tuple[Outcome, dict[str, str]]:
        started = time.monotonic()
        with self._lock:
            checked = query in self._checked
        pid = worker.process.pid
        cpu_before = _cpu_seconds(pid)
        holding = False  # a long-query slot
        try:
            worker.conn.send((query, accept, fmt, checked))
            while True:
                left = self.timeout - (time.monotonic() - started)
                if left <= 0:
                    self._replace(worker)
                    return text_outcome(
                        503, f"the query was stopped after the time limit of "
                             f"{self.timeout:g} s; narrow it (LIMIT, more specific "
                             "patterns) or ask for a longer --timeout"), {}
                if worker.conn.poll(min(POLL, left)):
                    break
                if not holding and self._used(pid, cpu_before, started) >= self.slow_after:
                    if not self._long.acquire(blocking=False):
                        self._replace(worker)
                        return self._busy(
                            f"{self.long_slots} long queries are already running and this "
                            f"one needed over {self.slow_after:g} s of CPU"
                        ), {"Retry-After": RETRY_AFTER}
                    holding = True
                    _lower_priority(pid)
            outcome = worker.conn.recv()
        except (EOFError, OSError):
            self._replace(worker)
            return text_outcome(500, "the query process ended without an answer"), {}
        finally:
            if holding:
                self._long.release()
        assert isinstance(outcome, Outcome)
        if holding:
            self._replace(worker)  # it runs at low priority now: a fresh fork takes its place
        else:
            self._idle.put(worker)
        if outcome.status == 200 and not checked:
            with self._lock:
                self._checked[query] = None
                while len(self._checked) > CHECKED_KEPT:
                    self._checked.popitem(last=False)
        return outcome, {}

    @staticmethod
    def _used(pid: int | None, cpu_before: float | None, started: float) -> float:
        """The CPU seconds the worker spent on this query (wall seconds where /proc is
        missing): on a busy machine an ordinary query waits for a core, a runaway burns it."""
        now = _cpu_seconds(pid)
        if now is None or cpu_before is None:
            return time.monotonic() - started
        return now - cpu_before


def _lower_priority(pid: int | None) -> None:
    """Run a long query at the lowest CPU priority, so the cheap queries of other clients
    get the cores first (a worker cannot raise its priority again: it is replaced after)."""
    if pid is not None and hasattr(os, "setpriority"):
        with contextlib.suppress(OSError):
            os.setpriority(os.PRIO_PROCESS, pid, 19)


def _cpu_seconds(pid: int | None) -> float | None:
    """User + system CPU time of a process, from /proc (Linux)."""
    if pid is None:
        return None
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS
    except (OSError, IndexError, ValueError):
        return None


def worker_count_alive(pool: QueryPool) -> int:
    """How many worker processes exist right now (for tests and the load test)."""
    alive = 0
    for pid in pool.pids():
        try:
            os.kill(pid, 0)
            alive += 1
        except OSError:
            pass
    return alive
