"""The personal data breach register: a suspected breach as reported, the DPO's record of it (the regime,
when the organisation became aware, the data and people involved, containment, the risk assessment, the
decision to report to the ICO and the decision to tell the people affected), and its closure.

The ICO clock is 72 clock hours from awareness (UK GDPR Art 33, DPA 2018 s.67): counted in UTC, so that
weekends, bank holidays and a change of the clocks make no difference.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from governance.choices import PersonalDataCategory, SpecialCategory
from governance.roles import Role
from governance.workflow import Workflow

if TYPE_CHECKING:
    from governance.models import User

# Report to the ICO without undue delay and, where feasible, within 72 hours of becoming aware.
ICO_HOURS = 72
ICO_WINDOW = datetime.timedelta(hours=ICO_HOURS)
# A clock with this little left is "due soon" (the dashboard and the reminder).
DUE_SOON = datetime.timedelta(hours=24)


class Regime(models.TextChoices):
    UK_GDPR = "uk_gdpr", "UK GDPR (Articles 33 and 34)"
    PART3 = "part3", "DPA 2018 Part 3, law enforcement processing (sections 67 and 68)"


class BreachStatus(models.TextChoices):
    REPORTED = "reported", "Reported"
    ASSESSING = "assessing", "Being assessed"
    REPORTED_TO_ICO = "reported_to_ico", "Reported to the ICO"
    NOT_REPORTABLE = "not_reportable", "Not reportable"
    CLOSED = "closed", "Closed"


# Waiting for the decision whether to report to the ICO: the clock runs.
UNDECIDED = (BreachStatus.REPORTED, BreachStatus.ASSESSING)
OPEN = (BreachStatus.REPORTED, BreachStatus.ASSESSING, BreachStatus.REPORTED_TO_ICO, BreachStatus.NOT_REPORTABLE)

BREACH_WORKFLOW = Workflow(
    "breach",
    BreachStatus,
    {
        BreachStatus.REPORTED: {BreachStatus.ASSESSING},
        BreachStatus.ASSESSING: {BreachStatus.REPORTED_TO_ICO, BreachStatus.NOT_REPORTABLE},
        BreachStatus.REPORTED_TO_ICO: {BreachStatus.CLOSED},
        BreachStatus.NOT_REPORTABLE: {BreachStatus.CLOSED},
        BreachStatus.CLOSED: set(),
    },
)


class Likelihood(models.TextChoices):
    REMOTE = "remote", "Remote: harm is unlikely to happen"
    POSSIBLE = "possible", "Possible: harm may happen"
    LIKELY = "likely", "Likely: harm will probably happen"


class Severity(models.TextChoices):
    MINIMAL = "minimal", "Minimal: inconvenience people will overcome"
    SIGNIFICANT = "significant", "Significant: consequences people can overcome with difficulty"
    SEVERE = "severe", "Severe: serious or lasting consequences (e.g. to safety, health, liberty)"


class RiskLevel(models.TextChoices):
    NONE = "none", "Unlikely to result in a risk"
    RISK = "risk", "Risk"
    HIGH = "high", "High risk"


_SCORES = {Likelihood.REMOTE: 1, Likelihood.POSSIBLE: 2, Likelihood.LIKELY: 3}
_WEIGHTS = {Severity.MINIMAL: 1, Severity.SIGNIFICANT: 2, Severity.SEVERE: 3}


def risk_level(likelihood: str, severity: str) -> RiskLevel:
    """Likelihood × severity: up to 2 is unlikely to result in a risk (remote or minimal harm), 3 or 4 is a
    risk, 6 or more (severe harm that may happen, significant harm that will) is a high risk."""
    score = _SCORES[Likelihood(likelihood)] * _WEIGHTS[Severity(severity)]
    if score <= 2:
        return RiskLevel.NONE
    if score <= 4:
        return RiskLevel.RISK
    return RiskLevel.HIGH


class IcoDecision(models.TextChoices):
    REPORT = "report", "Report to the ICO"
    NOT_REPORTABLE = "not_reportable", "Not reportable: unlikely to result in a risk to people's rights and freedoms"


class TellDecision(models.TextChoices):
    TELL = "tell", "Tell the people affected"
    NOT_TELL = "not_tell", "Do not tell them"


class Exemption(models.TextChoices):
    UNINTELLIGIBLE = (
        "unintelligible",
        ("Art 34(3)(a) / s.68(6)(a): measures made the data unintelligible to anyone not authorised (e.g. encryption)"),
    )
    NO_LONGER_LIKELY = (
        "no_longer_likely",
        ("Art 34(3)(b) / s.68(6)(b): measures taken since mean the high risk is no longer likely to materialise"),
    )
    DISPROPORTIONATE = (
        "disproportionate",
        (
            "Art 34(3)(c) / s.68(6)(c): telling each person would involve disproportionate effort (a public "
            "communication instead)"
        ),
    )
    OBSTRUCT_INQUIRY = (
        "s68_7_a",
        "s.68(7)(a): to avoid obstructing an official or legal inquiry, investigation or procedure",
    )
    PREJUDICE_OFFENCES = (
        "s68_7_b",
        (
            "s.68(7)(b): to avoid prejudicing the prevention, detection, investigation or prosecution of criminal "
            "offences or the execution of criminal penalties"
        ),
    )
    PUBLIC_SECURITY = "s68_7_c", "s.68(7)(c): to protect public security"
    NATIONAL_SECURITY = "s68_7_d", "s.68(7)(d): to protect national security"
    RIGHTS_OF_OTHERS = "s68_7_e", "s.68(7)(e): to protect the rights and freedoms of others"


# Which exemptions each regime offers: Art 34(3) for UK GDPR; for Part 3 the same conditions (s.68(6)) and
# the restrictions of s.68(7).
EXEMPTIONS: dict[str, tuple[Exemption, ...]] = {
    Regime.UK_GDPR: (Exemption.UNINTELLIGIBLE, Exemption.NO_LONGER_LIKELY, Exemption.DISPROPORTIONATE),
    Regime.PART3: tuple(Exemption),
}


@dataclass(frozen=True)
class IcoClock:
    """Where a breach stands against the 72 hours."""

    due_at: datetime.datetime
    remaining: datetime.timedelta  # negative once overdue
    decided: bool
    reported_at: datetime.datetime | None

    @property
    def overdue(self) -> bool:
        return not self.decided and self.remaining < datetime.timedelta(0)

    @property
    def due_soon(self) -> bool:
        return not self.decided and datetime.timedelta(0) <= self.remaining <= DUE_SOON

    @property
    def late(self) -> bool:
        """Reported to the ICO after the 72 hours."""
        return self.reported_at is not None and self.reported_at > self.due_at

    @property
    def remaining_label(self) -> str:
        return _duration(abs(self.remaining))


def _duration(delta: datetime.timedelta) -> str:
    hours, seconds = divmod(int(delta.total_seconds()), 3600)
    minutes = seconds // 60
    days, hours = divmod(hours, 24)
    parts = []
    if days:
        parts.append(f"{days} day{'s' if days != 1 else ''}")
    if hours:
        parts.append(f"{hours} hour{'s' if hours != 1 else ''}")
    if minutes and not days:
        parts.append(f"{minutes} minute{'s' if minutes != 1 else ''}")
    return " ".join(parts) or "less than a minute"


def ico_due_at(aware_at: datetime.datetime) -> datetime.datetime:
    """72 clock hours after awareness, counted in UTC (so a change of the clocks neither adds nor takes an
    hour), shown in local time."""
    return timezone.localtime(aware_at.astimezone(datetime.UTC) + ICO_WINDOW)


class BreachQuerySet(models.QuerySet["Breach"]):
    def visible_to(self, user: User) -> BreachQuerySet:
        """The reports the user made; and every breach of their organisation for its DPO, SIRO and
        auditors."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        condition = Q(reported_by_id=user.pk)
        if user.organisation_id is not None and user.has_role(Role.DPO, Role.SIRO, Role.AUDITOR):
            condition |= Q(organisation_id=user.organisation_id)
        return self.filter(condition)

    def undecided(self) -> BreachQuerySet:
        return self.filter(status__in=UNDECIDED)

    def ico_overdue(self, now: datetime.datetime) -> BreachQuerySet:
        """Open, no decision on reporting to the ICO, and more than 72 hours since awareness."""
        return self.undecided().filter(aware_at__lt=now - ICO_WINDOW)

    def ico_due_soon(self, now: datetime.datetime) -> BreachQuerySet:
        return self.undecided().filter(aware_at__gte=now - ICO_WINDOW, aware_at__lt=now - ICO_WINDOW + DUE_SOON)


