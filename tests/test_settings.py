"""The settings module as each deployment shape loads it, each in a fresh interpreter."""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "governance.settings",
    "SECRET_KEY": "k9$Vr2!mQz7@Lp4#Xw8^Tn1&Hs6*Jd3(Fb5)Gc0_Ye+Ua=Oi~Re}Wq{Pl|Zx",
    "ALLOWED_HOSTS": "governance.example.org",
    "DATABASE_URL": "postgres://app@db:5432/governance",
    "REDIS_URL": "redis://redis:6379/0",
}


def run(code: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {key: value for key, value in os.environ.items() if key in {"PATH", "HOME", "LANG"}}
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def settings_json(env: dict[str, str], *names: str) -> dict[str, Any]:
    code = (
        "import json, django; from django.conf import settings; django.setup();"
        f"print(json.dumps({{n: getattr(settings, n) for n in {list(names)!r}}}, default=str))"
    )
    result = run(code, env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_production_settings_pass_the_deployment_check():
    """`manage.py check --deploy` finds nothing, not even a warning, with DEBUG off, a fresh random key, a
    host name and the database this test run uses."""
    env = {
        **PRODUCTION,
        "SECRET_KEY": secrets.token_urlsafe(64),
        "DATABASE_URL": os.environ.get("DATABASE_URL", PRODUCTION["DATABASE_URL"]),
    }
    clean = {key: value for key, value in os.environ.items() if key in {"PATH", "HOME", "LANG"}}
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == "System check identified no issues (0 silenced).", result.stdout


def test_production_cookies_and_headers_are_locked_down():
    """In production the cookies go only over HTTPS and scripts cannot read them, browsers are told to use
    HTTPS for a year, and pages may not be framed, sniffed or opened by another site's window."""
    values = settings_json(
        PRODUCTION,
        "DEBUG",
        "SESSION_COOKIE_SECURE",
        "SESSION_COOKIE_HTTPONLY",
        "SESSION_COOKIE_SAMESITE",
        "CSRF_COOKIE_SECURE",
        "CSRF_COOKIE_HTTPONLY",
        "SECURE_SSL_REDIRECT",
        "SECURE_HSTS_SECONDS",
        "X_FRAME_OPTIONS",
        "SECURE_CONTENT_TYPE_NOSNIFF",
        "SECURE_REFERRER_POLICY",
        "SECURE_CROSS_ORIGIN_OPENER_POLICY",
        "MIDDLEWARE",
    )
    assert values.pop("MIDDLEWARE")[:2] == [
        "django.middleware.security.SecurityMiddleware",
        "csp.middleware.CSPMiddleware",
    ]
    assert values == {
        "DEBUG": False,
        "SESSION_COOKIE_SECURE": True,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "CSRF_COOKIE_SECURE": True,
        "CSRF_COOKIE_HTTPONLY": True,
        "SECURE_SSL_REDIRECT": True,
        "SECURE_HSTS_SECONDS": 31_536_000,
        "X_FRAME_OPTIONS": "DENY",
        "SECURE_CONTENT_TYPE_NOSNIFF": True,
        "SECURE_REFERRER_POLICY": "same-origin",
        "SECURE_CROSS_ORIGIN_OPENER_POLICY": "same-origin",
    }


def test_production_refuses_to_start_without_a_secret_key():
    env = {key: value for key, value in PRODUCTION.items() if key != "SECRET_KEY"}
    result = run("import django; django.setup()", env)
    assert result.returncode != 0
    assert "SECRET_KEY (or SECRET_KEY_FILE) is required" in result.stderr


def test_checking_migrations_needs_no_secret_key_but_other_commands_do():
    env = {key: value for key, value in PRODUCTION.items() if key not in {"SECRET_KEY", "DATABASE_URL", "REDIS_URL"}}
    clean = {key: value for key, value in os.environ.items() if key in {"PATH", "HOME", "LANG"}}

    def manage(*args: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "manage.py", *args]
        return subprocess.run(command, cwd=ROOT, env={**clean, **env}, capture_output=True, text=True, timeout=120)

    checked = manage("makemigrations", "--check", "--dry-run")
    assert checked.returncode == 0, checked.stderr
    assert "No changes detected" in checked.stdout
    refused = manage("check")
    assert refused.returncode != 0 and "SECRET_KEY (or SECRET_KEY_FILE) is required" in refused.stderr


def test_a_bad_value_stops_the_app_with_a_clear_message():
    result = run("import django; django.setup()", {**PRODUCTION, "DEBUG": "perhaps"})
    assert "DEBUG must be true or false" in result.stderr


def test_with_services_it_uses_postgres_and_redis_for_tasks_and_cache():
    values = settings_json(PRODUCTION, "DATABASES", "CELERY_BROKER_URL", "CELERY_TASK_ALWAYS_EAGER", "CACHES")
    assert values["DATABASES"]["default"]["ENGINE"] == "django.db.backends.postgresql"
    assert values["CELERY_BROKER_URL"] == "redis://redis:6379/0"
    assert values["CELERY_TASK_ALWAYS_EAGER"] is False
    assert values["CACHES"]["default"]["BACKEND"].endswith("RedisCache")


def test_without_services_it_uses_sqlite_and_runs_tasks_in_process():
    values = settings_json(
        {"DJANGO_SETTINGS_MODULE": "governance.settings", "DEBUG": "true"},
        "DATABASES",
        "CELERY_TASK_ALWAYS_EAGER",
        "CACHES",
    )
    assert values["DATABASES"]["default"]["ENGINE"] == "django.db.backends.sqlite3"
    assert str(values["DATABASES"]["default"]["NAME"]).startswith(str(ROOT))
    assert values["CELERY_TASK_ALWAYS_EAGER"] is True
    assert values["CACHES"]["default"]["BACKEND"].endswith("LocMemCache")


def test_task_time_limits_stay_under_the_brokers_visibility_timeout():
    values = settings_json(
        PRODUCTION, "CELERY_TASK_TIME_LIMIT", "CELERY_TASK_SOFT_TIME_LIMIT", "CELERY_BROKER_TRANSPORT_OPTIONS"
    )
    visibility = values["CELERY_BROKER_TRANSPORT_OPTIONS"]["visibility_timeout"]
    assert values["CELERY_TASK_SOFT_TIME_LIMIT"] < values["CELERY_TASK_TIME_LIMIT"] < visibility
    result = run("import django; django.setup()", {**PRODUCTION, "CELERY_TASK_TIME_LIMIT": "7200"})
    assert "must be below CELERY_VISIBILITY_TIMEOUT" in result.stderr


@pytest.mark.parametrize("name", ["SECRET_KEY", "EMAIL_HOST_PASSWORD"])
def test_secrets_can_be_mounted_as_files(tmp_path, name):
    secret = tmp_path / "secret"
    secret.write_text("from-a-file-" + "x" * 50)
    env = {key: value for key, value in PRODUCTION.items() if key != name}
    assert settings_json({**env, f"{name}_FILE": str(secret)}, name)[name] == "from-a-file-" + "x" * 50
