"""A compact, cached copy of JioNLP's gazetteer, so that a command starts in a second.

Reading JioNLP's whole dictionary (province > prefecture > county > township > village) and
indexing it took about 5 s per process, though an article needs the townships of only a few
counties. The index keeps the upper levels as they are and each county's townships and
villages as one ``marshal`` blob, decoded only when a county is asked for. It is built from
JioNLP once, written to the user's cache folder under a name that carries JioNLP's version and
this format's (and Python's), and read from there by every later process (about 0.1 s).

JioNLP is Apache-2.0; the cache is derived from its data and never committed.
"""

from __future__ import annotations

import marshal
import os
import sys
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

# Raise when the index's layout (or what it keeps of JioNLP's tree) changes.
INDEX_FORMAT = 2
BLOB = "_towns_blob"  # a county's townships and villages, marshalled
# Its township names alone (with a village list where JioNLP gives a list, else None): what
# the country index reads, a tenth of the size to decode.
BRIEF = "_towns_brief"

# province → {"_…": meta, prefecture → {"_…": meta, county → {"_…": meta, BLOB: bytes}}}
Index = dict[str, dict[str, object]]


def cache_dir() -> Path:
    """``$FUPIN_KG_CACHE``, else ``$XDG_CACHE_HOME/fupin-kg``, else ``~/.cache/fupin-kg``."""
    given = os.environ.get("FUPIN_KG_CACHE")
    if given:
        return Path(given)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "fupin-kg"


def jionlp_version() -> str:
    try:
        return version("jionlp")
    except PackageNotFoundError:  # pragma: no cover - jionlp is a runtime dependency
        return "unknown"


def index_path() -> Path:
    # marshal's format may change between Python versions: the name carries that one too.
    py = f"py{sys.version_info[0]}{sys.version_info[1]}"
    return cache_dir() / f"gazetteer-jionlp-{jionlp_version()}-v{INDEX_FORMAT}-{py}.marshal"


def jionlp_tree() -> dict[str, object]:
    """JioNLP's whole gazetteer as its loader gives it (seconds: only to build the index)."""
    from kg.quiet import quiet_import

    loader = quiet_import("jionlp.dictionary.dictionary_loader").china_location_loader
    tree = loader(detail=True)
    assert isinstance(tree, dict)
    return tree


def compact(tree: dict[str, object]) -> Index:
    """The tree with every county's towns replaced by its metadata and one blob of the rest.

    Entries the gazetteer code skips (a key starting with ``_`` at an upper level, or a value
    that is not a dict) are dropped here already; a county's towns dict is kept whole."""
    out: Index = {}
    for pname, cities in tree.items():
        if pname.startswith("_") or not isinstance(cities, dict):
            continue
        province: dict[str, object] = {}
        for cname, counties in cities.items():
            if cname.startswith("_") or not isinstance(counties, dict):
                province[cname] = counties
                continue
            city: dict[str, object] = {}
            for kname, towns in counties.items():
                if kname.startswith("_") or not isinstance(towns, dict):
                    city[kname] = towns
                    continue
                entry: dict[str, object] = {k: v for k, v in towns.items() if k.startswith("_")}
                entry[BLOB] = marshal.dumps(towns)
                entry[BRIEF] = marshal.dumps(brief(towns))
                city[kname] = entry
            province[cname] = city
        out[pname] = province
    return out


def brief(towns: dict[str, object]) -> dict[str, list[str] | None]:
    """Township → its villages where JioNLP lists them as a list (None otherwise)."""
    return {t: (list(v) if isinstance(v, list) else None)
            for t, v in towns.items() if not t.startswith("_")}


def brief_of(entry: dict[str, object]) -> dict[str, list[str] | None]:
    blob = entry[BRIEF]
    assert isinstance(blob, bytes)
    found = marshal.loads(blob)
    assert isinstance(found, dict)
    return found


def towns_of(entry: dict[str, object]) -> dict[str, object]:
    """A county entry's towns dict, exactly as JioNLP gave it."""
    blob = entry[BLOB]
    assert isinstance(blob, bytes)
    towns = marshal.loads(blob)
    assert isinstance(towns, dict)
    return towns


def load_index(path: Path | None = None) -> Index:
    """The cached index, built from JioNLP and written first when missing or unreadable.

    A cache folder that cannot be written is not an error: the index is then built in memory
    for this process only (one notice on stderr)."""
    path = path or index_path()
    try:
        found = marshal.loads(path.read_bytes())
        if isinstance(found, dict):
            return found
    except (OSError, EOFError, ValueError, TypeError):
        pass  # missing, truncated or from another Python: rebuilt below
    index = compact(jionlp_tree())
    try:
        from kg.atomic import write_bytes

        path.parent.mkdir(parents=True, exist_ok=True)
        write_bytes(path, marshal.dumps(index))
    except OSError as exc:
        print(f"kg: note: cannot cache the gazetteer index in {path.parent} ({exc.strerror}); "
              "it is rebuilt in every process", file=sys.stderr)
    return index
