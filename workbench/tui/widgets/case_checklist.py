"""The region step's checklist: the case set, each line drawn once per look.

Why not Textual's ``SelectionList``: it renders every option through the
content pipeline (a visual per option, then the styles cache), and it drops
those renders whenever the options are rebuilt. The dialog rebuilds them for
each passage whose suggested regions differ from the last one's (the
analysts' usual case: a footnote names the regions), for each typed filter
key and for ctrl+a / ctrl+n. On the bundled report that made opening the
dialog on a passage with suggestions 32 / 42 ms (median / p95 CPU) and a
tick with space 16 / 21 ms. Here a line is a few segments kept per (case,
suggested, marked, highlighted, width) (``LineList``), so a rebuilt list
costs only the lines never drawn before.

The checklist holds the marks of the whole case set, shown or filtered
away, so a filter never loses a mark. It never takes the focus (the
dialog's query box keeps it); the dialog moves the highlight and ticks.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Sequence

from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip

from .line_list import LineList

SUGGESTED = " · suggested"
BUTTON = ("▐", "X", "▌")  # the toggle button SelectionList draws (Textual's ToggleButton glyphs)


class CaseChecklist(LineList):
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

    def __init__(self, *, id: str | None = None, on_click: Callable[[str], None] | None = None) -> None:
        super().__init__(id=id)
        self.cases: tuple[str, ...] = ()
        self.marked: set[str] = set()
        self.suggested: frozenset[str] = frozenset()
        self.query = ""
        self.on_click = on_click  # called with the case a click ticked or unticked

    @property
    def shown(self) -> list[str]:
        """The cases the filter leaves, in the case set's order."""
        return list(self.items)

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
        self._show_items([case for case in self.cases if query in case.lower()])

    def toggle(self) -> str | None:
        """Tick or untick the highlighted case (None when none is)."""
        if self.highlighted is None:
            return None
        case = self.items[self.highlighted]
        if case in self.marked:
            self.marked.discard(case)
        else:
            self.marked.add(case)
        self._refresh_rows(self.highlighted)
        return case

    def mark_shown(self, marked: bool) -> None:
        """Tick (or untick) every case the filter shows; the others keep their marks."""
        if marked:
            self.marked.update(self.items)
        else:
            self.marked.difference_update(self.items)
        self.refresh()

    def set_marked(self, cases: Iterable[str]) -> None:
        self.marked = set(cases)
        self.refresh()

    # -- drawing ---------------------------------------------------------------

    def _make_styles(self) -> dict[str, Style]:
        component = self.get_component_rich_style
        return {
            "base": self.rich_style,
            # (whole, not partial: the highlight's translucent background is blended as OptionList's is)
            "highlighted": component("case-checklist--highlighted"),
            "button": component("case-checklist--button"),
            "button-marked": component("case-checklist--button-marked"),
            "suggested": component("case-checklist--suggested", partial=True),
        }

    def _look(self, case: str) -> Hashable:
        return (case, case in self.suggested, case in self.marked)

    def _draw(self, case: str, look: Hashable, highlighted: bool, width: int) -> Strip:
        """The look of Textual's SelectionList line: a toggle button, then the name."""
        _case, suggested, marked = look  # type: ignore[misc]
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

    def _clicked(self, index: int) -> None:
        case = self.toggle()
        if case is not None and self.on_click is not None:
            self.on_click(case)
