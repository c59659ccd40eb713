"""Standard output carries the requested data only: no third-party banner, no notice.

Each command runs in a fresh interpreter, because a banner is printed once, at the first
import of the module that prints it (JioNLP prints two lines when it loads).
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import pytest

from tests.conftest import devset_files, needs_devset


def kg(*args: str) -> str:
    done = subprocess.run([sys.executable, "-m", "kg.cli", *args], capture_output=True,
                          text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout


@needs_devset
@pytest.mark.parametrize("path", devset_files(), ids=lambda p: p.stem)
def test_extract_json_parses_on_every_devset_article(path: object) -> None:
    rows = json.loads(kg("extract", str(path), "--format", "json"))
    assert isinstance(rows, list) and rows


@needs_devset
def test_extract_csv_and_export_and_query_are_clean() -> None:
    path = str(devset_files()[2])  # names villages outside 兴县: the gazetteer is loaded
    lines = kg("extract", path, "--format", "csv").splitlines()
    assert lines[0].startswith("article_id,"), lines[:3]
    exported = json.loads(kg("export", "observations", "--corpus", path, "--format", "json"))
    assert exported
    header = next(csv.reader(io.StringIO(kg("export", "entities", "--corpus", path,
                                            "--format", "csv"))))
    assert header[0] == "id"
    answer = json.loads(kg("query", "draft-figures", "--corpus", path, "--format", "json"))
    assert answer
