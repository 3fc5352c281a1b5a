"""Strips make their caches when first used, and then cache exactly as Textual's do."""

from __future__ import annotations

import gc

from rich.segment import Segment
from textual.cache import FIFOCache
from textual.strip import Strip

from workbench.tui import lazy_strips


def _caches(strip: Strip) -> list[FIFOCache]:
    return [o for o in gc.get_referents(strip) if isinstance(o, FIFOCache)]


def test_a_new_strip_holds_no_cache_until_one_is_used():
    assert lazy_strips.install() and lazy_strips.install()  # (once per process; the second is a no-op)
    strip = Strip([Segment("Västmanland"), Segment(" och "), Segment("Örebro")])
    assert _caches(strip) == []
    first = strip.crop(0, 11)
    assert first.text == "Västmanland" and _caches(strip) != []
    assert strip.crop(0, 11) is first  # cached, as Textual caches it
    assert len(_caches(strip)) == 1  # only the crop cache was made


def test_caches_keep_textuals_sizes():
    strip = Strip([Segment("x" * 40)])
    crops = [strip.crop(0, n) for n in range(1, 18)]  # 17 distinct crops: Textual keeps the last 16
    assert strip.crop(0, 2) is crops[1]  # the 16 newest are kept...
    assert strip.crop(0, 1) is not crops[0]  # ...and the oldest one is gone (first in, first out)
    longer = [strip.adjust_cell_length(n) for n in range(41, 46)]  # 5 lengths: Textual keeps the last 4
    assert strip.adjust_cell_length(42) is longer[1]
    assert strip.adjust_cell_length(41) is not longer[0]


def test_the_app_installs_them(tmp_path):
    from workbench.core.db import open_store
    from workbench.tui.app import WorkbenchApp

    store = open_store(str(tmp_path / "p.db"))
    try:
        WorkbenchApp(store, coder="anna")
        assert _caches(Strip([Segment("a")])) == []
    finally:
        store.close()
