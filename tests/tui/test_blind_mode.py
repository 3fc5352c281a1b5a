"""Blind mode in the app: a coder sees only their own codings until a reviewer unblinds.

On a copy of the demo project: the report's own codings (coder "rapporten",
the whole report) and coder-b's and coder-c's of chapter 3.4. What coder-b
may see is read from coder-b's file in examples/ (not from the app or the
core), so the tree counts, colour marks, side panel and claim are held to
the source.
"""

from __future__ import annotations

import csv
import shutil

import pytest

from workbench.core.agreement.adjudication import add_reviewer
from workbench.core.agreement.blind import set_blind
from workbench.core.demo import SECOND_CODER
from workbench.core.query import cases_for
from workbench.tui.app import WorkbenchApp
from workbench.tui.screens.code_detail import CodeDetailScreen
from workbench.tui.screens.lists import ListPicker
from workbench.tui.screens.pickers import TextPrompt
from workbench.tui.widgets.codebook_tree import CodebookTree
from workbench.tui.widgets.passage_view import PassageView

from .conftest import screen_text, settle

TOP = "kompetensförsörjning"
YEAR = "kompetensförsörjning/årets arbete"  # coder-b leaves out a region the report's own codings have
OTHER = "innovation och företagande"  # a chapter coder-b did not code


@pytest.fixture
def blind_demo(demo_db, tmp_path):
    """A copy of the demo with a reviewer, rita, who has switched blind mode on."""
    from workbench.core.db import open_store

    copy = tmp_path / "demo.db"
    shutil.copy(demo_db, copy)
    store = open_store(str(copy))
    add_reviewer(store, "rita")
    set_blind(store, True, reviewer="rita")
    yield store
    store.close()


@pytest.fixture(scope="module")
def coder_b():
    """coder-b's codings as the example file has them: (passage number, code path, cases)."""
    with SECOND_CODER.open(encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(handle) if r["coder"] == "coder-b"]
    assert len(rows) > 40
    return [(int(r["passage"]), r["code"], [c.strip() for c in r["cases"].split(",") if c.strip()]) for r in rows]


def subtree_cases(codings, path: str) -> set[str]:
    return {case for _, code, cases in codings if code == path or code.startswith(path + "/") for case in cases}


async def goto_footnote_195(app, pilot):
    await pilot.press("f", "1", "9", "5", "enter")
    await settle(app, pilot)
    row = app.screen.query_one(PassageView).current_row
    assert row.text.startswith("13 regioner lyfter utmaningar i arbetet med validering")
    return row


def side_panel_coders(app) -> list[str]:
    return [c.coder for c in app.screen.detail.codings]


async def test_a_blind_coder_sees_only_their_own_codings(blind_demo, coder_b):
    from workbench.core.coding import codings_for_document

    app = WorkbenchApp(blind_demo, coder="coder-b")
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(app, pilot)
        assert app.sub_title.endswith("· coder coder-b · blind")

        tree = app.screen.query_one(CodebookTree)
        paths = list(tree._node_by_path)
        assert len(paths) > 50
        for path in paths:  # every code of the tree counts coder-b's regions only
            assert tree.counts.label(path) == f"{len(subtree_cases(coder_b, path))}/21", path
        for path in (YEAR, OTHER):  # everyone's counts differ
            assert tree.counts.label(path) != f"{cases_for(blind_demo, path, viewer='rita').count}/21"

        view = app.screen.query_one(PassageView)
        mine = {number - 1 for number, _, _ in coder_b}  # the file numbers passages as the reader does: seq + 1
        report_only = {c.passage_id for c in codings_for_document(blind_demo, app.screen.document.id, coder="rapporten", viewer="rita")}
        marked = {row.seq for row in view.rows if row.colours}
        assert marked == mine  # colour marks on coder-b's passages, none on the report's other codings
        assert any(view.rows[view.index_of(pid)].seq not in mine for pid in report_only)

        row = await goto_footnote_195(app, pilot)
        assert row.seq in mine
        assert side_panel_coders(app) == ["coder-b"]
        shown = screen_text(app)
        assert "coder-b" in shown and "rapporten" not in shown and "coder-c" not in shown

        app.screen.load_claim(YEAR, purpose="detail")  # as enter on the tree node does
        await settle(app, pilot)
        assert isinstance(app.screen, CodeDetailScreen)
        own = cases_for(blind_demo, YEAR, coder="coder-b")
        assert app.screen.result.cases == own.cases and set(own.cases) == subtree_cases(coder_b, YEAR)
        assert {e.coder for e in app.screen.result.evidence} == {"coder-b"}
        assert own.phrase in screen_text(app)
        await pilot.press("escape")
        await settle(app, pilot)

        # The matrix and a cell's evidence: Östergötland is coder-b's own addition (examples/second-coder.md, row 10).
        await pilot.press("x")
        await settle(app, pilot)
        assert app.screen.present[TOP] == subtree_cases(coder_b, TOP)
        await pilot.press("escape")
        await settle(app, pilot)
        app.screen.load_claim(f"{TOP}/validering", purpose="cell", case="Östergötland")
        await settle(app, pilot)
        assert isinstance(app.screen, ListPicker)
        assert "coder-b" in screen_text(app) and "rapporten" not in screen_text(app)


async def test_reviewer_sees_everyone_and_unblinding_opens_the_view(blind_demo, coder_b):
    everyone = {path: cases_for(blind_demo, path, viewer="rita").count for path in (YEAR, OTHER)}
    assert everyone[YEAR] > len(subtree_cases(coder_b, YEAR)) and everyone[OTHER] > 0
    app = WorkbenchApp(blind_demo, coder="rita")
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(app, pilot)
        assert app.sub_title.endswith("· blind")
        await goto_footnote_195(app, pilot)
        assert side_panel_coders(app) == ["rapporten", "coder-b", "coder-c"]
        tree = app.screen.query_one(CodebookTree)
        assert [tree.counts.label(p) for p in everyone] == [f"{n}/21" for n in everyone.values()]

    set_blind(blind_demo, False, reviewer="rita")
    app = WorkbenchApp(blind_demo, coder="coder-b")
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(app, pilot)
        assert "blind" not in app.sub_title
        await goto_footnote_195(app, pilot)
        assert side_panel_coders(app) == ["rapporten", "coder-b", "coder-c"]
        tree = app.screen.query_one(CodebookTree)
        assert [tree.counts.label(p) for p in everyone] == [f"{n}/21" for n in everyone.values()]


async def test_blind_project_shows_nothing_until_the_coder_is_named(blind_demo, coder_b):
    app = WorkbenchApp(blind_demo)  # nobody remembered for this project: the app asks
    async with app.run_test(size=(160, 45), notifications=True) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, TextPrompt)
        reader = app.screen_stack[-2]
        assert not any(row.colours for row in reader.query_one(PassageView).rows)
        assert reader.query_one(CodebookTree).counts.label(YEAR) == "0/21"
        await pilot.press(*"coder-b", "enter")
        await settle(app, pilot, 0.3)
        assert app.sub_title.endswith("· coder coder-b · blind")
        assert app.screen.query_one(CodebookTree).counts.label(YEAR) == f"{len(subtree_cases(coder_b, YEAR))}/21"
        assert {row.seq + 1 for row in app.screen.query_one(PassageView).rows if row.colours} == {n for n, _, _ in coder_b}
        await goto_footnote_195(app, pilot)
        assert side_panel_coders(app) == ["coder-b"]
        errors = [n.message for n in app._notifications if n.severity == "error"]
        assert errors == []
