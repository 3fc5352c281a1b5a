"""Code × region: which cases each code covers, with the total per code."""

from __future__ import annotations


from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Label

from ..widgets.key_bar import KeyBar


class MatrixScreen(ModalScreen[tuple[str, str] | None]):
    """A cell opens its evidence (dismisses with (code path, case))."""

    BINDINGS = [Binding("escape", "close", "Close", id="matrix.close")]

    def __init__(self, title: str, codes: list[str], cases: list[str], present: dict[str, set[str]], colours: dict[str, str] | None = None,
                 short: dict[str, str] | None = None) -> None:
        super().__init__()
        self.short = short_names(cases, short or {})
        self.title_text = title
        self.codes = codes
        self.cases = cases
        self.present = present
        self.colours = colours or {}

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog matrix"):
            yield Label(self.title_text, classes="dialog-title")
            yield DataTable(id="matrix-table", cursor_type="cell", zebra_stripes=True, cell_padding=0)
            yield Label(" · ".join(f"{self.short[c]} {c}" for c in self.cases), classes="subtle legend")
        yield KeyBar(self.BINDINGS)

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_column("code", key="code", width=42)
        table.add_column("    n ", key="total")
        for case in self.cases:
            table.add_column(f"{self.short[case]:<3} ", key=case)
        top = min((p.count("/") for p in self.codes), default=0)
        for path in self.codes:
            have = self.present.get(path, set())
            colour = self.colours.get(path) or "green"
            cells = [Text("██  ", style=colour) if case in have else Text(" ·  ", style="dim") for case in self.cases]
            name = "  " * (path.count("/") - top) + path.rsplit("/", 1)[-1]
            table.add_row(
                Text(name, style="bold" if have else ""),
                Text(f"{len(have):>2}/{len(self.cases)} ", style="bold"),
                *cells,
                key=path,
            )
        table.focus()

    @on(DataTable.CellSelected)
    def _open(self, event: DataTable.CellSelected) -> None:
        column = event.cell_key.column_key.value
        if column in ("code", "total"):
            return
        path = event.cell_key.row_key.value
        if column in self.present.get(path, set()):
            self.dismiss((path, column))
        else:
            self.notify(f"No coding gives {column} the code {path}.")

    def on_data_table_cell_highlighted(self, event: DataTable.CellHighlighted) -> None:
        column = event.cell_key.column_key.value
        if column not in ("code", "total"):
            self.query_one(".dialog-title", Label).update(f"{self.title_text}   —   {event.cell_key.row_key.value} × {column}")

    def action_close(self) -> None:
        self.dismiss(None)


def short_names(cases: list[str], codes: dict[str, str]) -> dict[str, str]:
    """Column headings: the case's own short code (county letter) when every case has a distinct one, else 3 letters."""
    if codes and all(codes.get(c) for c in cases) and len({codes[c] for c in cases}) == len(cases):
        return {c: codes[c] for c in cases}
    return {c: c[:3] for c in cases}
