"""Evidence as W3C Web Annotation: the article, the span(s) in the source file, the quote.

A quote that crosses a reading-order join has one TextPositionSelector per source-file span,
numbered in quote order (``…/pos-1``, ``…/pos-2``); every IRI derives from content.
"""

from __future__ import annotations

from collections.abc import Sequence

from rdflib import Literal, URIRef
from rdflib.namespace import RDF, XSD

from kg.build.graphs import TripleSink
from kg.model import Span
from kg.namespaces import EVIDENCE, OA


def add_evidence(g: TripleSink, source: URIRef, key: str, spans: Sequence[Span],
                 quote: str) -> URIRef:
    ev = EVIDENCE[key]
    g.add((ev, RDF.type, OA.SpecificResource))
    g.add((ev, OA.hasSource, source))
    for i, span in enumerate(spans):
        pos = EVIDENCE[f"{key}/pos" if len(spans) == 1 else f"{key}/pos-{i + 1}"]
        g.add((ev, OA.hasSelector, pos))
        g.add((pos, RDF.type, OA.TextPositionSelector))
        g.add((pos, OA.start, Literal(span.start, datatype=XSD.nonNegativeInteger)))
        g.add((pos, OA.end, Literal(span.end, datatype=XSD.nonNegativeInteger)))
    qs = EVIDENCE[f"{key}/quote"]
    g.add((ev, OA.hasSelector, qs))
    g.add((qs, RDF.type, OA.TextQuoteSelector))
    g.add((qs, OA.exact, Literal(quote)))
    return ev
