"""`workbench agreement --table FILE.csv`: a plain units × coders table from elsewhere."""

from __future__ import annotations

import csv
import io
import json
import re

import krippendorff
import numpy as np
import pytest
from typer.testing import CliRunner

from workbench.cli import app

runner = CliRunner()

# Krippendorff (2011): 4 coders × 12 units with gaps; published alpha .743 / .849.
K2011 = """unit,A,B,C,D
u1,1,1,,1
u2,2,2,3,2
u3,3,3,3,3
u4,3,3,3,3
u5,2,2,2,2
u6,1,2,3,4
u7,4,4,4,4
u8,1,1,2,1
u9,2,2,2,2
u10,,5,5,5
u11,,,1,1
u12,,3,,
"""


def write(tmp_path, name, content):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    return str(path)


def test_json_has_every_measure_and_null_with_reason(tmp_path):
    path = write(tmp_path, "k2011.csv", K2011)
    result = runner.invoke(app, ["agreement", "--table", path, "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    (entry,) = data["entries"]
    assert entry["code"] == "k2011" and entry["n_units"] == 12 and entry["n_coders"] == 4
    assert round(entry["krippendorff_alpha"], 3) == 0.743
    assert entry["cohen_kappa"] is None and "two coders" in entry["reasons"]["cohen_kappa"]
    for name in ("percent", "fleiss_kappa", "gwet_ac1", "brennan_prediger"):
        assert isinstance(entry[name], float)
    assert set(data["pairwise_cohen_kappa"]) == {"A", "B", "C", "D"}


def test_interval_metric_and_bootstrap_are_reproducible(tmp_path):
    path = write(tmp_path, "k2011.csv", K2011)
    args = ["agreement", "--table", path, "--metric", "interval", "--bootstrap", "100", "--seed", "5", "--format", "json"]
    first = json.loads(runner.invoke(app, args).stdout)
    again = json.loads(runner.invoke(app, args).stdout)
    (entry,) = first["entries"]
    assert round(entry["krippendorff_alpha"], 3) == 0.849
    assert entry["krippendorff_alpha_ci"] == again["entries"][0]["krippendorff_alpha_ci"]
    assert entry["krippendorff_alpha_ci"]["low"] < entry["krippendorff_alpha"] < entry["krippendorff_alpha_ci"]["high"]


def test_long_format_with_code_column_and_semicolons(tmp_path):
    # Swedish Excel writes semicolons; a 'code' column gives one table per code plus pooled and mean.
    lines = ["unit;code;anna;bo"]
    anna = {"validering": [1, 1, 0, 0, 1, 0], "digitalisering": [0, 0, 0, 1, 0, 0]}
    bo = {"validering": [1, 0, 0, 0, 1, 0], "digitalisering": [0, 1, 0, 1, 0, 0]}
    regions = ["Blekinge", "Dalarna", "Gotland", "Gävleborg", "Halland", "Jämtland"]
    for code in anna:
        for i, region in enumerate(regions):
            lines.append(f"{region};{code};{anna[code][i]};{bo[code][i]}")
    path = write(tmp_path, "två.csv", "\n".join(lines) + "\n")
    result = runner.invoke(app, ["agreement", "--table", path, "--format", "csv"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["code"] for r in rows] == ["validering", "digitalisering", "(pooled)", "(mean)"]
    for row in rows[:2]:
        a, b = anna[row["code"]], bo[row["code"]]
        expected = krippendorff.alpha(reliability_data=np.array([a, b], dtype=float), level_of_measurement="nominal")
        assert float(row["krippendorff_alpha"]) == pytest.approx(expected, abs=1e-9)
        assert float(row["percent"]) == pytest.approx(sum(x == y for x, y in zip(a, b)) / 6)
    pooled_expected = krippendorff.alpha(
        reliability_data=np.array([anna["validering"] + anna["digitalisering"], bo["validering"] + bo["digitalisering"]], dtype=float),
        level_of_measurement="nominal")
    assert float(rows[2]["krippendorff_alpha"]) == pytest.approx(pooled_expected, abs=1e-9)
    mean = (float(rows[0]["krippendorff_alpha"]) + float(rows[1]["krippendorff_alpha"])) / 2
    assert float(rows[3]["krippendorff_alpha"]) == pytest.approx(mean)


def test_text_table_shows_na_and_reason(tmp_path):
    path = write(tmp_path, "same.csv", "unit,anna,bo\nBlekinge,0,0\nDalarna,0,0\nGotland,0,0\n")
    result = runner.invoke(app, ["agreement", "--table", path])
    assert result.exit_code == 0, result.output
    assert "n/a" in result.stdout
    assert "both coders gave every unit the same value" in result.stdout
    assert not re.search(r"\bnan\b", result.stdout, re.IGNORECASE)


@pytest.mark.parametrize(
    "content, message",
    [
        ("unit,A,B\nx,1,2\ny,1\n", "bad.csv:3: 2 cells where the header has 3"),
        ("unit,A\nx,1\n", "bad.csv:1: the header names 1 coder(s)"),
        ("unit,A,A\nx,1,2\n", "bad.csv:1: coder 'A' appears twice"),
        ("unit,A,B\nx,1,2\nx,2,2\n", "bad.csv:3: unit 'x' already on line 2"),
        ("", "bad.csv:1: the file is empty"),
        ("unit,A,B\n", "bad.csv:2: no rows below the header"),
        ("unit,A,B\n,1,2\n", "bad.csv:2: the unit (first column) is empty"),
    ],
)
def test_bad_csv_is_one_line_naming_file_and_line(tmp_path, content, message):
    path = write(tmp_path, "bad.csv", content)
    result = runner.invoke(app, ["agreement", "--table", path])
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_non_number_with_interval_metric_names_the_line(tmp_path):
    path = write(tmp_path, "t.csv", "unit,A,B\nx,1,2\ny,hög,2\n")
    result = runner.invoke(app, ["agreement", "--table", path, "--metric", "interval"])
    assert result.exit_code == 2
    assert "t.csv:3: 'hög' is not a number" in result.output


def test_missing_file(tmp_path):
    result = runner.invoke(app, ["agreement", "--table", str(tmp_path / "nope.csv")])
    assert result.exit_code == 2
    assert "nope.csv: no such file" in result.output


def test_categories_fix_q_for_ac1_and_bp(tmp_path):
    # Nobody used the code: with q from the file there is one value (n/a); with 0,1 given AC1 = BP = 1.
    path = write(tmp_path, "none.csv", "unit,anna,bo\nBlekinge,0,0\nDalarna,0,0\nGotland,0,0\n")
    plain = json.loads(runner.invoke(app, ["agreement", "--table", path, "--format", "json"]).stdout)["entries"][0]
    assert plain["gwet_ac1"] is None and "categories" in plain["reasons"]["gwet_ac1"]
    fixed = json.loads(runner.invoke(app, ["agreement", "--table", path, "--categories", "0,1", "--format", "json"]).stdout)
    assert fixed["entries"][0]["gwet_ac1"] == 1.0 and fixed["entries"][0]["brennan_prediger"] == 1.0
    stray = json.loads(runner.invoke(app, ["agreement", "--table", path, "--categories", "1,2", "--format", "json"]).stdout)
    assert "is not one of the categories" in stray["entries"][0]["reasons"]["gwet_ac1"]
