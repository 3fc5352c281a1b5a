"""Statements run straight on the database driver's cursor: a coder's save, a passage's side panel.

Why: saving a coding is a dozen small statements (the passage, the code, the
cases, the coder, the coding, its cases, the counts, the audit row, the
read-back) on every keypress that saves, and the reader's side panel reads
six for each passage. SQLAlchemy's execution machinery (events, an execution
context, result metadata, expanding ``IN`` lists rendered per call) costs
~0.05 ms a statement, ten times what SQLite takes to run one of them by key.
Measured: a save's writer thread 2.8 -> 1.1 ms, a passage's side panel
1.3 -> 0.5 ms.

The SQL stays SQLAlchemy's: each statement is compiled once per dialect by
its compiler, so one text runs on SQLite (``?``) and PostgreSQL
(``%(name)s``, literal ``%`` doubled). A statement runs in the connection's
transaction, beginning one as SQLAlchemy's autobegin would (a read's two
queries see one snapshot), and a driver error comes out as SQLAlchemy's
``DBAPIError``, as any other statement's would. A list of values (``IN``)
is bound value by value (``in_list``), so that the SQL is the same for
every list of one length and compiles once.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import lru_cache
from types import MappingProxyType
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError

__all__ = ["Statement", "in_list", "statement"]

_NO_PARAMS: Mapping[str, Any] = MappingProxyType({})


class Statement:
    """One SQL text with ``:name`` parameters, compiled per dialect on first use."""

    __slots__ = ("_compiled", "sql")

    def __init__(self, sql: str) -> None:
        self.sql = sql
        self._compiled: dict[tuple[str, str], tuple[str, tuple[str, ...] | None]] = {}

    def __repr__(self) -> str:
        return f"Statement({self.sql!r})"

    def _for(self, dialect: Any) -> tuple[str, tuple[str, ...] | None]:
        """(the driver's SQL, the parameter names in order for a positional style, else None)."""
        key = (dialect.name, dialect.paramstyle)
        compiled = self._compiled.get(key)
        if compiled is None:
            clause = text(self.sql).compile(dialect=dialect)
            order = tuple(clause.positiontup) if clause.positional else None
            compiled = self._compiled[key] = (clause.string, order)
        return compiled

    def _cursor(self, conn: Connection, params: Any, many: bool) -> Any:
        if not conn.in_transaction():
            conn.begin()  # (what SQLAlchemy's autobegin does for its own statements)
        sql, order = self._for(conn.dialect)
        if order is not None:
            params = [tuple(row[name] for name in order) for row in params] if many else tuple(params[name] for name in order)
        dbapi = conn.dialect.loaded_dbapi
        cursor = conn.connection.driver_connection.cursor()
        try:
            if many:
                cursor.executemany(sql, params)
            else:
                cursor.execute(sql, params)
        except dbapi.Error as err:
            cursor.close()
            raise DBAPIError.instance(sql, params, err, dbapi.Error, dialect=conn.dialect, ismulti=many) from err
        return cursor

    def rows(self, conn: Connection, params: Mapping[str, Any] = _NO_PARAMS) -> list[tuple]:
        cursor = self._cursor(conn, params, False)
        try:
            return cursor.fetchall()
        finally:
            cursor.close()

    def first(self, conn: Connection, params: Mapping[str, Any] = _NO_PARAMS) -> tuple | None:
        cursor = self._cursor(conn, params, False)
        try:
            return cursor.fetchone()
        finally:
            cursor.close()

    def run(self, conn: Connection, params: Mapping[str, Any] = _NO_PARAMS) -> None:
        self._cursor(conn, params, False).close()

    def run_many(self, conn: Connection, rows: Sequence[Mapping[str, Any]]) -> None:
        if rows:
            self._cursor(conn, rows, True).close()


@lru_cache(maxsize=512)
def statement(sql: str) -> Statement:
    """The one ``Statement`` for ``sql`` (for SQL built per call, e.g. a where clause), compiled once."""
    return Statement(sql)


def in_list(name: str, values: Sequence[Any]) -> tuple[str, dict[str, Any]]:
    """``(:name0, :name1, ...)`` for ``IN`` and its parameters (``values`` not empty; callers chunk
    long lists well under a database's limit on bound values)."""
    keys = [f"{name}{k}" for k in range(len(values))]
    return "(" + ", ".join(":" + key for key in keys) + ")", dict(zip(keys, values))
