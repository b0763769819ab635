"""``python manage.py retention_sweep [--dry-run] [--date YYYY-MM-DD]``: dispose of every record due and not
on hold (what the daily task does), or with ``--dry-run`` list what would be disposed of and change
nothing."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from retention.sweep import Planned, SweepRunning, sweep


class Command(BaseCommand):
    help = "Dispose of records whose retention has run out (or, with --dry-run, list them)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--dry-run", action="store_true", help="List what would happen; change nothing.")
        parser.add_argument("--date", help="Sweep as of this date (YYYY-MM-DD) instead of today.")

    def handle(self, *args: Any, **options: Any) -> None:
        today = None
        if options["date"]:
            try:
                today = datetime.date.fromisoformat(options["date"])
            except ValueError as error:
                raise CommandError("Give the date as YYYY-MM-DD.") from error

        def show(planned: Planned) -> None:
            note = f" — {planned.note}" if planned.note else ""
            self.stdout.write(f"  {planned.step:<20} {planned.label} (due {planned.due_on:%d %b %Y}){note}")

        if options["dry_run"]:
            self.stdout.write("Dry run: nothing will be changed.")
        try:
            report = sweep(today=today, dry_run=options["dry_run"], on_step=show)
        except SweepRunning as error:
            raise CommandError(str(error)) from error
        prefix = "Would have: " if options["dry_run"] else "Done: "
        self.stdout.write(self.style.SUCCESS(prefix + report.line()))
