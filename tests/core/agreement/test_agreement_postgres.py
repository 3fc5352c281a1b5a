"""Agreement, disagreements and adjudication run unchanged on PostgreSQL (the team server)."""

from __future__ import annotations


from workbench.core import db
from workbench.core.agreement.adjudication import add_reviewer, settle_case, start_consensus
from workbench.core.agreement.blind import set_blind
from workbench.core.agreement.disagreements import find_disagreements
from workbench.core.agreement.levels import agreement_report

from .conftest import UTMANINGAR, build_project




def test_agreement_on_postgres(pg_url, tmp_path):
    store = db.open_store(pg_url)
    sqlite = db.open_store(str(tmp_path / "same.db"))
    try:
        build_project(store)
        build_project(sqlite)
        for level in ("case", "passage", "span"):
            on_pg = agreement_report(store, level=level)
            on_sqlite = agreement_report(sqlite, level=level)
            assert [(e.code, e.summary) for e in on_pg.entries] == [(e.code, e.summary) for e in on_sqlite.entries]
        assert find_disagreements(store) == find_disagreements(sqlite)
        add_reviewer(store, "rita")
        assert start_consensus(store, reviewer="rita").created == 4
        settle_case(store, reviewer="rita", code=UTMANINGAR, case="Örebro", decision="take", coder="anna", reason="fotnot 195")
        assert agreement_report(store, coders=["anna", "consensus"], code=UTMANINGAR).entries[0].summary.percent.value == 1.0
        set_blind(store, True, reviewer="rita")
        assert agreement_report(store, reviewer="rita").coders == ("anna", "bo")
    finally:
        store.close()
        sqlite.close()
