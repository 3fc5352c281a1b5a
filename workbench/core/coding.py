"""Coding: a coder ties a passage (or a span of it) to a code and the cases it concerns.

Why it is built this way:

* Every write is one transaction that also keeps ``code_case_count`` exact,
  so the query layer reads a few thousand counter rows instead of grouping a
  million codings; and writes one ``audit`` row (coder, time, the coding
  before and after as JSON). Nothing deletes audit rows.
* A coding belongs to its coder: only that coder edits or removes it, so each
  coder's undo/redo history never collides with another's.
* Undo reverts the coder's latest change that is not yet undone and marks it
  ``undone``; redo re-applies the most recently undone change, but only while
  the coder has made no new change since (a new change clears the redo
  stack, as in an editor). Undo and redo are audit rows too (``reverts_id``).
* Cases are the coder's choice. ``suggestions_for`` offers the names found in
  the passage and its footnotes; they are never applied by themselves. A
  document that belongs to one case (a region's own report) supplies that
  case when ``cases`` is None.
* Case names are resolved strictly: exact names and aliases are accepted,
  a typo is refused with a did-you-mean (a silent fuzzy fix could turn
  Västerbotten into Västernorrland in the data).
* Coding ids are never reused (a new id is above every id the audit trail
  has seen), so an audit row's ``coding_id`` names one coding for ever.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Iterable, Sequence

from sqlalchemy import text
from sqlalchemy.engine import Connection

from .driver import Statement, in_list, statement
from .errors import InvalidInput, NotFound, WorkbenchError

__all__ = [
    "CodingView",
    "Change",
    "CaseSuggestion",
    "Suggestions",
    "CodingWriter",
    "get_or_create_coder",
    "resolve_code",
    "resolve_cases",
    "add_coding",
    "update_coding",
    "remove_coding",
    "undo",
    "redo",
    "get_coding",
    "codings_for_passage",
    "codings_by_passage",
    "visible_coders",
    "check_reviewer",
    "BLIND_REFUSAL",
    "codings_for_document",
    "suggestions_for",
    "UNCHANGED",
    "AuditEntry",
    "history",
]

PRIMARY_ACTIONS = ("add", "update", "remove")

# The add path's statements, built once and run on the driver (adding a coding is a hot path:
# < 5 ms at 1M codings, and every save of the TUI; see driver.py).
_LAST_IDS = ("(SELECT MAX(id) FROM coding), "
             "(SELECT coding_id FROM audit WHERE action = 'add' ORDER BY id DESC LIMIT 1)")
_PASSAGE_SQL = Statement(
    "SELECT p.document_id, length(p.text), d.case_id, " + _LAST_IDS +
    " FROM passage p JOIN document d ON d.id = p.document_id WHERE p.id = :i"
)
_CODE_BY_PATH_SQL = Statement("SELECT id, path, case_set FROM code WHERE path = :p")
_CODER_SQL = Statement("SELECT id FROM coder WHERE name = :n")
_CASES_OF_SET_SQL = Statement(
    "SELECT ci.id, ci.name FROM case_item ci JOIN case_set cs ON cs.id = ci.case_set_id WHERE cs.name = :s"
)
_INSERT_CODING_SQL = Statement(
    "INSERT INTO coding (id, passage_id, code_id, coder_id, span_start, span_end, memo, created_at, updated_at)"
    " VALUES (:id, :p, :k, :c, :s, :e, :m, :ca, :ua)"
)
_INSERT_CODING_CASE_SQL = Statement("INSERT INTO coding_case (coding_id, case_id) VALUES (:i, :x)")
_COUNT_UP_SQL = Statement(
    "INSERT INTO code_case_count (code_id, coder_id, case_id, n) VALUES (:k, :c, :x, :d)"
    " ON CONFLICT (code_id, coder_id, case_id) DO UPDATE SET n = code_case_count.n + excluded.n"
)
_AUDIT_SQL = Statement(
    "INSERT INTO audit (at, coder_id, action, coding_id, before_json, after_json, undone, reverts_id)"
    " VALUES (:at, :c, :a, :i, :b, :f, 0, :r) RETURNING id"
)
# Update, remove, undo and redo (saves too).
_SNAPSHOT_SQL = Statement(
    "SELECT c.id, c.passage_id, c.code_id, k.path, c.coder_id, r.name, c.memo, c.span_start, c.span_end,"
    " c.created_at, c.updated_at, p.document_id"
    " FROM coding c JOIN code k ON k.id = c.code_id JOIN coder r ON r.id = c.coder_id"
    " JOIN passage p ON p.id = c.passage_id WHERE c.id = :i"
)
_SNAPSHOT_CASES_SQL = Statement(
    "SELECT ci.id, ci.name FROM coding_case cc JOIN case_item ci ON ci.id = cc.case_id WHERE cc.coding_id = :i"
)
_COUNT_DOWN_SQL = Statement("UPDATE code_case_count SET n = n + :d WHERE code_id = :k AND coder_id = :c AND case_id = :x")
_COUNT_GONE_SQL = Statement("DELETE FROM code_case_count WHERE code_id = :k AND coder_id = :c AND case_id = :x AND n <= 0")
_DELETE_CODING_CASES_SQL = Statement("DELETE FROM coding_case WHERE coding_id = :i")
_DELETE_CODING_SQL = Statement("DELETE FROM coding WHERE id = :i")
_LAST_CHANGE_SQL = Statement(
    "SELECT id, action, coding_id, before_json, after_json FROM audit"
    " WHERE coder_id = :c AND action IN ('add', 'update', 'remove') AND undone = 0 ORDER BY id DESC LIMIT 1"
)
_LAST_UNDONE_SQL = Statement(
    "SELECT p.id, p.action, p.coding_id, p.after_json FROM audit u JOIN audit p ON p.id = u.reverts_id"
    " WHERE u.coder_id = :c AND u.action = 'undo' AND p.undone = 1"
    " AND u.id > (SELECT COALESCE(MAX(id), 0) FROM audit WHERE coder_id = :c AND action IN ('add', 'update', 'remove'))"
    " ORDER BY u.id DESC LIMIT 1"
)
_MARK_UNDONE_SQL = Statement("UPDATE audit SET undone = :u WHERE id = :i")


class _Unchanged:
    def __repr__(self) -> str:  # pragma: no cover - cosmetic
        return "UNCHANGED"


UNCHANGED = _Unchanged()
"""Marker for ``update_coding(span=...)``: keep the span (None means "the whole passage")."""


@dataclass(frozen=True)
class CodingView:
    id: int
    passage_id: int
    code_path: str
    coder: str
    cases: tuple[str, ...]  # Swedish order
    memo: str
    span: tuple[int, int] | None
    code_id: int
    document_id: int
    created_at: str
    updated_at: str


@dataclass(frozen=True)
class Change:
    """What an undo or redo did: the audit row it wrote and the coding before and after."""

    audit_id: int
    action: str  # "undo" or "redo"
    reverted_action: str  # the action undone or redone: "add", "update" or "remove"
    coding_id: int
    before: CodingView | None
    after: CodingView | None


@dataclass(frozen=True)
class CaseSuggestion:
    case: str
    footnote_number: int | None  # None: named in the passage text itself
    matched_text: str


@dataclass(frozen=True)
class Suggestions:
    """Cases a coder may want for a passage; offered, never applied."""

    cases: tuple[str, ...]  # distinct, Swedish order
    document_case: str | None  # the case the whole document belongs to, if any
    sources: tuple[CaseSuggestion, ...]


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="microseconds")


def _sort_swedish(names: Iterable[str]) -> list[str]:
    from .phrasing import sorted_names

    return sorted_names(names)


# -- lookups ---------------------------------------------------------------


def get_or_create_coder(conn: Connection, name: str, role: str = "coder") -> int:
    """The coder's id; a new name creates the coder (coders are people, not configuration)."""
    name = (name or "").strip()
    if not name:
        raise InvalidInput("a coder name is required - pass --coder NAME")
    row = _CODER_SQL.first(conn, {"n": name})
    if row:
        return int(row[0])
    if role not in ("coder", "reviewer", "consensus"):
        raise InvalidInput(f"unknown coder role {role!r} - use coder, reviewer or consensus")
    conn.execute(text("INSERT INTO coder (name, role) VALUES (:n, :r)"), {"n": name, "r": role})
    return int(conn.execute(text("SELECT id FROM coder WHERE name = :n"), {"n": name}).scalar_one())


