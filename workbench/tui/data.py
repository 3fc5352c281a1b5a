"""The TUI's only door to the project: calls into the core's public API.

Every function here is synchronous and meant to run in a thread worker; it
returns plain data the widgets can show. Nothing here builds SQL or touches
models: when the screen needs something the core does not offer, the gap is
named here and filled from public calls only.

Every read of codings takes ``viewer``, the coder at the keyboard: in a blind
project the core then returns only that coder's codings (a reviewer's view is
everyone's). Until the coder has typed their name (the first start on a
project), a blind project shows no codings at all rather than refusing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from .widgets.passage_view import ReaderRow

CODER_META_KEY = "tui.coder"


@dataclass(frozen=True)
class DocumentData:
    id: int
    title: str
    rows: list[ReaderRow]
    sections: list[Any]  # the core's section rows (id, number, title, level, ...)


@dataclass(frozen=True)
class CodebookData:
    codes: list[Any]  # CodeNode
    case_set: Any  # CaseSetInfo: the codebook's own (what most codes count)
    cells: list[tuple[str, str, int]] = field(default_factory=list)  # (code path, case, codings): the live counts' start
    blind: bool = False  # the project is in blind mode (codings are the viewer's own)
    case_sets: dict[str, Any] = field(default_factory=dict)  # every case set a code counts, by name

    @cached_property
    def _case_set_names(self) -> dict[str, str]:
        return {c.path: getattr(c, "case_set", None) for c in self.codes}

    def case_set_of(self, path: str) -> Any:
        """The CaseSetInfo a code counts (its cases are what the region picker offers)."""
        name = self._case_set_names.get(path)
        return self.case_sets.get(name, self.case_set) if name else self.case_set


@dataclass(frozen=True)
class PassageDetail:
    passage: Any  # documents.PassageView
    codings: list[Any]  # coding.CodingView
    suggestions: tuple[str, ...]


def _attr(obj: Any, *names: str, default=None):
    for name in names:
        if hasattr(obj, name):
            return getattr(obj, name)
    return default


# -- coder -----------------------------------------------------------------


def remembered_coder(store) -> str | None:
    from workbench.core.db import get_meta

    with store.reading() as conn:
        return get_meta(conn, CODER_META_KEY)


def remember_coder(store, name: str) -> None:
    from workbench.core.db import set_meta

    with store.transaction() as conn:
        set_meta(conn, CODER_META_KEY, name.strip())


# -- documents -------------------------------------------------------------


def documents(store) -> list[Any]:
    from workbench.core.documents import list_documents

    return list(list_documents(store))


def load_document(store, document_id: int | None = None) -> DocumentData | None:
    """A document's passages as reader rows (the first document when none is named)."""
    from workbench.core.documents import list_documents, list_passages, list_sections

    docs = list_documents(store)
    if not docs:
        return None
    doc = next((d for d in docs if d.id == document_id), docs[0])
    rows = []
    for p in list_passages(store, doc.id):
        numbers = _attr(p, "footnotes", "footnote_numbers", default=()) or ()
        numbers = tuple(_attr(n, "number", default=n) for n in numbers)
        offsets = tuple(_attr(p, "footnote_offsets", default=()) or ())
        rows.append(
            ReaderRow(
                id=p.id,
                seq=p.seq,
                kind=p.kind,
                text=p.text,
                section_id=_attr(p, "section_id"),
                page_label=_attr(p, "page_label"),
                footnotes=numbers,
                footnote_offsets=offsets if len(offsets) == len(numbers) else (),
            )
        )
    sections = list(list_sections(store, doc.id))
    return DocumentData(doc.id, doc.title, rows, sections)


def is_blind(store) -> bool:
    """The project's blind switch (one meta row; blind_state's who-and-when would search the audit trail)."""
    from workbench.core.agreement.blind import is_blind as blind

    with store.reading() as conn:
        return blind(conn)


def _unnamed_in_blind(store, viewer: str | None) -> bool:
    """A blind project and no name yet: show no codings (the core would refuse an unnamed viewer)."""
    return not viewer and is_blind(store)


