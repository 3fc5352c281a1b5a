"""Fixtures shared by the whole suite."""

from __future__ import annotations

from pathlib import Path

import pytest

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
