"""parse_case_list on synthetic footnotes and on every footnote of the bundled 2020 report."""

import re

import pytest

from workbench.core.caselists import parse_case_list
from workbench.core.cases import CaseResolver, builtin_case_set
from workbench.core.collation import sort_swedish


@pytest.fixture(scope="module")
def regions():
    return CaseResolver.from_spec(builtin_case_set("regioner"))


@pytest.fixture(scope="module")
def boards():
    return CaseResolver.from_spec(builtin_case_set("länsstyrelser"))


@pytest.fixture(scope="module")
def footnotes(report_text):
    from workbench.core.importing.report_text import parse_report_text

    return {f.number: f.text for f in parse_report_text(report_text, "Regionalt tillväxtarbete 2020").footnotes}


def names(cases):
    return [c.name for c in cases]


def kinds(result):
    return [w.kind for w in result.warnings]


# -- synthetic footnotes ---------------------------------------------------------


def test_plain_list(regions):
    got = parse_case_list("Blekinge, Dalarna, Västra Götaland.", regions)
    assert got.is_list and not got.complement and got.rest == "" and got.warnings == ()
    assert names(got.cases) == ["Blekinge", "Dalarna", "Västra Götaland"]
    assert [i.how for i in got.items] == ["exact"] * 3


def test_och_before_the_last_and_no_final_period(regions):
    got = parse_case_list("Dalarna, Jämtland Härjedalen Kalmar, Stockholm och Västra Götaland", regions)
    assert names(got.cases) == ["Dalarna", "Jämtland Härjedalen", "Kalmar", "Stockholm", "Västra Götaland"]
    assert got.warnings[0].kind == "missing_comma" and "Jämtland Härjedalen, Kalmar" in got.warnings[0].detail


def test_och_in_the_middle_of_a_list_is_a_warning_only_there(regions, footnotes):
    got = parse_case_list(footnotes[64], regions)  # "..., Västernorrland och Västmanland, Östergötland."
    assert len(got.cases) == 9 and names(got.cases)[-3:] == ["Västernorrland", "Västmanland", "Östergötland"]
    assert [(w.kind, w.detail) for w in got.warnings] == [
        ("conjunction", "'och' joins Västernorrland and Västmanland in the middle of the list - use a comma")
    ]
    flagged = [n for n, text in footnotes.items() if any(w.kind == "conjunction" for w in parse_case_list(text, regions).warnings)]
    assert flagged == [64]  # "A, B och C" elsewhere in the report is good Swedish, not a slip
    assert parse_case_list("Dalarna, Kronoberg och Skåne.", regions).warnings == ()


def test_aliases_typos_duplicates_and_order(regions):
    got = parse_case_list("Region Skåne, Södermanland, Västermanland, Blekinge, Skåne.", regions)
    assert names(got.cases) == ["Skåne", "Sörmland", "Västmanland", "Blekinge"]
    assert sorted(kinds(got)) == ["alias", "alias", "duplicate", "order", "typo"]
    typo = next(w for w in got.warnings if w.kind == "typo")
    assert typo.detail == "'Västermanland' is a typo for Västmanland"


def test_unknown_name_inside_a_list_is_a_warning_with_a_did_you_mean(regions):
    got = parse_case_list("Blekinge, Västerland, Dalarna.", regions)
    assert got.is_list and names(got.cases) == ["Blekinge", "Dalarna"]
    assert got.warnings == (got.warnings[0],) and got.warnings[0].kind == "unknown"
    assert "did you mean Västernorrland or Värmland?" in got.warnings[0].detail


@pytest.mark.parametrize(
    "footnote, excluded",
    [
        ("Ej Blekinge, Kalmar, Örebro.", ["Blekinge", "Kalmar", "Örebro"]),
        ("Ej nämnt av Gotland och Östergötland", ["Gotland", "Östergötland"]),
        ("Alla utom Dalarna; Stockholm och Uppsala.", ["Dalarna", "Stockholm", "Uppsala"]),
        ("Samtliga regioner utom Dalarna, Västerbotten.", ["Dalarna", "Västerbotten"]),
        ("Samtliga regioner förutom Uppsala.", ["Uppsala"]),
        ("Samtliga 21 regioner utom Gotland.", ["Gotland"]),
        ("Alla regionerna förutom Skåne.", ["Skåne"]),
    ],
)
def test_complements(regions, footnote, excluded):
    got = parse_case_list(footnote, regions)
    assert got.is_list and got.complement
    assert names(got.named) == excluded
    assert names(got.cases) == [c.name for c in regions.cases if c.name not in excluded]
    assert len(got.cases) == 21 - len(excluded)


def test_complement_with_trailing_words(regions):
    got = parse_case_list("Ej Norrbotten och Västerbotten enligt Reglab.", regions)
    assert got.complement and len(got.cases) == 19 and got.rest == "enligt Reglab"


