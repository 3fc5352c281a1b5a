"""Textual's ``Strip`` with its seven caches made when first used, not when the strip is made.

Why: a ``Strip`` is one line of the screen, and each new one made seven
``FIFOCache``s (crop, divide, style, filter, ...) in its ``__init__``: 3.4 us
and fifteen objects for the garbage collector per strip. A reader key makes
~190 strips, most of them never cropped or filtered twice, so those caches
were ~0.6 ms of a key plus most of the objects that the collector's middle
generation walks (a 1-2 ms pause every few keys).

Each cache slot gets a descriptor that makes the slot's cache the first time
it is read, of the size Textual's own ``__init__`` gives it (read from a strip
made by that ``__init__``), so every strip still caches exactly as before.
``install`` does nothing when Textual's ``Strip`` is not the one measured
here (other slots, or not ``FIFOCache``s): then strips stay as Textual makes
them.
"""

from __future__ import annotations

from typing import Any

from textual.cache import FIFOCache
from textual.strip import Strip

# Textual 8's slots that are not caches, and what its __init__ sets them to (beyond the arguments).
_PLAIN = {"_segments", "_cell_length", "_render_cache", "_link_ids", "_cell_count"}


class _LazyCache:
    """A cache slot of ``Strip``: the slot's own value once set, else a new cache of ``size``."""

    __slots__ = ("size", "slot")

    def __init__(self, slot: Any, size: int) -> None:
        self.slot = slot  # the slot's member descriptor (where the value lives)
        self.size = size

    def __get__(self, strip: Strip | None, owner: type | None = None) -> Any:
        if strip is None:
            return self
        try:
            return self.slot.__get__(strip, owner)
        except AttributeError:  # first use
            cache = FIFOCache(self.size)
            self.slot.__set__(strip, cache)
            return cache

    def __set__(self, strip: Strip, value: Any) -> None:
        self.slot.__set__(strip, value)


def _lean_init(self: Strip, segments: Any, cell_length: int | None = None) -> None:
    self._segments = list(segments)
    self._cell_length = cell_length
    self._render_cache = None
    self._link_ids = None
    self._cell_count = None


def install() -> bool:
    """Make ``Strip``'s caches lazy (once per process); False when this Textual's ``Strip`` differs."""
    if Strip.__init__ is _lean_init:
        return True
    probe = Strip([])
    caches = {name: getattr(probe, name) for name in Strip.__slots__ if name not in _PLAIN}
    if set(Strip.__slots__) - set(caches) != _PLAIN or not all(isinstance(c, FIFOCache) for c in caches.values()):
        return False
    if (probe._render_cache, probe._link_ids, probe._cell_count) != (None, None, None):
        return False
    for name, cache in caches.items():
        setattr(Strip, name, _LazyCache(Strip.__dict__[name], cache._maxsize))
    Strip.__init__ = _lean_init  # type: ignore[method-assign]
    return True
