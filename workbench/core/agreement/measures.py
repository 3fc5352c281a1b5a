"""Agreement coefficients over a units × coders table, in plain Python.

A table is a sequence of rows, one per unit (a region, a passage, a stretch of
characters), each holding one value per coder, ``None`` where that coder gave
no value. Values are compared for equality (nominal) unless a Krippendorff
metric says otherwise. The tables the workbench builds are small (21 regions ×
a handful of coders per code), so numpy would buy nothing but an import; the
heavy case (characters of a document) is handled by ``weights``: a row that
stands for many identical units (e.g. 4 000 characters nobody coded) is given
once with its count.

Every measure returns ``Measure(value, reason)``. When a coefficient is not
defined (0/0: every unit has the same value, no unit both coders rated, a
coder who gave no values) ``value`` is ``None`` and ``reason`` says why in
words, starting with "n/a:". Never NaN, never an exception for such data:
a per-code table with one undefined code must still print.

Missing data (the conventions differ on purpose; docs/agreement.md explains):

* percent agreement, Cohen's kappa, Fleiss' kappa, Gwet's AC1 and
  Brennan–Prediger use **listwise deletion**: only units with a value from
  every coder count. (irrCAC instead keeps every unit with two or more values
  for the observed agreement and every rated unit for the marginals;
  statsmodels silently turns a missing value into an extra category.)
* Krippendorff's alpha uses **all pairable values**: every unit with values
  from at least two coders, whoever they are, as Krippendorff defines it and
  the krippendorff package computes it.

Chance agreement, for the record (p_o, p_e as in kappa = (p_o - p_e)/(1 - p_e)):
Cohen uses each coder's own marginals; Fleiss (Scott's pi for two coders) the
pooled marginals; Gwet's AC1 (1/(q-1)) Σ π_k(1-π_k); Brennan–Prediger 1/q,
where q is the number of categories: pass ``categories=(0, 1)`` for
present/absent so that q = 2 even when a code is never used (otherwise q is
the number of values observed).
"""

from __future__ import annotations

import math
import random
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Hashable, Iterable, Literal, Sequence

Value = Hashable
Table = Sequence[Sequence["Value | None"]]
Level = Literal["nominal", "ordinal", "interval", "ratio"]
LEVELS: tuple[str, ...] = ("nominal", "ordinal", "interval", "ratio")

#: The names under which the measures appear in summaries, JSON and CSV.
MEASURE_NAMES: tuple[str, ...] = (
    "percent",
    "cohen_kappa",
    "fleiss_kappa",
    "krippendorff_alpha",
    "gwet_ac1",
    "brennan_prediger",
)


@dataclass(frozen=True)
class Measure:
    """One coefficient: a number, or ``None`` with the reason it is undefined."""

    value: float | None
    reason: str | None = None

    @property
    def defined(self) -> bool:
        return self.value is not None

    def format(self, digits: int = 3) -> str:
        return "n/a" if self.value is None else f"{self.value:.{digits}f}"


def na(reason: str) -> Measure:
    return Measure(None, reason if reason.startswith("n/a") else f"n/a: {reason}")


# --------------------------------------------------------------------------
# Preparing a table once: the counts every coefficient is built from.


@dataclass
class _Prepared:
    n_rows: int
    n_coders: int
    names: tuple[str, ...]
    # Units with a value from every coder: (category counts, weight).
    complete: list[tuple[Counter, int]] = field(default_factory=list)
    # Units with values from two or more coders: (category counts, m_u, weight).
    pairable: list[tuple[Counter, int, int]] = field(default_factory=list)
    # Per coder: how many values (weighted) they gave at all.
    given: list[int] = field(default_factory=list)
    # The complete rows themselves (for Cohen's own marginals): (row, weight).
    complete_rows: list[tuple[tuple, int]] = field(default_factory=list)
    # Units (weighted) with at least one value.
    n_rated: int = 0
    # Listwise observed agreement, pooled shares, units: computed once, used by four measures.
    observed: tuple | None = None


def _coder_names(n_coders: int, coders: Sequence[str] | None) -> tuple[str, ...]:
    if coders is not None:
        if len(coders) != n_coders:
            raise ValueError(f"{len(coders)} coder names for a table of {n_coders} coders")
        return tuple(str(c) for c in coders)
    return tuple(f"coder {i + 1}" for i in range(n_coders))


