"""The overview's own path (kg.viz.overview) against the full conversion (to_networkx): the
same page, from the graph's structure and the few nodes the page draws."""

from __future__ import annotations

import pytest

import kg.viz.page
from kg.store import GraphStore
from kg.viz.convert import to_networkx
from kg.viz.overview import overview
from kg.viz.page import render
from kg.viz.view import select
from tests.test_serve import sample_dataset


def sample_store() -> GraphStore:
    from kg.publish import union_graph

    return GraphStore.from_graph(union_graph(sample_dataset()))


@pytest.mark.parametrize("expand", [0, 1, 3, 40])
def test_the_overview_gives_the_full_graphs_page(monkeypatch: pytest.MonkeyPatch,
                                                 expand: int) -> None:
    """The sample's indicators have fewer than 40 observations each, so the page is asked
    to expand fewer here too: the observations beyond are never nodes, and the page must
    not change (counts, degrees, folded edges, articles, relation names)."""
    monkeypatch.setattr(kg.viz.page, "MAX_EXPAND", expand)
    store = sample_store()
    full = to_networkx(store)
    g, view, structure = overview(store, expand=expand)
    assert structure is not None
    observations = {n for n, c in full.nodes(data="cls") if c == "observation"}
    assert set(structure.stubs) <= observations
    assert (set(structure.stubs) == observations) == (expand == 0)
    assert bool(structure.stubs) == (expand < 40)  # the comparison covers folded ones
    assert structure.size() == (full.number_of_nodes(), full.number_of_edges())
    # Only what the page draws: the sample's view holds all its nodes but the folded ones.
    assert g.number_of_nodes() == full.number_of_nodes() - len(structure.stubs)
    page = render(g, view).html
    assert page == render(full, select(full)).html
    again, view_again, _ = overview(store, expand=expand)
    assert render(again, view_again).html == page  # deterministic


@pytest.mark.parametrize("max_nodes", [5, 30])
def test_a_smaller_cap_gives_the_full_graphs_page(max_nodes: int) -> None:
    """A cap below the sample's node count: the ranking and the cap on edges bite."""
    store = sample_store()
    full = to_networkx(store)
    g, view, _ = overview(store, max_nodes=max_nodes)
    assert view.dropped > 0 and view.dropped_edges >= 0
    assert render(g, view).html == render(full, select(full, max_nodes=max_nodes)).html


def test_an_rdflib_graph_is_converted_in_full() -> None:
    from kg.publish import union_graph

    union = union_graph(sample_dataset())
    g, view, structure = overview(union)
    assert structure is None
    assert g.number_of_nodes() == to_networkx(union).number_of_nodes()
    assert render(g, view).html == render(to_networkx(union), select(to_networkx(union))).html
