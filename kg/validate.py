"""Validate a graph with the SHACL shapes and report each finding readably.

Pure functions (no printing, no exit): ``kg validate`` and ``kg build`` wire them to the
command line. The data is validated as one graph, the union of every named graph plus the
ontology, because shapes follow links across graphs (an observation in an article's graph,
its unit in the vocabularies' graph) and need the ontology's ``rdfs:subClassOf`` (a
``fk:Township`` is an ``fk:Place``); pyshacl would validate a Dataset graph by graph.
"""

from __future__ import annotations

import hashlib
import json
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, SKOS
from rdflib.term import Node

from kg.errors import InputError, KgError
from kg.namespaces import FK, OA, PREFIXES, SH
from kg.shacl_engines import DEFAULT_ENGINE, shacl_report, turbo_report_ntriples

SHAPES_NS = "https://w3id.org/fupin-kg/shapes#"
FORMATS = {
    ".ttl": "turtle",
    ".trig": "trig",
    ".nq": "nquads",
    ".nt": "nt",
    ".jsonld": "json-ld",
}
QUAD_FORMATS = {"trig", "nquads"}
SEVERITY: dict[Node, str] = {SH.Violation: "Violation", SH.Warning: "Warning", SH.Info: "Info"}
_COMPACT = sorted([*PREFIXES.items(), ("fksh", SHAPES_NS)], key=lambda kv: -len(kv[1]))


@dataclass(frozen=True)
class Finding:
    """One validation result, with what a reader needs to find and fix it."""

    severity: str  # Violation | Warning | Info
    shape: str  # the node shape (and the property path for a property shape)
    component: str  # the constraint component, e.g. sh:MinCountConstraintComponent
    focus: str
    focus_label: str
    message_en: str
    message_zh: str
    quote: str | None = None
    value: str | None = None

    def sort_key(self) -> tuple[str, ...]:
        return (self.severity, self.shape, self.component, self.focus, self.message_en,
                self.value or "")


@dataclass(frozen=True)
class ValidationResult:
    conforms: bool
    violations: list[Finding] = field(default_factory=list)
    warnings: list[Finding] = field(default_factory=list)
    infos: list[Finding] = field(default_factory=list)
    report_graph: Graph = field(default_factory=Graph)
    seconds: float = 0.0


def compact(node: Node) -> str:
    """An IRI as prefix:local where a known prefix fits, else the IRI itself."""
    text = str(node)
    if isinstance(node, URIRef):
        for prefix, ns in _COMPACT:
            if text.startswith(ns) and len(text) > len(ns):
                return f"{prefix}:{text[len(ns):]}"
    return text


def union_with(data: Graph | Dataset, ontology: Graph) -> Graph:
    """A fresh graph holding every triple of ``data`` (all named graphs) and the ontology."""
    union = Graph()
    graphs: Iterable[Graph] = data.graphs() if isinstance(data, Dataset) else [data]
    for g in graphs:
        for triple in g:
            union.add(triple)
    for triple in ontology:
        union.add(triple)
    return union


def validate(data: Graph | Dataset, shapes: Graph, ontology: Graph | None = None,
             engine: str = DEFAULT_ENGINE) -> ValidationResult:
    """Validate the union of ``data`` and ``ontology`` against ``shapes``, with ``engine``
    (kg.shacl_engines: ``pyshacl``, the reference, or ``turbo``, the same report faster).

    With ``ontology=None`` a plain Graph ``data`` must already hold the ontology (the build's
    union does) and is validated as it is, without a copy (pyshacl does not change it when it
    infers nothing). Conforms when there is no violation; warnings and infos do not fail.
    """
    started = time.perf_counter()
    if ontology is None and not isinstance(data, Dataset):
        union = data
    else:
        union = union_with(data, ontology if ontology is not None else Graph())
    return _result(shacl_report(union, shapes, engine), shapes, lambda _: union, started)


