"""Information sharing agreements: the ICO Data Sharing Code's checklist as a record, its parties and
their signatures, the datasets it covers (who provides each to whom), and its attachments."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase
from simple_history.models import HistoricalRecords

from governance.choices import DataSubjectCategory
from governance.models.documents import UploadedDocument
from governance.permissions import has_object_permission_q
from governance.workflow import Workflow

if TYPE_CHECKING:
    from governance.models import User


class LegalPower(models.TextChoices):
    """Powers often relied on for police and partnership sharing (``domain.md``)."""

    CDA_115 = "cda_1998_s115", "Crime and Disorder Act 1998 s.115"
    PCSC_16 = "pcsc_2022_s16", "Police, Crime, Sentencing and Courts Act 2022 s.16 (Serious Violence Duty)"
    PCSC_17 = "pcsc_2022_s17", "Police, Crime, Sentencing and Courts Act 2022 s.17 (PCC may require information)"
    PRSRA_36 = "prsra_2011_s36", "Police Reform and Social Responsibility Act 2011 s.36"
    CHILDREN_ACT = "children_2004_s10_11", "Children Act 2004 ss.10–11"
    COMMON_LAW = "common_law", "Common law policing purpose"
    OTHER = "other", "Other (described below)"


class LawfulBasis(models.TextChoices):
    LAW_ENFORCEMENT = "part3", "DPA 2018 Part 3: necessary for a law enforcement purpose (s.35(2)(b))"
    LEGAL_OBLIGATION = "6c", "UK GDPR Article 6(1)(c): legal obligation"
    PUBLIC_TASK = "6e", "UK GDPR Article 6(1)(e): public task"
    RECOGNISED_INTERESTS = "6ea", "UK GDPR Article 6(1)(ea): recognised legitimate interests"
    CONSENT = "6a", "UK GDPR Article 6(1)(a): consent"
    LEGITIMATE_INTERESTS = "6f", "UK GDPR Article 6(1)(f): legitimate interests"


class PartyRole(models.TextChoices):
    PROVIDER = "provider", "Provider"
    RECIPIENT = "recipient", "Recipient"
    JOINT = "joint", "Joint controller"


class AgreementStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    AWAITING_SIGNATURES = "awaiting_signatures", "Awaiting signatures"
    ACTIVE = "active", "Active"
    REVIEW_DUE = "review_due", "Review due"
    EXPIRED = "expired", "Expired"
    TERMINATED = "terminated", "Terminated"
    SUPERSEDED = "superseded", "Superseded"


# An agreement in force: data may flow under it.
IN_FORCE = (AgreementStatus.ACTIVE, AgreementStatus.REVIEW_DUE)
ENDED = (AgreementStatus.EXPIRED, AgreementStatus.TERMINATED, AgreementStatus.SUPERSEDED)

AGREEMENT_WORKFLOW = Workflow(
    "sharing agreement",
    AgreementStatus,
    {
        AgreementStatus.DRAFT: {AgreementStatus.AWAITING_SIGNATURES, AgreementStatus.TERMINATED},
        AgreementStatus.AWAITING_SIGNATURES: {
            AgreementStatus.ACTIVE,
            AgreementStatus.DRAFT,
            AgreementStatus.TERMINATED,
        },
        AgreementStatus.ACTIVE: {
            AgreementStatus.REVIEW_DUE,
            AgreementStatus.AWAITING_SIGNATURES,  # a major change: every party signs again
            AgreementStatus.EXPIRED,
            AgreementStatus.TERMINATED,
            AgreementStatus.SUPERSEDED,
        },
        AgreementStatus.REVIEW_DUE: {
            AgreementStatus.ACTIVE,
            AgreementStatus.AWAITING_SIGNATURES,
            AgreementStatus.EXPIRED,
            AgreementStatus.TERMINATED,
            AgreementStatus.SUPERSEDED,
        },
        AgreementStatus.EXPIRED: set(),
        AgreementStatus.TERMINATED: set(),
        AgreementStatus.SUPERSEDED: set(),
    },
)


class AgreementTemplate(models.Model):
    """A forum's standard agreement: members reuse it rather than write a new document."""

    forum = models.ForeignKey("governance.Forum", on_delete=models.CASCADE, related_name="agreement_templates")
    title = models.CharField(max_length=200)
    purpose = models.TextField(blank=True)
    legal_powers = models.JSONField(default=list, blank=True)
    legal_powers_other = models.TextField(blank=True)
    lawful_basis = models.CharField(max_length=8, choices=LawfulBasis.choices, blank=True)
    sensitive_conditions = models.TextField(blank=True)
    criminal_offence_conditions = models.TextField(blank=True)
    security = models.TextField(blank=True)
    retention_terms = models.TextField(blank=True)
    breach_procedure = models.TextField(blank=True)
    review_months = models.PositiveSmallIntegerField(default=12)

    history = HistoricalRecords()

    class Meta:
        ordering = ["forum__name", "title"]

    def __str__(self) -> str:
        return f"{self.forum}: {self.title}"


