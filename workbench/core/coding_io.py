"""Codings to and from CSV and JSONL files, with the same columns both ways.

Columns: ``coder, document, passage, span, code, cases, memo``.

* ``document`` is the document's title and ``passage`` the passage's number
  within it as the reader shows it ("passage N", ``seq`` + 1), so a file
  exported from one project imports into another that holds the same
  documents, whatever their database ids.
* ``span`` is ``START:END`` (character offsets in the passage) or empty for
  the whole passage; ``code`` the code path; ``cases`` the case names joined
  by ", " in CSV and a list in JSONL; ``memo`` free text.

An import is one transaction: the first bad row raises one line naming the
file and line, and nothing is written. A row identical to an existing coding
(same coder, passage, code, span, cases and memo) is skipped, so importing the
same file twice does not double the codings.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from sqlalchemy import text

from .errors import InvalidInput, WorkbenchError
from .numbering import passage_number

__all__ = ["COLUMNS", "CodingsImport", "export_codings", "import_codings", "coding_rows", "format_of"]

COLUMNS = ("coder", "document", "passage", "span", "code", "cases", "memo")


@dataclass(frozen=True)
class CodingsImport:
    path: str
    added: int
    skipped: int  # identical to a coding already there


def format_of(path: str | Path, fmt: str | None = None) -> str:
    """'csv' or 'jsonl', from ``fmt`` or the file's extension."""
    if fmt:
        if fmt not in ("csv", "jsonl"):
            raise InvalidInput(f"unknown codings format {fmt!r} - use csv or jsonl")
        return fmt
    suffix = Path(path).suffix.lower()
    if suffix == ".csv":
        return "csv"
    if suffix in (".jsonl", ".ndjson"):
        return "jsonl"
    raise InvalidInput(f"{path}: cannot tell the format from {suffix or 'no extension'!r} - name the file .csv or .jsonl, or pass --format")


def coding_rows(store, *, coder: str | None = None, viewer: str | None = None) -> list[dict]:
    """Every coding the viewer may see (or one coder's) as a row of COLUMNS, ordered by coder, document, passage.

    Consensus codings are included (the ``coder`` column names the set): the
    file is a full record that ``import_codings`` can read back. In blind
    mode ``viewer`` (default ``coder``) sees only their own rows.
    """
    from .coding import visible_coders

    sql = (
        "SELECT r.name, d.title, p.seq, c.span_start, c.span_end, k.path, c.memo, c.id, d.id"
        " FROM coding c JOIN coder r ON r.id = c.coder_id JOIN passage p ON p.id = c.passage_id"
        " JOIN document d ON d.id = p.document_id JOIN code k ON k.id = c.code_id WHERE 1 = 1"
    )
    params = {}
    if coder is not None:
        sql += " AND r.name = :n"
        params["n"] = coder
    from .phrasing import sorted_names

    with store.reading() as conn:
        visible = visible_coders(conn, viewer or coder)
        if visible is not None:
            sql += f" AND c.coder_id IN ({', '.join(str(int(i)) for i in sorted(visible))})" if visible else " AND 0"
        sql += " ORDER BY r.name, d.id, p.seq, c.id"
        rows = conn.execute(text(sql), params).all()
        cases: dict[int, list[str]] = {}
        for cid, name in conn.execute(text("SELECT cc.coding_id, ci.name FROM coding_case cc JOIN case_item ci ON ci.id = cc.case_id")):
            cases.setdefault(int(cid), []).append(name)
    return [
        {
            "coder": name,
            "document": title,
            "passage": passage_number(seq),
            "span": f"{s0}:{s1}" if s0 is not None else "",
            "code": path,
            "cases": sorted_names(cases.get(int(cid), [])),
            "memo": memo,
        }
        for name, title, seq, s0, s1, path, memo, cid, _doc in rows
    ]


def export_codings(store, path: str | Path, *, fmt: str | None = None, coder: str | None = None,
                   viewer: str | None = None) -> int:
    """Write every coding the viewer may see (or one coder's) to a CSV or JSONL file; returns the number written."""
    fmt = format_of(path, fmt)
    rows = coding_rows(store, coder=coder, viewer=viewer)
    out = io.StringIO()
    if fmt == "csv":
        writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow(dict(row, cases=", ".join(row["cases"])))
    else:
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    try:
        Path(path).write_text(out.getvalue(), encoding="utf-8")
    except OSError as err:
        raise WorkbenchError(f"cannot write {path}: {err.strerror} - choose another file") from None
    return len(rows)


