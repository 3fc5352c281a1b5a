"""Reading imported documents back: documents, sections, passages, footnotes.

What the browse commands and the TUI show, as plain frozen dataclasses. A
passage comes with everything needed to cite it (document, section, page,
offsets), its footnotes with their text, and the case names recognised in it
and in those footnotes (suggestions for coders, never codings).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import Connection

from .collation import sort_swedish
from .driver import in_list, statement
from .errors import NotFound


@dataclass(frozen=True)
class DocumentInfo:
    id: int
    title: str
    path: str
    format: str
    case: str | None
    imported_at: str
    pages: int
    sections: int
    passages: int
    footnotes: int
    missing_footnotes: tuple[int, ...]


@dataclass(frozen=True)
class SectionRow:
    id: int
    parent_id: int | None
    seq: int
    number: str | None
    title: str
    level: int
    page_label: str | None
    passages: int

    @property
    def heading(self) -> str:
        return f"{self.number} {self.title}" if self.number else self.title


@dataclass(frozen=True)
class PassageRow:
    id: int
    seq: int
    kind: str
    text: str
    section_id: int | None
    page_label: str | None
    footnotes: tuple[int, ...]  # in the order they stand in the text
    footnote_offsets: tuple[int, ...] = ()  # where each of ``footnotes`` stands in ``text``


@dataclass(frozen=True)
class FootnoteView:
    number: int
    text: str
    status: str  # "ok", "truncated" or "missing"
    cases: tuple[str, ...]  # recognised in the footnote, Swedish order
    page_label: str | None = None


@dataclass(frozen=True)
class FootnoteRefView:
    number: int
    char_offset: int


@dataclass(frozen=True)
class PassageView:
    id: int
    document_id: int
    document_title: str
    seq: int
    kind: str
    text: str
    section_id: int | None
    section_number: str | None
    section_title: str | None
    page_label: str | None
    page_seq: int | None
    start_offset: int
    end_offset: int
    footnote_refs: tuple[FootnoteRefView, ...]
    footnotes: tuple[FootnoteView, ...]
    suggested_cases: tuple[str, ...]  # passage and footnotes together, Swedish order
    codings: tuple[Any, ...]  # workbench.core.coding.CodingView

    @property
    def section(self) -> str | None:
        if self.section_title is None:
            return None
        return f"{self.section_number} {self.section_title}" if self.section_number else self.section_title


# Documents -------------------------------------------------------------------


def list_documents(store) -> list[DocumentInfo]:
    with store.reading() as conn:
        rows = conn.execute(
            text(
                "SELECT d.id, d.title, d.path, d.format, ci.name AS case_name, d.imported_at,"
                " (SELECT count(*) FROM page WHERE document_id = d.id) AS pages,"
                " (SELECT count(*) FROM section WHERE document_id = d.id) AS sections,"
                " (SELECT count(*) FROM passage WHERE document_id = d.id) AS passages,"
                " (SELECT count(*) FROM footnote WHERE document_id = d.id AND status <> 'missing') AS footnotes"
                " FROM document d LEFT JOIN case_item ci ON ci.id = d.case_id ORDER BY d.id"
            )
        ).all()
        missing: dict[int, list[int]] = {}
        for doc_id, number in conn.execute(
            text("SELECT document_id, number FROM footnote WHERE status = 'missing' ORDER BY number")
        ):
            missing.setdefault(doc_id, []).append(number)
    return [
        DocumentInfo(
            r.id, r.title, r.path, r.format, r.case_name, r.imported_at,
            r.pages, r.sections, r.passages, r.footnotes, tuple(missing.get(r.id, ())),
        )
        for r in rows
    ]


def get_document(store, document: int | str) -> DocumentInfo:
    """A document by id, or by its title when unambiguous."""
    docs = list_documents(store)
    for doc in docs:
        if str(doc.id) == str(document) or doc.title == document:
            return doc
    titles = ", ".join(f"{d.id} ({d.title})" for d in docs) or "none yet - run 'workbench import FILE'"
    raise NotFound(f"unknown document '{document}' - documents: {titles}")


def list_sections(store, document_id: int) -> list[SectionRow]:
    with store.reading() as conn:
        rows = conn.execute(
            text(
                "SELECT s.id, s.parent_id, s.seq, s.number, s.title, s.level, pg.label,"
                " (SELECT count(*) FROM passage p WHERE p.section_id = s.id) AS n"
                " FROM section s LEFT JOIN page pg ON pg.id = s.page_id"
                " WHERE s.document_id = :d ORDER BY s.seq"
            ),
            {"d": document_id},
        ).all()
    return [SectionRow(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7]) for r in rows]


# Passages --------------------------------------------------------------------


def list_passages(store, document_id: int) -> list[PassageRow]:
    with store.reading() as conn:
        refs: dict[int, list[tuple[int, int]]] = {}
        for pid, number, offset in conn.execute(
            text(
                "SELECT r.passage_id, f.number, r.char_offset FROM footnote_ref r JOIN footnote f ON f.id = r.footnote_id"
                " WHERE f.document_id = :d ORDER BY r.passage_id, r.char_offset, f.number"
            ),
            {"d": document_id},
        ):
            refs.setdefault(pid, []).append((number, offset))
        rows = conn.execute(
            text(
                "SELECT p.id, p.seq, p.kind, p.text, p.section_id, pg.label"
                " FROM passage p LEFT JOIN page pg ON pg.id = p.page_id"
                " WHERE p.document_id = :d ORDER BY p.seq"
            ),
            {"d": document_id},
        ).all()
    return [
        PassageRow(
            r[0], r[1], r[2], r[3], r[4], r[5],
            tuple(n for n, _ in refs.get(r[0], ())),
            tuple(o for _, o in refs.get(r[0], ())),
        )
        for r in rows
    ]


def get_passage(store, passage_id: int, *, viewer: str | None = None, with_codings: bool = True) -> PassageView:
    """A passage with its footnotes, suggestions and the codings ``viewer`` may see.

    ``viewer`` (the person looking) matters only in a blind project, where a
    coder sees only their own codings and an unnamed viewer is refused.
    ``with_codings=False`` leaves ``codings`` empty: the text and footnotes
    are no one's codings, so they can be shown before anyone is named.
    """
    found = get_passages(store, [passage_id], viewer=viewer, with_codings=with_codings)
    if not found:
        raise NotFound(f"unknown passage {passage_id} - find passage numbers with 'workbench search TEXT'")
    return found[0]


_CHUNK = 500  # ids bound per query: well under any database's limit on bound values


def get_passages(store, passage_ids: list[int], *, viewer: str | None = None, with_codings: bool = True) -> list[PassageView]:
    """Many passages as ``get_passage`` gives one, in the order asked, unknown ids left out.

    A handful of queries for any number: the reader fetches the passages
    around the cursor ahead of time, so that moving to one shows its side
    panel at once instead of a database round trip per keypress.
    """
    ids = list(dict.fromkeys(int(i) for i in passage_ids))
    rows: dict[int, Any] = {}
    refs: dict[int, list[Any]] = {}
    suggested: dict[int, set[str]] = {}
    select = (  # PassageView's first fields, in its order
        "SELECT p.id, p.document_id, d.title, p.seq, p.kind, p.text, p.section_id,"
        " s.number, s.title, pg.label, pg.seq, p.start_offset, p.end_offset"
        " FROM passage p JOIN document d ON d.id = p.document_id"
        " LEFT JOIN section s ON s.id = p.section_id LEFT JOIN page pg ON pg.id = p.page_id"
        " WHERE p.id IN "
    )
    with store.reading() as conn:
        for start in range(0, len(ids), _CHUNK):
            marks, chunk = in_list("i", ids[start:start + _CHUNK])
            rows.update((int(r[0]), r) for r in statement(select + marks).rows(conn, chunk))
            for pid, number, offset, fid in statement(
                "SELECT r.passage_id, f.number, r.char_offset, f.id FROM footnote_ref r JOIN footnote f ON f.id = r.footnote_id"
                " WHERE r.passage_id IN " + marks + " ORDER BY r.passage_id, r.char_offset, f.number"
            ).rows(conn, chunk):
                refs.setdefault(int(pid), []).append((number, offset, int(fid)))
            for pid, name in statement(
                "SELECT DISTINCT cs.passage_id, ci.name FROM case_suggestion cs JOIN case_item ci ON ci.id = cs.case_id"
                " WHERE cs.passage_id IN " + marks
            ).rows(conn, chunk):
                suggested.setdefault(int(pid), set()).add(name)
        footnote_ids = list(dict.fromkeys(fid for found in refs.values() for _, _, fid in found))
        notes = {view_id: view for view_id, view in zip(footnote_ids, _footnote_views(conn, footnote_ids))}
        # (in the same read: one connection for the whole side panel)
        codings = _codings(conn, [i for i in ids if i in rows], viewer) if with_codings else {}
    views = []
    for pid in ids:
        row = rows.get(pid)
        if row is None:
            continue
        mine = refs.get(pid, ())
        views.append(PassageView(
            *row,  # (the SELECT's columns are PassageView's first fields, in their order)
            footnote_refs=tuple(FootnoteRefView(number, offset) for number, offset, _ in mine),
            footnotes=tuple(notes[fid] for fid in dict.fromkeys(fid for _, _, fid in mine) if fid in notes),
            suggested_cases=tuple(sort_swedish(suggested.get(pid, ()))),
            codings=tuple(codings.get(pid, ())),
        ))
    return views


def _codings(conn: Connection, passage_ids: list[int], viewer: str | None) -> dict[int, list]:
    # (imported here: coding reads documents' tables, not this module)
    from .coding import codings_by_passage

    return codings_by_passage(conn, passage_ids, viewer=viewer)


# Footnotes -------------------------------------------------------------------


def _footnote_views(conn: Connection, footnote_ids: list[int]) -> list[FootnoteView]:
    """The footnotes with the cases recognised in them, in the order given: two queries for any number.

    (One pair of queries per footnote made a whole document's 480 footnotes
    cost 0.16 s, and each passage in the reader's side panel a query pair more.)
    """
    rows: dict[int, Any] = {}
    cases: dict[int, set[str]] = {}
    for start in range(0, len(footnote_ids), _CHUNK):
        marks, chunk = in_list("f", footnote_ids[start:start + _CHUNK])
        rows.update((int(r[0]), r) for r in statement(
            "SELECT f.id, f.number, f.text, f.status, pg.label FROM footnote f LEFT JOIN page pg ON pg.id = f.page_id"
            " WHERE f.id IN " + marks
        ).rows(conn, chunk))
        for fid, name in statement(
            "SELECT cs.footnote_id, ci.name FROM case_suggestion cs JOIN case_item ci ON ci.id = cs.case_id"
            " WHERE cs.footnote_id IN " + marks
        ).rows(conn, chunk):
            cases.setdefault(int(fid), set()).add(name)
    return [
        FootnoteView(rows[f][1], rows[f][2], rows[f][3], tuple(sort_swedish(cases.get(f, ()))), rows[f][4])
        for f in footnote_ids
        if f in rows
    ]


def get_footnote(store, document_id: int, number: int) -> FootnoteView | None:
    """Footnote ``number`` of a document, or None if the document has no such footnote."""
    with store.reading() as conn:
        fid = conn.execute(
            text("SELECT id FROM footnote WHERE document_id = :d AND number = :n"), {"d": document_id, "n": number}
        ).scalar()
        return None if fid is None else _footnote_views(conn, [int(fid)])[0]


def list_footnotes(store, document_id: int) -> list[FootnoteView]:
    with store.reading() as conn:
        ids = [int(r[0]) for r in conn.execute(text("SELECT id FROM footnote WHERE document_id = :d ORDER BY number"), {"d": document_id})]
        return _footnote_views(conn, ids)


def find_passage_by_footnote(store, document_id: int, number: int) -> int | None:
    """The passage that cites footnote ``number`` (the first one, if several do), or None."""
    with store.reading() as conn:
        return conn.execute(
            text(
                "SELECT p.id FROM footnote_ref r JOIN footnote f ON f.id = r.footnote_id"
                " JOIN passage p ON p.id = r.passage_id"
                " WHERE f.document_id = :d AND f.number = :n ORDER BY p.seq, r.char_offset LIMIT 1"
            ),
            {"d": document_id, "n": number},
        ).scalar()
