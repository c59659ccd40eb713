"""The overview's own conversion (kg.viz.overview) against the full one (to_networkx): the
same page, with observations folded while reading."""

from __future__ import annotations

import pytest

import kg.viz.page
from kg.store import GraphStore
from kg.viz.convert import folded_part, to_networkx
from kg.viz.overview import full_size, overview_graph
from kg.viz.page import render
from kg.viz.view import select
from tests.test_serve import sample_dataset


def sample_store() -> GraphStore:
    from kg.publish import union_graph

    return GraphStore.from_graph(union_graph(sample_dataset()))


@pytest.mark.parametrize("expand", [0, 1, 3])
def test_the_overview_graph_gives_the_full_graphs_page(monkeypatch: pytest.MonkeyPatch,
                                                        expand: int) -> None:
    """The sample's indicators have fewer than 40 observations each, so the page is asked
    to expand fewer here: the observations beyond become stubs, and the page must not
    change (counts, degrees, folded edges, articles, relation names)."""
    monkeypatch.setattr(kg.viz.page, "MAX_EXPAND", expand)
    store = sample_store()
    full = to_networkx(store)
    overview = overview_graph(store, expand=expand)
    part = folded_part(overview)
    assert part is not None and len(part.stubs) > 0  # the comparison covers stubs
    observations = [n for n, c in full.nodes(data="cls") if c == "observation"]
    assert overview.number_of_nodes() == full.number_of_nodes() - len(part.stubs)
    assert set(part.stubs) <= set(observations)
    assert (set(part.stubs) == set(observations)) == (expand == 0)
    assert full_size(overview) == (full.number_of_nodes(), full.number_of_edges())
    page = render(overview, select(overview)).html
    assert page == render(full, select(full)).html
    again = overview_graph(store, expand=expand)
    assert render(again, select(again)).html == page  # deterministic


def test_at_the_pages_own_expand_the_sample_has_no_stubs() -> None:
    store = sample_store()
    overview = overview_graph(store)
    assert folded_part(overview) is None
    full = to_networkx(store)
    assert list(overview.nodes(data=True)) == list(full.nodes(data=True))
    assert list(overview.edges(keys=True, data=True)) == list(full.edges(keys=True, data=True))


def test_an_overview_graph_refuses_other_views() -> None:
    overview = overview_graph(sample_store(), expand=0)
    some = next(iter(overview))
    for options in ({"focus": some}, {"cls": "place"}, {"fold": False},
                    {"article": some}):
        with pytest.raises(ValueError, match="only the overview"):
            select(overview, **options)  # type: ignore[arg-type]


def test_an_rdflib_graph_is_converted_in_full() -> None:
    from kg.publish import union_graph

    union = union_graph(sample_dataset())
    overview = overview_graph(union, expand=0)
    assert folded_part(overview) is None
    assert overview.number_of_nodes() == to_networkx(union).number_of_nodes()
