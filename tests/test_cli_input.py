"""Bad input gives one line naming the path, exit status 2, never a traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main

TEXT = "# 某县新闻\n\n本报讯 今年以来,某县帮助贫困群众就业1200人。\n"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        ("empty-folder", "no .md or .txt files"),
        ("missing", "no such file or folder"),
        ("binary", "binary file"),
        ("unknown-encoding", "unknown text encoding"),
        ("empty-file", "the file is empty"),
    ],
)
def test_bad_input(tmp_path: Path, setup: str, message: str) -> None:
    target = tmp_path / "corpus"
    if setup != "missing":
        target.mkdir()
    if setup == "binary":
        (target / "a.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    elif setup == "unknown-encoding":
        (target / "a.txt").write_bytes(b"\x80\xff\xfe\x81" * 20)
    elif setup == "empty-file":
        (target / "a.md").write_bytes(b"")
    code, _out, err = run("build", "--corpus", str(target), "--out", str(tmp_path / "o"))
    assert code == 2
    assert message in err
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
    assert "corpus" in err  # names the path


def test_gb18030_is_decoded(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(TEXT.encode("gb18030"))
    code, out, _ = run("ingest", str(tmp_path), "--format", "json")
    assert code == 0
    (article,) = json.loads(out)
    assert "就业1200人" in article["text"]


def test_ingest_json_fields(tmp_path: Path) -> None:
    code, out, _ = run("ingest", "--format", "json")
    assert code == 0
    articles = json.loads(out)
    assert len(articles) == 4
    for a in articles:
        assert {"id", "title", "authors", "date", "text", "paragraphs", "flags"} <= set(a)
        for p in a["paragraphs"]:
            assert {"text", "start", "end"} <= set(p)


def test_ingest_report_text() -> None:
    code, out, _ = run("ingest")
    assert code == 0
    for word in ("joined", "moved", "dropped", "flagged"):
        assert word in out


def test_malformed_override_file(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(TEXT, encoding="utf-8")
    (tmp_path / "a.order.yaml").write_text("successors:\n  - after: [unclosed\n", encoding="utf-8")
    code, _, err = run("ingest", str(tmp_path))
    assert code == 2
    assert "a.order.yaml:" in err and "malformed YAML" in err


def test_build_writes_outputs_and_summary(tmp_path: Path) -> None:
    code, out, _ = run("build", "--out", str(tmp_path), "--quiet")
    assert code == 0
    assert "4 articles" in out
    for name in ("kg.trig", "kg.ttl", "kg.jsonld", "kg.nt", "ingest-report.txt"):
        assert (tmp_path / name).stat().st_size > 0