def passage_detail(store, passage_id: int, *, viewer: str | None = None) -> PassageDetail:
    from workbench.core.documents import get_passage

    # carries the codings (those the viewer may see) and the suggested cases too
    passage = get_passage(store, passage_id, viewer=viewer, with_codings=not _unnamed_in_blind(store, viewer))
    return PassageDetail(passage, list(passage.codings), tuple(passage.suggested_cases))


def passage_details(store, passage_ids: list[int], *, viewer: str | None = None) -> list[PassageDetail]:
    """Many passages' side panels in one read (the reader reads ahead around the cursor)."""
    from workbench.core.documents import get_passages

    passages = get_passages(store, passage_ids, viewer=viewer, with_codings=not _unnamed_in_blind(store, viewer))
    return [PassageDetail(p, list(p.codings), tuple(p.suggested_cases)) for p in passages]


def passage_codings(store, passage_id: int, *, viewer: str | None = None) -> list[Any]:
    """The codings of one passage the viewer may see (for its colour mark)."""
    from workbench.core.coding import codings_for_passage

    if _unnamed_in_blind(store, viewer):
        return []
    return list(codings_for_passage(store, passage_id, viewer=viewer))


@dataclass(frozen=True)
class CodeMark:
    """A code on a passage: all the reader's colour marks need to know of a coding."""

    passage_id: int
    code_path: str


def document_codings(store, document_id: int, *, viewer: str | None = None) -> dict[int, list[CodeMark]]:
    """The codes on each of the document's passages the viewer may see, by passage id (for the colour marks)."""
    from workbench.core.coding import codes_for_document

    found: dict[int, list[CodeMark]] = {}
    if _unnamed_in_blind(store, viewer):
        return found
    for passage_id, path in codes_for_document(store, document_id, viewer=viewer):
        found.setdefault(passage_id, []).append(CodeMark(passage_id, path))
    return found


def find_footnote(store, document_id: int, number: int) -> int | None:
    from workbench.core.documents import find_passage_by_footnote

    return find_passage_by_footnote(store, document_id, number)


def search(store, query: str, limit: int = 30) -> list[Any]:
    from workbench.core.search import search_passages

    return list(search_passages(store, query, limit=limit))


# -- codebook, cases and counts --------------------------------------------


def load_codebook(store, case_set: str | None = None, *, viewer: str | None = None) -> CodebookData:
    """The codes, the case sets they count (the first code's set is the default), and the counts."""
    from workbench.core.cases import get_case_set
    from workbench.core.codebooks import list_codes

    with store.reading() as conn:
        codes = list(list_codes(conn))
        names = list(dict.fromkeys(getattr(c, "case_set", None) or "regioner" for c in codes)) or ["regioner"]
        sets = {name: get_case_set(conn, name) for name in names}
        if case_set and case_set not in sets:
            sets[case_set] = get_case_set(conn, case_set)
        default = sets[case_set or names[0]]
    blind = is_blind(store)
    cells = [] if blind and not viewer else coding_cells(store, viewer=viewer, case_sets=names)
    return CodebookData(codes, default, cells, blind, sets)


def coding_cells(store, *, viewer: str | None = None, case_sets: list[str] | None = None) -> list[tuple[str, str, int]]:
    """(code path, case, n): n codings of that code (not its subcodes) name that case, for the live counts.

    The non-empty cells of the core's exact code × case matrix, one matrix
    per case set the codes count (a matrix's rows are the codes of its case
    set). Kept as counts: expanding them into one pair per coding built
    400k tuples at 200k codings for nothing.
    """
    from workbench.core.query import matrix

    cells: list[tuple[str, str, int]] = []
    for name in case_sets or [None]:
        result = matrix(store, exact=True, viewer=viewer, case_set=name)
        for code_path, row in zip(result.codes, result.cells):
            cells.extend((code_path, case, int(n)) for case, n in zip(result.cases, row) if n)
    return cells


def code_resolver(codes: list[Any]):
    from workbench.core.codebooks import CodeResolver

    return CodeResolver(codes)


