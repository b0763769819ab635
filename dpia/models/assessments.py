"""The stage-2 DPIA, in the ICO's seven steps, opened when a screening's outcome is C."""

from __future__ import annotations

import datetime
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
    from governance.models import User

# The ICO's reply to a prior consultation is due 8 weeks after it is sent, extendable by 6 weeks.
ICO_REPLY = datetime.timedelta(weeks=8)
ICO_EXTENSION = datetime.timedelta(weeks=6)


class Likelihood(models.IntegerChoices):
    REMOTE = 1, "Remote"
    POSSIBLE = 2, "Possible"
    PROBABLE = 3, "Probable"


class Severity(models.IntegerChoices):
    MINIMAL = 1, "Minimal"
    SIGNIFICANT = 2, "Significant"
    SEVERE = 3, "Severe"


class RiskLevel(models.TextChoices):
    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"


def risk_level(likelihood: int, severity: int) -> RiskLevel:
    """The ICO's 3×3 matrix: the further along both scales, the higher the risk."""
    score = likelihood + severity
    if score <= 3:
        return RiskLevel.LOW
    if score == 4:
        return RiskLevel.MEDIUM
    return RiskLevel.HIGH


class MeasureEffect(models.TextChoices):
    ELIMINATED = "eliminated", "Eliminated"
    REDUCED = "reduced", "Reduced"
    ACCEPTED = "accepted", "Accepted"


class DpoAdvice(models.TextChoices):
    ACCEPTED = "accepted", "Accepted"
    OVERRULED = "overruled", "Overruled"


class AssessmentStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", "In progress"
    SIGNED_OFF = "signed_off", "Signed off"


ASSESSMENT_WORKFLOW = Workflow(
    "assessment",
    AssessmentStatus,
    {AssessmentStatus.IN_PROGRESS: {AssessmentStatus.SIGNED_OFF}, AssessmentStatus.SIGNED_OFF: set()},
)