def validate_ntriples(ntriples: bytes | Iterable[bytes], shapes: Graph,
                      about: Callable[[Iterable[URIRef | BNode]], Graph]) -> ValidationResult:
    """``validate(union, shapes, engine="turbo")`` for the union given as its sorted
    N-Triples text (``GraphStore.dump("ntriples")``, whole or in pieces), the same result:
    pyshacl-turbo parses the text itself, and the findings read their labels and quotes
    from ``about(nodes)``, the union's triples whose subject is one of ``nodes``
    (``GraphStore.union_about``).

    Why: the build made the whole union as rdflib terms only to validate it; that, and
    turbo's copy of those terms, were most of the validation of the build's union."""
    started = time.perf_counter()
    return _result(turbo_report_ntriples(ntriples, shapes), shapes,
                   lambda report: _findings_data(report, about), started)


def _findings_data(report: Graph, about: Callable[[Iterable[URIRef | BNode]], Graph]
                   ) -> Graph:
    """What ``_findings`` reads of the data: the focus nodes' triples (figure as printed,
    indicator, labels, evidence) and those of the nodes they link to, two links deep (the
    indicator's labels; evidence → selector → quote)."""
    data = Graph()
    nodes: set[URIRef | BNode] = {f for f in report.objects(None, SH.focusNode)
                                  if isinstance(f, URIRef | BNode)}
    seen: set[URIRef | BNode] = set()
    for _ in range(3):
        found = about(nodes - seen)
        seen |= nodes
        for triple in found:
            data.add(triple)
        nodes = {o for o in found.objects() if isinstance(o, URIRef | BNode)}
    return data


def _result(report: Graph | str, shapes: Graph, data_for: Callable[[Graph], Graph],
            started: float) -> ValidationResult:
    """The result of an engine's report; ``data_for(report)``: the data the findings read."""
    if not isinstance(report, Graph):  # pyshacl returns its error text for unusable shapes
        raise KgError(f"the SHACL shapes cannot be used: {report}")
    report = name_results(report, shapes)
    findings = sorted(_findings(report, data_for(report), shapes), key=Finding.sort_key)
    by = {s: [f for f in findings if f.severity == s] for s in SEVERITY.values()}
    return ValidationResult(
        conforms=not by["Violation"], violations=by["Violation"], warnings=by["Warning"],
        infos=by["Info"], report_graph=report, seconds=time.perf_counter() - started,
    )


def exit_code(result: ValidationResult) -> int:
    """0 when the graph conforms, 1 on any violation (2, unusable input, is InputError's)."""
    return 0 if result.conforms else 1


# ---- a deterministic report ------------------------------------------------------------------

RESULT = "https://w3id.org/fupin-kg/id/validation-result/"


def _stable(node: Node | None, shapes: Graph) -> str:
    """A text for a report term that does not depend on blank-node labels."""
    if node is None:
        return ""
    if isinstance(node, BNode):
        return "_:" + _shape_name(node, shapes.value(node, SH.path), shapes)
    return node.n3()


def name_results(report: Graph, shapes: Graph) -> Graph:
    """The report with each validation result named by an IRI made from what it says (focus
    node, shape, path, value, component, severity, messages), so that the report is
    byte-identical from run to run without canonicalising it: canonical labelling is quadratic
    and took 69 s for 1,483 results. What stays a blank node (property shapes and paths the
    results point to) is bounded by the shapes, not the data."""
    results = sorted(set(report.subjects(RDF.type, SH.ValidationResult)), key=str)
    if not any(isinstance(r, BNode) for r in results):
        return report
    parents = {d: p for p, d in report.subject_objects(SH.detail)}

    def key(r: Node) -> str:
        own = sorted(f"{p.n3()} {_stable(o, shapes)}" for p, o in report.predicate_objects(r)
                     if p != SH.detail)
        parent = parents.get(r)
        return "\n".join([*own, "parent:" + (key(parent) if parent is not None else "")])

    names: dict[Node, URIRef] = {}
    taken: dict[str, int] = {}
    for r, k in sorted(((r, key(r)) for r in results), key=lambda rk: rk[1]):
        digest = hashlib.sha256(k.encode("utf-8")).hexdigest()[:24]
        n = taken.get(digest, 0)
        taken[digest] = n + 1
        names[r] = URIRef(RESULT + digest + (f"-{n}" if n else ""))
    out = Graph()
    for prefix, ns in report.namespaces():
        out.bind(prefix, ns)
    for s, p, o in report:
        out.add((names.get(s, s), p, names.get(o, o)))
    return out


