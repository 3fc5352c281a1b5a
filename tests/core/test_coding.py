"""Coding writes: counts kept exact, every change audited, per-coder undo and redo, nothing written on bad input."""

from __future__ import annotations

import json
import random

import pytest
from sqlalchemy import text

from tests.core.coding_world import REGIONS, build_world, count_table, recount
from workbench.core.coding import (
    add_coding,
    codings_for_passage,
    get_coding,
    redo,
    remove_coding,
    suggestions_for,
    undo,
    update_coding,
)
from workbench.core.errors import InvalidInput, NotFound, WorkbenchError

VALIDERING = "kompetensförsörjning/validering/utmaningar"


@pytest.fixture
def world(store):
    return build_world(store)


def snapshot_rows(store):
    with store.reading() as conn:
        return {
            t: conn.execute(text(f"SELECT * FROM {t} ORDER BY 1")).all()
            for t in ("coding", "coding_case", "code_case_count", "audit", "coder")
        }


def test_add_coding_orders_cases_and_counts(store, world):
    p = world["passages"][0]
    view = add_coding(store, passage_id=p, code=VALIDERING, coder="anna", cases=["Örebro", "Blekinge", "Gävleborg"], memo="fn 195")
    assert view.cases == ("Blekinge", "Gävleborg", "Örebro")
    assert view.code_path == VALIDERING and view.coder == "anna" and view.memo == "fn 195" and view.span is None
    with store.reading() as conn:
        assert count_table(conn) == recount(conn)
        assert sum(count_table(conn).values()) == 3
    assert get_coding(store, view.id) == view
    assert codings_for_passage(store, p) == [view]
    assert codings_for_passage(store, p, coder="bertil") == []


def test_aliases_resolve_and_typos_are_refused_with_did_you_mean(store, world):
    view = add_coding(store, passage_id=world["passages"][0], code=VALIDERING, coder="anna", cases="Jämtland, Södermanland")
    assert view.cases == ("Jämtland Härjedalen", "Sörmland")
    before = snapshot_rows(store)
    with pytest.raises(NotFound, match="Västermanland.*did you mean Västmanland"):
        add_coding(store, passage_id=world["passages"][0], code=VALIDERING, coder="anna", cases=["Blekinge", "Västermanland"])
    assert snapshot_rows(store) == before


def test_unknown_code_gets_did_you_mean_and_writes_nothing(store, world):
    before = snapshot_rows(store)
    with pytest.raises(NotFound, match="did you mean"):
        add_coding(store, passage_id=world["passages"][0], code="kompetensförsörjning/valideringg", coder="cecilia", cases=["Blekinge"])
    assert snapshot_rows(store) == before  # not even the new coder row


def test_unknown_passage_and_bad_span_write_nothing(store, world):
    before = snapshot_rows(store)
    with pytest.raises(NotFound, match="unknown passage 99999"):
        add_coding(store, passage_id=99999, code=VALIDERING, coder="anna", cases=["Blekinge"])
    text_len = len("13 regioner lyfter utmaningar i arbetet med validering.")
    for span in ((0, text_len + 1), (10, 10), (-1, 4), (20, 5)):
        with pytest.raises(InvalidInput, match="outside passage"):
            add_coding(store, passage_id=world["passages"][0], code=VALIDERING, coder="anna", cases=["Blekinge"], span=span)
    assert snapshot_rows(store) == before
    ok = add_coding(store, passage_id=world["passages"][0], code=VALIDERING, coder="anna", cases=["Blekinge"], span=(0, text_len))
    assert ok.span == (0, text_len)


def test_document_case_is_the_default_but_suggestions_are_not_applied(store, world):
    gotland_passage = world["gotland_passages"][0]
    assert add_coding(store, passage_id=gotland_passage, code=VALIDERING, coder="anna").cases == ("Gotland",)
    assert add_coding(store, passage_id=gotland_passage, code=VALIDERING, coder="anna", cases=["Kalmar"]).cases == ("Kalmar",)
    # passage 2 names Dalarna and Gävleborg: offered, not applied
    suggested = suggestions_for(store, world["passages"][1])
    assert suggested.cases == ("Dalarna", "Gävleborg") and suggested.document_case is None
    assert add_coding(store, passage_id=world["passages"][1], code="samverkan/kommuner", coder="anna").cases == ()
    assert suggestions_for(store, gotland_passage).document_case == "Gotland"


def test_only_the_owner_changes_a_coding(store, world):
    view = add_coding(store, passage_id=world["passages"][0], code=VALIDERING, coder="anna", cases=["Blekinge"])
    with pytest.raises(InvalidInput, match="belongs to coder 'anna'"):
        remove_coding(store, view.id, coder="bertil")
    with pytest.raises(NotFound, match="unknown coding 4242"):
        update_coding(store, 4242, coder="anna", memo="x")


