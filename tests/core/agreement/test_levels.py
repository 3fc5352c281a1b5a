"""Agreement tables built from a project database, checked against vectors built by hand."""

from __future__ import annotations

import krippendorff
import numpy as np
import pytest
from sklearn.metrics import cohen_kappa_score
from sqlalchemy import text

from workbench.core.agreement.levels import agreement_report, overlap_ratio, resolve_scope, segment_agreement
from workbench.core.errors import NotFound, WorkbenchError

from .conftest import FOOTNOTE_195, REGIONS, UTBILDNING, UTMANINGAR

TOL = 1e-9


def vector(regions) -> list[int]:
    return [1 if r in regions else 0 for r in REGIONS]


def alpha(*coders) -> float:
    return krippendorff.alpha(reliability_data=np.array(coders, dtype=float), level_of_measurement="nominal")


def entry(report, code):
    (found,) = [e for e in report.entries if e.code == code]
    return found.summary


def test_case_level_per_code_matches_hand_built_vectors(project):
    store, _ = project
    report = agreement_report(store, level="case")
    assert report.coders == ("anna", "bo")
    anna = vector(FOOTNOTE_195)
    bo = vector([r for r in FOOTNOTE_195 if r != "Örebro"] + ["Stockholm"])
    s = entry(report, UTMANINGAR)
    assert s.n_units == 21
    assert s.percent.value == pytest.approx(19 / 21)
    assert s.cohen_kappa.value == pytest.approx(cohen_kappa_score(anna, bo), abs=TOL)
    assert s.krippendorff_alpha.value == pytest.approx(alpha(anna, bo), abs=TOL)
    # Utbildning: both coders name the same four regions (bo via another Örebro passage).
    u = entry(report, UTBILDNING)
    assert u.percent.value == 1 and u.krippendorff_alpha.value == pytest.approx(1.0)
    # The parent collects its subtree: union of both codes per coder.
    parent = entry(report, "kompetensförsörjning")
    four = ["Gävleborg", "Kronoberg", "Västernorrland", "Örebro"]
    anna_p = vector(FOOTNOTE_195 + four)
    bo_p = vector([r for r in FOOTNOTE_195 if r != "Örebro"] + ["Stockholm"] + four)
    assert parent.cohen_kappa.value == pytest.approx(cohen_kappa_score(anna_p, bo_p), abs=TOL)
    # Unused code is left out, and said so.
    assert "infrastruktur" not in [e.code for e in report.entries]
    assert any("left out" in n for n in report.notes)


def test_case_level_pooled_and_mean_are_over_the_most_specific_codes(project):
    store, _ = project
    report = agreement_report(store, level="case")
    anna = vector(FOOTNOTE_195)
    bo = vector([r for r in FOOTNOTE_195 if r != "Örebro"] + ["Stockholm"])
    four = vector(["Gävleborg", "Kronoberg", "Västernorrland", "Örebro"])
    assert report.pooled.summary.n_units == 42
    assert report.pooled.summary.krippendorff_alpha.value == pytest.approx(alpha(anna + four, bo + four), abs=TOL)
    expected_mean = (cohen_kappa_score(anna, bo) + 1.0) / 2
    assert report.mean.summary.cohen_kappa.value == pytest.approx(expected_mean, abs=TOL)


def test_code_subtree_and_coder_selection(project):
    store, _ = project
    report = agreement_report(store, level="case", code="kompetensförsörjning/validering", coders=["bo", "anna"])
    assert report.coders == ("bo", "anna")
    assert [e.code for e in report.entries] == ["kompetensförsörjning/validering", UTMANINGAR]
    with pytest.raises(NotFound, match="unknown coder 'ana' - did you mean anna"):
        agreement_report(store, coders=["ana", "bo"])
    with pytest.raises(WorkbenchError, match="needs two coders"):
        agreement_report(store, coders=["anna"])


