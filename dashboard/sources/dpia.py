"""DPIA figures: screenings by status and outcome, the DPO's review clock, remedial actions, and
assessments left with a high risk and where their prior consultation with the ICO stands."""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, F, OuterRef, Q, QuerySet

from dashboard.kinds import Bucket, BucketFigure, Column, CountFigure, GroupedFigure, choices, record_column
from dashboard.registry import Panel
from dashboard.scope import Scope
from dpia.models import (
    AWAITING_DPO,
    Assessment,
    Measure,
    PriorConsultation,
    RemedialAction,
    Risk,
    RiskLevel,
    Screening,
    ScreeningStatus,
)
from dpia.models.assessments import ICO_EXTENSION, ICO_REPLY
from governance.workdays import add_working_days

# The DPO reviews and remedial actions falling due within this many working days are shown as "due soon".
SOON_WORKING_DAYS = 5
# Short labels for the outcomes (the form's own words are a sentence each).
OUTCOME_LABELS = {
    "A": "A: a DPIA is not mandatory",
    "B": "B: not required once remedial actions are done",
    "C": "C: a DPIA is mandatory",
}
# The ICO's prior consultation with a full DPIA: a risk scores high from likelihood + severity of 5.
HIGH_SCORE = 5


def screenings(scope: Scope) -> QuerySet[Screening]:
    return scope.organisations_records(Screening, Q(organisation_id=scope.organisation.pk))


def assessments(scope: Scope) -> QuerySet[Assessment]:
    return scope.organisations_records(Assessment, Q(organisation_id=scope.organisation.pk))


# The conditions narrowing the organisation's screenings (or assessments, or open actions) to each
# figure's: the figures over the same records are counted together, in one query.


def _started_in_period(scope: Scope) -> Q:
    return scope.period("created_at", moment=True)


def _decided_in_period(scope: Scope) -> Q:
    return ~Q(outcome="") & scope.period("decided_on")


def _awaiting_dpo(scope: Scope) -> Q:
    return Q(status__in=AWAITING_DPO)


def _overdue(scope: Scope) -> Q:
    return Q(due_on__lt=scope.today)


def _overdue_review(scope: Scope) -> Q:
    return _awaiting_dpo(scope) & _overdue(scope)


def awaiting_dpo(scope: Scope) -> QuerySet[Screening]:
    return screenings(scope).filter(_awaiting_dpo(scope))


def overdue_reviews(scope: Scope) -> QuerySet[Screening]:
    return screenings(scope).filter(_overdue_review(scope))


def _review_buckets(scope: Scope) -> list[Bucket]:
    soon = add_working_days(scope.today, SOON_WORKING_DAYS)
    return [
        Bucket("overdue", "Overdue", Q(due_on__lt=scope.today), alert=True),
        Bucket(
            "soon", f"Due in the next {SOON_WORKING_DAYS} working days", Q(due_on__gte=scope.today, due_on__lte=soon)
        ),
        Bucket("later", "Due later", Q(due_on__gt=soon) | Q(due_on__isnull=True)),
    ]


def open_remedial_actions(scope: Scope) -> QuerySet[RemedialAction]:
    """Open actions of screenings still conditional on them (once escalated or reopened they are moot)."""
    return RemedialAction.objects.open().filter(
        screening__in=screenings(scope).filter(status=ScreeningStatus.CONDITIONAL)
    )


def overdue_remedial_actions(scope: Scope) -> QuerySet[RemedialAction]:
    return open_remedial_actions(scope).filter(_overdue(scope))


def residual_high() -> Q:
    """Assessments with a risk still high once its measures are in place: as ``residual_level`` has it,
    the lowest residual any of its measures reaches, or the risk itself where it has no measure."""
    measures = Measure.objects.filter(risk=OuterRef("pk"))
    lower = measures.filter(residual_risk__in=[RiskLevel.LOW, RiskLevel.MEDIUM])
    high = (
        Risk.objects.filter(assessment=OuterRef("pk"))
        .alias(score=F("likelihood") + F("severity"))
        .filter(~Exists(lower) & (Exists(measures) | Q(score__gte=HIGH_SCORE)))
    )
    return Q(Exists(high))


def residual_high_assessments(scope: Scope) -> QuerySet[Assessment]:
    return assessments(scope).filter(residual_high())


def _no_consultation(scope: Scope) -> Q:
    return ~Q(Exists(PriorConsultation.objects.filter(assessment=OuterRef("pk"))))


def without_consultation(scope: Scope) -> QuerySet[Assessment]:
    return residual_high_assessments(scope).filter(_no_consultation(scope))


def _consultation_buckets(scope: Scope) -> list[Bucket]:
    consultations = PriorConsultation.objects.filter(assessment=OuterRef("pk"))
    waiting = consultations.filter(replied_on__isnull=True)
    # The reply is due 8 weeks after sending, or 14 when the ICO extended it.
    late = waiting.filter(
        Q(extended=False, sent_on__lt=scope.today - ICO_REPLY)
        | Q(extended=True, sent_on__lt=scope.today - ICO_REPLY - ICO_EXTENSION)
    )
    return [
        Bucket("none", "No prior consultation with the ICO", ~Q(Exists(consultations)), alert=True),
        Bucket("late", "The ICO's reply is overdue", Q(Exists(late))),
        Bucket("waiting", "Waiting for the ICO's reply", Q(Exists(waiting)) & ~Q(Exists(late))),
        Bucket("replied", "The ICO has replied", Q(Exists(consultations)) & ~Q(Exists(waiting))),
    ]


