"""A compositor that renders only what a frame shows.

Textual's compositor (8.x) builds each frame from every widget whose clip
overlaps the changed area, back to front: each widget renders *all* its lines,
the screen and every container included, and each line is cut at every widget
edge before the front-most piece is kept. On the reader a frame therefore
rendered and cut the screen (40 lines), three panes and the codebook tree
(36 lines) to show one changed line of the reader; on a full repaint (a
dialog opening or closing) a third of the CPU went to pieces nobody saw.

Two changes, the picture unchanged (the snapshot tests hold it to Textual's):

* a widget wholly covered by widgets in front of it (a screen under its panes,
  a container under its children) is skipped. Covered is worked out once per
  layout, not per frame; it is exact because the compositor keeps the front
  piece of every cut and never blends;
* a widget renders only the run of lines the frame repaints and shows, not
  its whole height, and only its pieces that show are cut out of each line
  (every piece is a new Strip, at ~25 us each the larger part of a repaint).

Which pieces of each line a widget fills (those where it is the front-most
widget) holds for as long as the layout does, so it is worked out once per
layout (``_owners``, ~0.5 ms of every frame less); a frame takes from it the
pieces in its changed spans (``_plan``). A full repaint's plan is kept too
(a dialog's opening and closing each repaint a screen whole: ~1 ms less).

A full repaint also keeps the frame it made, partial frames of the same
layout bring it up to date (``_keep_partial``), and the next full repaint of
the same layout starts from it: only the lines of widgets that asked for a
repaint there since are rendered again (a dialog closing over a reader whose
header, pane titles and borders did not change, and whose codebook tree
changed two counts of 36 lines); a widget that changed nothing costs nothing.
Two changed lines a few apart are rendered in one ask (``BRIDGE``). Kept
pieces are only as good as Textual's own caches of a widget's lines, which
also last until it asks to be repainted: every change of what a widget shows
goes through ``refresh``, which leaves the regions to repaint in
``_repaint_regions`` until the screen takes them (``update_widgets``, where
they are noted for the next full repaint).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from typing import Callable, Mapping, Sequence

from rich.console import Console
from rich.control import Control
from textual._compositor import ChopsUpdate, Compositor, LayoutUpdate
from textual.geometry import Region
from textual.screen import Screen
from textual.strip import Strip
from textual.widget import Widget


class LeanCompositor(Compositor):
    """Textual's compositor, rendering only the uncovered lines a frame repaints."""

    def __init__(self) -> None:
        super().__init__()
        self._covered_for: object = None  # the visible-widgets map ``_covered`` was worked out for
        self._covered: frozenset[Widget] = frozenset()
        self._owners_for: object = None  # the visible-widgets map ``_owned`` was worked out for
        self._owned: list[tuple] = []
        self._whole_plan: tuple[object, list[tuple]] | None = None  # a full repaint's plan, for the layout it was made for
        self._kept: list[dict[int, Strip]] | None = None  # the last full repaint's chops (for the layout of ``_whole_plan``)
        self._touched: dict[Widget, list[Region] | None] = {}  # regions repainted since the last full repaint (None: all)
        self._moves: tuple[tuple[int, int, int], list[str]] = ((0, 0, 0), [])  # (x, y, height): each line's cursor move there
        self._move_at: dict[tuple[int, int], str] = {}  # (x, y) -> the cursor move there, as partial updates need them

    def update_widgets(self, widgets: set[Widget]) -> None:
        """Note where widgets changed (their kept pieces there are stale) before Textual takes their repaints."""
        touched = self._touched
        for widget in widgets:
            regions = widget._repaint_regions
            noted = touched.get(widget, ())
            if not regions or (noted is not None and len(noted) > 64):
                touched[widget] = None  # (a reader held down between two dialogs: all of it, not a list that grows)
            elif noted is not None:
                touched.setdefault(widget, []).extend(regions)
        super().update_widgets(widgets)

    @staticmethod
    def _stale_lines(widget: Widget, region: Region, touched: list[Region] | None) -> set[int] | None:
        """The screen lines of ``widget`` (at ``region``) that changed since the last full repaint (None: all)."""
        if touched is None:
            return None
        lines: set[int] = set()
        for changed in (*touched, *widget._repaint_regions):
            if changed.height >= region.height:
                return None
            lines.update(range(region.y + changed.y, region.y + changed.bottom))
        if widget._repaint_required and not lines:
            return None  # asked for a repaint with no region left to say where
        return lines

    def _covered_widgets(self, visible: Mapping[Widget, tuple[Region, Region]]) -> frozenset[Widget]:
        """Widgets no cell of which shows (every cell is under a widget in front)."""
        if self._covered_for is visible:
            return self._covered
        width, height = self.size
        taken = [bytearray(width) for _ in range(height)]
        full = b"\x01" * width
        covered: set[Widget] = set()
        for widget, (region, clip) in visible.items():  # front first
            x, y, w, h = region.intersection(clip)
            if not (w and h):
                continue
            x, w = max(x, 0), min(x + w, width) - max(x, 0)
            rows = taken[max(y, 0) : min(y + h, height)]
            if w <= 0 or not rows:
                continue
            if all(0 not in row[x : x + w] for row in rows):
                covered.add(widget)
                continue
            for row in rows:
                row[x : x + w] = full[:w]
        self._covered_for, self._covered = visible, frozenset(covered)
        return self._covered

    def render_full_update(self, simplify: bool = False) -> LayoutUpdate:
        """Textual's, as a ``FullUpdate`` (cheaper to encode)."""
        update = super().render_full_update(simplify=simplify)
        if simplify:
            return update
        x, y, _width, height = update.region
        if self._moves[0] != (x, y, height):
            self._moves = ((x, y, height), [Control.move_to(x, y + line).segment.text for line in range(height)])
        return FullUpdate(update.strips, update.region, self._moves[1])

    def render_partial_update(self) -> ChopsUpdate | None:
        """Textual's, with each line's changed spans handed to ``_render_chops``."""
        update_regions = self._dirty_regions.copy()
        self._dirty_regions.clear()
        if not update_regions:
            return None
        crop = Region.from_union(update_regions).intersection(self.size.region)
        spans = list(self._regions_to_spans(update_regions))
        spans_by_line: dict[int, list[tuple[int, int]]] = {}
        for y, x1, x2 in spans:
            spans_by_line.setdefault(y, []).append((x1, x2))
        chops = self._render_chops(crop, spans_by_line.__contains__, spans_by_line)
        self._keep_partial(chops, spans_by_line)
        return PartialUpdate(chops, spans, [cut_set[1:] for cut_set in self.cuts], self._move_at)

    def _keep_partial(self, chops: Sequence[Mapping[int, Strip | None]], lines: Mapping[int, object]) -> None:
        """Bring the last full repaint's pieces up to date with a partial frame's (of the same layout).

        Why: a dialog's closing repaints the screen whole, and without this it
        rendered again every line the keys before the dialog had changed (the
        reader's lines of the passages moved over, the side panel): ~0.8 ms of
        a save on the report. A partial frame fills every piece that meets a
        changed span, whole, so those pieces are current; what it noted as
        touched was taken into this frame's changed spans (``update_widgets``),
        so only an "all of it" mark (None) has to wait for the next full repaint."""
        kept = self._kept
        if kept is None or self._whole_plan is None or self._whole_plan[0] is not self.visible_widgets:
            return
        for y in lines:
            fresh = {cut: piece for cut, piece in chops[y].items() if piece is not None}
            if fresh:
                kept[y] = {**kept[y], **fresh}  # (a new dict: a full repaint's copy never sees it change)
        self._touched = {widget: noted for widget, noted in self._touched.items() if noted is None}

    def _render_chops(
        self,
        crop: Region,
        is_rendered_line: Callable[[int], bool],
        spans_by_line: Mapping[int, list[tuple[int, int]]] | None = None,
    ) -> Sequence[Mapping[int, Strip]]:
        """Textual's chops (a dict per line: cut -> the front-most piece there), with only
        the pieces filled that show and, given ``spans_by_line``, lie in a changed span
        (the others stay None, which a partial update skips)."""
        visible = self.visible_widgets
        whole = spans_by_line is None and crop == self.size.region
        touched: dict[Widget, list[Region] | None] | None = None  # given: start from the last full repaint's pieces
        if whole and self._whole_plan is not None and self._whole_plan[0] is visible and self._kept is not None:
            plan = self._whole_plan[1]  # a full repaint of the same layout fills the same pieces
            chops: list[dict[int, Strip | None]] = [line.copy() for line in self._kept]
            touched = self._touched
        else:
            plan = self._plan(visible, crop, is_rendered_line, spans_by_line)
            chops = [dict.fromkeys(cut_set[:-1]) for cut_set in self.cuts]
            if whole:
                self._whole_plan = (visible, plan)
        if whole:
            self._touched = {}  # a repaint asked for while this frame renders is for the next
        for widget, region, x, w, wanted, runs in plan:
            stale = None
            if touched is not None:
                stale = self._stale_lines(widget, region, touched.get(widget, []))
                if stale is not None:  # the other lines' pieces are the kept ones
                    runs = _runs([line for line in wanted if line in stale], bridge=wanted)
            for top, bottom in runs:
                strips = widget.render_lines(Region(x - region.x, top - region.y, w, bottom - top))
                for line, strip in zip(range(top, bottom), strips):
                    if stale is not None and line not in stale:
                        continue  # (a line bridged between two stale ones: its kept pieces stand)
                    span, empty = wanted[line]
                    chops_line = chops[line]
                    if len(empty) == len(span) - 1:
                        for cut, piece in zip(span, strip.divide([cut - x for cut in span[1:]])):
                            chops_line[cut] = piece
                    else:  # cut out only the pieces that show: each divided piece is a new Strip
                        for k in empty:
                            chops_line[span[k]] = strip.crop(span[k] - x, span[k + 1] - x)
        if whole:
            self._kept = chops  # (its lines are replaced by partial frames, never changed in place: see _keep_partial)
        return chops  # type: ignore[return-value]

    def _plan(self, visible, crop: Region, is_rendered_line, spans_by_line) -> list[tuple]:
        """What a frame renders, front widget first: (widget, region, x, width, the lines to fill ->
        (the cuts there, which of its pieces), those lines' runs). A piece is filled by the front-most
        widget that has one there, so a full repaint's plan holds for as long as its layout."""
        if spans_by_line is None and crop != self.size.region:
            # Textual's way for a part of the screen: only the widgets over it fill pieces (the ones behind fill the rest).
            owners = self._owners(visible, crop)
        else:  # (a piece in a changed span is its owner's, and that owner is over the crop)
            owners = self._owners(visible)
        crop_overlaps = crop.overlaps
        crop_top, crop_bottom = crop.y, crop.bottom
        plan = []
        for widget, region, clip, x, y, w, h, lines in owners:
            if not crop_overlaps(clip):
                continue
            wanted: dict[int, tuple[list[int], list[int]]] = {}
            for line in range(max(y, crop_top), min(y + h, crop_bottom)):
                entry = lines.get(line)
                if entry is None or not is_rendered_line(line):
                    continue
                span, owned = entry
                if spans_by_line is not None:
                    changed = spans_by_line[line]
                    if len(changed) == 1:  # (most lines: one changed span)
                        x1, x2 = changed[0]
                        owned = [k for k in owned if span[k] < x2 and span[k + 1] > x1]
                    else:
                        owned = [k for k in owned if any(span[k] < x2 and span[k + 1] > x1 for x1, x2 in changed)]
                if owned:
                    wanted[line] = (span, owned)
            if wanted:
                plan.append((widget, region, x, w, wanted, _runs(wanted)))
        return plan

    def _owners(self, visible, over: Region | None = None) -> list[tuple]:
        """Per widget that shows, front first: (widget, region, clip, x, y, width, height, line -> (the
        cuts there, the pieces it fills as the front-most widget there)). Kept for the layout (a
        frame's plan took 1.0 ms, now 0.55), except when asked for the widgets ``over`` a part of the screen."""
        if over is None and self._owners_for is visible:
            return self._owned
        cuts = self.cuts
        covered = self._covered_widgets(visible)
        taken = [set() for _ in cuts]
        owners = []
        for widget, (region, clip) in visible.items():
            if widget in covered or (over is not None and not over.overlaps(clip)):
                continue
            x, y, w, h = region.intersection(clip)
            if not (w and h):
                continue
            end = x + w
            lines: dict[int, tuple[list[int], list[int]]] = {}
            for line in range(max(y, 0), min(y + h, len(cuts))):
                line_cuts = cuts[line]
                span = line_cuts[bisect_left(line_cuts, x) : bisect_right(line_cuts, end)]
                line_taken = taken[line]
                owned = [k for k in range(len(span) - 1) if span[k] not in line_taken]
                if owned:
                    lines[line] = (span, owned)
                    line_taken.update(span[k] for k in owned)
            if lines:
                owners.append((widget, region, clip, x, y, w, h, lines))
        if over is None:
            self._owners_for, self._owned = visible, owners
        return owners


