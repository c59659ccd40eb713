"""Load the built named graphs into any SPARQL 1.1 store.

With a Graph Store Protocol endpoint (``--graph-store``), each graph is PUT whole (replacing
what the store held under that name); with only an update endpoint, each graph is replaced by
``DROP SILENT GRAPH`` + ``INSERT DATA`` written as N-Triples by rdflib (terms are serialised,
never pasted). One graph per article is kept. Optionally the union is also written to the
default graph, for stores whose union default graph repeats a triple held by several graphs.
"""

from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass

from rdflib import Dataset, Graph, URIRef

from kg.errors import KgError

USER_AGENT = "fupin-kg/0.1 (kg push)"


@dataclass(frozen=True)
class Pushed:
    graphs: int
    triples: int


def _send(url: str, method: str, body: bytes, content_type: str, timeout: float) -> None:
    request = urllib.request.Request(url, data=body, method=method, headers={
        "Content-Type": content_type, "User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            response.read()
    except urllib.error.HTTPError as exc:
        detail = exc.read()[:300].decode("utf-8", "replace").strip()
        raise KgError(f"the store answered {exc.code} {exc.reason}: {detail}", url) from exc
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        raise KgError(f"cannot reach the store ({getattr(exc, 'reason', exc)})", url) from exc


def _graph_url(store: str, graph: URIRef | None) -> str:
    sep = "&" if "?" in store else "?"
    if graph is None:
        return f"{store}{sep}default"
    return f"{store}{sep}{urllib.parse.urlencode({'graph': str(graph)})}"


def _ntriples(g: Graph) -> bytes:
    text = g.serialize(format="nt")
    lines = sorted(set(text.splitlines()))
    return ("\n".join(line for line in lines if line.strip()) + "\n").encode("utf-8")


def _named(ds: Dataset) -> list[Graph]:
    return sorted((g for g in ds.graphs() if len(g) and isinstance(g.identifier, URIRef)
                   and not str(g.identifier).startswith("urn:x-rdflib:")),
                  key=lambda g: str(g.identifier))


def push(ds: Dataset, graph_store: str | None, update_endpoint: str | None,
         union_default: bool = True, timeout: float = 60.0,
         progress: Callable[[str], None] = lambda _: None) -> Pushed:
    if not graph_store and not update_endpoint:
        raise KgError("give --graph-store URL (Graph Store Protocol) or --endpoint URL "
                      "(SPARQL Update)")
    graphs = _named(ds)
    union = Graph()
    for g in graphs:
        for t in g:
            union.add(t)
    targets: list[tuple[URIRef | None, Graph]] = [(URIRef(str(g.identifier)), g) for g in graphs]
    if union_default:
        targets.append((None, union))
    for name, g in targets:
        progress(str(name) if name is not None else "default graph (union)")
        body = _ntriples(g)
        if graph_store:
            _send(_graph_url(graph_store, name), "PUT", body, "application/n-triples", timeout)
        else:
            assert update_endpoint is not None
            where = f"GRAPH {name.n3()} " if name is not None else ""
            drop = f"DROP SILENT GRAPH {name.n3()}" if name is not None else "DROP SILENT DEFAULT"
            update = f"{drop} ;\nINSERT DATA {{ {where}{{\n{body.decode('utf-8')}}} }}"
            _send(update_endpoint, "POST", update.encode("utf-8"),
                  "application/sparql-update", timeout)
    return Pushed(len(graphs), len(union))
