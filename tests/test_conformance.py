"""Conformance of a full build: every file in dist/ loads in rdflib and in pyoxigraph, the
counts agree with the build summary and VoID, and the graph files are the same graph."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import Dataset, Graph, Literal
from rdflib.compare import isomorphic
from rdflib.namespace import XSD

from kg.cli import main
from kg.namespaces import DATASET, VOID

GRAPH_FILES = {"kg.trig": "trig", "kg.ttl": "turtle", "kg.nt": "nt", "kg.jsonld": "json-ld"}
OX_FORMATS = {"kg.trig": ox.RdfFormat.TRIG, "kg.ttl": ox.RdfFormat.TURTLE,
              "kg.nt": ox.RdfFormat.N_TRIPLES, "kg.jsonld": ox.RdfFormat.JSON_LD,
              "void.ttl": ox.RdfFormat.TURTLE, "validation-report.ttl": ox.RdfFormat.TURTLE}
SUMMARY = re.compile(r"(\d+) distinct triples in (\d+) named graphs \((\d+) quads")


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    out = tmp_path_factory.mktemp("conformance") / "dist"
    result = CliRunner().invoke(main, ["build", "--out", str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    return out, result.stdout


def _rdflib(path: Path) -> Graph | Dataset:
    fmt = GRAPH_FILES.get(path.name, "turtle")
    g: Graph | Dataset = Dataset() if fmt == "trig" else Graph()
    g.parse(path, format=fmt)
    return g


def test_every_rdf_file_parses_in_rdflib_and_pyoxigraph(dist: tuple[Path, str]) -> None:
    out, _ = dist
    rdf = sorted(p for p in out.iterdir() if p.suffix in (".trig", ".ttl", ".nt", ".jsonld"))
    assert {p.name for p in rdf} == set(OX_FORMATS)
    for path in rdf:
        quads = list(ox.parse(path=str(path), format=OX_FORMATS[path.name]))
        assert quads, path.name
        parsed = _rdflib(path)
        size = (sum(len(g) for g in parsed.graphs()) if isinstance(parsed, Dataset)
                else len(parsed))
        assert size == len(quads), path.name


def test_counts_agree_with_the_summary_and_void(dist: tuple[Path, str]) -> None:
    out, stdout = dist
    found = SUMMARY.search(stdout)
    assert found, stdout
    triples, graphs, quads = (int(n) for n in found.groups())
    trig = list(ox.parse(path=str(out / "kg.trig"), format=ox.RdfFormat.TRIG))
    assert len(trig) == quads
    assert len({q.graph_name for q in trig}) == graphs
    assert all(isinstance(q.graph_name, ox.NamedNode) for q in trig)  # no default graph
    assert len({q.triple for q in trig}) == triples
    nt = (out / "kg.nt").read_text(encoding="utf-8").splitlines()
    assert len(nt) == len(set(nt)) == triples
    assert len(_rdflib(out / "kg.ttl")) == triples
    void = Graph().parse(out / "void.ttl", format="turtle")
    assert void.value(DATASET["fupin-kg"], VOID.triples) == Literal(triples,
                                                                    datatype=XSD.integer)
    assert quads > triples  # the sample's entities are restated in several graphs


def test_graph_files_are_isomorphic(dist: tuple[Path, str]) -> None:
    out, _ = dist
    turtle = _rdflib(out / "kg.ttl")
    trig = _rdflib(out / "kg.trig")
    assert isinstance(trig, Dataset)
    union = Graph()
    for g in trig.graphs():
        for t in g:
            union.add(t)
    for name, other in (("kg.nt", _rdflib(out / "kg.nt")),
                        ("kg.jsonld", _rdflib(out / "kg.jsonld")),
                        ("union of kg.trig", union)):
        assert isomorphic(turtle, other), name


def test_one_lexical_form_per_decimal(dist: tuple[Path, str]) -> None:
    """580000 everywhere, never 580000.0 in one file and 580000 in another."""
    out, _ = dist
    forms: dict[str, set[str]] = {}
    for name, fmt in OX_FORMATS.items():
        if name.startswith("kg."):
            forms[name] = {q.object.value for q in ox.parse(path=str(out / name), format=fmt)
                           if isinstance(q.object, ox.Literal)
                           and q.object.datatype == ox.NamedNode(str(XSD.decimal))}
    first = forms["kg.ttl"]
    assert first and all(f == first for f in forms.values())
    assert not any(v.endswith(".0") or "E" in v for v in first)
    assert "580000" in first


def test_json_and_csv_outputs_parse(dist: tuple[Path, str]) -> None:
    out, _ = dist
    for path in out.glob("*.json*"):
        json.loads(path.read_text(encoding="utf-8"))
    for path in out.glob("*.csv"):
        rows = list(csv.reader(path.open(encoding="utf-8", newline="")))
        assert rows and all(len(r) == len(rows[0]) for r in rows), path.name


def test_kg_validate_accepts_the_published_trig(dist: tuple[Path, str]) -> None:
    """The TriG was refused before (`Prefix "vann:" not bound`); it is the default input of
    kg validate, kg serve --graph, kg push --graph and kg link."""
    out, _ = dist
    result = CliRunner().invoke(main, ["validate", str(out / "kg.trig")])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Validation: conforms")