def resolve_code(conn: Connection, code: str | int) -> tuple[int, str]:
    """(id, path) of a code given by id or path; an unknown path gets a did-you-mean."""
    code_id, path, _case_set = _resolve_code(conn, code)
    return code_id, path


def _resolve_code(conn: Connection, code: str | int) -> tuple[int, str, str | None]:
    """``resolve_code`` and, when the lookup read it anyway, the case set the code counts."""
    if isinstance(code, int):
        row = conn.execute(text("SELECT id, path FROM code WHERE id = :i"), {"i": code}).first()
        if not row:
            raise NotFound(f"unknown code id {code} - run 'workbench codebook list' to see the codes")
        return int(row[0]), row[1], None
    path = " ".join(str(code).split()).strip().strip("/")
    path = "/".join(part.strip() for part in path.split("/"))
    rows = _CODE_BY_PATH_SQL.rows(conn, {"p": path})
    if len(rows) == 1:
        return int(rows[0][0]), rows[0][1], rows[0][2]
    if not rows and path.isdigit():  # a code id typed on the command line
        row = conn.execute(text("SELECT id, path FROM code WHERE id = :i"), {"i": int(path)}).first()
        if row:
            return int(row[0]), row[1], None
    if len(rows) > 1:
        raise InvalidInput(f"code path {path!r} is in {len(rows)} codebooks - give the code id instead")
    from .codebooks import CodeResolver, list_codes

    node = CodeResolver(list_codes(conn)).resolve(path)
    return int(node.id), node.path, None


