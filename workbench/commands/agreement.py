"""`workbench agreement` and `workbench disagreements`: do the coders read the reports alike?"""

from __future__ import annotations

import csv
import sys
from enum import Enum
from typing import Annotated, Optional

import typer

from ._common import DbOption, console, open_project, print_json, user_errors


class Format(str, Enum):
    text = "text"
    json = "json"
    csv = "csv"


class Level(str, Enum):
    case = "case"
    passage = "passage"
    span = "span"


class Metric(str, Enum):
    nominal = "nominal"
    ordinal = "ordinal"
    interval = "interval"
    ratio = "ratio"


FormatOption = Annotated[Format, typer.Option("--format", "-f", help="text (a table), json or csv.")]

LABELS = {
    "percent": "%",
    "cohen_kappa": "Cohen",
    "fleiss_kappa": "Fleiss",
    "krippendorff_alpha": "α",
    "gwet_ac1": "AC1",
    "brennan_prediger": "BP",
}


def _style(value: float | None) -> str:
    from workbench.core.agreement.report import verdict

    return {"n/a": "dim", "low": "red", "tentative": "yellow", "good": "green"}[verdict(value)]


def _cell(name: str, value: float | None) -> str:
    if value is None:
        return "[dim]n/a[/]"
    if name == "percent":
        return f"{100 * value:.1f}"
    return f"[{_style(value)}]{value:.3f}[/]"


def _print_text(report) -> None:
    from rich.table import Table

    title = f"Agreement at {report.level} level" if report.level != "table" else f"Agreement: {report.source}"
    table = Table(title=title, caption=f"coders: {', '.join(report.coders)}  ·  α < 0.667 red, < 0.8 yellow  ·  "
                  "% agreement, Cohen's and Fleiss' κ, Krippendorff's α, Gwet's AC1, Brennan–Prediger",
                  header_style="bold", title_justify="left", caption_justify="left")
    table.add_column("Code", overflow="fold", min_width=16, ratio=1)
    table.add_column("Units", justify="right")
    for label in LABELS.values():
        table.add_column(label, justify="right")
    rows = list(report.entries)
    if report.pooled:
        rows.append(report.pooled)
    if report.mean:
        rows.append(report.mean)
    for i, entry in enumerate(rows):
        values = entry.summary.values()
        code = entry.code
        if entry.interval is not None and entry.interval.low is not None:
            code += f"  [dim](α {entry.interval.confidence:.0%} CI {entry.interval.low:.3f}–{entry.interval.high:.3f})[/]"
        table.add_row(code, str(entry.summary.n_units), *(_cell(n, values[n]) for n in LABELS),
                      end_section=(i == len(report.entries) - 1 and len(rows) > len(report.entries)))
    console.print(table)
    reasons: dict[str, set[str]] = {}
    for entry in report.entries:
        for name, reason in entry.summary.reasons().items():
            if name == "cohen_kappa" and report.pairwise is not None:
                continue  # more than two coders: the pairwise matrix below stands in for it
            reasons.setdefault(reason, set()).add(entry.code)
    for reason, codes in sorted(reasons.items()):
        where = next(iter(codes)) if len(codes) == 1 else f"{len(codes)} codes"
        console.print(f"[dim]{where}: {reason}[/]", highlight=False)
    if report.mean and report.mean.n_undefined and any(report.mean.n_undefined.values()):
        parts = [f"{LABELS[n]} {k}" for n, k in report.mean.n_undefined.items() if k]
        console.print(f"[dim]mean leaves out the n/a codes: {', '.join(parts)}[/]", highlight=False)
    if report.pairwise is not None:
        pooled = " (pooled over codes)" if len(report.entries) > 1 else ""
        matrix = Table(title=f"Cohen's κ per pair of coders{pooled}", header_style="bold")
        matrix.add_column("")
        for name in report.pairwise.coders:
            matrix.add_column(name, justify="right")
        matrix.add_column("mean", justify="right")
        means = report.pairwise.mean_by_coder()
        for i, name in enumerate(report.pairwise.coders):
            cells = ["—" if i == j else _cell("k", m.value) for j, m in enumerate(report.pairwise.cells[i])]
            matrix.add_row(name, *cells, _cell("k", means[name].value))
        console.print(matrix)
    if report.segments:
        _print_segments(report.segments)
    for note in report.notes:
        console.print(f"[dim]{note}[/]", highlight=False)


def _print_segments(segments) -> None:
    console.print("[bold]Segment matching[/] (MAXQDA style: a segment matches when the other coder's segment "
                  "of the code overlaps it enough)", highlight=False)
    for s in segments:
        share = "n/a" if s.share is None else f"{s.matched}/{s.total} matched ({100 * s.share:.0f} %)"
        console.print(f"  {s.code} · {s.document} · {' vs '.join(s.coders)}: {share}", highlight=False)
        for u in s.unmatched:
            console.print(f"    [red]{u.segment.coder}, unmatched:[/] passage {u.segment.passage_id} "
                          f"[{u.segment.start}:{u.segment.end}] (best overlap {100 * u.best_overlap:.0f} %): "
                          f"[dim]{u.quote}[/]", highlight=False)


def _emit(report, fmt: Format) -> None:
    from workbench.core.agreement.report import report_dict, report_rows

    if fmt is Format.json:
        print_json(report_dict(report))
    elif fmt is Format.csv:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerows(report_rows(report))
    else:
        _print_text(report)


