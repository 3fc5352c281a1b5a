"""Phrasing: the report's number rules, all and all-but forms, proportion words, footnotes."""

from __future__ import annotations

import re
from fractions import Fraction
from pathlib import Path

import pytest

from tests.core.coding_world import REGIONS
from workbench.core.phrasing import PROPORTIONS, Noun, footnote, number_footnotes, phrase, proportion_phrase

SV = {1: "En region", 2: "Två regioner", 3: "Tre regioner", 4: "Fyra regioner", 5: "Fem regioner", 6: "Sex regioner",
      7: "Sju regioner", 8: "Åtta regioner", 9: "Nio regioner", 10: "Tio regioner", 11: "Elva regioner", 12: "Tolv regioner"}
LAN = Noun("län", "län", "länen", "county", "counties", gender="neuter")


@pytest.mark.parametrize("n", range(0, 22))
def test_every_count_of_21_regions(n):
    text = phrase(n, 21)
    if n == 0:
        assert text == "Ingen region"
    elif n <= 12:
        assert text == SV[n]
    elif n < 21:
        assert text == f"{n} regioner"
    else:
        assert text == "Samtliga regioner"
    assert phrase(n, 21, capitalize=False) == (text if n in range(13, 21) else text[0].lower() + text[1:])


def test_claims_of_the_report_start_this_way(report_text):
    """Counts at sentence start in the report: words up to twelve, digits from 13."""
    for word in ("Sex regioner", "Åtta regioner", "Tre regioner", "13 regioner", "Fyra regioner"):
        assert word in report_text
        n = next(k for k, v in SV.items() if v.split()[0] == word.split()[0]) if not word[0].isdigit() else int(word.split()[0])
        assert phrase(n, 21) == word


def test_english():
    assert phrase(13, 21, lang="en") == "13 regions"
    assert phrase(1, 21, lang="en") == "One region"
    assert phrase(2, 21, lang="en") == "Two regions"
    assert phrase(21, 21, lang="en") == "All regions"
    assert phrase(19, 21, lang="en", missing=["Västerbotten", "Dalarna"]) == "All regions except Dalarna and Västerbotten"
    assert footnote(REGIONS[2:], lang="en", complement=True, all_cases=REGIONS) == "All regions except Blekinge, Dalarna."


def test_all_but_few_respects_threshold_and_order():
    missing = ["Västerbotten", "Dalarna"]
    assert phrase(19, 21, missing=missing) == "Samtliga regioner utom Dalarna och Västerbotten"
    assert phrase(18, 21, missing=["Örebro", "Gotland", "Gävleborg"]) == "Samtliga regioner utom Gotland, Gävleborg och Örebro"
    assert phrase(17, 21, missing=REGIONS[:4]) == "17 regioner"  # four missing: over the default threshold
    assert phrase(17, 21, missing=REGIONS[:4], threshold=4).startswith("Samtliga regioner utom Blekinge, Dalarna, Gotland och")
    assert phrase(2, 4, missing=["A", "B"]) == "Två regioner"  # as many missing as counted: no all-but form
    assert phrase(19, 21) == "19 regioner"  # without the missing names there is nothing to say "utom"


def test_gender_of_the_noun():
    assert phrase(1, 21, LAN) == "Ett län"
    assert phrase(0, 21, LAN) == "Inget län"
    assert phrase(2, 21, LAN) == "Två län"
    assert phrase(21, 21, LAN) == "Samtliga län"
    assert phrase(1, 21, LAN, lang="en") == "One county"


@pytest.mark.parametrize("count, words", [
    (4, "Ett fåtal regioner"), (5, "Ett fåtal regioner"), (7, "En tredjedel av regionerna"), (9, "Knappt hälften av regionerna"),
    (11, "Drygt hälften av regionerna"), (13, "Majoriteten av regionerna"), (14, "Två tredjedelar av regionerna"),
    (15, "Flertalet regioner"), (17, "Flertalet regioner"),
])
def test_proportion_words_used_by_the_report(count, words, report_text):
    assert words.split(" av ")[0].lower() in report_text.lower()
    assert phrase(count, 21, proportion=True) == words


def test_proportion_edges():
    assert phrase(1, 21, proportion=True) == "En region"
    assert phrase(21, 21, proportion=True) == "Samtliga regioner"
    assert phrase(5, 10, proportion=True) == "Hälften av regionerna"
    assert proportion_phrase(6, 21, lang="en") == "Just under a third of the regions"
    assert phrase(20, 21, proportion=True, missing=["Gotland"]) == "Samtliga regioner utom Gotland"
    for total in range(2, 40):  # every proportion strictly between 0 and 1 has exactly one row
        for count in range(1, total):
            hits = [r for r in PROPORTIONS if r.contains(Fraction(count, total))]
            assert len(hits) == 1, (count, total)


def test_docs_table_matches_the_code():
    doc = (Path(__file__).resolve().parents[2] / "docs" / "phrasing.md").read_text(encoding="utf-8")
    table = doc.split("checked against")[1]
    rows = [[c.strip() for c in line.strip("|").split("|")] for line in table.splitlines() if line.startswith("| ") and "from" not in line]
    assert len(rows) == len(PROPORTIONS)

    def bound(text):
        return Fraction(re.sub(r"[^0-9./]", "", text))

    for (lo, hi, sv, en), row in zip(rows, PROPORTIONS):
        assert bound(lo) == row.low and lo.startswith(">") == row.low_open
        assert bound(hi) == row.high and hi.startswith("<") == row.high_open
        assert sv.lower() == row.sv.format(plural="regioner", definite_plural="regionerna").lower()
        assert en.lower() == row.en.format(plural_en="regions").lower()


def test_footnote_is_swedish_alphabetical_and_ends_with_a_period():
    assert footnote(["Örebro", "Östergötland", "Västra Götaland", "Gävleborg", "Gotland"]) == \
        "Gotland, Gävleborg, Västra Götaland, Örebro, Östergötland."
    assert footnote(["Blekinge", "Blekinge"]) == "Blekinge."
    assert footnote([]) == ""
    assert footnote(REGIONS, complement=True, all_cases=REGIONS) == "Samtliga regioner."
    with pytest.raises(ValueError):
        footnote(["Blekinge"], complement=True)


def test_numbered_footnotes():
    notes = number_footnotes(["Blekinge.", "Dalarna, Gotland."], start=195)
    assert [(n.number, n.text) for n in notes] == [(195, "Blekinge."), (196, "Dalarna, Gotland.")]
