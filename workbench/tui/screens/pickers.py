"""Modal pickers: code, regions, a line of text."""

from __future__ import annotations

from typing import Any, Callable, Sequence

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.geometry import Size
from textual.reactive import Reactive
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Input, Label, SelectionList, Static
from textual.widgets.selection_list import Selection

from ..widgets.code_list import CodeList


class QueryInput(Input):
    """A one-line query box that filters as each key is typed, within that key's frame.

    ``on_change(value)`` runs as the value changes, not a message later, so the
    typed character and the new list are painted together (one frame, not
    two). The box's text width is its virtual size: Textual's ``Input`` asks
    for a layout pass of the whole dialog when it grows, which a fixed-width
    box never needs.
    """

    virtual_size = Reactive(Size(0, 0), layout=False)

    def __init__(self, *args: Any, on_change: Callable[[str], None] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.on_change = on_change

    def watch_value(self, value: str) -> None:
        if self.on_change is not None and self.is_mounted:
            self.on_change(value)


class CaseChecklist(SelectionList[str]):
    """The region picker's checklist, of fixed height with its scrollbar always shown
    (CSS), refilled per opening without asking for a layout pass."""

    DEFAULT_CSS = """
    CaseChecklist {
        overflow-y: scroll;
    }
    """

    virtual_size = Reactive(Size(0, 0), layout=False)


class ReusedModal(ModalScreen):
    """A modal screen shown again and again (installed, reset by ``prepare``).

    Textual re-applies the whole stylesheet to every widget of a screen each
    time it is pushed (a third of opening a picker). A reused picker's
    widgets keep the styles they had: the app re-applies changed CSS (a
    theme) to all screens itself, and a resize re-styles the screen through
    its size classes, so the push-time pass is skipped.
    """

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        event.refresh_styles = False  # runs before Screen's own handler (subclass first in the MRO)


class CodePicker(ReusedModal):
    """Fuzzy-find a code by path or definition; recent codes first.

    One picker serves every opening (``prepare`` resets it): composing the
    screen again would cost several frames. Each typed key filters within its
    own frame (QueryInput) into a list of fixed height whose lines are
    rendered once per code (CodeList), without a layout pass.
    """

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="picker.cancel"),
        Binding("down", "down", "Down", id="picker.down", show=False),
        Binding("up", "up", "Up", id="picker.up", show=False),
    ]

    INITIAL = 60  # codes listed before anything is typed (a list of every code costs a measuring pass)
    FOUND = 40  # codes listed for a query: two screens of the list, the best first

    def __init__(self, codes: Sequence[Any], resolver: Any = None, recent: Sequence[str] = (), title: str = "Apply code",
                 follow_up: Any = None) -> None:
        """``follow_up(path)`` may return a screen (the region picker) to stack on this one;
        the picker then dismisses with ``(path, that screen's result)``, and a cancelled
        follow-up returns here to choose another code (one screen switch instead of two)."""
        super().__init__()
        self.codes = list(codes)
        self.by_path = {c.path: c for c in self.codes}
        self.resolver = resolver
        self._shown: tuple | None = None  # the query (and recent codes) the list shows
        self._described: Any = None  # the code the definition shows
        self._composed = False
        self.prepare(title=title, recent=recent, follow_up=follow_up)

    def prepare(self, *, title: str, recent: Sequence[str] = (), follow_up: Any = None) -> CodePicker:
        """Reset for another opening: empty query, the recent codes first."""
        self.title_text = title
        self.recent = [p for p in recent if p in self.by_path]
        self.follow_up = follow_up
        if self._composed:
            self.query_one(".dialog-title", Label).update(title, layout=False)  # full width: no layout needed
            self.query_one(Input).value = ""  # filters (unless the list already shows the same)
            self._filter_to("")
            self.query_one(Input).focus()
        return self

    def compose(self) -> ComposeResult:
        with Vertical(id="picker", classes="dialog"):
            yield Label(self.title_text, classes="dialog-title")
            yield QueryInput(placeholder=f"type to search all {len(self.codes)} codes (path or definition)", id="code-query", on_change=self._filter_to)
            yield CodeList(id="code-options", on_click=self._choose)
            yield Static("", id="code-definition", classes="definition")

    def on_mount(self) -> None:
        self._composed = True
        self._filter_to("")
        self.query_one(Input).focus()

    def _initial(self) -> list[Any]:
        recent = [self.by_path[p] for p in self.recent]
        skip = set(self.recent)
        rest = [c for c in self.codes if c.path not in skip]
        return (recent + rest)[: max(self.INITIAL, len(recent))]

    def _show(self, codes: list[Any]) -> None:
        self.query_one(CodeList).show(codes, self.recent)
        self._describe()

    @on(Input.Changed, "#code-query")
    def _filter(self, event: Input.Changed) -> None:
        self._filter_to(event.value)

    def _filter_to(self, value: str) -> None:
        query = value.strip()
        shown = (query, () if query else tuple(self.recent))
        if shown == self._shown:
            return  # rebuilding the same list would only repaint it
        self._shown = shown
        if not query:
            self._show(self._initial())
        elif self.resolver is not None:
            self._show(list(self.resolver.search(query, limit=self.FOUND)))  # the core ranks whole-word matches first
        else:
            self._show([c for c in self.codes if query.lower() in c.path.lower()][: self.FOUND])

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

    def action_down(self) -> None:
        self.query_one(CodeList).move(+1)
        self._describe()

    def action_up(self) -> None:
        self.query_one(CodeList).move(-1)
        self._describe()

    @on(Input.Submitted, "#code-query")
    def _submit(self) -> None:
        code = self.query_one(CodeList).highlighted_code
        if code is not None:
            self._choose(code.path)

    def _choose(self, path: str) -> None:
        screen = self.follow_up(path) if self.follow_up else None
        if screen is None:
            self.dismiss(path)
            return
        def done(result) -> None:
            if result is not None:
                self.dismiss((path, result))  # not returned: the callback must not await it

        self.app.push_screen(screen, done)

    def action_cancel(self) -> None:
        self.dismiss(None)


