"""The coding dialog's query box: its empty look is drawn once, and never shown stale."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.geometry import Region

from workbench.tui.widgets.coding_dialog import QueryInput


class BoxApp(App):
    CSS = "QueryInput { width: 40; }"

    def compose(self) -> ComposeResult:
        yield QueryInput(placeholder="type to search all 64 codes")


def whole(box: QueryInput) -> Region:
    return Region(0, 0, *box.outer_size)


def text_of(box: QueryInput) -> str:
    return "\n".join(line.text for line in box.render_lines(whole(box)))


def styles_of(box: QueryInput) -> list:
    return [segment.style for line in box.render_lines(whole(box)) for segment in line]


async def test_the_empty_box_is_drawn_once_per_look_and_follows_placeholder_value_and_theme():
    app = BoxApp()
    async with app.run_test() as pilot:
        box = app.query_one(QueryInput)
        box.focus()
        await pilot.pause()
        first = box.render_lines(whole(box))
        assert box.render_lines(whole(box)) is first  # drawn once while nothing changes
        assert "search all 64 codes" in text_of(box)

        box.placeholder = "type to filter the 21 regions"
        assert "filter the 21 regions" in text_of(box) and "64 codes" not in text_of(box)

        box.value = "valid"
        assert "valid" in text_of(box) and "regions" not in text_of(box)
        box.value = ""
        assert "filter the 21 regions" in text_of(box)

        before = styles_of(box)
        app.theme = "nord" if app.theme != "nord" else "textual-light"
        await pilot.pause()
        assert styles_of(box) != before  # a new theme is drawn, not the cached look
