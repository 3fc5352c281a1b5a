"""The second coder's example codings load into the demo and differ exactly as documented.

examples/second-coder-kompetensforsorjning.csv is hand-curated: coder-b (all
of chapter 3.4) and coder-c (section 3.4.4) differ from the report's own
footnotes (coder "rapporten") in the ways examples/second-coder.md lists.
These tests hold the data file, its documentation and the agreement code to
each other: a difference added to one and not the other fails here.
"""

from __future__ import annotations

import csv
import re

import pytest

from workbench.core.demo import EXAMPLES, REPORT_CODER, build_demo

CSV_FILE = EXAMPLES / "second-coder-kompetensforsorjning.csv"
DOC_FILE = EXAMPLES / "second-coder.md"
CHAPTER = "kompetensförsörjning"
ROW = re.compile(r"^\|\s*(\d+[a-z]?)\s*\|")


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    from workbench.core.coding_io import import_codings
    from workbench.core.db import open_store

    built = build_demo(tmp_path_factory.mktemp("second-coder") / "demo.db")
    store = open_store(str(built.db_path))
    imported = import_codings(store, CSV_FILE)
    yield store, built, imported
    store.close()


def _file_rows() -> list[dict]:
    with CSV_FILE.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _documented(coder: str) -> list[dict]:
    """The rows of the difference table of ``## <coder>`` in second-coder.md."""
    lines = DOC_FILE.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(f"## {coder}"))
    out = []
    for line in lines[start + 1:]:
        if line.startswith("## "):
            break
        if not ROW.match(line):
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        code = CHAPTER + "/" + cells[2].strip("`")
        diffs = set()
        if cells[3] != "none":
            for token in cells[3].split(","):
                token = token.strip()
                assert token[0] in "+-", f"second-coder.md: {token!r} must start with + or -"
                diffs.add((code, token[1:], token[0]))
        out.append({"id": cells[0], "where": cells[1], "code": code, "diffs": diffs})
    assert out, f"second-coder.md has no table under '## {coder}'"
    return out


def _documented_pairs(coder: str) -> set[tuple[str, str, str]]:
    return {d for row in _documented(coder) for d in row["diffs"]}


def test_file_is_in_the_export_format():
    from workbench.core.coding_io import COLUMNS

    with CSV_FILE.open(encoding="utf-8", newline="") as handle:
        assert tuple(next(csv.reader(handle))) == COLUMNS
    rows = _file_rows()
    assert {r["coder"] for r in rows} == {"coder-b", "coder-c"}
    assert {r["document"] for r in rows} == {"regionalt-tillvaxtarbete-2020"}


def test_every_row_imports_onto_an_existing_passage_and_code(demo):
    from workbench.core.codebooks import list_codes
    from workbench.core.coding_io import coding_rows
    from workbench.core.documents import list_passages

    store, built, imported = demo
    rows = _file_rows()
    # all added here, or all skipped once build_demo itself loads the file
    assert (imported.added, imported.skipped) in {(len(rows), 0), (0, len(rows))}
    with store.reading() as conn:
        codes = {c.path for c in list_codes(conn)}
    passages = {p.seq: p for p in list_passages(store, built.document_id)}
    headings = {p.text.split()[0]: p.seq for p in passages.values() if p.kind == "heading" and p.text[:1].isdigit()}
    chapter = range(headings["3.4"], headings["3.5"])
    for line, row in enumerate(rows, 2):
        assert row["code"] in codes, f"line {line}: unknown code {row['code']}"
        passage = passages.get(int(row["passage"]) - 1)  # the file numbers passages as the reader does, from 1
        assert passage is not None, f"line {line}: no passage {row['passage']}"
        assert passage.seq in chapter, f"line {line}: passage {passage.seq} is outside chapter 3.4"
    stored = coding_rows(store, coder="coder-b") + coding_rows(store, coder="coder-c")
    assert len(stored) == len(rows)
    # importing the same file again adds nothing
    from workbench.core.coding_io import import_codings

    again = import_codings(store, CSV_FILE)
    assert (again.added, again.skipped) == (0, len(rows))


