"""Lines a widget painted itself, handed to the compositor without Textual's styles cache.

Why: Textual's default path takes every repainted line through the widget's
styles cache (borders, padding, tint) at ~0.05-0.1 ms a line. The reader,
the codings list and the position line paint full-width strips in their own
styles already, so only the app's line filters and the crop remain. A widget
given a border, padding, tint or opacity must take the default path.
"""

from __future__ import annotations

from textual.geometry import Region
from textual.strip import Strip
from textual.widget import Widget


def plain_box(widget: Widget) -> bool:
    """No border, padding, tint or opacity: the widget's own strips are what the screen shows."""
    styles = widget.styles
    return not (styles.gutter or styles.tint.a or styles.text_opacity != 1.0 or widget.opacity != 1.0)


def finish(widget: Widget, strips: list[Strip], crop: Region, width: int) -> list[Strip]:
    """The app's line filters and the crop, as the styles cache would apply them."""
    filters = widget.get_line_filters()
    if filters:
        background = widget.background_colors[1]
        for line_filter in filters:
            strips = [strip.apply_filter(line_filter, background) for strip in strips]
    if crop.column_span != (0, width):
        x1, x2 = crop.column_span
        strips = [strip.crop(x1, x2) for strip in strips]
    return strips
