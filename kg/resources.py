"""Where the ontology, vocabularies and shapes live, and loading them.

They are edited as Turtle in the repository's top-level ``ontology/`` folder (one edited
ontology file, one file per SKOS vocabulary, shapes split by class). The package finds that
folder next to itself (``pip install -e .``, as ``make`` does); ``FUPIN_KG_ONTOLOGY`` points
elsewhere.
"""

from __future__ import annotations

import os
from pathlib import Path

from rdflib import Graph

from kg.errors import KgError


def ontology_dir() -> Path:
    given = os.environ.get("FUPIN_KG_ONTOLOGY")
    folder = Path(given) if given else Path(__file__).resolve().parent.parent / "ontology"
    if not (folder / "fupin.ttl").is_file():
        raise KgError(
            "cannot find the ontology (fupin.ttl); install fupin-kg from a source checkout "
            "with `pip install -e .` or set FUPIN_KG_ONTOLOGY to the ontology folder",
            folder,
        )
    return folder


def _parse(paths: list[Path]) -> Graph:
    g = Graph()
    for path in paths:
        try:
            g.parse(path, format="turtle")
        except Exception as exc:  # rdflib raises many parser-specific types
            raise KgError(f"cannot parse {path.name}: {exc}", path) from exc
    return g


def ontology_files() -> list[Path]:
    return [ontology_dir() / "fupin.ttl"]


def vocabulary_files() -> list[Path]:
    return sorted((ontology_dir() / "vocab").glob("*.ttl"))


def shape_files() -> list[Path]:
    return sorted((ontology_dir() / "shapes").glob("*.ttl"))


def load_ontology() -> Graph:
    return _parse(ontology_files())


def load_vocabularies() -> Graph:
    """The SKOS vocabularies (indicators, units, population groups, programme types)."""
    return _parse(vocabulary_files())


def load_shapes() -> Graph:
    return _parse(shape_files())


def queries_dir() -> Path:
    """The query library (``queries/*.rq``) beside the ontology folder."""
    folder = ontology_dir().parent / "queries"
    given = os.environ.get("FUPIN_KG_QUERIES")
    return Path(given) if given else folder
