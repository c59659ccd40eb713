"""The built dataset held once, in a pyoxigraph store, with rdflib terms at the edges.

API (used by the build, the exports, the verification and, later, the endpoint):

- ``GraphStore.from_dataset(ds)`` / ``.from_graphs(graphs)``: the quads of an rdflib Dataset
  or of named rdflib Graphs (one named graph per article plus ontology, vocabularies, places,
  entities), literals in canonical form, bulk-loaded into Oxigraph; ``.from_lines(lines)``:
  graphs already taken as N-Quads lines one by one (kg.store.lines, what the build does).
- ``GraphStore.load_file(path)``: a TriG, N-Quads, Turtle, N-Triples or JSON-LD file, parsed by
  pyoxigraph (a triple format goes into the default graph).
- ``.query(sparql)``: SELECT rows as ``dict[variable, rdflib term]`` (unbound variables left
  out); ``.ask(sparql)``, ``.construct(sparql)``. The default graph of a query is the union of
  all graphs as a set (each distinct triple once, like kg.ttl); ``GRAPH ?g`` sees the named
  graphs. ``.store`` is the pyoxigraph Store itself; ``.union_store`` one whose default
  graph is the same union (the union alone until ``.store`` is asked for), and a query
  that names no graph is answered there.
- ``.quads()``: the quads as rdflib terms, sorted; ``.dataset()`` / ``.union()``: rdflib views;
  ``.union_about(nodes)``: the union's triples about a few subjects, as ``union()`` has them.
- ``.dump(format)``: deterministic bytes of the whole dataset (TriG, N-Quads) or its union
  (Turtle, N-Triples), written by pyoxigraph's serialisers with the project's prefixes.
- ``.triple_count`` (distinct triples of the union), ``.quad_count``, ``.graph_count``.

Why two copies of the quads: the store answers SPARQL, but it keeps values, not lexical forms
(an ``xsd:nonNegativeInteger`` comes back as ``xsd:integer``) and relabels blank nodes on
every load. The files must say exactly what the build made, so they are written from the
sorted N-Quads text that was loaded (and the union's sorted N-Triples), which keep datatypes
and blank-node labels; the text is kept compressed and parsed into quads only when a
reader asks for them.
"""

from __future__ import annotations

import re
import zlib
from array import array
from collections.abc import Iterable, Iterator
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal, URIRef

from kg.errors import InputError
from kg.store.lines import PackedTexts, QuadLines, subject_lines, unpacked_reader
from kg.store.terms import (
    RdfTerm,
    canonical_decimal,
    canonical_lexical,
    canonical_literal,
    memo_to_rdflib,
    to_ox,
    to_rdflib,
)

