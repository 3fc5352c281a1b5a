"""Word (.docx) files as documents, with Word's real footnotes.

python-docx gives us the package and the styles; the body and the footnotes
part (``word/footnotes.xml``, for which python-docx has no API) are read as
XML so that each footnote reference is linked at the exact place in the
paragraph where Word shows its mark. Footnotes are numbered as Word numbers
them on screen: by the order of their first reference in the body.
"""

from __future__ import annotations

import io
import re

from .blocks import DocumentBuilder, compose, split_heading_number
from .parsed import ParsedDocument

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
RT_FOOTNOTES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"

_HEADING_STYLE = re.compile(r"^(?:heading|rubrik)\s*(\d)$", re.IGNORECASE)
_TITLE_STYLES = {"title", "rubrik"}
_QUOTE_STYLES = {"quote", "intense quote", "citat", "starkt citat"}
_LIST_STYLE = re.compile(r"^(?:list|liststycke|punktlista|numrerad lista)", re.IGNORECASE)
_SKIP_UNDER = {W + "del", W + "txbxContent", W + "fldSimple_instr"}


def parse_docx(data: bytes, title: str) -> ParsedDocument:
    """Parse the bytes of a .docx file; python-docx raises if the package is broken."""
    import docx  # python-docx; imported here so that the core imports fast

    document = docx.Document(io.BytesIO(data))
    core_title = (document.core_properties.title or "").strip()
    builder = DocumentBuilder(core_title or title, "docx")
    styles = {s.style_id: (s.name or "") for s in document.styles}
    reader = _BodyReader(builder, styles)
    reader.read(document.element.body)
    footnotes = _read_footnotes(document)
    for word_id, number in reader.numbers.items():
        text = footnotes.get(word_id)
        if text is None:
            builder.footnote(number, "", status="missing")
            builder.problem(f"footnote {number} (Word id {word_id}) is referenced but the file has no text for it")
        else:
            builder.footnote(number, text)
    unreferenced = [i for i in footnotes if i not in reader.numbers]
    if unreferenced:
        builder.problem(f"{len(unreferenced)} footnote(s) in word/footnotes.xml are never referenced in the text; they were left out")
    return builder.build()


def _read_footnotes(document) -> dict[str, str]:
    """Word id -> footnote text, from the footnotes part (separators left out)."""
    from lxml import etree

    for rel in document.part.rels.values():
        if rel.reltype == RT_FOOTNOTES and not rel.is_external:
            root = etree.fromstring(rel.target_part.blob)
            notes: dict[str, str] = {}
            for note in root.iter(W + "footnote"):
                if note.get(W + "type") in ("separator", "continuationSeparator", "continuationNotice"):
                    continue
                pieces: list[str | int] = []
                for paragraph in note.iter(W + "p"):
                    pieces.extend(_runs(paragraph, None))
                    pieces.append(" ")
                notes[note.get(W + "id")] = compose(pieces)[0]
            return notes
    return {}


def _runs(element, on_reference) -> list[str | int]:
    """The visible text of a paragraph (or cell), with footnote references as markers."""
    pieces: list[str | int] = []
    stack = [iter(element)]
    while stack:
        child = next(stack[-1], None)
        if child is None:
            stack.pop()
            continue
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIP_UNDER:
            continue
        if tag == W + "t":
            pieces.append(child.text or "")
        elif tag in (W + "tab", W + "br", W + "cr"):
            pieces.append(" ")
        elif tag == W + "noBreakHyphen":
            pieces.append("-")
        elif tag == W + "footnoteReference":
            if on_reference is not None:
                pieces.append(on_reference(child.get(W + "id")))
        elif len(child):
            stack.append(iter(child))
    return pieces


class _BodyReader:
    def __init__(self, builder: DocumentBuilder, styles: dict[str, str]):
        self.builder = builder
        self.styles = styles
        self.numbers: dict[str, int] = {}  # Word footnote id -> number shown

    def number_for(self, word_id: str) -> int:
        if word_id not in self.numbers:
            self.numbers[word_id] = len(self.numbers) + 1
        return self.numbers[word_id]

    def read(self, body) -> None:
        for child in body:
            if child.tag == W + "p":
                self.paragraph(child)
            elif child.tag == W + "tbl":
                self.table(child)
            elif child.tag == W + "sdt":
                content = child.find(W + "sdtContent")
                if content is not None:
                    self.read(content)

    def style_of(self, paragraph) -> str:
        ppr = paragraph.find(W + "pPr")
        if ppr is None:
            return ""
        style = ppr.find(W + "pStyle")
        if style is None:
            return ""
        style_id = style.get(W + "val") or ""
        return self.styles.get(style_id, style_id)

    def paragraph(self, paragraph) -> None:
        text, refs = compose(_runs(paragraph, self.number_for))
        if not text:
            return
        style = self.style_of(paragraph).strip()
        heading = _HEADING_STYLE.match(style)
        if heading or style.lower() in _TITLE_STYLES:
            level = int(heading.group(1)) if heading else 1
            number, title = split_heading_number(text)
            self.builder.heading(title, level, number)
            for n, _ in refs:
                self.builder.problem(f"footnote {n} is referenced in the heading '{title}'; headings are not passages, so it is not linked")
            return
        ppr = paragraph.find(W + "pPr")
        numbered = ppr is not None and ppr.find(W + "numPr") is not None
        if style.lower() in _QUOTE_STYLES:
            kind = "quote"
        elif numbered or _LIST_STYLE.match(style):
            kind = "bullet"
        else:
            kind = "paragraph"
        self.builder.passage(text, kind, refs)

    def table(self, table) -> None:
        lines: list[str] = []
        refs: list[tuple[int, int]] = []
        offset = 0
        for row in table.iter(W + "tr"):
            cells: list[str] = []
            for cell in row.findall(W + "tc"):
                pieces: list[str | int] = []
                for paragraph in cell.findall(W + "p"):
                    pieces.extend(_runs(paragraph, self.number_for))
                    pieces.append(" ")
                cell_text, cell_refs = compose(pieces)
                line_so_far = sum(len(c) + 3 for c in cells)
                refs.extend((n, offset + line_so_far + o) for n, o in cell_refs)
                cells.append(cell_text)
            line = " | ".join(cells)
            if line.strip(" |"):
                lines.append(line)
                offset += len(line) + 1
        self.builder.passage("\n".join(lines), "table", refs)
