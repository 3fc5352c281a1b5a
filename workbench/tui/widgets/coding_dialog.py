"""The coding dialog: choose a code, then the regions (and a memo), in one box.

Both steps live in one widget, composed once and reset per opening: the
code list on the left, the region checklist on the right, both always shown.
``enter`` moves from the code step to the region step without showing,
hiding or resizing anything, so the frame repaints only what changed (the
title, the query box, the count). Measured on Textual 8.2.8, a step that is
shown or hidden costs a layout pass and a re-render of every widget in it,
and a second screen costs a repaint of the whole terminal. Two more things
keep the keys cheap:

* the focus never moves: one query box types the code search in the code
  step and the region filter in the region step, while the lists are driven
  by the dialog's keys. A list that gains or loses the focus is restyled and
  drops every rendered line (the region checklist, a SelectionList then: 11 ms a time);
* the region column is filled for the passage when the dialog opens (its
  suggestions pre-marked), so choosing a code of the same case set leaves it
  as it is.

The dialog does not close itself when it has a result: it hands the choice
to ``done`` and waits (``saving``), so that the caller can keep it on screen
until its write is back, and then return to the reader with the saved coding
in one frame. Escape in the region step goes back to the code step (when the
dialog began there); escape in the first step calls ``cancelled``.

Why not a widget floating over the reader: with Textual's own compositor
every visible widget of a screen was rendered for each frame, covered or not,
so a typed key in a dialog over the reader's panes cost 22 / 29 ms (median /
p95) against 13 / 18 ms in a screen of its own; hiding the panes beneath made
opening and closing full repaints again, and moving the focus off the reader
re-rendered all of it. (The app's lean compositor, ``tui/compositor.py``, now
skips covered widgets; the overlay was not measured again with it.)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Sequence

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.geometry import Region, Size
from textual.reactive import Reactive
from textual.strip import Strip
from textual.widgets import Button, Input, Static

from .case_checklist import CaseChecklist
from .code_list import CodeList
from .info_lines import InfoLines


@dataclass(frozen=True)
class RegionStep:
    """What the region step offers for one code: the case set, what is marked, what is suggested."""

    cases: tuple[str, ...]
    marked: tuple[str, ...]
    title: str
    suggested: tuple[str, ...] = ()
    memo: str = ""
    noun: str = "regions"


@dataclass(frozen=True)
class Choice:
    """The dialog's result: the code, and the cases and memo (None when only a code was asked for)."""

    path: str | None
    cases: tuple[str, ...] | None = None
    memo: str | None = None


