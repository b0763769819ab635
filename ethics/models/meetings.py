"""Meetings, their attendance and agenda, the cases put to the committee, and each hearing of a case
at a meeting (the secretary's minutes, the option chosen, the conditions and actions)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase
from simple_history.models import HistoricalRecords

from ethics.models.committees import AdviceOption, CommitteeMember
from governance.models.documents import UploadedDocument
from governance.permissions import has_object_permission_q
from governance.roles import Role
from governance.workflow import Workflow

if TYPE_CHECKING:
    from governance.models import User

ORDINALS = (
    "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
    "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth", "eighteenth",
    "nineteenth", "twentieth",
)  # fmt: skip


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    AGENDA_PUBLISHED = "agenda_published", "Agenda published"
    HELD = "held", "Held"
    MINUTES_DRAFTED = "minutes_drafted", "Minutes drafted"
    MINUTES_APPROVED = "minutes_approved", "Minutes approved"
    PUBLISHED = "published", "Published"


MEETING_WORKFLOW = Workflow(
    "meeting",
    MeetingStatus,
    {
        MeetingStatus.PLANNED: {MeetingStatus.AGENDA_PUBLISHED},
        MeetingStatus.AGENDA_PUBLISHED: {MeetingStatus.HELD, MeetingStatus.PLANNED},
        MeetingStatus.HELD: {MeetingStatus.MINUTES_DRAFTED},
        MeetingStatus.MINUTES_DRAFTED: {MeetingStatus.MINUTES_APPROVED},
        MeetingStatus.MINUTES_APPROVED: {MeetingStatus.PUBLISHED},
        MeetingStatus.PUBLISHED: set(),
    },
)
# Minutes are written while these last; once approved they are locked and corrected by amendment.
MINUTES_OPEN = (MeetingStatus.HELD, MeetingStatus.MINUTES_DRAFTED)
MINUTES_LOCKED = (MeetingStatus.MINUTES_APPROVED, MeetingStatus.PUBLISHED)


def _committee_reader(user: User, committee_field: str, sat_on: Q) -> Q:
    """The secretaries and organisation-wide readers of the committee's organisation, and those of the
    committee's members for whom ``sat_on`` holds (their tenure covers the meeting, or has not ended)."""
    membership = Exists(
        CommitteeMember.objects.filter(sat_on, committee_id=OuterRef(committee_field), person_id=user.pk)
    )
    condition = Q(membership)
    if user.organisation_id and (user.has_role(Role.ETHICS_SECRETARY) or user.reads_whole_organisation()):
        condition |= Q(**{f"{committee_field.removesuffix('_id')}__organisation_id": user.organisation_id})
    return condition


class MeetingQuerySet(models.QuerySet["Meeting"]):
    def visible_to(self, user: User) -> MeetingQuerySet:
        if not user.is_authenticated or not user.is_active:
            return self.none()
        # Members read the meetings they sit on: those held during their tenure.
        sat_on = Q(starts_on__lte=OuterRef("date")) & (Q(ends_on__isnull=True) | Q(ends_on__gte=OuterRef("date")))
        return self.filter(
            _committee_reader(user, "committee_id", sat_on) | has_object_permission_q(user, Meeting, "view")
        )


class Meeting(models.Model):
    committee = models.ForeignKey("ethics.Committee", on_delete=models.PROTECT, related_name="meetings")
    number = models.PositiveIntegerField(help_text="The committee's count of its formal meetings.")
    title = models.CharField(max_length=200, blank=True, help_text="Left blank, it reads “second formal meeting”.")
    date = models.DateField()
    start_time = models.TimeField()
    place = models.CharField(max_length=200)
    chair = models.ForeignKey(
        "ethics.CommitteeMember", null=True, blank=True, on_delete=models.PROTECT, related_name="meetings_chaired"
    )
    status = models.CharField(max_length=20, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED)
    welcome = models.TextField(blank=True, help_text="The chair's opening, as minuted.")
    general_comments = models.TextField(
        "General comments to the Police and Crime Commissioner and Chief Constable",
        blank=True,
        help_text="Comments on all the papers, one per line.",
    )
    closed_at = models.TimeField("Meeting closed at", null=True, blank=True)
    minutes_approved_at = models.DateTimeField(null=True, blank=True, editable=False)
    minutes_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", editable=False
    )
    published_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = MeetingQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-date", "-number"]
        constraints = [models.UniqueConstraint(fields=["committee", "number"], name="meeting_number_once")]

    def __str__(self) -> str:
        return f"{self.name} ({self.date:%d %B %Y})"

    def get_absolute_url(self) -> str:
        return reverse("ethics:meeting_detail", args=[self.pk])

    @property
    def name(self) -> str:
        if self.title:
            return self.title
        ordinal = ORDINALS[self.number - 1] if 0 < self.number <= len(ORDINALS) else f"{self.number}th"
        return f"The {ordinal} formal meeting"

    @property
    def minutes_locked(self) -> bool:
        return self.status in MINUTES_LOCKED


class MeetingUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Meeting, on_delete=models.CASCADE)


class MeetingGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Meeting, on_delete=models.CASCADE)


class AttendanceKind(models.TextChoices):
    PRESENT = "present", "Present"
    APOLOGIES = "apologies", "Apologies"
    GUEST = "guest", "Guest"


class AttendanceQuerySet(models.QuerySet["Attendance"]):
    def in_minutes_order(self) -> AttendanceQuerySet:
        """Present, then apologies, then guests, as the minutes list them."""
        rank = models.Case(
            models.When(kind=AttendanceKind.PRESENT, then=0),
            models.When(kind=AttendanceKind.APOLOGIES, then=1),
            default=2,
        )
        return self.alias(rank=rank).order_by("rank", "name", "pk")


class Attendance(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    member = models.ForeignKey(
        "ethics.CommitteeMember", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(max_length=200)
    initials = models.CharField(max_length=8, blank=True, help_text="How the minutes refer to them, e.g. JB.")
    kind = models.CharField(max_length=12, choices=AttendanceKind.choices)
    role = models.CharField(
        max_length=300,
        blank=True,
        help_text="For a guest, why they attended, e.g. “to answer questions on offender management”.",
    )
    is_staff = models.BooleanField(
        "Police or OPCC staff", default=False, help_text="Staff are shown by their initials in the public minutes."
    )

    objects = AttendanceQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_kind_display().lower()})"

    @property
    def public_name(self) -> str:
        return (self.initials or "".join(part[0] for part in self.name.split() if part)) if self.is_staff else self.name


class CaseKind(models.TextChoices):
    EXPLANATORY = "explanatory", "Explanatory"
    PREDICTIVE = "predictive", "Predictive"
    DESCRIPTIVE = "descriptive", "Descriptive"
    EXPLORATORY = "exploratory", "Exploratory"


class CaseStatus(models.TextChoices):
    SUBMITTED = "submitted", "Submitted"
    SCHEDULED = "scheduled", "Scheduled"
    HEARD = "heard", "Heard"
    MORE_INFORMATION = "more_information", "More information requested"
    CONDITIONS = "conditions", "Proceeding with conditions"
    ADVISED = "advised", "Advised"
    CLOSED = "closed", "Closed"
    WITHDRAWN = "withdrawn", "Withdrawn"


CASE_WORKFLOW = Workflow(
    "case",
    CaseStatus,
    {
        CaseStatus.SUBMITTED: {CaseStatus.SCHEDULED, CaseStatus.WITHDRAWN},
        CaseStatus.SCHEDULED: {CaseStatus.HEARD, CaseStatus.SUBMITTED, CaseStatus.WITHDRAWN},
        CaseStatus.HEARD: {CaseStatus.MORE_INFORMATION, CaseStatus.CONDITIONS, CaseStatus.ADVISED},
        # Option E: heard again at a later meeting.
        CaseStatus.MORE_INFORMATION: {CaseStatus.SCHEDULED, CaseStatus.WITHDRAWN},
        # Option C: its conditions are followed (results may come back to a later meeting) until closed.
        CaseStatus.CONDITIONS: {CaseStatus.SCHEDULED, CaseStatus.CLOSED},
        CaseStatus.ADVISED: {CaseStatus.SCHEDULED, CaseStatus.CLOSED},
        CaseStatus.CLOSED: set(),
        CaseStatus.WITHDRAWN: set(),
    },
)
# A case waiting for a place on an agenda.
TO_BE_HEARD = (CaseStatus.SUBMITTED, CaseStatus.MORE_INFORMATION, CaseStatus.CONDITIONS)


