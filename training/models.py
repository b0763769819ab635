"""Data protection training: who completed which course when, until when it counts, and the evidence.
Induction training is due within a set number of days of joining; refreshers are annual by default."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from governance.dates import add_months

DEFAULT_REFRESHER_MONTHS = 12
DEFAULT_INDUCTION_DAYS = 28
REMINDER_DAYS = 30


class TrainingPolicy(models.Model):
    """An organisation's rules: how long a completion counts and how soon new starters must train."""

    organisation = models.OneToOneField(
        "governance.Organisation", on_delete=models.CASCADE, related_name="training_policy"
    )
    refresher_months = models.PositiveSmallIntegerField(
        "Months a completion counts for", default=DEFAULT_REFRESHER_MONTHS
    )
    induction_days = models.PositiveSmallIntegerField(
        "Days a new starter has to complete induction training", default=DEFAULT_INDUCTION_DAYS
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "training policies"

    def __str__(self) -> str:
        return f"Training policy of {self.organisation}"


class Source(models.TextChoices):
    RECORDED = "recorded", "Recorded by hand"
    IMPORTED = "imported", "Imported from the learning system"


class TrainingRecord(models.Model):
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="training_records")
    organisation = models.ForeignKey(
        "governance.Organisation", on_delete=models.PROTECT, related_name="training_records", editable=False
    )
    course = models.CharField(max_length=200, help_text="For example, “Data protection and information security”.")
    induction = models.BooleanField("Induction training for new starters", default=False)
    completed_on = models.DateField()
    expires_on = models.DateField(help_text="The date the completion stops counting; a refresher is due by then.")
    evidence = models.CharField(
        max_length=300, blank=True, help_text="For example, a certificate number or the learning system's record id."
    )
    source = models.CharField(max_length=12, choices=Source.choices, default=Source.RECORDED)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="training_recorded", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-completed_on", "-pk"]
        indexes = [models.Index(fields=["person", "-expires_on"]), models.Index(fields=["organisation", "expires_on"])]
        constraints = [
            models.CheckConstraint(condition=Q(expires_on__gt=models.F("completed_on")), name="training_expires_after"),
            models.UniqueConstraint(fields=["person", "course", "completed_on"], name="one_record_per_completion"),
        ]

    def __str__(self) -> str:
        return f"{self.course}, completed {self.completed_on:%-d %B %Y}"


def default_expiry(completed_on: datetime.date, refresher_months: int = DEFAULT_REFRESHER_MONTHS) -> datetime.date:
    return add_months(completed_on, refresher_months)
