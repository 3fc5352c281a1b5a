"""Judging a count claim against its footnote: consistent, or what is wrong and how to fix it.

The footnote is read with ``workbench.core.caselists.parse_case_list`` (the
same reader the importer and the coding tools use), so aliases, typos,
duplicates, missing commas, "och" before the last name and complements ("Ej
X, Y", "Samtliga regioner utom X") are understood once, in one place. What
is judged here:

* ``consistent``: the footnote lists as many distinct cases as the sentence
  claims (for a proportion word: a count inside its documented range);
* ``count_mismatch``: a number ("tio regioner") that differs from the count
  of distinct cases in the footnote;
* ``out_of_range``: a proportion word ("hälften") whose range does not hold
  the count the footnote lists;
* ``footnote_missing``: the sentence cites a footnote the document does not
  contain, or a count has no footnote at all;
* ``unreadable``: the footnote is there but is not a list of cases (prose,
  a citation), or the extracted text cut it short.

A footnote reference that closes a sentence rather than being glued to the
count ("... beskrivs av 15 regioner.93") is taken as the count's only when
the footnote reads as a list of cases; a citation there ("Kronoberg, 2021.")
belongs to the sentence, not the number.

When a "nästan alla" or "flertalet" footnote is prose that names the
exceptions ("Östergötland beskriver inte ...", "Stockholm och Västerbotten
saknar ..."), the named cases are read as the ones left out. A "samtliga"
claim needs no list, so a comment as its footnote is fine.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .claims import Claim, proportion_rule

VERDICTS = ("consistent", "count_mismatch", "out_of_range", "footnote_missing", "unreadable")
MISMATCHES = frozenset({"count_mismatch", "out_of_range"})
WARNING_KINDS = ("alias", "typo", "duplicate", "order", "missing_comma", "conjunction", "unknown")
_NEGATION = re.compile(r"\b(?:inte|ej|saknar|saknas|utom|förutom|undantag\w*|undantaget)\b", re.I)
# Proportion words too vague to need a footnote of their own.
VAGUE = frozenset(
    {"några", "vissa", "flera", "många", "tämligen många", "ganska många", "relativt många", "väldigt många",
     "ett antal", "ett flertal", "ett fåtal", "enstaka", "ett par", "ett mindre antal"}
)


@dataclass(frozen=True)
class CheckWarning:
    kind: str  # one of WARNING_KINDS
    detail: str


@dataclass(frozen=True)
class CodedComparison:
    """A claim's cases next to what the project's codings support (``--db``)."""

    codes: tuple[str, ...]  # code paths coded on the claim's passage
    coded_cases: tuple[str, ...]  # cases with coded evidence, Swedish order
    source: str  # "sources" (codings in other documents) or "passage" (codings on the claim's own passage)
    without_evidence: tuple[str, ...]  # in the footnote, not coded
    missing_from_footnote: tuple[str, ...]  # coded, not in the footnote
    note: str = ""


@dataclass(frozen=True)
class Verdict:
    claim: Claim
    verdict: str  # one of VERDICTS
    detail: str  # one line, English, naming the numbers
    footnote: int | None
    footnote_text: str | None
    listed: int | None  # distinct cases the footnote (or the sentence) gives; the complement's size for "Ej X"
    cases: tuple[str, ...]  # those cases, Swedish order
    complement: bool = False
    warnings: tuple[CheckWarning, ...] = ()
    fixed_claim: str | None = None  # the phrase as it should read ("nio regioner")
    fixed_footnote: str | None = None  # the footnote as it should read (canonical names, Swedish order)
    fix: str | None = None  # what to do, in one line
    coded: CodedComparison | None = None

    @property
    def is_mismatch(self) -> bool:
        return self.verdict in MISMATCHES


@dataclass(frozen=True)
class FootnoteFinding:
    """A list footnote with warnings that no count claim cites (e.g. "Regionerna i Norra Mellansverige62")."""

    footnote: int
    footnote_text: str
    cases: tuple[str, ...]
    warnings: tuple[CheckWarning, ...]
    fixed_footnote: str | None
    passage_seq: int | None = None
    sentence: str | None = None


@dataclass
class _Reading:
    cases: tuple[str, ...] = ()
    complement: bool = False
    warnings: tuple[CheckWarning, ...] = ()
    is_list: bool = False
    prose_exceptions: tuple[str, ...] = ()
    fixed_footnote: str | None = None
    named: tuple[str, ...] = field(default_factory=tuple)


# -- reading a footnote --------------------------------------------------------


def _sorted(names) -> tuple[str, ...]:
    from ..collation import sort_swedish

    return tuple(sort_swedish(list(names)))


def read_footnote(text: str, resolver) -> _Reading:
    """The cases a footnote lists (via ``parse_case_list``), its warnings and its corrected text."""
    from ..caselists import parse_case_list

    parsed = parse_case_list(text, resolver)
    if not parsed.is_list:
        return _Reading()
    warnings = tuple(CheckWarning(w.kind, w.detail) for w in parsed.warnings)
    named = tuple(c.name for c in parsed.named) if parsed.named else tuple(c.name for c in parsed.cases)
    reading = _Reading(
        cases=_sorted(c.name for c in parsed.cases),
        complement=parsed.complement,
        warnings=warnings,
        is_list=True,
        named=named,
    )
    if warnings and not any(w.kind == "unknown" for w in warnings):
        reading.fixed_footnote = corrected_footnote(text, named, parsed.complement, parsed.rest, parsed.items)
    return reading


def corrected_footnote(text: str, named, complement: bool, rest: str, items=()) -> str:
    """The footnote with canonical names, each once, in Swedish order; a complement keeps its lead-in."""
    flat = " ".join(text.split())
    names = ", ".join(_sorted(set(named)))
    lead = ""
    if complement and items:
        first = flat.find(items[0].text)
        lead = flat[:first] if first > 0 else ""
    body = f"{lead}{names}."
    return f"{body} {rest}".strip() if rest else body


def _prose_exceptions(text: str, resolver) -> tuple[str, ...]:
    """Cases a prose footnote names as left out ("Östergötland beskriver inte ..."), or ()."""
    if not _NEGATION.search(text):
        return ()
    return tuple(dict.fromkeys(m.case.name for m in resolver.find_mentions(text)))


# -- phrasing the fix ------------------------------------------------------------


def count_words(n: int, claim: Claim) -> str:
    """A count as the report writes it: words up to twelve, digits above (digits if the claim used them)."""
    from ..phrasing import number_word

    word = str(n) if claim.uses_digits else number_word(n)
    if claim.quantifier[:1].isupper():
        word = word[:1].upper() + word[1:]
    return word


def fixed_phrase(claim: Claim, n: int, singular: str | None = None) -> str:
    """The claim's phrase with its number replaced: "tio regioner" -> "nio regioner"."""
    word = count_words(n, claim)
    if claim.kind in ("count", "proportion") and claim.phrase.lower().startswith(claim.quantifier.lower()):
        tail = claim.phrase[len(claim.quantifier):]
        if claim.kind == "proportion":
            noun = claim.noun or ""
            tail = f" av {noun}" if claim.noun_form == "definite" else f" {noun}"
        if n == 1 and singular and claim.noun:
            genitive = claim.noun.endswith("s") and not singular.endswith("s")
            tail = tail.replace(claim.noun, singular + ("s" if genitive else ""))
        return word + tail
    noun = claim.noun or ""
    return f"{word} {noun}".strip()


