"""Every figure in the graph is re-checked against the source file it claims to come from."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from rdflib import URIRef
from rdflib.namespace import PROV, RDF

from kg.export import packaged_query
from kg.namespaces import FK, OA
from kg.store import GraphStore, Source


@dataclass(frozen=True)
class EvidenceProblem:
    observation: str
    message: str


def verify_evidence(graph: Source, sources: Mapping[str, str]) -> list[EvidenceProblem]:
    """``sources`` maps article IRIs to the decoded text of their source file.

    Given the store, the observations and their selectors are first taken out of it with one
    CONSTRUCT query (``kg/sparql/evidence.rq``) and walked as a small graph.

    For every observation, the concatenated position-selector slices of the source file must
    equal the quote, and the quote must contain the number as stated. (A graph walk rather
    than one SPARQL join: rdflib plans the four-way selector join badly.)
    """
    if isinstance(graph, GraphStore):
        graph = graph.construct(packaged_query("evidence"))
    problems: list[EvidenceProblem] = []
    for obs in sorted(graph.subjects(RDF.type, FK.Observation), key=str):
        if not isinstance(obs, URIRef):
            continue
        key = str(obs)
        stated = str(graph.value(obs, FK.statedAs) or "")
        evidence = list(graph.objects(obs, PROV.wasDerivedFrom))
        if not evidence:
            problems.append(EvidenceProblem(key, "has no evidence"))
            continue
        for ev in evidence:
            article = str(graph.value(ev, OA.hasSource) or "")
            text = sources.get(article)
            if text is None:
                problems.append(EvidenceProblem(key, f"no source text for {article!r}"))
                continue
            quote: str | None = None
            spans: list[tuple[int, int, int]] = []
            for sel in graph.objects(ev, OA.hasSelector):
                if (sel, RDF.type, OA.TextQuoteSelector) in graph:
                    quote = str(graph.value(sel, OA.exact))
                elif (sel, RDF.type, OA.TextPositionSelector) in graph:
                    spans.append((_order(sel), _int(graph.value(sel, OA.start)),
                                  _int(graph.value(sel, OA.end))))
            if quote is None or not spans:
                problems.append(EvidenceProblem(key, "evidence lacks a quote or a position"))
                continue
            # In quote order (…/pos-1, …/pos-2): across a reading-order join the quote may
            # continue at an earlier offset of the file.
            found = "".join(text[s:e] for _, s, e in sorted(spans))
            if found != quote:
                problems.append(EvidenceProblem(
                    key, f"the source at its offsets reads {found[:40]!r}, not the quote "
                         f"{quote!r}"))
            elif stated not in quote:
                problems.append(EvidenceProblem(key, f"the quote does not contain {stated!r}"))
    return problems


def _order(selector: object) -> int:
    tail = str(selector).rsplit("/pos-", 1)
    return int(tail[1]) if len(tail) == 2 and tail[1].isdigit() else 0


def _int(term: object) -> int:
    return int(str(term)) if term is not None else -1
