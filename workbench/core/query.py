"""Which cases have a code: boolean queries over code paths, the code x case matrix, evidence.

The query language
------------------
``kompetensförsörjning/validering AND samverkan/kommuner``,
``A OR B``, ``NOT A`` ("cases lacking A"), parentheses; NOT binds tighter
than AND, AND tighter than OR.

* Operators are the capitalised words ``AND``, ``OR``, ``NOT`` (code paths are
  lower-case Swedish words, so a lower-case "and" is part of a path).
* A code path may be written bare: consecutive words form one path, so
  ``internationellt samarbete/östersjöstrategin`` needs no quotes; runs of
  spaces count as one.
* Quote a path ("..." or '...') when it contains a parenthesis, a quote
  character, or one of the words AND, OR, NOT in capitals.
* A path may be abbreviated to a unique leaf name or suffix (the codebook's
  resolver decides); an unknown path gets a did-you-mean.
* Errors name the 1-based character position:
  ``expected a code path at position 35: ...validering AND )``.

What a code means
-----------------
By default a code includes its subtree (a coding of
``kompetensförsörjning/validering/utmaningar`` counts for
``kompetensförsörjning/validering``); ``exact=True`` counts the code itself
only. Codings of all coders count (the people: role 'coder' or 'reviewer',
never the adjudicated consensus set, which is a copy of their codings) unless
``coder`` (a name or a list of names) or ``consensus=True`` (the coders of
role 'consensus', the adjudicated set) narrows them. In blind mode a
``viewer`` must be named and a coder sees only their own codings.

Why it is fast
--------------
Without a document or section filter every answer is read from
``code_case_count`` (kept exact by every coding write) joined to
``code_closure``: a few thousand rows whatever the number of codings. A
document or section filter has to look at the codings themselves.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Sequence

from sqlalchemy import bindparam, text
from sqlalchemy.engine import Connection

from .errors import InvalidInput, NotFound, WorkbenchError
from .numbering import passage_number
from .phrasing import DEFAULT_ALL_BUT_THRESHOLD, Noun, footnote as make_footnote, phrase as make_phrase, sorted_names

__all__ = [
    "Expr",
    "CodeTerm",
    "Not",
    "And",
    "Or",
    "parse_expression",
    "Evidence",
    "QueryResult",
    "Matrix",
    "cases_for",
    "matrix",
    "evidence_for",
    "code_claims",
]

KEYWORDS = ("AND", "OR", "NOT")

_CASE_SET_SQL = text(
    "SELECT id, noun_singular, noun_plural, noun_definite_plural, noun_singular_en, noun_plural_en FROM case_set WHERE name = :n"
)
_CASE_ITEMS_SQL = text("SELECT id, name FROM case_item WHERE case_set_id = :s")


# -- the expression language -----------------------------------------------


@dataclass(frozen=True)
class CodeTerm:
    path: str
    position: int  # 1-based


@dataclass(frozen=True)
class Not:
    operand: "Expr"


@dataclass(frozen=True)
class And:
    left: "Expr"
    right: "Expr"


@dataclass(frozen=True)
class Or:
    left: "Expr"
    right: "Expr"


Expr = CodeTerm | Not | And | Or


@dataclass(frozen=True)
class _Token:
    kind: str  # "path", "AND", "OR", "NOT", "(", ")", "end"
    value: str
    start: int  # 0-based
    end: int


def _context(expr: str, start: int, end: int) -> str:
    lo = max(0, start - 25)
    snippet = expr[lo:end].strip() if end > start else expr[lo:].strip()
    return ("..." if lo > 0 else "") + snippet


def _tokens(expr: str) -> list[_Token]:
    out: list[_Token] = []
    i, n = 0, len(expr)
    words: list[tuple[str, int, int]] = []

    def flush() -> None:
        if words:
            out.append(_Token("path", " ".join(w for w, _, _ in words), words[0][1], words[-1][2]))
            words.clear()

    while i < n:
        ch = expr[i]
        if ch.isspace():
            i += 1
            continue
        if ch in "()":
            flush()
            out.append(_Token(ch, ch, i, i + 1))
            i += 1
            continue
        if ch in "\"'":
            flush()
            close = expr.find(ch, i + 1)
            if close < 0:
                raise InvalidInput(
                    f"unclosed quote at position {i + 1}: {_context(expr, i, n)} - end the code path with {ch}"
                )
            value = " ".join(expr[i + 1:close].split())
            if not value:
                raise InvalidInput(f"empty quoted code path at position {i + 1}: {_context(expr, i, close + 1)}")
            out.append(_Token("path", value, i, close + 1))
            i = close + 1
            continue
        j = i
        while j < n and not expr[j].isspace() and expr[j] not in "()":
            j += 1
        word = expr[i:j]
        if word in KEYWORDS:
            flush()
            out.append(_Token(word, word, i, j))
        else:
            words.append((word, i, j))
        i = j
    flush()
    out.append(_Token("end", "", n, n))
    return out


class _Parser:
    def __init__(self, expr: str):
        self.expr = expr
        self.tokens = _tokens(expr)
        self.i = 0

    def peek(self) -> _Token:
        return self.tokens[self.i]

    def take(self) -> _Token:
        tok = self.tokens[self.i]
        self.i += 1
        return tok

    def fail(self, what: str, tok: _Token) -> WorkbenchError:
        if tok.kind == "end":
            return InvalidInput(
                f"{what} at position {tok.start + 1} (end of the query): {_context(self.expr, tok.start, tok.end)}"
            )
        return InvalidInput(f"{what} at position {tok.start + 1}: {_context(self.expr, tok.start, tok.end)}")

    def parse(self) -> Expr:
        if self.peek().kind == "end":
            raise InvalidInput("empty query - give a code path, e.g. kompetensförsörjning/validering")
        node = self.or_()
        tok = self.peek()
        if tok.kind == ")":
            raise InvalidInput(
                f"unexpected ')' at position {tok.start + 1}: {_context(self.expr, tok.start, tok.end)} - it closes no '('"
            )
        if tok.kind != "end":
            raise self.fail("expected AND, OR or the end of the query", tok)
        return node

    def or_(self) -> Expr:
        node = self.and_()
        while self.peek().kind == "OR":
            self.take()
            node = Or(node, self.and_())
        return node

    def and_(self) -> Expr:
        node = self.not_()
        while self.peek().kind == "AND":
            self.take()
            node = And(node, self.not_())
        return node

    def not_(self) -> Expr:
        if self.peek().kind == "NOT":
            self.take()
            return Not(self.not_())
        return self.atom()

    def atom(self) -> Expr:
        tok = self.take()
        if tok.kind == "path":
            return CodeTerm(tok.value, tok.start + 1)
        if tok.kind == "(":
            node = self.or_()
            close = self.peek()
            if close.kind != ")":
                if close.kind == "end":
                    raise InvalidInput(
                        f"missing ')' for the '(' at position {tok.start + 1}: {_context(self.expr, tok.start, close.end)}"
                    )
                raise self.fail("expected AND, OR or ')'", close)
            self.take()
            return node
        raise self.fail("expected a code path", tok)


def parse_expression(expr: str) -> Expr:
    """Parse a query; a malformed one raises InvalidInput naming the position."""
    return _Parser(expr).parse()


def _terms(node: Expr, positive: bool = True) -> list[tuple[CodeTerm, bool]]:
    if isinstance(node, CodeTerm):
        return [(node, positive)]
    if isinstance(node, Not):
        return _terms(node.operand, not positive)
    return _terms(node.left, positive) + _terms(node.right, positive)


# -- results ---------------------------------------------------------------


@dataclass(frozen=True)
class Evidence:
    """One coded passage behind a case in a result."""

    case: str
    code_path: str
    coder: str
    coding_id: int
    passage_id: int
    document_id: int
    document: str
    page_label: str | None
    section: str | None
    quote: str  # the coded span, or the passage text
    passage: int = 0  # "passage N" of its document, as the reader shows it (seq + 1)


@dataclass(frozen=True)
class QueryResult:
    query: str
    count: int
    total: int
    phrase: str
    cases: tuple[str, ...]  # Swedish order
    footnote: str
    missing: tuple[str, ...]  # the case set's cases not in the result, Swedish order
    case_set: str
    coders: str  # "all", "consensus", or the coder names joined by ", "
    exact: bool
    lang: str
    evidence: tuple[Evidence, ...] = field(default=())


@dataclass(frozen=True)
class Matrix:
    """Codings per code (rows, with their subtree unless exact) and case (columns)."""

    subtree: str | None
    codes: tuple[str, ...]  # code paths, depth first in codebook order
    depths: tuple[int, ...]
    cases: tuple[str, ...]  # the case set's cases, Swedish order
    cells: tuple[tuple[int, ...], ...]  # cells[i][j]: codings of codes[i] for cases[j]
    case_set: str
    exact: bool
    coders: str = "all"  # whose codings: "all", "consensus", or names
    other_codes: int = 0  # codes of the subtree that count another case set (not rows here)

    def row_cases(self, i: int) -> tuple[str, ...]:
        """The distinct cases of row i, Swedish order."""
        return tuple(c for c, n in zip(self.cases, self.cells[i]) if n)


class _Context:
    """Everything one query needs resolved once: the case set, the coder filter, the code ids."""

    def __init__(self, conn: Connection, *, case_set: str, coder, consensus: bool, viewer: str | None = None):
        self.conn = conn
        row = conn.execute(_CASE_SET_SQL, {"n": case_set}).first()
        if not row:
            known = [r[0] for r in conn.execute(text("SELECT name FROM case_set ORDER BY name"))]
            raise NotFound(f"unknown case set {case_set!r}" + (f" - known: {', '.join(known)}" if known else " - no case sets installed"))
        self.case_set = case_set
        self.case_set_id = int(row[0])
        self.noun = Noun(row[1], row[2], row[3], row[4], row[5])
        names = {int(i): n for i, n in conn.execute(_CASE_ITEMS_SQL, {"s": row[0]}).all()}
        self.order = sorted_names(names.values())
        self.case_ids = {n: i for i, n in names.items()}
        self.names = names
        self.coder_ids: list[int] | None = None
        self.coders = "all"
        if coder is not None and consensus:
            raise InvalidInput("give either --coder or --consensus, not both")
        from .coding import visible_coders

        if viewer is None and isinstance(coder, str):
            viewer = coder  # a coder asking for their own codings is the one looking
        visible = visible_coders(conn, viewer)
        coders = {n: (int(i), role) for i, n, role in conn.execute(text("SELECT id, name, role FROM coder"))}
        if consensus:
            if visible is not None:
                raise WorkbenchError("the project is blind - only a reviewer sees the consensus set: pass --reviewer NAME")
            ids = [i for i, role in coders.values() if role == "consensus"]
            if not ids:
                raise NotFound("no consensus coding yet - settle the coders' disagreements first with 'workbench adjudicate'")
            self.coder_ids, self.coders = ids, "consensus"
        elif coder is not None:
            wanted = [coder] if isinstance(coder, str) else list(coder)
            known = {n: i for n, (i, _) in coders.items()}
            ids = []
            for name in wanted:
                if name not in known:
                    from rapidfuzz import process

                    best = process.extractOne(name, list(known)) if known else None
                    hint = f" - did you mean {best[0]}?" if best and best[1] >= 60 else (f" - coders: {', '.join(sorted(known))}" if known else " - nobody has coded yet")
                    raise NotFound(f"unknown coder {name!r}{hint}")
                if visible is not None and known[name] not in visible:
                    raise WorkbenchError(f"the project is blind - {viewer} sees only their own codings, not {name}'s;"
                                         " a reviewer (--reviewer NAME) sees everyone's")
                ids.append(known[name])
            self.coder_ids, self.coders = ids, ", ".join(wanted)
        elif visible is not None:
            self.coder_ids = sorted(visible)
            self.coders = ", ".join(sorted(n for n, (i, _) in coders.items() if i in visible)) or str(viewer)
        elif any(role == "consensus" for _, role in coders.values()):
            # "All coders" are the people who coded; the consensus set is their settled copy, never a voter.
            self.coder_ids = sorted(i for i, role in coders.values() if role != "consensus")
        self.code_ids: dict[str, tuple[int, str]] = {}

    def code(self, path: str) -> tuple[int, str]:
        if path not in self.code_ids:
            self.code_ids[path] = _resolve_term(self.conn, path)
        return self.code_ids[path]

    def coder_clause(self, column: str) -> tuple[str, dict]:
        if self.coder_ids is None:
            return "", {}
        return f" AND {column} IN :coders", {"coders": self.coder_ids}


def _resolve_term(conn: Connection, path: str) -> tuple[int, str]:
    from .coding import resolve_code

    try:
        return resolve_code(conn, path)
    except NotFound as err:
        if any(f" {w} " in f" {path} " for w in ("and", "or", "not")):
            raise NotFound(f"{err} (operators are AND, OR, NOT in capitals)") from None
        raise


def _codebook_case_set(conn: Connection) -> str:
    """The case set the (first) codebook counts by default; regioner in a project without one."""
    row = conn.execute(text("SELECT case_set FROM codebook ORDER BY id LIMIT 1")).first()
    return row[0] if row and row[0] else "regioner"


def _case_sets_of(conn: Connection, code_ids: Sequence[int]) -> list[str]:
    if not code_ids:
        return []
    stmt = text("SELECT DISTINCT case_set FROM code WHERE id IN :ids").bindparams(bindparam("ids", expanding=True))
    return sorted(r[0] for r in conn.execute(stmt, {"ids": list(code_ids)}))


def _pick_case_set(conn: Connection, given: str | None, code_ids: Sequence[int], what: str) -> str:
    """The case set to count: the one given, else the one the codes count (they must agree)."""
    if given:
        return given
    found = _case_sets_of(conn, code_ids)
    if len(found) > 1:
        raise InvalidInput(f"{what} mixes codes that count {' and '.join(found)} - query them separately or pass --case-set")
    return found[0] if found else _codebook_case_set(conn)


def _section_ids(conn: Connection, section_id: int) -> list[int]:
    rows = conn.execute(
        text(
            "WITH RECURSIVE sub(id) AS (SELECT id FROM section WHERE id = :s"
            " UNION ALL SELECT s.id FROM section s JOIN sub ON s.parent_id = sub.id) SELECT id FROM sub"
        ),
        {"s": section_id},
    ).all()
    if not rows:
        raise NotFound(f"unknown section {section_id} - run 'workbench sections DOCUMENT' to see section ids")
    return [int(r[0]) for r in rows]


def _check_document(conn: Connection, document_id: int) -> None:
    if not conn.execute(text("SELECT 1 FROM document WHERE id = :d"), {"d": document_id}).first():
        raise NotFound(f"unknown document {document_id} - run 'workbench documents' to see document ids")


def _code_filter(exact: bool, column: str) -> str:
    if exact:
        return f"{column} = :code"
    return f"{column} IN (SELECT descendant_id FROM code_closure WHERE ancestor_id = :code)"


def _cases_of_code(ctx: _Context, code_id: int, *, exact: bool, document_id, sections) -> set[int]:
    coder_sql, params = ctx.coder_clause("x.coder_id" if document_id is None and sections is None else "c.coder_id")
    params = dict(params, code=code_id)
    if document_id is None and sections is None:
        # One EXISTS probe per case of the set: measured 8x faster than a DISTINCT over
        # the subtree's counter rows for a top-level code, and as fast for a leaf.
        if exact:
            inner = "SELECT 1 FROM code_case_count x WHERE x.code_id = :code AND x.case_id = ci.id"
        else:
            inner = ("SELECT 1 FROM code_closure cl JOIN code_case_count x ON x.code_id = cl.descendant_id"
                     " WHERE cl.ancestor_id = :code AND x.case_id = ci.id")
        sql = f"SELECT ci.id FROM case_item ci WHERE ci.case_set_id = :case_set AND EXISTS ({inner}{coder_sql})"
        params["case_set"] = ctx.case_set_id
    else:
        sql = ("SELECT DISTINCT cc.case_id FROM coding c JOIN coding_case cc ON cc.coding_id = c.id"
               " JOIN passage p ON p.id = c.passage_id WHERE " + _code_filter(exact, "c.code_id") + coder_sql)
        if document_id is not None:
            sql += " AND p.document_id = :doc"
            params["doc"] = document_id
        if sections is not None:
            sql += " AND p.section_id IN :sections"
            params["sections"] = sections
    stmt = text(sql)
    if "coders" in params:
        stmt = stmt.bindparams(bindparam("coders", expanding=True))
    if "sections" in params:
        stmt = stmt.bindparams(bindparam("sections", expanding=True))
    return {int(r[0]) for r in ctx.conn.execute(stmt, params).all()} & ctx.names.keys()


def _evaluate(node: Expr, ctx: _Context, **kw) -> set[int]:
    if isinstance(node, CodeTerm):
        return _cases_of_code(ctx, ctx.code(node.path)[0], **kw)
    if isinstance(node, Not):
        return set(ctx.names) - _evaluate(node.operand, ctx, **kw)
    if isinstance(node, And):
        return _evaluate(node.left, ctx, **kw) & _evaluate(node.right, ctx, **kw)
    return _evaluate(node.left, ctx, **kw) | _evaluate(node.right, ctx, **kw)


def _result(ctx: _Context, query: str, cases: Sequence[str], *, exact: bool, lang: str, proportion: bool,
            threshold: int, complement: bool | None, evidence: tuple[Evidence, ...] = ()) -> QueryResult:
    return _phrased(ctx.order, ctx.noun, ctx.case_set, ctx.coders, query, cases, exact=exact, lang=lang,
                    proportion=proportion, threshold=threshold, complement=complement, evidence=evidence)


def _phrased(order: Sequence[str], noun: Noun, case_set: str, coders: str, query: str, cases, *, exact: bool, lang: str,
             proportion: bool, threshold: int, complement: bool | None, evidence: tuple[Evidence, ...] = ()) -> QueryResult:
    present = set(cases)
    ordered = tuple(n for n in order if n in present)
    missing = tuple(n for n in order if n not in present)
    total = len(order)
    count = len(ordered)
    words = make_phrase(count, total, noun, lang=lang, missing=missing, threshold=threshold, proportion=proportion)
    if complement is None:
        complement = count > 0 and (count == total or (len(missing) <= threshold and count > len(missing)))
    note = make_footnote(ordered, lang=lang, complement=complement, all_cases=order, noun=noun)
    return QueryResult(query, count, total, words, ordered, note, missing, case_set, coders, exact, lang, evidence)


def phrase_counted(case_set, query: str, cases, *, coders: str = "all", exact: bool = False, lang: str = "sv",
                   proportion: bool = False, threshold: int = DEFAULT_ALL_BUT_THRESHOLD,
                   complement: bool | None = None) -> QueryResult:
    """What ``cases_for`` returns for ``query``, from cases counted elsewhere (a ``CaseSetInfo`` and names).

    For a face that keeps its own live counts (the TUI's codebook tree): the
    same phrase and footnote as a query, without a read after every change.
    Names outside the case set are not counted, as a query would not find them.
    """
    if lang not in ("sv", "en"):
        raise InvalidInput(f"unknown language {lang!r} - use sv or en")
    order = sorted_names(c.name for c in case_set.cases)
    return _phrased(order, Noun.of(case_set), case_set.name, coders, query, cases, exact=exact, lang=lang,
                    proportion=proportion, threshold=threshold, complement=complement)


def cases_for(
    store,
    expr: str,
    *,
    coder: str | Sequence[str] | None = None,
    consensus: bool = False,
    exact: bool = False,
    document_id: int | None = None,
    section_id: int | None = None,
    case_set: str | None = None,
    lang: str = "sv",
    proportion: bool = False,
    threshold: int = DEFAULT_ALL_BUT_THRESHOLD,
    complement: bool | None = None,
    evidence: bool = False,
    viewer: str | None = None,
) -> QueryResult:
    """The distinct cases matching ``expr``, with the report's phrase and footnote.

    ``complement`` None picks the footnote form the phrase implies: the
    complement ("Samtliga regioner utom X, Y.") when all or all but a few
    cases are counted, the list otherwise. ``evidence`` adds the coded
    passages behind each case (for the expression's non-negated codes).
    ``case_set`` None counts the case set the expression's codes count.
    """
    if lang not in ("sv", "en"):
        raise InvalidInput(f"unknown language {lang!r} - use sv or en")
    tree = parse_expression(expr)
    with store.reading() as conn:
        if not case_set:
            case_set = _pick_case_set(conn, None, [_resolve_term(conn, t.path)[0] for t, _ in _terms(tree)], f"'{expr}'")
        ctx = _Context(conn, case_set=case_set, coder=coder, consensus=consensus, viewer=viewer)
        sections = _section_ids(conn, section_id) if section_id is not None else None
        if document_id is not None:
            _check_document(conn, document_id)
        found = _evaluate(tree, ctx, exact=exact, document_id=document_id, sections=sections)
        names = [ctx.names[i] for i in found]
        proof: tuple[Evidence, ...] = ()
        if evidence and found:
            positive = [ctx.code(t.path)[0] for t, pos in _terms(tree) if pos]
            proof = _evidence(ctx, positive, sorted(found), exact=exact, document_id=document_id, sections=sections)
    return _result(ctx, expr, names, exact=exact, lang=lang, proportion=proportion, threshold=threshold,
                   complement=complement, evidence=proof)


def _evidence(ctx: _Context, code_ids: list[int], case_ids: list[int], *, exact: bool, document_id, sections) -> tuple[Evidence, ...]:
    if not code_ids or not case_ids:
        return ()
    coder_sql, params = ctx.coder_clause("c.coder_id")
    code_sql = "c.code_id IN :codes" if exact else "c.code_id IN (SELECT descendant_id FROM code_closure WHERE ancestor_id IN :codes)"
    sql = (
        "SELECT cc.case_id, k.path, r.name, c.id, c.passage_id, p.document_id, d.title, pg.label, s.number, s.title,"
        " p.text, c.span_start, c.span_end, p.seq"
        " FROM coding c JOIN coding_case cc ON cc.coding_id = c.id JOIN code k ON k.id = c.code_id"
        " JOIN coder r ON r.id = c.coder_id JOIN passage p ON p.id = c.passage_id JOIN document d ON d.id = p.document_id"
        " LEFT JOIN page pg ON pg.id = p.page_id LEFT JOIN section s ON s.id = p.section_id"
        f" WHERE {code_sql} AND cc.case_id IN :cases" + coder_sql
    )
    params = dict(params, codes=code_ids, cases=case_ids)
    if document_id is not None:
        sql += " AND p.document_id = :doc"
        params["doc"] = document_id
    if sections is not None:
        sql += " AND p.section_id IN :sections"
        params["sections"] = sections
    stmt = text(sql).bindparams(bindparam("codes", expanding=True), bindparam("cases", expanding=True))
    if "coders" in params:
        stmt = stmt.bindparams(bindparam("coders", expanding=True))
    if "sections" in params:
        stmt = stmt.bindparams(bindparam("sections", expanding=True))
    rank = {n: i for i, n in enumerate(ctx.order)}
    rows = []
    for case_id, path, coder, cid, pid, doc, title, label, snum, stitle, body, s0, s1, seq in ctx.conn.execute(stmt, params):
        section = (f"{snum} {stitle}" if snum else stitle) if stitle else None
        quote = body[s0:s1] if s0 is not None else body
        rows.append(((rank[ctx.names[case_id]], doc, seq, cid),
                     Evidence(ctx.names[case_id], path, coder, cid, pid, doc, title, label, section, quote, passage_number(seq))))
    return tuple(e for _, e in sorted(rows, key=lambda r: r[0]))


def evidence_for(store, code: str, case: str, *, coder=None, consensus: bool = False, exact: bool = False,
                 document_id: int | None = None, section_id: int | None = None, case_set: str | None = None,
                 viewer: str | None = None) -> tuple[Evidence, ...]:
    """The coded passages behind one matrix cell: a code (with its subtree unless exact) and one case."""
    with store.reading() as conn:
        case_set = _pick_case_set(conn, case_set, [_resolve_term(conn, code)[0]], f"code '{code}'")
        ctx = _Context(conn, case_set=case_set, coder=coder, consensus=consensus, viewer=viewer)
        from .coding import resolve_cases

        case_ids = resolve_cases(conn, [case], case_set)
        sections = _section_ids(conn, section_id) if section_id is not None else None
        return _evidence(ctx, [ctx.code(code)[0]], case_ids, exact=exact, document_id=document_id, sections=sections)


# -- the matrix --------------------------------------------------------------


def _subtree_codes(conn: Connection, root: int | None) -> list[tuple[int, str, int, str]]:
    """(id, path, depth, case set) of the subtree (or every code), depth first in codebook order."""
    if root is None:
        rows = conn.execute(text("SELECT id, parent_id, seq, path, codebook_id, case_set FROM code")).all()
    else:
        rows = conn.execute(
            text("SELECT k.id, k.parent_id, k.seq, k.path, k.codebook_id, k.case_set FROM code_closure cl"
                 " JOIN code k ON k.id = cl.descendant_id WHERE cl.ancestor_id = :r"),
            {"r": root},
        ).all()
    ids = {int(r[0]) for r in rows}
    children: dict[int | None, list] = {}
    for cid, parent, seq, path, book, case_set in rows:
        key = parent if parent in ids else None
        children.setdefault(key, []).append((book, seq, path, int(cid), case_set))
    out: list[tuple[int, str, int, str]] = []
    stack = [(c, 0) for c in sorted(children.get(None, []), reverse=True)]
    while stack:
        (book, seq, path, cid, case_set), depth = stack.pop()
        out.append((cid, path, depth, case_set))
        stack.extend((c, depth + 1) for c in sorted(children.get(cid, []), reverse=True))
    return out


def matrix(
    store,
    subtree: str | None = None,
    *,
    coder: str | Sequence[str] | None = None,
    consensus: bool = False,
    exact: bool = False,
    document_id: int | None = None,
    section_id: int | None = None,
    case_set: str | None = None,
    viewer: str | None = None,
) -> Matrix:
    """Codings per code of a subtree (all codes when None) and case of the case set.

    The rows are the codes that count ``case_set`` (None: the one the subtree's
    root counts, or the codebook's); codes counting another case set are left
    out and counted in ``Matrix.other_codes``, since a region column says
    nothing about a länsstyrelse.
    """
    with store.reading() as conn:
        root = _resolve_term(conn, subtree) if subtree else None
        if not case_set:
            case_set = _case_sets_of(conn, [root[0]])[0] if root else _codebook_case_set(conn)
        ctx = _Context(conn, case_set=case_set, coder=coder, consensus=consensus, viewer=viewer)
        if document_id is not None:
            _check_document(conn, document_id)
        every = _subtree_codes(conn, root[0] if root else None)
        codes = [c for c in every if c[3] == case_set]
        column = {ctx.case_ids[n]: j for j, n in enumerate(ctx.order)}
        rows = _matrix_counts(ctx, root[0] if root else None, column, exact=exact, document_id=document_id,
                              sections=_section_ids(conn, section_id) if section_id is not None else None)
    empty = (0,) * len(ctx.order)
    cells = [tuple(rows[cid]) if cid in rows else empty for cid, *_ in codes]
    return Matrix(
        subtree=root[1] if root else None,
        codes=tuple(c[1] for c in codes),
        depths=tuple(c[2] for c in codes),
        cases=tuple(ctx.order),
        cells=tuple(tuple(r) for r in cells),
        case_set=case_set,
        exact=exact,
        coders=ctx.coders,
        other_codes=len(every) - len(codes),
    )


def _vectors(rows, column: dict[int, int]) -> dict[int, list[int]]:
    """(code, case, n) rows as one list of counts per code, in the columns' order."""
    width = len(column)
    out: dict[int, list[int]] = {}
    for code_id, case_id, n in rows:
        j = column.get(case_id)
        if j is None:
            continue
        vec = out.get(code_id)
        if vec is None:
            vec = out[code_id] = [0] * width
        vec[j] += n
    return out


def _matrix_counts(ctx: _Context, root: int | None, column: dict[int, int], *, exact: bool, document_id, sections) -> dict[int, list[int]]:
    params: dict = {}
    if document_id is None and sections is None:
        coder_sql, params = ctx.coder_clause("coder_id")
        where = "WHERE 1 = 1" + coder_sql
        if exact:
            sql = f"SELECT code_id, case_id, SUM(n) FROM code_case_count {where}"
            if root is not None:
                sql += " AND code_id IN (SELECT descendant_id FROM code_closure WHERE ancestor_id = :root)"
            sql += " GROUP BY code_id, case_id"
        else:
            return _rolled_up_counts(ctx, root, column, where, params)
    else:
        coder_sql, params = ctx.coder_clause("c.coder_id")
        head = "c.code_id" if exact else "cl.ancestor_id"
        sql = (f"SELECT {head}, cc.case_id, COUNT(*) FROM coding c JOIN coding_case cc ON cc.coding_id = c.id"
               " JOIN passage p ON p.id = c.passage_id")
        if not exact:
            sql += " JOIN code_closure cl ON cl.descendant_id = c.code_id"
        sql += " WHERE 1 = 1" + coder_sql
        if root is not None:
            sql += f" AND {head} IN (SELECT descendant_id FROM code_closure WHERE ancestor_id = :root)"
        if document_id is not None:
            sql += " AND p.document_id = :doc"
            params = dict(params, doc=document_id)
        if sections is not None:
            sql += " AND p.section_id IN :sections"
            params = dict(params, sections=sections)
        sql += f" GROUP BY {head}, cc.case_id"
    if root is not None:
        params = dict(params, root=root)
    stmt = text(sql)
    if "coders" in params:
        stmt = stmt.bindparams(bindparam("coders", expanding=True))
    if "sections" in params:
        stmt = stmt.bindparams(bindparam("sections", expanding=True))
    return _vectors(ctx.conn.execute(stmt, params).all(), column)


def _rolled_up_counts(ctx: _Context, root: int | None, column: dict[int, int], where: str, params: dict) -> dict[int, list[int]]:
    """Counts per code and case summed in SQL, then added up to every ancestor in Python.

    Measured on 1M codings: letting SQLite join the summed counts to the
    closure and group again costs about three times as long as adding ~500
    per-code vectors to their ancestors here.
    """
    inner = f"SELECT code_id, case_id, SUM(n) FROM code_case_count {where}"
    closure = "SELECT ancestor_id, descendant_id FROM code_closure"
    if root is not None:
        inner += " AND code_id IN (SELECT descendant_id FROM code_closure WHERE ancestor_id = :root)"
        closure += " WHERE ancestor_id IN (SELECT descendant_id FROM code_closure WHERE ancestor_id = :root)"
        params = dict(params, root=root)
    stmt = text(inner + " GROUP BY code_id, case_id")
    if "coders" in params:
        stmt = stmt.bindparams(bindparam("coders", expanding=True))
    own = _vectors(ctx.conn.execute(stmt, params).all(), column)
    out: dict[int, list[int]] = {}
    for anc, desc in ctx.conn.execute(text(closure), {"root": root} if root is not None else {}).all():
        vec = own.get(desc)
        if vec is None:
            continue
        total = out.get(anc)
        out[anc] = vec[:] if total is None else [a + b for a, b in zip(total, vec)]
    return out


def code_claims(
    store,
    subtree: str | None = None,
    *,
    coder: str | Sequence[str] | None = None,
    consensus: bool = False,
    exact: bool = False,
    document_id: int | None = None,
    section_id: int | None = None,
    case_set: str | None = None,
    lang: str = "sv",
    proportion: bool = False,
    threshold: int = DEFAULT_ALL_BUT_THRESHOLD,
    complement: bool | None = None,
    include_empty: bool = False,
    viewer: str | None = None,
) -> tuple[Matrix, tuple[QueryResult, ...]]:
    """Every code of a subtree as a claim (phrase + footnote), read from one matrix per case set.

    Each claim equals ``cases_for(store, path, ...)`` for that code, counted
    in the case set the code counts ("5 länsstyrelser" beside "13 regioner")
    unless ``case_set`` names one; claims are in codebook order. Codes no case
    has are left out unless ``include_empty``. The matrix returned is the
    subtree root's (or the codebook's) case set's.
    """
    with store.reading() as conn:
        root = _resolve_term(conn, subtree) if subtree else None
        every = _subtree_codes(conn, root[0] if root else None)
    position = {c[1]: i for i, c in enumerate(every)}
    case_sets = [case_set] if case_set else list(dict.fromkeys(c[3] for c in every)) or [None]
    grids, claims = [], []
    for name in case_sets:
        grid = matrix(store, subtree, coder=coder, consensus=consensus, exact=exact, document_id=document_id,
                      section_id=section_id, case_set=name, viewer=viewer)
        grids.append(grid)
        with store.reading() as conn:
            ctx = _Context(conn, case_set=grid.case_set, coder=coder, consensus=consensus, viewer=viewer)
        for i, path in enumerate(grid.codes):
            names = grid.row_cases(i)
            if names or include_empty:
                claims.append(_result(ctx, path, names, exact=exact, lang=lang, proportion=proportion, threshold=threshold,
                                      complement=complement))
    claims.sort(key=lambda claim: position.get(claim.query, len(position)))
    return grids[0], tuple(claims)
