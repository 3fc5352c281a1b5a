"""Finding count claims in report prose: "tio regioner", "drygt hälften av regionerna".

A synthesis report states how many cases something applies to and backs the
number with a footnote that lists them. To check the number we must first
read it the way the report's readers do:

* a count in words ("en", "ett" ... "tjugoen", capitalised at a sentence
  start) or in digits, before a case noun: "tio regioner", "13 regioner",
  "Tio av regionerna", "Sex av de elva länsstyrelserna" (the claim is six),
  "i nio regioners rapporteringar";
* all of them: "Samtliga regioner", "Samtliga (21)", "Alla Sveriges 21
  regioner"; all but some: "Samtliga regioner förutom Uppsala", "Alla
  regioner utom en" (the exceptions are then part of the claim);
* a proportion word, which claims a range rather than a number: the ranges
  are in ``PROPORTION_RULES`` below and, for 21 cases, in docs/checker.md;
* a bare count word carrying the footnote reference ("rapporterar åtta471
  prestationer"), the case noun left implicit.

The case nouns come from the case set data (``noun_singular``,
``noun_plural``, ``noun_definite_plural`` and their genitives), never from a
list here. Footnote references come from the parsed passage, whose text no
longer contains the reference digits; a reference belongs to the phrase it
is glued to, or else to the nearest claim before it in the same sentence.

"Samtliga av de regioner som ..." and "alla regioner som ..." speak of a
subset and claim no number; "de tio regioner", "av dessa nio regioner"
refer back to a number already claimed and are claims only when they carry
a footnote of their own.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Callable, Iterable, Sequence

from .sentences import Sentence, split_sentences

# -- numbers ----------------------------------------------------------------

_UNITS = {"en": 1, "ett": 1, "två": 2, "tre": 3, "fyra": 4, "fem": 5, "sex": 6, "sju": 7, "åtta": 8, "nio": 9}
NUMBER_WORDS: dict[str, int] = {
    **_UNITS,
    "tio": 10,
    "elva": 11,
    "tolv": 12,
    "tretton": 13,
    "fjorton": 14,
    "femton": 15,
    "sexton": 16,
    "sjutton": 17,
    "arton": 18,
    "aderton": 18,
    "nitton": 19,
    "tjugo": 20,
    **{"tjugo" + word: 20 + n for word, n in _UNITS.items()},
}


def number_value(word: str) -> int | None:
    """"Tio" -> 10, "13" -> 13, "tjugoen" -> 21; None for anything else."""
    w = word.lower().replace("-", "")
    if w.isdigit():
        return int(w)
    return NUMBER_WORDS.get(w)


# -- proportion words --------------------------------------------------------


def _r(x: float) -> int:
    """Round half up (Python's round() rounds 10.5 to 10)."""
    return int(math.floor(x + 0.5))


@dataclass(frozen=True)
class ProportionRule:
    """What a proportion word claims: a range of counts out of ``total`` cases.

    ``low``/``high`` are functions of the total so that the same words work
    for 21 regions and for any other case set; ``meaning`` says in English
    how the range was chosen. Ranges are generous on purpose: the checker
    flags a proportion word only when no careful writer would use it for
    the count its footnote lists.
    """

    words: tuple[str, ...]  # the spellings, lower case; the first is the name shown in tables
    low: Callable[[int], int]
    high: Callable[[int], int]
    meaning: str

    def range(self, total: int) -> tuple[int, int]:
        lo, hi = max(0, self.low(total)), min(total, self.high(total))
        return (lo, max(lo, hi))


def _half_lo(n: int) -> int:
    return n // 2


def _half_hi(n: int) -> int:
    return (n + 1) // 2


def _a_bit(n: int) -> int:
    """How far "drygt"/"knappt" may stray from a half: 15 % of the cases (3 of 21), at least one."""
    return max(1, _r(0.15 * n))


def _a_little(n: int) -> int:
    """How far "drygt"/"knappt" may stray from a third: 10 % of the cases (2 of 21), at least one."""
    return max(1, _r(0.10 * n))


PROPORTION_RULES: tuple[ProportionRule, ...] = (
    ProportionRule(("drygt hälften", "strax över hälften", "något mer än hälften"),
                   lambda n: _half_lo(n) + 1, lambda n: _half_lo(n) + _a_bit(n),
                   "just over half: more than half, by at most 15 % of the cases"),
    ProportionRule(("knappt hälften", "nästan hälften", "strax under hälften"),
                   lambda n: _half_hi(n) - _a_bit(n), lambda n: _half_hi(n) - 1,
                   "just under half: fewer than half, by at most 15 % of the cases"),
    ProportionRule(("ungefär hälften", "cirka hälften", "ca hälften", "omkring hälften", "runt hälften"),
                   lambda n: _half_lo(n) - 1, lambda n: _half_hi(n) + 1,
                   "about half: half, give or take one"),
    ProportionRule(("mer än hälften", "över hälften", "fler än hälften"),
                   lambda n: _half_lo(n) + 1, lambda n: n,
                   "more than half"),
    ProportionRule(("mindre än hälften", "under hälften", "färre än hälften"),
                   lambda n: 1, lambda n: _half_hi(n) - 1,
                   "fewer than half"),
    ProportionRule(("hälften",),
                   _half_lo, _half_hi,
                   "half: n/2 rounded down or up"),
    ProportionRule(("drygt en tredjedel", "en dryg tredjedel"),
                   lambda n: n // 3 + 1, lambda n: n // 3 + _a_little(n),
                   "just over a third: more than a third, by at most 10 % of the cases"),
    ProportionRule(("knappt en tredjedel", "en knapp tredjedel"),
                   lambda n: -(-n // 3) - _a_little(n), lambda n: -(-n // 3) - 1,
                   "just under a third: fewer than a third, by at most 10 % of the cases"),
    ProportionRule(("mer än en tredjedel", "över en tredjedel"),
                   lambda n: n // 3 + 1, lambda n: n,
                   "more than a third"),
    ProportionRule(("en tredjedel", "ungefär en tredjedel", "cirka en tredjedel", "var tredje"),
                   lambda n: _r(n / 3) - 1, lambda n: _r(n / 3) + 1,
                   "a third: n/3, give or take one"),
    ProportionRule(("två tredjedelar", "ungefär två tredjedelar", "cirka två tredjedelar"),
                   lambda n: _r(2 * n / 3) - 1, lambda n: _r(2 * n / 3) + 1,
                   "two thirds: 2n/3, give or take one"),
    ProportionRule(("en fjärdedel", "var fjärde"),
                   lambda n: _r(n / 4) - 1, lambda n: _r(n / 4) + 1,
                   "a quarter: n/4, give or take one"),
    ProportionRule(("tre fjärdedelar",),
                   lambda n: _r(3 * n / 4) - 1, lambda n: _r(3 * n / 4) + 1,
                   "three quarters: 3n/4, give or take one"),
    ProportionRule(("nästan alla", "nästan samtliga", "i stort sett alla", "i stort sett samtliga",
                    "praktiskt taget alla"),
                   lambda n: -(-3 * n // 4), lambda n: n - 1,
                   "almost all: at least three quarters, not all"),
    ProportionRule(("majoriteten", "en majoritet", "merparten", "huvuddelen", "större delen", "de flesta",
                    "flertalet"),
                   lambda n: _half_lo(n) + 1, lambda n: n - 1,
                   "most: more than half, not all (all would be 'samtliga')"),
    ProportionRule(("en minoritet",),
                   lambda n: 1, lambda n: _half_hi(n) - 1,
                   "a minority: fewer than half"),
    ProportionRule(("ett fåtal", "enstaka"),
                   lambda n: 2, lambda n: max(2, _r(n / 4)),
                   "a few: two up to a quarter of the cases"),
    ProportionRule(("ett par",),
                   lambda n: 2, lambda n: 3,
                   "a couple: two or three"),
    ProportionRule(("ett mindre antal",),
                   lambda n: 2, lambda n: _half_hi(n) - 1,
                   "a small number: two up to fewer than half"),
    ProportionRule(("några", "vissa", "flera"),
                   lambda n: 2, lambda n: _half_lo(n),
                   "some, several: two up to half (more would be 'de flesta' or 'majoriteten')"),
    ProportionRule(("många", "tämligen många", "ganska många", "relativt många", "väldigt många"),
                   lambda n: -(-n // 4), lambda n: n,
                   "many: at least a quarter of the cases"),
    ProportionRule(("ett antal", "ett flertal"),
                   lambda n: 2, lambda n: n - 1,
                   "a number of: two or more, not all"),
)

_RULE_BY_WORDS: dict[str, ProportionRule] = {w: rule for rule in PROPORTION_RULES for w in rule.words}


def proportion_rule(words: str) -> ProportionRule | None:
    """The rule for a proportion word as written ("Drygt hälften" -> the "drygt hälften" rule)."""
    return _RULE_BY_WORDS.get(" ".join(words.lower().split()))


def proportion_range(words: str, total: int) -> tuple[int, int] | None:
    rule = proportion_rule(words)
    return rule.range(total) if rule else None


# -- case nouns --------------------------------------------------------------


@dataclass(frozen=True)
class CaseNouns:
    """How prose names the members of one case set, and how many there are."""

    case_set: str
    singular: str
    plural: str
    definite_plural: str
    total: int

    @classmethod
    def of(cls, info) -> "CaseNouns":
        """From a ``CaseSetInfo`` or ``CaseSetSpec`` of ``workbench.core.cases``."""
        return cls(info.name, info.noun_singular, info.noun_plural, info.noun_definite_plural, len(info.cases))

    def forms(self) -> dict[str, str]:
        """Every written form -> "singular" | "plural" | "definite" (genitives included)."""
        out: dict[str, str] = {}
        for word, kind in ((self.singular, "singular"), (self.plural, "plural"), (self.definite_plural, "definite")):
            out.setdefault(word.lower(), kind)
            if not word.endswith("s"):
                out.setdefault(word.lower() + "s", kind)
        return out


# -- claims ------------------------------------------------------------------


@dataclass(frozen=True)
class Claim:
    """One count claim in a sentence, as written; nothing here is checked yet.

    ``kind``: "count" (a number), "proportion" (a range), "all" (every case),
    "all_but" (every case except those named or counted in ``exceptions`` /
    ``except_count``). ``claimed`` is an int or an inclusive (low, high)
    range. Offsets are in the passage text; ``footnote_glued`` says the
    reference is attached to the phrase itself rather than later in the
    sentence.
    """

    passage_seq: int
    sentence: str
    sentence_start: int
    phrase: str
    start: int
    end: int
    quantifier: str  # as written: "tio", "Drygt hälften", "Samtliga", "13"
    noun: str | None  # as written: "regioner", "regionerna"; None for a bare "åtta471"
    noun_form: str  # "singular" | "plural" | "definite" | "none"
    case_set: str
    total: int
    kind: str
    claimed: int | tuple[int, int]
    footnote: int | None = None
    footnote_offset: int | None = None
    footnote_glued: bool = False
    back_reference: bool = False  # "de tio regionerna", "av dessa nio regioner"
    of_count: int | None = None  # "Sex av de elva länsstyrelserna" -> 11
    exceptions: tuple[str, ...] = ()  # case names after "utom"/"förutom", canonical
    named: tuple[str, ...] = ()  # case names the sentence itself lists ("två regioner, Kronoberg och Kalmar")
    except_count: int | None = None  # "Alla regioner utom en" -> 1
    uses_digits: bool = False


_NUM_WORDS_RE = "|".join(sorted(NUMBER_WORDS, key=len, reverse=True))
_NUM_RE = rf"(?:(?<![\d.,:/])\d{{1,3}}(?![\d]|[.,:/]\d)|(?:{_NUM_WORDS_RE}))"
_PROP_RE = "|".join(
    r"\s+".join(re.escape(part) for part in w.split()) for w in sorted(_RULE_BY_WORDS, key=len, reverse=True)
)
_ALL_RE = r"(?P<all>samtliga|alla)(?:\s*\(\s*(?P<allparen>\d{1,3})\s*\))?(?:\s+sveriges)?(?:\s+(?P<allnum>" + _NUM_RE + r"))?"
_BACKREF_BEFORE = re.compile(r"(?:^|\s)(?:de|dessa|dem|samma|övriga|resterande|de\s+resterande|de\s+övriga)\s+$", re.I)
_SUBSET_AFTER = re.compile(r"^\s*,?\s*(?:som|vilka|där)\b", re.I)
_EXCEPT = re.compile(r"^\s*,?\s*(?:utom|förutom|med\s+undantag\s+(?:av|för))\s+", re.I)
_EXCEPT_COUNT = re.compile(rf"^(?P<n>{_NUM_RE})(?![\w])", re.I)
_TERMINAL_PUNCT = " .!?…:;”\"’')»"
_LIST_GLUE = re.compile(r"^\s*(?:,\s*(?:och|samt)?|och|samt|;|&)\s*$", re.I)


class ClaimFinder:
    """Finds count claims in passages, for the given case sets (the first is the default)."""

    def __init__(self, nouns: Sequence[CaseNouns], resolvers: dict | None = None):
        if not nouns:
            raise ValueError("at least one case set is needed to find claims")
        self.nouns = list(nouns)
        # For "utom X och Y": case-set name -> CaseResolver (find_mentions); optional.
        self.resolvers = resolvers or {}
        self._noun_of: dict[str, tuple[CaseNouns, str]] = {}
        for set_nouns in self.nouns:
            for form, kind in set_nouns.forms().items():
                self._noun_of.setdefault(form, (set_nouns, kind))
        noun_re = "|".join(re.escape(f) for f in sorted(self._noun_of, key=len, reverse=True))
        self._phrase = re.compile(
            r"(?<![\w-])(?:"
            rf"(?P<prop>{_PROP_RE})"
            rf"|{_ALL_RE}"
            rf"|(?P<num>{_NUM_RE})"
            r")"
            rf"(?:\s+(?P<of>av)(?:\s+(?P<ofdet>de|dessa|dem))?(?:\s+(?P<ofnum>{_NUM_RE}))?)?"
            rf"\s+(?P<noun>{noun_re})(?![\w-])",
            re.I,
        )
        # "Samtliga (21) har ..." and "Alla utom Dalarna": all-words without a noun.
        self._bare_all = re.compile(
            r"(?<![\w-])(?P<all>samtliga|alla)(?:\s*\(\s*(?P<allparen>\d{1,3})\s*\))?(?![\w-])", re.I
        )
        self._bare_num = re.compile(rf"(?<![\w-])(?:(?P<prop>{_PROP_RE})|(?P<num>{_NUM_WORDS_RE}))(?![\w-])", re.I)

    # -- public ----------------------------------------------------------------

    def find(self, text: str, refs: Iterable[tuple[int, int]] = (), passage_seq: int = 0) -> list[Claim]:
        """Claims in one passage; ``refs`` are (footnote number, offset in ``text``) pairs."""
        refs = sorted(refs, key=lambda r: r[1])
        claims: list[Claim] = []
        for sentence in split_sentences(text):
            sentence_refs = [(n, off) for n, off in refs if sentence.holds_ref(off)]
            claims.extend(self._in_sentence(text, sentence, sentence_refs, passage_seq))
        return claims

    # -- one sentence ------------------------------------------------------------

    def _in_sentence(self, text: str, sentence: Sentence, refs: list[tuple[int, int]], seq: int) -> list[Claim]:
        found: list[dict] = []
        s, e = sentence.start, sentence.end
        body = text[s:e]
        taken: list[tuple[int, int]] = []
        for m in self._phrase.finditer(body):
            item = self._from_phrase(m, body, s)
            if item is not None:
                found.append(item)
                taken.append((m.start() + s, m.end() + s))
        for m in self._bare_all.finditer(body):
            start, end = m.start() + s, m.end() + s
            if any(a <= start < b for a, b in taken):
                continue
            item = self._from_bare_all(m, body, s)
            if item is not None:
                found.append(item)
                taken.append((start, item["end"]))
        ref_ends = {off for _n, off in refs}
        for m in self._bare_num.finditer(body):
            start, end = m.start() + s, m.end() + s
            if end not in ref_ends or any(a <= start < b for a, b in taken):
                continue
            if m.group("prop"):
                # "ett mindre antal451 angett uppföljningar": the proportion carries the reference.
                words = " ".join(m.group("prop").split())
                claimed = proportion_range(words, self.nouns[0].total)
                found.append(self._item(m.group(0), start, end, words, None, "none", self.nouns[0], "proportion",
                                        claimed))
                continue
            value = number_value(m.group("num"))
            if value is None or value < 2:
                continue
            found.append(self._item(m.group(0), start, end, m.group("num"), None, "none", self.nouns[0], "count", value))
        found.sort(key=lambda item: item["start"])
        self._bind_refs(found, refs, text, sentence)
        claims = []
        for item in found:
            if item["footnote"] is None and item["back_reference"]:
                continue  # "av dessa tio regioner": the number was claimed before
            claims.append(Claim(passage_seq=seq, sentence=sentence.text, sentence_start=s, **item))
        return claims

    def _item(self, phrase, start, end, quantifier, noun, form, nouns: CaseNouns, kind, claimed, **extra) -> dict:
        item = dict(
            phrase=phrase,
            start=start,
            end=end,
            quantifier=quantifier,
            noun=noun,
            noun_form=form,
            case_set=nouns.case_set,
            total=nouns.total,
            kind=kind,
            claimed=claimed,
            footnote=None,
            footnote_offset=None,
            footnote_glued=False,
            back_reference=False,
            of_count=None,
            exceptions=(),
            named=(),
            except_count=None,
            uses_digits=quantifier.isdigit(),
        )
        item.update(extra)
        return item

    def _from_phrase(self, m: re.Match, body: str, base: int) -> dict | None:
        noun = m.group("noun")
        nouns, form = self._noun_of[noun.lower()]
        start, end = m.start() + base, m.end() + base
        before = body[: m.start()]
        after = body[m.end():]
        back = bool(_BACKREF_BEFORE.search(before)) or (m.group("ofdet") or "").lower() in ("de", "dessa", "dem")
        of_count = number_value(m.group("ofnum")) if m.group("ofnum") else None
        extra = dict(back_reference=False, of_count=of_count)
        if m.group("prop"):
            words = " ".join(m.group("prop").split())
            if form == "singular":
                return None
            claimed = proportion_range(words, of_count or nouns.total)
            if claimed is None:  # pragma: no cover - every alternative has a rule
                return None
            if words.lower() in ("ett par", "några", "vissa", "flera", "många") and back and not m.group("of"):
                return None  # "de många regionerna": not a count
            extra["back_reference"] = back  # "Majoriteten av dessa regioner": of a subset named before
            return self._item(m.group(0), start, end, words, noun, form, nouns, "proportion", claimed, **extra)
        if m.group("all"):
            if m.group("of") or _BACKREF_BEFORE.search(before):
                return None  # "Samtliga av de regioner som ...": a subset of unknown size
            stated = m.group("allparen") or m.group("allnum")
            total = number_value(stated) if stated else nouns.total
            exc = self._exceptions(after, m.end() + base, nouns)
            if exc is not None:
                names, count, exc_end = exc
                n_exc = count if count is not None else len(names)
                return self._item(body[m.start(): exc_end - base], start, exc_end, m.group("all"), noun, form, nouns,
                                  "all_but", total - n_exc, exceptions=names, except_count=count, **extra)
            if _SUBSET_AFTER.match(after):
                return None  # "alla regioner som deltar": a subset
            return self._item(m.group(0), start, end, m.group(0)[: m.start("noun") - m.start()].strip(), noun, form,
                              nouns, "all", total, uses_digits=bool(stated and stated.isdigit()), **extra)
        value = number_value(m.group("num"))
        if value is None:
            return None
        if value == 1 and form != "singular" and not m.group("of"):
            return None  # "en regioner" does not occur; "ett antal" is a proportion
        if value > 1 and form == "singular":
            return None
        extra["back_reference"] = back
        exc = self._exceptions(after, m.end() + base, nouns)
        if exc is not None and exc[0]:
            # "20 regioner, förutom Jönköping, ...": the sentence names the one left out.
            extra["exceptions"] = exc[0]
        else:
            named = self._apposition(after, nouns)
            if named:
                # "mellan två regioner, Kronoberg och Kalmar": the sentence names them.
                extra["named"] = named
        return self._item(m.group(0), start, end, m.group("num"), noun, form, nouns, "count", value, **extra)

    def _from_bare_all(self, m: re.Match, body: str, base: int) -> dict | None:
        after = body[m.end():]
        stated = m.group("allparen")
        for nouns in self.nouns:
            exc = self._exceptions(after, m.end() + base, nouns)
            if exc is not None and exc[0]:
                names, count, exc_end = exc
                total = number_value(stated) if stated else nouns.total
                return self._item(body[m.start(): exc_end - base], m.start() + base, exc_end, m.group("all"), None,
                                  "none", nouns, "all_but", total - len(names), exceptions=names)
        if stated:
            nouns = self.nouns[0]
            return self._item(m.group(0), m.start() + base, m.end() + base, m.group(0), None, "none", nouns, "all",
                              int(stated), uses_digits=True)
        return None

    def _exceptions(self, after: str, offset: int, nouns: CaseNouns) -> tuple[tuple[str, ...], int | None, int] | None:
        """Names (or a count) after "utom"/"förutom": (names, count, end offset), or None."""
        lead = _EXCEPT.match(after)
        if not lead:
            return None
        rest = after[lead.end():]
        count = _EXCEPT_COUNT.match(rest)
        if count:
            n = number_value(count.group("n"))
            if n is not None:
                return ((), n, offset + lead.end() + count.end())
        resolver = self.resolvers.get(nouns.case_set)
        if resolver is None:
            return None
        names: list[str] = []
        pos = 0
        for mention in resolver.find_mentions(rest):
            gap = rest[pos: mention.start]
            if names and not _LIST_GLUE.match(gap):
                break
            if not names and gap.strip():
                break
            if mention.case.name not in names:
                names.append(mention.case.name)
            pos = mention.end
        if not names:
            return None
        return (tuple(names), None, offset + lead.end() + pos)

    def _apposition(self, after: str, nouns: CaseNouns) -> tuple[str, ...]:
        """Names right after the phrase and a comma ("två regioner, Kronoberg och Kalmar"), or ()."""
        lead = re.match(r"^\s*[,:(–-]\s*", after)
        resolver = self.resolvers.get(nouns.case_set)
        if not lead or resolver is None:
            return ()
        rest = after[lead.end():]
        names: list[str] = []
        pos = 0
        for mention in resolver.find_mentions(rest):
            gap = rest[pos: mention.start]
            if (names and not _LIST_GLUE.match(gap)) or (not names and gap.strip()):
                break
            names.append(mention.case.name)
            pos = mention.end
        tail = rest[pos:].lstrip()
        if len(names) < 2 or (tail and tail[0] not in ".,;:)!?–-"):
            return ()  # one name, or names that start a clause ("..., Kalmar har ...")
        return tuple(dict.fromkeys(names))

    # -- references -----------------------------------------------------------

    @staticmethod
    def _bind_refs(found: list[dict], refs: list[tuple[int, int]], text: str, sentence: Sentence) -> None:
        """A reference belongs to the phrase it is glued to or sits in; one that closes the sentence
        ("... beskrivs av 15 regioner.93") to the nearest phrase before it, unless other references
        stand between them. A reference glued to another word mid-sentence ("... nämner är
        Arbetsförmedlingen293, Vinnova294") is that word's.
        """

        def at_end(off: int) -> bool:
            return not text[off: sentence.end].strip(_TERMINAL_PUNCT)

        for number, off in refs:
            owner = None
            for item in found:
                if item["start"] < off <= item["end"]:
                    owner = item
                    break
            glued = owner is not None
            if owner is None and at_end(off):
                before = [item for item in found if item["end"] <= off]
                # Not across other references: in "... som flera regioner nämner är Arbetsförmedlingen293,
                # Vinnova294 ... och Svenska kulturrådet300." the last one is the agency's too.
                if before and not any(before[-1]["end"] <= other < off for _n, other in refs):
                    owner = before[-1]
            if owner is None or owner["footnote"] is not None:
                continue
            owner["footnote"] = number
            owner["footnote_offset"] = off
            owner["footnote_glued"] = glued


def find_claims(finder: ClaimFinder, passages) -> list[Claim]:
    """Claims in every passage of a ``ParsedDocument`` (headings and tables skipped)."""
    claims: list[Claim] = []
    for passage in passages:
        if passage.kind in ("heading", "table"):
            continue
        refs = [(r.number, r.char_offset) for r in passage.footnote_refs]
        claims.extend(finder.find(passage.text, refs, passage.seq))
    return claims
