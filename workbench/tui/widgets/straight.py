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
            strips = [_filtered(strip, line_filter, background) for strip in strips]
    if crop.column_span != (0, width):
        x1, x2 = crop.column_span
        strips = [strip.crop(x1, x2) for strip in strips]
    return strips


def _filtered(strip: Strip, line_filter, background) -> Strip:
    """``strip.apply_filter``, or the strip itself when the filter changes none of its styles.

    The app's filter turns ANSI colours into the theme's true colours, and
    these widgets paint in true colours already: Textual's ``apply_filter``
    kept a copy of every line (a new Strip, its segments and a cache on the
    line): a third of what the garbage collector's middle generation walked."""
    segments = list(strip)
    filtered = line_filter.apply(segments, background)
    if all(new.style is old.style for new, old in zip(filtered, segments)):
        return strip
    return Strip(filtered, strip.cell_length)  # (what apply_filter makes, without filtering the line again)
