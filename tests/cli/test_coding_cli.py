"""workbench code / recode / uncode / undo / redo / codings export|import."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from tests.core.coding_world import PASSAGES, build_world
from workbench.cli import app
from workbench.core.db import open_store

runner = CliRunner()


@pytest.fixture
def project(tmp_path):
    path = str(tmp_path / "p.db")
    store = open_store(path)
    ids = build_world(store)
    store.close()
    return path, ids


def at(ids, index: int) -> tuple[str, str, str]:
    """The arguments naming the report's passage ``index`` as people do: its number (seq + 1) and its document."""
    return str(index + 1), "--document", str(ids["documents"]["Regionalt tillväxtarbete 2020"])


def run(*args):
    """Invoke the CLI; ``.flat`` is the output with Rich's line wrapping undone."""
    result = runner.invoke(app, [str(a) for a in args])
    result.flat = " ".join(result.output.split())
    return result


def test_code_then_undo_redo(project):
    db, ids = project
    p = at(ids, 0)
    r = run("code", *p, "kompetensförsörjning/validering", "--cases", "Gävleborg, Blekinge", "--coder", "anna", "--memo", "fn 195", "--db", db)
    assert r.exit_code == 0, r.output
    assert "Added coding 1: passage 1 of document" in r.flat and "Blekinge, Gävleborg" in r.flat
    r = run("code", *p, "samverkan", "--cases", "Dalarna", "--coder", "anna", "--span", "0:11", "--db", db, "--json")
    view = json.loads(r.output)
    assert view["span"] == [0, 11] and view["cases"] == ["Dalarna"]
    assert run("uncode", view["id"], "--coder", "anna", "--db", db).exit_code == 0
    r = run("undo", "--coder", "anna", "--db", db)
    assert r.exit_code == 0 and "Undo: removing coding 2 - now samverkan: Dalarna" in r.flat
    r = run("redo", "--coder", "anna", "--db", db)
    assert r.exit_code == 0 and "it is gone" in r.flat
    r = run("redo", "--coder", "anna", "--db", db)
    assert r.exit_code == 2 and "nothing to redo for coder 'anna'" in r.flat


def test_bad_input_is_one_line_and_exit_2(project):
    db, ids = project
    p = at(ids, 0)
    cases = [
        (("code", *p, "kompetensförsörjning/valdering", "--cases", "Blekinge", "--coder", "anna"), "did you mean kompetensförsörjning/validering"),
        (("code", *p, "samverkan", "--cases", "Blekinge, Västermanland", "--coder", "anna"), "unknown region 'Västermanland' - did you mean Västmanland?"),
        (("code", *p, "samverkan", "--span", "5:900", "--coder", "anna"), "outside passage"),
        (("code", *p, "samverkan", "--span", "5-9", "--coder", "anna"), "not START:END"),
        (("code", 9999, *p[1:], "samverkan", "--coder", "anna"), f"has no passage 9999 (it has passages 1-{len(PASSAGES)})"),
        (("code", 1, "samverkan", "--coder", "anna"), "the project has 2 documents - add --document ID"),
        (("uncode", 77, "--coder", "anna"), "unknown coding 77"),
    ]
    for args, message in cases:
        r = run(*args, "--db", db)
        assert r.exit_code == 2, r.output
        assert message in r.flat, r.output
        assert "Traceback" not in r.flat
    r = run("codings", "export", "-", "--db", db)
    assert r.exit_code == 2


def test_suggestions_are_offered_not_applied(project):
    db, ids = project
    r = run("code", *at(ids, 1), "samverkan/kommuner", "--coder", "anna", "--db", db)
    assert r.exit_code == 0
    assert "no cases" in r.flat and "Dalarna, Gävleborg" in r.flat and "recode 1" in r.flat
    r = run("recode", 1, "--cases", "Dalarna, Gävleborg", "--coder", "anna", "--db", db)
    assert "Updated coding 1" in r.flat and "Dalarna, Gävleborg" in r.flat


