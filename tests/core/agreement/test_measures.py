"""The measures against published values and independent libraries.

References: krippendorff (alpha, all four levels, missing data), scikit-learn
(Cohen), statsmodels (Fleiss, Randolph = Brennan–Prediger), irrCAC (Gwet AC1,
Brennan–Prediger, Fleiss, Krippendorff). Where the libraries use another
missing-data convention (irrCAC's Fleiss/Gwet keep incomplete units,
statsmodels needs complete rows), they are given the listwise-deleted table,
which is the convention our module documents.
"""

from __future__ import annotations

import math
import random
import warnings

import krippendorff
import numpy as np
import pandas as pd
import pytest
from irrCAC.raw import CAC
from sklearn.metrics import cohen_kappa_score
from statsmodels.stats.inter_rater import aggregate_raters
from statsmodels.stats.inter_rater import fleiss_kappa as sm_fleiss

from workbench.core.agreement.measures import (
    LEVELS,
    Measure,
    alpha_bootstrap,
    brennan_prediger,
    cohen_kappa,
    cohen_kappa_matrix,
    fleiss_kappa,
    gwet_ac1,
    krippendorff_alpha,
    mean_measure,
    percent_agreement,
    summarize,
)

TOL = 1e-9

# Krippendorff (2011), "Computing Krippendorff's alpha-reliability", 4 coders × 12 units.
K2011_BY_CODER = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
    [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None],
]
K2011 = [list(unit) for unit in zip(*K2011_BY_CODER)]


def kripp_lib(table, level="nominal"):
    data = np.array([[np.nan if v is None else v for v in row] for row in table], dtype=float).T
    return krippendorff.alpha(reliability_data=data, level_of_measurement=level)


def irr(table, categories=None) -> CAC:
    frame = pd.DataFrame([[np.nan if v is None else v for v in row] for row in table])
    return CAC(frame, categories=categories, digits=15)


def listwise(table):
    return [row for row in table if all(v is not None for v in row)]


def sm_table(table, categories):
    codes = {c: i for i, c in enumerate(categories)}
    counts, _ = aggregate_raters(np.array([[codes[v] for v in row] for row in table]), n_cat=len(categories))
    return counts


def no_nan(summary) -> None:
    for name, m in summary.measures().items():
        assert m.value is None or math.isfinite(m.value), name
        assert (m.value is None) == (m.reason is not None), name


# --- published values -------------------------------------------------------


@pytest.mark.parametrize(
    "level, published",
    [("nominal", 0.743), ("ordinal", 0.815), ("interval", 0.849), ("ratio", 0.797)],
)
def test_krippendorff_2011_published_example(level, published):
    value = krippendorff_alpha(K2011, level).value
    assert round(value, 3) == published
    assert value == pytest.approx(kripp_lib(K2011, level), abs=TOL)


def test_krippendorff_2011_listwise_measures_match_libraries_on_complete_units():
    complete = listwise(K2011)
    assert len(complete) == 8  # units 2-9; unit 1 and 10-12 lack at least one coder
    cats = sorted({v for row in complete for v in row})
    assert fleiss_kappa(K2011).value == pytest.approx(sm_fleiss(sm_table(complete, cats)), abs=TOL)
    lib = irr(complete)
    assert gwet_ac1(K2011).value == pytest.approx(lib.gwet()["est"]["coefficient_value"], abs=TOL)
    assert brennan_prediger(K2011).value == pytest.approx(lib.bp()["est"]["coefficient_value"], abs=TOL)
    # irrCAC on the whole table keeps incomplete units (Gwet's convention) and
    # gives its docstring's 0.77544 / 0.76117; we document listwise instead.
    whole = irr(K2011)
    assert round(whole.gwet()["est"]["coefficient_value"], 5) == 0.77544
    assert round(whole.fleiss()["est"]["coefficient_value"], 5) == 0.76117
    assert gwet_ac1(K2011).value != pytest.approx(0.77544, abs=1e-3)


def test_gwet_r_irrcac_fixture_80_7_8_5():
    # R irrCAC 1.4 / DKPro: 2 coders, 100 units, table [[80, 7], [8, 5]]: AC1 .808, p_a .85.
    rows = [(1, 1), (1, 2), (2, 1), (2, 2)]
    weights = [80, 7, 8, 5]
    expanded = [r for r, w in zip(rows, weights) for _ in range(w)]
    assert percent_agreement(rows, weights=weights).value == pytest.approx(0.85, abs=TOL)
    assert round(gwet_ac1(rows, weights=weights).value, 3) == 0.808
    assert gwet_ac1(rows, weights=weights).value == pytest.approx(gwet_ac1(expanded).value, abs=TOL)
    assert cohen_kappa(rows, weights=weights).value == pytest.approx(
        cohen_kappa_score([a for a, _ in expanded], [b for _, b in expanded]), abs=TOL)


