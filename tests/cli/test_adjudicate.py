"""`workbench reviewer`, `adjudicate` and `blind` on the report coded by anna and bo."""

from __future__ import annotations

import csv
import io

from typer.testing import CliRunner

from tests.core.agreement.conftest import project, project_template  # noqa: F401 - fixtures
from workbench.cli import app

runner = CliRunner()


def run(*args):
    return runner.invoke(app, list(args), env={"COLUMNS": "200"})


def test_settle_into_consensus_then_compare(project, tmp_path):  # noqa: F811
    db = str(tmp_path / "project.db")
    assert run("reviewer", "rita", "--db", db).exit_code == 0
    started = run("adjudicate", "--reviewer", "rita", "--start", "--db", db)
    assert "4 agreed coding(s) copied" in started.stdout
    took = run("adjudicate", "--reviewer", "rita", "--code", "utmaningar", "--case", "Örebro", "--take", "anna",
               "--reason", "fotnot 195", "--db", db)
    assert took.exit_code == 0, took.output
    assert "+Örebro" in took.stdout and "take anna - fotnot 195" in took.stdout
    assert run("adjudicate", "--reviewer", "rita", "--code", "utmaningar", "--case", "Stockholm", "--neither",
               "--reason", "inte i fotnoten", "--db", db).exit_code == 0
    listed = run("adjudicate", "--reviewer", "rita", "--list", "--db", db)
    assert "case Örebro: take anna - fotnot 195" in listed.stdout
    compared = run("agreement", "--db", db, "--coders", "anna,consensus", "--code", "utmaningar", "--format", "csv")
    (row,) = list(csv.DictReader(io.StringIO(compared.stdout)))
    assert float(row["percent"]) == 1.0


def test_refusals_are_one_line(project, tmp_path):  # noqa: F811
    db = str(tmp_path / "project.db")
    run("reviewer", "rita", "--db", db)
    no_reason = run("adjudicate", "--reviewer", "rita", "--code", "utmaningar", "--case", "Örebro", "--both", "--db", db)
    assert no_reason.exit_code == 2 and "a reason is required" in no_reason.output
    two = run("adjudicate", "--reviewer", "rita", "--code", "utmaningar", "--case", "Örebro", "--both", "--neither",
              "--reason", "x", "--db", db)
    assert two.exit_code == 2 and "choose one decision" in two.output
    coder = run("adjudicate", "--reviewer", "anna", "--code", "utmaningar", "--case", "Örebro", "--both",
                "--reason", "x", "--db", db)
    assert coder.exit_code == 2 and "'anna' is a coder, not a reviewer" in coder.output


def test_blind_mode_hides_comparison_from_non_reviewers(project, tmp_path):  # noqa: F811
    db = str(tmp_path / "project.db")
    run("reviewer", "rita", "--db", db)
    assert "Blind coding is off" in run("blind", "--db", db).stdout
    assert run("blind", "on", "--db", db).exit_code == 2
    on = run("blind", "on", "--reviewer", "rita", "--db", db)
    assert "Blind coding is on" in on.stdout and "by rita" in on.stdout
    refused = run("agreement", "--db", db)
    assert refused.exit_code == 2 and "the project is blind" in refused.output
    assert run("disagreements", "--db", db).exit_code == 2
    assert run("agreement", "--db", db, "--reviewer", "rita").exit_code == 0
    assert run("blind", "off", "--reviewer", "bo", "--db", db).exit_code == 2
    assert "off" in run("blind", "off", "--reviewer", "rita", "--db", db).stdout
    assert run("agreement", "--db", db).exit_code == 0
