from pathlib import Path
from textwrap import dedent

import pytest
from sqlalchemy import text

from workbench.core.cases import (
    CaseResolver,
    builtin_case_set,
    ensure_case_sets,
    get_case_set,
    install_case_set,
    load_case_set_file,
    resolver_for,
)
from workbench.core.collation import sort_swedish
from workbench.core.errors import InvalidInput, NotFound

REGIONS_2020 = [
    "Blekinge", "Dalarna", "Gotland", "Gävleborg", "Halland", "Jämtland Härjedalen", "Jönköping", "Kalmar",
    "Kronoberg", "Norrbotten", "Skåne", "Stockholm", "Sörmland", "Uppsala", "Värmland", "Västerbotten",
    "Västernorrland", "Västmanland", "Västra Götaland", "Örebro", "Östergötland",
]


@pytest.fixture(scope="module")
def regions():
    return CaseResolver.from_spec(builtin_case_set("regioner"))


def test_builtin_regions_are_the_21_of_the_report_with_county_codes(regions, report_text):
    assert [c.name for c in regions.cases] == REGIONS_2020
    flat = " ".join(report_text.split())
    assert ", ".join(REGIONS_2020) in flat  # footnote 66 names all 21 exactly so
    codes = {c.name: c.code for c in regions.cases}
    assert codes["Stockholm"] == "AB" and codes["Västerbotten"] == "AC" and codes["Norrbotten"] == "BD"
    assert codes["Jämtland Härjedalen"] == "Z" and codes["Sörmland"] == "D" and len(set(codes.values())) == 21
    info = regions.info
    assert (info.noun_singular, info.noun_plural, info.noun_definite_plural) == ("region", "regioner", "regionerna")
    assert (info.noun_singular_en, info.noun_plural_en) == ("region", "regions")


def test_builtin_lansstyrelser():
    spec = builtin_case_set("länsstyrelser")
    assert (spec.noun_singular, spec.noun_plural, spec.noun_definite_plural) == ("länsstyrelse", "länsstyrelser", "länsstyrelserna")
    assert spec.noun_plural_en == "county administrative boards"
    resolver = CaseResolver.from_spec(spec)
    assert len(resolver.cases) == 21
    # The report's own forms: "Länsstyrelsen i Jönköpings län", "Länsstyrelsen i Örebro", "Länsstyrelse i Skåne län".
    assert resolver.resolve("Länsstyrelsen i Jönköpings län").case.name == "Jönköping"
    assert resolver.resolve("Länsstyrelsen i Örebro").case.name == "Örebro"
    assert resolver.resolve("Länsstyrelse i Skåne län").case.name == "Skåne"
    assert resolver.resolve("Jämtland").case.name == "Jämtland Härjedalen"  # footnotes 271-273 write "Jämtland"


@pytest.mark.parametrize(
    "written, name, how",
    [
        ("Skåne", "Skåne", "exact"),
        ("skåne", "Skåne", "exact"),
        ("  Västra   Götaland. ", "Västra Götaland", "exact"),
        ("Region Skåne", "Skåne", "alias"),
        ("Skåne län", "Skåne", "alias"),
        ("Region Jönköpings län", "Jönköping", "alias"),
        ("Jönköpings län", "Jönköping", "alias"),
        ("Södermanland", "Sörmland", "alias"),
        ("Region Sörmland", "Sörmland", "alias"),
        ("Jämtland", "Jämtland Härjedalen", "alias"),
        ("Region Jämtland Härjedalen", "Jämtland Härjedalen", "alias"),
        ("Västra Götalandsregionen", "Västra Götaland", "alias"),
        ("Region Stockholm", "Stockholm", "alias"),
        ("Stockholms län", "Stockholm", "alias"),
        ("Gotlands län", "Gotland", "alias"),
        ("Örebro län", "Örebro", "alias"),
        ("Region Östergötland", "Östergötland", "alias"),
        ("Dalarnas län", "Dalarna", "alias"),
        ("Kronobergs", "Kronoberg", "exact"),  # genitive
        ("Region Östergötlands", "Östergötland", "alias"),
        ("Västermanland", "Västmanland", "fuzzy"),  # footnote 345's typo
        ("Orebro", "Örebro", "fuzzy"),
        ("Kalmr", "Kalmar", "fuzzy"),
    ],
)
def test_resolve(regions, written, name, how):
    got = regions.resolve(written)
    assert (got.case.name, got.how) == (name, how)
    assert got.score >= 85


