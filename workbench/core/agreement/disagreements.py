"""Where coders differ, with each coder's evidence, so a reviewer can settle it.

Per code (the code each coding carries, not its subtree: a coder who chose
``validering`` where another chose ``validering/utmaningar`` differs on both):

* a **case** disagreement is a case some but not all coders give the code;
  the evidence is each coder's codings of that code on the passages involved
  (the passage, a quote, the memo, the cases that coder named there), so the
  reviewer also sees the coder who coded the same passage but left the case out;
* a **passage** disagreement is a passage some but not all of the coders who
  read its document coded with the code, or which they all coded but with
  different cases.

Read-only; the same selection of coders as ``levels.resolve_scope``.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Sequence

from sqlalchemy import bindparam, text

from .levels import case_sort_key as swedish_key
from .levels import resolve_scope, shorten
from ..numbering import passage_number


@dataclass(frozen=True)
class Evidence:
    coding_id: int
    passage_id: int
    code: str
    cases: tuple[str, ...]  # the cases this coding names (Swedish order)
    memo: str
    quote: str  # the coded text (the span, or the passage), shortened
    span: tuple[int, int] | None
    passage: int = 0  # the passage's number in its document, as people see it (numbering.passage_number)
    document: str = ""  # the document's title


@dataclass(frozen=True)
class CaseDisagreement:
    case: str
    given_by: tuple[str, ...]
    not_given_by: tuple[str, ...]
    evidence: dict  # coder -> tuple[Evidence, ...] (codings of the code on the passages involved)
    settled: str | None = None  # the latest settlement on record, e.g. "take anna: fotnot 195 (rita)"


@dataclass(frozen=True)
class PassageDisagreement:
    passage_id: int  # internal; people see ``number`` of ``document``
    document: str
    quote: str
    kind: str  # "coded" (some coders did not code it) or "cases" (all coded it, naming different cases)
    by_coder: dict  # coder -> tuple[Evidence, ...]; empty for a coder who did not code it
    settled: str | None = None
    number: int = 0  # "passage N" of the document (numbering.passage_number), what the reader shows
    document_id: int = 0


@dataclass(frozen=True)
class CodeDisagreements:
    code: str
    cases: tuple[CaseDisagreement, ...]
    passages: tuple[PassageDisagreement, ...]


@dataclass(frozen=True)
class Disagreements:
    coders: tuple[str, ...]
    codes: tuple[CodeDisagreements, ...]  # only codes with at least one disagreement


def find_disagreements(store, *, coders: Sequence[str] | None = None, code: str | None = None,
                       case_set: str = "regioner", document_id: int | None = None,
                       reviewer: str | None = None, section: str | None = None) -> Disagreements:
    """Per code, the cases and passages where the coders differ; in a blind project, for a reviewer only."""
    from .blind import require_open_view

    with store.reading() as conn:
        require_open_view(conn, reviewer)
        scope = resolve_scope(conn, coders=coders, code=code, case_set=case_set, document_id=document_id,
                              section=section)
        wanted = {c.id for c in scope.codes}
        paths = {c.id: c.path for c in scope.codes}
        coder_of = dict(zip(scope.coder_ids, scope.coders))
        sql = ("SELECT c.id, c.code_id, c.coder_id, c.passage_id, p.document_id, p.seq, c.span_start, c.span_end, c.memo,"
               " p.text, d.title FROM coding c JOIN passage p ON p.id = c.passage_id JOIN document d ON d.id = p.document_id"
               " WHERE c.coder_id IN :coders")
        params: dict = {"coders": list(scope.coder_ids)}
        condition, extra, binds = scope.passage_filter("p")
        if condition:
            sql += " AND " + condition
            params.update(extra)
        bound = text(sql).bindparams(*(bindparam(b, expanding=True) for b in ("coders", *binds)))
        every = conn.execute(bound, params).all()
        # Who read a document is decided by all their codings in it, never by the code filter:
        # a coder who coded other codes there did read the passage and did not give it this code.
        readers: dict[int, set[str]] = defaultdict(set)
        for r in every:
            readers[int(r[4])].add(coder_of[int(r[2])])
        rows = [r for r in every if int(r[1]) in wanted]
        case_sql = text(
            "SELECT cc.coding_id, ci.name FROM coding_case cc JOIN case_item ci ON ci.id = cc.case_id"
            " JOIN coding c ON c.id = cc.coding_id"  # each coding names cases of its code's own case set
            " WHERE c.coder_id IN :coders").bindparams(bindparam("coders", expanding=True))
        cases_of: dict[int, list[str]] = defaultdict(list)
        for cid, name in conn.execute(case_sql, {"coders": list(scope.coder_ids)}):
            cases_of[int(cid)].append(name)
    per_code: dict[int, list] = defaultdict(list)
    place: dict[int, tuple[int, int, str, str]] = {}  # passage -> (document, seq, title, quote)
    for cid, code_id, coder_id, pid, doc, seq, s, e, memo, body, title in rows:
        name = coder_of[int(coder_id)]
        span = (int(s), int(e)) if s is not None else None
        quote = shorten(body[span[0]:span[1]] if span else body)
        cases = tuple(sorted(cases_of.get(int(cid), ()), key=swedish_key))
        ev = Evidence(int(cid), int(pid), paths[int(code_id)], cases, memo or "", quote, span, passage_number(seq),
                      title)
        per_code[int(code_id)].append((name, int(doc), ev))
        place[int(pid)] = (int(doc), int(seq), title, shorten(body))
    out = []
    settled = _settled(store)
    for code_ref in scope.codes:
        items = per_code.get(code_ref.id)
        if not items:
            continue
        found = _for_code(code_ref.path, items, scope.coders, readers, place, settled)
        if found.cases or found.passages:
            out.append(found)
    return Disagreements(scope.coders, tuple(out))


def _settled(store) -> dict:
    """(code, case name or passage id) -> the latest settlement, in words."""
    from .adjudication import settlements

    out = {}
    for item in settlements(store):
        took = f" {item.coder}" if item.coder else ""
        out[(item.code, item.case if item.case else item.passage_id)] = f"{item.decision}{took}: {item.reason} ({item.reviewer})"
    return out


def _for_code(path: str, items: list, coders: Sequence[str], readers: dict, place: dict,
              settled: dict) -> CodeDisagreements:
    by_case: dict[str, dict[str, list[Evidence]]] = defaultdict(lambda: defaultdict(list))
    by_passage: dict[int, dict[str, list[Evidence]]] = defaultdict(lambda: defaultdict(list))
    for coder, _doc, ev in items:
        by_passage[ev.passage_id][coder].append(ev)
        for case in ev.cases:
            by_case[case][coder].append(ev)
    cases = []
    for case in sorted(by_case, key=swedish_key):
        givers = by_case[case]
        if len(givers) == len(coders):
            continue
        involved = {ev.passage_id for evs in givers.values() for ev in evs}
        evidence = {}
        for coder in coders:
            if coder in givers:
                evidence[coder] = tuple(givers[coder])
            else:  # what this coder did on the same passages with the same code
                evidence[coder] = tuple(ev for pid in sorted(involved) for ev in by_passage[pid].get(coder, ()))
        cases.append(CaseDisagreement(case, tuple(c for c in coders if c in givers),
                                      tuple(c for c in coders if c not in givers), evidence, settled.get((path, case))))
    passages = []
    for pid in sorted(by_passage, key=lambda p: (place[p][0], place[p][1])):
        doc, seq, title, quote = place[pid]
        present = by_passage[pid]
        judges = [c for c in coders if c in readers[doc]]
        if len(judges) < 2:
            continue  # only one selected coder read this document: nothing to compare
        if any(c not in present for c in judges):
            kind = "coded"
        else:
            named = {c: frozenset(x for ev in present[c] for x in ev.cases) for c in judges}
            if len(set(named.values())) == 1:
                continue
            kind = "cases"
        passages.append(PassageDisagreement(pid, title, quote, kind,
                                            {c: tuple(present.get(c, ())) for c in coders}, settled.get((path, pid)),
                                            passage_number(seq), doc))
    return CodeDisagreements(path, tuple(cases), tuple(passages))


def disagreement_rows(found: Disagreements) -> list[list[str]]:
    """CSV rows (header first): one row per disagreement, coder and piece of evidence."""
    rows = [["code", "kind", "where", "coder", "gives", "passage", "cases", "memo", "quote", "settled", "document"]]
    for item in found.codes:
        for case in item.cases:
            for coder in found.coders:
                gives = "yes" if coder in case.given_by else "no"
                evidence = case.evidence.get(coder) or (None,)
                for ev in evidence:
                    rows.append([item.code, "case", case.case, coder, gives, *_ev_cells(ev), case.settled or "",
                                 ev.document if ev else ""])
        for passage in item.passages:
            for coder in found.coders:
                evidence = passage.by_coder.get(coder) or (None,)
                gives = "yes" if passage.by_coder.get(coder) else "no"
                for ev in evidence:
                    rows.append([item.code, f"passage:{passage.kind}", str(passage.number), coder, gives,
                                 *_ev_cells(ev), passage.settled or "", passage.document])
    return rows


def _ev_cells(ev: Evidence | None) -> list[str]:
    if ev is None:
        return ["", "", "", ""]
    return [str(ev.passage), "; ".join(ev.cases), ev.memo, ev.quote]


def evidence_dict(ev: Evidence) -> dict:
    return {"document": ev.document, "passage": ev.passage, "code": ev.code, "cases": list(ev.cases), "memo": ev.memo,
            "quote": ev.quote, "span": list(ev.span) if ev.span else None}


def disagreements_dict(found: Disagreements) -> dict:
    """Plain data for JSON: passages by document and number (database ids stay inside)."""
    return {
        "coders": list(found.coders),
        "codes": [{
            "code": item.code,
            "cases": [{"case": c.case, "given_by": list(c.given_by), "not_given_by": list(c.not_given_by),
                       "evidence": {k: [evidence_dict(e) for e in v] for k, v in c.evidence.items()},
                       "settled": c.settled} for c in item.cases],
            "passages": [{"document": p.document, "passage": p.number, "kind": p.kind, "quote": p.quote,
                          "by_coder": {k: [evidence_dict(e) for e in v] for k, v in p.by_coder.items()},
                          "settled": p.settled} for p in item.passages],
        } for item in found.codes],
    }