def test_consensus_coder_is_not_compared_by_default(project):
    store, p = project
    from workbench.core.coding import add_coding, get_or_create_coder

    with store.transaction() as conn:
        get_or_create_coder(conn, "konsensus", role="consensus")
    add_coding(store, passage_id=p["utmaningar"], code=UTMANINGAR, coder="konsensus", cases=FOOTNOTE_195)
    with store.reading() as conn:
        assert resolve_scope(conn).coders == ("anna", "bo")


def test_passage_level(project):
    store, p = project
    report = agreement_report(store, level="passage")
    with store.reading() as conn:
        ids = [int(r[0]) for r in conn.execute(text("SELECT id FROM passage ORDER BY id"))]
    anna = {p["gävleborg"], p["kronoberg"], p["västernorrland"], p["örebro"]}
    bo = {p["gävleborg"], p["kronoberg"], p["västernorrland"], p["örebro2"]}
    a = [1 if i in anna else 0 for i in ids]
    b = [1 if i in bo else 0 for i in ids]
    s = entry(report, UTBILDNING)
    assert s.n_units == len(ids)
    assert s.percent.value == pytest.approx((len(ids) - 2) / len(ids))
    assert s.cohen_kappa.value == pytest.approx(cohen_kappa_score(a, b), abs=TOL)
    assert s.krippendorff_alpha.value == pytest.approx(alpha(a, b), abs=TOL)
    # Both coded the validering passage: perfect agreement at passage level, though not on its regions.
    assert entry(report, UTMANINGAR).cohen_kappa.value == pytest.approx(1.0)


def test_passage_level_coder_who_did_not_read_a_document_is_missing(project, tmp_path):
    store, p = project
    from workbench.core.coding import add_coding
    from workbench.core.importing.writer import import_file

    other = tmp_path / "annan.txt"
    other.write_text("Rubrik\n\nFörsta stycket om validering i Halland.\n\nAndra stycket om Skåne.\n", encoding="utf-8")
    doc = import_file(store, other).document_id
    with store.reading() as conn:
        passages = [int(r[0]) for r in conn.execute(text("SELECT id FROM passage WHERE document_id = :d ORDER BY seq"), {"d": doc})]
    add_coding(store, passage_id=passages[-1], code=UTBILDNING, coder="cilla", cases=["Skåne"])
    add_coding(store, passage_id=passages[-1], code=UTBILDNING, coder="anna", cases=["Skåne"])
    report = agreement_report(store, level="passage", coders=["anna", "cilla"], code=UTBILDNING)
    s = entry(report, UTBILDNING)
    # cilla never coded the report, so only the new document's passages are compared (listwise).
    assert s.percent.value == 1.0
    assert any("missing (not absent)" in n for n in report.notes)
    only_new = agreement_report(store, level="passage", coders=["anna", "cilla"], code=UTBILDNING, document_id=doc)
    assert entry(only_new, UTBILDNING).n_units == len(passages) and only_new.notes == ()
    three = agreement_report(store, level="passage", coders=["anna", "bo", "cilla"], code=UTBILDNING)
    # bo never coded the new document and cilla never the report: no unit has all three (listwise n/a),
    # while alpha uses every pairable unit (anna-bo in the report, anna-cilla in the new document).
    assert entry(three, UTBILDNING).fleiss_kappa.reason == "n/a: no unit has a value from every coder"
    with store.reading() as conn:
        report_ids = [int(r[0]) for r in conn.execute(text("SELECT id FROM passage WHERE document_id = 1"))]
    anna_set = {p["gävleborg"], p["kronoberg"], p["västernorrland"], p["örebro"]}
    bo_set = {p["gävleborg"], p["kronoberg"], p["västernorrland"], p["örebro2"]}
    rows = [(int(i in anna_set), int(i in bo_set), np.nan) for i in report_ids]
    rows += [(int(i == passages[-1]), np.nan, int(i == passages[-1])) for i in passages]
    expected = krippendorff.alpha(reliability_data=np.array(rows, dtype=float).T, level_of_measurement="nominal")
    assert entry(three, UTBILDNING).krippendorff_alpha.value == pytest.approx(expected, abs=TOL)


