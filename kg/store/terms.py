"""Terms between rdflib and pyoxigraph, literals in one canonical lexical form.

Kept apart from the store (kg.store) so that kg.store.lines can convert terms too.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

RdfTerm = URIRef | BNode | Literal

_INTEGERS = {str(XSD[n]) for n in (
    "integer", "nonNegativeInteger", "positiveInteger", "negativeInteger",
    "nonPositiveInteger", "long", "int", "short", "byte", "unsignedLong", "unsignedInt",
    "unsignedShort", "unsignedByte")}
_INTEGER_TEXT = re.compile(r"^[+-]?\d+$")


def canonical_decimal(value: object) -> str:
    """The XSD 1.1 canonical form of a decimal: ``580000``, ``1.45``, ``-0.5`` (no exponent, no
    trailing zeros, no ``.0``); the form Oxigraph itself returns, so files and query answers
    agree."""
    d = Decimal(str(value)).normalize()
    if d == 0:
        return "0"
    return format(d, "f")


def canonical_lexical(text: str, datatype: str) -> str:
    """One lexical form per value for the numeric and boolean datatypes; others as given."""
    try:
        if datatype == str(XSD.decimal):
            return canonical_decimal(text.strip())
        if datatype in _INTEGERS and _INTEGER_TEXT.match(text.strip()):
            return str(int(text.strip()))
    except InvalidOperation:
        return text
    if datatype == str(XSD.boolean) and text.strip() in ("1", "0", "true", "false"):
        return "true" if text.strip() in ("1", "true") else "false"
    return text


def canonical_literal(term: Literal) -> Literal:
    if term.datatype is None:
        return term
    text = canonical_lexical(str(term), str(term.datatype))
    return term if text == str(term) else Literal(text, datatype=term.datatype)


def to_ox(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            text = canonical_lexical(str(term), str(term.datatype))
            return ox.Literal(text, datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"not an RDF term: {term!r}")


def to_rdflib(term: object) -> RdfTerm:
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        if term.datatype.value == str(XSD.string):
            return Literal(term.value)
        # normalize=False: the lexical form stays what the store or file says.
        return Literal(term.value, datatype=URIRef(term.datatype.value), normalize=False)
    raise TypeError(f"not an RDF term: {term!r}")


def memo_to_ox() -> Callable[[Node], ox.NamedNode | ox.BlankNode | ox.Literal]:
    """``to_ox`` remembering its answers: a dataset names the same IRIs and values thousands
    of times, and each conversion (IRI check, canonical lexical form) costs microseconds.
    Literals are keyed on lexical form, language and datatype as written, so two spellings
    rdflib counts as equal (language tags differing in case) still convert apart."""
    memo: dict[object, ox.NamedNode | ox.BlankNode | ox.Literal] = {}

    def convert(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
        key: object = ((str(term), term.language, term.datatype)
                       if isinstance(term, Literal) else term)
        found = memo.get(key)
        if found is None:
            found = memo[key] = to_ox(term)
        return found

    return convert


def memo_to_rdflib() -> Callable[[object], RdfTerm]:
    """``to_rdflib`` remembering its answers (pyoxigraph terms hash and compare as RDF
    terms): building a URIRef checks the IRI in Python, a microsecond each."""
    memo: dict[object, RdfTerm] = {}

    def convert(term: object) -> RdfTerm:
        found = memo.get(term)
        if found is None:
            found = memo[term] = to_rdflib(term)
        return found

    return convert
