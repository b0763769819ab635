"""Analysts' requests for access to datasets, the approvals each dataset needs, and the time-limited
grants that approval creates."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase
from simple_history.models import HistoricalRecords

from dpia.questions import YesNo
from governance.permissions import has_object_permission_q
from governance.workflow import Workflow

if TYPE_CHECKING:
    from governance.models import User


class RequestStatus(models.TextChoices):
    SUBMITTED = "submitted", "Submitted"
    INFO_REQUESTED = "info_requested", "More information needed"
    APPROVED = "approved", "Approved"
    REFUSED = "refused", "Refused"
    WITHDRAWN = "withdrawn", "Withdrawn"


REQUEST_WORKFLOW = Workflow(
    "access request",
    RequestStatus,
    {
        RequestStatus.SUBMITTED: {
            RequestStatus.INFO_REQUESTED,
            RequestStatus.APPROVED,
            RequestStatus.REFUSED,
            RequestStatus.WITHDRAWN,
        },
        RequestStatus.INFO_REQUESTED: {RequestStatus.SUBMITTED, RequestStatus.WITHDRAWN},
        RequestStatus.APPROVED: set(),
        RequestStatus.REFUSED: set(),
        RequestStatus.WITHDRAWN: set(),
    },
)


class AccessRequestQuerySet(models.QuerySet["AccessRequest"]):
    def visible_to(self, user: User) -> AccessRequestQuerySet:
        """The requester's own; the DPO's, SIRO's and auditors' organisation's; and those asking for a
        dataset the user owns as its asset owner."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        lines = RequestedDataset.objects.filter(request=OuterRef("pk"))
        mine = Q(requester_id=user.pk) | has_object_permission_q(user, AccessRequest, "view")
        owned = Exists(lines.filter(dataset__information_asset_owner_id=user.pk))
        if user.organisation_id and user.reads_whole_organisation():
            # Requests by the organisation's people, and partners' requests for its datasets.
            theirs = Exists(lines.filter(dataset__organisation_id=user.organisation_id))
            return self.filter(mine | owned | Q(organisation_id=user.organisation_id) | theirs)
        return self.filter(mine | owned)


class AccessRequest(models.Model):
    reference = models.CharField(max_length=40, unique=True, editable=False)
    requester = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="access_requests")
    organisation = models.ForeignKey(
        "governance.Organisation", on_delete=models.PROTECT, related_name="access_requests", editable=False
    )
    project = models.ForeignKey("governance.Project", on_delete=models.PROTECT, related_name="access_requests")
    status = models.CharField(max_length=16, choices=RequestStatus.choices, default=RequestStatus.SUBMITTED)

    # What the seed workshop says every data request must answer.
    research_questions = models.TextField(
        "What are the specific research questions?",
        help_text="List the questions the analysis will answer.",
    )
    policing_benefit = models.TextField(
        "How will the answers inform operational or strategic policing?",
        help_text="Who will use the findings, and what decision they will inform.",
    )
    # The Five Safes.
    safe_project = models.TextField("Safe project", help_text="Is this use of the data appropriate and lawful?")
    safe_people = models.TextField("Safe people", help_text="Who will see the data, and are they trained and vetted?")
    safe_setting = models.TextField("Safe setting", help_text="Where will the data be held and analysed?")
    safe_data = models.TextField("Safe data", help_text="How is disclosure risk in the data itself reduced?")
    safe_outputs = models.TextField(
        "Safe outputs", help_text="How are results checked before they leave the setting (e.g. small numbers)?"
    )
    fields_needed = models.TextField("Fields needed", help_text="The fields you need from each dataset, and why.")
    pseudonymised_sufficient = models.CharField("Would pseudonymised data do?", max_length=3, choices=YesNo.choices)
    pseudonymised_reason = models.TextField(
        "Why identifiable data is needed", blank=True, help_text="Needed when pseudonymised data would not do."
    )
    start_date = models.DateField("Access from")
    end_date = models.DateField("Access until")

    info_question = models.TextField("What the approver needs", blank=True, editable=False)
    info_asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", editable=False
    )
    decided_at = models.DateTimeField(
        "Closed at", null=True, blank=True, editable=False, help_text="When it was decided or withdrawn."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = AccessRequestQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["organisation", "status"])]
        constraints = [
            models.CheckConstraint(condition=Q(end_date__gte=models.F("start_date")), name="access_ends_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.project.name}"

    def get_absolute_url(self) -> str:
        return reverse("isa:request_detail", args=[self.pk])

    @property
    def name(self) -> str:
        return f"Access request for {self.project.name}"

    @property
    def is_open(self) -> bool:
        return self.status in (RequestStatus.SUBMITTED, RequestStatus.INFO_REQUESTED)


class AccessRequestUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(AccessRequest, on_delete=models.CASCADE)


class AccessRequestGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(AccessRequest, on_delete=models.CASCADE)


class LineStatus(models.TextChoices):
    PENDING = "pending", "Waiting for approval"
    APPROVED = "approved", "Approved"
    REFUSED = "refused", "Refused"


class RequestedDataset(models.Model):
    """One dataset of a request: its asset owner decides, and the DPO too where it holds personal data."""

    request = models.ForeignKey(AccessRequest, on_delete=models.CASCADE, related_name="lines")
    dataset = models.ForeignKey("governance.Dataset", on_delete=models.PROTECT, related_name="requested_in")
    status = models.CharField(max_length=16, choices=LineStatus.choices, default=LineStatus.PENDING)

    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["request", "dataset"], name="requested_dataset_once")]

    def __str__(self) -> str:
        return f"{self.dataset.name} in {self.request.reference}"

    def get_absolute_url(self) -> str:
        return self.request.get_absolute_url()


