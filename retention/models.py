"""Retention schedules, legal holds, and what the sweep leaves behind: disposal records (tombstones),
reviews, confirmations that external data was deleted at its source, and the files still to remove."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from governance.dates import add_months
from retention.registry import Trigger


class PeriodUnit(models.TextChoices):
    DAYS = "days", "Days"
    MONTHS = "months", "Months"
    YEARS = "years", "Years"


class Action(models.TextChoices):
    DELETE = "delete", "Delete"
    ANONYMISE = "anonymise", "Anonymise named fields"
    REVIEW = "review", "Review"
    CONFIRM = "confirm", "Confirm deletion at the source"


class RetentionSchedule(models.Model):
    organisation = models.ForeignKey(
        "governance.Organisation", on_delete=models.PROTECT, related_name="retention_schedules", editable=False
    )
    record_type = models.CharField(max_length=60, help_text="The kind of record it governs.")
    name = models.CharField(max_length=200, help_text="For example, “Access requests: 6 years after closure”.")
    period_value = models.PositiveIntegerField("Period")
    period_unit = models.CharField("Unit", max_length=8, choices=PeriodUnit.choices)
    trigger = models.CharField("Counted from", max_length=16, choices=Trigger.choices)
    fixed_date = models.CharField("Which date", max_length=60, blank=True)
    action = models.CharField(max_length=12, choices=Action.choices)
    anonymise_fields = models.JSONField("Fields to anonymise", default=list, blank=True)
    authority = models.CharField(
        max_length=300, help_text="Where the period comes from: a policy, the NPCC schedule, a MoPI group."
    )
    rationale = models.TextField(blank=True)
    review_first = models.BooleanField(
        "Review before disposal", default=False, help_text="The owner decides to keep or dispose before it happens."
    )
    notice_days = models.PositiveIntegerField(
        "Days' notice", default=30, help_text="How long before the due date a review opens or a disposal is shown."
    )
    active = models.BooleanField(default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["organisation", "record_type", "-active", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "record_type"], condition=Q(active=True), name="one_active_schedule_per_type"
            ),
            models.CheckConstraint(condition=Q(period_value__gt=0), name="retention_period_positive"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("retention:schedule_detail", args=[self.pk])

    @property
    def period_label(self) -> str:
        unit = self.get_period_unit_display().lower()
        return f"{self.period_value} {unit.removesuffix('s') if self.period_value == 1 else unit}"

    def due_on(self, trigger_on: datetime.date) -> datetime.date:
        """The day a record whose trigger fell on ``trigger_on`` is due for disposal."""
        if self.period_unit == PeriodUnit.DAYS:
            return trigger_on + datetime.timedelta(days=self.period_value)
        months = self.period_value * (12 if self.period_unit == PeriodUnit.YEARS else 1)
        return add_months(trigger_on, months)

    def latest_trigger(self, today: datetime.date) -> datetime.date:
        """No record whose trigger falls after this day is due by ``today`` (a few days' slack covers
        month ends: 31 January plus one month is 28 February)."""
        if self.period_unit == PeriodUnit.DAYS:
            return today - datetime.timedelta(days=self.period_value)
        months = self.period_value * (12 if self.period_unit == PeriodUnit.YEARS else 1)
        return add_months(today, -months) + datetime.timedelta(days=3)


class DatasetRetention(models.Model):
    """The schedule that governs a dataset's extracts and archives (copies made for projects)."""

    dataset = models.OneToOneField("governance.Dataset", on_delete=models.CASCADE, related_name="retention")
    schedule = models.ForeignKey(RetentionSchedule, on_delete=models.PROTECT, related_name="datasets")

    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"{self.dataset}: {self.schedule}"


class HoldScope(models.TextChoices):
    RECORD = "record", "One record"
    PROJECT = "project", "A project and every record of its chain"
    DATASET = "dataset", "A dataset and every record that uses it"


class HoldReason(models.TextChoices):
    LITIGATION = "litigation", "Litigation"
    IOPC = "iopc", "IOPC investigation"
    INQUIRY = "inquiry", "Public inquiry"
    INDIVIDUAL = "individual", "Open request from an individual"
    OTHER = "other", "Other"