class CaseQuerySet(models.QuerySet["Case"]):
    def visible_to(self, user: User) -> CaseQuerySet:
        """The submitter's and the project lead's cases; the project organisation's for its DPO, SIRO and
        auditors; and the committee's, for its secretaries, members and organisation-wide readers."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        serving = Q(ends_on__isnull=True) | Q(ends_on__gte=timezone.localdate())
        condition = (
            Q(submitted_by_id=user.pk)
            | Q(project__lead_id=user.pk)
            | _committee_reader(user, "committee_id", serving)
            | has_object_permission_q(user, Case, "view")
        )
        if user.organisation_id and user.reads_whole_organisation():
            condition |= Q(organisation_id=user.organisation_id)
        return self.filter(condition)


class Case(models.Model):
    """A paper put to the committee about a project, heard at one or more meetings."""

    reference = models.CharField(
        "Paper reference", max_length=100, unique=True, help_text="For example, DAL_2019_0001_RASSO_analysis."
    )
    title = models.CharField(max_length=200)
    committee = models.ForeignKey("ethics.Committee", on_delete=models.PROTECT, related_name="cases")
    kind = models.CharField(max_length=16, choices=CaseKind.choices)
    team = models.CharField("Submitting team", max_length=200, help_text="For example, the Data Analytics Lab.")
    organisation = models.ForeignKey(
        "governance.Organisation", on_delete=models.PROTECT, related_name="ethics_cases", editable=False
    )
    project = models.ForeignKey("governance.Project", on_delete=models.PROTECT, related_name="ethics_cases")
    screening = models.ForeignKey(
        "dpia.Screening",
        verbose_name="DPIA screening",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="ethics_cases",
        help_text="The committee asks to see the DPIA with every proposal.",
    )
    summary = models.TextField("Summary", help_text="What the paper proposes, in plain words.")
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="cases_submitted")
    status = models.CharField(max_length=20, choices=CaseStatus.choices, default=CaseStatus.SUBMITTED)
    closed_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = CaseQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("ethics:case_detail", args=[self.pk])

    @property
    def name(self) -> str:
        return self.title


class CaseUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Case, on_delete=models.CASCADE)


class CaseGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Case, on_delete=models.CASCADE)


def paper_path(instance: CasePaper, filename: str) -> str:
    import uuid

    return f"ethics/{instance.case_id}/{uuid.uuid4().hex}"


class CasePaper(UploadedDocument):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="papers")
    file = models.FileField(upload_to=paper_path)

    history = HistoricalRecords()

    class Meta(UploadedDocument.Meta):
        pass

    def get_absolute_url(self) -> str:
        return reverse("ethics:paper_download", args=[self.pk])


class ItemKind(models.TextChoices):
    CASE = "case", "A paper"
    ITEM = "item", "Other business"
    EVENT = "event", "Event (a break, the close)"


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda")
    order = models.PositiveIntegerField()
    kind = models.CharField(max_length=8, choices=ItemKind.choices)
    hearing = models.OneToOneField(
        "ethics.Hearing", null=True, blank=True, on_delete=models.CASCADE, related_name="agenda_item"
    )
    title = models.CharField(max_length=300, blank=True)
    description = models.TextField(blank=True)
    time = models.TimeField(null=True, blank=True, help_text="For an event, when it happened (e.g. lunch at 12:30).")
    confidential = models.BooleanField(default=False, help_text="Left out of the public minutes.")

    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "order", "pk"]

    def __str__(self) -> str:
        return self.title or (str(self.hearing.case) if self.hearing else self.get_kind_display())


class Vote(models.TextChoices):
    UNANIMOUS = "unanimous", "Unanimous"
    COUNTED = "counted", "Counted"


class Hearing(models.Model):
    """A case heard at a meeting: the secretary's minutes of it and the committee's advice."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="hearings")
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="hearings")
    heading = models.CharField(
        max_length=300, blank=True, help_text="How the minutes title the paper, e.g. “Explanation of the … paper”."
    )
    presenters = models.CharField(max_length=300, blank=True, help_text="Who presented, e.g. “DP and RE”.")
    overview = models.TextField("Points highlighted", blank=True, help_text="One point per line.")
    positive_comments = models.TextField(blank=True, help_text="One comment per line.")
    questions_to_address = models.TextField(blank=True, help_text="One question per line.")
    recommendations = models.TextField("Recommendations for the team", blank=True, help_text="One per line.")
    option = models.CharField(max_length=1, blank=True)
    terms = models.ForeignKey(
        "ethics.TermsOfReference",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="decisions",
        help_text="The terms of reference the option was chosen under.",
    )
    vote = models.CharField(max_length=12, choices=Vote.choices, blank=True)
    votes_for = models.PositiveSmallIntegerField(null=True, blank=True)
    votes_against = models.PositiveSmallIntegerField(null=True, blank=True)
    abstentions = models.PositiveSmallIntegerField(null=True, blank=True)
    advice = models.TextField("Advice to the Police and Crime Commissioner and Chief Constable", blank=True)
    decided_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords(excluded_fields=["updated_at"])
    # Set when the minutes are saved: the action and condition each submitted line became.
    line_ids: dict[str, list[int | None]]

    class Meta:
        ordering = ["meeting__date", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["case", "meeting"], name="one_hearing_per_case_per_meeting"),
            models.CheckConstraint(
                condition=Q(option="") | Q(option__in=["A", "B", "C", "D", "E"]), name="hearing_option_a_to_e"
            ),
            models.CheckConstraint(condition=Q(option="") | Q(terms__isnull=False), name="option_names_its_terms"),
        ]

    def __str__(self) -> str:
        return f"{self.case.reference} at {self.meeting}"

    def get_absolute_url(self) -> str:
        return reverse("ethics:hearing_minutes", args=[self.pk])

    @property
    def advice_option(self) -> AdviceOption | None:
        return self.terms.option(self.option) if self.terms and self.option else None


