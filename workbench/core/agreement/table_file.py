"""Reading a units × coders table from a CSV file, so coding done elsewhere can be checked.

The format is the one a spreadsheet exports: a header row, the unit in the
first column, one column per coder, an empty cell where a coder gave no
value. An optional second column named ``code`` splits the file into one
table per code (long format: unit, code, coder...). Comma, semicolon (what
Swedish Excel writes) and tab are recognised. Anything else is refused with
one line naming the file and line.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from ..errors import InvalidInput, NotFound


@dataclass(frozen=True)
class CodedTable:
    """One code's units × coders table (values as written, None where empty)."""

    code: str
    units: tuple[str, ...]
    rows: tuple[tuple[str | None, ...], ...]
    lines: tuple[int, ...]  # the file line of each row, for error messages


@dataclass(frozen=True)
class TableFile:
    path: str
    coders: tuple[str, ...]
    tables: tuple[CodedTable, ...]  # one per code, in order of first appearance


def read_table_file(path: str | Path) -> TableFile:
    path = Path(path)
    if not path.is_file():
        raise NotFound(f"{path}: no such file - give a CSV with a unit column and one column per coder")
    try:
        content = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = path.read_bytes()[: err.start].count(b"\n") + 1
        raise InvalidInput(f"{path}:{line}: not UTF-8 text - save the CSV as UTF-8") from None
    return parse_table_text(content, str(path))


def _dialect(content: str) -> str:
    header = content.splitlines()[0] if content else ""
    counts = {d: header.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def parse_table_text(content: str, name: str = "<table>") -> TableFile:
    if not content.strip():
        raise InvalidInput(f"{name}:1: the file is empty - the first line must be: unit,coder1,coder2,...")
    reader = csv.reader(io.StringIO(content, newline=""), delimiter=_dialect(content))
    try:
        records = [(reader.line_num, row) for row in reader]
    except csv.Error as err:
        raise InvalidInput(f"{name}:{reader.line_num}: {err} - check the quoting on that line") from None
    header_line, header = records[0]
    header = [h.strip() for h in header]
    long_format = len(header) > 1 and header[1].casefold() == "code"
    first_coder = 2 if long_format else 1
    coders = header[first_coder:]
    if len(coders) < 2:
        raise InvalidInput(f"{name}:{header_line}: the header names {len(coders)} coder(s) - "
                           f"the first line must be: unit,{'code,' if long_format else ''}coder1,coder2,...")
    for i, coder in enumerate(coders):
        if not coder:
            raise InvalidInput(f"{name}:{header_line}: column {i + first_coder + 1} has no coder name - name every coder column")
        if coder in coders[:i]:
            raise InvalidInput(f"{name}:{header_line}: coder {coder!r} appears twice in the header - give each coder one column")
    width = len(header)
    grouped: dict[str, tuple[list[str], list[tuple[str | None, ...]], list[int]]] = {}
    seen: dict[tuple[str, str], int] = {}
    for line, row in records[1:]:
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != width:
            raise InvalidInput(f"{name}:{line}: {len(row)} cells where the header has {width} - "
                               "leave a cell empty for a missing value, but keep its separator")
        unit = row[0].strip()
        if not unit:
            raise InvalidInput(f"{name}:{line}: the unit (first column) is empty - give every row a unit name")
        code = row[1].strip() if long_format else Path(name).stem
        if long_format and not code:
            raise InvalidInput(f"{name}:{line}: the code column is empty - give every row a code")
        if (code, unit) in seen:
            raise InvalidInput(f"{name}:{line}: unit {unit!r} already on line {seen[(code, unit)]}"
                               f"{f' for code {code!r}' if long_format else ''} - give each unit one row")
        seen[(code, unit)] = line
        values = tuple(cell.strip() or None for cell in row[first_coder:])
        units, rows, lines = grouped.setdefault(code, ([], [], []))
        units.append(unit)
        rows.append(values)
        lines.append(line)
    if not grouped:
        raise InvalidInput(f"{name}:{header_line + 1}: no rows below the header - add one row per unit")
    tables = tuple(CodedTable(code, tuple(u), tuple(r), tuple(n)) for code, (u, r, n) in grouped.items())
    return TableFile(name, tuple(coders), tables)


def numeric_rows(table: CodedTable, name: str) -> list[tuple[float | None, ...]]:
    """The table's values as numbers (for interval/ratio/ordinal alpha); one line naming the bad cell.

    A decimal comma ("2,5", as Swedish spreadsheets write it) is read as a point.
    """
    out = []
    for line, row in zip(table.lines, table.rows):
        converted = []
        for value in row:
            if value is None:
                converted.append(None)
                continue
            try:
                converted.append(float(value.replace(",", ".")) if "," in value and "." not in value else float(value))
            except ValueError:
                raise InvalidInput(f"{name}:{line}: {value!r} is not a number - "
                                   "use --metric nominal for named categories") from None
        out.append(tuple(converted))
    return out
