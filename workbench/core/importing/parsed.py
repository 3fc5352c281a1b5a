"""What every parser produces: a document as plain data, before storage.

Offsets are character offsets into ``ParsedDocument.text`` (the document's full
text as the parser read it), so that every passage can be cited and every span
located again later. Footnote references carry their offset inside the passage
text they were found in (the reference digits themselves are removed from
passage text: "regioner195" is stored as "regioner" with a reference to 195 at
that position).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class ParsedPage:
    seq: int  # 1-based physical page in the file
    label: str | None  # the printed page number, where the page shows one
    start_offset: int
    end_offset: int


@dataclass
class ParsedSection:
    seq: int  # order in the document, 0-based
    title: str
    level: int  # 1 = chapter
    number: str | None = None  # "3.4.4", or None for unnumbered headings
    parent_seq: int | None = None
    page_seq: int | None = None
    start_offset: int = 0


@dataclass
class ParsedFootnoteRef:
    number: int
    char_offset: int  # position inside the passage text


@dataclass
class ParsedPassage:
    seq: int
    text: str
    kind: str  # "paragraph", "bullet", "quote", "table", "heading"
    start_offset: int
    end_offset: int
    section_seq: int | None = None
    page_seq: int | None = None
    footnote_refs: list[ParsedFootnoteRef] = field(default_factory=list)


@dataclass
class ParsedFootnote:
    number: int
    text: str
    page_seq: int | None = None
    status: str = "ok"  # "ok" or "truncated"


@dataclass
class ParsedDocument:
    title: str
    format: str  # "report-text", "txt", "md", "docx", "pdf"
    text: str
    pages: list[ParsedPage] = field(default_factory=list)
    sections: list[ParsedSection] = field(default_factory=list)
    passages: list[ParsedPassage] = field(default_factory=list)
    footnotes: list[ParsedFootnote] = field(default_factory=list)
    # What the parser could not make sense of, in words a user can act on
    # ("footnote 455 is referenced on page 131 but missing from the text").
    problems: list[str] = field(default_factory=list)
