"""Blind mode in every view of codings, and the consensus set kept out of "all coders".

Two coders split the regions of the report's footnote 195 ("13 regioner lyfter
utmaningar i arbetet med validering") between them; a reviewer sees the union,
each coder only their own half.
"""

from __future__ import annotations

import csv
import json

import pytest

from tests.core.coding_world import REGIONS, build_world
from tests.core.test_query import report_footnote
from workbench.core.agreement.adjudication import add_reviewer, start_consensus
from workbench.core.agreement.blind import set_blind
from workbench.core.coding import BLIND_REFUSAL, add_coding, codings_for_document, codings_for_passage, history
from workbench.core.coding_io import coding_rows, export_codings
from workbench.core.errors import NotFound, WorkbenchError
from workbench.core.export import export_footnotes
from workbench.core.query import cases_for, code_claims, evidence_for, matrix

VALIDERING = "kompetensförsörjning/validering/utmaningar"


@pytest.fixture
def fn195(report_text):
    regions = [r.strip() for r in report_footnote(report_text, 195).rstrip(".").split(",")]
    assert len(regions) == 13 and set(regions) <= set(REGIONS)
    return regions


@pytest.fixture
def world(store, fn195):
    ids = build_world(store)
    p = ids["passages"]
    add_coding(store, passage_id=p[0], code=VALIDERING, coder="anna", cases=fn195[6:])  # 7, from Norrbotten
    add_coding(store, passage_id=p[2], code=VALIDERING, coder="bertil", cases=fn195[:7])  # 7, to Norrbotten
    add_reviewer(store, "rita")
    return ids


@pytest.fixture
def blind(store, world):
    set_blind(store, True, reviewer="rita")
    return world


def _doc(world):
    return world["documents"]["Regionalt tillväxtarbete 2020"]


def test_not_blind_needs_no_viewer(store, world, fn195):
    assert {c.coder for c in codings_for_document(store, _doc(world))} == {"anna", "bertil"}
    assert cases_for(store, VALIDERING).count == 13


def test_unnamed_viewer_is_refused_in_every_view(store, blind, tmp_path):
    views = [
        lambda: codings_for_passage(store, blind["passages"][0]),
        lambda: codings_for_document(store, _doc(blind)),
        lambda: cases_for(store, VALIDERING),
        lambda: cases_for(store, VALIDERING, coder=["anna", "bertil"]),
        lambda: matrix(store),
        lambda: evidence_for(store, VALIDERING, "Dalarna"),
        lambda: code_claims(store),
        lambda: export_footnotes(store, tmp_path / "c.md"),
        lambda: export_codings(store, tmp_path / "c.csv"),
        lambda: history(store),
    ]
    for view in views:
        with pytest.raises(WorkbenchError) as err:
            view()
        assert str(err.value) == BLIND_REFUSAL and "\n" not in str(err.value)
    assert not (tmp_path / "c.md").exists() and not (tmp_path / "c.csv").exists()


def test_a_coder_sees_only_their_own_codings(store, blind, fn195, tmp_path):
    doc, p = _doc(blind), blind["passages"]
    assert {c.coder for c in codings_for_document(store, doc, viewer="anna")} == {"anna"}
    assert {c.coder for c in codings_for_document(store, doc, coder="anna")} == {"anna"}  # --coder names the viewer
    assert codings_for_passage(store, p[2], viewer="anna") == []  # bertil's passage
    assert [c.coder for c in codings_for_passage(store, p[2], viewer="bertil")] == ["bertil"]

    mine = cases_for(store, VALIDERING, viewer="anna", evidence=True)
    assert mine.cases == tuple(fn195[6:]) and mine.coders == "anna"
    assert {e.coder for e in mine.evidence} == {"anna"}
    assert cases_for(store, VALIDERING, coder="anna").cases == tuple(fn195[6:])
    with pytest.raises(WorkbenchError, match="sees only their own codings, not bertil's"):
        cases_for(store, VALIDERING, coder="bertil", viewer="anna")
    assert evidence_for(store, VALIDERING, "Blekinge", viewer="anna") == ()  # Blekinge is bertil's
    assert len(evidence_for(store, VALIDERING, "Örebro", viewer="anna")) == 1

    grid = matrix(store, "kompetensförsörjning", viewer="anna")
    assert grid.coders == "anna" and grid.row_cases(grid.codes.index(VALIDERING)) == tuple(fn195[6:])
    _, claims = code_claims(store, "kompetensförsörjning", viewer="anna")
    assert {c.count for c in claims} == {7}

    summary = export_footnotes(store, tmp_path / "anna.md", viewer="anna")
    text = (tmp_path / "anna.md").read_text(encoding="utf-8")
    assert summary.coders == "anna" and text.startswith("coders: anna\n")
    assert "Sju regioner" in text and "Blekinge" not in text

    assert export_codings(store, tmp_path / "anna.csv", viewer="anna") == 1
    rows = list(csv.DictReader((tmp_path / "anna.csv").open(encoding="utf-8")))
    assert [r["coder"] for r in rows] == ["anna"]

    assert {e.coder for e in history(store, viewer="anna")} == {"anna"}


