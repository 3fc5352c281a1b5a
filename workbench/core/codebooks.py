"""Codebooks: a tree of codes read from YAML, validated line by line, installed by path.

A code is addressed by its path, the names from the root joined by "/"
(``kompetensförsörjning/validering/utmaningar``), so the same leaf name may
sit under two parents. Loading reports *every* mistake as ``file:line:
message`` in one go, because codebooks are long hand-written files and
fixing one error per run is slow. Installing matches codes by path, so
editing a description or adding a code never loses the codings of the codes
that stay; removing a code that has codings is refused rather than done
silently (the database would cascade-delete them).
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from sqlalchemy import text
from sqlalchemy.engine import Connection

from .errors import InvalidInput, NotFound

_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
_TOP_KEYS = ("name", "title", "description", "case_set", "codes")
_CODE_KEYS = ("name", "description", "colour", "examples", "case_set", "children")


@dataclass(frozen=True)
class CodeSpec:
    path: str
    name: str
    description: str = ""
    colour: str | None = None
    examples: tuple[str, ...] = ()
    children: tuple["CodeSpec", ...] = ()
    line: int = 0
    case_set: str | None = None  # None: the parent's (the codebook's at the top)


@dataclass(frozen=True)
class CodebookSpec:
    name: str
    title: str
    case_set: str
    codes: tuple[CodeSpec, ...]
    source_path: str = ""
    content_hash: str = ""

    def walk(self) -> Iterator[tuple[CodeSpec, int, str | None]]:
        """Every code in file order as (code, depth, parent path); depth 0 at the top."""
        stack: list[tuple[CodeSpec, int, str | None]] = [(c, 0, None) for c in reversed(self.codes)]
        while stack:
            code, depth, parent = stack.pop()
            yield code, depth, parent
            stack.extend((child, depth + 1, code.path) for child in reversed(code.children))

    def case_sets(self) -> dict[str, str]:
        """Each code's case set: its own, else its nearest ancestor's, else the codebook's."""
        found: dict[str, str] = {}
        for code, _depth, parent in self.walk():
            found[code.path] = code.case_set or (found[parent] if parent else self.case_set)
        return found


@dataclass(frozen=True)
class CodeNode:
    id: int
    path: str
    name: str
    description: str
    colour: str | None
    examples: tuple[str, ...]
    parent_id: int | None
    depth: int
    seq: int
    codebook: str = ""
    case_set: str = "regioner"  # what the code counts: "13 regioner", "5 länsstyrelser"


# -- loading -----------------------------------------------------------------


def load_codebook_file(path: str | Path) -> CodebookSpec:
    """Read and validate a codebook; raises ``InvalidInput`` listing every error as ``file:line: message``."""
    from .yamlsource import read_yaml

    source = read_yaml(path)
    return _spec_from_source(source, str(path))


def codebook_from_text(body: str, label: str = "<codebook>") -> CodebookSpec:
    from .yamlsource import compose_text

    return _spec_from_source(compose_text(body, label), label)


def _spec_from_source(source, label: str) -> CodebookSpec:
    top = source.mapping(source.root, "the codebook", _TOP_KEYS)
    name = title = None
    case_set = "regioner"
    if "name" in top:
        name = source.text_value(top["name"][1], "'name'", required=True)
        if name and "/" in name:
            source.error(top["name"][1], f"codebook name {name!r} contains '/' - use letters, digits and '-'")
    else:
        source.error(source.root, "the codebook has no 'name' - add e.g. 'name: regional-tillvaxt-2020'")
    if "title" in top:
        title = source.text_value(top["title"][1], "'title'")
    if "case_set" in top:
        case_set = source.text_value(top["case_set"][1], "'case_set'", required=True) or "regioner"
    if "description" in top:
        source.text_value(top["description"][1], "'description'")
    seen: dict[str, int] = {}
    codes: tuple[CodeSpec, ...] = ()
    if "codes" in top:
        items = source.sequence(top["codes"][1], "'codes'")
        if not items and not source.errors:
            source.error(top["codes"][0], "'codes' is empty - add at least one code")
        codes = tuple(c for c in (_code(source, node, None, seen) for node in items) if c is not None)
    else:
        source.error(source.root, "the codebook has no 'codes' list")
    source.raise_if_errors()
    spec = CodebookSpec(name or "", title or name or "", case_set, codes, label)
    return CodebookSpec(spec.name, spec.title, spec.case_set, spec.codes, label, _content_hash(spec))


