"""The agreement screen and the side-by-side disagreement review, on the demo project.

The demo holds the report's own reading (coder "rapporten"), coder-b (all of
chapter 3.4) and coder-c (section 3.4.4). The table is checked against
``workbench agreement --format json`` for the same options; settling is
checked in the database (the consensus coding and the audit row).
"""

from __future__ import annotations

import json
import shutil

import pytest
from sqlalchemy import text
from textual.widgets import DataTable, SelectionList, Static
from typer.testing import CliRunner

from workbench.tui.app import WorkbenchApp

from .conftest import settle

SIZE = (150, 42)
CHAPTER = "kompetensförsörjning"
VALIDERING = "kompetensförsörjning/validering"


@pytest.fixture
def demo(demo_db, tmp_path):
    """A private copy of the demo project (built once, tests/tui/conftest.py) with a reviewer, rita; (store, path)."""
    from workbench.core.agreement.adjudication import add_reviewer
    from workbench.core.db import open_store

    path = tmp_path / "demo.db"
    shutil.copyfile(demo_db, path)
    store = open_store(str(path), create=False)
    add_reviewer(store, "rita")
    yield store, str(path)
    store.close()


def cli_agreement(path: str, *args: str) -> dict:
    from workbench.cli import app

    result = CliRunner().invoke(app, ["agreement", "--db", path, "--format", "json", *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def expected_cells(entry: dict, n_coders: int) -> list[str]:
    """The row the CLI prints: units, coders, percent with one decimal, the others with three, n/a."""
    kappa = "cohen_kappa" if n_coders == 2 else "fleiss_kappa"
    out = [str(entry["n_units"]), str(entry["n_coders"])]
    for name in ("percent", kappa, "krippendorff_alpha", "gwet_ac1", "brennan_prediger"):
        value = entry[name]
        out.append("n/a" if value is None else f"{100 * value:.1f}" if name == "percent" else f"{value:.3f}")
    return out


def table_cells(screen) -> dict[str, list[str]]:
    table = screen.query_one(DataTable)
    return {entry.code: [str(getattr(c, "plain", c)) for c in table.get_row_at(i)][1:]
            for i, entry in enumerate(screen.rows)}


async def open_agreement(app, pilot):
    from workbench.tui.screens.agreement import AgreementScreen

    await settle(app, pilot, 0.3)
    await pilot.press("A")
    await settle(app, pilot, 0.3)
    assert isinstance(app.screen, AgreementScreen)
    return app.screen


async def test_agreement_table_is_what_the_cli_computes(demo):
    """It opens on the part every coder coded: coder-c read only 3.4.4, so there (the CLI's --section 3.4.4)."""
    store, path = demo
    app = WorkbenchApp(store, coder="rita")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_agreement(app, pilot)
        assert screen.section == "3.4.4"
        assert "in section 3.4.4 Validering – Insatser och utmaningar (the part every coder coded" in str(
            screen.query_one("#agreement-title").render())
        for level, keys in (("case", ()), ("passage", ("l",))):
            if keys:
                await pilot.press(*keys)
                await settle(app, pilot, 0.3)
            assert screen.report.level == level
            expected = cli_agreement(path, "--level", level, "--section", "3.4.4")
            assert list(screen.report.coders) == expected["coders"] == ["coder-b", "coder-c", "rapporten"]
            shown = table_cells(screen)
            chapter = [e for e in expected["entries"] if e["code"].startswith(CHAPTER)]
            assert len(chapter) >= 10
            for entry in chapter:
                assert shown[entry["code"]] == expected_cells(entry, 3), (level, entry["code"])
            assert shown["(pooled)"] == expected_cells(expected["pooled"], 3)
            header = [str(c.label.plain) for c in screen.query_one(DataTable).columns.values()]
            assert header[3:5] == ["%", "Fleiss"]
            pairs = str(screen.query_one("#agreement-pairs", Static).render())
            for coder, others in expected["pairwise_cohen_kappa"].items():
                mean = sum(v for v in others.values() if v is not None) / sum(v is not None for v in others.values())
                assert f"{coder} {mean:.3f}" in pairs


async def test_choosing_two_coders_shows_cohen(demo):
    store, path = demo
    app = WorkbenchApp(store, coder="rita")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_agreement(app, pilot)
        await pilot.press("c")
        await settle(app, pilot)
        chooser = app.screen.query_one(SelectionList)
        assert sorted(chooser.selected) == ["coder-b", "coder-c", "rapporten"]
        chooser.deselect("coder-c")
        await pilot.press("ctrl+s")
        await settle(app, pilot, 0.3)
        assert app.screen is screen and screen.report.coders == ("coder-b", "rapporten")
        assert screen.section == "3.4"  # without coder-c, the part both coded is coder-b's chapter
        expected = cli_agreement(path, "--coders", "coder-b,rapporten", "--section", "3.4")
        shown = table_cells(screen)
        entry = next(e for e in expected["entries"] if e["code"] == VALIDERING)
        assert shown[VALIDERING] == expected_cells(entry, 2)
        assert "Cohen" in [str(c.label.plain) for c in screen.query_one(DataTable).columns.values()]
        # Every region has the chapter's top code from both coders: kappa and alpha are n/a, with the reason.
        top = next(e for e in expected["entries"] if e["code"] == CHAPTER)
        assert top["cohen_kappa"] is None and top["krippendorff_alpha"] is None
        assert shown[CHAPTER][3:5] == ["n/a", "n/a"]
        screen.query_one(DataTable).move_cursor(row=[e.code for e in screen.rows].index(CHAPTER))
        await settle(app, pilot)
        reasons = str(screen.query_one("#agreement-reasons", Static).render())
        assert reasons.startswith(CHAPTER + "  ")
        assert f"α n/a: {top['reasons']['krippendorff_alpha'].removeprefix('n/a: ')}" in reasons
        assert f"Cohen n/a: {top['reasons']['cohen_kappa'].removeprefix('n/a: ')}" in reasons


async def test_section_scope_is_the_cli_section_option(demo):
    store, path = demo
    app = WorkbenchApp(store, coder="rita")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_agreement(app, pilot)
        await pilot.press("s", *"3.4", "enter")
        await settle(app, pilot, 0.3)
        assert app.screen is screen and screen.section == "3.4"
        expected = cli_agreement(path, "--section", "3.4")
        shown = table_cells(screen)
        assert [e.code for e in screen.report.entries] == [e["code"] for e in expected["entries"]]
        for entry in expected["entries"]:
            assert shown[entry["code"]] == expected_cells(entry, 3), entry["code"]
        assert "in section 3.4" in str(screen.query_one("#agreement-title").render())


async def test_the_whole_project_when_chosen(demo):
    store, path = demo
    app = WorkbenchApp(store, coder="rita")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_agreement(app, pilot)
        await pilot.press("s", "end", *["backspace"] * 5, "enter")  # the prompt holds 3.4.4: emptied, the whole project
        await settle(app, pilot, 0.3)
        assert app.screen is screen and screen.section is None and screen.section_chosen
        expected = cli_agreement(path)
        shown = table_cells(screen)
        entry = next(e for e in expected["entries"] if e["code"] == VALIDERING)
        assert shown[VALIDERING] == expected_cells(entry, 3)
        assert "in section" not in str(screen.query_one("#agreement-title").render())
        await pilot.press("c")  # another choice of coders keeps the chosen scope
        await settle(app, pilot)
        app.screen.query_one(SelectionList).deselect("coder-c")
        await pilot.press("ctrl+s")
        await settle(app, pilot, 0.3)
        assert screen.section is None and screen.report.coders == ("coder-b", "rapporten")


def _consensus_cases(store, passage_id: int, code: str) -> set[str]:
    from workbench.core.coding import codings_for_passage

    return {c for coding in codings_for_passage(store, passage_id, coder="consensus") if coding.code_path == code
            for c in coding.cases}


async def test_review_a_code_and_settle_a_case_with_one_key(demo):
    from workbench.core.agreement.disagreements import find_disagreements
    from workbench.tui.screens.review import ReviewScreen

    store, _ = demo
    coders = ["coder-b", "coder-c", "rapporten"]
    found = find_disagreements(store, coders=coders, code=VALIDERING)
    first = found.codes[0]
    case = first.cases[0]
    app = WorkbenchApp(store, coder="rita")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_agreement(app, pilot)
        row = next(i for i, e in enumerate(screen.rows) if e.code == VALIDERING)
        screen.query_one(DataTable).move_cursor(row=row)
        await pilot.press("enter")
        await settle(app, pilot, 0.3)
        review = app.screen
        assert isinstance(review, ReviewScreen)
        item = review.item
        assert (item.code, item.case) == (first.code, case.case)
        where = str(review.query_one("#review-where", Static).render())
        assert case.case in where and "given by " + ", ".join(case.given_by) in where
        panels = [str(review.query_one(f"#coder-{i}", Static).render()) for i in range(3)]
        assert [p.split("\n")[0].split()[-1] for p in panels] == coders  # side by side, keys a, b, 3
        await pilot.press("a")  # take coder-b
        await settle(app, pilot)
        assert "take coder-b" in str(app.screen.query_one("#prompt-input").value)
        await pilot.press("enter")  # accept the prefilled reason
        await settle(app, pilot, 0.3)
        assert app.screen is review and review.index == 1  # on to the next disagreement
        await pilot.press("down", "down", "up")
        assert review.index == 2
        await pilot.press("k")
        assert review.index == 1
        await pilot.press("k")
        assert review.item.settled and "take coder-b: take coder-b (rita)" in review.item.settled
        # Back on the table, the consensus set can be compared like any coder: the values are the CLI's.
        await pilot.press("escape")
        await settle(app, pilot, 0.3)
        assert app.screen is screen
        await pilot.press("c")
        await settle(app, pilot)
        chooser = app.screen.query_one(SelectionList)
        chooser.deselect_all()
        chooser.select("coder-b")
        chooser.select("consensus")
        await pilot.press("ctrl+s")
        await settle(app, pilot, 0.3)
        assert screen.report.coders == ("coder-b", "consensus")
        expected = cli_agreement(demo[1], "--coders", "coder-b,consensus")
        entry = next(e for e in expected["entries"] if e["code"] == first.code)
        assert table_cells(screen)[first.code] == expected_cells(entry, 2)

    with store.reading() as conn:
        audit = conn.execute(text(
            "SELECT a.action, a.after_json FROM audit a JOIN coder c ON c.id = a.coder_id"
            " WHERE c.name = 'rita' ORDER BY a.id")).all()
    assert [a for a, _ in audit] == ["consensus-start", "adjudicate"]
    after = json.loads(audit[1][1])
    assert (after["code"], after["case"], after["decision"], after["coder"], after["reason"]) == (
        first.code, case.case, "take", "coder-b", "take coder-b")
    gives = {ev.passage_id for ev in case.evidence.get("coder-b", ()) if case.case in ev.cases}
    for pid in {ev.passage_id for evs in case.evidence.values() for ev in evs}:
        assert (case.case in _consensus_cases(store, pid, first.code)) == (pid in gives), pid


async def test_passage_level_review_shows_the_readers_number_and_settles_both(demo):
    from workbench.core.agreement.disagreements import find_disagreements
    from workbench.tui.messages import Navigate

    store, _ = demo
    found = find_disagreements(store, coders=["coder-b", "coder-c", "rapporten"], code=VALIDERING)
    first = next(p for item in found.codes for p in item.passages)
    code = next(item.code for item in found.codes if first in item.passages)
    app = WorkbenchApp(store, coder="rita")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_agreement(app, pilot)
        await pilot.press("l")
        await settle(app, pilot, 0.3)
        screen.query_one(DataTable).move_cursor(row=next(i for i, e in enumerate(screen.rows) if e.code == VALIDERING))
        await pilot.press("enter")
        await settle(app, pilot, 0.3)
        review = app.screen
        assert review.item.passage.passage_id == first.passage_id
        shown = str(review.query_one("#review-where", Static).render())
        assert f"passage {first.number} of " in shown
        await pilot.press("o", "enter")  # both, default reason
        await settle(app, pilot, 0.3)
        await pilot.press("escape", "escape")
        await settle(app, pilot)
        reader = app.reader_screen
        assert app.screen is reader
        reader.post_message(Navigate(first.passage_id))
        await settle(app, pilot, 0.3)
        info = reader.query_one("#passage-info").plain
        assert f"passage {first.number}/" in info  # the reader's number is the review's
        codings = reader.query_one("#codings")
        labels = [str(codings.get_option_at_index(i).prompt) for i in range(codings.option_count)]
        assert any(code in label and "consensus" in label for label in labels)  # the reader shows the settlement
    union = {c for evs in first.by_coder.values() for ev in evs for c in ev.cases}
    assert _consensus_cases(store, first.passage_id, code) == union


async def test_edit_sets_the_reviewers_own_regions(demo):
    from workbench.core.agreement.disagreements import find_disagreements
    from workbench.tui.screens.pickers import RegionPicker

    store, _ = demo
    found = find_disagreements(store, coders=["coder-b", "coder-c", "rapporten"], code=VALIDERING)
    code, first = next((item.code, p) for item in found.codes for p in item.passages)
    app = WorkbenchApp(store, coder="rita")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_agreement(app, pilot)
        await pilot.press("l")
        await settle(app, pilot, 0.3)
        screen.query_one(DataTable).move_cursor(row=next(i for i, e in enumerate(screen.rows) if e.code == VALIDERING))
        await pilot.press("enter")
        await settle(app, pilot, 0.3)
        await pilot.press("e")
        await settle(app, pilot)
        picker = app.screen
        assert isinstance(picker, RegionPicker)
        union = {c for evs in first.by_coder.values() for ev in evs for c in ev.cases}
        assert picker.marked == union  # starts from what the coders named
        picker.marked = {"Gotland", "Örebro"}
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert str(app.screen.query_one("#prompt-input").value) == "edit: Gotland, Örebro"
        await pilot.press("enter")
        await settle(app, pilot, 0.3)
    assert _consensus_cases(store, first.passage_id, code) == {"Gotland", "Örebro"}
    with store.reading() as conn:
        (after,) = conn.execute(text("SELECT after_json FROM audit WHERE action = 'adjudicate'")).scalars()
    assert json.loads(after)["decision"] == "edit" and json.loads(after)["consensus"] == ["Gotland", "Örebro"]


async def test_a_coder_is_told_how_to_become_a_reviewer_and_nothing_is_written(demo):
    from workbench.tui.screens.review import ReviewScreen

    store, _ = demo
    app = WorkbenchApp(store, coder="coder-b")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_agreement(app, pilot)
        screen.query_one(DataTable).move_cursor(row=next(i for i, e in enumerate(screen.rows) if e.code == VALIDERING))
        await pilot.press("enter")
        await settle(app, pilot, 0.3)
        assert isinstance(app.screen, ReviewScreen)
        status = str(app.screen.query_one("#review-status", Static).render())
        assert status == ("'coder-b' is a coder, not a reviewer - settling needs one: run 'workbench reviewer NAME' "
                          "and open the TUI with --coder NAME")
        await pilot.press("a")
        await settle(app, pilot)
        assert isinstance(app.screen, ReviewScreen)  # no reason prompt
    with store.reading() as conn:
        assert conn.execute(text("SELECT count(*) FROM audit WHERE action IN ('adjudicate', 'consensus-start')")).scalar() == 0
        assert conn.execute(text("SELECT role FROM coder WHERE name = 'coder-b'")).scalar() == "coder"


# -- snapshots ------------------------------------------------------------


def test_agreement_screen_snapshot(snap_compare, demo):
    store, _ = demo

    async def run_before(pilot):
        await open_agreement(pilot.app, pilot)
        screen = pilot.app.screen
        screen.query_one(DataTable).move_cursor(row=next(i for i, e in enumerate(screen.rows) if e.code == VALIDERING))
        await settle(pilot.app, pilot)

    assert snap_compare(WorkbenchApp(store, coder="rita"), terminal_size=SIZE, run_before=run_before)


def test_review_screen_snapshot(snap_compare, demo):
    store, _ = demo

    async def run_before(pilot):
        await open_agreement(pilot.app, pilot)
        screen = pilot.app.screen
        screen.query_one(DataTable).move_cursor(row=next(i for i, e in enumerate(screen.rows) if e.code == VALIDERING))
        await pilot.press("enter")
        await settle(pilot.app, pilot, 0.3)

    assert snap_compare(WorkbenchApp(store, coder="rita"), terminal_size=SIZE, run_before=run_before)


async def test_a_refused_settlement_is_one_toast_and_writes_nothing(demo):
    """A coder who took the name 'consensus' blocks the consensus set: the core refuses, the screen says so once."""
    from workbench.core.coding import add_coding
    from workbench.core.documents import list_documents, list_passages

    store, _ = demo
    doc = list_documents(store)[0]
    add_coding(store, passage_id=list_passages(store, doc.id)[0].id, code=CHAPTER, coder="consensus", cases=["Gotland"])
    app = WorkbenchApp(store, coder="rita")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_agreement(app, pilot)
        screen.query_one(DataTable).move_cursor(row=next(i for i, e in enumerate(screen.rows) if e.code == VALIDERING))
        await pilot.press("enter")
        await settle(app, pilot, 0.3)
        review = app.screen
        await pilot.press("a", "enter")
        await settle(app, pilot, 0.3)
        assert app.screen is review and review.index == 0 and not review.item.settled
        messages = [n.message for n in app._notifications]
        refusals = [m for m in messages if "not the consensus set" in m]
        assert refusals == ["'consensus' is a coder, not the consensus set - choose another --consensus name"]
    with store.reading() as conn:
        assert conn.execute(text("SELECT count(*) FROM audit WHERE action IN ('adjudicate', 'consensus-start')")).scalar() == 0


async def test_blind_project_needs_a_reviewer_to_compare(demo):
    from workbench.core.agreement.blind import set_blind

    store, _ = demo
    set_blind(store, True, reviewer="rita")
    app = WorkbenchApp(store, coder="coder-b")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_agreement(app, pilot)
        assert screen.report is None
        title = str(screen.query_one("#agreement-title").render())
        assert title == ("Agreement at case level — the project is blind - agreement shows every coder's codings and "
                         "'coder-b' is a coder, not a reviewer; a reviewer compares (see 'workbench reviewer NAME') "
                         "or unblinds it")