def _due(screening: Screening) -> Any:
    return screening.due_on or ""


SCREENING_COLUMNS = (
    record_column("Screening"),
    Column("Status", lambda s: s.get_status_display()),
    Column("Outcome", lambda s: OUTCOME_LABELS.get(s.outcome, "")),
    Column("Submitted", lambda s: s.submitted_on or ""),
    Column("DPO response due", _due),
    Column("Decided", lambda s: s.decided_on or ""),
)
ACTION_COLUMNS = (
    record_column("Remedial action"),
    Column("Screening", lambda a: a.screening.reference, lambda a: a.screening.get_absolute_url()),
    Column("Owner", lambda a: str(a.owner)),
    Column("Due", lambda a: a.due_on),
)
ASSESSMENT_COLUMNS = (
    record_column("Assessment"),
    Column("Status", lambda a: a.get_status_display()),
    Column(
        "Prior consultation",
        lambda a: (
            "; ".join(
                str(c) + (f", replied {c.replied_on:%d %B %Y}" if c.replied_on else ", no reply yet")
                for c in a.consultations.all()
            )
            or "None"
        ),
    ),  # fmt: skip
)


SCREENING_STATUS = GroupedFigure(
    key="screenings-by-status",
    title="Screenings by status",
    description="DPIA screenings started in the period, by where they stand now.",
    in_period=True,
    unit="screenings",
    source=screenings,
    where=_started_in_period,
    group_by="status",
    labels=choices(ScreeningStatus.choices, leave_out=[ScreeningStatus.DRAFT]),
    columns=SCREENING_COLUMNS,
    related=("project",),
    order_by=("-created_at", "-pk"),
)
SCREENING_OUTCOME = GroupedFigure(
    key="screenings-by-outcome",
    title="Screening outcomes",
    description="The DPO's outcomes given in the period.",
    in_period=True,
    unit="outcomes",
    source=screenings,
    where=_decided_in_period,
    group_by="outcome",
    labels=OUTCOME_LABELS,
    columns=SCREENING_COLUMNS,
    related=("project",),
    order_by=("-decided_on", "-pk"),
)
DPO_REVIEWS = BucketFigure(
    key="dpo-reviews",
    title="DPO reviews waiting",
    description="Submitted screenings waiting for the DPO's response, due 10 working days after submission.",
    unit="screenings",
    source=screenings,
    where=_awaiting_dpo,
    buckets=_review_buckets,
    columns=SCREENING_COLUMNS,
    related=("project",),
    order_by=("due_on", "pk"),
)
REMEDIAL_ACTIONS = BucketFigure(
    key="remedial-actions",
    title="Remedial actions open",
    description="What must be done for an outcome B to stand; otherwise a full DPIA is needed.",
    unit="actions",
    source=open_remedial_actions,
    buckets=_review_buckets,  # the same clock as the DPO's reviews
    columns=ACTION_COLUMNS,
    related=("screening__project", "owner"),
    order_by=("due_on", "pk"),
)
RESIDUAL_HIGH = BucketFigure(
    key="residual-high-risk",
    title="Assessments with a residual high risk",
    description="Full DPIAs with a risk still high after its measures, by their prior consultation with the ICO "
    "(UK GDPR Article 36; DPA 2018 s.65).",
    unit="assessments",
    source=residual_high_assessments,
    buckets=_consultation_buckets,
    columns=ASSESSMENT_COLUMNS,
    related=("project",),
    prefetch=("consultations",),
)

PANEL = Panel(
    key="dpia",
    title="DPIA screenings and assessments",
    order=10,
    figures=(SCREENING_STATUS, SCREENING_OUTCOME, DPO_REVIEWS, REMEDIAL_ACTIONS, RESIDUAL_HIGH),
)

OVERDUE_REVIEWS = CountFigure(
    key="overdue-dpo-reviews",
    title="DPO reviews overdue",
    description="Screenings past the DPO's 10 working days without a response.",
    unit="screenings",
    source=screenings,
    where=_overdue_review,
    columns=SCREENING_COLUMNS,
    related=("project",),
    order_by=("due_on", "pk"),
)
OVERDUE_ACTIONS = CountFigure(
    key="overdue-remedial-actions",
    title="Remedial actions overdue",
    description="Actions an outcome B rests on, past their due date and not done.",
    unit="actions",
    source=open_remedial_actions,
    where=_overdue,
    columns=ACTION_COLUMNS,
    related=("screening__project", "owner"),
    order_by=("due_on", "pk"),
)
NO_CONSULTATION = CountFigure(
    key="residual-high-without-consultation",
    title="Residual high risks not taken to the ICO",
    description="Assessments with a high risk left after its measures and no prior consultation with the ICO.",
    unit="assessments",
    source=residual_high_assessments,
    where=_no_consultation,
    columns=ASSESSMENT_COLUMNS,
    related=("project",),
    prefetch=("consultations",),
)
