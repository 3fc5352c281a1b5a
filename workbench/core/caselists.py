"""Reading a footnote as a list of cases, the way a careful reader would.

Synthesis reports back a count ("13 regioner") with a footnote naming the
cases. Those footnotes are typed by hand, so the reader here accepts what a
human would (aliases, a typo, a missing comma, "och" before the last name, a
list followed by a sentence, complements such as "Ej X, Y" or "Samtliga
regioner utom X") and says what it accepted as warnings, so a checker can
flag them. A footnote that is prose or a source citation ("Kronoberg, 2021.")
is not a list; that is reported too, never guessed.

Warning kinds: ``alias``, ``typo``, ``duplicate``, ``order`` (not in Swedish
alphabetical order), ``missing_comma``, ``unknown``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .cases import CaseRef, CaseResolver, normalise_name
from .collation import swedish_key
from .errors import WorkbenchError

# A list item of more words than this is prose, not a misspelt name.
_MAX_NAME_WORDS = 4
_SEPARATORS = re.compile(r"\s*(?:[,;]|\s(?:och|samt|&)\s)\s*")
_SENTENCE_END = re.compile(r"\.(?=\s|$)")


@dataclass(frozen=True)
class ListWarning:
    kind: str  # "alias" | "typo" | "duplicate" | "order" | "missing_comma" | "conjunction" | "unknown"
    detail: str


@dataclass(frozen=True)
class ListItem:
    text: str  # as written
    case: CaseRef | None
    how: str  # "exact" | "alias" | "fuzzy" | "unknown"


@dataclass(frozen=True)
class CaseList:
    is_list: bool
    cases: tuple[CaseRef, ...]  # distinct, in order of appearance; for a complement the complement set in Swedish order
    complement: bool
    items: tuple[ListItem, ...]
    warnings: tuple[ListWarning, ...]
    rest: str  # text after the list (a following sentence), or the whole text when it is not a list
    named: tuple[CaseRef, ...] = ()  # the distinct cases written (for a complement: the ones excluded)


def _not_a_list(text: str) -> CaseList:
    return CaseList(False, (), False, (), (), text)


def _all_of_them(resolver: CaseResolver) -> re.Pattern[str]:
    return _all_of_them_for(resolver.info.noun_plural, resolver.info.noun_definite_plural)


@lru_cache(maxsize=64)
def _all_of_them_for(plural: str, definite_plural: str) -> re.Pattern[str]:
    nouns = "|".join(re.escape(n) for n in sorted({plural, definite_plural}, key=len, reverse=True))
    return re.compile(r"^(?:alla|samtliga)(?:\s+\(?\d+\)?)?\s+(?:" + nouns + r")(?:\s+\(?\d+\)?)?\.?$", re.IGNORECASE)


def _prefixes(resolver: CaseResolver) -> tuple[re.Pattern[str], re.Pattern[str]]:
    return _prefixes_for(resolver.info.noun_plural, resolver.info.noun_definite_plural)


@lru_cache(maxsize=64)
def _prefixes_for(plural: str, definite_plural: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    nouns = "|".join(re.escape(n) for n in sorted({plural, definite_plural}, key=len, reverse=True))
    complement = re.compile(
        r"^(?:(?:alla|samtliga)(?:\s+\d+)?(?:\s+(?:" + nouns + r"))?\s+(?:utom|förutom)"
        r"|(?:ej|inte)(?:\s+(?:nämnt|nämnd|nämnda|omnämnd|omnämnda|nämns)\s+(?:av|i|hos))?)\s+",
        re.IGNORECASE,
    )
    lead_in = re.compile(r"^(?i:av|hos|i)\s+(?=[A-ZÅÄÖ])")
    return complement, lead_in


def parse_case_list(text: str, resolver: CaseResolver) -> CaseList:
    """Read ``text`` (a footnote) as a list of ``resolver``'s cases; see the module docstring."""
    flat = " ".join(text.split())
    if not flat:
        return _not_a_list(text)
    if _all_of_them(resolver).match(flat):  # "Samtliga regioner.": everyone, nobody excluded
        return CaseList(True, tuple(resolver.cases), True, (), (), "", ())
    complement_re, lead_in_re = _prefixes(resolver)
    body = flat
    complement = False
    prefixed = False
    m = complement_re.match(body)
    if m:
        complement = prefixed = True
        body = body[m.end():]
    else:
        m = lead_in_re.match(body)
        if m:
            prefixed = True
            body = body[m.end():]
    end = _SENTENCE_END.search(body)
    sentence, after = (body[: end.start()], body[end.end():].strip()) if end else (body, "")
    raw_items = _SEPARATORS.split(sentence)

    items: list[ListItem] = []
    warnings: list[ListWarning] = []
    rest_parts: list[str] = []
    noun = resolver.info.noun_singular
    for index, raw in enumerate(raw_items):
        raw = raw.strip()
        if not raw:
            continue
        found, tail = _names_at_start(raw, resolver)
        if found and re.fullmatch(r"\([^()]*\)", tail):
            tail = ""  # a remark in brackets after a name, "Blekinge (delvis)", does not end the list
        if tail and found:
            extra = _as_one_name(tail, resolver)
            if extra is not None:
                found.append(extra)
                tail = ""
        if not found:
            if re.search(r"\d", raw):
                return _not_a_list(text)  # a source citation: "Kronoberg, 2021."
            single = _as_one_name(raw, resolver)
            if single is None:
                if not items:
                    return _not_a_list(text)
                warnings.append(ListWarning("unknown", _unknown_detail(raw, resolver)))
                items.append(ListItem(raw, None, "unknown"))
                continue
            found, tail = [single], ""
        if len(found) > 1:
            joined = ", ".join(i.text for i in found)
            warnings.append(ListWarning("missing_comma", f"'{raw}' lacks a comma: {joined}"))
        items.extend(found)
        if tail:
            if not prefixed:
                return _not_a_list(text)  # prose that starts with names: "Stockholm och Västerbotten saknar ..."
            remaining = ", ".join(r.strip() for r in raw_items[index + 1:] if r.strip())
            rest_parts.append(" ".join(p for p in (tail, remaining) if p))
            break
    if not any(i.case for i in items):
        return _not_a_list(text)
    if not rest_parts:
        warnings.extend(_inner_conjunctions(sentence, raw_items))

    named: list[CaseRef] = []
    seen: dict[str, ListItem] = {}
    skip_alias_at: set[int] = set()
    for position, item in enumerate(items):
        if item.case is None:
            continue
        previous = items[position - 1] if position else None
        if (
            previous is not None
            and previous.case == item.case
            and item.how == "alias"
            and previous.how == "alias"
            and normalise_name(f"{previous.text} {item.text}") == normalise_name(item.case.name)
        ):
            warnings.append(ListWarning("alias", f"'{previous.text}, {item.text}' is one {noun}, {item.case.name}, split by a comma"))
            skip_alias_at.update({position - 1, position})
            continue
        if item.case.name in seen:
            first = seen[item.case.name]
            written = f" (once as '{item.text}')" if item.text != first.text else ""
            warnings.append(ListWarning("duplicate", f"{item.case.name} is listed twice{written}"))
            continue
        seen[item.case.name] = item
        named.append(item.case)
    for position, item in enumerate(items):
        if position in skip_alias_at or item.case is None:
            continue
        if item.how == "alias":
            warnings.append(ListWarning("alias", f"'{item.text}' is written for {item.case.name}"))
        elif item.how == "fuzzy":
            warnings.append(ListWarning("typo", f"'{item.text}' is a typo for {item.case.name}"))
    for a, b in zip(named, named[1:]):
        if swedish_key(b.name) < swedish_key(a.name):
            warnings.append(ListWarning("order", f"{b.name} is listed after {a.name}; in Swedish alphabetical order it comes first"))
            break

    if complement:
        excluded = {c.name for c in named}
        cases = tuple(c for c in resolver.cases if c.name not in excluded)
    else:
        cases = tuple(named)
    rest = " ".join(p for p in (*rest_parts, after) if p)
    order = {"missing_comma": 0, "conjunction": 1, "unknown": 2, "typo": 3, "alias": 4, "duplicate": 5, "order": 6}
    warnings.sort(key=lambda w: order[w.kind])
    return CaseList(True, cases, complement, tuple(items), tuple(warnings), rest, tuple(named))