# -- judging -----------------------------------------------------------------------


def judge(claim: Claim, footnote_text: str | None, resolver, *, footnote_status: str = "ok",
          footnote_exists: bool = True, singular: str | None = None) -> Verdict:
    """The verdict for one claim. ``footnote_text`` is None when the claim cites no footnote."""
    if claim.footnote is not None and not footnote_exists:
        return Verdict(claim, "footnote_missing",
                       f"footnote {claim.footnote} is cited but its text is not in the document",
                       claim.footnote, None, None, (),
                       fix=f"restore the text of footnote {claim.footnote} (the regions behind '{claim.phrase}')")
    if claim.footnote is None or footnote_text is None:
        return _judge_sentence(claim, singular, resolver)
    reading = read_footnote(footnote_text, resolver)
    if not reading.is_list:
        if claim.kind == "all":
            return Verdict(claim, "consistent",
                           f"'{claim.quantifier}' needs no list; footnote {claim.footnote} is a comment",
                           claim.footnote, footnote_text, claim.total, tuple(c.name for c in resolver.cases))
        exceptions = _prose_exceptions(footnote_text, resolver) if claim.kind in ("proportion", "count") else ()
        if exceptions:
            reading.cases = _sorted(c.name for c in resolver.cases if c.name not in exceptions)
            reading.complement = True
            reading.prose_exceptions = exceptions
        else:
            return Verdict(claim, "unreadable",
                           f"footnote {claim.footnote} is not a list of {claim.case_set}: the count cannot be checked",
                           claim.footnote, footnote_text, None, (),
                           fix=f"list the {claim.case_set} behind '{claim.phrase}' in footnote {claim.footnote}")
    listed = len(reading.cases)
    base = dict(footnote=claim.footnote, footnote_text=footnote_text, listed=listed, cases=reading.cases,
                complement=reading.complement, warnings=reading.warnings, fixed_footnote=reading.fixed_footnote)
    if footnote_status != "ok":
        return Verdict(claim, "unreadable",
                       f"footnote {claim.footnote} is cut short in the source text ({listed} {claim.case_set} read"
                       f" before it breaks off)",
                       fix=f"check footnote {claim.footnote} against the original report", **base)
    how = ""
    if reading.prose_exceptions:
        how = f" (all but {', '.join(reading.prose_exceptions)}, named in prose)"
    elif reading.complement:
        how = " (the complement of those it names)"
    return _compare(claim, listed, how, base, singular, resolver)


