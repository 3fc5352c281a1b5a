"""CodeResolver.search on the shipped codebook: what a coder types in the code picker."""

from pathlib import Path

import pytest

from workbench.core.codebooks import CodeResolver, load_codebook_file, nodes_from_spec

ROOT = Path(__file__).resolve().parents[2]
VALIDATION_CHALLENGES = "kompetensförsörjning/validering/utmaningar"


@pytest.fixture(scope="module")
def resolver() -> CodeResolver:
    return CodeResolver(nodes_from_spec(load_codebook_file(ROOT / "codebooks" / "regional-tillvaxt-2020.yaml")))


def paths(resolver: CodeResolver, query: str, limit: int = 40) -> list[str]:
    return [code.path for code in resolver.search(query, limit=limit)]


def test_the_codebook_has_the_code_of_footnote_195(resolver):
    assert resolver.resolve(VALIDATION_CHALLENGES).name == "utmaningar"
    # "utmaningar" is a leaf under several parents: only the typed parent tells them apart.
    assert len([c for c in resolver.codes if c.name == "utmaningar"]) > 1


@pytest.mark.parametrize(
    "query",
    [
        "validering utmaningar",
        "utmaningar validering",  # word order is free
        "valdering utmaningar",  # a typo
        "validering utm",  # while typing
        "validering/utmaningar",  # a path tail
        "Kompetensförsörjning Validering Utmaningar",
    ],
)
def test_the_leaf_holding_every_typed_word_comes_before_its_parent(resolver, query):
    found = paths(resolver, query)
    assert found[0] == VALIDATION_CHALLENGES
    parent = "kompetensförsörjning/validering"
    assert parent not in found or found.index(parent) > 0


def test_a_typed_name_finds_that_code_before_its_children(resolver):
    found = paths(resolver, "validering")
    assert found[0] == "kompetensförsörjning/validering"
    children = [c.path for c in resolver.codes if c.path.startswith("kompetensförsörjning/validering/")]
    # every code under validering is found, and before any code that does not hold the word
    assert set(found[: len(children) + 1]) == {"kompetensförsörjning/validering", *children}


def test_codes_holding_every_word_come_first(resolver):
    for query in ("validering utmaningar", "lärcentrum högre", "agenda 2030 utvecklingsstrategin"):
        found = paths(resolver, query)
        holds = [all(w in p.replace("/", " ") for w in query.lower().split()) for p in found]
        assert holds[0]
        assert holds == sorted(holds, reverse=True), query


def test_found_by_the_definition_when_no_path_holds_the_words(resolver):
    # "statlig styrning och nationellt ansvarstagande saknas" is in this code's description only
    assert paths(resolver, "nationellt ansvarstagande")[0] == VALIDATION_CHALLENGES
    assert paths(resolver, "statlig styrning")[0] == VALIDATION_CHALLENGES


def test_nothing_for_nonsense_and_everything_for_nothing(resolver):
    assert paths(resolver, "zzzz qqqq") == []
    assert paths(resolver, "   ", limit=5) == [c.path for c in resolver.codes[:5]]


def test_limit(resolver):
    assert len(paths(resolver, "u", limit=7)) == 7


def test_words_that_only_share_an_ending_do_not_match(resolver):
    # "specialisering" ends like "validering": a coder typing validering never means it
    found = paths(resolver, "validering utmaningar")
    rhyme = "internationellt samarbete/insatser och utmaningar/smart specialisering"
    assert rhyme not in found or found.index(rhyme) > found.index("kompetensförsörjning/validering")
