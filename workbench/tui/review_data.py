"""The agreement and review screens' door to the core (``data.py`` is the reader's).

Synchronous functions meant for thread workers; each calls the core's public
agreement API and returns its plain dataclasses. No SQL here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Sequence

LEVELS = ("case", "passage")


@dataclass(frozen=True)
class ReviewItem:
    """One disagreement to settle: a case of a code, or a code on a passage."""

    code: str
    kind: str  # "case" or "passage"
    case: str | None  # the case, for kind "case"
    passage: Any | None  # disagreements.PassageDisagreement, for kind "passage"
    case_item: Any | None  # disagreements.CaseDisagreement, for kind "case"

    @property
    def key(self) -> tuple:
        return (self.code, self.kind, self.case if self.kind == "case" else self.passage.passage_id)

    @property
    def settled(self) -> str | None:
        return (self.case_item or self.passage).settled


@dataclass(frozen=True)
class ReviewData:
    coders: tuple[str, ...]
    items: tuple[ReviewItem, ...]
    texts: dict  # passage id -> (number, document title, full text) of every passage involved
    cases: dict  # code path -> every case of the case set it counts (Swedish order), for the edit picker
    nouns: dict  # code path -> that case set's English plural noun ("regions")


def agreement_report(store, *, level: str = "case", coders: Sequence[str] | None = None, reviewer: str | None = None,
                     section: str | None = None, document_id: int | None = None):
    """The per-code report exactly as ``workbench agreement --level LEVEL [--coders ...] [--section S]`` computes it."""
    from workbench.core.agreement.levels import agreement_report as report

    return report(store, level=level, coders=list(coders) if coders else None, reviewer=reviewer, section=section,
                  document_id=document_id)


def shared_section(store, coders: Sequence[str] | None = None):
    """The section every chosen coder coded in (None: the whole project); see core agreement.coverage."""
    from workbench.core.agreement.coverage import shared_section as shared

    return shared(store, list(coders) if coders else None)


def coder_roster(store) -> list[Any]:
    from workbench.core.agreement.adjudication import coder_roster as roster

    return roster(store)


def reviewer_problem(store, name: str | None) -> str | None:
    from workbench.core.agreement.adjudication import reviewer_problem as problem

    return problem(store, name)


def review_items(store, *, code: str, level: str, coders: Sequence[str], reviewer: str | None = None,
                 section: str | None = None) -> ReviewData:
    """The disagreements of a code and its subtree at one level, with the passages' full text."""
    from workbench.core.agreement.disagreements import find_disagreements
    from workbench.core.cases import get_case_set
    from workbench.core.codebooks import list_codes
    from workbench.core.documents import get_passage

    found = find_disagreements(store, coders=list(coders) or None, code=code, reviewer=reviewer, section=section)
    items: list[ReviewItem] = []
    wanted: set[int] = set()
    for entry in found.codes:
        if level == "case":
            for c in entry.cases:
                items.append(ReviewItem(entry.code, "case", c.case, None, c))
                wanted.update(ev.passage_id for evs in c.evidence.values() for ev in evs)
        else:
            for p in entry.passages:
                items.append(ReviewItem(entry.code, "passage", None, p, None))
                wanted.add(p.passage_id)
    texts = {}
    numbers = {ev.passage_id: (ev.passage, ev.document) for e in found.codes for c in e.cases
               for evs in c.evidence.values() for ev in evs}
    numbers.update({p.passage_id: (p.number, p.document) for e in found.codes for p in e.passages})
    for pid in sorted(wanted):
        number, title = numbers[pid]
        texts[pid] = (number, title, get_passage(store, pid).text)
    with store.reading() as conn:
        counts = {c.path: c.case_set for c in list_codes(conn)}
        wanted_sets = {counts.get(item.code, "regioner") for item in items}
        sets = {name: get_case_set(conn, name) for name in wanted_sets}
    of = {item.code: sets[counts.get(item.code, "regioner")] for item in items}
    return ReviewData(found.coders, tuple(items), texts, {code: tuple(c.name for c in info.cases) for code, info in of.items()},
                      {code: info.noun_plural_en for code, info in of.items()})


def settle(store, item: ReviewItem, *, reviewer: str, coders: Sequence[str], decision: str, reason: str,
           coder: str | None = None, cases: Sequence[str] | None = None, passage_id: int | None = None) -> tuple[Any, Any]:
    """Settle one item into the consensus (seeding it first from what the coders agree on).

    Returns (the consensus start or None, the settlement).
    """
    from workbench.core.agreement import adjudication

    started = None
    if not adjudication.consensus_started(store):
        started = adjudication.start_consensus(store, reviewer=reviewer, coders=list(coders))
    if item.kind == "case" and decision != "edit":
        done = adjudication.settle_case(store, reviewer=reviewer, code=item.code, case=item.case, decision=decision,
                                        reason=reason, coder=coder, coders=list(coders))
    else:
        pid = passage_id if passage_id is not None else item.passage.passage_id
        done = adjudication.settle_passage(store, reviewer=reviewer, code=item.code, passage_id=pid, decision=decision,
                                           reason=reason, coder=coder, cases=cases, coders=list(coders))
    return started, done
