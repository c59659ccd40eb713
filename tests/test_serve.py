"""`kg serve` over HTTP: SPARQLWrapper (a real client) for the SPARQL 1.1 Protocol, plain
urllib for resource pages, /void, headers and the refusals."""

from __future__ import annotations

import csv
import io
import json
import multiprocessing
import re
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from email.message import Message
from functools import lru_cache
from pathlib import Path
from typing import Any
from xml.dom.minidom import Document, Element, Text

import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import PROV, RDF, RDFS, SKOS
from SPARQLWrapper import CSV, JSON, POST, POSTDIRECTLY, TURTLE, XML, QueryResult, SPARQLWrapper

from kg.errors import KgError
from kg.namespaces import BASE, FK, ID, OA, PLACE, VOID
from kg.publish import union_graph
from kg.serve import Site, make_server
from kg.serve.pages import Example
from kg.serve.sparql import choose_format

EVIL = ID["test/evil"]
EVIL_LABEL = "<script>alert('label')</script>"
EVIL_TEXT = "x</script><script>alert('example')</script>"


@lru_cache(maxsize=1)
def sample_dataset() -> Dataset:
    """The bundled sample built as `kg build` does, plus one resource whose label and facts
    try to inject markup into the pages."""
    try:
        from kg.resources import ontology_dir

        ontology_dir()
        from kg.commands.common import build

        ds = build(None).result.dataset
    except KgError:  # the ontology is not written yet: build without it
        from kg.corpus import load_corpus
        from kg.link.places import places_graph
        from kg.pipeline import Resources, build_dataset

        ds = build_dataset(load_corpus(), Resources(places=places_graph())).dataset
    test = ds.graph(URIRef(BASE + "graph/test-injection"))
    test.add((EVIL, RDFS.label, Literal(EVIL_LABEL, lang="en")))
    test.add((EVIL, RDFS.label, Literal("恶意<b>标签</b>", lang="zh")))
    test.add((EVIL, RDFS.seeAlso, URIRef("javascript:alert('link')")))
    test.add((EVIL, FK.about, PLACE["xingxian"]))
    return ds


@dataclass
class Running:
    url: str
    site: Site


