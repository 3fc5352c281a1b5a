"""What a project's codings say about a claim's cases (``workbench check --db``).

The checked file's passages are found in the project by the file's content
hash (the importer's identity for a document) or, for a draft that was never
imported, by identical passage text. A claim is backed by the codings on its
passage: the ones whose span covers the claim, else the passage's codings of
the code that agrees best with the footnote. The cases those codes have in
*other* documents (the regions' own reports) are the evidence; when the
project holds no such codings, the cases coded on the passage itself are used
and the comparison says so.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import bindparam, text


@dataclass(frozen=True)
class PassageCoding:
    code_id: int
    code_path: str
    span: tuple[int, int] | None
    cases: frozenset[str]  # "case_set/name"


@dataclass(frozen=True)
class ClaimEvidence:
    codes: tuple[str, ...]
    cases: tuple[str, ...]
    source: str  # "sources" | "passage"
    note: str = ""


class ProjectEvidence:
    """Reads a project's codings for the passages of one checked document; all SQL is here."""

    def __init__(self, store, content_hash: str | None, passage_texts: dict[int, str]):
        self.store = store
        self.document_id: int | None = None
        self.passage_ids: dict[int, list[int]] = {}  # passage seq in the checked file -> project passage ids
        self.codings: dict[int, list[PassageCoding]] = defaultdict(list)
        self._load(content_hash, passage_texts)

    def _load(self, content_hash: str | None, passage_texts: dict[int, str]) -> None:
        with self.store.reading() as conn:
            if content_hash:
                row = conn.execute(text("SELECT id FROM document WHERE content_hash = :h"), {"h": content_hash}).first()
                self.document_id = row[0] if row else None
            by_text: dict[str, list[int]] = defaultdict(list)
            if self.document_id is not None:
                rows = conn.execute(text("SELECT id, text FROM passage WHERE document_id = :d"), {"d": self.document_id})
            else:
                wanted = sorted(set(passage_texts.values()))
                rows = []
                for chunk in range(0, len(wanted), 500):
                    rows.extend(conn.execute(
                        text("SELECT id, text FROM passage WHERE text IN :t").bindparams(bindparam("t", expanding=True)),
                        {"t": wanted[chunk: chunk + 500]},
                    ))
            for pid, ptext in rows:
                by_text[ptext].append(pid)
            for seq, ptext in passage_texts.items():
                if by_text.get(ptext):
                    self.passage_ids[seq] = by_text[ptext]
            ids = sorted({pid for pids in self.passage_ids.values() for pid in pids})
            if not ids:
                return
            coding_rows = []
            for chunk in range(0, len(ids), 500):
                coding_rows.extend(conn.execute(
                    text(
                        "SELECT c.id, c.passage_id, c.code_id, k.path, c.span_start, c.span_end, ci.name, cs.name"
                        " FROM coding c JOIN code k ON k.id = c.code_id"
                        " LEFT JOIN coding_case cc ON cc.coding_id = c.id"
                        " LEFT JOIN case_item ci ON ci.id = cc.case_id"
                        " LEFT JOIN case_set cs ON cs.id = ci.case_set_id"
                        " WHERE c.passage_id IN :ids"
                    ).bindparams(bindparam("ids", expanding=True)),
                    {"ids": ids[chunk: chunk + 500]},
                ))
        grouped: dict[int, dict] = {}
        for cid, pid, code_id, path, s, e, case, case_set in coding_rows:
            item = grouped.setdefault(cid, {"pid": pid, "code": code_id, "path": path,
                                            "span": (s, e) if s is not None and e is not None else None, "cases": set()})
            if case is not None:
                item["cases"].add(f"{case_set}/{case}")
        for item in grouped.values():
            self.codings[item["pid"]].append(
                PassageCoding(item["code"], item["path"], item["span"], frozenset(item["cases"]))
            )

    @property
    def found(self) -> bool:
        return bool(self.passage_ids)

    def for_passage(self, passage_seq: int, claims: list[tuple[int, int, str, tuple[str, ...], bool]]
                    ) -> dict[int, ClaimEvidence]:
        """Evidence per claim of one passage: ``claims`` are (start, end, case set, footnote cases, cited).

        A coding whose span covers a claim backs that claim. Without spans,
        each code goes to the cited claim whose footnote it agrees with best
        (none on a tie), and a claim keeps only its best-agreeing codes: a
        passage coded once per footnote ("... 15 regioner44 ... lägre andel45")
        then compares each claim with its own code. A claim without a footnote
        is compared only when it is the passage's one claim and one code.
        """
        pids = self.passage_ids.get(passage_seq)
        codings = [c for pid in (pids or []) for c in self.codings.get(pid, [])]
        if not codings:
            return {}
        assigned: dict[int, set[int]] = defaultdict(set)
        loose: dict[int, list[PassageCoding]] = defaultdict(list)
        for c in codings:
            covering = [i for i, (start, end, *_rest) in enumerate(claims)
                        if c.span and c.span[0] <= start and end <= c.span[1]]
            if covering:
                for i in covering:
                    assigned[i].add(c.code_id)
            else:
                loose[c.code_id].append(c)
        candidates: dict[int, list[tuple[float, int]]] = defaultdict(list)
        for code_id, group in loose.items():
            scores = []
            for i, (_start, _end, case_set, cases, cited) in enumerate(claims):
                if not cited or not cases:
                    continue
                prefix = f"{case_set}/"
                coded = {k for c in group for k in c.cases if k.startswith(prefix)}
                scores.append((_jaccard(coded, {prefix + n for n in cases}), i))
            scores.sort(reverse=True)
            if scores and scores[0][0] > 0 and (len(scores) == 1 or scores[0][0] > scores[1][0]):
                candidates[scores[0][1]].append((scores[0][0], code_id))
        for i, scored in candidates.items():
            top = max(score for score, _code in scored)
            assigned[i].update(code for score, code in scored if score == top)
        if len(claims) == 1 and not claims[0][4] and len(loose) == 1 and not assigned:  # nothing else to back
            assigned[0].update(loose)
        paths = {c.code_id: c.code_path for c in codings}
        out: dict[int, ClaimEvidence] = {}
        for i, code_ids in assigned.items():
            case_set = claims[i][2]
            prefix = f"{case_set}/"
            chosen = sorted(code_ids)
            codes = tuple(sorted({paths[k] for k in chosen}))
            in_sources = self._cases_in_sources(chosen, case_set)
            if in_sources:
                out[i] = ClaimEvidence(codes, tuple(in_sources), "sources")
                continue
            own = {k[len(prefix):] for c in codings if c.code_id in code_ids for k in c.cases if k.startswith(prefix)}
            out[i] = ClaimEvidence(codes, tuple(own), "passage")
        return out

    def _cases_in_sources(self, code_ids: list[int], case_set: str) -> list[str]:
        """Cases coded with these codes (or their sub-codes) in documents other than the checked one."""
        if self.document_id is None:
            exclude = sorted({pid for pids in self.passage_ids.values() for pid in pids})
            clause, params = "c.passage_id NOT IN :skip", {"skip": exclude or [-1]}
        else:
            clause, params = "p.document_id != :doc", {"doc": self.document_id}
        query = text(
            "SELECT DISTINCT ci.name FROM coding c"
            " JOIN code_closure cl ON cl.descendant_id = c.code_id"
            " JOIN passage p ON p.id = c.passage_id"
            " JOIN coding_case cc ON cc.coding_id = c.id"
            " JOIN case_item ci ON ci.id = cc.case_id"
            " JOIN case_set cs ON cs.id = ci.case_set_id"
            f" WHERE cl.ancestor_id IN :codes AND cs.name = :set AND {clause}"
        ).bindparams(bindparam("codes", expanding=True))
        if self.document_id is None:
            query = query.bindparams(bindparam("skip", expanding=True))
        with self.store.reading() as conn:
            return [row[0] for row in conn.execute(query, {"codes": code_ids, "set": case_set, **params})]


def _jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0
