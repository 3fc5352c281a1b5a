"""Counts of cases in the report's own Swedish (and in English).

A synthesis report says "13 regioner lyfter ..." with a footnote listing the
13 regions. The rules followed here are those of the bundled 2020 report and
Svenska skrivregler:

* numbers one to twelve are written in words, 13 and above in digits
  ("Tolv regioner", "13 regioner"); the same rule is used in English;
* "en"/"ett" follows the noun's grammatical gender ("En region", "Ett län");
* all cases -> "Samtliga regioner"; all but a few (at most ``threshold``,
  default 3, and fewer than those present) -> "Samtliga regioner utom
  Dalarna och Västerbotten";
* proportion words are optional (``proportion=True``); the ranges below are
  half-open intervals of count/total, chosen so that every proportion word the
  2020 report uses for its 21 regions falls in its range (7/21 "en
  tredjedel", 9/21 "knappt hälften", 11/21 "drygt hälften", 13/21
  "majoriteten", 14/21 "två tredjedelar", 15 and 17 of 21 "flertalet"):

  ========================  ==================================  ===============================
  count / total             Swedish                             English
  ========================  ==================================  ===============================
  (0, 1/4]  and count >= 2  Ett fåtal regioner                  A few regions
  (1/4, 0.30)               Knappt en tredjedel av regionerna   Just under a third of the regions
  [0.30, 0.36]              En tredjedel av regionerna          A third of the regions
  (0.36, 0.40)              Drygt en tredjedel av regionerna    Just over a third of the regions
  [0.40, 1/2)               Knappt hälften av regionerna        Just under half of the regions
  exactly 1/2               Hälften av regionerna               Half of the regions
  (1/2, 0.60)               Drygt hälften av regionerna         Just over half of the regions
  [0.60, 0.65)              Majoriteten av regionerna           A majority of the regions
  [0.65, 0.70)              Två tredjedelar av regionerna       Two thirds of the regions
  [0.70, 1)                 Flertalet regioner                  Most regions
  ========================  ==================================  ===============================

  A single case is always "En region". The same table is in docs/phrasing.md
  (a test keeps the two equal).

The footnote lists the cases in Swedish alphabetical order joined by ", " and
ends with "."; its complement form is "Samtliga regioner utom Dalarna,
Västerbotten." as in the report's footnote 74.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache
from typing import Iterable, Sequence

from .collation import swedish_key

__all__ = [
    "Noun",
    "REGION",
    "Proportion",
    "PROPORTIONS",
    "number_word",
    "phrase",
    "proportion_phrase",
    "footnote",
    "join_names",
    "sorted_names",
    "NumberedFootnote",
    "number_footnotes",
    "DEFAULT_ALL_BUT_THRESHOLD",
]

DEFAULT_ALL_BUT_THRESHOLD = 3

_SV_WORDS = ("noll", "en", "två", "tre", "fyra", "fem", "sex", "sju", "åtta", "nio", "tio", "elva", "tolv")
_EN_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve")


@dataclass(frozen=True)
class Noun:
    """How a case set names its members; gender decides "en" or "ett" (and "ingen" or "inget")."""

    singular: str = "region"
    plural: str = "regioner"
    definite_plural: str = "regionerna"
    singular_en: str = "region"
    plural_en: str = "regions"
    gender: str = "common"  # "common" (en region) or "neuter" (ett län)

    @classmethod
    def of(cls, case_set) -> "Noun":
        """The noun of a ``CaseSetInfo`` (or anything with its noun_* fields; gender defaults to common)."""
        return cls(
            singular=case_set.noun_singular,
            plural=case_set.noun_plural,
            definite_plural=case_set.noun_definite_plural,
            singular_en=case_set.noun_singular_en,
            plural_en=case_set.noun_plural_en,
            gender=getattr(case_set, "noun_gender", None) or "common",
        )


REGION = Noun()


@dataclass(frozen=True)
class Proportion:
    """One row of the proportion table: count/total in [low, high] with the given open ends."""

    low: Fraction
    high: Fraction
    low_open: bool
    high_open: bool
    sv: str  # "{plural}" or "{definite_plural}" is filled from the noun
    en: str

    def contains(self, p: Fraction) -> bool:
        above = p > self.low if self.low_open else p >= self.low
        below = p < self.high if self.high_open else p <= self.high
        return above and below


def _f(text: str) -> Fraction:
    return Fraction(text)


PROPORTIONS: tuple[Proportion, ...] = (
    Proportion(_f("0"), _f("1/4"), True, False, "ett fåtal {plural}", "a few {plural_en}"),
    Proportion(_f("1/4"), _f("0.30"), True, True, "knappt en tredjedel av {definite_plural}", "just under a third of the {plural_en}"),
    Proportion(_f("0.30"), _f("0.36"), False, False, "en tredjedel av {definite_plural}", "a third of the {plural_en}"),
    Proportion(_f("0.36"), _f("0.40"), True, True, "drygt en tredjedel av {definite_plural}", "just over a third of the {plural_en}"),
    Proportion(_f("0.40"), _f("1/2"), False, True, "knappt hälften av {definite_plural}", "just under half of the {plural_en}"),
    Proportion(_f("1/2"), _f("1/2"), False, False, "hälften av {definite_plural}", "half of the {plural_en}"),
    Proportion(_f("1/2"), _f("0.60"), True, True, "drygt hälften av {definite_plural}", "just over half of the {plural_en}"),
    Proportion(_f("0.60"), _f("0.65"), False, True, "majoriteten av {definite_plural}", "a majority of the {plural_en}"),
    Proportion(_f("0.65"), _f("0.70"), False, True, "två tredjedelar av {definite_plural}", "two thirds of the {plural_en}"),
    Proportion(_f("0.70"), _f("1"), False, True, "flertalet {plural}", "most {plural_en}"),
)


def _cap(text: str, capitalize: bool) -> str:
    return text[:1].upper() + text[1:] if capitalize and text else text


def number_word(n: int, *, lang: str = "sv", gender: str = "common") -> str:
    """1-12 in words, 13 and above in digits (Svenska skrivregler); "ett" for neuter nouns."""
    if n < 0:
        raise ValueError(f"a count cannot be negative: {n}")
    if n > 12:
        return str(n)
    if lang == "en":
        return _EN_WORDS[n]
    if n == 1 and gender == "neuter":
        return "ett"
    if n == 0:
        return "inget" if gender == "neuter" else "ingen"
    return _SV_WORDS[n]


def join_names(names: Sequence[str], *, lang: str = "sv") -> str:
    """"A", "A och B", "A, B och C" (English: "and")."""
    names = list(names)
    if not names:
        return ""
    if len(names) == 1:
        return names[0]
    conj = " and " if lang == "en" else " och "
    return ", ".join(names[:-1]) + conj + names[-1]


@lru_cache(maxsize=8192)
def _key(name: str) -> tuple:
    # Case names repeat endlessly (21 regions); computing their key once keeps a query under 2 ms.
    return swedish_key(name)


def sorted_names(names: Iterable[str]) -> list[str]:
    """Case names in Swedish alphabetical order (å, ä, ö after z), via workbench.core.collation."""
    return sorted(names, key=_key)


def _sorted(names: Iterable[str]) -> list[str]:
    return sorted_names(names)


def proportion_phrase(count: int, total: int, noun: Noun = REGION, *, lang: str = "sv", capitalize: bool = True) -> str | None:
    """The proportion words for count of total, or None when none applies (0, 1, all, or total unknown)."""
    if total <= 0 or count < 2 or count >= total:
        return None
    p = Fraction(count, total)
    for row in PROPORTIONS:
        if row.contains(p):
            template = row.en if lang == "en" else row.sv
            return _cap(
                template.format(plural=noun.plural, definite_plural=noun.definite_plural, plural_en=noun.plural_en),
                capitalize,
            )
    return None  # pragma: no cover - the table covers (0, 1)


def phrase(
    count: int,
    total: int | None = None,
    noun: Noun = REGION,
    *,
    lang: str = "sv",
    missing: Sequence[str] = (),
    threshold: int = DEFAULT_ALL_BUT_THRESHOLD,
    proportion: bool = False,
    capitalize: bool = True,
) -> str:
    """The subject of a claim: "13 regioner", "En region", "Samtliga regioner utom Dalarna och Västerbotten".

    ``missing`` names the cases of the set that are not counted; when given,
    and there are at most ``threshold`` of them and fewer than those counted,
    the all-but form is used. ``capitalize`` is for the start of a sentence.
    """
    if lang not in ("sv", "en"):
        raise ValueError(f"unknown language {lang!r}: use 'sv' or 'en'")
    en = lang == "en"
    if total is not None and total > 0 and count == total:
        return _cap("all " + noun.plural_en if en else "samtliga " + noun.plural, capitalize)
    if missing and total is not None and len(missing) <= threshold and count == total - len(missing) and count > len(missing):
        names = join_names(_sorted(missing), lang=lang)
        head = f"all {noun.plural_en} except " if en else f"samtliga {noun.plural} utom "
        return _cap(head, capitalize) + names
    if proportion and total:
        words = proportion_phrase(count, total, noun, lang=lang, capitalize=capitalize)
        if words:
            return words
    if en:
        word = number_word(count, lang="en")
        return _cap(f"{word} {noun.singular_en if count == 1 else noun.plural_en}", capitalize)
    word = number_word(count, gender=noun.gender)
    return _cap(f"{word} {noun.singular if count <= 1 else noun.plural}", capitalize)


def footnote(
    cases: Iterable[str],
    *,
    lang: str = "sv",
    complement: bool = False,
    all_cases: Sequence[str] | None = None,
    noun: Noun = REGION,
) -> str:
    """The cases in Swedish alphabetical order joined by ", " and ending with "." ("" for none).

    With ``complement=True`` (which needs ``all_cases``) the footnote names the
    cases not counted instead: "Samtliga regioner utom Dalarna, Västerbotten.";
    "Samtliga regioner." when none is missing.
    """
    present = _sorted(set(cases))
    if complement:
        if all_cases is None:
            raise ValueError("the complement form needs all_cases")
        unknown = set(present) - set(all_cases)
        if unknown:
            raise ValueError(f"cases not in the case set: {', '.join(sorted(unknown))}")
        missing = _sorted(set(all_cases) - set(present))
        head = f"All {noun.plural_en}" if lang == "en" else f"Samtliga {noun.plural}"
        if not missing:
            return head + "."
        return head + (" except " if lang == "en" else " utom ") + ", ".join(missing) + "."
    if not present:
        return ""
    return ", ".join(present) + "."


@dataclass(frozen=True)
class NumberedFootnote:
    number: int
    text: str


def number_footnotes(texts: Iterable[str], *, start: int = 1) -> tuple[NumberedFootnote, ...]:
    """Number several claims' footnotes in order, as a report does."""
    return tuple(NumberedFootnote(n, text) for n, text in enumerate(texts, start))
