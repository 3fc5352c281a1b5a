"""The side panels of the passages around the reader's cursor, read before the cursor gets there.

Why: asking the database for one passage's footnotes and codings when the
cursor comes to rest costs a worker, a read (~3 ms) and a second frame a
tenth of a second after the key. Read in batches (~0.12 ms a passage), the
panel is already known when the cursor arrives and changes in the key's own
frame. A report-sized document is read whole; a 100k-passage one a window
at a time, read again when the cursor nears its edge.

Entries are dropped when the app itself changes what they show (a coding
written, the viewer named, a review settled) and are trusted for ``ttl``
seconds against changes by other people on a shared server.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from typing import Any


class ReadAhead:
    def __init__(self, around: int = 2000, ttl: float = 60.0, clock: Callable[[], float] = time.monotonic) -> None:
        self.around = around  # passages read ahead of the cursor (half as many behind it)
        self.ttl = ttl
        self.generation = 0  # bumped by clear(): a read begun before it is stale
        self._clock = clock
        self._details: dict[int, tuple[float, Any]] = {}
        self._span: tuple[int, int] | None = None  # row indices read, or being read

    def get(self, passage_id: int) -> Any | None:
        """The passage's detail if read and still fresh, else None."""
        found = self._details.get(passage_id)
        if found is None or self._clock() - found[0] > self.ttl:
            return None
        return found[1]

    def put(self, detail: Any) -> None:
        self._details[detail.passage.id] = (self._clock(), detail)

    def forget(self, passage_id: int) -> None:
        """Its detail is out of date: read it again (a batch begun before this cannot bring the old one back)."""
        self._details[passage_id] = (self._clock(), None)

    def clear(self) -> None:
        self._details.clear()
        self._span = None
        self.generation += 1

    def wanted(self, row_ids: Sequence[int], index: int) -> list[int]:
        """The passage ids to read for a cursor at row ``index``: none while it is well inside the span read."""
        count = len(row_ids)
        if self._span is not None:
            low, high = self._span
            margin = self.around // 4
            inside = (low == 0 or index - low >= margin) and (high == count or high - index >= margin)
            if inside and (index >= count or self.get(row_ids[index]) is not None):
                return []  # (a passage gone stale, e.g. after a minute on one passage, reads the window again)
        low, high = max(0, index - self.around // 2), min(count, index + self.around)
        self._span = (low, high)
        if len(self._details) > 3 * self.around:  # a long walk through a big document: keep the new span only
            keep = set(row_ids[low:high])
            self._details = {pid: found for pid, found in self._details.items() if pid in keep}
        return [pid for pid in row_ids[low:high] if self.get(pid) is None]

    def ticket(self) -> tuple[int, float]:
        """Taken when a read begins, handed back with its result to ``accept``."""
        return self.generation, self._clock()

    def accept(self, details: Iterable[Any], ticket: tuple[int, float]) -> bool:
        """Keep a batch read under ``ticket``; False (nothing kept) if everything was cleared since.

        An entry put after the read began (a coding just written, read back)
        is newer than what the batch saw, and stays.
        """
        generation, began = ticket
        if generation != self.generation:
            return False
        for detail in details:
            found = self._details.get(detail.passage.id)
            if found is None or found[0] < began:
                self.put(detail)
        return True