def test_list_followed_by_a_sentence(regions):
    got = parse_case_list("Halland, Sörmland. Se avsnitt 3.3.1 för mer.", regions)
    assert names(got.cases) == ["Halland", "Sörmland"] and got.rest == "Se avsnitt 3.3.1 för mer."


@pytest.mark.parametrize(
    "footnote",
    [
        "Kronoberg, 2021.",
        "Södermanland, 2021.",
        "Västmanland, 2021.",
        "Tillväxtverket, Att organisera landsbygdsfokus, 2021.",
        "Länsstyrelse i Skåne län, årsredovisning 2020.",
        "Östra Mellansverige.",
        "NUTS 2-region som omfattar Dalarna, Gävleborg, Värmland.",
        "Stockholm och Västerbotten saknar beskrivningar av Vägar till hållbar utveckling.",
        "Östergötland beskriver inte hållbarhetsintegrering av den regionala utvecklingsstrategin.",
        "",
        "   ",
    ],
)
def test_not_lists(regions, footnote):
    got = parse_case_list(footnote, regions)
    assert not got.is_list and got.cases == () and got.rest == footnote


def test_lead_in_av(regions):
    got = parse_case_list("Av Blekinge, Jämtland Härjedalen.", regions)
    assert got.is_list and names(got.cases) == ["Blekinge", "Jämtland Härjedalen"]


def test_complement_uses_the_case_sets_own_nouns(boards):
    got = parse_case_list("Samtliga länsstyrelser utom Gotland.", boards)
    assert got.complement and len(got.cases) == 20


# -- the bundled report -----------------------------------------------------------

# Every non-order warning the report's footnotes deserve, found by reading
# them (see the footnote texts quoted in the asserts below).
EXPECTED_WARNINGS = {
    61: ["missing_comma"],  # "Värmland Västmanland"
    64: ["conjunction"],  # "Västernorrland och Västmanland, Östergötland"
    69: ["duplicate"],  # Kalmar twice
    127: ["duplicate"],  # Värmland twice
    133: ["alias"],  # "Jämtland"
    268: ["alias"],  # "Jämtland, Härjedalen": one region split by a comma
    271: ["alias"],  # "Jämtland" (a länsstyrelser footnote; an alias in both sets)
    272: ["alias"],
    273: ["alias"],
    290: ["duplicate"],  # Stockholm twice
    291: ["missing_comma"],  # "Uppsala Västerbotten"
    313: ["alias"],
    314: ["alias"],
    329: ["alias"],
    345: ["typo"],  # "Västermanland"
    380: ["typo", "duplicate", "duplicate"],  # "Västermanland" after Västmanland, Örebro twice
    404: ["missing_comma"],  # "Västernorrland Västmanland"
    405: ["missing_comma"],  # "Jönköping Kalmar"
    409: ["missing_comma"],  # "Norrbotten Värmland"
    413: ["missing_comma"] * 3,  # "Gävleborg Halland", "Jönköping Kronoberg Norrbotten", "Värmland Västmanland"
    414: ["missing_comma"],  # "Jämtland Härjedalen Kalmar"
}


def test_report_footnote_texts_are_what_the_expectations_assume(footnotes):
    assert "Jämtland, Härjedalen, Jönköping" in footnotes[268]
    assert footnotes[69].count("Kalmar") == 2 and footnotes[127].count("Värmland") == 2 and footnotes[290].count("Stockholm") == 2
    assert "Västermanland" in footnotes[345] and "Västermanland, Örebro." in footnotes[380]
    assert "Jönköping Kronoberg Norrbotten" in footnotes[413] and "Uppsala Västerbotten" in footnotes[291]


def test_every_report_footnote_reads_without_unknown_names(footnotes, regions):
    got = {}
    for number, text in footnotes.items():
        result = parse_case_list(text, regions)
        assert "unknown" not in kinds(result), (number, text)
        other = [k for k in kinds(result) if k != "order"]
        if other:
            got[number] = other
    assert got == EXPECTED_WARNINGS


def test_report_lists_count_their_names(footnotes, regions):
    """A footnote that is only region names and commas is a list of exactly those names."""
    pure = re.compile(r"^[A-ZÅÄÖ][a-zåäö]+(?: [A-ZÅÄÖ][a-zåäö]+)?(?:, [A-ZÅÄÖ][a-zåäö]+(?: [A-ZÅÄÖ][a-zåäö]+)?)*\.?$")
    checked = 0
    for number, text in footnotes.items():
        if not pure.match(text) or number in EXPECTED_WARNINGS:
            continue
        result = parse_case_list(text, regions)
        written = [n.strip() for n in text.rstrip(".").split(",")]
        if not all(n in {c.name for c in regions.cases} for n in written):
            continue
        checked += 1
        assert result.is_list and names(result.cases) == written, number
        order = [w for w in result.warnings if w.kind == "order"]
        assert bool(order) == (sort_swedish(written) != written), number
    assert checked > 250