def register(app: typer.Typer) -> None:
    @app.command()
    def agreement(
        table: Annotated[Optional[str], typer.Option("--table", help="A units × coders CSV (unit column, one column per coder, empty = missing) instead of the project.")] = None,
        coders: Annotated[Optional[str], typer.Option("--coders", help="Coders to compare, comma-separated (default: every coder with codings).")] = None,
        level: Annotated[Level, typer.Option("--level", help="case (regions), passage, or span (characters).")] = Level.case,
        code: Annotated[Optional[str], typer.Option("--code", help="Only this code and the codes below it.")] = None,
        fmt: FormatOption = Format.text,
        metric: Annotated[Metric, typer.Option("--metric", help="Krippendorff's alpha metric for --table data.")] = Metric.nominal,
        bootstrap: Annotated[int, typer.Option("--bootstrap", help="Bootstrap resamples for a confidence interval of alpha (0 = none).")] = 0,
        seed: Annotated[int, typer.Option("--seed", help="Seed of the bootstrap (same seed, same interval).")] = 0,
        min_overlap: Annotated[float, typer.Option("--min-overlap", help="Span level: share of overlap (intersection/union) for two segments to match.")] = 0.9,
        db: DbOption = None,
    ) -> None:
        """Intercoder agreement per code: percent, Cohen, Fleiss, Krippendorff's alpha, Gwet's AC1, Brennan–Prediger."""
        with user_errors():
            if table:
                report = _table_report(table, metric.value, bootstrap, seed)
            else:
                report = _project_report(db, coders, level.value, code, bootstrap, seed, min_overlap)
            _emit(report, fmt)

    @app.command()
    def disagreements(
        code: Annotated[Optional[str], typer.Option("--code", help="Only this code and the codes below it.")] = None,
        coders: Annotated[Optional[str], typer.Option("--coders", help="Coders to compare, comma-separated (default: every coder with codings).")] = None,
        fmt: FormatOption = Format.text,
        db: DbOption = None,
    ) -> None:
        """Where coders differ: per code, the cases and passages with each coder's evidence (passage, quote, memo)."""
        with user_errors():
            _disagreements(db, coders, code, fmt)


def _table_report(path: str, metric: str, bootstrap: int, seed: int):
    from workbench.core.agreement.report import build_report
    from workbench.core.agreement.table_file import numeric_rows, read_table_file

    data = read_table_file(path)
    tables = {}
    for t in data.tables:
        tables[t.code] = numeric_rows(t, data.path) if metric in ("interval", "ratio") else list(t.rows)
    return build_report(tables, coders=data.coders, source=f"table {path}", level="table", metric=metric,
                        bootstrap=bootstrap, seed=seed)


def _split_coders(coders: str | None) -> list[str] | None:
    if not coders:
        return None
    return [c.strip() for c in coders.split(",") if c.strip()]


def _project_report(db, coders, level, code, bootstrap, seed, min_overlap):
    from workbench.core.agreement.levels import agreement_report

    store = open_project(db, create=False)
    try:
        return agreement_report(store, coders=_split_coders(coders), level=level, code=code,
                                bootstrap=bootstrap, seed=seed, min_overlap=min_overlap)
    finally:
        store.close()


def _disagreements(db, coders, code, fmt: Format) -> None:
    from workbench.core.agreement.disagreements import disagreement_rows, find_disagreements

    store = open_project(db, create=False)
    try:
        found = find_disagreements(store, coders=_split_coders(coders), code=code)
    finally:
        store.close()
    if fmt is Format.json:
        print_json(found)
        return
    if fmt is Format.csv:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerows(disagreement_rows(found))
        return
    _print_disagreements(found)


def _print_disagreements(found) -> None:
    from rich.table import Table

    if not found.codes:
        console.print(f"No disagreements between {', '.join(found.coders)}.", highlight=False)
        return
    for item in found.codes:
        table = Table(title=f"{item.code}: {len(item.cases)} case(s), {len(item.passages)} passage(s) differ",
                      header_style="bold", show_lines=True, title_justify="left")
        table.add_column("Where", overflow="fold", ratio=1)
        for coder in found.coders:
            table.add_column(coder, overflow="fold", ratio=2)
        for case in item.cases:
            cells = []
            for coder in found.coders:
                mark = "[green]gives it[/]" if coder in case.given_by else "[red]does not[/]"
                lines = [mark] + [_evidence_line(e, with_cases=False) for e in case.evidence.get(coder, ())]
                cells.append("\n".join(lines))
            table.add_row(f"[bold]{case.case}[/]", *cells)
        for passage in item.passages:
            cells = []
            named = {c: {x for e in evs for x in e.cases} for c, evs in passage.by_coder.items() if evs}
            common = set.intersection(*named.values()) if named else set()
            for coder in found.coders:
                evidence = passage.by_coder.get(coder, ())
                if not evidence:
                    cells.append("[red]not coded[/]")
                    continue
                lines = [_evidence_line(e, with_cases=passage.kind == "coded") for e in evidence]
                if passage.kind == "cases":
                    only = sorted(named[coder] - common, key=_case_key)
                    lines.insert(0, f"[yellow]only this coder: {', '.join(only) or '—'}[/]")
                cells.append("\n".join(lines))
            what = "coded by some" if passage.kind == "coded" else "different cases"
            table.add_row(f"passage {passage.passage_id} ({what})\n[dim]{passage.quote}[/]", *cells)
        console.print(table)


def _case_key(name: str):
    from workbench.core.agreement.levels import case_sort_key

    return case_sort_key(name)


def _evidence_line(e, *, with_cases: bool = True) -> str:
    from rich.markup import escape

    cases = (" (" + escape(", ".join(e.cases) if e.cases else "no cases") + ")") if with_cases else ""
    memo = f" [italic]memo: {escape(e.memo)}[/]" if e.memo else ""
    return f"p{e.passage_id}{cases}{memo}: [dim]{escape(e.quote)}[/]"
