"""Fixtures shared by the whole suite."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# Rich wraps at 80 columns when output is not a terminal; the CLI tests read
# whole lines, so give every worker the same wide console.
os.environ["COLUMNS"] = "200"
# The TUI reads the coder's keys file; the tests must not depend on the machine's own.
os.environ["WORKBENCH_KEYS"] = str(Path(__file__).parent / "no-such-keys-file.toml")

ROOT = Path(__file__).resolve().parents[1]
REPORT = ROOT / "examples" / "regionalt-tillvaxtarbete-2020.txt"


@pytest.fixture
def store(tmp_path):
    """A new, empty project database in a temporary folder."""
    from workbench.core.db import open_store

    s = open_store(str(tmp_path / "project.db"))
    yield s
    s.close()


@pytest.fixture(scope="session")
def report_text() -> str:
    return REPORT.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def pg_url():
    """A fresh PostgreSQL database per test module (the team server), or a skip saying why."""
    from tests.pg import temporary_cluster

    with temporary_cluster() as url:
        if url is None:
            pytest.skip("PostgreSQL server binaries not installed (.ci/run installs them)")
        yield url
