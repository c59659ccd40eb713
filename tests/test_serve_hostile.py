"""Hostile and heavy requests against `kg serve` (loopback only, bounded): federation and
dereferencing, updates in odd layouts, slow and oversized bodies, runaway queries, a flood,
and a short load test. Plus the dataset over HTTP: GRAPH ?g, FROM and FROM NAMED on both
backends, through SPARQLWrapper."""

from __future__ import annotations

import json
import socket
import time
import urllib.parse
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
from SPARQLWrapper import JSON, POST, SPARQLWrapper

from kg.serve import app as serve_app
from kg.serve.loadtest import RUNAWAY, library_queries, run_load
from tests.test_serve import PLACES, Running, as_json, fetch, running_server

ARTICLE_GRAPH = "https://w3id.org/fupin-kg/graph/article/"


@pytest.fixture(scope="module", params=["oxigraph", "rdflib"])
def server(request: pytest.FixtureRequest) -> Iterator[Running]:
    with running_server(backend=request.param, timeout=20, workers=3) as running:
        yield running


class Listener:
    """A loopback port that records whether anything ever connected to it."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(5)
        self.sock.settimeout(0.5)
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}/"

    def contacted(self) -> bool:
        try:
            conn, _ = self.sock.accept()
        except TimeoutError:
            return False
        conn.close()
        return True


def get(server: Running, query: str) -> tuple[int, str]:
    reply = fetch(f"{server.url}/sparql?query={urllib.parse.quote(query)}")
    return reply.status, reply.text


def test_service_load_and_remote_from_never_dereference(server: Running) -> None:
    target = Listener()
    status, text = get(server, f"SELECT * WHERE {{ SERVICE <{target.url}> {{ ?s ?p ?o }} }}")
    assert status == 400 and "SERVICE is not accepted" in text
    nested = (f"SELECT * WHERE {{ {{ ?s ?p ?o }} UNION {{ OPTIONAL {{ SERVICE SILENT "
              f"<{target.url}> {{ ?s ?p ?o }} }} }} }} LIMIT 1")
    assert get(server, nested)[0] == 400
    assert get(server, f"LOAD <{target.url}>")[0] == 400
    status, text = get(server, f"SELECT * FROM NAMED <{target.url}> WHERE "
                               "{ GRAPH ?g { ?s ?p ?o } }")
    assert status == 200 and json.loads(text)["results"]["bindings"] == []
    assert get(server, f"SELECT * FROM <{target.url}> WHERE {{ ?s ?p ?o }}")[0] == 200
    assert not target.contacted()


UPDATES = [
    "PREFIX a: <urn:a:> PREFIX b: <urn:b:> PREFIX c: <urn:c:> INSERT DATA { a:x b:y c:z }",
    "# a comment\n\n  prefix a: <urn:a:>\ninsert data { a:x a:y a:z }",
    "BASE <urn:x:> DELETE WHERE { ?s ?p ?o }",
    "DROP ALL",
    "CLEAR DEFAULT ; INSERT DATA { <urn:a> <urn:b> <urn:c> }",
    "WITH <urn:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
]


@pytest.mark.parametrize("update", UPDATES)
def test_updates_in_any_layout_are_refused(server: Running, update: str) -> None:
    assert get(server, update)[0] == 403
    form = fetch(server.url + "/sparql", data=urllib.parse.urlencode({"query": update}).encode(),
                 content_type="application/x-www-form-urlencoded")
    assert form.status == 403 and "read-only" in form.text


def test_dataset_over_http_on_every_backend(server: Running) -> None:
    def select(query: str) -> list[dict[str, dict[str, str]]]:
        sw = SPARQLWrapper(server.url + "/sparql")
        sw.setQuery(query)
        sw.setReturnFormat(JSON)
        sw.setMethod(POST)
        bindings = as_json(sw.query())["results"]["bindings"]
        assert isinstance(bindings, list)
        return bindings

    graphs = [b["g"]["value"] for b in select(
        "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g")]
    articles = [g for g in graphs if g.startswith(ARTICLE_GRAPH)]
    assert len(articles) == 4
    total = int(select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")[0]["n"]["value"])
    assert total == len(server.site.union())  # the default graph is the union, as a set
    one = articles[0]
    in_one = int(select(f"SELECT (COUNT(*) AS ?n) FROM <{one}> WHERE {{ ?s ?p ?o }}"
                        )[0]["n"]["value"])
    assert 0 < in_one < total
    named = select(f"SELECT DISTINCT ?g FROM NAMED <{one}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}")
    assert [b["g"]["value"] for b in named] == [one]
    # which article says what: the graphs that state something about the county
    says = select("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?obs "
                  "<https://w3id.org/fupin-kg/ontology#refArea> "
                  "<https://w3id.org/fupin-kg/id/place/xingxian> } }")
    assert {b["g"]["value"] for b in says} <= set(articles) and says


def test_slow_and_oversized_bodies_are_cut(server: Running,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(serve_app, "BODY_TIMEOUT", 1.0)
    port = int(server.url.rsplit(":", 1)[1])
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: "
                     b"application/sparql-query\r\nContent-Length: 100\r\n\r\nASK {}")
        started = time.monotonic()
        reply = b""
        while chunk := sock.recv(65536):  # the server answers, then closes
            reply += chunk
        assert time.monotonic() - started < 6
    assert reply.startswith(b"HTTP/1.1 408") and b"connection: close" in reply.lower()
    # A declared oversize body is refused before it is read. The client sends only the head:
    # writing the 2 MiB body would race the server's early close (EPIPE / RST).
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: "
                     b"application/sparql-query\r\nContent-Length: %d\r\n\r\nASK {} #"
                     % (2 << 20))
        reply = b""
        while chunk := sock.recv(65536):
            reply += chunk
    assert reply.startswith(b"HTTP/1.1 413") and b"connection: close" in reply.lower()
    # Without Content-Length (chunked), the body is counted as it streams in. It ends one
    # byte past the limit, so nothing is left unread when the server closes (no RST).
    chunk = b"x" * 65536
    body = b"".join(b"%x\r\n%s\r\n" % (len(chunk), chunk) for _ in range(16)) + b"1\r\nx"
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: "
                     b"application/sparql-query\r\nTransfer-Encoding: chunked\r\n\r\n" + body)
        reply = b""
        while chunk := sock.recv(65536):
            reply += chunk
    assert reply.startswith(b"HTTP/1.1 413")
    # A malformed Content-Length is refused at the head. Only the head is sent: a body the
    # server never reads would make its close a reset, racing the 400 (a CI run lost it so).
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: "
                     b"application/sparql-query\r\nContent-Length: abc\r\n\r\n")
        reply = b""
        while chunk := sock.recv(65536):
            reply += chunk
    assert reply.startswith(b"HTTP/1.1 400")


def test_slow_headers_are_cut(server: Running, monkeypatch: pytest.MonkeyPatch) -> None:
    from kg.serve import server as serve_server

    monkeypatch.setattr(serve_server, "HEADER_TIMEOUT", 1.0)
    port = int(server.url.rsplit(":", 1)[1])
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        started = time.monotonic()
        sock.sendall(b"GET /sparql HTTP/1.1\r\n")
        for _ in range(3):  # one header line a little at a time, never the blank line
            time.sleep(0.3)
            try:
                sock.sendall(b"X")
            except OSError:
                break
        try:
            while sock.recv(65536):
                pass
        except OSError:
            pass
        assert time.monotonic() - started < 5  # closed by the server, not by our timeout
    assert get(server, "ASK {}")[0] == 200


def test_runaway_queries_do_not_starve_other_clients() -> None:
    # 4 workers, 2 long-query slots: two runaways run to the limit, a third is stopped
    # after a second, and ordinary queries keep answering meanwhile.
    # (answers not kept: every ordinary query must reach a worker while the runaways run)
    with running_server(backend="oxigraph", timeout=4.0, workers=4, answer_cache_mb=0) as small:
        pool = small.site.pool
        assert (pool.size, pool.long_slots) == (4, 2)
        with ThreadPoolExecutor(max_workers=3) as runaways:
            slow = [runaways.submit(get, small, RUNAWAY) for _ in range(3)]
            time.sleep(1.5)
            latencies = []
            for _ in range(10):
                started = time.monotonic()
                assert get(small, PLACES)[0] == 200
                latencies.append(time.monotonic() - started)
            statuses = sorted(f.result()[0] for f in slow)
        assert max(latencies) < 1.0, latencies
        assert statuses == [503, 503, 503]
        assert pool.respawned == 3 and len(pool.pids()) == 4
        assert get(small, PLACES)[0] == 200


def test_a_flood_gets_answers_or_retry_after(server: Running) -> None:
    q = f"{server.url}/sparql?query={urllib.parse.quote(PLACES)}"
    with ThreadPoolExecutor(max_workers=48) as pool:
        replies = list(pool.map(lambda _: fetch(q), range(150)))
    assert {r.status for r in replies} <= {200, 503}
    assert all(r.headers["Retry-After"] for r in replies if r.status == 503)
    assert sum(r.status == 200 for r in replies) >= 100


def test_short_load_test_has_no_errors_or_resets() -> None:
    # on the default backend (rdflib takes seconds per library query: a load test of it
    # would measure its evaluator, not the server)
    queries = library_queries()[:6]
    with running_server(backend="oxigraph", workers=3) as server:
        for query in queries:  # the first sight of a query parses it (slow on a busy machine)
            assert get(server, query)[0] == 200
        figures = run_load(server.url, clients=8, seconds=5, queries=queries)
    print(figures)
    assert figures["errors"] == 0 and figures["resets"] == 0
    assert isinstance(figures["queries"], int) and figures["queries"] > 8

