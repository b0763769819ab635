"""What is worked out from the records (a register's page, the dashboard's figures) is kept in the cache
until a record changes.

Each kept thing is stored under the *data version*: a token replaced whenever a statement writes to a
table a page might read. So nothing is ever read back after a change, and no code path has to remember to
throw anything away.

The version is changed where every write passes, the database connection (an execute wrapper, installed
on each connection as it opens), not by each code path that writes: the services and simple-history's
rows, ``QuerySet.update`` and ``bulk_create`` in services, the retention sweep's statement-per-table
deletes, guardian's permission rows and group memberships, the admin, migrations and shell sessions all
change it, and a write added later cannot forget to. Only tables no page reads are left out (sessions and
their bookkeeping, the audit trail, which every sensitive view appends to, pack progress, sign-in
attempts, form submission keys), or everything would be thrown away on every page view.

A write changes the version twice: at once, so that the same transaction (and a test) sees its own
change; and when the transaction commits, so that what someone else worked out between the first change
and the commit (from the rows as they were before it) is not read again. Whatever is kept is read under
the version taken *before* working it out, so a change committed meanwhile leaves it unread.

If the cache cannot be reached, pages are worked out afresh and nothing is kept; a write whose new
version cannot be stored is logged (what was kept expires after ``TIMEOUT`` at the latest).

``cached_page`` keeps a list page's content (its title and main content, not the header, the messages or
anything with a form token) for one person, query string and day.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import pickle  # nosec B403 - values this process keeps in its own cache
import re
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any, cast

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.safestring import mark_safe

logger = logging.getLogger(__name__)

# How long anything is kept when nothing changes (each change starts afresh at once).
TIMEOUT = 10 * 60
# Written on ordinary page views or sign-ins, and read by no page that is kept: writing them does not
# change the version.
UNREAD_TABLES = (
    "django_session",
    "accounts_usersession",
    "audit_auditevent",
    "audit_auditpack",
    "axes_",
    "otp_",
    "django_admin_log",
    "governance_formsubmission",
    "governance_workerheartbeat",
)
# Bumped when what is kept changes shape, so that a new release does not read an old one's.
FORMAT = 3

_WRITE = re.compile(
    r'\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM|TRUNCATE(?:\s+TABLE)?(?:\s+ONLY)?|MERGE\s+INTO)\s+"?(\w+)', re.I
)
_MARKERS = {
    "title": ("<title>", "</title>"),
    "before_content": ("<!-- kept:before_content -->", "<!-- /kept:before_content -->"),
    "content": ("<!-- kept:content -->", "<!-- /kept:content -->"),
}
# What a kept page must never hold: a form's tokens belong to one session.
_PER_SESSION = ("csrfmiddlewaretoken", 'name="submission_key"')


# The data version ---------------------------------------------------------------------------------------


def _version_key(alias: str) -> str:
    return f"data-version:{connections[alias].settings_dict['NAME']}"


def data_version(alias: str = DEFAULT_DB_ALIAS) -> str | None:
    """The current data version (a new one if the cache has lost it: nothing kept is read again); None
    if the cache cannot be reached."""
    key = _version_key(alias)
    try:
        version = cache.get(key)
        if version is None:
            cache.add(key, uuid.uuid4().hex, None)
            version = cache.get(key)
    except Exception:  # noqa: BLE001 - any cache failure means "work it out afresh"
        logger.warning("The cache could not be read: pages are worked out afresh.", exc_info=True)
        return None
    return None if version is None else str(version)


def _new_version(alias: str) -> None:
    try:
        cache.set(_version_key(alias), uuid.uuid4().hex, None)
    except Exception:  # noqa: BLE001 - the write itself must not fail for want of the cache
        logger.error("The data version could not be changed in the cache after a write.", exc_info=True)


def records_changed(alias: str = DEFAULT_DB_ALIAS) -> None:
    """Throw away everything kept: now, and again when the transaction commits."""
    _new_version(alias)
    connection = connections[alias]
    if connection.in_atomic_block and not any(
        getattr(entry[1], "data_version", False) for entry in connection.run_on_commit
    ):
        transaction.on_commit(_on_commit(alias), using=alias)


def _on_commit(alias: str) -> Callable[[], None]:
    def callback() -> None:
        _new_version(alias)

    callback.data_version = True  # type: ignore[attr-defined]
    return callback


def is_read(table: str) -> bool:
    """Whether a kept page may read the table (writing to it then changes the data version)."""
    return not table.lower().startswith(UNREAD_TABLES)


def writes_read_table(sql: object) -> bool:
    """Whether a statement writes to a table a kept page may read."""
    if not isinstance(sql, str) or sql.lstrip()[:1].upper() not in ("I", "U", "D", "T", "M"):
        return False
    match = _WRITE.match(sql)
    return match is not None and is_read(match.group(1))


def watch_writes(execute: Callable[..., Any], sql: Any, params: Any, many: bool, context: dict[str, Any]) -> Any:
    result = execute(sql, params, many, context)
    if writes_read_table(sql):
        records_changed(context["connection"].alias)
    return result


def install(sender: Any = None, connection: BaseDatabaseWrapper | None = None, **kwargs: Any) -> None:
    """Watch a connection's writes (``connection_created`` calls this for each connection it opens)."""
    if connection is not None and watch_writes not in connection.execute_wrappers:
        connection.execute_wrappers.insert(0, watch_writes)


