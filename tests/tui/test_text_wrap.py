"""wrap_to_runs against Rich's own Text.wrap + render, cell by cell, on random labels."""

from __future__ import annotations

import random

import pytest
from rich.console import Console
from rich.style import Style
from rich.text import Text

from workbench.tui.widgets.text_wrap import _runs, wrap_to_runs

WORDS = ["Blekinge,", "Dalarna", "Gävleborg", "Jämtland", "Härjedalen", "·", "kodare1", "validering",
         "kompetensförsörjning/validering", "a", "", "中文字", "👍", "x" * 45, "Västra Götaland", "—"]
STYLES = [None, "bold", "dim", "italic", "#ff8800", "bold red", Style(color="blue", underline=True)]


def cells(lines):
    """Each line as (character, style) per character, with no style and the null style alike."""
    return [
        ([(ch, style or Style.null()) for text, style in runs for ch in text], width)
        for runs, width in lines
    ]


def rich_lines(text: Text, width: int, console: Console):
    return [([(s.text, s.style) for s in line.render(console)], line.cell_len) for line in text.wrap(console, width)]


def random_label(rng: random.Random) -> Text:
    label = Text()
    for _ in range(rng.randint(1, 7)):
        words = [rng.choice(WORDS) for _ in range(rng.randint(0, 12))]
        piece = rng.choice([" ", "  ", ", "]).join(words)
        if rng.random() < 0.4:
            piece = "\n" + rng.choice(["", "  ", "   "]) + piece
        if rng.random() < 0.15:
            piece += rng.choice(["\n", "\n\n", "   "])
        label.append(piece, style=rng.choice(STYLES))
    return label


@pytest.fixture(scope="module")
def console() -> Console:
    return Console(width=80, color_system="truecolor")


def test_random_labels_wrap_as_rich_does(console):
    rng = random.Random(20201231)
    simple = 0
    for _ in range(1500):
        label = random_label(rng)
        width = rng.choice([1, 2, 3, 5, 8, 13, 20, 30, 38, 60])
        simple += _runs(label, console) is not None
        assert cells(wrap_to_runs(label, width, console)) == cells(rich_lines(label, width, console)), (label.plain, width)
    assert simple == 1500  # every random label took the fast path, so the comparison tested it


def test_a_coding_label_as_the_side_panel_builds_it(console):
    label = Text()
    label.append("▐ ", style="#4e9a06")
    label.append("kompetensförsörjning/validering", style="bold")
    label.append("\n  13 · kodare1", style="dim")
    label.append("\n  Blekinge, Dalarna, Gotland, Gävleborg, Halland, Jämtland Härjedalen, Jönköping, Kalmar")
    label.append("\n  memo: ", style="italic")
    lines = wrap_to_runs(label, 36, console)
    assert cells(lines) == cells(rich_lines(label, 36, console))
    assert [("".join(t for t, _ in runs)) for runs, _ in lines][:3] == [
        "▐ kompetensförsörjning/validering", "  13 · kodare1", "  Blekinge, Dalarna, Gotland, "]  # Rich keeps the space a line breaks at


@pytest.mark.parametrize(
    "label",
    [
        Text("a\tb c d e f g", style="bold"),  # a tab and a style on the whole text
        Text("ring\x07 the bell and carry on past the width"),
        Text("right aligned words here", justify="right"),
    ],
)
def test_what_is_not_the_simple_case_goes_through_rich(console, label):
    assert cells(wrap_to_runs(label, 7, console)) == cells(rich_lines(label, 7, console))


def test_overlapping_spans_are_not_the_simple_case(console):
    label = Text("overlapping styles")
    label.stylize("bold", 0, 8)
    label.stylize("italic", 4, 12)
    assert _runs(label, console) is None
    assert cells(wrap_to_runs(label, 7, console)) == cells(rich_lines(label, 7, console))
