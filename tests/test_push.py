"""`kg push` into a real Oxigraph server, then the whole query library over SPARQLWrapper
gives the same answers as the embedded engine."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from rdflib import Literal, URIRef
from rdflib.term import Node
from SPARQLWrapper import JSON, SPARQLWrapper

from kg.cli import main
from kg.commands.common import build
from kg.resources import queries_dir


def _oxigraph() -> str:
    beside = Path(sys.executable).parent / "oxigraph"
    found = str(beside) if beside.exists() else shutil.which("oxigraph")
    if not found:
        pytest.fail("the `oxigraph` server is not installed; run .ci/run (pip install oxigraph)")
    return found


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    port = _free_port()
    location = tmp_path_factory.mktemp("oxigraph")
    proc = subprocess.Popen([_oxigraph(), "serve", "--location", str(location), "--bind",
                             f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(f"{base}/query?query=ASK%7B%7D", timeout=1).read()
            break
        except OSError:
            time.sleep(0.1)
    else:
        proc.kill()
        pytest.fail(f"oxigraph did not start: {proc.stderr.read() if proc.stderr else b''!r}")
    yield base
    proc.terminate()
    proc.wait(timeout=10)


def canonical(term: Node | None) -> object:
    """Numbers by value: Oxigraph reports xsd:nonNegativeInteger values as xsd:integer."""
    if isinstance(term, Literal) and term.datatype is not None:
        value = term.toPython()
        if isinstance(value, int | Decimal) and not isinstance(value, bool):
            return ("number", Decimal(value).normalize())  # 42 = 42.0
    return term


def _from_json(binding: dict[str, str]) -> Node:
    kind, value = binding["type"], binding["value"]
    if kind == "uri":
        return URIRef(value)
    datatype = binding.get("datatype")
    return Literal(value, lang=binding.get("xml:lang"),
                   datatype=URIRef(datatype) if datatype else None)


def test_push_then_query_library_agrees(oxigraph_server: str,
                                       tmp_path_factory: pytest.TempPathFactory) -> None:
    result = CliRunner().invoke(main, ["push", "--graph-store", f"{oxigraph_server}/store"])
    assert result.exit_code == 0, result.output
    assert "Pushed" in result.stdout
    trig = tmp_path_factory.mktemp("graph") / "kg.trig"
    build(None).result.dataset.serialize(trig, format="trig")
    queries = sorted(queries_dir().glob("*.rq"))
    assert len(queries) >= 15
    for path in queries:
        # the query exactly as `kg query --print` gives it, sent unchanged to Oxigraph ...
        printed = CliRunner().invoke(main, ["query", path.stem, "--print"])
        assert printed.exit_code == 0, printed.output
        client = SPARQLWrapper(f"{oxigraph_server}/query")
        client.setQuery(printed.stdout)
        client.setReturnFormat(JSON)
        client.setMethod("POST")
        remote = client.query().convert()
        assert isinstance(remote, dict)
        # ... and what `kg query` answers on the embedded reference engine
        local = CliRunner().invoke(main, ["query", path.stem, "--format", "srj", "--graph",
                                          str(trig), "--backend", "rdflib"])
        assert local.exit_code == 0, local.output
        mine = json.loads(local.stdout)
        assert remote["head"]["vars"] == mine["head"]["vars"], path.name
        variables = remote["head"]["vars"]

        def table(data: dict[str, Any], variables: list[str] = variables) -> list[str]:
            return sorted(repr([canonical(_from_json(b[v])) if v in b else None
                                for v in variables]) for b in data["results"]["bindings"])

        # Rows tied on every ORDER BY key may come in either order.
        assert table(remote) == table(mine), path.name


def test_push_keeps_one_graph_per_article(oxigraph_server: str) -> None:
    client = SPARQLWrapper(f"{oxigraph_server}/query")
    client.setQuery("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g")
    client.setReturnFormat(JSON)
    remote = client.query().convert()
    assert isinstance(remote, dict)
    graphs = [b["g"]["value"] for b in remote["results"]["bindings"]]
    assert sum("/graph/article/" in g for g in graphs) == 4


def test_push_to_an_unreachable_store_is_a_clear_error() -> None:
    result = CliRunner().invoke(main, ["push", "--graph-store",
                                       f"http://127.0.0.1:{_free_port()}/store"])
    assert result.exit_code == 2
    assert "cannot reach the store" in result.stderr


def test_push_needs_a_target() -> None:
    result = CliRunner().invoke(main, ["push"])
    assert result.exit_code == 2 and "--graph-store" in result.stderr