def _code(source, node, parent: str | None, seen: dict[str, int]) -> CodeSpec | None:
    fields = source.mapping(node, "a code", _CODE_KEYS)
    line = node.start_mark.line + 1
    name = None
    if "name" in fields:
        name = source.text_value(fields["name"][1], "a code's 'name'", required=True)
        if name is not None:
            name = " ".join(name.split())
            if "/" in name:
                source.error(fields["name"][1], f"code name {name!r} contains '/' - nest it under 'children' instead")
                name = name.replace("/", " ")
            if not name:
                source.error(fields["name"][1], "a code's 'name' is empty")
                name = None
    else:
        source.error(node, "a code has no 'name' - every code needs one")
    path = f"{parent}/{name}" if parent and name else name
    description = ""
    if "description" in fields:
        description = " ".join((source.text_value(fields["description"][1], "'description'") or "").split())
    colour = None
    if "colour" in fields:
        value_node = fields["colour"][1]
        colour = source.text_value(value_node, "'colour'")
        if colour is None and value_node.tag.endswith(":null"):
            source.error(value_node, "'colour' is empty - in YAML '#' starts a comment, so quote it: colour: \"#2a9d8f\"")
        elif colour is not None and not _COLOUR.match(colour):
            source.error(value_node, f"colour {colour!r} is not a #rrggbb colour - write e.g. \"#2a9d8f\"")
            colour = None
        elif colour is not None:
            colour = colour.lower()
    case_set = None
    if "case_set" in fields:
        case_set = source.text_value(fields["case_set"][1], "'case_set'", required=True)
    examples: list[str] = []
    if "examples" in fields:
        for item in source.sequence(fields["examples"][1], "'examples'"):
            value = source.text_value(item, "an example")
            if value:
                examples.append(" ".join(value.split()))
    if path is not None:
        key = path.casefold()
        if key in seen:
            source.error(node, f"duplicate code path '{path}' (first on line {seen[key]}) - rename one of them")
        else:
            seen[key] = line
    children: list[CodeSpec] = []
    if "children" in fields:
        for child in source.sequence(fields["children"][1], "'children'"):
            built = _code(source, child, path or f"{parent or ''}/?", seen)
            if built is not None:
                children.append(built)
    if path is None:
        return None
    return CodeSpec(path, name, description, colour, tuple(examples), tuple(children), line, case_set)


def _content_hash(spec: CodebookSpec) -> str:
    def as_data(code: CodeSpec) -> dict:
        return {
            "name": code.name,
            "description": code.description,
            "colour": code.colour,
            "examples": list(code.examples),
            "children": [as_data(c) for c in code.children],
            **({"case_set": code.case_set} if code.case_set else {}),  # absent keeps version-1 hashes
        }

    payload = {"name": spec.name, "title": spec.title, "case_set": spec.case_set, "codes": [as_data(c) for c in spec.codes]}
    return hashlib.sha256(json.dumps(payload, ensure_ascii=False, sort_keys=True).encode("utf-8")).hexdigest()


# -- the database ------------------------------------------------------------


