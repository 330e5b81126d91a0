"""Core statements compiled once and run on the transaction's own driver cursor.

Appending a record is the one hot write path: three small statements, each of which
paid SQLAlchemy's per-call bookkeeping (events, compiled-cache lookup, result set-up)
when run through `Connection.execute` — together as much as sealing and signing the
record. A `Prepared` statement is compiled once per dialect and handed to the driver
with its parameters, inside the same transaction on the same connection.

Only for statements whose columns need no type processing (integers, text, bytes).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import Connection, Dialect
from sqlalchemy.exc import DBAPIError
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.expression import ClauseElement


class Prepared:
    def __init__(self, statement: ClauseElement) -> None:
        self.statement = statement
        self._compiled: dict[str, tuple[SQLCompiler, tuple[str, ...] | None]] = {}

    def _compile(self, dialect: Dialect) -> tuple[SQLCompiler, tuple[str, ...] | None]:
        """The statement compiled for `dialect`, and the order of its parameters if the driver takes them by place."""
        compiled = self.statement.compile(dialect=dialect)
        if not isinstance(compiled, SQLCompiler):
            raise TypeError(f"not an SQL statement: {self.statement!r}")
        order = tuple(compiled.positiontup or ()) if compiled.positional else None
        return compiled, order

    def __call__(self, conn: Connection, params: Mapping[str, Any] | None = None) -> Any:
        """Run the statement; returns the driver's cursor (fetch rows as plain tuples)."""
        found = self._compiled.get(conn.dialect.name)
        if found is None:
            found = self._compiled[conn.dialect.name] = self._compile(conn.dialect)
        compiled, order = found
        values = compiled.construct_params(params)
        args = tuple(values[name] for name in order) if order is not None else values
        cursor = conn.connection.cursor()
        try:
            cursor.execute(compiled.string, args)
        except conn.dialect.loaded_dbapi.Error as error:  # as SQLAlchemy would raise it, for the vault to word
            raise DBAPIError.instance(compiled.string, args, error, conn.dialect.loaded_dbapi.Error) from None
        return cursor
