"""Load the demo data: ``python manage.py seed_demo``. Safe to run again; it adds only what is missing.

Each installed app may have a ``demo`` module with ``load(stdout)``; they run in
the order of ``INSTALLED_APPS``, so an app's demo data can rest on the apps before it.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings

from governance.demo import DEMO_PASSWORD, PEOPLE


class Command(BaseCommand):
    help = "Load demo organisations, people, projects and datasets (demo mode only)."

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEMO_MODE:
            raise CommandError(
                "seed_demo gives demo accounts a published password, so it runs only with DEMO_MODE=true."
            )
        # The demo's workflow sends the e-mails real use would (after the commit); nobody reads them here.
        with (
            override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"),
            transaction.atomic(),
        ):
            for app_config in apps.get_app_configs():
                try:
                    module = import_module(f"{app_config.name}.demo")
                except ModuleNotFoundError as error:
                    if error.name != f"{app_config.name}.demo":
                        raise
                    continue
                module.load(self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo data is loaded."))
        self.stdout.write(f"\nSign in at http://127.0.0.1:8000/accounts/login/ with password {DEMO_PASSWORD!r} as:")
        for person in PEOPLE:
            if person.can_sign_in:
                roles = ", ".join(role.label for role in person.roles)
                self.stdout.write(f"  {person.username:<10} {roles} ({person.job_title})")
