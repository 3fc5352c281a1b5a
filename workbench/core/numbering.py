"""The passage number people see: "passage N" of a document, as the TUI's reader shows it.

Database ids differ between projects and say nothing to a reader, so every
face of the workbench (``passages``, ``show``, ``search``, ``code``, the codings
file, ``disagreements``, ``adjudicate``, the TUI) names a passage by its
document and its number N = ``seq`` + 1: the reader's "passage N/M" counts its
rows from 1, in ``seq`` order. Ids stay inside the core; these helpers
translate at the edge.
"""

from __future__ import annotations

from typing import Iterable

from sqlalchemy import bindparam, text
from sqlalchemy.engine import Connection

from .errors import InvalidInput, NotFound


def passage_number(seq: int) -> int:
    """The number shown for the passage with this ``seq`` (the reader counts from 1)."""
    return int(seq) + 1


def passage_numbers(conn: Connection, passage_ids: Iterable[int]) -> dict[int, tuple[int, int]]:
    """passage id -> (document id, passage number)."""
    ids = sorted({int(i) for i in passage_ids})
    out: dict[int, tuple[int, int]] = {}
    sql = text("SELECT id, document_id, seq FROM passage WHERE id IN :ids").bindparams(bindparam("ids", expanding=True))
    for start in range(0, len(ids), 500):
        for pid, doc, seq in conn.execute(sql, {"ids": ids[start:start + 500]}):
            out[int(pid)] = (int(doc), passage_number(seq))
    return out


def resolve_passage(conn: Connection, number: int, document_id: int | None = None) -> int:
    """The passage id of "passage ``number``" of a document; the only document when none is named."""
    docs = [int(d) for (d,) in conn.execute(text("SELECT id FROM document ORDER BY id"))]
    if document_id is None:
        if not docs:
            raise NotFound("the project has no documents - import a report first with 'workbench import FILE'")
        if len(docs) > 1:
            raise InvalidInput(f"passage {number}: the project has {len(docs)} documents - "
                               "add --document ID (see 'workbench documents')")
        document_id = docs[0]
    elif document_id not in docs:
        raise NotFound(f"unknown document {document_id} - run 'workbench documents' to see the ids")
    row = conn.execute(text("SELECT id FROM passage WHERE document_id = :d AND seq = :s"),
                       {"d": document_id, "s": int(number) - 1}).first()
    if row is None:
        last = conn.execute(text("SELECT max(seq) FROM passage WHERE document_id = :d"), {"d": document_id}).scalar()
        size = f"passages 1-{passage_number(last)}" if last is not None else "no passages"
        raise NotFound(f"document {document_id} has no passage {number} (it has {size}) - "
                       "use the number the reader, 'workbench passages' or 'workbench search' shows")
    return int(row[0])
