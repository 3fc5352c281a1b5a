"""End to end in the app: find the passage of footnote 195, code it, see the claim."""

from __future__ import annotations

import re

from workbench.tui.app import WorkbenchApp
from workbench.tui.screens.pickers import CodingScreen, TextPrompt
from workbench.tui.screens.reader import ReaderScreen
from workbench.tui.widgets.codebook_tree import CodebookTree
from workbench.tui.widgets.coding_dialog import CodingDialog
from workbench.tui.widgets.key_bar import KeyBar
from workbench.tui.widgets.passage_view import PassageView

from .conftest import screen_text, settle

CODE = "kompetensförsörjning/validering/utmaningar"


def footnote_195(report_text: str) -> list[str]:
    """Footnote 195 as the report prints it (read from the text, not from the importer)."""
    match = re.search(r"^195 (.+?)\.\s*$", report_text, re.M | re.S)
    body = " ".join(match.group(1).split())
    return [name.strip() for name in body.split(",")]


async def goto_footnote(app, pilot, number: int) -> None:
    await pilot.press("f", *str(number), "enter")
    await settle(app, pilot)


def dialog_of(app) -> CodingDialog:
    """The coding dialog on screen (both steps are one screen over the reader)."""
    assert isinstance(app.screen, CodingScreen)
    return app.screen.dialog


def assert_step(app, step: str | None) -> CodingDialog | None:
    """The dialog is shown at ``step`` ("code", "regions") with the focus inside it, or the reader is back (None)."""
    if step is None:
        assert isinstance(app.screen, ReaderScreen)
        return None
    dialog = dialog_of(app)
    assert dialog.step == step
    focused = app.screen.focused
    assert focused is not None and dialog in focused.ancestors_with_self
    return dialog


async def code_current_passage(app, pilot, query: str) -> None:
    await pilot.press("c")
    await pilot.pause()
    assert_step(app, "code")
    await pilot.press(*query)
    await pilot.pause()
    await pilot.press("enter")
    await settle(app, pilot)
    assert_step(app, "regions")


async def test_code_the_validation_challenges_passage(project, report_text):
    expected = footnote_195(report_text)
    assert len(expected) == 13
    app = WorkbenchApp(project, coder="tester")
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(app, pilot)
        await goto_footnote(app, pilot, 195)
        view = app.screen.query_one(PassageView)
        assert 195 in view.current_row.footnotes
        assert view.current_row.text.startswith("13 regioner lyfter utmaningar i arbetet med validering")
        assert "[195] Blekinge, Dalarna" in screen_text(app)

        await code_current_passage(app, pilot, "validering utmaningar")
        dialog = dialog_of(app)
        assert dialog.title_text.startswith(CODE)
        assert f"{CODE} — regions this passage concerns" in screen_text(app)
        assert sorted(dialog.marked) == sorted(expected)  # the 13 suggestions, pre-marked
        assert "13 of 21 regions marked" in screen_text(app)
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert_step(app, None)  # closed, the reader has the keys again
        assert view.has_focus

        shown = screen_text(app)
        assert "13 regioner" in shown
        assert "Fotnot: Blekinge, Dalarna, Gävleborg," in shown
        assert app.screen.query_one(CodebookTree).counts.label(CODE) == "13/21"
        assert "13/21" in str(app.screen.query_one(CodebookTree)._node_by_path[CODE].label)
        assert view.current_row.colours  # the passage is marked as coded

    from workbench.core.coding import codings_for_passage
    from workbench.core.query import cases_for

    codings = codings_for_passage(project, view.current_row.id)
    assert [(c.code_path, c.coder) for c in codings] == [(CODE, "tester")]
    assert sorted(codings[0].cases) == sorted(expected)
    result = cases_for(project, CODE)
    assert result.phrase == "13 regioner"
    assert result.footnote == ", ".join(result.cases) + "."
    assert set(result.cases) == set(expected)


async def test_undo_redo_and_delete_keep_counts_live(project):
    app = WorkbenchApp(project, coder="tester")
    async with app.run_test(size=(160, 45), notifications=True) as pilot:
        await settle(app, pilot)
        tree = app.screen.query_one(CodebookTree)
        bar = app.screen.query_one(KeyBar)
        await goto_footnote(app, pilot, 195)
        passage_id = app.screen.query_one(PassageView).current_row.id
        await code_current_passage(app, pilot, "validering utmaningar")
        await pilot.press("ctrl+a", "ctrl+s")  # all 21
        await settle(app, pilot)
        assert tree.counts.label(CODE) == "21/21"
        assert tree.counts.label("kompetensförsörjning") == "21/21"
        # Each change is confirmed in the key bar (a toast per save cost ~40 ms), with the new count.
        assert bar.plain.startswith(f" ✓  Coded {CODE} with 21 · now 21/21")
        await pilot.press("u")
        await settle(app, pilot)
        assert tree.counts.label(CODE) == "0/21"
        assert "Undid" in bar.plain and f"({CODE}) · now 0/21" in bar.plain
        await pilot.press("ctrl+r")
        await settle(app, pilot)
        assert tree.counts.label(CODE) == "21/21"
        assert "Redid" in bar.plain and "now 21/21" in bar.plain
        await pilot.press("d")
        await settle(app, pilot)
        assert tree.counts.label(CODE) == "0/21"
        assert "not coded" in screen_text(app)
        assert f"Removed {CODE} (u to undo) · now 0/21" in bar.plain
        assert [n.message for n in app._notifications] == []  # successes are not toasts
    from workbench.core.coding import codings_for_passage

    assert codings_for_passage(project, passage_id) == []


async def test_edit_regions_and_memo_of_a_coding(project):
    from workbench.core.coding import codings_for_passage

    app = WorkbenchApp(project, coder="tester")
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(app, pilot)
        await goto_footnote(app, pilot, 195)
        passage_id = app.screen.query_one(PassageView).current_row.id
        await code_current_passage(app, pilot, "validering utmaningar")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        await pilot.press("e")
        await pilot.pause()
        assert assert_step(app, "regions").title_text == f"{CODE} — edit"
        await pilot.press("ctrl+n", "ctrl+s")  # none: the coding keeps no region
        await settle(app, pilot)
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, TextPrompt)
        await pilot.press(*"kolla fotnoten", "enter")
        await settle(app, pilot)
        assert app.screen.query_one(CodebookTree).counts.label(CODE) == "0/21"
    (coding,) = codings_for_passage(project, passage_id)
    assert coding.cases == () and coding.memo == "kolla fotnoten"


async def test_errors_are_toasts_not_tracebacks(project):
    app = WorkbenchApp(project, coder="tester")
    async with app.run_test(size=(160, 45), notifications=True) as pilot:
        await settle(app, pilot)
        await goto_footnote(app, pilot, 9999)
        await pilot.press("u")  # nothing to undo yet: the core says so
        await settle(app, pilot)
        messages = [n.message for n in app._notifications]
        assert any("footnote 9999 is not in" in m for m in messages)
        assert any("nothing to undo" in m for m in messages)
        assert app.is_running


async def test_coder_is_asked_once_and_remembered(project):
    app = WorkbenchApp(project)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, TextPrompt)
        await pilot.press("escape")  # cannot be skipped
        assert isinstance(app.screen, TextPrompt)
        await pilot.press(*"anna", "enter")
        await settle(app, pilot)
        assert app.coder == "anna"
    again = WorkbenchApp(project)
    async with again.run_test(size=(120, 40)) as pilot:
        await settle(again, pilot)
        assert again.coder == "anna"
        assert not isinstance(again.screen, TextPrompt)