BRIDGE = 6  # lines: a widget asked twice costs more than this many lines more once (~0.3 ms a call: styles walk, filters)


class FullUpdate(LayoutUpdate):
    """Textual's full frame, turned into escape codes without making a cursor move per line.

    Each piece caches its own escape codes (``Strip.render``); what was left of
    encoding a 120x40 frame was Rich's ``Control.move_to`` for each line, ~0.4 ms
    of every dialog's opening and closing. The moves are made once per screen
    size. The output is Textual's, byte for byte.
    """

    def __init__(self, strips, region: Region, moves: list[str]) -> None:
        super().__init__(strips, region)
        self._moves = moves

    def render_segments(self, console: Console) -> str:
        moves = self._moves
        return "\n".join([moves[y] + "".join([strip.render(console) for strip in line]) for y, line in enumerate(self.strips)])


class PartialUpdate(ChopsUpdate):
    """Textual's changed spans, turned into escape codes with each cursor move made once.

    Rich's ``Control.move_to`` (3 us) ran for every piece of every changed
    line of every frame, ~100 a reader key; the moves to the few places
    where pieces start are kept in ``moves`` (the compositor's, for the
    screen's life). The output is Textual's, byte for byte.
    """

    def __init__(self, chops, spans, chop_ends, moves: dict[tuple[int, int], str]) -> None:
        super().__init__(chops, spans, chop_ends)
        self._moves = moves

    def render_segments(self, console: Console) -> str:
        sequences: list[str] = []
        append = sequences.append
        moves = self._moves
        chops = self.chops
        chop_ends = self.chop_ends
        last_y = self.spans[-1][0]
        for y, x1, x2 in self.spans:
            for end, (x, strip) in zip(chop_ends[y], chops[y].items()):
                if strip is None or x > x2 or end <= x1:
                    continue
                move = moves.get((x, y))
                if move is None:
                    move = moves[(x, y)] = Control.move_to(x, y).segment.text
                append(move)
                if not (x2 > x >= x1 and end <= x2):
                    strip = strip.crop(0, min(end, x2) - x)
                append(strip.render(console))
            if y != last_y:
                append("\n")
        return "".join(sequences)


def _runs(lines, bridge: Mapping[int, object] | None = None) -> list[tuple[int, int]]:
    """Runs of consecutive line numbers (in order), as (first, end) pairs; given ``bridge``,
    two runs less than ``BRIDGE`` lines apart become one when every line between is in it
    (a count changed on two nearby lines of the codebook tree: one render, not two)."""
    runs: list[tuple[int, int]] = []
    for line in lines:  # inserted in order
        if runs and (
            runs[-1][1] == line
            or (bridge is not None and line - runs[-1][1] < BRIDGE and all(y in bridge for y in range(runs[-1][1], line)))
        ):
            runs[-1] = (runs[-1][0], line + 1)
        else:
            runs.append((line, line + 1))
    return runs


def lean(screen: Screen) -> None:
    """Give ``screen`` the lean compositor (before it first runs; a no-op when it has one)."""
    if type(screen._compositor) is Compositor:
        screen._compositor = LeanCompositor()
