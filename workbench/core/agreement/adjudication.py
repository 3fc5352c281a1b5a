"""Settling disagreements into one consensus coding set, with a reason on record.

The consensus is an ordinary set of codings stored under one coder row of
role ``consensus`` (default name "consensus"), so every query, the matrix and
the exports can use it by naming that coder. It is written through the coding
API (``CodingWriter``), so ``code_case_count`` and the audit trail stay exact;
each settlement also writes one ``adjudicate`` audit row under the reviewer
with the decision, the reason and the consensus before and after.

The unit of the consensus is (code, passage): one consensus coding with a set
of cases. Steps:

1. ``start_consensus`` copies what the coders agree on: for every (code,
   passage) that every selected coder who read the document coded, a consensus
   coding with the cases they all named. Nothing else.
2. ``settle_passage`` decides one (code, passage): take one coder's coding,
   both (the union of the coders' cases), neither (no coding), or edit (the
   reviewer's own list of cases).
3. ``settle_case`` decides one case of one code across the passages where the
   coders differ on it: take a coder (the case is in the consensus exactly
   where that coder has it), both (everywhere any coder has it) or neither
   (nowhere).

A consensus coding left with no cases by a decision is removed: at case level
"coded for no region" says nothing. Only a coder of role ``reviewer`` settles.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Sequence

from sqlalchemy import bindparam, text
from sqlalchemy.engine import Connection

from ..errors import InvalidInput, NotFound, WorkbenchError
from .levels import case_sort_key, resolve_scope
from ..numbering import passage_numbers

DEFAULT_CONSENSUS = "consensus"
DECISIONS = ("take", "both", "neither", "edit")


@dataclass(frozen=True)
class Settlement:
    audit_id: int
    code: str
    passage_ids: tuple[int, ...]
    decision: str
    coder: str | None  # the coder taken, for "take"
    cases_before: dict  # passage id -> tuple of case names (consensus before), empty when none
    cases_after: dict  # passage id -> tuple of case names (consensus after), empty when none
    reason: str
    numbers: dict | None = None  # passage id -> (document id, passage number as people see it)


@dataclass(frozen=True)
class ConsensusStart:
    audit_id: int
    consensus: str
    created: int  # consensus codings made from what the coders agree on
    skipped: int  # (code, passage) units that already had a consensus coding


def _now() -> str:
    return datetime.now(timezone.utc).isoformat()


def require_reviewer(conn: Connection, name: str) -> int:
    """The id of the named reviewer; refuse anyone else in one line."""
    row = conn.execute(text("SELECT id, role FROM coder WHERE name = :n"), {"n": (name or "").strip()}).first()
    if not row:
        raise NotFound(f"unknown reviewer {name!r} - add one with 'workbench reviewer NAME'")
    if row[1] != "reviewer":
        raise WorkbenchError(f"{name!r} is a {row[1]}, not a reviewer - only a reviewer settles disagreements or unblinds")
    return int(row[0])


def add_reviewer(store, name: str) -> int:
    """Make a reviewer (a coder row of role 'reviewer'); an existing coder cannot become one silently."""
    name = (name or "").strip()
    if not name:
        raise InvalidInput("a reviewer name is required")
    with store.transaction() as conn:
        row = conn.execute(text("SELECT id, role FROM coder WHERE name = :n"), {"n": name}).first()
        if row:
            if row[1] != "reviewer":
                raise WorkbenchError(f"{name!r} is already a {row[1]} - a reviewer needs a name of their own")
            return int(row[0])
        conn.execute(text("INSERT INTO coder (name, role) VALUES (:n, 'reviewer')"), {"n": name})
        return int(conn.execute(text("SELECT id FROM coder WHERE name = :n"), {"n": name}).scalar_one())


def _consensus_coder(conn: Connection, name: str) -> int:
    row = conn.execute(text("SELECT id, role FROM coder WHERE name = :n"), {"n": name}).first()
    if row:
        if row[1] != "consensus":
            raise WorkbenchError(f"{name!r} is a {row[1]}, not the consensus set - choose another --consensus name")
        return int(row[0])
    conn.execute(text("INSERT INTO coder (name, role) VALUES (:n, 'consensus')"), {"n": name})
    return int(conn.execute(text("SELECT id FROM coder WHERE name = :n"), {"n": name}).scalar_one())


def record(conn: Connection, reviewer_id: int, action: str, before: dict, after: dict, coding_id: int | None = None) -> int:
    """One audit row under the reviewer (adjudicate, consensus-start, blind, unblind)."""
    row = conn.execute(
        text("INSERT INTO audit (at, coder_id, action, coding_id, before_json, after_json, undone)"
             " VALUES (:at, :c, :a, :i, :b, :f, 0) RETURNING id"),
        {"at": _now(), "c": reviewer_id, "a": action, "i": coding_id,
         "b": json.dumps(before, ensure_ascii=False), "f": json.dumps(after, ensure_ascii=False)},
    ).first()
    return int(row[0])


def _codings_of(conn: Connection, coder_ids: Sequence[int], code_ids: Sequence[int] | None = None,
                scope=None) -> list:
    """(coding id, code id, coder id, passage id, document id, memo, case names) of the coders' codings."""
    sql = ("SELECT c.id, c.code_id, c.coder_id, c.passage_id, p.document_id, c.memo FROM coding c"
           " JOIN passage p ON p.id = c.passage_id WHERE c.coder_id IN :coders")
    params: dict = {"coders": list(coder_ids)}
    binds = [bindparam("coders", expanding=True)]
    if scope is not None:
        condition, extra, names = scope.passage_filter("p")
        if condition:
            sql += " AND " + condition
            params.update(extra)
            binds += [bindparam(n, expanding=True) for n in names]
    if code_ids is not None:
        sql += " AND c.code_id IN :codes"
        params["codes"] = list(code_ids)
        binds.append(bindparam("codes", expanding=True))
    rows = conn.execute(text(sql).bindparams(*binds), params).all()
    if not rows:
        return []
    ids = [int(r[0]) for r in rows]
    names: dict[int, list[str]] = defaultdict(list)
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        case_sql = text("SELECT cc.coding_id, ci.name FROM coding_case cc JOIN case_item ci ON ci.id = cc.case_id"
                        " WHERE cc.coding_id IN :ids").bindparams(bindparam("ids", expanding=True))
        for cid, name in conn.execute(case_sql, {"ids": chunk}):
            names[int(cid)].append(name)
    return [(int(r[0]), int(r[1]), int(r[2]), int(r[3]), int(r[4]), r[5] or "", tuple(names.get(int(r[0]), ())))
            for r in rows]


