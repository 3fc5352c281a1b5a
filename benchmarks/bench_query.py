"""Query hot paths at scale, each beside a naive SQL baseline measured in the same run.

    python benchmarks/bench_query.py                 # 200k passages, 1M codings (generated once, cached)
    python benchmarks/bench_query.py --codings 100000 --passages 20000

Measured (medians):

* one code's phrase + footnote (``cases_for``) for a top-level code (largest
  subtree) and a leaf; baseline: GROUP BY case over coding JOIN coding_case
  JOIN code_closure for that code;
* the full code x region matrix (``matrix``); baseline: the same GROUP BY for
  every code and case; and the matrix of own codes only (``exact=True``)
  beside a plain GROUP BY code, case over coding JOIN coding_case;
* adding one coding (``add_coding``: a transaction with counts and audit);
  baseline: a bare INSERT of coding + coding_case rows in one transaction.

Targets (issue 3): phrase+footnote < 2 ms, matrix < 50 ms, add < 5 ms.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))


def _median_ms(fn, repeat: int, warmup: int = 2) -> float:
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def _line(name: str, ours: float, base: float, target: float) -> None:
    verdict = "ok" if ours < target else "OVER TARGET"
    print(f"{name:<34} {ours:9.3f} ms   baseline {base:9.2f} ms   {base / ours:8.1f}x faster   target < {target:g} ms: {verdict}",
          flush=True)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Query benchmarks")
    ap.add_argument("--passages", type=int, default=200_000)
    ap.add_argument("--codings", type=int, default=1_000_000)
    ap.add_argument("--codes", type=int, default=500)
    ap.add_argument("--seed", type=int, default=2020)
    ap.add_argument("--repeat", type=int, default=50)
    ap.add_argument("--fresh", action="store_true", help="regenerate the synthetic database")
    args = ap.parse_args(argv)

    import synth
    from sqlalchemy import text

    from workbench.core.coding import add_coding
    from workbench.core.db import open_store
    from workbench.core.query import cases_for, matrix

    cache = HERE / ".cache"
    cache.mkdir(exist_ok=True)
    db = cache / f"synth-{args.passages}-{args.codings}-{args.codes}-{args.seed}.db"
    if args.fresh or not db.exists():
        print(f"generating {db.name} ...", flush=True)
        synth.generate(str(db), passages=args.passages, codings=args.codings, codes=args.codes, coders=5,
                       documents=200, seed=args.seed)
    store = open_store(str(db))
    with store.reading() as conn:
        n_codings = conn.execute(text("SELECT count(*) FROM coding")).scalar()
        n_counts = conn.execute(text("SELECT count(*) FROM code_case_count")).scalar()
        root = conn.execute(text("SELECT path, id FROM code WHERE depth = 0 ORDER BY id LIMIT 1")).one()
        leaf = conn.execute(text("SELECT path, id FROM code WHERE depth = 2 ORDER BY id LIMIT 1")).one()
    print(f"{db.name}: {n_codings} codings, {n_counts} code_case_count rows", flush=True)

    naive_one = text(
        "SELECT cc.case_id, COUNT(*) FROM coding c JOIN coding_case cc ON cc.coding_id = c.id"
        " JOIN code_closure cl ON cl.descendant_id = c.code_id WHERE cl.ancestor_id = :a GROUP BY cc.case_id"
    )
    naive_matrix = text(
        "SELECT cl.ancestor_id, cc.case_id, COUNT(*) FROM coding c JOIN coding_case cc ON cc.coding_id = c.id"
        " JOIN code_closure cl ON cl.descendant_id = c.code_id GROUP BY cl.ancestor_id, cc.case_id"
    )

    def naive(stmt, **params):
        def run():
            with store.reading() as conn:
                conn.execute(stmt, params).all()
        return run

    for label, (path, cid) in (("top-level code", root), ("leaf code", leaf)):
        ours = _median_ms(lambda: cases_for(store, path), args.repeat)
        base = _median_ms(naive(naive_one, a=cid), max(3, args.repeat // 10), warmup=1)
        _line(f"phrase+footnote ({label})", ours, base, 2)

    ours = _median_ms(lambda: matrix(store), max(10, args.repeat // 2))
    base = _median_ms(naive(naive_matrix), 3, warmup=1)
    _line("full matrix (500 codes x 21)", ours, base, 50)
    plain = text("SELECT c.code_id, cc.case_id, COUNT(*) FROM coding c JOIN coding_case cc ON cc.coding_id = c.id"
                 " GROUP BY c.code_id, cc.case_id")
    ours_exact = _median_ms(lambda: matrix(store, exact=True), max(10, args.repeat // 2))
    base_exact = _median_ms(naive(plain), 3, warmup=1)
    _line("matrix, own code only (--exact)", ours_exact, base_exact, 50)

    rng = random.Random(args.seed)
    with store.reading() as conn:
        regions = [r[0] for r in conn.execute(text("SELECT name FROM case_item ORDER BY id"))]
        leaves = [r[0] for r in conn.execute(text("SELECT path FROM code WHERE depth = 2"))]
        n_passages = conn.execute(text("SELECT MAX(id) FROM passage")).scalar()

    def add_one():
        add_coding(store, passage_id=rng.randint(1, n_passages), code=rng.choice(leaves), coder="bench",
                   cases=rng.sample(regions, rng.randint(1, 3)))

    ours = _median_ms(add_one, args.repeat)
    bare_id = [10 ** 9]

    def bare_insert():
        bare_id[0] += 1
        with store.transaction() as conn:
            conn.execute(text("INSERT INTO coding (id, passage_id, code_id, coder_id, memo, created_at, updated_at)"
                              " VALUES (:i, 1, :k, 1, '', 'now', 'now')"), {"i": bare_id[0], "k": leaf[1]})
            conn.execute(text("INSERT INTO coding_case (coding_id, case_id) VALUES (:i, 1)"), {"i": bare_id[0]})

    base = _median_ms(bare_insert, args.repeat)
    print(f"{'add one coding (counts + audit)':<34} {ours:9.3f} ms   bare insert {base:6.2f} ms   "
          f"{ours / base:8.1f}x the bare insert   target < 5 ms: {'ok' if ours < 5 else 'OVER TARGET'}", flush=True)
    # leave the cached database as generated
    with store.transaction() as conn:
        conn.execute(text("DELETE FROM coding WHERE id > 1000000000"))
        bench = conn.execute(text("SELECT id FROM coder WHERE name = 'bench'")).scalar()
        if bench is not None:
            conn.execute(text("DELETE FROM coding WHERE coder_id = :c"), {"c": bench})
            conn.execute(text("DELETE FROM code_case_count WHERE coder_id = :c"), {"c": bench})
            conn.execute(text("DELETE FROM audit WHERE coder_id = :c"), {"c": bench})
            conn.execute(text("DELETE FROM coder WHERE id = :c"), {"c": bench})
    store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
