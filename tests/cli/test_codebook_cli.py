"""workbench codebook show / validate / load through Typer's CliRunner."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from workbench.cli import app

runner = CliRunner()
SMALL = Path(__file__).resolve().parents[1] / "core" / "fixtures" / "codebook-small.yaml"


def test_validate_ok_is_one_line():
    result = runner.invoke(app, ["codebook", "validate", str(SMALL)])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == f"OK {SMALL}: codebook 'test-tillvaxt', 8 codes (2 top-level, 4 leaves, 3 levels)"


def test_validate_lists_every_error_and_exits_2(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: bad\ncodes:\n  - name: a\n    colour: red\n  - name: a\n  - description: x\n", encoding="utf-8")
    result = runner.invoke(app, ["codebook", "validate", str(bad)])
    assert result.exit_code == 2
    lines = result.output.splitlines()
    assert f"{bad}:4: colour 'red' is not a #rrggbb colour - write e.g. \"#2a9d8f\"" in lines
    assert f"{bad}:5: duplicate code path 'a' (first on line 3) - rename one of them" in lines
    assert f"{bad}:6: a code has no 'name' - every code needs one" in lines
    assert "3 errors in" in result.output
    missing = runner.invoke(app, ["codebook", "validate", str(tmp_path / "nope.yaml")])
    assert missing.exit_code == 2 and "no such file" in missing.output


def test_show_file_as_tree_and_json():
    result = runner.invoke(app, ["codebook", "show", str(SMALL)])
    assert result.exit_code == 0, result.output
    assert "kompetensförsörjning" in result.output and "Utmaningar i arbetet med yrkesvux." in result.output
    data = json.loads(runner.invoke(app, ["codebook", "show", str(SMALL), "--json"]).output)
    assert data["name"] == "test-tillvaxt"
    validering = data["codes"][0]["children"][0]
    assert validering["path"] == "kompetensförsörjning/validering" and validering["children"][0]["name"] == "utmaningar"


def test_load_then_show_by_name(tmp_path):
    db = str(tmp_path / "p.db")
    result = runner.invoke(app, ["codebook", "load", str(SMALL), "--db", db])
    assert result.exit_code == 0, result.output
    assert "Loaded codebook test-tillvaxt: 8 codes." in result.output
    again = runner.invoke(app, ["codebook", "load", str(SMALL), "--db", db, "--json"])
    assert json.loads(again.output) == {"name": "test-tillvaxt", "codes": 8}
    shown = json.loads(runner.invoke(app, ["codebook", "show", "test-tillvaxt", "--db", db, "--json"]).output)
    assert [c["path"] for c in shown["codes"]] == ["kompetensförsörjning", "hållbarhet"]
    listed = runner.invoke(app, ["codebook", "list", "--db", db])
    assert "hållbarhet/Agenda 2030" in listed.output
    unknown = runner.invoke(app, ["codebook", "show", "nope", "--db", db])
    assert unknown.exit_code == 2 and "no codebook 'nope' in this project" in unknown.output


def test_list_marks_the_codes_that_count_another_case_set(tmp_path):
    """The 2020 codebook's codes about the county administrative boards count länsstyrelser; the list says so."""
    db = str(tmp_path / "p.db")
    book = Path(__file__).resolve().parents[2] / "codebooks" / "regional-tillvaxt-2020.yaml"
    assert runner.invoke(app, ["codebook", "load", str(book), "--db", db]).exit_code == 0
    lines = [" ".join(line.split()) for line in runner.invoke(app, ["codebook", "list", "--db", db]).output.splitlines()]
    marked = [line.split(" ", 1)[1] for line in lines if line.endswith("(länsstyrelser)")]
    assert len(marked) == 15 and "anslag 1:1/länsstyrelserna (länsstyrelser)" in marked
    assert any(line.endswith(" anslag 1:1") for line in lines)  # a regions code: unmarked
    listed = json.loads(runner.invoke(app, ["codebook", "list", "--db", db, "--json"]).output)
    assert sum(c["case_set"] == "länsstyrelser" for c in listed) == 15
