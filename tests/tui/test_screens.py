"""The other screens on the report project: claim detail, matrix, search, sections, palette, help."""

from __future__ import annotations

from workbench.tui.app import WorkbenchApp
from workbench.tui.screens.code_detail import CodeDetailScreen
from workbench.tui.screens.help import HelpScreen
from workbench.tui.screens.lists import ListPicker
from workbench.tui.screens.matrix import MatrixScreen
from workbench.tui.widgets.codebook_tree import CodebookTree
from workbench.tui.widgets.passage_view import PassageView

from .conftest import screen_text, settle

CODE = "kompetensförsörjning/validering/utmaningar"


def coded_project(store, coder="rapporten"):
    """The report's own claim for footnote 195 coded, through the core."""
    from workbench.core.coding import add_coding, suggestions_for
    from workbench.core.documents import find_passage_by_footnote, list_documents

    doc = list_documents(store)[0]
    passage_id = find_passage_by_footnote(store, doc.id, 195)
    add_coding(store, passage_id=passage_id, code=CODE, coder=coder, cases=list(suggestions_for(store, passage_id).cases))
    return passage_id


async def test_claim_detail_copies_phrase_and_footnote_and_jumps_to_evidence(project):
    passage_id = coded_project(project)
    app = WorkbenchApp(project, coder="tester")
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(app, pilot)
        tree = app.screen.query_one(CodebookTree)
        assert tree.counts.label(CODE) == "13/21"  # loaded from the project, not only from this session
        assert app.screen.query_one(PassageView).current_row.id != passage_id
        tree.focus()
        tree.select_path(CODE)
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, CodeDetailScreen)
        assert app.screen.phrase == "13 regioner"
        assert app.screen.footnote.startswith("Blekinge, Dalarna, Gävleborg, Halland")
        assert "13 regioner" in screen_text(app)
        await pilot.press("y")
        assert app.clipboard == f"{app.screen.phrase}\n{app.screen.footnote}"
        await pilot.press("enter")  # the first (only) evidence passage
        await settle(app, pilot)
        assert app.screen.query_one(PassageView).current_row.id == passage_id


async def test_matrix_shades_present_cells_and_opens_their_evidence(project):
    passage_id = coded_project(project)
    app = WorkbenchApp(project, coder="tester")
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(app, pilot)
        tree = app.screen.query_one(CodebookTree)
        tree.focus()
        tree.select_path("kompetensförsörjning/validering")
        await settle(app, pilot)
        await pilot.press("x")
        await settle(app, pilot)
        matrix = app.screen
        assert isinstance(matrix, MatrixScreen)
        assert matrix.codes[0] == "kompetensförsörjning/validering"
        assert len(matrix.present[CODE]) == 13 and "Gotland" not in matrix.present[CODE]
        table = matrix.query_one("DataTable")
        row = matrix.codes.index(CODE)
        column = 2 + matrix.cases.index("Blekinge")
        assert str(table.get_cell_at((row, 1))).strip() == "13/21"
        table.move_cursor(row=row, column=column)
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, ListPicker)
        assert app.screen.values == [passage_id]
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.screen.query_one(PassageView).current_row.id == passage_id


async def test_search_and_section_jumps(project):
    app = WorkbenchApp(project, coder="tester")
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(app, pilot)
        view = app.screen.query_one(PassageView)
        await pilot.press("slash", *"lyfter utmaningar i arbetet med validering")
        await settle(app, pilot, 0.3)
        assert isinstance(app.screen, ListPicker) and app.screen.values
        await pilot.press("enter")
        await settle(app, pilot)
        assert "utmaningar i arbetet med validering" in view.current_row.text
        await pilot.press("g")
        await pilot.pause()
        picker = app.screen
        assert isinstance(picker, ListPicker)
        await pilot.press(*"3.4.4")
        await pilot.pause()
        await pilot.press("enter")
        await settle(app, pilot)
        section = next(s for s in app.screen.document.sections if s.number == "3.4.4")
        assert view.current_row.section_id == section.id


async def test_help_lists_every_binding_and_palette_has_main_actions(project):
    app = WorkbenchApp(project, coder="tester")
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(app, pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
        for words in ("Next section", "Code", "Undo", "Redo", "Search", "Footnote", "Matrix"):
            assert words in text
        await pilot.press("escape")
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"jump to sec")
        await pilot.pause(0.3)
        assert "Jump to section" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause(0.2)
        assert isinstance(app.screen, ListPicker) and app.screen.title_text == "Jump to section"


def test_every_binding_has_an_id():
    from workbench.tui.screens import code_detail, help, lists, matrix, pickers, reader
    from workbench.tui.widgets import codebook_tree, coding_dialog, passage_view

    classes = [WorkbenchApp, reader.ReaderScreen, passage_view.PassageView, codebook_tree.CodebookTree,
               coding_dialog.CodingDialog, pickers.TextPrompt, lists.ListPicker,
               code_detail.CodeDetailScreen, matrix.MatrixScreen, help.HelpScreen]
    for cls in classes:
        for binding in cls.BINDINGS:
            assert binding.id, f"{cls.__name__}: {binding.key} has no id"
