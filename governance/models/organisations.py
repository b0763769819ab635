from __future__ import annotations

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from simple_history.models import HistoricalRecords


class OrganisationKind(models.TextChoices):
    POLICE_FORCE = "police_force", "Police force"
    OPCC = "opcc", "Office of the Police and Crime Commissioner"
    VIOLENCE_REDUCTION = "violence_reduction", "Violence reduction unit or partnership"
    LOCAL_AUTHORITY = "local_authority", "Local authority"
    NHS = "nhs", "NHS body"
    PROBATION = "probation", "Probation service"
    YOUTH_OFFENDING = "youth_offending", "Youth offending team"
    FIRE_RESCUE = "fire_rescue", "Fire and rescue service"
    EDUCATION = "education", "School or college"
    PRISON = "prison", "Prison or youth custody"
    UNIVERSITY = "university", "University"
    VOLUNTARY = "voluntary", "Voluntary sector"
    OTHER = "other", "Other"


class Organisation(models.Model):
    name = models.CharField(max_length=200, unique=True)
    short_code = models.CharField(
        max_length=12,
        unique=True,
        validators=[RegexValidator(r"^[A-Z0-9]{2,12}$", "Use 2 to 12 capital letters or digits, e.g. WMP.")],
        help_text="Starts the references of this organisation's records, e.g. WMP-PRJ-2026-0001.",
    )
    kind = models.CharField(max_length=32, choices=OrganisationKind.choices)
    ico_registration_number = models.CharField(
        "ICO registration number",
        max_length=20,
        blank=True,
        help_text="From the ICO's data protection register.",
    )
    dpo = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="Data Protection Officer",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    siro = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="Senior Information Risk Owner",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ForumKind(models.TextChoices):
    GOVERNANCE_ALLIANCE = "governance_alliance", "Information governance alliance"
    CRIMINAL_JUSTICE_BOARD = "criminal_justice_board", "Criminal justice board"
    REHABILITATION = "rehabilitation", "Rehabilitation partnership"
    VIOLENCE_REDUCTION = "violence_reduction", "Violence reduction partnership board"
    OTHER = "other", "Other"


class Forum(models.Model):
    """A standing group of organisations that share under a common agreement template."""

    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=32, choices=ForumKind.choices)
    description = models.TextField(blank=True)
    members: models.ManyToManyField[Organisation, ForumMembership] = models.ManyToManyField(
        Organisation, through="ForumMembership", related_name="forums"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ForumMembership(models.Model):
    forum = models.ForeignKey(Forum, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="forum_memberships")
    joined_on = models.DateField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["forum", "organisation"], name="forum_membership_once"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} in {self.forum}"


class ReferenceCounter(models.Model):
    """The last number handed out for one kind of reference, per organisation and year."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    prefix = models.CharField(max_length=8)
    year = models.PositiveSmallIntegerField()
    last_value = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "prefix", "year"], name="reference_counter_once"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation.short_code}-{self.prefix}-{self.year}: {self.last_value}"


class SentNotice(models.Model):
    """An e-mail already sent, by a key naming what it was about (e.g. ``screening:12:submitted:2``), so
    that a task delivered twice, or a daily reminder run twice, sends it once."""

    key = models.CharField(max_length=120, unique=True)
    sent_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.key
