"""The server's HTML: the query page and one page per resource.

Every piece of text that comes from the graph, a query file or a request passes through
``html.escape`` (the ``e`` helper) before it reaches the page; JSON embedded in a page has
``<``, ``>`` and ``&`` escaped so that no ``</script>`` in the data can end the script
element. Pages load only the server's own /static files: the Content-Security-Policy
(default-src 'self') would block anything else.
"""

from __future__ import annotations

import json
import urllib.parse
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from kg.charts.serve import chart_section
from kg.namespaces import BASE
from kg.query import QueryFile
from kg.results import short
from kg.serve.resource import ID_SPACE, Evidence, ResourceView, label
from kg.viz.serve import neighbourhood_section


@dataclass(frozen=True)
class Example:
    """One query of the library as the query page offers it."""

    name: str
    title: str
    questions: tuple[str, ...]
    text: str
    query: QueryFile | None = None  # the parsed file, for binding its parameters


def e(text: object) -> str:
    return escape(str(text), quote=True)


def script_json(data: object) -> str:
    """JSON safe inside a <script> element (no '</script>', no '<!--')."""
    return (json.dumps(data, ensure_ascii=False).replace("&", "\\u0026")
            .replace("<", "\\u003c").replace(">", "\\u003e"))


def local_path(iri: str) -> str | None:
    """The server path of an IRI in the id space (percent-encoded), else None."""
    if not iri.startswith(ID_SPACE):
        return None
    return "/" + urllib.parse.quote(iri[len(BASE):], safe="/:@!$&'()*+,;=-._~")


def _href(iri: str) -> str | None:
    local = local_path(iri)
    if local is not None:
        return local
    # Only web links: an IRI such as javascript:... must never become a live link.
    return iri if iri.startswith(("http://", "https://")) else None


def _page(title: str, body: str, scripts: Sequence[str] = (), head: str = "") -> str:
    tags = "".join(f'<script src="/static/{e(s)}" defer></script>' for s in scripts)
    return ("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            f"<title>{e(title)}</title>"
            "<link rel=\"stylesheet\" href=\"/static/kg.css\">"
            "<link rel=\"icon\" href=\"/static/favicon.svg\" type=\"image/svg+xml\">"
            f"{head}{tags}</head><body>"
            "<header><nav><a href=\"/\">SPARQL query</a> · <a href=\"/void\">VoID</a></nav>"
            "</header>"
            f"<main>{body}</main></body></html>\n")


def _node_html(graph: Graph, node: Node) -> str:
    if isinstance(node, Literal):
        suffix = ""
        if node.language:
            suffix = f' <span class="tag">@{e(node.language)}</span>'
        elif node.datatype:
            suffix = f' <span class="tag">{e(short(node.datatype))}</span>'
        lang = f' lang="{e(node.language)}"' if node.language else ""
        return f'<span class="literal"{lang}>{e(node)}</span>{suffix}'
    if isinstance(node, URIRef):
        name = label(graph, node)
        text = e(short(node)) + (f' <span class="label">{e(name)}</span>' if name else "")
        href = _href(str(node))
        return f'<a href="{e(href)}">{text}</a>' if href else text
    return e(node)


def _evidence_html(graph: Graph, items: Sequence[Evidence]) -> str:
    if not items:
        return ""
    rows = []
    for ev in items:
        where = ""
        if ev.article is not None:
            title = label(graph, ev.article)
            href = _href(str(ev.article))
            name = e(title or short(ev.article))
            where = f'<a href="{e(href)}">{name}</a>' if href else name
        if ev.start is not None and ev.end is not None:
            where += f' <span class="offsets">[{ev.start}–{ev.end}]</span>'
        rows.append(f'<li><q lang="zh">{e(ev.quote)}</q> <span class="source">{where}</span>'
                    "</li>")
    return f'<ul class="evidence">{"".join(rows)}</ul>'


