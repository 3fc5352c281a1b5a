"""Putting a parsed document into the project: one transaction, bulk inserts.

The file's sha256 is its identity: importing the same bytes again changes
nothing. Everything a document brings (pages, sections, passages, footnotes,
the links from references to footnotes, and the case names recognised in the
passages and in the footnotes they cite) is written in one transaction with
executemany, so a failure leaves the project as it was and a 9000-line report
imports in a fraction of a second.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

from sqlalchemy import text
from sqlalchemy.engine import Connection

from ..errors import WorkbenchError
from .detect import parse_bytes, read_file
from .parsed import ParsedDocument

Progress = Callable[[int, int], None]
_CHUNK = 500


@dataclass(frozen=True)
class ImportResult:
    document_id: int
    title: str
    created: bool  # False: the same content was already in the project, nothing was written
    passages: int
    footnotes: int  # footnotes with text; referenced but missing ones are rows with status "missing"
    problems: list[str] = field(default_factory=list)
    format: str = ""
    sections: int = 0
    pages: int = 0
    suggestions: int = 0
    path: str = ""


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def import_file(store, path: str | Path, *, case: str | None = None, progress: Progress | None = None) -> ImportResult:
    """Import one file (refused with one line if it is not a readable document)."""
    path = Path(path)
    data = read_file(path)
    digest = content_hash(data)
    with store.reading() as conn:
        existing = _existing(conn, digest)
        if existing is not None and case:
            _note_case_not_applied(conn, existing, case)
    if existing is not None:
        if progress:
            progress(1, 1)
        return existing
    parsed = parse_bytes(data, path)
    return write_document(store, parsed, path=path, digest=digest, case=case, progress=progress)


def _note_case_not_applied(conn: Connection, existing: ImportResult, case: str) -> None:
    """Re-importing never changes a document; say so when --case asks for another case than it has."""
    current = conn.execute(
        text("SELECT ci.name FROM document d LEFT JOIN case_item ci ON ci.id = d.case_id WHERE d.id = :d"),
        {"d": existing.document_id},
    ).scalar()
    from ..cases import resolver_for

    wanted = case
    try:
        wanted = resolver_for(conn).resolve(case, allow_fuzzy=False).case.name
    except WorkbenchError:  # an unknown name, or no case sets in this project yet: compare the words as given
        pass
    if current != wanted:
        had = "without a case" if current is None else f"as belonging to {current}"
        existing.problems.append(f"--case {case} was not applied: the document was imported before {had}")


def _existing(conn: Connection, digest: str) -> ImportResult | None:
    row = conn.execute(
        text("SELECT id, title, format, path FROM document WHERE content_hash = :h"), {"h": digest}
    ).first()
    if row is None:
        return None
    counts = {
        table: conn.execute(text(f"SELECT count(*) FROM {table} WHERE document_id = :d"), {"d": row.id}).scalar_one()
        for table in ("passage", "section", "page")
    }
    counts["footnote"] = conn.execute(
        text("SELECT count(*) FROM footnote WHERE document_id = :d AND status <> 'missing'"), {"d": row.id}
    ).scalar_one()
    counts["suggestion"] = conn.execute(
        text("SELECT count(*) FROM case_suggestion s JOIN passage p ON p.id = s.passage_id WHERE p.document_id = :d"),
        {"d": row.id},
    ).scalar_one()
    return ImportResult(
        document_id=row.id,
        title=row.title,
        created=False,
        passages=counts["passage"],
        footnotes=counts["footnote"],
        problems=[],
        format=row.format,
        sections=counts["section"],
        pages=counts["page"],
        suggestions=counts["suggestion"],
        path=row.path,
    )


def write_document(
    store,
    parsed: ParsedDocument,
    *,
    path: str | Path,
    digest: str,
    case: str | None = None,
    progress: Progress | None = None,
) -> ImportResult:
    """Write a parsed document and its case suggestions in one transaction."""
    problems = list(parsed.problems)
    referenced = {r.number for p in parsed.passages for r in p.footnote_refs}
    have = {f.number for f in parsed.footnotes}
    missing = sorted(referenced - have)
    total = 2 + len(parsed.passages) + len(parsed.footnotes) + len(parsed.passages)
    done = 0

    def tick(n: int) -> None:
        nonlocal done
        done += n
        if progress:
            progress(min(done, total), total)

    tick(1)
    with store.transaction() as conn:
        recogniser = _CaseRecogniser.for_connection(conn)
        case_id = recogniser.case_id(case) if case else None
        document_id = conn.execute(
            text(
                "INSERT INTO document (title, path, format, content_hash, case_id, text, imported_at)"
                " VALUES (:title, :path, :format, :hash, :case_id, :text, :at) RETURNING id"
            ),
            {
                "title": parsed.title,
                "path": str(Path(path).resolve()),
                "format": parsed.format,
                "hash": digest,
                "case_id": case_id,
                "text": parsed.text,
                "at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            },
        ).scalar_one()
        page_ids = _insert_pages(conn, document_id, parsed)
        section_ids = _insert_sections(conn, document_id, parsed, page_ids)
        passage_ids = _insert_passages(conn, document_id, parsed, page_ids, section_ids, tick)
        footnote_ids = _insert_footnotes(conn, document_id, parsed, page_ids, missing)
        tick(len(parsed.footnotes))
        _insert_refs(conn, parsed, passage_ids, footnote_ids)
        suggestions = _insert_suggestions(conn, parsed, passage_ids, footnote_ids, recogniser, tick)
        tick(1)
    return ImportResult(
        document_id=document_id,
        title=parsed.title,
        created=True,
        passages=len(parsed.passages),
        footnotes=sum(1 for f in parsed.footnotes if f.status != "missing"),
        problems=problems,
        format=parsed.format,
        sections=len(parsed.sections),
        pages=len(parsed.pages),
        suggestions=suggestions,
        path=str(path),
    )


def _ids_by(conn: Connection, table: str, key: str, document_id: int) -> dict[int, int]:
    rows = conn.execute(text(f"SELECT {key}, id FROM {table} WHERE document_id = :d"), {"d": document_id})
    return {k: i for k, i in rows}


def _insert_pages(conn: Connection, document_id: int, parsed: ParsedDocument) -> dict[int, int]:
    if not parsed.pages:
        return {}
    conn.execute(
        text(
            "INSERT INTO page (document_id, seq, label, start_offset, end_offset)"
            " VALUES (:d, :seq, :label, :start, :end)"
        ),
        [
            {"d": document_id, "seq": p.seq, "label": p.label, "start": p.start_offset, "end": p.end_offset}
            for p in parsed.pages
        ],
    )
    return _ids_by(conn, "page", "seq", document_id)


def _insert_sections(conn: Connection, document_id: int, parsed: ParsedDocument, page_ids: dict[int, int]) -> dict[int, int]:
    if not parsed.sections:
        return {}
    conn.execute(
        text(
            "INSERT INTO section (document_id, parent_id, seq, number, title, level, page_id, start_offset)"
            " VALUES (:d, NULL, :seq, :number, :title, :level, :page, :start)"
        ),
        [
            {
                "d": document_id,
                "seq": s.seq,
                "number": s.number,
                "title": s.title,
                "level": s.level,
                "page": page_ids.get(s.page_seq) if s.page_seq is not None else None,
                "start": s.start_offset,
            }
            for s in parsed.sections
        ],
    )
    ids = _ids_by(conn, "section", "seq", document_id)
    parents = [{"p": ids[s.parent_seq], "id": ids[s.seq]} for s in parsed.sections if s.parent_seq is not None]
    if parents:
        conn.execute(text("UPDATE section SET parent_id = :p WHERE id = :id"), parents)
    return ids


def _insert_passages(conn, document_id, parsed, page_ids, section_ids, tick) -> dict[int, int]:
    sql = text(
        "INSERT INTO passage (document_id, section_id, page_id, seq, kind, text, start_offset, end_offset)"
        " VALUES (:d, :section, :page, :seq, :kind, :text, :start, :end)"
    )
    rows = [
        {
            "d": document_id,
            "section": section_ids.get(p.section_seq) if p.section_seq is not None else None,
            "page": page_ids.get(p.page_seq) if p.page_seq is not None else None,
            "seq": p.seq,
            "kind": p.kind,
            "text": p.text,
            "start": p.start_offset,
            "end": p.end_offset,
        }
        for p in parsed.passages
    ]
    for i in range(0, len(rows), _CHUNK):
        chunk = rows[i : i + _CHUNK]
        conn.execute(sql, chunk)
        tick(len(chunk))
    return _ids_by(conn, "passage", "seq", document_id)


def _insert_footnotes(conn, document_id, parsed, page_ids, missing: list[int]) -> dict[int, int]:
    rows = [
        {
            "d": document_id,
            "n": f.number,
            "text": f.text,
            "page": page_ids.get(f.page_seq) if f.page_seq is not None else None,
            "status": f.status,
        }
        for f in parsed.footnotes
    ]
    # A reference whose footnote text is absent still gets its footnote row, marked
    # missing, so that the reference stays linked and the gap stays visible.
    rows += [{"d": document_id, "n": n, "text": "", "page": None, "status": "missing"} for n in missing]
    if not rows:
        return {}
    conn.execute(
        text(
            "INSERT INTO footnote (document_id, number, text, page_id, status)"
            " VALUES (:d, :n, :text, :page, :status)"
        ),
        rows,
    )
    return _ids_by(conn, "footnote", "number", document_id)


def _insert_refs(conn, parsed, passage_ids, footnote_ids) -> None:
    rows = {
        (passage_ids[p.seq], footnote_ids[r.number], r.char_offset)
        for p in parsed.passages
        for r in p.footnote_refs
    }
    if rows:
        conn.execute(
            text("INSERT INTO footnote_ref (passage_id, footnote_id, char_offset) VALUES (:p, :f, :o)"),
            [{"p": p, "f": f, "o": o} for p, f, o in sorted(rows)],
        )


def _insert_suggestions(conn, parsed, passage_ids, footnote_ids, recogniser: "_CaseRecogniser", tick) -> int:
    footnote_text = {f.number: f.text for f in parsed.footnotes}
    rows: dict[tuple[int, int, int | None], str] = {}
    for k, passage in enumerate(parsed.passages, start=1):
        if k % _CHUNK == 0:
            tick(_CHUNK)
        pid = passage_ids[passage.seq]
        for case_id, matched in recogniser.in_text(passage.text):
            rows.setdefault((pid, case_id, None), matched)
        for ref in passage.footnote_refs:
            fid = footnote_ids[ref.number]
            for case_id, matched in recogniser.in_footnote(ref.number, footnote_text.get(ref.number, "")):
                rows.setdefault((pid, case_id, fid), matched)
    tick(len(parsed.passages) % _CHUNK)
    if rows:
        conn.execute(
            text(
                "INSERT INTO case_suggestion (passage_id, case_id, footnote_id, matched_text)"
                " VALUES (:p, :c, :f, :m)"
            ),
            [{"p": p, "c": c, "f": f, "m": m} for (p, c, f), m in rows.items()],
        )
    return len(rows)


class _CaseRecogniser:
    """Case names in running text (mentions) and in footnotes (read as case lists)."""

    def __init__(self, resolver, parse_case_list):
        self.resolver = resolver
        self.parse_case_list = parse_case_list
        self._footnotes: dict[int, list[tuple[int, str]]] = {}

    @classmethod
    def for_connection(cls, conn: Connection) -> "_CaseRecogniser":
        from ..caselists import parse_case_list
        from ..cases import ensure_case_sets, resolver_for

        ensure_case_sets(conn)
        return cls(resolver_for(conn), parse_case_list)

    def case_id(self, name: str) -> int:
        # No fuzzy guess for the document's own case: "Västermanland" is refused with a did-you-mean.
        return self.resolver.resolve(name, allow_fuzzy=False).case.id

    def in_text(self, passage_text: str) -> list[tuple[int, str]]:
        return [(m.case.id, m.matched) for m in self.resolver.find_mentions(passage_text)]

    def in_footnote(self, number: int, footnote_text: str) -> list[tuple[int, str]]:
        if number not in self._footnotes:
            found: list[tuple[int, str]] = []
            if footnote_text:
                listed = self.parse_case_list(footnote_text, self.resolver)
                if listed.is_list and listed.cases:
                    found = [(c.id, c.name) for c in listed.cases]
                else:
                    found = self.in_text(footnote_text)
            self._footnotes[number] = found
        return self._footnotes[number]