# Keeping and reading ------------------------------------------------------------------------------------


@functools.cache
def release() -> str:
    """A digest of the templates: kept HTML from another release's templates is not read."""
    digest = hashlib.sha256(str(FORMAT).encode())
    folders = cast(list[Any], settings.TEMPLATES[0]["DIRS"])
    for folder in folders:
        for path in sorted(Path(folder).rglob("*.html")):
            digest.update(path.as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def kept_key(*parts: object) -> str:
    """The cache key of one kept thing (its kind and what it is for). The data version is kept with the
    value rather than in its key, so that both are read in one round trip (``read``)."""
    joined = ":".join(str(part) for part in parts)
    return f"kept:{release()}:{connections[DEFAULT_DB_ALIAS].settings_dict['NAME']}:{joined}"


def read(cache_key: str) -> tuple[str | None, Any]:
    """The current data version (None if the cache cannot be reached), and what is kept under ``cache_key``
    if it was kept at that version (None otherwise). Keep anything worked out now under this version."""
    version_key = _version_key(DEFAULT_DB_ALIAS)
    try:
        found = cache.get_many([version_key, cache_key])
    except Exception:  # noqa: BLE001 - any cache failure means "work it out afresh"
        logger.warning("The cache could not be read: pages are worked out afresh.", exc_info=True)
        return None, None
    version = found.get(version_key)
    if version is None:
        return data_version(), None
    kept = found.get(cache_key)
    if isinstance(kept, tuple) and len(kept) == 2 and kept[0] == version and isinstance(kept[1], bytes):
        # Unpickled only at the current version: a value kept before a change (a dashboard's figures, with
        # their sample records) is not rebuilt just to be thrown away. Our own cache, which Django's cache
        # backend unpickles too.
        return version, pickle.loads(kept[1])  # noqa: S301  # nosec B301
    return version, None


def keep(cache_key: str, version: str | None, value: Any) -> None:
    """Keep ``value``, worked out from the records as they were at ``version`` (as ``read`` gave it)."""
    if version is None:
        return
    try:
        cache.set(cache_key, (version, pickle.dumps(value, pickle.HIGHEST_PROTOCOL)), TIMEOUT)
    except Exception:  # noqa: BLE001
        logger.warning("The cache could not be written.", exc_info=True)


# Pages --------------------------------------------------------------------------------------------------


def _between(html: str, start: str, end: str) -> str | None:
    first = html.find(start)
    if first < 0:
        return None
    first += len(start)
    last = html.find(end, first)
    return html[first:last] if last >= 0 else None


def kept_parts(html: str) -> dict[str, str] | None:
    """The parts of a rendered page that are kept (``base.html`` marks them), or None if the page may not
    be kept: a part is missing, or holds a form token that belongs to one session."""
    parts = {name: _between(html, *markers) for name, markers in _MARKERS.items()}
    if any(part is None for part in parts.values()):
        return None
    found: dict[str, str] = {name: part for name, part in parts.items() if part is not None}
    if any(token in part for part in found.values() for token in _PER_SESSION):
        return None
    return found


def page_key(request: HttpRequest, name: str) -> str:
    """The key of one person's page: its name, the query string (in a fixed order) and the day."""
    query = "&".join(f"{k}={v}" for k, v in sorted(request.GET.lists()))
    digest = hashlib.sha256(query.encode()).hexdigest()[:24]
    return kept_key("page", name, request.user.pk, timezone.localdate().isoformat(), digest)


def cached_page(name: str) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Keep a list page's title and content for the person, query string and day until a record changes;
    the header, navigation, messages and footer are rendered afresh each time. Only a 200 answer to a GET is
    kept, and only if its content holds no form token (those belong to one session)."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.method != "GET" or not request.user.is_authenticated:
                return view(request, *args, **kwargs)
            cache_key = page_key(request, name)
            # The version is read before the page is worked out: a change committed meanwhile leaves it unread.
            version, parts = read(cache_key)
            if isinstance(parts, dict):
                kept = {part: mark_safe(html) for part, html in parts.items()}  # noqa: S308  # nosec B308, B703 - HTML our templates rendered
                return render(request, "includes/kept_page.html", {"kept": kept})
            response = view(request, *args, **kwargs)
            if response.status_code == 200 and not response.streaming and version is not None:
                found = kept_parts(response.content.decode(response.charset))
                if found is not None:
                    keep(cache_key, version, found)
            return response

        return wrapped

    return decorator
