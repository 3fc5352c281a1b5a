"""SVG snapshots of the main screens on the bundled report (deterministic: same input, no clock).

Update after a deliberate UI change with ``pytest tests/tui/test_snapshots.py --snapshot-update``
and look at the report before committing.
"""

from __future__ import annotations

from workbench.tui.app import WorkbenchApp
from workbench.tui.widgets.codebook_tree import CodebookTree

from .conftest import settle
from .test_screens import CODE, coded_project

SIZE = (150, 42)


async def _at_footnote_195(pilot) -> None:
    app = pilot.app
    await settle(app, pilot)
    await pilot.press("f", "1", "9", "5", "enter")
    await settle(app, pilot)


def test_reader(snap_compare, project):
    coded_project(project)
    assert snap_compare(WorkbenchApp(project, coder="tester"), terminal_size=SIZE, run_before=_at_footnote_195)


def test_code_picker(snap_compare, project):
    async def run_before(pilot):
        await _at_footnote_195(pilot)
        await pilot.press("c", *"validering utmaningar")
        await settle(pilot.app, pilot)

    assert snap_compare(WorkbenchApp(project, coder="tester"), terminal_size=SIZE, run_before=run_before)


def test_region_picker(snap_compare, project):
    async def run_before(pilot):
        await _at_footnote_195(pilot)
        await pilot.press("c", *"validering utmaningar", "enter")
        await settle(pilot.app, pilot)

    assert snap_compare(WorkbenchApp(project, coder="tester"), terminal_size=SIZE, run_before=run_before)


def test_claim_detail(snap_compare, project):
    coded_project(project)

    async def run_before(pilot):
        app = pilot.app
        await settle(app, pilot)
        tree = app.screen.query_one(CodebookTree)
        tree.focus()
        tree.select_path(CODE)
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)

    assert snap_compare(WorkbenchApp(project, coder="tester"), terminal_size=SIZE, run_before=run_before)


def test_matrix(snap_compare, project):
    coded_project(project)

    async def run_before(pilot):
        app = pilot.app
        await settle(app, pilot)
        tree = app.screen.query_one(CodebookTree)
        tree.focus()
        tree.select_path("kompetensförsörjning")
        await settle(app, pilot)
        await pilot.press("x")
        await settle(app, pilot)

    assert snap_compare(WorkbenchApp(project, coder="tester"), terminal_size=SIZE, run_before=run_before)


def test_help(snap_compare, project):
    async def run_before(pilot):
        await settle(pilot.app, pilot)
        await pilot.press("question_mark")
        await settle(pilot.app, pilot)

    assert snap_compare(WorkbenchApp(project, coder="tester"), terminal_size=SIZE, run_before=run_before)