def test_report_footnote_195_lists_13_regions(footnotes, regions):
    result = parse_case_list(footnotes[195], regions)
    assert names(result.cases) == [
        "Blekinge", "Dalarna", "Gävleborg", "Halland", "Jämtland Härjedalen", "Kronoberg", "Norrbotten",
        "Sörmland", "Uppsala", "Värmland", "Västernorrland", "Västra Götaland", "Örebro",
    ]
    assert result.warnings == ()


def test_report_genuine_problems_in_detail(footnotes, regions):
    r268 = parse_case_list(footnotes[268], regions)
    assert len(r268.cases) == 13  # the sentence says "14 regioner"
    assert r268.warnings[0].detail == "'Jämtland, Härjedalen' is one region, Jämtland Härjedalen, split by a comma"
    r380 = parse_case_list(footnotes[380], regions)
    assert len(r380.cases) == 8  # the sentence says "tio regioner"
    assert [w.detail for w in r380.warnings] == [
        "'Västermanland' is a typo for Västmanland",
        "Västmanland is listed twice (once as 'Västermanland')",
        "Örebro is listed twice",
    ]
    r69 = parse_case_list(footnotes[69], regions)
    assert len(r69.cases) == 18 and r69.warnings[0].detail == "Kalmar is listed twice"
    r413 = parse_case_list(footnotes[413], regions)
    assert len(r413.cases) == 14
    r41 = parse_case_list(footnotes[41], regions)  # "... Norrbotten, Västmanland, Skåne, Örebro."
    assert [w.detail for w in r41.warnings] == ["Skåne is listed after Västmanland; in Swedish alphabetical order it comes first"]


def test_report_complements(footnotes, regions):
    expected = {
        74: ["Dalarna", "Västerbotten"],
        167: ["Gotland", "Östergötland"],
        181: ["Norrbotten", "Västerbotten"],
        187: ["Blekinge", "Kalmar", "Örebro"],
        220: ["Jönköping", "Västmanland", "Västra Götaland"],
        231: ["Blekinge", "Uppsala", "Västerbotten"],
        390: ["Östergötland"],
        416: ["Dalarna", "Stockholm", "Uppsala"],
    }
    found = {n: names(parse_case_list(t, regions).named) for n, t in footnotes.items() if parse_case_list(t, regions).complement}
    assert found == expected
    assert len(parse_case_list(footnotes[390], regions).cases) == 20  # "Alla regioner utom en"


def test_report_citations_and_prose_are_not_lists(footnotes, regions):
    citations = [n for n, t in footnotes.items() if re.fullmatch(r"[A-ZÅÄÖ][\w ]+, 20\d\d\.", t)]
    assert len(citations) >= 60
    for number in citations:
        assert not parse_case_list(footnotes[number], regions).is_list, number
    for number in (18, 38, 62, 184, 219, 224, 230, 292, 396, 412, 422, 459):
        assert not parse_case_list(footnotes[number], regions).is_list, number


def test_report_lists_with_a_following_sentence(footnotes, regions):
    for number, first_words in ((39, "Övriga regioner ger exempel"), (50, "Se avsnitt 3.3.1"), (385, "Halland skriver däremot"), (430, "Gävleborg, Jämtland Härjedalen och Uppsala hänvisar")):
        result = parse_case_list(footnotes[number], regions)
        assert result.is_list and result.rest.startswith(first_words), number


def test_report_lansstyrelser_footnotes_read_with_their_set(footnotes, boards):
    # "Samtliga länsstyrelser redovisar ...248": all 21, named like the regions.
    assert len(parse_case_list(footnotes[248], boards).cases) == 21
    assert parse_case_list(footnotes[248], boards).warnings == ()
    r271 = parse_case_list(footnotes[271], boards)  # "Elva länsstyrelser271"
    assert len(r271.cases) == 11 and kinds(r271) == ["alias"]


@pytest.mark.parametrize("footnote", ["Samtliga regioner.", "Alla regioner", "Samtliga 21 regioner.", "Samtliga (21) regioner."])
def test_all_of_them(regions, footnote):
    got = parse_case_list(footnote, regions)
    assert got.is_list and got.complement and len(got.cases) == 21 and got.named == ()


def test_lower_case_names_in_a_list_still_resolve(regions):
    got = parse_case_list("blekinge, västra götaland", regions)
    assert names(got.cases) == ["Blekinge", "Västra Götaland"] and got.warnings == ()


def test_a_remark_in_brackets_after_a_name_keeps_the_list(regions):
    got = parse_case_list("Blekinge (delvis), Dalarna, Gotland (2019).", regions)
    assert got.is_list and names(got.cases) == ["Blekinge", "Dalarna", "Gotland"] and got.warnings == ()
