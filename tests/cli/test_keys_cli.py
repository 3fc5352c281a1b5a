"""workbench keys: the binding ids a keys file uses, and the file's mistakes."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from workbench.cli import app

runner = CliRunner()


def test_keys_lists_ids_defaults_and_the_coders_own(tmp_path, monkeypatch):
    keys = tmp_path / "keys.toml"
    keys.write_text('[keys]\n"nav.search" = "slash,ctrl+f"\n', encoding="utf-8")
    monkeypatch.setenv("WORKBENCH_KEYS", str(keys))
    result = runner.invoke(app, ["keys", "--json"])
    assert result.exit_code == 0, result.output
    listed = json.loads(result.output)
    by_id = {b["id"]: b for b in listed["bindings"]}
    assert by_id["nav.search"]["default"] == "slash" and by_id["nav.search"]["yours"] == "slash,ctrl+f"
    assert by_id["coding.apply"]["yours"] == "" and listed["file"] == str(keys)


def test_a_typo_in_the_keys_file_is_named_with_a_fix(tmp_path, monkeypatch):
    keys = tmp_path / "keys.toml"
    keys.write_text('[keys]\n"coding.aply" = "a"\n', encoding="utf-8")
    monkeypatch.setenv("WORKBENCH_KEYS", str(keys))
    result = runner.invoke(app, ["keys"])
    assert result.exit_code == 1
    assert f"{keys}: unknown binding id 'coding.aply' - did you mean coding.apply?" in result.output.replace("\n", "")