def test_fuzzy_can_be_refused_with_a_did_you_mean(regions):
    with pytest.raises(NotFound, match=r"^unknown region 'Västermanland' - did you mean Västmanland\?$"):
        regions.resolve("Västermanland", allow_fuzzy=False)


@pytest.mark.parametrize(
    "written, message",
    [
        ("Västerland", r"unknown region 'Västerland' - did you mean Västernorrland or Värmland\?"),
        ("Norrland", r"unknown region 'Norrland' - did you mean"),
        ("Östra Mellansverige", r"unknown region 'Östra Mellansverige' - run 'workbench cases list regioner'"),
        ("Sverige", r"unknown region 'Sverige'"),
    ],
)
def test_unknown_names_are_refused_never_guessed(regions, written, message):
    with pytest.raises(NotFound, match=message):
        regions.resolve(written)


def test_two_close_candidates_are_refused_naming_both(tmp_path):
    spec = load_case_set_file(_write(tmp_path, """
        name: kommuner
        nouns: {sv: {singular: kommun, plural: kommuner, definite_plural: kommunerna}, en: {singular: municipality, plural: municipalities}}
        cases:
          - {name: Ockelbo}
          - {name: Ockelba}
        """))
    resolver = CaseResolver.from_spec(spec)
    with pytest.raises(NotFound, match=r"municipality 'Ockelbi' is ambiguous - did you mean Ockelba or Ockelbo\?"):
        resolver.resolve("Ockelbi")
    with pytest.raises(InvalidInput, match="empty municipality name"):
        resolver.resolve("  ")


def test_find_mentions_in_running_text(regions):
    sample = (
        "Region Skåne och Västra Götalandsregionen samarbetar, liksom Jämtland\nHärjedalen. "
        "Dalarnaområdet och Östersjöregionen är inga regioner, men Region Sörmlands insatser och Skåne är."
    )
    found = [(m.case.name, m.matched, m.how) for m in regions.find_mentions(sample)]
    assert found == [
        ("Skåne", "Region Skåne", "alias"),
        ("Västra Götaland", "Västra Götalandsregionen", "alias"),
        ("Jämtland Härjedalen", "Jämtland\nHärjedalen", "exact"),
        ("Sörmland", "Region Sörmlands", "alias"),
        ("Skåne", "Skåne", "exact"),
    ]
    first = regions.find_mentions(sample)[0]
    assert sample[first.start:first.end] == "Region Skåne"


def test_find_mentions_on_the_report(regions, report_text):
    # "Detta är fallet i till exempel Jämtland\nHärjedalen och Uppsala." (page 23 of the report)
    at = report_text.index("Detta är fallet i till exempel Jämtland")
    names = [m.case.name for m in regions.find_mentions(report_text[at:at + 120])]
    assert names == ["Jämtland Härjedalen", "Uppsala"]
    # No mention at all in a sentence about Östersjöregionen.
    assert regions.find_mentions("Sveriges genomförande av EU:s strategi för Östersjöregionen") == []


def test_find_mentions_does_not_take_common_words_for_cases(tmp_path):
    spec = load_case_set_file(_write(tmp_path, """
        name: kommuner
        nouns: {sv: {singular: kommun, plural: kommuner, definite_plural: kommunerna}}
        cases:
          - {name: Vara, code: "1470"}
          - {name: Ale, code: "1440"}
          - {name: Mora, code: "2062"}
        """))
    resolver = CaseResolver.from_spec(spec)
    assert resolver.find_mentions("Vi vill vara med, men ale är en öl och moraliskt svårt.") == []
    found = [(m.case.name, m.matched) for m in resolver.find_mentions("I Vara kommun och Ales skolor, samt Mora.")]
    assert found == [("Vara", "Vara"), ("Ale", "Ales"), ("Mora", "Mora")]


