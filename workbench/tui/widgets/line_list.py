"""A list of one-line items the coding dialog drives, each look drawn once.

Why: Textual's ``OptionList`` (and ``SelectionList``) take every option
through the content pipeline and drop those renders whenever the options are
replaced, which the dialog does on each typed key and for each passage. The
code list and the region checklist are both lists of short one-line items,
never focused (the dialog's query box keeps the focus), whose lines depend
on a few facts (the item, highlighted or not, the width, a mark): a subclass
says what those facts are (``_look``) and how to draw them (``_draw``); each
look's strip is kept, and a frame paints the lines it shows straight
(``straight``), so a new list costs only the lines never drawn before.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import Any

from rich.style import Style
from textual import events
from textual.cache import LRUCache
from textual.geometry import Region, Size
from textual.reactive import Reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from .scrollbar import CachedVerticalScrollbar
from .straight import finish, plain_box


class LineList(CachedVerticalScrollbar, ScrollView, can_focus=False):
    """``items`` shown one a line; ``highlighted`` is an index into them or None."""

    # A new number of items moves the scrollbar's thumb, never the layout (the height is fixed).
    virtual_size = Reactive(Size(0, 0), layout=False)

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.items: Sequence[Any] = []
        self.highlighted: int | None = None
        self._lines: LRUCache[tuple, Strip] = LRUCache(maxsize=1024)
        self._styles: dict[str, Style] | None = None

    # -- for subclasses ----------------------------------------------------------

    def _look(self, item: Any) -> Hashable:
        """What an item's line depends on besides its highlight and the width."""
        raise NotImplementedError

    def _draw(self, item: Any, look: Hashable, highlighted: bool, width: int) -> Strip:
        raise NotImplementedError

    def _make_styles(self) -> dict[str, Style]:
        """The subclass's styles by name, made once per style update ("base" among them)."""
        raise NotImplementedError

    def _clicked(self, index: int) -> None:
        """A click on the item at ``index`` (after it is highlighted)."""

    # -- the list ----------------------------------------------------------------

    def _show_items(self, items: Sequence[Any]) -> None:
        """Replace the list (the first item highlighted, scrolled to the top)."""
        self.items = items
        self.highlighted = 0 if items else None
        self.virtual_size = Size(self.scrollable_content_region.width, len(items))
        self.scroll_to(y=0, animate=False, immediate=True)
        self.refresh()

    def watch_virtual_size(self, size: Size) -> None:
        self._scroll_update(size)  # what the skipped layout pass would do: size the scrollbar's thumb

    def move(self, step: int) -> None:
        if not self.items:
            return
        old = self.highlighted
        self.highlighted = max(0, min(len(self.items) - 1, (old or 0) + step if old is not None else 0))
        if self.highlighted != old:
            self.scroll_to_region(Region(0, self.highlighted, 1, 1), animate=False, immediate=True)
            self._refresh_rows(old, self.highlighted)

    def _refresh_rows(self, *rows: int | None) -> None:
        top = self.scroll_offset.y
        width = self.size.width
        self.refresh(*[Region(0, row - top, width, 1) for row in rows if row is not None])

    # -- drawing -------------------------------------------------------------------

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles = None
        self._lines.clear()

    def _style(self, name: str) -> Style:
        if self._styles is None:
            self._styles = self._make_styles()
        return self._styles[name]

    def render_lines(self, crop: Region) -> list[Strip]:
        """The lines straight from the line cache (``straight``): the list has no border or
        padding of its own (its box is a container's), so only the line filters and crop remain."""
        if not plain_box(self):
            return super().render_lines(crop)
        width = self.size.width
        return finish(self, [self._line(y, width) for y in crop.line_range], crop, width)

    def render_line(self, y: int) -> Strip:
        return self._line(y, self.scrollable_content_region.width)

    def _line(self, y: int, width: int) -> Strip:
        index = self.scroll_offset.y + y
        if index >= len(self.items):
            return Strip.blank(width, self._style("base"))
        item = self.items[index]
        look = self._look(item)
        highlighted = index == self.highlighted
        key = (look, highlighted, width)
        strip = self._lines.get(key)
        if strip is None:
            strip = self._lines[key] = self._draw(item, look, highlighted, width)
        return strip

    def _on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        index = self.scroll_offset.y + offset.y
        if 0 <= index < len(self.items):
            old, self.highlighted = self.highlighted, index
            self._refresh_rows(old, index)
            self._clicked(index)
