"""Choosing a parser, and refusing whatever is not a readable document: one line, nothing written."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest
from sqlalchemy import text

from workbench.core.errors import InvalidInput
from workbench.core.importing.detect import detect_format, parse_file
from workbench.core.importing.writer import import_file


def _snapshot(store) -> dict[str, int]:
    with store.reading() as conn:
        tables = [r[0] for r in conn.execute(text("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name"))]
        return {t: conn.execute(text(f'SELECT count(*) FROM "{t}"')).scalar_one() for t in tables}


def _refused(store, path, *words: str) -> str:
    before = _snapshot(store)
    with pytest.raises(InvalidInput) as caught:
        import_file(store, path)
    message = str(caught.value)
    assert "\n" not in message
    assert path.name in message
    for word in words:
        assert word in message
    assert _snapshot(store) == before
    return message


def _empty_docx() -> bytes:
    buffer = io.BytesIO()
    docx.Document().save(buffer)
    return buffer.getvalue()


def test_missing_file(store, tmp_path):
    _refused(store, tmp_path / "finns-inte.txt", "no such file")


def test_folder(store, tmp_path):
    (tmp_path / "mapp.txt").mkdir()
    _refused(store, tmp_path / "mapp.txt", "folder")


@pytest.mark.parametrize("content", [b"", b"   \n\n\t\n"])
def test_empty_file(store, tmp_path, content):
    path = tmp_path / "tom.txt"
    path.write_bytes(content)
    _refused(store, path, "empty")


def test_unknown_extension(store, tmp_path):
    path = tmp_path / "rapport.odt"
    path.write_text("text", encoding="utf-8")
    message = _refused(store, path, "unknown file type '.odt'")
    assert ".docx" in message and ".pdf" in message


def test_binary_file_named_txt(store, tmp_path):
    path = tmp_path / "bild.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    _refused(store, path, "binary")


def test_control_characters_without_nul_are_binary_too(store, tmp_path):
    path = tmp_path / "data.md"
    path.write_bytes(bytes([1, 2, 3, 4, 5, 6, 7, 8, 14, 15, 16, 17, 18, 19, 20]) * 20)
    _refused(store, path, "binary")


def test_undecodable_text(store, tmp_path):
    path = tmp_path / "trasig.txt"
    # 0x81 and 0x8d are undefined in Windows-1252 as well as invalid UTF-8
    path.write_bytes(b"Region Sk\x81ne och \x8d")
    _refused(store, path, "not UTF-8", "0x81")


def test_windows_1252_is_read_and_said(store, tmp_path):
    path = tmp_path / "ansi.txt"
    path.write_bytes("Skåne och Örebro arbetar med validering.\n".encode("cp1252"))
    result = import_file(store, path)
    assert result.created and result.passages == 1
    assert any("Windows-1252" in p for p in result.problems)
    parsed = parse_file(path)
    assert parsed.passages[0].text == "Skåne och Örebro arbetar med validering."


def test_utf8_with_bom(tmp_path):
    path = tmp_path / "bom.txt"
    path.write_bytes("\ufeffÅr 2020 var annorlunda.\n".encode("utf-8"))
    parsed = parse_file(path)
    assert parsed.passages[0].text == "År 2020 var annorlunda." and parsed.problems == []


def test_docx_that_is_not_a_zip(store, tmp_path):
    path = tmp_path / "rapport.docx"
    path.write_text("bara text", encoding="utf-8")
    _refused(store, path, "not a Word .docx file")


def test_corrupt_docx(store, tmp_path):
    path = tmp_path / "trasig.docx"
    path.write_bytes(_empty_docx()[:400])
    _refused(store, path, "damaged")


def test_zip_that_is_not_a_word_document(store, tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("hello.txt", "hej")
    path = tmp_path / "arkiv.docx"
    path.write_bytes(buffer.getvalue())
    _refused(store, path, "damaged")


def test_docx_without_text(store, tmp_path):
    path = tmp_path / "mall.docx"
    path.write_bytes(_empty_docx())
    _refused(store, path, "no text")


def test_pdf_that_is_not_a_pdf(store, tmp_path):
    path = tmp_path / "rapport.pdf"
    path.write_text("inte en pdf", encoding="utf-8")
    _refused(store, path, "not a PDF")


def test_corrupt_pdf(store, tmp_path):
    path = tmp_path / "trasig.pdf"
    path.write_bytes(b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R\nthis is not a pdf body\n")
    _refused(store, path, "trasig.pdf")


def test_report_text_goes_to_the_report_parser(tmp_path, report_text):
    path = tmp_path / "rapport.txt"
    path.write_text(report_text, encoding="utf-8")
    assert detect_format(path.read_bytes(), path, report_text) == "report-text"
    assert detect_format(b"Hej.\n", tmp_path / "kort.txt", "Hej.\n") == "txt"
    assert detect_format(b"# Hej\n", tmp_path / "kort.md", "# Hej\n") == "md"
