"""Live per-code counts ("13/21"), kept up to date from coding changes.

Counting distinct cases per code from the database on every keypress would
grow with the project; instead the numbers are loaded once and then every
coding change (a coding before and after) is applied in O(depth × cases).
A code's count covers its whole subtree, as a query on that code does: a
path's ancestors are its prefixes, so no tree walk is needed.
"""

from __future__ import annotations

from collections import Counter
from typing import Iterable


def ancestors(path: str) -> list[str]:
    """``a/b/c`` -> ``[a/b/c, a/b, a]``."""
    parts = path.split("/")
    return ["/".join(parts[:i]) for i in range(len(parts), 0, -1)]


class CodeCounts:
    """How many codings give each case each code, rolled up the code tree."""

    def __init__(self, total: int = 0, case_sets: dict[str, str | None] | None = None) -> None:
        """``case_sets``: each code's case set by path. A code counts into the ancestors counting the same
        set only, as the core's query does: a board-counting subcode's "Stockholm" is not a region's."""
        self.total = total
        self._subtree: dict[str, Counter[str]] = {}
        self._case_sets = case_sets or {}

    def _counted_in(self, path: str) -> list[str]:
        if not self._case_sets:
            return ancestors(path)
        own = self._case_sets.get(path)
        return [p for p in ancestors(path) if self._case_sets.get(p, own) == own]

    def load(self, codings: Iterable[tuple[str, Iterable[str]]]) -> None:
        """Start from scratch with (code path, cases) pairs, one per coding.

        Identical pairs are counted first and added once with their number:
        a 200k-coding project has ~50k distinct pairs, and adding each coding
        up its ancestors one by one held the UI thread for ~8 s.
        """
        self._subtree.clear()
        weights = Counter((path, tuple(cases)) for path, cases in codings)
        for (path, cases), n in weights.items():
            self._add(path, cases, n)

    def load_cells(self, cells: Iterable[tuple[str, str, int]]) -> None:
        """Start from scratch with (code path, case, n) cells: n codings of that code name that case.

        What the core's code x case matrix holds: a 200k-coding project is
        a few tens of thousands of cells, where one pair per coding (what
        ``load`` takes) would first build a 400k-item list in the worker.
        """
        self._subtree.clear()
        for path, case, n in cells:
            if n > 0:
                for prefix in self._counted_in(path):
                    self._subtree.setdefault(prefix, Counter())[case] += n

    def apply(self, before, after) -> set[str]:
        """Apply one change (objects with ``code_path`` and ``cases``, or None); return the paths whose count may differ."""
        touched: set[str] = set()
        if before is not None:
            self._add(before.code_path, before.cases, -1)
            touched.update(self._counted_in(before.code_path))
        if after is not None:
            self._add(after.code_path, after.cases, +1)
            touched.update(self._counted_in(after.code_path))
        return touched

    def _add(self, path: str, cases: Iterable[str], step: int) -> None:
        cases = tuple(cases)
        for prefix in self._counted_in(path):
            counter = self._subtree.setdefault(prefix, Counter())
            for case in cases:
                n = counter[case] + step
                if n > 0:
                    counter[case] = n
                else:
                    del counter[case]

    def count(self, path: str) -> int:
        counter = self._subtree.get(path)
        return len(counter) if counter else 0

    def cases(self, path: str) -> set[str]:
        counter = self._subtree.get(path)
        return set(counter) if counter else set()

    def label(self, path: str) -> str:
        return f"{self.count(path)}/{self.total}" if self.total else str(self.count(path))
