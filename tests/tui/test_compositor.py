"""The lean compositor paints exactly what Textual's own compositor paints, from less."""

from __future__ import annotations

from textual._compositor import ChopsUpdate, Compositor, LayoutUpdate
from textual.geometry import Region
from textual.strip import Strip

from workbench.tui.app import WorkbenchApp
from workbench.tui.compositor import FullUpdate, LeanCompositor, PartialUpdate
from workbench.tui.widgets.passage_view import PassageView

from .conftest import settle


def _lines(chops, lines) -> list[list[tuple]]:
    return [[(s.text, s.style) for s in Strip.join(chops[y].values()).simplify()] for y in lines]


def _same_as_textual(compositor: LeanCompositor, crop: Region) -> None:
    lines = list(crop.line_range)
    rendered = set(lines).__contains__
    ours = compositor._render_chops(crop, rendered)
    textuals = Compositor._render_chops(compositor, crop, rendered)
    assert _lines(ours, lines) == _lines(textuals, lines)


def _same_partial_update_as_textual(compositor: LeanCompositor, regions: list[Region], console) -> None:
    """Every piece a partial update paints (one that meets a changed span) is Textual's piece."""
    compositor._dirty_regions.update(regions)
    ours = compositor.render_partial_update()
    assert isinstance(ours, PartialUpdate)
    compositor._dirty_regions.update(regions)
    textuals = Compositor.render_partial_update(compositor)
    assert ours.spans == textuals.spans
    # Its escape codes are those Textual makes of the same pieces, byte for byte (twice: moves kept).
    for _ in range(2):
        assert ours.render_segments(console) == ChopsUpdate(ours.chops, ours.spans, ours.chop_ends).render_segments(console)
    painted = 0
    for y, x1, x2 in textuals.spans:
        for end, (x, theirs) in zip(textuals.chop_ends[y], textuals.chops[y].items()):
            if x < x2 and end > x1:
                mine = ours.chops[y][x]
                assert mine is not None and list(mine) == list(theirs), (y, x)
                painted += 1
    assert painted


