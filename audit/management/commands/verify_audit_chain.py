from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from audit.chain import verify


class Command(BaseCommand):
    help = "Recompute the audit events' hash chain and report the first broken link (exit status 1 if any)."

    def handle(self, *args: Any, **options: Any) -> None:
        result = verify()
        if result.unsealed:
            self.stdout.write(f"{result.unsealed} recent event(s) not yet sealed (the sealer runs every minute).")
        if not result.intact:
            raise CommandError(
                f"Audit chain broken at event {result.broken_at} (id {result.event_id}): {result.problem}. "
                f"The {result.events} event(s) before it verify; the last good hash is {result.head}."
            )
        self.stdout.write(self.style.SUCCESS(f"Audit chain intact: {result.events} event(s), head {result.head}."))