def install_codebook(conn: Connection, spec: CodebookSpec) -> int:
    """Write the codebook's codes and their closure; returns the codebook id.

    Same name and content as installed: nothing is written. Changed content:
    codes are matched by path (kept ids keep their codings), new codes are
    added, removed codes without codings are deleted; a removed code that has
    codings stops the whole install with an error naming it.
    """
    row = conn.execute(text("SELECT id, content_hash FROM codebook WHERE name = :n"), {"n": spec.name}).first()
    if row is not None and row[1] == spec.content_hash:
        return int(row[0])
    case_sets = spec.case_sets()
    _require_case_sets(conn, spec, case_sets)
    book = {"n": spec.name, "t": spec.title, "cs": spec.case_set, "p": spec.source_path, "h": spec.content_hash}
    if row is None:
        conn.execute(
            text("INSERT INTO codebook (name, title, case_set, source_path, content_hash) VALUES (:n, :t, :cs, :p, :h)"), book
        )
        book_id = int(conn.execute(text("SELECT id FROM codebook WHERE name = :n"), {"n": spec.name}).scalar_one())
    else:
        book_id = int(row[0])
        conn.execute(text("UPDATE codebook SET title = :t, case_set = :cs, source_path = :p, content_hash = :h WHERE id = :i"), dict(book, i=book_id))

    existing = {path: int(cid) for cid, path in conn.execute(text("SELECT id, path FROM code WHERE codebook_id = :b"), {"b": book_id})}
    wanted = list(spec.walk())
    wanted_paths = {code.path for code, _d, _p in wanted}
    removed = [p for p in existing if p not in wanted_paths]
    if removed:
        used = conn.execute(
            text(
                "SELECT k.path, count(*) FROM coding c JOIN code k ON k.id = c.code_id"
                " WHERE k.codebook_id = :b GROUP BY k.path ORDER BY k.path"
            ),
            {"b": book_id},
        ).all()
        for path, n in used:
            if path in removed:
                raise InvalidInput(
                    f"{spec.source_path}: code '{path}' is not in the file but has {n} codings - keep it, or move its codings to another code first"
                )
        conn.execute(text("DELETE FROM code WHERE id = :i"), [{"i": existing[p]} for p in sorted(removed, key=len, reverse=True)])

    rows = [
        {
            "b": book_id,
            "path": code.path,
            "name": code.name,
            "d": code.description,
            "c": code.colour,
            "e": json.dumps(list(code.examples), ensure_ascii=False),
            "s": seq,
            "depth": depth,
            "cs": case_sets[code.path],
        }
        for seq, (code, depth, _parent) in enumerate(wanted)
    ]
    old = [r for r in rows if r["path"] in existing]
    new = [r for r in rows if r["path"] not in existing]
    if old:
        conn.execute(
            text("UPDATE code SET name = :name, description = :d, colour = :c, examples = :e, seq = :s, depth = :depth, case_set = :cs WHERE codebook_id = :b AND path = :path"),
            old,
        )
    if new:
        conn.execute(
            text("INSERT INTO code (codebook_id, parent_id, path, name, description, colour, examples, seq, depth, case_set) VALUES (:b, NULL, :path, :name, :d, :c, :e, :s, :depth, :cs)"),
            new,
        )
    ids = {path: int(cid) for cid, path in conn.execute(text("SELECT id, path FROM code WHERE codebook_id = :b"), {"b": book_id})}
    parents = [{"p": ids[parent] if parent else None, "i": ids[code.path]} for code, _depth, parent in wanted]
    conn.execute(text("UPDATE code SET parent_id = :p WHERE id = :i"), parents)

    conn.execute(text("DELETE FROM code_closure WHERE descendant_id IN (SELECT id FROM code WHERE codebook_id = :b)"), {"b": book_id})
    closure = []
    for code, depth, _parent in wanted:
        segments = code.path.split("/")
        for up in range(depth + 1):
            ancestor = "/".join(segments[: len(segments) - up])
            closure.append({"a": ids[ancestor], "d": ids[code.path], "n": up})
    conn.execute(text("INSERT INTO code_closure (ancestor_id, descendant_id, depth) VALUES (:a, :d, :n)"), closure)
    return book_id


def _require_case_sets(conn: Connection, spec: CodebookSpec, case_sets: dict[str, str]) -> None:
    """Every case set the codebook counts by must be in the project (the built-in ones are installed on demand)."""
    from .cases import ensure_case_sets

    ensure_case_sets(conn)
    known = {r[0] for r in conn.execute(text("SELECT name FROM case_set"))}
    lines = {code.path: code.line for code, _d, _p in spec.walk()}
    for path, name in case_sets.items():
        if name not in known:
            where = f"{spec.source_path}:{lines[path]}" if lines.get(path) else spec.source_path or spec.name
            from rapidfuzz import process

            best = process.extractOne(name, sorted(known), score_cutoff=80)
            fix = f"did you mean {best[0]}?" if best else f"use one of {', '.join(sorted(known))} or add the case set first"
            raise InvalidInput(f"{where}: code '{path}' counts case set {name!r}, which this project does not have - {fix}")