def _write(tmp_path: Path, body: str, name: str = "set.yaml") -> Path:
    path = tmp_path / name
    path.write_text(dedent(body).lstrip("\n"), encoding="utf-8")
    return path


def test_case_set_file_errors_are_all_reported_with_lines(tmp_path):
    path = _write(tmp_path, """
        name: kommuner
        nouns:
          sv: {singular: kommun, plural: kommuner}
        cases:
          - name: Mora
            kod: "2062"
          - code: "1440"
          - name: Mora
          - name: Orsa
            aliases: [Mora]
        """)
    with pytest.raises(InvalidInput) as err:
        load_case_set_file(path)
    lines = str(err.value).splitlines()
    assert f"{path}:3: 'nouns: sv' has no 'definite_plural'" in lines
    assert any(l.startswith(f"{path}:6: unknown key 'kod' in a case - did you mean 'code'?") for l in lines)
    assert f"{path}:7: a case has no 'name'" in lines
    assert f"{path}:8: case 'Mora' is listed twice (first on line 5)" in lines
    assert any(l.startswith(f"{path}:10: 'Mora' is already a name or alias of 'Mora'") for l in lines)
    assert len(lines) == 5


def test_case_set_yaml_syntax_error_has_its_line(tmp_path):
    path = _write(tmp_path, "name: kommuner\ncases:\n  - name: [Mora\n  - name: Orsa\n")
    with pytest.raises(InvalidInput, match=rf"^{path}:4: YAML syntax error"):
        load_case_set_file(path)


def test_install_and_ensure_are_idempotent(store):
    with store.transaction() as conn:
        ensure_case_sets(conn)
        ensure_case_sets(conn)
    with store.reading() as conn:
        counts = conn.execute(text("SELECT count(*) FROM case_set")).scalar(), conn.execute(text("SELECT count(*) FROM case_item")).scalar()
        assert counts == (2, 42)
        info = get_case_set(conn)
        assert [c.name for c in info.cases] == REGIONS_2020 and all(c.id for c in info.cases)
        resolver = resolver_for(conn, "regioner")
    # usable after the connection is closed
    assert resolver.resolve("Region Skåne").case.id == next(c.id for c in info.cases if c.name == "Skåne")


def test_get_case_set_on_a_fresh_project_reads_the_package(store):
    with store.reading() as conn:
        info = get_case_set(conn, "regioner")
        assert len(info.cases) == 21 and info.cases[0].id is None
        with pytest.raises(NotFound, match="unknown case set 'kommuner' - known sets: regioner, länsstyrelser"):
            get_case_set(conn, "kommuner")


def test_user_case_set_install_update_and_refusals(store, tmp_path):
    body = """
        name: kommuner
        nouns: {sv: {singular: kommun, plural: kommuner, definite_plural: kommunerna}, en: {singular: municipality, plural: municipalities}}
        cases:
          - {name: Östhammar, code: "0382", aliases: [Östhammars kommun]}
          - {name: Älvkarleby, code: "0319"}
          - {name: Enköping, code: "0381"}
        """
    spec = load_case_set_file(_write(tmp_path, body))
    with store.transaction() as conn:
        info = install_case_set(conn, spec)
    assert [c.name for c in info.cases] == sort_swedish(["Östhammar", "Älvkarleby", "Enköping"])
    assert info.noun_plural_en == "municipalities"
    # Changed file: one case gone (unused), one alias added.
    spec2 = load_case_set_file(_write(tmp_path, body.replace("  - {name: Enköping, code: \"0381\"}\n", "").replace("[Östhammars kommun]", "[Östhammars kommun, Östhammar kn]"), "v2.yaml"))
    with store.transaction() as conn:
        info2 = install_case_set(conn, spec2)
        resolver = resolver_for(conn, "kommuner")
    assert [c.name for c in info2.cases] == ["Älvkarleby", "Östhammar"]
    assert resolver.resolve("Östhammar kn").how == "alias"
    # A user set may not replace a built-in one.
    clash = load_case_set_file(_write(tmp_path, body.replace("name: kommuner", "name: regioner"), "clash.yaml"))
    with store.transaction() as conn:
        ensure_case_sets(conn)
    with pytest.raises(InvalidInput, match="'regioner' is a built-in case set"):
        with store.transaction() as conn:
            install_case_set(conn, clash)


