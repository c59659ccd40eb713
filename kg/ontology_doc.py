"""Human documentation of the ontology, generated with pyLODE."""

from __future__ import annotations

import json
import logging
import re
from pathlib import Path

from rdflib import RDF, SKOS, Graph

# pyLODE embeds the ontology as JSON-LD, its nodes in the order of a Python set, which
# changes with the interpreter's hash seed: sorted here so the page is the same every run.
_JSON_LD = re.compile(
    r'(<script id="schema.org" type="application/ld\+json">\n)(.*?)(\n\s*</script>)',
    re.DOTALL)


def _sorted_json_ld(match: re.Match[str]) -> str:
    try:
        nodes = json.loads(match.group(2))
    except json.JSONDecodeError:
        return match.group(0)
    if isinstance(nodes, list):
        nodes.sort(key=lambda node: json.dumps(node, sort_keys=True, ensure_ascii=False))
    return match.group(1) + json.dumps(nodes, indent=2, ensure_ascii=False) + match.group(3)


def ontology_html(ontology_file: Path) -> str:
    from pylode import OntPub

    graph = Graph().parse(ontology_file)
    # pyLODE documents every skos:ConceptScheme as an ontology of its own, which put the
    # cube codes' name in the page's title and heading; the scheme stays an individual.
    graph.remove((None, RDF.type, SKOS.ConceptScheme))
    # pyLODE logs its own progress on the root logger; the build's summary says enough.
    logging.getLogger().setLevel(logging.WARNING)
    html = str(OntPub(graph).make_html())
    # pyLODE stamps the generation time; drop it so the file is byte-identical per input.
    html = re.sub(r"<dt>Generated[^<]*</dt>\s*<dd>[^<]*</dd>", "", html)
    return _JSON_LD.sub(_sorted_json_ld, html, count=1)