def _multiplicity(table: Table, weights: Sequence[int] | None, n_coders: int | None) -> tuple[Counter, int]:
    """Distinct rows with their total weight, and the number of coders.

    Identical rows are counted once with their multiplicity: a 21 × 5 table of
    presence/absence has only a handful of distinct rows, and every measure
    below is a sum over units.
    """
    if weights is None:
        multiplicity = Counter(map(tuple, table))
    else:
        rows = [tuple(r) for r in table]
        if len(weights) != len(rows):
            raise ValueError(f"{len(weights)} weights for {len(rows)} rows")
        multiplicity = Counter()
        for row, w in zip(rows, weights):
            w = int(w)
            if w < 0:
                raise ValueError(f"row {row!r} has a negative weight")
            if w:
                multiplicity[row] += w
    if n_coders is None:
        n_coders = len(next(iter(multiplicity))) if multiplicity else 0
    for row in multiplicity:
        if len(row) != n_coders:
            raise ValueError(f"row {row!r} has {len(row)} values for {n_coders} coders")
    return multiplicity, n_coders


def _prepare(table: Table, weights: Sequence[int] | None, coders: Sequence[str] | None) -> _Prepared:
    multiplicity, n_coders = _multiplicity(table, weights, len(coders) if coders is not None else None)
    return _prepare_counts(multiplicity, n_coders, coders)


def _prepare_counts(multiplicity: Counter, n_coders: int, coders: Sequence[str] | None) -> _Prepared:
    prep = _Prepared(sum(multiplicity.values()), n_coders, _coder_names(n_coders, coders), given=[0] * n_coders)
    for row, w in multiplicity.items():
        counts, m_u = _row_counts(row)
        if m_u:
            prep.n_rated += w
        for j, v in enumerate(row):
            if v is not None:
                prep.given[j] += w
        if m_u < 2:
            continue
        prep.pairable.append((counts, m_u, w))
        if m_u == n_coders:
            prep.complete.append((counts, w))
            prep.complete_rows.append((row, w))
    return prep


@lru_cache(maxsize=8192)
def _row_counts(row: tuple) -> tuple[Counter, int]:
    """How often each value occurs in one row (shared, never mutated), and how many values it has.

    Cached because the same few rows (0/1 patterns of five coders) recur in
    every code's table.
    """
    present = [v for v in row if v is not None]
    return Counter(present), len(present)


def _silent_coder(prep: _Prepared) -> Measure | None:
    for name, n in zip(prep.names, prep.given):
        if n == 0:
            return na(f"{name} gave no values")
    return None


def _listwise_problem(prep: _Prepared, min_coders: int = 2) -> Measure | None:
    """The reason a listwise coefficient is undefined before any arithmetic, if any."""
    if prep.n_rows == 0:
        return na("the table has no units")
    if prep.n_coders < min_coders:
        return na(f"needs at least {min_coders} coders ({prep.n_coders} given)")
    silent = _silent_coder(prep)
    if silent:
        return silent
    if not prep.complete:
        return na("no unit has a value from every coder")
    return None


def _observed(prep: _Prepared) -> tuple[float, dict, int]:
    """Listwise p_o (mean share of agreeing coder pairs), pooled category shares, units."""
    if prep.observed is None:
        prep.observed = _compute_observed(prep)
    return prep.observed


def _compute_observed(prep: _Prepared) -> tuple[float, dict, int]:
    m = prep.n_coders
    pairs = m * (m - 1)
    total = 0
    agree = 0.0
    pooled: Counter = Counter()
    for counts, w in prep.complete:
        total += w
        agree += w * sum(n * (n - 1) for n in counts.values()) / pairs
        for c, n in counts.items():
            pooled[c] += w * n
    shares = {c: n / (total * m) for c, n in pooled.items()}
    return agree / total, shares, total


def _describe(value: Value) -> str:
    return repr(value) if isinstance(value, str) else str(value)


# --------------------------------------------------------------------------
# The coefficients.


def percent_agreement(table: Table, *, weights: Sequence[int] | None = None,
                      coders: Sequence[str] | None = None) -> Measure:
    """Share of units on which the coders agree (listwise).

    With more than two coders: the mean over units of the share of agreeing
    coder pairs (Fleiss' and Gwet's p_a), which is the two-coder figure when m = 2.
    """
    prep = _prepare(table, weights, coders)
    return _percent(prep)


def _percent(prep: _Prepared) -> Measure:
    problem = _listwise_problem(prep)
    if problem:
        return problem
    p_o, _, _ = _observed(prep)
    return Measure(p_o)


