"""The side panel's codings list: what the reader's e/m/d act on is the highlighted coding.

A small app holds the list with three codings of footnote 195's passage as
the reader labels them (path, count and coder, the regions, a memo) and the
"not coded" line the reader shows for a passage without codings.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import App, ComposeResult
from textual.widgets.option_list import Option

from workbench.tui.widgets.codings_list import CodingsList

REGIONS_195 = ("Blekinge, Dalarna, Gävleborg, Halland, Jämtland Härjedalen, Kronoberg, Norrbotten, Sörmland, "
               "Uppsala, Värmland, Västernorrland, Västra Götaland, Örebro")


def coding(i: int, coder: str) -> Option:
    label = Text("▐ ")
    label.append("kompetensförsörjning/validering/utmaningar", style="bold")
    label.append(f"\n  13 · {coder}", style="dim")
    label.append(f"\n  {REGIONS_195}")
    label.append("\n  memo: fotnot 195", style="italic")
    return Option(label, id=str(i))


class ListApp(App):
    CSS = "CodingsList { height: 12; width: 40; }"

    def compose(self) -> ComposeResult:
        yield CodingsList(id="codings")


async def test_keys_and_clicks_choose_a_coding_and_long_labels_wrap():
    app = ListApp()
    async with app.run_test(size=(60, 20)) as pilot:
        codings = app.query_one(CodingsList)
        codings.set_options([coding(1, "anna"), coding(2, "bertil"), coding(3, "cecilia")])
        codings.highlighted = 0
        codings.focus()
        await pilot.pause()
        lines = [codings.render_line(y).text.rstrip() for y in range(codings.size.height)]
        assert lines[0].startswith(" ▐")  # a cell of margin, the code's colour bar
        assert any(line.strip().startswith("13 · anna") for line in lines)
        wrapped = " ".join(line.strip() for line in lines)
        assert "Blekinge, Dalarna, Gävleborg," in wrapped and all(len(line) <= 40 for line in lines)
        assert codings.virtual_size.height > 12  # three codings do not fit: the list scrolls
        await pilot.press("down", "down")
        assert codings.highlighted == 2 and codings.get_option_at_index(2).id == "3"
        assert codings.scroll_offset.y > 0  # the highlighted coding was scrolled into view
        await pilot.press("down")
        assert codings.highlighted == 2  # no further
        await pilot.press("up")
        assert codings.highlighted == 1
        codings.set_options([coding(1, "anna")])
        assert codings.highlighted == 0 and codings.option_count == 1 and codings.scroll_offset.y == 0


async def test_the_not_coded_line_is_never_highlighted():
    app = ListApp()
    async with app.run_test(size=(60, 20)) as pilot:
        codings = app.query_one(CodingsList)
        codings.set_options([Option(Text("not coded — press c", style="dim"), disabled=True)])
        codings.focus()
        await pilot.press("down")
        assert codings.highlighted is None
        await pilot.click(CodingsList, offset=(3, 0))
        assert codings.highlighted is None
        codings.set_options([Option(Text(f"▐ validering\n  1 · {who}"), id=who) for who in ("anna", "bertil")])
        await pilot.pause()
        lines = [codings.render_line(y).text for y in range(codings.size.height)]
        bertil = next(y for y, line in enumerate(lines) if "bertil" in line)
        await pilot.click(CodingsList, offset=(3, bertil))  # a line of the second coding's label
        assert codings.highlighted == 1
