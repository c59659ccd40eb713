"""The HTTP side of ``kg serve``: routes, the SPARQL 1.1 Protocol, headers, resource pages.

Routes: ``/`` (query page), ``/sparql`` (GET, POST form, POST application/sparql-query),
``/id/...`` (resources by content negotiation), ``/void`` (dataset description) and
``/static/...`` (the page's own CSS and JS). Everything is read-only.
"""

from __future__ import annotations

import socket
import sys
import threading
import urllib.parse
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from rdflib import Dataset, Graph

from kg.backends import BACKENDS, refuse_updates
from kg.errors import InputError
from kg.publish import union_graph
from kg.serve import pages, resource
from kg.serve.pages import Example
from kg.serve.sparql import (
    GRAPH_ALIASES,
    GRAPH_MEDIA,
    Outcome,
    QueryRunner,
    negotiate,
    text_outcome,
)
from kg.viz.serve import graph_route

STATIC = Path(__file__).resolve().parent / "static"
STATIC_TYPES = {".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8",
                ".svg": "image/svg+xml"}
MAX_BODY = 1 << 20  # a query is text; a megabyte is far more than any real one
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; "
                               "form-action 'self'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}
CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Expose-Headers": "X-Result-Truncated, X-Result-Limit",
}
RESOURCE_TYPES = (("text/turtle", "turtle"), ("text/html", "html"),
                  ("application/ld+json", "json-ld"), ("application/n-triples", "nt"),
                  ("application/xhtml+xml", "html"))
READ_ONLY = ("this endpoint is read-only: SPARQL Update is not accepted "
             "(send queries only: SELECT, ASK, CONSTRUCT, DESCRIBE)")


def load_examples(folder: Path | None) -> list[Example]:
    """The query library as the query page offers it, parameters bound to their defaults."""
    from kg.query import bind, parse_query_file

    if folder is None or not folder.is_dir():
        return []
    examples = []
    for path in sorted(folder.glob("*.rq")):
        q = parse_query_file(path)
        try:
            text = bind(q, {})
        except InputError:
            text = q.text
        examples.append(Example(q.name, q.title, q.questions, text))
    return examples


@dataclass
class Site:
    """Everything a request may read; built once, shared by every request thread."""

    dataset: Dataset
    backend_name: str = "rdflib"
    timeout: float = 30.0
    max_rows: int = 10_000
    examples: Sequence[Example] = ()
    sources: Sequence[str] = ()
    union: Graph = field(init=False)
    runner: QueryRunner = field(init=False)
    _void_graph: Graph | None = field(init=False, default=None)
    _void_lock: threading.Lock = field(init=False, default_factory=threading.Lock)

    def __post_init__(self) -> None:
        if self.backend_name not in BACKENDS:
            raise InputError(f"unknown backend {self.backend_name!r}; "
                             f"choose one of {', '.join(BACKENDS)}")
        self.union = union_graph(self.dataset)
        self.runner = QueryRunner(BACKENDS[self.backend_name](self.dataset), self.timeout,
                                  self.max_rows)
        self.runner.warm_up()

    def void(self) -> Graph:
        from kg.describe import void_graph

        with self._void_lock:
            if self._void_graph is None:
                # Computed on first use: the class and link counts query the whole graph.
                self._void_graph = void_graph(self.union, self.sources)
            return self._void_graph


class KgServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, site: Site, host: str, port: int, log: bool = False):
        self.site = site
        self.log = log
        if ":" in host:  # an IPv6 literal such as ::1
            self.address_family = socket.AF_INET6
        super().__init__((host, port), Handler)


