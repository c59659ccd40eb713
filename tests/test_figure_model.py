"""What a figure counts: its phase, its subject class and the group a per-capita figure averages
over, in the annotation format, the drafts and the built graph of the sample."""

from __future__ import annotations

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SKOS

from kg.build.observations import observation_iri
from kg.commands.common import build
from kg.corpus import Corpus
from kg.curate.load import parse_annotation
from kg.errors import InputError
from kg.extract.lexicon import Lexicon, build_lexicon
from kg.extract.status import PHASES, phase_at
from kg.namespaces import FK, ID, SCHEME
from kg.pipeline import BuildResult, Resources, build_dataset
from kg.resources import load_shapes, load_vocabularies
from kg.validate import validate

FUNDS = "xingxian-fenqi-juezhan-tuopin-gongjian"
INDUSTRY = "xingxian-duoqudao-xingban-chanye-hangshi"
TRAINING = "xingxian-jiji-shishi-peixun-jiuye"


@pytest.fixture(scope="module")
def vocabulary() -> Graph:
    return load_vocabularies()


@pytest.fixture(scope="module")
def lexicon(vocabulary: Graph) -> Lexicon:
    return build_lexicon(vocabulary)


@pytest.fixture(scope="module")
def built(sample_corpus: Corpus, vocabulary: Graph) -> BuildResult:
    return build_dataset(sample_corpus, Resources(vocabularies=vocabulary))


@pytest.fixture(scope="module")
def union(built: BuildResult) -> Graph:
    g = Graph()
    for graph in built.dataset.graphs():
        for triple in graph:
            g.add(triple)
    return g


def test_phase_scheme_is_the_loader_list(vocabulary: Graph) -> None:
    concepts = {str(c).rsplit("/", 1)[-1] for c in vocabulary.subjects(SKOS.inScheme,
                                                                          SCHEME["phases"])}
    assert concepts == set(PHASES)
    for c in vocabulary.subjects(SKOS.inScheme, SCHEME["phases"]):
        assert (c, RDF.type, FK.Phase) in vocabulary
        assert list(vocabulary.objects(c, SKOS.hiddenLabel)), f"{c} has no cue word"
    for c in vocabulary.subjects(SKOS.inScheme, SCHEME["subject-classes"]):
        assert (c, RDF.type, FK.SubjectClass) in vocabulary


# Sentences of the sample page, and the phase their cue words state for one number.
PHASE_CASES = [
    ("今年安排专项扶贫资金1.45亿元,已全部拨付;计划整合资金3.23亿元", "1.45亿元", "disbursed"),
    ("今年安排专项扶贫资金1.45亿元,已全部拨付;计划整合资金3.23亿元", "3.23亿元", "planned"),
    ("三是壮大经营主体,建成乡级产业园区项目3个、村级产业基地项目141个", "3个", "built"),
    ("突出抓好总投资1.2亿元的14个乡镇农业产业园区项目", "14个", "supported"),
    ("投资7亿元的兴县人民医院正式投用,设置床位600张", "7亿元", "in-use"),
    ("启动建设标准化幼儿园17所、小学1所", "17所", "under-construction"),
    ("对符合政策和条件的151户危改户全部改造完成。", "151户", "built"),
    # 扶持资金 names the money's purpose; 下拨 is its stage.
    ("2019年为每个乡级产业园区下拨项目扶持资金500-800万元", "500-800万元", "disbursed"),
    # People get no phase: 安排就业 arranges jobs, 完成培训 is no project stage.
    ("3个扶贫车间扩容安排就业430人", "430人", None),
    ("2016年以来,累计完成培训21053人", "21053人", None),
    # The next clause has a number of its own: its cue is not passed back.
    ("今年投入2.23亿元,建成基地141个", "2.23亿元", None),
]


@pytest.mark.parametrize(("text", "number", "phase"), PHASE_CASES)
def test_phase_from_cue_words(text: str, number: str, phase: str | None,
                              lexicon: Lexicon) -> None:
    start = text.index(number)
    unit = "person" if number.endswith("人") else "yuan" if "元" in number else "item"
    assert phase_at(text, start, start + len(number), unit, lexicon.phases) == phase


def test_sample_figures_carry_phase_class_and_group(union: Graph) -> None:
    def obs(article: str, local: str) -> URIRef:
        return observation_iri(article, local)

    assert union.value(obs(FUNDS, "special-funds-arranged"), FK.phase) == ID["phase/disbursed"]
    assert union.value(obs(FUNDS, "special-funds-arranged"), FK.fundingStage) == FK.Arranged
    assert union.value(obs(INDUSTRY, "township-parks"), FK.phase) == ID["phase/built"]
    assert union.value(obs(FUNDS, "parks-count"), FK.phase) == ID["phase/supported"]
    assert (union.value(obs(INDUSTRY, "livestock-cooperatives"), FK.subjectClass)
            == ID["kind/livestock-cooperative"])
    assert (union.value(obs(INDUSTRY, "processing-cooperatives"), FK.subjectClass)
            == ID["kind/processing-cooperative"])
    assert (union.value(obs(INDUSTRY, "cooperative-workers-income-increase"), FK.perCapitaOf)
            == obs(INDUSTRY, "cooperative-workers"))
    assert (union.value(obs(TRAINING, "tertiary-income-increase"), FK.perCapitaOf)
            == obs(TRAINING, "tertiary-beneficiaries"))


def test_sample_drafts_read_the_phase(sample_corpus: Corpus, vocabulary: Graph) -> None:
    drafts = build_dataset(sample_corpus, Resources(vocabularies=vocabulary),
                           curation=False).facts
    by_stated = {(f.article_id, f.stated): f for f in drafts}
    assert by_stated[(FUNDS, "1.45亿元")].phase == "disbursed"
    assert by_stated[(INDUSTRY, "3个")].phase == "built"
    assert by_stated[(FUNDS, "7亿元")].phase == "in-use"


ENTRY = """article: a
observations:
  - id: members
    number: 49176名
    quote: 49176名社员
  - id: gain
    number: 708元
    quote: 人均增收708元
{extra}
"""


@pytest.mark.parametrize(("extra", "message", "line"), [
    ("    phase: finished", "phase must be one of planned", 9),
    ("    subject_class: Livestock Coop", "subject_class must be a slug", 9),
    ("    per_capita_of: workers", "per_capita_of: no observation with id 'workers'", 6),
    ("    per_capita_of: gain", "cannot link to itself", 6),
])
def test_annotation_fields_are_checked(extra: str, message: str, line: int) -> None:
    with pytest.raises(InputError, match=message) as err:
        parse_annotation(ENTRY.format(extra=extra), "a.yaml")
    assert err.value.line == line


def test_annotation_fields_are_read() -> None:
    extra = "    per_capita_of: members\n    phase: built\n    subject_class: livestock-cooperative"
    entry = parse_annotation(ENTRY.format(extra=extra), "a.yaml").observations[1]
    assert entry.get("per_capita_of") == "members"
    assert entry.get("phase") == "built"
    assert entry.get("subject_class") == "livestock-cooperative"


def test_sample_conflicts_are_resolved_by_the_model() -> None:
    """3 built vs 14 supported township parks and 5000余 posts at county enterprises vs 1406 at
    resident enterprises count different things: no conflict warning is left on the sample
    (tests/shapes/conflict/invalid-002.ttl keeps a real conflict warning)."""
    built = build(None)  # as `kg build` validates it: reference places and all
    result = validate(built.union(), load_shapes(), built.resources.ontology or Graph())
    assert result.conforms
    conflicts = [f for f in result.warnings if "ConflictingFigures" in f.shape]
    assert conflicts == []