def cohen_kappa(table: Table, *, weights: Sequence[int] | None = None,
                coders: Sequence[str] | None = None) -> Measure:
    """Cohen's kappa for exactly two coders, chance from each coder's own marginals (listwise)."""
    prep = _prepare(table, weights, coders)
    return _cohen(prep)


def _cohen(prep: _Prepared) -> Measure:
    if prep.n_coders != 2 and prep.n_rows:
        return na(f"Cohen's kappa compares two coders ({prep.n_coders} given); see the pairwise matrix")
    problem = _listwise_problem(prep)
    if problem:
        return problem
    a_marg: Counter = Counter()
    b_marg: Counter = Counter()
    total = 0
    agree = 0
    for (a, b), w in prep.complete_rows:
        a_marg[a] += w
        b_marg[b] += w
        total += w
        if a == b:
            agree += w
    if len(a_marg) == 1 and a_marg.keys() == b_marg.keys():
        (only,) = a_marg
        return na(f"both coders gave every unit the same value ({_describe(only)})")
    p_o = agree / total
    p_e = sum(a_marg[c] * b_marg.get(c, 0) for c in a_marg) / (total * total)
    return Measure((p_o - p_e) / (1 - p_e))


def fleiss_kappa(table: Table, *, weights: Sequence[int] | None = None,
                 coders: Sequence[str] | None = None) -> Measure:
    """Fleiss' kappa (pooled marginals; Scott's pi when there are two coders), listwise."""
    prep = _prepare(table, weights, coders)
    return _fleiss(prep)


def _fleiss(prep: _Prepared) -> Measure:
    problem = _listwise_problem(prep)
    if problem:
        return problem
    p_o, shares, _ = _observed(prep)
    if len(shares) == 1:
        (only,) = shares
        return na(f"every unit has the same value ({_describe(only)})")
    p_e = sum(p * p for p in shares.values())
    return Measure((p_o - p_e) / (1 - p_e))


def _categories_problem(shares: dict, categories: Sequence[Value] | None) -> tuple[int, Measure | None]:
    if categories is None:
        q = len(shares)
        if q < 2:
            (only,) = shares
            return q, na(f"only one value ({_describe(only)}) is in use; pass the categories "
                         "(e.g. present/absent) to fix chance agreement")
        return q, None
    known = set(categories)
    strays = [c for c in shares if c not in known]
    if strays:
        return 0, na(f"value {_describe(strays[0])} is not one of the categories {list(categories)}")
    if len(known) < 2:
        return len(known), na("needs at least two categories")
    return len(known), None


def gwet_ac1(table: Table, *, categories: Sequence[Value] | None = None,
             weights: Sequence[int] | None = None, coders: Sequence[str] | None = None) -> Measure:
    """Gwet's AC1 (listwise); q = len(categories), or the number of observed values."""
    prep = _prepare(table, weights, coders)
    return _gwet(prep, categories)


def _gwet(prep: _Prepared, categories: Sequence[Value] | None) -> Measure:
    problem = _listwise_problem(prep)
    if problem:
        return problem
    p_o, shares, _ = _observed(prep)
    q, problem = _categories_problem(shares, categories)
    if problem:
        return problem
    p_e = sum(p * (1 - p) for p in shares.values()) / (q - 1)
    return Measure((p_o - p_e) / (1 - p_e))


def brennan_prediger(table: Table, *, categories: Sequence[Value] | None = None,
                     weights: Sequence[int] | None = None, coders: Sequence[str] | None = None) -> Measure:
    """Brennan–Prediger kappa_n (Bennett's S, Randolph's free-marginal kappa): p_e = 1/q, listwise."""
    prep = _prepare(table, weights, coders)
    return _bp(prep, categories)


def _bp(prep: _Prepared, categories: Sequence[Value] | None) -> Measure:
    problem = _listwise_problem(prep)
    if problem:
        return problem
    p_o, shares, _ = _observed(prep)
    q, problem = _categories_problem(shares, categories)
    if problem:
        return problem
    p_e = 1 / q
    return Measure((p_o - p_e) / (1 - p_e))


def krippendorff_alpha(table: Table, level: Level = "nominal", *, weights: Sequence[int] | None = None,
                       coders: Sequence[str] | None = None) -> Measure:
    """Krippendorff's alpha over all pairable values (units with two or more values).

    ``level`` picks the difference function: nominal [c != k], interval
    (c - k)², ratio ((c - k)/(c + k))², ordinal by the ranks of the pairable
    values' marginals (Krippendorff 2011).
    """
    if level not in LEVELS:
        raise ValueError(f"unknown level {level!r}; choose one of {', '.join(LEVELS)}")
    prep = _prepare(table, weights, coders)
    return _alpha(prep, level)


