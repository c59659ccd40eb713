"""The main job end to end through the CLI: build, exports, extract, eval, determinism."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.entities.export import COLUMNS as ENTITY_COLUMNS
from kg.export import OBSERVATION_COLUMNS
from tests.conftest import SAMPLE, devset_files, needs_devset


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    code, stdout, stderr = run("build", "--out", str(out), "--quiet")
    assert code == 0, stdout + stderr
    (out / "stdout.txt").write_text(stdout, encoding="utf-8")
    return out


def test_build_summary_says_what_and_where(dist: Path) -> None:
    summary = (dist / "stdout.txt").read_text(encoding="utf-8")
    assert "4 articles" in summary
    assert "Validation: conforms" in summary
    assert "0 draft" in summary and "0 unexplained" in summary
    for name in ("kg.trig", "kg.ttl", "observations.csv", "coverage.csv", "entities.csv",
                 "validation-report.ttl"):
        assert str(dist / name) in summary
        assert (dist / name).stat().st_size > 0


def test_build_is_byte_identical(dist: Path, tmp_path: Path) -> None:
    code, _, _ = run("build", "--out", str(tmp_path), "--quiet")
    assert code == 0
    for name in ("kg.trig", "kg.ttl", "kg.nt", "kg.jsonld", "observations.csv",
                 "coverage.csv", "entities.csv", "validation-report.ttl", "linking.csv",
                 "void.ttl", "ontology.html", "unresolved-places.csv"):
        assert (tmp_path / name).read_bytes() == (dist / name).read_bytes(), name


def test_observation_table_columns_and_values(dist: Path) -> None:
    text = (dist / "observations.csv").read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert tuple(rows[0]) == OBSERVATION_COLUMNS
    assert {r["status"] for r in rows} == {"curated"}
    assert {r["approx"] for r in rows} <= {"exact", "approx", "at_least", "at_most", "range"}
    # 1.45亿元 is normalised to yuan and exported with the currency code.
    (money,) = [r for r in rows if r["stated_as"] == "1.45亿元"]
    assert (money["value"], money["unit"]) == ("145000000", "CNY")
    source = SAMPLE.read_text(encoding="utf-8")
    for r in rows:
        assert r["stated_as"] in r["quote"]
        assert int(r["start"]) < int(r["end"]) <= len(source)


def test_export_matches_build_and_json(dist: Path) -> None:
    code, out, _ = run("export", "observations")
    assert code == 0
    assert out == (dist / "observations.csv").read_text(encoding="utf-8")
    code, out, _ = run("export", "entities", "--format", "json")
    assert code == 0
    rows = json.loads(out)
    assert rows and set(rows[0]) == set(ENTITY_COLUMNS)


def test_extract_a_new_article_gives_drafts(tmp_path: Path) -> None:
    article = tmp_path / "news.txt"
    article.write_text("# 某县就业扶贫\n\n本报讯 今年以来,某县帮助贫困劳动力就业1200人,"
                       "发放补贴约35.6万元。\n", encoding="utf-8")
    code, out, err = run("extract", str(article))
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [(r["value"], r["unit"], r["approx"], r["status"]) for r in rows] == [
        ("1200", "person", "exact", "draft"), ("356000", "CNY", "approx", "draft")]
    code, out, _ = run("extract", str(article), "--format", "ttl")
    assert code == 0 and "fk:Observation" in out and "oa:TextQuoteSelector" in out


def test_extract_refuses_a_folder(tmp_path: Path) -> None:
    code, _, err = run("extract", str(tmp_path))
    assert code == 2 and "expected one article file" in err


def test_eval_needs_a_gold_file() -> None:
    code, _, err = run("eval")
    assert code == 2 and "--gold" in err


def test_eval_reports_a_malformed_gold_file(tmp_path: Path) -> None:
    gold = tmp_path / "gold.csv"
    gold.write_text("article,raw,value\nx,1,abc\n", encoding="utf-8")
    code, _, err = run("eval", "--gold", str(gold))
    assert code == 2 and "gold.csv" in err and "Traceback" not in err


@needs_devset
def test_devset_builds_with_drafts(tmp_path: Path) -> None:
    code, _, err = run("build", "--corpus", str(devset_files()[0].parent), "--out",
                         str(tmp_path), "--quiet")
    assert code in (0, 1), err  # drafts may break shapes; the build still writes everything
    rows = list(csv.DictReader(io.StringIO(
        (tmp_path / "observations.csv").read_text(encoding="utf-8"))))
    assert rows and {r["status"] for r in rows} == {"draft"}


# ---- measured quality (the figures in the README come from `kg eval`; these are floors) ----

GOLD = Path(__file__).parent / "gold"


def _score(gold: str, corpus: Path | None, curation: bool) -> object:
    from kg.commands.common import build
    from kg.evaluate import evaluate, parse_gold, place_labels
    from kg.export import observation_rows

    built = build(corpus, curation=curation)
    path = GOLD / gold
    union = built.union()
    return evaluate(parse_gold(path.read_text(encoding="utf-8"), str(path)),
                    observation_rows(union), built.corpus.articles, str(path),
                    place_labels(union))


def test_curated_sample_matches_the_independent_gold_exactly() -> None:
    from kg.evaluate import Score

    score = _score("observations-sample.csv", None, True)
    assert isinstance(score, Score)
    assert score.overall[:2] == (1.0, 1.0), [g.raw for g in score.misses]


def test_draft_extraction_on_the_sample() -> None:
    from kg.evaluate import Score

    score = _score("observations-sample.csv", None, False)
    assert isinstance(score, Score)
    precision, recall, _ = score.overall
    assert recall >= 0.95 and precision >= 0.90
    assert score.per_field["indicator"] >= 0.8 * score.matched


@needs_devset
def test_draft_extraction_on_the_devset() -> None:
    from kg.evaluate import Score

    score = _score("observations-devset.csv", devset_files()[0].parent, False)
    assert isinstance(score, Score)
    precision, recall, f1 = score.overall
    assert recall >= 0.90 and precision >= 0.85
    # The figures of issue #14's table, as reported in the README (floors at the level
    # reached on 2026-12-01; the goals are 0.95, 0.90, 0.85, 0.70 and 0.80).
    assert f1 >= 0.95
    assert score.share("period") >= 0.93
    assert score.share("indicator") >= 0.93
    assert score.share("subject") >= 0.72
    assert score.share("place_present") >= 0.96
    assert score.share("place") >= 0.85


def test_readme_documents_every_command() -> None:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    for name in main.commands:
        assert f"`kg {name}" in readme, name
    assert "make run" in readme and "make test" in readme
