"""The line-API reader on synthetic documents: layout, cursor, rendering."""

from __future__ import annotations

import asyncio
import threading

from textual.app import App, ComposeResult

from workbench.tui.synthetic import synthetic_rows
from workbench.tui.widgets import passage_view
from workbench.tui.widgets.passage_view import (
    PassageView,
    ReaderRow,
    display_text,
    passage_height,
    wrap_spans,
)


class ReaderApp(App):
    def __init__(self, rows):
        super().__init__()
        self.rows = rows
        self.moves: list[int] = []

    def compose(self) -> ComposeResult:
        yield PassageView(id="reader")

    def on_mount(self) -> None:
        view = self.query_one(PassageView)
        view.set_rows(self.rows)
        view.focus()

    def on_passage_view_cursor_moved(self, message: PassageView.CursorMoved) -> None:
        self.moves.append(message.index)


def _lines(app: App) -> str:
    view = app.query_one(PassageView)
    return "\n".join(view.render_line(y).text for y in range(view.scrollable_content_region.height))


def test_wrap_keeps_every_word_within_width():
    text = "13 regioner lyfter utmaningar i arbetet med validering och kompetensförsörjning."
    for width in (5, 12, 20, 80):
        spans = wrap_spans(text, width)
        assert "".join(text[a:b] for a, b in spans).replace(" ", "") == text.replace(" ", "")
        if width >= 21:  # no word is longer than the line: words stay whole
            assert " ".join(text[a:b] for a, b in spans).split() == text.split()
        assert all(b - a <= width for a, b in spans)


def test_wrap_breaks_overlong_words_and_keeps_hard_lines():
    assert wrap_spans("abcdefghij", 4) == [(0, 4), (4, 8), (8, 10)]
    assert wrap_spans("a\n\nbb", 10) == [(0, 1), (2, 2), (3, 5)]


def test_footnote_markers_are_put_back_at_their_offsets():
    row = ReaderRow(1, 0, "paragraph", "13 regioner lyfter utmaningar", footnotes=(195,), footnote_offsets=(11,))
    text, marks = display_text(row)
    assert text == "13 regioner[195] lyfter utmaningar"
    assert [text[a:b] for a, b in marks] == ["[195]"]


async def test_navigation_on_10k_passages_keeps_cursor_visible():
    rows = synthetic_rows(10_000)
    app = ReaderApp(rows)
    async with app.run_test(size=(120, 40)) as pilot:
        view = app.query_one(PassageView)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert view.layout_is_exact
        assert view.virtual_size.height == sum(passage_view.passage_height(r, view.text_width) for r in rows)
        for _ in range(30):
            await pilot.press("pagedown")
        await pilot.pause()
        region = view.passage_region(view.cursor)
        assert view.cursor > 100
        assert view.scroll_offset.y <= region.y < view.scroll_offset.y + view.scrollable_content_region.height
        # the current passage's text is on screen
        first_words = " ".join(rows[view.cursor].text.split()[:2])
        assert first_words in _lines(app)
        await pilot.press("end")
        await pilot.pause()
        assert view.cursor == len(rows) - 1
        assert view.scroll_offset.y == view.max_scroll_y
        await pilot.press("home", "down", "down")
        await pilot.pause()
        assert view.cursor == 2 and app.moves[-1] == 2


async def test_section_and_page_jumps():
    rows = synthetic_rows(500)
    app = ReaderApp(rows)
    async with app.run_test(size=(100, 30)) as pilot:
        view = app.query_one(PassageView)
        await pilot.press("right_square_bracket")
        assert view.cursor == 40 and rows[40].kind == "heading"
        await pilot.press("right_square_bracket", "down", "left_square_bracket")
        assert view.cursor == 80
        await pilot.press("left_square_bracket")
        assert view.cursor == 40
        await pilot.press("n")
        assert rows[view.cursor].page_label != rows[40].page_label
        assert rows[view.cursor - 1].page_label == rows[40].page_label
        await pilot.press("p")
        assert rows[view.cursor].page_label == rows[40].page_label
        assert rows[view.cursor - 1].page_label != rows[view.cursor].page_label


