"""Publish: write the graph in standard formats, byte-identical for the same input."""

from __future__ import annotations

import json
from pathlib import Path

from rdflib import Dataset, Graph

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


def write_outputs(ds: Dataset, out: Path) -> dict[str, Path]:
    """Write kg.trig (all named graphs), kg.ttl (their union), kg.nt and kg.jsonld."""
    out.mkdir(parents=True, exist_ok=True)
    bind_prefixes(ds)
    union = union_graph(ds)
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
        body = sub.serialize(format="turtle")
        body = "\n".join(line for line in body.splitlines() if not line.startswith("@prefix"))
        parts.append(f"\n<{g.identifier}> {{\n{body.strip()}\n}}\n")
    return "".join(parts)


def _jsonld(g: Graph) -> str:
    data = json.loads(g.serialize(format="json-ld", context=dict(sorted(PREFIXES.items()))))
    graph = data.get("@graph", [])
    if isinstance(graph, list):
        graph.sort(key=lambda node: str(node.get("@id", "")))
        for node in graph:
            for _key, value in node.items():
                if isinstance(value, list):
                    value.sort(key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
