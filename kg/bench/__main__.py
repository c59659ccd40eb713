"""``python -m kg.bench``: the same as ``kg bench``."""

from kg.commands.bench import bench_cmd

if __name__ == "__main__":
    bench_cmd(prog_name="python -m kg.bench")
