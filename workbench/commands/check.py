"""workbench check REPORT: every count claim against its footnote (and the project's codings)."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from ._common import console, open_project, print_json, user_errors


class Format(str, Enum):
    text = "text"
    json = "json"
    md = "md"


VERDICT_STYLE = {
    "consistent": "green",
    "count_mismatch": "bold red",
    "out_of_range": "bold red",
    "footnote_missing": "yellow",
    "unreadable": "yellow",
}


def register(app: typer.Typer) -> None:
    @app.command()
    def check(
        report: Annotated[Path, typer.Argument(help="The report to check: .txt (incl. text extracted from a report PDF), .md or .docx.")],
        db: Annotated[Optional[str], typer.Option("--db", help="Also compare each claim with this project's codings (a path or URL).")] = None,
        fmt: Annotated[Format, typer.Option("--format", "-f", help="text (grouped by chapter), json, or md (for sharing).")] = Format.text,
        show_all: Annotated[bool, typer.Option("--all", help="Text and md: list consistent claims too, not only findings.")] = False,
    ) -> None:
        """Check every count claim ("tio regioner", "drygt hälften av regionerna") against its footnote.

        Exit status: 0 when no count disagrees with its footnote, 1 when one does,
        2 when the file cannot be read.
        """
        from workbench.core.checking.report import check_file, has_mismatch

        with user_errors():
            store = open_project(db, create=False) if db else None
            result = check_file(report, store=store)
        if fmt is Format.json:
            print_json(to_records(result))
        elif fmt is Format.md:
            typer.echo(to_markdown(result, show_all=show_all), nl=False)
        else:
            _print_text(result, show_all)
        raise typer.Exit(1 if has_mismatch(result) else 0)


# -- plain records (json) ----------------------------------------------------------


def _claimed(claim):
    return list(claim.claimed) if isinstance(claim.claimed, tuple) else claim.claimed


def claim_record(checked) -> dict:
    v = checked.verdict
    c = v.claim
    record = {
        "kind": "claim",
        "footnote": v.footnote,
        "page": checked.page,
        "line": checked.line,
        "chapter": checked.chapter,
        "section": checked.section,
        "sentence": c.sentence,
        "phrase": c.phrase,
        "case_set": c.case_set,
        "claimed": _claimed(c),
        "listed": v.listed,
        "cases": list(v.cases),
        "complement": v.complement,
        "verdict": v.verdict,
        "detail": v.detail,
        "warnings": [{"kind": w.kind, "detail": w.detail} for w in v.warnings],
        "fix": v.fix if v.verdict != "consistent" else (
            f"footnote {v.footnote}: {v.fixed_footnote}" if v.fixed_footnote else None),
        "fixed_claim": v.fixed_claim,
        "fixed_footnote": v.fixed_footnote,
        "footnote_text": v.footnote_text,
    }
    if v.coded is not None:
        record["coded"] = {
            "codes": list(v.coded.codes),
            "cases": list(v.coded.coded_cases),
            "source": v.coded.source,
            "without_evidence": list(v.coded.without_evidence),
            "missing_from_footnote": list(v.coded.missing_from_footnote),
            "note": v.coded.note,
        }
    return record


def footnote_record(checked) -> dict:
    f = checked.finding
    return {
        "kind": "footnote",
        "footnote": f.footnote,
        "page": checked.page,
        "line": checked.line,
        "chapter": checked.chapter,
        "sentence": f.sentence,
        "claimed": None,
        "listed": len(f.cases),
        "cases": list(f.cases),
        "verdict": None,
        "warnings": [{"kind": w.kind, "detail": w.detail} for w in f.warnings],
        "fix": f"footnote {f.footnote}: {f.fixed_footnote}" if f.fixed_footnote else None,
        "fixed_footnote": f.fixed_footnote,
        "footnote_text": f.footnote_text,
    }


def to_records(result) -> list[dict]:
    """Claims in document order, then footnotes with warnings that no claim cites (verdict null)."""
    return [claim_record(c) for c in result.claims] + [footnote_record(f) for f in result.footnotes]


def _uncited(checked) -> bool:
    return checked.verdict.verdict == "footnote_missing" and checked.verdict.footnote is None


def _is_finding(checked) -> bool:
    if _uncited(checked):
        return False  # many reports state counts in summaries without footnotes; --all lists them
    return checked.verdict.verdict != "consistent" or bool(checked.verdict.warnings) or (
        checked.verdict.coded is not None
        and bool(checked.verdict.coded.without_evidence or checked.verdict.coded.missing_from_footnote)
    )


def _summary_line(result) -> str:
    s = result.summary
    parts = [
        f"{s.claims} claims",
        f"{s.consistent} consistent",
        f"{s.mismatches} mismatches ({s.count_mismatch} counts, {s.out_of_range} proportions)",
        f"{s.footnote_missing} without footnote",
        f"{s.unreadable} unreadable footnotes",
        f"{s.warnings} footnote warnings",
    ]
    if result.project is not None:
        parts.append(f"{s.coded} compared with codings ({result.project})")
    return ", ".join(parts)


def _coded_line(v) -> str | None:
    if v.coded is None:
        return None
    c = v.coded
    where = "coded in the sources" if c.source == "sources" else "coded on this passage"
    bits = [f"{len(c.coded_cases)} {where} ({', '.join(c.codes)})"]
    if c.without_evidence:
        bits.append("no coded evidence: " + ", ".join(c.without_evidence))
    if c.missing_from_footnote:
        bits.append("coded but not in the footnote: " + ", ".join(c.missing_from_footnote))
    if c.note:
        bits.append(c.note)
    return "; ".join(bits)


# -- text (Rich) ------------------------------------------------------------------


def _print_text(result, show_all: bool) -> None:
    from rich.markup import escape
    from rich.table import Table

    console.print(f"[bold]{escape(result.title)}[/] ({result.format}): {escape(_summary_line(result))}", highlight=False)
    chapters: dict[str, list] = {}
    for checked in result.claims:
        if show_all or _is_finding(checked):
            chapters.setdefault(checked.chapter or "(no chapter)", []).append(checked)
    loose: dict[str, list] = {}
    for f in result.footnotes:
        loose.setdefault(f.chapter or "(no chapter)", []).append(f)
    order = list(dict.fromkeys([*chapters, *loose]))
    for chapter in order:
        table = Table(title=escape(chapter), title_justify="left", expand=True, show_lines=True)
        table.add_column("where", no_wrap=True)
        table.add_column("claim", ratio=3)
        table.add_column("verdict", ratio=2, min_width=16)
        table.add_column("fix", ratio=3)
        rows: list[tuple[int, tuple]] = []
        for checked in chapters.get(chapter, []):
            v = checked.verdict
            style = VERDICT_STYLE[v.verdict]
            verdict = f"[{style}]{v.verdict}[/]\n{escape(v.detail)}"
            for w in v.warnings:
                verdict += f"\n[magenta]{w.kind}[/]: {escape(w.detail)}"
            coded = _coded_line(v)
            if coded:
                verdict += f"\n[cyan]codings[/]: {escape(coded)}"
            fixes = [x for x in (v.fix if v.verdict != "consistent" else None,
                                 f"footnote {v.footnote}: {v.fixed_footnote}" if v.fixed_footnote else None) if x]
            rows.append((checked.line or 0, (
                _where(v.footnote, checked.page, checked.line),
                _sentence_with_phrase(v.claim),
                verdict,
                escape("\n".join(fixes)),
            )))
        for f in loose.get(chapter, []):
            finding = f.finding
            verdict = "[magenta]footnote[/]" + "".join(f"\n[magenta]{w.kind}[/]: {escape(w.detail)}" for w in finding.warnings)
            rows.append((f.line or 0, (
                _where(finding.footnote, f.page, f.line),
                escape(f"(no count) {finding.footnote_text}"), verdict,
                escape(f"footnote {finding.footnote}: {finding.fixed_footnote}" if finding.fixed_footnote else ""),
            )))
        for _line, cells in sorted(rows, key=lambda r: r[0]):
            table.add_row(*cells)
        console.print(table)
    if not order:
        console.print("[green]No findings.[/]")
    uncited = sum(_uncited(c) for c in result.claims)
    if uncited and not show_all:
        console.print(f"{uncited} counts have no footnote; --all lists them.", highlight=False)
    console.print(_summary_line(result), highlight=False)


def _where(footnote, page, line) -> str:
    """Footnote, page and line stacked in one narrow cell: "fn 122 / p. 58 / l. 2683"."""
    parts = [f"fn {footnote}" if footnote is not None else "no fn"]
    if page:
        parts.append(f"p. {page}")
    if line:
        parts.append(f"l. {line}")
    return "\n".join(parts)


def _sentence_with_phrase(claim, width: int = 220) -> str:
    """The sentence (Rich markup) with the claim's phrase in bold, shortened around it."""
    from rich.markup import escape

    s = claim.sentence
    at = claim.start - claim.sentence_start
    end = claim.end - claim.sentence_start
    lo = max(0, min(at - width // 3, len(s) - width)) if len(s) > width else 0
    hi = min(len(s), lo + width)
    head = ("…" if lo else "") + escape(s[lo:at])
    tail = escape(s[end:hi]) + ("…" if hi < len(s) else "")
    return f"{head}[bold]{escape(s[at:end])}[/]{tail}"


# -- Markdown -----------------------------------------------------------------------


def _md(text: str | None) -> str:
    return (text or "").replace("|", "\\|").replace("\n", " ")


def _row_line(row: str) -> int:
    """A Markdown row's line number (third cell), for document order within a chapter."""
    cell = row.split("|")[3].strip()
    return int(cell) if cell.isdigit() else 0


def to_markdown(result, *, show_all: bool = False) -> str:
    """A shareable Markdown report: summary, then one table per chapter."""
    lines = [f"# Claim check: {_md(result.title)}", "", _summary_line(result) + ".", ""]
    chapters: dict[str, list[str]] = {}
    for checked in result.claims:
        if not (show_all or _is_finding(checked)):
            continue
        v = checked.verdict
        notes = [v.detail] + [f"{w.kind}: {w.detail}" for w in v.warnings]
        coded = _coded_line(v)
        if coded:
            notes.append(f"codings: {coded}")
        fixes = [x for x in (v.fix if v.verdict != "consistent" else None,
                             f"footnote {v.footnote}: {v.fixed_footnote}" if v.fixed_footnote else None) if x]
        chapters.setdefault(checked.chapter or "(no chapter)", []).append(
            f"| {v.footnote if v.footnote is not None else '–'} | {checked.page or ''} | {checked.line or ''} "
            f"| {_md(v.claim.phrase)} | **{v.verdict}**: {_md('; '.join(notes))} | {_md(' / '.join(fixes))} |"
        )
    for f in result.footnotes:
        finding = f.finding
        notes = "; ".join(f"{w.kind}: {w.detail}" for w in finding.warnings)
        chapters.setdefault(f.chapter or "(no chapter)", []).append(
            f"| {finding.footnote} | {f.page or ''} | {f.line or ''} | (no count) | {_md(notes)} "
            f"| {_md(finding.fixed_footnote)} |"
        )
    for chapter, rows in chapters.items():
        rows.sort(key=_row_line)
        lines += [f"## {_md(chapter)}", "", "| Footnote | Page | Line | Claim | Verdict | Fix |",
                  "|---:|---:|---:|---|---|---|", *rows, ""]
    if not chapters:
        lines += ["No findings.", ""]
    return "\n".join(lines)
