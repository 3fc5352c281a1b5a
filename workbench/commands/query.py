"""Asking the codings: query (phrase + footnote), matrix (code x case), export footnotes."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, List, Optional

import typer

from ._common import DbOption, JsonOption, ReviewerOption, console, print_json, project, user_errors, viewer_for

CoderFilter = Annotated[Optional[List[str]], typer.Option(
    "--coder", help="Only this coder's codings (repeatable). Default: all coders, not the consensus set. In blind mode: you.")]
ConsensusOption = Annotated[bool, typer.Option("--consensus", help="Only the adjudicated (consensus) codings (see 'workbench adjudicate').")]
ExactOption = Annotated[bool, typer.Option("--exact", help="The code itself only, not its subtree.")]
DocumentOption = Annotated[Optional[int], typer.Option("--document", help="Only codings in this document (id).")]
SectionOption = Annotated[Optional[int], typer.Option("--section", help="Only codings in this section (id) and its subsections.")]
CaseSetOption = Annotated[Optional[str], typer.Option("--case-set", help="The case set to count (default: the one the codes count).")]
LangOption = Annotated[str, typer.Option("--lang", help="sv (the report's Swedish) or en.")]
ProportionOption = Annotated[bool, typer.Option("--proportion", help='Proportion words: "Drygt hälften av regionerna" (see docs/phrasing.md).')]
ThresholdOption = Annotated[int, typer.Option("--threshold", help='At most this many missing -> "Samtliga regioner utom ...".')]
FootnoteFormOption = Annotated[str, typer.Option(
    "--footnote-form", help='auto (complement when the phrase says all or all-but), list, or complement ("Samtliga regioner utom X, Y.").')]


def _complement(form: str):
    from workbench.core.errors import InvalidInput

    forms = {"auto": None, "list": False, "complement": True}
    if form not in forms:
        raise InvalidInput(f"unknown footnote form {form!r} - use auto, list or complement")
    return forms[form]


def _coders(coder):
    return None if not coder else (coder[0] if len(coder) == 1 else list(coder))


def register(app: typer.Typer) -> None:
    @app.command("query")
    def query(
        expressions: Annotated[List[str], typer.Argument(help='One or more queries, e.g. "kompetensförsörjning/validering AND NOT samverkan".')],
        coder: CoderFilter = None,
        consensus: ConsensusOption = False,
        exact: ExactOption = False,
        document: DocumentOption = None,
        section: SectionOption = None,
        case_set: CaseSetOption = None,
        lang: LangOption = "sv",
        proportion: ProportionOption = False,
        threshold: ThresholdOption = 3,
        footnote_form: FootnoteFormOption = "auto",
        evidence: Annotated[bool, typer.Option("--evidence", help="List the coded passages behind each case.")] = False,
        fmt: Annotated[str, typer.Option("--format", help="text, md, json or csv.")] = "text",
        reviewer: ReviewerOption = None,
        db: DbOption = None,
    ) -> None:
        """Which cases have a code: the report's phrase ("13 regioner") and footnote (the cases in Swedish order).

        Operators AND, OR, NOT (capitals) and parentheses; quote a code path that contains them.
        --format json prints one object (a list for several queries) with query, count, total, phrase, cases, footnote.
        """
        from workbench.core.errors import InvalidInput
        from workbench.core.export import claim_records, render_claims
        from workbench.core.query import cases_for

        with user_errors():
            if fmt not in ("text", "md", "json", "csv"):
                raise InvalidInput(f"unknown format {fmt!r} - use text, md, json or csv")
        with project(db) as store:
            viewer = viewer_for(store, reviewer, coder)
            results = [
                cases_for(store, expr, coder=_coders(coder), consensus=consensus, exact=exact, document_id=document,
                          section_id=section, case_set=case_set, lang=lang, proportion=proportion, threshold=threshold,
                          complement=_complement(footnote_form), evidence=evidence, viewer=viewer)
                for expr in expressions
            ]
        if fmt == "json":
            records = claim_records(results)
            for rec, res in zip(records, results):
                rec.update(missing=list(res.missing), coders=res.coders, exact=res.exact, case_set=res.case_set)
                if evidence:
                    rec["evidence"] = [
                        {"case": e.case, "document": e.document, "document_id": e.document_id, "page": e.page_label,
                         "section": e.section, "passage": e.passage, "passage_id": e.passage_id, "coding_id": e.coding_id, "code": e.code_path,
                         "coder": e.coder, "quote": e.quote}
                        for e in res.evidence
                    ]
            print_json(records[0] if len(records) == 1 else records)
            return
        if fmt in ("md", "csv"):
            typer.echo(render_claims(results, fmt), nl=False)
            return
        for res in results:
            console.print(f"[dim]{res.query}  (coders: {res.coders})[/]", highlight=False)
            console.print(f"[bold]{res.phrase}[/]  [dim]({res.count} of {res.total})[/]", highlight=False)
            if res.footnote:
                console.print(f"  {res.footnote}", highlight=False)
            for e in res.evidence:
                page = f" p. {e.page_label}" if e.page_label else ""
                quote = " ".join(e.quote.split())
                quote = quote if len(quote) <= 100 else quote[:99] + "…"
                console.print(f"    [cyan]{e.case}[/]: {e.document}{page}, passage {e.passage}: [italic]{quote}[/]", highlight=False)

    @app.command("matrix")
    def matrix_(
        subtree: Annotated[Optional[str], typer.Argument(help="A code path; default: every code.")] = None,
        coder: CoderFilter = None,
        consensus: ConsensusOption = False,
        exact: ExactOption = False,
        document: DocumentOption = None,
        section: SectionOption = None,
        case_set: CaseSetOption = None,
        reviewer: ReviewerOption = None,
        db: DbOption = None,
        json: JsonOption = False,
    ) -> None:
        """The code x case matrix: codings per code (with its subtree) and case, coloured by count."""
        from rich.table import Table

        from workbench.core.query import matrix

        with project(db) as store:
            grid = matrix(store, subtree, coder=_coders(coder), consensus=consensus, exact=exact,
                          document_id=document, section_id=section, case_set=case_set, viewer=viewer_for(store, reviewer, coder))
        if json:
            print_json(grid)
            return
        top = max((max(row) for row in grid.cells if row), default=0)
        table = Table(title=f"{grid.subtree or 'All codes'} x {grid.case_set} (coders: {grid.coders})", show_lines=False, pad_edge=False)
        table.add_column("code", no_wrap=True)
        table.add_column("n", justify="right", style="bold")
        short = _abbreviations(grid.cases)
        for case in grid.cases:
            table.add_column(short[case], justify="right")
        for i, code in enumerate(grid.codes):
            name = "  " * grid.depths[i] + code.rsplit("/", 1)[-1]
            cells = [_cell(n, top) for n in grid.cells[i]]
            table.add_row(name, str(len(grid.row_cases(i))), *cells)
        console.print(table)
        console.print("[dim]n = cases with the code; columns: " + ", ".join(f"{short[c]} {c}" for c in grid.cases if short[c] != c) + "[/]",
                      highlight=False)
        if grid.other_codes:
            console.print(f"[dim]{grid.other_codes} codes here count another case set than {grid.case_set}:"
                          " show them with --case-set NAME[/]", highlight=False)

    export = typer.Typer(help="Export claims: every code's phrase and numbered footnote.", no_args_is_help=True)
    app.add_typer(export, name="export")

    @export.command("footnotes")
    def footnotes(
        subtree: Annotated[Optional[str], typer.Argument(help="A code path; default: every code.")] = None,
        output: Annotated[Path, typer.Option("-o", "--output", help="File to write.")] = Path("claims.md"),
        fmt: Annotated[Optional[str], typer.Option("--format", help="md, csv, json or xlsx (default: from the extension).")] = None,
        coder: CoderFilter = None,
        consensus: ConsensusOption = False,
        exact: ExactOption = False,
        case_set: CaseSetOption = None,
        lang: LangOption = "sv",
        proportion: ProportionOption = False,
        threshold: ThresholdOption = 3,
        footnote_form: FootnoteFormOption = "auto",
        reviewer: ReviewerOption = None,
        db: DbOption = None,
    ) -> None:
        """Write every code's phrase and footnote (xlsx: a sheet of claims and a sheet of the matrix)."""
        from workbench.core.export import export_footnotes

        with project(db) as store:
            summary = export_footnotes(store, output, subtree=subtree, fmt=fmt, coder=_coders(coder),
                                       consensus=consensus, exact=exact, lang=lang, proportion=proportion,
                                       threshold=threshold, complement=_complement(footnote_form), case_set=case_set,
                                       viewer=viewer_for(store, reviewer, coder))
        console.print(f"Wrote {summary.claims} claims to {summary.path} ({summary.format}; coders: {summary.coders})", highlight=False)


def _abbreviations(names) -> dict[str, str]:
    """Short column headers: initials for several words, else the shortest unique prefix of at least four letters."""
    out = {}
    for name in names:
        words = name.split()
        if len(words) > 1:
            out[name] = "".join(w[0] for w in words)
            continue
        size = 4
        while size < len(name) and any(o != name and o.startswith(name[:size]) for o in names):
            size += 1
        out[name] = name[:size]
    return out


def _cell(n: int, top: int) -> str:
    if n == 0:
        return "[dim]·[/]"
    share = n / top if top else 0
    style = "green" if share < 0.25 else "yellow" if share < 0.5 else "dark_orange" if share < 0.75 else "bold red"
    return f"[{style}]{n}[/]"
