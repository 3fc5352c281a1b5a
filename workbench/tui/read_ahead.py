"""The side panels of the passages around the reader's cursor, read before the cursor gets there.

Why: asking the database for one passage's footnotes and codings when the
cursor comes to rest costs a worker, a read (~3 ms) and a second frame a
tenth of a second after the key. Read in batches (~0.12 ms a passage), the
panel is already known when the cursor arrives and changes in the key's own
frame. A report-sized document is read whole; a 100k-passage one a window
at a time, read again when the cursor nears its edge. A window is read
nearest the cursor first, in slices, while the cursor rests (the reader's
``read_ahead`` worker): a held key's frames are not shared with it.

Entries are dropped when the app itself changes what they show (a coding
written, the viewer named, a review settled) and are trusted for ``ttl``
seconds against changes by other people on a shared server.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from typing import Any

PENDING_FOR = 15.0  # seconds a read asked for counts as on its way (a failed read is asked again after)


class ReadAhead:
    def __init__(self, around: int = 2000, ttl: float = 60.0, clock: Callable[[], float] = time.monotonic) -> None:
        self.around = around  # passages read ahead of the cursor (half as many behind it)
        self.ttl = ttl
        self.generation = 0  # bumped by clear(): a read begun before it is stale
        self._clock = clock
        self._details: dict[int, tuple[float, Any]] = {}
        self._span: tuple[int, int] | None = None  # row indices read, or being read
        self._pending: dict[int, float] = {}  # passage id -> when its read was asked for (a read in flight)

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
        self._pending.clear()
        self._span = None
        self.generation += 1

    def _in_flight(self, passage_id: int) -> bool:
        asked = self._pending.get(passage_id)
        return asked is not None and self._clock() - asked < PENDING_FOR

    def _ask(self, passage_ids: list[int]) -> list[int]:
        now = self._clock()
        self._pending.update((pid, now) for pid in passage_ids)
        return passage_ids

    def wanted(self, row_ids: Sequence[int], index: int) -> list[int]:
        """The passage ids to read for a cursor at row ``index``: none while it is well inside the span read."""
        count = len(row_ids)
        if self._span is not None:
            low, high = self._span
            margin = self.around // 4
            inside = (low == 0 or index - low >= margin) and (high == count or high - index >= margin)
            here = row_ids[index] if index < count else None
            if inside and (here is None or self.get(here) is not None or self._in_flight(here)):
                return []  # well inside, known or on its way (keys pressed while a read is out ask nothing more)
            if inside and here in self._details and self._details[here][1] is None:
                return self._ask([here])  # forgotten (its codings changed): it alone
            # else stale, e.g. after a minute on one passage: the window again, in one read
        low, high = max(0, index - self.around // 2), min(count, index + self.around)
        self._span = (low, high)
        if len(self._details) > 3 * self.around:  # a long walk through a big document: keep the new span only
            keep = set(row_ids[low:high])
            self._details = {pid: found for pid, found in self._details.items() if pid in keep}
        # Nearest the cursor first (a passage behind it counts double: the window is twice as long ahead),
        # so that a read in slices brings the passages the next keys reach first.
        order = sorted(range(low, high), key=lambda k: (k - index, 0) if k >= index else (2 * (index - k), 1))
        return self._ask([pid for k in order if self.get(pid := row_ids[k]) is None and not self._in_flight(pid)])

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
            self._pending.pop(detail.passage.id, None)
            found = self._details.get(detail.passage.id)
            if found is None or found[0] < began:
                self.put(detail)
        return True
