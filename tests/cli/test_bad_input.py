"""Bad input through the real CLI: one line naming the value and a fix, exit 2, no traceback, nothing written.

Each test here is a regression test for a crash found by trying the commands
the way a hurried user does (wrong --db file, names with brackets, a locked
project).
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys

import pytest
import typer
from typer.testing import CliRunner

from workbench.cli import app

from ..conftest import REPORT

runner = CliRunner()


def _lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


def _dump(path) -> str:
    conn = sqlite3.connect(path)
    try:
        return "\n".join(conn.iterdump())
    finally:
        conn.close()


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    path = tmp_path_factory.mktemp("bad") / "project.db"
    result = runner.invoke(app, ["import", str(REPORT), "--db", str(path)])
    assert result.exit_code == 0, result.output
    return path


@pytest.mark.parametrize("command", [["documents"], ["query", "kompetensförsörjning"], ["show", "1"], ["history"]])
def test_a_file_that_is_not_sqlite_is_one_line_not_a_traceback(tmp_path, command):
    garbage = tmp_path / "notes.db"
    garbage.write_text("these are my notes, not a database\n" * 20, encoding="utf-8")
    result = runner.invoke(app, [*command, "--db", str(garbage)])
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    lines = _lines(result.output)
    assert len(lines) == 1, result.output
    assert "notes.db is not a workbench project" in lines[0] and "--db" in lines[0]
    assert garbage.read_text(encoding="utf-8").startswith("these are my notes")


def test_the_installed_entry_point_has_the_same_safety_net(tmp_path):
    """`python -m workbench` goes through cli.main, which catches what a command did not."""
    garbage = tmp_path / "other.db"
    garbage.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 200)
    done = subprocess.run(
        [sys.executable, "-m", "workbench", "documents", "--db", str(garbage)],
        capture_output=True, text=True, timeout=60,
    )
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    assert _lines(done.stderr) == [f"error: {garbage} is not a workbench project (not an SQLite database) - pass another --db or move the file away"]


def test_a_locked_project_is_one_line_naming_the_file(tmp_path):
    """What SQLite raises while the TUI holds the write lock ("database is locked") becomes the one line."""
    from sqlalchemy.exc import OperationalError

    from workbench.commands._common import open_project, user_errors

    probe = typer.Typer()

    @probe.command()
    def write(db: str = "x.db") -> None:
        with user_errors():
            open_project(db)
            raise OperationalError("UPDATE case_set SET ...", {}, sqlite3.OperationalError("database is locked"))

    @probe.command()
    def other() -> None:
        pass

    result = runner.invoke(probe, ["write", "--db", str(tmp_path / "team.db")])
    assert result.exit_code == 2
    assert _lines(result.output) == [
        f"error: {tmp_path / 'team.db'} is busy: another workbench (the TUI, an import) is writing to it"
        " - wait for it to finish or close it, then try again"
    ]


def test_a_real_lock_held_by_another_process_writes_nothing(project, tmp_path):
    """An import while another connection holds the write lock: exit 2, one line, project unchanged."""
    before = _dump(project)
    holder = sqlite3.connect(project, isolation_level=None, timeout=0.1)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        other = tmp_path / "kort.md"
        other.write_text("# Kort\n\nSkåne och Halland nämns.\n", encoding="utf-8")
        result = runner.invoke(app, ["import", str(other), "--db", str(project)])
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert result.exit_code == 2, result.output
    assert "is busy" in _lines(result.output)[-1]
    assert _dump(project) == before


def test_a_name_with_square_brackets_is_printed_not_read_as_markup(project):
    """Rich used to read '[/x]' in an error message as a closing tag and crash with MarkupError."""
    result = runner.invoke(app, ["cases", "resolve", "[/x]", "Skåne", "--db", str(project)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "[/x]: unknown region '[/x]'" in result.output
    assert "Skåne -> Skåne exact" in result.output


def test_an_unknown_code_with_brackets_is_one_line(project):
    result = runner.invoke(app, ["query", "kompetens[/]x", "--db", str(project)])
    assert result.exit_code == 2, result.output
    lines = _lines(result.output)
    assert len(lines) == 1 and "unknown code 'kompetens[/]x'" in lines[0]


def test_brackets_in_titles_and_passages_are_shown_as_written(tmp_path):
    """A Markdown file named '[utkast] ...' with '[/i]' in its text: import, documents and passages print them."""
    md = tmp_path / "[utkast] region.md"
    md.write_text("# Rubrik\n\nI texten står [/i] och [bold] om Skåne.\n", encoding="utf-8")
    db = str(tmp_path / "p.db")
    imported = runner.invoke(app, ["import", str(md), "--db", db])
    assert imported.exit_code == 0, imported.output
    assert "Imported [utkast] region (md)" in imported.output
    listed = runner.invoke(app, ["documents", "--db", db])
    assert "[utkast] region" in listed.output
    passages = runner.invoke(app, ["passages", "1", "--db", db])
    assert passages.exit_code == 0, passages.output
    assert "[/i] och [bold] om Skåne" in " ".join(passages.output.split())


def test_unknown_reviewer_error_names_a_command_that_exists(tmp_path):
    """The fix the error suggests must itself run."""
    from typer.testing import CliRunner

    from workbench.cli import app

    from workbench.core.db import open_store

    db = str(tmp_path / "p.db")
    open_store(db).close()
    runner = CliRunner()
    refused = runner.invoke(app, ["adjudicate", "--reviewer", "rita", "--code", "x", "--case", "Skåne",
                                  "--take", "anna", "--reason", "r", "--db", db])
    assert refused.exit_code == 2
    suggested = refused.output.split("'workbench ")[1].split("'")[0].replace("NAME", "rita").split()
    assert runner.invoke(app, [*suggested, "--db", db]).exit_code == 0
