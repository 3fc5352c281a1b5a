"""The checker on the bundled 2020 report: its genuine errors, and none of its consistent claims.

Every footnote number asserted here was checked by hand against the text of
examples/regionalt-tillvaxtarbete-2020.txt (the sentence and the footnote's
list, counted name by name); the counts are in the comments.
"""

from __future__ import annotations

import pytest

from tests.conftest import REPORT
from workbench.core.checking.report import check_file, has_mismatch

# Sentence says N, footnote lists M distinct regions (counted by hand):
COUNT_MISMATCHES = {
    93: (15, 16),  # "beskrivs av 15 regioner.93" - 16 names
    122: (10, 9),  # "tio regioner122 redovisar insatser med endast effekter" - 9 names
    131: (8, 7),  # "Åtta regioner131 har genomfört insatser som rör analyser" - 7 names
    268: (14, 13),  # "14 regioner268" - 14 items, but "Jämtland, Härjedalen" is one region split by a comma
    306: (6, 5),  # "Totalt sex regioner306" - 5 names
    360: (8, 9),  # "Åtta regioner360 skriver att de arbetar med ... kompetensförsörjning" - 9 names
    377: (12, 13),  # "Tolv regioner377 beskriver samverkan med näringslivet" - 13 names
    380: (10, 8),  # "tio regioner380" - 10 items: Västermanland (typo) and Örebro twice -> 8 regions
    449: (17, 14),  # "17 regioner449 har angett att de genomfört uppföljningar" - 14 names
    450: (7, 6),  # "Sju regioner450 har i sin uppräkning av aktiviteter nämnt" - 6 names
}
# A proportion word whose range does not hold the footnote's count:
OUT_OF_RANGE = {
    120: 20,  # "Vissa regioner120" - the footnote lists 20 of 21 regions
    127: 9,  # "Hälften av regionerna127" - 10 items, Värmland twice: 9 regions
    392: 14,  # "Hälften av regionerna ... omfattar.392" - 14 regions
}


@pytest.fixture(scope="module")
def result():
    return check_file(REPORT)


@pytest.fixture(scope="module")
def by_footnote(result):
    out = {}
    for checked in result.claims:
        if checked.verdict.footnote is not None:
            out.setdefault(checked.verdict.footnote, checked)
    return out


def test_it_finds_exactly_the_count_errors_verified_by_hand(result, by_footnote):
    found = {c.verdict.footnote for c in result.claims if c.verdict.verdict == "count_mismatch"}
    assert found == set(COUNT_MISMATCHES)
    assert result.summary.count_mismatch == len(COUNT_MISMATCHES)
    for number, (claimed, listed) in COUNT_MISMATCHES.items():
        v = by_footnote[number].verdict
        assert (v.claim.claimed, v.listed) == (claimed, listed), number
    assert has_mismatch(result)


def test_it_finds_exactly_the_proportions_out_of_range(result, by_footnote):
    found = {c.verdict.footnote for c in result.claims if c.verdict.verdict == "out_of_range"}
    assert found == set(OUT_OF_RANGE)
    for number, listed in OUT_OF_RANGE.items():
        assert by_footnote[number].verdict.listed == listed


def test_the_fix_is_the_count_as_the_report_writes_it(by_footnote):
    assert by_footnote[122].verdict.fixed_claim == "nio regioner"
    assert by_footnote[131].verdict.fixed_claim == "Sju regioner"
    assert by_footnote[377].verdict.fixed_claim == "13 regioner"
    assert by_footnote[380].verdict.fixed_claim == "åtta regioner"
    assert by_footnote[449].verdict.fixed_claim == "14 regioner"


def test_findings_carry_page_line_and_chapter(by_footnote):
    c = by_footnote[122]
    assert (c.page, c.line) == ("58", 2683)
    assert c.chapter.startswith("3 ")
    assert "tio regioner" in c.verdict.claim.sentence
    c = by_footnote[449]
    assert c.line == 8457


def test_consistent_claims_are_not_flagged(by_footnote):
    for number in (12, 13, 15, 84, 101, 125, 141, 152, 188, 195, 196, 199, 210, 275, 424, 429, 460, 461):
        assert by_footnote[number].verdict.verdict == "consistent", number
    assert by_footnote[195].verdict.listed == 13
    # Complements: "Ej Blekinge, Kalmar, Örebro." (18), "Ej nämnt av Gotland och Östergötland" (19),
    # "Alla utom Dalarna; Stockholm och Uppsala." (18), "Samtliga regioner utom Dalarna, Västerbotten." (19)
    for number, listed in ((187, 18), (167, 19), (416, 18), (74, 19), (390, 20), (181, 19)):
        v = by_footnote[number].verdict
        assert (v.verdict, v.listed, v.complement) == ("consistent", listed, True), number
    # "Nästan alla regioner" / "Flertalet" with the exceptions named in a sentence.
    for number, listed in ((18, 20), (23, 19), (219, 20), (396, 19)):
        v = by_footnote[number].verdict
        assert (v.verdict, v.listed) == ("consistent", listed), number
    # Proportions inside their ranges.
    for number in (30, 36, 44, 171, 186, 227, 233, 447, 448):
        assert by_footnote[number].verdict.verdict == "consistent", number