class AssessmentQuerySet(models.QuerySet["Assessment"]):
    def visible_to(self, user: User) -> AssessmentQuerySet:
        """As for screenings: those given to the user, and their own organisation's for its DPOs,
        SIRO and auditors."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        granted = has_object_permission_q(user, Assessment, "view")
        if user.reads_whole_organisation() and user.organisation_id:
            return self.filter(granted | Q(organisation_id=user.organisation_id))
        return self.filter(granted)


class Assessment(models.Model):
    reference = models.CharField(max_length=40, unique=True, editable=False)
    organisation = models.ForeignKey(
        "governance.Organisation", on_delete=models.PROTECT, related_name="assessments", editable=False
    )
    project = models.ForeignKey("governance.Project", on_delete=models.PROTECT, related_name="assessments")
    screening = models.OneToOneField(
        "dpia.Screening", on_delete=models.PROTECT, related_name="assessment", editable=False
    )
    status = models.CharField(max_length=16, choices=AssessmentStatus.choices, default=AssessmentStatus.IN_PROGRESS)

    # Step 1: identify the need
    need = models.TextField(
        "Why a DPIA is needed",
        blank=True,
        help_text="What the project aims to achieve and what type of processing it involves; why you identified "
        "the need for a DPIA.",
    )
    # Step 2: describe the processing
    nature = models.TextField(
        "The nature of the processing",
        blank=True,
        help_text="How you will collect, use, store and delete data; the source of the data; who it is shared "
        "with; any processing identified as likely high risk.",
    )
    scope = models.TextField(
        "The scope of the processing",
        blank=True,
        help_text="The nature of the data, including special category or criminal offence data; how much; how "
        "often; how long it is kept; how many individuals; the geographical area covered.",
    )
    context = models.TextField(
        "The context of the processing",
        blank=True,
        help_text="The relationship with the individuals; how much control they have; whether they would expect "
        "it; whether they include children or other vulnerable groups; prior concerns; public concern.",
    )
    purposes = models.TextField(
        "The purposes of the processing",
        blank=True,
        help_text="What you want to achieve; the intended effect on individuals; the benefits for you and more "
        "broadly.",
    )
    # Step 3: consultation
    consultation = models.TextField(
        "Consultation",
        blank=True,
        help_text="How you consulted relevant stakeholders (individuals, their representatives, processors, "
        "security experts, the ethics committee), and when; or why it was not appropriate.",
    )
    # Step 4: necessity and proportionality
    necessity_proportionality = models.TextField(
        "Necessity and proportionality",
        blank=True,
        help_text="Your lawful basis; whether the processing achieves the purpose; whether there is another way; "
        "how you prevent function creep, ensure data quality and minimisation, inform individuals, support "
        "their rights, ensure processors comply and safeguard any international transfers.",
    )
    # Step 7: sign off and record outcomes
    measures_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="Measures approved by",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    residual_risks_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="Residual risks approved by",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    dpo_advice = models.TextField("DPO advice", blank=True)
    dpo_advice_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    dpo_advice_response = models.CharField(
        "DPO advice accepted or overruled", max_length=16, choices=DpoAdvice.choices, blank=True
    )
    overrule_reasons = models.TextField("Reasons for overruling the DPO's advice", blank=True)
    kept_under_review_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="This DPIA will be kept under review by",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    next_review_on = models.DateField("Next review date", null=True, blank=True)
    signed_off_at = models.DateTimeField(null=True, blank=True, editable=False)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = AssessmentQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.reference} {self.project.name}"

    def get_absolute_url(self) -> str:
        return reverse("dpia:assessment_detail", args=[self.pk])

    @property
    def name(self) -> str:
        return f"Full DPIA for {self.project.name}"

    @property
    def is_signed_off(self) -> bool:
        return self.status == AssessmentStatus.SIGNED_OFF


class AssessmentUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Assessment, on_delete=models.CASCADE)


class AssessmentGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Assessment, on_delete=models.CASCADE)


class Risk(models.Model):
    """Step 5: a risk to individuals, scored on the ICO's likelihood and severity scales."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="risks")
    description = models.TextField(
        "Risk to individuals", help_text="The source of the risk and the nature of the potential impact."
    )
    source = models.CharField("Source", max_length=200, help_text="For example, a data breach, or inaccurate data.")
    likelihood = models.PositiveSmallIntegerField(choices=Likelihood.choices)
    severity = models.PositiveSmallIntegerField(choices=Severity.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.description[:80]

    def get_absolute_url(self) -> str:
        return self.assessment.get_absolute_url()

    @property
    def level(self) -> RiskLevel:
        return risk_level(self.likelihood, self.severity)


class Measure(models.Model):
    """Step 6: a measure that reduces or eliminates a risk, and the risk left after it."""

    risk = models.ForeignKey(Risk, on_delete=models.CASCADE, related_name="measures")
    description = models.TextField("Options to reduce or eliminate risk")
    effect = models.CharField("Effect on risk", max_length=16, choices=MeasureEffect.choices)
    residual_risk = models.CharField("Residual risk", max_length=8, choices=RiskLevel.choices)
    approved = models.BooleanField("Measure approved", default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.description[:80]

    def get_absolute_url(self) -> str:
        return self.risk.assessment.get_absolute_url()


class PriorConsultation(models.Model):
    """Prior consultation with the ICO (UK GDPR Article 36; DPA 2018 s.65), needed when a high risk remains."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="consultations")
    sent_on = models.DateField("Date sent to the ICO")
    extended = models.BooleanField(
        "The ICO extended its reply by 6 weeks", default=False, help_text="For complex processing."
    )
    ico_reference = models.CharField("ICO reference", max_length=64, blank=True)
    outcome = models.TextField("The ICO's written advice", blank=True)
    replied_on = models.DateField("Date of the ICO's reply", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["sent_on", "pk"]

    def __str__(self) -> str:
        return f"ICO consultation sent {self.sent_on:%d %B %Y}"

    def get_absolute_url(self) -> str:
        return self.assessment.get_absolute_url()

    @property
    def reply_due_on(self) -> datetime.date:
        return self.sent_on + ICO_REPLY + (ICO_EXTENSION if self.extended else datetime.timedelta())
