"""Keep Python's garbage collector from stalling frames while a coder reads.

A full (oldest-generation) collection walks every tracked object. Once the
report, the database layer and Textual are loaded that walk took 0.1-0.2 s
here: several dropped frames at once, and painting allocates enough to set
one off every ~20 held keypresses (measured: 5 per 100 pagedowns, up to 200 ms
each; strips now make their caches lazily, see lazy_strips.py, which cut the
allocation). Two changes make them rare and short:

* the objects that exist once a document is shown are frozen (``gc.freeze``):
  they live as long as the app, so no later collection needs to walk them;
* the oldest generation is collected after 100 middle-generation collections
  instead of 10; the young generations, which are cheap, run as usual.

Both are undone when the app ends, so that a process running many apps (the
test suite) collects their reference cycles as usual.
"""

from __future__ import annotations

import gc

OLDEST_GENERATION_EVERY = 100  # middle-generation collections (Python's default: 10)


class QuietCollector:
    def __init__(self) -> None:
        self._saved: tuple[int, int, int] | None = None

    def start(self) -> None:
        if self._saved is None:
            self._saved = gc.get_threshold()
            young, middle, _ = self._saved
            gc.set_threshold(young, middle, OLDEST_GENERATION_EVERY)

    def settle(self) -> None:
        """Take everything alive now out of later collections (call when a document is shown)."""
        if self._saved is not None:
            gc.freeze()

    def stop(self) -> None:
        if self._saved is not None:
            gc.unfreeze()
            gc.set_threshold(*self._saved)
            self._saved = None
