"""The same schema and store code run on PostgreSQL (the team server)."""

import pytest
from sqlalchemy import inspect
from sqlmodel import SQLModel

import workbench.core.models  # noqa: F401
from workbench.core import db




def test_schema_sql_runs_on_postgres_and_matches_models(pg_url):
    store = db.open_store(pg_url)
    try:
        insp = inspect(store.engine)
        tables = set(insp.get_table_names())
        assert tables == set(SQLModel.metadata.tables)
        for name, table in SQLModel.metadata.tables.items():
            assert {c["name"] for c in insp.get_columns(name)} == {c.name for c in table.columns}, name
            assert set(insp.get_pk_constraint(name)["constrained_columns"]) == {c.name for c in table.primary_key}, name
            assert {i["name"] for i in insp.get_indexes(name)} >= {i.name for i in table.indexes}, name
        with store.reading() as conn:
            assert db.get_meta(conn, "schema_version") == str(db.SCHEMA_VERSION)
    finally:
        store.close()


def test_postgres_generates_ids_and_rolls_back(pg_url):
    store = db.open_store(pg_url)
    try:
        insert = ("INSERT INTO coder (name, role) VALUES ('{}', 'coder') RETURNING id")
        with store.transaction() as conn:
            first = conn.exec_driver_sql(insert.format("anna")).scalar()
            second = conn.exec_driver_sql(insert.format("bertil")).scalar()
        assert second == first + 1
        with pytest.raises(Exception):
            with store.transaction() as conn:
                conn.exec_driver_sql(insert.format("cecilia"))
                conn.exec_driver_sql(insert.format("anna"))  # unique name: the whole transaction fails
        with store.reading() as conn:
            names = [r[0] for r in conn.exec_driver_sql("SELECT name FROM coder ORDER BY id")]
        assert names == ["anna", "bertil"]
    finally:
        store.close()