class RegionPicker(ReusedModal):
    """The case set as a checklist; suggestions come pre-marked for the coder to confirm.

    Like the code picker, one instance is reused (``prepare``) with fixed heights.
    """

    DEFAULT_CSS = """
    #region-count {
        width: 100%;
    }
    """

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="regions.cancel"),
        Binding("ctrl+a", "select_all", "All", id="regions.all"),
        Binding("ctrl+n", "select_none", "None", id="regions.none"),
        Binding("ctrl+s", "confirm", "Save", id="regions.save"),
    ]

    def __init__(self, cases: Sequence[str], marked: Sequence[str], *, title: str, suggested: Sequence[str] = (), memo: str = "", noun: str = "regions") -> None:
        super().__init__()
        self._composed = False
        self._filled: tuple | None = None  # what the checklist was last built from
        self.prepare(cases, marked, title=title, suggested=suggested, memo=memo, noun=noun)

    def prepare(self, cases: Sequence[str], marked: Sequence[str], *, title: str, suggested: Sequence[str] = (), memo: str = "", noun: str = "regions") -> RegionPicker:
        """Reset for another opening: these cases, these marked, no filter."""
        self.cases = list(cases)
        self.marked = set(marked)
        self.suggested = set(suggested)
        self.title_text = title
        self.memo = memo
        self.noun = noun
        if self._composed:
            self.query_one(".dialog-title", Label).update(title, layout=False)  # full width: no layout needed
            self.query_one("#region-filter", Input).value = ""
            self.query_one("#memo", Input).value = memo
            self._fill("")
            self.query_one("#region-list").focus()
        return self

    def compose(self) -> ComposeResult:
        with Vertical(id="regions", classes="dialog"):
            yield Label(self.title_text, classes="dialog-title")
            yield Input(placeholder=f"filter {self.noun}", id="region-filter")
            yield CaseChecklist(id="region-list")
            yield Label("", id="region-count")
            yield Input(value=self.memo, placeholder="memo (optional)", id="memo")
            with Horizontal(classes="buttons"):
                yield Button("Save  ctrl+s", id="save", variant="primary")
                yield Button("Cancel  esc", id="cancel")

    def on_mount(self) -> None:
        self._composed = True
        self._fill("")
        self.query_one("#region-list").focus()

    def _fill(self, query: str) -> None:
        q = query.strip().lower()
        shown = (q, tuple(self.cases), frozenset(self.marked), frozenset(self.suggested))
        if shown == self._filled:
            self._count()
            return  # the same list: rebuilding it would only repaint it
        self._filled = shown
        selection = self.query_one(SelectionList)
        selection.clear_options()
        selection.add_options(
            Selection(
                Text.assemble(case, (" · suggested", "italic dim") if case in self.suggested else ""),
                case,
                case in self.marked,
            )
            for case in self.cases
            if not q or q in case.lower()
        )
        self._count()

    def _count(self) -> None:
        self.query_one("#region-count", Label).update(f"{len(self.marked)} of {len(self.cases)} {self.noun} marked", layout=False)

    @on(Input.Changed, "#region-filter")
    def _filter(self, event: Input.Changed) -> None:
        self._fill(event.value)

    @on(Input.Submitted, "#region-filter")
    def _to_list(self) -> None:
        self.query_one(SelectionList).focus()

    @on(SelectionList.SelectionToggled)
    def _toggled(self, event: SelectionList.SelectionToggled) -> None:
        value = event.selection.value
        if value in self.marked:
            self.marked.discard(value)
        else:
            self.marked.add(value)
        self._filled = None  # the list's marks are no longer the ones it was built with
        self._count()

    def action_select_all(self) -> None:
        visible = [self.query_one(SelectionList).get_option_at_index(i).value for i in range(self.query_one(SelectionList).option_count)]
        self.marked.update(visible)
        self.query_one(SelectionList).select_all()
        self._filled = None
        self._count()

    def action_select_none(self) -> None:
        selection = self.query_one(SelectionList)
        for i in range(selection.option_count):
            self.marked.discard(selection.get_option_at_index(i).value)
        selection.deselect_all()
        self._filled = None
        self._count()

    def action_confirm(self) -> None:
        ordered = [c for c in self.cases if c in self.marked]
        self.dismiss((ordered, self.query_one("#memo", Input).value))

    @on(Input.Submitted, "#memo")
    def _memo_done(self) -> None:
        self.action_confirm()

    @on(Button.Pressed, "#save")
    def _save(self) -> None:
        self.action_confirm()

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()

    def action_cancel(self) -> None:
        self.dismiss(None)


