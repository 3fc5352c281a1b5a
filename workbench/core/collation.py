"""Swedish alphabetical order for case names, without the system locale.

Why hand-written: the order must be the same on every machine, and a
synthesis report's footnotes are checked against it. ``locale.strxfrm``
depends on which locales the machine has installed (CI's is unknown, and the
C locale puts "Örebro" before "Blekinge"); PyICU needs a compiled ICU library
that a plain ``pip install`` cannot provide everywhere. The Swedish rules that
matter for names are small enough to state here:

* the alphabet is a-z followed by å, ä, ö; æ sorts as ä and ø as ö
  (Danish and Norwegian spellings in Nordic names), ü as y;
* other accents are ignored at first (é sorts as e);
* case is ignored at first; "w" is its own letter (SAOL since 2006);
* spaces and punctuation sort before letters, so "Västra Götaland" follows
  "Västmanland" only by its letters, and a name sorts before its extensions
  ("Jämtland" < "Jämtland Härjedalen").

Ties (the same letters under those rules) are broken deterministically:
unaccented before accented, lower case before upper case, then by code point.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from typing import Iterable

# Primary weights: separators < digits < a..z < å < ä < ö.
_SEPARATOR = 1
_DIGIT_BASE = 10
_LETTER_BASE = 100
_AFTER_Z = {"å": 26, "ä": 27, "æ": 27, "ö": 28, "ø": 28}
_SAME_AS = {"ü": "y", "ß": "ss", "œ": "oe", "þ": "th", "ð": "d", "ł": "l", "đ": "d"}


def _primary(ch: str) -> tuple[tuple[int, ...], bool]:
    """Weights of one case-folded character and whether an accent was dropped."""
    if ch in _AFTER_Z:
        return (_LETTER_BASE + _AFTER_Z[ch],), False
    if ch in _SAME_AS:
        return tuple(w for c in _SAME_AS[ch] for w in _primary(c)[0]), True
    if "a" <= ch <= "z":
        return (_LETTER_BASE + ord(ch) - ord("a"),), False
    if ch.isdigit():
        value = unicodedata.digit(ch, 0)
        return (_DIGIT_BASE + value,), False
    base = unicodedata.normalize("NFD", ch)
    stripped = "".join(c for c in base if not unicodedata.combining(c))
    if stripped and stripped != ch:
        return tuple(w for c in stripped for w in _primary(c)[0]), True
    if ch.isalpha():
        # A letter outside the Latin alphabet: after ö, in code point order.
        return (_LETTER_BASE + 100 + ord(ch),), False
    return (_SEPARATOR,), False


@lru_cache(maxsize=8192)
def swedish_key(s: str) -> tuple:
    """A sort key putting ``s`` in Swedish alphabetical order (see the module docstring)."""
    folded = " ".join(s.split()).casefold()
    primary: list[int] = []
    accents: list[int] = []
    for ch in folded:
        weights, accented = _primary(ch)
        primary.extend(weights)
        accents.append(1 if accented else 0)
    case = tuple(1 if c.isupper() else 0 for c in s)
    return (tuple(primary), tuple(accents), case, s)


def sort_swedish(names: Iterable[str]) -> list[str]:
    """``names`` in Swedish alphabetical order (duplicates kept)."""
    return sorted(names, key=swedish_key)