@pytest.mark.parametrize("suffix", ["csv", "jsonl"])
def test_codings_export_import_round_trip(project, tmp_path, suffix):
    db, ids = project
    run("code", *at(ids, 0), "kompetensförsörjning/validering", "--cases", "Gävleborg, Blekinge", "--coder", "anna", "--db", db)
    run("code", *at(ids, 2), "samverkan", "--cases", "Örebro", "--coder", "bertil", "--memo", "a, b", "--span", "3:9", "--db", db)
    out = tmp_path / f"c.{suffix}"
    r = run("codings", "export", out, "--db", db)
    assert r.exit_code == 0 and "Wrote 2 codings" in r.flat
    other = str(tmp_path / "other.db")
    s = open_store(other)
    build_world(s)
    s.close()
    r = run("codings", "import", out, "--db", other)
    assert r.exit_code == 0 and "Imported 2 codings" in r.flat, r.output
    out2 = tmp_path / f"d.{suffix}"
    run("codings", "export", out2, "--db", other)
    assert out2.read_text(encoding="utf-8") == out.read_text(encoding="utf-8")
    r = run("codings", "import", out, "--db", other)
    assert "Imported 0 codings" in r.flat and "2 already there" in r.flat


def test_bad_row_names_its_line_and_writes_nothing(project, tmp_path):
    db, _ = project
    bad = tmp_path / "bad.jsonl"
    good = {"coder": "anna", "document": "Regionalt tillväxtarbete 2020", "passage": 1, "span": "", "code": "samverkan", "cases": ["Blekinge"], "memo": ""}
    bad.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in (good, good | {"passage": 2}, good | {"code": "samverkn"})) + "\n", encoding="utf-8")
    r = run("codings", "import", bad, "--db", db)
    assert r.exit_code == 2 and "bad.jsonl:3: unknown code 'samverkn'" in r.flat
    r = run("codings", "export", tmp_path / "after.csv", "--db", db)
    assert "Wrote 0 codings" in r.flat


def test_history_command(project):
    db, ids = project
    run("code", *at(ids, 0), "samverkan", "--cases", "Dalarna", "--coder", "anna", "--db", db)
    run("undo", "--coder", "anna", "--db", db)
    r = run("history", "--coder", "anna", "--db", db)
    assert r.exit_code == 0, r.output
    assert "undo #1" in r.flat and "(undone)" in r.flat and "samverkan: Dalarna" in r.flat


def test_blind_mode_in_history_and_codings_export(project, tmp_path):
    from workbench.core.agreement.adjudication import add_reviewer
    from workbench.core.agreement.blind import set_blind
    from workbench.core.coding import add_coding

    db, ids = project
    store = open_store(db)
    add_coding(store, passage_id=ids["passages"][0], code="samverkan", coder="anna", cases=["Dalarna"])
    add_coding(store, passage_id=ids["passages"][1], code="samverkan", coder="bertil", cases=["Gotland"])
    add_reviewer(store, "rita")
    set_blind(store, True, reviewer="rita")
    store.close()
    out = tmp_path / "c.csv"
    refused = run("codings", "export", out, "--db", db)
    assert refused.exit_code == 2 and "the project is blind" in refused.output and not out.exists()
    assert run("codings", "export", out, "--coder", "anna", "--db", db).exit_code == 0
    assert [line.split(",")[0] for line in out.read_text(encoding="utf-8").splitlines()[1:]] == ["anna"]
    assert run("codings", "export", out, "--reviewer", "rita", "--db", db).exit_code == 0
    assert sorted(line.split(",")[0] for line in out.read_text(encoding="utf-8").splitlines()[1:]) == ["anna", "bertil"]
    assert run("history", "--db", db).exit_code == 2
    mine = json.loads(run("history", "--coder", "anna", "--json", "--db", db).output)
    assert {e["coder"] for e in mine} == {"anna"}
    everyone = json.loads(run("history", "--reviewer", "rita", "--json", "--db", db).output)
    assert {e["coder"] for e in everyone} == {"anna", "bertil", "rita"}
