"""The key bar: the screen's keys, and a passing status in their place."""

from __future__ import annotations

from textual.app import App
from textual.binding import Binding

from workbench.tui.widgets.key_bar import KeyBar

BINDINGS = [Binding("c", "code", "Code", id="coding.apply"), Binding("question_mark", "help", "Help"), Binding("x", "hidden", "Hidden", show=False)]


class BarApp(App):
    def compose(self):
        yield KeyBar(BINDINGS)


async def test_a_status_replaces_the_keys_then_they_come_back():
    app = BarApp()
    async with app.run_test(size=(60, 5)) as pilot:
        bar = app.query_one(KeyBar)
        keys = bar.plain
        assert keys == " c  Code   ?  Help  "  # shown keys only, with their short names
        bar.say("Coded x with 3 · now 3/21", seconds=0.2)
        await pilot.pause()
        assert bar.plain == " ✓  Coded x with 3 · now 3/21"
        assert "Coded x" in "".join(s.text for s in app.screen._compositor.render_strips()[-1])
        bar.say("Undid add", seconds=0.2)  # a newer status replaces the last, with its own time
        await pilot.pause(0.1)
        assert "Undid add" in bar.plain and "Coded" not in bar.plain
        await pilot.pause(0.35)
        assert bar.plain == keys and bar.status is None


async def test_a_remapped_key_waits_for_the_status_to_pass():
    app = BarApp()
    async with app.run_test(size=(60, 5)) as pilot:
        bar = app.query_one(KeyBar)
        bar.say("Saved", seconds=0.2)
        bar.show_keys({"coding.apply": "k"})  # the coder's keys file read while a status shows
        assert bar.plain.endswith("Saved")
        await pilot.pause(0.4)
        assert bar.plain.startswith(" k  Code")
