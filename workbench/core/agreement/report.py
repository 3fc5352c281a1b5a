"""An agreement report: the measures per code, pooled over codes, and their mean.

Every face (CLI table, JSON, CSV, TUI screen) shows the same report, so the
shape is decided here once: ``AgreementReport.entries`` per code,
``pooled`` (all codes' tables stacked into one) and ``mean`` (unweighted mean
of the per-code values where defined), plus the pairwise Cohen matrix over the
pooled table when there are more than two coders.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping, Sequence

from .measures import (
    MEASURE_NAMES,
    Interval,
    KappaMatrix,
    Measure,
    Summary,
    Table,
    Value,
    alpha_bootstrap,
    cohen_kappa_matrix,
    mean_measure,
    summarize,
)

#: Krippendorff's (2004) thresholds: below 0.667 discard, below 0.800 tentative.
ALPHA_DISCARD = 0.667
ALPHA_TENTATIVE = 0.800


def verdict(value: float | None) -> str:
    """'n/a', 'low', 'tentative' or 'good' by Krippendorff's thresholds."""
    if value is None:
        return "n/a"
    if value < ALPHA_DISCARD:
        return "low"
    if value < ALPHA_TENTATIVE:
        return "tentative"
    return "good"


@dataclass(frozen=True)
class Entry:
    code: str
    summary: Summary
    interval: Interval | None = None  # bootstrap interval for alpha, when asked for
    n_undefined: Mapping[str, int] | None = None  # for the mean entry: codes where each measure is n/a


@dataclass(frozen=True)
class AgreementReport:
    source: str  # "table FILE" or "project"
    level: str  # case, passage, span, or table
    coders: tuple[str, ...]
    entries: tuple[Entry, ...]
    pooled: Entry | None
    mean: Entry | None
    pairwise: KappaMatrix | None
    notes: tuple[str, ...] = ()
    segments: tuple = ()  # span level: levels.SegmentAgreement per code, document and pair of coders


def build_report(tables: Mapping[str, Table], *, coders: Sequence[str], source: str, level: str,
                 categories: Sequence[Value] | None = None, metric: str = "nominal",
                 weights: Mapping[str, Sequence[int]] | None = None, bootstrap: int = 0, seed: int = 0,
                 notes: Sequence[str] = (), pooled_over: Sequence[str] | None = None,
                 segments: Sequence = ()) -> AgreementReport:
    """Summaries for each code's table, pooled and mean entries when there is more than one code.

    ``pooled_over`` names the tables that go into the pooled and mean entries
    (default: all), so that a parent code does not count its children twice.
    """
    coders = tuple(coders)
    entries = []
    for code, table in tables.items():
        w = weights.get(code) if weights else None
        summary = summarize(table, categories=categories, level=metric, weights=w, coders=coders)  # type: ignore[arg-type]
        interval = alpha_bootstrap(table, metric, n_boot=bootstrap, seed=seed, coders=coders) if bootstrap and w is None else None  # type: ignore[arg-type]
        entries.append(Entry(code, summary, interval))
    pooled = mean = None
    pool = set(tables) if pooled_over is None else set(pooled_over)
    stacked: list = []
    stacked_weights: list[int] = []
    for code, table in tables.items():
        if code not in pool:
            continue
        stacked.extend(table)
        w = weights.get(code) if weights else None
        stacked_weights.extend(w if w is not None else [1] * len(table))
    if len(entries) > 1:
        pooled_summary = summarize(stacked, categories=categories, level=metric, weights=stacked_weights, coders=coders)  # type: ignore[arg-type]
        pooled = Entry("(pooled)", pooled_summary)
        mean = _mean_entry([e for e in entries if e.code in pool], len(coders))
    pairwise = cohen_kappa_matrix(stacked, coders=coders, weights=stacked_weights) if len(coders) > 2 and stacked else None
    return AgreementReport(source, level, coders, tuple(entries), pooled, mean, pairwise, tuple(notes), tuple(segments))


def _mean_entry(entries: Sequence[Entry], n_coders: int) -> Entry:
    measures: dict[str, Measure] = {}
    undefined: dict[str, int] = {}
    for name in MEASURE_NAMES:
        values = [e.summary.measures()[name] for e in entries]
        measures[name] = mean_measure(values)
        undefined[name] = sum(1 for m in values if m.value is None)
    n_units = max((e.summary.n_units for e in entries), default=0)
    return Entry("(mean)", Summary(n_units=n_units, n_coders=n_coders, **measures), None, undefined)


# -- plain data for JSON and CSV -------------------------------------------


def entry_dict(entry: Entry) -> dict:
    s = entry.summary
    out: dict = {"code": entry.code, "n_units": s.n_units, "n_coders": s.n_coders}
    out.update(s.values())
    out["reasons"] = s.reasons()
    if entry.interval is not None:
        out["krippendorff_alpha_ci"] = {
            "low": entry.interval.low, "high": entry.interval.high, "confidence": entry.interval.confidence,
            "n_boot": entry.interval.n_boot, "n_undefined": entry.interval.n_undefined,
            "reason": entry.interval.reason,
        }
    if entry.n_undefined is not None:
        out["n_codes_undefined"] = dict(entry.n_undefined)
    return out


def report_dict(report: AgreementReport) -> dict:
    out = {
        "source": report.source,
        "level": report.level,
        "coders": list(report.coders),
        "entries": [entry_dict(e) for e in report.entries],
        "pooled": entry_dict(report.pooled) if report.pooled else None,
        "mean": entry_dict(report.mean) if report.mean else None,
        "notes": list(report.notes),
    }
    if report.segments:
        out["segments"] = [segment_dict(s) for s in report.segments]
    if report.pairwise is not None:
        out["pairwise_cohen_kappa"] = {
            a: {b: report.pairwise.cells[i][j].value for j, b in enumerate(report.pairwise.coders) if j != i}
            for i, a in enumerate(report.pairwise.coders)
        }
    return out


def segment_dict(agreement) -> dict:
    return {
        "code": agreement.code, "document": agreement.document, "coders": list(agreement.coders),
        "matched": agreement.matched, "total": agreement.total, "share": agreement.share,
        "unmatched": [
            {"coder": u.segment.coder, "code": u.segment.code,
             "passage": u.passage, "start": u.segment.start, "end": u.segment.end,
             "other": u.other, "best_overlap": u.best_overlap, "quote": u.quote}
            for u in agreement.unmatched
        ],
    }


CSV_COLUMNS: tuple[str, ...] = ("code", "n_units", "n_coders", *MEASURE_NAMES)


def report_rows(report: AgreementReport) -> list[list[str]]:
    """CSV rows (header first): empty cells for undefined values, full precision otherwise."""
    rows = [list(CSV_COLUMNS)]
    for entry in (*report.entries, *(e for e in (report.pooled, report.mean) if e)):
        s = entry.summary
        rows.append([entry.code, str(s.n_units), str(s.n_coders),
                     *("" if m.value is None else repr(m.value) for m in s.measures().values())])
    return rows
