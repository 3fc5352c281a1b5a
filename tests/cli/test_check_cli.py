"""workbench check through Typer's CliRunner: formats and exit status."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from workbench.cli import app

from ..conftest import REPORT

runner = CliRunner()


@pytest.fixture(scope="module")
def records():
    result = runner.invoke(app, ["check", str(REPORT), "--format", "json"])
    assert result.exit_code == 1, result.output  # the report has count errors
    return json.loads(result.stdout)


def test_json_lists_claims_with_the_agreed_fields(records):
    claims = [r for r in records if r["kind"] == "claim"]
    for record in claims:
        for key in ("footnote", "page", "line", "sentence", "claimed", "listed", "cases", "verdict", "warnings", "fix"):
            assert key in record
        assert record["verdict"] in ("consistent", "count_mismatch", "out_of_range", "footnote_missing", "unreadable")
    r122 = next(r for r in claims if r["footnote"] == 122)
    assert (r122["claimed"], r122["listed"], r122["verdict"], r122["page"], r122["line"]) == (10, 9, "count_mismatch", "58", 2683)
    assert r122["fix"].startswith("write 'nio regioner'")
    assert "tio regioner" in r122["sentence"]
    r127 = next(r for r in claims if r["footnote"] == 127)
    assert r127["claimed"] == [10, 11] and r127["verdict"] == "out_of_range"
    assert {"kind": "duplicate", "detail": "Värmland is listed twice"} in r127["warnings"]
    r195 = next(r for r in claims if r["footnote"] == 195)
    assert (r195["verdict"], r195["listed"], r195["warnings"]) == ("consistent", 13, [])
    loose = {r["footnote"]: r for r in records if r["kind"] == "footnote"}
    assert loose[46]["fix"] == "footnote 46: Sörmland, 2021." and loose[46]["verdict"] is None


def test_text_report_groups_by_chapter_and_ends_with_the_summary():
    result = runner.invoke(app, ["check", str(REPORT)], env={"COLUMNS": "200"})
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert "mismatches (10 counts, 3 proportions)" in lines[-1]
    assert "3 Sammanställning återrapportering 1" in result.output
    assert "write 'nio regioner'" in result.output


def test_markdown_report(tmp_path):
    result = runner.invoke(app, ["check", str(REPORT), "--format", "md"])
    assert result.exit_code == 1
    assert result.output.startswith("# Claim check: regionalt-tillvaxtarbete-2020")
    assert "| 122 | 58 | 2683 | tio regioner | **count_mismatch**" in result.output


def test_exit_status_0_for_a_consistent_draft_and_2_for_unusable_input(tmp_path):
    draft = tmp_path / "utkast.md"
    draft.write_text(
        "Tre regioner[^1] lyfter utmaningar.\n\n[^1]: Blekinge, Dalarna, Gotland.\n", encoding="utf-8"
    )
    result = runner.invoke(app, ["check", str(draft), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert [r["verdict"] for r in json.loads(result.stdout)] == ["consistent"]
    missing = runner.invoke(app, ["check", str(tmp_path / "saknas.txt")])
    assert missing.exit_code == 2
    assert len([line for line in missing.output.splitlines() if line.strip()]) == 1
    empty = tmp_path / "tom.docx"
    empty.write_bytes(b"")
    assert runner.invoke(app, ["check", str(empty)]).exit_code == 2
    nodb = runner.invoke(app, ["check", str(draft), "--db", str(tmp_path / "ingen.db")])
    assert nodb.exit_code == 2 and "no project database" in nodb.output
