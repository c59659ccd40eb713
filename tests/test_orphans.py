"""A build killed outright (SIGKILL, the kernel's out-of-memory killer) leaves no worker,
fork or forkserver process of it running (kg.parallel.die_with_parent)."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

# A stand-in for kg build: per-article workers, a fork beside and a fresh (forkserver)
# process beside, all busy for a minute, each writing its pid into the folder it is given.
SCRIPT = '''
import os, sys, time
from pathlib import Path
from kg.parallel import beside, map_items

def busy(folder, kind):
    (Path(folder) / f"{kind}-{os.getpid()}").write_text("")
    time.sleep(60)

def work(folder, index):
    busy(folder, "worker")
    return index

if __name__ == "__main__":
    folder = sys.argv[1]
    with beside(busy, folder, "fork", jobs=2), beside(busy, folder, "fresh", jobs=2, fresh=True):
        list(map_items(work, folder, 2, 2))
'''


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"  # a zombie is dead
    except FileNotFoundError:
        return False


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux's")
def test_killing_the_build_kills_its_helper_processes(tmp_path: Path) -> None:
    script = tmp_path / "build.py"
    script.write_text(SCRIPT)
    folder = tmp_path / "pids"
    folder.mkdir()
    root = Path(__file__).resolve().parent.parent
    proc = subprocess.Popen([sys.executable, str(script), str(folder)], cwd=tmp_path,
                            env={**os.environ, "PYTHONPATH": str(root)})
    try:
        deadline = time.monotonic() + 60
        while len(list(folder.iterdir())) < 4 and time.monotonic() < deadline:
            time.sleep(0.1)
        kinds = sorted(p.name.split("-")[0] for p in folder.iterdir())
        assert kinds == ["fork", "fresh", "worker", "worker"]
        pids = [int(p.name.split("-")[1]) for p in folder.iterdir()]
        assert all(_alive(pid) for pid in pids)
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
        deadline = time.monotonic() + 20
        while any(_alive(pid) for pid in pids) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert [p.name for p in folder.iterdir() if _alive(int(p.name.split("-")[1]))] == []
    finally:
        proc.kill()
        for p in folder.iterdir():
            with contextlib.suppress(ProcessLookupError):
                os.kill(int(p.name.split("-")[1]), signal.SIGKILL)
