"""Curation: the sample page fully curated, the indicator scheme complete, and annotation
files that are wrong fail with the file and line."""

from __future__ import annotations

import dataclasses
import itertools
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS

from kg.build.observations import entity_iri
from kg.corpus import Corpus, load_annotations
from kg.curate.apply import curated_facts
from kg.curate.load import load_annotation
from kg.errors import InputError
from kg.extract.lexicon import build_lexicon
from kg.facts import Fact, Status
from kg.link.places import places_graph
from kg.model import Article
from kg.namespaces import FK, GROUP, IND, OA, PLACE, SCHEME, UNIT
from kg.pipeline import BuildResult, Resources, build_dataset
from kg.resources import load_vocabularies, ontology_dir

TRAINING = "xingxian-jiji-shishi-peixun-jiuye"


@pytest.fixture(scope="module")
def vocabulary() -> Graph:
    return load_vocabularies()


@pytest.fixture(scope="module")
def built(sample_corpus: Corpus, vocabulary: Graph) -> BuildResult:
    return build_dataset(sample_corpus, Resources(vocabularies=vocabulary))


@pytest.fixture(scope="module")
def curated(built: BuildResult) -> list[Fact]:
    return [f for f in built.facts if f.status is Status.CURATED]


@pytest.fixture(scope="module")
def indicators() -> Graph:
    g = Graph()
    g.parse(ontology_dir() / "vocab" / "indicators.ttl", format="turtle")
    return g


def _article(corpus: Corpus, article_id: str) -> Article:
    return next(a for a in corpus.articles if a.id == article_id)


def _slug(iri: object) -> str:
    return str(iri).rsplit("/", 1)[-1]


def _concepts(g: Graph) -> list[URIRef]:
    return sorted(c for c in g.subjects(SKOS.inScheme, SCHEME["indicators"])
                  if isinstance(c, URIRef))


# ---- the sample page is fully curated ---------------------------------------------------------

def test_every_article_of_the_sample_has_an_annotation_file(sample_corpus: Corpus) -> None:
    assert {a.id for a in sample_corpus.articles} == set(sample_corpus.annotations)


def test_sample_has_no_draft_and_no_unexplained_number(built: BuildResult) -> None:
    left = [c for c in built.coverage if c.status in ("draft", "unexplained")]
    assert left == [], "\n".join(map(str, left))
    assert all(f.status is Status.CURATED for f in built.facts)
    counts = Counter(c.status for c in built.coverage)
    assert counts["curated"] > 0 and counts["excluded"] > 0


def test_no_two_curated_observations_share_a_number(curated: list[Fact]) -> None:
    by_article: dict[str, list[Fact]] = {}
    for f in curated:
        by_article.setdefault(f.article_id, []).append(f)
    for facts in by_article.values():
        facts.sort(key=lambda f: f.number_start)
        for a, b in itertools.pairwise(facts):
            assert a.number_end <= b.number_start, (a.local_id, b.local_id)


def test_no_statement_is_curated_twice(curated: list[Fact]) -> None:
    # A restatement curated again would repeat indicator, value and every qualifier.
    keys = Counter((f.article_id, f.indicator, f.value, f.unit, f.group, f.about, f.period,
                    f.period_start, f.per) for f in curated)
    assert [k for k, n in keys.items() if n > 1] == []


def test_restated_figures_are_in_the_graph_once(curated: list[Fact], built: BuildResult) -> None:
    article = "xingxian-fenqi-juezhan-tuopin-gongjian"
    for value, unit in (("812", "household"), ("1962", "person"), ("774", "household"),
                        ("1749", "person")):
        hits = [f for f in curated if f.article_id == article and f.value == Decimal(value)
                and f.unit == unit]
        assert len(hits) == 1, (value, hits)
        restated = [c for c in built.coverage if c.article_id == article and c.token == value
                    and c.status == "excluded"]
        assert len(restated) == 1 and "restatement" in restated[0].reason


def test_every_curated_quote_is_refound_in_the_text_and_the_source(
        sample_corpus: Corpus, curated: list[Fact]) -> None:
    for f in curated:
        article = _article(sample_corpus, f.article_id)
        assert article.text[f.quote_start:f.quote_end] == f.quote
        assert f.quote_start <= f.number_start < f.number_end <= f.quote_end
        spans = article.source_spans(f.quote_start, f.quote_end)
        assert "".join(article.source.text[s.start:s.end] for s in spans) == f.quote