def resource_page(graph: Graph, v: ResourceView, page: int = 1) -> str:
    zh = [t for lang, texts in v.labels.items() if lang.lower().startswith("zh") for t in texts]
    en = [t for lang, texts in v.labels.items() if lang.lower().startswith("en") for t in texts]
    other = [t for lang, texts in v.labels.items()
             if not lang.lower().startswith(("zh", "en")) for t in texts]
    heading = "".join(f'<span class="zh" lang="zh">{e(t)}</span>' for t in zh[:1])
    heading += "".join(f'<span class="en" lang="en">{e(t)}</span>' for t in (en or other)[:1])
    if not heading and v.stated_as:  # an observation: the figure as the article states it
        heading = f'<span class="zh" lang="zh">{e(v.stated_as)}</span>'
    title = " · ".join([*zh[:1], *(en or other)[:1]]) or v.stated_as or short(v.iri)
    local = local_path(str(v.iri)) or ""
    alternates = (f'<a href="{e(local)}?format=turtle">Turtle</a> · '
                  f'<a href="{e(local)}?format=jsonld">JSON-LD</a> · '
                  f'<a href="{e(local)}?format=nt">N-Triples</a>')
    parts = [f"<h1>{heading or e(short(v.iri))}</h1>",
             f'<p class="iri"><code>{e(v.iri)}</code> <span class="formats">{alternates}'
             "</span></p>"]
    if zh or en or other:
        labels = [f'<li lang="zh">{e(t)}</li>' for t in zh] + \
                 [f'<li lang="en">{e(t)}</li>' for t in en] + [f"<li>{e(t)}</li>" for t in other]
        parts.append(f'<section><h2>Labels <span lang="zh">名称</span></h2>'
                     f'<ul class="labels">{"".join(labels)}</ul></section>')
    if v.types:
        types = ", ".join(_node_html(graph, t) for t in v.types)
        parts.append(f'<p class="types">Type <span lang="zh">类型</span>: {types}</p>')
    if v.facts:
        rows = "".join(
            f"<tr><th scope=\"row\">{_node_html(graph, f.predicate)}</th>"
            f"<td>{_node_html(graph, f.value)}{_evidence_html(graph, f.evidence)}</td></tr>"
            for f in v.facts)
        parts.append('<section><h2>Facts <span lang="zh">事实</span></h2>'
                     f'<table class="facts" id="facts">{rows}</table></section>')
    if v.evidence:
        parts.append('<section><h2>Evidence <span lang="zh">出处</span></h2>'
                     f'{_evidence_html(graph, v.evidence)}</section>')
    if v.incoming:
        parts.append(_incoming_html(graph, v, local, page))
    parts.append(chart_section(graph, str(v.iri)))  # kg.charts: an indicator's charts
    parts.append(neighbourhood_section(graph, str(v.iri)))  # kg.viz: the picture
    head = "".join(f'<link rel="alternate" type="{t}" href="{e(local)}?format={f}">'
                   for t, f in (("text/turtle", "turtle"), ("application/ld+json", "jsonld")))
    return _page(title, "".join(parts), head=head)


INCOMING_PAGE = 50  # rows of "referred to by" per page


def _incoming_html(graph: Graph, v: ResourceView, local: str, page: int) -> str:
    """The resources that refer to this one, grouped by property, ``INCOMING_PAGE`` rows a
    page (a county is the object of hundreds of figures: one long column helps nobody)."""
    pages = max(1, -(-len(v.incoming) // INCOMING_PAGE))
    page = min(max(page, 1), pages)
    shown = v.incoming[(page - 1) * INCOMING_PAGE: page * INCOMING_PAGE]
    counts: dict[Node, int] = {}
    for _s, p in v.incoming:
        counts[p] = counts.get(p, 0) + 1
    groups: dict[Node, list[Node]] = {}
    for s, p in shown:
        groups.setdefault(p, []).append(s)
    body = "".join(
        f'<h3 class="by-property">{_node_html(graph, p)} <span class="count">'
        f"({counts[p]})</span></h3><ul class=\"incoming\">"
        + "".join(f"<li>{_node_html(graph, s)}</li>" for s in subjects) + "</ul>"
        for p, subjects in groups.items())
    nav = ""
    if pages > 1:
        links = []
        if page > 1:
            links.append(f'<a rel="prev" href="{e(local)}?incoming={page - 1}">← previous</a>')
        links.append(f"page {page} of {pages} ({len(v.incoming)} in all)")
        if page < pages:
            links.append(f'<a rel="next" href="{e(local)}?incoming={page + 1}">next →</a>')
        nav = f'<nav class="pager" id="incoming-pager">{" · ".join(links)}</nav>'
    more = (f'<p class="more">…and {v.incoming_total - len(v.incoming)} more (query /sparql '
            "for all).</p>" if v.incoming_total > len(v.incoming) else "")
    return ('<section id="incoming"><h2>Referred to by <span lang="zh">被引用</span></h2>'
            f"{nav}{body}{nav}{more}</section>")


def message_page(title: str, message: str) -> str:
    return _page(title, f"<h1>{e(title)}</h1><p>{e(message)}</p>")
