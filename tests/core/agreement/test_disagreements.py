"""Disagreements between coders on the bundled report, with each coder's evidence."""

from __future__ import annotations

from workbench.core.agreement.disagreements import disagreement_rows, find_disagreements

from .conftest import UTBILDNING, UTMANINGAR


def by_code(found):
    return {item.code: item for item in found.codes}


def test_cases_where_coders_differ_with_evidence(project):
    store, p = project
    found = find_disagreements(store)
    assert found.coders == ("anna", "bo")
    utm = by_code(found)[UTMANINGAR]
    # anna follows footnote 195 (Örebro); bo left Örebro out and added Stockholm.
    assert [c.case for c in utm.cases] == ["Stockholm", "Örebro"]  # Swedish order: Ö after S
    stockholm, orebro = utm.cases
    assert stockholm.given_by == ("bo",) and stockholm.not_given_by == ("anna",)
    assert orebro.given_by == ("anna",)
    (anna_ev,) = orebro.evidence["anna"]
    assert anna_ev.passage_id == p["utmaningar"] and anna_ev.memo == "fotnot 195"
    assert anna_ev.quote.startswith("13 regioner lyfter utmaningar") and anna_ev.span == (0, 50)
    # bo coded the same passage with the same code, naming other cases: shown as evidence too.
    (bo_ev,) = orebro.evidence["bo"]
    assert bo_ev.passage_id == p["utmaningar"] and "Örebro" not in bo_ev.cases and "Stockholm" in bo_ev.cases
    assert bo_ev.memo == "Stockholm nämns i redovisningen"
    (passage,) = utm.passages
    assert passage.kind == "cases" and passage.passage_id == p["utmaningar"]


def test_passages_where_only_some_coders_coded(project):
    store, p = project
    utb = by_code(find_disagreements(store))[UTBILDNING]
    # Same four regions at case level, but anna's Örebro is one passage and bo's another.
    assert utb.cases == ()
    assert [(x.passage_id, x.kind) for x in utb.passages] == [(p["örebro"], "coded"), (p["örebro2"], "coded")]
    first = utb.passages[0]
    assert [e.cases for e in first.by_coder["anna"]] == [("Örebro",)] and first.by_coder["bo"] == ()


def test_code_filter_and_agreeing_coders(project):
    store, _ = project
    found = find_disagreements(store, code="kompetensförsörjning/validering")
    assert [c.code for c in found.codes] == [UTMANINGAR]
    rows = disagreement_rows(found)
    assert rows[0][:5] == ["code", "kind", "where", "coder", "gives"]
    assert any(r[1:5] == ["case", "Örebro", "anna", "yes"] for r in rows)
    assert any(r[1:5] == ["case", "Örebro", "bo", "no"] for r in rows)


def test_no_disagreement_when_coders_agree(store):
    from workbench.core.coding import add_coding
    from workbench.core.importing.writer import import_file

    from tests.conftest import REPORT

    from .conftest import install_codes, install_regions, passage_id

    import_file(store, REPORT)
    with store.transaction() as conn:
        install_regions(conn)
        install_codes(conn)
        pid = passage_id(conn, "I Gävleborg anpassar regionen arbetssätten")
    for coder in ("anna", "bo"):
        add_coding(store, passage_id=pid, code=UTBILDNING, coder=coder, cases=["Gävleborg"])
    assert find_disagreements(store).codes == ()
