"""The coder's own keys: a TOML file mapping binding ids to keys, read at start-up.

Someone who codes all day wants the keys under their fingers, so every
binding has a stable id ("coding.apply", "nav.search") and a keys file can
move it:

    # ~/.config/workbench/keys.toml (or the file named by WORKBENCH_KEYS)
    [keys]
    "coding.apply" = "c,enter,a"
    "nav.search" = "slash,ctrl+f"

Textual applies the mapping itself (``App.set_keymap``); this module finds
the file, checks it against the ids the app has (a typo would otherwise be
silently ignored) and lists every binding for the help screen and
``workbench keys``.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Iterable

from textual.binding import Binding

ENV_VAR = "WORKBENCH_KEYS"


def keys_path() -> Path:
    """``WORKBENCH_KEYS``, else ``$XDG_CONFIG_HOME/workbench/keys.toml`` (``~/.config`` by default)."""
    if os.environ.get(ENV_VAR):
        return Path(os.environ[ENV_VAR]).expanduser()
    base = os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config"
    return Path(base) / "workbench" / "keys.toml"


def binding_groups() -> list[tuple[str, list[Binding]]]:
    """Every binding of the app, grouped by where it works (what the help screen shows)."""
    from .app import WorkbenchApp
    from .screens.reader import ReaderScreen
    from .widgets.codebook_tree import CodebookTree
    from .widgets.passage_view import PassageView

    groups = [
        ("Reader", list(PassageView.BINDINGS)),
        ("Coding and views", list(ReaderScreen.BINDINGS)),
        ("Codebook tree", list(CodebookTree.BINDINGS)),
        ("App", list(WorkbenchApp.BINDINGS)),
    ]
    for title, module, name in (("Coding dialog", ".widgets.coding_dialog", "CodingDialog"),
                                ("Agreement", ".screens.agreement", "AgreementScreen"),
                                ("Disagreement review", ".screens.review", "ReviewScreen")):
        try:  # screens that may not be built yet in every checkout
            from importlib import import_module

            screen = getattr(import_module(module, __package__), name)
        except (ImportError, AttributeError):
            continue
        groups.append((title, list(screen.BINDINGS)))
    return [(title, [_as_binding(b) for b in bindings]) for title, bindings in groups]


def _as_binding(item) -> Binding:
    return item if isinstance(item, Binding) else Binding(*item)


@dataclass(frozen=True)
class Keymap:
    keys: dict[str, str]  # binding id -> keys, as Textual's set_keymap takes it
    source: Path | None
    problems: tuple[str, ...]  # one line each, naming the file and the fix


def load_keymap(path: Path | None = None) -> Keymap:
    """The keys file, checked; a missing file is no keymap, a bad entry is a problem, never an exception."""
    path = path or keys_path()
    if not path.exists():
        return Keymap({}, None, ())
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        return Keymap({}, path, (f"{path}: cannot read it ({error}) - fix or remove the file",))
    except tomllib.TOMLDecodeError as error:
        return Keymap({}, path, (f"{path}: not valid TOML ({error}) - write lines like \"coding.apply\" = \"c,space\"",))
    table = data.get("keys", data)
    if not isinstance(table, dict):
        return Keymap({}, path, (f"{path}: [keys] must be a table of \"binding.id\" = \"keys\"",))
    known = {b.id for _title, bindings in binding_groups() for b in bindings if b.id}
    keys: dict[str, str] = {}
    problems: list[str] = []
    for binding_id, value in table.items():
        if binding_id not in known:
            from rapidfuzz import process

            best = process.extractOne(binding_id, sorted(known), score_cutoff=70)
            hint = f"did you mean {best[0]}?" if best else "run 'workbench keys' to list them"
            problems.append(f"{path}: unknown binding id {binding_id!r} - {hint}")
            continue
        if not isinstance(value, str) or not value.strip():
            problems.append(f"{path}: {binding_id} = {value!r} is not a key list - write e.g. \"ctrl+f,slash\"")
            continue
        keys[binding_id] = ",".join(k.strip() for k in value.split(",") if k.strip())
    return Keymap(keys, path, tuple(problems))


def remapped(bindings: Iterable[Binding], keys: dict[str, str]) -> list[Binding]:
    """The bindings with the keys the coder chose (for showing them; Textual does the dispatch)."""
    return [replace(b, key=keys[b.id]) if b.id and b.id in keys else b for b in bindings]