def _sorted(cases) -> tuple[str, ...]:
    return tuple(sorted(set(cases), key=case_sort_key))


def start_consensus(store, *, reviewer: str, coders: Sequence[str] | None = None, code: str | None = None,
                    consensus: str = DEFAULT_CONSENSUS, case_set: str | None = None, document_id: int | None = None,
                    section: str | None = None) -> ConsensusStart:
    """Seed the consensus with what every coder agrees on (one transaction)."""
    from ..coding import CodingWriter

    with store.transaction() as conn:
        reviewer_id = require_reviewer(conn, reviewer)
        scope = resolve_scope(conn, coders=coders, code=code, case_set=case_set or "regioner", document_id=document_id,
                              section=section)
        consensus_id = _consensus_coder(conn, consensus)
        code_ids = [c.id for c in scope.codes]
        rows = _codings_of(conn, scope.coder_ids, None, scope)
        existing = {(r[1], r[3]) for r in _codings_of(conn, [consensus_id], code_ids)}
        readers: dict[int, set[int]] = defaultdict(set)  # by all their codings, never by the code filter
        units: dict[tuple[int, int], dict[int, list]] = defaultdict(lambda: defaultdict(list))
        doc_of: dict[int, int] = {}
        wanted = set(code_ids)
        for cid, code_id, coder_id, pid, doc, memo, cases in rows:
            readers[doc].add(coder_id)
            if code_id not in wanted:
                continue
            units[(code_id, pid)][coder_id].append((memo, cases))
            doc_of[pid] = doc
        writer = CodingWriter(conn, case_set=case_set)  # None: each code names cases of its own case set
        created = skipped = 0
        for (code_id, pid), by_coder in sorted(units.items()):
            judges = readers[doc_of[pid]]
            if len(judges) < 2 or set(by_coder) != judges:
                continue
            if (code_id, pid) in existing:
                skipped += 1
                continue
            named = [set(c for _, cases in items for c in cases) for items in by_coder.values()]
            agreed = set.intersection(*named)
            if not agreed:
                continue
            memos = list(dict.fromkeys(m for items in by_coder.values() for m, _ in items if m))
            writer.add(passage_id=pid, code=code_id, coder=consensus, cases=_sorted(agreed), memo=" | ".join(memos))
            created += 1
        audit_id = record(conn, reviewer_id, "consensus-start", {"coders": list(scope.coders)},
                          {"consensus": consensus, "created": created, "skipped": skipped, "code": code,
                           "document_id": scope.document_id, "section": section})
    return ConsensusStart(audit_id, consensus, created, skipped)


