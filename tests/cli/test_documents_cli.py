"""workbench import / documents / passages / show / search through Typer's CliRunner."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from workbench.cli import app

from ..conftest import REPORT

runner = CliRunner()


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("cli") / "project.db"
    result = runner.invoke(app, ["import", str(REPORT), "--db", str(path)])
    assert result.exit_code == 0, result.output
    return str(path)


def test_import_prints_a_summary_and_the_problems(tmp_path):
    path = tmp_path / "p.db"
    result = runner.invoke(app, ["import", str(REPORT), "--db", str(path)])
    assert result.exit_code == 0
    assert "Imported regionalt-tillvaxtarbete-2020 (report-text) as document 1" in result.output
    assert "footnote 455" in result.output and "footnote 456" in result.output
    again = runner.invoke(app, ["import", str(REPORT), "--db", str(path)])
    assert again.exit_code == 0 and "Unchanged" in again.output and "nothing imported" in again.output


def test_import_refuses_bad_input_with_one_line_and_exit_2(tmp_path):
    bad = tmp_path / "bild.txt"
    bad.write_bytes(b"\x00\x01binary")
    result = runner.invoke(app, ["import", str(bad), "--db", str(tmp_path / "p.db")])
    assert result.exit_code == 2
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and "bild.txt is a binary file" in lines[0]
    assert "Traceback" not in result.output


def test_import_json_and_case(tmp_path):
    md = tmp_path / "skane.md"
    md.write_text("# Inledning\n\nRegion Skåne arbetar med validering.\n", encoding="utf-8")
    result = runner.invoke(app, ["import", str(md), "--db", str(tmp_path / "p.db"), "--json"])
    assert result.exit_code == 0
    [entry] = json.loads(result.output)
    assert entry["created"] is True and entry["passages"] == 1 and entry["format"] == "md"


def test_documents_lists_the_report_with_its_missing_footnotes(db):
    result = runner.invoke(app, ["documents", "--db", db, "--json"])
    assert result.exit_code == 0
    [doc] = json.loads(result.output)
    assert doc["format"] == "report-text" and doc["missing_footnotes"] == [455, 456]
    assert doc["footnotes"] == 480
    table = runner.invoke(app, ["documents", "--db", db])
    assert "report-text" in table.output


def test_search_finds_the_validation_passage_first(db):
    result = runner.invoke(app, ["search", "13 regioner lyfter utmaningar i arbetet med validering", "--db", db, "--json", "--limit", "3"])
    assert result.exit_code == 0
    hits = json.loads(result.output)
    assert len(hits) == 3
    assert hits[0]["exact"] and hits[0]["text"].startswith("13 regioner lyfter utmaningar")
    assert hits[0]["page_label"] == "76" and hits[0]["section"] == "Utmaningar"
    typo = json.loads(runner.invoke(app, ["search", "regionerna saknar statlig styrnig", "--db", db, "--json"]).output)
    assert typo[0]["passage_id"] == hits[0]["passage_id"] and not typo[0]["exact"] and typo[0]["score"] > 90


def test_search_words_in_any_order_find_the_passage_that_has_them_all(db, report_text):
    """A coder types the code's words; the report's sentence has them in another order, far apart."""
    sentence = next(line for line in report_text.splitlines() if line.startswith("13 regioner195 lyfter utmaningar i arbetet med validering"))
    assert "validering utmaningar" not in sentence.lower()
    hits = json.loads(runner.invoke(app, ["search", "validering utmaningar", "--db", db, "--json", "--limit", "5"]).output)
    assert hits[0]["text"].startswith("13 regioner lyfter utmaningar i arbetet med validering")
    every = [h for h in hits if 90 <= h["score"] < 100]
    assert every and all("validering" in h["text"].lower() and "utmaningar" in h["text"].lower() for h in every)
    assert all(not h["exact"] for h in hits)


def test_show_gives_text_footnotes_and_recognised_cases(db):
    hit = json.loads(runner.invoke(app, ["search", "13 regioner lyfter utmaningar", "--db", db, "--json", "--limit", "1"]).output)[0]
    assert hit["number"] == 510  # the reader's "passage 510/1244"
    result = runner.invoke(app, ["show", str(hit["number"]), "--db", db, "--json"])
    assert result.exit_code == 0
    view = json.loads(result.output)
    assert view["page_label"] == "76" and view["section_title"] == "Utmaningar"
    [note] = view["footnotes"]
    assert note["number"] == 195 and note["text"].startswith("Blekinge, Dalarna, Gävleborg")
    rich = runner.invoke(app, ["show", str(hit["number"]), "--db", db])
    assert "passage 510 (paragraph)" in rich.output and "[195]" in rich.output and "195 Blekinge" in rich.output and "page 76" in rich.output


def test_show_unknown_passage_is_one_line(db):
    result = runner.invoke(app, ["show", "999999", "--db", db])
    assert result.exit_code == 2 and "has no passage 999999 (it has passages 1-1244)" in " ".join(result.output.split())


def test_passages_lists_numbers_pages_and_footnotes(db):
    result = runner.invoke(app, ["passages", "1", "--db", db, "--json"])
    rows = json.loads(result.output)
    assert any(195 in r["footnotes"] and r["page_label"] == "76" for r in rows)
    table = " ".join(runner.invoke(app, ["passages", "1", "--db", db]).output.split())
    assert "│ passage │" in table.replace("┃", "│") or "passage" in table.split("page")[0]
    assert "│ 510 │ 76 │ paragraph │ 13 regioner lyfter" in table


def test_browse_without_a_project_says_how_to_start(tmp_path):
    result = runner.invoke(app, ["documents", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 2 and "workbench import FILE" in result.output


def test_import_case_is_resolved_without_guessing(tmp_path):
    md = tmp_path / "vastmanland.md"
    md.write_text("Vi arbetar med validering.\n", encoding="utf-8")
    db = str(tmp_path / "p.db")
    typo = runner.invoke(app, ["import", str(md), "--case", "Västermanland", "--db", db])
    assert typo.exit_code == 2
    assert [line for line in typo.output.splitlines() if line.strip()] == [
        "error: unknown region 'Västermanland' - did you mean Västmanland?"
    ]
    assert runner.invoke(app, ["import", str(md), "--case", "Region Västmanland", "--db", db]).exit_code == 0
    [doc] = json.loads(runner.invoke(app, ["documents", "--db", db, "--json"]).output)
    assert doc["case"] == "Västmanland"
    other = runner.invoke(app, ["import", str(md), "--case", "Skåne", "--db", db])
    assert "--case Skåne was not applied" in other.output and "belonging to Västmanland" in other.output


def test_show_in_a_blind_project_shows_a_coder_only_their_own_codings(tmp_path):
    from tests.core.coding_world import build_world
    from workbench.core.agreement.adjudication import add_reviewer
    from workbench.core.agreement.blind import set_blind
    from workbench.core.coding import add_coding
    from workbench.core.db import open_store

    path = str(tmp_path / "p.db")
    store = open_store(path)
    world = build_world(store)
    passage = world["passages"][0]
    where = ["1", "--document", str(world["documents"]["Regionalt tillväxtarbete 2020"])]
    add_coding(store, passage_id=passage, code="kompetensförsörjning/validering/utmaningar", coder="anna", cases=["Dalarna"])
    add_coding(store, passage_id=passage, code="samverkan/kommuner", coder="bertil", cases=["Gotland"])
    add_reviewer(store, "rita")
    set_blind(store, True, reviewer="rita")
    store.close()

    refused = runner.invoke(app, ["show", *where, "--db", path])
    assert refused.exit_code == 2 and len(refused.output.strip().splitlines()) == 1 and "--coder" in refused.output
    own = json.loads(runner.invoke(app, ["show", *where, "--db", path, "--coder", "anna", "--json"]).output)
    assert [(c["coder"], c["code_path"]) for c in own["codings"]] == [("anna", "kompetensförsörjning/validering/utmaningar")]
    everyone = json.loads(runner.invoke(app, ["show", *where, "--db", path, "--reviewer", "rita", "--json"]).output)
    assert sorted(c["coder"] for c in everyone["codings"]) == ["anna", "bertil"]
