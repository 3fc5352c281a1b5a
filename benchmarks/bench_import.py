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


def _time_case_work(folder: Path) -> tuple[float, float]:
    """Installing the built-in case sets into a fresh db, and reading every passage and footnote for case names."""
    from workbench.core.db import open_store
    from workbench.core.importing.detect import parse_bytes

    from workbench.core.caselists import parse_case_list
    from workbench.core.cases import ensure_case_sets, resolver_for

    parsed = parse_bytes(REPORT.read_bytes(), REPORT)
    store = open_store(str(folder / "cases.db"))
    try:
        with store.transaction() as conn:
            started = time.perf_counter()
            ensure_case_sets(conn)
            install = time.perf_counter() - started
            resolver = resolver_for(conn)
        started = time.perf_counter()
        for passage in parsed.passages:
            resolver.find_mentions(passage.text)
        for note in parsed.footnotes:
            parse_case_list(note.text, resolver)
        return install, time.perf_counter() - started
    finally:
        store.close()


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
    with tempfile.TemporaryDirectory() as tmp:
        installs, recognitions = [], []
        for run in range(args.runs):
            folder = Path(tmp) / str(run)
            folder.mkdir()
            install, recognition = _time_case_work(folder)
            installs.append(install)
            recognitions.append(recognition)
    median = statistics.median(timings)
    print(
        f"import {REPORT.name}: {result.passages} passages, {result.footnotes} footnotes, "
        f"{result.sections} sections, {result.pages} pages, {result.suggestions} case suggestions"
    )
    print(f"  import median {median:.3f} s, min {min(timings):.3f} s over {args.runs} runs into fresh databases")
    print("  where the time goes (medians):")
    print(f"    parse                      {statistics.median(parses):.3f} s")
    print(f"    install built-in case sets {statistics.median(installs):.3f} s (fresh db only)")
    print(f"    recognise case names       {statistics.median(recognitions):.3f} s (passages: mentions; footnotes: case lists)")
    verdict = "within" if median <= TARGET_S else "OVER"
    print(f"  target {TARGET_S:.1f} s: median is {median / TARGET_S:.2f} x the target ({verdict})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
