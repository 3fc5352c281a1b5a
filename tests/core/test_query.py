"""Queries: the report's footnote 195 reproduced, boolean expressions, filters, evidence, the matrix."""

from __future__ import annotations

import random
import re

import pytest
from sqlalchemy import text

from tests.core.coding_world import REGIONS, build_world
from workbench.core.coding import CodingWriter, add_coding
from workbench.core.errors import InvalidInput, NotFound
from workbench.core.query import And, CodeTerm, Not, Or, cases_for, code_claims, evidence_for, matrix, parse_expression

VALIDERING = "kompetensförsörjning/validering/utmaningar"


def report_footnote(report_text: str, number: int) -> str:
    """A footnote of the bundled report, its lines joined (footnotes run to the next blank-line-free number)."""
    lines = report_text.splitlines()
    start = next(i for i, line in enumerate(lines) if re.match(rf"^{number} [A-ZÅÄÖ]", line))
    parts = [lines[start].split(" ", 1)[1].strip()]
    for line in lines[start + 1:]:
        if re.match(rf"^{number + 1} ", line) or (parts[-1].endswith(".") and line.strip()):
            break
        if line.strip():
            parts.append(line.strip())
    return " ".join(parts)


@pytest.fixture
def world(store):
    return build_world(store)


def test_footnote_195_is_reproduced(store, world, report_text):
    claim = next(line for line in report_text.splitlines() if "regioner195" in line)
    assert claim.startswith("13 regioner195 lyfter utmaningar i arbetet med validering")
    published = report_footnote(report_text, 195)
    regions = [r.strip() for r in published.rstrip(".").split(",")]
    assert len(regions) == 13 and set(regions) <= set(REGIONS)
    shuffled = regions[:]
    random.Random(195).shuffle(shuffled)
    # two coders, split across two passages; one region coded twice
    add_coding(store, passage_id=world["passages"][0], code=VALIDERING, coder="anna", cases=shuffled[:8])
    add_coding(store, passage_id=world["passages"][2], code=VALIDERING, coder="bertil", cases=shuffled[7:])
    result = cases_for(store, "kompetensförsörjning/validering")
    assert result.count == 13 and result.total == 21
    assert result.phrase == "13 regioner"
    assert result.footnote == published
    assert result.cases == tuple(regions)  # the report's own order is Swedish alphabetical order
    assert cases_for(store, "kompetensförsörjning/validering", lang="en").phrase == "13 regions"
    assert cases_for(store, "kompetensförsörjning/validering", coder="anna").count == 8
    assert cases_for(store, "kompetensförsörjning/validering", coder=["anna", "bertil"]).count == 13


def test_footnote_74_complement_form(store, world, report_text):
    published = report_footnote(report_text, 74)
    assert published == "Samtliga regioner utom Dalarna, Västerbotten."
    add_coding(store, passage_id=world["passages"][0], code="samverkan", coder="anna",
               cases=[r for r in REGIONS if r not in ("Dalarna", "Västerbotten")])
    result = cases_for(store, "samverkan")
    assert result.count == 19
    assert result.phrase == "Samtliga regioner utom Dalarna och Västerbotten"
    assert result.footnote == published
    assert cases_for(store, "samverkan", complement=False).footnote.count(",") == 18
    assert cases_for(store, "samverkan", threshold=1).phrase == "19 regioner"


def test_boolean_expressions(store, world):
    p = world["passages"]
    add_coding(store, passage_id=p[0], code=VALIDERING, coder="anna", cases=["Blekinge", "Dalarna", "Gotland"])
    add_coding(store, passage_id=p[1], code="samverkan/kommuner", coder="anna", cases=["Dalarna", "Gotland", "Kalmar"])
    add_coding(store, passage_id=p[3], code="internationellt samarbete/östersjöstrategin", coder="bertil", cases=["Gotland", "Örebro"])
    q = lambda e: cases_for(store, e).cases  # noqa: E731
    assert q("kompetensförsörjning/validering AND samverkan/kommuner") == ("Dalarna", "Gotland")
    assert q("kompetensförsörjning/validering OR samverkan/kommuner") == ("Blekinge", "Dalarna", "Gotland", "Kalmar")
    assert q("samverkan AND NOT kompetensförsörjning") == ("Kalmar",)
    assert q("internationellt samarbete/östersjöstrategin AND (samverkan OR kompetensförsörjning)") == ("Gotland",)
    assert q('"internationellt samarbete" AND NOT (validering)') == ("Örebro",)  # a unique leaf name is enough
    lacking = cases_for(store, "NOT kompetensförsörjning")
    assert lacking.count == 18 and "Blekinge" not in lacking.cases and lacking.phrase == "Samtliga regioner utom Blekinge, Dalarna och Gotland"
    assert cases_for(store, "NOT NOT samverkan").cases == q("samverkan")