def test_evidence_in_the_graph_quotes_the_article(built: BuildResult,
                                                  curated: list[Fact]) -> None:
    exacts = Counter(str(q[2]) for q in built.dataset.quads((None, OA.exact, None, None)))
    for f in curated:
        assert exacts[f.quote] >= 1, f.quote


def test_parts_and_shares_agree_with_their_wholes(curated: list[Fact]) -> None:
    by_id = {(f.article_id, f.local_id): f for f in curated}
    shares = 0
    for f in curated:
        if f.part_of:
            assert f.value <= by_id[(f.article_id, f.part_of)].value, f.local_id
        if f.share_of:
            assert f.unit == "percent"
            if f.share_part:
                whole = by_id[(f.article_id, f.share_of)].value
                part = by_id[(f.article_id, f.share_part)].value
                assert abs(f.value - 100 * part / whole) <= Decimal("0.5"), f.local_id
                shares += 1
    assert shares >= 2  # 42% of 2804 and 92% of 5578


def test_references_resolve_to_described_resources(built: BuildResult, vocabulary: Graph,
                                                   curated: list[Fact]) -> None:
    typed = {q[0] for q in built.dataset.quads((None, RDF.type, None, None))}
    typed |= set(vocabulary.subjects(RDF.type, None))
    for f in curated:
        if f.about:
            assert entity_iri(f.about) in typed, (f.local_id, f.about)
        if f.group:
            assert GROUP[f.group] in typed, (f.local_id, f.group)
        if f.place:
            assert PLACE[f.place] in typed, (f.local_id, f.place)


def test_curated_units_fit_their_indicator(indicators: Graph, curated: list[Fact]) -> None:
    for f in curated:
        assert f.indicator is not None, f.local_id
        expected = {_slug(u) for u in indicators.objects(IND[f.indicator], FK.expectedUnit)}
        assert f.unit in expected, (f.local_id, f.indicator, f.unit, expected)


# ---- the indicator scheme -----------------------------------------------------------------------

def test_every_indicator_used_is_in_the_scheme(sample_corpus: Corpus, indicators: Graph) -> None:
    known = {_slug(c) for c in _concepts(indicators)}
    used = {e.fields["indicator"] for a in sample_corpus.annotations.values()
            for e in a.observations}
    assert used and used <= known, used - known


def test_every_indicator_is_labelled_defined_and_has_a_unit(indicators: Graph) -> None:
    units = Graph().parse(ontology_dir() / "vocab" / "units.ttl", format="turtle")
    known_units = set(units.subjects(SKOS.inScheme, SCHEME["units"]))
    concepts = _concepts(indicators)
    assert len(concepts) >= 40
    for c in concepts:
        assert (c, RDF.type, FK.Indicator) in indicators
        for lang in ("zh", "en"):
            labels = [o for o in indicators.objects(c, SKOS.prefLabel)
                      if isinstance(o, Literal) and o.language == lang]
            assert len(labels) == 1, (c, lang)
        assert any(isinstance(o, Literal) and o.language == "en"
                   for o in indicators.objects(c, SKOS.definition)), c
        assert any(isinstance(o, Literal) and o.language == "zh"
                   for o in indicators.objects(c, SKOS.altLabel)), c
        expected = set(indicators.objects(c, FK.expectedUnit))
        assert expected and expected <= known_units, (c, expected - known_units)
        assert all(str(u).startswith(str(UNIT)) for u in expected)


def test_indicator_hierarchy_is_a_forest(indicators: Graph) -> None:
    concepts = set(_concepts(indicators))
    tops = set(indicators.objects(SCHEME["indicators"], SKOS.hasTopConcept))
    assert tops == set(indicators.subjects(SKOS.topConceptOf, SCHEME["indicators"]))
    for c in concepts:
        broader = set(indicators.objects(c, SKOS.broader))
        assert (c in tops) != bool(broader), c  # a root, or under broader indicators
        assert broader <= concepts
        # Every chain of broader links ends at a root, without a cycle.
        node, seen = c, set()
        while node not in tops:
            assert node not in seen, f"cycle through {node}"
            seen.add(node)
            node = next(o for o in indicators.objects(node, SKOS.broader)
                        if isinstance(o, URIRef))