def _compare(claim: Claim, listed: int, how: str, base: dict, singular: str | None, resolver) -> Verdict:
    where = f"footnote {claim.footnote}" if claim.footnote is not None else "the sentence"
    if isinstance(claim.claimed, tuple):
        lo, hi = claim.claimed
        if lo <= listed <= hi:
            return Verdict(claim, "consistent",
                           f"'{claim.quantifier}' means {lo}-{hi} of {claim.total}; {where} gives {listed}{how}",
                           **base)
        exact = fixed_phrase(claim, listed, singular)
        better = _proportion_for(listed, claim, resolver)
        alternatives = f"'{exact}'" + (f" or '{better}'" if better else "")
        return Verdict(claim, "out_of_range",
                       f"'{claim.quantifier}' means {lo}-{hi} of {claim.total}, but {where} gives {listed}{how}",
                       fixed_claim=exact, fix=f"write {alternatives}, or correct {where}", **base)
    if listed == claim.claimed:
        return Verdict(claim, "consistent", f"'{claim.phrase}' = {claim.claimed}; {where} gives {listed}{how}", **base)
    fixed = _fixed_all(claim, listed, base["cases"], resolver) if claim.kind in ("all", "all_but") else \
        fixed_phrase(claim, listed, singular)
    return Verdict(claim, "count_mismatch",
                   f"'{claim.phrase}' = {claim.claimed}, but {where} gives {listed}{how}",
                   fixed_claim=fixed,
                   fix=f"write '{fixed}', or correct {where} to list {claim.claimed}", **base)


def _fixed_all(claim: Claim, listed: int, cases, resolver) -> str:
    from ..phrasing import Noun, phrase

    info = resolver.info
    missing = [c.name for c in resolver.cases if c.name not in set(cases)]
    return phrase(listed, claim.total, Noun.of(info), missing=missing, capitalize=claim.quantifier[:1].isupper())


def _proportion_for(listed: int, claim: Claim, resolver) -> str | None:
    """A proportion word whose range (in our table) holds ``listed``, as ``phrasing`` words it."""
    from ..phrasing import Noun, proportion_phrase

    words = proportion_phrase(listed, claim.total, Noun.of(resolver.info), capitalize=claim.quantifier[:1].isupper())
    if not words:
        return None
    for length in (3, 2, 1):
        rule = proportion_rule(" ".join(words.split()[:length]))
        if rule is not None:
            lo, hi = rule.range(claim.total)
            return words if lo <= listed <= hi else None
    return None