def _alpha(prep: _Prepared, level: str) -> Measure:
    if prep.n_rows == 0:
        return na("the table has no units")
    if not prep.pairable:
        return na("no unit has values from two coders")
    if level == "nominal":
        return _alpha_nominal(prep)
    values: set = set()
    for counts, _, _ in prep.pairable:
        values.update(counts)
    if level in ("interval", "ratio"):
        for v in values:
            if not _is_number(v):
                return na(f"{level} alpha needs numbers; {_describe(v)} is not one")
    if level == "ratio" and any(v < 0 for v in values):
        return na("ratio alpha needs values of zero or more")
    if len(values) == 1:
        (only,) = values
        return na(f"every value is the same ({_describe(only)})")
    try:
        order = sorted(values)
    except TypeError:
        return na("ordinal alpha needs values that can be ordered")
    index = {v: i for i, v in enumerate(order)}
    size = len(order)
    coincidence = [[0.0] * size for _ in range(size)]
    for counts, m_u, w in prep.pairable:
        scale = w / (m_u - 1)
        items = [(index[c], n) for c, n in counts.items()]
        for i, n_i in items:
            row = coincidence[i]
            for k, n_k in items:
                row[k] += scale * n_i * (n_k - (1 if i == k else 0))
    marginals = [sum(row) for row in coincidence]
    n = sum(marginals)
    delta = _difference(level, order, marginals)
    observed = sum(coincidence[i][k] * delta[i][k] for i in range(size) for k in range(size) if i != k)
    expected = sum(marginals[i] * marginals[k] * delta[i][k] for i in range(size) for k in range(size) if i != k)
    if expected == 0:
        return na("the pairable values do not vary")
    return Measure(1 - (n - 1) * observed / expected)


def _is_number(v: object) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool) and not (isinstance(v, float) and math.isnan(v))


def _alpha_nominal(prep: _Prepared) -> Measure:
    n = 0.0
    matching = 0.0
    marginals: Counter = Counter()
    for counts, m_u, w in prep.pairable:
        n += w * m_u
        matching += w * sum(c * (c - 1) for c in counts.values()) / (m_u - 1)
        for value, c in counts.items():
            marginals[value] += w * c
    if len(marginals) == 1:
        (only,) = marginals
        return na(f"every value is the same ({_describe(only)})")
    expected = n * n - sum(c * c for c in marginals.values())
    return Measure(1 - (n - 1) * (n - matching) / expected)


def _difference(level: str, order: list, marginals: list[float]) -> list[list[float]]:
    size = len(order)
    delta = [[0.0] * size for _ in range(size)]
    for i in range(size):
        for k in range(i + 1, size):
            if level == "interval":
                d = float(order[i] - order[k]) ** 2
            elif level == "ratio":
                total = order[i] + order[k]
                d = 0.0 if total == 0 else ((order[i] - order[k]) / total) ** 2
            else:  # ordinal: ranks by the marginals of the pairable values
                d = (sum(marginals[i:k + 1]) - (marginals[i] + marginals[k]) / 2) ** 2
            delta[i][k] = delta[k][i] = d
    return delta


# --------------------------------------------------------------------------
# Several coefficients at once, pairwise kappa, means, bootstrap.


@dataclass(frozen=True)
class Summary:
    """All measures for one table (one code at one level, or a pooled table)."""

    n_units: int
    n_coders: int
    percent: Measure
    cohen_kappa: Measure
    fleiss_kappa: Measure
    krippendorff_alpha: Measure
    gwet_ac1: Measure
    brennan_prediger: Measure

    def measures(self) -> dict[str, Measure]:
        return {name: getattr(self, name) for name in MEASURE_NAMES}

    def values(self) -> dict[str, float | None]:
        return {name: m.value for name, m in self.measures().items()}

    def reasons(self) -> dict[str, str]:
        return {name: m.reason for name, m in self.measures().items() if m.reason}


def summarize(table: Table, *, categories: Sequence[Value] | None = None, level: Level = "nominal",
              weights: Sequence[int] | None = None, coders: Sequence[str] | None = None) -> Summary:
    """Every measure for one table, counting the table once.

    ``n_units`` counts the units (weighted) that carry at least one value.
    """
    prep = _prepare(table, weights, coders)
    return Summary(
        n_units=prep.n_rated,
        n_coders=prep.n_coders,
        percent=_percent(prep),
        cohen_kappa=_cohen(prep),
        fleiss_kappa=_fleiss(prep),
        krippendorff_alpha=_alpha(prep, level),
        gwet_ac1=_gwet(prep, categories),
        brennan_prediger=_bp(prep, categories),
    )


