"""The built dataset held once, in a pyoxigraph store, with rdflib terms at the edges.

API (used by the build, the exports, the verification and, later, the endpoint):

- ``GraphStore.from_dataset(ds)`` / ``.from_graphs(graphs)``: the quads of an rdflib Dataset
  or of named rdflib Graphs (one named graph per article plus ontology, vocabularies, places,
  entities), literals in canonical form, bulk-loaded into Oxigraph.
- ``GraphStore.load_file(path)``: a TriG, N-Quads, Turtle, N-Triples or JSON-LD file, parsed by
  pyoxigraph (a triple format goes into the default graph).
- ``.query(sparql)``: SELECT rows as ``dict[variable, rdflib term]`` (unbound variables left
  out); ``.ask(sparql)``, ``.construct(sparql)``. The default graph of a query is the union of
  all graphs as a set (each distinct triple once, like kg.ttl); ``GRAPH ?g`` sees the named
  graphs. ``.store`` is the pyoxigraph Store itself.
- ``.quads()``: the quads as rdflib terms, sorted; ``.dataset()`` / ``.union()``: rdflib views.
- ``.dump(format)``: deterministic bytes of the whole dataset (TriG, N-Quads) or its union
  (Turtle, N-Triples), written by pyoxigraph's serialisers with the project's prefixes.
- ``.triple_count`` (distinct triples of the union), ``.quad_count``, ``.graph_count``.

Why two copies of the quads: the store answers SPARQL, but it keeps values, not lexical forms
(an ``xsd:nonNegativeInteger`` comes back as ``xsd:integer``) and relabels blank nodes on
every load. The files must say exactly what the build made, so they are written from the
sorted quad list that was loaded, which keeps datatypes and blank-node labels.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from kg.errors import InputError

RdfTerm = URIRef | BNode | Literal
Quad = tuple[ox.NamedNode | ox.BlankNode, ox.NamedNode, ox.NamedNode | ox.BlankNode | ox.Literal,
             ox.NamedNode | ox.DefaultGraph]

FILE_FORMATS = {
    ".trig": ox.RdfFormat.TRIG,
    ".nq": ox.RdfFormat.N_QUADS,
    ".ttl": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".jsonld": ox.RdfFormat.JSON_LD,
}
DUMP_FORMATS = {
    "trig": ox.RdfFormat.TRIG,
    "nquads": ox.RdfFormat.N_QUADS,
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
}
_INTEGERS = {str(XSD[n]) for n in (
    "integer", "nonNegativeInteger", "positiveInteger", "negativeInteger",
    "nonPositiveInteger", "long", "int", "short", "byte", "unsignedLong", "unsignedInt",
    "unsignedShort", "unsignedByte")}
_INTEGER_TEXT = re.compile(r"^[+-]?\d+$")


def canonical_decimal(value: object) -> str:
    """The XSD 1.1 canonical form of a decimal: ``580000``, ``1.45``, ``-0.5`` (no exponent, no
    trailing zeros, no ``.0``); the form Oxigraph itself returns, so files and query answers
    agree."""
    d = Decimal(str(value)).normalize()
    if d == 0:
        return "0"
    return format(d, "f")


def canonical_lexical(text: str, datatype: str) -> str:
    """One lexical form per value for the numeric and boolean datatypes; others as given."""
    try:
        if datatype == str(XSD.decimal):
            return canonical_decimal(text.strip())
        if datatype in _INTEGERS and _INTEGER_TEXT.match(text.strip()):
            return str(int(text.strip()))
    except InvalidOperation:
        return text
    if datatype == str(XSD.boolean) and text.strip() in ("1", "0", "true", "false"):
        return "true" if text.strip() in ("1", "true") else "false"
    return text


def canonical_literal(term: Literal) -> Literal:
    if term.datatype is None:
        return term
    text = canonical_lexical(str(term), str(term.datatype))
    return term if text == str(term) else Literal(text, datatype=term.datatype)


# ---- terms between rdflib and pyoxigraph --------------------------------------------------------


def to_ox(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            text = canonical_lexical(str(term), str(term.datatype))
            return ox.Literal(text, datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"not an RDF term: {term!r}")


def to_rdflib(term: object) -> RdfTerm:
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        if term.datatype.value == str(XSD.string):
            return Literal(term.value)
        # normalize=False: the lexical form stays what the store or file says.
        return Literal(term.value, datatype=URIRef(term.datatype.value), normalize=False)
    raise TypeError(f"not an RDF term: {term!r}")


def _memo_to_ox() -> Callable[[Node], ox.NamedNode | ox.BlankNode | ox.Literal]:
    """``to_ox`` remembering its answers: a dataset names the same IRIs and values thousands
    of times, and each conversion (IRI check, canonical lexical form) costs microseconds.
    Literals are keyed on lexical form, language and datatype as written, so two spellings
    rdflib counts as equal (language tags differing in case) still convert apart."""
    memo: dict[object, ox.NamedNode | ox.BlankNode | ox.Literal] = {}

    def convert(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
        key: object = ((str(term), term.language, term.datatype)
                       if isinstance(term, Literal) else term)
        found = memo.get(key)
        if found is None:
            found = memo[key] = to_ox(term)
        return found

    return convert


def _memo_to_rdflib() -> Callable[[object], RdfTerm]:
    """``to_rdflib`` remembering its answers (pyoxigraph terms hash and compare as RDF
    terms): building a URIRef checks the IRI in Python, a microsecond each."""
    memo: dict[object, RdfTerm] = {}

    def convert(term: object) -> RdfTerm:
        found = memo.get(term)
        if found is None:
            found = memo[term] = to_rdflib(term)
        return found

    return convert


class GraphStore:
    """One dataset: a sorted list of quads (for the files) and a pyoxigraph store (for
    SPARQL)."""

    def __init__(self, quads: Iterable[ox.Quad]) -> None:
        # Sorted as N-Quads lines, by pyoxigraph's own serialiser and parser: a Python sort
        # key per term took seconds for ten thousand quads.
        text = ox.serialize(quads, format=ox.RdfFormat.N_QUADS)
        assert isinstance(text, bytes)
        lines = sorted(set(text.splitlines()))
        self._nquads = b"\n".join(lines) + b"\n" if lines else b""
        self._quads = list(ox.parse(self._nquads, format=ox.RdfFormat.N_QUADS))
        # Kept only from the first time publishing asks for them: a list of every triple
        # held through the build and validation would raise the build's peak memory.
        self._union: list[ox.Triple] | None = None
        # The default graph holds the union of all graphs as a set, as kg.ttl does: Oxigraph's
        # own union mode answers a triple once per graph that holds it.
        default = ox.DefaultGraph()
        self.store = ox.Store()
        self.store.bulk_extend([*self._quads, *(ox.Quad(t.subject, t.predicate, t.object,
                                                        default) for t in self._distinct())])

    # ---- construction ------------------------------------------------------------------------

    @classmethod
    def from_dataset(cls, ds: Dataset) -> GraphStore:
        """Every quad of the Dataset's named graphs (the default graph too, if not empty)."""
        return cls.from_graphs(ds.graphs())

    @classmethod
    def from_graphs(cls, graphs: Iterable[Graph]) -> GraphStore:
        """Every triple of each graph in the graph its identifier names (rdflib's default
        graph or a blank identifier: the default graph)."""
        quads: list[ox.Quad] = []
        term = _memo_to_ox()
        for g in graphs:
            name = g.identifier
            graph: ox.NamedNode | ox.DefaultGraph = (
                ox.DefaultGraph() if str(name) == "urn:x-rdflib:default" or
                not isinstance(name, URIRef) else ox.NamedNode(str(name)))
            for s, p, o in g:
                quads.append(ox.Quad(term(s), term(p), term(o), graph))  # type: ignore[arg-type]
        return cls(quads)

    @classmethod
    def from_graph(cls, g: Graph) -> GraphStore:
        """A plain graph's triples in the default graph."""
        return cls(ox.Quad(to_ox(s), to_ox(p), to_ox(o), ox.DefaultGraph())  # type: ignore[arg-type]
                   for s, p, o in g)

    @classmethod
    def load_file(cls, path: Path) -> GraphStore:
        """Parse a graph file with pyoxigraph; InputError names the file, line and cause."""
        fmt = FILE_FORMATS.get(path.suffix.lower())
        if fmt is None:
            raise InputError(f"cannot tell the RDF format from the extension {path.suffix!r}; "
                             f"name the file with one of {', '.join(FILE_FORMATS)}", path)
        if not path.is_file():
            raise InputError("no such file; run `kg build` first or give a graph file", path)
        try:
            quads = list(ox.parse(path=str(path), format=fmt))
        except SyntaxError as exc:
            raise InputError(f"not valid {fmt.name} ({exc.msg}); fix the syntax or the "
                             "extension", path, getattr(exc, "lineno", None)) from exc
        return cls(quads)

    def with_graph(self, name: URIRef, g: Graph) -> GraphStore:
        """A new store: this one's quads plus ``g`` added to the named graph ``name``."""
        graph = ox.NamedNode(str(name))
        added = [ox.Quad(to_ox(s), to_ox(p), to_ox(o), graph)  # type: ignore[arg-type]
                 for s, p, o in g]
        return GraphStore([*self._quads, *added])

    # ---- reading -----------------------------------------------------------------------------

    @property
    def quad_count(self) -> int:
        return len(self._quads)

    @property
    def triple_count(self) -> int:
        """Distinct triples of the union of all graphs (a triple in two graphs counts once)."""
        return len({q.triple for q in self._quads})

    @property
    def subject_count(self) -> int:
        return len({q.subject for q in self._quads})

    @property
    def graph_count(self) -> int:
        return len({q.graph_name for q in self._quads})

    def graph_names(self) -> list[str]:
        return sorted({q.graph_name.value for q in self._quads
                       if isinstance(q.graph_name, ox.NamedNode)})

    def query(self, sparql: str) -> list[dict[str, RdfTerm]]:
        """SELECT rows, each variable bound to an rdflib term; the default graph is the union."""
        result = self.store.query(sparql)
        if not isinstance(result, ox.QuerySolutions):
            raise TypeError("not a SELECT query")
        names = [v.value for v in result.variables]
        rows: list[dict[str, RdfTerm]] = []
        # Rows repeat their titles, labels, units and places: each converted once.
        term = _memo_to_rdflib()
        for solution in result:
            row: dict[str, RdfTerm] = {}
            for name in names:
                value = solution[name]
                if value is not None:
                    row[name] = term(value)
            rows.append(row)
        return rows

    def construct(self, sparql: str) -> Graph:
        """A CONSTRUCT (or DESCRIBE) query's triples as an rdflib Graph."""
        result = self.store.query(sparql)
        if not isinstance(result, ox.QueryTriples):
            raise TypeError("not a CONSTRUCT query")
        g = Graph()
        for t in result:
            g.add((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)))
        return g

    def ask(self, sparql: str) -> bool:
        result = self.store.query(sparql)
        if not isinstance(result, ox.QueryBoolean):
            raise TypeError("not an ASK query")
        return bool(result)

    def quads(self) -> Iterator[tuple[RdfTerm, RdfTerm, RdfTerm, URIRef | None]]:
        term = _memo_to_rdflib()
        for q in self._quads:
            graph = q.graph_name
            yield (term(q.subject), term(q.predicate), term(q.object),
                   URIRef(graph.value) if isinstance(graph, ox.NamedNode) else None)

    def dataset(self) -> Dataset:
        """An rdflib Dataset view (one named graph per graph of the store)."""
        ds = Dataset()
        graphs: dict[URIRef | None, Graph] = {}
        for s, p, o, name in self.quads():
            if name not in graphs:
                graphs[name] = ds.graph(name) if name is not None else ds.default_graph
            graphs[name].add((s, p, o))
        return ds

    def union(self) -> Graph:
        """The union of every graph as one rdflib Graph (what pyshacl validates)."""
        g = Graph()
        term = _memo_to_rdflib()
        # Each distinct triple once, in the order of its first quad (the order the quads
        # gave before); the store's own add, because Graph.add only re-checks the term types.
        add = g.store.add
        # Not kept here: the build validates this Graph long before it publishes.
        for t in self._union if self._union is not None else self._distinct():
            add((term(t.subject), term(t.predicate), term(t.object)), g, False)
        return g

    def union_triples(self) -> list[ox.Triple]:
        """The distinct triples of the union, in the order ``union()`` adds them."""
        return self._triples()

    def _triples(self) -> list[ox.Triple]:
        """The distinct triples of the union, in N-Triples line order; made once for JSON-LD,
        Turtle and N-Triples."""
        if self._union is None:
            self._union = self._distinct()
        return self._union

    def _distinct(self) -> list[ox.Triple]:
        seen: set[ox.Triple] = set()
        out: list[ox.Triple] = []
        for q in self._quads:
            t = q.triple
            if t not in seen:
                seen.add(t)
                out.append(t)
        return out

    def dump(self, fmt: str, prefixes: dict[str, str] | None = None) -> bytes:
        """The dataset (trig, nquads) or the union of its graphs (turtle, ntriples), sorted:
        graphs by name, then subjects, predicates and objects as N-Quads lines sort."""
        if fmt == "nquads":
            return self._nquads
        out = DUMP_FORMATS[fmt]
        data: list[ox.Quad] | list[ox.Triple]
        if out.supports_datasets:
            by_graph: dict[str, list[ox.Quad]] = {}
            for q in self._quads:
                g = q.graph_name
                by_graph.setdefault(g.value if isinstance(g, ox.NamedNode) else "", []).append(q)
            data = [q for name in sorted(by_graph) for q in by_graph[name]]
        else:
            data = self._triples()
        text = ox.serialize(data, format=out,
                            prefixes=prefixes if fmt in ("trig", "turtle") else None)
        assert isinstance(text, bytes)
        if fmt == "ntriples":  # one triple a line: sort the lines themselves
            text = b"".join(sorted(text.splitlines(keepends=True)))
        return text

    def shards(self, max_quads: int) -> list[bytes]:
        """The dataset as N-Quads files for bulk loaders (Oxigraph, Fuseki, Virtuoso, QLever):
        whole named graphs, in name order, packed into files of at most ``max_quads`` quads
        (a bigger graph has a file of its own); the lines of each file sorted."""
        by_graph: dict[str, list[ox.Quad]] = {}
        for q in self._quads:
            g = q.graph_name
            by_graph.setdefault(g.value if isinstance(g, ox.NamedNode) else "", []).append(q)
        packs: list[list[ox.Quad]] = []
        for name in sorted(by_graph):
            quads = by_graph[name]
            if not packs or len(packs[-1]) + len(quads) > max_quads:
                packs.append([])
            packs[-1].extend(quads)
        out = []
        for pack in packs:
            text = ox.serialize(pack, format=ox.RdfFormat.N_QUADS)
            assert isinstance(text, bytes)
            out.append(b"".join(sorted(text.splitlines(keepends=True))))
        return out


Source = Graph | GraphStore


def select(source: Source, sparql: str) -> list[dict[str, RdfTerm]]:
    """SELECT rows from the store, or from an rdflib Graph (the reference engine in tests)."""
    if isinstance(source, GraphStore):
        return source.query(sparql)
    rows: list[dict[str, RdfTerm]] = []
    for r in source.query(sparql):
        bound = r.asdict()  # type: ignore[union-attr]
        rows.append({k: v for k, v in bound.items() if isinstance(v, URIRef | BNode | Literal)})
    return rows


__all__ = [
    "GraphStore",
    "Source",
    "canonical_decimal",
    "canonical_lexical",
    "canonical_literal",
    "select",
    "to_ox",
    "to_rdflib",
]