class LegalHoldQuerySet(models.QuerySet["LegalHold"]):
    def in_force(self) -> LegalHoldQuerySet:
        return self.filter(released_at__isnull=True)


class LegalHold(models.Model):
    organisation = models.ForeignKey(
        "governance.Organisation", on_delete=models.PROTECT, related_name="legal_holds", editable=False
    )
    scope = models.CharField(max_length=8, choices=HoldScope.choices)
    record_type = models.CharField(max_length=60, blank=True)
    record_id = models.PositiveBigIntegerField(null=True, blank=True)
    record_label = models.CharField(max_length=200, blank=True)
    project = models.ForeignKey(
        "governance.Project", null=True, blank=True, on_delete=models.PROTECT, related_name="legal_holds"
    )
    dataset = models.ForeignKey(
        "governance.Dataset", null=True, blank=True, on_delete=models.PROTECT, related_name="legal_holds"
    )
    reason = models.CharField(max_length=12, choices=HoldReason.choices)
    details = models.TextField(help_text="What the hold is for, e.g. the claim or the investigation's reference.")
    placed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    placed_at = models.DateTimeField(default=timezone.now)
    released_at = models.DateTimeField(null=True, blank=True)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    release_reason = models.TextField(blank=True)

    objects = LegalHoldQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-placed_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(scope="record", record_id__isnull=False, project__isnull=True, dataset__isnull=True)
                    | Q(scope="project", project__isnull=False, record_id__isnull=True, dataset__isnull=True)
                    | Q(scope="dataset", dataset__isnull=False, record_id__isnull=True, project__isnull=True)
                ),
                name="hold_names_what_it_holds",
            ),
        ]
        indexes = [models.Index(fields=["record_type", "record_id"])]

    def __str__(self) -> str:
        return f"Hold on {self.subject}"

    def get_absolute_url(self) -> str:
        return reverse("retention:hold_detail", args=[self.pk])

    @property
    def subject(self) -> str:
        if self.scope == HoldScope.PROJECT and self.project:
            return f"the project {self.project.reference} {self.project.name}"
        if self.scope == HoldScope.DATASET and self.dataset:
            return f"the dataset {self.dataset.name}"
        return self.record_label


class Method(models.TextChoices):
    DELETED = "deleted", "Deleted"
    ANONYMISED = "anonymised", "Anonymised"
    CONFIRMED = "confirmed", "Deleted at the source (confirmed)"


class DisposalRecord(models.Model):
    """A tombstone: what was disposed of, under which schedule, when, how and on whose authority, with
    a SHA-256 of the record as it last stood. It holds no personal data and is never deleted."""

    organisation = models.ForeignKey("governance.Organisation", on_delete=models.PROTECT, related_name="+")
    record_type = models.CharField(max_length=60)
    record_id = models.PositiveBigIntegerField()
    label = models.CharField(max_length=200)
    schedule = models.ForeignKey(RetentionSchedule, on_delete=models.PROTECT, related_name="disposals")
    schedule_summary = models.TextField()
    trigger_on = models.DateField(null=True, blank=True)
    due_on = models.DateField()
    disposed_at = models.DateTimeField(default=timezone.now)
    method = models.CharField(max_length=12, choices=Method.choices)
    authorised_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    authority = models.TextField()
    sha256 = models.CharField("SHA-256 of the final snapshot", max_length=64)
    detail = models.JSONField(default=dict, help_text="Rows removed per kind, files removed.")

    class Meta:
        ordering = ["-disposed_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["record_type", "record_id", "method"], name="one_disposal_per_record"),
        ]
        indexes = [models.Index(fields=["organisation", "-disposed_at"])]

    def __str__(self) -> str:
        return f"{self.label}: {self.get_method_display().lower()} {self.disposed_at:%d %b %Y}"


class ReviewStatus(models.TextChoices):
    OPEN = "open", "Open"
    KEPT = "kept", "Kept"
    DISPOSE = "dispose", "To be disposed of"


