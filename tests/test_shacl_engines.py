"""The fast SHACL engine gives the reference engine's report (kg.shacl_engines).

The shape suite (tests/test_shapes.py) runs every case on both engines. Here: the sample's
graph, damaged at random (triples dropped, figures changed) so that most shapes fire, gives
the same canonical report Turtle and the same text report on pyshacl-turbo as on pyshacl.
"""

from __future__ import annotations

import json
import random

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal

from kg.cli import main
from kg.commands.common import build
from kg.errors import KgError
from kg.publish import canonical
from kg.resources import load_shapes
from kg.shacl_engines import shacl_report
from kg.validate import ValidationResult, render_text, validate


@pytest.fixture(scope="module")
def sample_triples() -> list[tuple[object, object, object]]:
    return list(build(None).result.store.union())


def _damaged(triples: list[tuple[object, object, object]], seed: int) -> Graph:
    from rdflib.namespace import XSD  # not a module attribute: pytest would probe it

    rnd = random.Random(seed)
    g = Graph()
    for s, p, o in triples:
        if rnd.random() < 0.01:
            continue  # dropped: required properties, evidence and links go missing
        if (isinstance(o, Literal) and o.datatype in (XSD.decimal, XSD.integer)
                and rnd.random() < 0.05):
            o = Literal(str(int(float(o)) + rnd.randint(1, 50)), datatype=o.datatype)
        g.add((s, p, o))  # type: ignore[arg-type]
    return g


def _report(result: ValidationResult) -> str:
    return canonical(result.report_graph).serialize(format="turtle")


@pytest.mark.parametrize("seed", [0, 3])
def test_turbo_reports_what_pyshacl_reports_on_a_damaged_sample(
        sample_triples: list[tuple[object, object, object]], seed: int) -> None:
    shapes = load_shapes()
    reference = validate(_damaged(sample_triples, seed), shapes, engine="pyshacl")
    fast = validate(_damaged(sample_triples, seed), shapes, engine="turbo")
    # Damage enough that many shapes and the arithmetic rules fire.
    assert len(reference.violations) > 50
    assert len({f.shape for f in reference.violations}) >= 5
    assert _report(fast) == _report(reference)
    assert render_text(fast) == render_text(reference)


def test_an_unknown_engine_is_an_error() -> None:
    with pytest.raises(KgError, match="unknown validator 'fast'"):
        shacl_report(Graph(), Graph(), "fast")


def test_kg_validate_takes_either_engine() -> None:
    runs = {v: CliRunner().invoke(main, ["validate", "--validator", v, "--format", "json"])
            for v in ("pyshacl", "turbo")}
    assert {r.exit_code for r in runs.values()} == {0}
    a, b = (json.loads(runs[v].stdout) for v in ("pyshacl", "turbo"))
    for report in (a, b):
        report.pop("seconds", None)
    assert a == b and a["conforms"] is True
