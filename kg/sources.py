"""Reading input files: the only place the ingest touches the file system.

Chinese files often come in GB18030/GBK rather than UTF-8; both are decoded, anything else
is refused with a message that names the file.
"""

from __future__ import annotations

import hashlib
import importlib.resources
import re
from pathlib import Path
from typing import Any

from kg.errors import InputError
from kg.model import SourceDoc
from kg.yamlfiles import load_yaml_mapping, read_yaml_text

SUFFIXES = (".md", ".txt", ".markdown")
# Sidecar metadata beside a source file: ``page.md`` + ``page.meta.yaml``.
META_SUFFIX = ".meta.yaml"
MAX_SOURCE_BYTES = 20_000_000
"""The largest source file read: ingest and extraction are linear in a file's length
(``make bench-ingest`` measures them up to 10 MB), so this bounds the time, about a minute."""

_CJK = re.compile(r"[\u3400-\u9fff]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def bundled_corpus() -> Path:
    """The sample page shipped inside the package."""
    return Path(str(importlib.resources.files("kg") / "data" / "corpus"))


def discover(path: Path) -> list[Path]:
    """The source files of a corpus: one file, or every .md/.txt file under a folder."""
    if not path.exists():
        raise InputError("no such file or folder", path)
    if path.is_file():
        return [path]
    if not path.is_dir():
        raise InputError("not a regular file or folder", path)
    try:
        files = sorted(
            p for p in path.rglob("*")
            if p.is_file() and p.suffix.lower() in SUFFIXES and not p.name.startswith(".")
        )
    except PermissionError as exc:
        raise InputError(f"cannot list the folder ({exc.strerror})", path) from exc
    if not files:
        raise InputError(
            "no .md or .txt files here; put the articles (UTF-8 or GB18030 text) in this folder",
            path,
        )
    return files


def decode(data: bytes, path: Path | str) -> tuple[str, str]:
    """Decode bytes as UTF-8 (with or without BOM), UTF-16 with BOM, or GB18030."""
    if not data.strip():
        raise InputError("the file is empty", path)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise InputError(f"broken UTF-16 at byte {exc.start}", path) from exc
    if b"\x00" in data:
        raise InputError("this is a binary file, not text; give a .md or .txt article", path)
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if encoding == "gb18030" and not _plausible_chinese(text):
            break
        if _CONTROL.search(text):
            raise InputError("this looks like a binary file (control characters in it)", path)
        return text.replace("\r\n", "\n").replace("\r", "\n"), (
            "utf-8" if encoding == "utf-8-sig" else encoding
        )
    raise InputError(
        "unknown text encoding (not UTF-8, UTF-16 or GB18030); re-save the file as UTF-8", path
    )


def _plausible_chinese(text: str) -> bool:
    """GB18030 decodes almost any byte string; accept it only if the result reads as Chinese."""
    letters = [c for c in text if not c.isspace()]
    if not letters:
        return False
    cjk = sum(1 for c in letters if _CJK.match(c))
    printable_ascii = sum(1 for c in letters if c.isascii() and c.isprintable())
    return (cjk + printable_ascii) / len(letters) > 0.9 and cjk > 0


def read_source(path: Path, display: str | None = None) -> SourceDoc:
    """Read and decode one source file, with its sidecar metadata if any."""
    try:
        size = path.stat().st_size
        if size > MAX_SOURCE_BYTES:
            raise InputError(f"the file is {size} bytes, over the limit of {MAX_SOURCE_BYTES} "
                             "bytes per source file; split it into articles", display or path)
        data = path.read_bytes()
    except IsADirectoryError as exc:
        raise InputError("is a folder, expected a file", path) from exc
    except OSError as exc:
        raise InputError(f"cannot read the file ({exc.strerror})", path) from exc
    text, encoding = decode(data, display or path)
    metadata = _read_sidecar(path)
    return SourceDoc(
        path=display or str(path),
        name=path.name,
        text=text,
        encoding=encoding,
        sha256=hashlib.sha256(data).hexdigest(),
        metadata=metadata,
    )


def _read_sidecar(path: Path) -> dict[str, Any]:
    sidecar = path.with_name(path.stem + META_SUFFIX)
    if not sidecar.exists():
        return {}
    text = read_yaml_text(sidecar, str(sidecar), "metadata file")
    return load_yaml_mapping(text, str(sidecar), what="metadata YAML")


def display_path(path: Path, root: Path | None = None) -> str:
    """A path to show the user and to store in the graph: relative, never a machine path."""
    if root is not None:
        try:
            return str(path.resolve().relative_to(root.resolve().parent))
        except ValueError:
            pass
    return path.name
