"""Property: over random schedules, dates and holds, a sweep disposes of exactly the records that are
due and not held — none early — and removes their history rows and files, with one tombstone each."""

from __future__ import annotations

import datetime

from django.core.files.storage import default_storage
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ethics.models import Case, CasePaper
from governance.dates import add_months
from retention.models import DisposalRecord, RetentionSchedule
from retention.services import hold_place
from retention.sweep import sweep
from tests.retention.conftest import aware, case_of, paper, paper_schedule


class Rollback(Exception):
    """Ends an example and undoes its rows, so each example starts from the same database."""


schedules = st.fixed_dictionaries(
    {
        "period_value": st.integers(min_value=1, max_value=40),
        "period_unit": st.sampled_from(["days", "months", "months", "years"]),
        "trigger": st.sampled_from(["created", "closed"]),
    }
)
days_ago = st.integers(min_value=0, max_value=4000)
# Month ends matter (31 January plus one month is 28 February), so most sweeps fall on one.
MONTH_ENDS = [datetime.date(2025, 2, 28), datetime.date(2024, 2, 29), datetime.date(2026, 4, 30),
              datetime.date(2025, 6, 30), datetime.date(2025, 9, 30), datetime.date(2026, 11, 30)]  # fmt: skip
todays = st.one_of(
    st.dates(min_value=datetime.date(2024, 1, 1), max_value=datetime.date(2028, 12, 31)),
    st.sampled_from(MONTH_ENDS),
    st.sampled_from(MONTH_ENDS),
)


@st.composite
def worlds(draw: st.DrawFn) -> dict:
    """Schedules, a day to sweep on, cases closed or open, papers and holds. Three dates in four fall
    within a few days of the moment they become due, where an off-by-one or a month end would show."""
    schedule = draw(schedules)
    today = draw(todays)
    unit, value = str(schedule["period_unit"]), int(schedule["period_value"])  # type: ignore[call-overload]
    boundary = (
        today - datetime.timedelta(days=value)
        if unit == "days"
        else add_months(today, -value * (12 if unit == "years" else 1))
    )
    near = st.integers(min_value=-2, max_value=3).map(lambda k: (today - boundary).days - k)
    when = st.one_of(days_ago, near, near, near).filter(lambda ago: ago >= 0)
    return {
        "schedule": schedule,
        "today": today,
        # Three cases: each closed some days ago, or still open.
        "closed": draw(st.lists(st.none() | when, min_size=3, max_size=3)),
        # Papers: uploaded some days ago, on one of the cases.
        "papers": draw(st.lists(st.tuples(when, st.integers(min_value=0, max_value=2)), min_size=1, max_size=8)),
        "held_papers": draw(st.sets(st.integers(min_value=0, max_value=7), max_size=3)),
        "held_cases": draw(st.sets(st.integers(min_value=0, max_value=2), max_size=2)),
    }


def expected_due(schedule: RetentionSchedule, trigger_on: datetime.date | None, today: datetime.date) -> bool:
    return trigger_on is not None and schedule.due_on(trigger_on) <= today


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(world=worlds())
def test_exactly_the_due_unheld_records_are_disposed_of(committee, personas, world):
    try:
        with transaction.atomic():
            _check(committee, personas, world)
            raise Rollback
    except Rollback:
        pass


def _check(committee, personas, world):
    today = world["today"]
    schedule = paper_schedule(personas.dpo, **world["schedule"])
    cases = [case_of(committee, personas.analyst, number=n) for n in range(3)]
    for case, closed in zip(cases, world["closed"], strict=True):
        if closed is not None:
            Case.objects.filter(pk=case.pk).update(closed_at=aware(today - datetime.timedelta(days=closed)))
    papers = [paper(cases[i], today - datetime.timedelta(days=ago), personas.analyst) for ago, i in world["papers"]]
    held = {papers[i].pk for i in world["held_papers"] if i < len(papers)}
    for i in world["held_papers"]:
        if i < len(papers):
            hold_place(actor=personas.dpo, scope="record", reason="litigation", details="Claim",
                       record_type_key="ethics.casepaper", record_id=papers[i].pk)  # fmt: skip
    for i in world["held_cases"]:
        hold_place(
            actor=personas.dpo, scope="project", reason="iopc", details="Investigation", project=cases[i].project
        )
        held |= {p.pk for p in papers if p.case_id == cases[i].pk}

    def trigger(p: CasePaper) -> datetime.date | None:
        if world["schedule"]["trigger"] == "created":
            return p.uploaded_at.date()
        closed = world["closed"][[c.pk for c in cases].index(p.case_id)]
        return None if closed is None else today - datetime.timedelta(days=closed)

    due = {p.pk for p in papers if expected_due(schedule, trigger(p), today) and p.pk not in held}
    files = {p.pk: p.file.name for p in papers}

    report = sweep(today=today)

    remaining = set(CasePaper.objects.filter(pk__in=files).values_list("pk", flat=True))
    assert remaining == set(files) - due
    assert report.counts["deleted"] == len(due)
    assert not CasePaper.history.filter(id__in=due).exists()
    assert all(CasePaper.history.filter(id=pk).exists() for pk in remaining)
    assert {pk for pk in files if not default_storage.exists(files[pk])} == due
    tombstones = list(DisposalRecord.objects.filter(record_type="ethics.casepaper").values_list("record_id", flat=True))
    assert sorted(tombstones) == sorted(due)
    # Nothing goes early: the day before each remaining record's due date, it was not due.
    for p in CasePaper.objects.filter(pk__in=remaining):
        on = trigger(p)
        assert p.pk in held or on is None or schedule.due_on(on) > today
