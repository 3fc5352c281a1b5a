"""The coding TUI: read a document, tag passages with codes and regions, see the counts.

``run_app(store_url, coder=None)`` is what ``workbench``, ``workbench tui``
and ``workbench demo`` call. The app holds the open store and the coder's
name; the reader screen does the work, through workers.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.app import App
from textual.binding import Binding
from textual.message import Message

from .commands import WorkbenchCommands
from .messages import describe_error


class WorkbenchApp(App[None]):
    CSS_PATH = Path(__file__).with_name("app.tcss")
    TITLE = "workbench"
    COMMANDS = App.COMMANDS | {WorkbenchCommands}
    # Narrow terminals drop the codebook pane (b brings it back) so the reader keeps its width.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (120, "-wide")]
    BINDINGS = [
        Binding("question_mark", "help", "Help", id="app.help"),
        Binding("q", "quit", "Quit", id="app.quit"),
        Binding("ctrl+p", "command_palette", "Palette", id="app.palette", show=False),
    ]

    class DocumentShown(Message):
        """The reader shows a document (used by tests and the start-up benchmark)."""

        def __init__(self, document_id: int) -> None:
            super().__init__()
            self.document_id = document_id

    def __init__(self, store: Any = None, coder: str | None = None, *, document_id: int | None = None) -> None:
        super().__init__()
        if store is None or isinstance(store, str):
            from workbench.core.db import open_store

            store = open_store(store, create=False)
            self._owns_store = True
        else:
            self._owns_store = False
        self.store = store
        self.coder = coder
        self.document_id = document_id

    @property
    def reader_screen(self):
        from .screens.reader import ReaderScreen

        for screen in self.screen_stack:
            if isinstance(screen, ReaderScreen):
                return screen
        return None

    def on_mount(self) -> None:
        from .screens.reader import ReaderScreen

        if self.coder is None:
            try:
                from . import data

                self.coder = data.remembered_coder(self.store)
            except Exception as error:  # a damaged meta table must not stop reading
                self.notify(describe_error(error), severity="error")
        self.push_screen(ReaderScreen(self.document_id))
        if not self.coder:
            self.ask_coder()

    def ask_coder(self) -> None:
        from .screens.pickers import TextPrompt

        self.push_screen(
            TextPrompt("Your name as a coder (remembered for this project)", placeholder="e.g. anna", can_cancel=False),
            self._set_coder,
        )

    def _set_coder(self, name: str | None) -> None:
        if not name:
            return
        from . import data

        self.coder = name
        try:
            data.remember_coder(self.store, name)
        except Exception as error:
            self.notify(describe_error(error), severity="error")
        self.sub_title = f"{self.sub_title.split(' · coder')[0]} · coder {name}"

    def action_help(self) -> None:
        from .screens.help import HelpScreen
        from .screens.reader import ReaderScreen
        from .widgets.codebook_tree import CodebookTree
        from .widgets.passage_view import PassageView

        groups = [
            ("Reader", list(PassageView.BINDINGS)),
            ("Coding and views", list(ReaderScreen.BINDINGS)),
            ("Codebook tree", list(CodebookTree.BINDINGS)),
            ("App", list(self.BINDINGS)),
        ]
        self.push_screen(HelpScreen(groups))

    def on_unmount(self) -> None:
        if self._owns_store:
            self.store.close()

    def _handle_exception(self, error: Exception) -> None:
        """Unexpected errors end the app with the usual report; user errors never get here (workers toast them)."""
        super()._handle_exception(error)


def run_app(store_url: str | None = None, coder: str | None = None) -> None:
    """Open the TUI on a project database (a path or URL; None: the default project)."""
    WorkbenchApp(store_url, coder=coder).run()
