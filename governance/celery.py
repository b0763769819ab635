"""The Celery app. Settings come from Django's (``CELERY_*``); tasks are found in each app's
``tasks.py``. Without ``REDIS_URL`` tasks run in-process, so the app works with no broker."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "governance.settings")

app = Celery("governance")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
