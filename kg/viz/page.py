"""The graph page: a view drawn with pyvis's Network and rendered with our own template.

pyvis holds the nodes, edges and vis-network options; the page comes from
``templates/graph.html.j2`` instead of pyvis's, because pyvis's templates link Bootstrap
and vis-network from CDNs. In a file (``dist/graph.html``) vis-network's code and styles
and our script are inline, so the page makes no request; served by ``kg serve`` the same
template links them from ``/graph/…`` (its Content-Security-Policy forbids inline scripts).
Data reaches the page only as JSON inside ``<script type="application/json">`` (``<``,
``>`` and ``&`` escaped) and the page's script builds every text with ``textContent``.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
import networkx as nx
import pyvis
from pyvis.network import Network
from pyvis.node import Node

from kg.viz.convert import CLASSES, degree, folded_part, short
from kg.viz.view import MAX_EXPAND, View, class_legend, node_size, quotes_json

TEMPLATES = Path(__file__).resolve().parent / "templates"
VIS_DIR = Path(pyvis.__file__).resolve().parent / "lib" / "vis-9.1.2"
EXPAND_DROPS = frozenset({"search", "alt", "facts", "en"})
# What the page's script fills in from the legend (class) and the relation table (key) for
# an expanded observation and its edges: the same strings for thousands of them.
EXPAND_FROM_LEGEND = frozenset({"shape", "color", "clsEn", "clsZh"})
EXPAND_FROM_RELATIONS = frozenset({"relZh", "relEn", "quotes", "dashes"})
MAX_EDGE_QUOTES = 3  # the tooltip shows three; a shared policy's edge had one per copy
LABEL_CHARS = 18  # longer labels (article headlines) are cut on the canvas, kept in the panel
FONT = "'Noto Sans CJK SC', 'Noto Sans SC', 'Source Han Sans SC', 'PingFang SC', " \
       "'Microsoft YaHei', sans-serif"
OPTIONS: dict[str, Any] = {
    # Why the low drawThreshold: vis-network hides labels smaller than 5 px on screen, which
    # at the overview's zoom is every label; Chinese names are the point of the picture.
    "nodes": {"font": {"face": FONT, "size": 16}, "borderWidth": 1,
              "scaling": {"label": {"drawThreshold": 2}}},
    "edges": {"arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
              "color": {"color": "#b0b0b0", "highlight": "#555555"},
              "font": {"face": FONT, "size": 10, "align": "middle"},
              "smooth": False},
    "physics": {"solver": "forceAtlas2Based",
                "forceAtlas2Based": {"gravitationalConstant": -60, "springLength": 90,
                                     "avoidOverlap": 0.3},
                "stabilization": {"enabled": True, "iterations": 200, "updateInterval": 10},
                "minVelocity": 1.0, "maxVelocity": 40},
    "interaction": {"hover": True, "tooltipDelay": 150, "navigationButtons": False},
}


@dataclass(frozen=True)
class Rendered:
    html: str
    nodes: int
    edges: int
    folded: int
    dropped: int
    summary: str


def _cut(text: str) -> str:
    return text if len(text) <= LABEL_CHARS else text[:LABEL_CHARS - 1] + "…"


def article_choices(g: nx.MultiDiGraph) -> list[tuple[str, str]]:
    """Every article (IRI, headline), by headline: the article filter's options."""
    return sorted(((n, str(g.nodes[n]["zh"] or g.nodes[n]["en"] or short(n)))
                   for n in g if g.nodes[n]["cls"] == "article"), key=lambda a: a[1])


