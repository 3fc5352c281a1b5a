"""Coding, undo/redo and queries run unchanged on PostgreSQL (the team server)."""

from __future__ import annotations


from tests.core.coding_world import build_world, count_table, recount
from workbench.core import db
from workbench.core.coding import add_coding, redo, remove_coding, undo, update_coding
from workbench.core.coding_io import coding_rows, export_codings, import_codings
from workbench.core.documents import get_passage, get_passages
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
        # The reader's read-ahead: many passages at once, as each alone; blind, a newcomer sees no coding.
        many = get_passages(store, [p[1], p[0]], viewer="anna")
        assert many == [get_passage(store, p[1], viewer="anna"), get_passage(store, p[0], viewer="anna")]
        assert [c.coder for c in many[1].codings] == ["anna"] and many[1].codings[0].cases == ("Blekinge", "Gotland")
        from workbench.core.agreement.adjudication import add_reviewer
        from workbench.core.agreement.blind import set_blind

        add_reviewer(store, "rita")
        set_blind(store, True, reviewer="rita")
        assert [v.codings for v in get_passages(store, [p[0], p[1]], viewer="someone-new")] == [(), ()]
        assert [c.coder for c in get_passages(store, [p[0]], viewer="anna")[0].codings] == ["anna"]
        set_blind(store, False, reviewer="rita")
        out = tmp_path / "codings.jsonl"
        export_codings(store, out)
        assert import_codings(store, out).skipped == 2
        assert len(coding_rows(store)) == 2
    finally:
        store.close()
