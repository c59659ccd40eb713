"""One SPARQL query for the endpoint: content negotiation, status codes, result bytes.

``execute`` runs in a worker process of ``kg.serve.pool`` (which owns the timeout)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from kg.backends import Answer, Backend, OxigraphBackend
from kg.errors import InputError
from kg.readonly import UpdateRefused
from kg.results import graph_bytes, result_bytes

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


def serialise(answer: Answer, accept: str | None, fmt: str | None) -> Outcome:
    """The answer in the negotiated format (the backend has already cut it to max_rows)."""
    media, key = choose_format(answer.kind, accept, fmt)
    if answer.kind == "graph":
        assert answer.graph is not None
        body = graph_bytes(answer.graph, key)
    else:
        body = result_bytes(answer, key)
    return Outcome(200, media, body, answer.truncated)


def execute(backend: Backend, query: str, accept: str | None, fmt: str | None,
            max_rows: int | None, checked: bool = False) -> Outcome:
    """Answer one query in this process (a pool worker calls this). An engine that writes
    SELECT results itself (Oxigraph: ``serialised``) is asked for the bytes directly, in
    the format a SELECT would get, so that no row becomes an rdflib term on the way."""
    try:
        if isinstance(backend, OxigraphBackend):
            media, key = choose_format("select", accept, fmt)
            done = backend.serialised(query, key, max_rows, checked)
            if not isinstance(done, Answer):
                return Outcome(200, media, done[0], done[1])
            answer = done
        else:
            answer = backend.answer(query, max_rows, checked)
    except UpdateRefused as exc:
        return text_outcome(403, str(exc))
    except InputError as exc:
        return text_outcome(400, str(exc))
    try:
        return serialise(answer, accept, fmt)
    except Exception as exc:  # a serialiser failing on odd data is the server's fault
        return text_outcome(500, f"the result cannot be serialised: {exc}")
