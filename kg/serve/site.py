"""What the endpoint serves, built once per server: the backend (shared copy-on-write by the
forked query workers), the query pool, the answers kept for repeated queries, and (built on
first use) the N-Quads, the rdflib union the pages and VoID read, and the graph names."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from rdflib import Dataset, Graph, URIRef

from kg.backends import BACKENDS, FILE_BACKENDS, Backend, dataset_nquads
from kg.errors import InputError
from kg.serve.answers import AnswerCache
from kg.serve.pages import Example
from kg.serve.pool import QueryPool


def load_examples(folder: Path | None) -> list[Example]:
    """The query library as the query page offers it, parameters bound to their defaults."""
    from kg.query import bind, parse_query_file

    if folder is None or not folder.is_dir():
        return []
    examples = []
    for path in sorted(folder.glob("*.rq")):
        q = parse_query_file(path)
        try:
            text = bind(q, {})
        except InputError:
            text = q.text
        examples.append(Example(q.name, q.title or q.name, q.questions, text, q))
    return examples


class Site:
    """Everything a request may read, built once: the backend (shared by the forked query
    workers), and, built on first use, the rdflib union the pages and VoID read."""

    def __init__(self, dataset: Dataset | None, backend_name: str = "oxigraph",
                 timeout: float = 30.0, max_rows: int = 10_000,
                 examples: Sequence[Example] = (), sources: Sequence[str] = (), *,
                 graph_file: Path | None = None, workers: int = 6,
                 long_slots: int | None = None, slow_after: float = 1.0,
                 answer_cache_mb: int = 64):
        if backend_name not in BACKENDS:
            raise InputError(f"unknown backend {backend_name!r}; "
                             f"choose one of {', '.join(BACKENDS)}")
        self.dataset = dataset
        self.backend_name = backend_name
        self.timeout, self.max_rows = timeout, max_rows
        self.examples, self.sources = tuple(examples), tuple(sources)
        if dataset is not None:
            self.backend: Backend = BACKENDS[backend_name](dataset)
        elif graph_file is not None:
            self.backend = FILE_BACKENDS[backend_name](graph_file)
        else:
            raise InputError("kg serve needs a dataset or a --graph file")
        self.pool = QueryPool(self.backend, workers, long_slots, timeout, max_rows, slow_after)
        self.pool.start()
        self.answers = AnswerCache(answer_cache_mb << 20)
        self._lock = threading.RLock()  # one cached value may be made of another
        self._cache: dict[str, Any] = {}

    def _once(self, key: str, make: Callable[[], Any]) -> Any:
        with self._lock:
            if key not in self._cache:
                self._cache[key] = make()
            return self._cache[key]

    def quads(self) -> bytes:
        """The served dataset as N-Quads."""
        def make() -> bytes:
            store = getattr(self.backend, "store", None)
            if store is not None:
                import pyoxigraph

                named = [q for q in store if not isinstance(q.graph_name,
                                                            pyoxigraph.DefaultGraph)]
                if named or not len(store):
                    return "".join(f"{q} .\n" for q in named).encode("utf-8")
                return store.dump(format=pyoxigraph.RdfFormat.N_QUADS)  # type: ignore[no-any-return]
            dataset = getattr(self.backend, "dataset", self.dataset)
            assert isinstance(dataset, Dataset)
            return dataset_nquads(dataset)
        result = self._once("quads", make)
        assert isinstance(result, bytes)
        return result

    def union(self) -> Graph:
        """The union of the graphs as one rdflib Graph, for the pages and VoID."""
        def make() -> Graph:
            if self.dataset is not None:
                from kg.publish import union_graph

                return union_graph(self.dataset)
            ds = Dataset()
            ds.parse(data=self.quads(), format="nquads")
            union = Graph()
            for g in ds.graphs():
                union += g
            return union
        result = self._once("union", make)
        assert isinstance(result, Graph)
        return result

    def graph_names(self) -> list[URIRef]:
        def make() -> list[URIRef]:
            answer = self.backend.answer("SELECT DISTINCT ?g WHERE { GRAPH ?g { } }")
            return sorted(g for row in answer.rows if isinstance(g := row["g"], URIRef)
                          and not str(g).startswith("urn:x-rdflib:"))
        result = self._once("graphs", make)
        assert isinstance(result, list)
        return result

    def void(self) -> Graph:
        from kg.describe import void_graph

        # The class and link counts query the whole graph: computed once, on first use.
        result = self._once("void", lambda: void_graph(self.union(), self.sources))
        assert isinstance(result, Graph)
        return result

    def close(self) -> None:
        self.pool.close()
