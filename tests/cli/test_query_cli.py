"""workbench query / matrix / export footnotes."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from tests.core.coding_world import build_world
from workbench.cli import app
from workbench.core.coding import add_coding
from workbench.core.db import open_store

runner = CliRunner()
FN195 = ["Blekinge", "Dalarna", "Gävleborg", "Halland", "Jämtland Härjedalen", "Kronoberg", "Norrbotten", "Sörmland",
         "Uppsala", "Värmland", "Västernorrland", "Västra Götaland", "Örebro"]


@pytest.fixture
def db(tmp_path):
    path = str(tmp_path / "p.db")
    store = open_store(path)
    ids = build_world(store)
    add_coding(store, passage_id=ids["passages"][0], code="kompetensförsörjning/validering/utmaningar", coder="anna", cases=FN195[6:])
    add_coding(store, passage_id=ids["passages"][2], code="kompetensförsörjning/validering/utmaningar", coder="bertil", cases=FN195[:7])
    add_coding(store, passage_id=ids["passages"][1], code="samverkan/kommuner", coder="anna", cases=["Dalarna", "Gävleborg"])
    store.close()
    return path


def run(*args):
    """Invoke the CLI; ``.flat`` is the output with Rich's line wrapping undone."""
    result = runner.invoke(app, [str(a) for a in args])
    result.flat = " ".join(result.output.split())
    return result


def test_query_json_has_the_agreed_fields(db):
    r = run("query", "kompetensförsörjning/validering", "--format", "json", "--db", db)
    assert r.exit_code == 0, r.output
    data = json.loads(r.output)
    assert data["query"] == "kompetensförsörjning/validering"
    assert (data["count"], data["total"], data["phrase"], data["cases"]) == (13, 21, "13 regioner", FN195)
    assert data["footnote"] == ", ".join(FN195) + "."
    both = json.loads(run("query", "samverkan", "validering AND samverkan", "--format", "json", "--db", db).output)
    assert [d["cases"] for d in both] == [["Dalarna", "Gävleborg"], ["Dalarna", "Gävleborg"]]


def test_query_text_md_csv_and_en(db):
    r = run("query", "validering", "--coder", "anna", "--db", db)
    assert r.exit_code == 0 and "Sju regioner" in r.flat and "Norrbotten, Sörmland" in r.flat
    assert "13 regions" in run("query", "validering", "--lang", "en", "--db", db).output
    md = run("query", "validering", "--format", "md", "--db", db).output
    assert "13 regioner[^1]" in md and "[^1]: Blekinge, Dalarna" in md
    csv_out = run("query", "validering", "--format", "csv", "--db", db).output
    assert csv_out.splitlines()[0] == "number,query,count,total,phrase,cases,footnote,coders"
    ev = run("query", "samverkan", "--evidence", "--db", db).flat
    assert "Dalarna" in ev and "p. 47" in ev


def test_query_errors(db):
    r = run("query", "kompetensförsörjning/validering AND )", "--db", db)
    assert r.exit_code == 2 and "expected a code path at position 37" in r.flat
    r = run("query", "validerng", "--db", db)
    assert r.exit_code == 2 and "did you mean" in r.flat
    r = run("query", "validering", "--format", "xml", "--db", db)
    assert r.exit_code == 2 and "unknown format 'xml'" in r.flat
    r = run("query", "validering", "--consensus", "--db", db)
    assert r.exit_code == 2 and "no consensus coding yet" in r.flat


def test_matrix(db):
    r = run("matrix", "kompetensförsörjning", "--db", db)
    assert r.exit_code == 0, r.output
    assert "validering" in r.flat and "utmaningar" in r.flat and "Blek" in r.flat
    grid = json.loads(run("matrix", "--json", "--db", db).output)
    row = grid["codes"].index("kompetensförsörjning/validering")
    assert sum(grid["cells"][row]) == 14  # Norrbotten coded by both coders


def test_export_footnotes(db, tmp_path):
    out = tmp_path / "claims.xlsx"
    r = run("export", "footnotes", "kompetensförsörjning", "--format", "xlsx", "-o", out, "--db", db)
    assert r.exit_code == 0 and "Wrote 3 claims" in r.flat and out.exists()
    out = tmp_path / "claims.json"
    run("export", "footnotes", "-o", out, "--db", db)
    records = json.loads(out.read_text(encoding="utf-8"))
    assert [r["number"] for r in records] == [1, 2, 3, 4, 5]


def test_footnote_form(db):
    everyone = "kompetensförsörjning OR NOT kompetensförsörjning"
    r = run("query", everyone, "--format", "json", "--db", db)
    assert json.loads(r.output)["footnote"] == "Samtliga regioner."
    listed = json.loads(run("query", everyone, "--footnote-form", "list", "--format", "json", "--db", db).output)
    assert listed["footnote"].startswith("Blekinge, Dalarna, Gotland, Gävleborg") and listed["footnote"].endswith("Örebro, Östergötland.")
    some = json.loads(run("query", "validering", "--footnote-form", "complement", "--format", "json", "--db", db).output)
    assert some["footnote"] == "Samtliga regioner utom Gotland, Jönköping, Kalmar, Skåne, Stockholm, Västerbotten, Västmanland, Östergötland."
    r = run("query", "validering", "--footnote-form", "both", "--db", db)
    assert r.exit_code == 2 and "unknown footnote form 'both'" in r.flat


@pytest.fixture
def blind_db(db):
    from workbench.core.agreement.adjudication import add_reviewer
    from workbench.core.agreement.blind import set_blind

    store = open_store(db)
    add_reviewer(store, "rita")
    set_blind(store, True, reviewer="rita")
    store.close()
    return db


def test_blind_mode_in_query_matrix_and_export(blind_db, tmp_path):
    refused = run("query", "validering", "--db", blind_db)
    assert refused.exit_code == 2 and refused.output.strip().splitlines() == [
        "error: the project is blind - name yourself with --coder NAME, or a reviewer with --reviewer NAME"]
    assert run("matrix", "--db", blind_db).exit_code == 2
    assert run("query", "validering", "--coder", "anna", "--coder", "bertil", "--db", blind_db).exit_code == 2
    anna = json.loads(run("query", "validering", "--coder", "anna", "--format", "json", "--db", blind_db).output)
    assert anna["cases"] == FN195[6:] and anna["coders"] == "anna"
    rita = json.loads(run("query", "validering", "--reviewer", "rita", "--format", "json", "--db", blind_db).output)
    assert rita["cases"] == FN195 and rita["coders"] == "all"
    posing = run("query", "validering", "--reviewer", "anna", "--db", blind_db)
    assert posing.exit_code == 2 and "not a reviewer" in posing.output
    grid = json.loads(run("matrix", "kompetensförsörjning", "--coder", "bertil", "--json", "--db", blind_db).output)
    assert grid["coders"] == "bertil" and sum(grid["cells"][grid["codes"].index("kompetensförsörjning")]) == 7
    out = tmp_path / "anna.md"
    assert run("export", "footnotes", "-o", out, "--db", blind_db).exit_code == 2 and not out.exists()
    r = run("export", "footnotes", "-o", out, "--coder", "anna", "--db", blind_db)
    assert r.exit_code == 0 and "coders: anna" in r.flat
    text = out.read_text(encoding="utf-8")
    assert text.startswith("coders: anna\n") and "Sju regioner" in text and "Blekinge" not in text


def test_consensus_without_adjudication_points_to_adjudicate(db):
    r = run("query", "validering", "--consensus", "--db", db)
    assert r.exit_code == 2 and "workbench adjudicate" in r.flat