def test_aliases_typos_duplicates_and_missing_commas_are_flagged(result, by_footnote):
    def kinds(number):
        return {w.kind for w in by_footnote[number].verdict.warnings}

    assert "alias" in kinds(133)  # "Jämtland"
    assert "typo" in kinds(345)  # "Västermanland"
    assert "duplicate" in kinds(290)  # Stockholm twice
    assert {"typo", "duplicate"} <= kinds(380)
    assert "duplicate" in kinds(127)  # Värmland twice
    assert "missing_comma" in kinds(413)
    assert "conjunction" in kinds(64)  # "Västernorrland och Västmanland, Östergötland"
    assert by_footnote[64].verdict.fixed_footnote.endswith("Västernorrland, Västmanland, Östergötland.")
    assert by_footnote[290].verdict.verdict == "consistent"  # 16 items, 15 regions, "15 regioner"
    assert by_footnote[345].verdict.verdict == "consistent"
    loose = {f.finding.footnote: {w.kind for w in f.finding.warnings} for f in result.footnotes}
    assert "alias" in loose[46]  # "Södermanland, 2021."
    assert "missing_comma" in loose[61]  # "Värmland Västmanland"
    assert "duplicate" in loose[69]  # Kalmar twice
    fixed = {f.finding.footnote: f.finding.fixed_footnote for f in result.footnotes}
    assert fixed[46] == "Sörmland, 2021."


def test_unreadable_and_missing_footnotes(by_footnote):
    for number in (246, 253, 454):  # cut short by the PDF extraction
        v = by_footnote[number].verdict
        assert v.verdict == "unreadable" and "cut short" in v.detail, number
    assert by_footnote[456].verdict.verdict == "footnote_missing"  # referenced, text absent from the file
    # A citation closing a sentence is the sentence's, not the count's ("Lag (2010:630) ...").
    assert 8 not in by_footnote


def test_the_summary_adds_up(result):
    s = result.summary
    assert s.claims == len(result.claims)
    assert s.consistent + s.count_mismatch + s.out_of_range + s.footnote_missing + s.unreadable == s.claims
    assert s.consistent > 200


def test_the_documented_findings_are_the_checkers(result):
    import re

    from tests.conftest import ROOT

    doc = (ROOT / "docs" / "checker.md").read_text(encoding="utf-8")
    documented = {
        (int(m.group(1)), m.group(2), int(m.group(3)), m.group(4))
        for m in re.finditer(r"^\| (\d+) \| (\d+) \| (\d+) \| [^|]+ \| \*\*(\w+)\*\*", doc, re.M)
    }
    actual = {
        (c.verdict.footnote, c.page, c.line, c.verdict.verdict)
        for c in result.claims
        if c.verdict.footnote is not None and c.verdict.verdict != "consistent"
    }
    assert documented == actual


def test_the_documented_summary_is_the_checkers(result):
    from tests.conftest import ROOT

    doc = " ".join((ROOT / "docs" / "checker.md").read_text(encoding="utf-8").split())
    s = result.summary
    assert (f"finds {s.claims} claims: {s.consistent} consistent, {s.count_mismatch} count mismatches, "
            f"{s.out_of_range} proportion words out of range, {s.unreadable} unreadable footnotes") in doc
    assert f"{s.footnote_missing} counts without a footnote" in doc and f"{s.warnings} footnote warnings" in doc


def test_the_counts_agree_with_the_independently_made_claims_map(by_footnote):
    """examples/claims-2020.yaml was written by hand from the report; every number it reads agrees."""
    import yaml

    from tests.conftest import ROOT

    entries = yaml.safe_load((ROOT / "examples" / "claims-2020.yaml").read_text(encoding="utf-8"))["claims"]
    numbers = [(e["footnote"], e["claimed"]) for e in entries
               if isinstance(e.get("claimed"), int) and e["footnote"] in by_footnote]
    assert len(numbers) > 150
    assert [(n, c) for n, c in numbers if by_footnote[n].verdict.claim.claimed != c] == []
