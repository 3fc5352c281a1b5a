"""A few lines of styled text, one per line, cut to the width: the side panel's heading.

Why not a Static: the heading changes with every keypress, and a Static
takes each change through Textual's content pipeline (wrapping, visuals):
~1 ms of a 16 ms frame for two lines. These lines are Rich segments made
straight into strips.
"""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual.strip import Strip
from textual.widget import Widget


class InfoLines(Widget):
    DEFAULT_CSS = "InfoLines { height: auto; }"

    def __init__(self, *lines: Text | str, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._texts: tuple[Text, ...] = tuple(Text(t) if isinstance(t, str) else t for t in lines)
        self._strips: dict[int, list[Strip]] = {}  # by width
        self._base: Style | None = None

    @property
    def plain(self) -> str:
        """The lines as plain text (what a test or a screen reader would read)."""
        return "\n".join(text.plain for text in self._texts)

    def show(self, *lines: Text | str) -> None:
        texts = tuple(Text(t) if isinstance(t, str) else t for t in lines)
        if texts == self._texts:
            return  # same lines: no repaint
        self._texts = texts
        self._strips.clear()
        self.refresh()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._base = None
        self._strips.clear()

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        strips = self._strips.get(width)
        if strips is None:
            if self._base is None:
                self._base = self.rich_style
            console = self.app.console
            strips = self._strips[width] = [
                Strip(list(text.render(console))).apply_style(self._base).adjust_cell_length(width, self._base)
                for text in self._texts
            ]
        return strips[y] if y < len(strips) else Strip.blank(width, self._base)