# ---- reading the report ----------------------------------------------------------------------


def _findings(report: Graph, data: Graph, shapes: Graph) -> Iterable[Finding]:
    templates = message_templates(shapes)
    nested = set(report.objects(None, SH.detail))
    for r in report.subjects(RDF.type, SH.ValidationResult):
        focus = report.value(r, SH.focusNode)
        severity = report.value(r, SH.resultSeverity)
        if focus is None or r in nested:  # sh:detail results explain a result, not new ones
            continue
        en, zh = _messages(report.objects(r, SH.resultMessage), templates)
        value = report.value(r, SH.value)
        if value is None or value == focus:  # a node validator's $value is the focus node
            value = data.value(focus, FK.value)
        yield Finding(
            severity=SEVERITY.get(severity, compact(severity)) if severity else "Violation",
            shape=_shape_name(report.value(r, SH.sourceShape), report.value(r, SH.resultPath),
                              shapes),
            component=compact(report.value(r, SH.sourceConstraintComponent) or SH.Constraint),
            focus=compact(focus),
            focus_label=focus_label(data, focus),
            message_en=en,
            message_zh=zh,
            quote=evidence_quote(data, focus),
            value=None if value is None else str(value),
        )


def message_templates(shapes: Graph) -> list[tuple[re.Pattern[str], str]]:
    """Each language-tagged sh:message as a pattern matching its filled-in text."""
    out = []
    for m in set(shapes.objects(None, SH.message)):
        if isinstance(m, Literal) and m.language:
            parts = re.split(r"\{[?$][A-Za-z_][A-Za-z0-9_]*\}", str(m))
            out.append((re.compile("(?s)" + ".*?".join(map(re.escape, parts))), m.language))
    return out


def _language(message: Node, templates: list[tuple[re.Pattern[str], str]]) -> str:
    """pyshacl drops the language tag when it fills in a SPARQL message's {?variables};
    the template the text was made from tells the language again."""
    if isinstance(message, Literal) and message.language:
        return message.language
    text = str(message)
    return next((lang for pattern, lang in templates if pattern.fullmatch(text)), "en")


def _messages(messages: Iterable[Node], templates: list[tuple[re.Pattern[str], str]]
              ) -> tuple[str, str]:
    en: list[str] = []
    zh: list[str] = []
    for m in messages:
        (zh if _language(m, templates).startswith("zh") else en).append(str(m))
    en_text = min(en) if en else (min(zh) if zh else "")
    return en_text, (min(zh) if zh else en_text)


def _shape_name(shape: Node | None, path: Node | None, shapes: Graph) -> str:
    """Name a property shape (often a blank node) by its node shape and path."""
    if shape is None:
        return "?"
    if isinstance(shape, BNode):
        parent = next(iter(sorted(shapes.subjects(SH.property, shape), key=str)), None)
        where = compact(parent) if parent is not None and not isinstance(parent, BNode) else ""
        step = compact(path) if isinstance(path, URIRef) else "…"
        return f"{where}/{step}" if where else step
    return compact(shape)


def _label(g: Graph, node: Node, prop: URIRef, lang: str) -> str | None:
    found = sorted(str(o) for o in g.objects(node, prop)
                   if isinstance(o, Literal) and (o.language or "").startswith(lang))
    return found[0] if found else None


