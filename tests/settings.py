"""Settings for the test suite: the production settings, with a fixed key and fast hashing.

``DATABASE_URL`` and ``REDIS_URL`` are honoured as in production, so CI runs the suite against
real PostgreSQL and Redis; without them it uses SQLite and in-process tasks.
"""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-with-enough-length-and-variety-1234567890")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")

from governance.settings import *  # noqa: E402,F403

# Hashing with the slow production hasher would dominate the suite's run time.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = BASE_DIR / ".test-media"  # noqa: F405
# Static files come from the finders in tests; nothing is collected.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True

# Tasks run in-process in tests, so a test sees their effects (e-mails) at once. The worker tests
# turn this off to send tasks through Redis to a real worker.
CELERY_TASK_ALWAYS_EAGER = True

# Most tests sign people in with force_login and test what they may do; the second factor has its own
# tests (tests/accounts), which turn this on.
MFA_REQUIRED = False

# The cache gets its own Redis database for each pytest-xdist worker: tests empty it (the API's
# throttle counts live there), and one worker's ``cache.clear()`` must not wipe another's counts or
# the Celery broker's queue, which use the database named in ``REDIS_URL``.
if REDIS_URL:  # noqa: F405
    from urllib.parse import urlsplit, urlunsplit

    _redis = urlsplit(REDIS_URL)  # noqa: F405
    _broker_db = int(_redis.path.strip("/") or 0)
    _worker = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0)
    _cache_db = (_broker_db + 1 + _worker) % 16
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": urlunsplit(_redis._replace(path=f"/{_cache_db}")),
        }
    }
