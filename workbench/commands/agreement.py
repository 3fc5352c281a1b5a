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
DocumentOption = Annotated[Optional[int], typer.Option("--document", help="Only codings in this document (id from 'workbench documents').")]
SectionOption = Annotated[Optional[str], typer.Option("--section", help="Only passages in this section and below (number, e.g. 3.4, or exact title).")]
ReviewerOption = Annotated[Optional[str], typer.Option("--reviewer", help="Your name as reviewer (needed while the project is blind).")]

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
        where = ", ".join(sorted(codes)) if len(codes) <= 3 else f"{len(codes)} codes"
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
            console.print(f"    [red]{u.segment.coder}, unmatched:[/] passage {u.passage} "
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
        categories: Annotated[Optional[str], typer.Option("--categories", help="--table: every possible value, comma-separated (fixes q for AC1 and Brennan–Prediger; default: the values in the file).")] = None,
        bootstrap: Annotated[int, typer.Option("--bootstrap", help="Bootstrap resamples for a confidence interval of alpha (0 = none).")] = 0,
        seed: Annotated[int, typer.Option("--seed", help="Seed of the bootstrap (same seed, same interval).")] = 0,
        min_overlap: Annotated[float, typer.Option("--min-overlap", help="Span level: share of overlap (intersection/union) for two segments to match.")] = 0.9,
        document: DocumentOption = None,
        section: SectionOption = None,
        reviewer: ReviewerOption = None,
        db: DbOption = None,
    ) -> None:
        """Intercoder agreement per code: percent, Cohen, Fleiss, Krippendorff's alpha, Gwet's AC1, Brennan–Prediger."""
        with user_errors():
            shared = None
            if table:
                report = _table_report(table, metric.value, bootstrap, seed, categories)
            else:
                hint = section is None and document is None and fmt == Format.text
                report, shared = _project_report(db, coders, level.value, code, bootstrap, seed, min_overlap, reviewer,
                                                 document, section, hint)
            _emit(report, fmt)
            if shared is not None:
                # Over the whole project, text one coder never read counts against agreement: name the part all read.
                console.print(f"[dim]every coder compared coded only in section {shared.heading}: "
                              f"--section {shared.section} compares the part they all read[/]", highlight=False)

    @app.command()
    def disagreements(
        code: Annotated[Optional[str], typer.Option("--code", help="Only this code and the codes below it.")] = None,
        coders: Annotated[Optional[str], typer.Option("--coders", help="Coders to compare, comma-separated (default: every coder with codings).")] = None,
        fmt: FormatOption = Format.text,
        document: DocumentOption = None,
        section: SectionOption = None,
        reviewer: ReviewerOption = None,
        db: DbOption = None,
    ) -> None:
        """Where coders differ: per code, the cases and passages with each coder's evidence (passage, quote, memo)."""
        with user_errors():
            _disagreements(db, coders, code, fmt, reviewer, document, section)

    @app.command()
    def adjudicate(
        reviewer: Annotated[str, typer.Option("--reviewer", help="Who settles (a coder of role reviewer; see 'workbench reviewer').")],
        code: Annotated[Optional[str], typer.Option("--code", help="The code to settle.")] = None,
        case: Annotated[Optional[str], typer.Option("--case", help="Settle this case of the code (on every passage where a coder gives it).")] = None,
        passage: Annotated[Optional[int], typer.Option("--passage", help="Settle the code on passage N (the number 'workbench disagreements' and the reader show; add --document ID when the project has several).")] = None,
        take: Annotated[Optional[str], typer.Option("--take", help="Take this coder's reading.")] = None,
        both: Annotated[bool, typer.Option("--both", help="Take every coder's reading (the union).")] = False,
        neither: Annotated[bool, typer.Option("--neither", help="Take no coder's reading.")] = False,
        cases: Annotated[Optional[str], typer.Option("--cases", help="Edit: the cases the passage gets, comma-separated.")] = None,
        reason: Annotated[str, typer.Option("--reason", help="Why (recorded in the audit trail).")] = "",
        start: Annotated[bool, typer.Option("--start", help="Start the consensus from what every coder agrees on.")] = False,
        list_: Annotated[bool, typer.Option("--list", help="List the settlements on record.")] = False,
        coders: Annotated[Optional[str], typer.Option("--coders", help="Coders compared, comma-separated (default: every coder with codings).")] = None,
        consensus: Annotated[str, typer.Option("--consensus", help="Name of the consensus coding set.")] = "consensus",
        document: DocumentOption = None,
        section: SectionOption = None,
        db: DbOption = None,
    ) -> None:
        """Settle a disagreement into the consensus set: --take CODER, --both, --neither or --cases (edit), with --reason."""
        with user_errors():
            _adjudicate(db, reviewer=reviewer, code=code, case=case, passage=passage, take=take, both=both,
                        neither=neither, cases=cases, reason=reason, start=start, list_=list_,
                        coders=_split_coders(coders), consensus=consensus, document=document, section=section)

    @app.command()
    def blind(
        switch: Annotated[Optional[str], typer.Argument(help="on, off, or nothing to show the setting.")] = None,
        reviewer: ReviewerOption = None,
        db: DbOption = None,
    ) -> None:
        """Blind coding: while on, each coder sees only their own codings until a reviewer switches it off."""
        with user_errors():
            _blind(db, switch, reviewer)

    @app.command(name="reviewer")
    def reviewer_cmd(
        name: Annotated[str, typer.Argument(help="The reviewer's name (not a coder's).")],
        db: DbOption = None,
    ) -> None:
        """Add a reviewer: the role that settles disagreements and switches blind mode."""
        with user_errors():
            from workbench.core.agreement.adjudication import add_reviewer

            store = open_project(db, create=False)
            try:
                add_reviewer(store, name)
            finally:
                store.close()
            console.print(f"{name} is a reviewer.", highlight=False)


