"""The coding dialog (code step, region step): one screen built once, reset on each opening, driven by keys and mouse."""

from __future__ import annotations

from workbench.core.codebooks import load_codebook_file, nodes_from_spec
from workbench.tui.app import WorkbenchApp
from workbench.tui.screens.pickers import CodingScreen
from workbench.tui.screens.reader import ReaderScreen
from workbench.tui.widgets.code_list import CodeList
from workbench.tui.widgets.coding_dialog import CodingDialog

from .conftest import CODEBOOK, screen_text, settle
from .test_coding_flow import CODE, assert_step, footnote_195, goto_footnote

CODES = nodes_from_spec(load_codebook_file(CODEBOOK))
DEFINITION = {c.path: c.description for c in CODES}


def flat(app) -> str:
    return " ".join(screen_text(app).split())


async def test_code_picker_is_reused_reset_and_puts_recent_codes_first(project):
    app = WorkbenchApp(project, coder="tester")
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(app, pilot)
        await goto_footnote(app, pilot, 195)
        await pilot.press("c")
        await pilot.pause()
        picker = app.screen
        dialog = assert_step(app, "code")
        # Beside the codes, the passage's regions as the region step will offer them: footnote 195's 13 pre-marked.
        assert "13 of 21 regions marked" in screen_text(app) and len(dialog.marked) == 13
        codes = picker.query_one(CodeList)
        assert [c.path for c in codes.codes[:3]] == [c.path for c in CODES[:3]]  # nothing used yet: file order

        await pilot.press(*"validering utmaningar")
        await pilot.pause()
        assert codes.highlighted_code.path == CODE
        assert DEFINITION[CODE][:60] in flat(app)

        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        await pilot.press("c")
        await pilot.pause()
        assert app.screen is picker and assert_step(app, "code") is dialog  # the same screen and dialog, not new ones
        assert dialog.query_box.value == ""
        assert codes.codes[0].path == CODES[0].path

        await pilot.press(*"validering utmaningar", "enter")
        await settle(app, pilot)
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        await pilot.press("c")
        await pilot.pause()
        assert app.screen is picker
        assert codes.codes[0].path == CODE and CODE in codes.recent  # the code just used leads the list
        assert f"★ {CODE}" in flat(app)  # marked as recent (indentation squeezed by flat)


async def test_arrow_keys_move_the_highlight_and_the_definition_follows(project):
    app = WorkbenchApp(project, coder="tester")
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(app, pilot)
        await pilot.press("c", *"validering")
        await pilot.pause()
        codes = app.screen.query_one(CodeList)
        assert codes.highlighted_code.path == "kompetensförsörjning/validering"
        await pilot.press("down", "down")
        await pilot.pause()
        second = codes.codes[2]
        assert codes.highlighted == 2
        assert DEFINITION[second.path][:50] in flat(app)
        await pilot.press("up")
        await pilot.pause()
        assert codes.highlighted == 1
        assert DEFINITION[codes.codes[1].path][:50] in flat(app)


async def test_a_click_on_a_code_chooses_it(project):
    app = WorkbenchApp(project, coder="tester")
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(app, pilot)
        await pilot.press("c", *"utmaningar")
        await pilot.pause()
        codes = app.screen.query_one(CodeList)
        wanted = codes.codes[2].path
        await pilot.click(CodeList, offset=(6, 2))  # the list's third line (its box is its container's)
        await settle(app, pilot)
        assert assert_step(app, "regions").title_text.startswith(wanted)
        assert f"{wanted} — regions" in screen_text(app)  # the title (its end cut at the dialog's width)


async def test_region_picker_is_reset_to_the_suggestions_and_reused_for_editing(project, report_text):
    expected = sorted(footnote_195(report_text))
    app = WorkbenchApp(project, coder="tester")
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(app, pilot)
        await goto_footnote(app, pilot, 195)
        await pilot.press("c", *"validering utmaningar", "enter")
        await settle(app, pilot)
        screen = app.screen
        regions = assert_step(app, "regions")
        assert sorted(regions.marked) == expected
        await pilot.press("ctrl+n")  # unmark all, then think better of it
        assert regions.marked == set()
        await pilot.press("escape")
        await pilot.pause()
        assert assert_step(app, "code") is regions  # back to choose another code, the query kept
        assert regions.query_box.value == "validering utmaningar"
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.screen is screen and assert_step(app, "regions") is regions
        assert sorted(regions.marked) == expected  # the suggestions again, not the abandoned choice
        assert f"{len(expected)} of 21 regions marked" in screen_text(app)
        await pilot.press("ctrl+s")
        await settle(app, pilot)

        await pilot.press("e")
        await settle(app, pilot)
        assert app.screen is screen and assert_step(app, "regions") is regions
        assert regions.title_text == f"{CODE} — edit"
        assert sorted(regions.marked) == expected  # the coding's own regions
        assert f"{CODE} — edit" in screen_text(app)


