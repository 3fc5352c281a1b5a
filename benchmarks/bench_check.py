"""Checking every count claim of the bundled 2020 report: target under 2 s median.

    python benchmarks/bench_check.py [--runs N]

Times ``check_file`` end to end (parse with the importer, find claims, read
every footnote as a case list, judge, locate page and line), and the parts:
the parse alone and claim finding alone, so a slow figure says where to look.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

REPORT = Path(__file__).resolve().parents[1] / "examples" / "regionalt-tillvaxtarbete-2020.txt"
TARGET_S = 2.0


def _timed(fn) -> tuple[float, object]:
    started = time.perf_counter()
    value = fn()
    return time.perf_counter() - started, value


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)

    from workbench.core.checking.claims import ClaimFinder, find_claims
    from workbench.core.checking.report import case_sets, check_file
    from workbench.core.importing.detect import parse_bytes

    check_file(REPORT)  # warm imports and the regex caches
    totals, result = [], None
    for _ in range(args.runs):
        seconds, result = _timed(lambda: check_file(REPORT))
        totals.append(seconds)
    data = REPORT.read_bytes()
    parses = [_timed(lambda: parse_bytes(data, REPORT))[0] for _ in range(args.runs)]
    parsed = parse_bytes(data, REPORT)
    nouns, resolvers = case_sets()
    finder = ClaimFinder(nouns, resolvers)
    finds = [_timed(lambda: find_claims(finder, parsed.passages))[0] for _ in range(args.runs)]
    median = statistics.median(totals)
    s = result.summary
    print(f"check {REPORT.name}: {s.claims} claims, {s.mismatches} mismatches, {s.warnings} footnote warnings")
    print(f"  check_file median {median:.3f} s, min {min(totals):.3f} s over {args.runs} runs "
          f"(target {TARGET_S:.1f} s: {median / TARGET_S:.0%} of it)")
    print(f"    parse        {statistics.median(parses):.3f} s")
    print(f"    find claims  {statistics.median(finds):.3f} s")
    return 0 if median <= TARGET_S else 1


if __name__ == "__main__":
    raise SystemExit(main())
