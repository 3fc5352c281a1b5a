"""`workbench tui`: the coding TUI (also what a bare `workbench` opens)."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from ._common import DbOption, user_errors


def register(app: typer.Typer) -> None:
    @app.command()
    def tui(
        db: DbOption = None,
        coder: Annotated[Optional[str], typer.Option("--coder", help="Code as this coder (default: the name remembered for this project, asked once).")] = None,
    ) -> None:
        """Open the coding TUI: read passages, tag them with codes and regions, see counts and footnotes."""
        from workbench.tui.app import run_app

        with user_errors():  # a missing or unreadable project: one line, exit 2
            run_app(db, coder=coder)
