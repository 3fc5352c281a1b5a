"""Choosing a parser for a file, and refusing files that are not documents.

The extension names the format; the content has the last word: a ``.txt``
that reads like text extracted from a report PDF goes to the report parser,
a ``.docx`` must be a zip package and a ``.pdf`` must start like a PDF.
Whatever cannot be read is refused with one line that names the file and
what to do, before anything is written.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import InvalidInput
from .parsed import ParsedDocument

TEXT_SUFFIXES = {".txt": "txt", ".text": "txt", ".md": "md", ".markdown": "md"}
BINARY_SUFFIXES = {".docx": "docx", ".pdf": "pdf"}
SUPPORTED = sorted({*TEXT_SUFFIXES, *BINARY_SUFFIXES})


def read_file(path: str | Path) -> bytes:
    """The file's bytes, or a one-line refusal if there is nothing importable there."""
    path = Path(path)
    if not path.exists():
        raise InvalidInput(f"{path}: no such file - check the path")
    if path.is_dir():
        raise InvalidInput(f"{path} is a folder - name the files to import, e.g. {path}/*.docx")
    if path.suffix.lower() not in TEXT_SUFFIXES and path.suffix.lower() not in BINARY_SUFFIXES:
        raise InvalidInput(
            f"{path}: unknown file type '{path.suffix or '(none)'}' - workbench imports {', '.join(SUPPORTED)}"
        )
    try:
        data = path.read_bytes()
    except OSError as err:
        raise InvalidInput(f"{path}: cannot be read ({err.strerror}) - check its permissions") from None
    if not data.strip():
        raise InvalidInput(f"{path} is empty - nothing to import")
    return data


def decode_text(data: bytes, path: str | Path) -> tuple[str, list[str]]:
    """UTF-8 (with or without BOM); Windows-1252 only when it decodes cleanly, and then we say so."""
    if b"\x00" in data[:65536]:
        raise InvalidInput(
            f"{path} is a binary file, not text - export it as UTF-8 text (.txt) or import the original .docx/.pdf"
        )
    problems: list[str] = []
    encoding = "utf-8-sig" if data.startswith(b"\xef\xbb\xbf") else "utf-8"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as err:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            raise InvalidInput(
                f"{path} is not UTF-8 text (undecodable byte 0x{data[err.start]:02x} at byte {err.start})"
                " - save it as UTF-8 and import again"
            ) from None
        problems.append(f"{Path(path).name} is not UTF-8; it was read as Windows-1252 (cp1252) - check å, ä, ö in the passages")
    controls = sum(1 for ch in text[:65536] if ord(ch) < 32 and ch not in "\t\n\r\f")
    if controls > max(8, len(text[:65536]) // 100):
        raise InvalidInput(f"{path} looks like a binary file, not text ({controls} control characters) - import the original document")
    if not text.strip():
        raise InvalidInput(f"{path} is empty - nothing to import")
    return text.replace("\r\n", "\n").replace("\r", "\n"), problems


def detect_format(data: bytes, path: str | Path, text: str | None = None) -> str:
    """"report-text", "txt", "md", "docx" or "pdf"."""
    suffix = Path(path).suffix.lower()
    if suffix in BINARY_SUFFIXES:
        return BINARY_SUFFIXES[suffix]
    fmt = TEXT_SUFFIXES[suffix]
    if fmt == "txt" and text is not None and _looks_like_report(text):
        return "report-text"
    return fmt


def _looks_like_report(text: str) -> bool:
    try:
        from .report_text import looks_like_report_text
    except ImportError:  # the report parser is a separate module; plain text works without it
        return False
    return looks_like_report_text(text)


def parse_bytes(data: bytes, path: str | Path) -> ParsedDocument:
    """Parse a file's bytes with the parser its extension and content call for."""
    path = Path(path)
    title = path.stem
    suffix = path.suffix.lower()
    if suffix == ".docx":
        parsed = _parse_docx(data, path, title)
    elif suffix == ".pdf":
        parsed = _parse_pdf(data, path, title)
    else:
        text, problems = decode_text(data, path)
        fmt = detect_format(data, path, text)
        if fmt == "report-text":
            from .report_text import parse_report_text

            parsed = parse_report_text(text, title)
        elif fmt == "md":
            from .plain import parse_markdown

            parsed = parse_markdown(text, title)
        else:
            from .plain import parse_plain_text

            parsed = parse_plain_text(text, title)
        parsed.problems[:0] = problems
    if not parsed.passages:
        raise InvalidInput(f"{path} contains no text to import - is it a scanned image or an empty template?")
    return parsed


def parse_file(path: str | Path) -> ParsedDocument:
    path = Path(path)
    return parse_bytes(read_file(path), path)


def _parse_docx(data: bytes, path: Path, title: str) -> ParsedDocument:
    if not data.startswith(b"PK"):
        raise InvalidInput(f"{path} is not a Word .docx file (no zip package inside) - open it in Word and save as .docx")
    from .docx import parse_docx

    try:
        return parse_docx(data, title)
    except InvalidInput:
        raise
    except Exception as err:  # python-docx, zipfile and lxml each raise their own kinds
        reason = str(err).splitlines()[0] if str(err) else type(err).__name__
        raise InvalidInput(f"{path} is a damaged or unsupported .docx ({reason}) - open it in Word and save it again") from None


def _parse_pdf(data: bytes, path: Path, title: str) -> ParsedDocument:
    if not data.lstrip()[:5] == b"%PDF-":
        raise InvalidInput(f"{path} is not a PDF (it does not start with %PDF-) - check the file")
    from .pdf import parse_pdf

    try:
        return parse_pdf(data, title)
    except InvalidInput:
        raise
    except Exception as err:  # pypdf raises many kinds for broken files
        reason = str(err).splitlines()[0] if str(err) else type(err).__name__
        raise InvalidInput(f"{path} is a damaged PDF ({reason}) - try re-saving it or exporting it again") from None
