from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase
from simple_history.models import HistoricalRecords

from dpia.questions import (
    AdministrativeBasis,
    AdministrativeCondition,
    AgreementInPlace,
    OperationalBasis,
    Outcome,
    Schedule8Condition,
    ScreeningSpecialCategory,
    SubstantialPublicInterestPurpose,
    YesNo,
)
from governance.choices import DataSubjectCategory, VolumeBand
from governance.permissions import permitted_q
from governance.roles import Role
from governance.workflow import Workflow

if TYPE_CHECKING:
    from governance.models import User


class ScreeningStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    IN_REVIEW = "in_review", "In review"
    RETURNED = "returned", "Returned for more information"
    CONDITIONAL = "conditional", "B – conditional"
    DECIDED = "decided", "Decided"
    WITHDRAWN = "withdrawn", "Withdrawn"


# Statuses in which the DPO's response is owed, so the 10-working-day clock runs.
AWAITING_DPO = (ScreeningStatus.SUBMITTED, ScreeningStatus.IN_REVIEW)
# Statuses in which the author and project lead may change the answers.
EDITABLE = (ScreeningStatus.DRAFT, ScreeningStatus.RETURNED)

SCREENING_WORKFLOW = Workflow(
    "screening",
    ScreeningStatus,
    {
        ScreeningStatus.DRAFT: {ScreeningStatus.SUBMITTED, ScreeningStatus.WITHDRAWN},
        ScreeningStatus.SUBMITTED: {
            ScreeningStatus.IN_REVIEW,
            ScreeningStatus.RETURNED,
            ScreeningStatus.CONDITIONAL,
            ScreeningStatus.DECIDED,
        },
        ScreeningStatus.IN_REVIEW: {
            ScreeningStatus.RETURNED,
            ScreeningStatus.CONDITIONAL,
            ScreeningStatus.DECIDED,
        },
        ScreeningStatus.RETURNED: {ScreeningStatus.SUBMITTED, ScreeningStatus.WITHDRAWN},
        # B stays conditional until every remedial action is done, or the DPO escalates it to C.
        ScreeningStatus.CONDITIONAL: {ScreeningStatus.DECIDED, ScreeningStatus.DRAFT},
        # Reopening a decided screening (the processing changed) starts a new round of answers.
        ScreeningStatus.DECIDED: {ScreeningStatus.DRAFT},
        ScreeningStatus.WITHDRAWN: set(),
    },
)


class ScreeningQuerySet(models.QuerySet["Screening"]):
    def visible_to(self, user: User) -> ScreeningQuerySet:
        """Screenings the user was given (author, project lead, the organisation's named DPO), and, once
        submitted, every screening of their own organisation for its DPOs, SIRO and auditors."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        own = []
        if user.reads_whole_organisation() and user.organisation_id:
            own.append(Q(organisation_id=user.organisation_id) & ~Q(status=ScreeningStatus.DRAFT))
        return self.filter(permitted_q(user, Screening, "view", *own))

    def reviewable_by(self, user: User) -> ScreeningQuerySet:
        """Screenings this user reviews as a DPO: their own organisation's, and any they were asked to."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        # Index scans OR'ed together, as for visible_to: an OR of "own organisation" with a plain IN
        # subquery for "asked" made PostgreSQL scan every screening.
        own = []
        if user.has_role(Role.DPO) and user.organisation_id:
            own.append(Q(organisation_id=user.organisation_id))
        return self.filter(permitted_q(user, Screening, "review", *own)).exclude(status=ScreeningStatus.DRAFT)


def _yes_no(label: str = "") -> models.CharField[Any, Any]:
    return models.CharField(label, max_length=3, choices=YesNo.choices, blank=True)


def _details() -> models.TextField[Any, Any]:
    return models.TextField("Further details", blank=True)


