"""Schedules, holds and records of several kinds, made through the services, with dates set in the past
so that some are due."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from ethics.models import Case, CasePaper
from ethics.services import paper_add
from governance.models import Project, User
from retention.models import RetentionSchedule
from retention.services import schedule_create
from tests.ethics.conftest import committee, submit  # noqa: F401  (committee is a fixture)
from tests.factories import ProjectFactory
from tests.isa.conftest import own_dataset, settled  # noqa: F401  (fixtures)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
TODAY = datetime.date(2026, 11, 22)


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Any) -> Any:
    """Uploaded files go to a folder of the test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def aware(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


def paper_schedule(dpo: User, **overrides: Any) -> RetentionSchedule:
    terms: dict[str, Any] = {
        "name": "Ethics papers: 7 years",
        "period_value": 7,
        "period_unit": "years",
        "trigger": "created",
        "action": "delete",
        "authority": "Force records policy",
        **overrides,
    }
    return schedule_create(actor=dpo, record_type="ethics.casepaper", **terms)


def paper(case: Case, uploaded_on: datetime.date, actor: User) -> CasePaper:
    made = paper_add(case=case, actor=actor, upload=SimpleUploadedFile("paper.pdf", PDF, "application/pdf"))
    CasePaper.objects.filter(pk=made.pk).update(uploaded_at=aware(uploaded_on))
    made.refresh_from_db()
    return made


def case_of(committee: Any, lead: User, project: Project | None = None, number: int = 1) -> Case:  # noqa: F811
    return submit(committee, lead, reference=f"DAL_2019_{number:04d}", project=project or ProjectFactory(lead=lead))