def test_every_change_writes_an_audit_row_with_before_and_after(store, world):
    v = add_coding(store, passage_id=world["passages"][0], code=VALIDERING, coder="anna", cases=["Blekinge"])
    update_coding(store, v.id, coder="anna", cases=["Blekinge", "Dalarna"], memo="två")
    remove_coding(store, v.id, coder="anna")
    undo(store, "anna")
    with store.reading() as conn:
        rows = conn.execute(text("SELECT a.action, r.name, a.coding_id, a.before_json, a.after_json, a.reverts_id, a.at FROM audit a JOIN coder r ON r.id = a.coder_id ORDER BY a.id")).all()
    assert [r[0] for r in rows] == ["add", "update", "remove", "undo"]
    assert all(r[1] == "anna" and r[2] == v.id and r[6] for r in rows)
    assert rows[0][3] is None and json.loads(rows[0][4])["cases"] == ["Blekinge"]
    assert json.loads(rows[1][3])["cases"] == ["Blekinge"] and json.loads(rows[1][4])["cases"] == ["Blekinge", "Dalarna"]
    assert json.loads(rows[2][3])["memo"] == "två" and rows[2][4] is None
    assert rows[3][5] is not None  # the undo names the change it reverts


def test_undo_redo_sequence_restores_each_state(store, world):
    p = world["passages"][0]
    a = add_coding(store, passage_id=p, code=VALIDERING, coder="anna", cases=["Blekinge"])
    update_coding(store, a.id, coder="anna", cases=["Dalarna", "Blekinge"], code="samverkan/kommuner")
    b = add_coding(store, passage_id=p, code=VALIDERING, coder="bertil", cases=["Kalmar"])
    remove_coding(store, a.id, coder="anna")
    assert codings_for_passage(store, p, coder="anna") == []

    ch = undo(store, "anna")  # brings back the removed coding with its edited state
    assert ch.reverted_action == "remove" and get_coding(store, a.id).cases == ("Blekinge", "Dalarna")
    undo(store, "anna")  # back to before the update
    back = get_coding(store, a.id)
    assert back.cases == ("Blekinge",) and back.code_path == VALIDERING
    undo(store, "anna")  # the add itself
    assert codings_for_passage(store, p, coder="anna") == []
    with pytest.raises(WorkbenchError, match="nothing to undo for coder 'anna'"):
        undo(store, "anna")
    assert [c.id for c in codings_for_passage(store, p)] == [b.id]  # bertil's coding untouched

    redo(store, "anna")
    assert get_coding(store, a.id).cases == ("Blekinge",)
    redo(store, "anna")
    assert get_coding(store, a.id).code_path == "samverkan/kommuner"
    redo(store, "anna")
    assert codings_for_passage(store, p, coder="anna") == []
    with pytest.raises(WorkbenchError, match="nothing to redo"):
        redo(store, "anna")
    with store.reading() as conn:
        assert count_table(conn) == recount(conn)


def test_a_new_change_clears_the_redo_stack(store, world):
    p = world["passages"][0]
    a = add_coding(store, passage_id=p, code=VALIDERING, coder="anna", cases=["Blekinge"])
    undo(store, "anna")
    c = add_coding(store, passage_id=p, code=VALIDERING, coder="anna", cases=["Kalmar"])
    assert c.id != a.id  # ids are never reused
    with pytest.raises(WorkbenchError, match="nothing to redo"):
        redo(store, "anna")
    undo(store, "anna")
    redo(store, "anna")  # redoes the Kalmar coding, never the discarded one
    assert [v.cases for v in codings_for_passage(store, p)] == [("Kalmar",)]


def test_counts_equal_a_from_scratch_group_by_after_random_changes(store, world):
    """Property: after any sequence of add/edit/remove/undo/redo the counter table is exact."""
    rng = random.Random(20201127)
    coders = ["anna", "bertil", "consensus"]
    codes = list(world["codes"])
    live: dict[int, str] = {}
    for step in range(250):
        op = rng.random()
        coder = rng.choice(coders)
        mine = [i for i, c in live.items() if c == coder]
        cases = rng.sample(REGIONS, rng.randint(0, 4))
        if op < 0.4 or not mine:
            v = add_coding(store, passage_id=rng.choice(world["passages"] + world["gotland_passages"]), code=rng.choice(codes),
                           coder=coder, cases=cases if rng.random() < 0.9 else None)
            live[v.id] = coder
        elif op < 0.6:
            update_coding(store, rng.choice(mine), coder=coder, cases=cases, code=rng.choice(codes) if rng.random() < 0.5 else None)
        elif op < 0.75:
            i = rng.choice(mine)
            remove_coding(store, i, coder=coder)
            del live[i]
        else:
            try:
                ch = (undo if op < 0.9 else redo)(store, coder)
            except WorkbenchError:
                continue
            if ch.after is None:
                live.pop(ch.coding_id, None)
            else:
                live[ch.coding_id] = coder
        if step % 25 == 0:
            with store.reading() as conn:
                assert count_table(conn) == recount(conn), f"step {step}"
    with store.reading() as conn:
        assert count_table(conn) == recount(conn)
        assert all(n > 0 for n in count_table(conn).values())
        assert {r[0] for r in conn.execute(text("SELECT id FROM coding"))} == set(live)


