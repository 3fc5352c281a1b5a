"""Coding a span in the app: select words of a passage, pick code and regions, store character offsets.

On a copy of the demo project, in the passage of footnote 195 ("13 regioner
lyfter utmaningar i arbetet med validering. ... men det förekommer också att
man lyfter områden som berör finansiering ..."): the words are chosen with the
TextArea's own keys, and the stored span must cut exactly those words out of
the passage text (å, ä, ö are one character each), for the agreement at span
level as for the side panel.
"""

from __future__ import annotations

from workbench.core.coding import codings_for_passage
from workbench.core.documents import get_passage
from workbench.tui.app import WorkbenchApp
from workbench.tui.screens.pickers import CodingScreen
from workbench.tui.screens.span_select import (
    SpanSelectScreen,
    displayable,
    shorten,
    trim_span,
)
from workbench.tui.widgets.codebook_tree import CodebookTree
from workbench.tui.widgets.passage_view import PassageView

from .conftest import screen_text, settle
from .test_coding_flow import assert_step

CODE = "kompetensförsörjning/validering/utmaningar"
WORDS = "förekommer också att man lyfter områden"  # six words of the passage, with ö and å


async def open_span_screen(app, pilot) -> SpanSelectScreen:
    await settle(app, pilot)
    await pilot.press("f", "1", "9", "5", "enter")
    await settle(app, pilot)
    assert app.screen.query_one(PassageView).current_row.text.startswith("13 regioner lyfter utmaningar")
    await pilot.press("s")
    await pilot.pause()
    assert isinstance(app.screen, SpanSelectScreen)
    return app.screen


async def cursor_to(pilot, area, column: int) -> None:
    """Word by word (ctrl+right) until the TextArea's cursor stands at ``column`` of the passage's one line."""
    for _ in range(200):
        if area.selection.end == (0, column):
            return
        await pilot.press("ctrl+right")
    raise AssertionError(f"ctrl+right never stopped at column {column}: at {area.selection.end}")


async def select_words(app, pilot, words: str, *, walk: bool = True) -> None:
    """Word-wise selection of ``words`` with ctrl+shift+right, from the blank before them
    (reached word by word with ctrl+right, or placed there at once when not ``walk``)."""
    screen = app.screen
    area = screen.query_one("#span-text")
    at = screen.text.index(words)
    if walk:
        await cursor_to(pilot, area, at - 1)
    else:
        area.move_cursor((0, at - 1))
    for _ in words.split():
        await pilot.press("ctrl+shift+right")
    await pilot.pause()


async def choose_code_and_regions(app, pilot) -> None:
    await pilot.press("enter")
    await settle(app, pilot)
    assert "span" in assert_step(app, "code").title_text
    await pilot.press(*"validering utmaningar", "enter")
    await settle(app, pilot)
    assert len(assert_step(app, "regions").marked) == 13
    await pilot.press("ctrl+s")  # the 13 suggested regions
    await settle(app, pilot)


async def assert_span_quoted(app, pilot) -> None:
    """The side panel lists the span coding (after the demo's three coders' whole-passage codings) with its words."""
    options = app.screen.query_one("#codings")
    options.highlighted = options.option_count - 1
    await pilot.pause()
    lines = str(options.get_option_at_index(options.option_count - 1).prompt).splitlines()
    quote = lines[1].strip()
    assert quote.startswith("«förekommer") and quote.endswith("områden»") and len(quote) <= 32
    assert "«förekommer" in screen_text(app)


def test_offsets_helpers_keep_length_and_trim_blanks():
    text = "Region\u2028Örebro lyfter\x0cvalidering"
    assert len(displayable(text)) == len(text) and "\u2028" not in displayable(text)
    assert trim_span("  ån  ", 6, 0) == (2, 4)  # reversed, blanks at both edges
    assert trim_span("   ", 0, 3) == (3, 3)
    assert shorten("a" * 30 + " mitten " + "b" * 30, 21) == "a" * 10 + "…" + "b" * 10


