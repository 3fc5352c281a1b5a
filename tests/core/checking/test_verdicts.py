"""Verdicts for single claims against footnote texts, with the fixes they propose."""

from __future__ import annotations

import pytest

from workbench.core.cases import CaseResolver, builtin_case_set
from workbench.core.checking.claims import CaseNouns, ClaimFinder
from workbench.core.checking.verdicts import footnote_finding, judge, needs_report


@pytest.fixture(scope="module")
def regions() -> CaseResolver:
    return CaseResolver.from_spec(builtin_case_set("regioner"))


@pytest.fixture(scope="module")
def finder(regions) -> ClaimFinder:
    return ClaimFinder([CaseNouns.of(regions.info)], {"regioner": regions})


def verdict(finder, regions, sentence: str, footnote: str | None, **kw):
    """The verdict for the one claim in ``sentence``, its reference glued to the end of the phrase."""
    plain = finder.find(sentence)
    assert len(plain) == 1, plain
    refs = [(7, plain[0].end)] if footnote is not None else []
    claim = finder.find(sentence, refs)[0]
    return judge(claim, footnote, regions, singular="region", **kw)


def test_a_count_that_matches_its_footnote_is_consistent(finder, regions):
    v = verdict(finder, regions, "Tre regioner lyfter utmaningar.", "Blekinge, Dalarna, Gotland.")
    assert (v.verdict, v.listed, v.cases, v.warnings, v.fix) == ("consistent", 3, ("Blekinge", "Dalarna", "Gotland"), (), None)


def test_a_count_that_differs_is_a_mismatch_with_the_count_rephrased(finder, regions):
    v = verdict(finder, regions, "Kalmar redovisar prestationer, och tio regioner redovisar effekter.",
                "Blekinge, Dalarna, Gävleborg, Jämtland Härjedalen, Jönköping, Norrbotten, Uppsala, Västernorrland, Östergötland.")
    assert (v.verdict, v.listed, v.fixed_claim) == ("count_mismatch", 9, "nio regioner")
    assert "10" in v.detail and "9" in v.detail
    v = verdict(finder, regions, "Tolv regioner beskriver samverkan.",
                "Blekinge, Dalarna, Gävleborg, Halland, Kronoberg, Norrbotten, Skåne, Stockholm, Sörmland, Uppsala, Västernorrland, Örebro, Östergötland.")
    assert v.fixed_claim == "13 regioner"  # 13 and above in digits, as the report writes them
    v = verdict(finder, regions, "Utifrån två regioners rapporteringar går det att tolka detta.", "Västra Götaland.")
    assert v.fixed_claim == "en regions"


def test_duplicates_typos_and_aliases_are_warnings_with_a_corrected_footnote(finder, regions):
    v = verdict(finder, regions, "Av redovisningen går att utläsa att tio regioner samverkar.",
                "Blekinge, Dalarna, Gotland, Gävleborg, Jämtland Härjedalen, Kronoberg, Västmanland, Örebro, Västermanland, Örebro.")
    assert v.verdict == "count_mismatch" and v.listed == 8 and v.fixed_claim == "åtta regioner"
    assert sorted(w.kind for w in v.warnings) == ["duplicate", "duplicate", "typo"]
    assert v.fixed_footnote == "Blekinge, Dalarna, Gotland, Gävleborg, Jämtland Härjedalen, Kronoberg, Västmanland, Örebro."
    v = verdict(finder, regions, "Nio regioner redogör för samverkan.",
                "Blekinge, Dalarna, Gotland, Jämtland, Kronoberg, Skåne, Uppsala, Örebro, Västra Götaland.")
    assert v.verdict == "consistent"
    assert {w.kind for w in v.warnings} == {"alias", "order"}
    assert v.fixed_footnote == "Blekinge, Dalarna, Gotland, Jämtland Härjedalen, Kronoberg, Skåne, Uppsala, Västra Götaland, Örebro."


def test_complements_count_the_cases_left(finder, regions):
    v = verdict(finder, regions, "18 regioner anger till vilket mål insatsen ska bidra.", "Ej Blekinge, Kalmar, Örebro.")
    assert (v.verdict, v.listed, v.complement) == ("consistent", 18, True)
    v = verdict(finder, regions, "Det är 19 regioner som ger exempel.", "Ej nämnt av Gotland och Östergötland")
    assert (v.verdict, v.listed) == ("consistent", 19)