def test_preferred_labels_are_unique_and_distinct_from_alternatives(indicators: Graph) -> None:
    prefs = Counter((str(o), o.language) for c in _concepts(indicators)
                    for o in indicators.objects(c, SKOS.prefLabel) if isinstance(o, Literal))
    assert [k for k, n in prefs.items() if n > 1] == []
    for c in _concepts(indicators):
        pref = set(indicators.objects(c, SKOS.prefLabel))
        alt = set(indicators.objects(c, SKOS.altLabel))
        hidden = set(indicators.objects(c, SKOS.hiddenLabel))
        assert not (pref & alt or pref & hidden or alt & hidden), c


def test_the_draft_extractor_reads_every_indicator(indicators: Graph) -> None:
    lexicon = build_lexicon(indicators)
    assert {t.ref for t in lexicon.indicators} == {_slug(c) for c in _concepts(indicators)}
    found = {(t.label, t.ref) for t in lexicon.indicators}
    # The surface forms of the sample page, with the unit that tells them apart.
    assert ("未脱贫人口", "persons-not-lifted") in found
    assert ("未脱贫人口", "households-not-lifted") in found
    assert ("公益性岗位", "public-welfare-jobs") in found


# ---- malformed annotation files ---------------------------------------------------------------

HEAD = f"article: {TRAINING}\ndefaults: {{place: xingxian, period: \"2020\"}}\nobservations:\n"
GOOD = "  - id: trainees-total\n    number: 21053人\n    quote: 累计完成培训21053人\n"

BAD_FILES = {
    "bad YAML": (HEAD + GOOD + "   indicator: trainees\n", 7, "malformed YAML"),
    "unclosed bracket": (HEAD + GOOD + "  - id: x\n    number: [5919人\n", 9,
                         "while parsing a flow sequence at line 8"),
    "unknown field": (HEAD + GOOD + "    colour: red\n", 7, "unknown key 'colour'"),
    "quote not in article": (
        HEAD + GOOD + "  - id: x\n    number: 5919人\n    quote: 吕梁山护工共5919人\n",
        7, "quote not found"),
    "number not in quote": (
        HEAD + GOOD + "  - id: x\n    number: 5918人\n    quote: 其中“吕梁山护工”5919人\n",
        7, "does not contain its number"),
    "duplicate id": (
        HEAD + GOOD + "  - id: trainees-total\n    number: 5919人\n"
        "    quote: 其中“吕梁山护工”5919人\n", 7, "already used at line 4"),
    "dangling part_of": (
        HEAD + GOOD + "  - id: x\n    number: 5919人\n    quote: 其中“吕梁山护工”5919人\n"
        "    part_of: trainees\n", 7, "no observation with id 'trainees'"),
    "number claimed twice": (
        HEAD + GOOD + "excluded:\n  - number: 21053人\n    quote: 培训21053人\n"
        "    reason: a second look\n", 8, "already curated or excluded at line 4"),
    "part of a figure": (
        HEAD + GOOD + "  - id: x\n    number: 919人\n    quote: 其中“吕梁山护工”5919人\n",
        7, "the quantity grammar reads '5919人'"),
    "occurrence out of range": (
        HEAD + GOOD + "  - id: x\n    number: 5919人\n    quote: 其中“吕梁山护工”5919人\n"
        "    occurrence: 2\n", 7, "occurrence 2 but only 1"),
    "about without kind": (
        HEAD + GOOD + "    about: lvliangshan-hugong\n", 7, "about must be kind:slug"),
    "unknown unit": (
        HEAD + GOOD + "    value: 21053\n    unit: furlong\n", 8, "unknown unit 'furlong'"),
    "bad period": (HEAD + GOOD + "    period: this year\n", 7, "period must be a year"),
    # Input hazards (issue 15): refused with the line, never a traceback or a blow-up.
    "infinite value": (HEAD + GOOD + "    value: .inf\n    unit: person\n", 7,
                       "'value' must be a finite number"),
    "not a number": (HEAD + GOOD + "    lower: .nan\n", 7, "'lower' must be a finite number"),
    "NUL character": (HEAD + GOOD + "    note: a\x00b\n", 7, "control character U+0000"),
    "alias": (HEAD + "  - &e\n    id: a\n    number: 21053人\n    quote: 累计完成培训21053人\n"
              "  - *e\n", 4, "anchors and aliases"),
    "over-long line": (HEAD + GOOD + "    note: " + "长" * 20_000 + "\n", 7, "over the limit"),
}


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_malformed_annotation_names_file_and_line(case: str, tmp_path: Path,
                                                  sample_corpus: Corpus) -> None:
    text, line, message = BAD_FILES[case]
    path = tmp_path / f"{TRAINING}.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        annotation = load_annotation(path, f"annotations/{path.name}")
        curated_facts(annotation, _article(sample_corpus, TRAINING))
    err = caught.value
    assert err.path == f"annotations/{path.name}"
    assert err.line == line, str(err)
    assert message in err.message, str(err)
    assert f"annotations/{path.name}:{line}:" in str(err)


