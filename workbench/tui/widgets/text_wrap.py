"""Rich's word wrap of a ``Text``, as styled runs per line, without Rich's per-line objects.

Why: the side panel wraps every coding of the passage under the cursor on
each key that moves it. ``Text.wrap`` followed by ``Text.render`` made a
``Text``, its spans and a style stack for every line: ~0.35 ms a coding,
about 1.5 ms of a key on a project whose passages all have codings. The
panel's labels are the simple case -- a few spans that do not overlap, no
tabs, no justification -- and for that case this module cuts the same lines
at the same places with Rich's own line breaker (``divide_line``), then does
what ``wrap`` does to each line (drop the whitespace past the width, fold to
the width) on the plain string. Anything else goes through Rich itself.

Each line is ``(runs, cells)``: ``runs`` is ``[(text, style or None), ...]``
in order, ``cells`` the line's width in cells. The tests hold it to Rich's
output cell by cell on random labels.
"""

from __future__ import annotations

import re
from itertools import pairwise

from rich._wrap import divide_line
from rich.cells import cell_len, set_cell_size
from rich.console import Console
from rich.style import Style
from rich.text import Text

Run = tuple[str, Style | None]
Line = tuple[list[Run], int]

# Characters Rich treats specially on the way (tabs are expanded, these control codes dropped).
_SPECIAL = re.compile("[\t\x07\x08\x0b\x0c\x0d]")
_TRAILING_SPACE = re.compile(r"\s+$")


def wrap_to_runs(text: Text, width: int, console: Console) -> list[Line]:
    """The lines of ``text.wrap(console, width)``, each as styled runs and its cell width."""
    runs = _runs(text, console)
    if runs is None:
        return _rich_wrap(text, width, console)
    plain = text.plain
    lines: list[Line] = []
    start = 0
    for logical in plain.split("\n"):
        end = start + len(logical)
        cuts = [start, *(start + offset for offset in divide_line(logical, width, fold=True)), end]
        for a, b in pairwise(cuts):
            lines.append(_line(plain, a, b, width, runs))
        start = end + 1
    return lines


def _runs(text: Text, console: Console) -> list[tuple[int, int, Style | None]] | None:
    """The text as runs covering it end to end, or None when it is not the simple case."""
    if text.style or text.justify not in (None, "default") or text.overflow not in (None, "fold") or text.no_wrap:
        return None
    plain = text.plain
    if _SPECIAL.search(plain):
        return None
    spans = sorted((span for span in text.spans if span.end > span.start), key=lambda span: span.start)
    runs: list[tuple[int, int, Style | None]] = []
    at = 0
    for span in spans:
        if span.start < at:
            return None  # overlapping spans: their styles combine, Rich's renderer does that
        if span.start > at:
            runs.append((at, span.start, None))
        style = span.style if isinstance(span.style, Style) else console.get_style(span.style, default=Style.null())
        end = min(span.end, len(plain))
        runs.append((span.start, end, style))
        at = end
    if at < len(plain):
        runs.append((at, len(plain), None))
    return runs


def _line(plain: str, a: int, b: int, width: int, runs: list[tuple[int, int, Style | None]]) -> Line:
    if b - a > width:  # Text.rstrip_end: whitespace past the width goes
        trailing = _TRAILING_SPACE.search(plain, a, b)
        if trailing is not None:
            b -= min(len(trailing.group(0)), b - a - width)
    piece = plain[a:b]
    if cell_len(piece) > width:  # Text.truncate, overflow "fold"
        piece = set_cell_size(piece, width)
    end = a + len(piece)
    line: list[Run] = []
    for start, stop, style in runs:
        if stop <= a:
            continue
        if start >= end:
            break
        line.append((piece[max(start, a) - a : min(stop, end) - a], style))
    return line, cell_len(piece)


def _rich_wrap(text: Text, width: int, console: Console) -> list[Line]:
    return [
        ([(segment.text, segment.style) for segment in line.render(console) if segment.text], line.cell_len)
        for line in text.wrap(console, width)
    ]
