"""Checking drafts: a Markdown file and a Word file with real footnotes, parsed by the importer."""

from __future__ import annotations

import io

import docx
import pytest
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from workbench.core.checking.report import check_file, has_mismatch
from workbench.core.errors import WorkbenchError

DRAFT_MD = """\
# 3 Kompetensförsörjning

## 3.4 Validering

13 regioner[^1] lyfter utmaningar i arbetet med validering. Tio regioner[^2]
redovisar insatser med endast effekter.

Drygt hälften av regionerna[^3] ger exempel på projekt. Samtliga regioner
förutom Uppsala har besvarat frågan.

Fyra regioner[^4] samverkar med Arbetsförmedlingen.

[^1]: Blekinge, Dalarna, Gävleborg, Halland, Jämtland Härjedalen, Kronoberg, Norrbotten, Sörmland, Uppsala, Värmland, Västernorrland, Västra Götaland, Örebro.
[^2]: Blekinge, Dalarna, Gävleborg, Jämtland Härjedalen, Jönköping, Norrbotten, Uppsala, Västernorrland, Östergötland.
[^3]: Blekinge, Gävleborg, Jämtland, Jönköping, Norrbotten, Sörmland, Uppsala, Västernorrland, Västmanland, Örebro, Östergötland.
[^4]: Kalmar, Halland, Skåne, Skåne, Västermanland.
"""


def test_a_markdown_draft(tmp_path):
    path = tmp_path / "utkast.md"
    path.write_text(DRAFT_MD, encoding="utf-8")
    result = check_file(path)
    by_fn = {c.verdict.footnote: c for c in result.claims if c.verdict.footnote is not None}
    assert by_fn[1].verdict.verdict == "consistent"
    v = by_fn[2].verdict
    assert (v.verdict, v.listed, v.fixed_claim) == ("count_mismatch", 9, "Nio regioner")
    assert by_fn[2].line == 5  # "Tio regioner[^2]" ends line 5 of the file
    assert by_fn[1].line == 5
    assert by_fn[4].line == 11
    v = by_fn[3].verdict
    assert v.verdict == "consistent" and [w.kind for w in v.warnings] == ["alias"]
    v = by_fn[4].verdict
    # Kalmar, Halland, Skåne twice, Västermanland: 4 regions, out of order, a duplicate and a typo
    assert (v.verdict, v.listed) == ("consistent", 4)
    assert {w.kind for w in v.warnings} == {"typo", "duplicate", "order"}
    assert v.fixed_footnote == "Halland, Kalmar, Skåne, Västmanland."
    all_but = [c for c in result.claims if c.verdict.claim.kind == "all_but"]
    assert [(c.verdict.verdict, c.verdict.listed) for c in all_but] == [("consistent", 20)]
    assert has_mismatch(result)


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
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            f'<w:footnotes xmlns:w="{W_NS}">{"".join(body)}</w:footnotes>').encode()


def _reference(paragraph, word_id: int) -> None:
    run = paragraph.add_run()
    ref = OxmlElement("w:footnoteReference")
    ref.set(qn("w:id"), str(word_id))
    run._r.append(ref)


@pytest.fixture
def draft_docx(tmp_path):
    document = docx.Document()
    document.add_heading("5 Samverkan", level=1)
    p = document.add_paragraph("Tolv regioner")
    _reference(p, 2)
    p.add_run(" beskriver samverkan med näringslivet. Hälften av regionerna")
    _reference(p, 3)
    p.add_run(" redovisar resultat.")
    p = document.add_paragraph("Nästan alla regioner")
    _reference(p, 4)
    p.add_run(" beskriver internationell projektverksamhet.")
    notes = {
        2: "Blekinge, Dalarna, Gävleborg, Halland, Kronoberg, Norrbotten, Skåne, Stockholm, Sörmland, Uppsala, Västernorrland, Örebro, Östergötland.",
        3: "Gotland, Gävleborg, Jämtland Härjedalen, Jönköping, Kronoberg, Norrbotten, Sörmland, Uppsala, Värmland, Västerbotten.",
        4: "Halland beskriver inte något om internationell projektverksamhet.",
    }
    part = Part(PackURI("/word/footnotes.xml"), FOOTNOTES_CT, _footnotes_xml(notes), document.part.package)
    document.part.relate_to(part, RT.FOOTNOTES)
    buffer = io.BytesIO()
    document.save(buffer)
    path = tmp_path / "utkast.docx"
    path.write_bytes(buffer.getvalue())
    return path


def test_a_word_draft_with_real_footnotes(draft_docx):
    result = check_file(draft_docx)
    assert result.format == "docx"
    rows = [(c.verdict.footnote, c.verdict.verdict, c.verdict.listed) for c in result.claims]
    # Word numbers its notes 1, 2, 3 in the order their marks appear.
    assert rows == [(1, "count_mismatch", 13), (2, "consistent", 10), (3, "consistent", 20)]
    assert result.claims[0].verdict.fixed_claim == "13 regioner"
    assert result.claims[0].chapter == "5 Samverkan"
    assert result.claims[0].line is None  # a .docx has no lines


def test_unusable_input_is_refused_with_one_line(tmp_path):
    bad = tmp_path / "rapport.docx"
    bad.write_bytes(b"not a zip")
    with pytest.raises(WorkbenchError) as err:
        check_file(bad)
    assert "\n" not in str(err.value) and "rapport.docx" in str(err.value)
    with pytest.raises(WorkbenchError):
        check_file(tmp_path / "saknas.txt")
