"""Case sets (the 21 regions, the 21 länsstyrelser, a user's municipalities) and name resolution.

Names are data: the built-in sets are YAML files in ``workbench/data/casesets``
and a user's set is a YAML file of the same shape (``load_case_set_file``).
Resolution goes exact name, then alias, then fuzzy, and never guesses: a fuzzy
match must score at least ``FUZZY_THRESHOLD`` (rapidfuzz ``ratio`` on
case-folded text, also compared with å/ä/ö folded to a/a/o so "Orebro" finds
Örebro, and on the words that differ once a shared frame such as
"Länsstyrelsen i" is set aside) and beat the runner-up by ``AMBIGUITY_MARGIN``; otherwise the answer is
an error naming the likely candidates. Running text is only searched for exact
names and aliases (``find_mentions``), never fuzzily, because a near-miss in a
sentence is far more often another word than a typo.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import Connection

from .collation import swedish_key
from .errors import InvalidInput, NotFound

# ratio >= 85 accepts one or two wrong letters in a region name ("Västermanland"
# -> Västmanland scores 91.7, "Kalmr" -> Kalmar 90.9) and rejects other words
# ("Norrland" vs Västernorrland scores 72.7, "Östra Mellansverige" < 50).
FUZZY_THRESHOLD = 85.0
# A fuzzy winner must lead the next case by this much, or both are named.
AMBIGUITY_MARGIN = 5.0
# Candidates at least this close are offered as "did you mean".
SUGGEST_THRESHOLD = 60.0

BUILTIN_SETS = ("regioner", "länsstyrelser")


# -- plain data --------------------------------------------------------------


@dataclass(frozen=True)
class CaseRef:
    id: int | None
    name: str
    code: str | None
    case_set: str


@dataclass(frozen=True)
class CaseSpec:
    name: str
    code: str | None = None
    aliases: tuple[str, ...] = ()
    line: int = 0


@dataclass(frozen=True)
class CaseSetSpec:
    name: str
    noun_singular: str
    noun_plural: str
    noun_definite_plural: str
    noun_singular_en: str
    noun_plural_en: str
    cases: tuple[CaseSpec, ...]
    source: str = ""


@dataclass(frozen=True)
class CaseSetInfo:
    name: str
    noun_singular: str
    noun_plural: str
    noun_definite_plural: str
    noun_singular_en: str
    noun_plural_en: str
    cases: tuple[CaseRef, ...]  # in Swedish alphabetical order


@dataclass(frozen=True)
class Resolution:
    case: CaseRef
    how: str  # "exact" | "alias" | "fuzzy"
    score: float


@dataclass(frozen=True)
class Mention:
    case: CaseRef
    start: int
    end: int
    matched: str
    how: str  # "exact" | "alias"


# -- text normalisation ------------------------------------------------------

_DASHES = str.maketrans({"‐": "-", "‑": "-", "–": "-", "—": "-"})
_TRIM = " \t\n.,;:()[]\"'”“’"


def normalise_name(s: str) -> str:
    """The comparison form of a name: NFC, case-folded, single spaces, no surrounding punctuation."""
    s = unicodedata.normalize("NFC", s).translate(_DASHES)
    return " ".join(s.split()).strip(_TRIM).casefold()


def _fold(s: str) -> str:
    """``normalise_name`` with every accent removed (å, ä, ö included), for fuzzy scores only."""
    decomposed = unicodedata.normalize("NFD", s)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("æ", "a").replace("ø", "o")


def _genitive_base(key: str) -> str | None:
    if key.endswith(":s"):
        return key[:-2]
    if key.endswith("s") and len(key) > 2:
        return key[:-1]
    return None


# -- reading case set files --------------------------------------------------


def load_case_set_file(path: str | Path) -> CaseSetSpec:
    """A user's case set from YAML; every mistake is reported as ``file:line: message``."""
    from .yamlsource import read_yaml

    return _spec_from_source(read_yaml(path), str(path))


@lru_cache(maxsize=None)
def builtin_case_set(name: str) -> CaseSetSpec:
    """A built-in set straight from the package's YAML (no database); read once per process."""
    from .yamlsource import compose_text

    if name not in BUILTIN_SETS:
        raise NotFound(f"no built-in case set {name!r} - built-in sets: {', '.join(BUILTIN_SETS)}")
    resource = resources.files("workbench").joinpath("data", "casesets", f"{name}.yaml")
    label = f"workbench/data/casesets/{name}.yaml"
    return _spec_from_source(compose_text(resource.read_text(encoding="utf-8"), label), label)


