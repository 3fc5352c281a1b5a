"""YAML files read with their line numbers, so every mistake is reported as ``file:line``.

Codebooks and case sets are written by hand; a user who gets "expected a
string" without a line number has to hunt for it. PyYAML's ``compose`` keeps
each node's position, so loaders here walk nodes instead of plain dicts and
collect *every* error before raising, rather than stopping at the first.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .errors import InvalidInput

_NULL = "tag:yaml.org,2002:null"
# libyaml when PyYAML was built with it (5x faster); nodes and marks are the same.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class SourceErrors(InvalidInput):
    """Every problem found in one file; ``str()`` is one ``file:line: message`` per line."""

    def __init__(self, errors: list[str]):
        self.errors = tuple(errors)
        super().__init__("\n".join(self.errors))


@dataclass
class YamlSource:
    """One YAML file being read: its label for messages, its root node, the errors so far."""

    label: str
    text: str
    root: Node | None = None
    errors: list[tuple[int, str]] = field(default_factory=list)

    def error(self, where: Node | int | None, message: str) -> None:
        line = where if isinstance(where, int) else (where.start_mark.line + 1 if where is not None else 0)
        self.errors.append((line, message))

    def raise_if_errors(self) -> None:
        if self.errors:
            ordered = sorted(dict.fromkeys(self.errors), key=lambda e: e[0])
            raise SourceErrors([f"{self.label}:{line}: {message}" for line, message in ordered])

    # -- reading nodes -----------------------------------------------------

    def mapping(self, node: Node, what: str, allowed: tuple[str, ...]) -> dict[str, tuple[Node, Node]]:
        """The keys of a mapping node (key -> (key node, value node)); flags duplicates and unknown keys."""
        if not isinstance(node, MappingNode):
            self.error(node, f"{what} must be a mapping of 'key: value' lines, not {_kind(node)}")
            return {}
        found: dict[str, tuple[Node, Node]] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                self.error(key_node, f"{what} has a key that is not a plain word")
                continue
            key = key_node.value
            if key in found:
                self.error(key_node, f"{what} has '{key}' twice (first on line {found[key][0].start_mark.line + 1}) - keep one")
                continue
            if key not in allowed:
                self.error(key_node, f"unknown key '{key}' in {what}{_did_you_mean(key, allowed)}")
                continue
            found[key] = (key_node, value_node)
        return found

    def text_value(self, node: Node, what: str, *, required: bool = False) -> str | None:
        """A scalar's text as written (so ``2030`` stays "2030"); None when empty."""
        if isinstance(node, ScalarNode):
            if node.tag == _NULL and not node.style:
                if required:
                    self.error(node, f"{what} is empty - give it a value")
                return None
            return node.value
        self.error(node, f"{what} must be text, not {_kind(node)}")
        return None

    def sequence(self, node: Node, what: str) -> list[Node]:
        if isinstance(node, SequenceNode):
            return list(node.value)
        if isinstance(node, ScalarNode) and node.tag == _NULL:
            return []
        self.error(node, f"{what} must be a list ('- ' items), not {_kind(node)}")
        return []


def _kind(node: Node) -> str:
    if isinstance(node, MappingNode):
        return "a mapping"
    if isinstance(node, SequenceNode):
        return "a list"
    if isinstance(node, ScalarNode) and node.tag == _NULL:
        return "empty"
    return f"the value {node.value!r}"


def _did_you_mean(word: str, choices: tuple[str, ...]) -> str:
    from rapidfuzz import fuzz, process

    best = process.extractOne(word, choices, scorer=fuzz.ratio, score_cutoff=55)
    allowed = ", ".join(choices)
    if best:
        return f" - did you mean '{best[0]}'? (allowed: {allowed})"
    return f" (allowed: {allowed})"


def read_yaml(path: str | Path, *, label: str | None = None) -> YamlSource:
    """Read and compose ``path``; tabs and syntax errors are recorded with their lines."""
    path = Path(path)
    label = label or str(path)
    if not path.exists():
        raise InvalidInput(f"{label}: no such file - check the path")
    if path.is_dir():
        raise InvalidInput(f"{label}: is a folder, not a YAML file")
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise InvalidInput(f"{label}: not UTF-8 text (byte {err.start}) - save the file as UTF-8") from None
    return compose_text(text, label)


def compose_text(text: str, label: str) -> YamlSource:
    source = YamlSource(label, text)
    for number, line in enumerate(text.splitlines(), start=1):
        if "\t" in line:
            source.error(number, "tab character - YAML must be indented with spaces")
    try:
        source.root = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = mark.line + 1 if mark else 0
        problem = " ".join(str(err.problem or err.context or "syntax error").split())
        if not any(l == line for l, _ in source.errors):
            source.error(line, f"YAML syntax error: {problem}")
        source.raise_if_errors()
    except yaml.YAMLError as err:  # pragma: no cover - PyYAML raises marked errors for text input
        source.error(0, f"YAML error: {' '.join(str(err).split())}")
        source.raise_if_errors()
    if source.root is None:
        source.error(1, "the file is empty")
        source.raise_if_errors()
    return source
