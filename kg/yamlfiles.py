"""Reading the user's YAML files (annotations, entities, order overrides) as node trees, so
that every later error can name the line; malformed YAML is reported with file and line."""

from __future__ import annotations

from pathlib import Path

import yaml

from kg.errors import InputError


def read_yaml_text(path: Path, name: str, what: str) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read the {what} ({exc})", name) from exc


def compose_yaml(text: str, name: str) -> yaml.Node | None:
    try:
        return yaml.compose(text)
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else None
        # An unclosed bracket is only noticed at the end of the file: say where it opened.
        context = (f" ({exc.context} at line {exc.context_mark.line + 1})"
                   if exc.context and exc.context_mark else "")
        raise InputError(f"malformed YAML: {exc.problem}{context}", name, line) from exc