def _spec_from_source(source, label: str) -> CaseSetSpec:
    from yaml.nodes import MappingNode, ScalarNode, SequenceNode

    top = source.mapping(source.root, "the case set", ("name", "nouns", "cases", "description"))
    name = None
    if "name" in top:
        name = source.text_value(top["name"][1], "'name'", required=True)
    else:
        source.error(source.root, "the case set has no 'name' - add e.g. 'name: kommuner'")
    nouns = {"sv": {}, "en": {}}
    if "nouns" in top:
        by_lang = source.mapping(top["nouns"][1], "'nouns'", ("sv", "en"))
        for lang, keys in (("sv", ("singular", "plural", "definite_plural")), ("en", ("singular", "plural"))):
            if lang not in by_lang:
                if lang == "sv":
                    source.error(top["nouns"][0], "'nouns' has no 'sv' - give singular, plural and definite_plural")
                continue
            fields = source.mapping(by_lang[lang][1], f"'nouns: {lang}'", keys)
            for key in keys:
                if key in fields:
                    nouns[lang][key] = source.text_value(fields[key][1], f"'{key}'", required=True)
                else:
                    source.error(by_lang[lang][0], f"'nouns: {lang}' has no '{key}'")
    else:
        source.error(source.root, "the case set has no 'nouns' - e.g. nouns: {sv: {singular: kommun, plural: kommuner, definite_plural: kommunerna}}")
    cases: list[CaseSpec] = []
    seen: dict[str, tuple[str, int]] = {}  # normalised name or alias -> (case name, line)
    if "cases" not in top:
        source.error(source.root, "the case set has no 'cases' list")
    else:
        cases_node = top["cases"][1]
        items = source.sequence(cases_node, "'cases'")
        empty_list = isinstance(cases_node, SequenceNode) and not cases_node.value
        nothing = isinstance(cases_node, ScalarNode) and cases_node.tag.endswith(":null")
        if empty_list or nothing:
            source.error(top["cases"][0], "'cases' is empty - list at least one case")
        for node in items:
            fields = source.mapping(node, "a case", ("name", "code", "aliases"))
            line = node.start_mark.line + 1
            if "name" not in fields:
                if isinstance(node, MappingNode):
                    source.error(node, "a case has no 'name'")
                continue
            case_name = source.text_value(fields["name"][1], "a case's 'name'", required=True)
            if not case_name:
                continue
            case_name = " ".join(case_name.split())
            code = source.text_value(fields["code"][1], "'code'") if "code" in fields else None
            aliases: list[str] = []
            alias_lines: list[int] = []
            if "aliases" in fields:
                for alias_node in source.sequence(fields["aliases"][1], "'aliases'"):
                    alias = source.text_value(alias_node, "an alias", required=True)
                    if alias:
                        aliases.append(" ".join(alias.split()))
                        alias_lines.append(alias_node.start_mark.line + 1)
            for form, form_line in [(case_name, line)] + list(zip(aliases, alias_lines)):
                key = normalise_name(form)
                if key in seen and seen[key][0] != case_name:
                    source.error(form_line, f"{form!r} is already a name or alias of {seen[key][0]!r} (line {seen[key][1]}) - a name must point to one case")
                elif key in seen and form == case_name:
                    source.error(line, f"case {case_name!r} is listed twice (first on line {seen[key][1]})")
                seen.setdefault(key, (case_name, form_line))
            cases.append(CaseSpec(case_name, code, tuple(dict.fromkeys(a for a in aliases if normalise_name(a) != normalise_name(case_name))), line))
    source.raise_if_errors()
    sv, en = nouns["sv"], nouns["en"]
    return CaseSetSpec(
        name=name or "",
        noun_singular=sv["singular"],
        noun_plural=sv["plural"],
        noun_definite_plural=sv["definite_plural"],
        noun_singular_en=en.get("singular") or "case",
        noun_plural_en=en.get("plural") or "cases",
        cases=tuple(cases),
        source=label,
    )


# -- the database ------------------------------------------------------------


def ensure_case_sets(conn: Connection) -> None:
    """Install (or bring up to date) the built-in sets; cheap to call on every import."""
    for name in BUILTIN_SETS:
        install_case_set(conn, builtin_case_set(name), builtin=True)


