"""Rebuild codings from a published report's own count claims.

A synthesis report already holds a coding of its sources in compressed form:
"13 regioner[195] lyfter utmaningar i arbetet med validering" plus footnote 195
listing the thirteen regions is one code applied to thirteen cases. Given a map
from footnote number to code (``examples/claims-2020.yaml``), this module codes
each claim's passage with the regions its footnote lists, so that the query
layer can be checked against the report and the demo project has real data.

The report's own mistakes are recorded, never smoothed over: a count that
disagrees with its list, an alias, a typo or a duplicate in the footnote ends
up both in the returned problems and in the coding's memo.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .errors import InvalidInput

PROPORTION_WORDS = frozenset(
    {"flertalet", "hälften", "majoriteten", "flera", "några", "vissa", "de flesta", "ett fåtal", "samtliga"}
)


@dataclass(frozen=True)
class ClaimSpec:
    footnote: int
    code: str
    case_set: str
    claimed: int | str | None
    sentence: str
    page: str | None = None


@dataclass(frozen=True)
class ReconstructedClaim:
    spec: ClaimSpec
    passage_id: int | None
    coding_id: int | None
    cases: tuple[str, ...]
    problems: tuple[str, ...] = field(default=())


def load_claims_file(path: str | Path) -> list[ClaimSpec]:
    """Read a claims map; one bad entry names its index and nothing is returned."""
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as err:
        raise InvalidInput(f"{path}: cannot read claims file ({str(err).splitlines()[0]})") from None
    entries = (data or {}).get("claims") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise InvalidInput(f"{path}: expected a top-level 'claims:' list")
    specs = []
    for i, entry in enumerate(entries, 1):
        try:
            specs.append(
                ClaimSpec(
                    footnote=int(entry["footnote"]),
                    code=str(entry["code"]),
                    case_set=str(entry.get("case_set") or "regioner"),
                    claimed=entry.get("claimed"),
                    sentence=str(entry.get("sentence") or ""),
                    page=None if entry.get("page") is None else str(entry["page"]),
                )
            )
        except (KeyError, TypeError, ValueError) as err:
            raise InvalidInput(f"{path}: claim #{i} needs 'footnote' (a number) and 'code' ({err})") from None
    return specs


def reconstruct(store, document_id: int, claims: list[ClaimSpec], *, coder: str) -> list[ReconstructedClaim]:
    """Code each claim's passage with the cases its footnote lists, all in one transaction."""
    from .caselists import parse_case_list
    from .cases import resolver_for
    from .coding import CodingWriter
    from .documents import find_passage_by_footnote, get_footnote

    with store.reading() as conn:
        resolvers = {name: resolver_for(conn, name) for name in {c.case_set for c in claims}}
    planned: list[tuple[ClaimSpec, int | None, tuple[str, ...], list[str]]] = []
    for spec in claims:
        problems: list[str] = []
        passage_id = find_passage_by_footnote(store, document_id, spec.footnote)
        footnote = get_footnote(store, document_id, spec.footnote)
        if passage_id is None or footnote is None:
            problems.append(f"footnote {spec.footnote} is not in the document")
            planned.append((spec, passage_id, (), problems))
            continue
        listed = parse_case_list(footnote.text, resolvers[spec.case_set])
        if not listed.is_list or not listed.cases:
            problems.append(f"footnote {spec.footnote} is not a list of {spec.case_set}: {footnote.text!r}")
            planned.append((spec, passage_id, (), problems))
            continue
        if footnote.status != "ok":
            problems.append(f"footnote {spec.footnote} is {footnote.status} in the text: its list may be incomplete")
        for warning in listed.warnings:
            problems.append(f"footnote {spec.footnote}: {warning.kind}: {warning.detail}")
        names = tuple(c.name for c in listed.cases)
        if isinstance(spec.claimed, int) and spec.claimed != len(names):
            problems.append(f"footnote {spec.footnote}: the sentence says {spec.claimed}, the footnote lists {len(names)}")
        planned.append((spec, passage_id, names, problems))

    results: list[ReconstructedClaim] = []
    with store.transaction() as conn:
        writers: dict[str, CodingWriter] = {}
        for spec, passage_id, names, problems in planned:
            if not names:
                results.append(ReconstructedClaim(spec, passage_id, None, (), tuple(problems)))
                continue
            writer = writers.setdefault(spec.case_set, CodingWriter(conn, case_set=spec.case_set))
            coding = writer.add(passage_id=passage_id, code=spec.code, coder=coder, cases=list(names),
                                memo="; ".join(problems))
            results.append(ReconstructedClaim(spec, passage_id, coding.id, tuple(coding.cases), tuple(problems)))
    return results