class _CaseTable:
    """One case set's names and aliases, loaded once per writer or query."""

    def __init__(self, conn: Connection, case_set: str):
        row = conn.execute(text("SELECT id FROM case_set WHERE name = :n"), {"n": case_set}).first()
        if not row:
            known = [r[0] for r in conn.execute(text("SELECT name FROM case_set ORDER BY name")).all()]
            raise NotFound(f"unknown case set {case_set!r}" + (f" - known: {', '.join(known)}" if known else " - no case sets installed"))
        self.conn = conn
        self.case_set = case_set
        self.case_set_id = int(row[0])
        self._resolver = None
        self.by_name: dict[str, int] = {}
        self.names: dict[int, str] = {}
        for cid, name in conn.execute(text("SELECT id, name FROM case_item WHERE case_set_id = :s"), {"s": self.case_set_id}):
            self.by_name[name.casefold()] = int(cid)
            self.names[int(cid)] = name
        for cid, alias in conn.execute(
            text("SELECT a.case_id, a.alias FROM case_alias a JOIN case_item c ON c.id = a.case_id WHERE c.case_set_id = :s"),
            {"s": self.case_set_id},
        ):
            self.by_name.setdefault(alias.casefold(), int(cid))

    def resolve(self, name: str) -> int:
        key = " ".join(name.split()).casefold()
        if key in self.by_name:
            return self.by_name[key]
        from .cases import resolver_for

        if self._resolver is None:
            self._resolver = resolver_for(self.conn, self.case_set)
        # Never a silent fuzzy fix: a typo is refused with a did-you-mean.
        case = self._resolver.resolve(name, allow_fuzzy=False).case
        return int(case.id) if case.id is not None else self.by_name[case.name.casefold()]


def resolve_cases(conn: Connection, names: Iterable[str], case_set: str = "regioner") -> list[int]:
    """Ids of the named cases (exact name or alias; a typo is refused with a did-you-mean)."""
    table = _CaseTable(conn, case_set)
    return list(dict.fromkeys(table.resolve(n) for n in names))


# -- snapshots -------------------------------------------------------------


def _snapshot(conn: Connection, coding_id: int) -> dict | None:
    row = _SNAPSHOT_SQL.first(conn, {"i": coding_id})
    if not row:
        return None
    cases = _SNAPSHOT_CASES_SQL.rows(conn, {"i": coding_id})
    names = {int(i): n for i, n in cases}
    ordered = _sort_swedish(names.values())
    by_name = {n: i for i, n in names.items()}
    return {
        "id": int(row[0]),
        "passage_id": int(row[1]),
        "code_id": int(row[2]),
        "code_path": row[3],
        "coder_id": int(row[4]),
        "coder": row[5],
        "memo": row[6],
        "span": [row[7], row[8]] if row[7] is not None else None,
        "created_at": row[9],
        "updated_at": row[10],
        "document_id": int(row[11]),
        "case_ids": [by_name[n] for n in ordered],
        "cases": ordered,
    }


def _view(snap: dict | None) -> CodingView | None:
    if snap is None:
        return None
    span = tuple(snap["span"]) if snap["span"] is not None else None
    return CodingView(
        id=snap["id"],
        passage_id=snap["passage_id"],
        code_path=snap["code_path"],
        coder=snap["coder"],
        cases=tuple(snap["cases"]),
        memo=snap["memo"],
        span=span,  # type: ignore[arg-type]
        code_id=snap["code_id"],
        document_id=snap["document_id"],
        created_at=snap["created_at"],
        updated_at=snap["updated_at"],
    )


# -- the writer ------------------------------------------------------------


