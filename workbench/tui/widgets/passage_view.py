"""The reader: a whole document's passages as one line-API widget.

One widget per passage (or a read-only TextArea) costs far more than a frame
per keypress on a 10k-passage document (see shared research, textual.md §5),
so the reader is a ``ScrollView`` that only renders the lines on screen:

* each passage's height at the current width is computed once per width,
  never on the UI thread: in the thread that loads the document (so that it
  is shown laid out), or in a thread worker after a resize, while the view
  goes on showing the layout it has (see ``_relayout``);
* a prefix sum of heights maps a screen line to its passage with ``bisect``;
* a passage's rendered lines are cached (LRU) by passage, width and state,
  so moving the cursor only re-renders the two passages that changed.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field, replace
from itertools import accumulate
from typing import Callable, Iterable, Sequence

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual import events, work
from textual.binding import Binding
from textual.cache import LRUCache
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.worker import get_current_worker

from .scrollbar import CachedVerticalScrollbar
from .straight import finish, plain_box

GUTTER = 8  # page label (5) + space + code marks (2)
# Rendered passages kept: a few screens' worth. Every cached line is a Strip
# with its own caches (~10 tracked objects), and a full garbage collection
# walks them all: 512 passages meant ~300k objects and 120-150 ms per full
# collection; re-rendering a passage that scrolls back into view costs ~0.3 ms.
PASSAGES_CACHED = 96
# Passages measured in the loading thread before a document is shown (~20 µs
# each: 0.4 s at 20k). A longer document is shown at once with estimated
# heights, and the view's worker measures it.
MEASURED_BEFORE_SHOWN = 20_000
WIDTHS_KEPT = 4  # measured layouts kept per document: a terminal resized back and forth
_HARD_LINE = re.compile(r"[^\n]*")
_WORD = re.compile(r"\S+")


@dataclass(slots=True)
class ReaderRow:
    """One passage as the reader needs it: plain data, no database objects."""

    id: int
    seq: int
    kind: str
    text: str
    section_id: int | None = None
    page_label: str | None = None
    footnotes: tuple[int, ...] = ()
    # Where each footnote's reference sits in ``text`` (same order as
    # ``footnotes``); without offsets the markers follow the text.
    footnote_offsets: tuple[int, ...] = ()
    colours: tuple[str, ...] = field(default=())


def display_text(row: ReaderRow) -> tuple[str, list[tuple[int, int]]]:
    """The passage text with its footnote markers ("regioner[195]") put back.

    Returns the text and the (start, end) ranges of the markers in it.
    """
    if not row.footnotes:
        return row.text, []
    text = row.text
    if len(row.footnote_offsets) == len(row.footnotes):
        refs = sorted(zip(row.footnote_offsets, row.footnotes))
    else:
        refs = [(len(text), n) for n in row.footnotes]
    parts: list[str] = []
    marks: list[tuple[int, int]] = []
    pos = 0
    length = 0
    for offset, number in refs:
        offset = max(pos, min(offset, len(text)))
        chunk = text[pos:offset]
        parts.append(chunk)
        length += len(chunk)
        marker = f"[{number}]"
        parts.append(marker)
        marks.append((length, length + len(marker)))
        length += len(marker)
        pos = offset
    parts.append(text[pos:])
    return "".join(parts), marks


def wrap_spans(text: str, width: int) -> list[tuple[int, int]]:
    """Greedy word wrap: the (start, end) character span of each line.

    Measures words in terminal cells, so wide characters wrap correctly; words
    longer than the width are broken.
    """
    width = max(1, width)
    measure = len if text.isascii() or cell_len(text) == len(text) else cell_len
    spans: list[tuple[int, int]] = []
    for hard in _HARD_LINE.finditer(text):
        h_start, h_end = hard.span()
        if h_start == h_end and h_start > 0 and text[h_start - 1 : h_start] != "\n":
            continue  # the empty match after the last line
        line_start = h_start
        line_cells = 0
        last_end = h_start
        empty = True
        for word in _WORD.finditer(text, h_start, h_end):
            start, end = word.span()
            cells = measure(text[start:end]) if measure is not len else end - start
            gap = start - last_end
            if not empty and line_cells + gap + cells <= width:
                line_cells += gap + cells
                last_end = end
                continue
            if not empty:
                spans.append((line_start, last_end))
            line_start = start
            while cells > width:  # hard-break a word wider than the line
                cut = start + width if measure is len else _cut_at_cells(text, start, end, width)
                spans.append((start, cut))
                cells -= measure(text[start:cut])
                start = cut
                line_start = start
            line_cells = cells
            last_end = end
            empty = False
        spans.append((line_start, last_end) if not empty else (h_start, h_start))
    return spans or [(0, 0)]


def _cut_at_cells(text: str, start: int, end: int, width: int) -> int:
    cells = 0
    for i in range(start, end):
        cells += cell_len(text[i])
        if cells > width:
            return max(start + 1, i)
    return end


def passage_height(row: ReaderRow, text_width: int) -> int:
    """Lines the passage takes, including the blank line after it."""
    text, _ = display_text(row)
    return len(wrap_spans(text, text_width)) + 1


def estimated_height(row: ReaderRow, text_width: int) -> int:
    return len(row.text) // max(1, text_width) + 2


@dataclass(frozen=True)
class Heights:
    """Every passage's height at one text width (measured, not estimated)."""

    text_width: int
    heights: list[int]


