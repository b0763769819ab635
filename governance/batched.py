"""Several ``values()`` querysets read in one round trip to the database.

A page that shows many independent aggregates (the dashboard counts each kind of record in a query of
its own) pays a round trip, and a statement in the query count, for each. ``values_rows(querysets)``
sends them together: on PostgreSQL, with Django's default client-side binding (psycopg 3's
``ClientCursor``), as one execute of the statements joined by ``;``, each result read in turn with
``nextset()``. Each result is what ``list(queryset)`` gives, the fields' database converters applied.
Elsewhere (SQLite, or server-side binding, which allows one statement an execute) each is run alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import QuerySet
from django.db.models.query import ValuesIterable
from django.db.models.sql.compiler import SQLCompiler

Rows = list[dict[str, Any]]


def _names(queryset: QuerySet[Any]) -> list[str]:
    """The keys of the queryset's rows, as ``ValuesIterable`` names them."""
    query = queryset.query
    if query.selected:
        return list(query.selected)
    return [*query.extra_select, *query.values_select, *query.annotation_select]


def together(using: str) -> bool:
    """Whether statements can go to the database ``using`` together, in one execute."""
    connection = connections[using]
    return (
        connection.vendor == "postgresql" and connection.settings_dict["OPTIONS"].get("server_side_binding") is not True
    )


def values_rows(querysets: Sequence[QuerySet[Any]]) -> list[Rows]:
    """The rows of each ``values()`` queryset (all on one database), in the order given."""
    for queryset in querysets:
        if not issubclass(queryset._iterable_class, ValuesIterable):
            raise TypeError("values_rows reads querysets made with values().")
    if len({queryset.db for queryset in querysets}) > 1:
        raise ValueError("values_rows reads querysets of one database.")
    if len(querysets) < 2 or not together(querysets[0].db):
        return [list(queryset) for queryset in querysets]
    using = querysets[0].db
    statements: list[str] = []
    params: list[Any] = []
    # Each queryset's compiler, or None where it can match nothing (nothing is sent for it).
    compiled: list[SQLCompiler | None] = []
    for queryset in querysets:
        compiler = queryset.query.get_compiler(using=using)
        try:
            sql, sql_params = compiler.as_sql()
        except EmptyResultSet:
            compiled.append(None)
            continue
        statements.append(sql)
        params.extend(sql_params)
        compiled.append(compiler)
    results: list[Rows] = []
    with connections[using].cursor() as cursor:
        if statements:
            cursor.execute("; ".join(statements), params)
        first = True
        for queryset, compiler in zip(querysets, compiled, strict=True):
            if compiler is None:
                results.append([])
                continue
            if not first:
                cursor.nextset()
            first = False
            fetched = [row[: compiler.col_count] for row in cursor.fetchall()]
            names = _names(queryset)
            results.append([dict(zip(names, row, strict=True)) for row in compiler.results_iter(results=[fetched])])
    return results
