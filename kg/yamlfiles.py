"""Reading the user's YAML files (annotations, entities, order overrides, ``.meta.yaml``
sidecars, front matter) safely, as node trees, so that every later error can name the line.

The user's YAML is data typed by hand, so the reader refuses what such a file never needs
and what an attacker would use: anchors and aliases (``&a`` / ``*a``: nine levels of them
expand to gigabytes), control characters (a NUL makes PyYAML's reader fail), and files or
lines beyond stated limits. Every refusal names the file and line.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml
from yaml.events import AliasEvent

from kg.errors import InputError

MAX_YAML_BYTES = 2_000_000
"""The largest YAML file read (an annotation of a long article is about 60 KB)."""
MAX_YAML_LINE = 10_000
"""The longest line of a YAML file, in characters."""

# What YAML does not allow in a stream (control characters, lone surrogates, U+FFFE/U+FFFF).
_CONTROL = re.compile(
    "[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


class _NoAliasLoader(yaml.SafeLoader):
    """PyYAML's safe loader without anchors and aliases."""

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        event = self.peek_event()  # type: ignore[no-untyped-call]
        if isinstance(event, AliasEvent) or getattr(event, "anchor", None) is not None:
            mark = event.start_mark
            raise yaml.MarkedYAMLError(
                None, None, "anchors and aliases (&name, *name) are not allowed; write the "
                "value out", mark)
        return super().compose_node(parent, index)


def read_yaml_text(path: Path, name: str, what: str) -> str:
    try:
        size = path.stat().st_size
        if size > MAX_YAML_BYTES:
            raise InputError(f"the {what} is {size} bytes, over the limit of {MAX_YAML_BYTES}; "
                             "split it", name)
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read the {what} ({exc})", name) from exc


def check_yaml_text(text: str, name: str, first_line: int = 1) -> None:
    """Refuse control characters, over-long files and lines, with the line number."""
    if len(text) > MAX_YAML_BYTES:  # characters: at least as many bytes
        raise InputError(f"YAML over the limit of {MAX_YAML_BYTES} bytes; split it", name)
    bad = _CONTROL.search(text)
    if bad:
        line = first_line + text.count("\n", 0, bad.start())
        raise InputError(f"control character U+{ord(bad.group()):04X} is not allowed in YAML; "
                         "remove it", name, line)
    for number, line_text in enumerate(text.split("\n"), start=first_line):
        if len(line_text) > MAX_YAML_LINE:
            raise InputError(f"line of {len(line_text)} characters, over the limit of "
                             f"{MAX_YAML_LINE}", name, number)


def _error(exc: yaml.YAMLError, name: str, first_line: int, what: str) -> InputError:
    if isinstance(exc, yaml.MarkedYAMLError):
        line = exc.problem_mark.line + first_line if exc.problem_mark else None
        # An unclosed bracket is only noticed at the end of the file: say where it opened.
        context = (f" ({exc.context} at line {exc.context_mark.line + first_line})"
                   if exc.context and exc.context_mark else "")
        return InputError(f"malformed {what}: {exc.problem}{context}", name, line)
    return InputError(f"malformed {what}: {' '.join(str(exc).split())}", name)


def compose_yaml(text: str, name: str, first_line: int = 1,
                 what: str = "YAML") -> yaml.Node | None:
    """The node tree of ``text`` (``first_line`` is the file's line of the text's first)."""
    check_yaml_text(text, name, first_line)
    try:
        return yaml.compose(text, Loader=_NoAliasLoader)  # a SafeLoader
    except yaml.YAMLError as exc:
        raise _error(exc, name, first_line, what) from exc


def load_yaml_mapping(text: str, name: str, first_line: int = 1,
                      what: str = "YAML") -> dict[str, Any]:
    """A flat mapping of metadata (``date: 2020-08-25``); an empty text gives ``{}``."""
    check_yaml_text(text, name, first_line)
    try:
        loaded = yaml.load(text, Loader=_NoAliasLoader)  # a SafeLoader
    except yaml.YAMLError as exc:
        raise _error(exc, name, first_line, what) from exc
    except (ValueError, OverflowError) as exc:  # a date such as 2020-13-45
        raise InputError(f"malformed {what}: {exc}", name, first_line) from exc
    if loaded is None:
        return {}
    if not isinstance(loaded, dict):
        raise InputError(f"{what} must be a mapping such as 'date: 2020-08-25'", name,
                         first_line)
    return {str(k): v for k, v in loaded.items()}