class AgreementQuerySet(models.QuerySet["Agreement"]):
    def visible_to(self, user: User) -> AgreementQuerySet:
        """Agreements the user's organisation drafted or is party to, and any shared with them."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        shared = has_object_permission_q(user, Agreement, "view")
        if user.organisation_id is None:
            return self.filter(shared)
        party = Exists(AgreementParty.objects.filter(agreement=OuterRef("pk"), organisation_id=user.organisation_id))
        return self.filter(Q(organisation_id=user.organisation_id) | party | shared)


class Agreement(models.Model):
    reference = models.CharField(max_length=40, unique=True, editable=False)
    title = models.CharField(max_length=200)
    organisation = models.ForeignKey(
        "governance.Organisation",
        verbose_name="Drafting organisation",
        on_delete=models.PROTECT,
        related_name="agreements_drafted",
        editable=False,
    )
    template = models.ForeignKey(
        AgreementTemplate, null=True, blank=True, on_delete=models.SET_NULL, related_name="agreements"
    )
    status = models.CharField(max_length=24, choices=AgreementStatus.choices, default=AgreementStatus.DRAFT)
    major_version = models.PositiveSmallIntegerField(default=1, editable=False)
    minor_version = models.PositiveSmallIntegerField(default=0, editable=False)

    # The ICO checklist: purpose, legal basis, data, information governance, rights.
    purpose = models.TextField(help_text="Why the data is shared and what it will be used for.")
    legal_powers = models.JSONField("Legal powers relied on", default=list, blank=True)
    legal_powers_other = models.TextField("Other legal powers", blank=True)
    lawful_basis = models.CharField(max_length=8, choices=LawfulBasis.choices)
    sensitive_conditions = models.TextField(
        "Sensitive processing and special category conditions",
        blank=True,
        help_text="Part 3: strictly necessary and a Schedule 8 condition; UK GDPR: an Article 9 condition with "
        "its Schedule 1 condition.",
    )
    criminal_offence_conditions = models.TextField(
        "Criminal offence data conditions", blank=True, help_text="The DPA 2018 Schedule 1 condition relied on."
    )
    data_items = models.TextField("Data items shared", help_text="The fields shared, as specifically as possible.")
    data_subjects = models.JSONField("Data subjects", default=list, blank=True)
    security = models.TextField("Security requirements")
    retention_terms = models.TextField("Retention and deletion")
    breach_procedure = models.TextField("Breach procedure")
    contact_point = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="Single point of contact",
        on_delete=models.PROTECT,
        related_name="agreements_contact",
        help_text="Answers individuals' requests and questions about the agreement; gets its reminders.",
    )
    start_date = models.DateField()
    review_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)

    terminated_reason = models.TextField(blank=True, editable=False)
    replaces = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replacements",
        help_text="The agreement this one supersedes once every party has signed it.",
    )
    ended_at = models.DateTimeField(
        "Ended at", null=True, blank=True, editable=False, help_text="When it expired, was terminated or superseded."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    JSON_CHOICES: ClassVar[dict[str, type[models.TextChoices]]] = {
        "legal_powers": LegalPower,
        "data_subjects": DataSubjectCategory,
    }

    objects = AgreementQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "review_date"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(review_date__gte=models.F("start_date")), name="agreement_review_after_start"
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="agreement_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("isa:agreement_detail", args=[self.pk])

    @property
    def name(self) -> str:
        return self.title

    @property
    def version_label(self) -> str:
        return f"{self.major_version}.{self.minor_version}"

    @property
    def in_force(self) -> bool:
        return self.status in IN_FORCE


class AgreementUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Agreement, on_delete=models.CASCADE)


class AgreementGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Agreement, on_delete=models.CASCADE)


class AgreementParty(models.Model):
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="parties")
    organisation = models.ForeignKey(
        "governance.Organisation", on_delete=models.PROTECT, related_name="agreement_parties"
    )
    role = models.CharField(max_length=16, choices=PartyRole.choices)
    signatory = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="agreements_to_sign",
        help_text="The person who signs for this organisation.",
    )
    signed_at = models.DateTimeField(null=True, blank=True, editable=False)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", editable=False
    )
    signed_as = models.CharField("Signed as", max_length=200, blank=True, editable=False)
    signed_version = models.CharField(max_length=12, blank=True, editable=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "organisation"], name="agreement_party_once"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.get_role_display().lower()})"

    def get_absolute_url(self) -> str:
        return self.agreement.get_absolute_url()

    @property
    def has_signed(self) -> bool:
        return self.signed_at is not None


class AgreementDataset(models.Model):
    """A dataset the agreement covers, and the direction it flows."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="covered_datasets")
    dataset = models.ForeignKey("governance.Dataset", on_delete=models.PROTECT, related_name="agreement_cover")
    provider = models.ForeignKey(
        "governance.Organisation", on_delete=models.PROTECT, related_name="+", help_text="The party providing it."
    )
    recipient = models.ForeignKey(
        "governance.Organisation", on_delete=models.PROTECT, related_name="+", help_text="The party receiving it."
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "dataset", "recipient"], name="agreement_dataset_once"),
            models.CheckConstraint(condition=~Q(provider=models.F("recipient")), name="agreement_dataset_two_ways"),
        ]

    def __str__(self) -> str:
        return f"{self.dataset.name}: {self.provider} → {self.recipient}"

    def get_absolute_url(self) -> str:
        return self.agreement.get_absolute_url()


def attachment_path(instance: AgreementAttachment, filename: str) -> str:
    # Stored under a random name; the original name is kept on the record.
    import uuid

    return f"agreements/{instance.agreement_id}/{uuid.uuid4().hex}"


class AttachmentKind(models.TextChoices):
    SIGNED = "signed", "Signed agreement"
    ANNEX = "annex", "Annex"


class AgreementAttachment(UploadedDocument):
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField(max_length=8, choices=AttachmentKind.choices)
    file = models.FileField(upload_to=attachment_path)

    history = HistoricalRecords()

    class Meta(UploadedDocument.Meta):
        pass

    def get_absolute_url(self) -> str:
        return reverse("isa:attachment_download", args=[self.pk])
