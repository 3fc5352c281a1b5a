"""Codes that count another case set (the 2020 codebook's 15 länsstyrelser codes) are compared,
listed and settled over their own cases, not over the 21 regions.

On the demo: footnote-coded claim "påverkat fördelningen" names four länsstyrelser
(Kronoberg, Västmanland, Örebro, Östergötland); a second coder, lena, leaves out
Östergötland and adds Gotland.
"""

from __future__ import annotations

import shutil

import pytest

from workbench.core.demo import REPORT_CODER, build_demo

CODE = "anslag 1:1/länsstyrelserna/påverkat fördelningen"
REPORT_CASES = ["Kronoberg", "Västmanland", "Örebro", "Östergötland"]
LENA_CASES = ["Gotland", "Kronoberg", "Västmanland", "Örebro"]
CODERS = ["lena", REPORT_CODER]


@pytest.fixture(scope="module")
def demo_path(tmp_path_factory):
    return build_demo(tmp_path_factory.mktemp("case-sets") / "demo.db").db_path


@pytest.fixture
def demo(demo_path, tmp_path):
    from workbench.core.coding import add_coding, codings_for_document
    from workbench.core.db import open_store
    from workbench.core.documents import list_documents

    shutil.copyfile(demo_path, tmp_path / "demo.db")
    store = open_store(str(tmp_path / "demo.db"), create=False)
    doc = list_documents(store)[0]
    (theirs,) = [c for c in codings_for_document(store, doc.id) if c.code_path == CODE]
    assert list(theirs.cases) == REPORT_CASES  # the footnote, as the demo codes it
    add_coding(store, passage_id=theirs.passage_id, code=CODE, coder="lena", cases=LENA_CASES)
    yield store, theirs.passage_id
    store.close()


def test_case_level_units_are_the_codes_own_case_set(demo):
    from workbench.core.agreement.levels import agreement_report

    store, _ = demo
    report = agreement_report(store, coders=CODERS, code=CODE)
    (entry,) = report.entries
    assert entry.summary.n_units == 21  # the 21 länsstyrelser
    assert entry.summary.percent.value == pytest.approx(19 / 21)  # Gotland and Östergötland differ


def test_disagreements_name_the_länsstyrelser(demo):
    from workbench.core.agreement.disagreements import find_disagreements

    store, _ = demo
    (item,) = find_disagreements(store, coders=CODERS, code=CODE).codes
    assert [(c.case, c.given_by) for c in item.cases] == [("Gotland", ("lena",)), ("Östergötland", (REPORT_CODER,))]
    (passage,) = item.passages
    assert passage.kind == "cases"


def test_settling_writes_the_codes_own_cases(demo):
    from workbench.core.agreement.adjudication import add_reviewer, settle_case, settle_passage, start_consensus
    from workbench.core.coding import codings_for_passage

    store, pid = demo
    add_reviewer(store, "rita")
    started = start_consensus(store, reviewer="rita", coders=CODERS)
    assert started.created >= 1

    def consensus() -> list[str]:
        found = [c for c in codings_for_passage(store, pid, coder="consensus") if c.code_path == CODE]
        return [case for c in found for case in c.cases]

    assert consensus() == ["Kronoberg", "Västmanland", "Örebro"]  # what both named
    settle_case(store, reviewer="rita", code=CODE, case="Östergötland", decision="take", coder=REPORT_CODER,
                reason="fotnoten", coders=CODERS)
    assert consensus() == ["Kronoberg", "Västmanland", "Örebro", "Östergötland"]
    settle_passage(store, reviewer="rita", code=CODE, passage_id=pid, decision="edit", cases=["Gotland", "Örebro"],
                   reason="prov", coders=CODERS)
    assert consensus() == ["Gotland", "Örebro"]
