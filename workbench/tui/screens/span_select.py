"""Select the words of one passage to code: a span, as character offsets into its text.

The reader draws whole passages (line API); choosing a span needs a cursor
inside one passage, which a read-only TextArea gives for free (shift+arrows,
ctrl+shift+arrows word-wise, home/end, mouse drag). One passage is at most a
few thousand characters, so its cost is no concern here.

Offsets are what the core stores (``span=(start, end)``, Python string
indices into the passage text). The TextArea counts in (row, column) over
lines split by ``str.splitlines``, which also breaks at form feeds, U+2028
and the like; those are shown as blanks so that every character of the
display is the same character of the passage and the offsets map one to one.
Blanks at either edge of a selection are left out of the span.

TextArea is imported when the screen is composed: the reader imports this
module for ``span_quote`` and must not load the TextArea machinery for it.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from ..widgets.key_bar import KeyBar

# Characters str.splitlines breaks at, other than "\n" (kept: one line break, one character).
_OTHER_BREAKS = frozenset("\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
QUOTE_WIDTH = 60  # characters of a span shown in the status line before it is shortened


def displayable(text: str) -> str:
    """The passage text with every line break but "\\n" shown as a blank (same length, same offsets)."""
    return "".join(" " if ch in _OTHER_BREAKS else ch for ch in text)


def trim_span(text: str, start: int, end: int) -> tuple[int, int]:
    """(start, end) ordered, without the blanks at either edge (empty when only blanks)."""
    start, end = min(start, end), max(start, end)
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def span_quote(text: str, span: tuple[int, int], width: int = QUOTE_WIDTH) -> str:
    """The words of ``span`` in ``text`` on one line, shortened to ``width``."""
    return shorten(text[span[0]:span[1]], width)


def shorten(quote: str, width: int = QUOTE_WIDTH) -> str:
    """One line of at most ``width`` characters: the start and end of a long quote around an ellipsis."""
    quote = " ".join(quote.split())
    if len(quote) <= width:
        return quote
    half = (width - 1) // 2
    return quote[:half].rstrip() + "…" + quote[-(width - 1 - half):].lstrip()


class SpanSelectScreen(ModalScreen[tuple[int, int] | None]):
    """Dismisses with (start, end) offsets into ``text``, or None when cancelled."""

    DEFAULT_CSS = """
    SpanSelectScreen #span-text { height: auto; max-height: 22; border: none; padding: 0; }
    SpanSelectScreen #span-status { height: 2; margin-top: 1; color: $text-muted; }
    """
    BINDINGS = [
        Binding("enter", "confirm", "Choose code", id="span.confirm", priority=True),
        Binding("escape", "cancel", "Cancel", id="span.cancel"),
    ]
    # The TextArea's own selection keys, listed in the key bar only.
    HINTS = [
        Binding("shift+arrows", "", "Select"),
        Binding("ctrl+shift+arrows", "", "Select words"),
        Binding("shift+home", "", "To line start"),
    ]

    def __init__(self, text: str, *, title: str = "Select the words to code") -> None:
        super().__init__()
        self.text = text
        self.title_text = title

    def compose(self) -> ComposeResult:
        from textual.widgets import TextArea

        with Vertical(classes="dialog span-select"):
            yield Label(self.title_text, classes="dialog-title")
            yield TextArea(displayable(self.text), read_only=True, soft_wrap=True, show_line_numbers=False,
                           id="span-text", compact=True)
            yield Static("", id="span-status")
        yield KeyBar([*self.BINDINGS, *self.HINTS])

    def on_mount(self) -> None:
        area = self.query_one("#span-text")
        area.move_cursor((0, 0))
        area.focus()
        self._show_status()

    @property
    def span(self) -> tuple[int, int]:
        """The selection as trimmed (start, end) offsets into the passage text ((n, n) when empty)."""
        area = self.query_one("#span-text")
        selection = area.selection
        start = area.document.get_index_from_location(selection.start)
        end = area.document.get_index_from_location(selection.end)
        return trim_span(self.text, start, end)

    def on_text_area_selection_changed(self, event) -> None:
        self._show_status()

    def _show_status(self) -> None:
        start, end = self.span
        status = self.query_one("#span-status", Static)
        if start == end:
            status.update(Text("Nothing selected yet: shift+arrows, ctrl+shift+arrows (words), or drag with the mouse.",
                               style="dim"), layout=False)
            return
        status.update(Text.assemble(("«", "dim"), shorten(self.text[start:end]), ("»", "dim"),
                                    (f"  {start}–{end}, {end - start} characters · enter: choose the code", "dim")),
                      layout=False)

    def action_confirm(self) -> None:
        start, end = self.span
        if start == end:
            self.notify("Nothing selected - select words with shift+arrows or the mouse, then press enter.",
                        severity="warning")
            return
        self.dismiss((start, end))

    def action_cancel(self) -> None:
        self.dismiss(None)
