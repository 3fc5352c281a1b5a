"""A code's claim as the report would print it, and the passages behind it."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from ..widgets.key_bar import KeyBar


def claim_text(result: Any) -> tuple[str, str]:
    """(phrase, footnote) exactly as ``workbench query`` prints them (the core's phrasing)."""
    phrase = getattr(result, "phrase", None)
    footnote = getattr(result, "footnote", None)
    if phrase is None or footnote is None:
        from workbench.core.phrasing import footnote as make_footnote, phrase as make_phrase

        phrase = phrase or make_phrase(result.count, result.total)
        footnote = footnote if footnote is not None else make_footnote(result.cases)
    return phrase, footnote


def evidence_items(evidence) -> list[tuple[int, str]]:
    """(passage id, one-line label) per evidence passage; the core gives one item per (case, coding)."""
    by_passage: dict[int, list] = {}
    for ev in evidence or ():
        by_passage.setdefault(ev.passage_id, []).append(ev)
    items = []
    for passage_id, evs in by_passage.items():
        first = evs[0]
        cases = sorted({e.case for e in evs}, key=lambda c: [e.case for e in evs].index(c))
        coders = sorted({e.coder for e in evs})
        where = " · ".join(x for x in (f"p. {first.page_label}" if first.page_label else None, first.section) if x)
        quote = (first.quote or "").replace("\n", " ")
        label = Text.assemble((where + "\n", "dim"), (f"{len(cases)}: {', '.join(cases)}", "cyan"), (f" · {', '.join(coders)}\n", "dim"), quote[:150])
        items.append((passage_id, label))
    return items


class CodeDetailScreen(ModalScreen[int | None]):
    """Phrase, footnote and evidence of one code; enter jumps to a passage."""

    BINDINGS = [
        Binding("escape", "dismiss_none", "Close", id="detail.close"),
        Binding("y", "copy", "Copy phrase+footnote", id="detail.copy"),
        Binding("x", "matrix", "Matrix of subtree", id="detail.matrix"),
    ]

    def __init__(self, path: str, description: str, result: Any) -> None:
        super().__init__()
        self.path = path
        self.description = description
        self.result = result
        self.phrase, self.footnote = claim_text(result)
        self.items = evidence_items(getattr(result, 'evidence', ()))

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog detail"):
            yield Label(self.path, classes="dialog-title")
            yield Static(self.description or "(no definition)", classes="definition")
            yield Static(Text.assemble((self.phrase, "bold"), "\n", ("Fotnot: ", "dim"), self.footnote or "—"), id="claim")
            yield Label(f"Evidence: {len(self.items)} passage(s) — enter jumps to one", classes="subtle")
            yield OptionList(*[Option(label) for _, label in self.items], id="evidence")
        yield KeyBar(self.BINDINGS)

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def action_copy(self) -> None:
        self.app.copy_to_clipboard(f"{self.phrase}\n{self.footnote}")
        self.notify("Copied the phrase and footnote.")

    def action_matrix(self) -> None:
        self.app.run_action(f"open_matrix('{self.path}')")

    def action_dismiss_none(self) -> None:
        self.dismiss(None)

    @on(OptionList.OptionSelected)
    def _jump(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.items[event.option_index][0])
