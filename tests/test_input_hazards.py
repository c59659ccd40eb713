"""Hostile and careless input (issue 15): alias bombs, control characters, infinities and
over-long files give one line naming the file and line, exit 2, quickly, with no traceback."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.errors import InputError
from kg.sources import MAX_SOURCE_BYTES, read_source
from kg.yamlfiles import MAX_YAML_LINE, compose_yaml, load_yaml_mapping

ARTICLE = "本报讯 今年以来,某县帮助贫困群众就业1200人。\n"

# Nine levels of anchors, each a list of nine aliases of the previous: 9**9 strings expanded.
BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8)
) + "date: *i\n"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


# (file name, content, expected path:line, message)
HAZARDS = {
    "alias bomb in a sidecar": ("a.meta.yaml", BOMB, "a.meta.yaml:1", "anchors and aliases"),
    "alias bomb in front matter": ("a.md", "---\n" + BOMB + "---\n" + ARTICLE, "a.md:2",
                                   "anchors and aliases"),
    "alias in an order file": ("a.order.yaml", "successors:\n  - &s {after: 人。, next: null}\n"
                               "  - *s\n", "a.order.yaml:2", "anchors and aliases"),
    "alias in an entity file": ("a.entities.yaml", "entities:\n  - &e {type: Programme, "
                                "label_zh: 光伏扶贫}\n  - *e\n", "a.entities.yaml:2",
                                "anchors and aliases"),
    "NUL in a sidecar": ("a.meta.yaml", "date: 2020-08-25\ntitle: a\x00b\n", "a.meta.yaml:2",
                         "control character U+0000"),
    "bad date in a sidecar": ("a.meta.yaml", "date: 2020-13-45\n", "a.meta.yaml:1",
                              "malformed metadata YAML"),
    "list as front matter": ("a.md", "---\n- a\n- b\n---\n" + ARTICLE, "a.md:2",
                             "must be a mapping"),
    "over-long YAML line": ("a.meta.yaml", "title: " + "长" * (MAX_YAML_LINE + 1) + "\n",
                            "a.meta.yaml:1", "over the limit"),
}


@pytest.mark.parametrize("case", sorted(HAZARDS))
def test_hazard_is_one_clean_line(case: str, tmp_path: Path) -> None:
    name, content, where, message = HAZARDS[case]
    if name != "a.md":
        (tmp_path / "a.md").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / name).write_text(content, encoding="utf-8")
    began = time.perf_counter()
    code, out, err = run("ingest", str(tmp_path))
    took = time.perf_counter() - began
    assert code == 2, (out, err)
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1, err
    assert f"{where}: " in err and message in err, err
    assert took < 20  # not a speed goal: a bomb that expanded would take minutes


def test_plain_yaml_still_reads() -> None:
    assert load_yaml_mapping("date: 2020-08-25\ntitle: 兴县\n", "m.yaml")["title"] == "兴县"
    assert load_yaml_mapping("", "m.yaml") == {}
    node = compose_yaml("a: [1, 2]\n", "m.yaml")
    assert node is not None


@pytest.mark.parametrize("text", ["a: &x 1\n", "a: *x\n", "? &k a\n: 1\n"])
def test_any_anchor_or_alias_is_refused(text: str) -> None:
    with pytest.raises(InputError, match="anchors and aliases"):
        compose_yaml(text, "m.yaml")


def test_source_over_the_size_limit_is_refused(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    with big.open("wb") as f:
        f.truncate(MAX_SOURCE_BYTES + 1)
    with pytest.raises(InputError, match="over the limit"):
        read_source(big)
