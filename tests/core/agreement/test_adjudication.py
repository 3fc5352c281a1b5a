"""Settling disagreements into a consensus set, and blind mode."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import text

from workbench.core.agreement.adjudication import (
    add_reviewer,
    settle_case,
    settle_passage,
    settlements,
    start_consensus,
)
from workbench.core.agreement.blind import blind_state, set_blind, visible_coder_ids
from workbench.core.agreement.disagreements import find_disagreements
from workbench.core.agreement.levels import agreement_report
from workbench.core.errors import InvalidInput, WorkbenchError

from .conftest import FOOTNOTE_195, UTBILDNING, UTMANINGAR


def consensus_cases(store, code_path, name="consensus"):
    """passage id -> sorted case names of the consensus codings of one code."""
    with store.reading() as conn:
        rows = conn.execute(text(
            "SELECT c.passage_id, ci.name FROM coding c JOIN coder k ON k.id = c.coder_id JOIN code d ON d.id = c.code_id"
            " LEFT JOIN coding_case cc ON cc.coding_id = c.id LEFT JOIN case_item ci ON ci.id = cc.case_id"
            " WHERE k.name = :k AND d.path = :p"), {"k": name, "p": code_path}).all()
    out: dict[int, set] = {}
    for pid, case in rows:
        out.setdefault(pid, set())
        if case:
            out[pid].add(case)
    return out


@pytest.fixture
def reviewed(project):
    store, p = project
    add_reviewer(store, "rita")
    return store, p


def test_start_copies_only_what_every_coder_agrees_on(reviewed):
    store, p = reviewed
    started = start_consensus(store, reviewer="rita")
    # utmaningar: both coded the passage; they agree on 12 regions (not Örebro, not Stockholm).
    # utbildning: three bullets agreed; Örebro is on two different passages, so not agreed.
    assert started.created == 4
    cons = consensus_cases(store, UTMANINGAR)
    assert cons == {p["utmaningar"]: set(FOOTNOTE_195) - {"Örebro"}}
    assert set(consensus_cases(store, UTBILDNING)) == {p["gävleborg"], p["kronoberg"], p["västernorrland"]}
    # Idempotent: a second start creates nothing.
    assert start_consensus(store, reviewer="rita").created == 0


def test_settle_case_take_a_coder_and_audit(reviewed):
    store, p = reviewed
    start_consensus(store, reviewer="rita")
    done = settle_case(store, reviewer="rita", code=UTMANINGAR, case="Örebro", decision="take", coder="anna",
                       reason="fotnot 195 listar Örebro")
    assert done.passage_ids == (p["utmaningar"],)
    assert "Örebro" not in done.cases_before[p["utmaningar"]] and "Örebro" in done.cases_after[p["utmaningar"]]
    settle_case(store, reviewer="rita", code=UTMANINGAR, case="Stockholm", decision="neither",
                reason="Stockholm finns inte i fotnoten")
    assert consensus_cases(store, UTMANINGAR) == {p["utmaningar"]: set(FOOTNOTE_195)}
    found = {c.case: c for c in find_disagreements(store).codes[-1].cases}
    assert found["Örebro"].settled == "take anna: fotnot 195 listar Örebro (rita)"
    items = settlements(store)
    assert [(i.case, i.decision, i.coder) for i in items] == [("Örebro", "take", "anna"), ("Stockholm", "neither", None)]
    assert items[0].reviewer == "rita" and items[0].reason == "fotnot 195 listar Örebro"
    with store.reading() as conn:
        row = conn.execute(text("SELECT before_json FROM audit WHERE id = :i"), {"i": items[0].audit_id}).scalar_one()
    assert json.loads(row)["given_by"] == {str(p["utmaningar"]): ["anna"]}
    # The consensus now agrees with anna at case level, so anna vs consensus is perfect for this code.
    report = agreement_report(store, coders=["anna", "consensus"], code=UTMANINGAR)
    assert report.entries[0].summary.percent.value == 1.0


def test_settle_passage_take_both_neither_edit(reviewed):
    store, p = reviewed
    start_consensus(store, reviewer="rita")
    settle_passage(store, reviewer="rita", code=UTBILDNING, passage_id=p["örebro"], decision="take", coder="anna",
                   reason="utbildningswebben är en utbildningsinsats")
    settle_passage(store, reviewer="rita", code=UTBILDNING, passage_id=p["örebro2"], decision="neither",
                   reason="kartläggning, inte utbildning")
    cons = consensus_cases(store, UTBILDNING)
    assert cons[p["örebro"]] == {"Örebro"} and p["örebro2"] not in cons
    settle_passage(store, reviewer="rita", code=UTMANINGAR, passage_id=p["utmaningar"], decision="both", reason="union")
    assert consensus_cases(store, UTMANINGAR)[p["utmaningar"]] == set(FOOTNOTE_195) | {"Stockholm"}
    settle_passage(store, reviewer="rita", code=UTMANINGAR, passage_id=p["utmaningar"], decision="edit",
                   cases=FOOTNOTE_195, reason="enligt fotnot 195")
    assert consensus_cases(store, UTMANINGAR)[p["utmaningar"]] == set(FOOTNOTE_195)


def test_only_a_reviewer_settles_and_a_reason_is_required(reviewed):
    store, p = reviewed
    with pytest.raises(WorkbenchError, match="'anna' is a coder, not a reviewer"):
        settle_case(store, reviewer="anna", code=UTMANINGAR, case="Örebro", decision="both", reason="x")
    with pytest.raises(InvalidInput, match="a reason is required"):
        settle_case(store, reviewer="rita", code=UTMANINGAR, case="Örebro", decision="both", reason=" ")
    with pytest.raises(InvalidInput, match="take needs the coder"):
        settle_case(store, reviewer="rita", code=UTMANINGAR, case="Örebro", decision="take", reason="x")
    with pytest.raises(WorkbenchError, match="already a coder"):
        add_reviewer(store, "anna")
    with store.reading() as conn:
        assert conn.execute(text("SELECT count(*) FROM audit WHERE action = 'adjudicate'")).scalar_one() == 0


def test_blind_mode(reviewed):
    store, _ = reviewed
    with pytest.raises(WorkbenchError, match="not a reviewer"):
        set_blind(store, True, reviewer="anna")
    state = set_blind(store, True, reviewer="rita")
    assert state.blind and state.changed_by == "rita"
    with store.reading() as conn:
        anna = conn.execute(text("SELECT id FROM coder WHERE name = 'anna'")).scalar_one()
        assert visible_coder_ids(conn, "anna") == {anna}
        assert visible_coder_ids(conn, "rita") is None
        with pytest.raises(WorkbenchError, match="the project is blind"):
            visible_coder_ids(conn, None)
    with pytest.raises(WorkbenchError, match="pass --reviewer NAME"):
        agreement_report(store)
    with pytest.raises(WorkbenchError, match="not a reviewer"):
        find_disagreements(store, reviewer="anna")
    assert agreement_report(store, reviewer="rita").coders == ("anna", "bo")
    assert not set_blind(store, False, reviewer="rita").blind
    assert blind_state(store).blind is False
    agreement_report(store)
