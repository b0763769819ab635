"""The committee, its members, and its terms of reference (versioned, holding the advice options)."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

# The options as ``domain.md`` gives them: C and E from the seed minutes, A, B and D sensible defaults.
DEFAULT_OPTIONS = {
    "A": ("Proceed as proposed", "Advise the Police and Crime Commissioner and Chief Constable to go forward with "
          "the project as proposed."),
    "B": ("Proceed with minor amendments", "Advise the Police and Crime Commissioner and Chief Constable to go "
          "forward with the project with minor amendments."),
    "C": ("Proceed with major amendments", "Advise the Police and Crime Commissioner and Chief Constable to go "
          "forward with the project with major amendments."),
    "D": ("Do not proceed", "Advise the Police and Crime Commissioner and Chief Constable not to go forward with "
          "the project."),
    "E": ("Not yet able to advise", "Not yet able to advise the Police and Crime Commissioner and Chief Constable "
          "on approval or otherwise in respect of the ethical standards expected; more information is requested."),
}  # fmt: skip
LETTERS = tuple(DEFAULT_OPTIONS)


class Committee(models.Model):
    name = models.CharField(max_length=200, unique=True)
    organisation = models.ForeignKey(
        "governance.Organisation",
        on_delete=models.PROTECT,
        related_name="ethics_committees",
        help_text="The organisation that runs the committee and employs its secretary.",
    )
    advises = models.CharField(
        max_length=200,
        default="the Police and Crime Commissioner and Chief Constable",
        help_text="Whom the committee's advice is for.",
    )
    description = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("ethics:committee_detail", args=[self.pk])

    def terms_on(self, day: datetime.date) -> TermsOfReference | None:
        """The terms of reference in force on ``day``: the latest version effective by then."""
        return self.terms.filter(effective_from__lte=day).order_by("-effective_from", "-version").first()


class MemberRole(models.TextChoices):
    CHAIR = "chair", "Chair"
    INDEPENDENT = "independent", "Independent member"
    OTHER = "other", "Other member"


class CommitteeMember(models.Model):
    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="committee_memberships",
        help_text="Their account, if they read papers in the service.",
    )
    name = models.CharField(max_length=200)
    role = models.CharField(max_length=16, choices=MemberRole.choices)
    starts_on = models.DateField("Tenure starts")
    ends_on = models.DateField("Tenure ends", null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["role", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="tenure_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_role_display().lower()})"

    def serves_on(self, day: datetime.date) -> bool:
        return self.starts_on <= day and (self.ends_on is None or day <= self.ends_on)


class TermsOfReference(models.Model):
    """One version of the terms of reference. A decision records the version it was made under, and a
    change to the options makes a new version, so past decisions keep the words they were given in."""

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="terms")
    version = models.PositiveIntegerField()
    effective_from = models.DateField()
    note = models.TextField("What changed", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["committee", "-version"]
        constraints = [models.UniqueConstraint(fields=["committee", "version"], name="terms_version_once")]

    def __str__(self) -> str:
        return f"{self.committee} terms of reference, version {self.version}"

    def option(self, letter: str) -> AdviceOption | None:
        return next((option for option in self.options.all() if option.letter == letter), None)


class AdviceOption(models.Model):
    terms = models.ForeignKey(TermsOfReference, on_delete=models.CASCADE, related_name="options")
    letter = models.CharField(max_length=1)
    label = models.CharField(max_length=100)
    text = models.TextField()

    class Meta:
        ordering = ["terms", "letter"]
        constraints = [models.UniqueConstraint(fields=["terms", "letter"], name="option_letter_once")]

    def __str__(self) -> str:
        return f"{self.letter}: {self.label}"
