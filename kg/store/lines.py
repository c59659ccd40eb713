"""Named graphs as N-Quads lines, taken one graph at a time as the build finishes it.

The build used to keep every article's rdflib graph until the end, convert all of them to
pyoxigraph quads (a Python object of some 560 bytes each), serialise those to N-Quads to sort
them and parse the sorted text back into quads again: at 1,000 articles several copies of a
million quads at once. Here a finished graph becomes N-Quads lines straight away (each term
written once, by pyoxigraph's own term printer, so the lines are the bytes its N-Quads
serialiser writes) and the graph can go; the store is then bulk-loaded from the sorted text.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from typing import Protocol

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from kg.store.terms import to_ox

DEFAULT_GRAPH = "urn:x-rdflib:default"


class QuadLines:
    """The N-Quads lines of the graphs added so far, and the N-Triples lines of their union
    (each distinct triple once)."""

    def __init__(self) -> None:
        self.quads: list[bytes] = []
        self.triples: set[bytes] = set()
        self.graph_names: set[str] = set()  # the named graphs holding a triple
        self.default_graph = False  # whether the default graph holds one
        self._term = _memo_nt()

    def add(self, g: Graph) -> None:
        """Every triple of ``g`` in the graph its identifier names (rdflib's default graph or
        a blank identifier: the default graph, as ``GraphStore.from_graphs``)."""
        self.add_lines(graph_lines(g, self._term))

    def add_lines(self, lines: GraphLines) -> None:
        """A graph's lines as ``graph_lines`` gives them (made here or in a worker)."""
        name, triple_lines = lines
        tail = b" " + self._term(URIRef(name)) + b" ." if name is not None else b" ."
        # N-Triples line "<s> <p> <o>" → N-Quads line "<s> <p> <o> <g> .".
        self.quads.extend(t + tail for t in triple_lines)
        self.triples.update(t + b" ." for t in triple_lines)
        if triple_lines and name is not None:
            self.graph_names.add(name)
        elif triple_lines:
            self.default_graph = True

    def nquads(self) -> bytes:
        """The quads' lines, each once, sorted (as ``GraphStore`` keeps them); empties the
        list, which is not needed once joined."""
        lines = sorted(set(self.quads))
        self.quads = []
        return b"\n".join(lines) + b"\n" if lines else b""

    def ntriples(self) -> bytes:
        """The union's lines, sorted: the order in which each triple first occurs among the
        sorted quad lines (a triple's line is a prefix of its quads' lines up to " ." and
        " <g> ." , and ' ' sorts the same against whatever follows)."""
        lines = sorted(self.triples)
        self.triples = set()
        return b"\n".join(lines) + b"\n" if lines else b""


# A graph's name (None: the default graph) and its triples' N-Triples lines without " .".
GraphLines = tuple[str | None, list[bytes]]


class NamedTriples(Protocol):
    """A graph as ``graph_lines`` reads it: its name and its triples (an rdflib Graph, or
    ``kg.build.graphs.Triples``)."""

    @property
    def identifier(self) -> Node: ...

    def __iter__(self) -> Iterator[tuple[Node, Node, Node]]: ...


def graph_lines(g: NamedTriples, term: Callable[[Node], bytes] | None = None) -> GraphLines:
    """``g``'s triples as N-Triples lines, each term written by ``term`` (a memo of
    ``_memo_nt``; this process's own one by default)."""
    term = term or _process_memo()
    name = g.identifier
    named = isinstance(name, URIRef) and str(name) != DEFAULT_GRAPH
    return (str(name) if named else None,
            [b" ".join((term(s), term(p), term(o))) for s, p, o in g])


_PROCESS_MEMO: list[Callable[[Node], bytes]] = []


def _process_memo() -> Callable[[Node], bytes]:
    if not _PROCESS_MEMO:
        _PROCESS_MEMO.append(_memo_nt())
    return _PROCESS_MEMO[0]


def _memo_nt() -> Callable[[Node], bytes]:
    """A term's N-Triples form, each distinct term converted once (keyed like
    ``kg.store.terms.memo_to_ox``: literals by lexical form, language and datatype as
    written); ``to_ox`` gives the canonical lexical form of numbers and booleans."""
    memo: dict[object, bytes] = {}

    def convert(term: Node) -> bytes:
        key: object = ((str(term), term.language, term.datatype)
                       if isinstance(term, Literal) else term)
        found = memo.get(key)
        if found is None:
            found = memo[key] = str(to_ox(term)).encode()
        return found

    return convert


class ChainedReader(io.RawIOBase):
    """Several byte strings read as one stream, without joining them into a copy: the quads
    and the union's triples go into the store in one load, so that a blank node label names
    the same node in both."""

    def __init__(self, *parts: bytes) -> None:
        self._parts = [memoryview(p) for p in parts if p]

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        while self._parts:
            part = self._parts[0]
            n = min(len(buffer), len(part))
            buffer[:n] = part[:n]
            if n == len(part):
                self._parts.pop(0)
            else:
                self._parts[0] = part[n:]
            if n:
                return n
        return 0


def subject_lines(text: bytes, subject: bytes) -> list[bytes]:
    """The lines of sorted N-Triples ``text`` whose subject is ``subject`` (its N-Triples
    form), found by bisection: they are contiguous, since all start with ``subject`` and a
    space, and no term holds a space outside a literal (the object, last on the line)."""
    key = subject + b" "
    lo, hi = 0, len(text)
    # Invariant: lo is a line start, every line before it sorts below key, and the first line
    # not below it starts in [lo, hi].
    while lo < hi:
        mid = (lo + hi) // 2
        newline = text.rfind(b"\n", lo, mid)
        start = lo if newline < 0 else newline + 1
        end = text.find(b"\n", start)
        end = len(text) if end < 0 else end
        if text[start:end] < key:
            lo = end + 1
        else:
            hi = start
    found = []
    while text.startswith(key, lo):
        end = text.find(b"\n", lo)
        end = len(text) if end < 0 else end
        found.append(text[lo:end])
        lo = end + 1
    return found
