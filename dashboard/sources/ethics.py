"""Ethics figures: the organisation's cases by status (those awaiting more information among them), the
committee's advice given in the period, and the actions it set that are still open."""

from __future__ import annotations

from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.db.models.lookups import In

from dashboard.kinds import Bucket, BucketFigure, Column, CountFigure, GroupedFigure, choices, record_column
from dashboard.registry import Panel
from dashboard.scope import Scope
from dashboard.sources.isa import GRANT_COLUMNS, GRANT_RELATED, active_grants
from ethics.models import DEFAULT_OPTIONS, Case, CaseAction, CaseStatus, Hearing
from ethics.services import STOPPING
from governance.models import Project
from isa.models import AccessGrant, AccessRequest

OPTION_LABELS = {letter: f"{letter}: {label}" for letter, (label, _) in DEFAULT_OPTIONS.items()}


def cases(scope: Scope) -> QuerySet[Case]:
    return scope.organisations_records(Case, Q(organisation_id=scope.organisation.pk))


def open_actions(scope: Scope) -> QuerySet[CaseAction]:
    return CaseAction.objects.filter(case__in=cases(scope), done_at__isnull=True)


def advice_in_period(scope: Scope) -> QuerySet[Hearing]:
    return Hearing.objects.filter(case__in=cases(scope)).exclude(option="").filter(scope.period("meeting__date"))


def latest_option() -> Subquery:
    """The option of the project's latest advice, as ``ethics.services.latest_advice`` finds it."""
    return Subquery(
        Hearing.objects.filter(case__project=OuterRef("pk"))
        .exclude(option="")
        .exclude(case__status=CaseStatus.WITHDRAWN)
        .order_by("-meeting__date", "-decided_at", "-pk")
        .values("option")[:1]
    )


def _against_advice(scope: Scope) -> Q:
    """Grants for projects the committee's latest advice says may not go ahead (D or E); the advice
    should have suspended them. Written as ids, each set read once (uncorrelated): the requests of the
    projects whose latest advice is D or E, looked for only among projects with such advice at all. So no
    grant is joined to its request, nor its project's advice looked up grant by grant."""
    stopped = (
        Hearing.objects.filter(option__in=STOPPING)
        .exclude(case__status=CaseStatus.WITHDRAWN)
        .values("case__project_id")
    )
    projects = Project.objects.filter(pk__in=stopped).filter(In(latest_option(), list(STOPPING))).values("pk")
    return Q(request_id__in=AccessRequest.objects.filter(project_id__in=projects).values("pk"))


def grants_against_advice(scope: Scope) -> QuerySet[AccessGrant]:
    return active_grants(scope).filter(_against_advice(scope))


def _more_information(scope: Scope) -> Q:
    return Q(status=CaseStatus.MORE_INFORMATION)


def _action_buckets(scope: Scope) -> list[Bucket]:
    return [
        Bucket("overdue", "Overdue", Q(due_on__lt=scope.today), alert=True),
        Bucket("later", "Due later", Q(due_on__gte=scope.today)),
        Bucket("undated", "No due date", Q(due_on__isnull=True)),
    ]


CASE_COLUMNS = (
    Column("Paper", lambda c: c.reference, lambda c: c.get_absolute_url()),
    Column("Title", lambda c: c.title),
    Column("Status", lambda c: c.get_status_display()),
    Column("Committee", lambda c: str(c.committee)),
)
ACTION_COLUMNS = (
    record_column("Action"),
    Column("Paper", lambda a: a.case.reference, lambda a: a.case.get_absolute_url()),
    Column("Owner", lambda a: a.owner),
    Column("Due", lambda a: a.due_on or ""),
)
HEARING_COLUMNS = (
    # The minutes page is the secretary's; the case page shows the advice to everyone who sees the case.
    Column("Paper", lambda h: h.case.reference, lambda h: h.case.get_absolute_url()),
    Column("Meeting", lambda h: h.meeting.date),
    Column("Option", lambda h: OPTION_LABELS.get(h.option, h.option)),
)

CASES_BY_STATUS = GroupedFigure(
    key="ethics-cases",
    title="Ethics cases by status",
    description="Papers the organisation put to the ethics committee, as they stand today.",
    unit="cases",
    source=cases,
    group_by="status",
    labels=choices(CaseStatus.choices),
    columns=CASE_COLUMNS,
    related=("committee",),
    order_by=("-created_at", "-pk"),
)
AWAITING_INFORMATION = CountFigure(
    key="ethics-awaiting-information",
    title="Cases awaiting more information",
    description="The committee could not yet advise (option E) and waits for the team's answers.",
    unit="cases",
    source=cases,
    where=_more_information,
    columns=CASE_COLUMNS,
    related=("committee",),
    order_by=("created_at", "pk"),
)
ADVICE = GroupedFigure(
    key="ethics-advice",
    title="The committee's advice",
    description="Options chosen at meetings held in the period.",
    in_period=True,
    unit="hearings",
    queryset=advice_in_period,
    group_by="option",
    labels=OPTION_LABELS,
    columns=HEARING_COLUMNS,
    related=("case", "meeting"),
    order_by=("-meeting__date", "pk"),
)
ACTIONS = BucketFigure(
    key="ethics-actions",
    title="Committee actions open",
    description="Actions the committee set at its hearings that are not yet done.",
    unit="actions",
    queryset=open_actions,
    buckets=_action_buckets,
    columns=ACTION_COLUMNS,
    related=("case",),
    order_by=("due_on", "pk"),
)

PANEL = Panel(
    key="ethics",
    title="Ethics committee",
    order=30,
    figures=(AWAITING_INFORMATION, CASES_BY_STATUS, ADVICE, ACTIONS),
)

GRANTS_AGAINST_ADVICE = CountFigure(
    key="grants-against-ethics-advice",
    title="Grants for projects advised D or E",
    description="Active grants for projects whose latest ethics advice is not to proceed (D) or not yet able "
    "to advise (E).",
    unit="grants",
    source=active_grants,
    where=_against_advice,
    columns=GRANT_COLUMNS,
    related=GRANT_RELATED,
    order_by=("expires_on", "pk"),
)
