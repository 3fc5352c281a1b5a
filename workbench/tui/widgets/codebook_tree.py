"""The codebook as a tree, each code with its live count ("13/21")."""

from __future__ import annotations

from typing import Any, Iterable

from rich.segment import Segment
from rich.text import Text
from textual.binding import Binding
from textual.geometry import Region
from textual.strip import Strip
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from ..counts import CodeCounts
from .scrollbar import CachedVerticalScrollbar
from .straight import finish, plain_box


class CodebookTree(CachedVerticalScrollbar, Tree[str]):
    """Node data is the code path; labels are refreshed per touched path only."""

    BINDINGS = [
        Binding("enter", "select_cursor", "Show claim", id="tree.show"),
        Binding("space", "toggle_node", "Expand", id="tree.toggle", show=False),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("Codebook", id=id)
        self.show_root = False
        self.guide_depth = 2
        self.counts = CodeCounts()
        self._node_by_path: dict[str, TreeNode[str]] = {}
        self._code_by_path: dict[str, Any] = {}
        self._count_texts: dict[str, tuple[str, str]] = {}  # path -> its count's text and style, as drawn

    def load(self, codes: Iterable[Any], counts: CodeCounts) -> None:
        self.counts = counts
        self.clear()
        self._node_by_path.clear()
        self._code_by_path.clear()
        by_id: dict[int, TreeNode[str]] = {}
        for code in sorted(codes, key=lambda c: (c.depth, c.seq)):
            parent = by_id.get(code.parent_id, self.root)
            node = parent.add(self._code_label(code.path, code), data=code.path, expand=code.depth < 1)
            by_id[code.id] = node
            self._node_by_path[code.path] = node
            self._code_by_path[code.path] = code
        # leaves are not expandable
        for node in self._node_by_path.values():
            if not node.children:
                node.allow_expand = False
        self.root.expand()

    def _code_label(self, path: str, code: Any) -> Text:
        colour = getattr(code, "colour", None)
        label = Text()
        n = self.counts.count(path)
        # The count first, in a fixed width, so that long names never hide it.
        count = self._count_texts[path] = (f"{self.counts.label(path):>5} ", "bold" if n else "dim")
        label.append(*count)
        try:
            label.append("● ", style=colour or "dim")
        except Exception:
            label.append("● ")
        label.append(code.name)
        return label

    def refresh_counts(self, paths: Iterable[str]) -> None:
        """Repaint the lines of ``paths`` alone, their other cells as they were.

        ``TreeNode.set_label`` marks the node changed, and Tree keys every
        rendered line by the change marks of all nodes on its path: a new count
        on a top-level code redrew every line below it (5 ms a frame on the
        bundled codebook, twice per saved coding). A count changes no other
        line, so the label is swapped and that line's cached renders are
        mended: the count's cells take the new text in the old style (a
        Tree line costs ~0.5 ms to draw afresh, guides, label and styles);
        a count that changes width or weight (0 -> 1) drops them instead.
        """
        # A refresh also drops the widget's component styles, which a count does not
        # change: re-reading them cost ~0.7 ms for each repainted line.
        styles = dict(self._rich_style_cache)
        for path in paths:
            node = self._node_by_path.get(path)
            if node is None:
                continue
            old = self._count_texts.get(path)
            node._label = self.process_label(self._code_label(path, self._code_by_path[path]))
            new = self._count_texts[path]
            line = node.line
            if line < 0:
                continue  # folded away: drawn afresh when shown
            for key in [key for key in self._line_cache.keys() if key[0] == line]:
                mended = _with_count(self._line_cache.get(key), old, new)
                self._line_cache.discard(key)  # (``set`` keeps a key's old value)
                if mended is not None:
                    self._line_cache.set(key, mended)
            self._refresh_line(line)
        self._rich_style_cache.update(styles)

    def render_lines(self, crop: Region) -> list[Strip]:
        """Tree's cached lines straight to the compositor, in one base style a frame.

        Tree's own path reads ``rich_style`` (a walk up the ancestors' styles)
        for every line and takes each through the styles cache: ~0.4 ms a line,
        and a saved coding repaints two count lines. The tree has no border or
        padding, so only the app's line filters and the crop remain to apply.
        """
        if not plain_box(self):
            return super().render_lines(crop)
        self._pseudo_class_state = self.get_pseudo_class_state()  # (as Tree.render_lines: part of its line keys)
        style = self.rich_style
        width = self.size.width
        scroll_x, scroll_y = self.scroll_offset
        lines = [self._render_line(y + scroll_y, scroll_x, scroll_x + width, style) for y in crop.line_range]
        return finish(self, lines, crop, width)

    def select_path(self, path: str) -> None:
        node = self._node_by_path.get(path)
        if node is None:
            return
        parent = node.parent
        while parent is not None:
            parent.expand()
            parent = parent.parent
        self.call_after_refresh(self.move_cursor, node)

    def code(self, path: str) -> Any:
        return self._code_by_path.get(path)


def _with_count(strip: Strip | None, old: tuple[str, str] | None, new: tuple[str, str]) -> Strip | None:
    """``strip`` (a drawn line) with its count's cells holding the ``new`` count, or None
    when it cannot be mended in place (no strip, or another width or weight)."""
    if strip is None or old is None or old[1] != new[1] or len(old[0]) != len(new[0]):
        return None
    segments = list(strip)
    for index, segment in enumerate(segments):
        if segment.text == old[0]:
            segments[index] = Segment(new[0], segment.style, segment.control)
            return Strip(segments, strip.cell_length)
    return None
