"""Linking with external open data: division codes, Wikidata by P442, VoID, JSON-LD."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Dataset, Graph
from rdflib.compare import isomorphic
from rdflib.namespace import OWL, RDF

from kg.cli import main
from kg.describe import class_counts, void_graph
from kg.link.places import load_places, places_graph
from kg.link.report import linking_rows
from kg.link.wikidata import codes_query
from kg.namespaces import FK, GRAPH, PLACE, VOID, WD
from kg.publish import _jsonld, write_outputs
from tests.sparql_fixture import sparql_server

FIXTURE = Path(__file__).parent / "fixtures" / "wikidata-p442.ttl"


def test_every_township_of_xingxian_has_a_valid_code() -> None:
    records = {r.code: r for r in load_places()}
    townships = [r for r in records.values()
                 if r.parent == "141123" and r.level in ("town", "township")]
    assert len(townships) == 17
    for r in records.values():
        if r.is_division and r.parent.isdigit():
            assert r.code.startswith(r.parent), r.name_zh
            assert len(r.code12) == 12
    assert records["141123209"].name_zh == "圪垯上乡"
    assert records["141123201"].merged_into == "141123204"


def test_places_graph_links_and_validity() -> None:
    g = places_graph()
    assert (PLACE["shanxisheng"], OWL.sameAs, WD["Q46913"]) in g
    assert (PLACE["ehutan-xiang"], FK.mergedInto, PLACE["aojiawan-xiang"]) in g
    assert (PLACE["weifenzhen"], FK.within, PLACE["xingxian"]) in g
    assert (PLACE["xingxian"], RDF.type, FK.County) in g


def test_codes_are_bound_as_escaped_literals() -> None:
    query = codes_query(['141123', 'x" } ; DROP ALL ; #'])
    assert 'VALUES ?code { "141123" "x\\" } ; DROP ALL ; #" }' in query


def _built(tmp_path: Path) -> Path:
    ds = Dataset()
    target = ds.graph(GRAPH["places"])
    for t in places_graph():
        target.add(t)
    write_outputs(ds, tmp_path)
    return tmp_path / "kg.trig"


def test_link_wikidata_against_a_local_server(tmp_path: Path) -> None:
    trig = _built(tmp_path)
    with sparql_server(FIXTURE) as endpoint:
        result = CliRunner().invoke(main, ["link", "--wikidata", endpoint, "--graph", str(trig),
                                           "--date", "2026-11-29"])
    assert result.exit_code == 0, result.output
    assert "3 place(s) linked" in result.stdout
    ds = Dataset().parse(trig, format="trig")
    links = ds.graph(GRAPH["links/wikidata"])
    assert set(links.subject_objects(OWL.sameAs)) == {
        (PLACE["xingxian"], WD["Q999000001"]),
        (PLACE["weifenzhen"], WD["Q999000002"]),
        (PLACE["caijiaya-xiang"], WD["Q999000003"]),
    }


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_link_leaves_the_graph_unchanged_when_the_server_is_down(tmp_path: Path) -> None:
    trig = _built(tmp_path)
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    endpoint = f"http://127.0.0.1:{_free_port()}/sparql"
    result = CliRunner().invoke(main, ["link", "--wikidata", endpoint, "--graph", str(trig),
                                       "--timeout", "5"])
    assert result.exit_code == 2
    assert "cannot reach the endpoint" in result.stderr and "nothing was changed" in result.stderr
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before


def test_link_without_a_built_graph(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["link", "--wikidata", "http://127.0.0.1:1/sparql",
                                       "--graph", str(tmp_path / "kg.trig")])
    assert result.exit_code == 2 and "run `kg build` first" in result.stderr


@pytest.fixture(scope="module")
def union() -> Graph:
    from kg.commands.common import build

    return build(None).union()


def test_jsonld_round_trips_with_the_published_context(union: Graph) -> None:
    text = _jsonld(union)
    data = json.loads(text)
    assert data["@context"]["quote"] == "oa:exact"
    assert isomorphic(Graph().parse(data=text, format="json-ld"), union)


def test_void_counts_equal_sparql_counts(union: Graph) -> None:
    void = void_graph(union, ["xingxian-2020-page.md"])
    triples = next(void.objects(None, VOID.triples))
    assert int(triples) == len(union)  # type: ignore[arg-type]
    counted = {str(c): int(n) for c, n in union.query(  # type: ignore[misc]
        "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c "
        "FILTER(STRSTARTS(STR(?s), 'https://w3id.org/fupin-kg/id/')) } GROUP BY ?c")}
    assert class_counts(union) == counted
    for part in void.objects(None, VOID.classPartition):
        cls = str(next(void.objects(part, VOID["class"])))
        assert int(next(void.objects(part, VOID.entities))) == counted[cls]  # type: ignore[arg-type]


def test_linking_report_says_why_not(union: Graph) -> None:
    rows = {r["id"]: r for r in linking_rows(union)}
    assert rows["place/shanxisheng"]["wikidata"].endswith("Q46913")
    assert rows["place/xingxian"]["division_code"] == "141123"
    assert "P442" in rows["place/xingxian"]["note"]


def test_units_link_to_qudt_and_mu_is_normalised_to_hectares(union: Graph) -> None:
    from decimal import Decimal

    from kg.namespaces import OBS, QUDT_UNIT, UNIT

    money = next(o for o in union.subjects(FK.statedAs, None)
                 if str(union.value(o, FK.statedAs)) == "1.45亿元")
    assert union.value(money, FK.qudtUnit) == QUDT_UNIT["CCY_CNY"]
    area = OBS["xingxian-duoqudao-xingban-chanye-hangshi/cash-forest-area"]
    assert union.value(area, FK.unit) == UNIT["mu"]
    mu = Decimal(str(union.value(area, FK.value)))
    hectares = Decimal(str(union.value(area, FK.normalisedValue)))
    assert abs(hectares - mu / 15) < Decimal("0.000001")
    assert union.value(area, FK.normalisedUnit) == UNIT["hectare"]


def test_every_indicator_family_has_an_sdg_link(union: Graph) -> None:
    from rdflib import URIRef
    from rdflib.namespace import SKOS

    linked = {str(s).rsplit("/", 1)[1] for s, o in union.subject_objects(SKOS.broadMatch)
              if str(o).startswith("http://metadata.un.org/sdg/")}
    for family in ("poverty-population", "beneficiaries", "employed-persons", "trainees",
                   "schools", "health-services", "safe-drinking-water-rate",
                   "dilapidated-houses-renovated", "average-income", "land-area"):
        assert family in linked, family
    targets = {str(o) for o in union.objects(None, SKOS.broadMatch)}
    assert {"http://metadata.un.org/sdg/1.1", "http://metadata.un.org/sdg/8.5",
            "http://metadata.un.org/sdg/3.8", "http://metadata.un.org/sdg/6.1"} <= targets
    assert isinstance(next(iter(union.subjects(SKOS.closeMatch, URIRef(
        "http://metadata.un.org/sdg/C010201")))), URIRef)


def test_gazetteer_resolves_townships_and_villages_within_the_county() -> None:
    from kg.link.gazetteer import locals_of, resolve

    village = resolve("碾子村", "兴县")
    assert village is not None and (village.level, village.town) == ("Village", "蔡家崖乡")
    town = resolve("魏家滩镇", "兴县")
    assert town is not None and town.level == "Township"
    assert resolve("碾子村", "阜平县") is None  # a name is only looked up in its own county
    assert resolve("不存在村", "兴县") is None
    assert len(locals_of("兴县")) > 300


def test_spotter_places_a_village_and_reports_a_name_it_cannot_place(tmp_path: Path) -> None:
    from kg.corpus import load_corpus
    from kg.entities.spot import spot_article

    article = tmp_path / "a.txt"
    article.write_text("# 兴县新闻\n\n本报讯 兴县蔡家崖乡碾子村建成光伏电站,新村也通了路。\n",
                       encoding="utf-8")
    (a,) = load_corpus(article).articles
    spotted = spot_article(a)
    places = {e.label_zh: e.place_class for e in spotted.entities if e.type == "Place"}
    assert places.get("碾子村") == "Village"
    assert "新村" not in places and "新村" in spotted.unresolved


def test_funds_are_typed_and_labelled_from_place_and_indicator(union: Graph) -> None:
    from rdflib import Literal
    from rdflib.namespace import RDFS

    from kg.namespaces import FUND

    fund = FUND["xingxian-zhuanxiang-fupin-zijin"]
    assert (fund, RDF.type, FK.Fund) in union
    assert Literal("兴县专项扶贫资金", lang="zh") in set(union.objects(fund, RDFS.label))