def install_case_set(conn: Connection, spec: CaseSetSpec, *, builtin: bool = False) -> CaseSetInfo:
    """Write ``spec`` into the project: new cases and aliases are added, changed codes updated.

    A case that is no longer in the file is removed, unless codings use it, in
    which case nothing is written and the error names it.
    """
    row = conn.execute(text("SELECT id, builtin FROM case_set WHERE name = :n"), {"n": spec.name}).first()
    nouns = {
        "n": spec.name,
        "s": spec.noun_singular,
        "p": spec.noun_plural,
        "d": spec.noun_definite_plural,
        "se": spec.noun_singular_en,
        "pe": spec.noun_plural_en,
        "b": 1 if builtin else 0,
    }
    if row is None:
        conn.execute(
            text(
                "INSERT INTO case_set (name, noun_singular, noun_plural, noun_definite_plural, noun_singular_en, noun_plural_en, builtin)"
                " VALUES (:n, :s, :p, :d, :se, :pe, :b)"
            ),
            nouns,
        )
        set_id = int(conn.execute(text("SELECT id FROM case_set WHERE name = :n"), {"n": spec.name}).scalar_one())
    else:
        set_id = int(row[0])
        if row[1] and not builtin:
            raise InvalidInput(f"{spec.source}: {spec.name!r} is a built-in case set - give your set another name")
        conn.execute(
            text(
                "UPDATE case_set SET noun_singular = :s, noun_plural = :p, noun_definite_plural = :d,"
                " noun_singular_en = :se, noun_plural_en = :pe WHERE id = :id"
                " AND (noun_singular != :s OR noun_plural != :p OR noun_definite_plural != :d"
                " OR noun_singular_en != :se OR noun_plural_en != :pe)"
            ),
            {**nouns, "id": set_id},
        )
    existing = {name: (int(cid), code) for cid, name, code in conn.execute(text("SELECT id, name, code FROM case_item WHERE case_set_id = :s"), {"s": set_id})}
    wanted = {c.name: c for c in spec.cases}
    gone = [name for name in existing if name not in wanted]
    if gone:
        for what, sql in (
            ("codings", "SELECT ci.name, count(*) FROM coding_case cc JOIN case_item ci ON ci.id = cc.case_id WHERE ci.case_set_id = :s GROUP BY ci.name"),
            ("documents", "SELECT ci.name, count(*) FROM document d JOIN case_item ci ON ci.id = d.case_id WHERE ci.case_set_id = :s GROUP BY ci.name"),
        ):
            in_use = {name: n for name, n in conn.execute(text(sql), {"s": set_id}) if name in gone}
            if in_use:
                name, n = sorted(in_use.items())[0]
                raise InvalidInput(f"{spec.source}: case {name!r} is not in the file but {n} {what} use it - keep it in the file or change those {what} first")
        for name in gone:
            conn.execute(text("DELETE FROM case_item WHERE id = :i"), {"i": existing[name][0]})
    new = [c for c in spec.cases if c.name not in existing]
    if new:
        conn.execute(text("INSERT INTO case_item (case_set_id, name, code) VALUES (:s, :n, :c)"), [{"s": set_id, "n": c.name, "c": c.code} for c in new])
    changed = [{"i": existing[c.name][0], "c": c.code} for c in spec.cases if c.name in existing and existing[c.name][1] != c.code]
    if changed:
        conn.execute(text("UPDATE case_item SET code = :c WHERE id = :i"), changed)
    ids = {name: int(cid) for cid, name in conn.execute(text("SELECT id, name FROM case_item WHERE case_set_id = :s"), {"s": set_id})}
    have = {
        (int(cid), alias)
        for cid, alias in conn.execute(
            text("SELECT a.case_id, a.alias FROM case_alias a JOIN case_item c ON c.id = a.case_id WHERE c.case_set_id = :s"), {"s": set_id}
        )
    }
    want = {(ids[c.name], alias) for c in spec.cases for alias in c.aliases}
    if have - want:
        conn.execute(text("DELETE FROM case_alias WHERE case_id = :c AND alias = :a"), [{"c": c, "a": a} for c, a in sorted(have - want)])
    if want - have:
        conn.execute(text("INSERT INTO case_alias (case_id, alias) VALUES (:c, :a)"), [{"c": c, "a": a} for c, a in sorted(want - have)])
    return get_case_set(conn, spec.name)


def list_case_sets(conn: Connection) -> list[CaseSetInfo]:
    names = [r[0] for r in conn.execute(text("SELECT name FROM case_set ORDER BY id"))]
    return [get_case_set(conn, n) for n in names]


