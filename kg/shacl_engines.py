"""The SHACL engines behind kg.validate: pyshacl (the reference) and pyshacl-turbo.

pyshacl-turbo is a Rust engine with pyshacl's API. It is the default because the tests show
it gives the same report as pyshacl: every case of the shape suite (``tests/shapes/``) on
both engines, and the sample's graph with triples dropped and figures altered at random
(``tests/test_shacl_engines.py``), where the canonical report Turtle is the same byte for
byte. It validated the sample in 0.9 s where pyshacl took 6 s. Both get rdflib graphs, data
and shapes alike: given a pyoxigraph store for data and rdflib shapes, pyshacl-turbo 0.6.5
reported false ``sh:datatype`` and ``sh:in`` violations.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from rdflib import Graph
from rdflib.plugins.sparql import processor
from rdflib.plugins.sparql.sparql import Query
from rdflib.term import Identifier

from kg.errors import KgError

ENGINES = ("turbo", "pyshacl")
DEFAULT_ENGINE = "turbo"


def shacl_report(union: Graph, shapes: Graph, engine: str = DEFAULT_ENGINE) -> Graph | str:
    """The SHACL validation report of ``union`` (a Graph holding data and ontology) against
    ``shapes``; pyshacl's error text instead when the shapes are unusable."""
    # No inference: the ontology's subclass axioms are in the data graph, where sh:class and
    # sh:targetClass follow them. With no inference and no sh:rule nothing is added to the
    # data, so whether the engine may write into the union only decides what it copies.
    options: dict[str, Any] = {"shacl_graph": shapes, "inference": "none",
                               "allow_warnings": True, "allow_infos": True, "advanced": True}
    if engine == "turbo":
        try:
            from pyshacl_turbo import validate as turbo_validate
        except ImportError as exc:
            raise KgError("the turbo validator needs pyshacl-turbo (pip install pyshacl-turbo);"
                          " --validator pyshacl uses the reference engine") from exc
        # Not inplace: turbo 0.6.5 then diffs its whole copy of the data against the input
        # to find what to write back (always nothing here); that diff grew faster than the
        # data (1.5 s at 100 generated articles, 5.1 s at 300).
        _, report, _ = turbo_validate(union, inplace=False, **options)
    elif engine == "pyshacl":
        from pyshacl import validate as pyshacl_validate

        # inplace: the union is already our own copy; pyshacl would otherwise clone it.
        with prepared_queries():
            _, report, _ = pyshacl_validate(union, inplace=True, **options)
    else:
        raise KgError(f"unknown validator {engine!r}: one of {', '.join(ENGINES)}")
    return report if isinstance(report, Graph) else str(report)


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
