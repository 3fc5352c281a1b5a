"""The code picker's result list: one line per code, each line rendered once.

An ``OptionList`` measures and renders every option again whenever its
options are replaced, which the picker does on each typed key (about a
third of that key's frame). Here a code's line is kept per (code, recent,
highlighted, width) across queries and openings (``LineList``), so a new
list costs only the lines never shown before. The list is never focused
(the query box keeps the focus): the picker moves the highlight and asks
for the path.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from typing import Any

from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip

from .line_list import LineList


class CodeList(LineList):
    """Codes as ``★ path`` lines (★: recently used); ``highlighted`` is an index or None."""

    COMPONENT_CLASSES = {"code-list--highlighted", "code-list--recent"}

    DEFAULT_CSS = """
    CodeList {
        color: $foreground;
        background: $surface;
        overflow-x: hidden;
        overflow-y: scroll;
        & > .code-list--highlighted {
            color: $foreground;
            background: $block-cursor-blurred-background;
        }
        & > .code-list--recent {
            text-style: bold;
        }
    }
    """

    def __init__(self, *, id: str | None = None, on_click: Callable[[str], None] | None = None) -> None:
        super().__init__(id=id)
        self.recent: frozenset[str] = frozenset()
        self.on_choose = on_click

    @property
    def codes(self) -> list[Any]:
        return list(self.items)

    @property
    def highlighted_code(self) -> Any | None:
        return self.items[self.highlighted] if self.highlighted is not None else None

    def show(self, codes: Sequence[Any], recent: Sequence[str] = ()) -> None:
        """Replace the list (the first code highlighted, scrolled to the top)."""
        self.recent = frozenset(recent)
        self._show_items(list(codes))

    def _make_styles(self) -> dict[str, Style]:
        base = self.rich_style
        return {
            "base": base,
            "highlighted": base + self.get_component_rich_style("code-list--highlighted", partial=True),
            "recent": self.get_component_rich_style("code-list--recent", partial=True),
        }

    def _look(self, code: Any) -> Hashable:
        return (code.path, code.depth, code.path in self.recent)

    def _draw(self, code: Any, look: Hashable, highlighted: bool, width: int) -> Strip:
        recent = code.path in self.recent
        style = self._style("highlighted" if highlighted else "base")
        path_style = style + self._style("recent") if recent else style
        segments = [Segment(("★ " if recent else "  ") + "  " * code.depth, style), Segment(code.path, path_style)]
        return Strip(segments).adjust_cell_length(width, style)

    def _clicked(self, index: int) -> None:
        if self.on_choose is not None:
            self.on_choose(self.items[index].path)
