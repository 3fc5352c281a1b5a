"""A synthetic project for the query benchmarks: documents, passages, a code tree, coders, codings.

    python benchmarks/synth.py --db /tmp/synth.db --passages 200000 --codings 1000000

Writes straight into a new project database (created by ``open_store`` so the
schema is the real one) with ``executemany``, and fills ``code_case_count``
consistently with the codings, as the coding core would have. The case set
is the built-in ``regioner`` (21 regions, read from the package's YAML). Code
use is skewed (a few codes are common, most are rare) and every coding has
1-3 cases, so the matrix has realistic empty and full cells. Same seed, same
database.
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import sys
import time
from collections import Counter
from importlib import resources
from pathlib import Path

import yaml

WORDS = (
    "regionen kompetensförsörjning validering samverkan kommuner näringsliv insatser utmaningar arbetet "
    "strategi utveckling tillväxt landsbygd innovation företag projekt finansiering uppföljning resultat "
    "internationellt samarbete östersjöstrategin kapacitet analys statlig styrning ansvar nationellt"
).split()


def region_names() -> list[str]:
    data = yaml.safe_load(resources.files("workbench").joinpath("data/casesets/regioner.yaml").read_text(encoding="utf-8"))
    return [c["name"] for c in data["cases"]], data


def code_tree(n_codes: int, rng: random.Random) -> list[tuple[int, int | None, str, int, int]]:
    """(id, parent_id, path, seq, depth) for about n_codes codes, three levels deep."""
    roots = max(1, round(n_codes ** (1 / 3) * 1.2))
    per_root = max(1, round((n_codes / roots) ** 0.5))
    codes: list[tuple[int, int | None, str, int, int]] = []
    next_id = 1
    for r in range(roots):
        if next_id > n_codes:
            break
        rid = next_id
        codes.append((rid, None, f"område {r:02d}", r, 0))
        next_id += 1
        for c in range(per_root):
            if next_id > n_codes:
                break
            cid = next_id
            cpath = f"område {r:02d}/tema {c:02d}"
            codes.append((cid, rid, cpath, c, 1))
            next_id += 1
            for g in range(per_root):
                if next_id > n_codes:
                    break
                codes.append((next_id, cid, f"{cpath}/aspekt {g:02d}", g, 2))
                next_id += 1
    # fill up to n_codes with more leaves under the first themes
    while next_id <= n_codes:
        parent = rng.choice([c for c in codes if c[4] == 1])
        codes.append((next_id, parent[0], f"{parent[2]}/extra {next_id}", next_id, 2))
        next_id += 1
    return codes


def generate(db: str, *, passages: int, codings: int, codes: int, coders: int, documents: int, seed: int, quiet: bool = False) -> None:
    from workbench.core.db import open_store

    path = Path(db)
    if path.exists():
        path.unlink()
    for suffix in ("-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    open_store(db).close()
    rng = random.Random(seed)
    started = time.perf_counter()
    con = sqlite3.connect(db)
    con.execute("PRAGMA synchronous=OFF")
    con.execute("PRAGMA journal_mode=MEMORY")
    names, spec = region_names()
    nouns = spec["nouns"]
    con.execute(
        "INSERT INTO case_set (id, name, noun_singular, noun_plural, noun_definite_plural, noun_singular_en, noun_plural_en, builtin)"
        " VALUES (1, 'regioner', ?, ?, ?, ?, ?, 1)",
        (nouns["sv"]["singular"], nouns["sv"]["plural"], nouns["sv"]["definite_plural"], nouns["en"]["singular"], nouns["en"]["plural"]),
    )
    con.executemany("INSERT INTO case_item (id, case_set_id, name, code) VALUES (?, 1, ?, ?)",
                    [(i + 1, n, c.get("code")) for i, (n, c) in enumerate(zip(names, spec["cases"]))])
    case_ids = list(range(1, len(names) + 1))

    tree = code_tree(codes, rng)
    con.execute("INSERT INTO codebook (id, name, content_hash) VALUES (1, 'synth', 'synth')")
    con.executemany("INSERT INTO code (id, codebook_id, parent_id, path, name, seq, depth) VALUES (?, 1, ?, ?, ?, ?, ?)",
                    [(i, p, path, path.rsplit("/", 1)[-1], s, d) for i, p, path, s, d in tree])
    parent = {i: p for i, p, *_ in tree}
    closure = []
    for cid, *_ in tree:
        node, depth = cid, 0
        while node is not None:
            closure.append((node, cid, depth))
            node, depth = parent[node], depth + 1
    con.executemany("INSERT INTO code_closure (ancestor_id, descendant_id, depth) VALUES (?, ?, ?)", closure)
    con.executemany("INSERT INTO coder (id, name, role) VALUES (?, ?, ?)",
                    [(i + 1, f"kodare{i + 1}", "coder") for i in range(coders)] + [(coders + 1, "konsensus", "consensus")])

    per_doc = max(1, passages // documents)
    passage_rows, doc_rows, page_rows = [], [], []
    pid = 0
    for d in range(1, documents + 1):
        n = per_doc if d < documents else passages - per_doc * (documents - 1)
        texts = [" ".join(rng.choices(WORDS, k=rng.randint(12, 40))) + "." for _ in range(n)]
        body = "\n\n".join(texts)
        doc_rows.append((d, f"Rapport {d:04d}", f"synth/{d}.txt", "txt", f"hash{d}", rng.choice(case_ids) if d % 4 == 0 else None,
                         body, "2026-11-27T00:00:00+00:00"))
        page_rows.append((d, d, 1, "1", 0, len(body)))
        offset = 0
        for seq, t in enumerate(texts):
            pid += 1
            passage_rows.append((pid, d, None, d, seq, "paragraph", t, offset, offset + len(t)))
            offset += len(t) + 2
    con.executemany("INSERT INTO document (id, title, path, format, content_hash, case_id, text, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", doc_rows)
    con.executemany("INSERT INTO page (id, document_id, seq, label, start_offset, end_offset) VALUES (?, ?, ?, ?, ?, ?)", page_rows)
    con.executemany("INSERT INTO passage (id, document_id, section_id, page_id, seq, kind, text, start_offset, end_offset) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", passage_rows)
    del passage_rows, doc_rows

    # skewed code use: weight 1/rank^0.8 over a shuffled order of code ids
    code_ids = [c[0] for c in tree]
    rng.shuffle(code_ids)
    weights = [1 / (rank + 1) ** 0.8 for rank in range(len(code_ids))]
    counts: Counter = Counter()
    batch_c, batch_cc = [], []
    chosen_codes = rng.choices(code_ids, weights=weights, k=codings)
    now = "2026-11-27T00:00:00+00:00"
    for i in range(1, codings + 1):
        code_id = chosen_codes[i - 1]
        coder_id = rng.randint(1, coders)
        batch_c.append((i, rng.randint(1, passages), code_id, coder_id, "", now, now))
        for case_id in rng.sample(case_ids, rng.randint(1, 3)):
            batch_cc.append((i, case_id))
            counts[(code_id, coder_id, case_id)] += 1
        if len(batch_c) >= 100_000:
            con.executemany("INSERT INTO coding (id, passage_id, code_id, coder_id, memo, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)", batch_c)
            con.executemany("INSERT INTO coding_case (coding_id, case_id) VALUES (?, ?)", batch_cc)
            batch_c, batch_cc = [], []
    con.executemany("INSERT INTO coding (id, passage_id, code_id, coder_id, memo, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)", batch_c)
    con.executemany("INSERT INTO coding_case (coding_id, case_id) VALUES (?, ?)", batch_cc)
    con.executemany("INSERT INTO code_case_count (code_id, coder_id, case_id, n) VALUES (?, ?, ?, ?)",
                    [(k, c, x, n) for (k, c, x), n in counts.items()])
    con.commit()
    con.execute("ANALYZE")
    con.commit()
    con.close()
    if not quiet:
        print(f"wrote {db}: {documents} documents, {passages} passages, {len(tree)} codes, {coders} coders, "
              f"{codings} codings, {len(counts)} count rows in {time.perf_counter() - started:.1f} s")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", default="benchmarks/.cache/synth.db")
    ap.add_argument("--passages", type=int, default=200_000)
    ap.add_argument("--codings", type=int, default=1_000_000)
    ap.add_argument("--codes", type=int, default=500)
    ap.add_argument("--coders", type=int, default=5)
    ap.add_argument("--documents", type=int, default=200)
    ap.add_argument("--seed", type=int, default=2020)
    args = ap.parse_args(argv)
    Path(args.db).parent.mkdir(parents=True, exist_ok=True)
    generate(args.db, passages=args.passages, codings=args.codings, codes=args.codes, coders=args.coders,
             documents=args.documents, seed=args.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