async def test_a_reopened_picker_looks_as_it_did_the_first_time(project):
    app = WorkbenchApp(project, coder="tester")
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(app, pilot)
        await pilot.press("c")
        await settle(app, pilot)
        first = screen_text(app)
        await pilot.press(*"yrkesvux", "down", "escape")
        await settle(app, pilot)
        await pilot.press("c")
        await settle(app, pilot)
        assert screen_text(app) == first
        assert app.screen.query_one(CodingDialog).query_box.has_focus


async def test_the_highlight_stays_in_view_and_nothing_is_chosen_from_an_empty_list(project):
    app = WorkbenchApp(project, coder="tester")
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(app, pilot)
        await pilot.press("c", "u")
        await pilot.pause()
        codes = app.screen.query_one(CodeList)
        assert len(codes.codes) == CodingDialog.FOUND  # "u" begins words in many codes: the best 40 are listed
        await pilot.press(*["down"] * 30)
        await pilot.pause()
        assert codes.highlighted == 30
        top = codes.scroll_offset.y
        assert top <= 30 < top + codes.scrollable_content_region.height
        assert codes.codes[30].path in screen_text(app)

        await pilot.press("backspace", *"zzzz qqqq")
        await pilot.pause()
        assert codes.codes == [] and codes.highlighted is None
        assert "no matching code" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, CodingScreen) and assert_step(app, "code")  # still choosing


async def test_region_step_keys_filter_tick_and_go_back_to_the_same_code(project, report_text):
    """In the region step the query box filters the regions, space and enter tick the highlighted
    one, ctrl+a / ctrl+n mark what is shown, and the memo travels with the save."""
    from workbench.core.coding import codings_for_passage
    from workbench.tui.widgets.passage_view import PassageView

    expected = footnote_195(report_text)
    app = WorkbenchApp(project, coder="tester")
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(app, pilot)
        await goto_footnote(app, pilot, 195)
        passage_id = app.screen.query_one(PassageView).current_row.id
        await pilot.press("c", *"validering utmaningar", "enter")
        await settle(app, pilot)
        dialog = assert_step(app, "regions")
        checklist = dialog.checklist
        await pilot.press("ctrl+n", *"bot")  # none marked; "bot" leaves the two -botten
        await pilot.pause()
        assert checklist.shown == ["Norrbotten", "Västerbotten"]
        assert "Norrbotten" in screen_text(app) and "Blekinge" not in screen_text(app)
        await pilot.press("down", "space")  # ticks Västerbotten (space ticks, it does not type)
        await pilot.pause()
        assert dialog.query_box.value == "bot" and dialog.marked == {"Västerbotten"}
        await pilot.press("up", "enter")  # enter ticks too
        await pilot.pause()
        assert dialog.marked == {"Norrbotten", "Västerbotten"}
        assert "2 of 21 regions marked" in screen_text(app)
        await pilot.press("backspace", "backspace", "backspace", "ctrl+a")  # the filter cleared: all 21
        await pilot.pause()
        assert len(dialog.marked) == 21
        await pilot.press("ctrl+n", *"blek", "space")
        dialog.query_one("#memo").value = "bara Blekinge"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, ReaderScreen)
    (coding,) = codings_for_passage(project, passage_id)
    assert coding.cases == ("Blekinge",) and coding.memo == "bara Blekinge"
    assert "Blekinge" in expected  # one of the footnote's own regions


async def test_query_a_code_shows_the_codes_alone_and_opens_its_claim(project):
    """The palette's "Query a code…": the same dialog without the region column; the chosen code's claim opens."""
    from workbench.tui.screens.code_detail import CodeDetailScreen

    app = WorkbenchApp(project, coder="tester")
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(app, pilot)
        app.screen.query_code()
        await pilot.pause()
        dialog = assert_step(app, "code")
        assert not dialog.query_one("#region-step").display
        assert "regions marked" not in screen_text(app)
        await pilot.press(*"validering utmaningar", "enter")
        await settle(app, pilot)
        assert isinstance(app.screen, CodeDetailScreen)
        assert CODE in screen_text(app)
        await pilot.press("escape")
        await settle(app, pilot)
        await pilot.press("c")  # coding again: the region column is back
        await pilot.pause()
        assert assert_step(app, "code").query_one("#region-step").display
