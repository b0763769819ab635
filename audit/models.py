"""The audit trail: an append-only, hash-chained log of events, and the audit packs built from it."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse


class AuditEvent(models.Model):
    """One thing that happened: who did which action to which record, and when.

    Events hold ids and action names, never personal data, so they outlive the records they describe
    (a disposed record's events stay). ``seq``, ``prev_hash`` and ``hash`` are the seal: the sealer
    numbers events in order and chains each hash over its content and the previous event's hash, so a
    changed or deleted event breaks the chain. On PostgreSQL a trigger refuses updates (except the
    sealing of an unsealed event) and deletes.
    """

    id = models.BigAutoField(primary_key=True)
    occurred_at = models.DateTimeField(db_index=True)
    actor_id = models.BigIntegerField(null=True, blank=True)  # a user's id; no foreign key, it outlives them
    action = models.CharField(max_length=120)  # e.g. "dpia.screening_submit", "isa.agreement.viewed"
    record_type = models.CharField(max_length=100, blank=True)  # "<app_label>.<model_name>"
    record_id = models.CharField(max_length=64, blank=True)
    organisation_id = models.BigIntegerField(null=True, blank=True)
    project_id = models.BigIntegerField(null=True, blank=True)
    details = models.JSONField(default=dict, blank=True)  # field names and status codes, never values
    justification = models.TextField(blank=True)  # why the record was consulted, where it is asked
    seq = models.BigIntegerField(null=True, blank=True, unique=True)
    prev_hash = models.CharField(max_length=64, blank=True)
    hash = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["id"]
        indexes = [
            models.Index(fields=["organisation_id", "occurred_at"], name="audit_event_org_when"),
            models.Index(fields=["project_id", "occurred_at"], name="audit_event_project_when"),
            models.Index(fields=["record_type", "record_id"], name="audit_event_record"),
            models.Index(fields=["id"], condition=Q(seq__isnull=True), name="audit_event_unsealed"),
        ]

    def __str__(self) -> str:
        return f"Event {self.pk}: {self.action}"

    @property
    def sealed(self) -> bool:
        return self.seq is not None


class PackScope(models.TextChoices):
    PROJECT = "project", "A project and its whole chain"
    ORGANISATION = "organisation", "An organisation over a period"


class PackStatus(models.TextChoices):
    QUEUED = "queued", "Waiting to start"
    RENDERING = "rendering", "Being built"
    READY = "ready", "Ready"
    FAILED = "failed", "Failed"


class AuditPack(models.Model):
    """A PDF of the records, their history, decisions, events and disposals in a scope, built by the worker."""

    organisation = models.ForeignKey("governance.Organisation", on_delete=models.PROTECT, related_name="audit_packs")
    scope = models.CharField(max_length=16, choices=PackScope.choices)
    project = models.ForeignKey(
        "governance.Project", on_delete=models.SET_NULL, null=True, blank=True, related_name="audit_packs"
    )
    project_label = models.CharField(max_length=200, blank=True)  # the reference, kept if the project goes
    period_from = models.DateField(null=True, blank=True)
    period_to = models.DateField(null=True, blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="audit_packs")
    requested_at = models.DateTimeField(auto_now_add=True)
    purpose = models.CharField(
        max_length=200, help_text="Who the pack is for and why, e.g. the ICO's inquiry of 3 March."
    )
    status = models.CharField(max_length=16, choices=PackStatus.choices, default=PackStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)  # sections done
    sections = models.PositiveSmallIntegerField(default=0)  # sections in all
    stage = models.CharField(max_length=120, blank=True)  # the section being built, for the progress bar
    heartbeat_at = models.DateTimeField(null=True, blank=True)  # last progress; a stale one can be retried
    error = models.TextField(blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    file = models.FileField(upload_to="audit-packs/%Y/%m/", blank=True)
    sha256 = models.CharField("SHA-256 of the PDF", max_length=64, blank=True)
    data_sha256 = models.CharField("SHA-256 of the pack's data", max_length=64, blank=True)
    chain_head = models.CharField("Audit chain head", max_length=64, blank=True)
    chain_seq = models.BigIntegerField(null=True, blank=True)
    pages = models.PositiveIntegerField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(scope="organisation", period_from__isnull=False, period_to__isnull=False)
                | Q(scope="project"),
                name="audit_pack_organisation_has_period",
            )
        ]

    def __str__(self) -> str:
        return f"Audit pack {self.pk}: {self.scope_label}"

    def get_absolute_url(self) -> str:
        return reverse("audit:pack_detail", args=[self.pk])

    @property
    def scope_label(self) -> str:
        if self.scope == PackScope.PROJECT:
            return f"Project {self.project_label}"
        return f"{self.organisation} from {self.period_from:%-d %B %Y} to {self.period_to:%-d %B %Y}"

    @property
    def percent(self) -> int:
        if self.status == PackStatus.READY:
            return 100
        return int(100 * self.progress / self.sections) if self.sections else 0

    def progress_state(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "status_label": self.get_status_display(),
            "percent": self.percent,
            "stage": self.stage,
            "error": self.error,
        }
