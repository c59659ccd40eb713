"""kg.parallel.beside: a function computed in a forked process while the caller goes on
(``kg build --jobs N`` validates beside publishing)."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.errors import InputError, KgError
from kg.parallel import beside

_BIG = list(range(200_000))  # inherited by the fork, not pickled


def _sum_and_pid(offset: int) -> tuple[int, int]:
    return sum(_BIG) + offset, os.getpid()


def _fails() -> None:
    raise InputError("bad value", "annotations/a.yaml", 7)


def _dies() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def _unpicklable() -> object:
    return lambda: None


def test_the_value_comes_from_another_process_while_the_caller_goes_on() -> None:
    with beside(_sum_and_pid, 5, jobs=2) as result:
        here = sum(range(10))  # the caller's own work, meanwhile
        value, pid = result()
        assert result() == (value, pid)  # asked again: the same answer, no second run
    assert here == 45 and value == sum(_BIG) + 5
    assert pid != os.getpid()


def test_one_job_computes_here_when_asked() -> None:
    with beside(_sum_and_pid, 1, jobs=1) as result:
        assert result() == (sum(_BIG) + 1, os.getpid())


def test_an_error_is_raised_in_the_caller_whole() -> None:
    with beside(_fails, jobs=2) as result, pytest.raises(InputError) as caught:
        result()
    assert str(caught.value) == "annotations/a.yaml:7: bad value"


def test_a_killed_worker_is_a_clear_error_not_a_hang() -> None:
    with beside(_dies, jobs=2) as result, pytest.raises(KgError, match="died"):
        result()


def test_an_answer_that_cannot_be_pickled_is_reported() -> None:
    with beside(_unpicklable, jobs=2) as result, pytest.raises(RuntimeError,
                                                               match="could not be sent"):
        result()


def test_leaving_without_asking_stops_the_worker() -> None:
    with beside(_sum_and_pid, 0, jobs=2):
        pass  # an error in the caller's own work leaves the with block like this


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_figure_that_does_not_match_its_source_fails_the_build_and_keeps_out(
        jobs: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With two jobs the evidence check runs beside publishing; a mismatch must still fail
    the build before its outputs replace the previous ones."""
    import kg.outputs as outputs

    original = outputs.source_texts

    def altered(built: object) -> dict[str, str]:  # every source's digits changed
        return {iri: text.translate(str.maketrans("0123456789", "1234567890"))
                for iri, text in original(built).items()}  # type: ignore[arg-type]

    monkeypatch.setattr(outputs, "source_texts", altered)
    out = tmp_path / "dist"
    out.mkdir()
    (out / "previous.txt").write_text("the last good build")
    result = CliRunner().invoke(main, ["build", "--out", str(out), "--jobs", jobs, "--no-cache"])
    assert result.exit_code == 2, result.output
    assert "do not match their source text" in result.output
    assert [p.name for p in out.iterdir()] == ["previous.txt"]


_MARKS: list[int] = []


def _marks_and_pid() -> tuple[int, int]:
    return len(_MARKS), os.getpid()


def test_a_fresh_process_holds_none_of_the_callers_memory() -> None:
    """``fresh``: the forkserver's process is sent the function and its arguments and sees
    this module as imported, not as the caller changed it; a fork inherits the change."""
    _MARKS.append(1)
    try:
        with beside(_marks_and_pid, jobs=2, fresh=True) as result:
            assert result() == (0, result()[1]) and result()[1] != os.getpid()
        with beside(_marks_and_pid, jobs=2) as result:
            assert result()[0] == 1
        with beside(_fails, jobs=2, fresh=True) as result, pytest.raises(InputError):
            result()
    finally:
        _MARKS.clear()
