"""Importing the bundled 2020 report end to end, and the writer's promises: one transaction, no-op re-import."""

from __future__ import annotations

import shutil

import pytest
from sqlalchemy import text

from workbench.core.db import open_store
from workbench.core.documents import (
    find_passage_by_footnote,
    get_footnote,
    get_passage,
    list_documents,
    list_footnotes,
    list_passages,
    list_sections,
)
from workbench.core.importing.parsed import ParsedDocument, ParsedPassage
from workbench.core.importing.writer import content_hash, import_file, write_document

from ...conftest import REPORT

VALIDATION_195 = [
    "Blekinge", "Dalarna", "Gävleborg", "Halland", "Jämtland Härjedalen", "Kronoberg", "Norrbotten",
    "Sörmland", "Uppsala", "Värmland", "Västernorrland", "Västra Götaland", "Örebro",
]


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    folder = tmp_path_factory.mktemp("report")
    store = open_store(str(folder / "project.db"))
    result = import_file(store, REPORT)
    yield store, result
    store.close()


def _counts(store) -> dict[str, int]:
    with store.reading() as conn:
        tables = [r[0] for r in conn.execute(text("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name"))]
        return {t: conn.execute(text(f'SELECT count(*) FROM "{t}"')).scalar_one() for t in tables}


def test_the_report_is_imported_as_report_text(imported):
    store, result = imported
    assert result.created and result.format == "report-text"
    assert result.passages > 1000 and result.pages > 150
    [doc] = list_documents(store)
    assert (doc.id, doc.passages, doc.pages) == (result.document_id, result.passages, result.pages)


def test_footnotes_1_to_482_have_text_except_455_and_456(imported):
    store, result = imported
    with store.reading() as conn:
        rows = dict(conn.execute(text("SELECT number, status FROM footnote WHERE document_id = :d"), {"d": result.document_id}).all())
    assert sorted(rows) == list(range(1, 483))
    assert [n for n, s in rows.items() if s == "missing"] == [455, 456]
    assert rows[454] == "truncated"
    assert get_footnote(store, result.document_id, 455).text == ""
    assert any("455" in p and "missing" in p for p in result.problems)
    assert any("454" in p and "cut short" in p for p in result.problems)
    # a footnote's full text, checked against the report: 195 runs over two lines there
    assert get_footnote(store, result.document_id, 195).text == ", ".join(VALIDATION_195[:-1]) + ", Örebro."


def test_list_footnotes_gives_every_footnote_as_get_footnote_does(imported):
    store, result = imported
    every = list_footnotes(store, result.document_id)
    assert [f.number for f in every] == list(range(1, 483))
    for number in (64, 195, 250, 455):  # a list with 'och', the validation list, a boards list, a missing one
        assert every[number - 1] == get_footnote(store, result.document_id, number)
    assert len(every[194].cases) == 13 and every[454].cases == ()


def test_every_reference_in_the_body_is_linked(imported, report_text):
    store, result = imported
    with store.reading() as conn:
        linked = {r[0] for r in conn.execute(
            text("SELECT DISTINCT f.number FROM footnote_ref r JOIN footnote f ON f.id = r.footnote_id WHERE f.document_id = :d"),
            {"d": result.document_id},
        )}
    assert linked == set(range(1, 483))
    for number in (1, 195, 455, 456, 482):
        assert find_passage_by_footnote(store, result.document_id, number) is not None


def test_every_passage_knows_its_page_and_offsets(imported):
    store, result = imported
    rows = list_passages(store, result.document_id)
    assert all(r.page_label for r in rows)
    with store.reading() as conn:
        doc_text = conn.execute(text("SELECT text FROM document WHERE id = :d"), {"d": result.document_id}).scalar_one()
        spans = conn.execute(text("SELECT start_offset, end_offset FROM passage WHERE document_id = :d"), {"d": result.document_id}).all()
    assert all(0 <= s < e <= len(doc_text) for s, e in spans)


def test_section_tree_follows_the_report_numbering(imported):
    store, result = imported
    sections = list_sections(store, result.document_id)
    by_id = {s.id: s for s in sections}
    chapters = [s.number for s in sections if s.number and "." not in s.number]
    assert chapters == [str(n) for n in range(1, 9)]
    [validation] = [s for s in sections if s.number == "3.4.4"]
    assert validation.title.startswith("Validering")
    assert by_id[validation.parent_id].number == "3.4"
    assert by_id[by_id[validation.parent_id].parent_id].number == "3"