def test_nvivo_help_character_example():
    # NVivo help: 1000 characters, 50 coded by both, 150 by one only, 800 by neither -> 85 %.
    rows = [(1, 1), (1, 0), (0, 1), (0, 0)]
    weights = [50, 100, 50, 800]
    assert percent_agreement(rows, weights=weights).value == pytest.approx(0.85, abs=TOL)
    kappa = cohen_kappa(rows, weights=weights).value
    assert kappa == pytest.approx(0.318182, abs=1e-6)
    # NVivo's own formula: EF1 = A·B/T, EF2 = (T-A)(T-B)/T, K = (TA - ΣEF)/(T - ΣEF).
    t, a, b, agree = 1000, 150, 100, 850
    ef = a * b / t + (t - a) * (t - b) / t
    assert kappa == pytest.approx((agree - ef) / (t - ef), abs=TOL)


def test_atlasti_manual_ten_segments():
    # ATLAS.ti manual: PA 60 %, expected agreement (9.6 + 1.6)/20, alpha 0.0952.
    table = [("a", "a")] * 5 + [("b", "b")] + [("a", "b")] * 2 + [("b", "a")] * 2
    assert percent_agreement(table).value == pytest.approx(0.6)
    assert krippendorff_alpha(table).value == pytest.approx(0.095238, abs=1e-6)


# --- the degenerate and awkward cases ---------------------------------------

REGIONS = 21


def test_perfect_agreement():
    table = [(1, 1, 1)] * 5 + [(0, 0, 0)] * 16
    s = summarize(table, categories=(0, 1))
    assert s.percent.value == 1
    for name in ("fleiss_kappa", "krippendorff_alpha", "gwet_ac1", "brennan_prediger"):
        assert s.measures()[name].value == pytest.approx(1.0), name
    assert s.cohen_kappa.value is None and "two coders" in s.cohen_kappa.reason
    assert cohen_kappa([(r[0], r[1]) for r in table]).value == pytest.approx(1.0)
    no_nan(s)


def test_total_disagreement_two_coders():
    a = [1] * 10 + [0] * 11
    table = [(x, 1 - x) for x in a]
    s = summarize(table, categories=(0, 1))
    assert s.percent.value == 0
    assert s.fleiss_kappa.value == pytest.approx(-1)
    assert s.brennan_prediger.value == pytest.approx(-1)
    assert s.gwet_ac1.value == pytest.approx(-1)
    assert s.cohen_kappa.value == pytest.approx(cohen_kappa_score(a, [1 - x for x in a]), abs=TOL)
    assert round(s.cohen_kappa.value, 4) == -0.9955
    assert s.krippendorff_alpha.value == pytest.approx(kripp_lib(table), abs=TOL)
    assert s.krippendorff_alpha.value == pytest.approx(1 - 2 * (2 * REGIONS - 1) / (2 * REGIONS), abs=TOL)


def test_one_coder_constant():
    # A never gives the code, B gives it to 3 of 21 regions.
    table = [(0, 1)] * 3 + [(0, 0)] * 18
    s = summarize(table, categories=(0, 1))
    assert s.cohen_kappa.value == 0
    assert round(s.fleiss_kappa.value, 3) == -0.077
    assert round(s.krippendorff_alpha.value, 3) == -0.051
    assert round(s.gwet_ac1.value, 3) == 0.835
    assert round(s.brennan_prediger.value, 3) == 0.714
    assert s.krippendorff_alpha.value == pytest.approx(kripp_lib(table), abs=TOL)
    lib = irr(table, categories=[0, 1])
    assert s.gwet_ac1.value == pytest.approx(lib.gwet()["est"]["coefficient_value"], abs=TOL)
    assert s.brennan_prediger.value == pytest.approx(lib.bp()["est"]["coefficient_value"], abs=TOL)


