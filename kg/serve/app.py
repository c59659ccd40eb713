"""The HTTP side of ``kg serve``: an ASGI app (Starlette) on uvicorn.

Routes (one table, ``ROUTES``): ``/`` (query page), ``/sparql`` (GET, POST form, POST
application/sparql-query; without a query, the Service Description), ``/id/...`` (resources by
content negotiation), ``/void`` (dataset description), ``/ontology`` and ``/ontology.html``
(the ontology: Turtle, or the pyLODE page), ``/download/<dump>`` (the files VoID names) and
``/static/...``. Everything is read-only; queries run in ``kg.serve.pool``.
"""

from __future__ import annotations

import asyncio
import threading
import urllib.parse
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import anyio
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.types import ASGIApp

from kg.namespaces import DATASET
from kg.readonly import READ_ONLY
from kg.serve import pages, resource
from kg.serve.query_page import QUERY_PAGE_CSP, library_query, prefixes
from kg.serve.query_page import query_page as query_page_html
from kg.serve.responses import (
    ALLOW,
    ONTOLOGY_CSP,
    SecurityHeaders,
)
from kg.serve.responses import html as _html
from kg.serve.responses import not_acceptable as _not_acceptable
from kg.serve.responses import outcome as _outcome
from kg.serve.responses import params as _params
from kg.serve.responses import preflight as _preflight
from kg.serve.responses import rdf_key as _rdf_key
from kg.serve.responses import send_graph as _send_graph
from kg.serve.responses import text as _text
from kg.serve.responses import wants_html as _wants_html
from kg.serve.site import Site
from kg.viz.serve import graph_route

STATIC = Path(__file__).resolve().parent / "static"
STATIC_TYPES = {".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8",
                ".svg": "image/svg+xml"}
MAX_BODY = 1 << 20  # a query is text; a megabyte is far more than any real one
BODY_TIMEOUT = 10.0  # seconds to receive a request body (a slow or short body is dropped)


# --- helpers ---------------------------------------------------------------------------

def _site(request: Request) -> Site:
    site = request.app.state.site
    assert isinstance(site, Site)
    return site


async def _blocking(func: Callable[..., Any], *args: Any) -> Any:
    return await anyio.to_thread.run_sync(func, *args, limiter=_LIMITER)

_LIMITER = anyio.CapacityLimiter(300)  # threads waiting on the pool (it bounds the queue)


# --- routes ----------------------------------------------------------------------------

async def query_page(request: Request) -> Response:
    site = _site(request)
    return _html(200, query_page_html(site.examples, site.max_rows, site.timeout),
                 {"Content-Security-Policy": QUERY_PAGE_CSP})


async def _read_body(request: Request) -> bytes | Response:
    length_header = request.headers.get("content-length")
    try:
        length = int(length_header) if length_header is not None else None
    except ValueError:
        length = -1
    if length is not None and length < 0:
        return _text(400, "the Content-Length header is not a number", {"Connection": "close"})
    if length is not None and length > MAX_BODY:
        # the unread body must not be taken as the next request
        return _text(413, f"the request body is larger than {MAX_BODY} bytes",
                     {"Connection": "close"})

    async def read() -> bytes | None:
        chunks, size = [], 0
        async for chunk in request.stream():
            size += len(chunk)
            if size > MAX_BODY:
                return None
            chunks.append(chunk)
        return b"".join(chunks)

    try:
        body = await asyncio.wait_for(read(), BODY_TIMEOUT)
    except TimeoutError:
        return _text(408, f"the request body did not arrive within {BODY_TIMEOUT:g} s "
                          "(is Content-Length larger than the body?)", {"Connection": "close"})
    if body is None:
        return _text(413, f"the request body is larger than {MAX_BODY} bytes",
                     {"Connection": "close"})
    return body


