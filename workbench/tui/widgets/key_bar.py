"""A one-line key bar: the screen's main bindings, drawn as a single widget.

Textual's Footer mounts a widget per key and rebuilds them whenever focus or
screen changes; measured here that was the largest single cost of starting
the app and of every screen switch (~0.3 s), so the reader uses this instead.
"""

from __future__ import annotations

from typing import Iterable

from rich.text import Text
from textual.binding import Binding
from textual.widgets import Static

KEY_NAMES = {
    "question_mark": "?", "slash": "/", "left_square_bracket": "[", "right_square_bracket": "]",
    "number_sign": "#", "delete": "del", "escape": "esc", "enter": "⏎",
}


def key_label(key: str) -> str:
    first = key.split(",")[0]
    if first.startswith("ctrl+"):
        return "^" + first.removeprefix("ctrl+")
    return KEY_NAMES.get(first, first)


class KeyBar(Static):
    DEFAULT_CSS = """
    KeyBar { dock: bottom; height: 1; width: 100%; background: $panel; color: $text-muted; }
    """

    def __init__(self, bindings: Iterable[Binding], *, id: str | None = None) -> None:
        self.bindings = list(bindings)
        super().__init__(_bar(self.bindings), id=id)

    def on_mount(self) -> None:
        self.show_keys(getattr(self.app, "keymap", None) or {})

    def show_keys(self, keymap: dict[str, str]) -> None:
        """Show the coder's own keys (binding id -> keys, from their keys file) where they moved one."""
        if keymap:
            from ..keymap import remapped

            self.update(_bar(remapped(self.bindings, keymap)))


def _bar(bindings: Iterable[Binding]) -> Text:
    text = Text(no_wrap=True, overflow="ellipsis")
    for binding in bindings:
        if not binding.show:
            continue
        text.append(f" {key_label(binding.key)} ", style="bold reverse")
        text.append(f" {binding.description}  ")
    return text
