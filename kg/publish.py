"""Publish: write the graph in standard formats, byte-identical for the same input."""

from __future__ import annotations

import importlib.resources
import json
from pathlib import Path

from rdflib import BNode, Dataset, Graph
from rdflib.compare import to_canonical_graph

from kg.namespaces import PREFIXES


def bind_prefixes(g: Graph) -> None:
    for prefix, iri in PREFIXES.items():
        g.bind(prefix, iri, override=True, replace=True)


def union_graph(ds: Dataset) -> Graph:
    union = Graph()
    bind_prefixes(union)
    for g in ds.graphs():
        for triple in g:
            union.add(triple)
    return union


def canonical(g: Graph) -> Graph:
    """The graph with blank nodes relabelled canonically (the ontology's OWL axioms and
    lists use them), so that serialisations are byte-identical from run to run."""
    if not any(isinstance(t, BNode) for triple in g for t in triple):
        return g
    out = Graph()
    bind_prefixes(out)
    for triple in to_canonical_graph(g):
        out.add(triple)
    return out


def write_outputs(ds: Dataset, out: Path) -> dict[str, Path]:
    """Write kg.trig (all named graphs), kg.ttl (their union), kg.nt and kg.jsonld."""
    out.mkdir(parents=True, exist_ok=True)
    bind_prefixes(ds)
    union = canonical(union_graph(ds))
    paths = {
        "trig": out / "kg.trig",
        "turtle": out / "kg.ttl",
        "ntriples": out / "kg.nt",
        "jsonld": out / "kg.jsonld",
    }
    paths["trig"].write_text(_sorted_trig(ds), encoding="utf-8")
    paths["turtle"].write_text(union.serialize(format="turtle"), encoding="utf-8")
    nt = union.serialize(format="nt")
    paths["ntriples"].write_text("".join(sorted(set(nt.splitlines(keepends=True)))),
                                 encoding="utf-8")
    paths["jsonld"].write_text(_jsonld(union), encoding="utf-8")
    return paths


def _sorted_trig(ds: Dataset) -> str:
    """TriG with graphs in IRI order, each graph's Turtle as rdflib sorts it."""
    parts: list[str] = []
    header = "".join(f"@prefix {p}: <{iri}> .\n" for p, iri in sorted(PREFIXES.items()))
    parts.append(header)
    for g in sorted(ds.graphs(), key=lambda g: str(g.identifier)):
        if len(g) == 0:
            continue
        sub = Graph()
        bind_prefixes(sub)
        for t in g:
            sub.add(t)
        sub = canonical(sub)
        body = sub.serialize(format="turtle")
        body = "\n".join(line for line in body.splitlines() if not line.startswith("@prefix"))
        parts.append(f"\n<{g.identifier}> {{\n{body.strip()}\n}}\n")
    return "".join(parts)


def jsonld_context() -> dict[str, object]:
    """The published JSON-LD context: short keys (value, unit, place, evidence, quote …)."""
    text = (importlib.resources.files("kg") / "data" / "context.jsonld").read_text(
        encoding="utf-8")
    context = json.loads(text)["@context"]
    assert isinstance(context, dict)
    return context


def _jsonld(g: Graph) -> str:
    data = json.loads(g.serialize(format="json-ld", context=jsonld_context()))
    graph = data.get("@graph", [])
    if isinstance(graph, list):
        # The context maps "id" to "@id"; sort on the full node so ties are ordered too.
        graph.sort(key=lambda node: (str(node.get("id", node.get("@id", ""))),
                                     json.dumps(node, sort_keys=True, ensure_ascii=False)))
        for node in graph:
            for _key, value in node.items():
                if isinstance(value, list):
                    value.sort(key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