def _node_payload(g: nx.MultiDiGraph, n: str, titles: dict[str, str],
                  article_index: dict[str, int], folded: int = 0) -> dict[str, Any]:
    """A node as the page's script reads it. Its articles are numbers into the page's list
    of articles (the script turns them back into IRIs): a place or indicator of a
    1,000-article graph named every article's IRI, most of a 25 MB page."""
    d = g.nodes[n]
    _iris, cls_en, cls_zh, color, shape = CLASSES[d["cls"]]
    name = d["zh"] or d["en"] or short(n)
    programmes = sorted({m for m in nx.all_neighbors(g, n) if g.nodes[m]["cls"] == "programme"}
                        | ({n} if d["cls"] == "programme" else set()))
    payload: dict[str, Any] = {
        "label": _cut(name), "shape": shape, "color": color,
        "size": node_size(degree(g, n)), "cls": d["cls"], "clsEn": cls_en, "clsZh": cls_zh,
        "zh": d["zh"], "en": d["en"], "alt": d["alt"],
        "articles": [article_index[a] for a in d["articles"] if a in article_index],
        "programmes": programmes, "facts": [list(f) for f in d["facts"]],
        "path": d["path"], "search": d["search"]}
    if "obs" in d:
        obs = dict(d["obs"])
        obs["article_title"] = titles.get(obs.get("article", ""), obs.get("article_title", ""))
        payload["obs"] = obs
    if folded:
        payload["folded"] = folded
        payload["label"] = f"{_cut(name)} ({folded})"
    return payload


def _edge_payload(s: str, o: str, k: str, d: dict[str, Any], titles: dict[str, str]
                  ) -> dict[str, Any]:
    return {"from": s, "to": o, "key": k, "relZh": d["zh"], "relEn": d["en"],
            "quotes": quotes_json(d["quotes"][:MAX_EDGE_QUOTES], titles),
            "dashes": k == "folded"}


def _add_nodes(net: Network, nodes: list[tuple[str, dict[str, Any]]]) -> None:
    """Add nodes to the pyvis network as ``add_node`` does, without its check of every
    node id so far: that check is a list scan, which made 10k nodes take 2.7 s and 50k
    take 109 s on a 2-core machine. Ids are unique here (they come from a graph)."""
    for n_id, options in nodes:
        node = Node(n_id, options.pop("shape"), label=options.pop("label"), **options)
        net.nodes.append(node.options)
        net.node_ids.append(n_id)
        net.node_map[n_id] = node.options


