"""The main screen: codebook tree | reader | the current passage's footnotes and codings.

All database work runs in thread workers that post messages back; the UI
thread only renders and applies changes to in-memory state (counts, colours).
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Header, Tree
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from .. import data
from ..counts import CodeCounts, ancestors
from ..messages import (
    ClaimLoaded,
    CodebookLoaded,
    CodingChanged,
    DocumentCodingsLoaded,
    DocumentLoaded,
    Navigate,
    PassageCodingsLoaded,
    PassageDetailLoaded,
    PassageDetailsRead,
    WorkerErrorsToToasts,
)
from ..read_ahead import ReadAhead
from ..widgets.codebook_tree import CodebookTree
from ..widgets.codings_list import CodingsList
from ..widgets.info_lines import InfoLines
from ..widgets.key_bar import KeyBar
from ..widgets.passage_view import PassageView, ReaderRow, measured_before_shown

# Modal screens are imported where they open: the widgets they use (DataTable,
# SelectionList, Button) need not be loaded before the first frame.
if TYPE_CHECKING:
    from ..widgets.coding_dialog import Choice, RegionStep
    from .pickers import CodingScreen

DETAIL_DELAY = 0.1  # seconds between keys that make a held key: the side panel waits for the cursor to rest
READ_SLICE = 50  # passages read ahead at a time (2.5-4.5 ms)


class ReaderScreen(WorkerErrorsToToasts, Screen):
    BINDINGS = [
        Binding("c,enter", "apply_code", "Code", id="coding.apply"),
        Binding("s", "code_span", "Code span", id="coding.span"),
        Binding("e", "edit_cases", "Regions", id="coding.edit-cases"),
        Binding("m", "edit_memo", "Memo", id="coding.memo", show=False),
        Binding("delete,d", "delete_coding", "Delete", id="coding.delete", show=False),
        Binding("u", "undo", "Undo", id="coding.undo"),
        Binding("ctrl+r,U", "redo", "Redo", id="coding.redo"),
        Binding("slash", "search", "Search", id="nav.search"),
        Binding("g", "jump_section", "Sections", id="nav.sections"),
        Binding("number_sign,f", "jump_footnote", "Footnote", id="nav.footnote"),
        Binding("o", "switch_document", "Docs", id="nav.documents", show=False),
        Binding("b", "toggle_codebook", "Codebook", id="view.codebook", show=False),
        Binding("x", "open_matrix", "Matrix", id="view.matrix"),
        Binding("r", "focus_reader", "Reader", id="view.reader", show=False),
    ]

    def __init__(self, document_id: int | None = None) -> None:
        super().__init__()
        self.document: data.DocumentData | None = None
        self.requested_document = document_id
        self.codebook: data.CodebookData | None = None
        self.counts = CodeCounts()
        self.resolver: Any = None
        self.colours: dict[str, str] = {}
        self.detail: data.PassageDetail | None = None
        self.recent: list[str] = []
        self.claim_path: str | None = None
        self._detail_timer: Timer | None = None
        self._moved_at = 0.0  # when the cursor last moved (a key within DETAIL_DELAY of it is a held key)
        self._clock = time.monotonic  # what the read-ahead asks whether the cursor rests (a test holds a key with it)
        self._ahead = ReadAhead()  # the side panels around the cursor, read before it gets there
        self._headings: dict[int, str] | None = None  # section id -> "3.4.4 Validering – …", per document
        self._row_info_shown: tuple | None = None
        self._row_ids: list[int] = []
        self._codings_shown: tuple | None = None
        self._footnotes_shown: Text | None = None
        self._picker_cache: Any = None  # the coding screen, built once and reused
        self._saving_in: CodingScreen | None = None  # the coding screen waiting for its write
        self._started = False

    @property
    def store(self):
        return self.app.store

    @property
    def coder(self) -> str:
        return self.app.coder or ""

    @property
    def viewer(self) -> str | None:
        """Who is looking: in a blind project the core shows them only their own codings."""
        return self.app.coder or None

    def compose(self) -> ComposeResult:
        # The three panes sit directly in the screen (its layout is horizontal,
        # header and key bar docked): every frame re-renders each widget whose
        # parent overlaps the repainted lines, so a full-width container around
        # them cost each keypress a screen-wide render for nothing.
        yield Header()
        with Vertical(id="codebook-pane"):
            yield InfoLines("Codebook", margin=0, classes="pane-title")
            yield CodebookTree(id="codebook")
        with Vertical(id="reader-pane"):
            # Where the cursor is, above the text: it changes with every key, and in the
            # reader's column it widens no frame to the side panel's (a frame repaints
            # the box around everything that changed).
            yield InfoLines(id="passage-info")
            yield PassageView(id="reader")
        with Vertical(id="side"):
            # Fixed heights: updating a part repaints it without a layout pass.
            yield InfoLines("Footnotes", margin=0, classes="pane-title")
            yield InfoLines("—", wrap=True, margin=0, id="footnotes")
            yield InfoLines("Codings", margin=0, classes="pane-title")
            yield CodingsList(id="codings")
            yield InfoLines("Claim", margin=0, classes="pane-title")
            yield InfoLines("Select a code in the tree (enter) or code a passage.", wrap=True, margin=0, id="claim")
        yield KeyBar([*self.BINDINGS[:1], *PassageView.BINDINGS, *self.BINDINGS[1:], *self.app.BINDINGS])

    def on_mount(self) -> None:
        self._passage_view = self.query_one(PassageView)  # (loading threads read its width; they must not query the DOM)
        self._passage_view.follow_cursor(self._cursor_moved)
        self._passage_view.focus()
        if self.app.store is not None:
            self.start()
        else:
            self.query_one("#passage-info", InfoLines).show("Opening the project…")

    def start(self) -> None:
        """Load the document once the project is open (the codebook follows the first document)."""
        if self._started:
            return
        self._started = True
        self.load_document(self.requested_document)

    # -- loading ----------------------------------------------------------

    @work(thread=True, exclusive=True, exit_on_error=False, group="document")
    def load_document(self, document_id: int | None = None, then_passage: int | None = None) -> None:
        self._post_document(data.load_document(self.store, document_id), then_passage)

    def _post_document(self, document: Any, then_passage: int | None) -> None:
        """(In a loading thread.) With its passages' heights measured here, when the reader's
        width is known, so that the UI thread shows it laid out without measuring it."""
        heights = measured_before_shown(document.rows, self._passage_view.text_width) if document is not None else None
        self.post_message(DocumentLoaded(document, then_passage, heights))

    @work(thread=True, exclusive=True, exit_on_error=False, group="codebook")
    def load_codebook(self) -> None:
        self.post_message(CodebookLoaded(data.load_codebook(self.store, viewer=self.viewer)))

    @work(thread=True, exclusive=True, exit_on_error=False, group="document-codings")
    def load_document_codings(self, document_id: int) -> None:
        self.post_message(DocumentCodingsLoaded(document_id, data.document_codings(self.store, document_id, viewer=self.viewer)))

    @work(thread=True, exclusive=True, exit_on_error=False, group="detail")
    def load_detail(self, passage_id: int) -> None:
        self.post_message(PassageDetailLoaded(data.passage_detail(self.store, passage_id, viewer=self.viewer)))

    @work(thread=True, exit_on_error=False, group="read-ahead")
    def read_ahead(self, passage_ids: list[int], ticket: tuple[int, float]) -> None:
        """Read in slices, nearest the cursor first, and only while the cursor rests.

        A window is up to 3000 passages, 0.05-0.1 ms of CPU each. Read in one
        go while a key was held, it took the interpreter from the reader for
        tens of milliseconds: frames in that time cost two or three (measured:
        34 ms a key for four section jumps in a row on the 10k project). A
        held key shows no side panel until the cursor rests, so the read
        waits for the rest; between single presses it goes on a slice at a
        time (a slice is ~3 ms, so a key never waits long for it)."""
        worker = get_current_worker()
        for start in range(0, len(passage_ids), READ_SLICE):
            while self._clock() - self._moved_at < DETAIL_DELAY and not worker.is_cancelled:
                time.sleep(DETAIL_DELAY / 3)  # a key is held: wait for the cursor to rest
            if worker.is_cancelled:
                return
            part = passage_ids[start : start + READ_SLICE]
            self.post_message(PassageDetailsRead(data.passage_details(self.store, part, viewer=self.viewer), ticket))

    @work(thread=True, exit_on_error=False, group="passage-codings")
    def load_passage_codings(self, passage_id: int) -> None:
        self.post_message(PassageCodingsLoaded(passage_id, data.passage_codings(self.store, passage_id, viewer=self.viewer)))

    @work(thread=True, exclusive=True, exit_on_error=False, group="claim")
    def load_claim(self, path: str, purpose: str = "panel", case: str | None = None) -> None:
        if purpose == "cell":
            self.post_message(ClaimLoaded(path, data.cell_evidence(self.store, path, case, viewer=self.viewer), purpose, case))
        else:
            self.post_message(ClaimLoaded(path, data.query_code(self.store, path, viewer=self.viewer), purpose, case))

    def on_document_loaded(self, message: DocumentLoaded) -> None:
        doc = message.document
        view = self.query_one(PassageView)
        if doc is None:
            self.document = None
            view.set_rows([])
            if self.codebook is None:
                self.load_codebook()
            self.query_one("#passage-info", InfoLines).show("No documents yet: workbench import FILE")
            self.notify("This project has no documents yet: run 'workbench import FILE'.", timeout=30)
            return
        self.document = doc
        self.show_sub_title()
        self._ahead.clear()
        self._headings = self._row_info_shown = None
        self._row_ids = [row.id for row in doc.rows]
        view.set_rows(doc.rows, heights=message.heights)
        if message.then_passage is not None:
            view.move_to_passage(message.then_passage)
        self.load_document_codings(doc.id)
        if self.codebook is None:
            self.load_codebook()  # after the document, so that it never delays the first page
        self.app.post_message(self.app.DocumentShown(doc.id))

    def on_codebook_loaded(self, message: CodebookLoaded) -> None:
        book = message.codebook
        self.codebook = book
        self.resolver = data.code_resolver(book.codes) if book.codes else None
        self.colours = _inherited_colours(book.codes)
        self.counts = CodeCounts(total=len(book.case_set.cases), case_sets={c.path: getattr(c, "case_set", None) for c in book.codes})
        self.counts.load_cells(book.cells)
        self.query_one(CodebookTree).load(book.codes, self.counts)
        self.show_sub_title()

    def show_sub_title(self) -> None:
        """Document · coder · "blind" while the coder sees only their own codings."""
        if self.document is None:
            return
        blind = " · blind" if self.codebook is not None and self.codebook.blind else ""
        self.app.sub_title = f"{self.document.title} · coder {self.coder}{blind}"

    def viewer_changed(self) -> None:
        """The coder has been named: in a blind project what they may see changes, so load it again."""
        self.show_sub_title()
        if self.codebook is None or not self.codebook.blind:
            return  # not blind: everyone's codings were shown already
        self.reload_codings()

    def reload_codings(self) -> None:
        """Codings changed outside this screen (a review settled, another viewer): read them all again."""
        self._ahead.clear()
        self.load_codebook()
        if self.document is not None:
            self.load_document_codings(self.document.id)
        view = self.query_one(PassageView)
        if view.current_row is not None:
            self.load_detail(view.current_row.id)
            self._read_ahead(view.cursor)

    def on_document_codings_loaded(self, message: DocumentCodingsLoaded) -> None:
        if self.document is None or message.document_id != self.document.id:
            return
        view = self.query_one(PassageView)
        found = message.codings
        view.set_colours({i: self._colours_of(found[row.id]) for i, row in enumerate(view.rows) if row.id in found})

    def _colours_of(self, codings: list[Any]) -> tuple[str, ...]:
        seen: list[str] = []
        for coding in codings:
            colour = self.colours.get(coding.code_path, "#888888")
            if colour not in seen:
                seen.append(colour)
        return tuple(seen)

    # -- the current passage ---------------------------------------------

    def _cursor_moved(self, message: PassageView.CursorMoved) -> None:
        row = message.row
        if row is None:
            return
        now = time.monotonic()
        held, self._moved_at = now - self._moved_at < DETAIL_DELAY, now
        self._show_row_info(row)  # where the cursor is, even while a key is held (it is in the reader's column)
        if self._detail_timer is not None:
            self._detail_timer.stop()
            self._detail_timer = None
        detail = self._ahead.get(row.id)
        if detail is not None and not held:
            self._show_detail(row, detail)  # read ahead: the panel changes in the key's own frame
        else:
            # A held key costs one reader frame per passage, nothing more: the
            # side panel (info, footnotes, codings) follows once the cursor rests.
            self._detail_timer = self.set_timer(DETAIL_DELAY, lambda: self._cursor_rested(row.id))
        self._read_ahead(message.index)

    def _cursor_rested(self, passage_id: int) -> None:
        self._detail_timer = None
        row = self.query_one(PassageView).current_row
        if row is None or row.id != passage_id:
            return
        detail = self._ahead.get(passage_id)
        if detail is not None:
            self._show_detail(row, detail)
        else:
            self.load_detail(passage_id)

    def _read_ahead(self, index: int) -> None:
        wanted = self._ahead.wanted(self._row_ids, index)
        if wanted:
            self.read_ahead(wanted, self._ahead.ticket())

    def on_passage_details_read(self, message: PassageDetailsRead) -> None:
        if not self._ahead.accept(message.details, message.ticket):
            return
        row = self.query_one(PassageView).current_row
        resting = self._detail_timer is None and time.monotonic() - self._moved_at >= DETAIL_DELAY
        if row is not None and resting and (self.detail is None or self.detail.passage.id != row.id):
            detail = self._ahead.get(row.id)
            if detail is not None:
                self._show_detail(row, detail)  # the panel was waiting for this read

    def _section_title(self, section_id: int | None) -> str:
        if self.document is None or section_id is None:
            return ""
        if self._headings is None:  # once per document: a lookup per key, not a walk of its sections
            self._headings = {
                section.id: f"{number} {section.title}" if (number := getattr(section, "number", None)) else section.title
                for section in self.document.sections
            }
        return self._headings.get(section_id, "")

    def _show_row_info(self, row: ReaderRow) -> None:
        view = self.query_one(PassageView)
        shown = (row.id, view.cursor, len(view.rows))
        if shown == self._row_info_shown:
            return  # the same position (the panel following the cursor shows it again)
        self._row_info_shown = shown
        where = [f"passage {view.cursor + 1}/{len(view.rows)}"]
        if row.page_label:
            where.append(f"p. {row.page_label}")
        section = self._section_title(row.section_id)
        line = Text(section, style="bold") if section else Text()
        line.append(("  " if section else "") + " · ".join(where), style="dim")
        self.query_one("#passage-info", InfoLines).show(line)

    def on_passage_detail_loaded(self, message: PassageDetailLoaded) -> None:
        self._ahead.put(message.detail)
        row = self.query_one(PassageView).current_row
        if row is None or message.detail.passage.id != row.id:
            return  # the cursor has moved on
        self._show_detail(row, message.detail)

    def _show_detail(self, row: ReaderRow, detail: data.PassageDetail) -> None:
        self.detail = detail
        self._show_row_info(row)
        self._show_footnotes(detail)
        self._show_codings(detail.codings)
        self._set_row_colours(row.id, detail.codings)

    def _show_footnotes(self, detail: data.PassageDetail) -> None:
        text = Text()
        for note in getattr(detail.passage, "footnotes", ()) or ():
            if text:
                text.append("\n\n")
            text.append(f"[{note.number}] ", style="bold")
            text.append(note.text)
            status = getattr(note, "status", "ok")
            if status and status != "ok":
                text.append(f" ({status})", style="italic yellow")
            cases = list(getattr(note, "cases", ()) or ())
            if cases:
                text.append(f"\n→ {len(cases)}: ", style="cyan")
                text.append(", ".join(cases), style="cyan")
        if detail.suggestions:
            text.append("\n\nSuggested: ", style="dim")
            text.append(f"{len(detail.suggestions)} ", style="bold")
            text.append(", ".join(detail.suggestions), style="dim")
        text = text or Text("none", style="dim")
        if text == self._footnotes_shown:
            return  # most passages have none: no repaint of the panel for the same lines
        self._footnotes_shown = text
        self.query_one("#footnotes", InfoLines).show(text)

    def _show_codings(self, codings: list[Any]) -> None:
        key = tuple((c.id, c.updated_at, c.code_path, c.cases, c.memo) for c in codings)
        if key == self._codings_shown:
            return  # nothing changed: no repaint
        self._codings_shown = key
        options = self.query_one("#codings", CodingsList)
        highlighted = options.highlighted
        entries: list[Option] = []
        for coding in codings:
            label = Text()
            label.append("▐ ", style=self.colours.get(coding.code_path, "white"))
            label.append(coding.code_path, style="bold")
            if coding.span and self.detail is not None:
                from .span_select import span_quote

                label.append(f"\n  «{span_quote(self.detail.passage.text, coding.span, 30)}»", style="italic")
            label.append(f"\n  {len(coding.cases)} · {coding.coder}", style="dim")
            if coding.cases:
                label.append(f"\n  {', '.join(coding.cases)}")
            if coding.memo:
                label.append(f"\n  memo: {coding.memo}", style="italic")
            entries.append(Option(label, id=str(coding.id)))
        if not codings:
            entries.append(Option(Text("not coded — press c", style="dim"), disabled=True))
        options.set_options(entries)  # one update of the list, not one per coding
        if codings:
            options.highlighted = min(highlighted or 0, len(codings) - 1)

    def _set_row_colours(self, passage_id: int, codings: list[Any]) -> None:
        view = self.query_one(PassageView)
        index = view.index_of(passage_id)
        if index is not None:
            colours = self._colours_of(codings)
            if view.rows[index].colours != colours:
                view.update_row(index, colours=colours)

    def on_passage_codings_loaded(self, message: PassageCodingsLoaded) -> None:
        self._ahead.forget(message.passage_id)  # its side panel lists its codings: read it again
        self._set_row_colours(message.passage_id, message.codings)

    def _selected_coding(self) -> Any | None:
        if self.detail is None or not self.detail.codings:
            self.notify("This passage has no coding yet - press c to code it.", severity="warning")
            return None
        options = self.query_one("#codings", CodingsList)
        index = options.highlighted or 0
        return self.detail.codings[min(index, len(self.detail.codings) - 1)]

    # -- coding -----------------------------------------------------------

    def action_apply_code(self, path: str | None = None) -> None:
        row = self._row_to_code()
        if row is not None:
            self._pick_and_add(row, path)

    def action_code_span(self) -> None:
        """Select words of the current passage, then the same code and region pickers."""
        from .span_select import SpanSelectScreen

        row = self._row_to_code()
        if row is None:
            return
        self.app.push_screen(
            SpanSelectScreen(row.text, title=f"Code a span of passage {row.seq + 1}: select the words"),
            lambda span: self._pick_and_add(row, None, span) if span else None,
        )

    def _row_to_code(self) -> ReaderRow | None:
        row = self.query_one(PassageView).current_row
        if row is None:
            self.notify("No passage to code: import a document first.", severity="warning")
            return None
        if not self.codebook or not self.codebook.codes:
            self.notify("No codebook installed: run 'workbench codebook install FILE'.", severity="warning")
            return None
        return row

    def _pick_and_add(self, row: ReaderRow, path: str | None, span: tuple[int, int] | None = None) -> None:
        """Code step (unless ``path`` is given), region step, then the write; ``span`` None = whole passage.

        The coding screen stays up until the write is back (``on_coding_changed``
        closes it), so that the return to the reader and the saved coding are one frame."""
        screen = self._coding_screen()

        def done(choice: Choice) -> None:
            self._saving_in = screen
            self.add_coding(row.id, choice.path, list(choice.cases or ()), choice.memo or "", span)

        if path:
            screen.choose_regions(self._region_step(row, path), path=path, done=done)
        else:
            what = f"passage {row.seq + 1}" if span is None else f"span {span[0]}–{span[1]} of passage {row.seq + 1}"
            screen.choose_code(self.codebook.codes, self.resolver, title=f"Code {what}", recent=self.recent,
                               regions_for=lambda chosen: self._region_step(row, chosen), done=done,
                               preview=self._region_step(row, None))
        self.app.push_screen(screen)

    def _coding_screen(self) -> CodingScreen:
        """The one coding screen (installed once, reset per opening)."""
        from .pickers import CodingScreen, PickerCache

        if self._picker_cache is None:
            self._picker_cache = PickerCache(self.app)
        return self._picker_cache.get("coding", None, CodingScreen)

    def _close_coding_screen(self):
        """The write the coding screen waited for is back (or refused): back to the reader
        (an awaitable of the return, or None when no coding screen waited)."""
        screen, self._saving_in = self._saving_in, None
        return screen.close() if screen is not None else None

    def _suggested(self, row: ReaderRow) -> list[str]:
        if self.detail is not None and self.detail.passage.id == row.id:
            return list(self.detail.suggestions)
        return []

    def _region_step(self, row: ReaderRow | None, path: str | None, *, marked=None, memo: str = "", title: str | None = None) -> RegionStep:
        """The region step for ``path`` (None: the codebook's own case set, shown while a code is
        chosen): its case set, the suggestions pre-marked (or ``marked``)."""
        from ..widgets.coding_dialog import RegionStep

        suggested = self._suggested(row) if row is not None else []
        # A länsstyrelser code offers the boards.
        case_set = self.codebook.case_set_of(path) if path else self.codebook.case_set
        noun = getattr(case_set, "noun_plural_en", "regions")
        return RegionStep(
            cases=tuple(c.name for c in case_set.cases),
            marked=tuple(suggested if marked is None else marked),
            title=title or f"{path} — {noun} this passage concerns",
            suggested=tuple(suggested),
            memo=memo,
            noun=noun,
        )

    def add_coding(self, passage_id: int, path: str, cases: list[str], memo: str, span: tuple[int, int] | None = None) -> None:
        """(A refused write closes the coding screen waiting for it; the error becomes a toast.)"""
        def write() -> None:
            written = data.add_coding(self.store, passage_id=passage_id, code=path, coder=self.coder, cases=cases, memo=memo,
                                      span=span, known=self.detail, viewer=self.viewer)
            self._changed(written, f"Coded {path} with {len(written.after.cases)}")

        self.app.writer.submit(write, failed=self._close_coding_screen)

    def action_edit_cases(self) -> None:
        coding = self._selected_coding()
        if coding is None:
            return
        row = self.query_one(PassageView).current_row
        title = f"{coding.code_path} — edit"
        if self.codebook:
            step = self._region_step(row, coding.code_path, marked=coding.cases, memo=coding.memo, title=title)
        else:
            from ..widgets.coding_dialog import RegionStep

            step = RegionStep(tuple(coding.cases), tuple(coding.cases), title, memo=coding.memo)
        screen = self._coding_screen()

        def done(choice: Choice) -> None:
            self._saving_in = screen
            self.update_coding(coding.id, list(choice.cases or ()), choice.memo)

        self.app.push_screen(screen.choose_regions(step, path=coding.code_path, done=done))

    def action_edit_memo(self) -> None:
        from .pickers import TextPrompt

        coding = self._selected_coding()
        if coding is None:
            return
        self.app.push_screen(
            TextPrompt(f"Memo for {coding.code_path}", value=coding.memo, allow_empty=True),
            lambda memo: self.update_coding(coding.id, None, memo) if memo is not None else None,
        )

    def update_coding(self, coding_id: int, cases: list[str] | None, memo: str | None) -> None:
        def write() -> None:
            written = data.update_coding(self.store, coding_id, coder=self.coder, cases=cases, memo=memo, known=self.detail, viewer=self.viewer)
            self._changed(written, f"Updated {written.after.code_path}")

        self.app.writer.submit(write, failed=self._close_coding_screen)

    def action_delete_coding(self) -> None:
        coding = self._selected_coding()
        if coding is not None:
            self.remove_coding(coding.id)

    def remove_coding(self, coding_id: int) -> None:
        def write() -> None:
            written = data.remove_coding(self.store, coding_id, coder=self.coder, known=self.detail, viewer=self.viewer)
            self._changed(written, f"Removed {written.before.code_path} (u to undo)")

        self.app.writer.submit(write)

    def action_undo(self) -> None:
        def write() -> None:
            written = data.undo(self.store, self.coder, known=self.detail, viewer=self.viewer)
            self._changed(written, f"Undid {written.reverted_action}")

        self.app.writer.submit(write)

    def action_redo(self) -> None:
        def write() -> None:
            written = data.redo(self.store, self.coder, known=self.detail, viewer=self.viewer)
            self._changed(written, f"Redid {written.reverted_action}")

        self.app.writer.submit(write)

    def _changed(self, written: data.Written, summary: str) -> None:
        """(In the writer's thread.) Post the change with the touched passages read back in
        its transaction (``known=self.detail``: the side panel's passage, an immutable
        snapshot read once), so that the screen shows all of it in one frame."""
        self.post_message(CodingChanged(written.before, written.after, summary, written.details))

    async def on_coding_changed(self, message: CodingChanged) -> None:
        try:
            self._show_change(message)
        finally:
            # Closed after the change is shown: the reader below the coding screen is not
            # painted (the coding screen ignores its repaints), and the return repaints it
            # whole, the change included, in one frame instead of two.
            returning = self._close_coding_screen()
            if returning is not None:
                await returning

    def _show_change(self, message: CodingChanged) -> None:
        touched = self.counts.apply(message.before, message.after)
        self.query_one(CodebookTree).refresh_counts(touched)
        changed = message.after or message.before
        if changed is None:
            return
        if message.after is not None:
            path = message.after.code_path
            if path in self.recent:
                self.recent.remove(path)
            self.recent.insert(0, path)
            del self.recent[12:]
        # In the key bar, not a toast: a toast costs a save ~40 ms (see KeyBar).
        summary = message.summary if changed.code_path in message.summary else f"{message.summary} ({changed.code_path})"
        self.query_one(KeyBar).say(f"{summary} · now {self.counts.label(changed.code_path)}")
        for detail in message.details:
            self.on_passage_detail_loaded(PassageDetailLoaded(detail))  # the current passage's side panel
            self._set_row_colours(detail.passage.id, detail.codings)  # any passage's colour mark
        if self.codebook is not None:  # the claim from the counts just updated: the same words as a query
            path = changed.code_path
            self.claim_path = path
            claim = data.counted_claim(self.codebook.case_set_of(path), path, self.counts.cases(path))
            self.on_claim_loaded(ClaimLoaded(path, claim))

    # -- claims, codebook, matrix ----------------------------------------

    @on(Tree.NodeSelected, "#codebook")
    def _code_selected(self, event: Tree.NodeSelected) -> None:
        if event.node.data:
            self.claim_path = event.node.data
            self.load_claim(event.node.data, purpose="detail")

    def on_claim_loaded(self, message: ClaimLoaded) -> None:
        from .code_detail import CodeDetailScreen, claim_text, evidence_items
        from .lists import ListPicker

        result = message.result
        if message.purpose == "cell":
            self.app.push_screen(
                ListPicker(f"{message.path} × {message.case}: evidence", evidence_items(result)),
                lambda passage_id: self.post_message(Navigate(passage_id)) if passage_id else None,
            )
            return
        phrase, footnote = claim_text(result)
        # Line by line (InfoLines wraps each): a Static re-rendered the claim at ~1.5 ms on every save.
        self.query_one("#claim", InfoLines).show(
            Text(message.path, style="dim"), Text(phrase, style="bold"), Text.assemble(("Fotnot: ", "dim"), footnote or "—")
        )
        if message.purpose == "detail":
            code = self.query_one(CodebookTree).code(message.path)
            self.app.push_screen(
                CodeDetailScreen(message.path, getattr(code, "description", ""), result),
                lambda passage_id: self.post_message(Navigate(passage_id)) if passage_id else None,
            )

    def action_toggle_codebook(self) -> None:
        pane = self.query_one("#codebook-pane")
        tree = self.query_one(CodebookTree)
        if tree.has_focus:
            pane.styles.display = "none"
            self.query_one(PassageView).focus()
        else:
            pane.styles.display = "block"
            tree.focus()

    def action_focus_reader(self) -> None:
        self.query_one(PassageView).focus()

    def action_open_matrix(self, subtree: str | None = None) -> None:
        from .matrix import MatrixScreen

        if not self.codebook or not self.codebook.codes:
            self.notify("No codebook installed.", severity="warning")
            return
        if subtree is None:
            node = self.query_one(CodebookTree).cursor_node
            if node is not None and node.data and self.query_one(CodebookTree).has_focus:
                subtree = node.data
        # The columns are one case set: the subtree root's; codes counting another are left out, as in the core's matrix.
        case_set = self.codebook.case_set_of(subtree) if subtree else self.codebook.case_set
        paths = [c.path for c in sorted(self.codebook.codes, key=lambda c: c.seq)
                 if (subtree is None or c.path == subtree or c.path.startswith(subtree + "/"))
                 and self.codebook.case_set_of(c.path) is case_set]
        cases = [c.name for c in case_set.cases]
        present = {p: self.counts.cases(p) for p in paths}
        title = f"Matrix: {subtree or 'whole codebook'} × {getattr(case_set, 'noun_plural_en', 'regions')}"
        self.app.push_screen(
            MatrixScreen(title, paths, cases, present, self.colours, {c.name: c.code for c in case_set.cases if c.code}),
            lambda cell: self.load_claim(cell[0], purpose="cell", case=cell[1]) if cell else None,
        )

    # -- navigation -------------------------------------------------------

    def on_navigate(self, message: Navigate) -> None:
        view = self.query_one(PassageView)
        if view.move_to_passage(message.passage_id):
            view.focus()
            return
        self._open_passage_elsewhere(message.passage_id)

    @work(thread=True, exclusive=True, exit_on_error=False, group="document")
    def _open_passage_elsewhere(self, passage_id: int) -> None:
        from workbench.core.documents import get_passage

        passage = get_passage(self.store, passage_id, with_codings=False)  # only its document is needed
        self._post_document(data.load_document(self.store, passage.document_id), passage_id)

    def action_jump_section(self) -> None:
        from .lists import ListPicker

        if self.document is None:
            return
        items = []
        for section in self.document.sections:
            number = getattr(section, "number", None)
            indent = "  " * max(0, (getattr(section, "level", 1) or 1) - 1)
            items.append((section.id, f"{indent}{number + ' ' if number else ''}{section.title}"))
        current = self.query_one(PassageView).current_row
        at = next((i for i, (sid, _) in enumerate(items) if current and sid == current.section_id), None)
        self.app.push_screen(ListPicker("Jump to section", items, highlight=at), self._goto_section)

    def _goto_section(self, section_id: int | None) -> None:
        if section_id is None:
            return
        view = self.query_one(PassageView)
        for index, row in enumerate(view.rows):
            if row.section_id == section_id:
                view.move_to(index, center=False)
                view.focus()
                return
        self.notify("That section has no passages.", severity="warning")

    def action_search(self) -> None:
        from .lists import ListPicker

        store = self.store

        def run(query: str) -> list[tuple[int, str]]:
            hits = data.search(store, query)
            return [
                (hit.passage_id, f"{'p. ' + hit.page_label + ' · ' if getattr(hit, 'page_label', None) else ''}{(hit.text or '').replace(chr(10), ' ')[:110]}")
                for hit in hits
            ]

        self.app.push_screen(
            ListPicker("Search passages", placeholder="words to find (fuzzy)", search=run),
            lambda passage_id: self.post_message(Navigate(passage_id)) if passage_id else None,
        )

    def action_jump_footnote(self) -> None:
        from .pickers import TextPrompt

        if self.document is None:
            return
        self.app.push_screen(TextPrompt("Go to the passage of footnote number", placeholder="e.g. 195"), self._goto_footnote)

    def _goto_footnote(self, value: str | None) -> None:
        if not value:
            return
        if not value.strip().isdigit():
            self.notify(f"'{value}' is not a footnote number - type digits only, e.g. 195.", severity="error")
            return
        self.find_footnote(int(value))

    @work(thread=True, exclusive=True, exit_on_error=False, group="footnote")
    def find_footnote(self, number: int) -> None:
        passage_id = data.find_footnote(self.store, self.document.id, number)
        if passage_id is None:
            self.app.call_from_thread(self.notify, f"footnote {number} is not in {self.document.title}", severity="error")
            return
        self.post_message(Navigate(passage_id))

    def action_switch_document(self) -> None:
        self.list_documents()

    @work(thread=True, exclusive=True, exit_on_error=False, group="documents")
    def list_documents(self) -> None:
        from .lists import ListPicker

        docs = data.documents(self.store)
        items = [(d.id, d.title) for d in docs]
        self.app.call_from_thread(
            self.app.push_screen,
            ListPicker("Switch document", items),
            lambda document_id: self.load_document(document_id) if document_id else None,
        )

    def query_code(self) -> None:
        """Pick a code and show its claim (from the command palette)."""
        if not self.codebook or not self.codebook.codes:
            self.notify("No codebook installed.", severity="warning")
            return
        screen = self._coding_screen()

        def done(choice: Choice) -> None:
            screen.close()
            self.load_claim(choice.path, purpose="detail")

        self.app.push_screen(screen.choose_code(self.codebook.codes, self.resolver, title="Query: which cases have this code?",
                                                recent=self.recent, done=done))


def _inherited_colours(codes: list[Any]) -> dict[str, str]:
    """Each code's colour, or its nearest ancestor's."""
    own = {c.path: c.colour for c in codes if getattr(c, "colour", None)}
    result = {}
    for code in codes:
        result[code.path] = next((own[p] for p in ancestors(code.path) if p in own), "#888888")
    return result