class TextPrompt(ModalScreen[str | None]):
    """Ask for one line (coder name, memo, footnote number)."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="prompt.cancel")]

    def __init__(self, title: str, *, value: str = "", placeholder: str = "", allow_empty: bool = False, can_cancel: bool = True) -> None:
        super().__init__()
        self.title_text = title
        self.value = value
        self.placeholder = placeholder
        self.allow_empty = allow_empty
        self.can_cancel = can_cancel

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog prompt"):
            yield Label(self.title_text, classes="dialog-title")
            yield Input(value=self.value, placeholder=self.placeholder, id="prompt-input")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted)
    def _submit(self, event: Input.Submitted) -> None:
        value = event.value.strip()
        if value or self.allow_empty:
            self.dismiss(value)
        else:
            self.notify("Please type something (or press escape).", severity="warning")

    def action_cancel(self) -> None:
        if self.can_cancel:
            self.dismiss(None)


class PickerCache:
    """One installed instance per kind of picker, reset for each opening.

    Composing a picker and measuring its options costs several frames; an
    installed screen survives being dismissed, so opening it again only
    resets it. ``token`` names what the instance was built for (the
    codebook): a new token builds a new one.
    """

    def __init__(self, app: Any) -> None:
        self.app = app
        self._held: dict[str, tuple[Any, Screen]] = {}

    def get(self, kind: str, token: Any, make: Callable[[], Screen], prepare: Callable[[Any], Screen]) -> Screen:
        held = self._held.get(kind)
        if held is not None and held[0] is token:
            if held[1] in self.app.screen_stack:
                return make()  # already open below (e.g. via the palette): a one-off instance
            return prepare(held[1])
        if held is not None and held[1] not in self.app.screen_stack:
            self.app.uninstall_screen(held[1])
        screen = make()
        self.app.install_screen(screen, name=f"workbench-{kind}-{id(self)}")
        self._held[kind] = (token, screen)
        return screen