def test_a_reviewer_sees_everyone(store, blind, fn195, report_text, tmp_path):
    assert {c.coder for c in codings_for_document(store, _doc(blind), viewer="rita")} == {"anna", "bertil"}
    everyone = cases_for(store, VALIDERING, viewer="rita")
    assert everyone.count == 13 and everyone.footnote == report_footnote(report_text, 195)
    assert cases_for(store, VALIDERING, coder="bertil", viewer="rita").cases == tuple(fn195[:7])
    assert len(coding_rows(store, viewer="rita")) == 2
    assert {e.coder for e in history(store, viewer="rita")} >= {"anna", "bertil", "rita"}
    export_footnotes(store, tmp_path / "all.json", viewer="rita")
    record = next(r for r in json.loads((tmp_path / "all.json").read_text()) if r["query"] == VALIDERING)
    assert record["count"] == 13 and record["coders"] == "all"


def test_a_stranger_in_blind_mode_sees_nothing(store, blind):
    assert cases_for(store, VALIDERING, viewer="nobody-yet").count == 0
    assert codings_for_document(store, _doc(blind), viewer="nobody-yet") == []


def _with_consensus(store, world):
    """Both coders code passage 4 with samverkan; the reviewer's consensus keeps what they agree on."""
    p = world["passages"][4]
    add_coding(store, passage_id=p, code="samverkan", coder="anna", cases=["Dalarna", "Gotland", "Kalmar"])
    add_coding(store, passage_id=p, code="samverkan", coder="bertil", cases=["Dalarna", "Gotland"])
    assert start_consensus(store, reviewer="rita", coders=["anna", "bertil"], code="samverkan").created == 1


def test_all_coders_excludes_the_consensus_set(store, world, tmp_path):
    with pytest.raises(NotFound, match="workbench adjudicate"):
        cases_for(store, "samverkan", consensus=True)
    _with_consensus(store, world)
    grid = matrix(store, "samverkan")
    row = grid.cells[grid.codes.index("samverkan")]
    # anna and bertil each coded Dalarna once: 2, not 3 with the consensus copy
    assert dict(zip(grid.cases, row)) == {**{c: 0 for c in REGIONS}, "Dalarna": 2, "Gotland": 2, "Kalmar": 1}
    assert grid.coders == "all"
    agreed = cases_for(store, "samverkan", consensus=True)
    assert agreed.cases == ("Dalarna", "Gotland") and agreed.coders == "consensus"
    assert cases_for(store, "samverkan").cases == ("Dalarna", "Gotland", "Kalmar")
    export_footnotes(store, tmp_path / "c.csv", subtree="samverkan", consensus=True)
    rows = list(csv.DictReader((tmp_path / "c.csv").open(encoding="utf-8")))
    assert rows and {r["coders"] for r in rows} == {"consensus"} and rows[0]["cases"] == "Dalarna, Gotland"
    export_footnotes(store, tmp_path / "n.md", subtree="samverkan", coder=["anna", "bertil"])
    assert (tmp_path / "n.md").read_text(encoding="utf-8").startswith("coders: anna, bertil\n")


def test_consensus_in_blind_mode_is_for_the_reviewer(store, world):
    _with_consensus(store, world)
    set_blind(store, True, reviewer="rita")
    with pytest.raises(WorkbenchError, match="only a reviewer sees the consensus set"):
        cases_for(store, "samverkan", consensus=True, viewer="anna")
    assert cases_for(store, "samverkan", consensus=True, viewer="rita").count == 2