def focus_label(g: Graph, node: Node) -> str:
    """A human name: an observation's figure as printed and its indicator, else the label."""
    stated = g.value(node, FK.statedAs)
    if stated is not None:
        indicator = g.value(node, FK.indicator)
        name = None
        if indicator is not None:
            name = (_label(g, indicator, SKOS.prefLabel, "en")
                    or _label(g, indicator, RDFS.label, "en") or compact(indicator))
        return f"{stated} ({name})" if name else str(stated)
    zh = _label(g, node, RDFS.label, "zh") or _label(g, node, SKOS.prefLabel, "zh")
    en = _label(g, node, RDFS.label, "en") or _label(g, node, SKOS.prefLabel, "en")
    if zh and en and zh != en:
        return f"{zh} ({en})"
    return zh or en or compact(node)


def evidence_quote(g: Graph, node: Node) -> str | None:
    """The quote the focus node was derived from (or is, for evidence itself)."""
    quotes: list[str] = []
    sources = [node, *g.objects(node, PROV.wasDerivedFrom)]
    for ev in sources:
        for sel in g.objects(ev, OA.hasSelector):
            quotes += [str(q) for q in g.objects(sel, OA.exact)]
    quotes += [str(q) for q in g.objects(node, OA.exact)]
    return min(quotes) if quotes else None


# ---- rendering -------------------------------------------------------------------------------


def render_text(result: ValidationResult) -> str:
    """A readable report: the verdict, then each finding with its messages and quote."""
    verdict = "conforms" if result.conforms else f"{len(result.violations)} violation(s)"
    lines = [f"Validation: {verdict}, {len(result.warnings)} warning(s), "
             f"{len(result.infos)} info(s)"]
    for f in [*result.violations, *result.warnings, *result.infos]:
        lines += [
            "",
            f"{f.severity.upper()}  {f.shape}  [{f.component}]",
            f"  focus: {f.focus_label}  <{f.focus}>",
            f"  en: {f.message_en}",
        ]
        if f.message_zh != f.message_en:
            lines.append(f"  zh: {f.message_zh}")
        if f.value is not None:
            lines.append(f"  value: {f.value}")
        if f.quote:
            lines.append(f"  quote: 「{f.quote}」")
    return "\n".join(lines) + "\n"


def render_json(result: ValidationResult) -> str:
    """The findings as JSON, in a stable order (sorted keys and findings, no timing)."""
    doc = {
        "conforms": result.conforms,
        "violations": [asdict(f) for f in result.violations],
        "warnings": [asdict(f) for f in result.warnings],
        "infos": [asdict(f) for f in result.infos],
    }
    return json.dumps(doc, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


# ---- input -----------------------------------------------------------------------------------


def load_data_file(path: Path) -> Graph | Dataset:
    """Parse an RDF file, the format guessed from its extension.

    Raises InputError naming the file and what to fix when it cannot be used.
    """
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        known = ", ".join(FORMATS)
        raise InputError(f"cannot tell the RDF format from the extension {path.suffix!r}; "
                         f"name the file with one of {known}", path)
    if not path.is_file():
        raise InputError("no such file (give a Turtle, TriG, N-Quads, N-Triples or JSON-LD "
                         "file, e.g. dist/kg.trig)", path)
    graph: Graph | Dataset = Dataset() if fmt in QUAD_FORMATS else Graph()
    try:
        graph.parse(path, format=fmt)
    except Exception as exc:  # rdflib's parsers raise many unrelated exception types
        detail = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise InputError(f"not valid {fmt} ({detail}); fix the syntax or the extension",
                         path) from exc
    if _size(graph) == 0:
        raise InputError(f"the file holds no triples (parsed as {fmt}); is it the right file?",
                         path)
    return graph


def _size(graph: Graph | Dataset) -> int:
    if isinstance(graph, Dataset):
        return sum(len(g) for g in graph.graphs())
    return len(graph)


__all__ = [
    "Finding",
    "ValidationResult",
    "evidence_quote",
    "exit_code",
    "focus_label",
    "load_data_file",
    "render_json",
    "render_text",
    "union_with",
    "validate",
    "validate_ntriples",
]
