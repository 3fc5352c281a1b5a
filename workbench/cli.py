"""The command-line face: parse arguments, call the core, print with Rich.

Command groups live in ``workbench/commands/``; each module registers its
commands on the one Typer app here and imports the core lazily, so that
``workbench --help`` stays fast. Textual is imported only by the TUI commands.
"""

from __future__ import annotations

import typer

app = typer.Typer(
    name="workbench",
    help="Qualitative coding workbench: code report passages by region, publish exact counts with footnotes.",
    no_args_is_help=False,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _register() -> None:
    from workbench.commands import COMMAND_MODULES

    for module in COMMAND_MODULES:
        module.register(app)


_register()


@app.callback(invoke_without_command=True)
def _default(ctx: typer.Context) -> None:
    """Without a command, open the coding TUI on the project database."""
    from workbench.commands._common import forget_opened_projects

    forget_opened_projects()  # each invocation names its own --db in a database error (matters in tests)
    if ctx.invoked_subcommand is None:
        tui = ctx.command.get_command(ctx, "tui")
        if tui is None:
            typer.echo(ctx.get_help())
            raise typer.Exit(0)
        ctx.invoke(tui)


def main() -> None:
    """Run the app; a database-file problem a command did not catch still becomes one line, exit 2."""
    try:
        app()
    except Exception as err:
        from workbench.commands._common import database_error_line, print_error_line

        line = database_error_line(err)
        if line is None:
            raise
        print_error_line(line)
        raise SystemExit(2) from None
