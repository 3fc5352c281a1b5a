"""The writer's SQL and the browse queries run unchanged on PostgreSQL (the team server)."""

from __future__ import annotations

import pytest

from workbench.core.db import open_store
from workbench.core.documents import find_passage_by_footnote, get_passage, list_documents
from workbench.core.importing.writer import import_file
from workbench.core.search import search_passages


@pytest.fixture(scope="module")
def pg_store(pg_url):
    store = open_store(pg_url)
    yield store
    store.close()


def test_import_and_browse_on_postgres(pg_store, tmp_path):
    path = tmp_path / "rapport.md"
    path.write_text(
        "# 3 Kompetensförsörjning\n\n## 3.4 Validering\n\n"
        "Tre regioner[^1] lyfter utmaningar i arbetet med validering.\n\nEtt stycke till[^2].\n\n"
        "[^1]: Blekinge, Dalarna, Örebro.\n",
        encoding="utf-8",
    )
    result = import_file(pg_store, path)
    assert result.created and result.passages == 2 and result.footnotes == 1
    assert any("footnote 2" in p for p in result.problems)
    assert not import_file(pg_store, path).created
    [doc] = list_documents(pg_store)
    assert doc.missing_footnotes == (2,) and doc.sections == 2
    view = get_passage(pg_store, find_passage_by_footnote(pg_store, doc.id, 1))
    assert view.text == "Tre regioner lyfter utmaningar i arbetet med validering." and view.section == "3.4 Validering"
    assert [h.passage_id for h in search_passages(pg_store, "utmaningar i arbetet", 5)][:1] == [view.id]