class CodingWriter:
    """Coding writes inside one open transaction (many codings, one commit: imports, the demo).

    ``add_coding`` and friends each open a transaction and use one of these.
    Cases are named in the case set the code counts (the codebook says which);
    a writer given a ``case_set`` refuses codes that count another.
    """

    def __init__(self, conn: Connection, *, case_set: str | None = None):
        self.conn = conn
        self.case_set = case_set
        self._cases: dict[str, _CaseTable] = {}
        self._codes: dict[str | int, tuple[int, str]] = {}
        self._code_case_sets: dict[int, str] = {}
        self._coders: dict[str, int] = {}
        self._case_names: dict[int, str] = {}
        self._exact: dict[str, dict[str, int]] = {}  # case set -> its exact names (no aliases)

    # lookups with caches
    def cases(self, case_set: str | None = None) -> _CaseTable:
        name = case_set or self.case_set or "regioner"
        if name not in self._cases:
            self._cases[name] = _CaseTable(self.conn, name)
        return self._cases[name]

    def code(self, code: str | int) -> tuple[int, str]:
        if code not in self._codes:
            code_id, path, case_set = _resolve_code(self.conn, code)
            self._codes[code] = code_id, path
            if case_set is not None:  # (read with the code: no second query for it)
                self._code_case_sets.setdefault(code_id, case_set or "regioner")
        return self._codes[code]

    def case_set_of(self, code_id: int, code_path: str) -> str:
        """The case set the code counts; a writer fixed to another case set refuses the code."""
        if code_id not in self._code_case_sets:
            row = self.conn.execute(text("SELECT case_set FROM code WHERE id = :i"), {"i": code_id}).first()
            self._code_case_sets[code_id] = row[0] if row and row[0] else "regioner"
        own = self._code_case_sets[code_id]
        if self.case_set is not None and own != self.case_set:
            raise InvalidInput(f"code '{code_path}' counts {own}, not {self.case_set} - name {own} as its cases")
        return own

    def coder(self, name: str) -> int:
        if name not in self._coders:
            self._coders[name] = get_or_create_coder(self.conn, name)
        return self._coders[name]

    def _passage(self, passage_id: int) -> tuple[int, int, int | None, int]:
        """(document id, text length, the document's own case, the next coding id) in one round trip.

        The next id is read afresh every time (never cached): several writers
        may share one transaction.
        """
        row = _PASSAGE_SQL.first(self.conn, {"i": passage_id})
        if not row:
            raise NotFound(f"unknown passage {passage_id} - run 'workbench passages DOCUMENT' to see passage ids")
        return int(row[0]), int(row[1]), row[2], max(int(row[3] or 0), int(row[4] or 0)) + 1

    @staticmethod
    def _check_span(span, length: int, passage_id: int) -> tuple[int, int] | None:
        if span is None:
            return None
        try:
            start, end = (int(span[0]), int(span[1]))
        except (TypeError, ValueError, IndexError):
            raise InvalidInput(f"span {span!r} is not START:END - give two character offsets") from None
        if not (0 <= start < end <= length):
            raise InvalidInput(
                f"span {start}:{end} is outside passage {passage_id} (0:{length}) - give START < END within the passage"
            )
        return start, end

    def _bump(self, code_id: int, coder_id: int, case_ids: Iterable[int], delta: int) -> None:
        rows = [{"k": code_id, "c": coder_id, "x": cid, "d": delta} for cid in case_ids]
        if not rows:
            return
        if delta > 0:
            _COUNT_UP_SQL.run_many(self.conn, rows)
        else:
            _COUNT_DOWN_SQL.run_many(self.conn, rows)
            _COUNT_GONE_SQL.run_many(self.conn, rows)

    def _audit(self, coder_id: int, action: str, coding_id: int, before: dict | None, after: dict | None, reverts: int | None = None) -> int:
        row = _AUDIT_SQL.first(
            self.conn,
            {
                "at": _now(),
                "c": coder_id,
                "a": action,
                "i": coding_id,
                "b": json.dumps(before, ensure_ascii=False) if before is not None else None,
                "f": json.dumps(after, ensure_ascii=False) if after is not None else None,
                "r": reverts,
            },
        )
        return int(row[0])  # type: ignore[index] - RETURNING gives the row

    def _default_cases(self, cases, doc_case_id, case_set: str) -> list[int]:
        if cases is None:
            return [int(doc_case_id)] if doc_case_id is not None else []
        if isinstance(cases, str):
            cases = [c for c in (p.strip() for p in cases.split(",")) if c]
        cases = [" ".join(c.split()) for c in cases]
        if not cases:
            return []
        if case_set not in self._cases:
            # Exact names need no alias table: the set's names alone (21 regions, 290 municipalities).
            exact = self._exact.get(case_set)
            if exact is None:
                exact = self._exact[case_set] = {n: int(i) for i, n in _CASES_OF_SET_SQL.rows(self.conn, {"s": case_set})}
                self._case_names.update({i: n for n, i in exact.items()})
            if all(c in exact for c in cases):
                return list(dict.fromkeys(exact[c] for c in cases))
        table = self.cases(case_set)
        return list(dict.fromkeys(table.resolve(c) for c in cases))

    def _insert(self, state: dict) -> None:
        _INSERT_CODING_SQL.run(
            self.conn,
            {
                "id": state["id"],
                "p": state["passage_id"],
                "k": state["code_id"],
                "c": state["coder_id"],
                "s": state["span"][0] if state["span"] else None,
                "e": state["span"][1] if state["span"] else None,
                "m": state["memo"],
                "ca": state["created_at"],
                "ua": state["updated_at"],
            },
        )
        if state["case_ids"]:
            _INSERT_CODING_CASE_SQL.run_many(
                self.conn,
                [{"i": state["id"], "x": cid} for cid in state["case_ids"]],
            )
        self._bump(state["code_id"], state["coder_id"], state["case_ids"], +1)

    def _delete(self, state: dict) -> None:
        self._bump(state["code_id"], state["coder_id"], state["case_ids"], -1)
        _DELETE_CODING_CASES_SQL.run(self.conn, {"i": state["id"]})
        _DELETE_CODING_SQL.run(self.conn, {"i": state["id"]})

    def _owned(self, coding_id: int, coder: str) -> tuple[dict, int]:
        current = _snapshot(self.conn, coding_id)
        if current is None:
            raise NotFound(f"unknown coding {coding_id} - run 'workbench codings export' to list codings")
        coder_id = self.coder(coder)
        if current["coder_id"] != coder_id:
            raise InvalidInput(
                f"coding {coding_id} belongs to coder {current['coder']!r}, not {coder!r} - only its coder can change it"
            )
        return current, coder_id

    # public operations
    def get(self, coding_id: int) -> CodingView:
        """One coding as this transaction sees it."""
        snap = _snapshot(self.conn, int(coding_id))
        if snap is None:
            raise NotFound(f"unknown coding {coding_id} - run 'workbench codings export' to list codings")
        return _view(snap)  # type: ignore[return-value]

    def passage_codings(self, passage_id: int, *, viewer: str | None = None) -> list[CodingView]:
        """A passage's codings the viewer may see, oldest first, as this transaction has them: a
        screen shows what it just wrote without a second connection (~0.4 ms of a coder's save)."""
        where = "c.passage_id = :p" + _visible_clause(self.conn, viewer)
        return _views(self.conn, where, {"p": int(passage_id)})

    def add(self, *, passage_id: int, code: str | int, coder: str, cases=None, memo: str = "", span=None) -> CodingView:
        document_id, length, doc_case, new_id = self._passage(int(passage_id))
        span = self._check_span(span, length, passage_id)
        code_id, code_path = self.code(code)
        case_ids = self._default_cases(cases, doc_case, self.case_set_of(code_id, code_path))
        coder_id = self.coder(coder)
        now = _now()
        names = {cid: self._case_name(cid) for cid in case_ids}
        ordered = _sort_swedish(names.values())
        by_name = {n: i for i, n in names.items()}
        state = {
            "id": new_id,
            "passage_id": int(passage_id),
            "code_id": code_id,
            "code_path": code_path,
            "coder_id": coder_id,
            "coder": coder,
            "memo": memo or "",
            "span": list(span) if span else None,
            "created_at": now,
            "updated_at": now,
            "document_id": document_id,
            "case_ids": [by_name[n] for n in ordered],
            "cases": ordered,
        }
        self._insert(state)
        self._audit(coder_id, "add", state["id"], None, state)
        return _view(state)  # type: ignore[return-value]

    def _case_name(self, case_id: int) -> str:
        if case_id in self._case_names:
            return self._case_names[case_id]
        for table in self._cases.values():
            if case_id in table.names:
                return table.names[case_id]
        row = self.conn.execute(text("SELECT name FROM case_item WHERE id = :i"), {"i": case_id}).first()
        if not row:
            raise NotFound(f"unknown case id {case_id}")
        return row[0]

    def update(self, coding_id: int, *, coder: str, cases=None, memo: str | None = None, code: str | int | None = None, span=UNCHANGED) -> CodingView:
        before, coder_id = self._owned(int(coding_id), coder)
        after = dict(before)
        if code is not None:
            after["code_id"], after["code_path"] = self.code(code)
        if span is not UNCHANGED:
            _doc, length, _case, _next = self._passage(before["passage_id"])
            checked = self._check_span(span, length, before["passage_id"])
            after["span"] = list(checked) if checked else None
        if memo is not None:
            after["memo"] = memo
        if cases is not None:
            ids = self._default_cases(cases, None, self.case_set_of(after["code_id"], after["code_path"]))
            names = {cid: self._case_name(cid) for cid in ids}
            ordered = _sort_swedish(names.values())
            by_name = {n: i for i, n in names.items()}
            after["cases"] = ordered
            after["case_ids"] = [by_name[n] for n in ordered]
        if {k: v for k, v in after.items() if k != "updated_at"} == {k: v for k, v in before.items() if k != "updated_at"}:
            return _view(before)  # type: ignore[return-value] - nothing changed, nothing recorded
        after["updated_at"] = _now()
        self._delete(before)
        self._insert(after)
        self._audit(coder_id, "update", before["id"], before, after)
        return _view(after)  # type: ignore[return-value]

    def remove(self, coding_id: int, *, coder: str) -> CodingView:
        before, coder_id = self._owned(int(coding_id), coder)
        self._delete(before)
        self._audit(coder_id, "remove", before["id"], before, None)
        return _view(before)  # type: ignore[return-value]

    def _restore(self, coding_id: int, target: dict | None, verb: str) -> dict | None:
        current = _snapshot(self.conn, coding_id)
        if target is not None:
            for table, key, what in (("passage", "passage_id", "passage"), ("code", "code_id", "code")):
                if not self.conn.execute(text(f"SELECT 1 FROM {table} WHERE id = :i"), {"i": target[key]}).first():
                    raise WorkbenchError(
                        f"cannot {verb} coding {coding_id}: its {what} {target[key]} no longer exists"
                    )
        if current is not None:
            self._delete(current)
        if target is not None:
            self._insert(target)
        return current

    def undo(self, coder: str) -> Change:
        coder_id = self.coder(coder)
        row = _LAST_CHANGE_SQL.first(self.conn, {"c": coder_id})
        if not row:
            raise WorkbenchError(f"nothing to undo for coder {coder!r}")
        target = json.loads(row[3]) if row[3] else None
        current = self._restore(int(row[2]), target, "undo")
        _MARK_UNDONE_SQL.run(self.conn, {"i": row[0], "u": 1})
        audit_id = self._audit(coder_id, "undo", int(row[2]), current, target, reverts=int(row[0]))
        return Change(audit_id, "undo", row[1], int(row[2]), _view(current), _view(target))

    def redo(self, coder: str) -> Change:
        coder_id = self.coder(coder)
        row = _LAST_UNDONE_SQL.first(self.conn, {"c": coder_id})
        if not row:
            raise WorkbenchError(f"nothing to redo for coder {coder!r}")
        target = json.loads(row[3]) if row[3] else None
        current = self._restore(int(row[2]), target, "redo")
        _MARK_UNDONE_SQL.run(self.conn, {"i": row[0], "u": 0})
        audit_id = self._audit(coder_id, "redo", int(row[2]), current, target, reverts=int(row[0]))
        return Change(audit_id, "redo", row[1], int(row[2]), _view(current), _view(target))


