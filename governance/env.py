"""Strict readers for settings that come from the environment.

Each helper fails loudly (``ImproperlyConfigured``) on a value it cannot understand rather than
guessing, and accepts ``NAME_FILE`` in place of ``NAME`` so secrets can be mounted as files
(Docker and Kubernetes secrets). Only ``governance/settings.py`` calls these.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}

_MISSING: Any = object()


def _raw(name: str, environ: Mapping[str, str]) -> str | None:
    """The value of ``name``, read from ``NAME_FILE`` when that is set instead."""
    file_name = f"{name}_FILE"
    if name in environ and file_name in environ:
        raise ImproperlyConfigured(f"Set {name} or {file_name}, not both.")
    if file_name in environ:
        path = Path(environ[file_name])
        try:
            return path.read_text(encoding="utf-8").rstrip("\r\n")
        except OSError as exc:
            raise ImproperlyConfigured(f"{file_name} points at {path}, which cannot be read: {exc}") from exc
    return environ.get(name)


def env_str(name: str, default: str = _MISSING, *, environ: Mapping[str, str] = os.environ) -> str:
    value = _raw(name, environ)
    if value is None:
        if default is _MISSING:
            raise ImproperlyConfigured(f"The environment variable {name} is required.")
        return default
    return value


def env_bool(name: str, default: bool, *, environ: Mapping[str, str] = os.environ) -> bool:
    value = _raw(name, environ)
    if value is None:
        return default
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false (1/0, yes/no, on/off), not {value!r}.")


def env_int(name: str, default: int, *, minimum: int | None = None, environ: Mapping[str, str] = os.environ) -> int:
    value = _raw(name, environ)
    if value is None:
        return default
    try:
        number = int(value.strip())
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from None
    if minimum is not None and number < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, not {number}.")
    return number


def env_list(name: str, default: list[str], *, environ: Mapping[str, str] = os.environ) -> list[str]:
    """A comma-separated list; blank items are refused because they are always a typing slip."""
    value = _raw(name, environ)
    if value is None:
        return list(default)
    items = [item.strip() for item in value.split(",")]
    if any(not item for item in items):
        raise ImproperlyConfigured(f"{name} has an empty item: {value!r}.")
    return items


def database_from_url(
    url: str, *, conn_max_age: int = 60, jit: bool = False, parallel: bool = False, random_page_cost: str = "1.1"
) -> dict[str, Any]:
    """A Django ``DATABASES`` entry from ``postgres://user:password@host:port/name?sslmode=require``.

    PostgreSQL's JIT compiler is off for the connection unless ``jit``: it compiles any query whose
    estimated cost passes a threshold, which our counts over large tables do, and compiling took 65 ms
    on a 25 ms query of the dashboard. Parallel query is off unless ``parallel``: starting workers for a
    scan of a few thousand rows cost more than it saved (the dashboard's counts, measured both ways), and
    on a small server each worker takes a core from another request. ``random_page_cost`` is 1.1 unless
    given (empty: the server's own), as for storage where reading a page out of order costs about what
    reading the next does (SSD, or a database in memory): at PostgreSQL's default of 4 it scanned every
    access grant rather than look up an organisation's few thousand in an index, at twice the time. An
    ``options`` parameter in the URL is kept, with these settings added to it."""
    parts = urlsplit(url)
    if parts.scheme in {"postgres", "postgresql"}:
        name = unquote(parts.path.lstrip("/"))
        if not name:
            raise ImproperlyConfigured("DATABASE_URL must name a database, e.g. postgres://user@host:5432/name.")
        try:
            port = parts.port
        except ValueError:
            raise ImproperlyConfigured("DATABASE_URL has a port that is not a number.") from None
        options = {key: values[-1] for key, values in parse_qs(parts.query).items()}
        settings = ([] if jit else ["-c jit=off"]) + ([] if parallel else ["-c max_parallel_workers_per_gather=0"])
        if random_page_cost:
            try:
                if not float(random_page_cost) > 0:
                    raise ValueError
            except ValueError:
                message = f"DB_RANDOM_PAGE_COST must be a positive number: {random_page_cost!r}."
                raise ImproperlyConfigured(message) from None
            settings.append(f"-c random_page_cost={random_page_cost}")
        if settings:
            options["options"] = " ".join([options.get("options", ""), *settings]).strip()
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": name,
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": parts.hostname or "",
            "PORT": str(port or ""),
            "CONN_MAX_AGE": conn_max_age,
            "CONN_HEALTH_CHECKS": True,
            "OPTIONS": options,
        }
    if parts.scheme == "sqlite":
        # sqlite:////absolute/path.sqlite3 or sqlite:///relative.sqlite3
        path = unquote(parts.path)
        path = path.removeprefix("/")
        if not path:
            raise ImproperlyConfigured("DATABASE_URL for SQLite must give a file, e.g. sqlite:///db.sqlite3.")
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": path}
    raise ImproperlyConfigured(
        f"DATABASE_URL must start with postgres://, postgresql:// or sqlite://, not {parts.scheme or url!r}."
    )


def redis_url(value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in {"redis", "rediss"} or not parts.hostname:
        raise ImproperlyConfigured(f"REDIS_URL must look like redis://host:6379/0, not {value!r}.")
    return value
