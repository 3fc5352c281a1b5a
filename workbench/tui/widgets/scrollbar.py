"""A vertical scrollbar that paints again only when its picture changes.

Why: Textual repaints a scrollbar whenever the view scrolls, through the
whole Rich render path (~1 ms for 38 lines here), although the thumb moves
in eighths of a cell: on a long document a keypress scrolls a few lines out
of thousands and the picture is the same. The lines are kept per picture
(thumb start and end in eighths, size, colours) and reused.

Relies on Textual 8's ``ScrollBar`` (pinned in pyproject.toml): its
``window_size``, ``window_virtual_size``, ``position`` and ``renderer``.
"""

from __future__ import annotations

from math import ceil

from rich.color import Color
from rich.style import Style
from textual.geometry import Region
from textual.scrollbar import ScrollBar, ScrollBarRender
from textual.strip import Strip

PICTURES_KEPT = 64


class CachedScrollBar(ScrollBar):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._pictures: dict[tuple, list[Strip]] = {}

    def _picture(self) -> tuple:
        """What the rendered lines depend on: the thumb's ends as ``ScrollBarRender.render_bar`` computes them."""
        size = self.size.height if self.vertical else self.size.width
        virtual = ceil(self.window_virtual_size)
        window = ceil(self.window_size if self.window_size < self.window_virtual_size else 0)
        thumb: tuple[int, int] | None = None
        if window and size and virtual and size != virtual:
            bars = len(self.renderer.VERTICAL_BARS if self.vertical else self.renderer.HORIZONTAL_BARS)
            thumb_size = max(1, window / (virtual / size))
            position = (size - thumb_size) * (self.position / (virtual - window))
            start = int(position * bars)
            thumb = (start, start + ceil(thumb_size * bars))
        styles = self.parent.styles if self.parent is not None else None
        colours = (
            (styles.scrollbar_color, styles.scrollbar_background, styles.scrollbar_color_hover,
             styles.scrollbar_background_hover, styles.scrollbar_color_active, styles.scrollbar_background_active)
            if styles is not None else ()
        )
        return (self.size, self.vertical, thumb, bool(self.grabbed), self.mouse_over, self.app.theme, colours)

    def render_lines(self, crop: Region) -> list[Strip]:
        key = self._picture()
        lines = self._pictures.get(key)
        if lines is None:
            lines = self._draw()
            if len(self._pictures) >= PICTURES_KEPT:
                self._pictures.clear()
            self._pictures[key] = lines
        lines = lines[crop.y:crop.bottom]
        if crop.x or crop.width != self.size.width:
            lines = [line.crop(crop.x, crop.right) for line in lines]
        return lines

    def _draw(self) -> list[Strip]:
        """The bar's lines from the renderer's own segments, one segment a line, without the Rich render
        path (a new picture with every section jump on a long document cost ~3 ms that way)."""
        bar = self.render()
        if not self.vertical or not isinstance(bar, ScrollBarRender):
            return super().render_lines(self.size.region)
        style = bar.style if isinstance(bar.style, Style) else Style.parse(str(bar.style))
        segments = self.renderer.render_bar(
            size=self.size.height,
            window_size=bar.window_size,
            virtual_size=bar.virtual_size,
            position=bar.position,
            thickness=self.size.width,
            vertical=True,
            back_color=style.bgcolor or Color.parse("#555555"),
            bar_color=style.color or Color.parse("bright_magenta"),
        )
        under = self.rich_style  # what Textual's render path lays under the bar: the widget's colours
        width = self.size.width
        # Most lines are the same track or thumb cell: one Strip for each distinct segment (a new
        # picture with each section jump made a Strip, and read the bar's size, for every line).
        strips: dict[tuple, Strip] = {}
        lines = []
        for segment in segments.segments:
            key = (segment.text, segment.style)
            line = strips.get(key)
            if line is None:
                line = strips[key] = Strip([segment], width).apply_style(under)
            lines.append(line)
        return lines


class CachedVerticalScrollbar:
    """For a scrolling widget: its vertical scrollbar is a ``CachedScrollBar``.

    The reader, the codebook tree, the codings list and the dialog's code
    list each scroll a long list; Textual's own bar redraws itself through
    the Rich render path whenever its widget repaints (~1 ms a typed key in
    the code list, every close of a dialog for the others). Made on first use
    as ``Widget.vertical_scrollbar`` does (Textual 8's ``_vertical_scrollbar``
    slot and ``App._start_widget``)."""

    @property
    def vertical_scrollbar(self) -> ScrollBar:
        if self._vertical_scrollbar is None:
            self._vertical_scrollbar = CachedScrollBar(vertical=True, name="vertical", thickness=self.scrollbar_size_vertical)
            self._vertical_scrollbar.display = False
            self.app._start_widget(self, self._vertical_scrollbar)
        return self._vertical_scrollbar