def _inner_conjunctions(sentence: str, raw_items: list[str]) -> list[ListWarning]:
    """An "och" that is not before the last name: "…, Västernorrland och Västmanland, Östergötland" (footnote 64).

    Swedish allows "A, B och C"; an "och" in the middle of a list is a slip
    (two lists pasted together, or a name dropped), so it is worth a look.
    """
    separators = [m.group().strip() for m in _SEPARATORS.finditer(sentence)]
    found = []
    for i, separator in enumerate(separators[:-1]):
        if separator in ("och", "samt", "&") and raw_items[i].strip() and raw_items[i + 1].strip():
            found.append(ListWarning(
                "conjunction",
                f"'{separator}' joins {raw_items[i].strip()} and {raw_items[i + 1].strip()} in the middle of the list - use a comma",
            ))
    return found


def _names_at_start(raw: str, resolver: CaseResolver) -> tuple[list[ListItem], str]:
    """Case names at the start of ``raw`` separated only by spaces, and what follows them."""
    whole = resolver.lookup(raw)  # the common case, one dictionary look-up
    if whole is not None:
        return [ListItem(raw, whole.case, whole.how)], ""
    found: list[ListItem] = []
    position = 0
    for mention in resolver.find_mentions(raw):
        if raw[position: mention.start].strip():
            break
        found.append(ListItem(mention.matched, mention.case, mention.how))
        position = mention.end
    return found, raw[position:].strip()


def _as_one_name(raw: str, resolver: CaseResolver) -> ListItem | None:
    """``raw`` as one (possibly misspelt) name, or None; fuzzy only for short, digit-free items."""
    if len(raw.split()) > _MAX_NAME_WORDS or re.search(r"\d", raw):
        return None
    try:
        got = resolver.resolve(raw)
    except WorkbenchError:
        return None
    return ListItem(raw, got.case, got.how)


def _unknown_detail(raw: str, resolver: CaseResolver) -> str:
    noun = resolver.info.noun_singular
    try:
        resolver.resolve(raw)
    except WorkbenchError as err:
        message = str(err)
        if " - did you mean " in message:
            return f"'{raw}' is not a {noun} - did you mean {message.split(' - did you mean ', 1)[1]}"
    return f"'{raw}' is not a {noun}"
