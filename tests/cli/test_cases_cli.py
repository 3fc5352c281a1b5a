"""workbench cases list / import / resolve through Typer's CliRunner."""

from __future__ import annotations

import json
from textwrap import dedent

from typer.testing import CliRunner

from workbench.cli import app

runner = CliRunner()


def test_list_sets_without_a_project(tmp_path):
    result = runner.invoke(app, ["cases", "list", "--db", str(tmp_path / "none.db"), "--json"])
    assert result.exit_code == 0, result.output
    sets = {s["name"]: s for s in json.loads(result.output)}
    assert sets["regioner"]["cases"] == 21 and sets["länsstyrelser"]["noun_plural"] == "länsstyrelser"
    assert not (tmp_path / "none.db").exists()  # listing does not create a project


def test_list_regions_in_swedish_order(tmp_path):
    result = runner.invoke(app, ["cases", "list", "regioner", "--db", str(tmp_path / "p.db"), "--json"])
    assert result.exit_code == 0, result.output
    cases = json.loads(result.output)["cases"]
    names = [c["name"] for c in cases]
    assert names.index("Gotland") < names.index("Gävleborg") and names[-3:] == ["Västra Götaland", "Örebro", "Östergötland"]
    skane = next(c for c in cases if c["name"] == "Skåne")
    assert skane["code"] == "M" and "Region Skåne" in skane["aliases"]
    table = runner.invoke(app, ["cases", "list", "regioner", "--db", str(tmp_path / "p.db")])
    assert "Västra Götalandsregionen" in table.output


def test_resolve_shows_how_or_the_did_you_mean(tmp_path):
    db = str(tmp_path / "p.db")
    result = runner.invoke(app, ["cases", "resolve", "Region Skåne", "Västermanland", "--db", db])
    assert result.exit_code == 0, result.output
    assert "Region Skåne -> Skåne alias" in result.output
    assert "Västermanland -> Västmanland fuzzy (91.7)" in result.output
    bad = runner.invoke(app, ["cases", "resolve", "Västerland", "--db", db])
    assert bad.exit_code == 2
    assert "unknown region 'Västerland' - did you mean Västernorrland or Värmland?" in " ".join(bad.output.split())
    unknown_set = runner.invoke(app, ["cases", "resolve", "x", "--set", "kommuner", "--db", db])
    assert unknown_set.exit_code == 2 and "no built-in case set 'kommuner'" in unknown_set.output


def test_import_a_user_case_set(tmp_path):
    db = tmp_path / "p.db"
    path = tmp_path / "kommuner.yaml"
    path.write_text(
        dedent(
            """
            name: kommuner
            nouns:
              sv: {singular: kommun, plural: kommuner, definite_plural: kommunerna}
              en: {singular: municipality, plural: municipalities}
            cases:
              - {name: Östhammar, code: "0382"}
              - {name: Älvkarleby, code: "0319", aliases: [Älvkarleby kommun]}
              - {name: Enköping, code: "0381"}
            """
        ),
        encoding="utf-8",
    )
    result = runner.invoke(app, ["cases", "import", str(path), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "kommuner: 3 kommuner (Enköping, Älvkarleby, Östhammar)" in result.output
    resolved = runner.invoke(app, ["cases", "resolve", "Älvkarleby kommun", "--set", "kommuner", "--db", str(db), "--json"])
    assert json.loads(resolved.output)[0]["case"] == "Älvkarleby"
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: x\ncases:\n  - {code: 1}\n", encoding="utf-8")
    refused = runner.invoke(app, ["cases", "import", str(bad), "--db", str(db)])
    assert refused.exit_code == 2 and f"{bad}:3: a case has no 'name'" in refused.output
