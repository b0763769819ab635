from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase
from simple_history.models import HistoricalRecords

from governance.choices import (
    DataSubjectCategory,
    PersonalDataCategory,
    ProtectiveMarking,
    SpecialCategory,
    VolumeBand,
)
from governance.permissions import permitted_q
from governance.workflow import Workflow

if TYPE_CHECKING:
    from governance.models.users import User


class DatasetStatus(models.TextChoices):
    ACTIVE = "active", "In use"
    RETIRED = "retired", "Retired"


DATASET_WORKFLOW = Workflow(
    "dataset",
    DatasetStatus,
    {
        DatasetStatus.ACTIVE: {DatasetStatus.RETIRED},
        DatasetStatus.RETIRED: {DatasetStatus.ACTIVE},
    },
)


class DatasetQuerySet(models.QuerySet["Dataset"]):
    def visible_to(self, user: User) -> DatasetQuerySet:
        """The user's own organisation's register, and datasets shared with them by a permission
        (an access grant or an agreement gives one)."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        own = [Q(organisation_id=user.organisation_id)] if user.organisation_id else []
        return self.filter(permitted_q(user, Dataset, "view", *own))


class Dataset(models.Model):
    """An information asset: a set of records held in a source system and owned by one organisation."""

    reference = models.CharField(max_length=40, unique=True, editable=False)
    name = models.CharField("Dataset name", max_length=200)
    description = models.TextField(blank=True, help_text="What the records are and what they are used for.")
    organisation = models.ForeignKey(
        "governance.Organisation",
        verbose_name="Owning organisation",
        on_delete=models.PROTECT,
        related_name="datasets",
        editable=False,
    )
    information_asset_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="Information asset owner",
        on_delete=models.PROTECT,
        related_name="datasets_owned",
        help_text="Approves or refuses access to this dataset.",
    )
    source_system = models.CharField(
        max_length=200, help_text="The system the records are held in, e.g. the crime recording system."
    )
    personal_data_categories = models.JSONField("Categories of personal data", default=list, blank=True)
    special_categories = models.JSONField("Special category data", default=list, blank=True)
    data_subject_categories = models.JSONField("Categories of data subject", default=list, blank=True)
    volume_band = models.CharField(
        "How many individuals the records describe", max_length=16, choices=VolumeBand.choices, blank=True
    )
    protective_marking = models.CharField(
        max_length=24, choices=ProtectiveMarking.choices, default=ProtectiveMarking.OFFICIAL_SENSITIVE
    )
    location = models.CharField(
        "Where it is held",
        max_length=200,
        blank=True,
        help_text="e.g. force data centre, a named cloud tenancy.",
    )
    data_format = models.CharField(
        "Format", max_length=200, blank=True, help_text="e.g. relational database tables, weekly CSV extract."
    )
    status = models.CharField(max_length=16, choices=DatasetStatus.choices, default=DatasetStatus.ACTIVE)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    # The choices behind the JSON list fields, for showing them (and their history) in words.
    JSON_CHOICES: ClassVar[dict[str, type[models.TextChoices]]] = {
        "personal_data_categories": PersonalDataCategory,
        "special_categories": SpecialCategory,
        "data_subject_categories": DataSubjectCategory,
    }

    objects = DatasetQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["name", "pk"]
        indexes = [models.Index(fields=["organisation", "name"])]

    def __str__(self) -> str:
        return f"{self.reference} {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("dataset_detail", args=[self.pk])

    @property
    def holds_personal_data(self) -> bool:
        return bool(self.personal_data_categories or self.special_categories)


class DatasetUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Dataset, on_delete=models.CASCADE)


class DatasetGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Dataset, on_delete=models.CASCADE)
