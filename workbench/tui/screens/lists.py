"""Modal lists to choose from: sections, documents, search hits, evidence."""

from __future__ import annotations

from typing import Any, Callable, Sequence

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from ..messages import WorkerErrorsToToasts


class ListPicker(WorkerErrorsToToasts, ModalScreen[Any]):
    """Type to filter, enter to choose; ``items`` are (value, label) pairs.

    With ``search`` the list is not filtered locally but replaced by what
    ``search(query)`` returns, computed in a worker (e.g. full-text search).
    """

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="list.cancel"),
        Binding("down", "down", "Down", id="list.down", show=False),
        Binding("up", "up", "Up", id="list.up", show=False),
    ]

    def __init__(
        self,
        title: str,
        items: Sequence[tuple[Any, str | Text]] = (),
        *,
        placeholder: str = "type to filter",
        search: Callable[[str], list[tuple[Any, str | Text]]] | None = None,
        highlight: int | None = None,
        query: str = "",
    ) -> None:
        super().__init__()
        self.title_text = title
        self.items = list(items)
        self.placeholder = placeholder
        self.search = search
        self.initial_highlight = highlight
        self.initial_query = query
        self.values: list[Any] = []

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog list-picker"):
            yield Label(self.title_text, classes="dialog-title")
            yield Input(value=self.initial_query, placeholder=self.placeholder, id="list-query")
            yield OptionList(id="list-options")

    def on_mount(self) -> None:
        self._show(self.items)
        if self.initial_highlight is not None and self.values:
            self.query_one(OptionList).highlighted = min(self.initial_highlight, len(self.values) - 1)
        if self.search and self.initial_query:
            self._run_search(self.initial_query)
        self.query_one(Input).focus()

    def _show(self, items: Sequence[tuple[Any, str | Text]]) -> None:
        options = self.query_one(OptionList)
        options.clear_options()
        self.values = [value for value, _ in items]
        options.add_options(Option(label) for _, label in items)
        if items:
            options.highlighted = 0

    @on(Input.Changed, "#list-query")
    def _filter(self, event: Input.Changed) -> None:
        query = event.value.strip()
        if self.search is not None:
            if query:
                self._run_search(query)
            return
        words = query.lower().split()
        self._show([(v, l) for v, l in self.items if all(w in str(l).lower() for w in words)])

    @work(thread=True, exclusive=True, exit_on_error=False, group="list-search")
    def _run_search(self, query: str) -> None:
        found = self.search(query)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show, found)

    def action_down(self) -> None:
        self.query_one(OptionList).action_cursor_down()

    def action_up(self) -> None:
        self.query_one(OptionList).action_cursor_up()

    @on(Input.Submitted, "#list-query")
    def _submit(self) -> None:
        options = self.query_one(OptionList)
        if options.highlighted is not None and self.values:
            self.dismiss(self.values[options.highlighted])

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.values[event.option_index])

    def action_cancel(self) -> None:
        self.dismiss(None)