@dataclass(frozen=True)
class KappaMatrix:
    """Cohen's kappa for every pair of coders, to spot the coder who reads differently."""

    coders: tuple[str, ...]
    cells: tuple[tuple[Measure, ...], ...]  # cells[i][j]; the diagonal is n/a

    def get(self, a: str, b: str) -> Measure:
        return self.cells[self.coders.index(a)][self.coders.index(b)]

    def mean_by_coder(self) -> dict[str, Measure]:
        """Each coder's mean kappa with the others (defined pairs only): the outlier is lowest."""
        out: dict[str, Measure] = {}
        for i, name in enumerate(self.coders):
            values = [m.value for j, m in enumerate(self.cells[i]) if j != i and m.value is not None]
            out[name] = Measure(sum(values) / len(values)) if values else na(f"no defined kappa for {name}")
        return out


def cohen_kappa_matrix(table: Table, *, coders: Sequence[str] | None = None,
                       weights: Sequence[int] | None = None) -> KappaMatrix:
    multiplicity, n_coders = _multiplicity(table, weights, len(coders) if coders is not None else None)
    names = _coder_names(n_coders, coders)
    cells: list[list[Measure]] = [[na("same coder")] * n_coders for _ in range(n_coders)]
    for i in range(n_coders):
        for j in range(i + 1, n_coders):
            pair: Counter = Counter()
            for row, w in multiplicity.items():
                pair[(row[i], row[j])] += w
            m = _cohen(_prepare_counts(pair, 2, (names[i], names[j])))
            cells[i][j] = cells[j][i] = m
    return KappaMatrix(names, tuple(tuple(line) for line in cells))


def mean_measure(measures: Iterable[Measure]) -> Measure:
    """The unweighted mean of the defined values (the 'mean of per-code values')."""
    measures = list(measures)
    values = [m.value for m in measures if m.value is not None]
    if not values:
        return na("undefined for every code" if measures else "no codes")
    return Measure(sum(values) / len(values))


@dataclass(frozen=True)
class Interval:
    """A bootstrap confidence interval; ``low``/``high`` are None with a reason when undefined."""

    estimate: Measure
    low: float | None
    high: float | None
    confidence: float
    n_boot: int
    n_undefined: int  # resamples on which alpha was undefined (left out)
    reason: str | None = None


def alpha_bootstrap(table: Table, level: Level = "nominal", *, n_boot: int = 1000, seed: int = 0,
                    confidence: float = 0.95, coders: Sequence[str] | None = None) -> Interval:
    """Percentile bootstrap interval for alpha, resampling units with replacement.

    Seeded (``random.Random(seed)``), so the same table gives the same interval.
    This resamples units, not Krippendorff's (2004) pairs of values; it is a
    plain nonparametric interval. Resamples on which alpha is undefined (all
    drawn units agree on one value) are counted and left out.
    """
    if not 0 < confidence < 1:
        raise ValueError("confidence must be between 0 and 1")
    rows = [tuple(r) for r in table]
    estimate = krippendorff_alpha(rows, level, coders=coders)
    if estimate.value is None:
        return Interval(estimate, None, None, confidence, n_boot, 0, estimate.reason)
    rng = random.Random(seed)
    n = len(rows)
    values: list[float] = []
    undefined = 0
    for _ in range(n_boot):
        sample = [rows[rng.randrange(n)] for _ in range(n)]
        m = krippendorff_alpha(sample, level, coders=coders)
        if m.value is None:
            undefined += 1
        else:
            values.append(m.value)
    if not values:
        return Interval(estimate, None, None, confidence, n_boot, undefined, "n/a: alpha undefined on every resample")
    values.sort()
    tail = (1 - confidence) / 2
    return Interval(estimate, _quantile(values, tail), _quantile(values, 1 - tail), confidence, n_boot, undefined)


def _quantile(sorted_values: list[float], p: float) -> float:
    """Linear interpolation between order statistics (numpy's default)."""
    pos = p * (len(sorted_values) - 1)
    lo = math.floor(pos)
    hi = min(lo + 1, len(sorted_values) - 1)
    return sorted_values[lo] + (sorted_values[hi] - sorted_values[lo]) * (pos - lo)
