"""Query answers rendered for people (table) and machines (CSV, JSON, SPARQL JSON/XML, TSV)."""

from __future__ import annotations

import csv
import io
import json
from xml.sax.saxutils import escape, quoteattr

from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from kg.backends import Answer
from kg.namespaces import PREFIXES

FORMATS = ("table", "csv", "tsv", "json", "srj", "xml")


def short(term: Node | None) -> str:
    """A prefixed name where a project prefix fits, else the plain value."""
    if term is None:
        return ""
    if isinstance(term, URIRef):
        best = max(((p, ns) for p, ns in PREFIXES.items() if str(term).startswith(ns)),
                   key=lambda pn: len(pn[1]), default=None)
        if best is not None:
            return f"{best[0]}:{str(term)[len(best[1]):]}"
    return str(term)


def _srj_term(term: Node) -> dict[str, str]:
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    assert isinstance(term, Literal)
    out = {"type": "literal", "value": str(term)}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype:
        out["datatype"] = str(term.datatype)
    return out


def render(answer: Answer, fmt: str) -> str:
    if answer.kind == "graph":
        assert answer.graph is not None
        graph_format = {"json": "json-ld", "srj": "json-ld", "xml": "xml"}.get(fmt, "turtle")
        return answer.graph.serialize(format=graph_format)
    if answer.kind == "ask":
        if fmt in ("json", "srj"):
            return json.dumps({"head": {}, "boolean": answer.boolean}) + "\n"
        if fmt == "xml":
            value = "true" if answer.boolean else "false"
            return ('<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
                    f"<head/><boolean>{value}</boolean></sparql>\n")
        return ("true" if answer.boolean else "false") + "\n"
    if fmt == "srj":
        return json.dumps({
            "head": {"vars": list(answer.variables)},
            "results": {"bindings": [
                {v: _srj_term(t) for v, t in row.items() if t is not None}
                for row in answer.rows]},
        }, ensure_ascii=False, indent=1) + "\n"
    if fmt == "json":
        return json.dumps([{v: (str(t) if t is not None else None) for v, t in row.items()}
                           for row in answer.rows], ensure_ascii=False, indent=1) + "\n"
    if fmt in ("csv", "tsv"):
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n", delimiter="," if fmt == "csv" else "\t")
        writer.writerow(answer.variables)
        for row in answer.rows:
            writer.writerow([str(row[v]) if row[v] is not None else "" for v in answer.variables])
        return out.getvalue()
    if fmt == "xml":
        return _xml(answer)
    return _table(answer)


def _xml(answer: Answer) -> str:
    parts = ['<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">',
             "<head>", *(f"<variable name={quoteattr(v)}/>" for v in answer.variables),
             "</head><results>"]
    for row in answer.rows:
        parts.append("<result>")
        for v, t in row.items():
            if t is None:
                continue
            if isinstance(t, URIRef):
                inner = f"<uri>{escape(str(t))}</uri>"
            elif isinstance(t, BNode):
                inner = f"<bnode>{escape(str(t))}</bnode>"
            else:
                assert isinstance(t, Literal)
                attr = (f" xml:lang={quoteattr(t.language)}" if t.language else
                        f" datatype={quoteattr(str(t.datatype))}" if t.datatype else "")
                inner = f"<literal{attr}>{escape(str(t))}</literal>"
            parts.append(f"<binding name={quoteattr(v)}>{inner}</binding>")
        parts.append("</result>")
    parts.append("</results></sparql>\n")
    return "".join(parts)


def _table(answer: Answer) -> str:
    cells = [[short(row[v]) for v in answer.variables] for row in answer.rows]
    widths = [max([_width(v), *(_width(c[i]) for c in cells)])
              for i, v in enumerate(answer.variables)]
    lines = ["  ".join(_pad(v, w) for v, w in zip(answer.variables, widths, strict=True))]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(_pad(c, w) for c, w in zip(row, widths, strict=True)) for row in cells]
    lines.append(f"({len(cells)} row{'s' if len(cells) != 1 else ''})")
    return "\n".join(lines) + "\n"


def _width(text: str) -> int:
    # CJK characters take two columns in a terminal.
    return sum(2 if "\u2e80" <= ch <= "\uffef" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))
