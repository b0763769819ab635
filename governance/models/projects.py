from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase
from simple_history.models import HistoricalRecords

from governance.permissions import has_object_permission_q
from governance.workflow import Workflow

if TYPE_CHECKING:
    from governance.models.users import User


class ProjectStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposed"
    ACTIVE = "active", "Active"
    SUSPENDED = "suspended", "Suspended"
    CLOSED = "closed", "Closed"
    WITHDRAWN = "withdrawn", "Withdrawn"


PROJECT_WORKFLOW = Workflow(
    "project",
    ProjectStatus,
    {
        ProjectStatus.PROPOSED: {ProjectStatus.ACTIVE, ProjectStatus.WITHDRAWN},
        ProjectStatus.ACTIVE: {ProjectStatus.SUSPENDED, ProjectStatus.CLOSED},
        ProjectStatus.SUSPENDED: {ProjectStatus.ACTIVE, ProjectStatus.CLOSED},
        ProjectStatus.CLOSED: set(),
        ProjectStatus.WITHDRAWN: set(),
    },
)


class ProjectQuerySet(models.QuerySet["Project"]):
    def visible_to(self, user: User) -> ProjectQuerySet:
        """Projects of the user's own organisation (the record of processing activities is an
        organisational register) and any project shared with them by an object permission."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        return self.filter(Q(organisation_id=user.organisation_id) | has_object_permission_q(user, Project, "view"))


class Project(models.Model):
    """A processing activity: the hub of its screenings, assessments, ethics cases and requests."""

    reference = models.CharField(max_length=40, unique=True, editable=False)
    name = models.CharField("Project name", max_length=200)
    organisation = models.ForeignKey(
        "governance.Organisation", on_delete=models.PROTECT, related_name="projects", editable=False
    )
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="Project lead",
        on_delete=models.PROTECT,
        related_name="projects_led",
    )
    information_asset_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="Information asset owner",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="projects_owned",
        help_text="The senior person accountable for the information this project uses.",
    )
    information_custodian = models.CharField(
        max_length=200,
        blank=True,
        help_text="Who looks after the information day to day, e.g. “Superintendent, Data Analytics Lab”.",
    )
    purpose = models.TextField(
        help_text="What the processing is for, in words someone with no prior knowledge would understand."
    )
    datasets = models.ManyToManyField("governance.Dataset", blank=True, related_name="projects")
    status = models.CharField(max_length=16, choices=ProjectStatus.choices, default=ProjectStatus.PROPOSED)
    start_date = models.DateField("Processing starts", null=True, blank=True)
    end_date = models.DateField("Processing ends", null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = ProjectQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[datasets], excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["organisation", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="project_ends_after_it_starts",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("project_detail", args=[self.pk])


class ProjectUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Project, on_delete=models.CASCADE)


class ProjectGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Project, on_delete=models.CASCADE)
