"""PDF files as documents, read with pypdf's text extraction.

A PDF has pages and positioned glyphs, not paragraphs; pypdf gives us each
page's text as lines. From those lines we recover what the layout shows and
no more: pages (with the PDF's own page labels), paragraphs (lines joined
until one ends a sentence short of the full line width, or a blank line),
bullet items, numbered headings ("3.4 Validering") as sections, and footnotes
where they sit as a block of numbered lines at the foot of a page whose
numbers also stand glued to a word above ("regioner13"). Everything else is
read as running text, and the import says so in ``problems``.
"""

from __future__ import annotations

import io
import logging
import re
from contextlib import contextmanager

from ..errors import InvalidInput
from .blocks import DocumentBuilder, compose, tidy
from .parsed import ParsedDocument

_FOOTNOTE_START = re.compile(r"^\s*(\d{1,3})\s+(\S.*)$")
_PAGE_NUMBER = re.compile(r"^\s*(?:sid(?:an)?\.?\s*|page\s*)?\d{1,4}\s*$", re.IGNORECASE)
_HEADING = re.compile(r"^\s*(\d{1,2}(?:\.\d{1,2}){0,4})\.?\s+([A-ZÅÄÖ][^.!?]{1,90})$")
_BULLET = re.compile(r"^\s*[•●▪◦\-–*]\s+(\S.*)$")
_SENTENCE_END = re.compile(r"[.!?:»”\"]\s*$")


@contextmanager
def _pypdf_warnings(into: list[str]):
    """pypdf logs what it repairs; collect it as problems instead of letting it reach the terminal."""
    logger = logging.getLogger("pypdf")

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            message = f"PDF repaired while reading: {record.getMessage()}"
            if message not in into:
                into.append(message)

    handler = Collect(logging.WARNING)
    saved = logger.propagate
    logger.addHandler(handler)
    logger.propagate = False
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.propagate = saved


def parse_pdf(data: bytes, title: str) -> ParsedDocument:
    warnings: list[str] = []
    with _pypdf_warnings(warnings):
        parsed = _parse(data, title)
    parsed.problems[:0] = warnings
    return parsed


def _parse(data: bytes, title: str) -> ParsedDocument:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted and not reader.decrypt(""):
        raise InvalidInput(f"{title}.pdf is encrypted - save an unprotected copy and import that")
    meta_title = ""
    try:
        meta_title = (reader.metadata.title or "").strip() if reader.metadata else ""
    except Exception:  # a broken info dictionary must not stop the import
        meta_title = ""
    builder = DocumentBuilder(meta_title or title, "pdf")
    labels = _labels(reader)
    state = _PdfReaderState(builder)
    for index, page in enumerate(reader.pages):
        builder_page = labels[index] if index < len(labels) else str(index + 1)
        lines = (page.extract_text() or "").splitlines()
        state.page(builder_page, lines)
    state.flush()
    if not any(p.text for p in builder.passages):
        return builder.build()
    builder.problem(
        f"PDF layout is read from text only: {len(builder.footnotes)} footnote(s) were recognised as numbered lines "
        "at the foot of a page; unnumbered headings are read as paragraphs"
    )
    return builder.build()


def _labels(reader) -> list[str]:
    try:
        return list(reader.page_labels)
    except Exception:  # malformed /PageLabels: fall back to physical numbers
        return [str(i + 1) for i in range(len(reader.pages))]


