"""Running one SPARQL query for the endpoint: content negotiation, a real timeout, a row limit.

rdflib evaluates a query in pure Python and offers no way to interrupt it, so a thread cannot
be stopped at a deadline. Each query therefore runs in a child process forked from the server
(``multiprocessing`` 'fork' context): the child inherits the loaded store without copying or
re-parsing it, answers, serialises the result in the negotiated format and sends the bytes
back through a pipe. At the deadline the parent kills the child, so a runaway query costs one
process for ``timeout`` seconds and nothing after.
"""

from __future__ import annotations

import multiprocessing
import threading
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from kg.backends import Answer, Backend
from kg.errors import InputError
from kg.namespaces import PREFIXES
from kg.results import render

# (media type offered, format key); the first entry of each list is the default.
RESULT_TYPES: tuple[tuple[str, str], ...] = (
    ("application/sparql-results+json", "srj"),
    ("application/sparql-results+xml", "xml"),
    ("text/csv", "csv"),
    ("text/tab-separated-values", "tsv"),
    ("application/json", "srj"),
    ("application/xml", "xml"),
)
GRAPH_TYPES: tuple[tuple[str, str], ...] = (
    ("text/turtle", "turtle"),
    ("application/n-triples", "nt"),
    ("application/ld+json", "json-ld"),
    ("application/rdf+xml", "xml"),
    ("application/turtle", "turtle"),
    ("application/x-turtle", "turtle"),
    ("text/plain", "nt"),
)
# What a `format=` (or `output=`) parameter may say, per kind of answer. SPARQLWrapper sends
# json/xml/csv/turtle/... for both kinds, so "json" means SPARQL JSON for a SELECT and
# JSON-LD for a CONSTRUCT.
RESULT_ALIASES = {"json": "srj", "srj": "srj", "xml": "xml", "srx": "xml", "csv": "csv",
                  "tsv": "tsv"}
GRAPH_ALIASES = {"turtle": "turtle", "ttl": "turtle", "n3": "turtle", "nt": "nt",
                 "ntriples": "nt", "n-triples": "nt", "json-ld": "json-ld", "jsonld": "json-ld",
                 "json": "json-ld", "xml": "xml", "rdf": "xml", "rdf+xml": "xml"}
# The Content-Type sent for each format key, whichever alias the client asked for.
RESULT_MEDIA = {"srj": "application/sparql-results+json", "xml": "application/sparql-results+xml",
                "csv": "text/csv; charset=utf-8", "tsv": "text/tab-separated-values; charset=utf-8"}
GRAPH_MEDIA = {"turtle": "text/turtle; charset=utf-8", "nt": "application/n-triples",
               "json-ld": "application/ld+json", "xml": "application/rdf+xml"}


@dataclass(frozen=True)
class Outcome:
    """An HTTP answer: status, media type, body; ``truncated`` when rows were cut."""

    status: int
    content_type: str
    body: bytes
    truncated: bool = False


def text_outcome(status: int, message: str) -> Outcome:
    return Outcome(status, "text/plain; charset=utf-8", (message.rstrip() + "\n").encode())


def parse_accept(header: str | None) -> list[tuple[str, float]]:
    """The media ranges of an Accept header with their q-values (malformed q counts as 0)."""
    ranges: list[tuple[str, float]] = []
    for part in (header or "").split(","):
        media, *params = (p.strip() for p in part.split(";"))
        if not media:
            continue
        q = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = max(0.0, min(1.0, float(value)))
                except ValueError:
                    q = 0.0
        ranges.append((media.lower(), q))
    return ranges


def negotiate(accept: str | None, offered: Sequence[tuple[str, str]]) -> tuple[str, str] | None:
    """The offered (media type, key) the client prefers: the most specific matching range
    sets each type's q; ties go to the server's order. None when the client accepts none of
    them (an absent or empty Accept header accepts everything)."""
    ranges = parse_accept(accept) or [("*/*", 1.0)]
    best: tuple[float, int] | None = None
    choice: tuple[str, str] | None = None
    for order, (media, key) in enumerate(offered):
        major = media.split("/")[0]
        quality, specificity = None, -1
        for rng, q in ranges:
            spec = (2 if rng == media else 1 if rng == f"{major}/*" else
                    0 if rng == "*/*" else -1)
            if spec > specificity:
                quality, specificity = q, spec
        if quality is None or quality <= 0:
            continue
        if best is None or (quality, -order) > best:
            best, choice = (quality, -order), (media, key)
    return choice


def choose_format(kind: str, accept: str | None, fmt: str | None) -> tuple[str, str]:
    """(Content-Type, render key) for an answer of ``kind`` (select | ask | graph).

    An explicit ``format=`` parameter wins over the Accept header (clients that cannot set
    headers, links in a browser); a client that accepts none of the types gets the default
    rather than a 406, which every SPARQL client can read."""
    graph = kind == "graph"
    aliases = GRAPH_ALIASES if graph else RESULT_ALIASES
    offered = GRAPH_TYPES if graph else RESULT_TYPES
    key = None
    if fmt:
        wanted = fmt.strip().lower()
        key = aliases.get(wanted) or dict(offered).get(wanted)
    if key is None:
        chosen = negotiate(accept, offered)
        key = chosen[1] if chosen else offered[0][1]
    return (GRAPH_MEDIA if graph else RESULT_MEDIA)[key], key


