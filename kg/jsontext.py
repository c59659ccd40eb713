"""Indented JSON text, the bytes ``json.dumps(value, ensure_ascii=False, indent=2)`` writes.

With ``indent`` set, the standard library encodes in pure Python, a generator yielding every
token (the C encoder is used only without indentation): 10 of the 23 CPU s of kg.jsonld at
1,000 articles. The published files keep their indented layout, so this writes the same text
by appending to one list, with each string escaped by the library's own C function. Values of
other types than JSON's own (dict with str keys, list, tuple, str, int, float, bool, None)
are left to ``json.dumps`` whole, so the text is always the library's
(``tests/test_jsontext.py`` compares the two on generated values).
"""

from __future__ import annotations

import json
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
