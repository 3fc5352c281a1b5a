"""The demo: the bundled report as a ready project."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from ._common import console, user_errors


def register(app: typer.Typer) -> None:
    @app.command()
    def demo(
        db: Annotated[Optional[str], typer.Option("--db", help="Where to keep the demo database (default examples/demo.db).")] = None,
        rebuild: Annotated[bool, typer.Option("--rebuild", help="Rebuild the demo even if its inputs are unchanged.")] = False,
        no_tui: Annotated[bool, typer.Option("--no-tui", help="Build and summarise the demo, don't open the TUI.")] = False,
    ) -> None:
        """Open the coding TUI on the bundled example: the 2020 report, coded from its own footnotes."""
        from workbench.core.demo import build_demo

        with user_errors():
            with console.status("Building the demo project…"):
                built = build_demo(db, force=rebuild)
        if built.rebuilt:
            console.print(
                f"Built {built.db_path}: {built.coded} of {built.claims} claims of the report coded; "
                f"{len(built.problems)} problems in the report's own footnotes (see `workbench check`)."
            )
        if no_tui:
            console.print(f"Demo project: {built.db_path} ({built.coded} codings).")
            return
        from workbench.tui.app import run_app

        run_app(f"sqlite:///{built.db_path}")
