"""Query engines over the same dataset: rdflib (the reference) and Oxigraph (the default).

Both answer SELECT/ASK/CONSTRUCT/DESCRIBE over the **dataset**: the default graph is the
union of all named graphs (each triple once, as Fuseki's ``unionDefaultGraph``), ``GRAPH ?g``
ranges over the named graphs, and ``FROM``/``FROM NAMED`` select among the local graphs only
(nothing is ever fetched). Rows come back as rdflib terms so that results compare across
engines, and a result is read lazily and cut at ``max_rows + 1`` rows: a runaway SELECT never
collects more than that; Oxigraph can also write a SELECT's answer as result bytes itself
(``OxigraphBackend.serialised``), cut the same way. Neither engine accepts updates
(``kg.readonly`` decides).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import rdflib.plugins.sparql
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.sparql import Query
from rdflib.term import Node

from kg.errors import InputError
from kg.readonly import check_query, checked_tree

if TYPE_CHECKING:
    import pyoxigraph

# rdflib would otherwise fetch and parse any FROM / FROM NAMED IRI it does not hold: the
# project's engines never dereference anything.
rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS = False

Row = dict[str, Node | None]
RDFLIB_DEFAULT = "urn:x-rdflib:default"


@dataclass(frozen=True)
class Answer:
    kind: str  # select | ask | graph
    variables: tuple[str, ...] = ()
    rows: tuple[Row, ...] = ()
    boolean: bool | None = None
    graph: Graph | None = None
    truncated: bool = False  # more than max_rows rows (or triples) existed


class Backend(Protocol):
    name: str

    def answer(self, query: str, max_rows: int | None = None, checked: bool = False
               ) -> Answer:
        """``checked``: ``query`` already passed ``kg.readonly.check_query`` (the server
        remembers which texts did), so an engine with its own parser need not parse it twice.
        """
        ...


def _cut(items: Iterable[Any], max_rows: int | None) -> tuple[list[Any], bool]:
    """At most ``max_rows`` items, reading one more to know whether there were more."""
    if max_rows is None:
        return list(items), False
    taken = list(itertools.islice(items, max_rows + 1))
    return taken[:max_rows], len(taken) > max_rows


def _graph_of(triples: Iterable[tuple[Node, Node, Node]], max_rows: int | None) -> Answer:
    kept, truncated = _cut(triples, max_rows)
    g = Graph()
    for t in kept:
        g.add(t)
    return Answer("graph", graph=g, truncated=truncated)


class RdflibBackend:
    """rdflib's SPARQL engine over a Dataset: slow on big graphs, but the reference."""

    name = "rdflib"

    def __init__(self, dataset: Dataset):
        # A private dataset whose default graph is the union of the named graphs; the
        # triples of a plain file (no graph names) stay in its default graph.
        self.dataset = Dataset(default_union=True)
        for g in dataset.graphs():
            if len(g):
                target = (self.dataset.default_graph if str(g.identifier) == RDFLIB_DEFAULT
                          else self.dataset.graph(g.identifier))
                target += g

    @classmethod
    def from_file(cls, path: Path) -> RdflibBackend:
        from kg.commands.query import load_dataset

        return cls(load_dataset(path, None))

    def answer(self, query: str, max_rows: int | None = None, checked: bool = False
               ) -> Answer:
        try:
            result = self.dataset.query(_prepared(query))
            if result.type == "ASK":
                return Answer("ask", boolean=bool(result.askAnswer))
            if result.type in ("CONSTRUCT", "DESCRIBE"):
                return _graph_of(iter(result), max_rows)  # type: ignore[arg-type]
            variables = tuple(str(v) for v in (result.vars or []))
            rows, truncated = _cut(({v: r[i] for i, v in enumerate(variables)}  # type: ignore[index]
                                    for r in result), max_rows)
        except InputError:
            raise
        except Exception as exc:  # pyparsing and evaluation errors have many types
            raise InputError(f"the query cannot be run: {_first_line(exc)}") from exc
        return Answer("select", variables, tuple(rows), truncated=truncated)


@lru_cache(maxsize=512)
def _prepared(text: str) -> Query:
    """The checked query as rdflib's algebra, parsed once (``kg.readonly`` keeps the tree)."""
    return translateQuery(checked_tree(text))


