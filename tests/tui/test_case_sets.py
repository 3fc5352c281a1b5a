"""Codes that count länsstyrelser in the app: their counts, their picker, their matrix.

The 2020 codebook marks the codes for what the county administrative boards
report as counting ``länsstyrelser``; the demo codes them from the report's
footnotes 248-263 and 271-273, 291 (examples/claims-2020.yaml).
"""

from __future__ import annotations

from workbench.core.query import cases_for
from workbench.tui.app import WorkbenchApp
from workbench.tui.screens.matrix import MatrixScreen
from workbench.tui.widgets.codebook_tree import CodebookTree

from .conftest import screen_text, settle
from .test_coding_flow import assert_step

BOARDS = "anslag 1:1/länsstyrelserna/strukturfondsprogrammet"  # footnote 250: five länsstyrelser


async def test_a_lansstyrelser_code_is_counted_offered_and_shown_as_its_own_case_set(demo):
    expected = cases_for(demo, BOARDS, exact=True)
    assert (expected.case_set, expected.count) == ("länsstyrelser", 5)
    app = WorkbenchApp(demo, coder="tester")
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(app, pilot)
        tree = app.screen.query_one(CodebookTree)
        assert tree.counts.label(BOARDS) == "5/21"  # counted although the codebook's own case set is regioner
        assert set(tree.counts.cases(BOARDS)) == set(expected.cases)

        app.screen.action_apply_code(BOARDS)
        await settle(app, pilot)
        dialog = assert_step(app, "regions")
        assert dialog.noun == "county administrative boards"
        assert dialog.title_text == f"{BOARDS} — county administrative boards this passage concerns"
        assert "of 21 county administrative boards marked" in screen_text(app)
        await pilot.press("escape")
        await settle(app, pilot)

        app.screen.action_open_matrix("anslag 1:1/länsstyrelserna")
        await settle(app, pilot)
        assert isinstance(app.screen, MatrixScreen)
        assert BOARDS in app.screen.codes and app.screen.title_text.endswith("× county administrative boards")
        assert app.screen.present[BOARDS] == set(expected.cases)
        await pilot.press("escape")
        await settle(app, pilot)
        app.screen.action_open_matrix("anslag 1:1")  # its columns are regions: the boards' codes are left out
        await settle(app, pilot)
        assert "anslag 1:1" in app.screen.codes and BOARDS not in app.screen.codes