class QueryInput(Input):
    """A one-line query box that filters as each key is typed, within that key's frame.

    ``on_change(value)`` runs as the value changes, not a message later, so the
    typed character and the new list are painted together (one frame, not
    two). The box's text width is its virtual size: Textual's ``Input`` asks
    for a layout pass of the whole screen when it grows, which a fixed-width
    box never needs. ``keeps_space`` False leaves the space bar to the
    dialog (it ticks a region).
    """

    virtual_size = Reactive(Size(0, 0), layout=False)

    def __init__(self, *args: Any, on_change: Callable[[str], None] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.on_change = on_change
        self.keeps_space = True
        self._empty_lines: dict[tuple, list[Strip]] = {}

    def watch_value(self, value: str) -> None:
        if self.on_change is not None and self.is_mounted:
            self.on_change(value)

    def check_consume_key(self, key: str, character: str | None) -> bool:
        if key == "space" and not self.keeps_space:
            return False
        return super().check_consume_key(key, character)

    def render_lines(self, crop: Region) -> list[Strip]:
        """The empty box (its placeholder) drawn once per look, not at every opening of the dialog.

        Each opening empties the box and repaints it, and Textual draws the
        box again (border, placeholder through Rich, component styles):
        ~1.3 ms of the key that opens the dialog. The empty box depends only
        on the placeholder, the focus, the cursor's blink and the size; a
        change of styles resets it."""
        if self.value:
            return super().render_lines(crop)
        key = (crop, self.size, self.placeholder, self.has_focus, self._cursor_visible)
        lines = self._empty_lines.get(key)
        if lines is None:
            if len(self._empty_lines) >= 8:  # (the two steps' placeholders, blink on and off)
                self._empty_lines.clear()
            lines = self._empty_lines[key] = super().render_lines(crop)
        return lines

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._empty_lines.clear()


class CodingDialog(Vertical):
    """Code step (fuzzy search, recent codes first, the definition shown) and region step
    (the case set as a checklist, suggestions pre-marked, type-to-filter, all/none, memo)."""

    DEFAULT_CSS = """
    CodingDialog {
        width: 112;
        max-width: 98%;
        height: 36;
        max-height: 100%;
        background: $panel;
        border: thick $primary;
        padding: 0 1;
    }
    CodingDialog > #dialog-title {
        text-style: bold;
        width: 100%;
        height: 1;
        background: $primary 30%;
    }
    CodingDialog > #steps {
        height: 1fr;
    }
    CodingDialog #code-step {
        width: 1fr;
    }
    CodingDialog #region-step {
        width: 42;
        margin-left: 1;
    }
    CodingDialog.-regions-only #code-step, CodingDialog.-codes-only #region-step {
        display: none;
    }
    CodingDialog.-regions-only #region-step {
        width: 1fr;
        margin-left: 0;
    }
    CodingDialog #code-options-box, CodingDialog #region-list-box {
        height: 1fr;
        background: $surface;
        border: tall $border-blurred;
        padding: 0 1;
    }
    CodingDialog #code-options, CodingDialog #region-list {
        height: 1fr;
    }
    CodingDialog #code-definition {
        color: $text-muted;
        margin: 1 0;
        height: 6;  /* fixed: a new definition per highlighted code repaints without a layout pass */
    }
    CodingDialog #region-count {
        width: 100%;
        height: 1;
    }
    CodingDialog .buttons {
        height: auto;
        align: right middle;
    }
    """

    BINDINGS = [
        Binding("escape", "back", "Back", id="picker.cancel"),
        Binding("down", "down", "Down", id="picker.down", show=False),
        Binding("up", "up", "Up", id="picker.up", show=False),
        # Priority: the query box keeps the focus and would take these keys itself.
        Binding("space", "toggle", "Tick", id="regions.toggle", show=False, priority=True),
        Binding("ctrl+a", "select_all", "All", id="regions.all", priority=True),
        Binding("ctrl+n", "select_none", "None", id="regions.none", priority=True),
        Binding("ctrl+s", "confirm", "Save", id="regions.save", priority=True),
    ]

    INITIAL = 60  # codes listed before anything is typed (a list of every code costs a measuring pass)
    FOUND = 40  # codes listed for a query: two screens of the list, the best first
    _REGION_ACTIONS = {"toggle", "select_all", "select_none", "confirm"}

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.step: str | None = None  # "code", "regions", or None between openings
        self.saving = False  # the result is out; the caller closes the dialog when its write is back
        self.title_text = ""
        self._done: Callable[[Choice], None] | None = None
        self._cancelled: Callable[[], None] | None = None
        # the code step
        self.codes: list[Any] = []
        self.by_path: dict[str, Any] = {}
        self.resolver: Any = None
        self.recent: list[str] = []
        self.code_title = ""
        self.code_query = ""  # what the code step's query was when the region step took the box
        self.chosen: str | None = None
        self._regions_for: Callable[[str], RegionStep] | None = None
        self._behind = False  # the region step was reached from the code step (escape goes back)
        self._shown: tuple | None = None  # the query (and recent codes) the list shows
        self._described: Any = None  # the code the definition shows
        # the region step (its cases and marks are the checklist's)
        self.noun = "regions"
        self._count_shown = ""

    def compose(self) -> ComposeResult:
        # Lines drawn straight (InfoLines), not Labels: both change with each passage, and a
        # Label's line through the content pipeline was ~0.6 ms of the dialog's opening.
        yield InfoLines("", id="dialog-title", margin=1)
        yield QueryInput(id="code-query", on_change=self._query_changed)
        with Horizontal(id="steps"):
            with Vertical(id="code-step"):
                with Vertical(id="code-options-box"):  # the list's box (the list draws its lines straight)
                    yield CodeList(id="code-options", on_click=self._choose)
                yield Static("", id="code-definition")
            with Vertical(id="region-step"):
                with Vertical(id="region-list-box"):  # (the same box, as the checklist draws straight too)
                    yield CaseChecklist(id="region-list", on_click=lambda case: self._count())
                yield InfoLines("", id="region-count", margin=0)
                yield Input(placeholder="memo (optional)", id="memo")
                with Horizontal(classes="buttons"):
                    yield Button("Save ^s", id="save", variant="primary")
                    yield Button("Cancel", id="cancel")

    @property
    def query_box(self) -> QueryInput:
        return self.query_one("#code-query", QueryInput)

    @property
    def checklist(self) -> CaseChecklist:
        return self.query_one(CaseChecklist)

    @property
    def marked(self) -> set[str]:
        """The cases marked in the region step (shown or filtered away)."""
        return self.checklist.marked

    @marked.setter
    def marked(self, cases: set[str]) -> None:
        self.checklist.set_marked(cases)
        self._count()

    # -- opening and closing ------------------------------------------------

    def choose_code(self, codes: Sequence[Any], resolver: Any, *, title: str, recent: Sequence[str] = (),
                    regions_for: Callable[[str], RegionStep] | None = None, done: Callable[[Choice], None],
                    cancelled: Callable[[], None] | None = None, preview: RegionStep | None = None) -> None:
        """Open at the code step. ``regions_for(path)`` gives the region step for the chosen code
        (None: ``done`` gets the code alone); escape there comes back to choose another code.
        ``cancelled()`` runs when the dialog closes without a result. ``preview``: the regions
        shown (and marked) beside the codes until a code is chosen."""
        if codes is not self.codes:  # another codebook: its codes and their lines
            self.codes = codes if isinstance(codes, list) else list(codes)
            self.by_path = {c.path: c for c in self.codes}
            self._shown = None
        self.resolver = resolver
        self.recent = [p for p in recent if p in self.by_path]
        self._regions_for = regions_for
        self._done, self._cancelled = done, cancelled
        self.code_title = title
        self.chosen = None
        self.saving = False
        self.set_class(False, "-regions-only")
        self.set_class(regions_for is None, "-codes-only")  # a code alone (a query): no region column
        if preview is not None:
            self._load_regions(preview)
        self._to_code_step(query="")

    def choose_regions(self, step: RegionStep, *, path: str | None = None, done: Callable[[Choice], None],
                       cancelled: Callable[[], None] | None = None) -> None:
        """Open at the region step alone (editing a coding's cases): escape closes."""
        self._regions_for = None
        self._done, self._cancelled = done, cancelled
        self.chosen = path
        self.saving = False
        self.set_class(True, "-regions-only")
        self.set_class(False, "-codes-only")
        self._to_region_step(step, behind=False)

    def close(self) -> None:
        """Forget this opening (the screen holding the dialog goes away)."""
        self.step = None
        self.saving = False
        self._done = self._cancelled = None

    def cancel(self) -> None:
        """Close without a result."""
        if self.saving:
            return
        cancelled = self._cancelled
        self.close()
        if cancelled is not None:
            cancelled()

    def _set_title(self, title: str) -> None:
        if title != self.title_text:
            self.title_text = title
            self.query_one("#dialog-title", InfoLines).show(title)

    def _set_query(self, value: str, placeholder: str, keeps_space: bool) -> None:
        """The one query box, for this step: its text, its hint, whether space types."""
        box = self.query_box
        box.keeps_space = keeps_space
        if box.placeholder != placeholder:
            box.placeholder = placeholder
        box.value = value  # filters (unless the list already shows the same)
        box.cursor_position = len(value)
        if not box.has_focus:
            box.focus(scroll_visible=False)

    def _to_code_step(self, *, query: str) -> None:
        self.step = "code"
        self._set_title(self.code_title)
        self._set_query(query, f"type to search all {len(self.codes)} codes (path or definition)", True)
        self._filter_codes(query)
        self._count()

    def _to_region_step(self, step: RegionStep, *, behind: bool) -> None:
        if self.step == "code":
            self.code_query = self.query_box.value
        self.step = "regions"
        self._behind = behind
        self._load_regions(step)
        self._set_title(step.title)
        self._set_query("", f"type to filter {step.noun}; space ticks, ctrl+s saves", False)
        self._fill("")

    def _load_regions(self, step: RegionStep) -> None:
        """The region column for ``step`` (loaded again only if it shows other cases or marks)."""
        checklist = self.checklist
        if (checklist.cases, checklist.marked, checklist.suggested) != (tuple(step.cases), set(step.marked), frozenset(step.suggested)):
            checklist.load(step.cases, step.marked, step.suggested)
        self.noun = step.noun
        memo = self.query_one("#memo", Input)
        if memo.value != step.memo:
            memo.value = step.memo
        self._fill("")

    # -- keys ---------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.step is None or self.saving:
            return False  # the result is out: nothing more until the caller closes
        if action in self._REGION_ACTIONS:
            return self.step == "regions"
        return True

    def action_back(self) -> None:
        """Escape: from the regions back to the codes (if the dialog began there), else close."""
        if self.step == "regions" and self._behind:
            self._to_code_step(query=self.code_query)
        else:
            self.cancel()

    def action_down(self) -> None:
        self._move(+1)

    def action_up(self) -> None:
        self._move(-1)

    def _move(self, step: int) -> None:
        if self.step == "code":
            self.query_one(CodeList).move(step)
            self._describe()
        elif self.step == "regions":
            self.checklist.move(step)

    def _query_changed(self, value: str) -> None:
        if self.step == "code":
            self._filter_codes(value)
        elif self.step == "regions":
            self._fill(value)

    @on(Input.Submitted, "#code-query")
    def _submit_query(self, event: Input.Submitted) -> None:
        """Enter: the highlighted code is chosen; in the region step the highlighted region is ticked."""
        event.stop()
        if self.step == "code":
            code = self.query_one(CodeList).highlighted_code
            if code is not None:
                self._choose(code.path)
        elif self.step == "regions":
            self.action_toggle()

    # -- the code step ------------------------------------------------------

    def _initial(self) -> list[Any]:
        recent = [self.by_path[p] for p in self.recent]
        skip = set(self.recent)
        rest = [c for c in self.codes if c.path not in skip]
        return (recent + rest)[: max(self.INITIAL, len(recent))]

    def _filter_codes(self, value: str) -> None:
        query = value.strip()
        shown = (query, () if query else tuple(self.recent))
        if shown == self._shown:
            return  # rebuilding the same list would only repaint it
        self._shown = shown
        if not query:
            found = self._initial()
        elif self.resolver is not None:
            found = list(self.resolver.search(query, limit=self.FOUND))  # the core ranks whole-word matches first
        else:
            found = [c for c in self.codes if query.lower() in c.path.lower()][: self.FOUND]
        self.query_one(CodeList).show(found, self.recent)
        self._describe()

    def _describe(self) -> None:
        definition = self.query_one("#code-definition", Static)
        code = self.query_one(CodeList).highlighted_code
        if code is None:
            if self._described != "none":
                self._described = "none"
                definition.update("no matching code", layout=False)
            return
        if code is not self._described:  # the same code: repainting would change nothing
            self._described = code
            definition.update(Text.assemble((code.path, "bold"), "\n", code.description or "(no definition)"), layout=False)

    def _choose(self, path: str) -> None:
        if self.step != "code" or self.saving:
            return
        self.chosen = path
        if self._regions_for is None:
            self._finish(Choice(path))
            return
        self._to_region_step(self._regions_for(path), behind=True)

    # -- the region step ----------------------------------------------------

    def _fill(self, query: str) -> None:
        self.checklist.filter(query)  # (the same query: nothing redrawn)
        self._count()

    def _count(self) -> None:
        checklist = self.checklist
        text = f"{len(checklist.marked)} of {len(checklist.cases)} {self.noun} marked"
        if text != self._count_shown:  # the same line: no repaint
            self._count_shown = text
            self.query_one("#region-count", InfoLines).show(text)

    def action_toggle(self) -> None:
        if self.checklist.toggle() is not None:
            self._count()

    def action_select_all(self) -> None:
        self.checklist.mark_shown(True)
        self._count()

    def action_select_none(self) -> None:
        self.checklist.mark_shown(False)
        self._count()

    def action_confirm(self) -> None:
        if self.step != "regions" or self.saving:
            return
        checklist = self.checklist
        ordered = tuple(c for c in checklist.cases if c in checklist.marked)
        self._finish(Choice(self.chosen, ordered, self.query_one("#memo", Input).value))

    @on(Input.Submitted, "#memo")
    def _memo_done(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_confirm()

    @on(Button.Pressed, "#save")
    def _save(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_confirm()

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_back()

    def _finish(self, choice: Choice) -> None:
        """Hand the result over; the caller closes the dialog (at once, or when its write is back)."""
        self.saving = True
        done = self._done
        if done is not None:
            done(choice)