@contextmanager
def running_server(timeout: float = 20.0, max_rows: int = 50,
                   examples: tuple[Example, ...] = (), backend: str = "rdflib",
                   workers: int = 3, slow_after: float = 1.0,
                   answer_cache_mb: int = 64) -> Iterator[Running]:
    """`kg serve`'s server on a free loopback port, serving in a thread."""
    site = Site(sample_dataset(), backend, timeout, max_rows, examples, ["sample.md"],
                workers=workers, slow_after=slow_after, answer_cache_mb=answer_cache_mb)
    server = make_server(site, "127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Running(f"http://127.0.0.1:{server.server_address[1]}", site)
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def server() -> Iterator[Running]:
    example = Example("evil", "<b>bold</b> example", ("问题 <i>?</i>",),
                      f"SELECT * WHERE {{ ?s ?p \"{EVIL_TEXT}\" }}")
    with running_server(examples=(example,)) as running:
        yield running


@dataclass
class Reply:
    status: int
    headers: Message  # header names are case-insensitive
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")


def fetch(url: str, accept: str | None = None, data: bytes | None = None,
          content_type: str | None = None, method: str | None = None,
          headers: dict[str, str] | None = None) -> Reply:
    req = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    if accept:
        req.add_header("Accept", accept)
    if content_type:
        req.add_header("Content-Type", content_type)
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return Reply(r.status, r.headers, r.read())
    except urllib.error.HTTPError as err:
        return Reply(err.code, err.headers, err.read())


def as_json(result: QueryResult) -> dict[str, Any]:
    data = result.convert()
    assert isinstance(data, dict)
    return data


def as_bytes(result: QueryResult) -> bytes:
    data = result.convert()
    assert isinstance(data, bytes)
    return data


def client(server: Running, query: str, fmt: str) -> SPARQLWrapper:
    sw = SPARQLWrapper(server.url + "/sparql")
    sw.setQuery(query)
    sw.setReturnFormat(fmt)
    return sw


PLACES = """PREFIX fk: <https://w3id.org/fupin-kg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?place ?label WHERE { ?place a fk:County ; rdfs:label ?label FILTER(LANG(?label) = "zh") }
ORDER BY ?place ?label"""


def expected_rows(query: str) -> list[tuple[str, ...]]:
    """The same query answered by rdflib in this process, bypassing the server."""
    return [tuple(str(t) for t in row)  # type: ignore[union-attr]
            for row in union_graph(sample_dataset()).query(query)]


def test_select_json_get_and_both_posts(server: Running) -> None:
    expected = expected_rows(PLACES)
    assert ("https://w3id.org/fupin-kg/id/place/xingxian", "兴县") in expected
    for method, request_method in ((None, None), (POST, None), (POST, POSTDIRECTLY)):
        sw = client(server, PLACES, JSON)
        if method:
            sw.setMethod(method)
        if request_method:
            sw.setRequestMethod(request_method)
        result = sw.query()
        assert result.response.headers["Content-Type"].startswith(
            "application/sparql-results+json")
        data = as_json(result)
        assert data["head"]["vars"] == ["place", "label"]
        got = [(b["place"]["value"], b["label"]["value"]) for b in data["results"]["bindings"]]
        assert got == expected
        assert all(b["label"]["xml:lang"] == "zh" for b in data["results"]["bindings"])


def test_select_csv_and_xml(server: Running) -> None:
    expected = expected_rows(PLACES)
    body = as_bytes(client(server, PLACES, CSV).query())
    rows = list(csv.reader(io.StringIO(body.decode("utf-8"), newline="")))
    assert rows[0] == ["place", "label"]
    assert [tuple(r) for r in rows[1:]] == expected
    doc = client(server, PLACES, XML).query().convert()
    assert isinstance(doc, Document)
    results = doc.getElementsByTagName("result")
    got = [tuple(_text(b.getElementsByTagName("uri" if b.getAttribute("name") == "place"
                                             else "literal")[0])
                 for b in r.getElementsByTagName("binding")) for r in results]
    assert got == expected


def _text(node: Element) -> str:
    return "".join(c.data for c in node.childNodes if isinstance(c, Text))


def test_tsv_keeps_terms_and_format_parameter(server: Running) -> None:
    q = urllib.parse.quote(PLACES)
    reply = fetch(f"{server.url}/sparql?query={q}", accept="text/tab-separated-values")
    lines = reply.text.splitlines()
    assert reply.headers["Content-Type"].startswith("text/tab-separated-values")
    assert lines[0] == "?place\t?label"
    assert "<https://w3id.org/fupin-kg/id/place/xingxian>\t\"兴县\"@zh" in lines
    # format= wins where a client cannot set headers (a link in a browser)
    reply = fetch(f"{server.url}/sparql?query={q}&format=csv", accept="text/html")
    assert reply.headers["Content-Type"].startswith("text/csv")


def test_construct_as_turtle_and_ask(server: Running) -> None:
    construct = ("PREFIX fk: <https://w3id.org/fupin-kg/ontology#>\n"
                 "CONSTRUCT { ?p fk:within ?q } WHERE { ?p fk:within ?q }")
    body = as_bytes(client(server, construct, TURTLE).query())
    got = Graph().parse(data=body, format="turtle")
    want = Graph()
    for t in union_graph(sample_dataset()).triples((None, FK.within, None)):
        want.add(t)
    assert len(want) > 10
    assert isomorphic(got, want)
    ask = "ASK { <https://w3id.org/fupin-kg/id/place/xingxian> a <%s> }"
    assert as_json(client(server, ask % FK.County, JSON).query())["boolean"] is True
    assert as_json(client(server, ask % FK.Village, JSON).query())["boolean"] is False


def test_results_are_cut_at_max_rows_and_say_so(server: Running) -> None:
    big = f"SELECT ?s WHERE {{ ?s a <{FK.Observation}> }} ORDER BY ?s"
    assert len(expected_rows(big)) > server.site.max_rows
    result = client(server, big, JSON).query()
    assert result.response.headers["X-Result-Truncated"] == "true"
    assert len(as_json(result)["results"]["bindings"]) == server.site.max_rows
    small = client(server, PLACES, JSON).query()
    assert small.response.headers.get("X-Result-Truncated") is None


def test_updates_are_refused(server: Running) -> None:
    insert = ("INSERT DATA { <https://w3id.org/fupin-kg/id/place/xingxian> "
              "<http://www.w3.org/2000/01/rdf-schema#label> \"hacked\" }")
    sw = client(server, insert, JSON)
    sw.setMethod(POST)
    with pytest.raises(urllib.error.HTTPError) as err:
        sw.query()
    assert err.value.code == 403
    assert b"read-only" in err.value.read()
    direct = fetch(server.url + "/sparql", data=insert.encode(),
                   content_type="application/sparql-update")
    in_query = fetch(f"{server.url}/sparql?query={urllib.parse.quote(insert)}")
    assert (direct.status, in_query.status) == (403, 403)
    assert "read-only" in in_query.text
    ask = 'ASK { ?s ?p "hacked" }'
    assert as_json(client(server, ask, JSON).query())["boolean"] is False


def test_malformed_query_is_400_with_one_readable_line(server: Running) -> None:
    reply = fetch(f"{server.url}/sparql?query={urllib.parse.quote('SELEC ?x WHERE {')}")
    assert reply.status == 400
    assert reply.headers["Content-Type"].startswith("text/plain")
    message = reply.text.strip()
    assert "\n" not in message and len(message) < 300
    assert "cannot be run" in message and "SELEC" in message
    from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

    with pytest.raises(QueryBadFormed):
        client(server, "SELECT ?x WHERE { ?x ?y }", JSON).query()


def test_timeout_stops_the_query_and_the_server_lives_on() -> None:
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    with running_server(timeout=1.0) as fast:
        started = time.monotonic()
        with pytest.raises(urllib.error.HTTPError) as err:
            client(fast, slow, JSON).query()
        elapsed = time.monotonic() - started
        assert err.value.code == 503
        assert b"time limit of 1 s" in err.value.read()
        assert 0.9 < elapsed < 5
        # the worker that ran it was killed and replaced, and the server still answers
        assert fast.site.pool.respawned == 1
        assert len(fast.site.pool.pids()) == fast.site.pool.size
        assert {p.pid for p in multiprocessing.active_children()} >= set(fast.site.pool.pids())
        data = as_json(client(fast, PLACES, JSON).query())
        assert len(data["results"]["bindings"]) == len(expected_rows(PLACES))


def test_accept_header_negotiation() -> None:
    def key(accept: str | None, kind: str = "select", fmt: str | None = None) -> str:
        return choose_format(kind, accept, fmt)[1]

    assert key("text/csv;q=0.5, application/sparql-results+xml") == "xml"
    assert key("*/*;q=0.1, text/tab-separated-values") == "tsv"
    assert key("application/sparql-results+json;q=0, text/*") == "csv"  # q=0 refuses
    assert key("text/html") == "srj"  # nothing acceptable: the default, not a 406
    assert key(None) == "srj" and key(None, "graph") == "turtle"
    assert key("application/ld+json, text/turtle;q=0.9", "graph") == "json-ld"
    assert key("application/sparql-results+json", "select", "xml") == "xml"
    assert key(None, "graph", "json") == "json-ld"  # format=json of a CONSTRUCT is JSON-LD


def test_cors_and_security_headers(server: Running) -> None:
    pre = fetch(server.url + "/sparql", method="OPTIONS", headers={
        "Origin": "https://example.org", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type"})
    assert pre.status == 204
    assert pre.headers["Access-Control-Allow-Origin"] == "*"
    assert "POST" in pre.headers["Access-Control-Allow-Methods"]
    assert "content-type" in pre.headers["Access-Control-Allow-Headers"].lower()
    reply = fetch(f"{server.url}/sparql?query={urllib.parse.quote(PLACES)}")
    assert reply.headers["Access-Control-Allow-Origin"] == "*"
    page = fetch(server.url + "/", accept="text/html")
    assert "default-src 'self'" in page.headers["Content-Security-Policy"]
    assert page.headers["X-Content-Type-Options"] == "nosniff"


def _first_observation_with_quote() -> tuple[str, str, str, int, int]:
    rows = expected_rows("""
        PREFIX prov: <http://www.w3.org/ns/prov#> PREFIX oa: <http://www.w3.org/ns/oa#>
        SELECT ?obs ?exact ?article ?start ?end WHERE {
          ?obs a <https://w3id.org/fupin-kg/ontology#Observation> ;
               prov:wasDerivedFrom ?ev . ?ev oa:hasSource ?article ;
               oa:hasSelector [ oa:exact ?exact ], [ oa:start ?start ; oa:end ?end ] }
        ORDER BY ?obs LIMIT 1""")
    obs, exact, article, start, end = rows[0]
    return obs, exact, article, int(start), int(end)


def test_resource_page_html(server: Running) -> None:
    page = fetch(server.url + "/id/place/xingxian", accept="text/html")
    assert page.status == 200 and page.headers["Content-Type"].startswith("text/html")
    assert "兴县" in page.text and "Xing County" in page.text
    assert 'href="/id/place/lvliangshi"' in page.text  # an outgoing fact, linked locally
    assert 'href="/id/obs/' in page.text  # an incoming one: observations about the county
    obs, exact, article, start, end = _first_observation_with_quote()
    page = fetch(server.url + "/" + obs[len(BASE):], accept="text/html")
    assert page.status == 200
    assert html_escape(exact) in page.text
    assert f'href="/{article[len(BASE):]}"' in page.text
    assert f"[{start}–{end}]" in page.text


def html_escape(text: str) -> str:
    from html import escape

    return escape(text, quote=True)


def test_resource_page_escapes_all_text(server: Running) -> None:
    page = fetch(server.url + "/id/test/evil", accept="text/html").text
    assert "<script>alert" not in page and "<b>标签" not in page
    assert "&lt;script&gt;alert(&#x27;label&#x27;)&lt;/script&gt;" in page
    assert "恶意&lt;b&gt;标签&lt;/b&gt;" in page
    assert 'href="javascript:' not in page
    query_page = fetch(server.url + "/", accept="text/html").text
    # the library reaches the page only as JSON inside a script element, '<' escaped
    assert "<b>bold</b>" not in query_page
    assert "</script><script>alert" not in query_page
    blob = re.search(r'<script type="application/json" id="library-data">(.*?)</script>',
                     query_page, re.S)
    assert blob is not None
    library = json.loads(blob.group(1))
    assert library[0]["title"] == "<b>bold</b> example"
    assert library[0]["text"].endswith(f'"{EVIL_TEXT}" }}')


def test_resource_conneg_turtle_and_jsonld(server: Running) -> None:
    url = server.url + "/id/place/xingxian"
    ttl = fetch(url, accept="text/turtle")
    assert ttl.headers["Content-Type"].startswith("text/turtle")
    g = Graph().parse(data=ttl.body, format="turtle")
    xingxian = PLACE["xingxian"]
    assert (xingxian, RDFS.label, Literal("兴县", lang="zh")) in g
    assert (xingxian, SKOS.prefLabel, Literal("Xing County", lang="en")) in g
    evidence = set(g.objects(xingxian, PROV.wasDerivedFrom))
    assert evidence and all((ev, OA.hasSource, None) in g for ev in evidence)
    quotes = {str(q) for ev in evidence for sel in g.objects(ev, OA.hasSelector)
              for q in g.objects(sel, OA.exact)}
    assert quotes and all("兴县" in q or "全县" in q for q in quotes)
    jsonld = fetch(url, accept="application/ld+json")
    assert jsonld.headers["Content-Type"].startswith("application/ld+json")
    assert isomorphic(Graph().parse(data=jsonld.body, format="json-ld"), g)
    assert isomorphic(Graph().parse(data=fetch(url + "?format=nt").body, format="nt"), g)
    missing = fetch(server.url + "/id/place/no-such-place", accept="text/turtle")
    assert missing.status == 404
    assert fetch(server.url + "/id/place/no-such-place", accept="text/html").status == 404


def test_void_describes_the_served_graph(server: Running) -> None:
    reply = fetch(server.url + "/void", accept="text/turtle")
    g = Graph().parse(data=reply.body, format="turtle")
    dataset = g.value(predicate=RDF.type, object=VOID.Dataset)
    assert dataset is not None
    triples = g.value(dataset, VOID.triples)
    assert isinstance(triples, Literal)
    assert int(triples) == len(union_graph(sample_dataset()))


def test_static_files_and_unknown_paths(server: Running) -> None:
    js = fetch(server.url + "/static/query-page.js")
    assert js.status == 200 and js.headers["Content-Type"].startswith("text/javascript")
    assert b"fetch(" in js.body
    for path in ("/static/../app.py", "/static/%2e%2e/app.py", "/nothing", "/id/"):
        assert fetch(server.url + path).status == 404, path
    assert fetch(server.url + "/void", data=b"x", content_type="text/plain").status == 405


def test_parallel_queries_all_answer(server: Running) -> None:
    # more requests than query slots: they queue, and every one gets the full answer (a
    # text of its own, so that no answer kept from an earlier test serves it)
    q = f"{server.url}/sparql?query={urllib.parse.quote('# parallel' + chr(10) + PLACES)}"
    respawned = server.site.pool.respawned  # earlier long queries of the module replace theirs
    with ThreadPoolExecutor(max_workers=10) as pool:
        replies = list(pool.map(lambda _: fetch(q, accept="text/csv"), range(10)))
    assert {r.status for r in replies} == {200}
    assert len({r.body for r in replies}) == 1
    assert server.site.pool.respawned == respawned  # no fork per query: the same workers


def test_oxigraph_backend_answers_the_same() -> None:
    construct = f"CONSTRUCT {{ ?p <{FK.within}> ?q }} WHERE {{ ?p <{FK.within}> ?q }}"
    with running_server(backend="oxigraph") as ox, running_server() as rdf:
        for fmt, query in ((JSON, PLACES), (TURTLE, construct)):
            got, want = client(ox, query, fmt).query(), client(rdf, query, fmt).query()
            if fmt == TURTLE:
                assert isomorphic(Graph().parse(data=as_bytes(got), format="turtle"),
                                  Graph().parse(data=as_bytes(want), format="turtle"))
            else:
                assert as_json(got) == as_json(want)
        assert fetch(f"{ox.url}/sparql?query=SELEC").status == 400


def test_serve_command_serves_a_graph_file(tmp_path: Path) -> None:
    trig = tmp_path / "kg.trig"
    sample_dataset().serialize(trig, format="trig")
    proc = subprocess.Popen(
        [sys.executable, "-c", "from kg.commands.serve import serve_cmd; serve_cmd()",
         "--graph", str(trig), "--port", "0", "--quiet", "--timeout", "5"],
        stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stderr is not None
        line = proc.stderr.readline()
        m = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        assert m, line + proc.stderr.read()
        url = f"http://127.0.0.1:{m.group(1)}"
        reply = fetch(f"{url}/sparql?query={urllib.parse.quote(PLACES)}", accept="text/csv")
        rows = list(csv.reader(io.StringIO(reply.text, newline="")))
        assert [tuple(r) for r in rows[1:]] == expected_rows(PLACES)
        assert fetch(url + "/id/place/xingxian", accept="text/html").status == 200
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        assert proc.stderr is not None
        proc.stderr.close()


def test_incoming_links_are_grouped_by_property_and_paged(server: Running) -> None:
    first = fetch(server.url + "/id/place/xingxian", accept="text/html").text
    assert 'id="incoming-pager"' in first and 'rel="next"' in first and 'rel="prev"' not in first
    total = int(re.search(r"page 1 of (\d+) \((\d+) in all\)", first).group(2))  # type: ignore[union-attr]
    assert total > 50
    shown = first.split('id="incoming"', 1)[1].count("<li>")
    assert shown == 50  # one page
    assert '<h3 class="by-property">' in first  # a heading per referring property
    last_page = -(-total // 50)
    last = fetch(server.url + f"/id/place/xingxian?incoming={last_page}", accept="text/html").text
    assert 'rel="prev"' in last and 'rel="next"' not in last
    assert last.split('id="incoming"', 1)[1].count("<li>") == total - 50 * (last_page - 1)