def network(g: nx.MultiDiGraph, view: View, articles: list[tuple[str, str]]
            ) -> tuple[Network, dict[str, Any], dict[str, list[str]]]:
    """The pyvis network of a view, the folded observations it can expand, and the
    names (zh, en) of the relations their edges name by key."""
    titles = {n: str(g.nodes[n]["zh"] or g.nodes[n]["en"]) for n in g
              if g.nodes[n]["cls"] == "article"}
    article_index = {iri: i for i, (iri, _title) in enumerate(articles)}
    net = Network(directed=True)
    _add_nodes(net, [(n, _node_payload(g, n, titles, article_index,
                                       len(view.folded.get(n, ())))) for n in view.nodes])
    # Edges likewise go straight into the list: add_edge also scans every node id.
    net.edges.extend(_edge_payload(s, o, k, d, titles) for s, o, k, d in view.edges)
    # Fewer layout iterations for bigger views (200 for 100 nodes, 50 for the overview's
    # 400): each costs more there, and the page's script also stops the layout after
    # 1.5 s of wall time whatever is left.
    options = json.loads(json.dumps(OPTIONS))
    options["physics"]["stabilization"]["iterations"] = max(
        40, min(200, 20_000 // max(len(view.nodes), 1)))
    net.options = options
    expand: dict[str, Any] = {}
    relations: dict[str, list[str]] = {}
    in_view = set(view.nodes)
    part = folded_part(g)
    for indicator, observations in view.folded.items():
        shown = observations[:MAX_EXPAND]
        members = set(shown)
        # Slim: an observation's panel needs no search keys, and its quote is on the
        # node, not repeated on each of its edges; class and relation names are looked up.
        expand[indicator] = {
            "total": len(observations),
            "nodes": [{"id": o, **{
                k: v for k, v in _node_payload(g, o, titles, article_index).items()
                if k not in EXPAND_DROPS | EXPAND_FROM_LEGEND}} for o in shown],
            "edges": [{"from": s, "to": t, "key": k} for o in shown
                      for s, t, k in g.out_edges(o, keys=True)
                      if t in in_view or t in members]}
        for o in shown:
            for _s, _t, k, d in g.out_edges(o, keys=True, data=True):
                relations.setdefault(k, [d["zh"], d["en"]])
            for k, zh, en in part.into.get(o, ()) if part else ():
                relations.setdefault(k, [zh, en])  # its edges to observations not in g
    return net, expand, relations


@lru_cache(maxsize=1)
def _env() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
                             keep_trailing_newline=True)
    # tojson escapes < > & ' whatever these are; sorted keys keep the page deterministic.
    env.policies["json.dumps_kwargs"] = {"sort_keys": True, "ensure_ascii": False,
                                         "separators": (",", ":")}  # compact
    return env


@lru_cache(maxsize=4)
def asset(name: str) -> str:
    """The page's script and vis-network's code and styles (from the pyvis package)."""
    paths = {"graph.js": TEMPLATES / "graph.js", "graph.css": TEMPLATES / "graph.css",
             "vis-network.min.js": VIS_DIR / "vis-network.min.js",
             "vis-network.css": VIS_DIR / "vis-network.css"}
    return paths[name].read_text(encoding="utf-8")


ASSETS = ("graph.js", "graph.css", "vis-network.min.js", "vis-network.css")


def _inline_script(text: str) -> str:
    # A script element ends at the first "</script"; vis-network's code never contains
    # one, and this keeps it so.
    return text.replace("</script", "<\\/script")


def page_data(g: nx.MultiDiGraph, view: View, link_base: str) -> dict[str, Any]:
    """Everything the page's script reads: pyvis's nodes, edges and options, the folded
    observations it can expand, the legend, the filters' choices and the view's counts."""
    articles = article_choices(g)
    net, expand, relations = network(g, view, articles)
    nodes, edges, _heading, _height, _width, options = net.get_network_data()
    programmes = sorted(((n, str(g.nodes[n]["zh"] or g.nodes[n]["en"] or short(n)))
                         for n in view.nodes if g.nodes[n]["cls"] == "programme"),
                        key=lambda a: a[1])
    meta = {"nodes": len(nodes), "edges": len(edges), "folded": view.folded_count,
            "foldedInto": len(view.folded), "dropped": view.dropped,
            "maxNodes": view.max_nodes, "summary": view.summary(), "linkBase": link_base,
            "focus": view.focus, "maxExpand": MAX_EXPAND, "title": view.title}
    return {"nodes": nodes, "edges": edges, "options": json.loads(options), "meta": meta,
            "expand": expand, "relations": relations, "legend": class_legend(),
            "articles": [list(a) for a in articles],
            "programmes": [list(p) for p in programmes]}


def render(g: nx.MultiDiGraph, view: View, *, inline: bool = True,
           link_base: str = "https://w3id.org/fupin-kg", template: str = "graph.html.j2"
           ) -> Rendered:
    """The page's HTML. ``inline``: a self-contained file; else served (assets at
    /graph/…; resource links to the server's own /id/… pages when ``link_base`` is "")."""
    data = page_data(g, view, link_base)
    meta = data["meta"]
    html = _env().get_template(template).render(
        title=view.title, summary=view.summary(), data=data, inline=inline,
        assets={name: _inline_script(asset(name)) for name in ASSETS} if inline else {},
        legend=data["legend"], articles=[tuple(a) for a in data["articles"]],
        programmes=[tuple(p) for p in data["programmes"]], meta=meta)
    return Rendered(html, meta["nodes"], meta["edges"], view.folded_count, view.dropped,
                    view.summary())


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file in the same folder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
