"""Modal screens: the coding dialog over the reader, the regions of a coding (review), a line of text."""

from __future__ import annotations

from typing import Any, Callable, Sequence

from textual import events, on
from textual.app import ComposeResult
from textual.await_complete import AwaitComplete
from textual.binding import Binding
from textual.containers import Vertical
from textual.geometry import Region
from textual.reactive import Reactive
from textual.screen import ModalScreen, Screen
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Input, Label

from ..widgets.coding_dialog import Choice, CodingDialog, RegionStep


class ReusedModal(ModalScreen):
    """A modal screen shown again and again (installed, reset before each push).

    Textual re-applies the whole stylesheet to every widget of a screen each
    time it is pushed (a third of opening a picker). A reused screen's
    widgets keep the styles they had: the app re-applies changed CSS (a
    theme) to all screens itself, and a resize re-styles the screen through
    its size classes, so the push-time pass is skipped.
    """

    _blank: tuple[tuple, Strip] | None = None

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        event.refresh_styles = False  # runs before Screen's own handler (subclass first in the MRO)

    def render_lines(self, crop: Region) -> list[Strip]:
        """The screen's own background (around the dialog) as one line repeated.

        Each opening repaints the screen in full, and Textual's path renders
        every line of an opaque, borderless screen's blank background again
        (~2 ms at 120x40); each such line is the same as the first."""
        styles = self.styles
        if styles.background.a < 1 or styles.gutter or styles.tint.a:
            return super().render_lines(crop)
        key = (self.size.width, self.background_colors, self.app.current_theme.name)
        if self._blank is None or self._blank[0] != key:
            self._blank = (key, super().render_lines(Region(0, 0, self.size.width, 1))[0])
        line = self._blank[1]
        if crop.column_span != (0, self.size.width):
            line = line.crop(*crop.column_span)
        return [line] * crop.height


class CodingScreen(ReusedModal):
    """The coding dialog (code step, region step) as one screen over the reader.

    One screen for both steps: ``enter`` swaps the step inside the dialog (a
    repaint of the dialog) instead of pushing a second screen (a repaint of
    the terminal). The screen stays up after the dialog's result until the
    caller ``close()``s it, so the reader can save first and then return
    with the saved coding in the same frame.
    """

    # Textual repaints a whole screen when its focused widget changes; here the
    # focus moves between the steps' widgets, whose own focus styles repaint them.
    focused: Reactive[Widget | None] = Reactive(None, repaint=False)

    def __init__(self) -> None:
        super().__init__()
        self._composed = False
        self._start: Callable[[CodingDialog], None] | None = None

    def compose(self) -> ComposeResult:
        yield CodingDialog()

    @property
    def dialog(self) -> CodingDialog:
        return self.query_one(CodingDialog)

    def choose_code(self, codes: Sequence[Any], resolver: Any, **kwargs: Any) -> CodingScreen:
        """Open at the code step (see ``CodingDialog.choose_code``); escape there dismisses."""
        return self._open(lambda dialog: dialog.choose_code(codes, resolver, cancelled=self.close, **kwargs))

    def choose_regions(self, step: RegionStep, **kwargs: Any) -> CodingScreen:
        """Open at the region step alone; escape dismisses."""
        return self._open(lambda dialog: dialog.choose_regions(step, cancelled=self.close, **kwargs))

    def _open(self, start: Callable[[CodingDialog], None]) -> CodingScreen:
        if self._composed:
            start(self.dialog)
        else:
            self._start = start  # the first opening: once composed
        return self

    def on_mount(self) -> None:
        self._composed = True
        start, self._start = self._start, None
        if start is not None:
            start(self.dialog)

    @property
    def saving(self) -> bool:
        """The dialog has handed its result over and waits to be closed."""
        return self._composed and self.dialog.saving

    def refresh(self, *regions: Region, **kwargs: Any) -> CodingScreen:
        """Ignore the reader's own repaints while it is below this screen.

        Textual hands a background screen's changed regions to the top screen
        (for translucent ones) and then marks the whole background screen for
        repainting, which it hands up again: one small change in the reader
        (a worker's side panel, a count) cost this screen a full repaint. The
        dimmed reader behind the dialog may therefore lag a change; it is
        repainted whole when the dialog closes."""
        if regions and not kwargs:  # the call Screen._compositor_refresh makes for a screen below
            return self
        super().refresh(*regions, **kwargs)
        return self

    def close(self) -> AwaitComplete | None:
        """Dismiss (await the result to act on the screen below once it is back)."""
        if self._composed:
            self.dialog.close()
        return self.dismiss() if self.is_current else None



class RegionPicker(ModalScreen):
    """The coding dialog's region step as a screen of its own (the review screen's edit key).

    Dismisses with ``(cases, memo)`` in the case set's order, or None.
    """

    def __init__(self, cases: Sequence[str], marked: Sequence[str], *, title: str, suggested: Sequence[str] = (), memo: str = "", noun: str = "regions") -> None:
        super().__init__()
        self.step = RegionStep(tuple(cases), tuple(marked), title, tuple(suggested), memo, noun)

    def compose(self) -> ComposeResult:
        yield CodingDialog()

    def on_mount(self) -> None:
        self.dialog.choose_regions(self.step, done=self._done, cancelled=self._cancel)

    @property
    def dialog(self) -> CodingDialog:
        return self.query_one(CodingDialog)

    @property
    def marked(self) -> set[str]:
        return self.dialog.marked

    @marked.setter
    def marked(self, cases: set[str]) -> None:
        self.dialog.marked = set(cases)

    def _done(self, choice: Choice) -> None:
        self.dismiss((list(choice.cases or ()), choice.memo or ""))

    def _cancel(self) -> None:
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
    """One installed instance per kind of screen, reset for each opening.

    Composing a dialog and measuring its options costs several frames; an
    installed screen survives being dismissed, so opening it again only
    resets it. ``token`` names what the instance was built for: a new token
    builds a new one.
    """

    def __init__(self, app: Any) -> None:
        self.app = app
        self._held: dict[str, tuple[Any, Screen]] = {}

    def get(self, kind: str, token: Any, make: Callable[[], Screen]) -> Screen:
        held = self._held.get(kind)
        if held is not None and held[0] is token:
            if held[1] in self.app.screen_stack:
                return make()  # already open below (e.g. via the palette): a one-off instance
            return held[1]
        if held is not None and held[1] not in self.app.screen_stack:
            self.app.uninstall_screen(held[1])
        screen = make()
        self.app.install_screen(screen, name=f"workbench-{kind}-{id(self)}")
        self._held[kind] = (token, screen)
        return screen