async def test_code_a_span_with_swedish_letters(demo, report_text):
    assert WORDS in " ".join(report_text.split())  # the words are the report's own
    app = WorkbenchApp(demo, coder="tester")
    async with app.run_test(size=(160, 45)) as pilot:
        screen = await open_span_screen(app, pilot)
        passage_id = app.screen_stack[-2].query_one(PassageView).current_row.id
        await select_words(app, pilot, WORDS)
        assert screen.text[slice(*screen.span)] == WORDS
        assert f"«{WORDS}»" in screen_text(app)  # the status line quotes the selection
        await choose_code_and_regions(app, pilot)

        passage = get_passage(demo, passage_id)
        (coding,) = codings_for_passage(demo, passage_id, coder="tester")
        assert coding.code_path == CODE and len(coding.cases) == 13
        start, end = coding.span
        assert passage.text[start:end] == WORDS
        assert passage.text[:start].count("ä") == 1  # "är" stands before the span: counted as one character
        await assert_span_quoted(app, pilot)
        tree = app.screen.query_one(CodebookTree)
        assert tree.counts.label(CODE) == "13/21"

    # Span-level agreement (workbench agreement --level span) sees the span in document offsets.
    from workbench.core.agreement.levels import agreement_report

    report = agreement_report(demo, coders=["rapporten", "tester"], level="span", code=CODE)
    (pair,) = [s for s in report.segments if s.code == CODE]
    (mine,) = [u for u in pair.unmatched if u.segment.coder == "tester"]  # a few words of a whole passage
    assert (mine.segment.start, mine.segment.end) == (passage.start_offset + start, passage.start_offset + end)
    assert mine.quote == WORDS
    (entry,) = [e for e in report.entries if e.code == CODE]
    assert entry.summary.percent.value is not None and entry.summary.percent.value < 1  # the rest of the passage differs


async def test_shift_arrows_home_and_mouse_drag_select(demo):
    app = WorkbenchApp(demo, coder="tester")
    async with app.run_test(size=(160, 45)) as pilot:
        screen = await open_span_screen(app, pilot)
        area = screen.query_one("#span-text")
        for _ in range(len("13 regioner")):
            await pilot.press("shift+right")
        await pilot.pause()
        assert screen.text[slice(*screen.span)] == "13 regioner"
        await pilot.press("right")  # drops the selection
        await cursor_to(pilot, area, len("13 regioner lyfter"))
        await pilot.press("shift+home")  # backwards to the start of the (first) line
        await pilot.pause()
        assert area.selection.start > area.selection.end  # a backward selection
        assert screen.span == (0, len("13 regioner lyfter"))

        at = screen.text.index("regioner")  # and a mouse drag
        await pilot.mouse_down(area, offset=(at, 0))
        await pilot.hover(area, offset=(at + len("regioner lyfter"), 0))
        await pilot.mouse_up(area, offset=(at + len("regioner lyfter"), 0))
        await pilot.pause()
        assert screen.text[slice(*screen.span)] == "regioner lyfter"


async def test_empty_selection_says_so_and_escape_writes_nothing(demo):
    app = WorkbenchApp(demo, coder="tester")
    async with app.run_test(size=(160, 45), notifications=True) as pilot:
        await open_span_screen(app, pilot)
        passage_id = app.screen_stack[-2].query_one(PassageView).current_row.id
        before = codings_for_passage(demo, passage_id)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SpanSelectScreen)  # still selecting
        messages = [n.message for n in app._notifications]
        assert any(m.startswith("Nothing selected") and "\n" not in m for m in messages)
        await pilot.press("shift+right", "escape")
        await settle(app, pilot)
        assert not isinstance(app.screen, (SpanSelectScreen, CodingScreen))
    assert codings_for_passage(demo, passage_id) == before and len(before) == 3  # the demo's three coders


async def test_edit_delete_undo_keep_the_span(demo):
    app = WorkbenchApp(demo, coder="tester")
    async with app.run_test(size=(160, 45)) as pilot:
        await open_span_screen(app, pilot)
        passage_id = app.screen_stack[-2].query_one(PassageView).current_row.id
        await select_words(app, pilot, WORDS, walk=False)
        await choose_code_and_regions(app, pilot)
        tree = app.screen.query_one(CodebookTree)
        (coding,) = codings_for_passage(demo, passage_id, coder="tester")
        span = coding.span

        # The demo's three whole-passage codings come first: select the span coding (the last) to edit it.
        options = app.screen.query_one("#codings")
        options.highlighted = options.option_count - 1
        await pilot.press("e")
        await pilot.pause()
        assert assert_step(app, "regions").title_text == f"{CODE} — edit"
        await pilot.press("ctrl+n", "ctrl+s")
        await settle(app, pilot)
        (edited,) = codings_for_passage(demo, passage_id, coder="tester")
        assert edited.cases == () and edited.span == span

        await pilot.press("u")  # back to the 13 regions, span unchanged
        await settle(app, pilot)
        (undone,) = codings_for_passage(demo, passage_id, coder="tester")
        assert len(undone.cases) == 13 and undone.span == span

        options.highlighted = options.option_count - 1
        await pilot.press("d")
        await settle(app, pilot)
        assert codings_for_passage(demo, passage_id, coder="tester") == []
        await pilot.press("u")
        await settle(app, pilot)
        (restored,) = codings_for_passage(demo, passage_id, coder="tester")
        assert restored.span == span and get_passage(demo, passage_id).text[slice(*span)] == WORDS
        await assert_span_quoted(app, pilot)
        assert tree.counts.label(CODE) == "13/21"
