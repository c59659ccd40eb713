"""The named graphs of a build while it is being made: one plain rdflib Graph each.

An rdflib Dataset keeps every named graph in one Memory store, so a pattern lookup inside one
article's graph (``g.triples((None, fk:mentionedIn, None))``, ``g.subject_objects(fk:unit)``)
walks the matching triples of every article and filters them by graph: the build grew with
the square of the corpus. Here each graph has a store of its own; the build asks only
``graph(name)`` and ``graphs()`` of it, as it asked of the Dataset. A finished graph is
taken out (``pop``) and turned into N-Quads lines at once (``kg.store.lines``), and the store
is bulk-loaded from those lines (``GraphStore.from_lines``), so the corpus's graphs are never
all held at once. What a graph holds never depends on the order of its triples: the store
sorts them.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Protocol

from rdflib import Graph, URIRef
from rdflib.plugins.stores.memory import SimpleMemory
from rdflib.term import Node

Triple = tuple[Node, Node, Node]


class TripleSink(Protocol):
    """What the functions that describe one thing need of a graph: ``add`` (an rdflib Graph,
    or ``Triples``)."""

    def add(self, triple: Triple) -> object: ...


class GraphSet(Protocol):
    """What the build needs of a dataset: a named graph by name, made on first use (an rdflib
    Dataset or ``NamedGraphs``)."""

    def graph(self, identifier: URIRef) -> Graph: ...


class NamedGraphs:
    """Named graphs, each its own rdflib Graph, in the order they were first asked for."""

    def __init__(self) -> None:
        self._graphs: dict[URIRef, Graph] = {}

    def graph(self, identifier: URIRef) -> Graph:
        found = self._graphs.get(identifier)
        if found is None:
            # SimpleMemory: the three indexes and nothing else (no per-add context bookkeeping
            # or event); a graph of its own needs no contexts.
            found = self._graphs[identifier] = Graph(store=SimpleMemory(),
                                                     identifier=identifier)
        return found

    def graphs(self) -> Iterator[Graph]:
        return iter(list(self._graphs.values()))

    def pop(self, identifier: URIRef) -> Graph:
        """Take a finished graph out (the build turns it into N-Quads lines and lets it go);
        asking for it again starts an empty one."""
        return self._graphs.pop(identifier)


class Triples:
    """One article's graph while ``kg.pipeline`` describes it, before it becomes N-Quads lines:
    its triples, each once, in the order first added, and no indexes. Its one lookup (the
    units and values of its observations, ``kg.link.units``) scans; an rdflib Graph kept
    three indexes of every triple that the lines never use."""

    def __init__(self, identifier: URIRef) -> None:
        self.identifier = identifier
        self._triples: dict[Triple, None] = {}

    def add(self, triple: Triple) -> Triples:
        self._triples[triple] = None
        return self

    def __iter__(self) -> Iterator[Triple]:
        return iter(list(self._triples))

    def __len__(self) -> int:
        return len(self._triples)

    def subject_objects(self, predicate: Node) -> Iterator[tuple[Node, Node]]:
        return iter([(s, o) for s, p, o in self._triples if p == predicate])