def list_codebooks(conn: Connection) -> list[tuple[str, str | None, int]]:
    """(name, source path, number of codes) of each installed codebook."""
    return [
        (name, source, int(n))
        for name, source, n in conn.execute(
            text("SELECT b.name, b.source_path, count(c.id) FROM codebook b LEFT JOIN code c ON c.codebook_id = b.id GROUP BY b.id, b.name, b.source_path ORDER BY b.id")
        )
    ]


def list_codes(conn: Connection, codebook: str | None = None) -> list[CodeNode]:
    """Every code (of one codebook, or all) in file order."""
    sql = (
        "SELECT c.id, c.path, c.name, c.description, c.colour, c.examples, c.parent_id, c.depth, c.seq, b.name, c.case_set"
        " FROM code c JOIN codebook b ON b.id = c.codebook_id"
    )
    params = {}
    if codebook is not None:
        known = conn.execute(text("SELECT 1 FROM codebook WHERE name = :n"), {"n": codebook}).first()
        if known is None:
            names = [r[0] for r in conn.execute(text("SELECT name FROM codebook ORDER BY name"))]
            raise NotFound(f"no codebook {codebook!r} in this project" + (f" - installed: {', '.join(names)}" if names else " - load one with 'workbench codebook load FILE'"))
        sql += " WHERE b.name = :n"
        params["n"] = codebook
    sql += " ORDER BY b.id, c.seq"
    return [
        CodeNode(int(r[0]), r[1], r[2], r[3], r[4], tuple(json.loads(r[5] or "[]")), None if r[6] is None else int(r[6]), int(r[7]), int(r[8]), r[9], r[10])
        for r in conn.execute(text(sql), params)
    ]


def nodes_from_spec(spec: CodebookSpec) -> list[CodeNode]:
    """The spec as ``CodeNode``s (ids numbered in file order), for showing a file that is not installed."""
    ids: dict[str, int] = {}
    nodes = []
    case_sets = spec.case_sets()
    for seq, (code, depth, parent) in enumerate(spec.walk()):
        ids[code.path] = seq + 1
        nodes.append(CodeNode(seq + 1, code.path, code.name, code.description, code.colour, code.examples, ids.get(parent) if parent else None, depth, seq, spec.name, case_sets[code.path]))
    return nodes


# -- finding codes -----------------------------------------------------------


def _norm_path(path: str) -> str:
    return "/".join(" ".join(part.split()) for part in str(path).strip().strip("/").split("/")).casefold()


