"""The ontology and vocabularies: declared, labelled, parseable, consistent, and in step with
the code and the data it builds."""

from __future__ import annotations

import os
import re
from pathlib import Path

import owlrl
import pyoxigraph
import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, SKOS

from kg.ingest.slug import pinyin_slug
from kg.namespaces import FK, GROUP, SCHEME, UNIT
from kg.resources import load_ontology, ontology_dir, ontology_files, queries_dir

REPO = Path(__file__).resolve().parents[1]
# FK.term, FK["term"] and FK[...] fed from a table of names (entity types, place classes,
# relation predicates) — the last are gathered from the tables below.
FK_ATTRIBUTE = re.compile(r"FK(?:\.([A-Za-z_][A-Za-z0-9_]*)|\[\"([A-Za-z_][A-Za-z0-9_]*)\"\])")
OWLRL_ERROR = URIRef("http://www.daml.org/2002/03/agents/agent-ont#error")
DECLARED_KINDS = {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty,
                  OWL.NamedIndividual, RDF.Property}


def code_terms() -> set[str]:
    terms: set[str] = set()
    for path in (REPO / "kg").rglob("*.py"):
        for m in FK_ATTRIBUTE.finditer(path.read_text(encoding="utf-8")):
            terms.add(m.group(1) or m.group(2))
    return terms


def dynamic_terms() -> set[str]:
    """Names the code turns into fk: IRIs with FK[name]: entity types, place classes, predicates."""
    from kg.entities.load import PLACE_CLASSES, PREDICATES, TYPES
    from kg.extract.units import UNITS

    assert UNITS  # imported so a renamed table fails here, not silently
    return set(TYPES) | set(PLACE_CLASSES) | set(PREDICATES)


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return load_ontology()


@pytest.fixture(scope="module")
def vocabularies() -> Graph:
    g = Graph()
    for path in sorted((ontology_dir() / "vocab").glob("*.ttl")):
        g.parse(path, format="turtle")
    return g


def declared(g: Graph) -> set[str]:
    return {str(s)[len(str(FK)):] for kind in DECLARED_KINDS for s in g.subjects(RDF.type, kind)
            if str(s).startswith(str(FK))}


def test_every_fk_term_the_code_uses_is_declared(ontology: Graph) -> None:
    used = code_terms() | dynamic_terms()
    assert {"Observation", "sha256", "divisionCode12", "implements"} <= used  # regex sanity
    assert sorted(used - declared(ontology)) == []


def test_ontology_header(ontology: Graph) -> None:
    onto = URIRef("https://w3id.org/fupin-kg/ontology")
    assert (onto, RDF.type, OWL.Ontology) in ontology
    version = ontology.value(onto, OWL.versionIRI)
    assert version is not None and re.search(r"/\d{4}-\d{2}-\d{2}$", str(version))
    for prop in ("title", "description", "license", "creator"):
        assert ontology.value(onto, URIRef("http://purl.org/dc/terms/" + prop)) is not None, prop
    assert str(ontology.value(onto, URIRef("http://purl.org/vocab/vann/preferredNamespacePrefix"))
               ) == "fk"


def test_ontology_parses_in_pyoxigraph() -> None:
    store = pyoxigraph.Store()
    for path in ontology_files():
        store.load(path=str(path), format=pyoxigraph.RdfFormat.TURTLE)
    assert len(store) == len(load_ontology())


def test_owl_rl_closure_is_consistent(ontology: Graph, vocabularies: Graph) -> None:
    g = Graph()
    for triple in ontology:
        g.add(triple)
    for triple in vocabularies:
        g.add(triple)
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics, axiomatic_triples=False).expand(g)
    nothing = list(g.subjects(RDF.type, OWL.Nothing))
    assert nothing == []
    # owlrl reports each inconsistency as a triple with its error predicate
    assert [str(o) for o in g.objects(None, OWLRL_ERROR)] == []
    # and it did reason: a township is inferred to be a place and a schema.org place
    assert (FK.Township, URIRef("http://www.w3.org/2000/01/rdf-schema#subClassOf"),
            URIRef("https://schema.org/Place")) in g


def test_disjointness_makes_the_reasoner_catch_errors(ontology: Graph) -> None:
    """The consistency check above can fail: a figure whose place is a programme is caught."""
    g = Graph()
    for triple in ontology:
        g.add(triple)
    obs, prog = URIRef("https://example.org/o"), URIRef("https://example.org/p")
    g.add((obs, FK.refArea, prog))
    g.add((prog, RDF.type, FK.Programme))
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics, axiomatic_triples=False).expand(g)
    assert (prog, RDF.type, FK.Place) in g
    errors = [str(o) for o in g.objects(None, OWLRL_ERROR)]
    assert any("Disjoint" in e and str(prog) in e for e in errors), errors


