"""Reading the side panels ahead: what is read, what is kept, what goes stale.

The unit tests use a fake clock and the report's own row count (1244
passages); the pilot tests open the report and watch the side panel follow
the cursor within the key's own frame.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from workbench.core.coding import add_coding, suggestions_for
from workbench.core.documents import find_passage_by_footnote, list_documents
from workbench.tui.app import WorkbenchApp
from workbench.tui.read_ahead import PENDING_FOR, ReadAhead
from workbench.tui.widgets.passage_view import PassageView

from .conftest import settle

CODE = "kompetensförsörjning/validering/utmaningar"


@dataclass(frozen=True)
class _Passage:
    id: int


@dataclass(frozen=True)
class _Detail:
    passage: _Passage
    note: str = ""


class _Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def _detail(pid: int, note: str = "") -> _Detail:
    return _Detail(_Passage(pid), note)


def test_a_document_smaller_than_the_window_is_read_whole_once():
    ahead = ReadAhead(around=2000)
    ids = list(range(1000, 2244))  # as many passages as the report
    assert ahead.wanted(ids, 0) == ids
    ahead.accept([_detail(i) for i in ids], ahead.ticket())
    assert all(ahead.wanted(ids, k) == [] for k in (0, 600, 1243))
    assert ahead.get(1500) == _detail(1500)


def test_a_long_document_is_read_a_window_at_a_time_near_the_cursor():
    ahead = ReadAhead(around=100)
    ids = list(range(100_000))
    first = ahead.wanted(ids, 50_000)
    assert sorted(first) == list(range(49_950, 50_100))  # half the window behind the cursor, the window ahead
    ahead.accept([_detail(i) for i in first], ahead.ticket())
    assert ahead.wanted(ids, 50_070) == []  # still well inside
    again = ahead.wanted(ids, 50_080)  # within a quarter window of the edge: the next window, minus what is known
    assert again == list(range(50_100, 50_180))
    assert sorted(ahead.wanted(ids, 10)) == list(range(110))  # a jump: the window there


def test_the_window_is_read_nearest_the_cursor_first_ahead_of_it_before_behind():
    ahead = ReadAhead(around=100)
    ids = list(range(1000, 2000))
    order = ahead.wanted(ids, 500)  # passage ids 1450..1599; the cursor on 1500
    assert order[:7] == [1500, 1501, 1502, 1499, 1503, 1504, 1498]  # a passage behind counts double
    assert order[-2:] == [1599, 1450]  # the far ends: 99 ahead, 50 behind (counting 100)


def test_a_batch_read_before_a_write_does_not_bring_back_what_the_write_changed():
    clock = _Clock()
    ahead = ReadAhead(clock=clock)
    ticket = ahead.ticket()  # a read-ahead begins ...
    clock.now += 0.01
    ahead.put(_detail(7, "coded just now"))  # ... a coding is written and read back ...
    clock.now += 0.01
    ahead.forget(8)  # ... another passage's codings changed ...
    clock.now += 0.01
    assert ahead.accept([_detail(7, "before the write"), _detail(8, "before"), _detail(9)], ticket)  # ... the batch lands
    assert ahead.get(7).note == "coded just now"
    assert ahead.get(8) is None and ahead.get(9) == _detail(9)


def test_keys_pressed_while_a_read_is_out_ask_nothing_more_and_a_forgotten_passage_alone_is_read():
    clock = _Clock()
    ahead = ReadAhead(around=100, clock=clock)
    ids = list(range(1000))
    first = ahead.wanted(ids, 500)
    ticket = ahead.ticket()
    assert len(first) == 150 and all(ahead.wanted(ids, i) == [] for i in range(501, 520))  # held keys, read in flight
    ahead.accept([_detail(i) for i in first], ticket)
    ahead.forget(510)  # its codings changed
    assert ahead.wanted(ids, 510) == [510]
    assert ahead.wanted(ids, 510) == []  # asked already
    clock.now += PENDING_FOR + 1  # that read failed (no answer in time): asked again
    assert ahead.wanted(ids, 510) == [510]


def test_cleared_reads_are_refused_and_old_entries_expire():
    clock = _Clock()
    ahead = ReadAhead(ttl=60, clock=clock)
    ticket = ahead.ticket()
    ahead.clear()  # e.g. the coder was named in a blind project
    assert not ahead.accept([_detail(1)], ticket) and ahead.get(1) is None
    ahead.accept([_detail(1)], ahead.ticket())
    clock.now += 59
    assert ahead.get(1) == _detail(1)
    clock.now += 2  # changes by other people on a shared server show within a minute
    assert ahead.get(1) is None and ahead.wanted([1, 2], 0) == [1, 2]


def test_a_minute_on_one_passage_reads_the_window_again_not_passage_by_passage():
    clock = _Clock()
    ahead = ReadAhead(around=100, clock=clock)
    ids = list(range(1000))
    ahead.accept([_detail(i) for i in ahead.wanted(ids, 500)], ahead.ticket())
    assert ahead.wanted(ids, 501) == []
    clock.now += 61  # the coder read and coded passage 501 for a minute
    assert sorted(ahead.wanted(ids, 502)) == list(range(452, 602))  # the window around the cursor, in one read


def _info(reader) -> str:
    return reader.query_one("#passage-info").plain


async def _at_footnote_195(app, pilot, project, before: int = 0):
    """(reader, its PassageView, the passage citing footnote 195) with the cursor ``before`` passages above it, at rest."""
    cited = find_passage_by_footnote(project, list_documents(project)[0].id, 195)
    await settle(app, pilot)
    reader = app.reader_screen
    view = reader.query_one(PassageView)
    view.move_to(view.index_of(cited) - before)
    await settle(app, pilot, 0.3)  # resting, everything around read
    return reader, view, cited


async def test_a_single_press_shows_the_next_passages_footnotes_in_the_same_frame(project):
    app = WorkbenchApp(project, coder="tester")
    async with app.run_test(size=(140, 42)) as pilot:
        reader, view, cited = await _at_footnote_195(app, pilot, project, before=1)
        await pilot.press("down")  # no pause: no timer, no worker may be needed
        assert view.current_row.id == cited
        assert reader.detail is not None and reader.detail.passage.id == cited
        assert f"passage {view.cursor + 1}/" in _info(reader)
        footnotes = reader.query_one("#footnotes").plain
        assert "[195]" in footnotes and "→ 13:" in footnotes
        await pilot.press("down", "down", "down")  # a held key: the panel waits, the position line does not
        assert f"passage {view.cursor + 1}/" in _info(reader)


async def test_a_coding_written_here_shows_at_once_and_survives_the_read_ahead(project):
    app = WorkbenchApp(project, coder="tester")
    async with app.run_test(size=(140, 42)) as pilot:
        reader, view, cited = await _at_footnote_195(app, pilot, project)
        assert reader.detail.codings == []
        # Written by someone else in the same project file: not seen until read again ...
        add_coding(project, passage_id=cited, code=CODE, coder="other", cases=list(suggestions_for(project, cited).cases))
        await pilot.press("down", "up")
        await settle(app, pilot, 0.3)
        assert reader.detail.codings == []  # (read ahead a moment ago; trusted for a minute)
        # ... while a coding written through this screen is in the panel at once.
        reader.add_coding(cited, CODE, ["Blekinge"], "")
        await settle(app, pilot, 0.3)
        assert [c.coder for c in reader.detail.codings] == ["other", "tester"]
        await pilot.press("down", "up")
        await settle(app, pilot, 0.3)
        assert [c.coder for c in reader.detail.codings] == ["other", "tester"]


async def test_the_cached_scrollbar_paints_what_textuals_own_paints_at_every_position(project):
    from textual.scrollbar import ScrollBar

    from workbench.tui.widgets.scrollbar import CachedScrollBar

    app = WorkbenchApp(project, coder="tester")
    async with app.run_test(size=(140, 42)) as pilot:
        await settle(app, pilot)
        view = app.reader_screen.query_one(PassageView)
        bar = view.vertical_scrollbar
        assert isinstance(bar, CachedScrollBar)
        pictures = set()
        for index in (0, 1, 2, 300, 301, 700, len(view.rows) - 1):
            view.move_to(index)
            await pilot.pause()
            whole = bar.size.region
            cached = bar.render_lines(whole)
            pictures.add(tuple(tuple(s) for s in cached))
            bar.refresh()
            fresh = ScrollBar.render_lines(bar, whole)
            assert [list(s) for s in cached] == [list(s) for s in fresh]
        assert len(pictures) >= 4  # the thumb moved; the next passage may not move it a cell
        # The codebook tree's bar too (the codings list shares the same mixin).
        from workbench.tui.widgets.codebook_tree import CodebookTree
        from workbench.tui.widgets.codings_list import CodingsList

        tree = app.reader_screen.query_one(CodebookTree)
        assert isinstance(app.reader_screen.query_one(CodingsList).vertical_scrollbar, CachedScrollBar)
        bar = tree.vertical_scrollbar
        assert isinstance(bar, CachedScrollBar) and bar.display
        pictures = set()
        for y in (0, 7, tree.max_scroll_y):
            tree.scroll_to(y=y, animate=False, immediate=True)
            await pilot.pause()
            whole = bar.size.region
            cached = bar.render_lines(whole)
            pictures.add(tuple(tuple(s) for s in cached))
            bar.refresh()
            assert [list(s) for s in cached] == [list(s) for s in ScrollBar.render_lines(bar, whole)]
        assert len(pictures) == 3


async def test_the_read_ahead_waits_while_a_key_is_held_and_reads_once_the_cursor_rests(project, monkeypatch):
    from workbench.tui import data

    app = WorkbenchApp(project, coder="tester")
    async with app.run_test(size=(140, 42)) as pilot:
        reader, view, cited = await _at_footnote_195(app, pilot, project)
        asked: list[int] = []
        details = data.passage_details
        monkeypatch.setattr(data, "passage_details", lambda store, ids, **kw: (asked.extend(ids), details(store, ids, **kw))[1])
        reader._ahead.clear()  # everything to read again, as far from the cursor as a new window
        reader._clock = lambda: reader._moved_at  # from the worker's side: the cursor has only just moved, always
        reader._read_ahead(view.cursor)
        await pilot.pause(0.4)
        assert asked == [] and reader._ahead.get(cited) is None  # a key held: nothing read in its frames' time
        reader._clock = time.monotonic  # the key let go
        await settle(app, pilot)
        assert sorted(asked) == sorted(row.id for row in view.rows)  # the whole report, once ...
        assert asked[0] == cited  # ... from the cursor out
        assert all(reader._ahead.get(row.id) is not None for row in view.rows)