def _consensus_state(conn: Connection, consensus_id: int, code_id: int, passage_ids: Sequence[int]) -> dict:
    """passage id -> [(coding id, cases, memo)] of the consensus for one code."""
    out: dict[int, list] = defaultdict(list)
    wanted = set(passage_ids)
    for cid, _code, _coder, pid, _doc, memo, cases in _codings_of(conn, [consensus_id], [code_id]):
        if pid in wanted:
            out[pid].append((cid, cases, memo))
    return out


def _write_unit(writer, conn: Connection, consensus: str, code_id: int, pid: int, current: list,
                target: tuple[str, ...], memo: str) -> None:
    """Make the consensus for (code, passage) exactly ``target`` (no coding when empty)."""
    if current and target:
        first, *rest = current
        writer.update(first[0], coder=consensus, cases=list(target), memo=memo or first[2])
        for cid, _, _ in rest:
            writer.remove(cid, coder=consensus)
    elif current:
        for cid, _, _ in current:
            writer.remove(cid, coder=consensus)
    elif target:
        writer.add(passage_id=pid, code=code_id, coder=consensus, cases=list(target), memo=memo)


def settle_passage(store, *, reviewer: str, code: str, passage_id: int, decision: str, reason: str,
                   coder: str | None = None, cases: Sequence[str] | None = None, coders: Sequence[str] | None = None,
                   consensus: str = DEFAULT_CONSENSUS, case_set: str | None = None) -> Settlement:
    """Decide the consensus coding of one code on one passage (cases of the case set the code counts)."""
    from ..coding import CodingWriter, resolve_cases, resolve_code

    decision = _check(decision, reason, coder, cases, allow_edit=True)
    with store.transaction() as conn:
        reviewer_id = require_reviewer(conn, reviewer)
        scope = resolve_scope(conn, coders=coders, case_set=case_set or "regioner")
        code_id, path = resolve_code(conn, code)
        writer = CodingWriter(conn, case_set=case_set)
        own_set = writer.case_set_of(code_id, path)
        consensus_id = _consensus_coder(conn, consensus)
        if not conn.execute(text("SELECT 1 FROM passage WHERE id = :i"), {"i": passage_id}).first():
            raise NotFound(f"unknown passage {passage_id} - run 'workbench disagreements' to see the passages")
        theirs: dict[str, list] = defaultdict(list)
        names = dict(zip(scope.coder_ids, scope.coders))
        for _cid, _code, coder_id, pid, _doc, memo, named in _codings_of(conn, scope.coder_ids, [code_id]):
            if pid == passage_id:
                theirs[names[coder_id]].append((memo, named))
        if decision == "take" and coder not in scope.coders:
            raise NotFound(f"coder {coder!r} is not among {', '.join(scope.coders)} - take one of them")
        if decision == "take":
            target = _sorted(c for _, named in theirs.get(coder, ()) for c in named)
            memo = " | ".join(dict.fromkeys(m for m, _ in theirs.get(coder, ()) if m))
        elif decision == "both":
            target = _sorted(c for items in theirs.values() for _, named in items for c in named)
            memo = " | ".join(dict.fromkeys(m for items in theirs.values() for m, _ in items if m))
        elif decision == "neither":
            target, memo = (), ""
        else:
            ids = resolve_cases(conn, list(cases or ()), own_set)
            id_names = {int(i): n for i, n in conn.execute(text("SELECT id, name FROM case_item"))}
            target, memo = _sorted(id_names[i] for i in ids), ""
        current = _consensus_state(conn, consensus_id, code_id, [passage_id]).get(passage_id, [])
        before = _sorted(c for _, named, _ in current for c in named)
        _write_unit(writer, conn, consensus, code_id, passage_id, current, target, memo)
        audit_id = record(conn, reviewer_id, "adjudicate",
                          {"code": path, "passage_id": passage_id, "consensus": list(before),
                           "coders": {k: sorted({c for _, n in v for c in n}, key=case_sort_key) for k, v in theirs.items()}},
                          {"code": path, "passage_id": passage_id, "decision": decision, "coder": coder,
                           "consensus": list(target), "reason": reason, "consensus_set": consensus})
        numbers = passage_numbers(conn, [passage_id])
    return Settlement(audit_id, path, (passage_id,), decision, coder, {passage_id: before}, {passage_id: target}, reason,
                      numbers)


