"""``kg link``: add links to external open data to a built graph."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import click
from rdflib.namespace import OWL

from kg.errors import InputError
from kg.namespaces import GRAPH

if TYPE_CHECKING:
    from kg.store import GraphStore

DATASET_SUFFIXES = (".trig", ".nq")
LINKS_GRAPH = GRAPH["links/wikidata"]


@click.command("link")
@click.option("--wikidata", "endpoint", required=True, metavar="ENDPOINT",
              help="SPARQL endpoint with Wikidata's data, e.g. https://query.wikidata.org/sparql")
@click.option("--graph", "trig", type=click.Path(path_type=Path),
              default=Path("dist/kg.trig"), show_default=True,
              help="The built dataset (TriG or N-Quads, with its named graphs) to add the links "
                   "to; its folder is rewritten, atomically, when links were found.")
@click.option("--date", "looked_up", default=None, metavar="YYYY-MM-DD",
              help="Date recorded for the look-up (default: today).")
@click.option("--timeout", default=30.0, show_default=True, help="Seconds to wait.")
def link_cmd(endpoint: str, trig: Path, looked_up: str | None, timeout: float) -> None:
    """Ask ENDPOINT for Wikidata items by division code (P442) and add owl:sameAs links.

    The links go into their own named graph; every other named graph is kept as it was.
    When the endpoint cannot be reached, or finds no link, nothing is changed.
    """
    from kg.link.wikidata import ask, codes_query, links_graph, places_by_code
    from kg.store import GraphStore

    day = looked_up or datetime.date.today().isoformat()
    try:
        datetime.date.fromisoformat(day)
    except ValueError as exc:
        raise InputError(f"--date {day!r} is not a date like 2026-11-29") from exc
    if not trig.is_file():
        raise InputError("no built graph here; run `kg build` first", trig)
    if trig.suffix.lower() not in DATASET_SUFFIXES:
        raise InputError("kg link needs the dataset with its named graphs (kg.trig or an "
                         ".nq file); a triple file such as kg.ttl has lost them", trig)
    store = GraphStore.load_file(trig)
    places = places_by_code(store)
    if not places:
        click.echo("Every place with a division code already has a Wikidata link; nothing "
                   "was changed.", err=True)
        return
    answers = ask(endpoint, codes_query(sorted(places)), timeout)
    links = links_graph(places, answers, endpoint, day)
    found = len(set(links.subjects(OWL.sameAs, None)))
    if not found:
        click.echo(f"Asked {endpoint} for {len(places)} division codes: no Wikidata item "
                   "found; nothing was changed.", err=True)
        return
    linked = store.with_graph(LINKS_GRAPH, links)
    rewrite(linked, trig.parent)
    click.echo(f"Asked {endpoint} for {len(places)} division codes: {found} place(s) linked "
               f"to Wikidata (looked up {day}); rewrote {trig.parent}.")


def rewrite(store: GraphStore, folder: Path) -> None:
    """The graph files, VoID and the linking table of ``folder`` rewritten from ``store``,
    the folder swapped in whole (kg.atomic): a kill leaves the previous one complete."""
    from kg.atomic import replaced_folder, write_text
    from kg.describe import void_graph
    from kg.export import to_csv
    from kg.link.report import LINKING_COLUMNS, linking_rows
    from kg.publish import bind_prefixes, write_outputs

    sources = void_sources(folder / "void.ttl")
    with replaced_folder(folder) as staging:
        write_outputs(store, staging)
        if sources is not None:
            void = void_graph(store, sources)
            bind_prefixes(void)
            write_text(staging / "void.ttl", void.serialize(format="turtle"))
        if (folder / "linking.csv").exists():
            write_text(staging / "linking.csv", to_csv(linking_rows(store), LINKING_COLUMNS))


def void_sources(void: Path) -> list[str] | None:
    """The corpus file names the previous VoID names (None when there is no VoID)."""
    if not void.is_file():
        return None
    from rdflib import Graph, Literal
    from rdflib.namespace import DCTERMS

    g = Graph().parse(void, format="turtle")
    return sorted(str(o) for o in g.objects(None, DCTERMS.source) if isinstance(o, Literal))

