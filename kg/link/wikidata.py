"""Links to Wikidata by official division code (property P442), asked of a SPARQL endpoint.

The codes are bound as RDF literals in a VALUES block (serialised by rdflib, never pasted
from user text); the answer becomes ``owl:sameAs`` links in their own named graph, with the
date of the look-up, so that a later look-up can be told from this one.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, XSD

from kg.errors import KgError
from kg.export import packaged_query
from kg.namespaces import DATASET, FK, WD
from kg.store import Source, select

LINKSET = DATASET["fupin-kg/linkset/wikidata-by-division-code"]
USER_AGENT = "fupin-kg/0.1 (https://w3id.org/fupin-kg; division-code linking)"


def codes_query(codes: list[str]) -> str:
    """The P442 query with one VALUES row per code (each an escaped RDF literal)."""
    template = packaged_query("wikidata-p442")
    rows = " ".join(Literal(code).n3() for code in sorted(set(codes)))
    head, brace, tail = template.partition("WHERE {")
    return f"{head}{brace}\n  VALUES ?code {{ {rows} }}{tail}"


def ask(endpoint: str, query: str, timeout: float = 30.0) -> list[dict[str, str]]:
    """POST the query (SPARQL 1.1 Protocol); raise KgError with a clear message on failure."""
    body = urllib.parse.urlencode({"query": query}).encode()
    request = urllib.request.Request(endpoint, data=body, method="POST", headers={
        "Accept": "application/sparql-results+json",
        "Content-Type": "application/x-www-form-urlencoded",
        "User-Agent": USER_AGENT,
    })
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            payload = json.loads(response.read().decode("utf-8"))
    except urllib.error.HTTPError as exc:
        raise KgError(f"the endpoint answered {exc.code} {exc.reason}; nothing was changed",
                      endpoint) from exc
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise KgError(f"cannot reach the endpoint ({reason}); nothing was changed",
                      endpoint) from exc
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise KgError("the endpoint did not answer with SPARQL JSON results; nothing was "
                      "changed", endpoint) from exc
    try:
        return [{k: v["value"] for k, v in b.items()} for b in payload["results"]["bindings"]]
    except (KeyError, TypeError) as exc:
        raise KgError("the endpoint's answer is not SPARQL JSON results; nothing was changed",
                      endpoint) from exc


UNLINKED = f"""SELECT ?place ?code WHERE {{
  ?place <{FK.divisionCode}> ?code .
  FILTER(isIRI(?place))
  FILTER NOT EXISTS {{ ?place <{OWL.sameAs}> ?item . FILTER(STRSTARTS(STR(?item), "{WD}")) }}
}}"""


def places_by_code(graph: Source) -> dict[str, URIRef]:
    """Places with a division code that have no Wikidata link yet (asked of the store)."""
    out: dict[str, URIRef] = {}
    for row in sorted(select(graph, UNLINKED), key=lambda r: (str(r["code"]), str(r["place"]))):
        place = row["place"]
        if isinstance(place, URIRef):
            out.setdefault(str(row["code"]), place)
    return out


def links_graph(places: Mapping[str, URIRef], answers: list[dict[str, str]], endpoint: str,
                looked_up: str) -> Graph:
    g = Graph()
    g.add((LINKSET, RDF.type, PROV.Entity))
    g.add((LINKSET, DCTERMS.date, Literal(looked_up, datatype=XSD.date)))
    g.add((LINKSET, DCTERMS.source, URIRef(endpoint)))
    for row in answers:
        place, item = places.get(row.get("code", "")), row.get("item", "")
        if place is None or not item.startswith(str(WD)):
            continue
        g.add((place, OWL.sameAs, URIRef(item)))
    return g
