"""What every command shares: the --db option, error handling, JSON output."""

from __future__ import annotations

import dataclasses
import json
import sys
from contextlib import contextmanager
from typing import Annotated, Any, Iterator, Optional

import typer
from rich.console import Console

DbOption = Annotated[
    Optional[str],
    typer.Option("--db", envvar="WORKBENCH_DB", help="Project database: a path (SQLite) or a URL. Default ./workbench.db."),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]

console = Console()
err_console = Console(stderr=True)


@contextmanager
def user_errors() -> Iterator[None]:
    """Turn a core ``WorkbenchError`` into one red line and exit status 2."""
    from workbench.core.errors import WorkbenchError

    try:
        yield
    except WorkbenchError as err:
        err_console.print(f"[bold red]error:[/] {err}", highlight=False, markup=True, soft_wrap=True)
        raise typer.Exit(2) from None


def open_project(db: str | None, *, create: bool = True):
    from workbench.core.db import open_store

    return open_store(db, create=create)


def to_jsonable(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {k: to_jsonable(v) for k, v in dataclasses.asdict(value).items()}
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [to_jsonable(v) for v in value]
    return value


def print_json(value: Any) -> None:
    sys.stdout.write(json.dumps(to_jsonable(value), ensure_ascii=False, indent=2) + "\n")