def _table_report(path: str, metric: str, bootstrap: int, seed: int, categories: str | None):
    from workbench.core.agreement.report import build_report
    from workbench.core.agreement.table_file import numeric_rows, read_table_file

    data = read_table_file(path)
    numeric = metric in ("interval", "ratio")
    tables = {}
    for t in data.tables:
        tables[t.code] = numeric_rows(t, data.path) if numeric else list(t.rows)
    wanted = None
    if categories:
        wanted = [c.strip() for c in categories.split(",") if c.strip()]
        if numeric:
            from workbench.core.errors import InvalidInput

            try:
                wanted = [float(c) for c in wanted]
            except ValueError:
                raise InvalidInput(f"--categories {categories!r}: not all numbers - give numbers for --metric {metric}") from None
    return build_report(tables, coders=data.coders, source=f"table {path}", level="table", metric=metric,
                        bootstrap=bootstrap, seed=seed, categories=wanted)


def _split_coders(coders: str | None) -> list[str] | None:
    if not coders:
        return None
    return [c.strip() for c in coders.split(",") if c.strip()]


def _project_report(db, coders, level, code, bootstrap, seed, min_overlap, reviewer, document, section, hint=False):
    """The report, and (``hint``) the section every coder compared coded in, read from one open project."""
    from workbench.core.agreement.coverage import shared_section
    from workbench.core.agreement.levels import agreement_report

    store = open_project(db, create=False)
    try:
        report = agreement_report(store, coders=_split_coders(coders), level=level, code=code,
                                  bootstrap=bootstrap, seed=seed, min_overlap=min_overlap, reviewer=reviewer,
                                  document_id=document, section=section)
        return report, shared_section(store, _split_coders(coders)) if hint else None
    finally:
        store.close()


def _disagreements(db, coders, code, fmt: Format, reviewer, document, section) -> None:
    from workbench.core.agreement.disagreements import disagreement_rows, disagreements_dict, find_disagreements

    store = open_project(db, create=False)
    try:
        found = find_disagreements(store, coders=_split_coders(coders), code=code, reviewer=reviewer,
                                   document_id=document, section=section)
    finally:
        store.close()
    if fmt is Format.json:
        print_json(disagreements_dict(found))
        return
    if fmt is Format.csv:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerows(disagreement_rows(found))
        return
    _print_disagreements(found)


def _print_disagreements(found) -> None:
    from rich.markup import escape
    from rich.table import Table

    if not found.codes:
        console.print(f"No disagreements between {', '.join(found.coders)}.", highlight=False)
        return
    several = len({p.document_id for item in found.codes for p in item.passages}) > 1
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
            settled = f"\n[green]settled: {escape(case.settled)}[/]" if case.settled else ""
            table.add_row(f"[bold]{case.case}[/]{settled}", *cells)
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
            settled = f"\n[green]settled: {escape(passage.settled)}[/]" if passage.settled else ""
            where = f"passage {passage.number}" + (f" of {escape(passage.document)}" if several else "")
            table.add_row(f"{where} ({what}){settled}\n[dim]{escape(passage.quote)}[/]", *cells)
        console.print(table)


