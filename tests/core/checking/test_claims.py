"""Finding count claims in Swedish sentences: number words, digits, proportions, "samtliga utom"."""

from __future__ import annotations

import pytest

from workbench.core.cases import CaseResolver, builtin_case_set
from workbench.core.checking.claims import (
    NUMBER_WORDS,
    PROPORTION_RULES,
    CaseNouns,
    ClaimFinder,
    number_value,
    proportion_range,
)
from workbench.core.checking.sentences import split_sentences


@pytest.fixture(scope="module")
def finder() -> ClaimFinder:
    specs = [builtin_case_set("regioner"), builtin_case_set("länsstyrelser")]
    return ClaimFinder([CaseNouns.of(s) for s in specs], {s.name: CaseResolver.from_spec(s) for s in specs})


def one(finder, text, refs=()):
    claims = finder.find(text, refs)
    assert len(claims) == 1, claims
    return claims[0]


WORDS = [
    ("två", 2), ("tre", 3), ("fyra", 4), ("fem", 5), ("sex", 6), ("sju", 7), ("åtta", 8), ("nio", 9), ("tio", 10),
    ("elva", 11), ("tolv", 12), ("tretton", 13), ("fjorton", 14), ("femton", 15), ("sexton", 16), ("sjutton", 17),
    ("arton", 18), ("nitton", 19), ("tjugo", 20), ("tjugoen", 21),
]


@pytest.mark.parametrize("word,value", WORDS)
def test_every_number_word_before_the_noun_is_a_count(finder, word, value):
    lower = one(finder, f"Inom området lyfter {word} regioner utmaningar.")
    assert (lower.kind, lower.claimed, lower.noun, lower.case_set) == ("count", value, "regioner", "regioner")
    capital = one(finder, f"{word.capitalize()} regioner lyfter utmaningar.")
    assert capital.claimed == value and capital.quantifier == word.capitalize()


def test_en_and_ett_count_one_only_before_a_singular_noun(finder):
    assert one(finder, "Utifrån en regions redovisning går det inte att uttyda något.").claimed == 1
    assert one(finder, "I en av regionerna saknas uppgifter.").claimed == 1
    assert finder.find("Ett antal regioner beskriver detta.")[0].kind == "proportion"
    assert number_value("tjugoett") == 21 and NUMBER_WORDS["ett"] == 1


def test_digits_and_of_phrases(finder):
    assert one(finder, "13 regioner lyfter utmaningar i arbetet med validering.").claimed == 13
    claim = one(finder, "Elva av 21 regioner har svarat att de har en plan.")
    assert (claim.claimed, claim.of_count) == (11, 21)
    text = "Sex av de elva länsstyrelserna redogör också för detta."
    claim = one(finder, text, [(272, 3)])
    assert (claim.claimed, claim.of_count, claim.case_set, claim.footnote) == (6, 11, "länsstyrelser", 272)
    # Without a footnote of its own, "sex av de elva" only refers back to a count made before.
    assert finder.find(text) == []
    assert one(finder, "Tio av regionerna nämner turism.").noun_form == "definite"
    assert one(finder, "Kategorin lyfts fram i nio regioners rapporteringar.").claimed == 9
    # Years, decimals and amounts are not counts of regions.
    assert finder.find("År 2019 fördelades 1,5 miljoner kronor till regionerna.") == []


@pytest.mark.parametrize(
    "phrase,expected",
    [
        ("Hälften av regionerna", (10, 11)),
        ("Drygt hälften av regionerna", (11, 13)),
        ("Knappt hälften av regionerna", (8, 10)),
        ("Ungefär hälften av regionerna", (9, 12)),
        ("Mer än hälften av regionerna", (11, 21)),
        ("En tredjedel av regionerna", (6, 8)),
        ("En dryg tredjedel av regionerna", (8, 9)),
        ("Två tredjedelar av regionerna", (13, 15)),
        ("Majoriteten av regionerna", (11, 20)),
        ("En majoritet av regionerna", (11, 20)),
        ("De flesta regioner", (11, 20)),
        ("Flertalet regioner", (11, 20)),
        ("Ett fåtal regioner", (2, 5)),
        ("Flera regioner", (2, 10)),
        ("Några regioner", (2, 10)),
        ("Vissa regioner", (2, 10)),
        ("Nästan alla regioner", (16, 20)),
    ],
)
def test_proportion_words_claim_their_documented_range_of_21(finder, phrase, expected):
    claim = one(finder, f"{phrase} lyfter utmaningar.")
    assert claim.kind == "proportion" and claim.claimed == expected
    assert claim.phrase == phrase


def test_drygt_halften_of_21_is_11_to_13_as_documented():
    assert proportion_range("drygt hälften", 21) == (11, 13)
    # Every rule gives a sane range for any total.
    for rule in PROPORTION_RULES:
        for total in (4, 10, 21, 290):
            lo, hi = rule.range(total)
            assert 0 <= lo <= hi <= total, (rule.words[0], total)


def test_samtliga_and_alla_utom(finder):
    claim = one(finder, "Samtliga regioner förutom Uppsala har besvarat frågan.")
    assert (claim.kind, claim.claimed, claim.exceptions, claim.footnote) == ("all_but", 20, ("Uppsala",), None)
    claim = one(finder, "Samtliga regioner förutom Gotland och Västra Götaland beskriver minst en insats.")
    assert claim.claimed == 19 and claim.exceptions == ("Gotland", "Västra Götaland")
    claim = one(finder, "Alla regioner utom en rapporterar att de arbetat med frågan.")
    assert (claim.kind, claim.claimed, claim.except_count) == ("all_but", 20, 1)
    claim = one(finder, "Alla utom Dalarna och Gotland svarade i tid.")
    assert (claim.kind, claim.claimed, claim.case_set) == ("all_but", 19, "regioner")
    assert one(finder, "Samtliga (21) har svarat.").claimed == 21
    assert one(finder, "Samtliga regioner har svarat på frågan.").kind == "all"
    assert one(finder, "Alla Sveriges 21 regioner har ett utvecklingsansvar.").claimed == 21


