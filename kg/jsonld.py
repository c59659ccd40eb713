"""The union of the store as compacted JSON-LD nodes, the same nodes rdflib's serialiser makes.

rdflib's ``Converter`` (``rdflib.plugins.serializers.jsonld``) asks the graph for every
subject's predicates, every object's ``rdf:first`` and every list cell through the Memory
store's generic pattern lookups, and then the whole document goes through ``json.dumps`` and
``json.loads`` again before kg.publish sorts it: at 300 articles that was about half of
publishing. This module runs the same algorithm, step for step (the same choice of term, the
same coercions, native booleans, integers and doubles, ``@list`` for well-formed RDF lists,
blank nodes as ``_:label`` nodes of their own, the same handling of a falsy first value), over
plain dictionaries built once from the store's triples in the order ``GraphStore.union()``
inserts them, and asks rdflib's own ``Context`` (memoised) which term, key and prefix to use.

It covers the contexts without containers or default languages (the published context has
none) and graphs without RDF-star terms or list cells lacking ``rdf:first``; for anything
else ``compact_nodes`` returns None and the caller uses rdflib.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pyoxigraph as ox
from rdflib import Literal
from rdflib.namespace import RDF, XSD
from rdflib.plugins.shared.jsonld.context import UNDEF, Context
from rdflib.plugins.shared.jsonld.keys import ID, LIST, VOCAB

from kg.store import to_rdflib

Term = ox.NamedNode | ox.BlankNode | ox.Literal
_FIRST = ox.NamedNode(str(RDF.first))
_REST = ox.NamedNode(str(RDF.rest))
_NIL = ox.NamedNode(str(RDF.nil))
_TYPE = ox.NamedNode(str(RDF.type))
_LIST_CLASS = ox.NamedNode(str(RDF.List))
# rdflib.plugins.serializers.jsonld.PLAIN_LITERAL_TYPES: written as JSON numbers and booleans.
_NATIVE = {XSD.boolean, XSD.integer, XSD.double, XSD.string}


class _Unsupported(Exception):
    """Something rdflib's converter does and this one leaves to it."""


