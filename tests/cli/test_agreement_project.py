"""`workbench agreement` and `workbench disagreements` over a project database."""

from __future__ import annotations

import csv
import io
import json

import pytest
from typer.testing import CliRunner

from tests.core.agreement.conftest import project, project_template  # noqa: F401 - fixtures: the report coded by anna and bo
from workbench.cli import app

runner = CliRunner()


@pytest.fixture
def db(project, tmp_path):
    store, passages = project
    return str(tmp_path / "project.db"), passages


def test_case_level_json(db):
    path, _ = db
    result = runner.invoke(app, ["agreement", "--db", path, "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["level"] == "case" and data["coders"] == ["anna", "bo"]
    entry = next(e for e in data["entries"] if e["code"] == "kompetensförsörjning/validering/utmaningar")
    assert entry["n_units"] == 21 and entry["n_coders"] == 2
    assert entry["percent"] == pytest.approx(19 / 21)
    for name in ("cohen_kappa", "fleiss_kappa", "krippendorff_alpha", "gwet_ac1", "brennan_prediger"):
        assert 0 < entry[name] < 1
    assert data["pooled"]["n_units"] == 42 and data["mean"] is not None


def test_passage_level_csv_and_code_filter(db):
    path, _ = db
    result = runner.invoke(app, ["agreement", "--db", path, "--level", "passage", "--code", "utbildning", "--format", "csv"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["code"] for r in rows] == ["kompetensförsörjning/utbildning"]


def test_span_level_text_lists_unmatched_segments(db):
    path, p = db
    result = runner.invoke(app, ["agreement", "--db", path, "--level", "span", "--code", "utmaningar"],
                           env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "Segment matching" in result.stdout
    from workbench.core.db import open_store
    from workbench.core.documents import list_documents, list_passages

    store = open_store(path, create=False)
    try:
        (doc,) = list_documents(store)
        number = next(i + 1 for i, x in enumerate(list_passages(store, doc.id)) if x.id == p["utmaningar"])
    finally:
        store.close()
    assert f"passage {number} " in result.stdout  # the reader's number, not the database id


def test_unknown_coder_is_one_line(db):
    path, _ = db
    result = runner.invoke(app, ["agreement", "--db", path, "--coders", "anna,bob"])
    assert result.exit_code == 2
    assert "unknown coder 'bob' - did you mean bo?" in result.output


def test_disagreements_command(db):
    path, p = db
    result = runner.invoke(app, ["disagreements", "--db", path, "--code", "utmaningar"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "Stockholm" in result.stdout and "Örebro" in result.stdout
    assert "fotnot 195" in result.stdout
    data = json.loads(runner.invoke(app, ["disagreements", "--db", path, "--format", "json"]).stdout)
    codes = [c["code"] for c in data["codes"]]
    assert codes == ["kompetensförsörjning/utbildning", "kompetensförsörjning/validering/utmaningar"]


def test_text_names_the_part_every_coder_read(db):
    """anna and bo read chapter 3 (3.1.4's bullets, 3.4.4's footnote 195); a third coder only 3.4.4."""
    from workbench.core.coding import add_coding
    from workbench.core.db import open_store

    path, p = db
    result = runner.invoke(app, ["agreement", "--db", path], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "--section 3 compares the part they all read" in result.output
    store = open_store(path, create=False)
    add_coding(store, passage_id=p["utmaningar"], code="kompetensförsörjning/validering/utmaningar", coder="cecilia",
               cases=["Örebro"])
    store.close()
    result = runner.invoke(app, ["agreement", "--db", path], env={"COLUMNS": "200"})
    assert "coded only in section 3.4.4 Validering – Insatser och utmaningar: --section 3.4.4" in result.output
    scoped = runner.invoke(app, ["agreement", "--db", path, "--section", "3.4.4"], env={"COLUMNS": "200"})
    assert scoped.exit_code == 0 and "compares the part they all read" not in scoped.output
    assert "compares the part" not in runner.invoke(app, ["agreement", "--db", path, "--format", "json"]).stdout