class HearingQuestion(models.Model):
    hearing = models.ForeignKey(Hearing, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveIntegerField(default=0)
    question = models.TextField()
    answer = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["hearing", "order", "pk"]

    def __str__(self) -> str:
        return self.question[:80]


class CaseAction(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="actions")
    hearing = models.ForeignKey(Hearing, on_delete=models.CASCADE, related_name="actions")
    text = models.TextField("Action")
    owner = models.CharField(max_length=200, blank=True, help_text="Who does it, e.g. “the Lab” or “RE”.")
    due_on = models.DateField(null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    done_note = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["hearing", "pk"]

    def __str__(self) -> str:
        return self.text[:80]

    def get_absolute_url(self) -> str:
        return self.case.get_absolute_url()


class Condition(models.Model):
    """A condition of option C, followed until it is met."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="conditions")
    hearing = models.ForeignKey(Hearing, on_delete=models.CASCADE, related_name="conditions")
    text = models.TextField("Condition")
    met_at = models.DateTimeField(null=True, blank=True)
    met_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    met_note = models.TextField(blank=True)
    met_at_hearing = models.ForeignKey(
        Hearing, null=True, blank=True, on_delete=models.PROTECT, related_name="conditions_met"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["hearing", "pk"]

    def __str__(self) -> str:
        return self.text[:80]

    def get_absolute_url(self) -> str:
        return self.case.get_absolute_url()


class MinutesAmendment(models.Model):
    """A correction to approved minutes: what changed, from what, to what, why and by whom."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="amendments")
    hearing = models.ForeignKey(Hearing, null=True, blank=True, on_delete=models.CASCADE, related_name="amendments")
    field = models.CharField(max_length=100)
    before = models.TextField(blank=True)
    after = models.TextField(blank=True)
    reason = models.TextField()
    made_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    made_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["made_at", "pk"]

    def __str__(self) -> str:
        return f"Amendment to {self.field} of {self.meeting}"
