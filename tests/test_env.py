from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from governance.env import database_from_url, env_bool, env_int, env_list, env_str, redis_url


@pytest.mark.parametrize(("raw", "expected"), [("true", True), ("1", True), ("YES", True), ("off", False), ("", False)])
def test_booleans(raw, expected):
    assert env_bool("DEBUG", False, environ={"DEBUG": raw}) is expected


def test_a_boolean_that_is_not_one_fails_loudly():
    with pytest.raises(ImproperlyConfigured, match="DEBUG must be true or false"):
        env_bool("DEBUG", False, environ={"DEBUG": "maybe"})


def test_integers_are_checked():
    assert env_int("PORT", 1, environ={"PORT": " 587 "}) == 587
    with pytest.raises(ImproperlyConfigured, match="whole number"):
        env_int("PORT", 1, environ={"PORT": "five"})
    with pytest.raises(ImproperlyConfigured, match="at least 60"):
        env_int("TIMEOUT", 100, minimum=60, environ={"TIMEOUT": "5"})


def test_lists_refuse_empty_items():
    assert env_list("HOSTS", [], environ={"HOSTS": "a.example, b.example"}) == ["a.example", "b.example"]
    with pytest.raises(ImproperlyConfigured, match="empty item"):
        env_list("HOSTS", [], environ={"HOSTS": "a.example,,b"})


def test_a_required_value_that_is_missing_fails_loudly():
    with pytest.raises(ImproperlyConfigured, match="SECRET_KEY is required"):
        env_str("SECRET_KEY", environ={})


def test_secrets_can_come_from_files(tmp_path):
    secret = tmp_path / "key"
    secret.write_text("s3cret-from-file\n")
    assert env_str("SECRET_KEY", environ={"SECRET_KEY_FILE": str(secret)}) == "s3cret-from-file"
    with pytest.raises(ImproperlyConfigured, match="not both"):
        env_str("SECRET_KEY", environ={"SECRET_KEY": "a", "SECRET_KEY_FILE": str(secret)})
    with pytest.raises(ImproperlyConfigured, match="cannot be read"):
        env_str("SECRET_KEY", environ={"SECRET_KEY_FILE": str(tmp_path / "missing")})


def test_postgres_urls():
    config = database_from_url("postgres://app:p%40ss@db.internal:5433/governance?sslmode=require")
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["NAME"], config["USER"], config["PASSWORD"]) == ("governance", "app", "p@ss")
    assert (config["HOST"], config["PORT"], config["OPTIONS"]) == (
        "db.internal",
        "5433",
        {"sslmode": "require", "options": "-c jit=off -c max_parallel_workers_per_gather=0 -c random_page_cost=1.1"},
    )


def test_postgres_connections_have_the_jit_compiler_and_parallel_query_off_unless_asked():
    """JIT compiling, and starting parallel workers, cost more than the dashboard's counts they were meant
    to speed up."""
    assert database_from_url("postgres://app@db/governance?options=-c%20work_mem%3D64MB")["OPTIONS"] == {
        "options": "-c work_mem=64MB -c jit=off -c max_parallel_workers_per_gather=0 -c random_page_cost=1.1"
    }
    assert database_from_url("postgres://app@db/governance", jit=True, random_page_cost="")["OPTIONS"] == {
        "options": "-c max_parallel_workers_per_gather=0"
    }
    assert database_from_url("postgres://app@db/governance", parallel=True, random_page_cost="")["OPTIONS"] == {
        "options": "-c jit=off"
    }
    everything_on = database_from_url("postgres://app@db/governance", jit=True, parallel=True, random_page_cost="")
    assert everything_on["OPTIONS"] == {}
    tuned = database_from_url("postgres://app@db/governance", jit=True, parallel=True, random_page_cost="2")
    assert tuned["OPTIONS"] == {"options": "-c random_page_cost=2"}
    for wrong in ("0", "-1", "fast"):
        with pytest.raises(ImproperlyConfigured):
            database_from_url("postgres://app@db/governance", random_page_cost=wrong)


@pytest.mark.needs_postgres
def test_the_live_connection_runs_without_jit_or_parallel_workers(db):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
        cursor.execute("SHOW max_parallel_workers_per_gather")
        assert cursor.fetchone()[0] == "0"
        cursor.execute("SHOW random_page_cost")
        assert cursor.fetchone()[0] == "1.1"


def test_sqlite_urls():
    assert database_from_url("sqlite:////var/lib/app/db.sqlite3")["NAME"] == "/var/lib/app/db.sqlite3"
    assert database_from_url("sqlite:///db.sqlite3")["NAME"] == "db.sqlite3"


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("mysql://root@localhost/x", "must start with postgres"),
        ("postgres://localhost:5432/", "must name a database"),
        ("postgres://localhost:port/x", "port that is not a number"),
        ("sqlite://", "must give a file"),
    ],
)
def test_bad_database_urls_fail_loudly(url, message):
    with pytest.raises(ImproperlyConfigured, match=message):
        database_from_url(url)


def test_redis_urls_are_checked():
    assert redis_url("redis://127.0.0.1:6379/3") == "redis://127.0.0.1:6379/3"
    with pytest.raises(ImproperlyConfigured):
        redis_url("127.0.0.1:6379")
