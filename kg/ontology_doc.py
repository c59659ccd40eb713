"""Human documentation of the ontology, generated with pyLODE."""

from __future__ import annotations

import logging
import re
from pathlib import Path


def ontology_html(ontology_file: Path) -> str:
    from pylode import OntPub

    # pyLODE logs its own progress on the root logger; the build's summary says enough.
    logging.getLogger().setLevel(logging.WARNING)
    html = str(OntPub(str(ontology_file)).make_html())
    # pyLODE stamps the generation time; drop it so the file is byte-identical per input.
    return re.sub(r"<dt>Generated[^<]*</dt>\s*<dd>[^<]*</dd>", "", html)
