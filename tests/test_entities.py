"""Entities and relations: curated build, draft spotting, evidence, export, evaluation."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import PROV, RDF, SH, SKOS

from kg.build.articles import add_article
from kg.corpus import Corpus, load_corpus
from kg.entities.build import ENTITY_GRAPH, add_entities, iri
from kg.entities.evaluate import (
    evaluate_entities,
    render,
    score_entities,
    spotting_score,
)
from kg.entities.export import COLUMNS, TYPE_NAMES, entity_rows, to_csv, to_json, union_of
from kg.entities.load import PREDICATES, CuratedEntities, load_entities, parse_entities
from kg.entities.spot import spot_article, terms_from_vocabulary
from kg.errors import InputError
from kg.ingest.slug import pinyin_slug
from kg.namespaces import FK, GRAPH, GROUP, OA
from kg.resources import load_shapes, load_vocabularies

ROOT = Path(__file__).resolve().parents[1]
YAML = ROOT / "kg" / "data" / "corpus" / "xingxian-2020-page.entities.yaml"
GOLD = Path(__file__).parent / "gold" / "entities-sample.csv"
DEVSET_GOLD = Path(__file__).parent / "gold" / "entities-devset.csv"
DEVSET = Path(__file__).resolve().parents[2] / "shared" / "devset"
SPOT_RECALL_TARGET = 0.85  # issue 5: draft spotting alone finds >= 85% with the right type


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return load_corpus()


@pytest.fixture(scope="module")
def curated() -> CuratedEntities:
    return load_entities(YAML)


@pytest.fixture(scope="module")
def vocabulary() -> Graph:
    return load_vocabularies()


def build(corpus: Corpus, curated: list[CuratedEntities], vocabulary: Graph | None = None
          ) -> Dataset:
    ds = Dataset()
    for page in corpus.pages:
        for article in page.articles:
            add_article(ds, page, article)
    if vocabulary is not None:
        vocab = ds.graph(GRAPH["vocabularies"])
        vocab += vocabulary
    added = add_entities(ds, corpus, curated, vocabulary)
    for name, lines in added.mention_lines:  # the draft mentions, as the build loads them
        if lines:
            ds.graph(URIRef(name)).parse(data=b" .\n".join(lines) + b" .\n", format="nt")
    return ds


@pytest.fixture(scope="module")
def dataset(corpus: Corpus, curated: CuratedEntities) -> Dataset:
    return build(corpus, [curated])


@pytest.fixture(scope="module")
def union(dataset: Dataset) -> Graph:
    return union_of(dataset)


def test_curated_build_recalls_every_gold_entity(dataset: Dataset) -> None:
    score = evaluate_entities(dataset, GOLD)
    print("\n" + render(score))
    assert score.overall.recall == 1.0, score.misses
    assert score.overall.precision == 1.0, score.extras
    assert render(score).startswith("type") and render(score).endswith("\n")


@pytest.mark.parametrize("with_vocabulary", [False, True])
def test_draft_spotting_alone_on_the_sample(
    corpus: Corpus, curated: CuratedEntities, vocabulary: Graph, with_vocabulary: bool
) -> None:
    terms = terms_from_vocabulary(vocabulary) if with_vocabulary else []
    score = spotting_score(corpus, [curated], terms)
    print(f"\ndraft spotting, no entity file, vocabulary={with_vocabulary}:\n"
          + score.report())
    assert score.overall.gold == len(curated.entities)
    assert score.overall.recall >= SPOT_RECALL_TARGET


def test_spotting_score_counts_misses(corpus: Corpus, curated: CuratedEntities) -> None:
    # Entities the sample never names cannot be found: the measure is not a constant.
    fake = parse_entities("entities:\n  - {type: Place, label_zh: 拉萨市, label_en: Lhasa}\n"
                          f"articles:\n  {corpus.articles[0].id}: {{}}\n", "fake.entities.yaml")
    score = spotting_score(corpus, [fake])
    assert score.overall.recall == 0.0 and score.misses == [("Place", "拉萨市")]


def test_draft_spotting_on_the_devset(vocabulary: Graph) -> None:
    if not DEVSET.is_dir():
        pytest.skip("no devset here")
    corpus = load_corpus(DEVSET)
    ds = build(corpus, [], vocabulary)
    rows = entity_rows(ds)
    drafts = set(ds.graph(ENTITY_GRAPH).subjects(FK.status, FK.Draft))
    by_type: dict[str, int] = {}
    for r in rows:
        by_type[r["type"]] = by_type.get(r["type"], 0) + 1
    print(f"\ndevset: {len(corpus.articles)} articles, {len(rows)} entities {by_type}")
    if DEVSET_GOLD.exists():
        score = evaluate_entities(ds, DEVSET_GOLD)
        print(render(score))
        # Floors at the level reached with the gazetteer and the name rules (2026-12-01).
        assert score.overall.recall >= 0.69 and score.overall.precision >= 0.65
    assert rows and drafts
    # A draft is an entity of the table unless the vocabulary already describes it.
    described = {str(s) for s in vocabulary.subjects(SKOS.prefLabel, None)}
    assert {str(d) for d in drafts} <= {str(iri(r["id"])) for r in rows}
    assert not {str(d) for d in drafts} & described


def test_vocabulary_concepts_get_mentions_not_a_second_description(
    tmp_path: Path, vocabulary: Graph
) -> None:
    (tmp_path / "a.txt").write_text("# title: 某县光伏扶贫\n全县建档立卡贫困户1200户全部脱贫。\n",
                                    encoding="utf-8")
    corpus = load_corpus(tmp_path)
    ds = build(corpus, [], vocabulary)
    group = GROUP["jiandanglika-pinkunhu"]
    assert (group, FK.status, None) not in ds.graph(ENTITY_GRAPH)
    assert (group, SKOS.prefLabel, None) not in ds.graph(ENTITY_GRAPH)
    row = next(r for r in entity_rows(ds) if r["id"] == "group:jiandanglika-pinkunhu")
    assert row["type"] == "PopulationGroup" and row["articles"] == corpus.articles[0].id


def _spans_in_order(g: Graph, ev: URIRef) -> list[tuple[int, int]]:
    """Position selectors in reading order: …/pos, or …/pos-1, …/pos-2 across a join."""
    selectors = [q for q in g.objects(ev, OA.hasSelector)
                 if (q, RDF.type, OA.TextPositionSelector) in g]
    selectors.sort(key=lambda q: int(re.sub(r"\D", "", str(q).rsplit("/", 1)[1]) or 0))
    return [(int(g.value(q, OA.start)), int(g.value(q, OA.end)))  # type: ignore[arg-type]
            for q in selectors]


def test_every_relation_has_evidence(dataset: Dataset, corpus: Corpus) -> None:
    source = corpus.pages[0].source.text
    statements = 0
    for g in dataset.graphs():
        for st in g.subjects(RDF.type, RDF.Statement):
            statements += 1
            s, p, o = (g.value(st, RDF.subject), g.value(st, RDF.predicate),
                       g.value(st, RDF.object))
            assert (s, p, o) in g
            evidence = list(g.objects(st, PROV.wasDerivedFrom))
            assert evidence, st
            for ev in evidence:
                assert isinstance(ev, URIRef)
                assert (ev, RDF.type, OA.SpecificResource) in g
                assert g.value(ev, OA.hasSource) is not None
                quote = next(str(g.value(q, OA.exact)) for q in g.objects(ev, OA.hasSelector)
                             if (q, RDF.type, OA.TextQuoteSelector) in g)
                spans = _spans_in_order(g, ev)
                assert spans and "".join(source[a:b] for a, b in spans) == quote, st
        # Every direct relation triple is backed by a statement in the same graph.
        for pred in PREDICATES:
            for s, o in g.subject_objects(FK[pred]):
                assert any((st, RDF.object, o) in g and (st, RDF.predicate, FK[pred]) in g
                           for st in g.subjects(RDF.subject, s)), (s, pred, o)
    assert statements >= 80


def _focus_nodes(data: Graph, shapes: Graph) -> set[str]:
    import pyshacl  # type: ignore[import-untyped]

    _, report, _ = pyshacl.validate(data, shacl_graph=shapes)
    return {str(f) for f in report.objects(None, SH.focusNode)}


def test_shacl_rejects_a_relation_without_evidence(dataset: Dataset) -> None:
    article = next(g for g in dataset.graphs() if any(g.subjects(RDF.type, RDF.Statement)))
    data = Graph()
    data += article
    st = next(data.subjects(RDF.type, RDF.Statement))
    shapes = load_shapes()
    assert str(st) not in _focus_nodes(data, shapes)
    data.remove((st, PROV.wasDerivedFrom, None))
    assert str(st) in _focus_nodes(data, shapes)


def test_quote_across_a_join_has_two_position_selectors(union: Graph) -> None:
    st = URIRef("https://w3id.org/fupin-kg/id/statement/"
                "project-zhongyaocai-jiagongchang--implements--programme-zhongyaocai-chanye")
    ev = union.value(st, PROV.wasDerivedFrom)
    assert isinstance(ev, URIRef)
    spans = _spans_in_order(union, ev)
    # The join continues at an earlier offset of the source file than where it starts.
    assert len(spans) == 2 and spans[1][0] < spans[0][0]


def test_no_blank_nodes(dataset: Dataset) -> None:
    for g in dataset.graphs():
        for s, _, o in g:
            assert not s.n3().startswith("_:") and not o.n3().startswith("_:")


def test_export_columns_and_formats(union: Graph, corpus: Corpus) -> None:
    rows = entity_rows(union)
    assert rows and all(tuple(r) == COLUMNS for r in rows)
    assert {r["type"] for r in rows} <= set(TYPE_NAMES)
    ids = {a.id for a in corpus.articles}
    assert all(r["quote"] and set(r["articles"].split(";")) <= ids | {""} for r in rows)
    parsed = list(csv.DictReader(io.StringIO(to_csv(rows))))
    assert to_csv(rows).splitlines()[0] == ",".join(COLUMNS) and parsed == rows
    data = json.loads(to_json(rows))
    assert len(data) == len(rows) and isinstance(data[0]["articles"], list)
    xing = next(r for r in rows if r["id"] == "place:xingxian")
    assert xing["type"] == "Place" and len(xing["articles"].split(";")) == 4
    assert int(xing["mentions"]) >= 4 and "全县" in xing["aliases"].split("|")


def test_curated_entities_are_marked(dataset: Dataset, curated: CuratedEntities) -> None:
    g = dataset.graph(ENTITY_GRAPH)
    assert set(g.subjects(FK.status, FK.Draft)) == set()
    assert len(set(g.subjects(FK.status, FK.Curated))) == len(curated.entities) == 143


def test_group_iris_agree_with_the_group_vocabulary(
    curated: CuratedEntities, vocabulary: Graph
) -> None:
    groups = [e for e in curated.entities if e.type == "PopulationGroup"]
    assert groups
    for e in groups:
        assert iri(e.ref) == GROUP[pinyin_slug(e.label_zh)]
        labels = {(str(o), o.language) for o in vocabulary.objects(iri(e.ref), SKOS.prefLabel)
                  if hasattr(o, "language")}
        # Where groups.ttl describes the same IRI, both say the same (one prefLabel a language).
        assert not labels or labels == {(e.label_zh, "zh"), (e.label_en, "en")}, e.label_zh


@pytest.mark.parametrize(("text", "line", "needle"), [
    ("entities:\n  - {type: Programme, label_zh: 光伏扶贫\n", 3, "malformed YAML"),
    ("entities:\n  - {type: Nonsense, label_zh: 光伏扶贫, label_en: x}\n", 2, "unknown entity"),
    ("entities:\n  - {type: Programme, label_zh: 光伏扶贫, label_en: pv}\narticles:\n"
     "  a1:\n    mentions:\n      易地扶贫搬迁: 搬迁\n", 6, "no entity named"),
    ("entities:\n  - {type: Programme, label_zh: 光伏扶贫, label_en: pv}\narticles:\n"
     "  a1:\n    relations:\n      - {s: 光伏扶贫, p: likes, o: 光伏扶贫, quote: x}\n", 6,
     "unknown predicate"),
])
def test_bad_yaml_names_file_and_line(text: str, line: int, needle: str) -> None:
    with pytest.raises(InputError) as err:
        parse_entities(text, "bad.entities.yaml")
    assert err.value.path == "bad.entities.yaml" and err.value.line == line
    assert needle in err.value.message


def test_missing_quote_names_file_and_line(corpus: Corpus) -> None:
    aid = corpus.articles[0].id
    text = (f"entities:\n  - {{type: Programme, label_zh: 光伏扶贫, label_en: pv}}\n"
            f"articles:\n  {aid}:\n    mentions:\n      光伏扶贫: 光伏扶贫不在这里\n")
    bad = parse_entities(text, "bad.entities.yaml")
    with pytest.raises(InputError) as err:
        add_entities(Dataset(), corpus, [bad])
    assert str(err.value).startswith("bad.entities.yaml:6:")
    assert "not found" in err.value.message


def test_score_matches_by_type_and_alias() -> None:
    rows = [{"type": "Programme", "label_zh": "3+1", "aliases": "“3+1”"},
            {"type": "Policy", "label_zh": "四个不摘", "aliases": ""}]
    gold = [{"type": "Programme", "label_zh": "3+1保障", "aliases": "“3+1”"},
            {"type": "Programme", "label_zh": "四个不摘", "aliases": ""}]
    s = score_entities(rows, gold)
    assert s.overall.tp == 1 and s.misses == [("Programme", "四个不摘")]


def test_draft_appointment_pattern(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("# 某县\n\n本报讯 县委书记李四担任兴县县委第一书记。\n", encoding="utf-8")
    (a,) = load_corpus(article).articles
    spotted = spot_article(a)
    posts = [r for r in spotted.relations if r.predicate == "holdsPosition" and r.role
             and "第一书记" in r.role]
    assert posts and posts[0].object.startswith("org:")
    assert a.text[posts[0].start:posts[0].end].endswith("第一书记")


@pytest.mark.parametrize(("text", "present", "absent"), [
    ("村支书侯勇告诉记者，全村脱贫。", ("侯勇",), ("侯勇告",)),
    ("获得兴边公司投资100万元。", ("兴边公司",), ("获得兴边公司",)),
    ("合作社年产草绳100万盘，销往园林公司用于绿化。", ("园林公司",), ("销往园林公司",)),
    ("他们成立了有限公司。", (), ("有限公司",)),
    ("这里“九分石头一分土”，群众种植玉米。", (), ("九分石头一分土",)),
    ("79岁的阿依古丽老人起初不愿意走。大娘叫刘秀英，今年68岁。", ("阿依古丽", "刘秀英"), ()),
    ("在顾大娘家，一封信贴在墙头。如今，顾大娘家年收入达到8万多元。", ("顾大娘家",), ()),
    ("习近平总书记向全党提出要求。", ("习近平",), ("向全党",)),
    ("勇攀高峰是总书记的期望。", (), ("高峰是", "峰是")),
    ("干部们一次次讲政策，群众对安置政策不再有疑虑。", ("安置政策",), ("次讲政策", "讲政策")),
    # an industry taken up is a programme; a grade of industries is not
    ("全县发展核桃产业，壮大特色产业。", ("核桃产业",), ("特色产业",)),
    # any bureau of a named county; a county's 扶贫局 is no programme
    ("阜平县林业局局长说，阜平县扶贫局和产业扶贫都很重要。", ("阜平县林业局", "阜平县扶贫局"),
     ("平县扶贫",)),
    # a person introduced by a role noun, whatever word follows the name; not a word that
    # merely starts with a surname's character
    ("贫困户李小红高兴地说，村民王秀英一边喂鸡一边算账。", ("李小红", "王秀英"),
     ("李小红高", "高兴地")),
    ("贫困户安全住房都已建成，村民高兴地搬进新居。", (), ("安全", "高兴地")),
    # farmers named by their crop and poor townships are groups, in either script
    ("花农年人均增收5000元，3个贫困乡镇摘帽。", ("花农", "贫困乡镇"), ()),
    ("讓3個貧困鄉鎮摘帽。", ("貧困鄉鎮",), ()),
    # cadres are a population group the figures of their visits are about
    ("全县各级帮扶领导干部进村800次。", ("领导干部",), ()),
    # what a group is picked out by taking up is a programme
    ("全县发展养蜂的贫困户达15%，从事茶叶加工的农户有800户。", ("养蜂", "茶叶加工"), ()),
    # a verb acting on 扶贫 names no programme; a kind of 扶贫 does
    ("各乡镇实施扶贫到户工作，助力扶贫攻坚，发展电商扶贫。", ("电商扶贫",),
     ("实施扶贫", "助力扶贫")),
    ("坚决打赢扶贫攻坚战。", (), ("打赢扶贫",)),
    # names ending in a type word are read in the simplified view, labelled as printed
    ("該縣啟動了光伏電站項目，新建扶貧車間。", ("光伏電站項目", "扶貧車間"), ()),
    # a sector named by its trade is an industry; a body named after one is not
    ("大力發展生態畜牧業，縣林業局植樹。", ("生態畜牧業",), ("林業",)),
    # a body of the campaign ending in 单位; not a measure's "per unit"
    ("各帮扶单位捐款300万元，单位面积产量提高。", ("帮扶单位",), ("单位面积",)),
    # what households are helped to take up, to the end of the clause; not 产业 alone
    ("带动200户贫困户发展庭院养鸡，引导农户发展产业。", ("庭院养鸡",), ("产业",)),
    # households named by their trade are groups; 户均 is a rate, not a group
    ("全村有养牛户12户，种植大户5户，种植户均增收1800元。", ("养牛户", "种植大户"),
     ("种植户",)),
])
def test_names_are_not_run_into_verbs_or_bare_suffixes(
    tmp_path: Path, text: str, present: tuple[str, ...], absent: tuple[str, ...]
) -> None:
    from kg.entities.spot import spot_article

    (tmp_path / "a.txt").write_text(f"# title: 测试\n{text}\n", encoding="utf-8")
    (article,) = load_corpus(tmp_path).articles
    labels = {e.label_zh for e in spot_article(article).entities}
    assert set(present) <= labels and not set(absent) & labels, labels


def test_a_bare_county_committee_is_no_alias_for_other_articles(tmp_path: Path) -> None:
    """县委 alone names this county's committee here, but as an alias it would name it in
    every article of the corpus; a bare bureau (县林业局) keeps its alias (invented text)."""
    from kg.entities.spot import spot_article

    text = "# title: 测试\n阜平县地处山区。县委决定，县林业局投资造林。\n"
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    (article,) = load_corpus(tmp_path).articles
    orgs = {e.label_zh: e.aliases for e in spot_article(article).entities
            if e.type == "Organisation"}
    assert orgs["阜平县委"] == () and orgs["阜平县林业局"] == ("县林业局",)