class CodeResolver:
    """Finds a code by its path, or by a unique tail of it ("validering/utmaningar", "utmaningar")."""

    def __init__(self, codes: Iterable[CodeNode]):
        self.codes = list(codes)
        self._by_path: dict[str, list[CodeNode]] = {}
        for code in self.codes:
            self._by_path.setdefault(code.path.casefold(), []).append(code)
        self._search_index: _SearchIndex | None = None  # built on the first search

    def resolve(self, path: str) -> CodeNode:
        key = _norm_path(path)
        if not key:
            raise InvalidInput("empty code path - give a path like 'kompetensförsörjning/validering'")
        exact = self._by_path.get(key, [])
        if len(exact) == 1:
            return exact[0]
        if len(exact) > 1:
            books = ", ".join(c.codebook for c in exact)
            raise NotFound(f"code '{path}' is in several codebooks ({books}) - give the code id instead")
        tails = [c for c in self.codes if c.path.casefold().endswith("/" + key)]
        if len(tails) == 1:
            return tails[0]
        if len(tails) > 1:
            shown = " or ".join(c.path for c in tails[:4]) + (" …" if len(tails) > 4 else "")
            raise NotFound(f"code '{path}' is ambiguous - did you mean {shown}? Give more of the path")
        return self._not_found(path, key)

    def _not_found(self, path: str, key: str) -> CodeNode:
        from rapidfuzz import fuzz, process

        if not self.codes:
            raise NotFound(f"unknown code '{path}' - no codebook is installed; run 'workbench codebook load FILE'")
        paths = [c.path for c in self.codes]
        best = process.extract(key, [p.casefold() for p in paths], scorer=fuzz.WRatio, limit=2, score_cutoff=70)
        if best:
            shown = " or ".join(paths[i] for _m, _s, i in best)
            raise NotFound(f"unknown code '{path}' - did you mean {shown}?")
        raise NotFound(f"unknown code '{path}' - run 'workbench codebook show NAME' to see the codes")

    def search(self, query: str, limit: int = 10) -> list[CodeNode]:
        """Codes ranked by how many of the typed words their path holds, then by their description.

        Each typed word scores against each word of a path (a prefix or part
        of a compound is a hit, a typo scores its similarity) and a code
        scores the mean over the typed words, so the leaf whose path holds
        every word ("validering utmaningar" -> .../validering/utmaningar)
        outranks a parent that holds one of them. A code whose own name was
        typed gets a bonus: "validering" finds the parent before its children.
        Definitions count for less than paths: they mention many topics.
        Words are scored once per distinct word of the codebook, not per code,
        so that a keystroke in a picker costs a few milliseconds.
        """
        words = _words(query)
        if not words:
            return self.codes[:limit]
        index = self._index()
        path_best: dict[int, list[float]] = {}
        desc_best: dict[int, list[float]] = {}
        typed: dict[int, float] = {}  # vocabulary word -> its best score over the typed words
        for k, word in enumerate(words):
            for vocab_id, score in index.word_scores(word).items():
                if score > typed.get(vocab_id, 0):
                    typed[vocab_id] = score
                for code in index.in_path[vocab_id]:
                    best = path_best.setdefault(code, [0.0] * len(words))
                    best[k] = max(best[k], score)
                if len(word) >= 3:
                    for code in index.in_description[vocab_id]:
                        best = desc_best.setdefault(code, [0.0] * len(words))
                        best[k] = max(best[k], score)
        scored = []
        for code_no in path_best.keys() | desc_best.keys():
            path_score = sum(path_best.get(code_no, ())) / len(words)
            if path_score and all(typed.get(w, 0) >= 90 for w in index.name_words[code_no]):
                path_score += 10
            # A definition that holds every word ranks just below a path that holds one.
            score = max(path_score, 0.59 * sum(desc_best.get(code_no, ())) / len(words))
            if score >= 55:
                code = self.codes[code_no]
                scored.append((-score, code.depth, code.seq, code_no))
        scored.sort()
        return [self.codes[s[3]] for s in scored[:limit]]

    def _index(self) -> "_SearchIndex":
        if self._search_index is None:
            self._search_index = _SearchIndex(self.codes)
        return self._search_index


_WORD = re.compile(r"[^\W_]+")


def _words(text_: str) -> list[str]:
    return _WORD.findall(text_.casefold())


class _SearchIndex:
    """The codebook's distinct words, and which codes hold each in their path or description."""

    def __init__(self, codes: list[CodeNode]):
        self.vocabulary: list[str] = []
        ids: dict[str, int] = {}

        def ids_of(text_: str) -> list[int]:
            found = []
            for word in _words(text_):
                if word not in ids:
                    ids[word] = len(self.vocabulary)
                    self.vocabulary.append(word)
                found.append(ids[word])
            return found

        per_code = [(set(ids_of(c.path)), set(ids_of(c.description or "")), tuple(ids_of(c.name))) for c in codes]
        self.in_path: list[list[int]] = [[] for _ in self.vocabulary]
        self.in_description: list[list[int]] = [[] for _ in self.vocabulary]
        for code_no, (path, description, _name) in enumerate(per_code):
            for vocab_id in path:
                self.in_path[vocab_id].append(code_no)
            for vocab_id in description - path:
                self.in_description[vocab_id].append(code_no)
        self.name_words = [name for _p, _d, name in per_code]

    def word_scores(self, word: str) -> dict[int, float]:
        """Vocabulary words like ``word``: 100 when it begins them, 90 inside a compound, else their similarity.

        Only a close similarity (>= 80: a typo, "valdering") counts: lower, words
        that merely share an ending match ("validering", "specialisering").
        """
        from rapidfuzz import fuzz, process

        scores = {i: s for _w, s, i in process.extract(word, self.vocabulary, scorer=fuzz.ratio, limit=None, score_cutoff=80)}
        for i, known in enumerate(self.vocabulary):
            if known.startswith(word):
                scores[i] = 100.0
            elif len(word) >= 3 and word in known:
                scores[i] = max(scores.get(i, 0.0), 90.0)
        return scores
