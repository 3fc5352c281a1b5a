"""Importing the bundled 2020 report into a fresh project: target under 0.5 s median.

    python benchmarks/bench_import.py [--runs N]

Each run opens a new temporary project database (not timed: that is creating
the project) and times ``import_file`` on the report: reading, parsing,
recognising case names and writing everything in one transaction. The parse
alone is timed too, so a slow figure says which side to look at.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

REPORT = Path(__file__).resolve().parents[1] / "examples" / "regionalt-tillvaxtarbete-2020.txt"
TARGET_S = 0.5


def _time_import(folder: Path, run: int) -> tuple[float, object]:
    from workbench.core.db import open_store
    from workbench.core.importing.writer import import_file

    store = open_store(str(folder / f"bench-{run}.db"))
    try:
        started = time.perf_counter()
        result = import_file(store, REPORT)
        return time.perf_counter() - started, result
    finally:
        store.close()


def _time_parse() -> float:
    from workbench.core.importing.detect import parse_bytes

    data = REPORT.read_bytes()
    started = time.perf_counter()
    parse_bytes(data, REPORT)
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args(argv)
    # Warm the imports (SQLAlchemy, rapidfuzz, yaml) so that run 1 is not a cold-start figure.
    with tempfile.TemporaryDirectory() as tmp:
        _time_import(Path(tmp), -1)
    timings, result = [], None
    with tempfile.TemporaryDirectory() as tmp:
        for run in range(args.runs):
            seconds, result = _time_import(Path(tmp), run)
            timings.append(seconds)
    parses = [_time_parse() for _ in range(args.runs)]
    median = statistics.median(timings)
    print(
        f"import {REPORT.name}: {result.passages} passages, {result.footnotes} footnotes, "
        f"{result.sections} sections, {result.pages} pages, {result.suggestions} case suggestions"
    )
    print(f"  import median {median:.3f} s, min {min(timings):.3f} s over {args.runs} runs into fresh databases")
    print(f"  parse only    median {statistics.median(parses):.3f} s, min {min(parses):.3f} s")
    verdict = "within" if median <= TARGET_S else "OVER"
    print(f"  target {TARGET_S:.1f} s: median is {median / TARGET_S:.2f} x the target ({verdict})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
