"""Errors the user can act on: each names the file, the line where known, and what to fix."""

from __future__ import annotations

from pathlib import Path


class KgError(Exception):
    """An error in the user's input or environment; the CLI prints it on one line, exit 2."""

    exit_code = 2

    def __init__(self, message: str, path: Path | str | None = None, line: int | None = None):
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line
        super().__init__(self.__str__())

    def __str__(self) -> str:
        where = self.path or ""
        if where and self.line is not None:
            where = f"{where}:{self.line}"
        return f"{where}: {self.message}" if where else self.message


class InputError(KgError):
    """Unusable input: missing, unreadable, binary, undecodable or malformed."""
