"""The project package and the shared core app: organisations, users and roles, projects, datasets,
permissions, history and the Celery app."""

from governance.celery import app as celery_app

__all__ = ["celery_app"]
