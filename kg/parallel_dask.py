"""The per-article stages on a Dask cluster (``kg build --engine dask [--scheduler ADDRESS]``).

The shared state is sent to every worker once (``scatter(broadcast=True)``); each task then
carries only an article's position, like the local pool of kg.parallel. Results are read back
in input order, so the build is the same as the serial one. Without an address a local
cluster of ``jobs`` worker processes is started and stopped with the build; with one, the
scheduler's workers must have fupin-kg installed (they import the stage functions by name).
Dask is optional: ``pip install 'fupin-kg[dask]'``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from kg.errors import KgError

S = TypeVar("S")
R = TypeVar("R")


class DaskPool:
    """kg.parallel.Pool on a ``distributed.Client``."""

    def __init__(self, client: Any) -> None:
        self.client = client

    def map(self, fn: Callable[[S, int], R], shared: S, count: int) -> Iterator[R]:
        if count == 0:
            return
        # Wrapped: Dask scatters a tuple's items one by one and may send a plain dict or list
        # by msgpack, which turns str subclasses (rdflib's URIRef keys) into str. One object
        # of a class of ours is pickled whole, as the local processes inherit it.
        state = self.client.scatter(_Shared(shared), broadcast=True, hash=False)
        futures = self.client.map(_call, [fn] * count, [state] * count, range(count),
                                  pure=False)
        try:
            for future in futures:
                yield future.result()
        finally:
            self.client.cancel([*futures, state])


class _Shared:
    """The shared state of a map, sent to each worker once and pickled whole."""

    def __init__(self, value: Any) -> None:
        self.value = value


def _call(fn: Callable[[Any, int], Any], shared: _Shared, index: int) -> Any:
    return fn(shared.value, index)


@contextmanager
def dask_pool(jobs: int, scheduler: str | None = None) -> Iterator[DaskPool]:
    """A DaskPool on the cluster at ``scheduler`` or on a new local one of ``jobs`` workers."""
    try:
        import distributed
    except ImportError as exc:
        raise KgError("--engine dask needs Dask: pip install 'fupin-kg[dask]' "
                      "(or: pip install 'dask[distributed]')") from exc
    # distributed has no type hints for these; they are used as documented.
    Client: Any = distributed.Client
    LocalCluster: Any = distributed.LocalCluster
    if scheduler:
        try:
            client = Client(scheduler, timeout=10)
        except (OSError, TimeoutError, ValueError) as exc:
            raise KgError(f"cannot reach the Dask scheduler at {scheduler} ({exc}); start one "
                          "with `dask scheduler` and its workers with `dask worker ADDRESS`, "
                          "or leave out --scheduler for a local cluster") from exc
        with client:
            yield DaskPool(client)
        return
    # Worker processes (not threads): the stages are pure Python and hold the GIL.
    with LocalCluster(n_workers=max(1, jobs), threads_per_worker=1, processes=True,
                      dashboard_address=None, silence_logs=logging.CRITICAL) as cluster, \
            Client(cluster) as client:
        yield DaskPool(client)
