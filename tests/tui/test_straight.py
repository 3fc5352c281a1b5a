"""The app's line filter on lines the widgets paint themselves: Textual's result, without a copy when nothing changes."""

from __future__ import annotations

from rich.color import Color as RichColor
from rich.segment import Segment
from rich.style import Style
from rich.terminal_theme import MONOKAI
from textual.color import Color
from textual.filter import ANSIToTruecolor
from textual.strip import Strip

from workbench.tui.widgets.straight import _filtered

BACKGROUND = Color(30, 30, 30)


def test_a_line_in_true_colours_is_kept_as_it_is():
    line = Strip([Segment("Västmanland", Style(color="#e0e0e0", bgcolor="#1e1e1e")), Segment(" 13/21", Style(bold=True))])
    line_filter = ANSIToTruecolor(MONOKAI)
    assert _filtered(line, line_filter, BACKGROUND) is line
    assert list(line.apply_filter(line_filter, BACKGROUND)) == list(line)  # (what Textual would have copied)


def test_a_line_with_ansi_colours_is_converted_as_textual_converts_it():
    line = Strip([Segment("Örebro", Style(color="red")), Segment(" ok", Style(color="#e0e0e0"))])
    line_filter = ANSIToTruecolor(MONOKAI)
    converted = _filtered(line, line_filter, BACKGROUND)
    assert converted is not line
    assert list(converted) == list(line.apply_filter(line_filter, BACKGROUND))
    assert next(iter(converted)).style.color == RichColor.from_triplet(MONOKAI.ansi_colors[1])