class Screening(models.Model):
    """A DPIA stage-1 screening: the seed form's answers, the DPO's outcome, and where it stands."""

    reference = models.CharField(max_length=40, unique=True, editable=False)
    organisation = models.ForeignKey(
        "governance.Organisation", on_delete=models.PROTECT, related_name="screenings", editable=False
    )
    project = models.ForeignKey(
        "governance.Project",
        verbose_name="Project Proposal Name",
        on_delete=models.PROTECT,
        related_name="screenings",
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="screenings_written")
    status = models.CharField(max_length=16, choices=ScreeningStatus.choices, default=ScreeningStatus.DRAFT)

    # Section 1 – Governance
    information_asset_owner = models.CharField("Information Asset Owner", max_length=200, blank=True)
    information_custodian = models.CharField("Information Custodian", max_length=200, blank=True)
    dpia_coordinator = models.CharField("DPIA Coordinator", max_length=200, blank=True)
    processing_commences = models.DateField("Date on which processing will commence", null=True, blank=True)
    submitted_on = models.DateField("Date submitted to DPO", null=True, blank=True, editable=False)
    due_on = models.DateField("DPO response due", null=True, blank=True, editable=False)

    # Section 2 – Purpose, Scope and Context
    aim_and_purpose = models.TextField("2.1 Aim and purpose", blank=True)
    personal_data = models.TextField("2.2 Categories of personal data", blank=True)
    special_categories = models.JSONField("2.3 Special category data", default=list, blank=True)
    collection = models.TextField("2.4 How the data will be collected", blank=True)
    use = models.TextField("2.5 How the data will be used", blank=True)
    volume = models.CharField("2.6 Number of individuals", max_length=16, choices=VolumeBand.choices, blank=True)
    data_subjects = models.JSONField("2.7 Categories of data subject", default=list, blank=True)
    data_subjects_other = models.TextField("2.7 Other data subjects", blank=True)
    new_information = _yes_no("2.8 New information about individuals")
    shared_with_third_parties = _yes_no("2.10.1 Shared with third parties")
    transfer_within_eu = _yes_no("2.10.2 Transfer outside the UK within the EU")
    transfer_outside_eu = _yes_no("2.10.3 Transfer outside the EU")
    cloud_provider = _yes_no("2.10.4 Stored with a cloud service provider")
    agreement_in_place = models.CharField(
        "2.10.5 Sharing agreement in place", max_length=16, choices=AgreementInPlace.choices, blank=True
    )
    necessity = models.TextField("2.10 Necessity", blank=True)
    proportionality = models.TextField("2.11 Proportionality", blank=True)

    # Section 3 – Lawful Basis
    operational_basis = models.CharField(
        "Lawful basis for operational data", max_length=16, choices=OperationalBasis.choices, blank=True
    )
    administrative_basis = models.CharField(
        "Lawful basis for administrative data", max_length=4, choices=AdministrativeBasis.choices, blank=True
    )
    operational_strictly_necessary = models.BooleanField("Operational data: strictly necessary", default=False)
    operational_condition = models.CharField(
        "Operational data: Schedule 8 condition", max_length=2, choices=Schedule8Condition.choices, blank=True
    )
    administrative_condition = models.CharField(
        "Administrative data: Article 9 condition",
        max_length=3,
        choices=AdministrativeCondition.choices,
        blank=True,
    )
    administrative_public_interest = models.BooleanField(
        "Administrative data: substantial public interest", default=False
    )
    administrative_public_interest_purpose = models.CharField(
        "Administrative data: substantial public interest purpose",
        max_length=3,
        choices=SubstantialPublicInterestPurpose.choices,
        blank=True,
    )

    # Section 4 – Review, Retention and Disposal
    retention_compliant = _yes_no("4.1 Complies with the retention policy")
    retention_schedule = models.CharField("4.1 Retention schedule", max_length=200, blank=True)
    retention_gap = models.TextField("4.1 What is missing", blank=True)

    # Section 5 – ICO: Additional Factors (each a yes or no, with details when yes)
    profiling = _yes_no("5.1 Profiling and automated decision-making")
    profiling_details = _details()
    large_scale_sensitive = _yes_no("5.2 Large scale special category or criminal offence data")
    large_scale_sensitive_details = _details()
    public_monitoring = _yes_no("5.3 Public monitoring")
    public_monitoring_details = _details()
    new_technology = _yes_no("5.4 New technologies or techniques")
    new_technology_details = _details()
    denial_of_service = _yes_no("5.5 Decisions on access to a service")
    denial_of_service_details = _details()
    biometric_genetic = _yes_no("5.6 Biometrics or genetic data")
    biometric_genetic_details = _details()
    data_matching = _yes_no("5.7 Data matching")
    data_matching_details = _details()
    invisible_processing = _yes_no("5.8 Invisible processing")
    invisible_processing_details = _details()
    tracking = _yes_no("5.9 Tracking")
    tracking_details = _details()
    targeting_vulnerable = _yes_no("5.10 Targeting of children or vulnerable individuals")
    targeting_vulnerable_details = _details()
    physical_harm = _yes_no("5.11 Risk of physical harm")
    physical_harm_details = _details()
    evaluation_scoring = _yes_no("5.12 Evaluation or scoring")
    evaluation_scoring_details = _details()
    large_scale = _yes_no("5.13 Large scale")
    large_scale_details = _details()
    prevents_rights = _yes_no("5.14 Preventing the exercise of a right")
    prevents_rights_details = _details()

    # DPO Use Only
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="Reviewing DPO",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="screenings_reviewed",
        editable=False,
    )
    outcome = models.CharField("DPO outcome", max_length=1, choices=Outcome.choices, blank=True, editable=False)
    outcome_reasons = models.TextField("Reasons for the outcome", blank=True, editable=False)
    decided_on = models.DateField("Decided on", null=True, blank=True, editable=False)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    JSON_CHOICES: ClassVar[dict[str, type[models.TextChoices]]] = {
        "special_categories": ScreeningSpecialCategory,
        "data_subjects": DataSubjectCategory,
    }

    objects = ScreeningQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-created_at", "-pk"]
        permissions = [("review_screening", "Review a screening as its DPO")]
        indexes = [
            models.Index(fields=["organisation", "status", "due_on"]),
            models.Index(fields=["project", "-created_at"]),
            # "Submitted screenings of an organisation" (what its DPOs, SIRO and auditors read in
            # visible_to) as one index condition, so it can be OR'ed with the permitted ids in a
            # BitmapOr with no per-row filter left over.
            models.Index(fields=["organisation"], condition=~Q(status="draft"), name="screening_org_submitted_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome="") | Q(status__in=["conditional", "decided"]),
                name="screening_outcome_only_once_decided",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.project.name}"

    def get_absolute_url(self) -> str:
        return reverse("dpia:screening_detail", args=[self.pk])

    @property
    def name(self) -> str:
        return f"DPIA screening for {self.project.name}"

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE

    @property
    def awaiting_dpo(self) -> bool:
        return self.status in AWAITING_DPO

    @property
    def is_settled(self) -> bool:
        """Whether the screening lets the project go ahead: A, B with every action done, or C with a
        signed-off assessment (the access-request prerequisite reads this)."""
        if self.status != ScreeningStatus.DECIDED:
            return False
        if self.outcome == Outcome.C:
            assessment = getattr(self, "assessment", None)
            return assessment is not None and assessment.is_signed_off
        return self.outcome in (Outcome.A, Outcome.B)


class ScreeningUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Screening, on_delete=models.CASCADE)


class ScreeningGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Screening, on_delete=models.CASCADE)


class ScreeningVersion(models.Model):
    """The answers as submitted, once per submission: the DPO reviews a version, and versions can be compared."""

    screening = models.ForeignKey(Screening, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    answers = models.JSONField()
    submitted_at = models.DateTimeField()
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_on = models.DateField()
    due_on = models.DateField()
    response_note = models.TextField(
        "What changed", blank=True, help_text="The author's answer to the DPO's request for more information."
    )
    returned_at = models.DateTimeField(null=True, blank=True)
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    return_reason = models.TextField("What the DPO needs", blank=True)
    outcome = models.CharField(max_length=1, choices=Outcome.choices, blank=True)
    outcome_reasons = models.TextField(blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["screening", "number"]
        constraints = [models.UniqueConstraint(fields=["screening", "number"], name="screening_version_once")]

    def __str__(self) -> str:
        return f"{self.screening.reference} version {self.number}"


class DpoComment(models.Model):
    """The DPO's comment on one question of one submitted version."""

    version = models.ForeignKey(ScreeningVersion, on_delete=models.CASCADE, related_name="comments")
    question = models.CharField(max_length=64)
    text = models.TextField()
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"Comment on {self.question} of {self.version}"


class RemedialActionQuerySet(models.QuerySet["RemedialAction"]):
    def open(self) -> RemedialActionQuerySet:
        return self.filter(done_at__isnull=True)


class RemedialAction(models.Model):
    """What must be done for outcome B to stand (otherwise a DPIA is required)."""

    screening = models.ForeignKey(Screening, on_delete=models.CASCADE, related_name="remedial_actions")
    description = models.TextField("Action")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="remedial_actions")
    due_on = models.DateField("Due date")
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    done_note = models.TextField("How it was done", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RemedialActionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.description[:80]

    def get_absolute_url(self) -> str:
        return self.screening.get_absolute_url()
