"""A one-column rule between two panes, drawn as a widget of its own.

Why not the panes' CSS border (and padding): a container with a border or
padding shows pieces of its own on every line, between and around its
children, and every frame then renders it and cuts those pieces out of each
line it repaints. Measured on the reader at 120x40, the two panes' borders
and the side pane's padding were 0.75 of the 4.2 ms a full repaint costs
(the coding dialog's close), and part of every side-panel update. A rule is
one cell a line, the same cell on every line.
"""

from __future__ import annotations

from rich.segment import Segment
from textual.geometry import Region
from textual.strip import Strip
from textual.widget import Widget

from .straight import finish


class PaneRule(Widget):
    DEFAULT_CSS = "PaneRule { width: 1; height: 1fr; color: $panel-lighten-2; }"

    def __init__(self, character: str, *, id: str | None = None) -> None:
        """``character``: "▕" closes the pane on its left, "▏" opens the pane on its right
        (what a ``vkey`` border draws on those sides)."""
        super().__init__(id=id)
        self.character = character
        self._strip: Strip | None = None

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strip = None

    def render_line(self, y: int) -> Strip:
        if self._strip is None:
            self._strip = Strip([Segment(self.character, self.rich_style)], 1)
        return self._strip

    def render_lines(self, crop: Region) -> list[Strip]:
        line = self.render_line(0)
        return finish(self, [line] * crop.height, crop, 1)
