"""Entity table from the graph, by one SPARQL query (``kg/sparql/entities.rq``): columns
``id,type,label_zh,label_en,aliases,articles,mentions,quote`` (aliases joined by ``|``,
article ids by ``;``), written as CSV or JSON."""

from __future__ import annotations

import csv
import importlib.resources
import io
import json
from collections.abc import Sequence

from rdflib import Dataset, Graph

from kg.namespaces import ARTICLE, BASE
from kg.store import Source, select

COLUMNS = ("id", "type", "label_zh", "label_en", "aliases", "articles", "mentions", "quote")
TYPE_NAMES = ("Programme", "Policy", "Project", "Place", "Organisation", "Person",
              "PopulationGroup", "Event", "Indicator")
_ID = BASE + "id/"


def entity_query() -> str:
    return (importlib.resources.files("kg") / "sparql" / "entities.rq").read_text(
        encoding="utf-8")


def union_of(ds: Dataset) -> Graph:
    """All named graphs in one plain Graph. rdflib answers SPARQL over a Dataset's union
    through a deprecated per-triple code path that is a hundred times slower."""
    union = Graph()
    for g in ds.graphs():
        union += g
    return union


def short_id(iri: str) -> str:
    """``https://w3id.org/fupin-kg/id/place/xingxian`` → ``place:xingxian``."""
    if iri.startswith(_ID):
        kind, _, slug = iri[len(_ID):].partition("/")
        return f"{kind}:{slug}" if slug else iri
    return iri


def entity_rows(graph: Source | Dataset) -> list[dict[str, str]]:
    """One row per typed entity that has evidence; a Dataset is read as its union.

    A corpus in which nothing is named gives no row (rdflib answers the grouped query over
    no match with one row of unbound aggregates; that row is skipped, not a KeyError)."""
    if isinstance(graph, Dataset):
        graph = union_of(graph)
    rows: list[dict[str, str]] = []
    article_ns = str(ARTICLE)
    for b in select(graph, entity_query()):
        if "e" not in b or "mentions" not in b:
            continue
        articles = sorted({a[len(article_ns):] for a in str(b.get("articles", "")).split(";")
                           if a.startswith(article_ns)})
        rows.append({
            "id": short_id(str(b["e"])),
            "type": str(b["type"]),
            "label_zh": str(b["label_zh"]),
            "label_en": str(b.get("label_en", "")),
            "aliases": "|".join(sorted(a for a in str(b.get("aliases", "")).split("|") if a)),
            "articles": ";".join(articles),
            "mentions": str(int(b["mentions"])),
            "quote": str(b["quote"]),
        })
    return rows


def to_csv(rows: Sequence[dict[str, str]], columns: Sequence[str] = COLUMNS) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(columns), lineterminator="\n",
                            extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def to_json(rows: Sequence[dict[str, str]]) -> str:
    """Lists and counts typed: aliases and articles as arrays, mentions as a number."""
    typed = [{**r, "aliases": [a for a in r["aliases"].split("|") if a],
              "articles": [a for a in r["articles"].split(";") if a],
              "mentions": int(r["mentions"])} for r in rows]
    return json.dumps(typed, ensure_ascii=False, indent=2) + "\n"
