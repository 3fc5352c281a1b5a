"""The codebook as a tree, each code with its live count ("13/21")."""

from __future__ import annotations

from typing import Any, Iterable

from rich.text import Text
from textual.binding import Binding
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from ..counts import CodeCounts
from .scrollbar import CachedVerticalScrollbar


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
        label.append(f"{self.counts.label(path):>5} ", style="bold" if n else "dim")
        try:
            label.append("● ", style=colour or "dim")
        except Exception:
            label.append("● ")
        label.append(code.name)
        return label

    def refresh_counts(self, paths: Iterable[str]) -> None:
        """Repaint the lines of ``paths`` alone.

        ``TreeNode.set_label`` marks the node changed, and Tree keys every
        rendered line by the change marks of all nodes on its path: a new count
        on a top-level code redrew every line below it (5 ms a frame on the
        bundled codebook, twice per saved coding). A count changes no other
        line, so the label is swapped and only that line's cached renders are
        dropped.
        """
        # A refresh also drops the widget's component styles, which a count does not
        # change: re-reading them cost ~0.7 ms for each repainted line.
        styles = dict(self._rich_style_cache)
        for path in paths:
            node = self._node_by_path.get(path)
            if node is None:
                continue
            node._label = self.process_label(self._code_label(path, self._code_by_path[path]))
            line = node.line
            if line < 0:
                continue  # folded away: drawn afresh when shown
            for key in [key for key in self._line_cache.keys() if key[0] == line]:
                self._line_cache.discard(key)
            self._refresh_line(line)
        self._rich_style_cache.update(styles)

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
