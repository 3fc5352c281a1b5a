"""`workbench keys`: the TUI's bindings, their ids, and the coder's own keys from the keys file."""

from __future__ import annotations


import typer

from ._common import JsonOption, console, print_json


def register(app: typer.Typer) -> None:
    @app.command()
    def keys(json: JsonOption = False) -> None:
        """List every TUI key binding with the id a keys.toml file uses to move it."""
        from rich.table import Table

        from workbench.tui.keymap import binding_groups, keys_path, load_keymap

        keymap = load_keymap()
        rows = [
            (title, b.id, b.description or b.action, b.key, keymap.keys.get(b.id, ""))
            for title, bindings in binding_groups()
            for b in bindings
            if b.id
        ]
        if json:
            print_json({
                "file": str(keymap.source or keys_path()),
                "problems": list(keymap.problems),
                "bindings": [dict(zip(("where", "id", "description", "default", "yours"), row)) for row in rows],
            })
            raise typer.Exit(1 if keymap.problems else 0)
        table = Table(title="TUI keys", pad_edge=False)
        table.add_column("id", no_wrap=True)
        table.add_column("does", min_width=16)
        table.add_column("default keys")
        table.add_column("your keys", style="bold")
        group = None
        for where, *row in rows:
            if where != group:
                if group is not None:
                    table.add_section()
                table.add_row(f"[bold]{where}[/]", "", "", "")
                group = where
            table.add_row(*row)
        console.print(table)
        where = keymap.source or keys_path()
        state = "read" if keymap.source else "not there yet"
        console.print(f'Your keys file: {where} ({state}). Example line under \\[keys]: "nav.search" = "slash,ctrl+f"', highlight=False)
        for problem in keymap.problems:
            console.print(f"[red]{problem}[/]", highlight=False)
        if keymap.problems:
            raise typer.Exit(1)
