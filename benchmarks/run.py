"""Run every benchmark (or the ones named) and print their figures.

    python benchmarks/run.py            # all of them
    python benchmarks/run.py import query

Each ``benchmarks/bench_<name>.py`` is a script with a ``main()`` that prints
its figures: medians, and the ratio to the baseline or target it names. They
run one after another in their own process, so one's caches and memory do not
colour the next one's figures.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main(argv: list[str]) -> int:
    scripts = sorted(HERE.glob("bench_*.py"))
    if argv:
        wanted = set(argv)
        scripts = [s for s in scripts if s.stem.removeprefix("bench_") in wanted]
        missing = wanted - {s.stem.removeprefix("bench_") for s in scripts}
        if missing:
            print(f"unknown benchmark(s): {', '.join(sorted(missing))}; have: "
                  f"{', '.join(s.stem.removeprefix('bench_') for s in sorted(HERE.glob('bench_*.py')))}")
            return 2
    failed = 0
    for script in scripts:
        print(f"== {script.stem.removeprefix('bench_')}", flush=True)
        started = time.perf_counter()
        done = subprocess.run([sys.executable, str(script)], cwd=HERE.parent)
        failed += done.returncode != 0
        print(f"   ({time.perf_counter() - started:.1f} s)\n", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
