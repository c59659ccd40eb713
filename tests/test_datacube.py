"""The observations form a well-formed RDF Data Cube: the Recommendation's integrity
constraints IC-1 … IC-21 (tests/datacube/ic-NN.rq) hold on the sample and on the dev set."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph

from kg.commands.common import build
from kg.store import GraphStore
from tests.conftest import DEVSET, needs_devset

CONSTRAINTS = sorted((Path(__file__).parent / "datacube").glob("ic-*.rq"))
PREFIXES = """PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX qb: <http://purl.org/linked-data/cube#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
"""
PARENT_CHILD = PREFIXES + """SELECT DISTINCT ?p ?inverse WHERE {
  { ?list qb:parentChildProperty ?p . FILTER(isIRI(?p)) BIND(false AS ?inverse) }
  UNION
  { ?list qb:parentChildProperty [ owl:inverseOf ?p ] . BIND(true AS ?inverse) }
}"""


# The Recommendation's normalisation algorithm (§10), phase 1 (type and property closure)
# and phase 2 (push-down of attachment levels): the constraints are stated over the
# normalised graph.
NORMALISE = [
    "INSERT { ?o rdf:type qb:Observation } WHERE { [] qb:observation ?o }",
    "INSERT { ?o rdf:type qb:Observation } WHERE { ?o qb:dataSet [] }",
    "INSERT { ?s rdf:type qb:Slice } WHERE { [] qb:slice ?s }",
    "INSERT { ?cs qb:componentProperty ?p . ?p rdf:type qb:DimensionProperty } "
    "WHERE { ?cs qb:dimension ?p }",
    "INSERT { ?cs qb:componentProperty ?p . ?p rdf:type qb:MeasureProperty } "
    "WHERE { ?cs qb:measure ?p }",
    "INSERT { ?cs qb:componentProperty ?p . ?p rdf:type qb:AttributeProperty } "
    "WHERE { ?cs qb:attribute ?p }",
    "INSERT { ?obs ?comp ?value } WHERE { ?spec qb:componentProperty ?comp ; "
    "qb:componentAttachment qb:DataSet . ?dataset qb:structure [qb:component ?spec] ; "
    "?comp ?value . ?obs qb:dataSet ?dataset . }",
    "INSERT { ?obs ?comp ?value } WHERE { ?spec qb:componentProperty ?comp ; "
    "qb:componentAttachment qb:Slice . ?dataset qb:structure [qb:component ?spec] ; "
    "qb:slice ?slice . ?slice ?comp ?value ; qb:observation ?obs . }",
    "INSERT { ?obs ?comp ?value } WHERE { ?spec qb:componentProperty ?comp ; "
    "qb:componentAttachment qb:MeasureProperty . ?dataset qb:structure [qb:component ?spec] . "
    "?comp a qb:MeasureProperty . ?measure a qb:MeasureProperty ; ?comp ?value . "
    "?obs qb:dataSet ?dataset ; ?measure [] . }",
]


def violated(dataset: GraphStore) -> list[str]:
    """The names of the constraints the union of the dataset's graphs violates, after
    normalising it (in a copy whose default graph is that union: an update's WHERE sees
    the default graph only)."""
    store = GraphStore.from_graph(dataset.union())
    for update in NORMALISE:
        store.store.update(PREFIXES + update)
    found = []
    templates = store.query(PARENT_CHILD)
    for path in CONSTRAINTS:
        text = PREFIXES + path.read_text(encoding="utf-8")
        if "<PARENT_CHILD_PROPERTY>" in text:
            inverse = path.stem == "ic-21"
            queries = [text.replace("PARENT_CHILD_PROPERTY", str(row["p"]))
                       for row in templates if bool(row["inverse"].toPython()) == inverse]
        else:
            queries = [text]
        if any(store.ask(q) for q in queries):
            found.append(path.stem)
    return found


def test_all_twenty_one_constraints_are_there() -> None:
    assert [p.stem for p in CONSTRAINTS] == [f"ic-{n:02d}" for n in range(1, 22)]


def test_the_constraints_catch_a_malformed_cube() -> None:
    bad = Graph().parse(format="turtle", data="""
        @prefix qb: <http://purl.org/linked-data/cube#> .
        @prefix ex: <http://example.org/> .
        @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        ex:dsd a qb:DataStructureDefinition ;
            qb:component [ qb:dimension ex:area ] , [ qb:measure ex:value ] ,
                         [ qb:dimension ex:period ; qb:componentRequired false ] .
        ex:area a qb:DimensionProperty ; rdfs:range rdfs:Resource .
        ex:period a qb:DimensionProperty .
        ex:value a qb:MeasureProperty .
        ex:ds a qb:DataSet ; qb:structure ex:dsd .
        ex:o1 a qb:Observation ; qb:dataSet ex:ds ; ex:area ex:a ; ex:period ex:p ; ex:value 1 .
        ex:o2 a qb:Observation ; qb:dataSet ex:ds ; ex:area ex:a ; ex:period ex:p ; ex:value 2 .
        ex:o3 a qb:Observation ; ex:area ex:b ; ex:value 3 .
        ex:o4 a qb:Observation ; qb:dataSet ex:ds ; ex:area ex:c .
    """)
    assert violated(GraphStore.from_graph(bad)) == ["ic-01", "ic-04", "ic-06", "ic-11",
                                                    "ic-12", "ic-14"]


def test_the_sample_is_a_well_formed_cube() -> None:
    store = build(None).result.store
    assert store.ask(PREFIXES + "ASK { ?o qb:dataSet ?d . ?d qb:structure ?s }")
    assert violated(store) == []


@needs_devset
def test_the_devset_is_a_well_formed_cube() -> None:
    store = build(DEVSET).result.store
    not_stated = store.query(PREFIXES + """SELECT (COUNT(*) AS ?n) WHERE {
        ?o ?dim <https://w3id.org/fupin-kg/ontology#NotStated> }""")
    assert int(not_stated[0]["n"].toPython()) > 0  # drafts without a period, place or group
    assert violated(store) == []


@pytest.mark.parametrize("path", CONSTRAINTS, ids=lambda p: p.stem)
def test_each_constraint_parses_in_rdflib_too(path: Path) -> None:
    from rdflib.plugins.sparql import prepareQuery

    prepareQuery(PREFIXES + path.read_text(encoding="utf-8").replace(
        "PARENT_CHILD_PROPERTY", "http://example.org/p"))
