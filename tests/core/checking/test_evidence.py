"""``check --db``: a claim's footnote next to what the project's codings support."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import REPORT, ROOT
from workbench.core.checking.report import check_file

CODE = "attraktiva miljöer/tillgänglighet/resultat/endast effekter"
FOOTNOTE_122 = ["Blekinge", "Dalarna", "Gävleborg", "Jämtland Härjedalen", "Jönköping", "Norrbotten", "Uppsala",
                "Västernorrland", "Östergötland"]


@pytest.fixture
def project(store):
    from workbench.core.codebooks import install_codebook, load_codebook_file
    from workbench.core.documents import find_passage_by_footnote
    from workbench.core.importing.writer import import_file

    imported = import_file(store, REPORT)
    with store.transaction() as conn:
        install_codebook(conn, load_codebook_file(ROOT / "codebooks" / "regional-tillvaxt-2020.yaml"))
    passage = find_passage_by_footnote(store, imported.document_id, 122)
    return store, passage


def _claim(result, footnote):
    return next(c.verdict for c in result.claims if c.verdict.footnote == footnote)


def test_codings_on_the_claims_passage_are_compared_with_its_footnote(project):
    from workbench.core.coding import add_coding

    store, passage = project
    # The analyst coded ten regions, as the sentence says; the footnote lists nine of them.
    add_coding(store, passage_id=passage, code=CODE, coder="analytiker", cases=FOOTNOTE_122 + ["Skåne"])
    result = check_file(REPORT, store=store)
    assert result.project.startswith("document ")
    v = _claim(result, 122)
    assert v.verdict == "count_mismatch"
    assert v.coded.source == "passage" and v.coded.codes == (CODE,)
    assert v.coded.missing_from_footnote == ("Skåne",)
    assert v.coded.without_evidence == ()
    assert result.summary.coded == 1  # only the coded passage is compared


def test_codings_in_the_regions_own_reports_are_the_evidence(project, tmp_path: Path):
    from workbench.core.coding import add_coding
    from workbench.core.documents import list_passages
    from workbench.core.importing.writer import import_file

    store, passage = project
    add_coding(store, passage_id=passage, code=CODE, coder="analytiker", cases=FOOTNOTE_122)
    for region in ("Blekinge", "Skåne"):
        source = tmp_path / f"{region}.txt"
        source.write_text(f"Region {region} redovisar insatser med endast effekter under 2020.\n", encoding="utf-8")
        imported = import_file(store, source, case=region)
        pid = list_passages(store, imported.document_id)[0].id
        add_coding(store, passage_id=pid, code=CODE, coder="analytiker", cases=[region])
    v = _claim(check_file(REPORT, store=store), 122)
    assert v.coded.source == "sources" and v.coded.coded_cases == ("Blekinge", "Skåne")
    assert v.coded.missing_from_footnote == ("Skåne",)
    assert set(v.coded.without_evidence) == set(FOOTNOTE_122) - {"Blekinge"}


def test_a_project_without_the_document(store):
    result = check_file(REPORT, store=store)
    assert result.project == "not in the project" and result.summary.coded == 0