def test_a_case_a_document_belongs_to_cannot_be_dropped(store, tmp_path):
    body = """
        name: kommuner
        nouns: {sv: {singular: kommun, plural: kommuner, definite_plural: kommunerna}}
        cases:
          - {name: Enköping}
          - {name: Håbo}
        """
    with store.transaction() as conn:
        info = install_case_set(conn, load_case_set_file(_write(tmp_path, body)))
        enkoping = next(c.id for c in info.cases if c.name == "Enköping")
        conn.execute(
            text("INSERT INTO document (title, path, format, content_hash, case_id, text, imported_at) VALUES ('d', 'd', 'txt', 'h', :c, 't', 'now')"),
            {"c": enkoping},
        )
    smaller = load_case_set_file(_write(tmp_path, body.replace("          - {name: Enköping}\n", ""), "v2.yaml"))
    with pytest.raises(InvalidInput, match="case 'Enköping' is not in the file but 1 documents use it"):
        with store.transaction() as conn:
            install_case_set(conn, smaller)
    with store.reading() as conn:
        assert [c.name for c in get_case_set(conn, "kommuner").cases] == ["Enköping", "Håbo"]


@pytest.mark.parametrize(
    "cases_block, message",
    [
        ("cases: []", ":3: 'cases' is empty"),
        ("cases:", ":3: 'cases' is empty"),
        ("cases: Mora", ":3: 'cases' must be a list"),
        ("cases:\n  - Mora", ":4: a case must be a mapping"),
        ("cases:\n  - {name: Mora, aliases: Mora kommun}", ":4: 'aliases' must be a list"),
    ],
)
def test_bad_case_lists(tmp_path, cases_block, message):
    path = _write(tmp_path, "name: k\nnouns: {sv: {singular: kommun, plural: kommuner, definite_plural: kommunerna}}\n" + cases_block + "\n")
    with pytest.raises(InvalidInput) as err:
        load_case_set_file(path)
    lines = str(err.value).splitlines()
    assert len(lines) == 1 and message in lines[0], lines


@pytest.mark.parametrize(
    "set_name, written",
    [
        ("länsstyrelser", "Länsstyrelsen i Malmö"),  # scored 88 against "Länsstyrelsen i Kalmar" on the whole string
        ("länsstyrelser", "Länsstyrelsen i Luleå"),
        ("regioner", "Region Malmö"),
        ("regioner", "Region Borås"),
    ],
)
def test_a_shared_frame_does_not_make_a_wrong_name_match(set_name, written):
    resolver = CaseResolver.from_spec(builtin_case_set(set_name))
    with pytest.raises(NotFound):
        resolver.resolve(written)


@pytest.mark.parametrize(
    "set_name, written, name",
    [
        ("länsstyrelser", "Länsstyrelsen i Kalmr", "Kalmar"),
        ("länsstyrelser", "Länsstyrelsen Gotlands län", "Gotland"),
        ("regioner", "Region Västermanland", "Västmanland"),
        ("regioner", "Jämtland Härjedaln", "Jämtland Härjedalen"),
        ("regioner", "Vastra Gotaland", "Västra Götaland"),
    ],
)
def test_typos_inside_a_frame_still_resolve(set_name, written, name):
    got = CaseResolver.from_spec(builtin_case_set(set_name)).resolve(written)
    assert (got.case.name, got.how) == (name, "fuzzy")