class RetentionReview(models.Model):
    """A record due (or nearly due) under a schedule that asks for a review: its owner keeps it, with a
    new date and a reason, or lets it be disposed of."""

    organisation = models.ForeignKey("governance.Organisation", on_delete=models.PROTECT, related_name="+")
    record_type = models.CharField(max_length=60)
    record_id = models.PositiveBigIntegerField()
    label = models.CharField(max_length=200)
    schedule = models.ForeignKey(RetentionSchedule, on_delete=models.PROTECT, related_name="reviews")
    due_on = models.DateField()
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="retention_reviews")
    opened_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=8, choices=ReviewStatus.choices, default=ReviewStatus.OPEN)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    keep_until = models.DateField(null=True, blank=True)
    reason = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["due_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["record_type", "record_id"], condition=Q(status="open"), name="one_open_review_per_record"
            ),
            models.CheckConstraint(
                condition=~Q(status="kept") | Q(keep_until__isnull=False), name="a_kept_record_has_a_new_date"
            ),
        ]
        indexes = [models.Index(fields=["record_type", "record_id", "status"])]

    def __str__(self) -> str:
        return f"Review of {self.label}"

    def get_absolute_url(self) -> str:
        return reverse("retention:review_decide", args=[self.pk])


class ConfirmationStatus(models.TextChoices):
    OPEN = "open", "Waiting for confirmation"
    CONFIRMED = "confirmed", "Confirmed deleted"


class DisposalConfirmation(models.Model):
    """External data cannot be deleted by this service: when an extract of a dataset is due, its asset
    owner confirms it was deleted where it is held, how and when."""

    organisation = models.ForeignKey("governance.Organisation", on_delete=models.PROTECT, related_name="+")
    dataset = models.ForeignKey("governance.Dataset", on_delete=models.PROTECT, related_name="disposal_confirmations")
    extract_key = models.CharField(max_length=100, help_text="Which copy, e.g. the access grant it was made under.")
    extract_label = models.CharField(max_length=300)
    schedule = models.ForeignKey(RetentionSchedule, on_delete=models.PROTECT, related_name="confirmations")
    trigger_on = models.DateField()
    due_on = models.DateField()
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="disposal_confirmations")
    opened_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=10, choices=ConfirmationStatus.choices, default=ConfirmationStatus.OPEN)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    method = models.CharField("How it was deleted", max_length=300, blank=True)
    deleted_on = models.DateField("Date deleted", null=True, blank=True)
    note = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["due_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["dataset", "extract_key"], name="one_confirmation_per_extract"),
        ]

    def __str__(self) -> str:
        return f"Confirm deletion: {self.extract_label}"

    def get_absolute_url(self) -> str:
        return reverse("retention:confirmation_confirm", args=[self.pk])

    def overdue(self, today: datetime.date | None = None) -> bool:
        """Still open more than the schedule's notice after it fell due."""
        today = today or timezone.localdate()
        return self.status == ConfirmationStatus.OPEN and today > self.due_on + datetime.timedelta(
            days=self.schedule.notice_days
        )


class BlockedDisposal(models.Model):
    """A record past its date that could not be deleted, and why (e.g. a kept record still refers to
    it). Cleared when the record is finally disposed of."""

    organisation = models.ForeignKey("governance.Organisation", on_delete=models.PROTECT, related_name="+")
    record_type = models.CharField(max_length=60)
    record_id = models.PositiveBigIntegerField()
    label = models.CharField(max_length=200)
    due_on = models.DateField()
    reason = models.TextField()
    seen_at = models.DateTimeField()

    class Meta:
        ordering = ["due_on", "pk"]
        constraints = [models.UniqueConstraint(fields=["record_type", "record_id"], name="one_block_per_record")]

    def __str__(self) -> str:
        return f"{self.label}: {self.reason}"


class PendingFileDeletion(models.Model):
    """A stored file whose record has been disposed of. Written in the same transaction as the disposal,
    removed once the file is gone, so a sweep killed between the two finishes the job when it reruns."""

    storage_name = models.CharField(max_length=500)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.storage_name


class SweepRun(models.Model):
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    counts = models.JSONField(default=dict)

    class Meta:
        ordering = ["-started_at", "-pk"]

    def __str__(self) -> str:
        return f"Retention sweep {self.started_at:%d %b %Y %H:%M}"
