"""Assembling a ``ParsedDocument`` from blocks read in document order.

The plain-text, Markdown, Word and PDF parsers all find the same things in
different ways (headings, paragraphs, list items, footnotes, page breaks);
this builder turns them into one readable document text in which every
passage sits at its own offsets, so that ``text[start:end] == passage.text``
holds for every passage whichever format it came from.
"""

from __future__ import annotations

import re

from .parsed import (
    ParsedDocument,
    ParsedFootnote,
    ParsedFootnoteRef,
    ParsedPage,
    ParsedPassage,
    ParsedSection,
)

_NUMBERED_TITLE = re.compile(r"^(\d+(?:\.\d+)*)\.?\s+(\S.*)$")
_SPACES = re.compile(r"[ \t\u00a0]+")


def split_heading_number(title: str) -> tuple[str | None, str]:
    """"3.4.4 Validering" -> ("3.4.4", "Validering"); an unnumbered title keeps its words."""
    match = _NUMBERED_TITLE.match(title.strip())
    if match:
        return match.group(1), match.group(2).strip()
    return None, title.strip()


def tidy(text: str) -> str:
    """One space between words, none at the ends: how a passage reads once lines are joined."""
    return _SPACES.sub(" ", text).strip()


def compose(pieces: list[str | int]) -> tuple[str, list[tuple[int, int]]]:
    """Text pieces and footnote markers (ints) -> tidy text and (marker, offset) pairs.

    Whitespace runs become one space and the ends are trimmed while the
    markers keep their place, so a reference stays glued to the word before it.
    """
    out: list[str] = []
    length = 0
    pending_space = False
    refs: list[tuple[int, int]] = []
    for piece in pieces:
        if isinstance(piece, int):
            refs.append((piece, length))
            continue
        for ch in piece:
            if ch.isspace():
                pending_space = True
                continue
            if pending_space and length:
                out.append(" ")
                length += 1
            pending_space = False
            out.append(ch)
            length += 1
    return "".join(out), refs


def join_lines(lines: list[str]) -> str:
    """Join hard-wrapped lines; a word hyphenated across a line break ("industri-\\nell") is rejoined."""
    out = ""
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        if not out:
            out = line
        elif out.endswith("-") and len(out) > 1 and out[-2].isalpha() and line[:1].islower():
            out = out[:-1] + line
        else:
            out += " " + line
    return tidy(out)


class DocumentBuilder:
    """Collects blocks in order; ``build()`` returns the finished ``ParsedDocument``."""

    SEPARATOR = "\n\n"

    def __init__(self, title: str, format: str):
        self.title = title
        self.format = format
        self._parts: list[str] = []
        self._length = 0
        self.pages: list[ParsedPage] = []
        self.sections: list[ParsedSection] = []
        self.passages: list[ParsedPassage] = []
        self.footnotes: list[ParsedFootnote] = []
        self.problems: list[str] = []
        self._stack: list[ParsedSection] = []

    # text ------------------------------------------------------------------
    def _append(self, text: str) -> tuple[int, int]:
        if self._parts:
            self._parts.append(self.SEPARATOR)
            self._length += len(self.SEPARATOR)
        start = self._length
        self._parts.append(text)
        self._length += len(text)
        return start, self._length

    @property
    def current_page_seq(self) -> int | None:
        return self.pages[-1].seq if self.pages else None

    @property
    def current_section_seq(self) -> int | None:
        return self._stack[-1].seq if self._stack else None

    # blocks ----------------------------------------------------------------
    def page(self, label: str | None = None) -> int:
        """Start a new page at the current end of the text; returns its seq."""
        start = self._length + (len(self.SEPARATOR) if self._parts else 0)
        if self.pages:
            self.pages[-1].end_offset = self._length
        seq = len(self.pages) + 1
        self.pages.append(ParsedPage(seq=seq, label=label, start_offset=start, end_offset=start))
        return seq

    def heading(self, title: str, level: int, number: str | None = None) -> ParsedSection | None:
        title = tidy(title)
        if not title:
            return None
        level = max(1, level)
        while self._stack and self._stack[-1].level >= level:
            self._stack.pop()
        start, _ = self._append(f"{number} {title}" if number else title)
        section = ParsedSection(
            seq=len(self.sections),
            title=title,
            level=level,
            number=number,
            parent_seq=self._stack[-1].seq if self._stack else None,
            page_seq=self.current_page_seq,
            start_offset=start,
        )
        self.sections.append(section)
        self._stack.append(section)
        return section

    def passage(
        self, text: str, kind: str = "paragraph", refs: list[tuple[int, int]] | None = None, page_seq: int | None = None
    ) -> ParsedPassage | None:
        """Add one passage; ``refs`` are (footnote number, offset inside ``text``).

        ``page_seq`` is the page the passage starts on, when it ran on past a page break.
        """
        if not text.strip():
            return None
        start, end = self._append(text)
        passage = ParsedPassage(
            seq=len(self.passages),
            text=text,
            kind=kind,
            start_offset=start,
            end_offset=end,
            section_seq=self.current_section_seq,
            page_seq=page_seq if page_seq is not None else self.current_page_seq,
            footnote_refs=[ParsedFootnoteRef(number=n, char_offset=o) for n, o in (refs or [])],
        )
        self.passages.append(passage)
        return passage

    def footnote(self, number: int, text: str, page_seq: int | None = None, status: str = "ok") -> None:
        self.footnotes.append(ParsedFootnote(number=number, text=tidy(text), page_seq=page_seq, status=status))

    def problem(self, message: str) -> None:
        self.problems.append(message)

    def build(self) -> ParsedDocument:
        if self.pages:
            self.pages[-1].end_offset = self._length
        self._check_references()
        return ParsedDocument(
            title=self.title,
            format=self.format,
            text="".join(self._parts),
            pages=self.pages,
            sections=self.sections,
            passages=self.passages,
            footnotes=sorted(self.footnotes, key=lambda f: f.number),
            problems=self.problems,
        )

    def _check_references(self) -> None:
        have = {f.number for f in self.footnotes}
        referenced: set[int] = set()
        for passage in self.passages:
            for ref in passage.footnote_refs:
                if ref.number not in have and ref.number not in referenced:
                    where = f" on page {self._page_label(passage.page_seq)}" if passage.page_seq else ""
                    self.problems.append(f"footnote {ref.number} is referenced{where} but its text is missing")
                referenced.add(ref.number)
        for number in sorted(have - referenced):
            self.problems.append(f"footnote {number} is never referenced in the text")

    def _page_label(self, seq: int) -> str:
        page = self.pages[seq - 1]
        return page.label or str(page.seq)
