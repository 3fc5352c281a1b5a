"""A few lines of styled text, one per line, cut to the width: the side panel's heading.

Why not a Static: the heading changes with every keypress, and a Static
takes each change through Textual's content pipeline (wrapping, visuals):
~1 ms of a 16 ms frame for two lines. These lines are Rich segments made
straight into strips.
"""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.geometry import Region
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

    def render_lines(self, crop: Region) -> list[Strip]:
        """Straight from the strips (Textual's styles-cache path was ~0.4 ms for one line of a keypress's frame)."""
        styles = self.styles
        if styles.gutter or styles.tint.a or styles.text_opacity != 1.0 or self.opacity != 1.0:
            return super().render_lines(crop)
        strips = [self.render_line(y) for y in crop.line_range]
        filters = self.get_line_filters()
        if filters:
            background = self.background_colors[1]
            for line_filter in filters:
                strips = [strip.apply_filter(line_filter, background) for strip in strips]
        if crop.column_span != (0, self.size.width):
            x1, x2 = crop.column_span
            strips = [strip.crop(x1, x2) for strip in strips]
        return strips

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        strips = self._strips.get(width)
        if strips is None:
            if self._base is None:
                self._base = self.rich_style
            console = self.app.console
            margin = Segment(" ", self._base)  # a cell each side, drawn here rather than as CSS padding
            strips = self._strips[width] = [
                Strip([margin, *Strip(list(text.render(console))).apply_style(self._base)])
                .adjust_cell_length(width - 1, self._base).extend_cell_length(width, self._base)
                for text in self._texts
            ]
        return strips[y] if y < len(strips) else Strip.blank(width, self._base)