def _case_key(name: str):
    from workbench.core.agreement.levels import case_sort_key

    return case_sort_key(name)


def _evidence_line(e, *, with_cases: bool = True) -> str:
    from rich.markup import escape

    cases = (" (" + escape(", ".join(e.cases) if e.cases else "no cases") + ")") if with_cases else ""
    memo = f" [italic]memo: {escape(e.memo)}[/]" if e.memo else ""
    return f"p{e.passage}{cases}{memo}: [dim]{escape(e.quote)}[/]"


def _adjudicate(db, *, reviewer, code, case, passage, take, both, neither, cases, reason, start, list_, coders, consensus,
                document=None, section=None):
    from workbench.core.agreement import adjudication
    from workbench.core.errors import InvalidInput

    store = open_project(db, create=False)
    try:
        if list_:
            for item in adjudication.settlements(store):
                where = f"case {item.case}" if item.case else f"passage {item.passage}"
                took = f" {item.coder}" if item.coder else ""
                console.print(f"{item.at[:19]} {item.reviewer}: {item.code} · {where}: {item.decision}{took} - {item.reason}",
                              highlight=False)
            return
        if start:
            started = adjudication.start_consensus(store, reviewer=reviewer, coders=coders, code=code, consensus=consensus,
                                                   document_id=document, section=section)
            console.print(f"Consensus '{started.consensus}' started: {started.created} agreed coding(s) copied, "
                          f"{started.skipped} already there.", highlight=False)
            return
        chosen = [name for name, on in (("take", take), ("both", both), ("neither", neither), ("edit", cases is not None)) if on]
        if len(chosen) != 1:
            raise InvalidInput("choose one decision: --take CODER, --both, --neither or --cases 'A, B' (edit)")
        if not code or (case is None) == (passage is None):
            raise InvalidInput("say what to settle: --code CODE with either --case NAME or --passage ID")
        decision = chosen[0]
        if case is not None:
            done = adjudication.settle_case(store, reviewer=reviewer, code=code, case=case, decision=decision,
                                            coder=take, reason=reason, coders=coders, consensus=consensus)
        else:
            from workbench.core.numbering import resolve_passage

            with store.reading() as conn:
                passage_id = resolve_passage(conn, passage, document)
            case_list = [c.strip() for c in cases.split(",") if c.strip()] if cases is not None else None
            done = adjudication.settle_passage(store, reviewer=reviewer, code=code, passage_id=passage_id, decision=decision,
                                               coder=take, cases=case_list, reason=reason, coders=coders, consensus=consensus)
    finally:
        store.close()
    for pid in done.passage_ids:
        before, after = done.cases_before[pid], done.cases_after[pid]
        added = [c for c in after if c not in before]
        removed = [c for c in before if c not in after]
        if not before and after:
            change = "coded with " + ", ".join(after)
        elif before and not after:
            change = "consensus coding removed"
        else:
            change = " ".join([*(f"+{c}" for c in added), *(f"-{c}" for c in removed)]) or "no change"
        number = (done.numbers or {}).get(pid, (None, pid))[1]
        console.print(f"{done.code} · passage {number}: {change}", highlight=False)
    console.print(f"[dim]recorded as audit {done.audit_id}: {done.decision}{' ' + done.coder if done.coder else ''} - {done.reason}[/]",
                  highlight=False)


def _blind(db, switch, reviewer) -> None:
    from workbench.core.agreement.blind import blind_state, set_blind
    from workbench.core.errors import InvalidInput

    store = open_project(db, create=False)
    try:
        if switch is None:
            state = blind_state(store)
        elif switch.lower() in ("on", "off"):
            if not reviewer:
                raise InvalidInput("only a reviewer switches blind mode - pass --reviewer NAME")
            state = set_blind(store, switch.lower() == "on", reviewer=reviewer)
        else:
            raise InvalidInput(f"blind {switch!r}? use 'workbench blind on' or 'workbench blind off'")
    finally:
        store.close()
    since = f" (since {state.changed_at[:19]}, by {state.changed_by})" if state.changed_by else ""
    console.print(f"Blind coding is {'on' if state.blind else 'off'}{since}.", highlight=False)
