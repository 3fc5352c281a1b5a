"""Coding from the command line: code, uncode, recode, undo, redo, codings export/import."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from ._common import (
    DbOption,
    DocumentOption,
    JsonOption,
    ReviewerOption,
    console,
    passage_id,
    passage_label,
    print_json,
    project,
    viewer_for,
)

CoderOption = Annotated[str, typer.Option("--coder", "-c", envvar="WORKBENCH_CODER", help="Your coder name (or set WORKBENCH_CODER).")]
CaseSetOption = Annotated[Optional[str], typer.Option("--case-set", help="The case set the --cases names belong to (default: the one the code counts).")]
FormatOption = Annotated[Optional[str], typer.Option("--format", help="csv or jsonl (default: from the file's extension).")]


def _span(value: str | None):
    from workbench.core.errors import InvalidInput

    if value is None:
        return None
    start, sep, end = value.partition(":")
    try:
        if not sep:
            raise ValueError
        return int(start), int(end)
    except ValueError:
        raise InvalidInput(f"--span {value!r} is not START:END - give two character offsets, e.g. --span 0:40") from None


def _cases(value: str | None):
    if value is None:
        return None
    return [c.strip() for c in value.split(",") if c.strip()]


def _show(store, view, verb: str) -> None:
    cases = ", ".join(view.cases) if view.cases else "[dim]no cases[/]"
    span = f" chars {view.span[0]}:{view.span[1]}" if view.span else ""
    memo = f' memo "{view.memo}"' if view.memo else ""
    where = passage_label(store, view.passage_id)
    console.print(f"{verb} coding [bold]{view.id}[/]: {where}{span} [cyan]{view.code_path}[/] by {view.coder}: {cases}{memo}", highlight=False)


def register(app: typer.Typer) -> None:
    @app.command("code")
    def code(
        passage: Annotated[int, typer.Argument(help="Passage number, as the reader, 'workbench passages' and 'workbench search' show it.")],
        code: Annotated[str, typer.Argument(help="Code path, e.g. kompetensförsörjning/validering.")],
        coder: CoderOption,
        cases: Annotated[Optional[str], typer.Option("--cases", help='The cases it concerns: "Blekinge, Gävleborg". Default: the document\'s own case, if any.')] = None,
        memo: Annotated[str, typer.Option("--memo", help="A note kept with the coding.")] = "",
        span: Annotated[Optional[str], typer.Option("--span", help="START:END character offsets inside the passage (default: the whole passage).")] = None,
        case_set: CaseSetOption = None,
        document: DocumentOption = None,
        db: DbOption = None,
        json: JsonOption = False,
    ) -> None:
        """Code a passage with a code and the cases it concerns."""
        from workbench.core.coding import add_coding, suggestions_for

        with project(db) as store:
            passage = passage_id(store, passage, document)
            view = add_coding(store, passage_id=passage, code=code, coder=coder, cases=_cases(cases), memo=memo,
                              span=_span(span), case_set=case_set)
            if json:
                print_json(view)
                return
            _show(store, view, "Added")
            if cases is None and not view.cases:
                offered = suggestions_for(store, passage).cases
                if offered:
                    console.print(f"[yellow]No cases given.[/] Named in the passage or its footnotes: {', '.join(offered)}"
                                  f" - add them with 'workbench recode {view.id} --cases \"...\" --coder {coder}'", highlight=False)

    @app.command("recode")
    def recode(
        coding_id: Annotated[int, typer.Argument(help="Coding id.")],
        coder: CoderOption,
        cases: Annotated[Optional[str], typer.Option("--cases", help="New cases (replaces the old ones).")] = None,
        code: Annotated[Optional[str], typer.Option("--code", help="New code path.")] = None,
        memo: Annotated[Optional[str], typer.Option("--memo", help="New memo.")] = None,
        span: Annotated[Optional[str], typer.Option("--span", help="New START:END span; 'all' for the whole passage.")] = None,
        case_set: CaseSetOption = None,
        db: DbOption = None,
        json: JsonOption = False,
    ) -> None:
        """Change a coding's cases, code, memo or span."""
        from workbench.core.coding import UNCHANGED, update_coding

        with project(db) as store:
            new_span = UNCHANGED if span is None else (None if span == "all" else _span(span))
            view = update_coding(store, coding_id, coder=coder, cases=_cases(cases), code=code, memo=memo, span=new_span,
                                 case_set=case_set)
            print_json(view) if json else _show(store, view, "Updated")

    @app.command("uncode")
    def uncode(
        coding_id: Annotated[int, typer.Argument(help="Coding id.")],
        coder: CoderOption,
        db: DbOption = None,
        json: JsonOption = False,
    ) -> None:
        """Remove a coding ('workbench undo' brings it back)."""
        from workbench.core.coding import remove_coding

        with project(db) as store:
            view = remove_coding(store, coding_id, coder=coder)
            print_json(view) if json else _show(store, view, "Removed")

    def _change(which: str, coder: str, db, json: bool) -> None:
        from workbench.core import coding

        with project(db) as store:
            change = getattr(coding, which)(store, coder)
            if json:
                print_json(change)
                return
            verb = {"add": "adding", "update": "editing", "remove": "removing"}[change.reverted_action]
            state = change.after
            console.print(
                f"{which.capitalize()}: {verb} coding {change.coding_id}"
                + (f" - now {state.code_path}: {', '.join(state.cases) or 'no cases'}" if state else " - it is gone"),
                highlight=False,
            )

    @app.command("undo")
    def undo(coder: CoderOption, db: DbOption = None, json: JsonOption = False) -> None:
        """Undo your latest coding change."""
        _change("undo", coder, db, json)

    @app.command("redo")
    def redo(coder: CoderOption, db: DbOption = None, json: JsonOption = False) -> None:
        """Redo the change you last undid."""
        _change("redo", coder, db, json)

    @app.command("history")
    def history_(
        coder: Annotated[Optional[str], typer.Option("--coder", "-c", help="Only this coder's changes.")] = None,
        limit: Annotated[int, typer.Option("--limit", "-n", help="How many changes.")] = 20,
        reviewer: ReviewerOption = None,
        db: DbOption = None,
        json: JsonOption = False,
    ) -> None:
        """The audit trail: the latest coding changes, newest first (undone ones marked)."""
        from rich.table import Table

        from workbench.core.coding import history

        with project(db) as store:
            entries = history(store, coder, limit=limit, viewer=viewer_for(store, reviewer, coder))
        if json:
            print_json(entries)
            return
        table = Table(show_lines=False, pad_edge=False)
        for column in ("#", "time (UTC)", "coder", "action", "coding", "now"):
            table.add_column(column)
        for e in entries:
            state = e.after or e.before
            what = f"{state.code_path}: {', '.join(state.cases) or 'no cases'}" if state else ""
            action = e.action + (f" #{e.reverts_id}" if e.reverts_id else "") + (" [dim](undone)[/]" if e.undone else "")
            table.add_row(str(e.id), e.at[:19].replace("T", " "), e.coder, action, str(e.coding_id or ""),
                          what if e.after or not state else f"[dim]gone[/] {what}")
        console.print(table)

    codings = typer.Typer(help="Codings as files: export and import CSV or JSONL (coder, document, passage, span, code, cases, memo).",
                          no_args_is_help=True)
    app.add_typer(codings, name="codings")

    @codings.command("export")
    def export(
        file: Annotated[Path, typer.Argument(help="File to write: .csv or .jsonl.")],
        fmt: FormatOption = None,
        coder: Annotated[Optional[str], typer.Option("--coder", help="Only this coder's codings (in blind mode: you).")] = None,
        reviewer: ReviewerOption = None,
        db: DbOption = None,
    ) -> None:
        """Write every coding to a CSV or JSONL file (the coder column names each coding's set, consensus included)."""
        from workbench.core.coding_io import export_codings

        with project(db) as store:
            n = export_codings(store, file, fmt=fmt, coder=coder, viewer=viewer_for(store, reviewer, coder))
        console.print(f"Wrote {n} codings to {file}" + (f" (coder {coder})" if coder else " (every coder, consensus set included)"), highlight=False)

    @codings.command("import")
    def import_(
        file: Annotated[Path, typer.Argument(help="File to read: .csv or .jsonl.")],
        fmt: FormatOption = None,
        case_set: CaseSetOption = None,
        db: DbOption = None,
        json: JsonOption = False,
    ) -> None:
        """Add the codings of a file, all or nothing: a bad row names its line and nothing is written."""
        from workbench.core.coding_io import import_codings

        with project(db) as store:
            result = import_codings(store, file, fmt=fmt, case_set=case_set)
        if json:
            print_json(result)
            return
        console.print(f"Imported {result.added} codings from {file}"
                      + (f" ({result.skipped} already there, skipped)" if result.skipped else ""), highlight=False)
