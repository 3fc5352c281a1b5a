"""schema.sql is canonical; the SQLModel models must describe the same database."""

from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect
from sqlmodel import SQLModel

import workbench.core.models  # noqa: F401  (registers the tables)
from workbench.core import db
from workbench.core.errors import SchemaVersionError

ROOT = Path(__file__).resolve().parents[2]


def _describe(engine):
    insp = inspect(engine)
    out = {}
    for table in sorted(insp.get_table_names()):
        cols = {c["name"]: (str(c["type"]).upper(), bool(c["nullable"]) and not c.get("primary_key")) for c in insp.get_columns(table)}
        pk = tuple(insp.get_pk_constraint(table)["constrained_columns"])
        with engine.connect() as conn:  # the inspector drops ON DELETE of inline REFERENCES; ask SQLite itself
            fks = sorted((r[3], r[2], r[4], r[6]) for r in conn.exec_driver_sql(f"PRAGMA foreign_key_list({table})"))
        uniques = sorted(tuple(u["column_names"]) for u in insp.get_unique_constraints(table))
        indexes = sorted((i["name"], tuple(i["column_names"]), bool(i["unique"])) for i in insp.get_indexes(table))
        out[table] = {"columns": cols, "pk": pk, "fks": fks, "uniques": uniques, "indexes": indexes}
    return out


def test_schema_sql_and_models_describe_the_same_tables(tmp_path):
    from_sql = create_engine(f"sqlite:///{tmp_path/'a.db'}")
    with from_sql.begin() as conn:
        for statement in db._statements((ROOT / "schema.sql").read_text(encoding="utf-8")):
            conn.exec_driver_sql(statement)
    from_models = create_engine(f"sqlite:///{tmp_path/'b.db'}")
    SQLModel.metadata.create_all(from_models)
    a, b = _describe(from_sql), _describe(from_models)
    assert sorted(a) == sorted(b)
    for table in a:
        assert a[table] == b[table], table


def test_packaged_schema_is_the_top_level_file():
    assert db.schema_sql() == (ROOT / "schema.sql").read_text(encoding="utf-8")


def test_new_database_records_version_and_foreign_keys(tmp_path):
    store = db.open_store(str(tmp_path / "p.db"))
    with store.reading() as conn:
        assert db.get_meta(conn, "schema_version") == str(db.SCHEMA_VERSION)
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"


def test_other_schema_version_is_refused_with_both_versions(tmp_path):
    path = tmp_path / "p.db"
    store = db.open_store(str(path))
    with store.transaction() as conn:
        db.set_meta(conn, "schema_version", "99")
    store.close()
    with pytest.raises(SchemaVersionError) as err:
        db.open_store(str(path))
    assert "99" in str(err.value) and str(db.SCHEMA_VERSION) in str(err.value)
    assert "\n" not in str(err.value)


def test_failed_transaction_writes_nothing(tmp_path):
    store = db.open_store(str(tmp_path / "p.db"))
    with pytest.raises(RuntimeError):
        with store.transaction() as conn:
            db.set_meta(conn, "probe", "1")
            raise RuntimeError("boom")
    with store.reading() as conn:
        assert db.get_meta(conn, "probe") is None


def test_db_option_resolution(monkeypatch):
    monkeypatch.delenv(db.ENV_VAR, raising=False)
    assert db.resolve_url(None) == "sqlite:///workbench.db"
    monkeypatch.setenv(db.ENV_VAR, "/tmp/x.db")
    assert db.resolve_url(None) == "sqlite:////tmp/x.db"
    assert db.resolve_url("postgresql://u@h/d") == "postgresql://u@h/d"


def test_foreign_database_is_refused_and_left_alone(tmp_path):
    import sqlite3

    path = tmp_path / "other.db"
    with sqlite3.connect(path) as raw:
        raw.execute("CREATE TABLE foo (x INTEGER)")
    with pytest.raises(db.WorkbenchError) as err:
        db.open_store(str(path))
    assert "not a workbench project" in str(err.value)
    with sqlite3.connect(path) as raw:
        assert [r[0] for r in raw.execute("SELECT name FROM sqlite_master WHERE type='table'")] == ["foo"]


def _v1_project(path: Path) -> None:
    """A project as workbench wrote it at schema version 1 (that version's schema.sql, kept as a fixture)."""
    import sqlite3

    v1 = (ROOT / "tests" / "core" / "fixtures" / "schema-v1.sql").read_text(encoding="utf-8")
    with sqlite3.connect(path) as raw:
        for statement in db._statements(v1):
            raw.execute(statement)
        raw.execute("INSERT INTO meta (key, value) VALUES ('schema_version', '1')")
        raw.execute("INSERT INTO codebook (name, source_path, content_hash) VALUES ('old-book', 'old.yaml', 'h')")
        raw.execute("INSERT INTO code (codebook_id, path, name, seq, depth) VALUES (1, 'validering', 'validering', 0, 0)")


def test_version_1_project_is_migrated_to_equal_a_new_one(tmp_path):
    old = tmp_path / "v1.db"
    _v1_project(old)
    store = db.open_store(str(old))
    with store.reading() as conn:
        assert db.get_meta(conn, "schema_version") == str(db.SCHEMA_VERSION)
        assert conn.exec_driver_sql("SELECT name, title, case_set FROM codebook").all() == [("old-book", "old-book", "regioner")]
        assert conn.exec_driver_sql("SELECT path, case_set FROM code").all() == [("validering", "regioner")]
    store.close()
    db.open_store(str(tmp_path / "new.db")).close()
    migrated = _describe(create_engine(f"sqlite:///{old}"))
    new = _describe(create_engine(f"sqlite:///{tmp_path / 'new.db'}"))
    assert migrated == new
    for table in ("codebook", "code"):  # the same columns in the same order, with the same defaults
        columns = [
            [(c["name"], str(c["type"]), c["default"]) for c in inspect(create_engine(f"sqlite:///{path}")).get_columns(table)]
            for path in (old, tmp_path / "new.db")
        ]
        assert columns[0] == columns[1], table


def test_a_failed_migration_leaves_the_old_project_untouched(tmp_path, monkeypatch):
    old = tmp_path / "v1.db"
    _v1_project(old)
    monkeypatch.setitem(db.MIGRATIONS, 1, db.MIGRATIONS[1] + ("ALTER TABLE no_such_table ADD COLUMN x TEXT",))
    with pytest.raises(Exception):
        db.open_store(str(old))
    import sqlite3

    with sqlite3.connect(old) as raw:
        assert raw.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone() == ("1",)
        assert "title" not in [r[1] for r in raw.execute("PRAGMA table_info(codebook)")]
