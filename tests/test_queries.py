"""The query library against the sample page: expected results, two engines, headers, binding.

Each ``queries/<name>.rq`` has its expected answer in ``tests/queries/<name>.csv`` (SPARQL CSV:
a header of variables, values as plain strings, an empty cell for an unbound variable). Each
expected file was checked by hand against the article text; tests/queries/README.md says how.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pytest
from rdflib import Dataset, Literal, URIRef
from rdflib.term import Node

from kg.backends import Answer, OxigraphBackend, RdflibBackend
from kg.commands.common import build
from kg.errors import InputError
from kg.query import QueryFile, bind, parse_query_file
from kg.resources import queries_dir

EXPECTED = Path(__file__).resolve().parent / "queries"
QUERIES = sorted(queries_dir().glob("*.rq"))
NAMES = [p.stem for p in QUERIES]
XINGXIAN = "https://w3id.org/fupin-kg/id/place/xingxian"


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    # Built once for the module: the build is the slow part, the queries take milliseconds.
    return build(None).result.dataset


@pytest.fixture(scope="module")
def rdflib_engine(dataset: Dataset) -> RdflibBackend:
    return RdflibBackend(dataset)


@pytest.fixture(scope="module")
def oxigraph_engine(dataset: Dataset) -> OxigraphBackend:
    return OxigraphBackend(dataset)


def query(name: str) -> QueryFile:
    return parse_query_file(queries_dir() / f"{name}.rq")


def cell(value: str) -> str | Decimal:
    """A CSV value as compared: numbers by value (42 = 42.0 = 4.2E1), anything else as text."""
    try:
        number = Decimal(value)
    except InvalidOperation:
        return value
    return number.normalize() if number.is_finite() else value


def term_cell(term: Node | None) -> str | Decimal:
    if term is None:
        return ""
    # Literals as the CSV file has them: its cells carry no datatype (2020 may be a gYear).
    return cell(str(term)) if isinstance(term, Literal) else str(term)


def csv_table(text: str) -> tuple[list[str], list[tuple[str | Decimal, ...]]]:
    rows = list(csv.reader(io.StringIO(text)))
    return rows[0], [tuple(cell(v) for v in row) for row in rows[1:]]


def answer_table(answer: Answer) -> tuple[list[str], list[tuple[str | Decimal, ...]]]:
    assert answer.kind == "select"
    return (list(answer.variables),
            [tuple(term_cell(row[v]) for v in answer.variables) for row in answer.rows])


def test_every_query_has_an_expected_result() -> None:
    assert len(NAMES) >= 15
    assert sorted(p.stem for p in EXPECTED.glob("*.csv")) == NAMES


# The curated sample has no draft figures: draft-figures answers nothing on it, and
# test_draft_figures_lists_drafts_without_curation checks it on the uncurated build.
EMPTY_ON_THE_CURATED_SAMPLE = {"draft-figures"}


@pytest.mark.parametrize("name", NAMES)
def test_every_query_answers_the_sample(name: str) -> None:
    """Each question of the library has at least one answer on the sample page, checked by
    hand (tests/queries/README.md), so that no query is shipped untested."""
    _, rows = csv_table((EXPECTED / f"{name}.csv").read_text(encoding="utf-8"))
    if name in EMPTY_ON_THE_CURATED_SAMPLE:
        assert rows == []
    else:
        assert rows, f"{name}: no expected row on the sample"


@pytest.mark.parametrize("name", NAMES)
def test_expected_result_on_the_sample(name: str, rdflib_engine: RdflibBackend) -> None:
    expected = csv_table((EXPECTED / f"{name}.csv").read_text(encoding="utf-8"))
    got = answer_table(rdflib_engine.answer(bind(query(name), {})))
    assert got[0] == expected[0]
    # In order: every query has an ORDER BY that makes its answer deterministic.
    assert got[1] == expected[1]


@pytest.mark.parametrize("name", NAMES)
def test_engines_agree(name: str, rdflib_engine: RdflibBackend,
                       oxigraph_engine: OxigraphBackend) -> None:
    text = bind(query(name), {})
    ours = answer_table(rdflib_engine.answer(text))
    theirs = answer_table(oxigraph_engine.answer(text))
    assert ours[0] == theirs[0]
    # As multisets, numbers by value: Oxigraph reports xsd:nonNegativeInteger as xsd:integer.
    assert Counter(ours[1]) == Counter(theirs[1])


_PREFIXED = re.compile(r"(?<![\w<\"'?$:/#.-])([A-Za-z][\w-]*):[A-Za-z_]")


@pytest.mark.parametrize("name", NAMES)
def test_header_prefixes_and_order(name: str) -> None:
    q = query(name)
    assert q.title
    # One question line with both languages ("en | zh"), or one line per language.
    joined = " | ".join(q.questions)
    assert re.search(r"[A-Za-z]{3,}.*\?", joined), "no English question"
    assert re.search(r"[\u4e00-\u9fff].*?", joined), "no Chinese question"
    body = "\n".join(line for line in q.text.splitlines() if not line.lstrip().startswith("#"))
    declared = set(re.findall(r"(?im)^\s*PREFIX\s+([\w-]*):", body))
    without_iris = re.sub(r"<[^>\s]*>|\"[^\"\n]*\"", " ", body)
    used = set(_PREFIXED.findall(without_iris))
    assert used <= declared, f"undeclared prefixes: {sorted(used - declared)}"
    assert re.search(r"\bORDER\s+BY\b", body, re.IGNORECASE)


def run(engine: RdflibBackend, name: str, **params: str) -> list[dict[str, Node | None]]:
    return [dict(r) for r in engine.answer(bind(query(name), params)).rows]


def test_place_parameter_selects_that_place(rdflib_engine: RdflibBackend) -> None:
    everything = run(rdflib_engine, "figures-for-a-place")
    assert everything and {str(r["area"]) for r in everything} == {XINGXIAN}
    assert run(rdflib_engine, "figures-for-a-place", place="place:xingxian") == everything
    # No figure of the sample is given for a township: the answer must not fall back to the
    # county's figures (the default) when another place is bound.
    assert run(rdflib_engine, "figures-for-a-place", place="place:caijiaya-xiang") == []


def test_year_parameter_drops_merged_townships(rdflib_engine: RdflibBackend) -> None:
    def names(year: str) -> set[str]:
        return {str(r["label"]) for r in run(rdflib_engine, "townships-valid-in-a-year",
                                               year=year)}

    assert len(names("2020")) == 17
    assert names("2021") == names("2020")  # both existed into 2021
    assert names("2020") - names("2022") == {"恶虎滩乡", "贺家会乡"}


def test_undeclared_parameter_is_an_error() -> None:
    with pytest.raises(InputError, match="unknown parameter"):
        bind(query("figures-for-a-place"), {"county": "place:xingxian"})


ATTACKS = ['x" } ; DROP ALL ; #', '1.45亿元" } } INSERT { <a> <b> <c> } #']


@pytest.mark.parametrize("attack", ATTACKS)
def test_injection_is_bound_as_a_literal(attack: str, rdflib_engine: RdflibBackend) -> None:
    size = len(rdflib_engine.dataset)
    text = bind(query("provenance-of-a-figure"), {"stated": attack})
    assert f"VALUES ?stated {{ {Literal(attack).n3()} }}" in text
    assert rdflib_engine.answer(text).rows == ()
    assert len(rdflib_engine.dataset) == size
    with pytest.raises(InputError):
        bind(query("figures-for-a-place"), {"place": attack})


def test_provenance_parameter_finds_another_figure(rdflib_engine: RdflibBackend) -> None:
    rows = run(rdflib_engine, "provenance-of-a-figure", stated="2804人")
    assert [str(r["quote"]) for r in rows] == ["就业2804人"]
    assert rows[0]["obs"] == URIRef(
        "https://w3id.org/fupin-kg/id/obs/xingxian-jiji-shishi-peixun-jiuye/caregiver-employed")


def test_draft_figures_lists_drafts_without_curation() -> None:
    # The sample is fully curated, so the expected answer above is empty; without the
    # annotations every figure is a draft and the query must find them.
    engine = RdflibBackend(build(None, curation=False).result.dataset)
    rows = run(engine, "draft-figures")
    assert len(rows) > 100
    assert all(str(r["stated_as"]) in str(r["quote"]) for r in rows)


def test_any_rq_file_runs_and_print_binds_the_defaults(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from kg.cli import main

    plain = tmp_path / "count.rq"
    plain.write_text("SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }\n",
                     encoding="utf-8")
    trig = tmp_path / "kg.trig"
    build(None).result.dataset.serialize(trig, format="trig")
    for backend in ("rdflib", "oxigraph"):
        result = CliRunner().invoke(main, ["query", str(plain), "--graph", str(trig),
                                           "--format", "csv", "--backend", backend])
        assert result.exit_code == 0, result.output
        rows = list(csv.reader(io.StringIO(result.stdout)))
        assert rows[0] == ["n"] and int(rows[1][0]) >= 5, backend  # 4 articles + reference
    printed = CliRunner().invoke(main, ["query", "figures-for-a-place", "--print"])
    assert printed.exit_code == 0, printed.output
    assert f"VALUES ?place {{ <{XINGXIAN}> }}" in printed.stdout
    other = CliRunner().invoke(main, ["query", "figures-for-a-place", "--print", "--param",
                                      "place=place:caijiaya-xiang"])
    assert "caijiaya-xiang> }" in other.stdout and XINGXIAN + ">" not in other.stdout
    from kg.readonly import check_query

    assert check_query(printed.stdout) == "SelectQuery"