def run_checks(g: Graph) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for path in sorted((queries_dir() / "checks").glob("*-violation.rq")):
        rows = [" ".join(str(v) for v in row) for row in g.query(path.read_text("utf-8"))]
        found[path.name] = rows
    return found


def test_quality_checks_find_nothing_in_ontology_and_vocabularies(
    ontology: Graph, vocabularies: Graph
) -> None:
    checks = run_checks(ontology + vocabularies)
    assert len(checks) >= 4
    assert {name: rows for name, rows in checks.items() if rows} == {}


def test_quality_checks_can_fail(ontology: Graph) -> None:
    g = ontology + Graph()
    g.add((FK.Unlabelled, RDF.type, OWL.Class))
    g.add((URIRef("https://example.org/x"), FK.notDeclared, URIRef("https://example.org/y")))
    checks = run_checks(g)
    assert checks["label-missing-violation.rq"]
    assert checks["definition-missing-violation.rq"]
    assert any("notDeclared" in r for r in checks["undeclared-term-violation.rq"])


def test_built_graph_uses_only_declared_terms(ontology: Graph) -> None:
    """The built sample (all named graphs) against the undeclared-term check."""
    from kg.commands.common import build

    built = build(None)
    g = built.union() + ontology
    rows = g.query((queries_dir() / "checks" / "undeclared-term-violation.rq").read_text("utf-8"))
    assert [str(r[0]) for r in rows] == []


def test_units_cover_the_quantity_grammar(vocabularies: Graph) -> None:
    from kg.extract.units import UNITS

    qudt_unit = URIRef("http://qudt.org/schema/qudt/Unit")
    for code in UNITS:
        u = UNIT[code]
        assert (u, SKOS.inScheme, SCHEME["units"]) in vocabularies, code
        assert (u, RDF.type, qudt_unit) in vocabularies, code
        assert vocabularies.value(u, FK.unitCode) is not None, code
    assert str(vocabularies.value(UNIT["yuan"], FK.unitCode)) == "CNY"
    assert (UNIT["yuan"], SKOS.exactMatch, URIRef("http://qudt.org/vocab/unit/CCY_CNY")
            ) in vocabularies
    mu = vocabularies.value(UNIT["mu"], URIRef("http://qudt.org/schema/qudt/conversionMultiplier"))
    assert mu is not None and abs(float(mu) - 10000 / 15) < 0.001


def test_group_iris_are_the_pinyin_slugs_of_their_labels(vocabularies: Graph) -> None:
    groups = set(vocabularies.subjects(SKOS.inScheme, SCHEME["groups"]))
    assert len(groups) >= 12
    for g in groups:
        zh = [str(label) for label in vocabularies.objects(g, SKOS.prefLabel)
              if getattr(label, "language", None) == "zh"]
        assert len(zh) == 1
        assert g == GROUP[pinyin_slug(zh[0])], zh[0]
        assert (g, RDF.type, FK.PopulationGroup) in vocabularies


def test_groups_agree_with_the_entity_file(vocabularies: Graph) -> None:
    """Same IRI and same English label as the curated entities, so the graph has one of each."""
    from kg.entities.load import load_entities
    from kg.sources import bundled_corpus

    curated = load_entities(bundled_corpus() / "xingxian-2020-page.entities.yaml")
    for e in curated.entities:
        if e.type != "PopulationGroup":
            continue
        iri = GROUP[e.slug]
        en = [str(x) for x in vocabularies.objects(iri, SKOS.prefLabel)
              if getattr(x, "language", None) == "en"]
        assert en == [e.label_en], e.label_zh


def test_the_ontology_page_is_the_same_whatever_the_hash_seed() -> None:
    """pyLODE orders its embedded JSON-LD by set iteration; the page must not depend on it."""
    import subprocess
    import sys

    script = ("import hashlib; from kg.ontology_doc import ontology_html; "
              "from kg.resources import ontology_files; "
              "h = ontology_html(ontology_files()[0]); "
              "print(hashlib.sha256(h.encode()).hexdigest(), "
              "h.count('<title>扶贫知识图谱本体</title>'))")
    digests = {subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                              check=True, env={**os.environ, "PYTHONHASHSEED": seed}).stdout
               for seed in ("1", "2", "3")}
    assert len(digests) == 1
    assert digests.pop().split()[1] == "1"  # titled by the ontology, not by a concept scheme