def test_footnote_195_is_linked_to_the_validation_challenges_passage(imported):
    store, result = imported
    passage_id = find_passage_by_footnote(store, result.document_id, 195)
    view = get_passage(store, passage_id)
    assert view.text.startswith("13 regioner lyfter utmaningar i arbetet med validering")
    assert [r.number for r in view.footnote_refs] == [195]
    assert view.footnote_refs[0].char_offset == len("13 regioner")
    assert view.page_label == "76"
    # the report puts it under the unnumbered sub-heading "Utmaningar" of 3.4.4
    sections = {s.id: s for s in list_sections(store, result.document_id)}
    assert view.section_title == "Utmaningar"
    assert sections[sections[view.section_id].parent_id].number == "3.4.4"


def test_footnote_195_yields_13_recognised_regions(imported):
    store, result = imported
    view = get_passage(store, find_passage_by_footnote(store, result.document_id, 195))
    [note] = view.footnotes
    assert list(note.cases) == VALIDATION_195
    assert set(VALIDATION_195) <= set(view.suggested_cases)


def test_reimporting_the_same_content_is_a_no_op(imported, tmp_path):
    store, result = imported
    before = _counts(store)
    copy = tmp_path / "samma-rapport.txt"
    shutil.copyfile(REPORT, copy)
    again = import_file(store, copy)
    assert not again.created and again.document_id == result.document_id
    assert (again.passages, again.footnotes) == (result.passages, result.footnotes)
    assert _counts(store) == before


def test_a_failing_write_leaves_nothing_behind(store):
    before = _counts(store)
    broken = ParsedDocument(
        title="trasig", format="txt", text="a\n\nb",
        passages=[ParsedPassage(seq=0, text="a", kind="paragraph", start_offset=0, end_offset=1),
                  ParsedPassage(seq=0, text="b", kind="paragraph", start_offset=3, end_offset=4)],
    )
    with pytest.raises(Exception):
        write_document(store, broken, path="trasig.txt", digest=content_hash(b"x"))
    assert _counts(store) == before


def test_progress_is_reported_up_to_the_total(store, tmp_path):
    path = tmp_path / "kort.md"
    path.write_text("# Rubrik\n\nEtt stycke.\n\nEtt till.[^1]\n\n[^1]: Skåne.\n", encoding="utf-8")
    seen: list[tuple[int, int]] = []
    import_file(store, path, progress=lambda done, total: seen.append((done, total)))
    assert seen and seen[-1][0] == seen[-1][1]
    assert all(a <= b for (a, _), (b, _) in zip(seen, seen[1:]))


def test_a_document_can_belong_to_one_case(store, tmp_path):
    path = tmp_path / "skane-2020.md"
    path.write_text("# Region Skåne\n\nVi arbetar med validering tillsammans med Blekinge.[^1]\n\n[^1]: Halland.\n", encoding="utf-8")
    result = import_file(store, path, case="Region Skåne")
    [doc] = list_documents(store)
    assert doc.case == "Skåne" and doc.id == result.document_id
    view = get_passage(store, list_passages(store, doc.id)[0].id)
    assert view.suggested_cases == ("Blekinge", "Halland")
    assert view.footnotes[0].cases == ("Halland",)


def test_an_unknown_case_is_refused_and_nothing_is_written(store, tmp_path):
    from workbench.core.errors import NotFound

    path = tmp_path / "vastmanland.md"
    path.write_text("Text.\n", encoding="utf-8")
    with store.reading() as conn:
        documents_before = conn.execute(text("SELECT count(*) FROM document")).scalar_one()
    with pytest.raises(NotFound) as caught:
        import_file(store, path, case="Västermanlandia")
    assert "\n" not in str(caught.value) and "Västermanlandia" in str(caught.value)
    with store.reading() as conn:
        assert conn.execute(text("SELECT count(*) FROM document")).scalar_one() == documents_before == 0


def test_a_complement_footnote_suggests_the_regions_it_means(imported):
    # "74 Samtliga regioner utom Dalarna, Västerbotten." names two regions but means the other 19
    store, result = imported
    note = get_footnote(store, result.document_id, 74)
    assert note.text == "Samtliga regioner utom Dalarna, Västerbotten."
    assert len(note.cases) == 19 and "Dalarna" not in note.cases and "Västerbotten" not in note.cases
    assert note.cases[:2] == ("Blekinge", "Gotland") and note.cases[-1] == "Östergötland"


def test_passage_rows_carry_footnote_numbers_and_offsets(imported):
    store, result = imported
    rows = list_passages(store, result.document_id)
    [row] = [r for r in rows if 195 in r.footnotes]
    assert row.footnotes == (195,) and row.footnote_offsets == (len("13 regioner"),)
    assert all(len(r.footnotes) == len(r.footnote_offsets) for r in rows)
    assert sum(len(r.footnotes) for r in rows) >= 482
