"""Claims with numbered footnotes, written as Markdown, CSV, JSON or an Excel workbook.

One claim per code of a subtree (or per query): its phrase ("13 regioner")
and its footnote (the cases in Swedish order), numbered 1, 2, 3 ... in the
order of the codes, as a report numbers them. The xlsx file has a sheet of
claims and a sheet of the code x case matrix, because that is what analysts
paste into the report and check against.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from .errors import InvalidInput, WorkbenchError
from .phrasing import number_footnotes

__all__ = ["FORMATS", "ExportSummary", "claim_records", "render_claims", "export_footnotes", "write_claims"]

FORMATS = ("md", "csv", "json", "xlsx")
CLAIM_COLUMNS = ("number", "query", "count", "total", "phrase", "cases", "footnote", "coders")


@dataclass(frozen=True)
class ExportSummary:
    path: str
    format: str
    claims: int
    coders: str  # the coding set the claims count: "all", "consensus", or names


def claim_records(results: Sequence, *, start: int = 1) -> list[dict]:
    """Plain dicts of the results (``QueryResult``s) with footnote numbers; what json and csv write."""
    numbers = number_footnotes([r.footnote for r in results], start=start)
    return [
        {
            "number": n.number,
            "query": r.query,
            "count": r.count,
            "total": r.total,
            "phrase": r.phrase,
            "cases": list(r.cases),
            "footnote": r.footnote,
            "coders": r.coders,
        }
        for n, r in zip(numbers, results)
    ]


def render_claims(results: Sequence, fmt: str, *, start: int = 1) -> str:
    """The text of an md, csv or json export (xlsx is binary: use ``write_claims``)."""
    records = claim_records(results, start=start)
    if fmt == "json":
        return json.dumps(records, ensure_ascii=False, indent=2) + "\n"
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=CLAIM_COLUMNS, lineterminator="\n")
        writer.writeheader()
        for rec in records:
            writer.writerow(dict(rec, cases=", ".join(rec["cases"])))
        return out.getvalue()
    if fmt == "md":
        lines = [f"coders: {_coders_of(results)}", ""]
        for rec in records:
            lines.append(f"- `{rec['query']}`: {rec['phrase']}[^{rec['number']}]")
        lines.append("")
        for rec in records:
            lines.append(f"[^{rec['number']}]: {rec['footnote']}")
        return "\n".join(lines) + "\n"
    raise InvalidInput(f"unknown format {fmt!r} - use {', '.join(f for f in FORMATS if f != 'xlsx')}")


def _coders_of(results: Sequence) -> str:
    """The coding set behind the claims, for the header a reader checks first."""
    return ", ".join(dict.fromkeys(r.coders for r in results)) or "all"


def write_claims(results: Sequence, path: str | Path, fmt: str, *, grid=None, start: int = 1) -> ExportSummary:
    """Write claims (and for xlsx the matrix ``grid``) to ``path``."""
    if fmt not in FORMATS:
        raise InvalidInput(f"unknown format {fmt!r} - use one of {', '.join(FORMATS)}")
    path = Path(path)
    try:
        if fmt == "xlsx":
            _write_xlsx(results, path, grid, start)
        else:
            path.write_text(render_claims(results, fmt, start=start), encoding="utf-8")
    except OSError as err:
        raise WorkbenchError(f"cannot write {path}: {err.strerror} - choose another file") from None
    return ExportSummary(str(path), fmt, len(results), grid.coders if grid is not None else _coders_of(results))


def _write_xlsx(results: Sequence, path: Path, grid, start: int) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = "Claims"
    sheet.append(list(CLAIM_COLUMNS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for rec in claim_records(results, start=start):
        sheet.append([rec[c] if c != "cases" else ", ".join(rec["cases"]) for c in CLAIM_COLUMNS])
    sheet.column_dimensions["B"].width = 45
    sheet.column_dimensions["E"].width = 30
    sheet.column_dimensions["G"].width = 80
    if grid is not None:
        table = book.create_sheet("Matrix")
        table.append(["code", "cases"] + list(grid.cases))
        for cell in table[1]:
            cell.font = Font(bold=True)
        for i, code in enumerate(grid.codes):
            table.append([code, len(grid.row_cases(i))] + list(grid.cells[i]))
        table.append([])
        table.append([f"coders: {grid.coders}"])
        table.column_dimensions["A"].width = 50
        table.freeze_panes = "C2"
    book.save(path)


def export_footnotes(
    store,
    path: str | Path,
    *,
    subtree: str | None = None,
    fmt: str | None = None,
    coder=None,
    consensus: bool = False,
    exact: bool = False,
    lang: str = "sv",
    proportion: bool = False,
    threshold: int | None = None,
    complement: bool | None = None,
    case_set: str | None = None,
    viewer: str | None = None,
) -> ExportSummary:
    """Every code of a subtree that some case has, as a claim with a numbered footnote.

    The file states the coding set it counts (``coders``: all, consensus or
    names); in blind mode ``viewer`` sees only their own codings.
    """
    from .phrasing import DEFAULT_ALL_BUT_THRESHOLD
    from .query import code_claims

    if fmt is None:
        fmt = Path(path).suffix.lower().lstrip(".")
        if fmt not in FORMATS:
            raise InvalidInput(f"{path}: cannot tell the format from the extension - pass --format {'|'.join(FORMATS)}")
    grid, claims = code_claims(
        store, subtree, coder=coder, consensus=consensus, exact=exact, case_set=case_set, lang=lang,
        proportion=proportion, threshold=DEFAULT_ALL_BUT_THRESHOLD if threshold is None else threshold,
        complement=complement, viewer=viewer,
    )
    return write_claims(claims, path, fmt, grid=grid)
