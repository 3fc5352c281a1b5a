"""One passage numbering for people: `disagreements` shows and `adjudicate --passage` takes
"passage N" of a document, the number the TUI's reader shows (its rows counted from 1),
never a database id. The report is imported second here, so its ids and numbers differ."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from tests.core.agreement.conftest import UTBILDNING, build_project
from workbench.cli import app

runner = CliRunner()


def run(*args):
    return runner.invoke(app, list(args), env={"COLUMNS": "200"})


@pytest.fixture
def two_documents(tmp_path):
    """A short note imported first, then the report coded by anna and bo; (db, passages by name, report id)."""
    from workbench.core.db import open_store
    from workbench.core.importing.writer import import_file

    note = tmp_path / "anteckning.txt"
    note.write_text("Anteckning\n\nFörsta stycket om validering i Blekinge.\n\nAndra stycket.\n", encoding="utf-8")
    store = open_store(str(tmp_path / "project.db"))
    try:
        import_file(store, note)
        passages = build_project(store)
        from workbench.core.documents import list_documents

        report = next(d.id for d in list_documents(store) if d.id != 1)
        shown = _reader_numbers(store, report)
    finally:
        store.close()
    return str(tmp_path / "project.db"), passages, report, shown


def _reader_numbers(store, document_id: int) -> dict[int, int]:
    """passage id -> the reader's "passage N": its row index in the document plus one."""
    from workbench.core.documents import list_passages

    return {p.id: i + 1 for i, p in enumerate(list_passages(store, document_id))}


def test_disagreements_show_the_readers_number(two_documents):
    db, p, _report, shown = two_documents
    data = json.loads(run("disagreements", "--db", db, "--code", "utbildning", "--format", "json").stdout)
    (item,) = data["codes"]
    numbers = [x["passage"] for x in item["passages"]]
    assert numbers == [shown[p["örebro"]], shown[p["örebro2"]]]
    assert shown[p["örebro"]] != p["örebro"]  # the id is not what people see
    assert all("passage_id" not in x for x in item["passages"])
    text = run("disagreements", "--db", db, "--code", "utbildning").stdout
    assert f"passage {shown[p['örebro']]} (coded by some)" in text
    assert f"p{shown[p['örebro']]} (Örebro)" in text  # the evidence line of anna's coding


def test_adjudicate_takes_the_number_and_the_document(two_documents):
    from sqlalchemy import text

    from workbench.core.db import open_store

    db, p, report, shown = two_documents
    number = shown[p["örebro"]]
    assert run("reviewer", "rita", "--db", db).exit_code == 0
    ambiguous = run("adjudicate", "--reviewer", "rita", "--db", db, "--code", UTBILDNING, "--passage", str(number),
                    "--take", "anna", "--reason", "kartläggning")
    assert ambiguous.exit_code == 2
    assert f"passage {number}: the project has 2 documents - add --document ID" in ambiguous.output
    beyond = run("adjudicate", "--reviewer", "rita", "--db", db, "--code", UTBILDNING, "--passage", "99999",
                 "--document", str(report), "--take", "anna", "--reason", "x")
    assert beyond.exit_code == 2 and "has no passage 99999" in beyond.output
    took = run("adjudicate", "--reviewer", "rita", "--db", db, "--code", UTBILDNING, "--passage", str(number),
               "--document", str(report), "--take", "anna", "--reason", "utbildningswebb")
    assert took.exit_code == 0, took.output
    assert f"passage {number}: coded with Örebro" in took.stdout
    store = open_store(db, create=False)
    try:
        with store.reading() as conn:
            coded = conn.execute(text(
                "SELECT c.passage_id FROM coding c JOIN coder k ON k.id = c.coder_id WHERE k.name = 'consensus'")).all()
    finally:
        store.close()
    assert [r[0] for r in coded] == [p["örebro"]]
    listed = run("adjudicate", "--reviewer", "rita", "--list", "--db", db).stdout
    assert f"passage {number}: take anna - utbildningswebb" in listed
    again = run("disagreements", "--db", db, "--code", "utbildning", "--coders", "anna,bo").stdout
    assert "settled: take anna: utbildningswebb (rita)" in again