def query_code(store, path: str, *, viewer: str | None = None):
    """The code's cases, phrase and footnote, with the evidence passages."""
    from workbench.core.query import cases_for

    return cases_for(store, path, evidence=True, viewer=viewer)


def counted_claim(case_set, path: str, cases):
    """The claim ``query_code`` would read, phrased from the live counts' cases for ``path``
    (a read after each save was ~2 ms of its CPU; the counts are tested equal to the query)."""
    from workbench.core.query import phrase_counted

    return phrase_counted(case_set, path, cases)


def cell_evidence(store, path: str, case: str, *, viewer: str | None = None):
    from workbench.core.query import evidence_for

    return evidence_for(store, path, case, viewer=viewer)


def code_matrix(store, subtree: str | None = None, *, viewer: str | None = None):
    from workbench.core.query import matrix

    return matrix(store, subtree=subtree, viewer=viewer)


# -- coding writes ---------------------------------------------------------


@dataclass(frozen=True)
class Written:
    """A coding write (``before`` and ``after`` are CodingViews, None where there is none) and
    the touched passages' side panels read back in its transaction, to show in one frame."""

    before: Any
    after: Any
    details: tuple[PassageDetail, ...]
    reverted_action: str = ""  # undo and redo: the action they reverted


def _write(store, job, known: PassageDetail | None, viewer: str | None) -> Written:
    """Run ``job(writer) -> (before, after, reverted action)`` in one transaction and read the
    touched passages back. A passage the side panel shows (``known``) takes only its codings
    again: a write never changes its text, footnotes or suggested regions (most of a full
    read, ~2.5 ms a save), and its codings come from the write's own transaction (~0.4 ms)."""
    from dataclasses import replace

    from workbench.core.agreement.blind import is_blind as blind
    from workbench.core.coding import CodingWriter

    recoded: dict[int, PassageDetail] = {}
    with store.transaction() as conn:
        writer = CodingWriter(conn)
        before, after, reverted = job(writer)
        touched = sorted({c.passage_id for c in (before, after) if c is not None})
        if known is not None and known.passage.id in touched:
            hidden = not viewer and blind(conn)  # (see _unnamed_in_blind)
            codings = [] if hidden else writer.passage_codings(known.passage.id, viewer=viewer)
            recoded[known.passage.id] = PassageDetail(replace(known.passage, codings=tuple(codings)), codings, known.suggestions)
    details = tuple(recoded.get(pid) or passage_detail(store, pid, viewer=viewer) for pid in touched)
    return Written(before, after, details, reverted)


def add_coding(store, *, passage_id: int, code: str, coder: str, cases: list[str], memo: str = "",
               span: tuple[int, int] | None = None, known: PassageDetail | None = None, viewer: str | None = None) -> Written:
    """``span``: (start, end) character offsets into the passage text, None for the whole passage."""
    return _write(store, lambda w: (None, w.add(passage_id=passage_id, code=code, coder=coder, cases=cases, memo=memo, span=span), ""),
                  known, viewer)


def update_coding(store, coding_id: int, *, coder: str, cases: list[str] | None = None, memo: str | None = None,
                  known: PassageDetail | None = None, viewer: str | None = None) -> Written:
    return _write(store, lambda w: (w.get(coding_id), w.update(coding_id, coder=coder, cases=cases, memo=memo), ""), known, viewer)


def remove_coding(store, coding_id: int, *, coder: str, known: PassageDetail | None = None, viewer: str | None = None) -> Written:
    return _write(store, lambda w: (w.remove(coding_id, coder=coder), None, ""), known, viewer)


def undo(store, coder: str, *, known: PassageDetail | None = None, viewer: str | None = None) -> Written:
    def job(writer):
        change = writer.undo(coder)
        return change.before, change.after, change.reverted_action

    return _write(store, job, known, viewer)


def redo(store, coder: str, *, known: PassageDetail | None = None, viewer: str | None = None) -> Written:
    def job(writer):
        change = writer.redo(coder)
        return change.before, change.after, change.reverted_action

    return _write(store, job, known, viewer)
