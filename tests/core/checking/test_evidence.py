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


def test_a_draft_never_imported_is_matched_to_the_project_by_passage_text(project, tmp_path: Path):
    """The draft repeats the report's paragraph word for word, with its own Markdown footnote."""
    from workbench.core.coding import add_coding
    from workbench.core.importing.detect import parse_file

    store, passage = project
    add_coding(store, passage_id=passage, code=CODE, coder="analytiker", cases=FOOTNOTE_122 + ["Skåne"])
    paragraph = next(p for p in parse_file(REPORT).passages if any(r.number == 122 for r in p.footnote_refs))
    ref = next(r for r in paragraph.footnote_refs if r.number == 122).char_offset
    text = paragraph.text[:ref] + "[^1]" + paragraph.text[ref:]
    draft = tmp_path / "utkast.md"
    draft.write_text(f"{text}\n\n[^1]: {', '.join(FOOTNOTE_122)}.\n", encoding="utf-8")
    result = check_file(draft, store=store)
    assert result.project == "1 passage found by their text"
    v = next(c.verdict for c in result.claims if c.verdict.footnote == 1)
    assert v.verdict == "count_mismatch" and v.coded.missing_from_footnote == ("Skåne",)


def test_a_coding_made_for_a_neighbouring_footnote_is_not_a_claims_evidence(store):
    """Passage 'Nästan alla regioner23 ... Dels ...24 Dels ...25': a coding of footnote 24's list is 24's."""
    from workbench.core.coding import add_coding
    from workbench.core.codebooks import install_codebook, load_codebook_file
    from workbench.core.documents import find_passage_by_footnote, get_footnote
    from workbench.core.importing.writer import import_file

    imported = import_file(store, REPORT)
    with store.transaction() as conn:
        install_codebook(conn, load_codebook_file(ROOT / "codebooks" / "regional-tillvaxt-2020.yaml"))
    passage = find_passage_by_footnote(store, imported.document_id, 24)
    assert passage == find_passage_by_footnote(store, imported.document_id, 23)
    listed = [name.strip(" .") for name in get_footnote(store, imported.document_id, 24).text.split(",")]
    add_coding(store, passage_id=passage, code=CODE, coder="analytiker", cases=listed)
    result = check_file(REPORT, store=store)
    v = _claim(result, 23)
    assert v.verdict == "consistent" and v.coded is None
