"""The region step's checklist: the case set, each line drawn once per look.

Why not Textual's ``SelectionList``: it renders every option through the
content pipeline (a visual per option, then the styles cache), and it drops
those renders whenever the options are rebuilt. The dialog rebuilds them for
each passage whose suggested regions differ from the last one's (the
analysts' usual case: a footnote names the regions), for each typed filter
key and for ctrl+a / ctrl+n. On the bundled report that made opening the
dialog on a passage with suggestions 32 / 42 ms (median / p95 CPU) and a
tick with space 16 / 21 ms. Here a line is a few segments kept per (case,
suggested, marked, highlighted, width), so a rebuilt list costs only the
lines never drawn before.

The checklist holds the marks of the whole case set, shown or filtered
away, so a filter never loses a mark. It never takes the focus (the
dialog's query box keeps it); the dialog moves the highlight and ticks.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.cache import LRUCache
from textual.geometry import Region, Size
from textual.reactive import Reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from .scrollbar import CachedVerticalScrollbar
from .straight import finish, plain_box

SUGGESTED = " · suggested"
BUTTON = ("▐", "X", "▌")  # the toggle button SelectionList draws (Textual's ToggleButton glyphs)


class CaseChecklist(CachedVerticalScrollbar, ScrollView, can_focus=False):
    """Cases as ``▐X▌ name`` lines (X green when marked); ``highlighted`` is an index into ``shown``."""

    COMPONENT_CLASSES = {
        "case-checklist--highlighted",
        "case-checklist--button",
        "case-checklist--button-marked",
        "case-checklist--suggested",
    }

    DEFAULT_CSS = """
    CaseChecklist {
        color: $foreground;
        background: $surface;
        overflow-x: hidden;
        overflow-y: scroll;
        & > .case-checklist--highlighted {
            color: $foreground;
            background: $block-cursor-blurred-background;
        }
        & > .case-checklist--button {
            color: $panel-darken-2;
            background: $panel;
        }
        & > .case-checklist--button-marked {
            color: $text-success;
            background: $panel;
        }
        & > .case-checklist--suggested {
            text-style: italic dim;
        }
    }
    """

    # A new number of cases moves the scrollbar's thumb, never the layout (the height is fixed).
    virtual_size = Reactive(Size(0, 0), layout=False)

    def __init__(self, *, id: str | None = None, on_click: Callable[[str], None] | None = None) -> None:
        super().__init__(id=id)
        self.cases: tuple[str, ...] = ()
        self.marked: set[str] = set()
        self.suggested: frozenset[str] = frozenset()
        self.shown: list[str] = []  # the cases the filter leaves, in the case set's order
        self.query = ""
        self.highlighted: int | None = None
        self.on_click = on_click  # called with the case a click ticked or unticked
        self._lines: LRUCache[tuple, Strip] = LRUCache(maxsize=1024)
        self._styles: dict[str, Style] | None = None

    def watch_virtual_size(self, size: Size) -> None:
        self._scroll_update(size)  # what the skipped layout pass would do: size the scrollbar's thumb

    # -- what the dialog asks ------------------------------------------------

    def load(self, cases: Sequence[str], marked: Iterable[str], suggested: Iterable[str]) -> None:
        """Another case set or other marks: all cases shown, the first highlighted."""
        self.cases = tuple(cases)
        self.marked = set(marked)
        self.suggested = frozenset(suggested)
        self.filter("", force=True)

    def filter(self, query: str, *, force: bool = False) -> None:
        """Show the cases whose name contains ``query`` (any case of letters), the first highlighted."""
        query = query.strip().lower()
        if query == self.query and not force:
            return
        self.query = query
        self.shown = [case for case in self.cases if query in case.lower()]
        self.highlighted = 0 if self.shown else None
        self.virtual_size = Size(self.scrollable_content_region.width, len(self.shown))
        self.scroll_to(y=0, animate=False, immediate=True)
        self.refresh()

    def move(self, step: int) -> None:
        if not self.shown:
            return
        old = self.highlighted
        self.highlighted = max(0, min(len(self.shown) - 1, (old or 0) + step if old is not None else 0))
        if self.highlighted != old:
            self.scroll_to_region(Region(0, self.highlighted, 1, 1), animate=False, immediate=True)
            self._refresh_rows(old, self.highlighted)

    def toggle(self) -> str | None:
        """Tick or untick the highlighted case (None when none is)."""
        if self.highlighted is None:
            return None
        case = self.shown[self.highlighted]
        if case in self.marked:
            self.marked.discard(case)
        else:
            self.marked.add(case)
        self._refresh_rows(self.highlighted)
        return case

    def mark_shown(self, marked: bool) -> None:
        """Tick (or untick) every case the filter shows; the others keep their marks."""
        if marked:
            self.marked.update(self.shown)
        else:
            self.marked.difference_update(self.shown)
        self.refresh()

    def set_marked(self, cases: Iterable[str]) -> None:
        self.marked = set(cases)
        self.refresh()

    # -- drawing ---------------------------------------------------------------

    def _refresh_rows(self, *rows: int | None) -> None:
        top = self.scroll_offset.y
        width = self.size.width
        self.refresh(*[Region(0, row - top, width, 1) for row in rows if row is not None])

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles = None
        self._lines.clear()

    def _style(self, name: str) -> Style:
        if self._styles is None:
            base = self.rich_style
            component = self.get_component_rich_style
            self._styles = {
                "base": base,
                # (whole, not partial: the highlight's translucent background is blended as OptionList's is)
                "highlighted": component("case-checklist--highlighted"),
                "button": component("case-checklist--button"),
                "button-marked": component("case-checklist--button-marked"),
                "suggested": component("case-checklist--suggested", partial=True),
            }
        return self._styles[name]

    def render_lines(self, crop: Region) -> list[Strip]:
        """The lines straight from the line cache (``straight``): the list has no border or
        padding of its own (its box is the dialog's), so only the line filters and crop remain."""
        if not plain_box(self):
            return super().render_lines(crop)
        width = self.size.width
        return finish(self, [self._line(y, width) for y in crop.line_range], crop, width)

    def render_line(self, y: int) -> Strip:
        return self._line(y, self.scrollable_content_region.width)

    def _line(self, y: int, width: int) -> Strip:
        index = self.scroll_offset.y + y
        if index >= len(self.shown):
            return Strip.blank(width, self._style("base"))
        case = self.shown[index]
        key = (case, case in self.suggested, case in self.marked, index == self.highlighted, width)
        strip = self._lines.get(key)
        if strip is None:
            strip = self._lines[key] = self._draw(*key)
        return strip

    def _draw(self, case: str, suggested: bool, marked: bool, highlighted: bool, width: int) -> Strip:
        """The look of Textual's SelectionList line: a toggle button, then the name."""
        style = self._style("highlighted" if highlighted else "base")
        button = self._style("button-marked" if marked else "button")
        side = Style.from_color(button.bgcolor, style.bgcolor)
        segments = [
            Segment(BUTTON[0], side),
            Segment(BUTTON[1], button),
            Segment(BUTTON[2], side),
            Segment(" " + case, style),
        ]
        if suggested:
            segments.append(Segment(SUGGESTED, style + self._style("suggested")))
        strip = Strip(segments)
        if strip.cell_length > width:  # (a long name: cut with an ellipsis, as SelectionList does)
            strip = Strip([*strip.crop(0, max(0, width - 1)), Segment("…", style)])
        return strip.adjust_cell_length(width, style)

    def _on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        index = self.scroll_offset.y + offset.y
        if 0 <= index < len(self.shown):
            old, self.highlighted = self.highlighted, index
            self._refresh_rows(old)
            case = self.toggle()
            if case is not None and self.on_click is not None:
                self.on_click(case)