def test_nobody_uses_the_code_is_na_with_reasons_not_nan():
    table = [(0, 0, 0)] * REGIONS
    s = summarize(table, categories=(0, 1))
    assert s.percent.value == 1
    assert s.fleiss_kappa.value is None and s.fleiss_kappa.reason == "n/a: every unit has the same value (0)"
    assert s.krippendorff_alpha.value is None and "same" in s.krippendorff_alpha.reason
    # With the categories fixed to present/absent, AC1 and BP are defined (p_e = 0 and 1/2).
    assert s.gwet_ac1.value == 1 and s.brennan_prediger.value == 1
    two = [(0, 0)] * REGIONS
    assert cohen_kappa(two).reason == "n/a: both coders gave every unit the same value (0)"
    # Without categories there is only one value, so q would be 1: n/a, not 1.0 by accident.
    assert gwet_ac1(table).value is None and "categories" in gwet_ac1(table).reason
    assert brennan_prediger(table).value is None
    no_nan(s)
    no_nan(summarize(table))


def test_rare_code_no_overlap():
    # Each coder gives the code to one region, not the same one.
    table = [(1, 0), (0, 1)] + [(0, 0)] * 19
    s = summarize(table, categories=(0, 1))
    assert round(s.percent.value, 3) == 0.905
    assert round(s.krippendorff_alpha.value, 3) == -0.025
    assert round(s.gwet_ac1.value, 3) == 0.895
    assert s.cohen_kappa.value == pytest.approx(cohen_kappa_score([1, 0] + [0] * 19, [0, 1] + [0] * 19), abs=TOL)


def test_coder_with_no_values():
    table = [(1, None), (0, None), (1, None)]
    s = summarize(table, categories=(0, 1), coders=("anna", "bo"))
    for name in ("percent", "cohen_kappa", "fleiss_kappa", "gwet_ac1", "brennan_prediger"):
        assert s.measures()[name].reason == "n/a: bo gave no values", name
    assert s.krippendorff_alpha.reason == "n/a: no unit has values from two coders"
    assert summarize([], categories=(0, 1)).percent.reason == "n/a: the table has no units"


def test_missing_values_listwise_vs_pairable():
    table = [
        (1, 1, 1), (1, 1, None), (0, 0, 0), (0, 1, 0), (None, 0, 0), (1, 1, 1),
        (0, 0, None), (1, 0, 1), (0, 0, 0), (None, None, 1), (1, 1, 0), (0, 0, 0),
    ]
    complete = listwise(table)
    assert len(complete) == 8
    # Alpha: pairable values, as the krippendorff package and irrCAC compute it.
    alpha = krippendorff_alpha(table).value
    assert alpha == pytest.approx(kripp_lib(table), abs=TOL)
    assert alpha == pytest.approx(irr(table).krippendorff()["est"]["coefficient_value"], abs=TOL)
    assert alpha != pytest.approx(kripp_lib(complete), abs=1e-6)
    # The rest: listwise, which is what the libraries give on the complete rows.
    assert fleiss_kappa(table).value == pytest.approx(sm_fleiss(sm_table(complete, [0, 1])), abs=TOL)
    assert brennan_prediger(table, categories=(0, 1)).value == pytest.approx(
        sm_fleiss(sm_table(complete, [0, 1]), method="randolph"), abs=TOL)
    assert gwet_ac1(table, categories=(0, 1)).value == pytest.approx(
        irr(complete, [0, 1]).gwet()["est"]["coefficient_value"], abs=TOL)
    pair = [(a, b) for a, b, _ in table]
    both = listwise(pair)
    assert cohen_kappa(pair).value == pytest.approx(
        cohen_kappa_score([a for a, _ in both], [b for _, b in both]), abs=TOL)


def test_weights_equal_repeated_rows():
    rows = [(1, 1, 0), (0, 0, 0), (1, None, 1), (0, 1, 1)]
    weights = [3, 10, 2, 4]
    expanded = [r for r, w in zip(rows, weights) for _ in range(w)]
    a = summarize(rows, weights=weights, categories=(0, 1))
    b = summarize(expanded, categories=(0, 1))
    for name, measure in a.measures().items():
        other = b.measures()[name]
        if measure.value is None:
            assert measure == other, name
        else:
            assert measure.value == pytest.approx(other.value, abs=TOL), name
    assert a.n_units == b.n_units == 19


def test_non_numeric_values_for_interval_alpha_is_na():
    m = krippendorff_alpha([("a", "b"), ("b", "b")], "interval")
    assert m.value is None and "needs numbers" in m.reason
    assert krippendorff_alpha([("a", "b"), ("b", "b")], "ordinal").defined


# --- random tables against the libraries ------------------------------------


