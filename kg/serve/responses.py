"""HTTP responses of ``kg serve``: plain-text and HTML answers, content negotiation for RDF
descriptions, the CORS preflight, and the security headers added to every response."""

from __future__ import annotations

import urllib.parse

from rdflib import Graph
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kg.serve.sparql import GRAPH_ALIASES, GRAPH_MEDIA, Outcome, negotiate, text_outcome

SECURITY_HEADERS = {
    "content-security-policy": "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; "
                               "form-action 'self'",
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
    "access-control-allow-origin": "*",
    "access-control-expose-headers": "X-Result-Truncated, X-Result-Limit",
}
# pyLODE's page styles itself inline; it runs no script.
ONTOLOGY_CSP = ("default-src 'self'; style-src 'self' 'unsafe-inline'; script-src 'none'; "
                "frame-ancestors 'none'; base-uri 'none'")
RDF_TYPES = (("text/turtle", "turtle"), ("application/ld+json", "json-ld"),
             ("application/n-triples", "nt"), ("application/rdf+xml", "xml"))
HTML_TYPES = (("text/html", "html"), ("application/xhtml+xml", "html"))
ALLOW = "GET, HEAD, POST, OPTIONS"


def params(request: Request) -> dict[str, list[str]]:
    return urllib.parse.parse_qs(request.url.query, keep_blank_values=True)


def text(status: int, message: str, headers: dict[str, str] | None = None) -> Response:
    return outcome(text_outcome(status, message), headers)


def outcome(answer: Outcome, headers: dict[str, str] | None = None,
            max_rows: int | None = None) -> Response:
    extra = {"Vary": "Accept", **(headers or {})}
    if answer.truncated and max_rows is not None:
        extra["X-Result-Truncated"] = "true"
        extra["X-Result-Limit"] = str(max_rows)
    if answer.status >= 500 and answer.status != 503:
        extra["Connection"] = "close"
    return Response(answer.body, answer.status, extra, media_type=answer.content_type)


def html(status: int, page: str, headers: dict[str, str] | None = None) -> Response:
    return Response(page.encode("utf-8"), status, {"Vary": "Accept", **(headers or {})},
                    media_type="text/html; charset=utf-8")


def wants_html(request: Request) -> bool:
    chosen = negotiate(request.headers.get("accept"),
                       (("application/sparql-results+json", "data"), ("text/html", "html")))
    return chosen is not None and chosen[1] == "html"


def rdf_key(request: Request, with_page: bool) -> str | None:
    """The format for an RDF description: ``format=`` first, then Accept (RDF types first
    for a client that accepts anything); None when nothing offered is acceptable (406)."""
    fmt = (params(request).get("format") or [""])[0].lower()
    if fmt == "html" and with_page:
        return "html"
    if fmt in GRAPH_ALIASES:
        return GRAPH_ALIASES[fmt]
    offered = RDF_TYPES + (HTML_TYPES if with_page else ())
    accept = request.headers.get("accept")
    if with_page and accept and "text/html" in accept.lower():
        offered = HTML_TYPES + RDF_TYPES  # a browser also says */*; it means the page
    chosen = negotiate(accept, offered)
    return chosen[1] if chosen else None


def not_acceptable(with_page: bool) -> Response:
    types = ", ".join(t for t, _ in RDF_TYPES + (HTML_TYPES if with_page else ()))
    return text(406, f"none of the requested media types is available; ask for one of {types}")


def send_graph(graph: Graph, key: str) -> Response:
    from kg.results import graph_bytes

    return Response(graph_bytes(graph, key), 200, {"Vary": "Accept"},
                    media_type=GRAPH_MEDIA[key])


def preflight() -> Response:
    return Response(b"", 204, {"Access-Control-Allow-Methods": ALLOW,
                               "Access-Control-Allow-Headers": "Accept, Content-Type",
                               "Access-Control-Max-Age": "86400", "Allow": ALLOW},
                    media_type="text/plain")


class SecurityHeaders:
    """Adds the security and CORS headers to every response, whichever part made it."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {k.lower() for k, _ in headers}
                for name, value in SECURITY_HEADERS.items():
                    if name.encode() not in present:
                        headers.append((name.encode(), value.encode()))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)