def test_subsets_and_back_references_are_not_claims(finder):
    assert finder.find("Samtliga av de regioner som antagit strategier lyfter detta.") == []
    assert finder.find("Alla regioner som deltar i projektet får stöd.") == []
    # "av dessa tio regioner" refers back; only "sex regioner" is claimed here.
    claims = finder.find("Av dessa tio regioner anger sex regioner specifika mål.")
    assert [c.claimed for c in claims] == [6]


def test_footnote_reference_binds_to_the_phrase_it_is_glued_to(finder):
    text = "Utöver detta beskriver åtta regioner samverkan, tio regioner storregional samverkan och nio regioner kunskap."
    refs = [(142, text.index(" samverkan,")), (143, text.index(" storregional")), (144, text.index(" kunskap"))]
    claims = finder.find(text, refs)
    assert [(c.claimed, c.footnote, c.footnote_glued) for c in claims] == [(8, 142, True), (10, 143, True), (9, 144, True)]


def test_a_reference_closing_the_sentence_belongs_to_the_last_claim(finder):
    text = "Insatser som kategoriseras som regional planering beskrivs av 15 regioner. Det skiljer sig inte."
    claim = one(finder, text, [(93, text.index(" Det"))])
    assert (claim.claimed, claim.footnote, claim.footnote_glued) == (15, 93, False)
    # Mid-sentence, a reference glued to another word is that word's (an agency here), not the count's.
    text = "Myndigheter som flera regioner nämner är Arbetsförmedlingen, Vinnova och RISE."
    claim = one(finder, text, [(293, text.index(", Vinnova"))])
    assert claim.footnote is None


def test_a_reference_inside_the_phrase(finder):
    text = "Inga insatser redovisas förutom i textavsnittet. 13 regioner svarar med att ange mål."
    claim = one(finder, text, [(214, text.index(" regioner svarar"))])
    assert (claim.claimed, claim.footnote) == (13, 214)


def test_a_bare_count_word_carrying_the_reference_is_a_claim(finder):
    text = "Av de 13 regioner som redovisar resultat rapporterar åtta prestationer som syftar till samverkan."
    claims = finder.find(text, [(471, text.index(" prestationer"))])
    assert [(c.claimed, c.footnote, c.noun) for c in claims] == [(8, 471, None)]


def test_counts_without_footnote_are_found(finder):
    claim = one(finder, "Det är en ökning från förra året då 17 regioner gjorde det.")
    assert (claim.claimed, claim.footnote) == (17, None)
    claim = one(finder, "Vidare är det 20 regioner, förutom Jönköping, som nämner lärosäten.")
    assert claim.exceptions == ("Jönköping",)
    claim = one(finder, "Det sker ett samarbete mellan två regioner, Kronoberg och Kalmar.")
    assert claim.named == ("Kronoberg", "Kalmar")


def test_sentence_splitting_keeps_swedish_abbreviations():
    text = (
        "Regionerna nämner t.ex. Skåne och bl.a. Halland, s.k. styrkeområden m.fl. områden. "
        "Fyra regioner svarar, dvs. Blekinge m.fl. Nästa mening börjar här! "
        "Prop. 2019/20:100 anger målen. Är det klart? 13 regioner svarar."
    )
    sentences = [s.text for s in split_sentences(text)]
    assert sentences == [
        "Regionerna nämner t.ex. Skåne och bl.a. Halland, s.k. styrkeområden m.fl. områden.",
        "Fyra regioner svarar, dvs. Blekinge m.fl.",
        "Nästa mening börjar här!",
        "Prop. 2019/20:100 anger målen.",
        "Är det klart?",
        "13 regioner svarar.",
    ]
    for s in split_sentences(text):
        assert text[s.start:s.end] == s.text


def test_a_reference_after_the_full_stop_belongs_to_the_sentence_it_closes():
    text = "Tre regioner svarar. Nio regioner svarar inte."
    first, second = split_sentences(text)
    assert first.holds_ref(text.index(" Nio")) and not second.holds_ref(text.index(" Nio"))


def test_the_documented_table_of_ranges_is_the_one_in_the_code():
    from tests.conftest import ROOT

    doc = (ROOT / "docs" / "checker.md").read_text(encoding="utf-8")
    for rule in PROPORTION_RULES:
        lo, hi = rule.range(21)
        assert f"| {', '.join(rule.words)} | {lo}–{hi} | {rule.meaning} |" in doc, rule.words


def test_a_closing_reference_after_a_series_of_references_is_not_the_counts(finder):
    text = "Myndigheter som flera regioner nämner är Arbetsförmedlingen, Vinnova och Svenska kulturrådet."
    refs = [(293, text.index(", Vinnova")), (294, text.index(" och Svenska")), (300, len(text) - 1)]
    assert one(finder, text, refs).footnote is None


def test_a_bare_proportion_carrying_the_reference_is_a_claim(finder):
    text = "I årets redovisning har ett mindre antal angett uppföljningar av enskilda projekt."
    claim = one(finder, text, [(451, text.index(" angett"))])
    assert (claim.kind, claim.claimed, claim.footnote) == ("proportion", (2, 10), 451)
    assert finder.find(text) == []  # without its reference it is no claim
