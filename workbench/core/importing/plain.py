"""Plain text and Markdown files as documents.

A ``.txt`` file is read as paragraphs separated by blank lines (hard-wrapped
lines joined, bullet lines kept as list items, form feeds as page breaks).
A ``.md`` file adds what Markdown marks: headings (``#`` levels or underlined)
as sections, list items, quotations, tables, and footnotes (``[^1]`` with its
``[^1]: text`` definition) linked where they are referenced.
"""

from __future__ import annotations

import re

from .blocks import DocumentBuilder, join_lines, split_heading_number, tidy
from .parsed import ParsedDocument

_BULLET = re.compile(r"^\s*(?:[-*+•–]|\d{1,3}[.)])\s+(\S.*)$")
_TXT_BULLET = re.compile(r"^\s*[-*•–]\s+(\S.*)$")


# Plain text ------------------------------------------------------------------


def parse_plain_text(text: str, title: str) -> ParsedDocument:
    builder = DocumentBuilder(title, "txt")
    pages = text.split("\f")
    for page_text in pages:
        if len(pages) > 1:
            builder.page(None)
        for block in _blocks(page_text.splitlines()):
            _txt_block(builder, block)
    return builder.build()


def _blocks(lines: list[str]) -> list[list[str]]:
    blocks: list[list[str]] = []
    current: list[str] = []
    for line in lines:
        if line.strip():
            current.append(line)
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return blocks


def _txt_block(builder: DocumentBuilder, block: list[str]) -> None:
    if not _TXT_BULLET.match(block[0]):
        builder.passage(join_lines(block), "paragraph")
        return
    item: list[str] = []
    for line in block:
        match = _TXT_BULLET.match(line)
        if match and item:
            builder.passage(join_lines(item), "bullet")
            item = []
        item.append(match.group(1) if match else line)
    builder.passage(join_lines(item), "bullet")


# Markdown --------------------------------------------------------------------

_ATX = re.compile(r"^ {0,3}(#{1,6})\s+(.*?)(?:\s+#+)?\s*$")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)\s*$")
_RULE = re.compile(r"^ {0,3}(?:(?:\*\s*){3,}|(?:-\s*){3,}|(?:_\s*){3,})$")
_FENCE = re.compile(r"^ {0,3}(```|~~~)")
_QUOTE = re.compile(r"^ {0,3}>\s?(.*)$")
_TABLE_ROW = re.compile(r"^\s*\|")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_FOOTNOTE_DEF = re.compile(r"^ {0,3}\[\^([^\]\s]+)\]:\s*(.*)$")
_FOOTNOTE_REF_ANY = re.compile(r"\[\^([^\]\s]+)\](?!:)")
_MARKUP_CHARS = re.compile(r"[\\\[!`*_]")
_INLINE = re.compile(
    r"(?=[\\\[!`*_])(?:"
    r"\\(?P<escaped>[\\`*_{}\[\]()#+\-.!|>])"
    r"|\[\^(?P<ref>[^\]\s]+)\]"
    r"|!?\[(?P<link>[^\]]*)\]\([^)\s]*(?:\s+\"[^\"]*\")?\)"
    r"|(?P<markup>`+|\*\*|__|(?<![\w*\\])[*_](?=\S)|(?<=\S)[*_](?![\w*]))"
    r")"
)


def parse_markdown(text: str, title: str) -> ParsedDocument:
    lines = text.splitlines()
    body, definitions = _split_footnote_definitions(lines)
    numbers, problems = _number_footnotes(definitions, "\n".join(body))
    reader = _MarkdownReader(DocumentBuilder(title, "md"), numbers)
    reader.problems.extend(problems)
    reader.read(body)
    for label, raw in definitions.items():
        ftext, _ = _inline(join_lines(raw), {})
        reader.builder.footnote(numbers[label], ftext)
    builder = reader.builder
    builder.problems.extend(reader.problems)
    return builder.build()


def _split_footnote_definitions(lines: list[str]) -> tuple[list[str], dict[str, list[str]]]:
    """Take ``[^label]: text`` definitions (and their indented continuations) out of the body."""
    body: list[str] = []
    definitions: dict[str, list[str]] = {}
    current: list[str] | None = None
    pending_blank = False
    for line in lines:
        match = _FOOTNOTE_DEF.match(line)
        if match:
            current = definitions.setdefault(match.group(1), [])
            current.append(match.group(2))
            pending_blank = False
            continue
        if current is not None:
            if not line.strip():
                pending_blank = True
                continue
            if line.startswith(("    ", "\t")) or not pending_blank:
                current.append(line)
                continue
            current = None
            body.append("")
        pending_blank = False
        body.append(line)
    return body, definitions


