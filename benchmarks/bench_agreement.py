"""Agreement at case level: 5 coders × 500 codes × 21 regions, target under 0.5 s.

Two figures:

* ``measures``: the per-code tables already in memory; every measure per code,
  pooled, mean and the pairwise Cohen matrix (``report.build_report``);
* ``project``: the whole ``workbench agreement`` path from a temporary SQLite
  project (resolve coders and codes, read the codings, build the tables, all
  measures). The data is synthetic and seeded: 50 parent codes with 9 children
  each, every coder codes each leaf code on one to three passages, naming the
  regions a "true" reading gives plus about 8 % coder noise.

Prints the median of several runs and its ratio to the target.
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TARGET_S = 0.5
N_CODERS = 5
N_PARENTS = 50
N_CHILDREN = 9  # 50 parents + 450 children = 500 codes
N_REGIONS = 21
RUNS = 7


def synthetic_readings(seed: int = 2020):
    """code path -> coder -> set of region indexes; seeded."""
    rng = random.Random(seed)
    readings = {}
    for p in range(N_PARENTS):
        for c in range(N_CHILDREN):
            path = f"tema {p:02d}/kod {c}"
            prevalence = rng.choice((0.05, 0.15, 0.3, 0.6))
            truth = {r for r in range(N_REGIONS) if rng.random() < prevalence}
            per_coder = {}
            for k in range(N_CODERS):
                noise = 0.04 + 0.04 * k  # coder 5 is the sloppiest
                per_coder[f"kodare{k + 1}"] = {r for r in range(N_REGIONS) if (r in truth) != (rng.random() < noise)}
            readings[path] = per_coder
    return readings


def in_memory_tables(readings):
    """500 tables: each leaf code, and each parent as the union of its children (as the case level does)."""
    coders = [f"kodare{k + 1}" for k in range(N_CODERS)]
    tables = {}
    for p in range(N_PARENTS):
        parent = f"tema {p:02d}"
        children = [path for path in readings if path.startswith(parent + "/")]
        union = {c: set().union(*(readings[path][c] for path in children)) for c in coders}
        tables[parent] = [tuple(1 if r in union[c] else 0 for c in coders) for r in range(N_REGIONS)]
        for path in children:
            tables[path] = [tuple(1 if r in readings[path][c] else 0 for c in coders) for r in range(N_REGIONS)]
    leaves = [path for path in tables if "/" in path]
    return coders, tables, leaves


def build_project(db_path: str, readings, seed: int = 7) -> None:
    from sqlalchemy import text

    from workbench.core.db import open_store

    rng = random.Random(seed)
    store = open_store(db_path)
    now = datetime.now(timezone.utc).isoformat()
    with store.transaction() as conn:
        conn.execute(text(
            "INSERT INTO case_set (name, noun_singular, noun_plural, noun_definite_plural, noun_singular_en, noun_plural_en)"
            " VALUES ('regioner', 'region', 'regioner', 'regionerna', 'region', 'regions')"))
        conn.execute(text("INSERT INTO case_item (case_set_id, name) VALUES (1, :n)"),
                     [{"n": f"Region {i:02d}"} for i in range(N_REGIONS)])
        conn.execute(text("INSERT INTO document (title, path, format, content_hash, text, imported_at)"
                          " VALUES ('synthetic', 'x', 'plain', 'h', :t, :now)"), {"t": "x" * 200_000, "now": now})
        conn.execute(text("INSERT INTO passage (document_id, seq, kind, text, start_offset, end_offset)"
                          " VALUES (1, :s, 'paragraph', :t, :a, :b)"),
                     [{"s": i, "t": "x" * 100, "a": i * 100, "b": i * 100 + 100} for i in range(2000)])
        conn.execute(text("INSERT INTO codebook (name, content_hash) VALUES ('bench', 'h')"))
        code_id: dict[str, int] = {}
        rows, closure = [], []
        next_id = 1
        for p in range(N_PARENTS):
            parent = f"tema {p:02d}"
            code_id[parent] = next_id
            rows.append({"id": next_id, "parent": None, "path": parent, "name": parent, "seq": next_id, "depth": 0})
            closure.append({"a": next_id, "d": next_id, "k": 0})
            next_id += 1
            for c in range(N_CHILDREN):
                path = f"{parent}/kod {c}"
                code_id[path] = next_id
                rows.append({"id": next_id, "parent": code_id[parent], "path": path, "name": f"kod {c}", "seq": next_id, "depth": 1})
                closure += [{"a": next_id, "d": next_id, "k": 0}, {"a": code_id[parent], "d": next_id, "k": 1}]
                next_id += 1
        conn.execute(text("INSERT INTO code (id, codebook_id, parent_id, path, name, seq, depth)"
                          " VALUES (:id, 1, :parent, :path, :name, :seq, :depth)"), rows)
        conn.execute(text("INSERT INTO code_closure (ancestor_id, descendant_id, depth) VALUES (:a, :d, :k)"), closure)
        coders = sorted({c for per in readings.values() for c in per})
        conn.execute(text("INSERT INTO coder (name) VALUES (:n)"), [{"n": c} for c in coders])
        coder_id = {c: i + 1 for i, c in enumerate(coders)}
        codings, links = [], []
        cid = 0
        for path, per_coder in readings.items():
            for coder, regions in per_coder.items():
                regions = sorted(regions)
                if not regions:
                    continue
                parts = rng.randint(1, min(3, len(regions)))
                for i in range(parts):
                    cid += 1
                    codings.append({"id": cid, "p": rng.randint(1, 2000), "c": code_id[path], "k": coder_id[coder], "now": now})
                    links += [{"g": cid, "r": r + 1} for r in regions[i::parts]]
        conn.execute(text("INSERT INTO coding (id, passage_id, code_id, coder_id, memo, created_at, updated_at)"
                          " VALUES (:id, :p, :c, :k, '', :now, :now)"), codings)
        conn.execute(text("INSERT INTO coding_case (coding_id, case_id) VALUES (:g, :r)"), links)
    store.close()
    return cid


def median_time(fn, runs: int = RUNS) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    from workbench.core.agreement.levels import agreement_report
    from workbench.core.agreement.report import build_report
    from workbench.core.db import open_store

    readings = synthetic_readings()
    coders, tables, leaves = in_memory_tables(readings)

    def measures_only():
        return build_report(tables, coders=coders, source="bench", level="case", categories=(0, 1), pooled_over=leaves)

    report = measures_only()
    t_mem = median_time(measures_only)
    print(f"agreement measures, {N_CODERS} coders × {len(tables)} codes × {N_REGIONS} regions (in memory): "
          f"median {t_mem * 1000:.1f} ms of {RUNS} runs; {t_mem / TARGET_S:.2f} × the {TARGET_S} s target")
    print(f"   pooled alpha {report.pooled.summary.krippendorff_alpha.value:.3f}, "
          f"mean alpha {report.mean.summary.krippendorff_alpha.value:.3f}, "
          f"lowest mean pairwise kappa: {min(report.pairwise.mean_by_coder().items(), key=lambda kv: kv[1].value)[0]}")

    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "bench.db")
        n_codings = build_project(db, readings)
        store = open_store(db)
        try:
            def from_project():
                return agreement_report(store, level="case")

            full = from_project()
            t_db = median_time(from_project)
        finally:
            store.close()
    print(f"agreement from a project db ({n_codings} codings, {len(full.entries)} code entries incl. parents): "
          f"median {t_db * 1000:.1f} ms of {RUNS} runs; {t_db / TARGET_S:.2f} × the {TARGET_S} s target")


if __name__ == "__main__":
    main()