def serialise(answer: Answer, accept: str | None, fmt: str | None, max_rows: int) -> Outcome:
    """The answer in the negotiated format, cut to ``max_rows`` rows (or triples)."""
    media, key = choose_format(answer.kind, accept, fmt)
    truncated = False
    if answer.kind == "select" and len(answer.rows) > max_rows:
        answer = Answer("select", answer.variables, answer.rows[:max_rows])
        truncated = True
    if answer.kind == "graph":
        assert answer.graph is not None
        graph = Graph()
        for prefix, ns in PREFIXES.items():
            graph.bind(prefix, ns)
        for i, triple in enumerate(answer.graph):
            if i >= max_rows:
                truncated = True
                break
            graph.add(triple)
        text = graph.serialize(format=key)
    elif key in ("csv", "tsv") and answer.kind == "select":
        text = _csv(answer) if key == "csv" else _tsv(answer)
    else:
        text = render(answer, key)
    return Outcome(200, media, text.encode("utf-8"), truncated)


def _csv(answer: Answer) -> str:
    """SPARQL 1.1 CSV: plain values, CRLF line ends, fields quoted when they must be."""
    def field(term: Node | None) -> str:
        text = "" if term is None else str(term)
        if any(c in text for c in ',"\r\n'):
            return '"' + text.replace('"', '""') + '"'
        return text

    lines = [",".join(answer.variables)]
    lines += [",".join(field(row.get(v)) for v in answer.variables) for row in answer.rows]
    return "\r\n".join(lines) + "\r\n"


def _tsv(answer: Answer) -> str:
    """SPARQL 1.1 TSV: ?variables in the header and every term in Turtle syntax, so that
    IRIs, language tags and datatypes survive (``results.render`` writes plain values)."""
    def term(t: Node | None) -> str:
        if t is None:
            return ""
        if isinstance(t, URIRef | BNode | Literal):
            return t.n3().replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
        return str(t)

    lines = ["\t".join(f"?{v}" for v in answer.variables)]
    lines += ["\t".join(term(row.get(v)) for v in answer.variables) for row in answer.rows]
    return "\n".join(lines) + "\n"


def execute(backend: Backend, query: str, accept: str | None, fmt: str | None,
            max_rows: int) -> Outcome:
    """Answer one query in this process (the forked child calls this)."""
    try:
        answer = backend.answer(query)
    except InputError as exc:
        return text_outcome(400, str(exc))
    try:
        return serialise(answer, accept, fmt, max_rows)
    except Exception as exc:  # a serialiser failing on odd data is the server's fault
        return text_outcome(500, f"the result cannot be serialised: {exc}")


def _child(conn: Connection, backend: Backend, query: str, accept: str | None,
           fmt: str | None, max_rows: int) -> None:
    try:
        outcome = execute(backend, query, accept, fmt, max_rows)
    except BaseException as exc:  # anything at all must still reach the parent as a reply
        outcome = text_outcome(500, f"the query failed: {type(exc).__name__}: {exc}")
    conn.send(outcome)
    conn.close()


class QueryRunner:
    """Runs each query in a forked child with a deadline; at most ``parallel`` at a time."""

    def __init__(self, backend: Backend, timeout: float = 30.0, max_rows: int = 10_000,
                 parallel: int = 4):
        if timeout <= 0 or max_rows <= 0 or parallel <= 0:
            raise InputError("timeout, row limit and parallelism must be positive")
        self.backend = backend
        self.timeout = timeout
        self.max_rows = max_rows
        self._slots = threading.BoundedSemaphore(parallel)
        # Process.start() touches module-level bookkeeping in multiprocessing that is not
        # safe to mutate from several threads at once.
        self._start_lock = threading.Lock()
        self._context = multiprocessing.get_context("fork")

    def warm_up(self) -> None:
        """Load the lazily imported parser, evaluator and serialisers once, here, so that
        every forked child inherits them instead of importing them again."""
        for query in ("SELECT * WHERE { ?s ?p ?o } LIMIT 1", "ASK { ?s ?p ?o }",
                      "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 1"):
            answer = self.backend.answer(query)
            for fmt in ("srj", "xml", "csv", "tsv", "turtle", "nt", "json-ld"):
                serialise(answer, None, fmt, 1)

    def run(self, query: str, accept: str | None = None, fmt: str | None = None) -> Outcome:
        if not self._slots.acquire(timeout=self.timeout):
            return text_outcome(503, "the server is busy with other queries; try again later")
        try:
            return self._run(query, accept, fmt)
        finally:
            self._slots.release()

    def _run(self, query: str, accept: str | None, fmt: str | None) -> Outcome:
        receive, send = self._context.Pipe(duplex=False)
        child = self._context.Process(
            target=_child, args=(send, self.backend, query, accept, fmt, self.max_rows),
            daemon=True)
        with self._start_lock, warnings.catch_warnings():
            # Python >= 3.12 warns that fork() in a threaded process may deadlock the child
            # on a lock another thread held. The child here takes none: the import lock is
            # reset by fork itself, warm_up() did the lazy imports, and the child only reads
            # the store and writes to its own pipe.
            warnings.filterwarnings("ignore", category=DeprecationWarning,
                                    message=r".*fork\(\) may lead to deadlocks")
            child.start()
        send.close()  # the parent keeps only the reading end, so a dead child reads as EOF
        try:
            if not receive.poll(self.timeout):
                return text_outcome(503, f"the query was stopped after the time limit of "
                                         f"{self.timeout:g} s; narrow it (LIMIT, more specific "
                                         "patterns) or ask for a longer --timeout")
            try:
                outcome = receive.recv()
            except (EOFError, OSError):
                return text_outcome(500, "the query process ended without an answer")
            assert isinstance(outcome, Outcome)
            return outcome
        finally:
            receive.close()
            if child.is_alive():
                child.kill()
            child.join()
            child.close()
