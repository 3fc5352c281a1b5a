"""A project with the bundled report, the 21 regions, a small codebook and two coders.

The codings are real readings of the report: passage "13 regioner lyfter
utmaningar i arbetet med validering" with footnote 195's 13 regions, and the
four bullets under "Fyra regioner redovisar insatser inom utbildning och
kompetensförsörjning" (Gävleborg, Kronoberg, Västernorrland, Örebro). Coder
"anna" follows the report; coder "bo" differs in plausible ways.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

REGIONS = [
    "Blekinge", "Dalarna", "Gotland", "Gävleborg", "Halland", "Jämtland Härjedalen", "Jönköping", "Kalmar",
    "Kronoberg", "Norrbotten", "Skåne", "Stockholm", "Sörmland", "Uppsala", "Värmland", "Västerbotten",
    "Västernorrland", "Västmanland", "Västra Götaland", "Örebro", "Östergötland",
]
# Footnote 195 of the report.
FOOTNOTE_195 = [
    "Blekinge", "Dalarna", "Gävleborg", "Halland", "Jämtland Härjedalen", "Kronoberg", "Norrbotten", "Sörmland",
    "Uppsala", "Värmland", "Västernorrland", "Västra Götaland", "Örebro",
]
CODES = [
    "kompetensförsörjning",
    "kompetensförsörjning/utbildning",
    "kompetensförsörjning/validering",
    "kompetensförsörjning/validering/utmaningar",
    "infrastruktur",
]
UTMANINGAR = "kompetensförsörjning/validering/utmaningar"
UTBILDNING = "kompetensförsörjning/utbildning"


def install_regions(conn) -> None:
    if conn.execute(text("SELECT 1 FROM case_set WHERE name = 'regioner'")).first():
        return
    conn.execute(text(
        "INSERT INTO case_set (name, noun_singular, noun_plural, noun_definite_plural, noun_singular_en, noun_plural_en, builtin)"
        " VALUES ('regioner', 'region', 'regioner', 'regionerna', 'region', 'regions', 1)"))
    set_id = conn.execute(text("SELECT id FROM case_set WHERE name = 'regioner'")).scalar_one()
    for name in REGIONS:
        conn.execute(text("INSERT INTO case_item (case_set_id, name) VALUES (:s, :n)"), {"s": set_id, "n": name})


def install_codes(conn) -> dict[str, int]:
    conn.execute(text("INSERT INTO codebook (name, content_hash) VALUES ('test', 'x')"))
    book = conn.execute(text("SELECT id FROM codebook WHERE name = 'test'")).scalar_one()
    ids: dict[str, int] = {}
    for seq, path in enumerate(CODES):
        parent = path.rpartition("/")[0] or None
        conn.execute(text(
            "INSERT INTO code (codebook_id, parent_id, path, name, seq, depth) VALUES (:b, :p, :path, :name, :seq, :d)"),
            {"b": book, "p": ids.get(parent) if parent else None, "path": path, "name": path.rpartition("/")[2],
             "seq": seq, "d": path.count("/")})
        ids[path] = conn.execute(text("SELECT id FROM code WHERE path = :p"), {"p": path}).scalar_one()
    for path, cid in ids.items():
        parts = path.split("/")
        for depth in range(len(parts)):
            ancestor = "/".join(parts[: len(parts) - depth])
            conn.execute(text("INSERT INTO code_closure (ancestor_id, descendant_id, depth) VALUES (:a, :d, :k)"),
                         {"a": ids[ancestor], "d": cid, "k": depth})
    return ids


def passage_id(conn, starts_with: str) -> int:
    rows = conn.execute(text("SELECT id FROM passage WHERE text LIKE :t"), {"t": starts_with + "%"}).all()
    assert len(rows) == 1, starts_with
    return int(rows[0][0])


@pytest.fixture(scope="session")
def project_template(tmp_path_factory):
    """The coded project built once; each test gets its own copy of the file."""
    from workbench.core.db import open_store

    folder = tmp_path_factory.mktemp("agreement-template")
    store = open_store(str(folder / "project.db"))
    try:
        passages = build_project(store)
    finally:
        store.close()
    return folder / "project.db", passages


@pytest.fixture
def project(project_template, tmp_path):
    """(store, passages by name) with anna's and bo's codings, in tmp_path/project.db."""
    import shutil

    from workbench.core.db import open_store

    template, passages = project_template
    for suffix in ("", "-wal", "-shm"):
        source = Path(f"{template}{suffix}")
        if source.exists():
            shutil.copyfile(source, tmp_path / f"project.db{suffix}")
    store = open_store(str(tmp_path / "project.db"))
    yield store, dict(passages)
    store.close()


def build_project(store) -> dict[str, int]:
    """Import the report, install regions and codes, write anna's and bo's codings; passages by name."""
    from workbench.core.coding import add_coding
    from workbench.core.importing.writer import import_file

    from tests.conftest import REPORT

    import_file(store, REPORT)
    with store.transaction() as conn:
        install_regions(conn)
        install_codes(conn)
        p = {
            "utmaningar": passage_id(conn, "13 regioner lyfter utmaningar i arbetet med validering"),
            "gävleborg": passage_id(conn, "I Gävleborg anpassar regionen arbetssätten"),
            "kronoberg": passage_id(conn, "I Kronoberg anpassar regionen arbetet med vuxenutbildning"),
            "västernorrland": passage_id(conn, "I Västernorrland pågår flera insatser som syftar till att skapa flexibla"),
            "örebro": passage_id(conn, "I Örebro pågår ett arbete med en så kallad utbildningswebb"),
            "örebro2": passage_id(conn, "I Örebro har regionen också genomfört en kartläggning"),
        }
    add_coding(store, passage_id=p["utmaningar"], code=UTMANINGAR, coder="anna", cases=FOOTNOTE_195,
               memo="fotnot 195", span=(0, 50))
    bo_utmaningar = [r for r in FOOTNOTE_195 if r != "Örebro"] + ["Stockholm"]
    add_coding(store, passage_id=p["utmaningar"], code=UTMANINGAR, coder="bo", cases=bo_utmaningar,
               memo="Stockholm nämns i redovisningen")
    for key, region in (("gävleborg", "Gävleborg"), ("kronoberg", "Kronoberg"),
                        ("västernorrland", "Västernorrland"), ("örebro", "Örebro")):
        add_coding(store, passage_id=p[key], code=UTBILDNING, coder="anna", cases=[region])
    for key, region in (("gävleborg", "Gävleborg"), ("kronoberg", "Kronoberg"),
                        ("västernorrland", "Västernorrland"), ("örebro2", "Örebro")):
        add_coding(store, passage_id=p[key], code=UTBILDNING, coder="bo", cases=[region])
    return p
