"""Time and memory of named stages: wall clock, CPU time and peak resident memory.

CPU time comes from ``getrusage`` of the calling thread (user + system), so it stays
meaningful on a machine shared with other jobs, where wall time stretches. Peak memory is
the resident set size, sampled every few milliseconds by a background thread and charged to
the innermost stage running at that moment; ``ru_maxrss`` gives the process's overall peak.
Stages nest: a stage's exclusive time is its own minus that of the stages inside it.
"""

from __future__ import annotations

import os
import resource
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

_PAGE = os.sysconf("SC_PAGE_SIZE")


def rss_bytes() -> int:
    """The current resident set size of this process."""
    try:
        with open("/proc/self/statm", encoding="ascii") as fh:
            return int(fh.read().split()[1]) * _PAGE
    except OSError:  # not Linux: the process peak is the best we have
        return peak_rss_bytes()


def peak_rss_bytes() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_THREAD)
    return usage.ru_utime + usage.ru_stime


@dataclass
class StageRecord:
    name: str
    parent: str | None
    calls: int = 0
    wall: float = 0.0
    cpu: float = 0.0
    peak_rss: int = 0


@dataclass
class Recorder:
    interval: float = 0.005
    records: dict[str, StageRecord] = field(default_factory=dict)
    _stack: list[str] = field(default_factory=list)
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    def start(self) -> None:
        self._stop.clear()
        self._thread = threading.Thread(target=self._sample, name="rss-sampler", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
            self._thread = None

    def _sample(self) -> None:
        while not self._stop.wait(self.interval):
            self._charge(rss_bytes())

    def _charge(self, rss: int) -> None:
        stack = list(self._stack)
        for name in stack:  # an outer stage's peak includes its inner stages'
            rec = self.records[name]
            rec.peak_rss = max(rec.peak_rss, rss)

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        parent = self._stack[-1] if self._stack else None
        rec = self.records.setdefault(name, StageRecord(name, parent))
        self._stack.append(name)
        self._charge(rss_bytes())
        wall0, cpu0 = time.perf_counter(), _cpu()
        try:
            yield
        finally:
            rec.wall += time.perf_counter() - wall0
            rec.cpu += _cpu() - cpu0
            rec.calls += 1
            self._charge(rss_bytes())
            self._stack.pop()

    @contextmanager
    def instrument(self, module: ModuleType, attr: str, name: str) -> Iterator[None]:
        """While inside, every call of ``module.attr`` (looked up by name at call time, as
        the pipeline does) is timed as stage ``name``."""
        original: Callable[..., Any] = getattr(module, attr)

        def timed(*args: Any, **kwargs: Any) -> Any:
            with self.stage(name):
                return original(*args, **kwargs)

        setattr(module, attr, timed)
        try:
            yield
        finally:
            setattr(module, attr, original)

    def exclusive(self, name: str) -> tuple[float, float]:
        """Wall and CPU seconds of ``name`` outside the stages nested in it."""
        rec = self.records[name]
        children = [r for r in self.records.values() if r.parent == name]
        return (rec.wall - sum(c.wall for c in children),
                rec.cpu - sum(c.cpu for c in children))