def test_several_writers_in_one_transaction_get_distinct_ids(store, world):
    """The demo builder keeps one writer per case set inside one transaction."""
    from workbench.core.coding import CodingWriter

    with store.transaction() as conn:
        first, second = CodingWriter(conn), CodingWriter(conn, case_set="regioner")
        a = first.add(passage_id=world["passages"][0], code=VALIDERING, coder="anna", cases=["Blekinge"])
        b = second.add(passage_id=world["passages"][1], code=VALIDERING, coder="anna", cases=["Dalarna"])
        c = first.add(passage_id=world["passages"][2], code=VALIDERING, coder="anna", cases=["Gotland"])
    assert len({a.id, b.id, c.id}) == 3


def test_history_lists_changes_newest_first(store, world):
    from workbench.core.coding import history

    v = add_coding(store, passage_id=world["passages"][0], code=VALIDERING, coder="anna", cases=["Blekinge"])
    add_coding(store, passage_id=world["passages"][0], code=VALIDERING, coder="bertil", cases=["Kalmar"])
    remove_coding(store, v.id, coder="anna")
    undo(store, "anna")
    entries = history(store, "anna")
    assert [e.action for e in entries] == ["undo", "remove", "add"]
    assert entries[1].undone and entries[0].reverts_id == entries[1].id
    assert entries[0].after.cases == ("Blekinge",) and entries[1].after is None
    assert len(history(store)) == 4 and len(history(store, limit=1)) == 1
    with pytest.raises(NotFound, match="unknown coder 'cecilia'"):
        history(store, "cecilia")


def test_codings_for_document_equals_passage_by_passage(store, world):
    from workbench.core.coding import codings_for_document

    rng = random.Random(3)
    for _ in range(30):
        add_coding(store, passage_id=rng.choice(world["passages"] + world["gotland_passages"]), code=VALIDERING,
                   coder=rng.choice(["anna", "bertil"]), cases=rng.sample(REGIONS, rng.randint(0, 3)))
    doc = world["documents"]["Regionalt tillväxtarbete 2020"]
    whole = codings_for_document(store, doc)
    one_by_one = [v for p in world["passages"] for v in codings_for_passage(store, p)]
    assert whole == one_by_one and whole
    assert all(v == get_coding(store, v.id) for v in whole)
    assert codings_for_document(store, doc, coder="anna") == [v for v in whole if v.coder == "anna"]


def test_a_code_that_counts_lansstyrelser_takes_their_names(store, world):
    """Cases are resolved in the case set the code counts; a writer fixed to another set refuses the code."""
    from workbench.core.codebooks import codebook_from_text, install_codebook

    book = "name: boards\ncodes:\n  - name: anslaget\n    case_set: länsstyrelser\n"
    with store.transaction() as conn:
        install_codebook(conn, codebook_from_text(book, "boards.yaml"))
    coding = add_coding(store, passage_id=world["passages"][0], code="anslaget", coder="anna",
                        cases=["Länsstyrelsen i Skåne län", "Kronoberg"])
    assert coding.cases == ("Kronoberg", "Skåne")
    with store.reading() as conn:
        sets = conn.execute(text(
            "SELECT DISTINCT cs.name FROM coding_case cc JOIN case_item ci ON ci.id = cc.case_id"
            " JOIN case_set cs ON cs.id = ci.case_set_id WHERE cc.coding_id = :i"), {"i": coding.id}).scalars().all()
    assert sets == ["länsstyrelser"]
    before = snapshot_rows(store)
    with pytest.raises(InvalidInput, match="code 'anslaget' counts länsstyrelser, not regioner"):
        add_coding(store, passage_id=world["passages"][0], code="anslaget", coder="anna", cases=["Skåne"], case_set="regioner")
    assert snapshot_rows(store) == before


def test_codes_for_document_are_the_distinct_codes_of_its_codings(store, world):
    """The reader's colour marks read this lighter call; it must name exactly what the codings do, blind mode too."""
    from workbench.core.agreement.adjudication import add_reviewer
    from workbench.core.agreement.blind import set_blind
    from workbench.core.coding import codes_for_document, codings_for_document

    doc = world["documents"]["Regionalt tillväxtarbete 2020"]
    add_coding(store, passage_id=world["passages"][2], code="samverkan", coder="anna", cases=["Dalarna"])
    add_coding(store, passage_id=world["passages"][0], code=VALIDERING, coder="anna", cases=["Gotland"])
    add_coding(store, passage_id=world["passages"][0], code=VALIDERING, coder="bertil", cases=["Skåne"])
    add_coding(store, passage_id=world["gotland_passages"][0], code="samverkan", coder="bertil", cases=["Gotland"])
    marks = codes_for_document(store, doc)
    assert marks == [(world["passages"][0], VALIDERING), (world["passages"][2], "samverkan")]
    assert set(marks) == {(c.passage_id, c.code_path) for c in codings_for_document(store, doc)}
    add_reviewer(store, "rita")
    set_blind(store, True, reviewer="rita")
    assert codes_for_document(store, doc, viewer="bertil") == [(world["passages"][0], VALIDERING)]
    with pytest.raises(WorkbenchError):
        codes_for_document(store, doc)  # blind: nobody named, nothing shown
