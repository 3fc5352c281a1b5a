"""The Word parser on .docx files built here with python-docx, including a real footnotes part."""

from __future__ import annotations

import io

import docx
import pytest
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from workbench.core.importing.docx import parse_docx

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
FOOTNOTES_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"


def _footnotes_xml(notes: dict[int, str]) -> bytes:
    body = [
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>',
        '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>',
    ]
    for word_id, text in notes.items():
        body.append(
            f'<w:footnote w:id="{word_id}"><w:p><w:pPr><w:pStyle w:val="FootnoteText"/></w:pPr>'
            f'<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteRef/></w:r>'
            f'<w:r><w:t xml:space="preserve"> {text}</w:t></w:r></w:p></w:footnote>'
        )
    return f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:footnotes xmlns:w="{W_NS}">{"".join(body)}</w:footnotes>'.encode()


def _add_reference(paragraph, word_id: int) -> None:
    run = paragraph.add_run()
    ref = OxmlElement("w:footnoteReference")
    ref.set(qn("w:id"), str(word_id))
    run._r.append(ref)


def _save(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def report_docx() -> bytes:
    document = docx.Document()
    document.add_heading("3 Kompetensförsörjning", level=1)
    document.add_paragraph("Regionerna arbetar med kompetensförsörjning.")
    document.add_heading("3.4 Validering", level=2)
    p = document.add_paragraph("13 regioner lyfter utmaningar i arbetet med validering")
    # Word ids need not follow the order the notes are shown in: 7 comes first on the page.
    _add_reference(p, 7)
    p.add_run(" och flera andra")
    _add_reference(p, 3)
    p.add_run(".")
    document.add_paragraph("Första punkten", style="List Bullet")
    document.add_paragraph("Andra punkten", style="List Bullet")
    document.add_paragraph("Ett citat ur en rapport", style="Quote")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Region"
    table.cell(0, 1).text = "Insatser"
    table.cell(1, 0).text = "Skåne"
    table.cell(1, 1).text = "12"
    part = Part(PackURI("/word/footnotes.xml"), FOOTNOTES_CT, _footnotes_xml({7: "Blekinge, Dalarna och Gotland.", 3: "Tillväxtverket, 2021."}), document.part.package)
    document.part.relate_to(part, RT.FOOTNOTES)
    return _save(document)


def test_headings_become_a_numbered_section_tree(report_docx):
    parsed = parse_docx(report_docx, "rapport")
    assert [(s.number, s.title, s.level, s.parent_seq) for s in parsed.sections] == [
        ("3", "Kompetensförsörjning", 1, None),
        ("3.4", "Validering", 2, 0),
    ]


def test_paragraphs_lists_quotes_and_tables_are_passages(report_docx):
    parsed = parse_docx(report_docx, "rapport")
    kinds = [(p.kind, p.text) for p in parsed.passages]
    assert kinds == [
        ("paragraph", "Regionerna arbetar med kompetensförsörjning."),
        ("paragraph", "13 regioner lyfter utmaningar i arbetet med validering och flera andra."),
        ("bullet", "Första punkten"),
        ("bullet", "Andra punkten"),
        ("quote", "Ett citat ur en rapport"),
        ("table", "Region | Insatser\nSkåne | 12"),
    ]
    assert all(parsed.text[p.start_offset : p.end_offset] == p.text for p in parsed.passages)
    assert [p.section_seq for p in parsed.passages] == [0, 1, 1, 1, 1, 1]


def test_word_footnotes_are_read_and_linked_where_their_mark_stands(report_docx):
    parsed = parse_docx(report_docx, "rapport")
    assert [(f.number, f.text, f.status) for f in parsed.footnotes] == [
        (1, "Blekinge, Dalarna och Gotland.", "ok"),
        (2, "Tillväxtverket, 2021.", "ok"),
    ]
    passage = parsed.passages[1]
    refs = [(r.number, r.char_offset) for r in passage.footnote_refs]
    assert refs == [(1, len("13 regioner lyfter utmaningar i arbetet med validering")), (2, len(passage.text) - 1)]
    assert parsed.problems == []


def test_a_reference_without_footnote_text_is_reported_missing():
    document = docx.Document()
    p = document.add_paragraph("Text med fotnot")
    _add_reference(p, 5)
    parsed = parse_docx(_save(document), "utan fotnoter")
    assert [(f.number, f.status) for f in parsed.footnotes] == [(1, "missing")]
    assert any("footnote 1" in problem and "no text" in problem for problem in parsed.problems)


def test_swedish_heading_style_names_are_understood():
    document = docx.Document()
    document.styles["Heading 2"].name = "Rubrik 2"
    document.add_paragraph("Inledning", style="Rubrik 2")
    document.add_paragraph("Brödtext.")
    parsed = parse_docx(_save(document), "svensk")
    assert [(s.title, s.level) for s in parsed.sections] == [("Inledning", 2)]
    assert parsed.passages[0].section_seq == 0


def test_importing_a_docx_links_its_word_footnotes_in_the_project(store, tmp_path, report_docx):
    from workbench.core.documents import find_passage_by_footnote, get_passage, list_documents
    from workbench.core.importing.writer import import_file

    path = tmp_path / "rapport.docx"
    path.write_bytes(report_docx)
    result = import_file(store, path)
    assert result.created and result.format == "docx" and result.footnotes == 2
    [doc] = list_documents(store)
    view = get_passage(store, find_passage_by_footnote(store, doc.id, 1))
    assert view.section == "3.4 Validering"
    assert [(n.number, n.text) for n in view.footnotes] == [(1, "Blekinge, Dalarna och Gotland."), (2, "Tillväxtverket, 2021.")]
    assert view.footnotes[0].cases == ("Blekinge", "Dalarna", "Gotland")
    assert view.suggested_cases == ("Blekinge", "Dalarna", "Gotland")