def get_case_set(conn: Connection, name: str = "regioner") -> CaseSetInfo:
    """The named set with its cases in Swedish order.

    A built-in set that this project has not installed yet is read from the
    package (its cases then have ``id=None``), so read-only faces work on a
    fresh project.
    """
    row = conn.execute(
        text("SELECT id, noun_singular, noun_plural, noun_definite_plural, noun_singular_en, noun_plural_en FROM case_set WHERE name = :n"),
        {"n": name},
    ).first()
    if row is None:
        if name in BUILTIN_SETS:
            return info_from_spec(builtin_case_set(name))
        raise NotFound(f"unknown case set {name!r} - {_known_sets(conn)}")
    cases = [
        CaseRef(int(cid), cname, code, name)
        for cid, cname, code in conn.execute(text("SELECT id, name, code FROM case_item WHERE case_set_id = :s"), {"s": row[0]})
    ]
    return CaseSetInfo(name, row[1], row[2], row[3], row[4], row[5], tuple(sorted(cases, key=lambda c: swedish_key(c.name))))


def _known_sets(conn: Connection) -> str:
    names = list(dict.fromkeys([r[0] for r in conn.execute(text("SELECT name FROM case_set ORDER BY name"))] + list(BUILTIN_SETS)))
    return f"known sets: {', '.join(names)}"


def info_from_spec(spec: CaseSetSpec) -> CaseSetInfo:
    cases = [CaseRef(None, c.name, c.code, spec.name) for c in spec.cases]
    return CaseSetInfo(
        spec.name,
        spec.noun_singular,
        spec.noun_plural,
        spec.noun_definite_plural,
        spec.noun_singular_en,
        spec.noun_plural_en,
        tuple(sorted(cases, key=lambda c: swedish_key(c.name))),
    )


def resolver_for(conn: Connection, name: str = "regioner") -> "CaseResolver":
    """A resolver over the project's copy of the set (everything loaded now; usable after ``conn`` closes)."""
    info = get_case_set(conn, name)
    if info.cases and info.cases[0].id is None:
        spec = builtin_case_set(name)
        return CaseResolver(info, {c.name: c.aliases for c in spec.cases})
    aliases: dict[str, list[str]] = {c.name: [] for c in info.cases}
    for cname, alias in conn.execute(
        text(
            "SELECT c.name, a.alias FROM case_alias a JOIN case_item c ON c.id = a.case_id"
            " JOIN case_set s ON s.id = c.case_set_id WHERE s.name = :n ORDER BY a.id"
        ),
        {"n": name},
    ):
        aliases[cname].append(alias)
    return CaseResolver(info, {k: tuple(v) for k, v in aliases.items()})


# -- resolution --------------------------------------------------------------


def _distinct_ratio(a: str, b: str) -> float:
    """rapidfuzz ``ratio`` of the words that differ, once the words both share at the start and end are set aside.

    Without this, a long shared frame inflates the score of a wrong name:
    "länsstyrelsen i malmö" scores 88 against "länsstyrelsen i kalmar", but
    "malmö" against "kalmar" only 55. When one side has nothing left
    ("Länsstyrelsen Gotlands län" against "Länsstyrelsen i Gotlands län") the
    whole strings are compared.
    """
    from rapidfuzz import fuzz

    wa, wb = a.split(), b.split()
    i = 0
    while i < min(len(wa), len(wb)) and wa[i] == wb[i]:
        i += 1
    j = 0
    while j < min(len(wa), len(wb)) - i and wa[-1 - j] == wb[-1 - j]:
        j += 1
    ra, rb = wa[i: len(wa) - j], wb[i: len(wb) - j]
    if (i or j) and ra and rb:
        return fuzz.ratio(" ".join(ra), " ".join(rb))
    return fuzz.ratio(a, b)


