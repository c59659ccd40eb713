"""``kg link``: add links to external open data to a built graph."""

from __future__ import annotations

import datetime
from pathlib import Path

import click
from rdflib import Dataset
from rdflib.namespace import OWL

from kg.errors import InputError


@click.command("link")
@click.option("--wikidata", "endpoint", required=True, metavar="ENDPOINT",
              help="SPARQL endpoint with Wikidata's data, e.g. https://query.wikidata.org/sparql")
@click.option("--graph", "trig", type=click.Path(path_type=Path),
              default=Path("dist/kg.trig"), show_default=True,
              help="The built graph (TriG) to add the links to; its folder is rewritten.")
@click.option("--date", "looked_up", default=None, metavar="YYYY-MM-DD",
              help="Date recorded for the look-up (default: today).")
@click.option("--timeout", default=30.0, show_default=True, help="Seconds to wait.")
def link_cmd(endpoint: str, trig: Path, looked_up: str | None, timeout: float) -> None:
    """Ask ENDPOINT for Wikidata items by division code (P442) and add owl:sameAs links.

    When the endpoint cannot be reached nothing is changed.
    """
    from kg.link.wikidata import ask, codes_query, links_graph, places_by_code
    from kg.namespaces import GRAPH
    from kg.publish import union_graph, write_outputs

    day = looked_up or datetime.date.today().isoformat()
    try:
        datetime.date.fromisoformat(day)
    except ValueError as exc:
        raise InputError(f"--date {day!r} is not a date like 2026-11-29") from exc
    if not trig.is_file():
        raise InputError("no built graph here; run `kg build` first", trig)
    ds = Dataset()
    try:
        ds.parse(trig, format="trig")
    except Exception as exc:  # rdflib raises parser-specific types
        raise InputError(f"cannot parse the graph ({exc})", trig) from exc
    places = places_by_code(union_graph(ds))
    if not places:
        click.echo("Every place with a division code already has a Wikidata link.")
        return
    answers = ask(endpoint, codes_query(sorted(places)), timeout)
    links = links_graph(places, answers, endpoint, day)
    target = ds.graph(GRAPH["links/wikidata"])
    for triple in links:
        target.add(triple)
    write_outputs(ds, trig.parent)
    found = len(set(links.subjects(OWL.sameAs, None)))
    click.echo(f"Asked {endpoint} for {len(places)} division codes: {found} place(s) linked "
               f"to Wikidata (looked up {day}); rewrote {trig.parent}.")