async def test_page_labels_footnotes_and_code_marks_are_drawn():
    rows = [
        ReaderRow(1, 0, "heading", "3.4 Validering", 1, "47"),
        ReaderRow(2, 1, "paragraph", "13 regioner lyfter utmaningar i arbetet med validering.", 1, "47", (195,), (11,), ("#2a9d8f",)),
        ReaderRow(3, 2, "paragraph", "Nästa sida börjar här.", 1, "48"),
    ]
    app = ReaderApp(rows)
    async with app.run_test(size=(80, 12)) as pilot:
        text = _lines(app)
        assert "   47 " in text.splitlines()[0] and "3.4 Validering" in text
        assert "13 regioner[195] lyfter" in text
        assert "▐" in text.splitlines()[2]
        assert "   48 " in text
        await pilot.click(PassageView, offset=(20, 2))
        assert app.query_one(PassageView).cursor == 1


def _record_measuring(monkeypatch) -> list[tuple[int, bool]]:
    """Every passage measured from now on, as (text width, on the UI thread?)."""
    calls: list[tuple[int, bool]] = []
    measure = passage_view.passage_height

    def recorded(row, text_width):
        calls.append((text_width, threading.current_thread() is threading.main_thread()))
        return measure(row, text_width)

    monkeypatch.setattr(passage_view, "passage_height", recorded)
    return calls


async def test_heights_are_measured_off_the_ui_thread_once_per_width(monkeypatch):
    calls = _record_measuring(monkeypatch)
    rows = synthetic_rows(3000)
    app = ReaderApp(rows)
    async with app.run_test(size=(120, 40)) as pilot:
        view = app.query_one(PassageView)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert view.layout_is_exact
        wide = view.text_width
        assert view.virtual_size.height == sum(passage_height(r, wide) for r in rows)
        await pilot.resize_terminal(90, 40)
        await app.workers.wait_for_complete()
        await pilot.pause()
        narrow = view.text_width
        assert narrow < wide and view.layout_is_exact
        assert view.virtual_size.height == sum(passage_height(r, narrow) for r in rows)
        await pilot.resize_terminal(120, 40)  # back: the layout measured for this width is kept
        await pilot.pause()
        assert view.layout_is_exact and view.text_width == wide
    assert not [call for call in calls if call[1]], "a passage was measured on the UI thread"
    widths = [width for width, _ in calls]
    assert widths.count(wide) == len(rows) and widths.count(narrow) == len(rows)  # each width once


async def test_a_resize_shows_the_old_layout_until_the_new_one_is_measured(monkeypatch):
    rows = synthetic_rows(400)
    app = ReaderApp(rows)
    release = threading.Event()
    async with app.run_test(size=(120, 40)) as pilot:
        view = app.query_one(PassageView)
        await app.workers.wait_for_complete()
        await pilot.pause()
        before = _lines(app).splitlines()
        measure = passage_view.measure_heights

        def held(rows, width, cancelled=lambda: False):
            release.wait(10)
            return measure(rows, width, cancelled)

        monkeypatch.setattr(passage_view, "measure_heights", held)
        await pilot.resize_terminal(90, 40)
        await pilot.pause()
        assert not view.layout_is_exact
        # The same lines as before, cut at the new width: no passage lost its text or its place.
        assert _lines(app).splitlines() == [line[:90] for line in before]
        release.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert view.layout_is_exact  # re-wrapped at the new width
        assert view.virtual_size.height == sum(passage_height(r, view.text_width) for r in rows)
        assert _lines(app).splitlines() != [line[:90] for line in before]
        # Resized and back before the worker is done: its layout, for a width gone, is not applied.
        release.clear()
        narrow = _lines(app)
        await pilot.resize_terminal(70, 40)
        await pilot.resize_terminal(90, 40)
        release.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert view.layout_is_exact and _lines(app) == narrow


