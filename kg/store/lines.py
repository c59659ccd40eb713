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
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Protocol

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from kg.store.terms import to_ox

DEFAULT_GRAPH = "urn:x-rdflib:default"


class QuadLines:
    """The N-Quads lines of the graphs added so far; ``packed()`` gives them sorted, and the
    union's N-Triples lines (each distinct triple once), compressed."""

    def __init__(self) -> None:
        self.quads: list[bytes] = []
        self.default_lines: set[bytes] = set()  # the lines of quads in the default graph
        self.graph_names: set[str] = set()  # the named graphs holding a triple
        self.default_graph = False  # whether the default graph holds one
        # Each named graph's lines as they came, compressed, by the graph's N-Triples term:
        # what TriG and the shards are written from, one graph at a time.
        self.graph_pieces: dict[bytes, list[bytes]] = {}
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
        start = len(self.quads)
        self.quads.extend(t + tail for t in triple_lines)
        if triple_lines and name is not None:
            self.graph_names.add(name)
            self.graph_pieces.setdefault(tail[1:-2], []).append(
                zlib.compress(b"\n".join([*self.quads[start:], b""]), 1))
        elif triple_lines:
            self.default_graph = True
            self.default_lines.update(t + tail for t in triple_lines)

    def packed(self) -> PackedTexts:
        """The quads' lines, each once, sorted, and the union's lines, sorted, both
        compressed; empties the list of lines.

        The union is read off the sorted quad lines: a triple's quad lines are its N-Triples
        text followed by " <g> ." (or " ." in the default graph), so they are neighbours,
        and they come in the order of the triples' own lines (a space sorts below whatever
        can follow a term). No second set of a million lines is kept for it."""
        # Each graph's lines come sorted (graph_lines), so the list is a run of sorted runs,
        # which Python's sort merges (0.6 s at 1,000 articles; the set's order took 1.3 s).
        lines = self.quads
        self.quads = []
        lines.sort()
        # Both texts are compressed as they are made, 10,000 lines at a time: joined first,
        # the N-Quads alone were 2.7 GB at 10,000 articles, on top of the lines.
        quads, union = _Packer(b"\n"), _Packer(b" .\n")
        before = last = None
        defaults = self.default_lines
        self.default_lines = set()
        for line in lines:
            if line == before:  # a triple added to a graph twice: neighbours once sorted
                continue
            before = line
            quads.add(line)
            # The graph's IRI holds no space, so its " <" is the line's last one.
            triple = line[:-2] if defaults and line in defaults else line[:line.rindex(b" <")]
            if triple != last:
                union.add(triple)
                last = triple
        pieces, self.graph_pieces = self.graph_pieces, {}
        return PackedTexts(quads.packed(), union.packed(), quads.count, union.count,
                           None if self.default_graph else pieces)


class _Packer:
    """Lines compressed as they come, each followed by ``end``."""

    def __init__(self, end: bytes) -> None:
        self._end = end
        self._zip = zlib.compressobj(1)
        self._pieces: list[bytes] = []
        self._chunk: list[bytes] = []
        self.count = 0

    def add(self, line: bytes) -> None:
        self._chunk.append(line)
        self.count += 1
        if len(self._chunk) == 10_000:
            self._flush()

    def _flush(self) -> None:
        self._chunk.append(b"")
        self._pieces.append(self._zip.compress(self._end.join(self._chunk)))
        self._chunk.clear()

    def packed(self) -> bytes:
        if self._chunk:
            self._flush()
        self._pieces.append(self._zip.flush())
        return b"".join(self._pieces)


@dataclass(frozen=True)
class PackedTexts:
    """A dataset's sorted N-Quads text and its union's sorted N-Triples text, each
    compressed by zlib's fastest level (N-Quads repeat their IRIs line after line and shrink
    some twenty-fold: 470 MB → 22 MB at 1,000 articles), with their line counts."""

    nquads: bytes
    ntriples: bytes
    quad_count: int
    triple_count: int
    # Each named graph's N-Quads lines, in compressed pieces, unsorted, by the graph's term
    # (``<iri>``); None where the text alone is kept (or a default graph holds quads).
    graph_pieces: dict[bytes, list[bytes]] | None = None

    def graph_texts(self) -> Iterator[tuple[str, bytes]] | None:
        """Each named graph's sorted N-Quads lines, graph after graph in name order, from
        ``graph_pieces`` (None without them): no graph but the one given out is unpacked.
        Why: found in the whole text, a graph's lines needed all of it unpacked, 2.7 GB at
        10,000 articles, beside the build's other memory."""
        if self.graph_pieces is None:
            return None
        return self._graph_texts(self.graph_pieces)

    @staticmethod
    def _graph_texts(pieces: dict[bytes, list[bytes]]) -> Iterator[tuple[str, bytes]]:
        for term in sorted(pieces, key=lambda term: term[1:-1]):  # "a-b" < "a", "<a>" < "<a-b>"
            lines = {line for piece in pieces[term]
                     for line in zlib.decompress(piece).splitlines(keepends=True)}
            yield term[1:-1].decode(), b"".join(sorted(lines))

    @classmethod
    def of(cls, nquads: bytes, ntriples: bytes) -> PackedTexts:
        return cls(zlib.compress(nquads, 1), zlib.compress(ntriples, 1), nquads.count(b"\n"),
                   ntriples.count(b"\n"))

    def reader(self) -> io.BufferedReader:
        """Both texts, unpacked as they are read, as one stream (N-Quads, then N-Triples)."""
        return io.BufferedReader(ChainedReader(unpacked(self.nquads), unpacked(self.ntriples)))


def unpacked_reader(packed: bytes) -> io.BufferedReader:
    """One zlib-compressed text, unpacked as it is read."""
    return io.BufferedReader(ChainedReader(unpacked(packed)))


def unpacked(packed: bytes, step: int = 1 << 20) -> Iterator[bytes]:
    """A zlib-compressed text, unpacked in pieces (cut anywhere)."""
    unpack = zlib.decompressobj()
    for i in range(0, len(packed), step):
        yield unpack.decompress(packed[i:i + step])
    yield unpack.flush()


# A graph's name (None: the default graph) and its triples' N-Triples lines without " .".
GraphLines = tuple[str | None, list[bytes]]


class NamedTriples(Protocol):
    """A graph as ``graph_lines`` reads it: its name and its triples (an rdflib Graph, or
    ``kg.build.graphs.Triples``)."""

    @property
    def identifier(self) -> Node: ...

    def __iter__(self) -> Iterator[tuple[Node, Node, Node]]: ...


def graph_lines(g: NamedTriples, term: Callable[[Node], bytes] | None = None) -> GraphLines:
    """``g``'s triples as N-Triples lines, sorted, each term written by ``term`` (a memo of
    ``_memo_nt``; this process's own one by default)."""
    term = term or _process_memo()
    name = g.identifier
    named = isinstance(name, URIRef) and str(name) != DEFAULT_GRAPH
    return (str(name) if named else None,
            sorted(b" ".join((term(s), term(p), term(o))) for s, p, o in g))


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
    """Byte strings from several iterators read as one stream, without joining them into a
    copy: the quads and the union's triples go into the store in one load, so that a blank
    node label names the same node in both."""

    def __init__(self, *parts: Iterable[bytes]) -> None:
        self._chunks = (chunk for part in parts for chunk in part)
        self._part = memoryview(b"")

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        while not self._part:
            chunk = next(self._chunks, None)
            if chunk is None:
                return 0
            self._part = memoryview(chunk)
        n = min(len(buffer), len(self._part))
        buffer[:n] = self._part[:n]
        self._part = self._part[n:]
        return n


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