# -- one-transaction conveniences ------------------------------------------


def add_coding(store, *, passage_id: int, code: str | int, coder: str, cases: Sequence[str] | str | None = None,
               memo: str = "", span: tuple[int, int] | None = None, case_set: str | None = None) -> CodingView:
    """Code a passage (or ``span`` = (start, end) character offsets inside it); one transaction."""
    with store.transaction() as conn:
        return CodingWriter(conn, case_set=case_set).add(passage_id=passage_id, code=code, coder=coder, cases=cases, memo=memo, span=span)


def update_coding(store, coding_id: int, *, coder: str, cases: Sequence[str] | str | None = None, memo: str | None = None,
                  code: str | int | None = None, span=UNCHANGED, case_set: str | None = None) -> CodingView:
    """Change a coding's cases, memo, code or span (None arguments keep the old value; span=None = whole passage)."""
    with store.transaction() as conn:
        return CodingWriter(conn, case_set=case_set).update(coding_id, coder=coder, cases=cases, memo=memo, code=code, span=span)


def remove_coding(store, coding_id: int, *, coder: str) -> CodingView:
    """Remove a coding (its audit row keeps it, so undo brings it back)."""
    with store.transaction() as conn:
        return CodingWriter(conn).remove(coding_id, coder=coder)


def undo(store, coder: str) -> Change:
    with store.transaction() as conn:
        return CodingWriter(conn).undo(coder)