def oxigraph_store(quads: Iterable[bytes] | None = None, path: Path | None = None
                   ) -> pyoxigraph.Store:
    """An in-memory Oxigraph store, bulk-loaded from N-Quads bytes or from an RDF file
    (format by extension), whose default graph holds the union of the named graphs.

    The union is materialised, because Oxigraph's own union-default-graph mode repeats a
    triple once per graph holding it and ignores FROM. (The one place to switch to the
    project's kg/store/ package.)"""
    import pyoxigraph

    store = pyoxigraph.Store()
    if path is not None:
        fmt = pyoxigraph.RdfFormat.from_extension(path.suffix.lstrip(".").lower())
        if fmt is None:
            raise InputError(f"cannot tell the RDF format from the extension {path.suffix!r}; "
                             "name the file .trig, .nq, .ttl, .nt, .jsonld or .rdf", path)
        if not path.is_file():
            raise InputError("no such file (give a Turtle, TriG, N-Quads, N-Triples or "
                             "JSON-LD file, e.g. dist/kg.trig)", path)
        try:
            store.bulk_load(path=str(path), format=fmt)
        except (SyntaxError, ValueError, OSError) as exc:
            raise InputError(f"not valid {fmt.name} ({_first_line(exc)}); fix the syntax or "
                             "the extension", path) from exc
        if not len(store):
            raise InputError(f"the file holds no triples (parsed as {fmt.name}); is it the "
                             "right file?", path)
    for chunk in quads or ():
        store.bulk_load(chunk, format=pyoxigraph.RdfFormat.N_QUADS)
    store.update("INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")
    return store


def dataset_nquads(dataset: Dataset) -> bytes:
    """The named graphs of ``dataset`` as N-Quads (rdflib's default graph as triples)."""
    data = dataset.serialize(format="nquads", encoding="utf-8")
    assert isinstance(data, bytes)
    return data


class OxigraphBackend:
    """Oxigraph's engine: the same answers as rdflib (tests compare them), far faster."""

    name = "oxigraph"

    def __init__(self, dataset: Dataset | None = None, store: pyoxigraph.Store | None = None):
        if store is None:
            store = oxigraph_store([dataset_nquads(dataset)] if dataset is not None else [])
        self.store = store

    @classmethod
    def from_file(cls, path: Path) -> OxigraphBackend:
        return cls(store=oxigraph_store(path=path))

    def answer(self, query: str, max_rows: int | None = None, checked: bool = False
               ) -> Answer:
        answer = self._answer(query, None, max_rows, checked)
        assert isinstance(answer, Answer)
        return answer

    def serialised(self, query: str, key: str, max_rows: int | None = None,
                   checked: bool = False) -> tuple[bytes, bool] | Answer:
        """A SELECT's answer as bytes in the SPARQL result format ``key`` (srj | xml | csv
        | tsv), written by pyoxigraph from its own solutions (``kg.oxresults``: no rdflib
        term is made), with whether rows were cut at ``max_rows``. Any other answer (ASK,
        CONSTRUCT, DESCRIBE) comes back as ``answer`` gives it, for the caller to write."""
        return self._answer(query, key, max_rows, checked)

    def _answer(self, query: str, key: str | None, max_rows: int | None, checked: bool
                ) -> tuple[bytes, bool] | Answer:
        import pyoxigraph

        from kg.oxresults import solutions_bytes

        if not checked:
            check_query(query)
        try:
            result = self.store.query(query)
            if isinstance(result, pyoxigraph.QueryBoolean):
                return Answer("ask", boolean=bool(result))
            if isinstance(result, pyoxigraph.QueryTriples):
                return _graph_of(((to_rdflib(t.subject), to_rdflib(t.predicate),
                                   to_rdflib(t.object)) for t in result), max_rows)
            # Evaluation is lazy: its errors surface while the solutions are read or written.
            if key is not None:
                return solutions_bytes(result, key, max_rows)
            variables = tuple(v.value for v in result.variables)
            rows, truncated = _cut(_solutions(result, variables), max_rows)
        except (SyntaxError, OSError, ValueError) as exc:
            raise InputError(f"the query cannot be run: {_first_line(exc)}") from exc
        return Answer("select", variables, tuple(rows), truncated=truncated)


def _solutions(result: pyoxigraph.QuerySolutions, variables: tuple[str, ...]) -> Iterator[Row]:
    for solution in result:
        yield {v: to_rdflib(solution[v]) if solution[v] is not None else None
               for v in variables}


@lru_cache(maxsize=1 << 16)
def to_rdflib(term: Any) -> Node:
    """A pyoxigraph term as the equal rdflib term (no round trip through N3 text). Cached:
    making an rdflib Literal parses its lexical form, and results repeat their terms."""
    import pyoxigraph

    if isinstance(term, pyoxigraph.NamedNode):
        return URIRef(term.value)
    if isinstance(term, pyoxigraph.BlankNode):
        return BNode(term.value)
    if isinstance(term, pyoxigraph.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype == "http://www.w3.org/2001/XMLSchema#string":
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(datatype))
    raise InputError(f"a query result holds a term rdflib cannot represent: {term}")


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0][:200]


BACKENDS: dict[str, Callable[[Dataset], Backend]] = {
    "rdflib": RdflibBackend, "oxigraph": OxigraphBackend}
FILE_BACKENDS: dict[str, Callable[[Path], Backend]] = {
    "rdflib": RdflibBackend.from_file, "oxigraph": OxigraphBackend.from_file}
