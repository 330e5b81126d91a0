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

from sqlalchemy import Connection
from sqlalchemy.exc import DBAPIError
from sqlalchemy.sql.compiler import Compiled
from sqlalchemy.sql.expression import Executable


class Prepared:
    def __init__(self, statement: Executable) -> None:
        self.statement = statement
        self._compiled: dict[str, Compiled] = {}

    def __call__(self, conn: Connection, params: Mapping[str, Any] | None = None) -> Any:
        """Run the statement; returns the driver's cursor (fetch rows as plain tuples)."""
        compiled = self._compiled.get(conn.dialect.name)
        if compiled is None:
            compiled = self._compiled[conn.dialect.name] = self.statement.compile(dialect=conn.dialect)
        values = compiled.construct_params(params)
        args = tuple(values[name] for name in compiled.positiontup) if compiled.positional else values  # type: ignore[attr-defined, union-attr]
        cursor = conn.connection.cursor()
        try:
            cursor.execute(compiled.string, args)
        except conn.dialect.loaded_dbapi.Error as error:  # as SQLAlchemy would raise it, for the vault to word
            raise DBAPIError.instance(compiled.string, args, error, conn.dialect.loaded_dbapi.Error) from None
        return cursor
