"""Live counts started from the core's matrix cells agree with the core's own query on the demo project."""

from __future__ import annotations

from types import SimpleNamespace

from workbench.core.query import cases_for
from workbench.tui import data
from workbench.tui.counts import CodeCounts

CODE = "kompetensförsörjning/validering/utmaningar"


def test_counts_from_cells_match_the_query_for_every_code(demo):
    book = data.load_codebook(demo, viewer="rapporten")
    counts = CodeCounts(total=len(book.case_set.cases), case_sets={c.path: c.case_set for c in book.codes})
    counts.load_cells(book.cells)
    assert all(n > 0 for _, _, n in book.cells)
    checked = 0
    for code in book.codes:
        expected = cases_for(demo, code.path, viewer="rapporten").cases
        assert counts.cases(code.path) == set(expected), code.path
        checked += bool(expected)
    assert checked > 20  # the demo codes many codes, not a vacuous pass
    # a board-counting subcode's "Stockholm" (länsstyrelsen) is not counted as the region under a region-counting parent
    boards = "samverkan/länsstyrelsen/strategiska dokument/programskrivningar"
    assert "Stockholm" in counts.cases(boards) and "Stockholm" not in counts.cases("samverkan/länsstyrelsen/strategiska dokument")
    # the report's footnote 195: 13 regions face challenges in validation (all coders together)
    assert counts.count(CODE) >= 13


def test_cells_keep_a_case_until_its_last_coding_goes():
    counts = CodeCounts(total=21)
    counts.load_cells([(CODE, "Örebro", 2), (CODE, "Uppsala", 1)])
    assert counts.label(CODE) == "2/21" and counts.label("kompetensförsörjning") == "2/21"
    counts.apply(SimpleNamespace(code_path=CODE, cases=("Örebro",)), None)
    assert counts.cases(CODE) == {"Örebro", "Uppsala"}
    counts.apply(SimpleNamespace(code_path=CODE, cases=("Örebro",)), None)
    assert counts.cases(CODE) == {"Uppsala"} and counts.cases("kompetensförsörjning") == {"Uppsala"}


def test_a_claim_phrased_from_the_counts_is_the_query_s_for_every_code(demo):
    """After a save the reader shows the code's claim from its live counts, not from a read:
    it must be what ``workbench query`` prints, word for word, for every code of the demo."""
    book = data.load_codebook(demo, viewer="rapporten")
    counts = CodeCounts(total=len(book.case_set.cases), case_sets={c.path: c.case_set for c in book.codes})
    counts.load_cells(book.cells)
    forms = set()
    for code in book.codes:
        expected = cases_for(demo, code.path, viewer="rapporten")
        claim = data.counted_claim(book.case_set_of(code.path), code.path, counts.cases(code.path))
        assert (claim.phrase, claim.footnote) == (expected.phrase, expected.footnote), code.path
        assert (claim.cases, claim.missing, claim.count, claim.total, claim.case_set) == (
            expected.cases, expected.missing, expected.count, expected.total, expected.case_set), code.path
        forms.add("complement" if "utom" in claim.footnote else "list" if claim.cases else "none")
    assert forms == {"complement", "list", "none"}  # every footnote form met, not a vacuous pass
