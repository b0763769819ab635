"""``python manage.py seed_scale --size small|large [--replace]``: build the scale estate (see
``governance.scale``) on PostgreSQL, for the benchmark (``manage.py bench``)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from governance.scale import SIZES, build, other_data_exists, scale_data_exists, totals, truncate_everything


class Command(BaseCommand):
    help = (
        "Build a large, valid estate with bulk inserts (PostgreSQL only): large is 50 organisations, 2,000 "
        "people, 50,000 projects, 100,000 datasets and screenings, 20,000 agreements, 200,000 access grants, "
        "about a million object permissions and two million history rows; small is a tenth. "
        "--replace TRUNCATEs every table of the product first: use it only on a database kept for scale runs."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--size", choices=sorted(SIZES), default="small", help="small (default) or large.")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Empty the product's tables (TRUNCATE) before building; for a scale-only database.",
        )
        parser.add_argument("--factor", type=float, default=1.0, help="Multiply the size (for tests).")

    def handle(self, *args: Any, **options: Any) -> None:
        if connection.vendor != "postgresql":
            raise CommandError("seed_scale runs on PostgreSQL only (it uses COPY); set DATABASE_URL to one.")
        size = SIZES[options["size"]]
        if options["factor"] != 1.0:
            size = size.times(options["factor"])
        if scale_data_exists() and not options["replace"]:
            raise CommandError("Scale data is already here. Use --replace to remove it (TRUNCATE) and build again.")
        if options["replace"] and other_data_exists():
            raise CommandError(
                "This database holds organisations that are not scale data; --replace empties every table, "
                "so it refuses here. Use a database kept for scale runs."
            )
        started = time.perf_counter()
        if options["replace"]:
            self.stdout.write("Emptying the product's tables (TRUNCATE)")
            truncate_everything()
        self.stdout.write(f"Building the {options['size']} estate: {size}")
        counts = build(size, report=self.stdout.write)
        seconds = time.perf_counter() - started
        summary = {**totals(counts)}
        self.stdout.write("Built:")
        for label, count in sorted(counts.items()):
            self.stdout.write(f"  {label:<40} {count:>10,}")
        for label, count in summary.items():
            self.stdout.write(f"  {'total ' + label:<40} {count:>10,}")
        self.stdout.write(self.style.SUCCESS(f"Done in {seconds:.1f} s."))
