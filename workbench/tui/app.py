"""The coding TUI: read a document, tag passages with codes and regions, see the counts.

``run_app(store_url, coder=None)`` is what ``workbench``, ``workbench tui``
and ``workbench demo`` call. The app holds the open store and the coder's
name; the reader screen does the work: reads in Textual thread workers,
writes through the app's one ``Writer`` (in order, see writer.py).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual import work
from textual.app import App
from textual.binding import Binding
from textual.message import Message

from . import lazy_strips
from .commands import WorkbenchCommands
from .compositor import lean
from .heap import QuietCollector
from .messages import describe_error
from .writer import Writer


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
        Binding("A", "agreement", "Agreement", id="app.agreement", show=False),
    ]

    class DocumentShown(Message):
        """The reader shows a document (used by tests and the start-up benchmark)."""

        def __init__(self, document_id: int) -> None:
            super().__init__()
            self.document_id = document_id

    class StoreReady(Message):
        def __init__(self, store: Any, coder: str | None) -> None:
            super().__init__()
            self.store = store
            self.coder = coder

    def __init__(self, store: Any = None, coder: str | None = None, *, document_id: int | None = None) -> None:
        """``store``: an open Store, or a database path/URL (None: the default project) opened in a worker.

        Opening a project imports the database layer (a third of a second), so a
        path is opened after the first frame, never before it.
        """
        super().__init__()
        lazy_strips.install()
        self._owns_store = store is None or isinstance(store, str)
        self._collector = QuietCollector()
        self._store_url = store if self._owns_store else None
        self.store = None if self._owns_store else store
        self.coder = coder
        self.document_id = document_id
        self.open_error: BaseException | None = None
        self.keymap: dict[str, str] = {}  # binding id -> keys, from the coder's keys file
        self.writer = Writer(self.post_message)

    def on_writer_done(self, message: Writer.Done) -> None:
        message.then(message.result)

    def on_writer_failed(self, message: Writer.Failed) -> None:
        if message.then is not None:
            message.then()
        self.notify(describe_error(message.error), severity="error", timeout=8)

    def _get_screen(self, screen: Any) -> Any:
        """Every screen, ours and Textual's (the command palette), is drawn by the lean
        compositor (see ``compositor``): it is given before the screen first runs."""
        found = self.get_screen(screen)
        if not found.is_running:
            lean(found)
        return super()._get_screen(screen)

    @property
    def reader_screen(self):
        from .screens.reader import ReaderScreen

        for screen in self.screen_stack:
            if isinstance(screen, ReaderScreen):
                return screen
        return None

    def on_mount(self) -> None:
        from .screens.reader import ReaderScreen

        self._collector.start()
        self.push_screen(ReaderScreen(self.document_id))
        # After the first frame: the import would otherwise hold the GIL while it paints.
        self.call_after_refresh(self._open_project, self.store, self._store_url)
        self.call_after_refresh(self.apply_keymap)

    def apply_keymap(self, path=None) -> None:
        """The coder's keys file (see keymap.py); a bad entry is a toast, the rest still applies."""
        from .keymap import load_keymap

        from .widgets.key_bar import KeyBar

        keymap = load_keymap(path)
        self.keymap = keymap.keys
        if keymap.keys:
            self.set_keymap(keymap.keys)
            for screen in self.screen_stack:  # key bars mounted before the file was read (later ones read app.keymap)
                for bar in screen.query(KeyBar):
                    bar.show_keys(keymap.keys)
        for problem in keymap.problems:
            self.notify(problem, severity="error", timeout=10)

    @work(thread=True, exclusive=True, exit_on_error=False, group="open-project")
    def _open_project(self, store: Any, url: str | None) -> None:
        from . import data

        if store is None:
            from workbench.core.db import open_store

            store = open_store(url, create=False)
        coder = self.coder
        if coder is None:
            try:
                coder = data.remembered_coder(store)
            except Exception:  # a damaged meta table must not stop reading: ask instead
                coder = None
        self.post_message(self.StoreReady(store, coder))

    def on_workbench_app_store_ready(self, message: StoreReady) -> None:
        self.store = message.store
        self.coder = message.coder
        screen = self.reader_screen
        if screen is not None:
            screen.start()
        if not self.coder:
            self.ask_coder()

    def on_worker_state_changed(self, event) -> None:
        from textual.worker import WorkerState

        if event.state != WorkerState.ERROR or event.worker.error is None:
            return
        if event.worker.group == "open-project":
            # No project, no app: leave with the one-line reason (run_app raises it).
            self.open_error = event.worker.error
            self.exit(return_code=2)
        else:
            self.notify(describe_error(event.worker.error), severity="error", timeout=8)

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
        screen = self.reader_screen
        if screen is not None:
            screen.viewer_changed()  # a blind project shows this coder's own codings now

    def action_agreement(self) -> None:
        """Intercoder agreement per code; enter on a code reviews and settles its disagreements."""
        from .screens.agreement import AgreementScreen

        if self.store is None:
            self.notify("The project is still opening.", severity="warning")
            return
        if not isinstance(self.screen, AgreementScreen):
            self.push_screen(AgreementScreen())

    def action_help(self) -> None:
        from .keymap import binding_groups, remapped
        from .screens.help import HelpScreen

        groups = [(title, remapped(bindings, self.keymap)) for title, bindings in binding_groups()]
        self.push_screen(HelpScreen(groups))

    def on_workbench_app_document_shown(self, message: DocumentShown) -> None:
        self._collector.settle()

    def on_unmount(self) -> None:
        self._collector.stop()
        self.writer.close()  # the writes asked for are done before the store closes
        if self._owns_store and self.store is not None:
            self.store.close()


def run_app(store_url: str | None = None, coder: str | None = None) -> None:
    """Open the TUI on a project database (a path or URL; None: the default project).

    A project that cannot be opened ends the app and raises the core's
    one-line ``WorkbenchError`` for the command line to print.
    """
    app = WorkbenchApp(store_url, coder=coder)
    app.run()
    if app.open_error is not None:
        raise app.open_error
