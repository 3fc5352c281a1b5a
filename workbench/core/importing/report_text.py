"""Parse text extracted from a report PDF into pages, sections, passages and footnotes.

The extracted text (as ``pdftotext``-style tools write it for the agency's
reports) has a shape that carries the structure, but only implicitly:

* a page's first line starts with a space; some pages then show their printed
  number on a line of its own (" 75 ");
* lost bullet glyphs also leave a leading space, so a leading space alone does
  not prove a page break: a page break is a leading-space line after a footnote
  block, after three blank lines, or right after ordinary body text (bullets
  are preceded by a blank line or by another bullet of a tight list);
* each page's footnotes follow a separator line of many spaces; a footnote
  runs on over several (double-spaced) lines and sometimes across pages;
* footnote references are glued to words ("regioner195", "industri-192");
  they increase through the document, which is what tells them apart from
  numbers in the running text ("2020", "1,5", "13 regioner");
* numbered headings follow their numbering (which is what tells "3.4.4
  Validering" from a line starting with a count); a chapter heading ("3 ...")
  also opens a page, so a table listing the chapters is not read as chapters;
  unnumbered subheadings are short lines standing alone between blank lines;
* hard-wrapped lines make paragraphs; some boxes and tables are double-spaced;
  block quotes were indented, so they wrap shorter than the running text;
* the printed page number shows on a few pages only; the others get theirs
  from the printed ones when all of those agree with the pages found.

Line-end hyphens are kept ("EU-\nprogram" -> "EU-program", "kunskaps-\noch"
-> "kunskaps- och"): these reports break lines only at real hyphens.

Everything is plain data (see ``parsed.py``); what cannot be made sense of is
reported in ``ParsedDocument.problems`` instead of being guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from workbench.core.importing.parsed import (
    ParsedDocument,
    ParsedFootnote,
    ParsedFootnoteRef,
    ParsedPage,
    ParsedPassage,
    ParsedSection,
)

FORMAT = "report-text"

_SEPARATOR = re.compile(r"^ {30,}\r?$")
_SEPARATOR_START = " " * 30
_PAGE_NUMBER = re.compile(r"^\s+(\d{1,4})\s*$")
_FOOTNOTE_START = re.compile(r"^(\d{1,4})\s+(\S.*)$")
_NUMBERED_HEADING = re.compile(r"^(\d{1,2}(?:\.\d{1,2}){0,4})\s+([A-ZÅÄÖÉÜ].*)$")
_CAPTION = re.compile(r"^(Figur|Figure|Tabell|Table|Diagram|Bild|Karta)\s+\d+\b", re.I)
_LIST_ITEM = re.compile(r"^\d{1,2}[.)] ")
_BULLET_GLYPHS = "•\uf0a7\uf0b7▪◦●"
_DIGITS = re.compile(r"\d+")
_TERMINAL = ".!?:;”\"’)"
_TOC_TITLE = re.compile(r"^(innehåll|innehållsförteckning|contents|table of contents)\s*$", re.I)
_TOC_ENTRY = re.compile(r"(\.{3,}|…+)\s*\d{1,4}\s*$")
_CONJUNCTIONS = ("och", "eller", "samt", "som", "respektive", "till", "and", "or")
# Characters a footnote reference may be glued to; after ":" only as the very next
# reference ("ska:239", not "2019/20:100" or "1:1").
_REF_GLUE = set(".,;)”’\"-–?!]")
_MAX_REF_SKIP = 3


@dataclass
class _Page:
    seq: int
    first_line: int
    end_line: int  # exclusive
    body_end: int  # exclusive: where the footnote separator is (or end_line)
    label: str | None = None
    number_line: int | None = None


@dataclass
class _BodyLine:
    index: int  # line number (0-based) in the file
    page: int  # page seq
    start: int  # offset in text of the first character of ``text``
    text: str  # content without page marker / bullet glyph, footnote refs removed
    bullet: bool = False
    glyph: bool = False  # the bullet still has its glyph ("•")
    page_top: bool = False
    refs: list[tuple[int, int]] = field(default_factory=list)  # (col in text, number)


@dataclass
class _Block:
    kind: str
    lines: list[_BodyLine]
    number: str | None = None  # numbered headings
    double_spaced: bool = False
    rows: list[list[_BodyLine]] | None = None  # tables: one list of lines per row


def looks_like_report_text(text: str) -> bool:
    """True for text extracted from a report PDF in the style this parser reads.

    The signs are cheap to check and together rare in ordinary prose: footnote
    separator lines of many spaces followed by numbered footnotes, and lines
    starting with a space (page starts).
    """
    lines = text.split("\n")
    separators = 0
    footnoted = 0
    leading_space = 0
    for i, line in enumerate(lines):
        if line.startswith(_SEPARATOR_START) and _SEPARATOR.match(line):
            separators += 1
            for nxt in lines[i + 1 : i + 4]:
                if _FOOTNOTE_START.match(nxt):
                    footnoted += 1
                    break
        elif line.startswith(" ") and line.strip():
            leading_space += 1
    return footnoted >= 1 and footnoted >= separators / 2 and leading_space >= 1


def parse_report_text(text: str, title: str) -> ParsedDocument:
    """Parse the whole report; see the module docstring for the text's shape."""
    return _Parser(text, title).parse()


