"""A one-line key bar: the screen's main bindings, drawn as a single widget.

Textual's Footer mounts a widget per key and rebuilds them whenever focus or
screen changes; measured here that was the largest single cost of starting
the app and of every screen switch (~0.3 s), so the reader uses this instead.

The bar is also where a passing status goes (a saved coding's confirmation):
a toast is a widget mounted over the screen, laid out, painted and later
removed, measured at ~40 ms of CPU for each save, against one line here.
Errors stay toasts: they must not vanish with the next status.
"""

from __future__ import annotations

from typing import Iterable

from rich.text import Text
from textual.binding import Binding
from textual.timer import Timer

from .info_lines import InfoLines

KEY_NAMES = {
    "question_mark": "?", "slash": "/", "left_square_bracket": "[", "right_square_bracket": "]",
    "number_sign": "#", "delete": "del", "escape": "esc", "enter": "⏎",
}


def key_label(key: str) -> str:
    first = key.split(",")[0]
    if first.startswith("ctrl+"):
        return "^" + first.removeprefix("ctrl+")
    return KEY_NAMES.get(first, first)


class KeyBar(InfoLines):
    DEFAULT_CSS = """
    KeyBar { dock: bottom; height: 1; width: 100%; background: $panel; color: $text-muted; }
    """

    def __init__(self, bindings: Iterable[Binding], *, id: str | None = None) -> None:
        self.bindings = list(bindings)
        self._keys = _bar(self.bindings)
        self.status: Text | None = None  # the passing status on show, if any
        self._back_to_keys: Timer | None = None
        super().__init__(self._keys, margin=0, id=id)

    def on_mount(self) -> None:
        self.show_keys(getattr(self.app, "keymap", None) or {})

    def show_keys(self, keymap: dict[str, str]) -> None:
        """Show the coder's own keys (binding id -> keys, from their keys file) where they moved one."""
        if keymap:
            from ..keymap import remapped

            self._keys = _bar(remapped(self.bindings, keymap))
            if self.status is None:
                self.show(self._keys)

    def say(self, message: str, seconds: float = 6.0) -> None:
        """Show ``message`` in place of the keys for ``seconds`` (a newer one replaces it)."""
        self.status = Text.assemble((" ✓ ", "bold reverse"), " ", (message, "bold"))
        self.show(self.status)
        if self._back_to_keys is not None:
            self._back_to_keys.stop()
        self._back_to_keys = self.set_timer(seconds, self._show_keys_again)

    def _show_keys_again(self) -> None:
        self.status = self._back_to_keys = None
        self.show(self._keys)


def _bar(bindings: Iterable[Binding]) -> Text:
    text = Text()
    for binding in bindings:
        if not binding.show:
            continue
        text.append(f" {key_label(binding.key)} ", style="bold reverse")
        text.append(f" {binding.description}  ")
    return text
