"""Checking a report file end to end: parse, find claims, judge them, locate them.

The file is parsed by the importer's own parser for its format (the bundled
PDF-extracted text, .txt/.md, .docx with real footnotes), so the checker sees
the same passages, footnotes and pages an import would store. Each finding
carries its chapter, printed page label and line in the file (for text
formats), so it can be found and fixed in the source.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, replace
from pathlib import Path

from .claims import CaseNouns, Claim, ClaimFinder, find_claims
from .verdicts import (
    MISMATCHES,
    FootnoteFinding,
    Verdict,
    compare_with_coded,
    footnote_finding,
    judge,
    needs_report,
    read_footnote,
)


@dataclass(frozen=True)
class CheckedClaim:
    verdict: Verdict
    page: str | None  # printed page label (or the physical page number when the page shows none)
    line: int | None  # 1-based line in the file, for text formats
    chapter: str | None
    section: str | None


@dataclass(frozen=True)
class CheckedFootnote:
    finding: FootnoteFinding
    page: str | None
    line: int | None
    chapter: str | None


@dataclass(frozen=True)
class Summary:
    claims: int
    consistent: int
    count_mismatch: int
    out_of_range: int
    footnote_missing: int
    unreadable: int
    warnings: int  # warnings on claims' footnotes plus footnotes no claim cites
    coded: int  # claims compared with coded evidence

    @property
    def mismatches(self) -> int:
        return self.count_mismatch + self.out_of_range


@dataclass(frozen=True)
class CheckReport:
    path: str
    title: str
    format: str
    claims: tuple[CheckedClaim, ...]
    footnotes: tuple[CheckedFootnote, ...]
    problems: tuple[str, ...]
    summary: Summary
    project: str | None = None  # what --db found: "document 3" / "12 passages by text" / "not in the project"


def builtin_case_set_names() -> list[str]:
    """The case sets shipped with workbench, "regioner" first (the default noun)."""
    from importlib.resources import files

    names = sorted(p.name[: -len(".yaml")] for p in (files("workbench") / "data" / "casesets").iterdir()
                   if p.name.endswith(".yaml"))
    return sorted(names, key=lambda n: (n != "regioner", n))


def case_sets(store=None):
    """Case sets as (nouns, resolvers), from the project when it has them, else the built-in data."""
    from ..cases import CaseResolver, builtin_case_set, resolver_for
    from ..errors import WorkbenchError

    nouns, resolvers = [], {}
    for name in builtin_case_set_names():
        resolver = None
        if store is not None:
            try:
                with store.reading() as conn:
                    resolver = resolver_for(conn, name)
            except WorkbenchError:
                resolver = None
        if resolver is None or not resolver.cases:
            resolver = CaseResolver.from_spec(builtin_case_set(name))
        resolvers[name] = resolver
        nouns.append(CaseNouns.of(resolver.info))
    return nouns, resolvers


def check_file(path: str | Path, *, store=None) -> CheckReport:
    """Parse ``path`` with the importer and check every count claim in it."""
    from ..importing.detect import decode_text, parse_bytes, read_file

    path = Path(path)
    data = read_file(path)
    parsed = parse_bytes(data, path)
    raw = None
    if path.suffix.lower() not in (".docx", ".pdf"):
        raw, _problems = decode_text(data, path)
    return check_parsed(parsed, raw_text=raw, path=str(path), store=store,
                        content_hash=hashlib.sha256(data).hexdigest())


def check_parsed(parsed, *, raw_text: str | None = None, path: str = "", store=None,
                 content_hash: str | None = None) -> CheckReport:
    """Check a ``ParsedDocument``; ``raw_text`` (the file as text) gives line numbers."""
    nouns, resolvers = case_sets(store)
    finder = ClaimFinder(nouns, resolvers)
    singular = {n.case_set: n.singular for n in nouns}
    footnotes = {f.number: f for f in parsed.footnotes}
    passages = {p.seq: p for p in parsed.passages}
    locator = _Locator(parsed, raw_text)
    evidence = None
    project = None
    if store is not None:
        from .evidence import ProjectEvidence

        evidence = ProjectEvidence(store, content_hash, {p.seq: p.text for p in parsed.passages})
        if evidence.document_id is not None:
            project = f"document {evidence.document_id} (same file)"
        elif evidence.found:
            found = len(evidence.passage_ids)
            project = f"{found} passage{'' if found == 1 else 's'} found by their text"
        else:
            project = "not in the project"

    judged: list[Verdict] = []
    for claim in find_claims(finder, parsed.passages):
        resolver = resolvers[claim.case_set]
        note = footnotes.get(claim.footnote) if claim.footnote is not None else None
        if note is not None and note.status == "missing":
            note = None  # referenced, but the file holds no text for it
        if claim.footnote is not None and note is not None and not claim.footnote_glued:
            if not read_footnote(note.text, resolver).is_list:
                claim = replace(claim, footnote=None, footnote_offset=None)  # a citation closing the sentence
                note = None
        verdict = judge(
            claim,
            note.text if note is not None else None,
            resolver,
            footnote_status=note.status if note is not None else "ok",
            footnote_exists=claim.footnote is None or note is not None,
            singular=singular.get(claim.case_set),
        )
        judged.append(verdict)
    if evidence is not None:
        judged = _with_evidence(judged, evidence, parsed, footnotes, resolvers)

    checked: list[CheckedClaim] = []
    cited: set[int] = set()
    for verdict in judged:
        claim = verdict.claim
        if not needs_report(verdict):
            continue
        if claim.footnote is not None:
            cited.add(claim.footnote)
        passage = passages[claim.passage_seq]
        page, line = locator.where(passage, claim)
        chapter, section = locator.sections(passage)
        checked.append(CheckedClaim(verdict, page, line, chapter, section))

    loose: list[CheckedFootnote] = []
    first_ref = {}
    for p in parsed.passages:
        for r in p.footnote_refs:
            first_ref.setdefault(r.number, (p, r.char_offset))
    for note in parsed.footnotes:
        if note.number in cited or note.status == "missing":
            continue
        finding = None
        for resolver in resolvers.values():
            finding = footnote_finding(note.number, note.text, resolver)
            if finding is not None:
                break
        if finding is None:
            continue
        page = line = chapter = None
        if note.number in first_ref:
            p, off = first_ref[note.number]
            page, line = locator.where_offset(p, off, note.number)
            chapter, _ = locator.sections(p)
            finding = replace(finding, passage_seq=p.seq, sentence=_sentence_at(p.text, off))
        loose.append(CheckedFootnote(finding, page, line, chapter))

    verdicts = [c.verdict for c in checked]
    summary = Summary(
        claims=len(verdicts),
        consistent=sum(v.verdict == "consistent" for v in verdicts),
        count_mismatch=sum(v.verdict == "count_mismatch" for v in verdicts),
        out_of_range=sum(v.verdict == "out_of_range" for v in verdicts),
        footnote_missing=sum(v.verdict == "footnote_missing" for v in verdicts),
        unreadable=sum(v.verdict == "unreadable" for v in verdicts),
        warnings=sum(len(v.warnings) for v in verdicts) + sum(len(f.finding.warnings) for f in loose),
        coded=sum(v.coded is not None for v in verdicts),
    )
    return CheckReport(path, parsed.title, parsed.format, tuple(checked), tuple(loose), tuple(parsed.problems),
                       summary, project)


def _with_evidence(judged: list[Verdict], evidence, parsed, footnotes: dict, resolvers: dict) -> list[Verdict]:
    """Each verdict with the codings that back its claim, passage by passage.

    The passage's other list footnotes (those no claim cites, "Dels ...24")
    compete for the codings too, so a coding made for one of them is never
    taken as evidence for a claim beside it.
    """
    by_passage: dict[int, list[int]] = {}
    for i, v in enumerate(judged):
        by_passage.setdefault(v.claim.passage_seq, []).append(i)
    passages = {p.seq: p for p in parsed.passages}
    default = resolvers[next(iter(resolvers))]
    out = list(judged)
    for seq, indexes in by_passage.items():
        claims = [(judged[i].claim.start, judged[i].claim.end, judged[i].claim.case_set, judged[i].cases,
                   judged[i].footnote is not None) for i in indexes]
        cited = {judged[i].footnote for i in indexes}
        for ref in passages[seq].footnote_refs:
            note = footnotes.get(ref.number)
            if ref.number in cited or note is None:
                continue
            reading = read_footnote(note.text, default)
            if reading.is_list:
                claims.append((ref.char_offset, ref.char_offset, default.info.name, reading.cases, True))
        for k, got in evidence.for_passage(seq, claims).items():
            if k >= len(indexes):
                continue  # a footnote that backs no claim
            i = indexes[k]
            out[i] = compare_with_coded(judged[i], got.cases, got.codes, got.source, got.note)
    return out


def has_mismatch(report: CheckReport) -> bool:
    return any(c.verdict.verdict in MISMATCHES for c in report.claims)


def _sentence_at(text: str, offset: int) -> str:
    from .sentences import split_sentences

    for s in split_sentences(text):
        if s.holds_ref(offset):
            return s.text
    return text


class _Locator:
    """Pages, lines and chapters for positions in passages."""

    def __init__(self, parsed, raw_text: str | None):
        self.parsed = parsed
        self.raw = raw_text
        self.same_text = raw_text is not None and raw_text == parsed.text
        self.sections_by_seq = {s.seq: s for s in parsed.sections}
        self.pages = sorted(parsed.pages, key=lambda p: p.start_offset)
        self._line_starts = None
        self._cursor = 0
        if raw_text is not None:
            starts = [0]
            starts.extend(m.end() for m in re.finditer("\n", raw_text))
            self._line_starts = starts

    def where(self, passage, claim: Claim) -> tuple[str | None, int | None]:
        if claim.footnote is not None and claim.footnote_offset is not None:
            return self.where_offset(passage, claim.footnote_offset, claim.footnote, claim.phrase)
        return self.where_offset(passage, claim.end, None, claim.phrase)

    def where_offset(self, passage, offset: int, ref: int | None, phrase: str | None = None):
        sliced = self.parsed.text[passage.start_offset: passage.end_offset] == passage.text
        doc_offset = passage.start_offset + offset if sliced else None
        raw_offset = None
        if self.raw is not None:
            if self.same_text and doc_offset is not None:
                raw_offset = doc_offset
            else:
                lo, hi = (passage.start_offset, passage.end_offset) if self.same_text else (0, len(self.raw))
                raw_offset = self._find(lo, hi, ref, phrase)
        if doc_offset is None:
            doc_offset = raw_offset if self.same_text and raw_offset is not None else passage.start_offset
        return self._page(doc_offset, passage), self._line(raw_offset)

    def _find(self, lo: int, hi: int, ref: int | None, phrase: str | None) -> int | None:
        """Where a reference ("regioner122", "[^122]") or a phrase sits in the file's text."""
        window = self.raw[lo:hi]
        patterns = []
        if ref is not None:
            patterns.append(rf"(?<=[^\d\s]){ref}(?!\d)")
            patterns.append(rf"\[\^{ref}\]")
        if phrase:
            words = re.findall(r"\w+", phrase)
            if words:
                patterns.append(r"(?:\W|\d)+".join(re.escape(w) for w in words))
        for pattern in patterns:
            rx = re.compile(pattern, re.I)
            if lo == 0 and hi == len(self.raw):
                m = rx.search(self.raw, self._cursor) or rx.search(self.raw)
                if m:
                    self._cursor = m.start()
                    return m.start()
            else:
                m = rx.search(window)
                if m:
                    return lo + m.start()
        return lo if self.same_text else None

    def _line(self, raw_offset: int | None) -> int | None:
        if raw_offset is None or self._line_starts is None:
            return None
        from bisect import bisect_right

        return bisect_right(self._line_starts, raw_offset)

    def _page(self, doc_offset: int, passage) -> str | None:
        from bisect import bisect_right

        if self.pages:
            starts = [p.start_offset for p in self.pages]
            i = bisect_right(starts, doc_offset) - 1
            if i >= 0:
                page = self.pages[i]
                return page.label or str(page.seq)
        if passage.page_seq is not None:
            for page in self.parsed.pages:
                if page.seq == passage.page_seq:
                    return page.label or str(page.seq)
        return None

    def sections(self, passage) -> tuple[str | None, str | None]:
        section = self.sections_by_seq.get(passage.section_seq) if passage.section_seq is not None else None
        if section is None:
            return None, None
        chapter = section
        while chapter.parent_seq is not None and chapter.level > 1 and chapter.parent_seq in self.sections_by_seq:
            chapter = self.sections_by_seq[chapter.parent_seq]
        return _label(chapter), _label(section)


def _label(section) -> str:
    return f"{section.number} {section.title}" if section.number else section.title
