"""Build the demo project from the bundled 2020 report.

    python examples/build_demo.py [--db PATH] [--force]

Steps (all in workbench.core.demo.build_demo, which `workbench demo` runs too):
1. import examples/regionalt-tillvaxtarbete-2020.txt (the report as text
   extracted from its PDF);
2. install codebooks/regional-tillvaxt-2020.yaml;
3. for every entry of examples/claims-2020.yaml (footnote number -> code), code
   the passage that carries the footnote reference with the regions the
   footnote lists, as coder "rapporten". Problems in the report's own footnotes
   (count mismatches, aliases, typos, duplicates) are printed and kept in the
   coding's memo.
Re-running it is safe: the database is rebuilt only when an input changed
(or with --force), and a half-built database never replaces a good one.
"""

from __future__ import annotations

import argparse
import sys

from workbench.core.demo import build_demo
from workbench.core.errors import WorkbenchError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("--db", help="where to write the demo database (default examples/demo.db)")
    parser.add_argument("--force", action="store_true", help="rebuild even if the inputs are unchanged")
    args = parser.parse_args(argv)
    try:
        built = build_demo(args.db, force=args.force)
    except WorkbenchError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    state = "built" if built.rebuilt else "up to date"
    print(f"{built.db_path}: {state}; {built.coded} of {built.claims} claims coded")
    for problem in built.problems:
        print(f"  report problem: {problem}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
