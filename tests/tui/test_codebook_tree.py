"""The codebook tree's counts: a changed count is drawn as a fresh render of the tree would draw it."""

from __future__ import annotations

from types import SimpleNamespace

from textual.geometry import Region

from workbench.tui.app import WorkbenchApp
from workbench.tui.widgets.codebook_tree import CodebookTree

from .conftest import settle


def _drawn(tree: CodebookTree, path: str) -> list[tuple]:
    line = tree._node_by_path[path].line - tree.scroll_offset.y
    return [(s.text, s.style) for s in tree.render_lines(Region(0, line, tree.size.width, 1))[0]]


def _afresh(tree: CodebookTree, path: str) -> list[tuple]:
    tree._line_cache.clear()
    tree.refresh()
    return _drawn(tree, path)


async def test_a_changed_count_is_drawn_as_a_fresh_render_would(demo):
    app = WorkbenchApp(demo, coder="coder-a")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot, 0.5)
        screen = app.screen
        tree = screen.query_one(CodebookTree)
        shown = [p for p, n in tree._node_by_path.items() if n.line >= 0]
        some = next(p for p in shown if 0 < screen.counts.count(p) < screen.counts.total)
        zero = next(p for p in shown if not screen.counts.count(p))
        for path in [some, zero]:  # +1 (same width and weight: mended in place), 0 -> 1 (bold, not dim: drawn afresh)
            _drawn(tree, path)  # the line as it is, cached
            before = screen.counts.label(path)
            missing = [c.name for c in screen.codebook.case_set.cases if c.name not in screen.counts.cases(path)]
            touched = screen.counts.apply(None, SimpleNamespace(code_path=_leaf(tree, path), cases=(missing[0],)))
            tree.refresh_counts(touched)
            after = screen.counts.label(path)
            assert after != before
            drawn = _drawn(tree, path)
            assert f"{after:>5} " in "".join(text for text, _ in drawn)
            assert drawn == _afresh(tree, path)


def _leaf(tree: CodebookTree, path: str) -> str:
    node = tree._node_by_path[path]
    while node.children:
        node = node.children[0]
    return node.data