async def test_frames_match_textuals_compositor_on_the_reader_and_the_coding_dialog(demo):
    app = WorkbenchApp(demo, coder="coder-a")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot, 0.5)
        for _ in range(5):
            await pilot.press("down")
        await settle(app, pilot)
        screen = app.screen
        compositor = screen._compositor
        assert type(compositor) is LeanCompositor
        covered = compositor._covered_widgets(compositor.visible_widgets)
        reader = screen.query_one(PassageView)
        assert screen in covered and reader.parent in covered  # the screen and the pane under their children
        assert reader not in covered
        _same_as_textual(compositor, compositor.size.region)  # a full repaint
        assert compositor._whole_plan[0] is compositor.visible_widgets
        _same_as_textual(compositor, compositor.size.region)  # again, from the plan kept for this layout
        _same_as_textual(compositor, reader.region)  # a frame of the reader alone

        # A full repaint takes the pieces kept from the last one for widgets that asked for no repaint,
        # and renders again those that did: at once (before the screen has heard of it) and later.
        claim = screen.query_one("#claim")
        first = compositor._render_chops(compositor.size.region, lambda y: True)
        again = compositor._render_chops(compositor.size.region, lambda y: True)
        y = claim.region.y
        assert all(again[y][cut] is piece for cut, piece in first[y].items())
        claim.show("A claim that was not there before")
        _same_as_textual(compositor, compositor.size.region)
        assert "A claim that was not there" in Strip.join(
            compositor._render_chops(compositor.size.region, lambda y: True)[y].values()).text
        claim.show("And another one, once the screen has taken the repaint")
        await settle(app, pilot)
        assert not claim._repaint_required and not claim._repaint_regions
        _same_as_textual(compositor, compositor.size.region)

        # A widget that repainted one line has that line rendered again, the others taken as kept.
        tree = screen.query_one("#codebook")
        compositor._render_chops(compositor.size.region, lambda y: True)
        asked: list[Region] = []
        render_lines = tree.render_lines
        tree.render_lines = lambda crop: asked.append(crop) or render_lines(crop)
        try:
            compositor._render_chops(compositor.size.region, lambda y: True)
            assert asked == []
            tree.refresh(Region(0, 3, tree.size.width, 1))
            compositor._render_chops(compositor.size.region, lambda y: True)
            assert [(crop.y, crop.height) for crop in asked] == [(3, 1)]
            # Two changed lines close together are rendered in one ask, far apart in two.
            asked.clear()
            tree.refresh(Region(0, 3, tree.size.width, 1), Region(0, 6, tree.size.width, 1))
            compositor._render_chops(compositor.size.region, lambda y: True)
            assert [(crop.y, crop.height) for crop in asked] == [(3, 4)]
            await settle(app, pilot)  # (the screen takes those repaints; the next full repaint forgets them)
            compositor._render_chops(compositor.size.region, lambda y: True)
            asked.clear()
            tree.refresh(Region(0, 3, tree.size.width, 1), Region(0, 20, tree.size.width, 1))
            compositor._render_chops(compositor.size.region, lambda y: True)
            assert [(crop.y, crop.height) for crop in asked] == [(3, 1), (20, 1)]
        finally:
            del tree.render_lines
        _same_as_textual(compositor, compositor.size.region)

        # A full frame's escape codes are Textual's, before and after a change.
        first = compositor.render_full_update()
        assert isinstance(first, FullUpdate)
        assert first.render_segments(app.console) == LayoutUpdate(first.strips, first.region).render_segments(app.console)
        claim.show("Yet another claim")
        again = compositor.render_full_update()
        codes = again.render_segments(app.console)
        assert codes == LayoutUpdate(again.strips, again.region).render_segments(app.console) and "Yet another claim" in codes
        _same_as_textual(compositor, Region(10, 5, 80, 3))  # a few lines across three panes
        side = screen.query_one("#footnotes").region
        _same_partial_update_as_textual(compositor, [reader.region, side], app.console)  # a press: the cursor and the side panel
        _same_partial_update_as_textual(compositor, [Region(40, 7, 5, 1), Region(100, 3, 10, 2)], app.console)

        # Another layout (the codebook pane hidden, then back): the kept plan is not reused for it.
        for _ in range(2):
            kept = compositor._whole_plan[0]
            screen.action_toggle_codebook()
            await settle(app, pilot)
            assert compositor.visible_widgets is not kept
            _same_as_textual(compositor, compositor.size.region)
            _same_as_textual(compositor, compositor.size.region)

        await pilot.press("c")
        await settle(app, pilot)
        dialog = app.screen
        assert dialog is not screen and type(dialog._compositor) is LeanCompositor
        _same_as_textual(dialog._compositor, dialog._compositor.size.region)


async def test_partial_frames_keep_the_last_full_frame_current(demo):
    """After keys that repaint parts of the reader, a full repaint (a dialog closing) renders only what
    changed since the last frame, and paints what Textual's compositor paints."""
    app = WorkbenchApp(demo, coder="coder-a")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot, 0.5)
        screen = app.screen
        compositor = screen._compositor
        reader = screen.query_one(PassageView)
        compositor._render_chops(compositor.size.region, lambda y: True)  # a full frame, kept
        for _ in range(3):
            await pilot.press("down")  # partial frames: the cursor's passages, the side panel
        await settle(app, pilot)
        assert not any(isinstance(noted, list) and noted for noted in compositor._touched.values())
        asked: list[Region] = []
        render_lines = reader.render_lines
        reader.render_lines = lambda crop: asked.append(crop) or render_lines(crop)
        try:
            compositor._render_chops(compositor.size.region, lambda y: True)
            assert asked == []  # every line the keys changed was kept from their frames
            reader.refresh(Region(0, 2, reader.size.width, 1))  # a change no frame has painted yet
            compositor._render_chops(compositor.size.region, lambda y: True)
            assert [(crop.y, crop.height) for crop in asked] == [(2, 1)]
        finally:
            del reader.render_lines
        _same_as_textual(compositor, compositor.size.region)
        # A partial frame of another layout leaves the kept frame alone (it is not used for that layout).
        kept = compositor._kept
        screen.action_toggle_codebook()
        await settle(app, pilot)
        await pilot.press("down")
        await settle(app, pilot)
        assert compositor._whole_plan[0] is not compositor.visible_widgets or compositor._kept is not kept
        _same_as_textual(compositor, compositor.size.region)
