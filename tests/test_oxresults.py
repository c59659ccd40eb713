"""SELECT answers written by pyoxigraph's serialisers (kg.oxresults, OxigraphBackend.serialised):
the same solutions as the rows, cut at a row limit the way kg.backends cuts rows."""

from __future__ import annotations

import csv
import io

import pyoxigraph as ox
import pytest
from rdflib import BNode, Dataset, Literal, URIRef

from kg.backends import Answer, OxigraphBackend
from kg.oxresults import FORMATS, solutions_bytes

EX = "urn:x:"


@pytest.fixture(scope="module")
def engine() -> OxigraphBackend:
    ds = Dataset()
    g = ds.graph(URIRef(EX + "g"))
    for i in range(30):
        # line breaks, tabs, quotes and a language tag in the literals: one TSV line per row
        # all the same, so that the cut at the limit counts rows, not lines of text
        g.add((URIRef(f"{EX}s{i:02}"), URIRef(EX + "p"),
               Literal(f"line {i}\nnext\t\"q\"", lang="zh")))
        g.add((URIRef(f"{EX}s{i:02}"), URIRef(EX + "n"), Literal(i)))
    g.add((BNode(), URIRef(EX + "p"), Literal("blank")))
    return OxigraphBackend(ds)


QUERY = (f"SELECT ?s ?text ?n WHERE {{ ?s <{EX}p> ?text OPTIONAL {{ ?s <{EX}n> ?n }} }} "
         "ORDER BY ?text")


def parsed(data: bytes, key: str) -> list[list[str | None]]:
    if key == "csv":
        rows = list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))[1:]
        return [[cell or None for cell in row] for row in rows]
    result = ox.parse_query_results(data, format=FORMATS[key])
    assert isinstance(result, ox.QuerySolutions)
    return [[str(s[v]) if s[v] is not None else None for v in ("s", "text", "n")]
            for s in result]


def own(engine: OxigraphBackend, key: str) -> bytes:
    result = engine.store.query(QUERY)
    assert isinstance(result, ox.QuerySolutions)
    data = result.serialize(format=FORMATS[key])
    assert isinstance(data, bytes)
    return data


@pytest.mark.parametrize("key", ["srj", "xml", "csv", "tsv"])
def test_whole_answer_is_pyoxigraphs_own_bytes(engine: OxigraphBackend, key: str) -> None:
    done = engine.serialised(QUERY, key)
    assert not isinstance(done, Answer)
    assert done == (own(engine, key), False)


@pytest.mark.parametrize("key", ["srj", "xml", "csv", "tsv"])
@pytest.mark.parametrize("limit", [0, 1, 7, 30, 31, 32])
def test_the_row_limit_keeps_the_first_rows(engine: OxigraphBackend, key: str,
                                            limit: int) -> None:
    data, truncated = engine.serialised(QUERY, key, limit)  # type: ignore[misc]
    rows = engine.answer(QUERY).rows
    assert len(rows) == 31 and truncated == (limit < 31)
    whole = parsed(own(engine, key), key)
    got = parsed(data, key)
    if key == "csv":  # CSV keeps no blank node labels or types: compare the plain cells
        assert got == whole[:limit]
    else:
        # blank node labels are local to a document: compare them by position only
        def shape(table: list[list[str | None]]) -> list[list[str | None]]:
            return [[("_:" if c and c.startswith("_:") else c) for c in r] for r in table]
        assert shape(got) == shape(whole[:limit])


def test_the_cut_agrees_with_the_rows_cut(engine: OxigraphBackend) -> None:
    answer = engine.answer(QUERY, 5)
    data, truncated = engine.serialised(QUERY, "tsv", 5)  # type: ignore[misc]
    assert truncated == answer.truncated is True
    result = ox.parse_query_results(data, format=ox.QueryResultsFormat.TSV)
    assert isinstance(result, ox.QuerySolutions)
    assert [(s["text"].value, s["text"].language) for s in result] == [
        (str(r["text"]), r["text"].language) for r in answer.rows]  # type: ignore[union-attr]


def test_ask_and_construct_come_back_as_answers(engine: OxigraphBackend) -> None:
    ask = engine.serialised("ASK { ?s ?p ?o }", "csv")
    assert isinstance(ask, Answer) and ask.kind == "ask" and ask.boolean is True
    graph = engine.serialised("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", "srj", 3)
    assert isinstance(graph, Answer) and graph.kind == "graph" and graph.truncated


def test_no_variables_and_no_rows() -> None:
    store = ox.Store()
    result = store.query("SELECT * WHERE { }")
    assert isinstance(result, ox.QuerySolutions)
    assert solutions_bytes(result, "srj", 5) == (
        b'{"head":{"vars":[]},"results":{"bindings":[{}]}}', False)
    result = store.query("SELECT ?x WHERE { ?x ?p ?o }")
    assert isinstance(result, ox.QuerySolutions)
    assert solutions_bytes(result, "csv", 0) == (b"x\r\n", False)
