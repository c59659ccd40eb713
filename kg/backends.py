"""Query engines over the same dataset: rdflib (embedded default) and Oxigraph.

Both answer SELECT/ASK/CONSTRUCT/DESCRIBE over the union of the named graphs, return rows
as rdflib terms (so that results can be compared across engines) and serialise results in
the SPARQL 1.1 formats. Neither accepts updates.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from rdflib import Dataset, Graph
from rdflib.term import Node
from rdflib.util import from_n3

from kg.errors import InputError

Row = dict[str, Node | None]

_UPDATE = re.compile(
    r"^\s*(?:(?:PREFIX|BASE)\b[^\n]*\n\s*)*(?:INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Answer:
    kind: str  # select | ask | graph
    variables: tuple[str, ...] = ()
    rows: tuple[Row, ...] = ()
    boolean: bool | None = None
    graph: Graph | None = None


class Backend(Protocol):
    name: str

    def answer(self, query: str) -> Answer: ...


def refuse_updates(query: str) -> None:
    if _UPDATE.search(_strip_comments(query)):
        raise InputError("this is a SPARQL Update; the graph is read-only (queries only)")


def _strip_comments(text: str) -> str:
    return re.sub(r"(?m)#[^\n<>\"']*$", "", text)


class RdflibBackend:
    name = "rdflib"

    def __init__(self, dataset: Dataset):
        self.union = Graph()
        for g in dataset.graphs():
            for t in g:
                self.union.add(t)

    def answer(self, query: str) -> Answer:
        refuse_updates(query)
        try:
            result = self.union.query(query)
        except Exception as exc:  # pyparsing and evaluation errors have many types
            raise InputError(f"the query cannot be run: {_first_line(exc)}") from exc
        if result.type == "ASK":
            return Answer("ask", boolean=bool(result.askAnswer))
        if result.type in ("CONSTRUCT", "DESCRIBE"):
            g = Graph()
            for t in result:
                g.add(t)  # type: ignore[arg-type]
            return Answer("graph", graph=g)
        variables = tuple(str(v) for v in (result.vars or []))
        rows = tuple({v: r[i] for i, v in enumerate(variables)}  # type: ignore[index]
                     for r in result)
        return Answer("select", variables, rows)


class OxigraphBackend:
    name = "oxigraph"

    def __init__(self, dataset: Dataset):
        import pyoxigraph

        # The default graph holds the union as a set (as rdflib's union does): Oxigraph's
        # own union-default-graph mode repeats a triple once per named graph holding it.
        self.store = pyoxigraph.Store()
        quads = dataset.serialize(format="nquads")
        self.store.load(quads.encode("utf-8") if isinstance(quads, str) else quads,
                        format=pyoxigraph.RdfFormat.N_QUADS)
        union = Graph()
        for g in dataset.graphs():
            for t in g:
                union.add(t)
        triples = union.serialize(format="nt")
        self.store.load(triples.encode("utf-8") if isinstance(triples, str) else triples,
                        format=pyoxigraph.RdfFormat.N_TRIPLES,
                        to_graph=pyoxigraph.DefaultGraph())

    def answer(self, query: str) -> Answer:
        import pyoxigraph

        refuse_updates(query)
        try:
            result = self.store.query(query)
        except (SyntaxError, OSError, ValueError) as exc:
            raise InputError(f"the query cannot be run: {_first_line(exc)}") from exc
        if isinstance(result, pyoxigraph.QueryBoolean):
            return Answer("ask", boolean=bool(result))
        if isinstance(result, pyoxigraph.QueryTriples):
            g = Graph()
            for t in result:
                g.add((_term(t.subject), _term(t.predicate), _term(t.object)))
            return Answer("graph", graph=g)
        variables = tuple(v.value for v in result.variables)
        rows = tuple({v: _term(s[v]) if s[v] is not None else None for v in variables}
                     for s in result)
        return Answer("select", variables, rows)


def _term(term: object) -> Node:
    node = from_n3(str(term))
    assert isinstance(node, Node)
    return node


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0][:200]


BACKENDS: dict[str, Callable[[Dataset], Backend]] = {
    "rdflib": RdflibBackend, "oxigraph": OxigraphBackend}
