"""Indented JSON text, the bytes ``json.dumps(value, ensure_ascii=False, indent=2)`` writes.

With ``indent`` set, the standard library encodes in pure Python, a generator yielding every
token (the C encoder is used only without indentation): 10 of the 23 CPU s of kg.jsonld at
1,000 articles. The published files keep their indented layout, so this writes the same text
by appending to one list, with each string escaped by the library's own C function. Values of
other types than JSON's own (dict with str keys, list, tuple, str, int, float, bool, None)
are left to ``json.dumps`` whole, so the text is always the library's
(``tests/test_jsontext.py`` compares the two on generated values).

``iter_indented`` gives the same text in pieces, so that a file of hundreds of megabytes
(kg.jsonld at 1,000 articles) is written as it is made rather than held whole, twice (the
list of tokens and the joined text), beside its UTF-8 bytes.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from json.encoder import encode_basestring
from typing import Any


class _Other(Exception):
    """A value this writer does not spell itself (a non-str key, a custom object)."""


def dumps_indented(value: Any, sort_keys: bool = False) -> str:
    """``json.dumps(value, ensure_ascii=False, indent=2, sort_keys=sort_keys)``."""
    out: list[str] = []
    try:
        _write(value, "\n", out, sort_keys)
    except _Other:
        return json.dumps(value, ensure_ascii=False, indent=2, sort_keys=sort_keys)
    return "".join(out)


def iter_indented(value: Any, sort_keys: bool = False, levels: int = 2,
                  chunk: int = 65536) -> Iterator[str]:
    """The text of ``dumps_indented(value, sort_keys)`` in pieces: the members of the
    outermost ``levels`` containers are written one by one (a JSON-LD document's context and
    nodes), a piece given whenever about ``chunk`` tokens have been written."""
    out: list[str] = []
    yield from _stream(value, "\n", out, sort_keys, levels, chunk)
    if out:
        yield "".join(out)


def _stream(value: Any, newline: str, out: list[str], sort_keys: bool, levels: int,
            chunk: int) -> Iterator[str]:
    if levels == 0 or not value or not isinstance(value, dict | list | tuple):
        _member(value, newline, out, sort_keys)
        return
    if isinstance(value, dict):
        items = sorted(value.items()) if sort_keys else list(value.items())
        if not all(isinstance(key, str) for key, _ in items):
            _member(value, newline, out, sort_keys)
            return
        opening, closing = "{", "}"
        members = [(encode_basestring(key) + ": ", item) for key, item in items]
    else:
        opening, closing = "[", "]"
        members = [("", item) for item in value]
    inner = newline + "  "
    lead = opening + inner
    for key, item in members:
        out.append(lead + key)
        yield from _stream(item, inner, out, sort_keys, levels - 1, chunk)
        lead = "," + inner
        if len(out) >= chunk:
            yield "".join(out)
            out.clear()
    out.append(newline + closing)


def _member(value: Any, newline: str, out: list[str], sort_keys: bool) -> None:
    """``value`` written at the indentation ``newline`` gives; what this writer does not spell
    is left to ``json.dumps``, whose only line breaks are those of its layout (a line break in
    a string is escaped), each then indented as deep as the value sits."""
    mark = len(out)
    try:
        _write(value, newline, out, sort_keys)
    except _Other:
        del out[mark:]
        text = json.dumps(value, ensure_ascii=False, indent=2, sort_keys=sort_keys)
        out.append(text.replace("\n", newline))


def _write(value: Any, newline: str, out: list[str], sort_keys: bool) -> None:
    # Strings first: most values are strings.
    if isinstance(value, str):
        out.append(encode_basestring(value))
    elif isinstance(value, dict):
        if not value:
            out.append("{}")
            return
        inner = newline + "  "
        items = sorted(value.items()) if sort_keys else value.items()
        lead = "{" + inner
        for key, item in items:
            if not isinstance(key, str):
                raise _Other
            out.append(lead + encode_basestring(key) + ": ")
            _write(item, inner, out, sort_keys)
            lead = "," + inner
        out.append(newline + "}")
    elif isinstance(value, list | tuple):
        if not value:
            out.append("[]")
            return
        inner = newline + "  "
        lead = "[" + inner
        for item in value:
            out.append(lead)
            _write(item, inner, out, sort_keys)
            lead = "," + inner
        out.append(newline + "]")
    elif value is None or value is True or value is False or isinstance(value, int | float):
        out.append(json.dumps(value))
    else:
        raise _Other