async def test_heights_measured_where_the_document_is_loaded_are_shown_at_once(monkeypatch):
    rows = synthetic_rows(2000)
    app = ReaderApp([])
    async with app.run_test(size=(120, 40)) as pilot:
        view = app.query_one(PassageView)
        await pilot.pause()
        heights = await asyncio.to_thread(passage_view.measured_before_shown, rows, view.text_width)
        calls = _record_measuring(monkeypatch)
        view.set_rows(rows, heights=heights)
        assert view.layout_is_exact and calls == []  # nothing measured, no worker
        assert view.virtual_size.height == sum(heights.heights)
        monkeypatch.setattr(passage_view, "MEASURED_BEFORE_SHOWN", 1000)
        assert passage_view.measured_before_shown(rows, view.text_width) is None  # too long to wait for
        assert passage_view.measured_before_shown(rows[:10], 0) is None  # the width is not known yet


async def test_a_documents_colour_marks_arrive_at_once_and_lines_come_from_the_cache():
    rows = [
        ReaderRow(1, 0, "paragraph", "13 regioner lyfter utmaningar i arbetet med validering.", 1, "47"),
        ReaderRow(2, 1, "paragraph", "Örebro och Uppsala nämns.", 1, "47"),
    ]
    app = ReaderApp(rows)
    async with app.run_test(size=(80, 12)) as pilot:
        view = app.query_one(PassageView)
        assert "▐" not in _lines(app)
        view.set_colours({1: ("#2a9d8f", "#e76f51")})
        await pilot.pause()
        lines = _lines(app).splitlines()
        assert "▐" not in lines[0] and lines[2].startswith("      ▐▐Örebro")
        assert view.rows[1].colours == ("#2a9d8f", "#e76f51") and view.rows[0].colours == ()
        # what the screen shows is what render_lines paints (the reader's own fast path)
        from textual.geometry import Region

        painted = view.render_lines(Region(0, 0, view.size.width, 3))
        assert [strip.text for strip in painted] == [view.render_line(y).text for y in range(3)]


async def test_a_passage_given_other_colours_is_mended_to_what_a_fresh_draw_shows():
    """Coding a passage changes its marks only: the drawn lines are mended, and each
    mended line equals the same passage drawn afresh, segment by segment and style by style."""
    text = " ".join(["Validering av reell kompetens lyfts av flera regioner som en utmaning."] * 6)
    rows = [ReaderRow(1, 0, "paragraph", text, 1, "47", (195,), (11,)), ReaderRow(2, 1, "paragraph", "Kort.", 1, "47")]
    app = ReaderApp(rows)
    async with app.run_test(size=(60, 20)) as pilot:
        view = app.query_one(PassageView)
        for cursor in (0, 1):  # the current passage (cursor background) and another
            view.move_to(cursor)
            await pilot.pause()
            for colours in [("#2a9d8f",), ("#2a9d8f", "#e76f51"), ("#2a9d8f", "#e76f51", "#264653"), (), ("#e76f51",)]:
                view._render_passage = _counting(view._render_passage)
                view.update_row(0, colours=colours)
                mended = view._passage_lines(0, view.size.width)
                assert view._render_passage.calls == 0  # mended, not drawn afresh
                del view._render_passage
                fresh, marked = view._render_passage(view.rows[0], view.size.width, cursor == 0, True, view._starts[1] - view._starts[0])
                assert marked > 1
                assert [list(line) for line in mended] == [list(line) for line in fresh]
                assert [line.cell_length for line in mended] == [line.cell_length for line in fresh]


def _counting(method):
    def counted(*args, **kwargs):
        counted.calls += 1
        return method(*args, **kwargs)

    counted.calls = 0
    return counted


async def test_the_reader_shows_the_report_laid_out_without_measuring_on_the_ui_thread(project, monkeypatch):
    from workbench.tui.app import WorkbenchApp

    from .conftest import settle

    calls = _record_measuring(monkeypatch)
    exact_when_shown: list[bool] = []

    class Recording(WorkbenchApp):
        def on_workbench_app_document_shown(self, message):
            exact_when_shown.append(self.screen.query_one(PassageView).layout_is_exact)
            super().on_workbench_app_document_shown(message)

    app = Recording(project, coder="tester")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        view = app.screen.query_one(PassageView)
        assert view.layout_is_exact and len(view.rows) > 1000
    assert exact_when_shown == [True]  # the first frame of the document is laid out
    assert calls and not [call for call in calls if call[1]], "a passage was measured on the UI thread"
