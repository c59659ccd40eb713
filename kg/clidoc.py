"""The CLI reference in the README, generated from the commands' own ``--help``.

``python -m kg.clidoc`` prints the reference; ``python -m kg.clidoc --write README.md``
replaces the text between the README's ``<!-- cli-reference:start -->`` and
``<!-- cli-reference:end -->`` markers with it. A test fails when the README's copy is stale.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

START = "<!-- cli-reference:start -->"
END = "<!-- cli-reference:end -->"


def _help(command: click.Command, name: str) -> str:
    with click.Context(command, info_name=name, terminal_width=100,
                       max_content_width=100) as ctx:
        return command.get_help(ctx)


def reference() -> str:
    """Markdown: one section per command, its ``--help`` verbatim."""
    from kg.cli import main

    parts = ["Generated from `kg COMMAND --help` (`python -m kg.clidoc --write README.md`).\n"]
    for name in sorted(main.commands):
        command = main.commands[name]
        parts.append(f"\n#### `kg {name}`\n\n```text\n{_help(command, f'kg {name}')}\n```\n")
    return "".join(parts)


def replace_section(text: str, body: str) -> str:
    head, sep, rest = text.partition(START)
    _old, sep2, tail = rest.partition(END)
    if not sep or not sep2:
        raise ValueError(f"the file has no {START} … {END} section")
    return f"{head}{START}\n{body}{END}{tail}"


def section(text: str) -> str:
    _head, _sep, rest = text.partition(START)
    return rest.partition(END)[0].removeprefix("\n")


def main(argv: list[str]) -> int:
    if argv[:1] == ["--write"] and len(argv) == 2:
        path = Path(argv[1])
        path.write_text(replace_section(path.read_text(encoding="utf-8"), reference()),
                        encoding="utf-8")
        return 0
    if argv:
        print("usage: python -m kg.clidoc [--write README.md]", file=sys.stderr)
        return 2
    sys.stdout.write(reference())
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
