"""The SHACL engines behind kg.validate: pyshacl (the reference) and pyshacl-turbo.

pyshacl-turbo is a Rust engine with pyshacl's API. It is the default because the tests show
it gives the same report as pyshacl: every case of the shape suite (``tests/shapes/``) on
both engines, and the sample's graph with triples dropped and figures altered at random
(``tests/test_shacl_engines.py``), where the canonical report Turtle is the same byte for
byte. It validated the sample in 0.9 s where pyshacl took 6 s. Its shapes are always an rdflib
graph. Its data is the union as rdflib terms or, from the build's store, the union's N-Triples
text, which its own Rust parser reads (``turbo_report_ntriples``): the same terms, without
making a million rdflib terms and handing them over one by one (the same report: tests/
test_shacl_engines.py). Not a pyoxigraph store: Oxigraph keeps values, not lexical forms,
and given one pyshacl-turbo 0.6.5 reported false ``sh:datatype`` and ``sh:in`` violations
(with rdflib or pyoxigraph shapes alike).
"""

from __future__ import annotations

import codecs
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from rdflib import Graph
from rdflib.plugins.sparql import processor
from rdflib.plugins.sparql.sparql import Query
from rdflib.term import Identifier

from kg.errors import KgError

ENGINES = ("turbo", "pyshacl")
DEFAULT_ENGINE = "turbo"


def _options(shapes: Graph) -> dict[str, Any]:
    # No inference: the ontology's subclass axioms are in the data graph, where sh:class and
    # sh:targetClass follow them. With no inference and no sh:rule nothing is added to the
    # data, so whether the engine may write into the union only decides what it copies.
    return {"shacl_graph": shapes, "inference": "none", "allow_warnings": True,
            "allow_infos": True, "advanced": True}


def _turbo() -> Any:
    try:
        import pyshacl_turbo
    except ImportError as exc:
        raise KgError("the turbo validator needs pyshacl-turbo (pip install pyshacl-turbo);"
                      " --validator pyshacl uses the reference engine") from exc
    return pyshacl_turbo


def shacl_report(union: Graph, shapes: Graph, engine: str = DEFAULT_ENGINE) -> Graph | str:
    """The SHACL validation report of ``union`` (a Graph holding data and ontology) against
    ``shapes``; pyshacl's error text instead when the shapes are unusable."""
    options = _options(shapes)
    if engine == "turbo":
        # Not inplace: turbo 0.6.5 then diffs its whole copy of the data against the input
        # to find what to write back (always nothing here); that diff grew faster than the
        # data (1.5 s at 100 generated articles, 5.1 s at 300).
        _, report, _ = _turbo().validate(union, inplace=False, **options)
    elif engine == "pyshacl":
        from pyshacl import validate as pyshacl_validate

        # inplace: the union is already our own copy; pyshacl would otherwise clone it.
        with prepared_queries():
            _, report, _ = pyshacl_validate(union, inplace=True, **options)
    else:
        raise KgError(f"unknown validator {engine!r}: one of {', '.join(ENGINES)}")
    return report if isinstance(report, Graph) else str(report)


def turbo_report_ntriples(ntriples: bytes | Iterable[bytes], shapes: Graph) -> Graph | str:
    """pyshacl-turbo's report for the union given as N-Triples text (data and ontology), as
    ``shacl_report(union, shapes, "turbo")`` gives it for that text parsed into rdflib.

    Why its ``Input``: given text, bytes or a path, turbo 0.6.5 parses it in Rust, then
    decodes it into an rdflib graph and hands that over term by term, slower than the graph
    path; an ``Input`` is what it hands its Rust validator, which parses the text itself
    (blank-node labels and lexical forms as written). Its namespaces: a new rdflib Graph's,
    as the union from ``GraphStore.union()`` has."""
    turbo = _turbo()
    from pyshacl_turbo.rdf import Input

    data = Input(ascii_ntriples(ntriples), "nt", None, {}, dict(Graph().namespaces()))
    _, report, _ = turbo.validate(data, inplace=False, **_options(shapes))
    return report if isinstance(report, Graph) else str(report)


def _uchars(error: UnicodeError) -> tuple[str, int]:
    assert isinstance(error, UnicodeEncodeError)
    run = error.object[error.start:error.end]
    return "".join(f"\\u{ord(c):04X}" if ord(c) <= 0xFFFF else f"\\U{ord(c):08X}"
                   for c in run), error.end


codecs.register_error("kg-ntriples-uchar", _uchars)


def ascii_ntriples(ntriples: bytes | Iterable[bytes]) -> str:
    """N-Triples text (whole, or in pieces cut anywhere, even inside a character) with every
    character beyond ASCII written as its ``\\uXXXX`` escape (UCHAR), which an N-Triples
    parser reads as the character itself.

    Why: turbo takes the text as a str, and CPython stores a str at the size of its widest
    character; the union's Chinese makes that two bytes a character, 390 MB for the 197 MB
    text of 1,000 articles, held while turbo validates. Escaped, it is 199 MB. Converted
    piece by piece, neither the whole text nor its two-byte str is ever held: at 10,000
    articles those were 2 GB and 3.9 GB at once, beside the 2 GB result."""
    pieces = [ntriples] if isinstance(ntriples, bytes) else ntriples
    decoder = codecs.getincrementaldecoder("utf-8")()
    escaped = [decoder.decode(piece).encode("ascii", "kg-ntriples-uchar").decode("ascii")
               for piece in pieces]
    escaped.append(decoder.decode(b"", final=True))
    return "".join(escaped)


# Parsed queries outlive one validation: the shapes' query texts are the same every time.
_PREPARED: dict[tuple[str, str | None, tuple[tuple[str, str], ...]], Query] = {}


@contextmanager
def prepared_queries() -> Iterator[None]:
    """Parse each SPARQL text once while validating.

    Why: pyshacl runs a SPARQL constraint once per focus node with the same query text and
    ``$this`` as an initial binding, and rdflib parses the text on every call; parsing
    (pyparsing) took over 90% of the time, 15 s for the sample. rdflib's prepared queries
    are made for exactly this reuse with different initial bindings.
    """
    original = processor.SPARQLProcessor.query
    cache = _PREPARED

    def query(self: processor.SPARQLProcessor, str_or_query: str | Query,
              initBindings: Mapping[str, Identifier] | None = None,
              initNs: Mapping[str, Any] | None = None,
              base: str | None = None, DEBUG: bool = False) -> Mapping[str, Any]:
        if isinstance(str_or_query, str):
            key = (str_or_query, base, tuple(sorted((k, str(v)) for k, v in
                                                    (initNs or {}).items())))
            if key not in cache:
                cache[key] = processor.prepareQuery(str_or_query, initNs, base)
            str_or_query = cache[key]
        return original(self, str_or_query, initBindings, initNs, base, DEBUG)

    processor.SPARQLProcessor.query = query  # type: ignore[method-assign,assignment]
    try:
        yield
    finally:
        processor.SPARQLProcessor.query = original  # type: ignore[method-assign]