def test_a_broken_annotation_fails_the_build(tmp_path: Path, sample_corpus: Corpus,
                                             vocabulary: Graph) -> None:
    folder = tmp_path / "annotations"
    folder.mkdir()
    (folder / f"{TRAINING}.yaml").write_text(
        HEAD + "  - id: x\n    number: 5919人\n    quote: 这句话不在文章里5919人\n",
        encoding="utf-8")
    corpus = dataclasses.replace(
        sample_corpus, annotations=load_annotations(folder, list(sample_corpus.pages)))
    with pytest.raises(InputError, match=rf"annotations/{TRAINING}\.yaml:4: quote not found"):
        build_dataset(corpus, Resources(vocabularies=vocabulary))


def test_an_annotation_for_an_unknown_article_is_refused(tmp_path: Path,
                                                         sample_corpus: Corpus) -> None:
    folder = tmp_path / "annotations"
    folder.mkdir()
    (folder / "nowhere.yaml").write_text("article: no-such-article\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"annotations/nowhere\.yaml:1: no article"):
        load_annotations(folder, list(sample_corpus.pages))


def test_unquoted_years_and_overrides_are_read(tmp_path: Path, sample_corpus: Corpus) -> None:
    path = tmp_path / "a.yaml"
    path.write_text(
        f"article: {TRAINING}\ndefaults: {{place: xingxian, period: 2020}}\nobservations:\n"
        + GOOD + "    period_start: 2016\n"
        "  - id: brands\n    number: 三个\n    quote: 三个自主品牌\n    value: 3\n"
        "    unit: item\n    period: null\n", encoding="utf-8")
    facts, _ = curated_facts(load_annotation(path), _article(sample_corpus, TRAINING))
    total, brands = facts
    assert (total.period, total.period_start, total.value) == ("2020", "2016", Decimal(21053))
    assert total.number_end - total.number_start == len("21053人")
    assert (brands.period, brands.unit, brands.stated) == (None, "item", "三个")
    assert brands.value == Decimal(3)


# ---- references to things the build does not know (issue 15) --------------------------------

DANGLING = {
    "about": ("    about: programme:does-not-exist\n", "about: 'programme:does-not-exist'"),
    "indicator": ("    indicator: no-such-indicator\n", "indicator: 'no-such-indicator'"),
    "group": ("    group: no-such-group\n", "group: 'no-such-group'"),
    "place": ("    place: atlantis\n", "place: 'atlantis'"),
}


@pytest.mark.parametrize("field", sorted(DANGLING))
def test_a_dangling_reference_fails_the_build_with_file_and_line(
        field: str, tmp_path: Path, sample_corpus: Corpus, vocabulary: Graph) -> None:
    folder = tmp_path / "annotations"
    folder.mkdir()
    extra, message = DANGLING[field]
    (folder / f"{TRAINING}.yaml").write_text(HEAD + GOOD + extra, encoding="utf-8")
    corpus = dataclasses.replace(
        sample_corpus, annotations=load_annotations(folder, list(sample_corpus.pages)))
    with pytest.raises(InputError) as caught:
        build_dataset(corpus, Resources(vocabularies=vocabulary, places=places_graph()))
    assert str(caught.value).startswith(f"annotations/{TRAINING}.yaml:4: {message} is not known")