def settle_case(store, *, reviewer: str, code: str, case: str, decision: str, reason: str, coder: str | None = None,
                coders: Sequence[str] | None = None, consensus: str = DEFAULT_CONSENSUS,
                case_set: str | None = None) -> Settlement:
    """Decide whether one case has one code, on every passage where any coder gave it that case.

    The case is one of the case set the code counts (a region, or a länsstyrelse).
    """
    from ..coding import CodingWriter, resolve_cases, resolve_code

    decision = _check(decision, reason, coder, None, allow_edit=False)
    with store.transaction() as conn:
        reviewer_id = require_reviewer(conn, reviewer)
        scope = resolve_scope(conn, coders=coders, case_set=case_set or "regioner")
        code_id, path = resolve_code(conn, code)
        writer = CodingWriter(conn, case_set=case_set)
        (case_id,) = resolve_cases(conn, [case], writer.case_set_of(code_id, path))
        case_name = conn.execute(text("SELECT name FROM case_item WHERE id = :i"), {"i": case_id}).scalar_one()
        consensus_id = _consensus_coder(conn, consensus)
        if decision == "take" and coder not in scope.coders:
            raise NotFound(f"coder {coder!r} is not among {', '.join(scope.coders)} - take one of them")
        names = dict(zip(scope.coder_ids, scope.coders))
        has: dict[int, set[str]] = defaultdict(set)  # passage -> coders who give the case there
        memos: dict[int, list[str]] = defaultdict(list)
        for _cid, _code, coder_id, pid, _doc, memo, named in _codings_of(conn, scope.coder_ids, [code_id]):
            if case_name in named:
                has[pid].add(names[coder_id])
                if memo:
                    memos[pid].append(memo)
        if not has:
            raise NotFound(f"no coder gives {case_name} the code {path} - nothing to settle")
        state = _consensus_state(conn, consensus_id, code_id, list(has))
        before, after = {}, {}
        for pid in sorted(has):
            current = state.get(pid, [])
            cases_now = set(c for _, named, _ in current for c in named)
            include = {"take": coder in has[pid], "both": True, "neither": False}[decision]
            target = _sorted(cases_now | {case_name}) if include else _sorted(cases_now - {case_name})
            before[pid], after[pid] = _sorted(cases_now), target
            if target != before[pid]:
                _write_unit(writer, conn, consensus, code_id, pid, current, target,
                            " | ".join(dict.fromkeys(memos[pid])) if not current else "")
        audit_id = record(conn, reviewer_id, "adjudicate",
                          {"code": path, "case": case_name, "given_by": {str(p): sorted(c) for p, c in has.items()},
                           "consensus": {str(p): list(c) for p, c in before.items()}},
                          {"code": path, "case": case_name, "decision": decision, "coder": coder, "reason": reason,
                           "consensus": {str(p): list(c) for p, c in after.items()}, "consensus_set": consensus})
        numbers = passage_numbers(conn, has)
    return Settlement(audit_id, path, tuple(sorted(has)), decision, coder, before, after, reason, numbers)


