"""The demo project reproduces the report's own claims.

Every count claim of the 2020 report listed in examples/claims-2020.yaml is
coded from its footnote; querying the claim's code must give back exactly
the footnote's regions, in Swedish order, and where the report's footnote is
clean, the very text the report printed.
"""

from __future__ import annotations

import re

import pytest

from workbench.core.demo import CLAIMS, REPORT_CODER, build_demo
from workbench.core.reconstruction import load_claims_file


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    from workbench.core.db import open_store

    built = build_demo(tmp_path_factory.mktemp("demo") / "demo.db")
    store = open_store(str(built.db_path))
    yield built, store
    store.close()


def test_every_claim_is_coded(demo):
    built, _ = demo
    assert built.rebuilt
    assert built.claims == len(load_claims_file(CLAIMS)) > 300
    assert built.coded == built.claims


def test_footnote_195_reproduced_exactly(demo, report_text):
    from workbench.core.query import cases_for

    _, store = demo
    result = cases_for(store, "kompetensförsörjning/validering/utmaningar", exact=True)
    assert result.phrase == "13 regioner"
    printed = re.search(r"^195 (.*?)\n\n(.*?)\n\n(.*?)\n", report_text, re.M | re.S)
    assert printed, "footnote 195 not found in the report text"
    report_footnote = " ".join(part.strip() for part in printed.groups())
    assert result.footnote == report_footnote


def test_every_claim_reproduces_its_footnote(demo):
    from workbench.core.caselists import parse_case_list
    from workbench.core.cases import resolver_for
    from workbench.core.collation import sort_swedish
    from workbench.core.documents import get_footnote
    from workbench.core.query import cases_for

    built, store = demo
    with store.reading() as conn:
        resolvers = {name: resolver_for(conn, name) for name in ("regioner", "länsstyrelser")}
    exact_text = 0
    for spec in load_claims_file(CLAIMS):
        footnote = get_footnote(store, built.document_id, spec.footnote)
        listed = parse_case_list(footnote.text, resolvers[spec.case_set])
        result = cases_for(store, spec.code, exact=True, case_set=spec.case_set, complement=False, coder=REPORT_CODER)
        names = [c.name for c in listed.cases]
        assert list(result.cases) == sort_swedish(names), spec.footnote
        clean = (not listed.warnings and not listed.complement and not listed.rest and footnote.status == "ok"
                 and " och " not in footnote.text and footnote.text.split(",")[0].strip() in names)
        if clean:
            # the report sometimes drops the final full stop (132, 167, ...); the workbench always ends with one
            assert result.footnote == footnote.text.strip().rstrip(".") + ".", spec.footnote
            exact_text += 1
    assert exact_text > 200  # most of the report's footnotes are clean lists


def test_report_mistakes_are_recorded_not_hidden(demo):
    built, store = demo
    problems = "\n".join(built.problems)
    # counts that disagree with their footnotes, checked by hand against the report text
    assert "footnote 122: the sentence says 10, the footnote lists 9" in problems
    assert "footnote 449: the sentence says 17, the footnote lists 14" in problems
    assert "footnote 345: typo" in problems
    assert "footnote 69: duplicate" in problems
    assert "footnote 454 is truncated" in problems
    with store.reading() as conn:
        memo = conn.exec_driver_sql(
            "SELECT c.memo FROM coding c JOIN code k ON k.id = c.code_id JOIN footnote_ref r ON r.passage_id = c.passage_id "
            "JOIN footnote f ON f.id = r.footnote_id WHERE f.number = 122 AND c.memo != ''"
        ).scalar()
    assert memo and "says 10" in memo


def test_rebuild_is_skipped_when_inputs_are_unchanged(demo):
    built, _ = demo
    again = build_demo(built.db_path)
    assert not again.rebuilt and again.coded == built.coded


def test_each_claim_is_counted_in_the_case_set_its_code_counts(demo):
    """The codebook says which codes count länsstyrelser; a query needs no --case-set to count them right."""
    from workbench.core.codebooks import list_codes
    from workbench.core.query import cases_for, code_claims, matrix

    built, store = demo
    with store.reading() as conn:
        codes = list_codes(conn)
    counts = {c.path: c.case_set for c in codes}
    claims = load_claims_file(CLAIMS)
    assert {spec.code: spec.case_set for spec in claims} == {spec.code: counts[spec.code] for spec in claims}
    assert sum(1 for spec in claims if spec.case_set == "länsstyrelser") == 14

    five = cases_for(store, "anslag 1:1/länsstyrelserna/strukturfondsprogrammet", exact=True, coder=REPORT_CODER)
    assert (five.case_set, five.count, five.total) == ("länsstyrelser", 5, 21)
    assert five.phrase.endswith("länsstyrelser")
    assert five.footnote == "Kronoberg, Sörmland, Västerbotten, Västmanland, Örebro."  # footnote 250, as printed

    whole = matrix(store, exact=True)
    assert whole.case_set == "regioner" and whole.other_codes == 15
    assert "anslag 1:1/länsstyrelserna/strukturfondsprogrammet" not in whole.codes
    _, every = code_claims(store, "anslag 1:1", exact=True, coder=REPORT_CODER)
    by_code = {claim.query: claim for claim in every}
    assert by_code["anslag 1:1/länsstyrelserna/strukturfondsprogrammet"].case_set == "länsstyrelser"
    assert all(claim.case_set == "regioner" for path, claim in by_code.items() if "/länsstyrelserna" not in path)
    order = [claim.query for claim in every]
    assert order == [c.path for c in codes if c.path in by_code]  # codebook order, the case sets interleaved
