"""Run the shell commands a Markdown document shows, as a reader would type them.

Every fenced block marked ``sh`` is a script: its lines run one after the other in one
working folder, each with ``bash -c`` and the project's virtual environment first on PATH.
A line ending in `` &`` starts a server: it runs in the background, and the next line waits
until the port it names (``--port N`` or ``--bind HOST:N``) answers. ``make test`` is never
run (it is the command that runs this). Comments after ``#`` are the reader's, not bash's.
"""

from __future__ import annotations

import os
import re
import shlex
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

_FENCE = re.compile(r"^```sh\n(.*?)^```", re.MULTILINE | re.DOTALL)
_HEREDOC = re.compile(r"<<-?'?(\w+)'?\s*$")
_PORT = re.compile(r"(?:--port[ =](\d+))|(?:--bind[ =][\w.\[\]:]*:(\d+))")
NOT_RUN = ("make test",)


@dataclass(frozen=True)
class Command:
    source: str  # file:line
    text: str
    background: bool

    @property
    def port(self) -> int | None:
        m = _PORT.search(self.text)
        return int(m.group(1) or m.group(2)) if m else None


def _strip_comment(line: str) -> str:
    """The line without a trailing ``# …`` comment (a # inside quotes is kept)."""
    try:
        words = shlex.split(line, comments=True)
    except ValueError:
        return line.strip()
    if not words:
        return ""
    # Cut at the first ' #' that shlex also treated as a comment.
    for m in re.finditer(r"\s#", line):
        head = line[: m.start()]
        try:
            if shlex.split(head, comments=True) == words:
                return head.strip()
        except ValueError:
            continue
    return line.strip()


def commands(path: Path) -> list[Command]:
    text = path.read_text(encoding="utf-8")
    out: list[Command] = []
    for block in _FENCE.finditer(text):
        first_line = text[: block.start(1)].count("\n") + 1
        pending, start, heredoc = "", 0, None
        for i, raw in enumerate(block.group(1).splitlines()):
            line = raw.rstrip()
            if heredoc is not None:  # the body of a here-document belongs to its command
                pending += raw + "\n"
                if line == heredoc:
                    out.append(Command(f"{path.name}:{start}", pending.rstrip("\n"), False))
                    pending, heredoc = "", None
                continue
            if not pending:
                start = first_line + i
            if m := _HEREDOC.search(line):
                heredoc, pending = m.group(1), line + "\n"
                continue
            if line.endswith("\\"):
                pending += line[:-1] + " "
                continue
            full = _strip_comment(pending + line)
            pending = ""
            if not full or full in NOT_RUN:
                continue
            background = full.endswith("&")
            out.append(Command(f"{path.name}:{start}", full.rstrip("&").strip(), background))
    return out


def _wait_for_port(port: int, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as s:
            s.settimeout(1)
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.3)
    raise TimeoutError(f"nothing answered on port {port} after {seconds:.0f} s")


@contextmanager
def session(cwd: Path, venv_bin: Path) -> Iterator[Runner]:
    runner = Runner(cwd, venv_bin)
    try:
        yield runner
    finally:
        runner.stop()


class Runner:
    def __init__(self, cwd: Path, venv_bin: Path):
        self.cwd = cwd
        self.env = {**os.environ, "PATH": f"{venv_bin}{os.pathsep}{os.environ['PATH']}"}
        self.background: list[subprocess.Popen[bytes]] = []

    def run(self, command: Command, timeout: float = 900) -> subprocess.CompletedProcess[str]:
        if command.background:
            proc = subprocess.Popen(["bash", "-c", command.text], cwd=self.cwd, env=self.env,
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                    start_new_session=True)
            self.background.append(proc)
            if command.port is not None:
                _wait_for_port(command.port, 180)
            return subprocess.CompletedProcess(command.text, 0, "", "")
        return subprocess.run(["bash", "-c", command.text], cwd=self.cwd, env=self.env,
                              capture_output=True, text=True, timeout=timeout, check=False)

    def stop(self) -> None:
        for proc in self.background:
            try:
                os.killpg(proc.pid, signal.SIGTERM)
                proc.wait(timeout=20)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                os.killpg(proc.pid, signal.SIGKILL)
