"""The README and the tutorial say what is true: every shell command they show runs (in
order, from the repository's root, as a reader would type them after `make run`), the CLI
reference is the commands' own `--help`, and the outputs table lists what `kg build` writes."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from kg.clidoc import reference, section
from tests.conftest import REPO
from tests.docsrun import Command, commands, session

README = REPO / "README.md"
TUTORIAL = REPO / "docs" / "tutorial.md"
VENV_BIN = Path(sys.executable).parent


def _run_all(path: Path) -> list[tuple[Command, subprocess.CompletedProcess[str]]]:
    done = []
    with session(REPO, VENV_BIN) as runner:
        for command in commands(path):
            done.append((command, runner.run(command)))
    return done


@pytest.fixture(scope="module")
def readme_run() -> Iterator[list[tuple[Command, subprocess.CompletedProcess[str]]]]:
    yield _run_all(README)


def _failures(done: list[tuple[Command, subprocess.CompletedProcess[str]]]) -> list[str]:
    return [f"{c.source}: `{c.text[:80]}` exited {r.returncode}: {r.stderr.strip()[-400:]}"
            for c, r in done if r.returncode != 0]


def test_every_readme_command_runs(
        readme_run: list[tuple[Command, subprocess.CompletedProcess[str]]]) -> None:
    assert len(readme_run) >= 10
    assert _failures(readme_run) == []
    out = {c.text: r.stdout for c, r in readme_run}
    # what the tour promises to show
    assert "光伏扶贫" in out[".venv/bin/kg path 光伏扶贫 公益岗位"]
    provenance = next(v for k, v in out.items() if "provenance-of-a-figure" in k)
    assert "今年安排专项扶贫资金1.45亿元" in provenance
    oxigraph = next(v for k, v in out.items() if "7878/query" in k)
    assert oxigraph.splitlines()[0].startswith("subject,subject_label,period")
    assert len(oxigraph.splitlines()) > 2


def test_outputs_table_lists_what_build_writes(
        readme_run: list[tuple[Command, subprocess.CompletedProcess[str]]]) -> None:
    text = README.read_text(encoding="utf-8")
    table = text.split("### Outputs of `kg build` (in `dist/`)", 1)[1].split("\n\n", 2)[1]
    listed = set()
    for row in table.splitlines()[2:]:
        first = row.split("|")[1]
        listed |= {name.rstrip("/") for name in re.findall(r"`([^`]+)`", first)}
    written = {p.name for p in (REPO / "dist").iterdir() if not p.name.startswith(".")}
    assert listed == written


def test_every_tutorial_command_runs() -> None:
    done = _run_all(TUTORIAL)
    assert len(done) >= 8
    assert _failures(done) == []
    counts = [r.stdout.strip() for c, r in done if c.text.startswith("grep -c")]
    assert counts[0] == "10" and counts[1] == "8", counts  # ten drafts, then eight curated
    assert (REPO / "tutorial-dist" / "lanxian.html").stat().st_size > 10_000


def test_cli_reference_is_current() -> None:
    text = README.read_text(encoding="utf-8")
    assert section(text) == reference(), (
        "the README's CLI reference is stale: run `python -m kg.clidoc --write README.md`")