def _judge_sentence(claim: Claim, singular: str | None, resolver) -> Verdict:
    """A claim without a footnote: checkable only when the sentence names its cases."""
    if claim.kind == "all":
        return Verdict(claim, "consistent", f"'{claim.quantifier}' names every one of the {claim.total}",
                       None, None, claim.total, tuple(c.name for c in resolver.cases))
    names = claim.exceptions or claim.named
    if names:
        listed = claim.total - len(claim.exceptions) if claim.exceptions else len(claim.named)
        how = f" (all but {', '.join(claim.exceptions)})" if claim.exceptions else f" ({', '.join(claim.named)})"
        cases = [c.name for c in resolver.cases if c.name not in claim.exceptions] if claim.exceptions else claim.named
        base = dict(footnote=None, footnote_text=None, listed=listed, cases=_sorted(cases),
                    complement=bool(claim.exceptions))
        if claim.kind == "all_but":
            return Verdict(claim, "consistent", f"'{claim.phrase}' = {claim.claimed}; the sentence names the exceptions",
                           **base)
        if listed == claim.claimed:
            return Verdict(claim, "consistent", f"'{claim.phrase}' = {claim.claimed}; the sentence names {listed}{how}",
                           **base)
        fixed = fixed_phrase(claim, listed, singular)
        return Verdict(claim, "count_mismatch",
                       f"'{claim.phrase}' = {claim.claimed}, but the sentence names {listed}{how}",
                       fixed_claim=fixed, fix=f"write '{fixed}'", **base)
    return Verdict(claim, "footnote_missing",
                   f"no footnote lists the {claim.case_set} behind '{claim.phrase}'",
                   None, None, None, (),
                   fix=f"add a footnote listing the {claim.case_set} behind '{claim.phrase}'")


_CITATION = re.compile(r"^(?P<name>[^\W\d][^,]{1,60}?),\s*(?P<year>(?:19|20)\d\d)\.?\s*$")


def footnote_finding(number: int, text: str, resolver) -> FootnoteFinding | None:
    """Warnings for a footnote no claim cites; None when there is nothing to flag.

    A list footnote is read as a list; a source citation naming one case
    ("Södermanland, 2021.") is checked for the name it is written with.
    """
    reading = read_footnote(text, resolver)
    if reading.is_list:
        if not reading.warnings:
            return None
        return FootnoteFinding(number, text, reading.cases, reading.warnings, reading.fixed_footnote)
    cited = _CITATION.match(" ".join(text.split()))
    if not cited:
        return None
    name = cited.group("name").strip()
    found = resolver.lookup(name)
    kind = "alias"
    if found is None:
        from ..errors import WorkbenchError

        try:
            found = resolver.resolve(name)
        except WorkbenchError:
            return None
        kind = "typo"
    if found.how == "exact":
        return None
    canonical = found.case.name
    detail = (f"'{name}' is written for {canonical}" if kind == "alias" else f"'{name}' is a typo for {canonical}")
    return FootnoteFinding(number, text, (canonical,), (CheckWarning(kind, detail),),
                           f"{canonical}, {cited.group('year')}.")


def needs_report(verdict: Verdict) -> bool:
    """Whether a claim is worth listing: every cited claim; uncited ones only when checkable or precise."""
    claim = verdict.claim
    if claim.footnote is not None:
        return True
    if claim.kind == "all" or (claim.kind == "count" and claim.claimed in (1, claim.total) and not claim.named):
        # "Samtliga regioner", "Sveriges 21 regioner", "en region som ...": nothing for a footnote to list
        return verdict.coded is not None
    if claim.kind == "proportion" and claim.quantifier.lower() in VAGUE:
        return verdict.coded is not None
    return True


def compare_with_coded(verdict: Verdict, coded_cases, codes, source: str, note: str = "") -> Verdict:
    """Add what the project's codings support next to the footnote's cases."""
    from dataclasses import replace

    coded = _sorted(set(coded_cases))
    listed = set(verdict.cases)
    if not listed and not note:
        claimed = verdict.claim.claimed
        said = f"{claimed[0]}-{claimed[1]}" if isinstance(claimed, tuple) else str(claimed)
        note = f"no list to compare: the codings support {len(coded)}, the sentence claims {said}"
    comparison = CodedComparison(
        codes=tuple(codes),
        coded_cases=coded,
        source=source,
        without_evidence=_sorted(listed - set(coded)) if listed else (),
        missing_from_footnote=_sorted(set(coded) - listed) if listed else (),
        note=note,
    )
    return replace(verdict, coded=comparison)
