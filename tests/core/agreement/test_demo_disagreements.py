"""Disagreements on the demo project: the report's own reading ("rapporten") and the
example coders coder-b (all of chapter 3.4) and coder-c (section 3.4.4)."""

from __future__ import annotations

import pytest

from workbench.core.agreement.disagreements import find_disagreements
from workbench.core.demo import REPORT_CODER, build_demo

CODERS = [REPORT_CODER, "coder-b", "coder-c"]


@pytest.fixture(scope="module")
def demo_path(tmp_path_factory):
    return build_demo(tmp_path_factory.mktemp("demo-disagreements") / "demo.db").db_path


@pytest.fixture(scope="module")
def demo(demo_path):
    from workbench.core.db import open_store

    store = open_store(str(demo_path), create=False)
    yield store
    store.close()


@pytest.fixture
def demo_copy(demo_path, tmp_path):
    """A private copy of the demo project, for tests that write."""
    import shutil

    from workbench.core.db import open_store

    shutil.copyfile(demo_path, tmp_path / "demo.db")
    store = open_store(str(tmp_path / "demo.db"), create=False)
    yield store
    store.close()


def _passages(found, code: str) -> list[tuple[int, str, tuple]]:
    return [(p.passage_id, p.kind, tuple(sorted(c for c, evs in p.by_coder.items() if evs)))
            for item in found.codes if item.code == code for p in item.passages]


@pytest.mark.parametrize("coders", [["coder-b", "coder-c"], CODERS])
def test_code_filter_does_not_change_a_codes_passage_disagreements(demo, coders):
    """Whether a coder read a document is decided by all their codings, not by the --code filter."""
    unfiltered = find_disagreements(demo, coders=coders)
    assert unfiltered.codes, "the demo's coders differ somewhere"
    with_passages = [item for item in unfiltered.codes if item.passages]
    assert len(with_passages) > 30
    step = max(1, len(with_passages) // 20)  # twenty codes spread over the codebook keep the test fast
    for item in with_passages[::step]:
        filtered = find_disagreements(demo, coders=coders, code=item.code)
        assert _passages(filtered, item.code) == _passages(unfiltered, item.code), item.code


def test_coder_c_is_a_reader_of_the_report_outside_its_own_codes(demo):
    """coder-c coded section 3.4.4 only, but did read the report: a code coder-b used
    and coder-c did not is a disagreement on that passage, filtered or not."""
    code = "kompetensförsörjning/årets arbete/pandemins påverkan"
    for found in (find_disagreements(demo, coders=["coder-b", "coder-c"]),
                  find_disagreements(demo, coders=["coder-b", "coder-c"], code=code)):
        (passage,) = [p for item in found.codes if item.code == code for p in item.passages]
        assert passage.kind == "coded"
        assert passage.by_coder["coder-b"] and passage.by_coder["coder-c"] == ()


def _consensus(store, code: str) -> set[tuple[int, tuple[str, ...]]]:
    from workbench.core.query import matrix

    result = matrix(store, subtree=code, coder="consensus", exact=True)
    return {(path, case) for path, row in zip(result.codes, result.cells) if path == code
            for case, n in zip(result.cases, row) if n}


def test_start_consensus_with_a_code_filter_copies_what_the_unfiltered_start_copies(demo_path, tmp_path):
    """rapporten and coder-b agree on codes coder-c never used; coder-c still read the report."""
    import shutil

    from workbench.core.agreement.adjudication import add_reviewer, start_consensus
    from workbench.core.db import open_store

    code = "kompetensförsörjning/årets arbete/pandemins påverkan"
    results = []
    for name, kwargs in (("all", {}), ("filtered", {"code": code})):
        shutil.copyfile(demo_path, tmp_path / f"{name}.db")
        store = open_store(str(tmp_path / f"{name}.db"), create=False)
        try:
            add_reviewer(store, "rita")
            start_consensus(store, reviewer="rita", coders=CODERS, **kwargs)
            results.append(_consensus(store, code))
        finally:
            store.close()
    assert results[0] == results[1]