def redo(store, coder: str) -> Change:
    with store.transaction() as conn:
        return CodingWriter(conn).redo(coder)


# -- reading ---------------------------------------------------------------


def get_coding(store, coding_id: int) -> CodingView:
    with store.reading() as conn:
        snap = _snapshot(conn, int(coding_id))
    if snap is None:
        raise NotFound(f"unknown coding {coding_id}")
    return _view(snap)  # type: ignore[return-value]


def _views(conn: Connection, where: str, params: dict) -> list[CodingView]:
    """Codings matching ``where`` (over coding c, passage p, coder r) with their cases, in two queries."""
    joins = " FROM coding c JOIN passage p ON p.id = c.passage_id JOIN coder r ON r.id = c.coder_id"
    rows = statement(
        "SELECT c.id, c.passage_id, k.path, r.name, c.memo, c.span_start, c.span_end, c.code_id, p.document_id,"
        " c.created_at, c.updated_at" + joins + " JOIN code k ON k.id = c.code_id WHERE " + where +
        " ORDER BY p.document_id, p.seq, c.id"
    ).rows(conn, params)
    cases: dict[int, list[str]] = {}
    for cid, name in statement(
        "SELECT cc.coding_id, ci.name" + joins + " JOIN coding_case cc ON cc.coding_id = c.id"
        " JOIN case_item ci ON ci.id = cc.case_id WHERE " + where
    ).rows(conn, params):
        cases.setdefault(int(cid), []).append(name)
    return [
        CodingView(int(i), int(pid), path, coder, tuple(_sort_swedish(cases.get(int(i), ()))), memo,
                   (int(s0), int(s1)) if s0 is not None else None, int(code_id), int(doc), created, updated)
        for i, pid, path, coder, memo, s0, s1, code_id, doc, created, updated in rows
    ]