def measure_heights(rows: Sequence[ReaderRow], text_width: int, cancelled: Callable[[], bool] = lambda: False) -> Heights | None:
    """(Any thread.) None when ``cancelled()`` turned true along the way."""
    heights: list[int] = []
    for i, row in enumerate(rows):
        if i % 2000 == 0 and cancelled():
            return None
        heights.append(passage_height(row, text_width))
    return Heights(text_width, heights)


def measured_before_shown(rows: Sequence[ReaderRow], text_width: int) -> Heights | None:
    """(The loading thread.) The heights a document is shown with at once, or None when the
    view's width is not known yet (0) or the document is too long to keep waiting for them."""
    if not text_width or len(rows) > MEASURED_BEFORE_SHOWN:
        return None
    return measure_heights(rows, text_width)


class PassageView(CachedVerticalScrollbar, ScrollView, can_focus=True):
    """Reads a document passage by passage; the cursor is the current passage."""

    COMPONENT_CLASSES = {
        "passage-view--text",
        "passage-view--heading",
        "passage-view--cursor",
        "passage-view--page",
        "passage-view--footnote",
    }

    # overflow-x hidden: the text is wrapped to the width, so a horizontal
    # scrollbar would only take a line (and repaint with every scroll).
    DEFAULT_CSS = """
    PassageView {
        background: $surface;
        color: $foreground;
        overflow-x: hidden;
    }
    PassageView > .passage-view--heading { text-style: bold; color: $primary; }
    PassageView > .passage-view--cursor { background: $boost; }
    PassageView:focus > .passage-view--cursor { background: $primary 25%; }
    PassageView > .passage-view--page { color: $text-muted; }
    PassageView > .passage-view--footnote { color: $accent; text-style: bold; }
    """

    # Priority: the app runs them as the key arrives. Otherwise Textual hands the
    # key to the reader, which has no handler for it, and it bubbles through the
    # pane and the screen back to the app before the binding is looked up (five
    # message dispatches, ~1 ms of each navigation key). They apply only while the
    # reader has the focus, like any binding of a widget.
    BINDINGS = [
        Binding("down,j", "next_passage", "Next", priority=True, id="reader.next", show=False),
        Binding("up,k", "previous_passage", "Previous", priority=True, id="reader.previous", show=False),
        Binding("pagedown,space", "page_down", "Page down", priority=True, id="reader.page-down", show=False),
        Binding("pageup", "page_up", "Page up", priority=True, id="reader.page-up", show=False),
        Binding("home", "first", "First", priority=True, id="reader.first", show=False),
        Binding("end", "last", "Last", priority=True, id="reader.last", show=False),
        Binding("right_square_bracket", "next_section", "Next section", priority=True, id="reader.next-section"),
        Binding("left_square_bracket", "previous_section", "Prev section", priority=True, id="reader.previous-section"),
        Binding("n", "next_page", "Next page", priority=True, id="reader.next-page", show=False),
        Binding("p", "previous_page", "Prev page", priority=True, id="reader.previous-page", show=False),
    ]

    class CursorMoved(Message):
        """The current passage changed (posted at most once per move)."""

        def __init__(self, view: "PassageView", index: int, row: ReaderRow | None) -> None:
            super().__init__()
            self.view = view
            self.index = index
            self.row = row

        @property
        def control(self) -> "PassageView":
            return self.view

    class _HeightsReady(Message):
        def __init__(self, heights: Heights, generation: int) -> None:
            super().__init__()
            self.heights = heights
            self.generation = generation

    def __init__(self, rows: Sequence[ReaderRow] = (), *, name=None, id=None, classes=None) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._rows: list[ReaderRow] = list(rows)
        self._starts: list[int] = [0]
        self._heights: list[int] = []
        self._layout_width = 0  # text width the heights are for (and the text is wrapped at)
        self._exact = False  # the heights are measured for _layout_width, not estimated
        self._measured: dict[int, Heights] = {}  # by text width, for these rows
        self._text_width_seen = 0  # read by the loading thread (an int: no lock needed)
        self._measuring = 0  # the width a worker is measuring for
        self._generation = 0
        self._cursor = 0
        self._cache: LRUCache[tuple, list[Strip]] = LRUCache(maxsize=PASSAGES_CACHED)
        # Per passage shape (the cache key but its colours): the colours last drawn, the lines, how many carry marks.
        self._drawn: LRUCache[tuple, tuple[tuple[str, ...], list[Strip], int]] = LRUCache(maxsize=PASSAGES_CACHED)
        self._styles: dict[str, Style] | None = None
        self._cursor_listeners: list[Callable[[PassageView.CursorMoved], None]] = []

    # -- data -------------------------------------------------------------

    @property
    def rows(self) -> list[ReaderRow]:
        return self._rows

    @property
    def cursor(self) -> int:
        return self._cursor

    @property
    def current_row(self) -> ReaderRow | None:
        return self._rows[self._cursor] if self._rows else None

    @property
    def layout_is_exact(self) -> bool:
        """Measured heights at the width the view has now (none estimated, none of an older width)."""
        return self._exact and self._layout_width == self._text_width_seen

    @property
    def text_width(self) -> int:
        """(Any thread.) The width passages are wrapped at, as of the view's last layout; 0 before it."""
        return self._text_width_seen

    def set_rows(self, rows: Iterable[ReaderRow], *, cursor: int = 0, heights: Heights | None = None) -> None:
        """Show another document (or a reloaded one); ``heights``: measured off the UI thread
        (``measured_before_shown``), else the view estimates and measures in a worker."""
        self._rows = list(rows)
        self._cursor = max(0, min(cursor, len(self._rows) - 1))
        self._cache.clear()
        self._drawn.clear()
        self._measured = {}
        self._measuring = 0
        self._generation += 1
        if heights is not None and len(heights.heights) == len(self._rows):
            self._measured[heights.text_width] = heights
        self._layout_width = 0
        self._exact = False
        self._relayout()
        self._announce()

    def update_row(self, index: int, **changes) -> None:
        """Change one passage (e.g. its code colours) and repaint just it."""
        old = self._rows[index]
        new = replace(old, **changes)
        self._rows[index] = new
        if (new.text != old.text or new.footnotes != old.footnotes) and len(self._heights) == len(self._rows):
            # One passage measured here (cheap); the layouts kept for other widths are stale.
            heights = list(self._heights)
            heights[index] = passage_height(new, self._layout_width) if self._exact else estimated_height(new, self._layout_width)
            self._measured = {self._layout_width: Heights(self._layout_width, heights)} if self._exact else {}
            self._apply_heights(self._layout_width, heights, exact=self._exact)
            self._generation += 1  # a worker measuring the old text is stale
            self._measuring = 0
            self._relayout()
        else:
            self._refresh_passage(index)

    def set_colours(self, colours: dict[int, tuple[str, ...]]) -> None:
        """Give many passages (by row index) their code colours at once, with one repaint.

        A whole document's colour marks arrive together; one ``update_row``
        each meant a copy and a refresh per coded passage on the UI thread.
        """
        rows = self._rows
        changed = False
        for index, passage_colours in colours.items():
            if rows[index].colours != passage_colours:
                rows[index] = replace(rows[index], colours=passage_colours)
                changed = True
        if changed:
            self.refresh()

    def index_of(self, passage_id: int) -> int | None:
        for i, row in enumerate(self._rows):
            if row.id == passage_id:
                return i
        return None

    # -- layout -----------------------------------------------------------

    @property
    def _text_width(self) -> int:
        # Always leave room for the vertical scrollbar, so that its appearing
        # (once heights are known) never changes the wrap width.
        scrollbar = 0 if self.show_vertical_scrollbar else self.styles.scrollbar_size_vertical
        return max(10, self.scrollable_content_region.width - scrollbar - GUTTER - 1)

    def on_resize(self, event: events.Resize) -> None:
        self._relayout()

    def _relayout(self) -> None:
        """Lay the passages out at the view's width, without measuring on the UI thread.

        Heights measured for this width are applied at once. Otherwise a
        worker measures them (~20 µs a passage: 0.3 s at 10k, which on the
        UI thread froze every step of a terminal's resize), and meanwhile
        the view keeps the layout it has: measured heights for the old
        width, the text wrapped at that width, cut or padded to the new one
        for the moment it takes. A document with no measured layout yet is
        shown with estimated heights until the worker's arrive.
        """
        if not self.is_mounted or not self.size.width:
            return
        width = self._text_width
        self._text_width_seen = width
        if width == self._layout_width and self._exact:
            if self._measuring:  # back to the width shown before a worker's measuring was done: it is stale
                self._generation += 1
                self._measuring = 0
            return
        if width == self._measuring:
            return
        self._generation += 1
        self._measuring = 0
        known = self._measured.get(width)
        if known is not None:
            self._apply_heights(width, known.heights, exact=True)
            return
        if not self._exact:
            older = next(iter(self._measured.values()), None)
            if older is not None:  # measured before the view took its width
                self._apply_heights(older.text_width, older.heights, exact=True)
            elif width != self._layout_width:
                self._apply_heights(width, [estimated_height(r, width) for r in self._rows], exact=False)
        else:  # the old width's layout stays; only the view's width changes
            self.virtual_size = Size(self.scrollable_content_region.width, self._starts[-1])
            self.refresh()
        self._measuring = width
        self._measure_heights(width, self._generation)

    @work(thread=True, exclusive=True, group="passage-view-layout", exit_on_error=False)
    def _measure_heights(self, width: int, generation: int) -> None:
        worker = get_current_worker()
        heights = measure_heights(self._rows, width, lambda: worker.is_cancelled)
        if heights is not None:
            self.post_message(self._HeightsReady(heights, generation))

    def on_passage_view__heights_ready(self, message: _HeightsReady) -> None:
        message.stop()
        if message.generation == self._generation and len(message.heights.heights) == len(self._rows):
            self._measuring = 0
            self._measured[message.heights.text_width] = message.heights
            while len(self._measured) > WIDTHS_KEPT:
                del self._measured[next(iter(self._measured))]
            self._apply_heights(message.heights.text_width, message.heights.heights, exact=True)

    def _apply_heights(self, width: int, heights: list[int], *, exact: bool) -> None:
        self._heights = heights
        self._starts = [0, *accumulate(heights)]
        self._layout_width = width
        self._exact = exact
        self._cache.clear()
        self._drawn.clear()
        self.virtual_size = Size(self.scrollable_content_region.width, self._starts[-1])
        self.refresh()
        if self._rows:
            self.call_after_refresh(self._keep_cursor_visible)

    def passage_region(self, index: int) -> Region:
        """The passage's lines in virtual (scrollable) coordinates."""
        start = self._starts[index]
        return Region(0, start, self.scrollable_content_region.width, self._starts[index + 1] - start)

    def passage_at(self, virtual_y: int) -> int:
        return max(0, min(len(self._rows) - 1, bisect_right(self._starts, virtual_y) - 1))

    # -- rendering --------------------------------------------------------

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles = None
        self._cache.clear()
        self._drawn.clear()

    def _style(self, name: str) -> Style:
        if self._styles is None:
            base = self.rich_style
            self._styles = {
                "base": base,
                **{
                    key: base + self.get_component_rich_style(f"passage-view--{key}", partial=True)
                    for key in ("text", "heading", "cursor", "page", "footnote")
                },
            }
        return self._styles[name]

    def render_line(self, y: int) -> Strip:
        return self._line_at(y + self.scroll_offset.y, self.size.width)

    def render_lines(self, crop: Region) -> list[Strip]:
        """The visible lines straight from the passage cache.

        Textual's default path re-renders every dirty line through the widget's
        styles cache (borders, padding, tint: none of which the reader has) at
        ~60 µs a line, and a keypress dirties 20-40 lines; the cached strips
        already carry the reader's own styles and full width, so only the app's
        line filters and the crop remain to apply. A reader given a border,
        padding, tint or opacity falls back to the default path.
        """
        if not plain_box(self):
            return super().render_lines(crop)
        width = self.size.width
        top = self.scroll_offset.y
        return finish(self, self._lines_between(top + crop.y, top + crop.bottom, width), crop, width)

    def _lines_between(self, first: int, end: int, width: int) -> list[Strip]:
        """Virtual lines ``first`` to ``end`` (exclusive): a passage's lines are taken at once, not looked up line by line."""
        starts = self._starts
        if not self._rows or len(starts) != len(self._rows) + 1:
            return [Strip.blank(width, self._style("base"))] * (end - first)
        strips: list[Strip] = []
        y = first
        last = starts[-1]
        while y < end and y < last:
            index = bisect_right(starts, y) - 1
            start, stop = starts[index], min(starts[index + 1], end)
            taken = self._passage_lines(index, width)[y - start:stop - start]
            strips.extend(taken)
            if len(taken) < stop - y:  # (a passage is rendered to its height; never short a line of the crop)
                strips.extend([Strip.blank(width, self._style("base"))] * (stop - y - len(taken)))
            y = stop
        if y < end:
            strips.extend([Strip.blank(width, self._style("base"))] * (end - y))
        return strips

    def _line_at(self, virtual_y: int, width: int) -> Strip:
        return self._lines_between(virtual_y, virtual_y + 1, width)[0]

    def _passage_lines(self, index: int, width: int) -> list[Strip]:
        row = self._rows[index]
        current = index == self._cursor
        show_page = row.page_label is not None and (index == 0 or self._rows[index - 1].page_label != row.page_label)
        key = (row.id, width, self._layout_width, current, row.colours, show_page, self._starts[index + 1] - self._starts[index])
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        shape = key[:4] + key[5:]  # (all but the colours)
        drawn = self._drawn.get(shape)
        lines = None if drawn is None else _recoloured(drawn, row.colours, self._style("base") + self._style("cursor") if current else self._style("base"))
        if lines is None:
            lines, marked = self._render_passage(row, width, current, show_page, self._starts[index + 1] - self._starts[index])
        else:
            marked = drawn[2]
        self._cache[key] = lines
        self._drawn[shape] = (row.colours, lines, marked)
        return lines

    def _render_passage(self, row: ReaderRow, width: int, current: bool, show_page: bool, height: int) -> tuple[list[Strip], int]:
        """The passage's lines, and how many of them (the first) carry its code marks."""
        text, marks = display_text(row)
        spans = wrap_spans(text, self._layout_width)
        base = self._style("base")
        body = self._style("heading" if row.kind == "heading" else "text")
        foot = self._style("footnote")
        page = self._style("page")
        if current:
            cursor = self._style("cursor")
            body, foot, page_bg = body + cursor, foot + cursor, base + cursor
        else:
            page_bg = base
        marks_segments = _code_marks(row.colours, page_bg)
        lines: list[Strip] = []
        for n, (start, end) in enumerate(spans[: max(0, height - 1)]):
            label = (row.page_label or "")[:5] if (n == 0 and show_page) else ""
            segments = [Segment(f"{label:>5} ", page if label else page_bg), *marks_segments]
            segments.extend(_text_segments(text, start, end, marks, body, foot))
            strip = Strip(segments)
            lines.append(strip.adjust_cell_length(width, page_bg if current else base))
        marked = len(lines)
        while len(lines) < height:
            if current and len(lines) < height - 1:
                lines.append(Strip([Segment(" " * 6, page_bg), *marks_segments]).adjust_cell_length(width, page_bg))
                marked += 1
            else:
                lines.append(Strip.blank(width, base))
        return lines, marked

    # -- cursor -----------------------------------------------------------

    def move_to(self, index: int, *, center: bool = False) -> None:
        """Make ``index`` the current passage and scroll it into view."""
        if not self._rows:
            return
        index = max(0, min(index, len(self._rows) - 1))
        old = self._cursor
        if index == old:
            self._keep_cursor_visible(center=center)
            return
        self._cursor = index
        self._refresh_passage(old)
        self._refresh_passage(index)
        self._keep_cursor_visible(center=center)
        self._announce()

    def move_to_passage(self, passage_id: int, *, center: bool = True) -> bool:
        index = self.index_of(passage_id)
        if index is None:
            return False
        self.move_to(index, center=center)
        return True

    def follow_cursor(self, listener: Callable[[PassageView.CursorMoved], None]) -> None:
        """Call ``listener`` at each move, before this key's frame is painted.

        (A CursorMoved message reaches its handler after the frame that shows
        the cursor: whatever the handler changes costs a second frame.)
        """
        self._cursor_listeners.append(listener)

    def _announce(self) -> None:
        moved = self.CursorMoved(self, self._cursor, self.current_row)
        for listener in self._cursor_listeners:
            listener(moved)
        self.post_message(moved)

    def _refresh_passage(self, index: int) -> None:
        if 0 <= index < len(self._rows) and len(self._starts) == len(self._rows) + 1:
            # Only the lines in view: a region past the view's edge is not clipped to
            # it, and repainted the key bar below it (or the header above) as well.
            top = self.scroll_offset.y
            start = max(self._starts[index], top)
            end = min(self._starts[index + 1], top + self.size.height)
            if end > start:
                self.refresh_lines(start, end - start)

    def _keep_cursor_visible(self, center: bool = False) -> None:
        """Scroll only when the current passage leaves the view, and then with a margin.

        Scrolling repaints the whole reader, so instead of following the cursor
        line by line (a repaint per keypress once at the bottom) the view jumps
        to put the passage a quarter from the edge it left by: the next few
        keypresses then repaint only the two passages that changed.
        """
        if not self._rows or len(self._starts) != len(self._rows) + 1:
            return
        region = self.passage_region(self._cursor)
        height = self.scrollable_content_region.height
        top = round(self.scroll_offset.y)
        if center:
            target = region.y - max(0, (height - region.height) // 2)
        elif region.y >= top and region.bottom <= top + height:
            return
        elif region.height >= height - height // 4:
            target = region.y
        elif region.y < top:
            target = region.bottom - height + height // 4
        else:
            target = region.y - height // 4
        target = max(0, min(target, self.max_scroll_y))
        if target != top:
            self.scroll_to(y=target, animate=False, immediate=True)

    def action_next_passage(self) -> None:
        self.move_to(self._cursor + 1)

    def action_previous_passage(self) -> None:
        self.move_to(self._cursor - 1)

    def action_first(self) -> None:
        self.move_to(0)

    def action_last(self) -> None:
        self.move_to(len(self._rows) - 1)

    def action_page_down(self) -> None:
        if not self._rows:
            return
        target = self.passage_at(self._starts[self._cursor] + self.scrollable_content_region.height)
        self.move_to(max(target, self._cursor + 1))

    def action_page_up(self) -> None:
        if not self._rows:
            return
        target = self.passage_at(self._starts[self._cursor] - self.scrollable_content_region.height)
        self.move_to(min(target, self._cursor - 1))

    def action_next_section(self) -> None:
        self.move_to(self._find(+1, _section_key))

    def action_previous_section(self) -> None:
        self.move_to(self._find(-1, _section_key))

    def action_next_page(self) -> None:
        self.move_to(self._find(+1, _page_key))

    def action_previous_page(self) -> None:
        self.move_to(self._find(-1, _page_key))

    def _find(self, step: int, key) -> int:
        """The first passage of the next (or this/previous) run of ``key``."""
        rows = self._rows
        if not rows:
            return 0
        i = self._cursor
        if step > 0:
            here = key(rows[i])
            while i < len(rows) - 1 and key(rows[i]) == here:
                i += 1
            return i
        # backwards: to the start of this run, or of the previous run if already there
        if i > 0 and key(rows[i - 1]) != key(rows[i]):
            i -= 1
        here = key(rows[i])
        while i > 0 and key(rows[i - 1]) == here:
            i -= 1
        return i

    def on_click(self, event: events.Click) -> None:
        if not self._rows:
            return
        self.focus()
        virtual_y = event.y + self.scroll_offset.y
        if virtual_y < self._starts[-1]:
            self.move_to(self.passage_at(virtual_y))


def _section_key(row: ReaderRow):
    return row.section_id


def _page_key(row: ReaderRow):
    return row.page_label


def _recoloured(drawn: tuple[tuple[str, ...], list[Strip], int], colours: tuple[str, ...], background: Style) -> list[Strip] | None:
    """A passage's drawn lines with other code marks (None: draw it afresh).

    Coding a passage changes only the two mark cells after the page column; a
    long passage drawn afresh cost a save ~1 ms (wrapping, footnote markers,
    styles). Each marked line is the page cell, the marks, then the text.
    """
    old_colours, lines, marked = drawn
    old = _code_marks(old_colours, background)
    new = _code_marks(colours, background)
    mended = list(lines)
    for n in range(marked):
        segments = list(lines[n])
        if len(segments) <= len(old) or [s.text for s in segments[1 : 1 + len(old)]] != [s.text for s in old]:
            return None  # (a line cut short by a narrow view)
        mended[n] = Strip([segments[0], *new, *segments[1 + len(old) :]], lines[n].cell_length)
    return mended


def _code_marks(colours: tuple[str, ...], background: Style) -> list[Segment]:
    """Two cells of colour bars, one per code (a third code shows as "+")."""
    cells: list[Segment] = []
    for colour in colours[:2]:
        try:
            cells.append(Segment("▐", background + Style(color=colour)))
        except Exception:  # an unparsable colour in a codebook must not break the reader
            cells.append(Segment("▐", background))
    if len(colours) > 2:
        cells[-1] = Segment("+", background + Style(bold=True))
    cells.append(Segment(" " * (2 - len(cells)), background))
    return cells


def _text_segments(text: str, start: int, end: int, marks: list[tuple[int, int]], body: Style, foot: Style) -> list[Segment]:
    if not marks:
        return [Segment(text[start:end], body)]
    segments: list[Segment] = []
    pos = start
    for m_start, m_end in marks:
        if m_end <= start or m_start >= end:
            continue
        if m_start > pos:
            segments.append(Segment(text[pos:m_start], body))
        segments.append(Segment(text[max(pos, m_start) : min(end, m_end)], foot))
        pos = min(end, m_end)
    if pos < end:
        segments.append(Segment(text[pos:end], body))
    return segments