def test_span_level_counts_characters_like_nvivo(project):
    store, p = project
    report = agreement_report(store, level="span", code=UTMANINGAR)
    with store.reading() as conn:
        length = conn.execute(text("SELECT length(text) FROM document WHERE id = 1")).scalar_one()
        start, plen = conn.execute(text("SELECT start_offset, length(text) FROM passage WHERE id = :i"),
                                   {"i": p["utmaningar"]}).one()
    a = np.zeros(length, dtype=int)
    b = np.zeros(length, dtype=int)
    a[start:start + 50] = 1  # anna coded the first 50 characters
    b[start:start + plen] = 1  # bo the whole passage
    s = entry(report, UTMANINGAR)
    assert s.n_units == length
    assert s.percent.value == pytest.approx((length - (plen - 50)) / length, abs=TOL)
    assert s.cohen_kappa.value == pytest.approx(cohen_kappa_score(a, b), abs=TOL)
    # NVivo's formula on the same counts.
    both, a_n, b_n = 50, 50, plen
    ef = a_n * b_n / length + (length - a_n) * (length - b_n) / length
    assert s.cohen_kappa.value == pytest.approx((length - (plen - 50) - ef) / (length - ef), abs=TOL)
    assert both == 50


def test_segment_matching_lists_the_disagreeing_segments(project):
    store, p = project
    with store.reading() as conn:
        scope = resolve_scope(conn)
        found = segment_agreement(conn, scope, min_overlap=0.9)
    by_code = {(s.code, s.coders): s for s in found}
    utm = by_code[(UTMANINGAR, ("anna", "bo"))]
    assert (utm.matched, utm.total) == (0, 2)
    assert {u.segment.coder for u in utm.unmatched} == {"anna", "bo"}
    anna_seg = next(u for u in utm.unmatched if u.segment.coder == "anna")
    assert anna_seg.quote.startswith("13 regioner lyfter utmaningar")
    utb = by_code[(UTBILDNING, ("anna", "bo"))]
    assert (utb.matched, utb.total) == (6, 8)
    assert sorted(u.segment.passage_id for u in utb.unmatched) == sorted([p["örebro"], p["örebro2"]])
    # A lower threshold lets the 50-character span match bo's whole passage when it covers enough of it.
    with store.reading() as conn:
        plen = conn.execute(text("SELECT length(text) FROM passage WHERE id = :i"), {"i": p["utmaningar"]}).scalar_one()
        loose = segment_agreement(conn, scope, min_overlap=50 / plen)
    assert {(s.code, s.matched) for s in loose if s.code == UTMANINGAR} == {(UTMANINGAR, 2)}


def test_overlap_ratio():
    assert overlap_ratio((0, 10), (0, 10)) == 1
    assert overlap_ratio((0, 10), (5, 15)) == pytest.approx(5 / 15)
    assert overlap_ratio((0, 10), (10, 20)) == 0


def test_section_scope_counts_only_its_passages(project):
    store, p = project
    with store.reading() as conn:
        sections = conn.execute(text(
            "WITH RECURSIVE sub(id) AS (SELECT id FROM section WHERE number = '3.4'"
            " UNION ALL SELECT s.id FROM section s JOIN sub ON s.parent_id = sub.id) SELECT id FROM sub")).all()
        n = conn.execute(text(f"SELECT count(*) FROM passage WHERE section_id IN ({','.join(str(r[0]) for r in sections)})")).scalar_one()
        in_section = conn.execute(text(f"SELECT id FROM passage WHERE section_id IN ({','.join(str(r[0]) for r in sections)})")).all()
    assert p["utmaningar"] in {r[0] for r in in_section} and p["gävleborg"] not in {r[0] for r in in_section}
    report = agreement_report(store, level="passage", section="3.4")
    assert [e.code for e in report.entries] == ["kompetensförsörjning", "kompetensförsörjning/validering", UTMANINGAR]
    assert all(e.summary.n_units == n for e in report.entries)
    with pytest.raises(NotFound, match="unknown section '9.9'"):
        agreement_report(store, section="9.9")