def test_proportions_inside_and_outside_their_range(finder, regions):
    nine = "Blekinge, Dalarna, Gotland, Gävleborg, Halland, Kalmar, Värmland, Västernorrland, Östergötland."
    v = verdict(finder, regions, "Knappt hälften av regionerna redovisar fem insatser.", nine)
    assert v.verdict == "consistent"
    v = verdict(finder, regions, "Hälften av regionerna redovisar insatser.", nine)
    assert v.verdict == "out_of_range" and v.fixed_claim == "Nio av regionerna"
    assert "Knappt hälften av regionerna" in v.fix  # a proportion word whose range holds 9


def test_almost_all_with_the_exceptions_named_in_prose(finder, regions):
    v = verdict(finder, regions, "Nästan alla regioner beskriver internationell projektverksamhet.",
                "Halland beskriver inte något om internationell projektverksamhet.")
    assert (v.verdict, v.listed, v.complement) == ("consistent", 20, True)
    v = verdict(finder, regions, "Flertalet regioner är ambitiösa i sina beskrivningar.",
                "Stockholm och Västerbotten saknar beskrivningar av Vägar till hållbar utveckling.")
    assert (v.verdict, v.listed) == ("consistent", 19)


def test_unreadable_missing_and_comment_footnotes(finder, regions):
    v = verdict(finder, regions, "Fyra regioner redovisar detta.", "Se Tillväxtverkets mall för återrapportering.")
    assert v.verdict == "unreadable"
    v = verdict(finder, regions, "Tolv regioner redovisar detta.", "Blekinge, Gävleborg, Halland, Jämtland Härjedalen,",
                footnote_status="truncated")
    assert v.verdict == "unreadable" and "cut short" in v.detail
    v = verdict(finder, regions, "Ett antal regioner har genomfört insatser.", None)
    assert v.verdict == "footnote_missing"
    claim = finder.find("Ett antal regioner har genomfört insatser.", [(456, 18)])[0]
    v = judge(claim, None, regions, footnote_exists=False)
    assert v.verdict == "footnote_missing" and "456" in v.detail
    # "Samtliga" needs no list: a comment as its footnote is fine.
    v = verdict(finder, regions, "Samtliga regioner har svarat på frågan.",
                "Jämtland Härjedalen skriver dock att personella resurser inte räckt till.")
    assert v.verdict == "consistent"
    v = verdict(finder, regions, "Samtliga regioner har svarat på frågan.", "Ej Gotland och Östergötland.")
    assert v.verdict == "count_mismatch" and v.fixed_claim == "Samtliga regioner utom Gotland och Östergötland"


def test_counts_without_footnote(finder, regions):
    claim = finder.find("Samtliga regioner förutom Uppsala har besvarat frågan.")[0]
    v = judge(claim, None, regions)
    assert (v.verdict, v.listed) == ("consistent", 20) and "Uppsala" not in v.cases
    claim = finder.find("Det sker ett samarbete mellan tre regioner, Kronoberg och Kalmar.")[0]
    v = judge(claim, None, regions, singular="region")
    assert (v.verdict, v.listed, v.fixed_claim) == ("count_mismatch", 2, "två regioner")
    claim = finder.find("Fyra regioner redovisar insatser inom utbildning.")[0]
    v = judge(claim, None, regions)
    assert v.verdict == "footnote_missing" and needs_report(v)
    # Vague words and "samtliga" without a footnote are not listed as findings.
    assert not needs_report(judge(finder.find("Flera regioner lyfter detta.")[0], None, regions))
    assert not needs_report(judge(finder.find("Samtliga regioner har svarat.")[0], None, regions))


def test_a_citation_footnote_is_checked_for_the_name_it_uses(regions):
    finding = footnote_finding(46, "Södermanland, 2021.", regions)
    assert [w.kind for w in finding.warnings] == ["alias"] and finding.fixed_footnote == "Sörmland, 2021."
    assert footnote_finding(27, "Kronoberg, 2021.", regions) is None
    finding = footnote_finding(61, "Dalarna, Gävleborg, Sörmland, Uppsala, Värmland Västmanland, Örebro, Östergötland.", regions)
    assert [w.kind for w in finding.warnings] == ["missing_comma"]