class _Parser:
    def __init__(self, text: str, title: str) -> None:
        self.text = text
        self.title = title
        self.lines = text.split("\n")
        self.offsets: list[int] = []
        pos = 0
        for line in self.lines:
            self.offsets.append(pos)
            pos += len(line) + 1
        self.separator = [ln.startswith(_SEPARATOR_START) and bool(_SEPARATOR.match(ln)) for ln in self.lines]
        self.problems: list[str] = []
        self.pages: list[_Page] = []
        self.footnotes: list[ParsedFootnote] = []
        self.footnote_pages: dict[int, int] = {}  # footnote number -> page seq
        self.missing_footnotes: list[int] = []  # numbers skipped in the footnote blocks
        self.ref_pages: dict[int, int] = {}  # footnote number -> page seq of its reference

    # ------------------------------------------------------------------ pages
    def _find_page_starts(self) -> list[int]:
        lines = self.lines
        starts: list[int] = []
        in_footnotes = False
        in_bullet = False
        tight = False
        for i, line in enumerate(lines):
            if self.separator[i]:
                in_footnotes = True
                continue
            prev = lines[i - 1] if i else ""
            is_start = line.startswith("\f")  # a form feed, where the extraction kept one
            if line.startswith(" ") and not is_start:
                stripped = line.strip()
                if i == 0 or in_footnotes:
                    is_start = True
                elif not stripped:
                    is_start = i >= 3 and not (lines[i - 1] + lines[i - 2] + lines[i - 3]).strip("\r")
                elif prev.strip() and not prev.startswith(" ") and not (in_bullet and tight):
                    is_start = True
            if is_start:
                starts.append(i)
                in_footnotes = False
                in_bullet = line.startswith("  ") and bool(line.strip())
                tight = False
            elif in_footnotes:
                continue
            elif line.strip() and (line.startswith(" ") or line.lstrip()[0] in _BULLET_GLYPHS):
                in_bullet = True
                tight = bool(prev.strip())
            elif not line.strip():
                continue
            elif in_bullet and not prev.strip() and not line[0].islower():
                in_bullet = False
        if not starts or starts[0] != 0:
            starts.insert(0, 0)
        return starts

    def _build_pages(self) -> None:
        starts = self._find_page_starts()
        n = len(self.lines)
        # A final line that is nothing but the page marker makes no page.
        bounds = list(zip(starts, starts[1:] + [n]))
        for seq, (first, end) in enumerate(bounds, start=1):
            body_end = end
            for j in range(first, end):
                if self.separator[j]:
                    body_end = j
                    break
            page = _Page(seq=seq, first_line=first, end_line=end, body_end=body_end)
            # The printed page number: a lone number as the page's first text.
            for j in range(first, body_end):
                line = self.lines[j]
                if not line.strip():
                    continue
                m = _PAGE_NUMBER.match(line)
                if m:
                    page.label = m.group(1)
                    page.number_line = j
                break
            self.pages.append(page)
        self._infer_labels()

    def _infer_labels(self) -> None:
        anchors = [(p.seq, int(p.label)) for p in self.pages if p.label is not None]
        if not anchors:
            return
        shifts = {label - seq for seq, label in anchors}
        if len(shifts) == 1 and len(anchors) >= 2:
            shift = shifts.pop()
            for p in self.pages:
                if p.label is None and p.seq + shift > 0:
                    p.label = str(p.seq + shift)
            return
        # Disagreeing anchors: only fill gaps whose two ends agree.
        for (s1, l1), (s2, l2) in zip(anchors, anchors[1:]):
            if l2 - l1 == s2 - s1:
                for p in self.pages[s1 : s2 - 1]:
                    p.label = str(p.seq + l1 - s1)
            else:
                self.problems.append(
                    f"pages {s1}-{s2}: printed page numbers {l1} and {l2} are {l2 - l1} apart "
                    f"but {s2 - s1} pages were found between them; pages in between have no label"
                )

    # -------------------------------------------------------------- footnotes
    def _parse_footnotes(self) -> None:
        notes: dict[int, list[str]] = {}
        pages: dict[int, int] = {}
        order: list[int] = []
        current: int | None = None
        for page in self.pages:
            for j in range(page.body_end + 1, page.end_line):
                line = self.lines[j].strip()
                if not line:
                    continue
                m = _FOOTNOTE_START.match(line)
                if m:
                    number = int(m.group(1))
                    # The first footnote may have any number (an excerpt of a report).
                    expected = number if current is None else current + 1
                    if expected <= number <= expected + _MAX_REF_SKIP and number not in notes:
                        self.missing_footnotes.extend(range(expected, number))
                        current = number
                        notes[number] = [m.group(2)]
                        pages[number] = page.seq
                        order.append(number)
                        continue
                if current is None:
                    self.problems.append(
                        f"page {self._page_name(page)}: footnote text without a number: {line[:60]!r}"
                    )
                    continue
                notes[current].append(line)
        self.footnote_pages = pages
        for number in order:
            body = _join_lines(notes[number])
            status = "ok"
            if body.endswith((",", "-", "–")) or not body:
                status = "truncated"
            self.footnotes.append(
                ParsedFootnote(number=number, text=body, page_seq=pages[number], status=status)
            )

    def _page_name(self, page: _Page) -> str:
        return f"{page.label} (page {page.seq} in the file)" if page.label else f"{page.seq} in the file"

    # --------------------------------------------------------------- body
    def _body_lines(self) -> list[_BodyLine | None]:
        """Body lines in reading order; None marks a blank line."""
        out: list[_BodyLine | None] = []
        toc = self._toc_pages()
        for page in self.pages:
            if page.seq in toc:
                continue  # a table of contents would repeat every heading
            top = True
            for j in range(page.first_line, page.body_end):
                if j == page.number_line:
                    continue
                line = self.lines[j]
                col = 0
                if j == page.first_line and line.startswith((" ", "\f")):
                    col = 1  # the page marker
                rest = line[col:]
                if not rest.strip():
                    if not top:
                        out.append(None)
                    continue
                bullet = False
                if rest[0] == " ":
                    bullet = True
                    lead = len(rest) - len(rest.lstrip())
                    col += lead
                    rest = rest[lead:]
                glyph = rest[0] in _BULLET_GLYPHS
                if glyph:
                    bullet = True
                    rest2 = rest[1:].lstrip()
                    col += len(rest) - len(rest2)
                    rest = rest2
                content = rest.rstrip()
                if not content:
                    continue
                out.append(
                    _BodyLine(
                        index=j,
                        page=page.seq,
                        start=self.offsets[j] + col,
                        text=content,
                        bullet=bullet,
                        glyph=glyph,
                        page_top=top,
                    )
                )
                top = False
            out.append(None)
        return out

    def _find_refs(self, body: list[_BodyLine | None]) -> None:
        """Cut footnote reference numbers out of body lines, in document order."""
        known = set(self.footnote_pages)
        missing = set(self.missing_footnotes)
        highest = max(known | missing, default=0)
        expected = min(known | missing, default=1)
        for line in body:
            if line is None:
                continue
            s = line.text
            if not _DIGITS.search(s):
                continue
            pieces: list[str] = []
            last = 0
            removed = 0
            for m in _DIGITS.finditer(s):
                run = m.group()
                a, b = m.span()
                before = s[a - 1] if a else ""
                after = s[b] if b < len(s) else ""
                if after and (after.isalnum() or after in "/:"):
                    continue
                number = None
                cut = a
                weak = False
                k = int(run) if len(run) <= 4 and not run.startswith("0") else 0
                if before and (before.isalpha() or before in _REF_GLUE or before == ":"):
                    # "1,5", "6.1", "ska:239": only exactly the next reference, on its footnote's page.
                    weak = before == ":" or (before in ".," and a >= 2 and s[a - 2].isdigit())
                    if k and expected <= k <= expected + _MAX_REF_SKIP and k <= highest:
                        number = k
                elif before == " " and a >= 2 and s[a - 2] in ".”" and k == expected:
                    number, weak = k, True  # "projektverksamhet. 242 I två"
                    cut = a - 1
                elif len(run) >= 4 and not (1900 <= int(run) <= 2099):
                    # "13214 regioner": a count with its reference glued on.
                    tail = str(expected)
                    if run.endswith(tail) and len(run) > len(tail) and expected <= highest:
                        number, weak = expected, True
                        cut = b - len(tail)
                if number is not None and weak:
                    note_page = self.footnote_pages.get(number)
                    if number != expected or (
                        note_page is not None and not line.page <= note_page <= line.page + 1
                    ):
                        number = None
                if number is None:
                    continue
                for skipped in range(expected, number):
                    self.problems.append(
                        f"footnote {skipped}: no reference to it was found in the body text"
                    )
                pieces.append(s[last:cut])
                line.refs.append((cut - removed, number))
                removed += b - cut
                last = b
                expected = number + 1
                self.ref_pages[number] = line.page
            if line.refs:
                pieces.append(s[last:])
                line.text = "".join(pieces)
        for k in range(expected, highest + 1):
            self.problems.append(f"footnote {k}: no reference to it was found in the body text")

    # ------------------------------------------------------------- blocks
    def _blocks(self, body: list[_BodyLine | None]) -> list[_Block]:
        blocks: list[_Block] = []
        last_number: tuple[int, ...] | None = None
        double_list = False  # inside a bullet list whose items are double-spaced
        current: _Block | None = None
        n = len(body)
        i = 0
        blank_before = True
        while i < n:
            line = body[i]
            if line is None:
                blank_before = True
                i += 1
                continue
            nxt = body[i + 1] if i + 1 < n else None
            starts_new = blank_before or line.bullet or current is None
            # Numbered headings follow the numbering; chapters also start a page.
            m = _NUMBERED_HEADING.match(line.text) if not line.bullet else None
            if m and (blank_before or line.page_top) and not line.text.rstrip().endswith((".", ",", ":")):
                number = tuple(int(x) for x in m.group(1).split("."))
                if _is_successor(last_number, number) and (len(number) > 1 or line.page_top):
                    heading_lines = [line]
                    j = i + 1
                    # A heading may wrap over one or two short lines, then a blank.
                    for extra in (1, 2):
                        tail = body[i + 1 : i + 2 + extra]
                        if (
                            len(tail) == extra + 1
                            and tail[-1] is None
                            and all(_heading_tail(t) for t in tail[:-1])
                        ):
                            heading_lines.extend(tail[:-1])
                            j = i + 1 + extra
                            break
                    current = _Block("heading", heading_lines, number=m.group(1))
                    blocks.append(current)
                    last_number = number
                    current = None
                    blank_before = True
                    i = j
                    continue
            if (
                not line.bullet
                and (blank_before or line.page_top)
                and nxt is None
                and _looks_like_heading(line.text)
                and not m  # a numbered line out of sequence is a list or table row
                and not _continues(_next_line(body, i + 1))
            ):
                blocks.append(_Block("subheading", [line]))
                current = None
                i += 1
                continue
            if not starts_new and current is not None:
                current.lines.append(line)
            elif (
                blank_before
                and not line.bullet
                and current is not None
                and current.lines[-1].page == line.page
                and _joins_across_blank(current.lines[-1].text, line.text)
            ):
                current.lines.append(line)
                current.double_spaced = True
                if current.kind == "bullet" and current.lines[0].glyph:
                    double_list = True
            elif (
                blank_before
                and not line.bullet
                and double_list
                and current is not None
                and current.kind == "bullet"
                and current.lines[-1].page == line.page
                and not current.lines[-1].text.rstrip().endswith(":")
            ):
                # A double-spaced list (summary boxes): a bullet's next sentence.
                current.lines.append(line)
            elif (
                line.page_top
                and not line.bullet
                and current is not None
                and current.kind in ("paragraph", "quote", "bullet")
                and _continues_page(current.lines[-1].text, line.text)
            ):
                current.lines.append(line)
            else:
                kind = "bullet" if line.bullet else "paragraph"
                if kind != "bullet":
                    double_list = False
                current = _Block(kind, [line])
                blocks.append(current)
            blank_before = False
            i += 1
        self._mark_quotes(blocks)
        for b, after in zip(blocks, blocks[1:]):
            # A box title wrapped double-spaced over two lines, above the box's bullets.
            if (
                b.kind == "paragraph"
                and b.double_spaced
                and len(b.lines) == 2
                and after.kind == "bullet"
                and after.lines[0].glyph
                and b.lines[0].text[:1].isupper()
                and not b.lines[-1].text.endswith(tuple(_TERMINAL + ","))
                and sum(len(ln.text) for ln in b.lines) < 140
            ):
                b.kind = "subheading"
        blocks = _merge_tables(blocks)
        for b in blocks:
            if b.kind == "paragraph" and len(b.lines) == 1:
                m = _NUMBERED_HEADING.match(b.lines[0].text)
                if m and "." in m.group(1) and _looks_like_heading(b.lines[0].text):
                    self.problems.append(
                        f"line {b.lines[0].index + 1}: {b.lines[0].text[:60]!r} looks like a numbered "
                        f"heading but does not follow the numbering before it; read as text"
                    )
        return blocks

    def _mark_quotes(self, blocks: list[_Block]) -> None:
        """Block quotes are indented, so their lines wrap shorter than the text's."""
        widths = sorted(
            max(len(ln.text) for ln in b.lines[:-1])
            for b in blocks
            if b.kind == "paragraph" and len(b.lines) >= 3 and not b.double_spaced
        )
        if not widths:
            return
        body_width = widths[len(widths) * 3 // 4]
        for prev, b in zip(blocks, blocks[1:]):
            if b.kind != "paragraph" or len(b.lines) < 2 or b.double_spaced:
                continue
            if _LIST_ITEM.match(b.lines[0].text):
                continue
            if prev.kind not in ("paragraph", "bullet") or not prev.lines[-1].text.rstrip().endswith(":"):
                continue
            if max(len(ln.text) for ln in b.lines[:-1]) <= body_width - 5:
                b.kind = "quote"

    # ------------------------------------------------------------- output
    def parse(self) -> ParsedDocument:
        self._build_pages()
        self._parse_footnotes()
        body = self._body_lines()
        self._find_refs(body)
        blocks = self._blocks(body)

        sections: list[ParsedSection] = []
        passages: list[ParsedPassage] = []
        numbered_stack: list[ParsedSection] = []  # open numbered sections
        unnumbered_top: ParsedSection | None = None
        for block in blocks:
            first = block.lines[0]
            if block.rows:
                text, refs = _assemble_rows(block.rows)
            else:
                text, refs = _assemble(block.lines)
            last = block.lines[-1]
            start = first.start
            end = last.start + len(self.lines[last.index][last.start - self.offsets[last.index] :].rstrip())
            if block.kind in ("heading", "subheading"):
                if block.kind == "heading":
                    number = block.number or ""
                    level = number.count(".") + 1
                    while numbered_stack and numbered_stack[-1].level >= level:
                        numbered_stack.pop()
                    parent = numbered_stack[-1].seq if numbered_stack else None
                    title = text[len(number) :].strip()
                else:
                    number = None
                    title = text
                    if numbered_stack:
                        level = numbered_stack[-1].level + 1
                        parent = numbered_stack[-1].seq
                    elif unnumbered_top is None:
                        level, parent = 1, None
                    else:
                        level, parent = 2, unnumbered_top.seq
                section = ParsedSection(
                    seq=len(sections),
                    title=title,
                    level=level,
                    number=number,
                    parent_seq=parent,
                    page_seq=first.page,
                    start_offset=start,
                )
                sections.append(section)
                if block.kind == "heading":
                    numbered_stack.append(section)
                elif not numbered_stack and unnumbered_top is None:
                    unnumbered_top = section
                kind = "heading"
            else:
                kind = block.kind
            passages.append(
                ParsedPassage(
                    seq=len(passages),
                    text=text,
                    kind=kind,
                    start_offset=start,
                    end_offset=end,
                    section_seq=sections[-1].seq if sections else None,
                    page_seq=first.page,
                    footnote_refs=[ParsedFootnoteRef(number=n, char_offset=c) for c, n in refs],
                )
            )

        self._footnote_problems()
        pages = []
        for p in self.pages:
            start = self.offsets[p.first_line]
            end = self.offsets[p.end_line] - 1 if p.end_line < len(self.lines) else len(self.text)
            if end <= start:
                end = min(len(self.text), start + 1)
            pages.append(ParsedPage(seq=p.seq, label=p.label, start_offset=start, end_offset=end))
        return ParsedDocument(
            title=self.title,
            format=FORMAT,
            text=self.text,
            pages=pages,
            sections=sections,
            passages=passages,
            footnotes=self.footnotes,
            problems=self.problems,
        )

    def _toc_pages(self) -> set[int]:
        """Pages of a table of contents: skipped so its headings are not read twice."""
        toc: set[int] = set()
        for page in self.pages:
            content = [self.lines[j].strip() for j in range(page.first_line, page.body_end)]
            content = [c for c in content if c and not c.isdigit()]
            if not content:
                continue
            entries = sum(1 for c in content if c[-1].isdigit() and _TOC_ENTRY.search(c))
            if _TOC_TITLE.match(content[0]) or entries >= max(3, len(content) // 2):
                toc.add(page.seq)
        return toc

    def _footnote_problems(self) -> None:
        by_page = {p.seq: p for p in self.pages}
        for number in self.missing_footnotes:
            ref_page = self.ref_pages.get(number)
            where = f" on page {self._page_name(by_page[ref_page])}" if ref_page else ""
            self.problems.append(
                f"footnote {number} is referenced{where} but its text is missing from the extracted text"
            )
        for note in self.footnotes:
            if note.status == "truncated":
                self.problems.append(
                    f"footnote {note.number} on page {self._page_name(by_page[note.page_seq])} "
                    f"is cut short: it ends with {note.text[-20:]!r}"
                )
            ref_page = self.ref_pages.get(note.number)
            if ref_page is not None and not (ref_page <= note.page_seq <= ref_page + 1):
                self.problems.append(
                    f"footnote {note.number} stands on page {self._page_name(by_page[note.page_seq])} "
                    f"but its reference on page {self._page_name(by_page[ref_page])}"
                )


_MIN_TABLE_ROWS = 5


def _is_row(block: _Block) -> bool:
    return (
        block.kind in ("paragraph", "subheading")
        and (block.double_spaced or len(block.lines) == 1)
        and len(block.lines) <= 5
        and sum(len(ln.text) for ln in block.lines) < 320
    )


def _merge_tables(blocks: list[_Block]) -> list[_Block]:
    """Tables come out as runs of short double-spaced lines on one page: keep them together.

    A run of at least five such rows (header included) becomes one "table"
    block whose rows stay on lines of their own, so the table reads as one.
    """
    out: list[_Block] = []
    i = 0
    while i < len(blocks):
        j = i
        page = blocks[i].lines[0].page
        while j < len(blocks) and _is_row(blocks[j]) and blocks[j].lines[0].page == page:
            j += 1
        if j - i >= _MIN_TABLE_ROWS and any(b.double_spaced for b in blocks[i:j]):
            rows = [b.lines for b in blocks[i:j]]
            out.append(_Block("table", [ln for r in rows for ln in r], rows=rows))
            i = j
        else:
            out.append(blocks[i])
            i += 1
    return out


def _is_successor(last: tuple[int, ...] | None, number: tuple[int, ...]) -> bool:
    """Headings follow the numbering: 3.4.4 may follow 3.4.3, 3.4 (as 3.4.1) or 3.3.9 (as 3.4).

    Reports sometimes leave out a level ("4" followed by "4.1.1"), so trailing
    ones after a valid successor are accepted too.
    """
    for k in range(len(number), 0, -1):
        head, tail = number[:k], number[k:]
        if any(x != 1 for x in tail):
            break
        if _is_direct_successor(last, head) or (tail and head == last):
            return True
    return False


def _is_direct_successor(last: tuple[int, ...] | None, number: tuple[int, ...]) -> bool:
    if last is None:
        return len(number) == 1 and number[0] <= 2
    if len(number) == len(last) + 1:
        return number[:-1] == last and number[-1] == 1
    if len(number) <= len(last):
        k = len(number) - 1
        return number[:k] == last[:k] and number[k] == last[k] + 1
    return False


def _heading_tail(line: _BodyLine | None) -> bool:
    """A heading's wrapped second line: short, and no sentence."""
    return line is not None and not line.bullet and len(line.text) < 65 and not line.text.endswith(".")


def _looks_like_heading(s: str) -> bool:
    s = s.strip()
    if not s or len(s) > 80 or not (s[0].isupper() or s[0].isdigit()):
        return False
    if s[-1] in ".,:;" or s.endswith(("–", "-")) or _CAPTION.match(s):
        return False  # a sentence, or a figure caption ("Figur 3 Regioner med ...")
    return len(s.split()) <= 12


def _next_line(body: list[_BodyLine | None], i: int) -> _BodyLine | None:
    while i < len(body):
        if body[i] is not None:
            return body[i]
        i += 1
    return None


def _continues(line: _BodyLine | None) -> bool:
    return line is not None and not line.bullet and line.text[:1].islower()


def _joins_across_blank(prev: str, nxt: str) -> bool:
    """Double-spaced text (boxes, tables): a line after a blank that carries on."""
    return nxt[:1].islower() and not prev.rstrip().endswith((".", "!", "?"))


def _continues_page(prev: str, nxt: str) -> bool:
    """A paragraph running on to the next page."""
    if nxt[:1].islower():
        return True
    return not prev.rstrip().endswith(tuple(_TERMINAL)) and not _NUMBERED_HEADING.match(nxt)


def _join_lines(parts: list[str]) -> str:
    text = ""
    for part in parts:
        part = part.strip()
        if not part:
            continue
        text = _join(text, part)
    return " ".join(text.split())


def _join(left: str, right: str) -> str:
    """Rejoin a hard-wrapped line break, keeping real hyphens ("kunskaps- och", "EU-program")."""
    if not left:
        return right
    left = left.rstrip()
    if left.endswith("-") and not left.endswith(" -"):
        word = right.split(" ", 1)[0].lower()
        if word in _CONJUNCTIONS or word[:1] in ",":
            return left + " " + right
        return left + right
    return left + " " + right


def _assemble(lines: list[_BodyLine]) -> tuple[str, list[tuple[int, int]]]:
    """Join a block's lines into one text, moving the reference positions along."""
    text = ""
    refs: list[tuple[int, int]] = []
    for line in lines:
        joined = _join(text, line.text)
        shift = len(joined) - len(line.text)
        for col, number in line.refs:
            refs.append((shift + col, number))
        text = joined
    stripped = text.rstrip()
    refs = [(min(c, len(stripped)), n) for c, n in refs]
    return stripped, refs


def _assemble_rows(rows: list[list[_BodyLine]]) -> tuple[str, list[tuple[int, int]]]:
    """A table: each row joined like a paragraph, rows on lines of their own."""
    text = ""
    refs: list[tuple[int, int]] = []
    for row in rows:
        row_text, row_refs = _assemble(row)
        if text:
            text += "\n"
        refs.extend((len(text) + c, n) for c, n in row_refs)
        text += row_text
    return text, refs