def test_parse_tree_and_quoting():
    assert parse_expression("a b/c  d AND NOT e OR f") == Or(And(CodeTerm("a b/c d", 1), Not(CodeTerm("e", 18))), CodeTerm("f", 23))
    assert parse_expression('"x AND y" OR (z)') == Or(CodeTerm("x AND y", 1), CodeTerm("z", 15))
    assert parse_expression("a and b") == CodeTerm("a and b", 1)  # lower case is part of the path


@pytest.mark.parametrize(
    "expr, message",
    [
        ("kompetensförsörjning/validering AND )", r"expected a code path at position 37: \.\.\..*validering AND \)"),
        ("validering AND", r"expected a code path at position 15 \(end of the query\)"),
        ("(validering OR samverkan", r"missing '\)' for the '\(' at position 1"),
        ("validering)", r"unexpected '\)' at position 11"),
        ('validering AND "samverkan', r"unclosed quote at position 16"),
        ("OR samverkan", r"expected a code path at position 1"),
        ('validering "samverkan"', r"expected AND, OR or the end of the query at position 12"),
        ("", r"empty query"),
        ("NOT", r"expected a code path at position 4"),
    ],
)
def test_malformed_expressions_name_the_position(expr, message):
    with pytest.raises(InvalidInput, match=message):
        parse_expression(expr)


def test_unknown_code_gets_did_you_mean(store, world):
    with pytest.raises(NotFound, match="did you mean"):
        cases_for(store, "kompetensförsörjning/valdering AND samverkan")
    with pytest.raises(NotFound, match="AND, OR, NOT in capitals"):
        cases_for(store, "validering and samverkan")
    with pytest.raises(NotFound, match="unknown coder 'ana' - did you mean anna"):
        add_coding(store, passage_id=world["passages"][0], code="samverkan", coder="anna", cases=["Blekinge"])
        cases_for(store, "samverkan", coder="ana")


def test_subtree_exact_document_and_section_filters(store, world):
    p, g = world["passages"], world["gotland_passages"]
    add_coding(store, passage_id=p[0], code=VALIDERING, coder="anna", cases=["Blekinge"])  # section 5.1
    add_coding(store, passage_id=p[2], code="kompetensförsörjning/validering", coder="anna", cases=["Kalmar"])  # section 5
    add_coding(store, passage_id=p[3], code="kompetensförsörjning/validering", coder="anna", cases=["Skåne"])  # section 6
    add_coding(store, passage_id=g[0], code=VALIDERING, coder="anna")  # Gotland's own report
    path = "kompetensförsörjning/validering"
    assert cases_for(store, path).cases == ("Blekinge", "Gotland", "Kalmar", "Skåne")
    assert cases_for(store, path, exact=True).cases == ("Kalmar", "Skåne")
    doc = world["documents"]["Regionalt tillväxtarbete 2020"]
    assert cases_for(store, path, document_id=doc).cases == ("Blekinge", "Kalmar", "Skåne")
    sections = world["sections"]["Regionalt tillväxtarbete 2020"]
    assert cases_for(store, path, section_id=sections["top"]).cases == ("Blekinge", "Kalmar")  # with subsection 5.1
    assert cases_for(store, path, section_id=sections["sub"]).cases == ("Blekinge",)
    assert cases_for(store, path, section_id=sections["top"], exact=True).cases == ("Kalmar",)
    with pytest.raises(NotFound, match="unknown document 999"):
        cases_for(store, path, document_id=999)


def test_consensus_filter(store, world):
    add_coding(store, passage_id=world["passages"][0], code=VALIDERING, coder="anna", cases=["Blekinge", "Dalarna"])
    with pytest.raises(NotFound, match="no consensus coding yet"):
        cases_for(store, VALIDERING, consensus=True)
    with store.transaction() as conn:
        from workbench.core.coding import get_or_create_coder

        get_or_create_coder(conn, "konsensus", role="consensus")
        CodingWriter(conn).add(passage_id=world["passages"][0], code=VALIDERING, coder="konsensus", cases=["Dalarna"])
    assert cases_for(store, VALIDERING, consensus=True).cases == ("Dalarna",)
    assert cases_for(store, VALIDERING).cases == ("Blekinge", "Dalarna")


def test_evidence_names_document_page_and_quote(store, world):
    p = world["passages"]
    add_coding(store, passage_id=p[0], code=VALIDERING, coder="anna", cases=["Blekinge", "Dalarna"], span=(0, 11))
    add_coding(store, passage_id=p[3], code="samverkan", coder="anna", cases=["Dalarna"])
    result = cases_for(store, "kompetensförsörjning AND NOT samverkan", evidence=True)
    assert result.cases == ("Blekinge",)
    (ev,) = result.evidence
    assert (ev.case, ev.document, ev.page_label, ev.passage_id, ev.quote) == ("Blekinge", "Regionalt tillväxtarbete 2020", "47", p[0], "13 regioner")
    assert ev.section == "5.1 Validering" and ev.code_path == VALIDERING
    cell = evidence_for(store, "samverkan", "Dalarna")
    assert [(e.passage_id, e.page_label, e.quote) for e in cell] == [(p[3], "48", "Östersjöstrategin nämns av några regioner.")]


