"""The current passage's codings in the side panel, drawn line by line.

Why not an OptionList: the side panel now changes in the same frame as the
cursor, and an OptionList takes each new set of options through Textual's
content pipeline (one visual per option, wrapped, measured): 1.5-4 ms to set
two codings and as much again to paint them, on a synthetic project with two
codings a passage. Here each option's text is wrapped once per width into
styled runs (text_wrap.py: Rich's line breaks without Rich's per-line
objects, 0.35 -> 0.1 ms a coding), and a frame paints the lines it shows.

It keeps the part of OptionList's API the reader and its tests use:
``set_options``, ``highlighted``, ``option_count``, ``get_option_at_index``.
Its size is fixed (app.tcss) and its scrollbar always shown, so a change of
options repaints the list alone, never the screen's layout.
"""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.reactive import Reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widgets.option_list import Option

from .scrollbar import CachedVerticalScrollbar
from .straight import finish, plain_box
from .text_wrap import Run, wrap_to_runs


class CodingsList(CachedVerticalScrollbar, ScrollView, can_focus=True):
    BINDINGS = [
        Binding("down", "cursor_down", "Next coding", id="codings.next", show=False),
        Binding("up", "cursor_up", "Previous coding", id="codings.previous", show=False),
    ]
    COMPONENT_CLASSES = {"codings-list--highlighted", "codings-list--disabled"}
    DEFAULT_CSS = """
    CodingsList {
        overflow-y: scroll;
        overflow-x: hidden;
        background: $surface;
        color: $foreground;
        & > .codings-list--highlighted {
            color: $foreground;
            background: $block-cursor-blurred-background;
        }
        & > .codings-list--disabled { color: $text-disabled; }
        &:focus {
            background-tint: $foreground 5%;
            & > .codings-list--highlighted {
                color: $block-cursor-foreground;
                background: $block-cursor-background;
                text-style: $block-cursor-text-style;
            }
        }
    }
    """

    # Repaint, not layout: the list's size is fixed, only what it scrolls over changes.
    virtual_size = Reactive(Size(0, 0), layout=False)

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._options: list[Option] = []
        self._highlighted: int | None = None
        self._width = 0
        self._lines: list[tuple[int, list[Run], int]] = []  # (option index, its wrapped line's runs, cells) at the width laid out
        self._firsts: list[int] = []  # each option's first line
        self._styles: dict[str, Style] | None = None
        self._painted: dict[tuple[int, bool], Strip] = {}

    # -- what OptionList offered ------------------------------------------

    @property
    def option_count(self) -> int:
        return len(self._options)

    def get_option_at_index(self, index: int) -> Option:
        return self._options[index]

    @property
    def highlighted(self) -> int | None:
        return self._highlighted

    @highlighted.setter
    def highlighted(self, index: int | None) -> None:
        if index is not None and not self._options:
            index = None
        if index is not None:
            index = max(0, min(index, len(self._options) - 1))
        if index == self._highlighted:
            return
        self._highlighted = index  # (painted lines are kept per highlight state: nothing to clear)
        self.refresh()
        self._show_highlighted()

    def set_options(self, options: list[Option]) -> None:
        """Show another passage's codings: one repaint of the list."""
        self._options = list(options)
        if self._highlighted is not None and self._highlighted >= len(self._options):
            self._highlighted = len(self._options) - 1 if self._options else None
        self._width = 0  # wrapped again at the next paint
        self._painted.clear()
        self._layout()
        if self.scroll_offset.y:
            self.scroll_to(y=0, animate=False, immediate=True)
        self.refresh()

    # -- drawing ------------------------------------------------------------

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles = None
        self._width = 0
        self._painted.clear()

    def _style(self, name: str) -> Style:
        if self._styles is None:
            base = self.rich_style
            self._styles = {
                "base": base,
                "highlighted": base + self.get_component_rich_style("codings-list--highlighted", partial=True),
                "disabled": base + self.get_component_rich_style("codings-list--disabled", partial=True),
            }
        return self._styles[name]

    def _layout(self) -> None:
        """Wrap every option's text to the width (a cell of margin each side): once per set of options and width."""
        width = max(3, self.scrollable_content_region.width)
        if width == self._width and self._lines:
            return
        self._width = width
        console = self.app.console
        lines: list[tuple[int, list[Run], int]] = []
        firsts: list[int] = []
        for index, option in enumerate(self._options):
            firsts.append(len(lines))
            prompt = option.prompt
            text = prompt if isinstance(prompt, Text) else Text(str(prompt))
            lines.extend((index, runs, cells) for runs, cells in wrap_to_runs(text, width - 2, console))
        self._lines = lines
        self._firsts = firsts
        self._painted.clear()
        self.virtual_size = Size(width, len(lines))

    def on_resize(self, event: events.Resize) -> None:
        self._width = 0
        self._layout()

    def render_lines(self, crop: Region) -> list[Strip]:
        """The visible lines straight from the painted strips (as the reader's PassageView does).

        Textual's default path takes each line through the widget's styles
        cache (borders, padding, tint): ~0.1 ms a line here, and another
        passage's codings repaint all twelve. The strips carry the list's own
        styles and width, so only the app's line filters and the crop remain.
        """
        self._layout()  # once a frame, not once a line
        if not plain_box(self):
            return super().render_lines(crop)
        return finish(self, [self.render_line(y) for y in crop.line_range], crop, self._width)

    def render_line(self, y: int) -> Strip:
        number = self.scroll_offset.y + y
        width = self._width
        if number >= len(self._lines):
            return Strip.blank(width, self._style("base"))
        index, runs, cells = self._lines[number]
        current = index == self._highlighted
        painted = self._painted.get((number, current))
        if painted is None:
            name = "highlighted" if current else "disabled" if self._options[index].disabled else "base"
            style = self._style(name)
            segments = [Segment(" ", style)]  # the left margin
            segments.extend(Segment(text, style + run_style) for text, run_style in runs)
            if cells + 1 < width:
                segments.append(Segment(" " * (width - cells - 1), style))
            painted = Strip(segments, max(width, cells + 1)).adjust_cell_length(width, style)
            self._painted[(number, current)] = painted
        return painted

    # -- keys and mouse -------------------------------------------------------

    def _step(self, step: int) -> None:
        enabled = [i for i, option in enumerate(self._options) if not option.disabled]
        if not enabled:
            return
        if self._highlighted is None:
            self.highlighted = enabled[0]
            return
        later = [i for i in enabled if (i - self._highlighted) * step > 0]
        if later:
            self.highlighted = later[0] if step > 0 else later[-1]

    def action_cursor_down(self) -> None:
        self._step(1)

    def action_cursor_up(self) -> None:
        self._step(-1)

    def _show_highlighted(self) -> None:
        if self._highlighted is None or not self._firsts:
            return
        first = self._firsts[self._highlighted]
        last = self._firsts[self._highlighted + 1] if self._highlighted + 1 < len(self._firsts) else len(self._lines)
        self.scroll_to_region(Region(0, first, 1, max(1, last - first)), animate=False, immediate=True)

    def _on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        number = self.scroll_offset.y + offset.y
        if 0 <= number < len(self._lines):
            index = self._lines[number][0]
            if not self._options[index].disabled:
                self.highlighted = index