async def sparql(request: Request) -> Response:
    if request.method == "OPTIONS":
        return _preflight()
    params = _params(request)
    if request.method == "POST":
        body = await _read_body(request)
        if isinstance(body, Response):
            return body
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            return _text(400, "the request body is not UTF-8")
        media = (request.headers.get("content-type") or "").split(";")[0].strip().lower()
        if media == "application/sparql-update":
            return _text(403, READ_ONLY)
        if media == "application/sparql-query":
            params["query"] = [text]
        elif media == "application/x-www-form-urlencoded":
            for key, values in urllib.parse.parse_qs(text, keep_blank_values=True).items():
                params.setdefault(key, []).extend(values)
        else:
            return _text(415, "send the query as application/sparql-query or as the 'query' "
                              "field of an application/x-www-form-urlencoded form")
    if "update" in params:
        return _text(403, READ_ONLY)
    queries = params.get("query", [])
    if not queries:
        if request.method == "POST":
            return _text(400, "no query: give it as the 'query' form field or as an "
                              "application/sparql-query body")
        if _wants_html(request):
            return await query_page(request)
        return await service_description(request)
    if len(queries) > 1:
        return _text(400, "give exactly one query")
    formats = params.get("format") or params.get("output")
    site = _site(request)
    asked = (queries[0], request.headers.get("accept"), formats[0] if formats else None)
    outcome = site.answers.get(asked)
    headers: dict[str, str] = {}
    if outcome is None:
        outcome, headers = await _blocking(site.pool.run, *asked)
        site.answers.put(asked, outcome)
    return _outcome(outcome, headers, site.max_rows)


async def service_description(request: Request) -> Response:
    from kg.serve.service import service_description as describe

    site = _site(request)
    key = _rdf_key(request, with_page=False)
    if key is None:
        return _not_acceptable(False)
    endpoint = str(request.url.replace(query="", fragment=""))
    names = await _blocking(site.graph_names)
    triples = await _blocking(lambda: len(site.union()))
    return _send_graph(describe(endpoint, names, triples), key)


async def resource_route(request: Request) -> Response:
    site = _site(request)
    path = urllib.parse.unquote(request.url.path)
    iri = resource.iri_for_path(path)
    union = await _blocking(site.union)
    if iri is None or not resource.exists(union, iri):
        return _not_found(request, path)
    key = _rdf_key(request, with_page=True)
    if key is None:
        return _not_acceptable(True)
    if key == "html":
        given = request.query_params.get("incoming", "1")
        page = int(given) if given.isdigit() else 1
        return _html(200, await _blocking(
            lambda: pages.resource_page(union, resource.view(union, iri), page)))
    return _send_graph(await _blocking(resource.description, union, iri), key)


async def void(request: Request) -> Response:
    site = _site(request)
    key = _rdf_key(request, with_page=True)
    if key is None:
        return _not_acceptable(True)
    graph = await _blocking(site.void)
    if key == "html":
        node = DATASET["fupin-kg"]
        return _html(200, pages.resource_page(graph, resource.view(graph, node)))
    return _send_graph(graph, key)


async def ontology(request: Request) -> Response:
    from kg.resources import load_ontology

    key = _rdf_key(request, with_page=True)
    if key is None:
        return _not_acceptable(True)
    if key == "html" or request.url.path.endswith(".html"):
        return _html(200, await _blocking(_ontology_page), {"Content-Security-Policy":
                                                             ONTOLOGY_CSP})
    graph = await _blocking(lambda: _cached("ontology-graph", load_ontology))
    return _send_graph(graph, key)


_CACHE: dict[str, Any] = {}
_CACHE_LOCK = threading.Lock()


def _cached(key: str, make: Callable[[], Any]) -> Any:
    with _CACHE_LOCK:
        if key not in _CACHE:
            _CACHE[key] = make()
        return _CACHE[key]


def _ontology_page() -> str:
    from kg.ontology_doc import ontology_html
    from kg.resources import ontology_files

    page = _cached("ontology-html", lambda: ontology_html(ontology_files()[0]))
    assert isinstance(page, str)
    return page


async def graph_page(request: Request) -> Response:
    """``/graph`` (the overview) and ``/graph/<asset>`` (vis-network, the page's script and
    styles), drawn by kg.viz from local files."""
    site = _site(request)
    union = await _blocking(site.union)
    answer = await _blocking(graph_route, union, request.url.path)
    if answer is None:
        return _not_found(request, request.url.path)
    status, media_type, body = answer
    return Response(body, status, {"Cache-Control": "no-cache"}, media_type=media_type)