def test_matrix_rows_roll_up_subtrees_and_match_cases_for(store, world):
    rng = random.Random(7)
    codes = list(world["codes"])
    for _ in range(60):
        add_coding(store, passage_id=rng.choice(world["passages"]), code=rng.choice(codes), coder=rng.choice(["anna", "bertil"]),
                   cases=rng.sample(REGIONS, rng.randint(1, 3)))
    grid = matrix(store)
    assert grid.cases == REGIONS and set(grid.codes) == set(codes)
    assert grid.codes.index("kompetensförsörjning") < grid.codes.index("kompetensförsörjning/validering") < grid.codes.index(VALIDERING)
    with store.reading() as conn:
        raw = {(k, c): n for k, c, n in conn.execute(text(
            "SELECT k.path, ci.name, COUNT(*) FROM coding c JOIN coding_case cc ON cc.coding_id = c.id"
            " JOIN code_closure cl ON cl.descendant_id = c.code_id JOIN code k ON k.id = cl.ancestor_id"
            " JOIN case_item ci ON ci.id = cc.case_id GROUP BY k.path, ci.name"))}
    for i, code in enumerate(grid.codes):
        for j, case in enumerate(grid.cases):
            assert grid.cells[i][j] == raw.get((code, case), 0)
        assert grid.row_cases(i) == cases_for(store, code).cases
    sub = matrix(store, "kompetensförsörjning", coder="anna")
    assert sub.codes[0] == "kompetensförsörjning" and all(c.startswith("kompetensförsörjning") for c in sub.codes)
    doc = world["documents"]["Regionalt tillväxtarbete 2020"]
    assert matrix(store, document_id=doc).cells == grid.cells  # all codings are in that document: slow path agrees
    assert matrix(store, exact=True, document_id=doc).cells == matrix(store, exact=True).cells
    _grid, claims = code_claims(store, "kompetensförsörjning")
    for claim in claims:
        assert claim == cases_for(store, claim.query)


def test_footnote_195_from_the_imported_report(store, report_text):
    """The whole chain on the bundled report: import, code the claim's passage with its footnote's regions, query."""
    from tests.conftest import REPORT
    from workbench.core.caselists import parse_case_list
    from workbench.core.cases import resolver_for
    from workbench.core.codebooks import codebook_from_text, install_codebook
    from workbench.core.documents import find_passage_by_footnote, get_footnote, get_passage
    from workbench.core.importing.writer import import_file
    from tests.core.coding_world import CODEBOOK

    doc = import_file(store, REPORT).document_id
    with store.transaction() as conn:
        install_codebook(conn, codebook_from_text(CODEBOOK, "test-codebook.yaml"))
        resolver = resolver_for(conn, "regioner")
    passage = find_passage_by_footnote(store, doc, 195)
    assert get_passage(store, passage).text.startswith("13 regioner")
    note = get_footnote(store, doc, 195)
    listed = parse_case_list(note.text, resolver)
    add_coding(store, passage_id=passage, code=VALIDERING, coder="rapporten", cases=[c.name for c in listed.cases])
    result = cases_for(store, "validering/utmaningar", evidence=True)
    assert (result.phrase, result.count) == ("13 regioner", 13)
    assert result.footnote == " ".join(note.text.split()) == report_footnote(report_text, 195)
    assert {e.page_label for e in result.evidence} == {"76"}


def test_evidence_names_an_unnumbered_section_by_its_title(store):
    """The report's chapter introductions have no number: the evidence label is the title alone."""
    from pathlib import Path

    from workbench.core.codebooks import install_codebook, load_codebook_file
    from workbench.core.documents import list_passages, list_sections
    from workbench.core.importing.writer import import_file

    root = Path(__file__).resolve().parents[2]
    doc = import_file(store, root / "examples" / "regionalt-tillvaxtarbete-2020.txt").document_id
    with store.transaction() as conn:
        install_codebook(conn, load_codebook_file(root / "codebooks" / "regional-tillvaxt-2020.yaml"))
    section = next(s for s in list_sections(store, doc) if s.title == "Utmaningar med coronapandemin")
    assert not section.number
    passage = next(p for p in list_passages(store, doc) if p.section_id == section.id and p.kind == "paragraph")
    add_coding(store, passage_id=passage.id, code=VALIDERING, coder="anna", cases=["Gotland"])
    (ev,) = evidence_for(store, VALIDERING, "Gotland")
    assert ev.section == "Utmaningar med coronapandemin"