BLIND_REFUSAL = "the project is blind - name yourself with --coder NAME, or a reviewer with --reviewer NAME"


def visible_coders(conn: Connection, viewer: str | None) -> set[int] | None:
    """Whose codings ``viewer`` may see: None for everyone's, else a set of coder ids.

    Every view of codings asks this, so blind mode cannot leak through one
    view that forgot it. Blind with nobody named is refused: an anonymous
    view would show everyone's codings to whoever is at the keyboard.
    """
    from .agreement.blind import is_blind, visible_coder_ids

    if not is_blind(conn):
        return None
    if not viewer or not viewer.strip():
        raise WorkbenchError(BLIND_REFUSAL)
    return visible_coder_ids(conn, viewer)


def check_reviewer(store, name: str) -> None:
    """In blind mode ``--reviewer NAME`` must name a reviewer (a coder claiming it would see only their own)."""
    from .agreement.adjudication import require_reviewer
    from .agreement.blind import is_blind

    with store.reading() as conn:
        if is_blind(conn):
            require_reviewer(conn, name)


def _visible_clause(conn: Connection, viewer: str | None, column: str = "c.coder_id") -> str:
    """SQL narrowing ``column`` to the viewer's visible coders ('' when all are visible); ids are ints."""
    ids = visible_coders(conn, viewer)
    if ids is None:
        return ""
    if not ids:
        return " AND 1 = 0"  # (a bare 0 is no boolean to PostgreSQL)
    return f" AND {column} IN ({', '.join(str(int(i)) for i in sorted(ids))})"


def codings_for_passage(store, passage_id: int, coder: str | None = None, *, viewer: str | None = None) -> list[CodingView]:
    """A passage's codings (one coder's, or everyone's the viewer may see), oldest first.

    ``viewer`` (who is looking; defaults to ``coder``) matters only in blind mode.
    """
    where, params = "c.passage_id = :p", {"p": int(passage_id)}
    if coder is not None:
        where, params = where + " AND r.name = :n", dict(params, n=coder)
    with store.reading() as conn:
        where += _visible_clause(conn, viewer or coder)
        return _views(conn, where, params)


def codings_by_passage(conn: Connection, passage_ids: list[int], *, viewer: str | None = None) -> dict[int, list[CodingView]]:
    """The codings ``viewer`` may see on each of many passages, by passage id, oldest first, inside a
    read already open (``get_passages``: a passage's side panel is one read)."""
    ids = sorted({int(i) for i in passage_ids})
    found: dict[int, list[CodingView]] = {}
    visible = _visible_clause(conn, viewer)
    for start in range(0, len(ids), 500):
        marks, params = in_list("p", ids[start:start + 500])
        for view in _views(conn, "c.passage_id IN " + marks + visible, params):
            found.setdefault(view.passage_id, []).append(view)
    return found