class Handler(BaseHTTPRequestHandler):
    server: KgServer
    server_version = "fupin-kg"
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        if self.server.log:
            sys.stderr.write(f"{self.address_string()} - {format % args}\n")

    def log_error(self, format: str, *args: object) -> None:
        sys.stderr.write(f"kg serve: {format % args}\n")  # errors are shown even when quiet

    # --- responses -------------------------------------------------------------------

    def _send(self, status: int, content_type: str, body: bytes,
              headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in {**SECURITY_HEADERS, **CORS_HEADERS, **(headers or {})}.items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _outcome(self, outcome: Outcome, headers: dict[str, str] | None = None) -> None:
        extra = {"Vary": "Accept", **(headers or {})}
        if outcome.truncated:
            extra["X-Result-Truncated"] = "true"
            extra["X-Result-Limit"] = str(self.server.site.max_rows)
        self._send(outcome.status, outcome.content_type, outcome.body, extra)

    def _text(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        self._outcome(text_outcome(status, message), headers)

    def _html(self, status: int, html: str) -> None:
        self._send(status, "text/html; charset=utf-8", html.encode("utf-8"), {"Vary": "Accept"})

    def _wants_html(self) -> bool:
        chosen = negotiate(self.headers.get("Accept"),
                           (("application/sparql-results+json", "data"), ("text/html", "html")))
        return chosen is not None and chosen[1] == "html"

    # --- methods ---------------------------------------------------------------------

    def do_OPTIONS(self) -> None:
        self._send(204, "text/plain", b"", {
            "Access-Control-Allow-Methods": "GET, HEAD, POST, OPTIONS",
            "Access-Control-Allow-Headers": "Accept, Content-Type",
            "Access-Control-Max-Age": "86400",
            "Allow": "GET, HEAD, POST, OPTIONS"})

    def do_GET(self) -> None:
        self._guarded(self._get)

    def do_POST(self) -> None:
        self._guarded(self._post)

    do_HEAD = do_GET

    def _guarded(self, handle: Callable[[], None]) -> None:
        """A bug in a route answers 500 with one line instead of dropping the connection."""
        try:
            handle()
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True
        except Exception as exc:
            self.close_connection = True
            self.log_error("internal error: %r", exc)
            self._text(500, f"internal error: {type(exc).__name__}")

    def _get(self) -> None:
        url = urllib.parse.urlsplit(self.path)
        params = urllib.parse.parse_qs(url.query)
        path = urllib.parse.unquote(url.path)
        if path in ("/", "/index.html"):
            self._query_page()
        elif path == "/sparql":
            self._sparql(params)
        elif path.startswith("/id/"):
            self._resource(path, params)
        elif path == "/void":
            self._void(params)
        elif path == "/graph" or path.startswith("/graph/"):  # kg.viz: overview and assets
            self._send(*graph_route(self.server.site.union, path) or (404, "text/plain", b""))
        elif path.startswith("/static/") or path == "/favicon.ico":
            self._static("favicon.svg" if path == "/favicon.ico" else path[len("/static/"):])
        else:
            self._not_found(path)

    def _post(self) -> None:
        url = urllib.parse.urlsplit(self.path)
        if urllib.parse.unquote(url.path) != "/sparql":
            self._text(405, "only /sparql accepts POST", {"Allow": "GET, HEAD, OPTIONS"})
            return
        try:
            length = int(self.headers.get("Content-Length") or "0")
        except ValueError:
            length = -1
        if length < 0:
            self.close_connection = True
            self._text(400, "the Content-Length header is not a number")
            return
        if length > MAX_BODY:
            self.close_connection = True  # the unread body must not be taken as a request
            self._text(413, f"the request body is larger than {MAX_BODY} bytes")
            return
        body = self.rfile.read(length)
        params = urllib.parse.parse_qs(url.query)
        media = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            self._text(400, "the request body is not UTF-8")
            return
        if media == "application/sparql-update":
            self._text(403, READ_ONLY)
            return
        if media == "application/sparql-query":
            params["query"] = [text]
        elif media == "application/x-www-form-urlencoded":
            for key, values in urllib.parse.parse_qs(text).items():
                params.setdefault(key, []).extend(values)
        else:
            self._text(415, "send the query as application/sparql-query or as the 'query' "
                            "field of an application/x-www-form-urlencoded form")
            return
        self._sparql(params, posted=True)

    def _refuse(self) -> None:
        self._text(405, "the server is read-only", {"Allow": "GET, HEAD, POST, OPTIONS"})

    do_PUT = do_DELETE = do_PATCH = _refuse

    # --- routes ----------------------------------------------------------------------

    def _query_page(self) -> None:
        site = self.server.site
        self._html(200, pages.query_page(site.examples, site.max_rows, site.timeout))

    def _sparql(self, params: dict[str, list[str]], posted: bool = False) -> None:
        if "update" in params:
            self._text(403, READ_ONLY)
            return
        queries = params.get("query", [])
        if not queries:
            if not posted and self._wants_html():
                self._query_page()
            else:
                self._text(400, "no query: give it as ?query=..., as the 'query' form field "
                                "or as an application/sparql-query body")
            return
        if len(queries) > 1:
            self._text(400, "give exactly one 'query' parameter")
            return
        if "default-graph-uri" in params or "named-graph-uri" in params:
            self._text(400, "default-graph-uri and named-graph-uri are not supported: the "
                            "default graph is the union of all graphs; use GRAPH in the query")
            return
        query = queries[0]
        try:
            refuse_updates(query)
        except InputError:
            self._text(403, READ_ONLY)
            return
        formats = params.get("format") or params.get("output")
        fmt = formats[0] if formats else None
        outcome = self.server.site.runner.run(query, self.headers.get("Accept"), fmt)
        self._outcome(outcome)

    def _rdf_format(self, params: dict[str, list[str]], html: bool) -> str:
        """The format key for an RDF description: ``format=`` first, then Accept; 'html'
        only where a page exists."""
        fmt = (params.get("format") or [""])[0].lower()
        if fmt == "html" and html:
            return "html"
        if fmt in GRAPH_ALIASES:
            return GRAPH_ALIASES[fmt]
        offered = [t for t in RESOURCE_TYPES if html or t[1] != "html"]
        chosen = negotiate(self.headers.get("Accept"), offered)
        return chosen[1] if chosen else "turtle"

    def _send_graph(self, graph: Graph, key: str) -> None:
        self._send(200, GRAPH_MEDIA[key], graph.serialize(format=key, encoding="utf-8"),
                   {"Vary": "Accept"})

    def _resource(self, path: str, params: dict[str, list[str]]) -> None:
        site = self.server.site
        iri = resource.iri_for_path(path)
        if iri is None or not resource.exists(site.union, iri):
            self._not_found(path)
            return
        key = self._rdf_format(params, html=True)
        if key == "html":
            self._html(200, pages.resource_page(site.union, resource.view(site.union, iri)))
        else:
            self._send_graph(resource.description(site.union, iri), key)

    def _void(self, params: dict[str, list[str]]) -> None:
        self._send_graph(self.server.site.void(), self._rdf_format(params, html=False))

    def _static(self, name: str) -> None:
        # Only the files shipped in static/ by their plain name: no path ever reaches open().
        files = {p.name: p for p in STATIC.iterdir() if p.suffix in STATIC_TYPES}
        if name not in files:
            self._not_found("/static/" + name)
            return
        path = files[name]
        self._send(200, STATIC_TYPES[path.suffix], path.read_bytes(),
                   {"Cache-Control": "no-cache"})

    def _not_found(self, path: str) -> None:
        message = f"nothing is published at {path}"
        if self._wants_html():
            self._html(404, pages.message_page("Not found", message))
        else:
            self._text(404, message)


def make_server(site: Site, host: str = "127.0.0.1", port: int = 0,
                log: bool = False) -> KgServer:
    """A server bound to host:port (0 = a free port), not yet serving."""
    return KgServer(site, host, port, log)
