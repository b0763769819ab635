"""``python manage.py retention_benchmark [--records N]``: how fast the sweep disposes of records, and that
its memory does not grow with their number. Sweeps N and then 4×N due records (committee papers, each
with a history row) and prints the time and the peak memory of each; everything it makes is rolled
back, so it leaves the database as it found it."""

from __future__ import annotations

import datetime
import time
import tracemalloc
from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from ethics.models import Case, CasePaper, Committee
from governance.models import Organisation, Project, User
from retention.models import RetentionSchedule
from retention.sweep import sweep


class Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Measure the retention sweep's speed and peak memory at two sizes (changes nothing)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--records", type=int, default=500, help="The smaller size (default 500).")

    def handle(self, *args: Any, **options: Any) -> None:
        size = max(10, options["records"])
        self.stdout.write(f"{'records':>8} {'seconds':>8} {'per second':>11} {'peak MiB':>9}")
        peaks = []
        for count in (size, 4 * size):
            seconds, disposed = self._measure(count, traced=False)
            peak = self._measure(count, traced=True)[1]  # a second run, traced (tracing slows it down)
            peaks.append(peak)
            self.stdout.write(f"{disposed:>8} {seconds:>8.2f} {disposed / seconds:>11.0f} {peak / 2**20:>9.2f}")
        self.stdout.write(f"Peak memory at 4× the records: {peaks[1] / peaks[0]:.2f}× (flat is about 1).")

    def _measure(self, count: int, *, traced: bool) -> tuple[float, int]:
        """The seconds a sweep of ``count`` due records takes and how many it disposed of; or, traced, the
        seconds and the sweep's peak memory in bytes."""
        result: tuple[float, int] = (0.0, 0)
        try:
            with transaction.atomic():
                _records(count)
                if traced:
                    tracemalloc.start()
                started = time.perf_counter()
                report = sweep()
                seconds = time.perf_counter() - started
                if traced:
                    result = (seconds, tracemalloc.get_traced_memory()[1])
                    tracemalloc.stop()
                else:
                    result = (seconds, report.counts["deleted"])
                raise Rollback
        except Rollback:
            pass
        return result


def _records(count: int) -> RetentionSchedule:
    """``count`` papers uploaded ten years ago, in an organisation of their own, under a 7-year schedule."""
    organisation = Organisation.objects.create(name="Benchmark force", short_code="BENCH")
    person = User.objects.create(username="bench.person", organisation=organisation)
    committee = Committee.objects.create(name="Benchmark committee", organisation=organisation)
    project = Project.objects.create(name="Benchmark", reference="BENCH-1", organisation=organisation, lead=person,
                                     purpose="Benchmark")  # fmt: skip
    case = Case.objects.create(reference="BENCH_CASE", title="Benchmark", committee=committee, kind="descriptive",
                               team="Lab", organisation=organisation, project=project, summary="-",
                               submitted_by=person)  # fmt: skip
    long_ago = timezone.now() - datetime.timedelta(days=3650)
    papers = CasePaper.objects.bulk_create(
        CasePaper(case=case, file="", name=f"paper {n}", content_type="application/pdf", size=1, uploaded_by=person)
        for n in range(count)
    )
    CasePaper.objects.filter(case=case).update(uploaded_at=long_ago)
    history = CasePaper.history.model
    history.objects.bulk_create(
        history(id=p.pk, case_id=case.pk, file="", name=p.name, content_type=p.content_type, size=1,
                uploaded_by_id=person.pk, uploaded_at=long_ago, history_date=long_ago, history_type="+")
        for p in papers
    )  # fmt: skip
    return RetentionSchedule.objects.create(
        organisation=organisation, record_type="ethics.casepaper", name="Benchmark papers", period_value=7,
        period_unit="years", trigger="created", action="delete", authority="Benchmark", created_by=person,
    )  # fmt: skip
