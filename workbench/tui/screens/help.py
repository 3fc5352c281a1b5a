"""Every key binding of the app, grouped by where it works."""

from __future__ import annotations

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,question_mark,q", "close", "Close", id="help.close")]

    def __init__(self, groups: list[tuple[str, list]]) -> None:
        super().__init__()
        self.groups = groups

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog help"):
            yield Label("Keys", classes="dialog-title")
            for title, bindings in self.groups:
                table = Table(title=title, show_header=False, box=None, title_justify="left", title_style="bold")
                table.add_column(style="bold cyan", min_width=16)
                table.add_column()
                for binding in bindings:
                    table.add_row(_keys(binding.key), binding.description)
                yield Static(table)
            yield Static("Mouse: click a passage to make it current; click a code in the tree to see its claim.")
            yield Static("Your own keys: a keys.toml file mapping binding ids to keys; 'workbench keys' lists the ids and where the file goes.", classes="dim")

    def action_close(self) -> None:
        self.dismiss(None)


def _keys(key: str) -> str:
    names = {"question_mark": "?", "slash": "/", "left_square_bracket": "[", "right_square_bracket": "]", "number_sign": "#"}
    return ", ".join(names.get(k, k) for k in key.split(","))
