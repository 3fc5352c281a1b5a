"""The region step's checklist: marks survive filters, ticks and clicks, and a line is drawn once per look.

A small app holds the checklist (in the dialog's box) beside Textual's
SelectionList, which it replaced, with the 21 regions and footnote 195's
13 regions suggested and marked.
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import SelectionList
from textual.widgets.selection_list import Selection

from workbench.tui.widgets.case_checklist import CaseChecklist

REGIONS = ("Blekinge", "Dalarna", "Gotland", "Gävleborg", "Halland", "Jämtland Härjedalen", "Jönköping", "Kalmar",
           "Kronoberg", "Norrbotten", "Skåne", "Stockholm", "Sörmland", "Uppsala", "Värmland", "Västerbotten",
           "Västernorrland", "Västmanland", "Västra Götaland", "Örebro", "Östergötland")
FOOTNOTE_195 = ("Blekinge", "Dalarna", "Gävleborg", "Halland", "Jämtland Härjedalen", "Kronoberg", "Norrbotten",
                "Sörmland", "Uppsala", "Värmland", "Västernorrland", "Västra Götaland", "Örebro")


class OldChecklist(SelectionList[str], can_focus=False):
    """What the dialog had: a SelectionList the query box drives, its scrollbar always shown."""


class ChecklistApp(App):
    CSS = """
    Horizontal { height: 25; }
    #box, OldChecklist { width: 40; height: 25; border: tall $border-blurred; padding: 0 1; background: $surface; }
    OldChecklist { overflow-y: scroll; }
    CaseChecklist { height: 1fr; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.clicked: list[str] = []

    def compose(self) -> ComposeResult:
        with Horizontal():
            with Vertical(id="box"):
                yield CaseChecklist(id="checklist", on_click=self.clicked.append)
            yield OldChecklist(*[Selection(name, name, name in FOOTNOTE_195) for name in REGIONS])


def lines(checklist: CaseChecklist) -> list[str]:
    return [checklist.render_line(y).text.rstrip() for y in range(len(checklist.shown))]


async def test_marks_survive_filters_and_ticks_and_only_shown_cases_are_marked_all_or_none():
    app = ChecklistApp()
    async with app.run_test(size=(100, 30)) as pilot:
        checklist = app.query_one(CaseChecklist)
        checklist.load(REGIONS, FOOTNOTE_195, FOOTNOTE_195)
        await pilot.pause()
        shown = lines(checklist)
        assert shown[0] == "▐X▌ Blekinge · suggested" and shown[2] == "▐X▌ Gotland"
        assert checklist.marked == set(FOOTNOTE_195) and checklist.highlighted == 0

        checklist.filter("BOT")  # any case of letters
        assert checklist.shown == ["Norrbotten", "Västerbotten"] and checklist.highlighted == 0
        checklist.move(+1)
        checklist.move(+1)  # (no further than the last)
        assert checklist.highlighted == 1 and checklist.toggle() == "Västerbotten"
        checklist.move(-1)
        assert checklist.toggle() == "Norrbotten"  # unticked
        checklist.filter("")
        assert len(checklist.shown) == 21
        assert checklist.marked == set(FOOTNOTE_195) - {"Norrbotten"} | {"Västerbotten"}  # the marks filtered away stayed

        checklist.filter("land")
        checklist.mark_shown(False)
        assert not checklist.marked & {"Halland", "Jämtland Härjedalen", "Sörmland", "Värmland", "Västmanland"}
        assert "Blekinge" in checklist.marked  # not shown: untouched
        checklist.mark_shown(True)
        assert {"Gotland", "Västmanland", "Östergötland"} <= checklist.marked

        checklist.filter("zz")
        assert checklist.shown == [] and checklist.highlighted is None and checklist.toggle() is None


async def test_a_click_ticks_the_case_under_it_and_tells_the_dialog():
    app = ChecklistApp()
    async with app.run_test(size=(100, 30)) as pilot:
        checklist = app.query_one(CaseChecklist)
        checklist.load(REGIONS, [], [])
        await pilot.pause()
        await pilot.click(CaseChecklist, offset=(6, 2))
        assert app.clicked == ["Gotland"] and checklist.marked == {"Gotland"} and checklist.highlighted == 2
        await pilot.click(CaseChecklist, offset=(6, 2))
        assert app.clicked == ["Gotland", "Gotland"] and checklist.marked == set()


async def test_lines_look_as_selection_lists_do_and_long_names_end_in_an_ellipsis():
    """Cell by cell (character, colours, italic, dim) the lines of the SelectionList it replaced."""
    app = ChecklistApp()
    async with app.run_test(size=(100, 30)) as pilot:
        checklist = app.query_one(CaseChecklist)
        checklist.load(REGIONS, FOOTNOTE_195, [])
        selection = app.query_one(OldChecklist)
        selection.highlighted = 3
        checklist.move(3)
        await pilot.pause()

        def cells(strip):
            return [(char, seg.style.color, seg.style.bgcolor, seg.style.italic, seg.style.dim)
                    for seg in strip for char in seg.text]

        for y in range(21):
            assert cells(checklist.render_line(y)) == cells(selection.render_line(y)), REGIONS[y]

        checklist.load(["Ett mycket långt namn på en region som inte ryms"], [], ["Ett mycket långt namn på en region som inte ryms"])
        await pilot.pause()
        line = checklist.render_line(0)
        assert line.cell_length == checklist.scrollable_content_region.width and line.text.endswith("…")


async def test_a_rebuilt_list_draws_only_the_lines_never_drawn_before(monkeypatch):
    app = ChecklistApp()
    async with app.run_test(size=(100, 30)) as pilot:
        checklist = app.query_one(CaseChecklist)
        drawn: list[str] = []
        draw = checklist._draw
        monkeypatch.setattr(checklist, "_draw", lambda case, *rest: drawn.append(case) or draw(case, *rest))
        checklist.load(REGIONS, FOOTNOTE_195, FOOTNOTE_195)
        await pilot.pause()
        assert len(drawn) == 21
        checklist.load(REGIONS, ["Gotland"], ["Gotland"])  # another passage's suggestions
        await pilot.pause()
        assert sorted(drawn[21:]) == sorted({"Gotland", *FOOTNOTE_195})  # those whose look changed
        del drawn[:]
        checklist.load(REGIONS, FOOTNOTE_195, FOOTNOTE_195)  # back to the first passage
        checklist.filter("b")
        checklist.filter("")
        await pilot.pause()
        assert drawn == []