class _Converter:
    def __init__(self, context: Context, triples: Iterable[ox.Triple]) -> None:
        self.ctx = context
        # subject → predicate → objects, in insertion order, as the Memory store iterates
        # ``predicate_objects``; the objects seen, for "is this blank node referenced".
        self.po: dict[Term, dict[ox.NamedNode, list[Term]]] = {}
        self.referenced: set[Term] = set()
        for t in triples:
            s, o = t.subject, t.object
            if isinstance(s, ox.Triple) or isinstance(o, ox.Triple):
                raise _Unsupported("an RDF-star triple term")
            self.po.setdefault(s, {}).setdefault(t.predicate, []).append(o)
            self.referenced.add(o)
        self.literals: dict[ox.Literal, Literal] = {}
        self.literal_terms: dict[tuple[str, str | None, str | None], Any] = {}
        self.node_terms: dict[tuple[str, bool], Any] = {}
        self.shrunk: dict[str, str] = {}
        self.symbols: dict[str, str | None] = {}

    # ---- memoised questions to rdflib's Context (pure functions of the context) -------------

    def literal(self, o: ox.Literal) -> Literal:
        found = self.literals.get(o)
        if found is None:
            converted = to_rdflib(o)
            assert isinstance(converted, Literal)
            found = self.literals[o] = converted
        return found

    def shrink(self, iri: str) -> str:
        found = self.shrunk.get(iri)
        if found is None:
            found = self.shrunk[iri] = self.ctx.shrink_iri(iri)
        return found

    def symbol(self, iri: str) -> str | None:
        if iri not in self.symbols:
            self.symbols[iri] = self.ctx.to_symbol(iri)
        return self.symbols[iri]

    def term_for_literal(self, p: str, datatype: str | None, language: str | None) -> Any:
        key = (p, datatype, language)
        if key not in self.literal_terms:
            self.literal_terms[key] = self.ctx.find_term(p, datatype, language=language)
        return self.literal_terms[key]

    def term_for_node(self, p: str, is_list: bool) -> Any:
        key = (p, is_list)
        if key not in self.node_terms:
            term = None
            for container in ([LIST, None] if is_list else [None]):
                for coercion in (ID, VOCAB, UNDEF):
                    term = self.ctx.find_term(p, coercion, container)  # type: ignore[arg-type]
                    if term:
                        break
                if term:
                    break
            self.node_terms[key] = term
        return self.node_terms[key]

    # ---- the graph --------------------------------------------------------------------------

    def truthy(self, term: Term | None) -> bool:
        """``bool()`` of the rdflib term, as rdflib's ``if graph.value(...)`` tests it."""
        if term is None:
            return False
        if isinstance(term, ox.Literal):
            return bool(self.literal(term))
        return bool(term.value)

    def first(self, s: Term) -> Term | None:
        objects = self.po.get(s, {}).get(_FIRST)
        return objects[0] if objects else None

    def node_id(self, s: Term) -> str:
        return self.shrink(s.value) if isinstance(s, ox.NamedNode) else f"_:{s.value}"

    # ---- rdflib's Converter, over the dictionaries --------------------------------------------

    def nodes(self) -> list[dict[str, Any]]:
        nodemap: dict[str, dict[str, Any]] = {}
        for s in self.po:
            if isinstance(s, ox.NamedNode) or (isinstance(s, ox.BlankNode)
                                               and s not in self.referenced):
                self.process_subject(s, nodemap)
        return list(nodemap.values())

    def process_subject(self, s: Term, nodemap: dict[str, dict[str, Any]]
                        ) -> dict[str, Any] | None:
        node_id = self.node_id(s)
        if node_id in nodemap:
            return None
        node: dict[str, Any] = {self.ctx.id_key: node_id}
        nodemap[node_id] = node
        for p, objects in self.po.get(s, {}).items():
            for o in objects:
                self.add_to_node(s, p, o, node, nodemap)
        return node

    def add_to_node(self, s: Term, p: ox.NamedNode, o: Term, s_node: dict[str, Any],
                    nodemap: dict[str, dict[str, Any]]) -> None:
        ctx = self.ctx
        if isinstance(o, ox.Literal):
            lit = self.literal(o)
            term = self.term_for_literal(p.value, str(lit.datatype) if lit.datatype else None,
                                         lit.language)
        else:
            term = self.term_for_node(p.value, self.truthy(self.first(o)))
        node: Any = None
        p_key: str
        if term:
            p_key = term.name
            if term.type:
                node = self.type_coerce(o, term.type)
        else:
            p_key = self.symbol(p.value) or ""
            key_term = ctx.terms.get(p_key)
            if key_term and (key_term.type or key_term.container):
                p_key = p.value
            if p == _TYPE:
                if isinstance(o, ox.NamedNode):
                    node = self.symbol(o.value)
                p_key = ctx.type_key
        if node is None:
            node = self.to_raw_value(s, o, nodemap)
        value = s_node.get(p_key)
        if value:
            if not isinstance(value, list):
                value = [value]
            value.append(node)
        else:
            value = node
        s_node[p_key] = value

    def type_coerce(self, o: Term, coerce_type: str) -> Any:
        if coerce_type == ID:
            if isinstance(o, ox.Literal):
                return str(self.literal(o))
            return self.node_id(o)
        if coerce_type == VOCAB and isinstance(o, ox.NamedNode):
            return self.symbol(o.value)
        if isinstance(o, ox.Literal) and str(self.literal(o).datatype) == coerce_type:
            return str(self.literal(o))
        return None

    def to_raw_value(self, s: Term, o: Term, nodemap: dict[str, dict[str, Any]]) -> Any:
        ctx = self.ctx
        coll = self.to_collection(o)
        if coll is not None:
            return {ctx.list_key: [self.to_raw_value(s, item, nodemap) for item in coll]}
        if isinstance(o, ox.BlankNode):
            self.process_subject(o, nodemap)
            return {ctx.id_key: f"_:{o.value}"}
        if isinstance(o, ox.NamedNode):
            return {ctx.id_key: self.shrink(o.value)}
        lit = self.literal(o)
        native = lit.datatype in _NATIVE
        v = lit.toPython() if native else str(lit)
        if isinstance(v, Literal):  # an ill-typed value stays its lexical form
            v = str(v)
        if lit.datatype:
            if native:
                return v
            return {ctx.type_key: self.symbol(str(lit.datatype)), ctx.value_key: v}
        if lit.language:
            return {ctx.lang_key: lit.language, ctx.value_key: v}
        return v

    def to_collection(self, head: Term) -> list[Term] | None:
        if head != _NIL and not self.truthy(self.first(head)):
            return None
        items: list[Term] = []
        cell: Term | None = head
        chain = {head}
        while self.truthy(cell):
            assert cell is not None
            if cell == _NIL:
                return items
            if isinstance(cell, ox.NamedNode):
                return None
            first: Term | None = None
            rest: Term | None = None
            for p, objects in self.po.get(cell, {}).items():
                for o in objects:
                    if not self.truthy(first) and p == _FIRST:
                        first = o
                    elif not self.truthy(rest) and p == _REST:
                        rest = o
                    elif p != _TYPE or o != _LIST_CLASS:
                        return None
            if first is None:  # rdflib would then look up any subject's rdf:first
                raise _Unsupported("a list cell without rdf:first")
            items.append(first)
            cell = rest
            if cell in chain:
                return None
            if cell is not None:
                chain.add(cell)
        return None


def compact_nodes(triples: Iterable[ox.Triple], context_data: dict[str, Any]
                  ) -> list[dict[str, Any]] | None:
    """The ``@graph`` nodes rdflib writes for these triples with this context (after a JSON
    round trip: plain strings, numbers, booleans), unsorted; None for a context that uses a
    feature this converter leaves to rdflib (containers, a default language)."""
    context = Context(context_data)
    if context.language or any(t.container or t.language for t in context.terms.values()):
        return None
    try:
        return _Converter(context, triples).nodes()
    except _Unsupported:
        return None