def random_table(rng: random.Random, *, missing: float):
    n = rng.randint(4, 40)
    m = rng.randint(2, 6)
    q = rng.randint(2, 5)
    bias = [rng.random() for _ in range(q)]  # uneven prevalence, like real codes
    truth = [rng.choices(range(1, q + 1), weights=bias)[0] for _ in range(n)]
    table = []
    for t in truth:
        row = []
        for _ in range(m):
            v = t if rng.random() < 0.6 else rng.randint(1, q)
            row.append(None if rng.random() < missing else v)
        table.append(row)
    return table


@pytest.mark.parametrize("seed", range(40))
def test_random_tables_alpha_all_levels(seed):
    rng = random.Random(seed)
    table = random_table(rng, missing=0.2)
    values = {v for row in table if sum(x is not None for x in row) >= 2 for v in row if v is not None}
    if len(values) < 2:
        pytest.skip("degenerate draw")
    for level in LEVELS:
        assert krippendorff_alpha(table, level).value == pytest.approx(kripp_lib(table, level), abs=TOL), level


@pytest.mark.parametrize("seed", range(40))
def test_random_tables_listwise_measures(seed):
    rng = random.Random(1000 + seed)
    table = random_table(rng, missing=0.08)
    complete = listwise(table)
    cats = sorted({v for row in complete for v in row})
    if not complete or len(cats) < 2:
        assert fleiss_kappa(table).value is None
        return
    m = len(table[0])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert fleiss_kappa(table).value == pytest.approx(sm_fleiss(sm_table(complete, cats)), abs=TOL)
        if len(complete) >= 2:  # irrCAC's variance divides by n - 1
            lib = irr(complete)
            assert fleiss_kappa(table).value == pytest.approx(lib.fleiss()["est"]["coefficient_value"], abs=TOL)
            assert gwet_ac1(table).value == pytest.approx(lib.gwet()["est"]["coefficient_value"], abs=TOL)
            assert brennan_prediger(table).value == pytest.approx(lib.bp()["est"]["coefficient_value"], abs=TOL)
        assert brennan_prediger(table).value == pytest.approx(
            sm_fleiss(sm_table(complete, cats), method="randolph"), abs=TOL)
        agree = sum(sum(row.count(c) * (row.count(c) - 1) for c in cats) / (m * (m - 1)) for row in complete)
        assert percent_agreement(table).value == pytest.approx(agree / len(complete), abs=TOL)
        matrix = cohen_kappa_matrix(table)
        for i in range(m):
            for j in range(i + 1, m):
                pair = [(r[i], r[j]) for r in table if r[i] is not None and r[j] is not None]
                a, b = [p[0] for p in pair], [p[1] for p in pair]
                expected = cohen_kappa_score(a, b)
                if math.isnan(expected):
                    assert matrix.cells[i][j].value is None
                else:
                    assert matrix.cells[i][j].value == pytest.approx(expected, abs=TOL)
                assert matrix.cells[j][i] == matrix.cells[i][j]


def test_pairwise_matrix_spots_the_outlier():
    rng = random.Random(7)
    truth = [rng.random() < 0.3 for _ in range(200)]
    noisy = [t if rng.random() < 0.6 else not t for t in truth]
    table = [(t, t, t if rng.random() < 0.95 else not t, n) for t, n in zip(truth, noisy)]
    matrix = cohen_kappa_matrix(table, coders=["a", "b", "c", "d"])
    means = matrix.mean_by_coder()
    assert min(means, key=lambda c: means[c].value) == "d"
    assert matrix.get("a", "b").value == pytest.approx(1.0)
    assert matrix.get("a", "a").value is None


def test_mean_measure_skips_undefined():
    assert mean_measure([Measure(0.5), Measure(None, "n/a: x"), Measure(1.0)]).value == 0.75
    assert mean_measure([Measure(None, "n/a: x")]).value is None
    assert mean_measure([]).reason == "n/a: no codes"


def test_bootstrap_is_seeded_and_brackets_the_estimate():
    first = alpha_bootstrap(K2011, n_boot=300, seed=3)
    again = alpha_bootstrap(K2011, n_boot=300, seed=3)
    other = alpha_bootstrap(K2011, n_boot=300, seed=4)
    assert first == again
    assert (first.low, first.high) != (other.low, other.high)
    assert first.low < first.estimate.value < first.high <= 1
    undefined = alpha_bootstrap([(0, 0)] * 10)
    assert undefined.low is None and undefined.reason.startswith("n/a")
