"""Project-level commands: the demo, and (for now) nothing else."""

from __future__ import annotations

import typer

from ._common import DbOption, user_errors


def register(app: typer.Typer) -> None:
    @app.command()
    def demo(db: DbOption = None) -> None:
        """Open the bundled example project (the 2020 report, coded from its own footnotes)."""
        with user_errors():
            typer.echo("demo: not built yet")
