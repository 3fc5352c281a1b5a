"""Statements on the driver's cursor keep SQLAlchemy's contract: one transaction, its errors, both databases."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError, IntegrityError

from workbench.core import db
from workbench.core.driver import Statement, in_list, statement

INSERT_CODER = Statement("INSERT INTO coder (name, role) VALUES (:n, :r)")
CODERS_LIKE = Statement("SELECT name FROM coder WHERE name LIKE '%' || :tail ORDER BY name")


def _names(store) -> list[str]:
    with store.reading() as conn:
        return [r[0] for r in conn.execute(text("SELECT name FROM coder ORDER BY name"))]


def _contract(store) -> None:
    """What the coder's save relies on, run on one store (SQLite or PostgreSQL)."""
    with store.transaction() as conn:
        INSERT_CODER.run_many(conn, [{"n": "anna", "r": "coder"}, {"n": "hanna", "r": "coder"}])
        INSERT_CODER.run(conn, {"r": "reviewer", "n": "rita"})  # (parameters by name, in any order)
        # A literal % in the SQL (doubled for PostgreSQL's driver by SQLAlchemy's compiler).
        assert CODERS_LIKE.rows(conn, {"tail": "nna"}) == [("anna",), ("hanna",)]
        assert statement("SELECT role FROM coder WHERE name = :n").first(conn, {"n": "rita"}) == ("reviewer",)
        marks, params = in_list("n", ["rita", "anna", "nobody"])
        assert marks == "(:n0, :n1, :n2)"
        assert statement("SELECT name FROM coder WHERE name IN " + marks + " ORDER BY name").rows(conn, params) == [("anna",), ("rita",)]
    assert _names(store) == ["anna", "hanna", "rita"]

    # A driver error is SQLAlchemy's (the faces turn DBAPIErrors into one line), and the whole write is undone.
    with pytest.raises(IntegrityError), store.transaction() as conn:
        INSERT_CODER.run(conn, {"n": "bertil", "r": "coder"})
        INSERT_CODER.run(conn, {"n": "anna", "r": "coder"})  # coder names are unique
    assert _names(store) == ["anna", "hanna", "rita"]

    # On a reading connection the first statement begins a transaction, as SQLAlchemy's autobegin would.
    with store.reading() as conn:
        assert not conn.in_transaction()
        assert statement("SELECT COUNT(*) FROM coder").first(conn) == (3,)
        assert conn.in_transaction()


def test_statements_on_sqlite(store):
    _contract(store)


def test_statements_on_postgres(pg_url):
    store = db.open_store(pg_url)
    try:
        _contract(store)
    finally:
        store.close()


def test_unknown_table_is_a_dbapi_error(store):
    with store.reading() as conn, pytest.raises(DBAPIError, match="no_such_table"):
        statement("SELECT * FROM no_such_table").rows(conn)
