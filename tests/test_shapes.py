"""The SHACL shape suite, in the style of the W3C SHACL test suite.

Each folder ``tests/shapes/<shape>/`` holds ``valid-NNN.ttl`` and ``invalid-NNN.ttl`` cases and
a ``manifest.yaml`` listing, per case, the results expected: focus node, constraint component
and severity (Violation unless given). A case is validated together with ``base.ttl`` (an
article, its evidence, a few places and indicators), the ontology and the unit and
population-group vocabularies; the results must be exactly the expected ones.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import yaml
from rdflib import Graph

from kg.resources import load_ontology, load_shapes, ontology_dir
from kg.shacl_engines import DEFAULT_ENGINE, ENGINES
from kg.validate import ValidationResult, validate

SUITE = Path(__file__).resolve().parent / "shapes"
EX = "http://example.org/"
PREFIXES = {"ex": EX, "obs": "https://w3id.org/fupin-kg/id/obs/"}


def cases() -> list[tuple[str, str, list[dict[str, str]]]]:
    found = []
    for manifest in sorted(SUITE.glob("*/manifest.yaml")):
        entries = yaml.safe_load(manifest.read_text(encoding="utf-8")) or {}
        files = {p.name for p in manifest.parent.glob("*.ttl")}
        assert files == set(entries), f"{manifest}: cases and manifest differ"
        for name, expected in sorted(entries.items()):
            found.append((manifest.parent.name, name, list(expected or [])))
    return found


CASES = cases()


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return load_shapes()


def load_ontology_and_vocab() -> Graph:
    g = load_ontology()
    # The vocabularies the shapes consult (unit kinds, group classes); indicators are given
    # by base.ttl so that the suite does not depend on the indicator scheme's contents.
    for name in ("units.ttl", "groups.ttl", "phases.ttl", "subject-classes.ttl"):
        g.parse(ontology_dir() / "vocab" / name, format="turtle")
    return g


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return load_ontology_and_vocab()


_RESULTS: dict[tuple[Path | None, str], ValidationResult] = {}


def run(case: Path | None, shapes: Graph, ontology: Graph, engine: str = DEFAULT_ENGINE
        ) -> ValidationResult:
    """Validate a case (cached: the coverage test reads the same results)."""
    if (case, engine) not in _RESULTS:
        _RESULTS[case, engine] = _validate(case, shapes, ontology, engine)
    return _RESULTS[case, engine]


def _validate(case: Path | None, shapes: Graph, ontology: Graph, engine: str
              ) -> ValidationResult:
    data = Graph()
    data.parse(SUITE / "base.ttl", format="turtle")
    if case is not None:
        data.parse(case, format="turtle")
    return validate(data, shapes, ontology, engine=engine)


def expand(name: str) -> str:
    prefix, _, local = name.partition(":")
    return PREFIXES[prefix] + local if prefix in PREFIXES else name


def test_the_suite_covers_every_rule(shapes: Graph, ontology: Graph) -> None:
    """Every SPARQL rule (arithmetic included) and every core component the shapes use has
    at least one invalid case that triggers it."""
    from kg.namespaces import SH

    rules = {str(m) for c in shapes.objects(None, SH.sparql)
             for m in shapes.objects(c, SH.message) if getattr(m, "language", None) == "en"}
    triggered: set[str] = set()
    for folder, name, expected in CASES:
        if expected:
            result = run(SUITE / folder / name, shapes, ontology)
            for f in [*result.violations, *result.warnings]:
                triggered |= {r for r in rules if _template_matches(r, f.message_en)}
    assert sorted(rules - triggered) == []
    components = {e["component"] for _, _, expected in CASES for e in expected}
    for needed in ("sh:LessThanOrEqualsConstraintComponent", "sh:LessThanConstraintComponent",
                   "sh:QualifiedMinCountConstraintComponent", "sh:InConstraintComponent",
                   "sh:ClassConstraintComponent", "sh:OrConstraintComponent",
                   "sh:NotConstraintComponent", "sh:PatternConstraintComponent",
                   "sh:UniqueLangConstraintComponent", "sh:DatatypeConstraintComponent"):
        assert needed in components, needed


def _template_matches(template: str, text: str) -> bool:
    import re

    parts = re.split(r"\{[?$][A-Za-z_][A-Za-z0-9_]*\}", template)
    return re.fullmatch("(?s)" + ".*?".join(map(re.escape, parts)), text) is not None


@pytest.mark.parametrize("engine", ENGINES)
def test_base_conforms_without_findings(shapes: Graph, ontology: Graph, engine: str) -> None:
    result = run(None, shapes, ontology, engine)
    assert result.violations + result.warnings == []


# Every case on both engines: pyshacl is the reference, and the default engine (turbo) is
# used by kg build only because it gives exactly these results too.
@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize(("folder", "name", "expected"), CASES,
                         ids=[f"{f}/{n}" for f, n, _ in CASES])
def test_shape_case(folder: str, name: str, expected: list[dict[str, str]], shapes: Graph,
                    ontology: Graph, engine: str) -> None:
    result = run(SUITE / folder / name, shapes, ontology, engine)
    findings = [*result.violations, *result.warnings, *result.infos]
    got = Counter((f.focus, f.component, f.severity) for f in findings)
    want = Counter((expand(e["focus"]), e["component"], e.get("severity", "Violation"))
                   for e in expected)
    assert got == want, "\n".join(f"{f.severity} {f.shape} {f.focus}: {f.message_en}"
                                  for f in findings)
    assert result.conforms == (not any(s == "Violation" for _, _, s in want))
    for f in findings:
        # Every message is given in both languages, with its template filled in.
        assert f.message_en and f.message_zh and f.message_en != f.message_zh, f
        assert "{?" not in f.message_en + f.message_zh, f
