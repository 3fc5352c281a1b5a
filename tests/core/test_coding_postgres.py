"""Coding, undo/redo and queries run unchanged on PostgreSQL (the team server)."""

from __future__ import annotations


from tests.core.coding_world import build_world, count_table, recount
from workbench.core import db
from workbench.core.coding import add_coding, redo, remove_coding, undo, update_coding
from workbench.core.coding_io import coding_rows, export_codings, import_codings
from workbench.core.query import cases_for, matrix

VALIDERING = "kompetensförsörjning/validering/utmaningar"




def test_coding_and_queries_on_postgres(pg_url, tmp_path):
    store = db.open_store(pg_url)
    try:
        ids = build_world(store)
        p = ids["passages"]
        a = add_coding(store, passage_id=p[0], code=VALIDERING, coder="anna", cases=["Örebro", "Blekinge"], span=(0, 11))
        b = add_coding(store, passage_id=p[1], code="samverkan/kommuner", coder="bertil", cases=["Dalarna"])
        update_coding(store, a.id, coder="anna", cases=["Blekinge", "Gotland"])
        remove_coding(store, b.id, coder="bertil")
        undo(store, "bertil")
        undo(store, "anna")
        redo(store, "anna")
        with store.reading() as conn:
            assert count_table(conn) == recount(conn)
        assert cases_for(store, "kompetensförsörjning/validering").cases == ("Blekinge", "Gotland")
        assert cases_for(store, "validering OR samverkan", coder=["anna", "bertil"]).cases == ("Blekinge", "Dalarna", "Gotland")
        assert cases_for(store, "NOT samverkan").count == 20
        doc = ids["documents"]["Regionalt tillväxtarbete 2020"]
        section = ids["sections"]["Regionalt tillväxtarbete 2020"]["top"]
        assert cases_for(store, "kompetensförsörjning", section_id=section, evidence=True).evidence[0].quote == "13 regioner"
        assert matrix(store, document_id=doc).cells == matrix(store).cells
        out = tmp_path / "codings.jsonl"
        export_codings(store, out)
        assert import_codings(store, out).skipped == 2
        assert len(coding_rows(store)) == 2
    finally:
        store.close()