def _number_footnotes(definitions: dict[str, list[str]], body: str) -> tuple[dict[str, int], list[str]]:
    """Numeric labels keep their number; named ones are numbered in order of first reference, after them."""
    numbers: dict[str, int] = {label: int(label) for label in definitions if label.isdigit()}
    next_number = max(numbers.values(), default=0) + 1
    problems: list[str] = []
    order = [m.group(1) for m in _FOOTNOTE_REF_ANY.finditer(body)]
    for label in order + list(definitions):
        if label in definitions and label not in numbers:
            numbers[label] = next_number
            next_number += 1
    for label in dict.fromkeys(order):
        if label not in definitions and not label.isdigit():
            problems.append(f"footnote reference [^{label}] has no definition '[^{label}]: ...' - it is kept as text")
    return numbers, problems


def _inline(text: str, numbers: dict[str, int]) -> tuple[str, list[tuple[int, int]]]:
    """Strip Markdown inline markup; footnote references become (number, offset) pairs."""
    if not _MARKUP_CHARS.search(text):
        return text.strip(), []
    out: list[str] = []
    length = 0
    refs: list[tuple[int, int]] = []

    def emit(chunk: str) -> None:
        nonlocal length
        if not chunk:
            return
        if (length == 0 or (out and out[-1].endswith(" "))) and chunk.startswith(" "):
            chunk = chunk.lstrip(" ")
            if not chunk:
                return
        out.append(chunk)
        length += len(chunk)

    pos = 0
    for match in _INLINE.finditer(text):
        emit(text[pos : match.start()])
        pos = match.end()
        if match.group("escaped") is not None:
            emit(match.group("escaped"))
        elif match.group("ref") is not None:
            label = match.group("ref")
            if label in numbers:
                refs.append((numbers[label], length))
            elif label.isdigit():
                refs.append((int(label), length))
            else:
                emit(match.group(0))
        elif match.group("link") is not None:
            emit(match.group("link"))
    emit(text[pos:])
    result = "".join(out).rstrip()
    return result, [(n, min(o, len(result))) for n, o in refs]


class _MarkdownReader:
    def __init__(self, builder: DocumentBuilder, numbers: dict[str, int]):
        self.builder = builder
        self.numbers = numbers
        self.problems: list[str] = []
        self.paragraph: list[str] = []
        self.kind = "paragraph"

    def flush(self) -> None:
        if self.paragraph:
            self.add(join_lines(self.paragraph), self.kind)
        self.paragraph = []
        self.kind = "paragraph"

    def add(self, raw: str, kind: str) -> None:
        text, refs = _inline(raw, self.numbers)
        self.builder.passage(text, kind, refs)

    def read(self, lines: list[str]) -> None:
        i = 0
        while i < len(lines):
            line = lines[i]
            if _FENCE.match(line):
                self.flush()
                fence = _FENCE.match(line).group(1)
                code: list[str] = []
                i += 1
                while i < len(lines) and not lines[i].lstrip().startswith(fence):
                    code.append(lines[i])
                    i += 1
                self.builder.passage("\n".join(code).strip("\n"), "paragraph")
                i += 1
                continue
            if not line.strip():
                self.flush()
            elif (atx := _ATX.match(line)) is not None:
                self.flush()
                self.heading(atx.group(2), len(atx.group(1)))
            elif self.paragraph and self.kind == "paragraph" and _SETEXT.match(line):
                raw = join_lines(self.paragraph)
                self.paragraph = []
                self.heading(raw, 1 if line.strip().startswith("=") else 2)
            elif _RULE.match(line):
                self.flush()
            elif _TABLE_ROW.match(line):
                self.flush()
                rows: list[str] = []
                while i < len(lines) and _TABLE_ROW.match(lines[i]):
                    if not _TABLE_RULE.match(lines[i]):
                        cells = [tidy(_inline(c, self.numbers)[0]) for c in lines[i].strip().strip("|").split("|")]
                        rows.append(" | ".join(cells))
                    i += 1
                self.builder.passage("\n".join(rows), "table")
                continue
            elif (quote := _QUOTE.match(line)) is not None:
                if self.kind != "quote":
                    self.flush()
                    self.kind = "quote"
                if quote.group(1).strip():
                    self.paragraph.append(quote.group(1))
                else:
                    self.flush()
                    self.kind = "quote"
            elif (bullet := _BULLET.match(line)) is not None:
                self.flush()
                self.kind = "bullet"
                self.paragraph.append(bullet.group(1))
            else:
                if self.kind == "quote":
                    self.flush()
                self.paragraph.append(line)
            i += 1
        self.flush()

    def heading(self, raw: str, level: int) -> None:
        text, refs = _inline(raw, self.numbers)
        number, title = split_heading_number(text)
        self.builder.heading(title, level, number)
        for n, _ in refs:
            self.problems.append(f"footnote {n} is referenced in the heading '{title}'; headings are not passages, so it is not linked")
