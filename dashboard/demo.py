"""Demo data for the dashboard: the other apps' demo records leave every exception at none, so one
realistic lapse is added, through the services, for the SIRO to find: the IOM model's DPIA screening,
submitted three weeks ago (the ethics committee could not yet advise on the model and asked for it), is
past the DPO's 10 working days.

Runs after the DPIA demo (``INSTALLED_APPS`` order) and adds nothing already there. (The NDAS assessment
is left with the seed's two risks, which the core's demo test checks.)
"""

from __future__ import annotations

import datetime
from typing import TextIO

from django.utils import timezone

from dpia.demo import AGGREGATE_ANSWERS
from dpia.models import Screening, ScreeningVersion
from dpia.services.screenings import screening_save_answers, screening_start, screening_submit
from governance.models import Project, User
from governance.workdays import add_working_days

IOM = "Integrated Offender Management (IOM) model"
SUBMITTED_WORKING_DAYS_AGO = 15


def _working_days_before(day: datetime.date, days: int) -> datetime.date:
    """The day from which ``days`` working days later is ``day`` (or just before it)."""
    start = day
    while add_working_days(start, days) > day:
        start -= datetime.timedelta(days=1)
    return start


def _overdue_screening(analyst: User, project: Project, today: datetime.date) -> Screening | None:
    if Screening.objects.filter(project=project).exists():
        return None
    screening = screening_start(project=project, actor=analyst)
    answers = {
        **AGGREGATE_ANSWERS,
        "aim_and_purpose": project.purpose,
        "personal_data": "Names, dates of birth and offending histories of people managed under IOM; risk scores.",
        "special_categories": ["health"],
        "volume": "1000_5000",
        "data_subjects": ["convicted", "suspects"],
        "operational_strictly_necessary": True,
        "operational_condition": "1",
        "profiling": "yes",
        "profiling_details": "The model scores the likelihood of reoffending; offender managers decide.",
        "evaluation_scoring": "yes",
        "evaluation_scoring_details": "Each person managed under IOM is given a risk score.",
    }
    screening = screening_save_answers(
        screening=screening, actor=analyst, answers=answers, expected_version=screening.version
    )
    screening = screening_submit(screening=screening, actor=analyst, expected_version=screening.version)
    # The service stamps today's date on a submission; this one went in three weeks ago.
    submitted = _working_days_before(today, SUBMITTED_WORKING_DAYS_AGO)
    due = add_working_days(submitted, 10)
    Screening.objects.filter(pk=screening.pk).update(submitted_on=submitted, due_on=due)
    ScreeningVersion.objects.filter(screening=screening).update(submitted_on=submitted, due_on=due)
    return screening


def load(stdout: TextIO) -> None:
    analyst = User.objects.filter(username="analyst").first()
    if analyst is None or analyst.organisation is None:
        stdout.write("Dashboard: no demo analyst; nothing added.\n")
        return
    project = Project.objects.filter(organisation=analyst.organisation, name=IOM).first()
    if project is None or _overdue_screening(analyst, project, timezone.localdate()) is None:
        stdout.write("Dashboard: already loaded.\n")
        return
    stdout.write("Dashboard: the IOM model's screening, past the DPO's 10 working days.\n")
