"""The conversion pauses Python's garbage collector while it runs (a speed-up measured in
viz/README.md): it must give the same graph and leave the collector as it found it."""

from __future__ import annotations

import gc

import pytest

from kg.publish import union_graph
from kg.viz import convert
from tests.test_serve import sample_dataset


@pytest.mark.parametrize("enabled", [True, False])
def test_conversion_restores_the_collector_and_changes_nothing(enabled: bool) -> None:
    graph = union_graph(sample_dataset())
    expected = convert._convert(graph)  # the conversion with the collector left alone
    was = gc.isenabled()
    try:
        if enabled:
            gc.enable()
        else:
            gc.disable()
        g = convert.to_networkx(graph)
        assert gc.isenabled() is enabled
    finally:
        if was:
            gc.enable()
        else:
            gc.disable()
    assert list(g.nodes(data=True)) == list(expected.nodes(data=True))
    assert list(g.edges(keys=True, data=True)) == list(expected.edges(keys=True, data=True))


def test_collector_resumes_when_the_conversion_fails() -> None:
    assert gc.isenabled()
    with pytest.raises(TypeError):
        convert.to_networkx(object())  # type: ignore[arg-type]
    assert gc.isenabled()
