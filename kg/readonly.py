"""What the project's SPARQL engines accept: queries over local data, nothing else.

Decided by parsing with rdflib's SPARQL 1.1 grammar, never by pattern matching on the text:
a request that parses as a query is a query, whatever its layout, comments or prefixes; one
that parses only as an update is refused as read-only; ``SERVICE`` (anywhere in a query,
however nested) and ``LOAD`` are refused because they would make the engine fetch a URL.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from pyparsing import ParseException, ParseResults
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue

from kg.errors import InputError


class UpdateRefused(InputError):
    """A SPARQL Update sent to a read-only engine (HTTP 403)."""


class DereferenceRefused(InputError):
    """A request that would fetch a remote resource: SERVICE or LOAD (HTTP 400)."""


READ_ONLY = ("this endpoint is read-only: SPARQL Update is not accepted "
             "(send queries only: SELECT, ASK, CONSTRUCT, DESCRIBE)")
NO_SERVICE = ("SERVICE is not accepted: this endpoint never fetches remote data (federated "
              "queries would let any web page make the server call other addresses); query "
              "the local graphs only")
NO_LOAD = ("LOAD is not accepted: this endpoint never fetches remote data, and it is "
           "read-only")


def _names(node: Any) -> set[str]:
    """The names of every grammar rule in a parse tree."""
    found: set[str] = set()
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, CompValue):
            found.add(item.name)
            stack.extend(item.values())
        elif isinstance(item, ParseResults | list | tuple):
            stack.extend(item)
        elif isinstance(item, dict):
            stack.extend(item.values())
    return found


def check_query(text: str) -> str:
    """The query form (SelectQuery, AskQuery, ConstructQuery, DescribeQuery) of ``text``, or
    an InputError: UpdateRefused, DereferenceRefused, or a one-line syntax error."""
    form = checked_tree(text)[1]
    return str(form.name) if isinstance(form, CompValue) else "Query"


@lru_cache(maxsize=1024)
def checked_tree(text: str) -> ParseResults:
    """rdflib's parse tree of a query that passed the checks (parsing is the slow part of a
    small query, so the tree is kept for the engine)."""
    try:
        parsed = parseQuery(text)
    except ParseException as query_error:
        _refuse_if_update(text)
        raise InputError(f"the query cannot be run: {_syntax(query_error, text)}"
                         ) from query_error
    if "ServiceGraphPattern" in _names(parsed):
        raise DereferenceRefused(NO_SERVICE)
    return parsed


def _refuse_if_update(text: str) -> None:
    try:
        update = parseUpdate(text)
    except ParseException:
        return
    if "request" not in update or not update["request"]:
        return  # empty, or comments only: neither a query nor an update
    if "Load" in _names(update):
        raise DereferenceRefused(NO_LOAD)
    raise UpdateRefused(READ_ONLY)


def _syntax(error: ParseException, text: str) -> str:
    line = text.splitlines()[error.lineno - 1] if text.splitlines() else ""
    near = line[max(0, error.col - 1):][:40].strip()
    return (f"syntax error at line {error.lineno}, column {error.col}"
            + (f" near {near!r}" if near else "") + f" ({text.strip()[:60]!r})")[:240]