async def chart(request: Request) -> Response:
    """``/charts/<name>.svg``: a chart of the served graph (kg.charts)."""
    from kg.charts.serve import SVG_CSP, chart_file

    site = _site(request)
    union = await _blocking(site.union)
    svg = await _blocking(chart_file, union, request.path_params["name"])
    if svg is None:
        return _not_found(request, request.url.path)
    return Response(svg.encode("utf-8"), 200, {"Content-Security-Policy": SVG_CSP,
                                                "X-Frame-Options": "SAMEORIGIN"},
                    media_type="image/svg+xml")


async def download(request: Request) -> Response:
    from kg.serve.service import DUMPS, dump

    name = request.path_params["name"]
    if name not in DUMPS:
        return _not_found(request, request.url.path)
    site = _site(request)
    body = await _blocking(lambda: site._once("dump-" + name, lambda: dump(site.quads(), name)))
    return Response(body, 200, {"Content-Disposition": f'attachment; filename="{name}"'},
                    media_type=DUMPS[name])


async def static(request: Request) -> Response:
    name = request.path_params.get("name", "favicon.svg")
    # Only the files shipped in static/ by their plain name: no path ever reaches open().
    files = {p.name: p for p in STATIC.iterdir() if p.suffix in STATIC_TYPES}
    if name not in files:
        return _not_found(request, "/static/" + name)
    path = files[name]
    return Response(path.read_bytes(), 200, {"Cache-Control": "no-cache"},
                    media_type=STATIC_TYPES[path.suffix])


def _not_found(request: Request, path: str) -> Response:
    message = f"nothing is published at {path}"
    if _wants_html(request):
        return _html(404, pages.message_page("Not found", message))
    return _text(404, message)


def _get(handler: Callable[[Request], Awaitable[Response]]
         ) -> Callable[[Request], Awaitable[Response]]:
    async def route(request: Request) -> Response:
        if request.method == "OPTIONS":
            return _preflight()
        return await handler(request)
    return route


GET = ["GET", "HEAD", "OPTIONS"]
ROUTES = [
    Route("/", _get(query_page), methods=GET),
    Route("/index.html", _get(query_page), methods=GET),
    Route("/sparql", sparql, methods=["GET", "HEAD", "POST", "OPTIONS"]),
    Route("/id/{rest:path}", _get(resource_route), methods=GET),
    Route("/void", _get(void), methods=GET),
    Route("/ontology", _get(ontology), methods=GET),
    Route("/ontology.html", _get(ontology), methods=GET),
    Route("/download/{name}", _get(download), methods=GET),
    Route("/library/{name}", _get(library_query), methods=GET),
    Route("/prefixes.json", _get(prefixes), methods=GET),
    Route("/charts/{name}", _get(chart), methods=GET),
    Route("/graph", _get(graph_page), methods=GET),
    Route("/graph/{asset:path}", _get(graph_page), methods=GET),
    Route("/static/{name}", _get(static), methods=GET),
    Route("/favicon.ico", _get(static), methods=GET),
]


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    if exc.status_code == 405:
        if request.method in ("PUT", "DELETE", "PATCH"):
            return _text(405, "the server is read-only", {"Allow": ALLOW})
        if request.method == "POST":
            return _text(405, "only /sparql accepts POST", {"Allow": "GET, HEAD, OPTIONS",
                                                            "Connection": "close"})
        return _text(405, f"{request.method} is not accepted here", {"Allow": ALLOW})
    if exc.status_code == 404:
        return _not_found(request, request.url.path)
    return _text(exc.status_code, str(exc.detail))


async def _internal_error(request: Request, exc: Exception) -> Response:
    import sys

    sys.stderr.write(f"kg serve: internal error: {exc!r}\n")  # shown even when quiet
    return _text(500, f"internal error: {type(exc).__name__}")


def make_app(site: Site) -> ASGIApp:
    app = Starlette(routes=ROUTES, exception_handlers={HTTPException: _http_error,
                                                       Exception: _internal_error})
    app.state.site = site
    return SecurityHeaders(app)

