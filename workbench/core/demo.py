"""The demo project: the bundled 2020 report, its codebook, and codings
reconstructed from the report's own footnotes.

The inputs live in the repository's ``examples/`` and ``codebooks/`` folders
(see examples/build_demo.py); ``build_demo`` is what ``examples/build_demo.py``
and ``workbench demo`` both run, so the demo is always rebuilt the same way.
A demo database is rebuilt whenever one of its inputs changed.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from .errors import WorkbenchError

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples"
REPORT = EXAMPLES / "regionalt-tillvaxtarbete-2020.txt"
CLAIMS = EXAMPLES / "claims-2020.yaml"
CODEBOOK = REPO / "codebooks" / "regional-tillvaxt-2020.yaml"
# A second (and third) coder's codings of chapter 3.4, so that agreement and
# adjudication can be tried at once (see examples/second-coder.md).
SECOND_CODER = EXAMPLES / "second-coder-kompetensforsorjning.csv"
INPUTS = (REPORT, CLAIMS, CODEBOOK, SECOND_CODER)
DEFAULT_DEMO_DB = EXAMPLES / "demo.db"
REPORT_CODER = "rapporten"  # the report itself, as the coder of the reconstructed codings


@dataclass(frozen=True)
class DemoBuild:
    db_path: Path
    rebuilt: bool
    document_id: int
    claims: int
    coded: int
    problems: tuple[str, ...]


def _inputs_hash() -> str:
    digest = hashlib.sha256()
    for path in INPUTS:
        digest.update(path.read_bytes())
    return digest.hexdigest()


def build_demo(db_path: str | Path | None = None, *, force: bool = False) -> DemoBuild:
    """Build (or reuse, when its inputs are unchanged) the demo project database."""
    from .codebooks import install_codebook, load_codebook_file
    from .coding_io import import_codings
    from .db import get_meta, open_store, set_meta
    from .importing.writer import import_file
    from .reconstruction import load_claims_file, reconstruct

    for path in INPUTS:
        if not path.exists():
            raise WorkbenchError(f"demo input {path} is missing - run the demo from a clone of the repository")
    db_path = Path(db_path) if db_path else DEFAULT_DEMO_DB
    wanted = _inputs_hash()
    if db_path.exists() and not force:
        store = open_store(str(db_path))
        try:
            with store.reading() as conn:
                built_from = get_meta(conn, "demo_inputs")
                doc = conn.exec_driver_sql("SELECT min(id) FROM document").scalar()
                coded = conn.exec_driver_sql(
                    "SELECT count(*) FROM coding c JOIN coder k ON k.id = c.coder_id WHERE k.name = ?", (REPORT_CODER,)
                ).scalar()
        finally:
            store.close()
        if built_from == wanted and doc is not None:
            return DemoBuild(db_path, False, doc, coded, coded, ())
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    tmp = db_path.with_name(db_path.name + ".building")
    for suffix in ("", "-wal", "-shm"):
        Path(f"{tmp}{suffix}").unlink(missing_ok=True)
    store = open_store(str(tmp))
    try:
        imported = import_file(store, REPORT)
        spec = load_codebook_file(CODEBOOK)
        with store.transaction() as conn:
            install_codebook(conn, spec)
        claims = load_claims_file(CLAIMS)
        results = reconstruct(store, imported.document_id, claims, coder=REPORT_CODER)
        import_codings(store, SECOND_CODER)
        with store.transaction() as conn:
            set_meta(conn, "demo_inputs", wanted)
    finally:
        store.close()
    for suffix in ("-wal", "-shm"):
        Path(f"{tmp}{suffix}").unlink(missing_ok=True)
    tmp.rename(db_path)  # a half-built demo never replaces a good one
    problems = tuple(p for r in results for p in r.problems)
    coded = sum(1 for r in results if r.coding_id is not None)
    return DemoBuild(db_path, True, imported.document_id, len(claims), coded, problems)
