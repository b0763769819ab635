"""The dashboard's figures, kept in the cache until a record changes.

Counting every figure takes an aggregate query per kind of record, over everything the viewer may see, so
a viewer's figures for a scope (organisation, period, day) are kept in the cache under the *data
version*: a token replaced whenever a statement writes to a table the figures might read.

The version is changed where every write passes, the database connection (an execute wrapper, installed
on each connection as it opens), not by each code path that writes: the services and simple-history's
rows, ``QuerySet.update`` and ``bulk_create`` in services, the retention sweep's statement-per-table
deletes, guardian's permission rows, the admin, migrations and shell sessions all change it, and a write
added later cannot forget to. Only tables no figure reads (sessions, the audit trail, which every
sensitive view appends to, pack progress, sign-in bookkeeping) are left out, or the figures would be
thrown away on every page view.

A write changes the version twice: at once, so that the same transaction (and a test) sees its own
change; and when the transaction commits, so that figures counted by someone else between the first
change and the commit (from the rows as they were before it) are not read again. Figures that move with
the clock as well as with the records (``Figure.live``) are never kept.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from dataclasses import fields
from typing import Any

from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper

from dashboard.kinds import Figure, FigureResult
from dashboard.scope import Scope

# How long a viewer's figures are kept when nothing changes (each change starts afresh at once).
TIMEOUT = 60 * 60
# Written on ordinary page views, and read by no figure: writing them does not change the version.
UNREAD_TABLES = (
    "django_session",
    "audit_auditevent",
    "audit_auditpack",
    "axes_",
    "otp_",
    "django_admin_log",
)
# Bumped when what is kept changes shape, so that a new release does not read an old one's figures.
FORMAT = 1

_WRITE = re.compile(r'\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM|TRUNCATE(?:\s+TABLE)?(?:\s+ONLY)?)\s+"?(\w+)', re.I)
_NUMBERS = tuple(f.name for f in fields(FigureResult) if f.name not in ("figure", "scope"))


def _version_key(alias: str) -> str:
    return f"dashboard:data-version:{connections[alias].settings_dict['NAME']}"


def data_version(alias: str = DEFAULT_DB_ALIAS) -> str:
    """The current data version (a new one if the cache has lost it: nothing kept is read again)."""
    key = _version_key(alias)
    version = cache.get(key)
    if version is None:
        cache.add(key, uuid.uuid4().hex, None)
        version = cache.get(key)
    return str(version)


def _new_version(alias: str) -> None:
    cache.set(_version_key(alias), uuid.uuid4().hex, None)


def records_changed(alias: str = DEFAULT_DB_ALIAS) -> None:
    """Throw away every dashboard's kept figures: now, and again when the transaction commits."""
    _new_version(alias)
    connection = connections[alias]
    if connection.in_atomic_block and not any(
        getattr(entry[1], "dashboard_version", False) for entry in connection.run_on_commit
    ):
        callback = _on_commit(alias)
        transaction.on_commit(callback, using=alias)


def _on_commit(alias: str) -> Callable[[], None]:
    def callback() -> None:
        _new_version(alias)

    callback.dashboard_version = True  # type: ignore[attr-defined]
    return callback


def writes_read_table(sql: object) -> bool:
    """Whether a statement writes to a table a figure may read."""
    if not isinstance(sql, str) or sql.lstrip()[:1].upper() not in ("I", "U", "D", "T"):
        return False
    match = _WRITE.match(sql)
    return match is not None and not match.group(1).lower().startswith(UNREAD_TABLES)


def watch_writes(execute: Callable[..., Any], sql: Any, params: Any, many: bool, context: dict[str, Any]) -> Any:
    result = execute(sql, params, many, context)
    if writes_read_table(sql):
        records_changed(context["connection"].alias)
    return result


def install(sender: Any = None, connection: BaseDatabaseWrapper | None = None, **kwargs: Any) -> None:
    """Watch a connection's writes (``connection_created`` calls this for each connection it opens)."""
    if connection is not None and watch_writes not in connection.execute_wrappers:
        connection.execute_wrappers.insert(0, watch_writes)


def _key(scope: Scope, version: str) -> str:
    return (
        f"dashboard:figures:{FORMAT}:{connections[DEFAULT_DB_ALIAS].settings_dict['NAME']}:{version}:"
        f"{scope.user.pk}:{scope.organisation.pk}:{scope.date_from:%Y%m%d}:{scope.date_to:%Y%m%d}:{scope.today:%Y%m%d}"
    )


def kept(scope: Scope) -> tuple[str, dict[str, dict[str, Any]]]:
    """The cache key for the scope's figures at the current data version (read before counting, so
    that a change committed while counting leaves what is counted unread), and the figures kept there."""
    key = _key(scope, data_version())
    return key, cache.get(key) or {}


def keep(key: str, figures: dict[str, dict[str, Any]]) -> None:
    cache.set(key, figures, TIMEOUT)


def numbers(result: FigureResult) -> dict[str, Any]:
    """What is kept of a result: everything but the figure and scope it belongs to."""
    return {name: getattr(result, name) for name in _NUMBERS}


def restored(figure: Figure, scope: Scope, kept_numbers: dict[str, Any]) -> FigureResult:
    return FigureResult(figure, scope, **kept_numbers)
