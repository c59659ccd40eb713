"""The graph copier behind ``python -m kg.bench.scale`` and the script's own input handling.

No timing is asserted: the script reports what it measured.
"""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.backends import oxigraph_store
from kg.bench import scale
from kg.bench.copies import copy_chunks
from kg.namespaces import BASE

# An invented article graph: an observation of a shared indicator, at a county, with its
# evidence as a blank node; and one triple of a shared named graph (the vocabularies).
ARTICLE_GRAPH = f"<{BASE}graph/article/demo-article>"
SAMPLE = "\n".join([
    f"<{BASE}id/obs/demo-1> <{BASE}ontology#indicator> <{BASE}id/indicator/jobs> "
    f"{ARTICLE_GRAPH} .",
    f"<{BASE}id/obs/demo-1> <{BASE}ontology#refArea> <{BASE}id/place/demo-county> "
    f"{ARTICLE_GRAPH} .",
    f"<{BASE}id/obs/demo-1> <http://www.w3.org/ns/prov#wasDerivedFrom> _:ev1 {ARTICLE_GRAPH} .",
    f"_:ev1 <http://www.w3.org/ns/oa#hasSource> <{BASE}id/article/demo-article> "
    f"{ARTICLE_GRAPH} .",
    f"<{BASE}id/indicator/jobs> <http://www.w3.org/2004/02/skos/core#prefLabel> \"jobs\"@en "
    f"<{BASE}graph/vocabularies> .",
]).encode("utf-8")


def load(copies: int) -> ox.Store:
    return oxigraph_store(copy_chunks(SAMPLE, copies))


def text(term: object) -> str:
    return term.value if isinstance(term, ox.NamedNode | ox.Literal) else str(term)


def subjects(store: ox.Store, predicate: str) -> set[str]:
    return {text(q.subject) for q in store.quads_for_pattern(
        None, ox.NamedNode(predicate), None, ox.DefaultGraph())}


def objects(store: ox.Store, predicate: str) -> set[str]:
    return {text(q.object) for q in store.quads_for_pattern(
        None, ox.NamedNode(predicate), None, ox.DefaultGraph())}


def test_each_copy_has_its_own_figures_places_evidence_and_article_graph() -> None:
    store = load(3)
    obs = subjects(store, BASE + "ontology#indicator")
    assert len(obs) == 3 and all(o.startswith(BASE + "id/obs/demo-1-c") for o in obs)
    assert len(objects(store, BASE + "ontology#refArea")) == 3
    assert len(objects(store, "http://www.w3.org/ns/oa#hasSource")) == 3
    evidence = subjects(store, "http://www.w3.org/ns/oa#hasSource")
    assert len(evidence) == 3  # the blank node is copied with the figure it hangs off
    graphs = {text(g) for g in store.named_graphs()}
    assert graphs == {f"{BASE}graph/article/demo-article-c{i}" for i in range(3)} | {
        BASE + "graph/vocabularies"}


def test_shared_vocabulary_stays_one_resource_and_the_default_graph_is_the_union() -> None:
    store = load(4)
    assert objects(store, BASE + "ontology#indicator") == {BASE + "id/indicator/jobs"}
    assert len(subjects(store, "http://www.w3.org/2004/02/skos/core#prefLabel")) == 1
    named = sum(1 for q in store if not isinstance(q.graph_name, ox.DefaultGraph))
    default = sum(1 for q in store if isinstance(q.graph_name, ox.DefaultGraph))
    assert named == default == 4 * 4 + 1


def test_the_script_times_a_query_on_the_copies(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    graph = tmp_path / "g.nq"
    graph.write_bytes(SAMPLE)
    out = tmp_path / "r.json"
    code = scale.main(["--graph", str(graph), "--copies", "1,2", "--repeats", "1",
                       "--query", "indicators-and-sdg", "--out", str(out)])
    assert code == 0
    table = capsys.readouterr().out
    assert "| indicators-and-sdg |" in table
    runs = json.loads(out.read_text(encoding="utf-8"))["runs"]
    assert [r["copies"] for r in runs] == [1, 2]
    assert [r["triples"] for r in runs] == [5, 9]
    assert all(r["queries"]["indicators-and-sdg"]["runs"] == 1 for r in runs)


def test_bad_input_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert scale.main(["--graph", str(tmp_path / "missing.nq"), "--copies", "1"]) == 2
    assert "error:" in capsys.readouterr().err
    with pytest.raises(SystemExit) as stop:
        scale.main(["--copies", "one"])
    assert stop.value.code == 2