# A query that may name a graph: GRAPH, FROM (NAMED) outside any other word, once its
# IRIs, strings and comments are blanked out (a "graph" in a comment names none).
_NAMES_GRAPHS = re.compile(r"(?i)(?<![\w:?$])(?:GRAPH|FROM|NAMED)(?![\w:])")
_NOT_KEYWORDS = re.compile(
    r'<[^<>"{}|^`\\\s]*>|"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
    r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|#[^\n]*')


def names_graphs(sparql: str) -> bool:
    """Whether ``sparql`` may name a graph (``GRAPH``, ``FROM``, ``FROM NAMED``)."""
    return bool(_NAMES_GRAPHS.search(_NOT_KEYWORDS.sub(" ", sparql)))

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


class GraphStore:
    """One dataset: a sorted list of quads (for the files) and a pyoxigraph store (for
    SPARQL)."""

    def __init__(self, quads: Iterable[ox.Quad]) -> None:
        # Sorted as N-Quads lines, by pyoxigraph's own serialiser and parser: a Python sort
        # key per term took seconds for ten thousand quads.
        text = ox.serialize(quads, format=ox.RdfFormat.N_QUADS)
        assert isinstance(text, bytes)
        lines = sorted(set(text.splitlines()))
        nquads = b"\n".join(lines) + b"\n" if lines else b""
        parsed = list(ox.parse(nquads, format=ox.RdfFormat.N_QUADS))
        seen: set[ox.Triple] = set()
        union: list[ox.Triple] = []  # each triple once, in the order of its first quad
        for q in parsed:
            if q.triple not in seen:
                seen.add(q.triple)
                union.append(q.triple)
        text = ox.serialize(union, format=ox.RdfFormat.N_TRIPLES)
        assert isinstance(text, bytes)
        # Sorted lines: the order of first quads already, made sure of (kg.store.lines).
        ntriples = b"".join(sorted(text.splitlines(keepends=True)))
        names = {q.graph_name.value if isinstance(q.graph_name, ox.NamedNode) else None
                 for q in parsed}
        self._load(PackedTexts.of(nquads, ntriples), parsed, names)

    def _load(self, texts: PackedTexts, quads: list[ox.Quad] | None,
              graphs: set[str | None]) -> None:
        """Keep the sorted N-Quads and the union's sorted N-Triples (compressed, as
        ``texts``), and load both into the store. ``quads``: the parsed N-Quads, kept if given;
        the build's store gives none and parses its text again whenever quads are asked for
        (the TriG file), rather than hold a million Python objects through validation.
        ``graphs``: the names of the graphs holding a quad (None: the default graph)."""
        # Each file or check that reads a text unpacks it (0.26 s and 0.38 s at 1,000
        # articles); held unpacked, the two were 470 of the build's 2,400 MB peak heap.
        self._texts = texts
        self._parsed = quads
        self._graphs = graphs
        self._full: ox.Store | None = None
        self._union_only: ox.Store | None = None

    @property
    def store(self) -> ox.Store:
        """The pyoxigraph store: every named graph, and the union of all graphs as a set in
        the default graph, as kg.ttl has it (Oxigraph's own union mode answers a triple once
        per graph that holds it). Loaded when first asked for."""
        if self._full is None:
            # N-Triples lines are N-Quads lines of the default graph; one load keeps blank
            # nodes the same in both. lenient: every term was checked when it was made.
            full = ox.Store()
            full.load(self._texts.reader(), format=ox.RdfFormat.N_QUADS, lenient=True)
            self._full, self._union_only = full, None
        return self._full

    @property
    def union_store(self) -> ox.Store:
        """A pyoxigraph store whose default graph is the union, as in ``store``: ``store``
        itself once loaded, else one of the union alone, loaded when first asked for.

        Why: nothing the build writes or checks asks for a named graph (no ``GRAPH``, no
        ``FROM``), and the union alone is half the quads: at 1,000 articles it loads in
        2.5 s instead of 6.5 s (``store`` when a query names graphs)."""
        if self._full is not None:
            return self._full
        if self._union_only is None:
            union = ox.Store()
            union.load(unpacked_reader(self._texts.ntriples), format=ox.RdfFormat.N_TRIPLES,
                       lenient=True)
            self._union_only = union
        return self._union_only

    def _store_for(self, sparql: str) -> ox.Store:
        """The store that answers ``sparql``: the union's alone unless the text may name a
        graph (``names_graphs``: a false alarm only costs loading the named graphs)."""
        return self.store if names_graphs(sparql) else self.union_store

    @property
    def _nquads(self) -> bytes:
        """The sorted N-Quads text of the dataset."""
        return zlib.decompress(self._texts.nquads)

    @property
    def _union(self) -> bytes:
        """The sorted N-Triples text of the union (each distinct triple once)."""
        return zlib.decompress(self._texts.ntriples)

    @property
    def _quads(self) -> list[ox.Quad]:
        if self._parsed is not None:
            return self._parsed
        return list(ox.parse(self._nquads, format=ox.RdfFormat.N_QUADS))

    # ---- construction ------------------------------------------------------------------------

    @classmethod
    def from_dataset(cls, ds: Dataset) -> GraphStore:
        """Every quad of the Dataset's named graphs (the default graph too, if not empty)."""
        return cls.from_graphs(ds.graphs())

    @classmethod
    def from_graphs(cls, graphs: Iterable[Graph]) -> GraphStore:
        """Every triple of each graph in the graph its identifier names (rdflib's default
        graph or a blank identifier: the default graph)."""
        lines = QuadLines()
        for g in graphs:
            lines.add(g)
        return cls.from_lines(lines)

    @classmethod
    def from_lines(cls, lines: QuadLines) -> GraphStore:
        """The graphs collected in ``lines`` (emptied), as ``from_graphs`` would hold them."""
        store = cls.__new__(cls)
        graphs: set[str | None] = set(lines.graph_names)
        if lines.default_graph:
            graphs.add(None)
        store._load(lines.packed(), None, graphs)
        return store

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
        return self._texts.quad_count

    @property
    def triple_count(self) -> int:
        """Distinct triples of the union of all graphs (a triple in two graphs counts once)."""
        return self._texts.triple_count

    @property
    def subject_count(self) -> int:
        # An N-Triples subject (IRI or blank node) holds no space.
        return len({line.split(b" ", 1)[0] for line in self._union.splitlines()})

    @property
    def graph_count(self) -> int:
        return len(self._graphs)

    def graph_names(self) -> list[str]:
        return sorted(name for name in self._graphs if name is not None)

    def query(self, sparql: str) -> list[dict[str, RdfTerm]]:
        """SELECT rows, each variable bound to an rdflib term; the default graph is the union."""
        result = self._store_for(sparql).query(sparql)
        if not isinstance(result, ox.QuerySolutions):
            raise TypeError("not a SELECT query")
        names = [v.value for v in result.variables]
        rows: list[dict[str, RdfTerm]] = []
        # Rows repeat their titles, labels, units and places: each converted once.
        term = memo_to_rdflib()
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
        result = self._store_for(sparql).query(sparql)
        if not isinstance(result, ox.QueryTriples):
            raise TypeError("not a CONSTRUCT query")
        g = Graph()
        for t in result:
            g.add((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)))
        return g

    def ask(self, sparql: str) -> bool:
        result = self._store_for(sparql).query(sparql)
        if not isinstance(result, ox.QueryBoolean):
            raise TypeError("not an ASK query")
        return bool(result)

    def quads(self) -> Iterator[tuple[RdfTerm, RdfTerm, RdfTerm, URIRef | None]]:
        term = memo_to_rdflib()
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
        return ntriples_graph(self._union)

    def union_about(self, nodes: Iterable[URIRef | BNode]) -> Graph:
        """The triples of ``union()`` whose subject is one of ``nodes``, with the same terms
        and, per subject, in the same order (``triples_about`` of the union's text)."""
        wanted = set(nodes)
        return triples_about(self._union if wanted else b"", wanted)

    def packed_union(self) -> bytes:
        """The union's sorted N-Triples text (``dump("ntriples")``), zlib-compressed: what
        the validation is sent when it runs in a process of its own."""
        return self._texts.ntriples

    def union_triples(self) -> Iterator[ox.Triple]:
        """The distinct triples of the union, in N-Triples line order (that of their first
        quads, the order ``union()`` adds them), parsed afresh on each call: a list of them
        (some 200 bytes a triple) held from the Turtle file to the end of the JSON-LD one was
        195 MB at 1,000 articles, at the build's peak, and a second parse costs about what
        building the list did."""
        return ox.parse(self._union, format=ox.RdfFormat.N_TRIPLES)

    def dump(self, fmt: str, prefixes: dict[str, str] | None = None) -> bytes:
        """The dataset (trig, nquads) or the union of its graphs (turtle, ntriples), sorted:
        N-Quads and N-Triples by line; TriG by graph name, then as the graph's N-Quads lines
        sort."""
        if fmt == "nquads":
            return self._nquads
        if fmt == "ntriples":  # the union's lines, sorted, as the store keeps them
            return self._union
        out = DUMP_FORMATS[fmt]
        data: Iterable[ox.Quad] | Iterable[ox.Triple]
        if out.supports_datasets:
            data = (q for _, lines in self._graph_texts()
                    for q in ox.parse(lines, format=ox.RdfFormat.N_QUADS))
        else:
            data = self.union_triples()
        text = ox.serialize(data, format=out,
                            prefixes=prefixes if fmt in ("trig", "turtle") else None)
        assert isinstance(text, bytes)
        return text

    def _graph_texts(self) -> Iterator[tuple[str, bytes]]:
        """Each graph's N-Quads lines, in line order, graph after graph in name order (the
        default graph first): one graph's quads parsed at a time, not the whole dataset as
        Python objects (some 400 MB at 1,000 articles, the largest part of publishing)."""
        kept = self._texts.graph_texts()
        if kept is not None:
            yield from kept
            return
        text = self._nquads
        if None in self._graphs:  # a default-graph line has no graph term to find
            by_graph: dict[str, list[ox.Quad]] = {}
            for q in ox.parse(text, format=ox.RdfFormat.N_QUADS):
                g = q.graph_name
                by_graph.setdefault(g.value if isinstance(g, ox.NamedNode) else "",
                                    []).append(q)
            for graph in sorted(by_graph):
                lines = ox.serialize(by_graph.pop(graph), format=ox.RdfFormat.N_QUADS)
                assert isinstance(lines, bytes)
                yield graph, lines
            return
        spans: dict[bytes, array[int]] = {}
        find, rfind = text.find, text.rfind
        start, size = 0, len(text)
        while start < size:
            end = find(b"\n", start) + 1
            # The graph's IRI holds no space: its " <" is the line's last one; "> .\n" ends it.
            name = text[rfind(b" <", start, end) + 2:end - 4]
            found = spans.get(name)
            if found is None:
                found = spans[name] = array("q")
            found.append(start)
            found.append(end)
            start = end
        for name in sorted(spans):
            bounds = spans.pop(name)
            yield name.decode(), b"".join(text[bounds[i]:bounds[i + 1]]
                                         for i in range(0, len(bounds), 2))

    def shards(self, max_quads: int) -> list[bytes]:
        """The dataset as N-Quads files for bulk loaders (Oxigraph, Fuseki, Virtuoso, QLever):
        whole named graphs, in name order, packed into files of at most ``max_quads`` quads
        (a bigger graph has a file of its own); the lines of each file sorted."""
        packs: list[list[bytes]] = []
        counts: list[int] = []
        for _, lines in self._graph_texts():
            quads = lines.count(b"\n")
            if not packs or counts[-1] + quads > max_quads:
                packs.append([])
                counts.append(0)
            packs[-1].append(lines)
            counts[-1] += quads
        return [b"".join(sorted(b"".join(pack).splitlines(keepends=True))) for pack in packs]


def ntriples_graph(text: bytes) -> Graph:
    """Sorted N-Triples text (the union's, ``GraphStore.dump("ntriples")``) as one rdflib
    Graph, each triple in the order of its line (that of its first quad)."""
    g = Graph()
    term = memo_to_rdflib()
    # The store's own add, because Graph.add only re-checks the term types.
    add = g.store.add
    for t in ox.parse(text, format=ox.RdfFormat.N_TRIPLES):
        add((term(t.subject), term(t.predicate), term(t.object)), g, False)
    return g


def triples_about(text: bytes, nodes: Iterable[URIRef | BNode]) -> Graph:
    """The triples of sorted N-Triples ``text`` whose subject is one of ``nodes``, as
    ``ntriples_graph(text)`` has them: what a reader of a few nodes needs, without the whole
    union as rdflib terms (kg.validate's findings). Each subject's lines are found by
    bisection."""
    lines: list[bytes] = []
    for node in set(nodes):
        lines += subject_lines(text, str(to_ox(node)).encode())
    return ntriples_graph(b"\n".join(sorted(lines)))


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
    "ntriples_graph",
    "select",
    "to_ox",
    "to_rdflib",
    "triples_about",
]
