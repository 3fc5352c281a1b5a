"""Footnote exports (md, csv, json, xlsx) and the codings file round trip."""

from __future__ import annotations

import csv
import json

import pytest
from openpyxl import load_workbook
from sqlalchemy import text

from tests.core.coding_world import REGIONS, build_world
from workbench.core.coding import add_coding
from workbench.core.coding_io import coding_rows, export_codings, import_codings
from workbench.core.db import open_store
from workbench.core.errors import InvalidInput
from workbench.core.export import export_footnotes
from workbench.core.query import cases_for

VALIDERING = "kompetensförsörjning/validering/utmaningar"
FN195 = ["Blekinge", "Dalarna", "Gävleborg", "Halland", "Jämtland Härjedalen", "Kronoberg", "Norrbotten", "Sörmland",
         "Uppsala", "Värmland", "Västernorrland", "Västra Götaland", "Örebro"]


@pytest.fixture
def world(store):
    ids = build_world(store)
    p = ids["passages"]
    add_coding(store, passage_id=p[0], code=VALIDERING, coder="anna", cases=FN195[::-1], memo="fotnot 195")
    add_coding(store, passage_id=p[1], code="samverkan/kommuner", coder="anna", cases=["Dalarna", "Gävleborg"], span=(0, 9))
    add_coding(store, passage_id=p[2], code="kompetensförsörjning/kompetensplattformar", coder="bertil",
               cases=[r for r in REGIONS if r not in ("Dalarna", "Västerbotten")], memo='citat "med" komma, och radbrytning\nhär')
    add_coding(store, passage_id=ids["gotland_passages"][0], code="samverkan", coder="bertil")
    return ids


def test_markdown_numbers_footnotes_in_code_order(store, world, tmp_path):
    out = tmp_path / "claims.md"
    summary = export_footnotes(store, out, subtree="kompetensförsörjning")
    body = out.read_text(encoding="utf-8")
    assert summary.claims == 4 and summary.format == "md"
    assert "- `kompetensförsörjning/validering/utmaningar`: 13 regioner[^3]" in body
    assert "[^3]: " + ", ".join(FN195) + "." in body
    assert "[^4]: Samtliga regioner utom Dalarna, Västerbotten." in body
    assert body.index("[^1]: ") < body.index("[^2]: ") < body.index("[^3]: ")


def test_json_and_csv_carry_what_scripts_need(store, world, tmp_path):
    export_footnotes(store, tmp_path / "c.json")
    records = json.loads((tmp_path / "c.json").read_text(encoding="utf-8"))
    by_query = {r["query"]: r for r in records}
    r = by_query[VALIDERING]
    assert (r["count"], r["total"], r["phrase"], r["cases"]) == (13, 21, "13 regioner", FN195)
    assert [r["number"] for r in records] == list(range(1, len(records) + 1))
    assert by_query["samverkan"]["cases"] == ["Dalarna", "Gotland", "Gävleborg"]  # Gotland's report supplied its case
    export_footnotes(store, tmp_path / "c.csv", lang="en")
    rows = list(csv.DictReader((tmp_path / "c.csv").open(encoding="utf-8")))
    assert [row["query"] for row in rows] == [rec["query"] for rec in records]
    assert {row["query"]: row["phrase"] for row in rows}["samverkan"] == "Three regions"


def test_xlsx_has_claims_and_matrix(store, world, tmp_path):
    out = tmp_path / "claims.xlsx"
    export_footnotes(store, out, fmt="xlsx")
    book = load_workbook(out)
    assert book.sheetnames == ["Claims", "Matrix"]
    claims = list(book["Claims"].values)
    assert claims[0] == ("number", "query", "count", "total", "phrase", "cases", "footnote", "coders")
    row = next(r for r in claims if r[1] == VALIDERING)
    assert row[7] == "all"
    assert row[2:5] == (13, 21, "13 regioner") and row[6] == ", ".join(FN195) + "."
    matrix = list(book["Matrix"].values)
    assert matrix[0][2:] == REGIONS
    top = next(r for r in matrix if r[0] == "kompetensförsörjning")
    assert top[1] == 20 and sum(top[2:]) == 13 + 19  # Västerbotten is in neither claim
    assert matrix[-1][0] == "coders: all"