class Breach(models.Model):
    reference = models.CharField(max_length=40, unique=True, editable=False)
    organisation = models.ForeignKey(
        "governance.Organisation", on_delete=models.PROTECT, related_name="breaches", editable=False
    )
    status = models.CharField(max_length=16, choices=BreachStatus.choices, default=BreachStatus.REPORTED)

    # The report, as the person who found it made it.
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="breaches_reported"
    )
    reported_at = models.DateTimeField(default=timezone.now, editable=False)
    summary = models.TextField("What happened")
    discovered_at = models.DateTimeField("When it was discovered")
    data_involved = models.TextField("What data was involved")
    people_affected = models.PositiveIntegerField("Roughly how many people are affected")

    # The DPO's record.
    regime = models.CharField(max_length=8, choices=Regime.choices, blank=True)
    aware_at = models.DateTimeField("When the organisation became aware", help_text="The ICO's 72 hours run from here.")
    data_categories = models.JSONField("Categories of personal data", default=list, blank=True)
    special_categories = models.JSONField("Special category data", default=list, blank=True)
    datasets = models.ManyToManyField("governance.Dataset", blank=True, related_name="breaches")
    agreements = models.ManyToManyField("isa.Agreement", blank=True, related_name="breaches")

    # The risk to people.
    likelihood = models.CharField(max_length=10, choices=Likelihood.choices, blank=True)
    severity = models.CharField(max_length=12, choices=Severity.choices, blank=True)
    risk_level = models.CharField("Risk", max_length=8, choices=RiskLevel.choices, blank=True)
    risk_reasons = models.TextField("Reasons for the risk assessment", blank=True)

    # The ICO.
    ico_decision = models.CharField("ICO decision", max_length=16, choices=IcoDecision.choices, blank=True)
    ico_reasons = models.TextField("Reasons for the ICO decision", blank=True)
    ico_decided_at = models.DateTimeField("ICO decision made", null=True, blank=True)
    ico_reported_at = models.DateTimeField("Reported to the ICO", null=True, blank=True)
    ico_reference = models.CharField("ICO reference", max_length=40, blank=True)
    late_reasons = models.TextField("Reasons for the delay", blank=True)

    # The people affected.
    tell_decision = models.CharField("Telling the people affected", max_length=10, choices=TellDecision.choices,
                                     blank=True)  # fmt: skip
    tell_exemption = models.CharField("Exemption", max_length=20, choices=Exemption.choices, blank=True)
    tell_reasons = models.TextField("Reasons for the decision on telling people", blank=True)
    told_at = models.DateTimeField("People told", null=True, blank=True)
    public_communication = models.TextField("Public communication", blank=True)

    lessons = models.TextField("Lessons learnt", blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    JSON_CHOICES: ClassVar[dict[str, type[models.TextChoices]]] = {
        "data_categories": PersonalDataCategory,
        "special_categories": SpecialCategory,
    }

    objects = BreachQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[datasets, agreements], excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-aware_at", "-pk"]
        verbose_name = "personal data breach"
        indexes = [models.Index(fields=["organisation", "status", "aware_at"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(ico_decision="report") | Q(ico_reported_at__isnull=False),
                name="breach_reported_to_ico_has_a_time",
            ),
            models.CheckConstraint(
                condition=~Q(status="closed") | Q(closed_at__isnull=False), name="breach_closed_has_a_time"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("breaches:detail", args=[self.pk])

    @property
    def title(self) -> str:
        """A short label: the first line of what happened."""
        first = self.summary.strip().splitlines()[0].rstrip(".") if self.summary.strip() else "Suspected breach"
        return first if len(first) <= 80 else first[:79].rstrip() + "…"

    @property
    def name(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status != BreachStatus.CLOSED

    @property
    def special_or_criminal(self) -> bool:
        return bool(self.special_categories) or PersonalDataCategory.CRIMINAL_OFFENCE in (self.data_categories or [])

    def ico_clock(self, now: datetime.datetime | None = None) -> IcoClock:
        due = ico_due_at(self.aware_at)
        now = now or timezone.now()
        return IcoClock(due, due - now, bool(self.ico_decision), self.ico_reported_at)

    def exemptions(self) -> tuple[Exemption, ...]:
        return EXEMPTIONS.get(self.regime, ())


class ContainmentAction(models.Model):
    """A step to contain the breach or recover the data, its owner, and when it was done."""

    breach = models.ForeignKey(Breach, on_delete=models.CASCADE, related_name="actions")
    description = models.TextField("What is to be done")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="breach_actions")
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(default=timezone.now)
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["added_at", "pk"]

    def __str__(self) -> str:
        return self.description[:80]

    def get_absolute_url(self) -> str:
        return self.breach.get_absolute_url()

    @property
    def done(self) -> bool:
        return self.done_at is not None
