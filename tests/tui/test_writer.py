"""Writes run one at a time in the order asked, off the UI thread; a failed one is reported, none is lost."""

from __future__ import annotations

import threading
import time

from workbench.core.coding import codings_for_passage
from workbench.core.documents import find_passage_by_footnote, list_documents
from workbench.tui.app import WorkbenchApp
from workbench.tui.screens.pickers import CodingScreen
from workbench.tui.writer import Writer

from .conftest import settle


async def test_writes_run_in_order_in_one_thread_and_idle_waits_for_them():
    posted: list = []
    writer = Writer(posted.append)
    done: list[tuple[int, str]] = []

    def job(n: int, pause: float):
        def run():
            time.sleep(pause)  # a slow first write must not be overtaken
            done.append((n, threading.current_thread().name))
            return n
        return run

    for n, pause in enumerate([0.05, 0.0, 0.01, 0.0]):
        writer.submit(job(n, pause), done=lambda result: None)
    assert writer.busy
    await writer.idle()
    assert [n for n, _ in done] == [0, 1, 2, 3]
    assert len({name for _, name in done}) == 1 and done[0][1] != threading.current_thread().name
    assert [(type(m), m.result) for m in posted] == [(Writer.Done, n) for n in range(4)]  # each result, for the UI thread
    assert not writer.busy
    writer.close()


async def test_a_failed_write_is_posted_and_the_next_still_runs():
    posted: list = []
    writer = Writer(posted.append)
    ran: list[str] = []

    def fail():
        raise ValueError("unknown region 'Västermanland'")

    def close_dialog():
        pass

    writer.submit(fail, failed=close_dialog)
    writer.submit(lambda: ran.append("after"))  # no ``done``: nothing posted
    await writer.idle()
    (failure,) = posted
    assert isinstance(failure, Writer.Failed) and failure.then is close_dialog
    assert str(failure.error) == "unknown region 'Västermanland'"
    assert ran == ["after"]
    writer.close()


async def test_close_finishes_the_writes_asked_for():
    writer = Writer(lambda message: None)
    ran: list[int] = []
    for n in range(3):
        writer.submit(lambda n=n: (time.sleep(0.02), ran.append(n)))
    writer.close()
    assert ran == [0, 1, 2]


def _passage_of_footnote_195(project) -> int:
    return find_passage_by_footnote(project, list_documents(project)[0].id, 195)


async def test_a_refused_save_closes_the_dialog_and_is_a_toast(project):
    passage_id = _passage_of_footnote_195(project)
    app = WorkbenchApp(project, coder="tester")
    async with app.run_test(size=(160, 45), notifications=True) as pilot:
        await settle(app, pilot)
        reader = app.screen
        await pilot.press("c")
        await settle(app, pilot)
        assert isinstance(app.screen, CodingScreen)
        reader._saving_in = app.screen  # as the dialog's save does, for a coding the core refuses
        reader.add_coding(passage_id, "kompetensförsörjning/validering/utmaningar", ["Västermanland"], "")
        await settle(app, pilot)
        assert app.screen is reader
        assert any("Västermanland" in n.message for n in app._notifications if n.severity == "error")
    assert codings_for_passage(project, passage_id, viewer="tester") == []


async def test_a_save_then_an_undo_at_once_undo_that_save(project):
    """Pressed faster than a write takes: the undo reverts the coding just saved, not an older action."""
    passage_id = _passage_of_footnote_195(project)
    app = WorkbenchApp(project, coder="tester")
    async with app.run_test(size=(160, 45), notifications=True) as pilot:
        await settle(app, pilot)
        reader = app.screen
        reader.add_coding(passage_id, "kompetensförsörjning/validering/utmaningar", ["Blekinge", "Dalarna"], "")
        reader.add_coding(passage_id, "kompetensförsörjning/validering", ["Gotland"], "")
        reader.action_undo()
        await settle(app, pilot)
        assert [n.message for n in app._notifications if n.severity == "error"] == []
    (kept,) = codings_for_passage(project, passage_id, viewer="tester")
    assert kept.code_path == "kompetensförsörjning/validering/utmaningar"
    assert kept.cases == ("Blekinge", "Dalarna")
