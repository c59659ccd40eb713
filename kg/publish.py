"""Publish: write the graph in standard formats, byte-identical for the same input.

Every graph file is written by a library serialiser from one sorted list of quads (the
``GraphStore``): TriG, Turtle and N-Triples by pyoxigraph, JSON-LD as rdflib compacts it with
the published context (by kg.jsonld, rdflib's algorithm over the store's triples; by rdflib
itself for an rdflib graph). So every file holds the same triples with the same lexical forms, and
the only blank nodes (the ontology's OWL axioms) carry labels that were made canonical once,
when the ontology entered the dataset.
"""

from __future__ import annotations

import importlib.resources
import json
from collections.abc import Iterator
from json.encoder import encode_basestring as _encode_string
from pathlib import Path
from typing import Any

from rdflib import BNode, Dataset, Graph
from rdflib.compare import to_canonical_graph

from kg.atomic import write_bytes, write_chunks
from kg.jsontext import iter_indented
from kg.namespaces import PREFIXES
from kg.store import GraphStore

GRAPH_FILES = {
    "trig": "kg.trig",
    "turtle": "kg.ttl",
    "ntriples": "kg.nt",
    "jsonld": "kg.jsonld",
}


def bind_prefixes(g: Graph) -> None:
    for prefix, iri in PREFIXES.items():
        g.bind(prefix, iri, override=True, replace=True)


def union_graph(ds: Dataset) -> Graph:
    """Every triple of every named graph in one rdflib Graph (for rdflib callers)."""
    union = Graph()
    bind_prefixes(union)
    for g in ds.graphs():
        for triple in g:
            union.add(triple)
    return union


def canonical(g: Graph) -> Graph:
    """The graph with blank nodes relabelled canonically. Only small graphs need it (the
    ontology's OWL axioms and lists); it is quadratic in the number of blank nodes."""
    if not any(isinstance(t, BNode) for triple in g for t in triple):
        return g
    out = Graph()
    bind_prefixes(out)
    for triple in to_canonical_graph(g):
        out.add(triple)
    return out


def write_outputs(data: Dataset | GraphStore, out: Path, union: Graph | None = None
                  ) -> dict[str, Path]:
    """Write kg.trig (all named graphs), kg.ttl and kg.nt (their union) and kg.jsonld.

    Each file is written to a temporary name and renamed, so a reader never sees half a file.
    JSON-LD is compacted from the store's own triples (kg.jsonld), the nodes rdflib would
    make of ``union`` (the store's union as an rdflib Graph), which is only read when the
    context needs rdflib.
    """
    store = data if isinstance(data, GraphStore) else GraphStore.from_dataset(data)
    out.mkdir(parents=True, exist_ok=True)
    paths = {kind: out / name for kind, name in GRAPH_FILES.items()}
    write_bytes(paths["trig"], store.dump("trig", PREFIXES))
    write_bytes(paths["turtle"], store.dump("turtle", PREFIXES))
    write_bytes(paths["ntriples"], store.dump("ntriples"))
    # Written as it is made: the whole text (twice: its tokens, then joined) and its bytes
    # were some 400 MB at 1,000 articles.
    write_chunks(paths["jsonld"],
                 (piece.encode("utf-8") for piece in jsonld_pieces(store, union)))
    return paths


def store_jsonld(store: GraphStore, union: Graph | None = None) -> str:
    """kg.jsonld of the store: the document ``_jsonld(store.union())`` writes, without
    rdflib's per-triple graph lookups and JSON round trip."""
    return "".join(jsonld_pieces(store, union))


def jsonld_pieces(store: GraphStore, union: Graph | None = None) -> Iterator[str]:
    """The text of ``store_jsonld`` in pieces, as kg.jsonld is written (kg.jsontext)."""
    from kg.jsonld import compact_nodes

    context = jsonld_context()
    nodes = compact_nodes(store.union_triples(), context)
    if nodes is None or len(nodes) < 2:  # rdflib's other document shapes: left to rdflib
        union = union if union is not None else store.union()
        bind_prefixes(union)
        yield _jsonld(union)
        return
    yield from _sorted_pieces({"@context": context, "@graph": nodes})


def jsonld_context() -> dict[str, object]:
    """The published JSON-LD context: short keys (value, unit, place, evidence, quote …)."""
    text = (importlib.resources.files("kg") / "data" / "context.jsonld").read_text(
        encoding="utf-8")
    context = json.loads(text)["@context"]
    assert isinstance(context, dict)
    return context


def _jsonld(g: Graph) -> str:
    return _sorted_document(json.loads(g.serialize(format="json-ld", context=jsonld_context())))


def _sorted_document(data: dict[str, Any]) -> str:
    return "".join(_sorted_pieces(data))


def _sorted_pieces(data: dict[str, Any]) -> Iterator[str]:
    graph = data.get("@graph", [])
    if isinstance(graph, list):
        # The context maps "id" to "@id"; sort on the full node so ties are ordered too.
        # Nodes have distinct ids (one node per subject), and then the id alone gives the
        # same order without writing every node as JSON for a tie-break never used.
        ids = [str(node.get("id", node.get("@id", ""))) for node in graph]
        if len(set(ids)) == len(ids):
            graph[:] = [graph[i] for i in sorted(range(len(graph)), key=ids.__getitem__)]
        else:
            graph.sort(key=lambda node: (str(node.get("id", node.get("@id", ""))),
                                         json.dumps(node, sort_keys=True, ensure_ascii=False)))
        for node in graph:
            for _key, value in node.items():
                if isinstance(value, list):
                    value.sort(key=_json_key)
    yield from iter_indented(data, sort_keys=True)
    yield "\n"


def _json_key(value: Any) -> str:
    """``json.dumps(value, sort_keys=True, ensure_ascii=False)``, with the two shapes most
    values have (a string, a one-key object of a string) written by the encoder's own
    string function."""
    if isinstance(value, str):
        return _encode_string(value)
    if isinstance(value, dict) and len(value) == 1:
        ((k, v),) = value.items()
        if isinstance(k, str) and isinstance(v, str):
            return "{" + _encode_string(k) + ": " + _encode_string(v) + "}"
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


SHARD_QUADS = 100_000


def write_shards(store: GraphStore, folder: Path, max_quads: int = SHARD_QUADS) -> Path:
    """The dataset as N-Quads shards, ``folder/part-00000.nq`` …, whole named graphs packed
    into files of at most ``max_quads`` quads, for bulk loaders that take many files at once
    (``oxigraph load --file``, Fuseki's ``tdb2.tdbloader``, Virtuoso's ``ld_dir``, QLever's
    index builder). Their lines, sorted, are the lines of the dataset's N-Quads."""
    folder.mkdir(parents=True, exist_ok=True)
    for i, shard in enumerate(store.shards(max_quads)):
        write_bytes(folder / f"part-{i:05d}.nq", shard)
    return folder