class _PdfReaderState:
    def __init__(self, builder: DocumentBuilder):
        self.builder = builder
        self.next_footnote = 1
        self.pieces: list[str | int] = []
        self.kind = "paragraph"
        self.max_width = 0
        self.start_page: int | None = None

    # paragraphs ----------------------------------------------------------------
    def flush(self) -> None:
        text, refs = compose(self.pieces)
        if text:
            self.builder.passage(text, self.kind, refs, page_seq=self.start_page)
        self.pieces = []
        self.kind = "paragraph"

    def page(self, label: str, raw_lines: list[str]) -> None:
        lines = [line.rstrip() for line in raw_lines]
        while lines and not lines[-1].strip():
            lines.pop()
        while lines and not lines[0].strip():
            lines.pop(0)
        if lines and _PAGE_NUMBER.match(lines[-1]):
            lines.pop()
        elif lines and _PAGE_NUMBER.match(lines[0]):
            lines.pop(0)
        page_seq = self.builder.page(label)
        body, notes = self._split_footnotes(lines)
        for number, text in notes:
            self.builder.footnote(number, text, page_seq)
        numbers = {n for n, _ in notes}
        widths = [len(line.strip()) for line in body if line.strip()]
        self.max_width = max(widths, default=self.max_width) or self.max_width
        for line in _dehyphenate(body):
            self.line(line, numbers)

    def line(self, line: str, numbers: set[int]) -> None:
        stripped = line.strip()
        if not stripped:
            self.flush()
            return
        heading = _HEADING.match(stripped)
        if heading and not self.pieces and not _SENTENCE_END.search(stripped) and int(heading.group(1).split(".")[0]) <= 20:
            number = heading.group(1)
            self.builder.heading(tidy(heading.group(2)), number.count(".") + 1, number)
            return
        bullet = _BULLET.match(stripped)
        if bullet:
            self.flush()
            self.kind = "bullet"
            stripped = bullet.group(1)
        if not self.pieces:
            self.start_page = self.builder.current_page_seq
        pieces = _with_refs(stripped, numbers)
        self.pieces.extend(pieces)
        self.pieces.append(" ")
        words = "".join(p for p in pieces if isinstance(p, str))
        short = len(stripped) < 0.8 * max(self.max_width, 1)
        if short and (self.kind == "bullet" or _SENTENCE_END.search(words)):
            self.flush()

    # footnotes -----------------------------------------------------------------
    def _split_footnotes(self, lines: list[str]) -> tuple[list[str], list[tuple[int, str]]]:
        """The page's body lines, and its footnotes if the page ends in a block of them."""
        for start, line in enumerate(lines):
            match = _FOOTNOTE_START.match(line)
            if not match or int(match.group(1)) != self.next_footnote or start == 0:
                continue
            notes = self._read_block(lines[start:])
            body_text = "\n".join(lines[:start])
            if notes and all(_reference(body_text, n) for n, _ in notes):
                self.next_footnote = notes[-1][0] + 1
                return lines[:start], notes
        return lines, []

    def _read_block(self, lines: list[str]) -> list[tuple[int, str]]:
        notes: list[tuple[int, list[str]]] = []
        expected = self.next_footnote
        for line in lines:
            match = _FOOTNOTE_START.match(line)
            if match and int(match.group(1)) == expected:
                notes.append((expected, [match.group(2)]))
                expected += 1
            elif notes:
                notes[-1][1].append(line)
        return [(n, " ".join(part.strip() for part in parts)) for n, parts in notes]


def _reference_pattern(number: int) -> re.Pattern:
    return re.compile(rf"(?<=[^\W\d_]|[.,;:)”\"’\-]){number}(?!\d)")


def _reference(body: str, number: int) -> bool:
    return _reference_pattern(number).search(body) is not None


def _with_refs(line: str, numbers: set[int]) -> list[str | int]:
    """Cut glued footnote numbers out of a line and put markers in their place."""
    if not numbers:
        return [line]
    spans = []
    for number in numbers:
        for match in _reference_pattern(number).finditer(line):
            spans.append((match.start(), match.end(), number))
    pieces: list[str | int] = []
    pos = 0
    for start, end, number in sorted(spans):
        if start < pos:
            continue
        pieces.append(line[pos:start])
        pieces.append(number)
        pos = end
    pieces.append(line[pos:])
    return pieces


def _dehyphenate(lines: list[str]) -> list[str]:
    """Rejoin words split over a line break ("kompetens-" + "försörjning")."""
    out: list[str] = []
    for line in lines:
        if out and re.search(r"[^\W\d_]-$", out[-1].rstrip()) and line.strip()[:1].islower():
            out[-1] = out[-1].rstrip()[:-1] + line.strip()
        else:
            out.append(line)
    return out