class ApproverRole(models.TextChoices):
    ASSET_OWNER = "asset_owner", "Information asset owner"
    DPO = "dpo", "Data Protection Officer"


class Decision(models.TextChoices):
    APPROVE = "approve", "Approve"
    REFUSE = "refuse", "Refuse"


class Approval(models.Model):
    line = models.ForeignKey(RequestedDataset, on_delete=models.CASCADE, related_name="approvals")
    role = models.CharField(max_length=16, choices=ApproverRole.choices)
    decision = models.CharField(max_length=8, choices=Decision.choices)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(auto_now_add=True)
    conditions = models.TextField("Conditions or reasons", blank=True)
    # Approvals are cleared when the requester answers a question and resubmits; kept for the record.
    superseded = models.BooleanField(default=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["decided_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["line", "role"], condition=Q(superseded=False), name="one_current_decision_per_role"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_decision_display()} by {self.decided_by} as {self.get_role_display()}"


class GrantStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    SUSPENDED = "suspended", "Suspended"
    EXPIRED = "expired", "Expired"
    REVOKED = "revoked", "Revoked"


class AccessGrantQuerySet(models.QuerySet["AccessGrant"]):
    def visible_to(self, user: User) -> AccessGrantQuerySet:
        """The grantee's own grants; the asset owner's for their datasets; the organisation's for its DPO,
        SIRO and auditors (grants to its people, and grants on its datasets)."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        mine = Q(user_id=user.pk) | Q(dataset__information_asset_owner_id=user.pk)
        if user.organisation_id and user.reads_whole_organisation():
            mine |= Q(user__organisation_id=user.organisation_id) | Q(dataset__organisation_id=user.organisation_id)
        return self.filter(mine)

    def current(self) -> AccessGrantQuerySet:
        return self.filter(status=GrantStatus.ACTIVE)


class AccessGrant(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="access_grants")
    dataset = models.ForeignKey("governance.Dataset", on_delete=models.PROTECT, related_name="access_grants")
    request = models.ForeignKey(AccessRequest, on_delete=models.PROTECT, related_name="grants")
    agreement = models.ForeignKey(
        "isa.Agreement",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="grants",
        help_text="The agreement the access rests on, where the dataset belongs to another organisation.",
    )
    starts_on = models.DateField()
    expires_on = models.DateField()
    status = models.CharField(max_length=16, choices=GrantStatus.choices, default=GrantStatus.ACTIVE)
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AccessGrantQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["expires_on", "pk"]
        indexes = [
            models.Index(fields=["status", "expires_on"]),
            models.Index(fields=["user", "dataset", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.dataset.name} until {self.expires_on:%d %b %Y}"

    def get_absolute_url(self) -> str:
        return self.request.get_absolute_url()
