"""The PDF parser on small PDFs written by hand here (one text line per Tj)."""

from __future__ import annotations

import pytest

from workbench.core.importing.pdf import parse_pdf


def _escape(line: str) -> bytes:
    raw = line.encode("cp1252")
    return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def make_pdf(pages: list[list[tuple[float, str]]]) -> bytes:
    """A PDF whose pages hold lines of Helvetica (WinAnsi) text, as (font size, text), top to bottom."""
    objects: list[bytes] = []
    page_ids = []
    font_id = 3
    objects.append(b"")  # 1: catalog, filled below
    objects.append(b"")  # 2: pages
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    for lines in pages:
        y = 800.0
        stream = b""
        for size, line in lines:
            stream += b"BT /F1 %d Tf 72 %d Td (" % (size, y) + _escape(line) + b") Tj ET\n"
            y -= size * 1.6
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
        content_id = len(objects)
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 %d 0 R >> >> /Contents %d 0 R >>"
            % (font_id, content_id)
        )
        page_ids.append(len(objects))
    objects[0] = b"<< /Type /Catalog /Pages 2 0 R >>"
    objects[1] = b"<< /Type /Pages /Kids [" + b" ".join(b"%d 0 R" % i for i in page_ids) + b"] /Count %d >>" % len(page_ids)
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return out


PAGE_ONE = [
    (14, "3.4 Validering"),
    (10, "13 regioner lyfter utmaningar i arbetet med validering.1 Den vanligaste utmaningen som beskrivs"),
    (10, "är att regionerna saknar statlig styrning och nationellt ansvarstagande."),
    (10, "• Första punkten i en lista"),
    (10, "Arbetet med kompetens-"),
    (10, "försörjning fortsätter i flera regioner och län.2"),
    (8, "1 Blekinge, Dalarna, Gävleborg, Halland, Jämtland Härjedalen, Kronoberg, Norrbotten,"),
    (8, "Sörmland, Uppsala, Värmland, Västernorrland, Västra Götaland, Örebro."),
    (8, "2 Skåne och Stockholm."),
    (10, "1"),
]
PAGE_TWO = [
    (10, "Ett nytt stycke på sidan två nämner Skåne.3"),
    (8, "3 Region Skåne, 2021."),
    (10, "2"),
]


@pytest.fixture(scope="module")
def parsed():
    return parse_pdf(make_pdf([PAGE_ONE, PAGE_TWO]), "rapport")


def test_pages_and_their_labels(parsed):
    assert [(p.seq, p.label) for p in parsed.pages] == [(1, "1"), (2, "2")]
    assert [p.page_seq for p in parsed.passages] == [1, 1, 1, 2]
    assert parsed.pages[1].start_offset == parsed.passages[-1].start_offset


def test_numbered_heading_becomes_a_section(parsed):
    assert [(s.number, s.title, s.level) for s in parsed.sections] == [("3.4", "Validering", 2)]
    assert all(p.section_seq == 0 for p in parsed.passages)


def test_paragraphs_are_joined_and_hyphenation_undone(parsed):
    texts = [(p.kind, p.text) for p in parsed.passages]
    assert texts[0] == (
        "paragraph",
        "13 regioner lyfter utmaningar i arbetet med validering. Den vanligaste utmaningen som beskrivs "
        "är att regionerna saknar statlig styrning och nationellt ansvarstagande.",
    )
    assert texts[1] == ("bullet", "Första punkten i en lista")
    assert texts[2] == ("paragraph", "Arbetet med kompetensförsörjning fortsätter i flera regioner och län.")
    assert texts[-1] == ("paragraph", "Ett nytt stycke på sidan två nämner Skåne.")
    assert all(parsed.text[p.start_offset : p.end_offset] == p.text for p in parsed.passages)


def test_footnotes_at_the_foot_of_the_page_are_read_and_linked(parsed):
    assert [(f.number, f.page_seq) for f in parsed.footnotes] == [(1, 1), (2, 1), (3, 2)]
    assert parsed.footnotes[0].text.startswith("Blekinge, Dalarna") and parsed.footnotes[0].text.endswith("Västra Götaland, Örebro.")
    first = parsed.passages[0]
    assert [(r.number, r.char_offset) for r in first.footnote_refs] == [(1, first.text.index(" Den vanligaste"))]
    assert [r.number for r in parsed.passages[-1].footnote_refs] == [3]
    assert "footnote" not in first.text and "1 Blekinge" not in parsed.text.split("\n\n")[1]


def test_the_limits_of_layout_reading_are_reported(parsed):
    assert any("PDF layout is read from text only" in p for p in parsed.problems)


def test_numbers_at_a_page_foot_without_references_are_not_taken_for_footnotes():
    page = [(10, "Tabellen visar antal insatser per region och år."), (10, "1 Skåne 12 insatser"), (10, "1")]
    parsed = parse_pdf(make_pdf([page]), "tabell")
    assert parsed.footnotes == []
    assert "1 Skåne 12 insatser" in parsed.text


def test_importing_a_pdf_keeps_pages_and_footnotes(store, tmp_path):
    from workbench.core.documents import find_passage_by_footnote, get_passage
    from workbench.core.importing.writer import import_file

    path = tmp_path / "rapport.pdf"
    path.write_bytes(make_pdf([PAGE_ONE, PAGE_TWO]))
    result = import_file(store, path)
    assert result.created and (result.format, result.pages, result.footnotes) == ("pdf", 2, 3)
    view = get_passage(store, find_passage_by_footnote(store, result.document_id, 3))
    assert view.page_label == "2" and view.text.endswith("nämner Skåne.")
    assert view.footnotes[0].text == "Region Skåne, 2021."