def _read(path: Path, fmt: str) -> Iterator[tuple[int, dict]]:
    try:
        body = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InvalidInput(f"{path}: no such file") from None
    except UnicodeDecodeError:
        raise InvalidInput(f"{path}: not UTF-8 text - save it as UTF-8") from None
    if fmt == "csv":
        reader = csv.DictReader(io.StringIO(body))
        missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise InvalidInput(f"{path}:1: missing column(s) {', '.join(missing)} - the header must be {','.join(COLUMNS)}")
        for row in reader:
            yield reader.line_num, row
        return
    for number, line in enumerate(body.splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as err:
            raise InvalidInput(f"{path}:{number}: not JSON ({err.msg}) - one object per line") from None
        if not isinstance(row, dict):
            raise InvalidInput(f"{path}:{number}: not a JSON object - one object per line")
        yield number, row


def _span(value) -> tuple[int, int] | None:
    if value in (None, ""):
        return None
    if isinstance(value, (list, tuple)) and len(value) == 2:
        return int(value[0]), int(value[1])
    start, sep, end = str(value).partition(":")
    if not sep:
        raise InvalidInput(f"span {value!r} is not START:END")
    try:
        return int(start), int(end)
    except ValueError:
        raise InvalidInput(f"span {value!r} is not START:END with whole numbers") from None


def _cases(value) -> list[str]:
    if value in (None, ""):
        return []
    if isinstance(value, list):
        return [str(v).strip() for v in value if str(v).strip()]
    return [c.strip() for c in str(value).split(",") if c.strip()]


def import_codings(store, path: str | Path, *, fmt: str | None = None, case_set: str | None = None) -> CodingsImport:
    """Add the codings of a CSV or JSONL file in one transaction; a bad row stops it with file:line."""
    from .coding import CodingWriter

    path = Path(path)
    fmt = format_of(path, fmt)
    added = skipped = 0
    documents: dict[str, int] = {}
    with store.transaction() as conn:
        writer = CodingWriter(conn, case_set=case_set)
        for line, row in _read(path, fmt):
            try:
                missing = [c for c in ("coder", "document", "passage", "code") if row.get(c) in (None, "")]
                if missing:
                    raise InvalidInput(f"empty {', '.join(missing)}")
                title = str(row["document"]).strip()
                if title not in documents:
                    found = conn.execute(text("SELECT id FROM document WHERE title = :t"), {"t": title}).all()
                    if not found:
                        from rapidfuzz import process

                        titles = [r[0] for r in conn.execute(text("SELECT title FROM document"))]
                        best = process.extractOne(title, titles) if titles else None
                        hint = f" - did you mean {best[0]!r}?" if best and best[1] >= 60 else " - import the document first"
                        raise InvalidInput(f"unknown document {title!r}{hint}")
                    if len(found) > 1:
                        raise InvalidInput(f"{len(found)} documents are titled {title!r} - rename one")
                    documents[title] = int(found[0][0])
                try:
                    number = int(row["passage"])
                except (TypeError, ValueError):
                    raise InvalidInput(f"passage {row['passage']!r} is not a passage number") from None
                pid = conn.execute(
                    text("SELECT id FROM passage WHERE document_id = :d AND seq = :s"), {"d": documents[title], "s": number - 1}
                ).scalar()
                if pid is None:
                    raise InvalidInput(f"document {title!r} has no passage {number} (passages count from 1, as the reader shows them)")
                span = _span(row.get("span"))
                cases = _cases(row.get("cases"))
                memo = str(row.get("memo") or "")
                coder = str(row["coder"]).strip()
                code_id, _ = writer.code(str(row["code"]))
                case_ids = sorted(writer.cases().resolve(c) for c in cases)
                if _exists(conn, pid, code_id, writer.coder(coder), span, case_ids, memo):
                    skipped += 1
                    continue
                writer.add(passage_id=pid, code=code_id, coder=coder, cases=cases, memo=memo, span=span)
                added += 1
            except WorkbenchError as err:
                raise InvalidInput(f"{path}:{line}: {err} - nothing was imported") from None
    return CodingsImport(str(path), added, skipped)


def _exists(conn, passage_id: int, code_id: int, coder_id: int, span, case_ids: list[int], memo: str) -> bool:
    rows = conn.execute(
        text("SELECT id, span_start, span_end, memo FROM coding WHERE passage_id = :p AND code_id = :k AND coder_id = :c"),
        {"p": passage_id, "k": code_id, "c": coder_id},
    ).all()
    for cid, s0, s1, m in rows:
        same_span = (s0, s1) == (span if span else (None, None))
        if same_span and m == memo:
            have = sorted(int(r[0]) for r in conn.execute(text("SELECT case_id FROM coding_case WHERE coding_id = :i"), {"i": cid}))
            if have == sorted(set(case_ids)):
                return True
    return False