def test_documented_passages_carry_the_documented_footnotes(demo):
    """Each 'NNN (fotnot F)' in the table is a passage that really holds footnote F in the report."""
    from workbench.core.documents import find_passage_by_footnote, list_passages

    store, built, _ = demo
    number_of = {p.id: p.seq + 1 for p in list_passages(store, built.document_id)}  # the reader's "passage N"
    checked = 0
    for coder in ("coder-b", "coder-c"):
        for row in _documented(coder):
            for passage, footnote in re.findall(r"(\d+) \(fotnot (\d+)\)", row["where"]):
                held_by = find_passage_by_footnote(store, built.document_id, int(footnote))
                assert number_of[held_by] == int(passage), f"row {row['id']}: fotnot {footnote}"
                checked += 1
    assert checked >= 15


def _case_disagreements(store, coders: list[str], code: str) -> set[tuple[str, str, str]]:
    from workbench.core.agreement.disagreements import find_disagreements

    found = find_disagreements(store, coders=coders, code=code)
    out = set()
    for item in found.codes:
        for case in item.cases:
            assert len(case.given_by) == 1
            out.add((item.code, case.case, "+" if case.given_by == (coders[1],) else "-"))
    return out


def test_disagreements_are_exactly_the_documented_ones(demo):
    store, _, _ = demo
    documented = _documented_pairs("coder-b")
    assert len(documented) == 60
    assert _case_disagreements(store, [REPORT_CODER, "coder-b"], CHAPTER) == documented


def test_coder_c_differs_only_as_documented_in_its_section(demo):
    store, _, _ = demo
    found = _case_disagreements(store, [REPORT_CODER, "coder-c"], CHAPTER + "/validering")
    assert found == _documented_pairs("coder-c") == {
        (CHAPTER + "/validering/måluppfyllnad/utvecklingsstrategin", "Västra Götaland", "-"),
        (CHAPTER + "/validering/resultat/samverkan och strukturer", "Östergötland", "+"),
    }


def test_case_level_alpha_is_in_the_documented_range(demo):
    """Pooled alpha for the chapter, checked against the two-coder closed form and the range in second-coder.md."""
    from workbench.core.agreement.levels import agreement_report
    from workbench.core.coding_io import coding_rows

    store, _, _ = demo
    report = agreement_report(store, coders=[REPORT_CODER, "coder-b"], level="case", code=CHAPTER)
    pooled = report.pooled.summary
    alpha = pooled.krippendorff_alpha.value
    text = DOC_FILE.read_text(encoding="utf-8")
    low, high = (float(x) for x in re.search(r"pooled alpha (\d\.\d+)–(\d\.\d+)", text).groups())
    assert 0.6 <= low <= alpha <= high <= 0.9

    # Independent check: with two coders, 0/1 values and nothing missing,
    # nominal alpha = 1 - D (N - 1) / (n0 n1) over the most specific codes used.
    def given(coder):
        return {(r["code"], case) for r in coding_rows(store, coder=coder)
                if r["code"].startswith(CHAPTER + "/") for case in r["cases"]}
    a, b = given(REPORT_CODER), given("coder-b")
    used = {code for code, _ in a | b}
    leaves = {c for c in used if not any(o.startswith(c + "/") for o in used)}
    a = {x for x in a if x[0] in leaves}
    b = {x for x in b if x[0] in leaves}
    n_values = 2 * 21 * len(leaves)
    ones = len(a) + len(b)
    differing = len(a ^ b)
    assert pooled.n_units == 21 * len(leaves)
    assert differing == len({d for d in _documented_pairs("coder-b") if d[0] in leaves})
    assert alpha == pytest.approx(1 - differing * (n_values - 1) / ((n_values - ones) * ones))
    assert f"{alpha:.3f}" in text  # the figure the documentation quotes

    per_code = {e.code: e.summary.krippendorff_alpha.value for e in report.entries}
    assert per_code[CHAPTER + "/validering/utmaningar"] == 1.0  # some codes agree perfectly
    assert per_code[CHAPTER + "/analyser och prognoser/reglab anges"] < 0  # a few are clearly disputed