def test_bad_format_is_refused(store, world, tmp_path):
    with pytest.raises(InvalidInput, match="cannot tell the format"):
        export_footnotes(store, tmp_path / "claims.txt")


@pytest.mark.parametrize("suffix", ["csv", "jsonl"])
def test_codings_round_trip_into_a_new_project(store, world, tmp_path, suffix):
    out = tmp_path / f"codings.{suffix}"
    assert export_codings(store, out) == 4
    other = open_store(str(tmp_path / "other.db"))
    try:
        build_world(other)
        result = import_codings(other, out)
        assert (result.added, result.skipped) == (4, 0)
        assert coding_rows(other) == coding_rows(store)
        for expr in ("kompetensförsörjning", "samverkan", "NOT samverkan/kommuner"):
            assert cases_for(other, expr) == cases_for(store, expr)
        again = import_codings(other, out)  # identical rows are not doubled
        assert (again.added, again.skipped) == (0, 4)
    finally:
        other.close()


def test_a_bad_row_names_its_line_and_nothing_is_written(store, world, tmp_path):
    out = tmp_path / "codings.csv"
    export_codings(store, out)
    lines = out.read_text(encoding="utf-8").splitlines(keepends=True)
    bad = lines[2].replace("Dalarna", "Dalarnna")
    assert bad != lines[2]
    (tmp_path / "bad.csv").write_text("".join(lines[:2] + [bad] + lines[3:]), encoding="utf-8")
    before_count = store.engine.connect().execute(text("SELECT count(*) FROM coding")).scalar()
    fresh = open_store(str(tmp_path / "fresh.db"))
    try:
        build_world(fresh)
        with pytest.raises(InvalidInput, match=r"bad.csv:3: unknown region 'Dalarnna' - did you mean Dalarna\?"):
            import_codings(fresh, tmp_path / "bad.csv")
        with fresh.reading() as conn:
            assert conn.execute(text("SELECT count(*) FROM coding")).scalar() == 0
            assert conn.execute(text("SELECT count(*) FROM audit")).scalar() == 0
            assert conn.execute(text("SELECT count(*) FROM code_case_count")).scalar() == 0
    finally:
        fresh.close()
    assert before_count == 4


@pytest.mark.parametrize("row, message", [
    ('anna,Okänd rapport,0,,samverkan,Blekinge,\n', "unknown document 'Okänd rapport'"),
    ('anna,Regionalt tillväxtarbete 2020,77,,samverkan,Blekinge,\n', "document 'Regionalt tillväxtarbete 2020' has no passage 77"),
    ('anna,Regionalt tillväxtarbete 2020,1,5:900,samverkan,Blekinge,\n', "span 5:900 is outside passage"),
    ('anna,Regionalt tillväxtarbete 2020,1,,samverkn,Blekinge,\n', "unknown code 'samverkn'"),
    ('anna,Regionalt tillväxtarbete 2020,0,,samverkan,Blekinge,\n', r"document 'Regionalt tillväxtarbete 2020' has no passage 0 \(passages count from 1"),
    (',Regionalt tillväxtarbete 2020,0,,samverkan,Blekinge,\n', "empty coder"),
])
def test_row_errors(store, world, tmp_path, row, message):
    path = tmp_path / "rows.csv"
    path.write_text("coder,document,passage,span,code,cases,memo\n" + row, encoding="utf-8")
    with pytest.raises(InvalidInput, match=f"rows.csv:2: {message}"):
        import_codings(store, path)
    with pytest.raises(InvalidInput, match="name the file .csv or .jsonl"):
        import_codings(store, tmp_path / "rows.txt")
