"""The current passage's codings in the side panel: an OptionList that never lays out the screen.

An OptionList's virtual size is a layout-triggering reactive and its vertical
scrollbar comes and goes with the number of options, so showing another
passage's codings laid out the whole screen: ~30 ms per passage that has
codings (measured on a synthetic 10k-passage project, two codings a passage).
This list has a fixed size (set in app.tcss), so its content cannot move
anything else: a change of options repaints the list alone, and the scrollbar
is always shown, so it never toggles.
"""

from __future__ import annotations

from textual.geometry import Size
from textual.reactive import Reactive
from textual.widgets import OptionList


class CodingsList(OptionList):
    DEFAULT_CSS = """
    CodingsList { overflow-y: scroll; }
    """

    # Repaint, not layout: the list's size is fixed, only what it scrolls over changes.
    virtual_size = Reactive(Size(0, 0), layout=False)
