"""A version-1 project on the team server is migrated like an SQLite one (its own fresh database)."""

from pathlib import Path

from sqlalchemy import create_engine, inspect, text

from workbench.core import db

FIXTURES = Path(__file__).parent / "fixtures"


def test_version_1_postgres_project_is_migrated(pg_url):
    engine = create_engine(pg_url)
    with engine.begin() as conn:
        for statement in db._statements((FIXTURES / "schema-v1.sql").read_text(encoding="utf-8")):
            conn.exec_driver_sql(db._for_dialect(statement, "postgresql"))
        conn.execute(text("INSERT INTO meta (key, value) VALUES ('schema_version', '1')"))
        conn.execute(text("INSERT INTO codebook (name, source_path, content_hash) VALUES ('old-book', 'old.yaml', 'h')"))
    engine.dispose()

    store = db.open_store(pg_url)
    try:
        with store.reading() as conn:
            assert db.get_meta(conn, "schema_version") == str(db.SCHEMA_VERSION)
            assert conn.execute(text("SELECT name, title, case_set FROM codebook")).all() == [("old-book", "old-book", "regioner")]
        insp = inspect(store.engine)
        assert [c["name"] for c in insp.get_columns("code")][-1] == "case_set"
        index = next(i for i in insp.get_indexes("code_case_count") if i["name"] == "ix_code_case_count_code_case")
        assert index["column_names"] == ["code_id", "case_id", "coder_id", "n"]
    finally:
        store.close()
