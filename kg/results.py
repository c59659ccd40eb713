"""Query answers rendered for people (a table, plain JSON) and machines (the SPARQL 1.1 result
formats and RDF). The standard formats are written by the libraries: SPARQL JSON, XML and CSV
by rdflib's result serialisers, graphs by rdflib's RDF serialisers (JSON-LD with the
published short-key context). TSV, which rdflib cannot write, is written here term by term in
N-Triples syntax and tested against rdflib's TSV parser."""

from __future__ import annotations

import io
import json

from rdflib import Graph, URIRef, Variable
from rdflib.query import Result
from rdflib.term import Node

from kg.backends import Answer
from kg.namespaces import PREFIXES

FORMATS = ("table", "csv", "tsv", "json", "srj", "xml")
RESULT_KEYS = ("srj", "xml", "csv", "tsv")
GRAPH_KEYS = ("turtle", "nt", "json-ld", "xml")


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


def _rdflib_result(answer: Answer) -> Result:
    if answer.kind == "ask":
        result = Result("ASK")
        result.askAnswer = bool(answer.boolean)
        return result
    result = Result("SELECT")
    result.vars = [Variable(v) for v in answer.variables]
    result.bindings = [{Variable(v): t for v, t in row.items()  # type: ignore[misc]
                        if t is not None}
                       for row in answer.rows]
    return result


def result_bytes(answer: Answer, key: str) -> bytes:
    """A SELECT or ASK answer in a SPARQL 1.1 result format: srj | xml | csv | tsv."""
    if answer.kind == "ask" and key in ("csv", "tsv"):
        # The CSV/TSV Recommendation defines no boolean form; this is what Jena writes.
        return ("_askResult\n" + ("true" if answer.boolean else "false") + "\n").encode()
    if key == "tsv":
        return _tsv(answer).encode("utf-8")
    out = io.BytesIO()
    _rdflib_result(answer).serialize(out, encoding="utf-8",
                                     format={"srj": "json"}.get(key, key))
    return out.getvalue()


def graph_bytes(graph: Graph, key: str) -> bytes:
    """A graph in an RDF format: turtle | nt | json-ld (published context) | xml."""
    out = Graph()
    for prefix, ns in PREFIXES.items():
        out.bind(prefix, ns)
    out += graph
    if key == "json-ld":
        from kg.publish import jsonld_context

        return out.serialize(format="json-ld", context=jsonld_context(), encoding="utf-8")
    return out.serialize(format=key, encoding="utf-8")


def _tsv(answer: Answer) -> str:
    """SPARQL 1.1 TSV: ?variables in the header, every term in N-Triples syntax, so that
    IRIs, language tags, datatypes and blank nodes (``_:b0``) survive."""
    def term(t: Node | None) -> str:
        if t is None:
            return ""
        return t.n3().replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")

    lines = ["\t".join(f"?{v}" for v in answer.variables)]
    lines += ["\t".join(term(row.get(v)) for v in answer.variables) for row in answer.rows]
    return "\n".join(lines) + "\n"


def render(answer: Answer, fmt: str) -> str:
    """The answer as ``kg query --format`` prints it."""
    if answer.kind == "graph":
        assert answer.graph is not None
        key = {"json": "json-ld", "srj": "json-ld", "xml": "xml", "tsv": "nt",
               "csv": "nt"}.get(fmt, "turtle")
        return graph_bytes(answer.graph, key).decode("utf-8")
    if fmt in RESULT_KEYS:
        return result_bytes(answer, fmt).decode("utf-8")
    if answer.kind == "ask":
        if fmt == "json":
            return json.dumps({"boolean": answer.boolean}) + "\n"
        return ("true" if answer.boolean else "false") + "\n"
    if fmt == "json":
        return json.dumps([{v: (str(t) if t is not None else None) for v, t in row.items()}
                           for row in answer.rows], ensure_ascii=False, indent=1) + "\n"
    return _table(answer)


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