def codings_for_document(store, document_id: int, coder: str | None = None, *, viewer: str | None = None) -> list[CodingView]:
    """Every coding of a document's passages, in passage order: one call for a reader's whole document.

    ``viewer`` (who is looking; defaults to ``coder``) matters only in blind mode.
    """
    where, params = "p.document_id = :d", {"d": int(document_id)}
    if coder is not None:
        where, params = where + " AND r.name = :n", dict(params, n=coder)
    with store.reading() as conn:
        where += _visible_clause(conn, viewer or coder)
        return _views(conn, where, params)


def codes_for_document(store, document_id: int, *, viewer: str | None = None) -> list[tuple[int, str]]:
    """(passage id, code path) of every coded passage of a document, distinct, in passage order.

    What a reader's colour marks need, in one query: ``codings_for_document``
    builds every coding whole (cases, memo, times), which at 100k passages
    took seconds.
    """
    with store.reading() as conn:
        where = "p.document_id = :d" + _visible_clause(conn, viewer)
        rows = conn.execute(text(
            "SELECT DISTINCT c.passage_id, k.path, p.seq FROM coding c JOIN passage p ON p.id = c.passage_id"
            " JOIN code k ON k.id = c.code_id WHERE " + where + " ORDER BY p.seq, k.path"), {"d": int(document_id)}).all()
    return [(int(pid), path) for pid, path, _seq in rows]


def suggestions_for(store, passage_id: int) -> Suggestions:
    """The cases named in the passage and its footnotes, and the document's own case: to offer, not to apply."""
    with store.reading() as conn:
        row = conn.execute(
            text("SELECT ci.name FROM passage p JOIN document d ON d.id = p.document_id"
                 " LEFT JOIN case_item ci ON ci.id = d.case_id WHERE p.id = :i"),
            {"i": passage_id},
        ).first()
        if row is None:
            raise NotFound(f"unknown passage {passage_id} - run 'workbench passages DOCUMENT' to see passage ids")
        found = conn.execute(
            text(
                "SELECT ci.name, f.number, s.matched_text FROM case_suggestion s JOIN case_item ci ON ci.id = s.case_id"
                " LEFT JOIN footnote f ON f.id = s.footnote_id WHERE s.passage_id = :i ORDER BY s.id"
            ),
            {"i": passage_id},
        ).all()
    sources = tuple(CaseSuggestion(n, f, m) for n, f, m in found)
    return Suggestions(tuple(_sort_swedish({s.case for s in sources})), row[0], sources)


@dataclass(frozen=True)
class AuditEntry:
    """One row of the audit trail, summarised for a history view."""

    id: int
    at: str
    coder: str
    action: str  # add, update, remove, undo, redo
    coding_id: int | None
    undone: bool
    reverts_id: int | None
    before: CodingView | None
    after: CodingView | None


_CODING_ACTIONS = ("add", "update", "remove", "undo", "redo")


def _audit_view(action: str, snapshot: str | None) -> CodingView | None:
    """A coding snapshot of an audit row; reviewers' rows (blind, adjudicate, ...) hold other records."""
    if not snapshot or action not in _CODING_ACTIONS:
        return None
    return _view(json.loads(snapshot))


def history(store, coder: str | None = None, *, limit: int = 20, viewer: str | None = None) -> list[AuditEntry]:
    """The latest audit rows (newest first), of one coder or of everyone the viewer may see.

    An audit row holds the coding before and after, so in blind mode it is a
    view of codings like any other: a coder sees only their own rows.
    """
    sql = ("SELECT a.id, a.at, r.name, a.action, a.coding_id, a.undone, a.reverts_id, a.before_json, a.after_json"
           " FROM audit a JOIN coder r ON r.id = a.coder_id WHERE 1 = 1")
    params: dict = {"n": int(limit)}
    if coder is not None:
        sql += " AND r.name = :c"
        params["c"] = coder
    with store.reading() as conn:
        sql += _visible_clause(conn, viewer or coder, "a.coder_id") + " ORDER BY a.id DESC LIMIT :n"
        if coder is not None and not _CODER_SQL.first(conn, {"n": coder}):
            raise NotFound(f"unknown coder {coder!r} - nobody by that name has coded in this project")
        rows = conn.execute(text(sql), params).all()
    return [
        AuditEntry(int(i), at, name, action, cid, bool(undone), rev,
                   _audit_view(action, b), _audit_view(action, f))
        for i, at, name, action, cid, undone, rev, b, f in rows
    ]
