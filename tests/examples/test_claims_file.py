"""The claims map of the 2020 report against its codebook and the report itself.

examples/claims-2020.yaml says, for each count claim of the bundled report,
which code of codebooks/regional-tillvaxt-2020.yaml the claim's passage gets.
The demo project and the reconstruction tests rely on it, so a claim whose
code is missing, shared with another claim, or whose footnote the report does
not reference would silently produce wrong codings.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
CODEBOOK = ROOT / "codebooks" / "regional-tillvaxt-2020.yaml"
CLAIMS = ROOT / "examples" / "claims-2020.yaml"

PROPORTION_WORDS = {
    "samtliga", "nästan alla", "de flesta", "majoriteten", "merparten", "flertalet",
    "två tredjedelar", "drygt hälften", "hälften", "ungefär hälften", "knappt hälften",
    "mer än hälften", "mer än en tredjedel", "en tredjedel", "en dryg tredjedel",
    "ett flertal", "tämligen många", "ett mindre antal", "många", "flera", "allt fler", "några", "ett antal", "vissa", "ett fåtal",
}


def _paths(codes, prefix=""):
    for code in codes:
        path = f"{prefix}{code['name']}"
        yield path, code
        yield from _paths(code.get("children") or [], path + "/")


@pytest.fixture(scope="module")
def codebook():
    return yaml.safe_load(CODEBOOK.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def code_paths(codebook):
    return dict(_paths(codebook["codes"]))


@pytest.fixture(scope="module")
def claims():
    return yaml.safe_load(CLAIMS.read_text(encoding="utf-8"))["claims"]


def test_codebook_header(codebook):
    assert codebook["name"] == "regional-tillvaxt-2020"
    assert codebook["case_set"] == "regioner"


def test_code_paths_are_unique_and_names_lower_case(codebook, code_paths):
    all_paths = [p for p, _ in _paths(codebook["codes"])]
    assert len(all_paths) == len(code_paths), [p for p, n in Counter(all_paths).items() if n > 1]
    for path, code in code_paths.items():
        assert code["name"] == code["name"].lower().strip(), path
        assert "/" not in code["name"] and "\t" not in code["name"], path
        assert isinstance(code.get("description"), str) and len(code["description"]) > 20, path


def test_top_level_codes_have_distinct_colours(codebook):
    colours = [c.get("colour") for c in codebook["codes"]]
    assert all(isinstance(c, str) and re.fullmatch(r"#[0-9a-f]{6}", c) for c in colours), colours
    assert len(set(colours)) == len(colours)


def test_codebook_mirrors_the_report_chapters(code_paths):
    for path in (
        "innovation och företagande",
        "attraktiva miljöer/kommersiell service",
        "attraktiva miljöer/bredband",
        "kompetensförsörjning/analyser och prognoser",
        "kompetensförsörjning/validering",
        "kompetensförsörjning/yrkesvux",
        "kompetensförsörjning/lärcentrum",
        "internationellt samarbete",
        "anslag 1:1",
        "samverkan/länsstyrelsen",
        "samverkan/statliga myndigheter",
        "samverkan/kommuner",
        "samverkan/organisationer",
        "samverkan/näringsliv",
        "hållbarhet/jämställdhet",
        "hållbarhet/integration och mångfald",
        "hållbarhet/klimat och miljö",
        "analys och uppföljning",
        "agenda 2030",
        "coronapandemin",
        "kompetensförsörjning/validering/utmaningar",
    ):
        assert path in code_paths, path


def test_every_claim_code_is_a_leaf_of_the_codebook(claims, code_paths):
    for claim in claims:
        code = code_paths.get(claim["code"])
        assert code is not None, f"footnote {claim['footnote']}: unknown code {claim['code']!r}"
        assert not code.get("children"), f"footnote {claim['footnote']}: {claim['code']} is not a leaf"


def test_no_two_claims_share_a_code_or_a_footnote(claims):
    codes = Counter(c["code"] for c in claims)
    assert [c for c, n in codes.items() if n > 1] == []
    numbers = Counter(c["footnote"] for c in claims)
    assert [n for n, k in numbers.items() if k > 1] == []


def test_claim_fields(claims):
    for claim in claims:
        where = f"footnote {claim['footnote']}"
        assert isinstance(claim["footnote"], int) and 1 <= claim["footnote"] <= 482, where
        assert claim["case_set"] in ("regioner", "länsstyrelser"), where
        claimed = claim["claimed"]
        assert (
            claimed is None
            or (isinstance(claimed, int) and 1 <= claimed <= 21)
            or claimed in PROPORTION_WORDS
        ), f"{where}: claimed {claimed!r}"
        assert re.fullmatch(r"\d{1,3}", str(claim["page"])), where
        assert claim["sentence"].strip(), where


_REFERENCE = re.compile(
    r"(?<=[^\d\s])(\d{1,3})(?!\d)"  # glued to a word or punctuation: "regioner195", "2021.22"
    r"|(?<=\. )(\d{1,3})(?= [A-ZÅÄÖ])"  # after a full stop: "företagsstöd. 243 I två"
    r"|(?<=\d)(\d{3})(?=\s+regioner|\s+av\s|\s+,)"  # glued to a number: "13214 regioner", "Agenda 2030284 ,"
)


def _references(report_text: str) -> set[int]:
    """Every number printed the way the extracted text prints footnote references."""
    found = set()
    for m in _REFERENCE.finditer(report_text):
        found.add(int(next(g for g in m.groups() if g)))
    return found


def test_every_claim_footnote_is_referenced_in_the_report(claims, report_text):
    lines = report_text.splitlines()
    defined = {int(m.group(1)) for m in (re.match(r"(\d{1,3}) +\S", line) for line in lines) if m}
    referenced = _references(report_text)
    for claim in claims:
        n = claim["footnote"]
        assert n in defined, f"footnote {n} is not in the report's footnotes"
        assert n in referenced, f"footnote {n} is never referenced in the body"


def _body(report_text: str) -> str:
    """The report without its footnote blocks, so sentences broken by a page's
    footnotes read on (a block runs from a separator line of spaces to the next
    page, whose first line starts with one space)."""
    kept, in_block = [], False
    for line in report_text.splitlines():
        if re.fullmatch(r" {20,}\s*", line):
            in_block = True
            continue
        if in_block and re.match(r" \S", line):
            in_block = False
        if not in_block:
            kept.append(line)
    return "\n".join(kept)


def _normalise(text: str) -> str:
    text = re.sub(r"(?<=[^\d\s])\d{1,3}(?!\d)", "", text)  # glued footnote references
    return re.sub(r"\s+", " ", text)


def test_claim_sentences_are_quoted_from_the_report(claims, report_text):
    body = _normalise(_body(report_text))
    for claim in claims:
        words = _normalise(claim["sentence"]).split()
        if words[0].isdigit():  # "13214 regioner": a count with its reference glued on
            words = words[1:]
        opening = " ".join(words[:6])
        assert opening in body, f"footnote {claim['footnote']}: {opening!r} is not in the report"


def test_validation_challenges_claim(claims):
    by_number = {c["footnote"]: c for c in claims}
    claim = by_number[195]
    assert claim["code"] == "kompetensförsörjning/validering/utmaningar"
    assert claim["claimed"] == 13
    assert claim["page"] == "76"
    assert claim["sentence"] == "13 regioner lyfter utmaningar i arbetet med validering."


def test_code_examples_are_quoted_from_the_report(code_paths, report_text):
    body = _normalise(_body(report_text))
    quoted = 0
    for path, code in code_paths.items():
        for example in code.get("examples") or []:
            assert _normalise(example) in body, f"{path}: example {example!r} is not in the report"
            quoted += 1
    assert quoted >= 10


def test_codebook_loads_installs_and_resolves_every_claim_code(store, claims):
    """The shipped codebook passes the workbench's own loader, and every claim's
    path resolves exactly to that code once installed."""
    from workbench.core.codebooks import CodeResolver, install_codebook, list_codes, load_codebook_file

    spec = load_codebook_file(CODEBOOK)
    with store.transaction() as conn:
        install_codebook(conn, spec)
    with store.reading() as conn:
        codes = list_codes(conn, "regional-tillvaxt-2020")
    resolver = CodeResolver(codes)
    for claim in claims:
        assert resolver.resolve(claim["code"]).path == claim["code"], claim["footnote"]
    colours = {c.path: c.colour for c in codes if c.depth in (0, 1) and "/" not in c.path}
    assert colours["kompetensförsörjning"] and colours["coronapandemin"]
