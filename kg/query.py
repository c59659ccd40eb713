"""The query library: ``queries/*.rq`` files with a header, run with bound parameters.

Header lines at the top of each file:

```
# title: Money by fund and stage
# question: How much money was planned, pooled and spent, per fund?
# question: 各项资金计划、整合、支出了多少?
# params: ?year xsd:gYear = 2020 ; ?place iri = place:xingxian
```

Every header line is optional: any ``.rq`` file runs. Parameters are bound as RDF terms:
each becomes a ``VALUES`` row inserted at the top of the query's WHERE group, serialised from
an rdflib term (never the user's raw text), so the bound text (``kg query NAME --print``) runs
unchanged on any SPARQL 1.1 store. An undeclared parameter is an error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from kg.errors import InputError
from kg.namespaces import PREFIXES

_HEADER = re.compile(r"^#\s*(title|question|params)\s*:\s*(.*)$")
_PARAM = re.compile(r"^\?(?P<name>[A-Za-z_]\w*)\s+(?P<type>\S+)(?:\s*=\s*(?P<default>.+))?$")
_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)
TYPES = {"iri", "string", "langString", "xsd:integer", "xsd:decimal", "xsd:gYear", "xsd:date",
         "xsd:string", "xsd:boolean"}


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    default: str | None = None


@dataclass(frozen=True)
class QueryFile:
    name: str
    path: str
    text: str
    title: str
    questions: tuple[str, ...]
    params: tuple[Param, ...] = field(default_factory=tuple)


def parse_query_file(path: Path) -> QueryFile:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read the query ({exc})", path) from exc
    title, questions, params = "", [], []
    for i, line in enumerate(text.splitlines(), start=1):
        if not line.startswith("#"):
            break
        m = _HEADER.match(line)
        if not m:
            continue
        key, value = m.group(1), m.group(2).strip()
        if key == "title":
            title = value
        elif key == "question":
            questions.append(value)
        elif key == "params" and value.lower() not in ("", "none"):
            for part in value.split(";"):
                pm = _PARAM.match(part.strip())
                if not pm or pm.group("type") not in TYPES:
                    raise InputError(f"bad parameter declaration {part.strip()!r}; write "
                                     f"'?name TYPE [= default]' with TYPE one of "
                                     f"{', '.join(sorted(TYPES))}", path, i)
                params.append(Param(pm.group("name"), pm.group("type"),
                                    (pm.group("default") or "").strip() or None))
    # A file without the header is still a query: the library's header is optional.
    return QueryFile(path.stem, str(path.name), text, title, tuple(questions), tuple(params))


def to_term(param: Param, raw: str) -> Node:
    """The user's text as an RDF term of the declared type."""
    if param.type == "iri":
        prefix, sep, local = raw.partition(":")
        if sep and prefix in PREFIXES and not local.startswith("//"):
            iri = PREFIXES[prefix] + local
        elif raw.startswith(("http://", "https://", "urn:")):
            iri = raw
        else:
            raise InputError(f"parameter {param.name}: {raw!r} is not an IRI or a known "
                             f"prefixed name (prefixes: {', '.join(sorted(PREFIXES))})")
        if re.search(r"[\s<>\"{}|\\^`]", iri):
            raise InputError(f"parameter {param.name}: {raw!r} contains characters not "
                             "allowed in an IRI")
        return URIRef(iri)
    if param.type in ("string", "xsd:string"):
        return Literal(raw)
    if param.type == "langString":
        text, _, lang = raw.rpartition("@")
        return Literal(text, lang=lang) if text and lang else Literal(raw)
    datatype = URIRef(str(XSD) + param.type.split(":", 1)[1])
    lit = Literal(raw, datatype=datatype)
    if lit.ill_typed:
        raise InputError(f"parameter {param.name}: {raw!r} is not a valid {param.type}")
    return lit


def bind(query: QueryFile, given: dict[str, str]) -> str:
    """The query text with every declared parameter bound by a VALUES row."""
    declared = {p.name: p for p in query.params}
    unknown = sorted(set(given) - set(declared))
    if unknown:
        listed = ", ".join(declared) or "none"
        raise InputError(f"unknown parameter(s) {', '.join(unknown)}; this query takes: "
                         f"{listed}", query.path)
    rows: list[str] = []
    for p in query.params:
        raw = given.get(p.name, p.default)
        if raw is None:
            continue
        rows.append(f"VALUES ?{p.name} {{ {to_term(p, raw).n3()} }}")
    if not rows:
        return query.text
    m = _WHERE.search(_strip_comments(query.text))
    if m is None:
        raise InputError("a query with parameters needs a WHERE { … } group", query.path)
    return query.text[:m.end()] + "\n  " + "\n  ".join(rows) + query.text[m.end():]


def _strip_comments(text: str) -> str:
    """Comments blanked out (same length), so that a WHERE in a comment is not matched."""
    return re.sub(r"(?m)^\s*#.*$", lambda m: " " * len(m.group(0)), text)
