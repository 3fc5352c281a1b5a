"""Importing documents and browsing them: import, documents, passages, show, search."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, List, Optional

import typer

from rich.markup import escape

from ._common import (
    DbOption,
    JsonOption,
    console,
    database_error_line,
    err_console,
    open_project,
    print_error_line,
    print_json,
    ReviewerOption,
    DocumentOption,
    passage_id,
    project,
    user_errors,
    viewer_for,
)


def _snippet(text: str, needle: str | None = None, width: int = 110) -> str:
    flat = " ".join(text.split())
    if len(flat) <= width:
        return flat
    start = 0
    if needle:
        at = flat.casefold().find(needle.casefold())
        if at > width // 3:
            start = at - width // 3
    piece = flat[start : start + width]
    return ("…" if start else "") + piece + ("…" if start + width < len(flat) else "")


def _with_markers(text: str, refs) -> str:
    """Passage text with its footnote numbers put back where they stood, as [195]."""
    from rich.markup import escape

    out, pos = [], 0
    for ref in sorted(refs, key=lambda r: r.char_offset):
        out.append(escape(text[pos : ref.char_offset]))
        out.append(f"[bold cyan]\\[{ref.number}][/]")
        pos = ref.char_offset
    out.append(escape(text[pos:]))
    return "".join(out)


def register(app: typer.Typer) -> None:
    @app.command("import")
    def import_(
        files: Annotated[List[Path], typer.Argument(help="Files to import: .txt (incl. text extracted from a report PDF), .md, .docx, .pdf.")],
        case: Annotated[Optional[str], typer.Option("--case", help="The case the document belongs to, e.g. a region's own report.")] = None,
        db: DbOption = None,
        json: JsonOption = False,
    ) -> None:
        """Import documents into the project; an unchanged file is not imported twice."""
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        from workbench.core.errors import WorkbenchError
        from workbench.core.importing.writer import import_file

        with user_errors():
            store = open_project(db)
        results, refused = [], 0
        try:
            for path in files:
                progress = Progress(
                    TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                    console=err_console, transient=True, disable=not err_console.is_terminal,
                )
                with progress:
                    task = progress.add_task(f"Importing {path.name}", total=None)

                    def report(done: int, total: int, task=task, progress=progress) -> None:
                        progress.update(task, completed=done, total=total)

                    try:
                        result = import_file(store, path, case=case, progress=report)
                    except WorkbenchError as err:
                        refused += 1
                        err_console.print(f"[bold red]error:[/] {escape(str(err))}", highlight=False, soft_wrap=True)
                        continue
                    except Exception as err:  # the project file itself (locked, read-only): stop, nothing of this file written
                        line = database_error_line(err)
                        if line is None:
                            raise
                        print_error_line(line)
                        raise typer.Exit(2) from None
                results.append(result)
                if json:
                    continue
                if result.created:
                    console.print(
                        f"Imported [bold]{escape(result.title)}[/] ({result.format}) as document {result.document_id}: "
                        f"{result.passages} passages, {result.footnotes} footnotes, {result.sections} sections, "
                        f"{result.pages} pages, {result.suggestions} case suggestions",
                        highlight=False, soft_wrap=True,
                    )
                else:
                    console.print(f"Unchanged: [bold]{escape(result.title)}[/] is already document {result.document_id}; nothing imported", highlight=False, soft_wrap=True)
                for problem in result.problems:
                    console.print(f"  [yellow]![/] {escape(problem)}", highlight=False, soft_wrap=True)
        finally:
            store.close()
        if json:
            print_json(results)
        if refused:
            raise typer.Exit(2)

    @app.command("documents")
    def documents(db: DbOption = None, json: JsonOption = False) -> None:
        """List the imported documents."""
        from rich.table import Table

        from workbench.core.documents import list_documents

        with project(db) as store:
            docs = list_documents(store)
        if json:
            print_json(docs)
            return
        if not docs:
            console.print("No documents yet - run 'workbench import FILE'.")
            return
        with_case = any(d.case for d in docs)
        headers = ["id", "title", "format"] + (["case"] if with_case else []) + ["pages", "secs", "passages", "notes"]
        table = Table(*headers)
        table.columns[1].overflow = "fold"
        table.columns[2].no_wrap = True
        for d in docs:
            cells = [str(d.id), escape(d.title), d.format] + ([escape(d.case or "")] if with_case else [])
            notes = str(d.footnotes)
            if d.missing_footnotes:
                notes += f" ({', '.join(map(str, d.missing_footnotes))} missing)"
            cells += [str(d.pages), str(d.sections), str(d.passages), notes]
            table.add_row(*cells)
        console.print(table)

    @app.command("passages")
    def passages(
        document: Annotated[str, typer.Argument(help="Document id or title.")],
        db: DbOption = None,
        json: JsonOption = False,
    ) -> None:
        """List a document's passages with their numbers (as the reader shows them), pages and footnotes."""
        from rich.table import Table

        from workbench.core.documents import get_document, list_passages
        from workbench.core.numbering import passage_number

        with project(db) as store:
            rows = list_passages(store, get_document(store, document).id)
        if json:
            print_json(rows)
            return
        table = Table("passage", "page", "kind", "text", "footnotes")
        for r in rows:
            table.add_row(str(passage_number(r.seq)), escape(r.page_label or ""), r.kind, escape(_snippet(r.text, width=90)), " ".join(map(str, r.footnotes)))
        console.print(table)

    @app.command("show")
    def show(
        passage: Annotated[int, typer.Argument(help="Passage number, as the reader, 'workbench passages' and 'workbench search' show it.")],
        document: DocumentOption = None,
        coder: Annotated[Optional[str], typer.Option("--coder", help="You, as a coder: in blind mode you see your own codings.")] = None,
        reviewer: ReviewerOption = None,
        db: DbOption = None,
        json: JsonOption = False,
    ) -> None:
        """Show a passage: text, section, page, footnotes and the cases recognised in them."""
        from rich.panel import Panel

        from workbench.core.documents import get_passage
        from workbench.core.numbering import passage_number

        with project(db) as store:
            view = get_passage(store, passage_id(store, passage, document), viewer=viewer_for(store, reviewer, coder))
        if json:
            print_json(view)
            return
        where = [view.document_title]
        if view.section:
            where.append(view.section)
        if view.page_label or view.page_seq:
            where.append(f"page {view.page_label or view.page_seq}")
        console.print(escape(" · ".join(where)), style="dim", soft_wrap=True, highlight=False)
        console.print(Panel(_with_markers(view.text, view.footnote_refs), title=f"passage {passage_number(view.seq)} ({view.kind})", title_align="left"))

        for note in view.footnotes:
            status = "" if note.status == "ok" else f" [red]({note.status})[/]"
            body = escape(note.text) if note.text else "[dim](the document has no text for this footnote)[/]"
            console.print(f"[bold cyan]{note.number}[/]{status} {body}", soft_wrap=True, highlight=False)
            if note.cases:
                console.print(f"    [green]{len(note.cases)} recognised:[/] {escape(', '.join(note.cases))}", soft_wrap=True, highlight=False)
        if view.suggested_cases:
            console.print(f"[green]Suggested cases ({len(view.suggested_cases)}):[/] {escape(', '.join(view.suggested_cases))}", soft_wrap=True, highlight=False)
        for coding in view.codings:
            console.print(f"[magenta]coded[/] {escape(coding.code_path)} by {escape(coding.coder)}: {escape(', '.join(coding.cases))}", soft_wrap=True, highlight=False)

    @app.command("search")
    def search(
        query: Annotated[str, typer.Argument(help="Words to look for; typos are forgiven.")],
        limit: Annotated[int, typer.Option("--limit", "-n", help="How many hits to show.")] = 20,
        document: Annotated[Optional[int], typer.Option("--document", help="Only this document id.")] = None,
        db: DbOption = None,
        json: JsonOption = False,
    ) -> None:
        """Search passages: exact hits first, then the closest fuzzy matches, with section and page."""
        from rich.markup import escape
        from rich.table import Table

        from workbench.core.search import search_passages

        with project(db) as store:
            hits = search_passages(store, query, limit, document_id=document)
        if json:
            print_json(hits)
            return
        if not hits:
            console.print(f"No passage matches {query!r}.", highlight=False)
            return
        several = len({h.document_id for h in hits}) > 1
        table = Table(*(["document"] if several else []), "passage", "score", "page", "section", "text")
        for h in hits:
            table.add_row(*([str(h.document_id)] if several else []), str(h.number), f"{h.score:.0f}", escape(h.page_label or ""),
                          escape(h.section or ""), escape(_snippet(h.text, query)))
        console.print(table)
