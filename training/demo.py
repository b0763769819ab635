"""Demo training records: every demo person has done the course and its annual refreshers for the last
few years, with the learning system's evidence; Gary Holt's latest refresher has lapsed and Sarah
Khan's falls due within the month. Loaded before the sharing demo, whose
access requests need their requesters' training in date."""

from __future__ import annotations

import datetime
from typing import TextIO

from django.utils import timezone

from governance.demo import PEOPLE
from governance.models import User
from governance.services.common import save_with_history
from training.models import Source, TrainingRecord, default_expiry

COURSE = "Data protection and information security (NCALT)"
# username → days ago the course was completed (a year counts; over 365 has lapsed)
COMPLETED_DAYS_AGO = {"auditor": 400, "iao": 350, "outsider": 200, "hp.dpo": 90}
DEFAULT_DAYS_AGO = 120
YEARS_OF_REFRESHERS = 4


def load(stdout: TextIO) -> None:
    today = timezone.localdate()
    made = 0
    people = User.objects.filter(username__in=[person.username for person in PEOPLE]).select_related("organisation")
    for person in people:
        if person.organisation_id is None or TrainingRecord.objects.filter(person=person).exists():
            continue
        latest = today - datetime.timedelta(days=COMPLETED_DAYS_AGO.get(person.username, DEFAULT_DAYS_AGO))
        dpo = person.organisation.dpo if person.organisation else None
        for years_before in reversed(range(YEARS_OF_REFRESHERS)):
            completed_on = latest - datetime.timedelta(days=364 * years_before)
            record = TrainingRecord(
                person=person,
                organisation_id=person.organisation_id,
                course=COURSE,
                completed_on=completed_on,
                expires_on=default_expiry(completed_on),
                evidence=f"NCALT-{completed_on:%Y}-{person.pk:05d}",
                source=Source.IMPORTED,
                recorded_by=dpo or person,
            )
            save_with_history(record, dpo or person, "Imported from the learning system (demo)")
            made += 1
    stdout.write(f"Training: {made} completions recorded (one lapsed, one due within the month).\n")
