"""The app keeps full garbage collections out of reading and gives the process back as it found it."""

from __future__ import annotations

import gc

from workbench.tui.app import WorkbenchApp
from workbench.tui.heap import OLDEST_GENERATION_EVERY

from .conftest import settle


async def test_document_shown_freezes_the_heap_and_exit_undoes_it(project):
    before_threshold = gc.get_threshold()
    assert gc.get_freeze_count() == 0
    app = WorkbenchApp(project, coder="tester")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert app.reader_screen.document is not None  # the report is shown
        assert gc.get_freeze_count() > 10_000  # Textual, the database layer and the report's passages
        assert gc.get_threshold()[2] == OLDEST_GENERATION_EVERY
    assert gc.get_freeze_count() == 0  # cycles of a finished app are collected again
    assert gc.get_threshold() == before_threshold
