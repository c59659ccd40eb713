"""The query page of ``kg serve``: YASGUI over /sparql, with the query library as a menu.

YASGUI (``static/yasgui.min.js``, vendored from npm: see ``static/YASGUI-LICENSE.md``) gives
syntax highlighting, prefix completion (from ``/prefixes.json``, the graph's own prefixes),
result tables with paging and charts; ``static/query-page.js`` adds the library menu with one
input per ``# params:`` entry, permalinks (``/?query=…``), labels beside IRIs and CSV/JSON
downloads. Parameters are bound by the server (``/library/NAME?param=value``) with
:func:`kg.query.bind`, as RDF terms; the page never pastes them into the text itself.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from starlette.requests import Request
from starlette.responses import Response

from kg.errors import InputError
from kg.namespaces import PREFIXES
from kg.serve.pages import Example, _page, e, script_json

# YASGUI and CodeMirror set style attributes and insert <style> elements as they draw;
# scripts stay limited to this server's own files.
QUERY_PAGE_CSP = ("default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
                  "frame-ancestors 'none'; base-uri 'none'; form-action 'self'")


def library_entries(examples: Sequence[Example]) -> list[dict[str, object]]:
    return [{"name": ex.name, "title": ex.title, "questions": list(ex.questions),
             "text": ex.text,
             "params": [{"name": p.name, "type": p.type, "default": p.default}
                        for p in (ex.query.params if ex.query is not None else ())]}
            for ex in examples]


def query_page(examples: Sequence[Example], max_rows: int, timeout: float) -> str:
    body = (
        "<h1>fupin-kg SPARQL <span lang=\"zh\">扶贫知识图谱查询</span></h1>"
        "<section class=\"library\">"
        "<label for=\"library\">Question <span lang=\"zh\">问题</span></label> "
        "<select id=\"library\"></select>"
        "<div id=\"question\" class=\"questions\"></div>"
        "<div id=\"params\" class=\"params\"></div>"
        "<button type=\"button\" id=\"run-library\">Bind the parameters and run "
        "<span lang=\"zh\">运行</span></button>"
        "<p class=\"links\"><a id=\"permalink\" href=\"/\">Permalink</a> · "
        "Download the results: <a id=\"download-csv\" download=\"results.csv\" "
        "href=\"/sparql\">CSV</a> · <a id=\"download-json\" download=\"results.json\" "
        "href=\"/sparql\">JSON</a></p>"
        f"<p class=\"hint\">Read-only SPARQL 1.1; limits: {e(f'{timeout:g}')} s, "
        f"{e(max_rows)} rows. The default graph is the union of all graphs; "
        "<code>GRAPH ?g</code> names the article that says it.</p>"
        "<div id=\"status\" class=\"status\" role=\"status\"></div>"
        "</section>"
        "<div id=\"yasgui\"></div>"
        f"<script type=\"application/json\" id=\"library-data\">"
        f"{script_json(library_entries(examples))}</script>"
    )
    head = "<link rel=\"stylesheet\" href=\"/static/yasgui.min.css\">"
    return _page("fupin-kg SPARQL", body, scripts=["yasgui.min.js", "query-page.js"],
                 head=head)


def _examples(request: Request) -> Sequence[Example]:
    examples = request.app.state.site.examples
    assert isinstance(examples, tuple)
    return examples


def _plain(status: int, text: str) -> Response:
    return Response((text.rstrip() + "\n").encode("utf-8"), status,
                    media_type="text/plain; charset=utf-8")


async def library_query(request: Request) -> Response:
    """``/library/NAME?param=value…``: the library query with its parameters bound."""
    from kg.query import bind

    name = request.path_params["name"]
    example = next((ex for ex in _examples(request) if ex.name == name), None)
    if example is None or example.query is None:
        return _plain(404, f"the query library has no query named {name!r}")
    given: dict[str, str] = {}
    for key, value in request.query_params.multi_items():
        if key in given:
            return _plain(400, f"parameter {key} is given twice")
        given[key] = value
    try:
        text = bind(example.query, given)
    except InputError as exc:
        return _plain(400, str(exc))
    return Response(text.encode("utf-8"), 200, media_type="application/sparql-query")


async def prefixes(request: Request) -> Response:
    """The graph's prefixes, in the form YASGUI's prefix completer reads (prefix → IRI)."""
    body = json.dumps(dict(sorted(PREFIXES.items())), ensure_ascii=False).encode("utf-8")
    return Response(body, 200, {"Cache-Control": "no-cache"}, media_type="application/json")
