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
