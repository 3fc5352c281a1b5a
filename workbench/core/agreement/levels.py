"""Agreement tables from the project database, at three levels.

* **case**: units are the cases of the case set the code counts (the 21 regions, or the länsstyrelser). Coder X's
  value for region R and code C is 1 when any of X's codings with C, or a code
  below C, names R; otherwise 0. This is the level the report publishes at
  ("13 regioner lyfter ..."), so it is the default.
* **passage**: units are the passages of the documents any selected coder
  coded; the value is 1 when the coder coded the passage with C (or below).
  A coder with no codings at all in a document is *missing* (None) for its
  passages: they did not read it, they did not reject it.
* **span**: units are characters, per code and document, as NVivo counts
  them; a coding without a span covers its whole passage. Runs of characters
  with the same pattern are one weighted row, so a 600 000-character report
  is a few dozen rows. Segment matching (MAXQDA style) is in ``segments``.

Codes nobody among the selected coders used are left out (a table of zeros
says nothing and would inflate the pooled agreement). Pooled and mean figures
are over the *leaves of the used tree*: codes none of whose used descendants
is also listed, because a parent's table repeats its children's.

Reads only: coding, coding_case, passage, document, code, code_closure,
case_item, case_set, coder.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Sequence

from sqlalchemy import bindparam, text
from sqlalchemy.engine import Connection

from ..errors import InvalidInput, NotFound, WorkbenchError
from ..numbering import passage_number
from .report import AgreementReport, build_report

LEVEL_NAMES = ("case", "passage", "span")
PRESENT_ABSENT = (0, 1)


def case_sort_key(name: str):
    """Swedish collation for case names (å, ä, ö after z), from the collation module when present."""
    try:
        from ..collation import swedish_key
    except ImportError:  # until the collation module lands: å, ä, ö after z
        table = str.maketrans({"å": "{", "ä": "|", "ö": "}", "Å": "{", "Ä": "|", "Ö": "}"})
        return name.casefold().translate(table)
    return swedish_key(name)


@dataclass(frozen=True)
class CodeRef:
    id: int
    path: str
    case_set: str = "regioner"  # the case set the code counts (its units at case level)


@dataclass(frozen=True)
class Scope:
    """Who and what is compared: resolved coders, the codes (with subtrees), the case set."""

    coders: tuple[str, ...]
    coder_ids: tuple[int, ...]
    codes: tuple[CodeRef, ...]  # every code in the selection, codebook order
    descendants: dict  # code id -> frozenset of code ids in its subtree (itself included)
    case_set: str
    document_id: int | None
    section_ids: frozenset | None = None  # a section and its subsections, when scoped to one

    def passage_filter(self, alias: str = "p") -> tuple[str, dict, list]:
        """SQL condition, parameters and expanding bind names restricting passages to the scope."""
        where, params, binds = [], {}, []
        if self.document_id is not None:
            where.append(f"{alias}.document_id = :scope_doc")
            params["scope_doc"] = self.document_id
        if self.section_ids is not None:
            where.append(f"{alias}.section_id IN :scope_sections")
            params["scope_sections"] = sorted(self.section_ids)
            binds.append("scope_sections")
        return (" AND ".join(where), params, binds)


def resolve_section(conn: Connection, section: str, document_id: int | None) -> tuple[int, frozenset]:
    """(document id, ids of the section and everything below it) for a section number or title."""
    sql = "SELECT id, document_id, number, title, parent_id FROM section"
    params: dict = {}
    if document_id is not None:
        sql += " WHERE document_id = :d"
        params["d"] = document_id
    rows = conn.execute(text(sql), params).all()
    wanted = " ".join(section.split()).casefold()
    hits = [r for r in rows if (r[2] or "").casefold() == wanted] or [r for r in rows if r[3].casefold() == wanted]
    if not hits:
        numbers = [r[2] for r in rows if r[2]][:8]
        raise NotFound(f"unknown section {section!r} - give a section number such as {', '.join(numbers) or '3.4'} "
                       "or an exact section title")
    if len(hits) > 1:
        docs = sorted({int(r[1]) for r in hits})
        if len(docs) > 1:
            raise InvalidInput(f"section {section!r} is in documents {', '.join(map(str, docs))} - add --document ID")
        raise InvalidInput(f"{len(hits)} sections are titled {section!r} - give the section number instead")
    root, doc = int(hits[0][0]), int(hits[0][1])
    children: dict[int, list[int]] = defaultdict(list)
    for r in rows:
        if r[4] is not None and int(r[1]) == doc:
            children[int(r[4])].append(int(r[0]))
    found, todo = set(), [root]
    while todo:
        sid = todo.pop()
        if sid not in found:
            found.add(sid)
            todo.extend(children.get(sid, ()))
    return doc, frozenset(found)


def resolve_scope(conn: Connection, *, coders: Sequence[str] | None = None, code: str | None = None,
                  case_set: str = "regioner", document_id: int | None = None, section: str | None = None) -> Scope:
    """Resolve coder names, the code subtree and the part of the text; refuse what cannot be compared, in one line."""
    known = {name: (int(cid), role) for cid, name, role in conn.execute(text("SELECT id, name, role FROM coder"))}
    if coders:
        names = list(dict.fromkeys(c.strip() for c in coders if c.strip()))
        for name in names:
            if name not in known:
                raise NotFound(f"unknown coder {name!r}{_did_you_mean(name, list(known))}")
    else:
        with_codings = {int(r[0]) for r in conn.execute(text("SELECT DISTINCT coder_id FROM coding"))}
        names = sorted((n for n, (cid, role) in known.items() if cid in with_codings and role != "consensus"),
                       key=case_sort_key)
    if len(names) < 2:
        have = ", ".join(names) if names else "none"
        raise WorkbenchError(f"agreement needs two coders with codings (found: {have}) - "
                             "code with a second --coder name, or pass --coders a,b")
    rows = conn.execute(text("SELECT id, path, case_set FROM code ORDER BY codebook_id, seq, id")).all()
    all_codes = [CodeRef(int(i), p, cs or "regioner") for i, p, cs in rows]
    descendants: dict[int, set[int]] = defaultdict(set)
    for anc, desc in conn.execute(text("SELECT ancestor_id, descendant_id FROM code_closure")):
        descendants[int(anc)].add(int(desc))
    for c in all_codes:
        descendants[c.id].add(c.id)
    if code:
        from ..coding import resolve_code

        root, _ = resolve_code(conn, code)
        selected = descendants[root]
        codes = tuple(c for c in all_codes if c.id in selected)
    else:
        codes = tuple(all_codes)
    if document_id is not None and not conn.execute(text("SELECT 1 FROM document WHERE id = :d"), {"d": document_id}).first():
        raise NotFound(f"unknown document {document_id} - run 'workbench documents' to see the ids")
    section_ids = None
    if section:
        document_id, section_ids = resolve_section(conn, section, document_id)
    return Scope(tuple(names), tuple(known[n][0] for n in names), codes,
                 {k: frozenset(v) for k, v in descendants.items()}, case_set, document_id, section_ids)


def _did_you_mean(value: str, choices: Sequence[str]) -> str:
    from difflib import get_close_matches

    close = get_close_matches(value, choices, n=1)
    if close:
        return f" - did you mean {close[0]}?"
    return f" - known coders: {', '.join(sorted(choices))}" if choices else " - no coders yet"


def _codings(conn: Connection, scope: Scope, columns: str, extra_join: str = "", *, passage: bool = True) -> list:
    """Rows of the selected coders' codings (optionally within one document)."""
    where = "c.coder_id IN :coders"
    params: dict = {"coders": list(scope.coder_ids)}
    condition, extra, binds = scope.passage_filter("p")
    passage = passage or bool(condition)
    join = ("JOIN passage p ON p.id = c.passage_id " if passage else "") + extra_join
    if condition:
        where += " AND " + condition
        params.update(extra)
    sql = text(f"SELECT {columns} FROM coding c {join} WHERE {where}").bindparams(
        *(bindparam(b, expanding=True) for b in ("coders", *binds)))
    return conn.execute(sql, params).all()


