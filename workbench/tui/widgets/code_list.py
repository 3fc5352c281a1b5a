"""The code picker's result list: one line per code, each line rendered once.

An ``OptionList`` measures and renders every option again whenever its
options are replaced, which the picker does on each typed key (about a
third of that key's frame). Here a code's line is kept per (code, recent,
highlighted, width) across queries and openings, so a new list costs only
the lines never shown before. The list is never focused (the query box
keeps the focus): the picker moves the highlight and asks for the path.
"""

from __future__ import annotations

from typing import Any, Callable, Sequence

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.cache import LRUCache
from textual.geometry import Region, Size
from textual.reactive import Reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from .scrollbar import CachedVerticalScrollbar
from .straight import finish, plain_box


class CodeList(CachedVerticalScrollbar, ScrollView, can_focus=False):
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

    # A new number of codes moves the scrollbar's thumb, never the layout (the height is fixed).
    virtual_size = Reactive(Size(0, 0), layout=False)

    def __init__(self, *, id: str | None = None, on_click: Callable[[str], None] | None = None) -> None:
        super().__init__(id=id)
        self.codes: list[Any] = []
        self.recent: frozenset[str] = frozenset()
        self.highlighted: int | None = None
        self.on_choose = on_click
        self._lines: LRUCache[tuple, Strip] = LRUCache(maxsize=1024)
        self._styles: dict[str, Style] | None = None

    def watch_virtual_size(self, size: Size) -> None:
        self._scroll_update(size)  # what the skipped layout pass would do: size the scrollbar's thumb

    @property
    def highlighted_code(self) -> Any | None:
        return self.codes[self.highlighted] if self.highlighted is not None else None

    def show(self, codes: Sequence[Any], recent: Sequence[str] = ()) -> None:
        """Replace the list (the first code highlighted, scrolled to the top)."""
        self.codes = list(codes)
        self.recent = frozenset(recent)
        self.highlighted = 0 if self.codes else None
        self.virtual_size = Size(self.scrollable_content_region.width, len(self.codes))
        self.scroll_to(y=0, animate=False, immediate=True)
        self.refresh()

    def move(self, step: int) -> None:
        if not self.codes:
            return
        old = self.highlighted
        self.highlighted = max(0, min(len(self.codes) - 1, (old or 0) + step if old is not None else 0))
        if self.highlighted != old:
            self.scroll_to_region(Region(0, self.highlighted, 1, 1), animate=False, immediate=True)
            self.refresh()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles = None
        self._lines.clear()

    def _style(self, name: str) -> Style:
        if self._styles is None:
            base = self.rich_style
            self._styles = {
                "base": base,
                "highlighted": base + self.get_component_rich_style("code-list--highlighted", partial=True),
                "recent": self.get_component_rich_style("code-list--recent", partial=True),
            }
        return self._styles[name]

    def render_lines(self, crop: Region) -> list[Strip]:
        """The lines straight from the line cache (``straight``): through Textual's styles
        cache every line of the list cost ~0.1 ms on each typed key. The box around the
        list is its container's (the dialog's), so the list itself is plain."""
        if not plain_box(self):
            return super().render_lines(crop)
        width = self.size.width
        return finish(self, [self._line(y, width) for y in crop.line_range], crop, width)

    def render_line(self, y: int) -> Strip:
        return self._line(y, self.scrollable_content_region.width)

    def _line(self, y: int, width: int) -> Strip:
        index = self.scroll_offset.y + y
        if index >= len(self.codes):
            return Strip.blank(width, self._style("base"))
        code = self.codes[index]
        recent = code.path in self.recent
        current = index == self.highlighted
        key = (code.path, recent, current, width)
        strip = self._lines.get(key)
        if strip is None:
            style = self._style("highlighted" if current else "base")
            path_style = style + self._style("recent") if recent else style
            segments = [Segment(("★ " if recent else "  ") + "  " * code.depth, style), Segment(code.path, path_style)]
            strip = self._lines[key] = Strip(segments).adjust_cell_length(width, style)
        return strip

    def _on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        index = self.scroll_offset.y + offset.y
        if 0 <= index < len(self.codes):
            self.highlighted = index
            self.refresh()
            if self.on_choose is not None:
                self.on_choose(self.codes[index].path)
