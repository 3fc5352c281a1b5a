"""`workbench tui`: opens the app on the project, or says in one line why it cannot."""

from __future__ import annotations

from typer.testing import CliRunner

from workbench.cli import app


def test_tui_without_a_project_says_so_in_one_line(tmp_path):
    result = CliRunner().invoke(app, ["tui", "--db", str(tmp_path / "nothing.db")])
    assert result.exit_code == 2
    assert "no project database at" in result.output
    assert "Traceback" not in result.output


def test_tui_opens_the_app_on_the_project(report_project_db, monkeypatch):
    calls = []
    import workbench.tui.app as tui_app

    monkeypatch.setattr(tui_app, "run_app", lambda url, coder=None: calls.append((url, coder)))
    result = CliRunner().invoke(app, ["tui", "--db", str(report_project_db), "--coder", "anna"])
    assert result.exit_code == 0, result.output
    assert calls == [(str(report_project_db), "anna")]