def _used_codes(scope: Scope, used_exact: set[int]) -> tuple[list[CodeRef], list[CodeRef]]:
    """Codes whose subtree any coder used, and among them the leaves of the used tree."""
    listed = [c for c in scope.codes if scope.descendants[c.id] & used_exact]
    listed_ids = {c.id for c in listed}
    leaves = [c for c in listed if not ((scope.descendants[c.id] - {c.id}) & listed_ids)]
    return listed, leaves


@dataclass(frozen=True)
class LevelTables:
    level: str
    scope: Scope
    tables: dict  # label -> rows
    weights: dict | None  # label -> weights (passage and span levels)
    pooled_labels: tuple[str, ...]
    notes: tuple[str, ...]


def case_tables(conn: Connection, scope: Scope) -> LevelTables:
    """Units of a code are the cases of the case set it counts (21 regions, or 21 länsstyrelser)."""
    members: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for cid, name, set_name in conn.execute(
            text("SELECT ci.id, ci.name, cs.name FROM case_item ci JOIN case_set cs ON cs.id = ci.case_set_id")):
        members[set_name].append((int(cid), name))
    case_ids_of = {s: [i for i, _ in sorted(rows, key=lambda r: case_sort_key(r[1]))] for s, rows in members.items()}
    if scope.case_set not in case_ids_of:
        raise NotFound(f"case set {scope.case_set!r} has no cases - install it with 'workbench cases install'")
    column = {cid: j for j, cid in enumerate(scope.coder_ids)}
    # (exact code) -> case -> bit mask of the coder columns that gave it; OR-ed up the subtree below.
    given: dict[int, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for code_id, coder_id, case_id in _codings(
            conn, scope, "DISTINCT c.code_id, c.coder_id, cc.case_id", "JOIN coding_case cc ON cc.coding_id = c.id",
            passage=False):
        given[int(code_id)][int(case_id)] |= 1 << column[int(coder_id)]
    listed, leaves = _used_codes(scope, set(given))
    m = len(scope.coder_ids)
    row_of = _MaskRows(m)
    tables = {}
    for code in listed:
        case_ids = case_ids_of.get(code.case_set)
        if not case_ids:
            raise NotFound(f"code {code.path!r} counts the case set {code.case_set!r}, which has no cases - "
                           "install it with 'workbench cases install'")
        by_case: dict[int, int] = defaultdict(int)
        for d in scope.descendants[code.id] & given.keys():
            for case_id, mask in given[d].items():
                by_case[case_id] |= mask
        tables[code.path] = [row_of[by_case.get(cid, 0)] for cid in case_ids]
    return LevelTables("case", scope, tables, None, tuple(c.path for c in leaves), _notes(scope, listed, leaves))


class _MaskRows(dict):
    """Bit mask of coder columns -> the 0/1 row tuple, made once per mask."""

    def __init__(self, m: int):
        super().__init__()
        self.m = m

    def __missing__(self, mask: int) -> tuple[int, ...]:
        row = tuple((mask >> j) & 1 for j in range(self.m))
        self[mask] = row
        return row


def _notes(scope: Scope, listed: list[CodeRef], leaves: list[CodeRef]) -> tuple[str, ...]:
    notes = []
    unused = len(scope.codes) - len(listed)
    if unused:
        notes.append(f"{unused} code(s) that none of {', '.join(scope.coders)} used are left out")
    if len(leaves) < len(listed) and len(listed) > 1:
        notes.append(f"pooled and mean are over the {len(leaves)} most specific codes (a parent repeats its children)")
    if not listed:
        notes.append("no codings by these coders in the selection")
    return tuple(notes)


def _coded_documents(conn: Connection, scope: Scope) -> dict[int, set[int]]:
    """document id -> coder columns with any coding in it."""
    column = {cid: j for j, cid in enumerate(scope.coder_ids)}
    out: dict[int, set[int]] = defaultdict(set)
    for doc, coder_id in _codings(conn, scope, "DISTINCT p.document_id, c.coder_id"):
        out[int(doc)].add(column[int(coder_id)])
    return out


def passage_tables(conn: Connection, scope: Scope) -> LevelTables:
    column = {cid: j for j, cid in enumerate(scope.coder_ids)}
    m = len(scope.coder_ids)
    readers = _coded_documents(conn, scope)
    condition, extra, binds = scope.passage_filter("p")
    count_sql = text("SELECT p.document_id, count(*) FROM passage p" + (f" WHERE {condition}" if condition else "")
                     + " GROUP BY p.document_id").bindparams(*(bindparam(b, expanding=True) for b in binds))
    n_passages = {int(d): int(n) for d, n in conn.execute(count_sql, extra) if int(d) in readers}
    given: dict[int, dict[int, set[int]]] = defaultdict(lambda: defaultdict(set))
    doc_of: dict[int, int] = {}
    for code_id, coder_id, passage_id, doc in _codings(conn, scope, "DISTINCT c.code_id, c.coder_id, c.passage_id, p.document_id"):
        given[int(code_id)][int(passage_id)].add(column[int(coder_id)])
        doc_of[int(passage_id)] = int(doc)
    listed, leaves = _used_codes(scope, set(given))
    tables, weights = {}, {}
    for code in listed:
        by_passage: dict[int, set[int]] = defaultdict(set)
        for d in scope.descendants[code.id] & given.keys():
            for pid, cols in given[d].items():
                by_passage[pid] |= cols
        rows, w = [], []
        coded_in_doc: dict[int, int] = defaultdict(int)
        for pid, cols in by_passage.items():
            doc = doc_of[pid]
            coded_in_doc[doc] += 1
            rows.append(tuple((1 if j in cols else 0) if j in readers[doc] else None for j in range(m)))
            w.append(1)
        # Every other passage of a read document: one row per document, weighted.
        for doc, total in n_passages.items():
            rest = total - coded_in_doc.get(doc, 0)
            if rest:
                rows.append(tuple(0 if j in readers[doc] else None for j in range(m)))
                w.append(rest)
        tables[code.path], weights[code.path] = rows, w
    notes = _notes(scope, listed, leaves)
    partial = [scope.coders[j] for j in range(m) if any(j not in cols for cols in readers.values())]
    if partial:
        notes += (f"missing (not absent) for documents they did not code: {', '.join(partial)}",)
    return LevelTables("passage", scope, tables, weights, tuple(c.path for c in leaves), notes)


# -- span level --------------------------------------------------------------


@dataclass(frozen=True)
class Segment:
    coder: str
    code: str  # the coding's own code path
    coding_id: int
    passage_id: int
    start: int  # document offsets
    end: int


def _segments(conn: Connection, scope: Scope) -> tuple[dict[int, dict[int, list]], dict[int, tuple[str, int]]]:
    """code id -> document id -> [(coder column, start, end, coding id, passage id)], and documents' (title, length)."""
    column = {cid: j for j, cid in enumerate(scope.coder_ids)}
    out: dict[int, dict[int, list]] = defaultdict(lambda: defaultdict(list))
    docs: set[int] = set()
    for cid, code_id, coder_id, pid, doc, p_start, p_len, s, e in _codings(
            conn, scope, "c.id, c.code_id, c.coder_id, c.passage_id, p.document_id, p.start_offset, length(p.text), c.span_start, c.span_end"):
        start = int(p_start) + (int(s) if s is not None else 0)
        end = int(p_start) + (int(e) if e is not None else int(p_len))
        out[int(code_id)][int(doc)].append((column[int(coder_id)], start, end, int(cid), int(pid)))
        docs.add(int(doc))
    info = {}
    if docs:
        sql = text("SELECT id, title, length(text) FROM document WHERE id IN :d").bindparams(bindparam("d", expanding=True))
        info = {int(i): (t, int(n)) for i, t, n in conn.execute(sql, {"d": sorted(docs)})}
    return out, info


def span_tables(conn: Connection, scope: Scope) -> LevelTables:
    m = len(scope.coder_ids)
    segs, docs = _segments(conn, scope)
    readers = _coded_documents(conn, scope)
    listed, leaves = _used_codes(scope, set(segs))
    leaf_ids = {c.id for c in leaves}
    several = len(docs) > 1
    extents = _section_extents(conn, scope)
    tables, weights, pooled = {}, {}, []
    for code in listed:
        per_doc: dict[int, list] = defaultdict(list)
        for d in scope.descendants[code.id] & segs.keys():
            for doc, items in segs[d].items():
                per_doc[doc].extend(items)
        for doc in sorted(per_doc):
            title, length = docs[doc]
            lo, hi = extents.get(doc, (0, length))
            rows, w = _character_runs(per_doc[doc], lo, hi, m, readers[doc])
            label = f"{code.path} · {title}" if several else code.path
            tables[label], weights[label] = rows, w
            if code.id in leaf_ids:
                pooled.append(label)
    return LevelTables("span", scope, tables, weights, tuple(pooled), _notes(scope, listed, leaves))


def _section_extents(conn: Connection, scope: Scope) -> dict[int, tuple[int, int]]:
    """document -> (first, last) character of the scoped section, when scoped to one."""
    if scope.section_ids is None:
        return {}
    condition, extra, binds = scope.passage_filter("p")
    sql = text(f"SELECT p.document_id, min(p.start_offset), max(p.end_offset) FROM passage p WHERE {condition}"
               " GROUP BY p.document_id").bindparams(*(bindparam(b, expanding=True) for b in binds))
    return {int(d): (int(lo), int(hi)) for d, lo, hi in conn.execute(sql, extra)}


def _character_runs(items: list, lo: int, hi: int, m: int, readers: set[int]) -> tuple[list, list]:
    """Cut the text [lo, hi) at every segment boundary; each run of characters is one weighted row."""
    cuts = {lo, hi}
    for _, s, e, _, _ in items:
        cuts.add(max(lo, min(s, hi)))
        cuts.add(max(lo, min(e, hi)))
    points = sorted(cuts)
    # Sweep: coverage count per coder at each cut.
    events: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for col, s, e, _, _ in items:
        s, e = max(lo, min(s, hi)), max(lo, min(e, hi))
        if e > s:
            events[s].append((col, 1))
            events[e].append((col, -1))
    depth = [0] * m
    patterns: dict[tuple, int] = defaultdict(int)
    for a, b in zip(points, points[1:]):
        for col, delta in events.get(a, ()):
            depth[col] += delta
        pattern = tuple((1 if depth[j] > 0 else 0) if j in readers else None for j in range(m))
        patterns[pattern] += b - a
    rows = list(patterns)
    return rows, [patterns[r] for r in rows]


# -- MAXQDA-style segment matching --------------------------------------------


@dataclass(frozen=True)
class SegmentMatch:
    """One coder's segment and whether another coder has a matching one."""

    segment: Segment
    other: str
    matched: bool
    best_overlap: float  # intersection / union with the other coder's closest segment
    quote: str = ""  # the coded text, shortened
    passage: int = 0  # the segment's passage number in its document, as people see it


@dataclass(frozen=True)
class SegmentAgreement:
    code: str
    document: str
    coders: tuple[str, str]
    matched: int
    total: int  # segments of both coders
    share: float | None  # matched / total
    unmatched: tuple[SegmentMatch, ...]


def overlap_ratio(a: tuple[int, int], b: tuple[int, int]) -> float:
    inter = min(a[1], b[1]) - max(a[0], b[0])
    if inter <= 0:
        return 0.0
    union = max(a[1], b[1]) - min(a[0], b[0])
    return inter / union


def segment_agreement(conn: Connection, scope: Scope, *, min_overlap: float = 0.9) -> list[SegmentAgreement]:
    """Per code (subtree), document and pair of coders: which segments the other coder also coded.

    A segment matches when the other coder has a segment of the same code
    (subtree) overlapping it by at least ``min_overlap`` of their union.
    Every segment of either coder is checked, so the share is
    matched / (segments of A + segments of B).
    """
    if not 0 < min_overlap <= 1:
        raise InvalidInput(f"minimum overlap {min_overlap} is not between 0 and 1 - give e.g. 0.9")
    segs, docs = _segments(conn, scope)
    listed, _ = _used_codes(scope, set(segs))
    paths = {c.id: c.path for c in scope.codes}
    paths.update({int(i): p for i, p in conn.execute(text("SELECT id, path FROM code"))})
    out = []
    for code in listed:
        per_doc: dict[int, list] = defaultdict(list)
        for d in scope.descendants[code.id] & segs.keys():
            for doc, items in segs[d].items():
                per_doc[doc].extend((col, s, e, cid, pid, paths[d]) for col, s, e, cid, pid in items)
        for doc in sorted(per_doc):
            by_coder: dict[int, list[Segment]] = defaultdict(list)
            for col, s, e, cid, pid, path in per_doc[doc]:
                by_coder[col].append(Segment(scope.coders[col], path, cid, pid, s, e))
            for i in range(len(scope.coders)):
                for j in range(i + 1, len(scope.coders)):
                    if not by_coder.get(i) and not by_coder.get(j):
                        continue
                    out.append(_match_pair(code.path, docs[doc][0], scope.coders[i], scope.coders[j],
                                           by_coder.get(i, []), by_coder.get(j, []), min_overlap))
    return _with_quotes(conn, out)


def shorten(value: str, width: int = 100) -> str:
    value = " ".join(value.split())
    return value if len(value) <= width else value[: width - 1].rstrip() + "…"


def _with_quotes(conn: Connection, found: list[SegmentAgreement]) -> list[SegmentAgreement]:
    wanted = {u.segment.passage_id for a in found for u in a.unmatched}
    if not wanted:
        return found
    sql = text("SELECT id, start_offset, text, seq FROM passage WHERE id IN :p").bindparams(bindparam("p", expanding=True))
    passages = {int(i): (int(start), body, int(seq)) for i, start, body, seq in conn.execute(sql, {"p": sorted(wanted)})}
    out = []
    for a in found:
        unmatched = []
        for u in a.unmatched:
            start, body, seq = passages[u.segment.passage_id]
            quote = shorten(body[u.segment.start - start: u.segment.end - start])
            unmatched.append(SegmentMatch(u.segment, u.other, u.matched, u.best_overlap, quote, passage_number(seq)))
        out.append(SegmentAgreement(a.code, a.document, a.coders, a.matched, a.total, a.share, tuple(unmatched)))
    return out


def _match_pair(code: str, document: str, a: str, b: str, mine: list[Segment], theirs: list[Segment],
                min_overlap: float) -> SegmentAgreement:
    matched = 0
    unmatched = []
    for segs, others, other_name in ((mine, theirs, b), (theirs, mine, a)):
        for seg in segs:
            best = max((overlap_ratio((seg.start, seg.end), (o.start, o.end)) for o in others), default=0.0)
            if best >= min_overlap:
                matched += 1
            else:
                unmatched.append(SegmentMatch(seg, other_name, False, best))
    total = len(mine) + len(theirs)
    unmatched.sort(key=lambda u: (u.segment.start, u.segment.coder))
    return SegmentAgreement(code, document, (a, b), matched, total, matched / total if total else None, tuple(unmatched))


# -- the report --------------------------------------------------------------


def level_tables(conn: Connection, scope: Scope, level: str) -> LevelTables:
    if level == "case":
        return case_tables(conn, scope)
    if level == "passage":
        return passage_tables(conn, scope)
    if level == "span":
        return span_tables(conn, scope)
    raise InvalidInput(f"unknown level {level!r} - use case, passage or span")


def agreement_report(store, *, coders: Sequence[str] | None = None, level: str = "case", code: str | None = None,
                     case_set: str = "regioner", document_id: int | None = None, bootstrap: int = 0, seed: int = 0,
                     min_overlap: float = 0.9, reviewer: str | None = None,
                     section: str | None = None) -> AgreementReport:
    """The agreement of the coders per code at one level, pooled and mean over codes.

    In a blind project only a reviewer (``reviewer``) may compare coders.
    """
    from .blind import require_open_view

    if level not in LEVEL_NAMES:
        raise InvalidInput(f"unknown level {level!r} - use case, passage or span")
    with store.reading() as conn:
        require_open_view(conn, reviewer)
        scope = resolve_scope(conn, coders=coders, code=code, case_set=case_set, document_id=document_id,
                              section=section)
        built = level_tables(conn, scope, level)
        segments = segment_agreement(conn, scope, min_overlap=min_overlap) if level == "span" else []
    notes = built.notes
    if bootstrap and level != "case":
        notes += ("the bootstrap interval for alpha is offered at case level (and for --table) only",)
    return build_report(built.tables, coders=scope.coders, source="project", level=level, categories=PRESENT_ABSENT,
                        weights=built.weights, bootstrap=bootstrap if level == "case" else 0, seed=seed,
                        notes=notes, pooled_over=built.pooled_labels, segments=segments)
