"""What every command shares: the --db option, error handling, JSON output."""

from __future__ import annotations

import dataclasses
import json
import os
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
DocumentOption = Annotated[Optional[int], typer.Option(
    "--document", help="The document the passage number is in (needed when the project has several; see 'workbench documents').")]
ReviewerOption = Annotated[Optional[str], typer.Option(
    "--reviewer", help="Look as this reviewer: in blind mode a reviewer sees every coder's codings.")]

console = Console()
err_console = Console(stderr=True)


@contextmanager
def user_errors() -> Iterator[None]:
    """Turn a core ``WorkbenchError`` into one red line and exit status 2."""
    from workbench.core.errors import WorkbenchError

    try:
        yield
    except WorkbenchError as err:
        print_error_line(str(err))
        raise typer.Exit(2) from None
    except Exception as err:
        line = database_error_line(err)
        if line is None:
            raise
        print_error_line(line)
        raise typer.Exit(2) from None


# What SQLite says when the file itself is the problem (not the command), and the fix to offer.
_DATABASE_PROBLEMS = (
    ("database is locked", "{db} is busy: another workbench (the TUI, an import) is writing to it - wait for it to finish or close it, then try again"),
    ("database table is locked", "{db} is busy: another workbench is writing to it - wait for it to finish or close it, then try again"),
    ("unable to open database", "cannot open {db} - check that the path exists and that you may read and write it"),
    ("file is not a database", "{db} is not a workbench project (not an SQLite database) - pass another --db or move the file away"),
    ("readonly database", "{db} is read-only - make the file and its folder writable, or copy it somewhere you may write"),
    ("disk image is malformed", "{db} is damaged (SQLite says the disk image is malformed) - restore it from a backup"),
    ("disk i/o error", "cannot read or write {db} (disk I/O error) - check the disk and the file's permissions"),
    ("database or disk is full", "the disk holding {db} is full - free some space and try again"),
)


def _current_db() -> str:
    """The --db of the project being opened (or WORKBENCH_DB / the default), for the error line."""
    from workbench.core.db import DEFAULT_DB, ENV_VAR

    db = _last_opened[-1] if _last_opened else None
    if db is None:  # a command that opened no project through open_project: read it off the command line
        args = sys.argv[1:]
        for i, arg in enumerate(args):
            if arg == "--db" and i + 1 < len(args):
                db = args[i + 1]
            elif arg.startswith("--db="):
                db = arg.removeprefix("--db=")
    return str(db or os.environ.get(ENV_VAR) or DEFAULT_DB)


def print_error_line(line: str) -> None:
    """The one red ``error:`` line every user error gets (the text is not read as Rich markup)."""
    from rich.markup import escape

    err_console.print(f"[bold red]error:[/] {escape(line)}", highlight=False, markup=True, soft_wrap=True)


def database_error_line(err: BaseException) -> str | None:
    """One line for an error of the database file itself (locked, unreadable, not SQLite), else None.

    These are not bugs in a command but states of the user's file, so they get
    the same one-line treatment as bad input instead of a SQLAlchemy traceback.
    """
    try:
        from sqlalchemy.exc import DBAPIError
    except ImportError:  # pragma: no cover - sqlalchemy is a dependency
        return None
    if not isinstance(err, DBAPIError):
        return None
    message = str(getattr(err, "orig", None) or err).strip().splitlines()[0] if str(err).strip() else ""
    lowered = message.lower()
    for needle, template in _DATABASE_PROBLEMS:
        if needle in lowered:
            return template.format(db=_current_db())
    if isinstance(err.orig, Exception) and type(err.orig).__name__ in {"OperationalError", "DatabaseError"}:
        return f"database {_current_db()}: {message} - check the file, or pass another --db"
    return None


# The --db each open_project call was given, newest last, so a database error can name the file.
_last_opened: list[str | None] = []


def forget_opened_projects() -> None:
    _last_opened.clear()


def open_project(db: str | None, *, create: bool = True):
    from workbench.core.db import open_store

    _last_opened.append(db)
    return open_store(db, create=create)


@contextmanager
def project(db: str | None, *, create: bool = False) -> Iterator[Any]:
    """An existing project for one command: user errors become one line, and it is always closed."""
    with user_errors():
        store = open_project(db, create=create)
        try:
            yield store
        finally:
            store.close()


def viewer_for(store, reviewer: str | None, coder=None) -> str | None:
    """Who is looking (blind mode shows a coder only their own codings): a --reviewer, checked to be one, else a single --coder."""
    if reviewer:
        from workbench.core.coding import check_reviewer

        check_reviewer(store, reviewer)
        return reviewer
    if isinstance(coder, (list, tuple)):
        return coder[0] if len(coder) == 1 else None
    return coder or None


def passage_id(store, number: int, document: int | None = None) -> int:
    """The passage people call "passage N" (of --document, or of the only document), as the core stores it."""
    from workbench.core.numbering import resolve_passage

    with store.reading() as conn:
        return resolve_passage(conn, number, document)


def passage_label(store, passage: int) -> str:
    """ "passage N" (and its document when the project has several) for a stored passage id."""
    from workbench.core.documents import list_documents
    from workbench.core.numbering import passage_numbers

    with store.reading() as conn:
        document, number = passage_numbers(conn, [passage])[passage]
    return f"passage {number}" + (f" of document {document}" if len(list_documents(store)) > 1 else "")


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
