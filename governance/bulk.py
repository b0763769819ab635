"""Inserting many rows of one model at once, for the work that writes thousands (the retention sweep's
tombstones and audit events).

On PostgreSQL the rows go in with ``COPY``: Django's ``bulk_create`` builds one statement with a parameter
per value, which psycopg then splits and binds in Python, and that cost more than the database spent
writing the rows. The primary keys are taken from the table's sequence first, so the caller gets them
back as ``bulk_create`` gives them. Elsewhere (SQLite, for development) this is ``bulk_create``.

Rows are written as ``bulk_create`` would write them: each field's ``pre_save`` (so ``auto_now_add`` and
defaults apply) and its value prepared for the database. No signals are sent (nor does ``bulk_create``).
``COPY`` does not pass through the connection's execute wrappers, so the data version
(``governance.caching``) is changed here.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from django.db import connection, connections, models
from django.db.models.fields import AutoFieldMixin

from governance.caching import is_read, records_changed

M = TypeVar("M", bound=models.Model)


def insert(objs: Sequence[M]) -> list[M]:
    """Insert ``objs`` (all of one model, unsaved); returns them with their primary keys set."""
    if not objs:
        return []
    model = type(objs[0])
    if connection.vendor != "postgresql" or not isinstance(model._meta.pk, AutoFieldMixin):
        return model._default_manager.bulk_create(objs)
    meta = model._meta
    assert meta.pk is not None
    fields = [field for field in meta.concrete_fields if field is not meta.pk]
    table = connection.ops.quote_name(meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [meta.db_table, meta.pk.column, len(objs)],
        )
        keys = [row[0] for row in cursor.fetchall()]
        for obj, key in zip(objs, keys, strict=True):
            setattr(obj, meta.pk.attname, key)
        columns = ", ".join(
            connection.ops.quote_name(column) for column in [meta.pk.column, *(f.column for f in fields)]
        )
        wrapper = connections[connection.alias]  # the connection itself, not the proxy, for each of many values
        with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for obj in objs:
                copy.write_row(
                    [obj.pk, *(field.get_db_prep_save(field.pre_save(obj, True), wrapper) for field in fields)]
                )
    for obj in objs:
        obj._state.adding = False
        obj._state.db = connection.alias
    # COPY does not pass through the connection's execute wrappers: say what ``watch_writes`` would have.
    if is_read(meta.db_table):
        records_changed()
    return list(objs)