def _trie_pattern(words: list[str]) -> str:
    """A regex matching exactly ``words``, longest first, as a prefix trie; spaces match any whitespace."""
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        branches = [(r"\s+" if ch == " " else re.escape(ch)) + build(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return build(trie)


class CaseResolver:
    """Turns written names into cases of one set: ``resolve`` for a name, ``find_mentions`` for prose."""

    def __init__(self, info: CaseSetInfo, aliases: dict[str, tuple[str, ...]]):
        self.info = info
        self.cases: tuple[CaseRef, ...] = info.cases
        self.aliases = {c.name: tuple(aliases.get(c.name, ())) for c in info.cases}
        self._by_key: dict[str, tuple[CaseRef, str]] = {}
        for case in self.cases:
            self._by_key[normalise_name(case.name)] = (case, "exact")
        for case in self.cases:
            for alias in self.aliases[case.name]:
                self._by_key.setdefault(normalise_name(alias), (case, "alias"))
        self._forms: list[tuple[CaseRef, str, str]] = []  # (case, key, folded key) for fuzzy scoring
        for key, (case, _how) in self._by_key.items():
            self._forms.append((case, key, _fold(key)))
        self._pattern: re.Pattern[str] | None = None
        self._ranked: dict[str, list[tuple[CaseRef, float]]] = {}

    @classmethod
    def from_spec(cls, spec: CaseSetSpec) -> "CaseResolver":
        return cls(info_from_spec(spec), {c.name: c.aliases for c in spec.cases})

    @property
    def noun(self) -> str:
        return self.info.noun_singular_en

    # -- single names --------------------------------------------------------

    def lookup(self, name: str) -> Resolution | None:
        """Exact name or alias (a genitive "s" allowed), or None: never fuzzy, never raises."""
        key = normalise_name(name)
        hit = self._by_key.get(key)
        if hit is None:
            base = _genitive_base(key)
            hit = self._by_key.get(base) if base else None
        if hit is None:
            return None
        return Resolution(hit[0], hit[1], 100.0)

    def candidates(self, name: str, limit: int = 3) -> list[tuple[CaseRef, float]]:
        """The closest cases to ``name`` by fuzzy score, best first (one entry per case)."""
        key = normalise_name(name)
        ranked = self._ranked.get(key)
        if ranked is None:
            folded = _fold(key)
            best: dict[str, tuple[CaseRef, float]] = {}
            for case, form, form_folded in self._forms:
                score = max(_distinct_ratio(key, form), _distinct_ratio(folded, form_folded))
                if case.name not in best or score > best[case.name][1]:
                    best[case.name] = (case, score)
            ranked = sorted(best.values(), key=lambda cs: (-cs[1], swedish_key(cs[0].name)))
            if len(self._ranked) < 4096:  # the same non-names ("Tillväxtverket") recur in every footnote
                self._ranked[key] = ranked
        return ranked[:limit]

    def resolve(self, name: str, *, allow_fuzzy: bool = True) -> Resolution:
        """Exact, then alias, then a clear fuzzy winner; otherwise ``NotFound`` with a did-you-mean."""
        if not normalise_name(name):
            raise InvalidInput(f"empty {self.noun} name - give one of the {self.info.noun_plural_en}")
        found = self.lookup(name)
        if found is not None:
            return found
        ranked = self.candidates(name)
        if ranked and ranked[0][1] >= FUZZY_THRESHOLD:
            best_case, best = ranked[0]
            close = [c for c, s in ranked[1:] if s >= FUZZY_THRESHOLD - AMBIGUITY_MARGIN and best - s < AMBIGUITY_MARGIN]
            if close:
                names = " or ".join([best_case.name] + [c.name for c in close])
                raise NotFound(f"{self.noun} {name!r} is ambiguous - did you mean {names}?")
            if allow_fuzzy:
                return Resolution(best_case, "fuzzy", round(best, 1))
            raise NotFound(f"unknown {self.noun} {name!r} - did you mean {best_case.name}?")
        offers = [c.name for c, s in ranked if s >= SUGGEST_THRESHOLD][:2]
        if offers:
            raise NotFound(f"unknown {self.noun} {name!r} - did you mean {' or '.join(offers)}?")
        raise NotFound(f"unknown {self.noun} {name!r} - run 'workbench cases list {self.info.name}' to see the names")

    # -- running text --------------------------------------------------------

    def _mention_pattern(self) -> re.Pattern[str]:
        if self._pattern is None:
            forms = {" ".join(f.split()) for case in self.cases for f in (case.name, *self.aliases[case.name])}
            # The first letter as written (names are proper nouns: "Vara" the
            # municipality, not "vara" the verb); the rest in any case. The
            # alternatives form a trie ("Väst(?:erbotten|ernorrland|…)") so the
            # regex engine tries a handful of branches per position, not every
            # name, and a greedy optional tail makes the longest name win.
            by_first: dict[str, list[str]] = {}
            for form in forms:
                by_first.setdefault(form[0], []).append(form[1:].lower())
            # Each branch starts with its literal first letter so the regex engine can
            # jump between candidate letters; the look-behind after it asserts a word start.
            branches = [
                re.escape(first) + r"(?<![\w-]." + ")" + "(?i:" + _trie_pattern(rests) + ")" for first, rests in sorted(by_first.items())
            ]
            self._pattern = re.compile(r"(?P<name>" + "|".join(branches) + r")(?P<gen>:?s)?(?![\w])")
        return self._pattern

    def find_mentions(self, text_: str) -> list[Mention]:
        """Every case name or alias in ``text_``, word-bounded, longest first, in order of appearance."""
        mentions: list[Mention] = []
        for m in self._mention_pattern().finditer(text_):
            hit = self._by_key.get(normalise_name(m.group("name")))
            if hit is None:  # pragma: no cover - every alternative comes from _by_key
                continue
            case, how = hit
            mentions.append(Mention(case, m.start(), m.end(), m.group(0), how))
        return mentions
