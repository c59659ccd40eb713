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
_NATIVE_IRIS = {str(t) for t in _NATIVE}
_STRING = str(XSD.string)
_MISSING = object()
_TYPE_KEY = "rdf:type without a term"  # not a JSON-LD keyword: no term type collides


class _Unsupported(Exception):
    """Something rdflib's converter does and this one leaves to it."""


class _Converter:
    def __init__(self, context: Context, triples: Iterable[ox.Triple]) -> None:
        self.ctx = context
        # subject → predicate → objects, in insertion order, as the Memory store iterates
        # ``predicate_objects``; the objects seen, for "is this blank node referenced".
        self.po: dict[Term, dict[ox.NamedNode, list[Term]]] = {}
        # Only a blank node's being referenced is ever asked: literals and IRIs, most of the
        # objects, are not hashed into the set.
        self.referenced: set[Term] = set()
        po = self.po
        for t in triples:
            s, o = t.subject, t.object
            if isinstance(s, ox.Triple) or isinstance(o, ox.Triple):
                raise _Unsupported("an RDF-star triple term")
            by_p = po.get(s)
            if by_p is None:
                by_p = po[s] = {}
            objects = by_p.get(t.predicate)
            if objects is None:
                by_p[t.predicate] = [o]
            else:
                objects.append(o)
            if isinstance(o, ox.BlankNode):
                self.referenced.add(o)
        # What ``add_to_node`` makes of an IRI object (its key and value) depends only on the
        # predicate and the IRI: computed once per pair. Of a literal, the key and whether
        # the value is its lexical form depend only on the predicate, datatype and language.
        self.named: dict[ox.NamedNode, dict[ox.NamedNode, tuple[str, Any]]] = {}
        self.literal_rules: dict[tuple[ox.NamedNode, str | None, str | None],
                                 tuple[str, bool]] = {}
        self.natives: dict[ox.Literal, Any] = {}
        self.languages: dict[str, str | None] = {}
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
            named = self.named.get(p)
            if named is None:
                named = self.named[p] = {}
            for o in objects:
                if isinstance(o, ox.Literal):
                    p_key, value = self.literal_entry(p, o)
                elif isinstance(o, ox.NamedNode):
                    entry = named.get(o)
                    if entry is None:
                        entry = named[o] = self.entry(s, p, o, nodemap)
                    p_key, value = entry
                else:
                    p_key, value = self.entry(s, p, o, nodemap)
                self.put(node, p_key, value)
        return node

    @staticmethod
    def put(s_node: dict[str, Any], p_key: str, node: Any) -> None:
        """rdflib's accumulation: a second value makes a list, a falsy first one is
        replaced."""
        value = s_node.get(p_key)
        if value:
            if not isinstance(value, list):
                value = [value]
            value.append(node)
        else:
            value = node
        s_node[p_key] = value

    def literal_entry(self, p: ox.NamedNode, o: ox.Literal) -> tuple[str, Any]:
        """``entry`` for a literal object without rdflib terms: the key and coercion are
        looked up once per (predicate, datatype, language), and the value is the lexical
        form, a native value (rdflib's, remembered per literal) or a typed/tagged object."""
        language = o.language
        datatype: str | None = None
        if language:
            found_language = self.languages.get(language, "")
            if found_language == "":
                found_language = self.languages[language] = self.literal(o).language
            language = found_language
        else:
            datatype = o.datatype.value
            if datatype == _STRING:
                datatype = None
        key = (p, datatype, language)
        rule = self.literal_rules.get(key)
        if rule is None:
            rule = self.literal_rules[key] = self.literal_rule(p, o)
        p_key, lexical = rule
        if lexical:
            return p_key, o.value
        ctx = self.ctx
        if datatype is not None:
            if datatype in _NATIVE_IRIS:
                native = self.natives.get(o, _MISSING)
                if native is _MISSING:
                    v = self.literal(o).toPython()
                    native = self.natives[o] = str(v) if isinstance(v, Literal) else v
                return p_key, native
            return p_key, {ctx.type_key: self.symbol(datatype), ctx.value_key: o.value}
        if language:
            return p_key, {ctx.lang_key: language, ctx.value_key: o.value}
        return p_key, o.value

    def literal_rule(self, p: ox.NamedNode, o: ox.Literal) -> tuple[str, bool]:
        """(key, whether the value is the lexical form) for literals like ``o`` under ``p``:
        ``entry``'s choice, which depends only on the predicate, datatype and language."""
        p_key, coerce = self.key_of(p, o)
        if coerce == ID:
            return p_key, True
        if coerce is None or coerce in (VOCAB, _TYPE_KEY):
            return p_key, False
        return p_key, str(self.literal(o).datatype) == coerce

    def entry(self, s: Term, p: ox.NamedNode, o: Term, nodemap: dict[str, dict[str, Any]]
              ) -> tuple[str, Any]:
        """The key and value rdflib's converter adds to ``s``'s node for ``p o``."""
        p_key, coerce = self.key_of(p, o)
        node: Any = None
        if coerce == _TYPE_KEY:
            if isinstance(o, ox.NamedNode):
                node = self.symbol(o.value)
        elif coerce:
            node = self.type_coerce(o, coerce)
        if node is None:
            node = self.to_raw_value(s, o, nodemap)
        return p_key, node

    def key_of(self, p: ox.NamedNode, o: Term) -> tuple[str, str | None]:
        """The node's key for ``p o`` and how the value is coerced: the term's type, or
        ``_TYPE_KEY`` for rdf:type without a term (a class is written as its symbol)."""
        ctx = self.ctx
        if isinstance(o, ox.Literal):
            lit = self.literal(o)
            term = self.term_for_literal(p.value, str(lit.datatype) if lit.datatype else None,
                                         lit.language)
        else:
            term = self.term_for_node(p.value, self.truthy(self.first(o)))
        if term:
            return term.name, term.type or None
        p_key = self.symbol(p.value) or ""
        key_term = ctx.terms.get(p_key)
        if key_term and (key_term.type or key_term.container):
            p_key = p.value
        if p == _TYPE:
            return ctx.type_key, _TYPE_KEY
        return p_key, None

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
