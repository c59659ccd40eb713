"""Exports derived from the RDF graph with SPARQL (never from Python objects on the side)."""

from __future__ import annotations

import csv
import importlib.resources
import io
from collections.abc import Sequence
from decimal import Decimal

from rdflib import Graph, Literal

from kg.jsontext import dumps_indented
from kg.namespaces import ARTICLE, BASE
from kg.store import Source, select

OBSERVATION_COLUMNS = (
    "article_id", "article_title", "value", "lower", "upper", "approx", "unit", "stated_as",
    "indicator_id", "indicator_en", "indicator_zh", "subject_id", "subject_label", "place_id",
    "period", "quote", "start", "end", "status",
)


def packaged_query(name: str) -> str:
    return (importlib.resources.files("kg") / "sparql" / f"{name}.rq").read_text(encoding="utf-8")


def _local(iri: object, prefix: str = BASE + "id/") -> str:
    text = str(iri) if iri is not None else ""
    return text[len(prefix):] if text.startswith(prefix) else text


def _number(term: object) -> str:
    if term is None:
        return ""
    if isinstance(term, Literal):
        value = term.toPython()
        if isinstance(value, Decimal):
            return format(value.normalize(), "f") if value == value.to_integral() else str(value)
        return str(value)
    return str(term)


def observation_rows(graph: Source) -> list[dict[str, str]]:
    """The observation table, asked of the store (or of an rdflib Graph)."""
    rows: list[dict[str, str]] = []
    for b in select(graph, packaged_query("observations")):
        period = _number(b.get("period"))
        if b.get("period_start") is not None:
            period = f"{_number(b['period_start'])}/{period}"
        article = b.get("article")
        rows.append({
            "article_id": _local(article, str(ARTICLE)),
            "article_title": str(b.get("article_title") or ""),
            "value": _number(b.get("value")),
            "lower": _number(b.get("lower")),
            "upper": _number(b.get("upper")),
            "approx": str(b.get("approx") or ""),
            "unit": str(b.get("unit") or ""),
            "stated_as": str(b.get("stated_as") or ""),
            "indicator_id": _local(b.get("indicator")),
            "indicator_en": str(b.get("indicator_en") or ""),
            "indicator_zh": str(b.get("indicator_zh") or ""),
            "subject_id": _local(b.get("subject")),
            "subject_label": str(b.get("subject_label") or ""),
            "place_id": _local(b.get("place")),
            "period": period,
            "quote": str(b.get("quote") or ""),
            "start": _number(b.get("start")),
            "end": _number(b.get("end")),
            "status": str(b.get("status") or ""),
        })
    rows.sort(key=lambda row: (row["article_id"], int(row["start"] or 0), row["stated_as"]))
    return rows


def observation_graph(graph: Graph) -> Graph:
    """The observations and their evidence only (``kg extract --format ttl``)."""
    result = graph.query(packaged_query("observation-graph"))
    sub = Graph()
    for triple in result:
        sub.add(triple)  # type: ignore[arg-type]
    return sub


def to_csv(rows: Sequence[dict[str, str]], columns: Sequence[str]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(columns), lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({c: row.get(c, "") for c in columns})
    return out.getvalue()


def to_json(rows: Sequence[dict[str, str]]) -> str:
    return dumps_indented(list(rows)) + "\n"
