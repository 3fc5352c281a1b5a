"""Lines of styled text, cut or wrapped to the width: the reader's position line, the footnotes panel.

Why not a Static: these change with keypresses, and a Static takes each
change through Textual's content pipeline (wrapping, visuals) and each
frame through the styles cache: ~1 ms of a 16 ms frame for two lines.
These lines are Rich segments made straight into strips, once per text
and width.
"""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.geometry import Region
from textual.strip import Strip
from textual.widget import Widget

from .straight import finish, plain_box


class InfoLines(Widget):
    DEFAULT_CSS = "InfoLines { height: auto; }"

    def __init__(self, *lines: Text | str, wrap: bool = False, margin: int = 1, id: str | None = None,
                 classes: str | None = None) -> None:
        """``wrap``: a text longer than the width goes on over more lines (else it is cut at the edge);
        ``margin``: blank cells each side, drawn in the strips (CSS padding would take the slow path)."""
        super().__init__(id=id, classes=classes)
        self.wrap = wrap
        self.margin = margin
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
        if not plain_box(self):
            return super().render_lines(crop)
        return finish(self, [self.render_line(y) for y in crop.line_range], crop, self.size.width)

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        strips = self._strips.get(width)
        if strips is None:
            if self._base is None:
                self._base = self.rich_style
            console = self.app.console
            margin = [Segment(" " * self.margin, self._base)] if self.margin else []
            inner = max(1, width - 2 * self.margin)
            lines = [
                line
                for text in self._texts
                for line in (text.wrap(console, inner) if self.wrap else text.split("\n", allow_blank=True))
            ]
            strips = self._strips[width] = [
                Strip([*margin, *Strip(list(line.render(console))).apply_style(self._base)])
                .adjust_cell_length(width - self.margin, self._base).extend_cell_length(width, self._base)
                for line in lines
            ]
        return strips[y] if y < len(strips) else Strip.blank(width, self._base)