def _check(decision: str, reason: str, coder: str | None, cases, *, allow_edit: bool) -> str:
    decision = (decision or "").strip().lower()
    if decision not in DECISIONS:
        raise InvalidInput(f"unknown decision {decision!r} - use take, both, neither or edit")
    if decision == "edit" and not allow_edit:
        raise InvalidInput("edit settles one passage - give --passage ID with --cases")
    if decision == "take" and not coder:
        raise InvalidInput("take needs the coder to take - e.g. --take anna")
    if decision == "edit" and cases is None:
        raise InvalidInput("edit needs the cases - e.g. --cases 'Blekinge, Dalarna'")
    if not (reason or "").strip():
        raise InvalidInput("a reason is required - say why, e.g. --reason 'fotnot 195 listar Örebro'")
    return decision


@dataclass(frozen=True)
class SettledItem:
    audit_id: int
    at: str
    reviewer: str
    code: str
    case: str | None
    passage_id: int | None  # internal; people see ``passage`` (the number) of ``document_id``
    decision: str
    coder: str | None
    reason: str
    passage: int | None = None
    document_id: int | None = None


def settlements(store) -> list[SettledItem]:
    """Every settlement on record, oldest first (from the audit trail)."""
    with store.reading() as conn:
        rows = conn.execute(text(
            "SELECT a.id, a.at, r.name, a.after_json FROM audit a JOIN coder r ON r.id = a.coder_id"
            " WHERE a.action = 'adjudicate' ORDER BY a.id")).all()
        records = [(int(aid), at, reviewer, json.loads(after)) for aid, at, reviewer, after in rows]
        numbers = passage_numbers(conn, [d["passage_id"] for *_, d in records if d.get("passage_id") is not None])
    out = []
    for aid, at, reviewer, data in records:
        pid = data.get("passage_id")
        doc, number = numbers.get(pid, (None, None)) if pid is not None else (None, None)
        out.append(SettledItem(aid, at, reviewer, data["code"], data.get("case"), pid,
                               data["decision"], data.get("coder"), data["reason"], number, doc))
    return out


@dataclass(frozen=True)
class CoderRole:
    name: str
    role: str  # coder, reviewer or consensus
    has_codings: bool


def coder_roster(store) -> list[CoderRole]:
    """Every coder row with its role, in Swedish order: who can be compared, who reviews."""
    with store.reading() as conn:
        coded = {int(r[0]) for r in conn.execute(text("SELECT DISTINCT coder_id FROM coding"))}
        rows = conn.execute(text("SELECT id, name, role FROM coder")).all()
    return sorted((CoderRole(name, role, int(cid) in coded) for cid, name, role in rows),
                  key=lambda c: case_sort_key(c.name))


def reviewer_problem(store, name: str | None) -> str | None:
    """None when ``name`` may settle; otherwise one line saying why and which command fixes it.

    Never promotes anyone: the reviewer role is given on purpose, with 'workbench reviewer NAME'.
    """
    if not (name or "").strip():
        return "no name given - settling needs a reviewer: run 'workbench reviewer NAME', then open the TUI with --coder NAME"
    with store.reading() as conn:
        row = conn.execute(text("SELECT role FROM coder WHERE name = :n"), {"n": name.strip()}).first()
    if row is None:
        return f"{name!r} is not a reviewer - run 'workbench reviewer {name}' to make them one"
    if row[0] != "reviewer":
        return (f"{name!r} is a {row[0]}, not a reviewer - settling needs one: run 'workbench reviewer NAME' "
                "and open the TUI with --coder NAME")
    return None


def consensus_started(store, consensus: str = DEFAULT_CONSENSUS) -> bool:
    """Has the consensus set been seeded (``start_consensus``) or settled into yet?"""
    with store.reading() as conn:
        row = conn.execute(text("SELECT id FROM coder WHERE name = :n AND role = 'consensus'"), {"n": consensus}).first()
        if row is None:
            return False
        started = conn.execute(text("SELECT 1 FROM audit WHERE action IN ('consensus-start', 'adjudicate') LIMIT 1")).first()
        coded = conn.execute(text("SELECT 1 FROM coding WHERE coder_id = :c LIMIT 1"), {"c": int(row[0])}).first()
    return bool(started or coded)
