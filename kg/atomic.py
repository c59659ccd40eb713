"""Atomic outputs: a file or a whole folder appears complete or not at all.

A build writes ``dist/`` into a fresh folder beside it (``.dist.new-<pid>``) and swaps it in
with two renames only when everything was written; a kill at any point leaves the previous
``dist/`` as it was (or, between the two renames, beside it as ``.dist.old-<pid>``, which the
next build cleans up). Single files are written to a temporary name and renamed.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from kg.errors import KgError


def write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` by way of a temporary file in the same folder."""
    write_chunks(path, (data,))


def write_chunks(path: Path, chunks: Iterable[bytes]) -> None:
    """Write the ``chunks`` one after another to ``path``, by way of a temporary file in the
    same folder (a file too big to hold whole is written as it is made)."""
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    try:
        with open(tmp, "wb") as f:
            for chunk in chunks:
                f.write(chunk)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()


def write_text(path: Path, text: str) -> None:
    write_bytes(path, text.encode("utf-8"))


def _stale(out: Path) -> list[Path]:
    parent = out.parent
    if not parent.is_dir():
        return []
    return [p for p in parent.iterdir()
            if p.name.startswith((f".{out.name}.new-", f".{out.name}.old-"))]


@contextmanager
def replaced_folder(out: Path) -> Iterator[Path]:
    """Yield a fresh staging folder; on normal exit it replaces ``out`` (files already in
    ``out`` that the build does not write are kept); on an exception ``out`` is untouched.
    """
    out = out.absolute()
    if Path.cwd().absolute().is_relative_to(out):
        raise KgError("the output folder is swapped in whole; give a folder of its own "
                      "(e.g. --out dist), not the current folder or one above it", out)
    out.parent.mkdir(parents=True, exist_ok=True)
    for stale in _stale(out):  # left by a build that was killed
        if stale.name.startswith(f".{out.name}.old-") and not out.exists():
            os.replace(stale, out)  # killed between the two renames: put the old one back
        else:
            shutil.rmtree(stale, ignore_errors=True)
    staging = out.parent / f".{out.name}.new-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir()
    try:
        yield staging
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    if out.is_dir():
        # Keep what the user put there beside the outputs (e.g. graph.html from kg viz).
        for old in out.iterdir():
            if not (staging / old.name).exists() and not old.name.startswith("."):
                if old.is_dir():
                    shutil.copytree(old, staging / old.name)
                else:
                    shutil.copy2(old, staging / old.name)
        previous = out.parent / f".{out.name}.old-{os.getpid()}"
        os.replace(out, previous)
        os.replace(staging, out)
        shutil.rmtree(previous, ignore_errors=True)
    else:
        if out.exists():
            out.unlink()
        os.replace(staging, out)
